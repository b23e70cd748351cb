import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { keys, type TransactItem } from '@wuhan/aws';
import { ConcurrentUpdateError, ConflictError, InvalidInputError, projectKeyHash } from '@wuhan/domain';
import 'aws-sdk-client-mock-vitest/extend';
import type { NominationBody } from '@wuhan/contract';
import {
  callerAs,
  cancelled,
  givenDistrictCommissioners,
  givenPartnerProfile,
  mockTable,
  noSleep,
  sampleNominationBody,
  storedProjectItem,
  storedRecommendationItem,
} from '@wuhan/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { nominate } from './nominate.js';

const { ddb, reset } = mockTable();

const body: NominationBody = sampleNominationBody;
const hash = projectKeyHash(body.title, body.leadOrganization);
const partner = callerAs('partner', 'ptn-hust');

const commissioners = [
  {
    id: 'com-elh-b',
    role: 'commissioner',
    district: 'east_lake_hitech',
    openProjects: 1,
    name: '王',
    locale: 'zh-CN',
  },
  {
    id: 'com-elh-a',
    role: 'commissioner',
    district: 'east_lake_hitech',
    openProjects: 1,
    name: '赵',
    locale: 'zh-CN',
  },
];

/**
 * The table holds the project's key: a transaction creating the project again fails the key's condition (the
 * creation is tried first, issue 13); any other transaction gets `otherwise`.
 */
function givenKeyRefusesCreation(otherwise: () => unknown = () => ({})) {
  ddb.on(TransactWriteCommand).callsFake(({ TransactItems }: { TransactItems: TransactItem[] }) => {
    const keyAt = TransactItems.findIndex((item) => item.Put?.Item?.pk === keys.projectKey(hash).pk);
    if (keyAt >= 0)
      throw cancelled(...TransactItems.map((_, i) => (i === keyAt ? 'ConditionalCheckFailed' : 'None')));
    return otherwise();
  });
}

function givenExistingProject(recommendationCount = 1) {
  givenKeyRefusesCreation();
  ddb.on(GetCommand, { Key: keys.projectKey(hash) }).resolves({ Item: { projectId: 'prj_existing' } });
  ddb.on(GetCommand, { Key: keys.project('prj_existing') }).resolves({
    Item: storedProjectItem({ id: 'prj_existing', status: 'under_review', recommendationCount, version: 4 }),
  });
}

function sentItems() {
  const calls = ddb.commandCalls(TransactWriteCommand);
  return calls.at(-1)?.args[0].input.TransactItems ?? [];
}

function sentEvents() {
  return sentItems()
    .map((item) => item.Put?.Item)
    .filter((item) => item?.entity === 'history')
    .map((item) => item?.event);
}

beforeEach(() => {
  reset();
  givenPartnerProfile(ddb);
});

describe('nominate: the first nomination of a project', () => {
  it('creates key, project, recommendation, nomination, counter and events in one transaction', async () => {
    givenDistrictCommissioners(ddb, commissioners);

    const accepted = await nominate(body, partner);

    expect(accepted).toMatchObject({ status: 'nominated', recommendations: 1 });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    const items = sentItems();
    expect(items[0]?.Put).toMatchObject({
      Item: { pk: `PROJECTKEY#${hash}`, projectId: accepted.projectId },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(items[1]?.Put?.Item).toMatchObject({
      pk: `PROJECT#${accepted.projectId}`,
      status: 'nominated',
      stageTrlMismatch: true,
      commissionerId: 'com-elh-a',
      gsi2pk: 'PROJECTS#STATUS#nominated',
      gsi3pk: 'PROJECTS#DISTRICT#east_lake_hitech',
    });
    expect(items[2]?.Put?.Item).toMatchObject({ sk: 'REC#ptn-hust', channel: 'university' });
    expect(items[3]?.Put?.Item).toMatchObject({
      pk: `NOMINATION#${accepted.nominationId}`,
      gsi1pk: 'NOMINATIONS#ptn-hust',
      submittedBy: 'ptn-hust',
    });
    // §二(二): the tie on open projects goes to the lower id; the counter moves by an atomic ADD.
    expect(items[4]?.Update).toMatchObject({
      Key: keys.principal('commissioner', 'com-elh-a'),
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':delta': 1 },
    });
    // One event (issue 13): the nomination names the commissioner, who is emailed from it (no project.assigned).
    expect(sentEvents()).toEqual([
      expect.objectContaining({
        type: 'project.nominated',
        correlationId: 'corr-test-1',
        data: expect.objectContaining({ commissionerId: 'com-elh-a', announcesAssignment: true }),
      }),
    ]);
    expect(items).toHaveLength(6);
  });

  it('tells staff when the district has no commissioner', async () => {
    givenDistrictCommissioners(ddb, []);

    await nominate({ ...body, district: 'xinzhou' }, partner);

    expect(sentItems().some((item) => item.Update)).toBe(false);
    // The nomination names no commissioner: notification emails staff from it (no project.unassigned_district).
    expect(sentEvents()).toEqual([expect.objectContaining({ type: 'project.nominated' })]);
    expect(sentEvents()[0]?.data).not.toHaveProperty('commissionerId');
    expect(sentEvents()[0]?.data).toHaveProperty('announcesAssignment', true);
  });

  it('chooses again when another nomination took the commissioner slot first', async () => {
    givenDistrictCommissioners(ddb, commissioners);
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'None', 'None', 'None', 'ConditionalCheckFailed'))
      .resolves({});

    const accepted = await nominate(body, partner, noSleep);

    expect(accepted.recommendations).toBe(1);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
  });
});

describe('nominate: a project that exists', () => {
  it('adds another recommender with an atomic ADD on the count, conditioned only on the project existing', async () => {
    givenExistingProject(1);

    const accepted = await nominate(body, partner);

    expect(accepted).toMatchObject({ projectId: 'prj_existing', status: 'under_review', recommendations: 2 });
    const projectWrite = sentItems().find((item) => item.Update?.Key?.pk === keys.project('prj_existing').pk);
    expect(projectWrite?.Update).toMatchObject({
      UpdateExpression: expect.stringContaining('ADD #count :one'),
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: expect.objectContaining({ '#count': 'recommendationCount' }),
      ExpressionAttributeValues: expect.objectContaining({ ':one': 1 }),
    });
    // No version condition: a concurrent recommendation or status move cannot make this one lose a race.
    expect(JSON.stringify(projectWrite)).not.toMatch(/version|:expected/);
    const recommendationRow = sentItems().find(
      (item) => item.Put?.Item?.sk === keys.recommendation('prj_existing', 'ptn-hust').sk,
    );
    expect(recommendationRow?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(sentItems().some((item) => item.Put?.Item?.pk === `PROJECTKEY#${hash}`)).toBe(false);
    expect(sentEvents()).toEqual([
      expect.objectContaining({
        type: 'project.recommended',
        data: expect.objectContaining({ recommendations: 2, channel: 'university' }),
      }),
    ]);
  });

  it('answers with the stored count when others recommended at the same moment', async () => {
    givenKeyRefusesCreation();
    ddb.on(GetCommand, { Key: keys.projectKey(hash) }).resolves({ Item: { projectId: 'prj_existing' } });
    const stored = (recommendationCount: number) => ({
      Item: storedProjectItem({ id: 'prj_existing', status: 'nominated', recommendationCount, version: 1 }),
    });
    // Read 3 before the commit; by the time it is committed, two others have been added too.
    ddb
      .on(GetCommand, { Key: keys.project('prj_existing') })
      .resolvesOnce(stored(3))
      .resolves(stored(6));

    const accepted = await nominate(body, partner);

    expect(accepted.recommendations).toBe(6);
    expect(sentEvents()).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ recommendations: 4 }) }),
    ]);
  });

  it('a recommendation that lost to its own duplicate re-reads and is refused as the 409 of a duplicate', async () => {
    givenExistingProject();
    // The first read sees no recommendation; the duplicate commits first, so the row's condition fails.
    ddb
      .on(GetCommand, { Key: keys.recommendation('prj_existing', 'ptn-hust') })
      .resolvesOnce({})
      .resolves({
        Item: storedRecommendationItem({
          projectId: 'prj_existing',
          nominationId: 'nom_first',
          recommenderId: 'ptn-hust',
        }),
      });
    givenKeyRefusesCreation(() => {
      throw cancelled('None', 'ConditionalCheckFailed', 'None');
    });

    const error = await nominate(body, partner, noSleep).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConflictError);
    // The creation the key refused, then the one recommendation its row's condition refused.
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
  });

  it('refuses the same partner again with the existing ids, writing nothing', async () => {
    givenExistingProject();
    ddb.on(GetCommand, { Key: keys.recommendation('prj_existing', 'ptn-hust') }).resolves({
      Item: storedRecommendationItem({
        projectId: 'prj_existing',
        nominationId: 'nom_first',
        recommenderId: 'ptn-hust',
      }),
    });

    const error = await nominate(body, partner).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).details).toEqual({
      nominationId: 'nom_first',
      projectId: 'prj_existing',
    });
    // Only the creation attempt, which the key refused: nothing was written.
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    expect(
      ddb
        .commandCalls(TransactWriteCommand)[0]
        ?.args[0].input.TransactItems?.some((item) => item.Put?.Item?.pk === keys.projectKey(hash).pk),
    ).toBe(true);
  });

  it('a loser of the creation race re-reads and becomes a recommendation', async () => {
    givenDistrictCommissioners(ddb, commissioners);
    // Lost at the commit: the key the winner wrote refuses this creation (the key is not read before it).
    ddb.on(GetCommand, { Key: keys.projectKey(hash) }).resolves({ Item: { projectId: 'prj_existing' } });
    ddb.on(GetCommand, { Key: keys.project('prj_existing') }).resolves({
      Item: storedProjectItem({
        id: 'prj_existing',
        status: 'nominated',
        recommendationCount: 1,
        version: 1,
      }),
    });
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('ConditionalCheckFailed')).resolves({});

    const accepted = await nominate(body, partner, noSleep);

    expect(accepted).toMatchObject({ projectId: 'prj_existing', recommendations: 2 });
    expect(sentEvents().map((e) => e?.type)).toEqual(['project.recommended']);
  });

  it('gives up with a transient concurrent-update (503, not the 409 of a duplicate) after losing every round', async () => {
    givenExistingProject();
    ddb.on(TransactWriteCommand).rejects(cancelled('TransactionConflict'));

    await expect(nominate(body, partner, { attempts: 3, ...noSleep })).rejects.toBeInstanceOf(
      ConcurrentUpdateError,
    );
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 3);
  });
});

describe('nominate: channels (§二(三))', () => {
  it('requires staff to name the channel they post for', async () => {
    const error = await nominate(body, callerAs('staff', 'stf-1')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe('body.sourceChannel');
  });

  it('refuses a channel from a partner, whose channel is its own type', async () => {
    await expect(nominate({ ...body, sourceChannel: 'public_call' }, partner)).rejects.toMatchObject({
      field: 'body.sourceChannel',
    });
  });

  it('records staff nominations under the channel, so two staff members are one recommender', async () => {
    givenDistrictCommissioners(ddb, commissioners);
    await nominate({ ...body, sourceChannel: 'competition' }, callerAs('staff', 'stf-1'));
    expect(sentItems()[2]?.Put?.Item).toMatchObject({
      sk: 'REC#channel-competition',
      channel: 'competition',
    });
    expect(sentItems()[3]?.Put?.Item).toMatchObject({ gsi1pk: 'NOMINATIONS#stf-1', submitterRole: 'staff' });
  });
});
