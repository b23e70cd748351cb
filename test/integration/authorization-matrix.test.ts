import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { allOperations, type OperationSpec, routeOf } from '@wuhan/contract';
import { hashApiKey, type Role, roleIds } from '@wuhan/domain';
import type { LocalStack } from '@wuhan/local-stack';
import { api, credentialFor, secondStack, testDocumentClient } from '@wuhan/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * The authorization matrix (issue 12): every operation × every role, plus no key, an unknown key and a revoked
 * key, each answered as the contract's `roles` say. Generated from packages/contract, the same declarations the
 * router enforces, so a new route is in the matrix the day it is declared.
 *
 * A stack of its own (on the shared emulators, without API throttling): the matrix sends hundreds of requests,
 * which on the shared stack would spend the budget other test files need. Requests carry bodies and paths that
 * fail validation after authorization (`{}`, a path id of `x`), so nothing is ever written.
 */
const shared = inject('stack');
let stack: LocalStack;

beforeAll(async () => {
  stack = await secondStack(shared);
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

type Caller = Role | 'no key' | 'unknown key' | 'revoked key' | 'expired key';

/** What the matrix expects: the operation's roles decide; anything past authorization is not 401 or 403. */
function expected(op: OperationSpec, caller: Caller): 'passes' | 401 | 403 {
  if (op.roles === 'public') return 'passes';
  if (caller === 'no key' || caller === 'unknown key' || caller === 'revoked key' || caller === 'expired key')
    return 401;
  return op.roles.includes(caller) ? 'passes' : 403;
}

/** A concrete path for a route template: every parameter `x`, which no id pattern accepts. */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, 'x');

describe('the authorization matrix, generated from the contract', () => {
  it('answers every operation for every caller as its declared roles say, and nothing else', async () => {
    const staff = credentialFor(stack.credentials, 'staff').key;
    const partner = credentialFor(stack.credentials, 'partner');
    const issued = await api(stack.info, staff, { contractFrom: shared.apiUrl }).post('/v1/keys', {
      role: 'partner',
      ownerId: partner.ownerId,
      label: 'matrix: to be revoked',
    });
    expect(issued.status, issued.text).toBe(201);
    const revoked = await api(stack.info, staff, { contractFrom: shared.apiUrl }).delete(
      `/v1/keys/${issued.json.keyId}`,
    );
    expect(revoked.status, revoked.text).toBe(200);

    // A key past its expiry (issue 12, defect 7): issued, then its expiresAt written into the past.
    const lapsed = await api(stack.info, staff, { contractFrom: shared.apiUrl }).post('/v1/keys', {
      role: 'partner',
      ownerId: partner.ownerId,
      label: 'matrix: to expire',
    });
    expect(lapsed.status, lapsed.text).toBe(201);
    await testDocumentClient(stack.info).send(
      new UpdateCommand({
        TableName: stack.info.tableName,
        Key: { pk: `APIKEY#${hashApiKey(lapsed.json.key)}`, sk: 'APIKEY' },
        UpdateExpression: 'SET expiresAt = :past',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() },
      }),
    );

    const keys: Record<Caller, string | undefined> = {
      'no key': undefined,
      'unknown key': `wdt_${'A'.repeat(43)}`,
      'revoked key': issued.json.key as string,
      'expired key': lapsed.json.key as string,
      ...(Object.fromEntries(
        roleIds.map((role) => [role, credentialFor(stack.credentials, role).key]),
      ) as Record<Role, string>),
    };
    const callers = Object.keys(keys) as Caller[];
    const operations = Object.entries(allOperations());
    expect(operations.length).toBeGreaterThan(40);

    const mismatches: string[] = [];
    for (const [key, op] of operations) {
      const { method, path } = routeOf(key);
      await Promise.all(
        callers.map(async (caller) => {
          const client = api(stack.info, keys[caller], { contractFrom: shared.apiUrl });
          const body = method === 'GET' || method === 'DELETE' ? undefined : {};
          const answer = await client.request(method, concrete(path), body);
          const want = expected(op, caller);
          const got = answer.status;
          const ok = want === 'passes' ? got !== 401 && got !== 403 && got < 500 : got === want;
          if (!ok) mismatches.push(`${key} as ${caller}: ${got}, expected ${want}`);
        }),
      );
    }
    expect(mismatches).toEqual([]);
  }, 120_000);
});
