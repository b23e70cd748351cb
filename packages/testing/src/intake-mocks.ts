import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { forgetListedCommissioners, keys, resetConfig } from '@wuhan/aws';
import type { NominationBody } from '@wuhan/contract';
import type { Caller, Principal } from '@wuhan/domain';
import { mockClient } from 'aws-sdk-client-mock';
import { givenIndexed } from './index-mocks.js';

/** Shared fixtures for intake's unit tests: a mocked document client and callers. */
export function mockTable() {
  const ddb = mockClient(DynamoDBDocumentClient);
  mockClient(DynamoDBClient);
  const reset = () => {
    ddb.reset();
    // Anything a test does not set up reads as absent and writes succeed; tests override what they need.
    ddb.on(GetCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(TransactWriteCommand).resolves({});
    process.env.TABLE_NAME = 'main';
    resetConfig();
    forgetListedCommissioners();
  };
  return { ddb, reset };
}

type DocumentStub = ReturnType<typeof mockTable>['ddb'];

/** A nomination of a new project (a university's, in 东湖高新区), as partners post it; unit tests' shared sample. */
export const sampleNominationBody = {
  title: '基于钙钛矿的柔性显示关键材料',
  summary: '研发高效稳定的钙钛矿发光材料。',
  techField: 'future_display',
  stage: 'gestation',
  trl: 8,
  leadOrganization: '华中科技大学',
  teamLead: { name: '李明', email: 'liming@hust.edu.cn' },
  district: 'east_lake_hitech',
} as const satisfies NominationBody;

/** The partner 华中科技大学 (`ptn-hust`), a university, as its profile item reads. */
export function givenPartnerProfile(ddb: DocumentStub, id = 'ptn-hust'): void {
  ddb.on(GetCommand, { Key: keys.principal('partner', id) }).resolves({
    Item: { id, role: 'partner', partnerType: 'university', name: '华中科技大学', locale: 'zh-CN' },
  });
}

export interface CommissionerFixture {
  id: string;
  district: string;
  openProjects: number;
  name?: string;
}

/**
 * A district's commissioners as the table serves them since the GSIs project keys only: gsi1's listing holds
 * their keys, the profiles (and their open-project counters) are read from the table.
 */
export function givenDistrictCommissioners(
  ddb: DocumentStub,
  commissioners: readonly CommissionerFixture[],
): void {
  givenIndexed(
    ddb,
    commissioners.map((c) => ({
      ...keys.principal('commissioner', c.id),
      ...keys.commissionerListing(c.district, c.id),
      role: 'commissioner',
      name: '王',
      locale: 'zh-CN',
      ...c,
    })),
    { IndexName: 'gsi1' },
  );
}

export function callerAs(role: Principal['role'], ownerId: string): Caller {
  return {
    principal: { role, ownerId, keyId: `key_${ownerId}` },
    correlationId: 'corr-test-1',
    now: new Date('2025-03-01T02:00:00Z'),
  };
}

/** What DynamoDB answers when a transaction's item fails its condition or races another transaction. */
export function cancelled(...codes: string[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

export const noSleep = { sleep: async () => {} };

/** A complete stored project item (as the table holds it), overridable field by field. */
export function storedProjectItem(fields: Record<string, unknown> = {}): Record<string, unknown> {
  const id = (fields.id as string | undefined) ?? 'prj_01JABCDEFGHJKMNPQRSTVWXYZ0';
  return {
    pk: `PROJECT#${id}`,
    sk: 'PROJECT',
    entity: 'project',
    id,
    title: '量子精密测量',
    summary: '基于冷原子的量子精密测量。',
    techField: 'quantum',
    stage: 'gestation',
    trl: 2,
    leadOrganization: '武汉大学',
    teamLead: { name: '王芳', email: 'wangfang@whu.edu.cn' },
    district: 'east_lake_hitech',
    status: 'nominated',
    stageTrlMismatch: false,
    recommendationCount: 1,
    createdAt: '2025-03-01T02:00:00.000Z',
    updatedAt: '2025-03-01T02:00:00.000Z',
    version: 1,
    ...fields,
  };
}

/** A complete stored nomination item, overridable field by field. */
export function storedNominationItem(fields: Record<string, unknown> = {}): Record<string, unknown> {
  const { pk: _pk, sk: _sk, entity: _entity, id: _id, status: _status, ...description } = storedProjectItem();
  const {
    stageTrlMismatch: _mismatch,
    recommendationCount: _count,
    createdAt: _created,
    updatedAt: _updated,
    version: _version,
    ...rest
  } = description;
  return {
    entity: 'nomination',
    ...rest,
    id: 'nom_01JABCDEFGHJKMNPQRSTVWXYZ0',
    projectId: 'prj_01JABCDEFGHJKMNPQRSTVWXYZ0',
    submittedBy: 'ptn-a',
    submitterRole: 'partner',
    recommenderId: 'ptn-a',
    channel: 'university',
    submittedAt: '2025-03-01T02:00:00.000Z',
    correlationId: 'corr-test-1',
    ...fields,
  };
}

/** A complete stored recommendation item, overridable field by field. */
export function storedRecommendationItem(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    entity: 'recommendation',
    projectId: 'prj_01JABCDEFGHJKMNPQRSTVWXYZ0',
    recommenderId: 'ptn-a',
    channel: 'university',
    nominationId: 'nom_01JABCDEFGHJKMNPQRSTVWXYZ0',
    submittedBy: 'ptn-a',
    recommendedAt: '2025-03-01T02:00:00.000Z',
    ...fields,
  };
}

/** A complete stored enterprise registry item, overridable field by field. */
export function storedEnterpriseItem(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    entity: 'enterprise',
    creditCode: '91440300708461136T',
    enterpriseName: '武汉柔显科技有限公司',
    projectId: 'prj_01JABCDEFGHJKMNPQRSTVWXYZ0',
    district: 'east_lake_hitech',
    landedOn: '2026-05-20',
    ...fields,
  };
}
