import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { keys, resetConfig } from '@wuhan/aws';
import {
  type Caller,
  ConflictError,
  InvalidTransitionError,
  NotFoundError,
  type OfferRecord,
} from '@wuhan/domain';
import { givenIndexed } from '@wuhan/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { releaseMatch } from './release.js';

const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);

const staffCaller: Caller = {
  principal: { role: 'staff', ownerId: 'stf-li', keyId: 'key_s' },
  correlationId: 'cor-r',
  now: new Date('2026-04-01T02:00:00Z'),
};
const means = {
  demand: 4,
  disruptiveness: 4.5,
  producibility: 3.5,
  plan: 4,
  capability: 4,
  returns: 3.5,
  risk: 3.5,
  overall: 3.86,
};
const offer = (matchId: string, overrides: Partial<OfferRecord> = {}): OfferRecord => ({
  matchId,
  projectId: 'prj_g',
  platformId: `platform-of-${matchId}`,
  platformProfileId: `plt_${matchId}`,
  kind: 'finance',
  stage: 'growth',
  state: 'accepted',
  offeredAt: '2026-03-02T02:00:00.000Z',
  respondBy: '2026-03-12',
  answeredAt: '2026-03-03T02:00:00.000Z',
  means,
  explanation: { ranked: [], excluded: [], parameterVersion: 1 },
  ...overrides,
});
const project = (status: string) => ({
  ...keys.project('prj_g'),
  id: 'prj_g',
  title: '固态储氢装置',
  summary: '常温固态储氢',
  techField: 'hydrogen_energy',
  stage: 'growth',
  leadOrganization: '武汉氢能科技有限公司',
  teamLead: { name: '王强', email: 'wq@example.cn' },
  district: 'hongshan',
  status,
  stageTrlMismatch: false,
  recommendationCount: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-03-03T00:00:00.000Z',
  version: 6,
});

function arrange(options: {
  released: OfferRecord;
  others?: OfferRecord[];
  status?: string;
  listed?: boolean;
}) {
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [options.released, ...(options.others ?? [])] });
  // Staff find the offer on the all-offers listing (gsi2, keys only), then read it strongly consistent.
  const { released } = options;
  const item = {
    ...keys.offer('prj_g', released.matchId),
    ...keys.offerListing(released.platformId, released.matchId),
    ...released,
  };
  givenIndexed(ddb, options.listed === false ? [] : [item], { IndexName: 'gsi2' });
  ddb.on(GetCommand, { Key: keys.project('prj_g') }).resolves({ Item: project(options.status ?? 'matched') });
  ddb.on(TransactWriteCommand).resolves({});
}

type Item = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
const sent = (): Item[] => ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
const eventTypes = (items: Item[]) =>
  items.flatMap((i) =>
    i.Put?.Item?.entity === 'history' ? [(i.Put.Item.event as { type: string }).type] : [],
  );
/** The data of the release's match.released event among the transaction's history rows. */
const releasedData = (items: Item[]) =>
  items.flatMap((i) => {
    const event =
      i.Put?.Item?.entity === 'history' ? (i.Put.Item.event as { type: string; data: object }) : undefined;
    return event?.type === 'match.released' ? [event.data] : [];
  })[0];
const keysOf = (items: Item[], kind: 'Update' | 'ConditionCheck') =>
  items.flatMap((i) => {
    const op = i[kind];
    return op ? [`${op.Key?.pk}|${op.Key?.sk}`] : [];
  });

describe('staff release an accepted match (issue 10 point 4, match_released)', () => {
  beforeEach(() => {
    process.env.TABLE_NAME = 'main';
    resetConfig();
  });

  it("returns the platform's place and moves the project back to qualified when no other offer is accepted", async () => {
    arrange({ released: offer('mat_f'), others: [offer('mat_old', { state: 'declined' })] });
    const released = await releaseMatch('mat_f', '平台场地调整', staffCaller);
    expect(released).toMatchObject({ state: 'released', releaseReason: '平台场地调整' });
    const items = sent();
    expect(keysOf(items, 'Update')).toEqual(
      expect.arrayContaining([
        'PROJECT#prj_g|OFFER#mat_f',
        'PLATFORM#plt_mat_f|PROFILE',
        'PROJECT#prj_g|PROJECT',
      ]),
    );
    const capacity = items.find((i) => i.Update?.Key?.pk === 'PLATFORM#plt_mat_f')?.Update;
    expect(capacity?.ExpressionAttributeValues?.[':minus']).toBe(-1);
    expect(eventTypes(items)).toEqual(expect.arrayContaining(['match.released', 'project.status_changed']));
    // The release names the move it made: the commissioner's one email about it says so (notification's routing).
    expect(releasedData(items)).toMatchObject({ from: 'matched', to: 'qualified' });
  });

  it("keeps a growth project matched while its other offer is accepted, checking that offer's state", async () => {
    arrange({ released: offer('mat_f'), others: [offer('mat_p', { kind: 'landing_park' })] });
    await releaseMatch('mat_f', '融资方撤回', staffCaller);
    const items = sent();
    expect(keysOf(items, 'Update')).not.toContain('PROJECT#prj_g|PROJECT');
    expect(keysOf(items, 'ConditionCheck')).toEqual(['PROJECT#prj_g|OFFER#mat_p']);
    expect(eventTypes(items)).toEqual(['match.released']);
    expect(releasedData(items)).not.toHaveProperty('from');
    expect(releasedData(items)).not.toHaveProperty('to');
  });

  it('refuses an offer that is not accepted (409), writing nothing', async () => {
    arrange({ released: offer('mat_f', { state: 'offered' }) });
    await expect(releaseMatch('mat_f', '误操作', staffCaller)).rejects.toThrow(InvalidTransitionError);
    expect(ddb.commandCalls(TransactWriteCommand)).toEqual([]);
  });

  it('refuses once the project is incubating (409): the match is its history', async () => {
    arrange({ released: offer('mat_f'), status: 'incubating' });
    await expect(releaseMatch('mat_f', '误操作', staffCaller)).rejects.toThrow(ConflictError);
    expect(ddb.commandCalls(TransactWriteCommand)).toEqual([]);
  });

  it('is a 404 for an unknown match', async () => {
    arrange({ released: offer('mat_f'), listed: false });
    await expect(releaseMatch('mat_f', '误操作', staffCaller)).rejects.toThrow(NotFoundError);
  });
});
