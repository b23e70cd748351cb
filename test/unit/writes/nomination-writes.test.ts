import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type NominationBody, nominationBody } from '@wuhan/contract';
import {
  callerAs,
  givenDistrictCommissioners,
  givenPartnerProfile,
  mockTable,
  sampleNominationBody,
  transactionCosts,
} from '@wuhan/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { nomination } from '../../../bench/nominations.js';
import { nominate } from '../../../services/intake/nominate.js';

const { ddb, reset } = mockTable();

const body: NominationBody = sampleNominationBody;
const commissioner = {
  id: 'com-elh-a',
  role: 'commissioner',
  district: 'east_lake_hitech',
  openProjects: 1,
  name: '赵',
  locale: 'zh-CN',
};

beforeEach(() => {
  reset();
  givenPartnerProfile(ddb);
  givenDistrictCommissioners(ddb, [commissioner]);
});

/**
 * Issue 13, writes per nomination: intake's one transaction, item by item, at the bench's price (2 WRU per
 * started KB of each transactional item, GSI copies apart). Each event is stored once, in its subject's history
 * row, which is also what the relay's stream filter picks up; no second (outbox) row per event.
 */
describe('a nomination’s transaction', () => {
  it.each([
    ['a short nomination', body],
    // The bench's: a real abstract's 600–900 characters, so each event row is between one and two KB.
    ['the bench’s nomination', nominationBody.parse(nomination('run1', 7, ['east_lake_hitech']))],
  ])('%s writes each event once, as its subject’s history row', async (_name, input) => {
    const accepted = await nominate(input, callerAs('partner', 'ptn-hust'));
    const request = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input;
    if (!request) throw new Error('no transaction sent');
    const costs = transactionCosts(request);
    const eventRows = (request.TransactItems ?? []).flatMap((i) => (i.Put?.Item?.event ? [i.Put.Item] : []));
    const eventIds = eventRows.map((row) => (row.event as { id: string }).id);

    if (process.env.SHOW_WRITES) console.table(costs);
    // One event for the new project: its commissioner is in it, emailed from it (no project.assigned row).
    expect(eventRows.map((row) => (row.event as { type: string }).type)).toEqual(['project.nominated']);
    // One row per event: no event id written twice in the transaction, none of them under OUTBOX#.
    expect(new Set(eventIds).size).toBe(eventRows.length);
    for (const row of eventRows)
      expect(row).toMatchObject({
        pk: `PROJECT#${accepted.projectId}`,
        sk: expect.stringMatching(/^EVENT#/),
      });
    expect(costs.filter((c) => c.pk.startsWith('OUTBOX#'))).toEqual([]);
    // Project key, project, recommendation, nomination, commissioner counter, and the event's row.
    expect(costs).toHaveLength(6);
    // The event row is under a KB (events carry no abstract): 2 WRU (4 with project.assigned's row as well).
    const eventUnits = costs.filter((c) => c.entity === 'history').reduce((sum, c) => sum + c.writeUnits, 0);
    expect(eventUnits).toBe(2);
  });
});
