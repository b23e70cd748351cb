import { randomUUID } from 'node:crypto';
import type { LocalStack } from '@wuhan/local-stack';
import { api, credentialFor, secondStack } from '@wuhan/testing';
import { functionSpec, topology as product } from '@wuhan/topology';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * Keyless traffic cannot spend the partners' budget (issue 12, defect 6): probing made ~2000 keyless requests
 * turn a partner's requests into 429s, because everyone shared one bucket. A stack of its own (seeded, so its
 * partner key is real) with budgets that do not refill during the test: anonymous 20, keyed 10.
 */
const shared = inject('stack');
const ANONYMOUS_BURST = 20;
const KEYED_BURST = 10;
const ROUTE = '/v1/nominations';

let budgets: LocalStack;
beforeAll(async () => {
  budgets = await secondStack(shared, {
    topology: {
      ...product,
      service: `budgets-${randomUUID().slice(0, 8)}`,
      queues: [],
      functions: [functionSpec('authorizer'), functionSpec('meta'), functionSpec('intake')],
      platforms: [],
    },
    // A refill of one request per 1000 s: the test sees the bursts alone, however slow the machine.
    throttle: { rateLimit: 0.001, burstLimit: KEYED_BURST },
    anonymousThrottle: { rateLimit: 0.001, burstLimit: ANONYMOUS_BURST },
  });
}, 60_000);
afterAll(async () => {
  await budgets?.stop();
});

/** `count` requests, `concurrency` at a time; the statuses, in no particular order. */
async function flood(count: number, headers: () => Record<string, string>, concurrency = 50) {
  const statuses: number[] = [];
  for (let sent = 0; sent < count; sent += concurrency) {
    const batch = Array.from({ length: Math.min(concurrency, count - sent) }, async () => {
      const response = await fetch(`${budgets.info.apiUrl}${ROUTE}`, { headers: headers() });
      await response.arrayBuffer();
      return response.status;
    });
    statuses.push(...(await Promise.all(batch)));
  }
  return statuses;
}

function tally(statuses: readonly number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

describe('budgets: keyless traffic has its own', () => {
  it('2000 keyless requests and 200 made-up keys spend only the anonymous budget; the partner still gets through', async () => {
    const keyless = await flood(2000, () => ({}));
    // The anonymous budget answered (401 problem+json from the route), the rest were refused at the gateway.
    expect(tally(keyless)).toEqual({ 401: ANONYMOUS_BURST, 429: 2000 - ANONYMOUS_BURST });

    const madeUp = await flood(200, () => ({ authorization: `Bearer wk_${randomUUID()}` }), 20);
    expect(tally(madeUp)).toEqual({ 429: 200 });

    const partnerKey = credentialFor(budgets.credentials, 'partner').key;
    const partner = api(budgets.info, partnerKey, { contractFrom: shared.apiUrl });
    const first = await partner.get(ROUTE);
    expect(first.status, first.text).toBe(200);

    // The keyed budget is still a limit of its own: what the partner left of it, and no more.
    const keyed = await flood(KEYED_BURST + 5, () => ({ authorization: `Bearer ${partnerKey}` }), 5);
    expect(tally(keyed)).toEqual({ 200: KEYED_BURST - 1, 429: 6 });
  }, 120_000);
});
