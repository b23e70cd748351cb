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

/**
 * What a key may do beyond its role. `admin` (staff keys only): issue staff keys, and rotate and revoke other staff
 * members' keys. Without it a staff key manages the other roles' keys and its owner's own keys only, so one
 * leaked staff key cannot mint more staff keys or lock the other staff out.
 */
export const apiKeyScopes = ['admin'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

/** Who is calling, as the authorizer resolved it from the key. */
export interface Principal {
  role: Role;
  ownerId: string;
  keyId: string;
  /** The key's scopes; absent means none. */
  scopes?: readonly ApiKeyScope[];
}

export const isAdmin = (principal: Principal): boolean =>
  principal.role === 'staff' && (principal.scopes ?? []).includes('admin');

/** How long a new key works unless rotated or revoked sooner. */
export const KEY_LIFETIME_YEARS = 1;
/** How long a rotated key keeps working beside its replacement unless the caller names another date. */
export const ROTATION_OVERLAP_DAYS = 7;

/** A new key's expiry: one calendar year on (29 February rolls to 1 March). */
export function defaultKeyExpiry(now: Date): Date {
  const expiry = new Date(now);
  expiry.setUTCFullYear(expiry.getUTCFullYear() + KEY_LIFETIME_YEARS);
  return expiry;
}

export function defaultRotationOverlapEnd(now: Date): Date {
  return new Date(now.getTime() + ROTATION_OVERLAP_DAYS * 24 * 60 * 60 * 1000);
}

export type KeyState = 'active' | 'revoked' | 'expired';

/** A key is refused from the instant of its expiry on; a revocation wins over an expiry. */
export function keyState(key: { revokedAt?: string; expiresAt: string }, now: Date): KeyState {
  if (key.revokedAt) return 'revoked';
  return Date.parse(key.expiresAt) <= now.getTime() ? 'expired' : 'active';
}

export type KeyAction = 'issue' | 'revoke' | 'rotate';

/**
 * Whether `principal` may issue, revoke or rotate a key of `target` (a role and owner), or why not. Staff keys are
 * the administrators' business, except that a staff member may revoke or rotate their own keys (giving up or
 * renewing what they hold grants nothing new). Every other role's keys are any staff member's business.
 */
export function keyManagementRefusal(
  principal: Principal,
  action: KeyAction,
  target: { role: Role; ownerId: string },
): string | undefined {
  if (principal.role !== 'staff') return `The ${principal.role} role may not manage API keys`;
  if (target.role !== 'staff' || isAdmin(principal)) return undefined;
  if (action !== 'issue' && target.ownerId === principal.ownerId) return undefined;
  return action === 'issue'
    ? 'Only an administrator may issue staff keys'
    : `Only an administrator may ${action} another staff member's keys`;
}
