import { roleIds } from '@wuhan/domain';
import { z } from 'zod';
import { pageOf, pageQuery } from './common.js';
import { defineOperations } from './operation.js';

const keyId = z.string().regex(/^key_[0-9A-HJKMNP-TV-Z]{26}$/, 'Not a key id');

export const issueKeyBody = z.strictObject({
  role: z.enum(roleIds),
  ownerId: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9._-]+$/, 'Letters, digits, dot, dash, underscore'),
  label: z.string().trim().min(1).max(200),
});

export const keyRecord = z.object({
  keyId,
  role: z.enum(roleIds),
  ownerId: z.string(),
  label: z.string(),
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  revokedAt: z.iso.datetime().optional(),
  revokedBy: z.string().optional(),
});

export const issuedKey = keyRecord.extend({
  key: z
    .string()
    .optional()
    .describe('The API key itself. Shown once: only its SHA-256 is stored, and a replay does not repeat it.'),
  keyShownOnce: z
    .literal(true)
    .optional()
    .describe('Set on a replay under the same Idempotency-Key: the key was in the first answer only.'),
});

export const keyPath = z.strictObject({ keyId });

export const listKeysQuery = pageQuery;

export const keysOperations = defineOperations({
  'POST /v1/keys': {
    operationId: 'issueKey',
    roles: ['staff'],
    summary: 'Issue an API key (staff). The key is in this response only.',
    tags: ['keys'],
    body: issueKeyBody,
    idempotent: true,
    examples: { partner: { role: 'partner', ownerId: 'ptn-whu', label: '武汉大学科研院 对接系统' } },
    responses: { '201': { description: 'Issued', schema: issuedKey } },
  },
  'GET /v1/keys': {
    operationId: 'listKeys',
    roles: ['staff'],
    summary: 'API keys, newest first (staff); never the keys themselves',
    tags: ['keys'],
    query: listKeysQuery,
    responses: {
      '200': {
        description: 'A page of keys',
        schema: pageOf(keyRecord),
      },
    },
  },
  'DELETE /v1/keys/{keyId}': {
    operationId: 'revokeKey',
    roles: ['staff'],
    summary: 'Revoke an API key (staff); revoking twice is harmless',
    tags: ['keys'],
    params: keyPath,
    idempotent: true,
    responses: { '200': { description: 'Revoked', schema: keyRecord } },
  },
});
