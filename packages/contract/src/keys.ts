import { apiKeyScopes, ROTATION_OVERLAP_DAYS, roleIds } from '@wuhan/domain';
import * as z from '@wuhan/domain/zod';
import { pageOf, pageQuery } from './common.js';
import { defineOperations } from './operation.js';

const keyId = z.string().check(z.regex(/^key_[0-9A-HJKMNP-TV-Z]{26}$/, 'Not a key id'));

export const issueKeyBody = z.strictObject({
  role: z.enum(roleIds),
  ownerId: z
    .string()
    .check(
      z.trim(),
      z.minLength(1),
      z.maxLength(100),
      z.regex(/^[A-Za-z0-9._-]+$/, 'Letters, digits, dot, dash, underscore'),
    ),
  label: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  scopes: z
    .optional(z.array(z.enum(apiKeyScopes)).check(z.maxLength(apiKeyScopes.length)))
    .check(
      z.describe(
        '`admin` (staff keys only, issued by an administrator): may issue, rotate and revoke staff keys',
      ),
    ),
});

export const keyRecord = z.object({
  keyId,
  role: z.enum(roleIds),
  ownerId: z.string(),
  label: z.string(),
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  expiresAt: z.iso.datetime().check(z.describe('The key is refused from this instant on (401)')),
  scopes: z.optional(z.array(z.enum(apiKeyScopes))),
  revokedAt: z.optional(z.iso.datetime()),
  revokedBy: z.optional(z.string()),
  rotatedTo: z.optional(keyId).check(z.describe('Set once the key was rotated: its replacement')),
  rotatedFrom: z.optional(keyId).check(z.describe('Set on a key issued by a rotation: the key it replaces')),
});

export const issuedKey = z.extend(keyRecord, {
  key: z
    .optional(z.string())
    .check(
      z.describe(
        'The API key itself. Shown once: only its SHA-256 is stored, and a replay does not repeat it.',
      ),
    ),
  keyShownOnce: z
    .optional(z.literal(true))
    .check(
      z.describe('Set on a replay under the same Idempotency-Key: the key was in the first answer only.'),
    ),
});

export const rotatedKey = z.extend(issuedKey, {
  oldKeyExpiresAt: z.iso.datetime().check(z.describe('Until when the old key (rotatedFrom) keeps working')),
});

export const keyPath = z.strictObject({ keyId });

export const listKeysQuery = pageQuery;

export const rotateKeyBody = z.strictObject({
  oldKeyExpiresAt: z
    .optional(z.iso.datetime({ offset: true }))
    .check(
      z.describe(
        `Until when the old key keeps working beside the new one: in the future, not after its current expiry ` +
          `(default: ${ROTATION_OVERLAP_DAYS} days from now, or its expiry if sooner)`,
      ),
    ),
  label: z
    .optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200)))
    .check(z.describe("The new key's label (default: the old one's)")),
});
export type RotateKeyBody = z.output<typeof rotateKeyBody>;

export const keysOperations = defineOperations({
  'POST /v1/keys': {
    operationId: 'issueKey',
    roles: ['staff'],
    summary:
      'Issue an API key (staff; a staff key needs an administrator). The key is in this response only.',
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
    summary:
      "Revoke an API key (staff; another staff member's key needs an administrator); twice is harmless",
    tags: ['keys'],
    params: keyPath,
    idempotent: true,
    responses: { '200': { description: 'Revoked', schema: keyRecord } },
  },
  'POST /v1/keys/{keyId}/rotate': {
    operationId: 'rotateKey',
    roles: ['staff'],
    summary:
      'Rotate an API key (staff; another staff member’s key needs an administrator): a new key with the same ' +
      'role, owner and scopes; the old one works until oldKeyExpiresAt. The new key is in this response only.',
    tags: ['keys'],
    params: keyPath,
    body: rotateKeyBody,
    idempotent: true,
    problems: ['conflict'],
    examples: { default: {}, dated: { oldKeyExpiresAt: '2026-12-08T00:00:00+08:00' } },
    responses: {
      '201': { description: 'The new key; the old one now expires at oldKeyExpiresAt', schema: rotatedKey },
    },
  },
});
