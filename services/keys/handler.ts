import { keys, TransactionRejected } from '@wuhan/aws';
import { decodeCursor, encodeCursor, httpRouter, route } from '@wuhan/middleware';
import { keysApi } from './api.js';
import { issueKey, listKeys, revokeKey } from './manage-keys.js';

const api = keysApi;

export const handler = httpRouter({
  'POST /v1/keys': route({
    roles: ['staff'],
    body: api['POST /v1/keys'].body,
    handle: async ({ body, principal, correlationId, now }) => ({
      status: 201,
      body: await issueKey(body, { principal, correlationId, now }),
      headers: { 'cache-control': 'no-store' },
    }),
    // The key is shown once: a retry with the same Idempotency-Key gets the record without it.
    redactForReplay: (body) => {
      const { key: _secret, ...record } = body as { key?: string };
      return { ...record, keyShownOnce: true };
    },
  }),
  'GET /v1/keys': route({
    roles: ['staff'],
    query: api['GET /v1/keys'].query,
    handle: async ({ query }) => {
      const page = await listKeys(query.limit, decodeCursor(query.cursor, { gsi1pk: keys.apiKeysPartition }));
      return { status: 200, body: { items: page.items, cursor: encodeCursor(page.next) } };
    },
  }),
  'DELETE /v1/keys/{keyId}': route({
    roles: ['staff'],
    params: api['DELETE /v1/keys/{keyId}'].params,
    handle: async ({ params, principal, correlationId, now }) => {
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
  }),
});
