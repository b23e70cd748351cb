import { apiKeyPattern, type Principal } from '@wuhan/domain';

export type Resolution =
  | { principal: Principal }
  | { anonymous: 'missing' | 'malformed' | 'unknown_or_revoked' };

/**
 * Resolves `Authorization: Bearer <key>` to the key's principal. Lookup is by the key's SHA-256 only; the key is
 * checked against its shape first so garbage never costs a table read.
 */
export async function resolvePrincipal(
  authorization: string | undefined,
  lookup: (key: string) => Promise<Principal | undefined>,
): Promise<Resolution> {
  if (!authorization) return { anonymous: 'missing' };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  const key = match?.[1];
  if (!key || !apiKeyPattern.test(key)) return { anonymous: 'malformed' };
  const principal = await lookup(key);
  return principal ? { principal } : { anonymous: 'unknown_or_revoked' };
}
