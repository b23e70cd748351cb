import { keys, TransactionRejected } from '@wuhan/aws';
import { keysOperations } from '@wuhan/contract';
import { decodeCursor, encodeCursor, httpRouter } from '@wuhan/middleware';
import { issueKey, listKeys, revokeKey, rotateKey } from './manage-keys.js';

/** The key is shown once: a retry with the same Idempotency-Key gets the record without it. */
const withoutSecret = (body: unknown) => {
  const { key: _secret, ...record } = body as { key?: string };
  return { ...record, keyShownOnce: true };
};

export const handler = httpRouter(keysOperations, {
  'POST /v1/keys': {
    handle: async ({ body, principal, correlationId, now }) => ({
      status: 201,
      body: await issueKey(body, { principal, correlationId, now }),
      headers: { 'cache-control': 'no-store' },
    }),
    redactForReplay: withoutSecret,
  },
  'POST /v1/keys/{keyId}/rotate': {
    handle: async ({ params, body, principal, correlationId, now }) => ({
      status: 201,
      body: await rotateKey(params.keyId, body, { principal, correlationId, now }),
      headers: { 'cache-control': 'no-store' },
    }),
    redactForReplay: withoutSecret,
  },
  'GET /v1/keys': async ({ query }) => {
    const page = await listKeys(query.limit, decodeCursor(query.cursor, { gsi1pk: keys.apiKeysPartition }));
    return { status: 200, body: { items: page.items, cursor: encodeCursor(page.next) } };
  },
  'DELETE /v1/keys/{keyId}': async ({ params, principal, correlationId, now }) => {
    try {
      return { status: 200, body: await revokeKey(params.keyId, { principal, correlationId, now }) };
    } catch (error) {
      // Two revocations at once: the loser's condition fails; the key is revoked either way.
      if (error instanceof TransactionRejected && error.onlyConditions) {
        return { status: 200, body: await revokeKey(params.keyId, { principal, correlationId, now }) };
      }
      throw error;
    }
  },
});
