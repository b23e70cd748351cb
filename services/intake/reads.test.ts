import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '@wuhan/aws';
import { NotFoundError } from '@wuhan/domain';
import 'aws-sdk-client-mock-vitest/extend';
import { parseProject, projectsListing, queryListing } from '@wuhan/aws';
import {
  callerAs,
  givenIndexed,
  givenTableItems,
  indexCopy,
  mockTable,
  storedNominationItem,
  storedProjectItem,
  storedRecommendationItem,
} from '@wuhan/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { readNomination } from './read-nominations.js';
import { readProject } from './read-projects.js';

const { ddb, reset } = mockTable();
beforeEach(reset);

describe('reading a nomination', () => {
  beforeEach(() => {
    ddb.on(GetCommand, { Key: keys.nomination('nom_1') }).resolves({
      Item: storedNominationItem({
        id: 'nom_1',
        projectId: 'prj_1',
        submittedBy: 'ptn-a',
        submitterRole: 'partner',
      }),
    });
    ddb
      .on(GetCommand, { Key: keys.project('prj_1') })
      .resolves({ Item: storedProjectItem({ id: 'prj_1', status: 'under_review' }) });
  });

  it('shows its partner the project status', async () => {
    await expect(readNomination('nom_1', callerAs('partner', 'ptn-a'))).resolves.toMatchObject({
      projectStatus: 'under_review',
    });
  });

  it('is visible to staff', async () => {
    await expect(readNomination('nom_1', callerAs('staff', 'stf-1'))).resolves.toMatchObject({ id: 'nom_1' });
  });

  it.each([
    ['another partner', callerAs('partner', 'ptn-b')],
    ['a commissioner', callerAs('commissioner', 'com-1')],
    ['an expert whose id happens to equal the partner’s', callerAs('expert', 'ptn-a')],
  ])('is 404 for %s, as if it did not exist', async (_who, caller) => {
    await expect(readNomination('nom_1', caller)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('reading a project', () => {
  beforeEach(() => {
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'PROJECT#prj_1' } }).resolves({
      Items: [
        { pk: 'PROJECT#prj_1', sk: 'EVENT#evt_1', event: historyEvent('evt_1', 'project.nominated') },
        storedProjectItem({ id: 'prj_1', district: 'wuchang', status: 'nominated', version: 1 }),
        {
          pk: 'PROJECT#prj_1',
          sk: 'REC#ptn-a',
          ...storedRecommendationItem({ projectId: 'prj_1', recommenderId: 'ptn-a', channel: 'university' }),
        },
      ],
    });
  });

  function historyEvent(id: string, type: string) {
    return {
      id,
      type,
      version: 1,
      occurredAt: '2025-03-01T02:00:00.000Z',
      correlationId: 'c-1',
      actor: { role: 'partner', id: 'ptn-a' },
      subject: { kind: 'project', id: 'prj_1' },
      data: { title: '量子' },
    };
  }

  it('gives staff the project, its recommendations and its history, without the version', async () => {
    const detail = await readProject('prj_1', callerAs('staff', 'stf-1'));
    expect(detail.status).toBe('nominated');
    expect(detail.project).not.toHaveProperty('version');
    expect(detail.recommendations).toEqual([
      {
        recommenderId: 'ptn-a',
        channel: 'university',
        nominationId: 'nom_01JABCDEFGHJKMNPQRSTVWXYZ0',
        submittedBy: 'ptn-a',
        recommendedAt: '2025-03-01T02:00:00.000Z',
      },
    ]);
    expect(detail.history).toEqual([
      expect.objectContaining({ type: 'project.nominated', actor: { role: 'partner', id: 'ptn-a' } }),
    ]);
  });

  it("opens to a commissioner of the project's district only", async () => {
    ddb.on(GetCommand, { Key: keys.principal('commissioner', 'com-wc') }).resolves({
      Item: {
        id: 'com-wc',
        role: 'commissioner',
        name: '陈磊',
        locale: 'zh-CN',
        district: 'wuchang',
        openProjects: 1,
      },
    });
    ddb.on(GetCommand, { Key: keys.principal('commissioner', 'com-hs') }).resolves({
      Item: {
        id: 'com-hs',
        role: 'commissioner',
        name: '周敏',
        locale: 'zh-CN',
        district: 'hongshan',
        openProjects: 1,
      },
    });
    await expect(readProject('prj_1', callerAs('commissioner', 'com-wc'))).resolves.toBeDefined();
    await expect(readProject('prj_1', callerAs('commissioner', 'com-hs'))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(readProject('prj_1', callerAs('partner', 'ptn-a'))).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('project listings, always a Query on an index', () => {
  it('picks status, then district, then all projects, and filters the rest', () => {
    expect(projectsListing({ status: 'qualified', district: 'wuchang', stage: 'growth' })).toEqual({
      indexName: 'gsi2',
      partitionAttribute: 'gsi2pk',
      sortAttribute: 'gsi2sk',
      partitionValue: 'PROJECTS#STATUS#qualified',
      filter: {
        expression: '#f0 = :f0 AND #f1 = :f1',
        names: { '#f0': 'district', '#f1': 'stage' },
        values: { ':f0': 'wuchang', ':f1': 'growth' },
      },
    });
    expect(projectsListing({ district: 'wuchang' })).toMatchObject({
      indexName: 'gsi3',
      partitionValue: 'PROJECTS#DISTRICT#wuchang',
    });
    expect(projectsListing({ techField: 'quantum' })).toMatchObject({
      indexName: 'gsi1',
      partitionValue: 'PROJECTS',
      filter: { names: { '#f0': 'techField' } },
    });
  });

  it('fills a filtered page across DynamoDB pages and resumes right after the last item returned', async () => {
    const item = (n: number) => ({
      ...storedProjectItem({ id: `p${n}` }),
      gsi1pk: 'PROJECTS',
      gsi1sk: `p${n}`,
    });
    givenTableItems(ddb, [item(9), item(8), item(7)]);
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [indexCopy(item(9))], LastEvaluatedKey: { x: '1' } })
      .resolvesOnce({ Items: [indexCopy(item(8)), indexCopy(item(7))], LastEvaluatedKey: { x: '2' } });

    const page = await queryListing(projectsListing({ techField: 'quantum' }), 2, undefined, parseProject);

    expect(page.items.map((p) => (p as { id: string }).id)).toEqual(['p9', 'p8']);
    expect(page.next).toEqual({ pk: 'PROJECT#p8', sk: 'PROJECT', gsi1pk: 'PROJECTS', gsi1sk: 'p8' });
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, { IndexName: 'gsi1', ScanIndexForward: false });
  });

  it('has no cursor after the last page', async () => {
    givenIndexed(ddb, [{ ...storedProjectItem({ id: 'p1' }), gsi1pk: 'PROJECTS', gsi1sk: 'p1' }]);
    expect((await queryListing(projectsListing({}), 5, undefined, parseProject)).next).toBeUndefined();
  });
});
