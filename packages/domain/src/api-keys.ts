import { createHash, randomBytes } from 'node:crypto';
import type { Role } from './vocabulary.js';

/** 256 random bits, base64url, behind a recognisable prefix (so a leaked key is easy to find in a scan). */
export function generateApiKey(): string {
  return `wdt_${randomBytes(32).toString('base64url')}`;
}

/** Keys are stored only as this hash; a stolen table holds nothing that authenticates. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export const apiKeyPattern = /^wdt_[A-Za-z0-9_-]{43}$/;

/** Who is calling, as the authorizer resolved it from the key. */
export interface Principal {
  role: Role;
  ownerId: string;
  keyId: string;
}
