import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { keys, type TransactItem } from '@wuhan/aws';
import {
  givenDistrictCommissioners,
  givenPartnerProfile,
  httpEvent,
  itemBytes,
  mockTable,
  transactionalWru,
} from '@wuhan/testing';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { nomination } from '../../../bench/nominations.js';
import { handler } from '../../../services/intake/handler.js';

/**
 * Issue 13, write units: intake's one transaction for a new project, as the bench POSTs it (a partner, an
 * Idempotency-Key, its Chinese titles and 600–900 character abstracts), item by item at DynamoDB's price for a
 * transactional write: 2 WRU per started KB of each item. Each item has a budget by name, so a change that grows
 * one past its KB fails here naming it, before the bench shows 2 WRU more per nomination.
 */
const { ddb, reset } = mockTable();
const context = { functionName: 'intake', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const district = 'east_lake_hitech';
/** Like the bench's run id (`Date.now().toString(36).toUpperCase()`), which appears in titles and emails. */
const runId = 'MIKD2X5Q';
/** The bench's N: every one of its nominations is checked, since titles, abstracts and names vary with i. */
const BENCH_N = 500;

function post(i: number) {
  const path = '/v1/nominations';
  return handler(
    httpEvent({
      method: 'POST',
      path,
      headers: { 'idempotency-key': `bench-${runId}-${i}` },
      body: nomination(runId, i, [district]),
      authorizer: { role: 'partner', ownerId: 'ptn-hust', keyId: 'key_1' },
    }),
    context,
  );
}

/** What an item of the transaction is, by its key and content (never by its position). */
function nameOf(item: TransactItem): string {
  if (item.Update) {
    const pk = String(item.Update.Key?.pk);
    return pk.startsWith(keys.principal('commissioner', '').pk) ? 'commissioner counter' : `update ${pk}`;
  }
  const row = item.Put?.Item ?? {};
  const entity = String(row.entity);
  if (entity === 'history') return `event ${(row.event as { type?: string } | undefined)?.type}`;
  // project, recommendation and nomination are named by their entity.
  return { projectKey: 'project key', idempotency: 'idempotency record' }[entity] ?? entity;
}

/** Bytes as DynamoDB bills them; an update's item is the stored commissioner profile (well under a KB). */
function costs(items: TransactItem[]): Map<string, { bytes: number; wru: number }> {
  return new Map(
    items.map((item) => {
      const stored = item.Put?.Item;
      return [
        nameOf(item),
        stored ? { bytes: itemBytes(stored), wru: transactionalWru(stored) } : { bytes: 0, wru: 2 },
      ];
    }),
  );
}

/** Per item: the KB it may start (2 WRU each). The project holds the abstract, gzip'd; the rest are small. */
const budget: Record<string, number> = {
  'project key': 2,
  project: 4,
  recommendation: 2,
  nomination: 2,
  'commissioner counter': 2,
  'event project.nominated': 2,
  'idempotency record': 2,
};

describe("a bench nomination's transaction", () => {
  it(`every one of the bench's ${BENCH_N} nominations: each item within its budget, ≤ 16 WRU in all`, async () => {
    const largest = new Map<string, number>();
    for (let i = 0; i < BENCH_N; i++) {
      reset();
      givenPartnerProfile(ddb);
      givenDistrictCommissioners(ddb, [
        { id: 'com-elh-a', district, openProjects: 1 },
        { id: 'com-elh-b', district, openProjects: 2 },
      ]);
      const answer = await post(i);
      expect(answer.statusCode).toBe(202);
      const sent = ddb.commandCalls(TransactWriteCommand);
      expect(sent).toHaveLength(1);
      const items = costs(sent[0]?.args[0].input.TransactItems ?? []);

      expect([...items.keys()].sort()).toEqual(Object.keys(budget).sort());
      for (const [name, { bytes, wru }] of items) {
        expect(wru, `${name} of nomination ${i}: ${bytes} bytes`).toBeLessThanOrEqual(budget[name] ?? 0);
        largest.set(name, Math.max(largest.get(name) ?? 0, bytes));
      }
      expect([...items.values()].reduce((sum, c) => sum + c.wru, 0)).toBeLessThanOrEqual(16);
    }
    if (process.env.SHOW_WRITES) console.table(Object.fromEntries(largest));
    // The lever: the abstract (1.7–1.8 KB of UTF-8) is stored gzip'd, keeping the project within 2 KB.
    expect(largest.get('project')).toBeLessThan(2048);
  });
});
