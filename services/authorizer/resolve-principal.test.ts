import type { KeyLookup } from '@wuhan/aws';
import { generateApiKey, type Principal } from '@wuhan/domain';
import { describe, expect, it, vi } from 'vitest';
import { contextOf, resolvePrincipal } from './resolve-principal.js';

const principal: Principal = { role: 'partner', ownerId: 'ptn-whu', keyId: 'key_1' };

describe('resolvePrincipal', () => {
  it('resolves a known key to its principal', async () => {
    const key = generateApiKey();
    const lookup = vi.fn(
      async (k: string): Promise<KeyLookup> => (k === key ? { principal } : { refused: 'unknown' }),
    );
    expect(await resolvePrincipal(`Bearer ${key}`, lookup)).toEqual({ principal });
  });

  it('says why there is no principal, without a lookup for garbage', async () => {
    const lookup = vi.fn(async (): Promise<KeyLookup> => ({ principal }));
    expect(await resolvePrincipal(undefined, lookup)).toEqual({ anonymous: 'missing' });
    expect(await resolvePrincipal('Basic abc', lookup)).toEqual({ anonymous: 'malformed' });
    expect(await resolvePrincipal('Bearer not-a-key', lookup)).toEqual({ anonymous: 'malformed' });
    expect(lookup).not.toHaveBeenCalled();
  });

  it.each([
    ['unknown', 'unknown_or_revoked'],
    ['revoked', 'unknown_or_revoked'],
    ['expired', 'expired'],
  ] as const)('treats a %s key as anonymous (%s)', async (refused, reason) => {
    expect(await resolvePrincipal(`Bearer ${generateApiKey()}`, async () => ({ refused }))).toEqual({
      anonymous: reason,
    });
  });
});

describe('contextOf', () => {
  it('carries the scopes as one string, since API Gateway passes no arrays', () => {
    expect(contextOf({ ...principal, role: 'staff', scopes: ['admin'] })).toEqual({
      role: 'staff',
      ownerId: 'ptn-whu',
      keyId: 'key_1',
      scopes: 'admin',
    });
    expect(contextOf(principal).scopes).toBe('');
  });
});
