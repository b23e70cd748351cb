import type { KeyLookup } from '@wuhan/aws';
import { apiKeyPattern, type Principal } from '@wuhan/domain';

export type Resolution =
  | { principal: Principal }
  | { anonymous: 'missing' | 'malformed' | 'unknown_or_revoked' | 'expired' };

/**
 * Resolves `Authorization: Bearer <key>` to the key's principal. Lookup is by the key's SHA-256 only; the key is
 * checked against its shape first so garbage never costs a table read. An expired key is told apart in the log
 * (its owner forgot to rotate) but answered like any refused key: 401.
 */
export async function resolvePrincipal(
  authorization: string | undefined,
  lookup: (key: string) => Promise<KeyLookup>,
): Promise<Resolution> {
  if (!authorization) return { anonymous: 'missing' };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  const key = match?.[1];
  if (!key || !apiKeyPattern.test(key)) return { anonymous: 'malformed' };
  const found = await lookup(key);
  if ('principal' in found) return { principal: found.principal };
  return { anonymous: found.refused === 'expired' ? 'expired' : 'unknown_or_revoked' };
}

/**
 * The authorizer's context for a principal. API Gateway passes only strings, numbers and booleans through, so
 * the scopes travel comma-separated (`''` for none); packages/middleware/src/http.ts `principalOf` splits them.
 */
export function contextOf(principal: Principal): {
  role: string;
  ownerId: string;
  keyId: string;
  scopes: string;
} {
  const { role, ownerId, keyId, scopes } = principal;
  return { role, ownerId, keyId, scopes: (scopes ?? []).join(',') };
}
