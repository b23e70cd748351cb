import { generateApiKey, type Principal } from '@wuhan/domain';
import { describe, expect, it, vi } from 'vitest';
import { resolvePrincipal } from './resolve-principal.js';

const principal: Principal = { role: 'partner', ownerId: 'ptn-whu', keyId: 'key_1' };

describe('resolvePrincipal', () => {
  it('resolves a known key to its principal', async () => {
    const key = generateApiKey();
    const lookup = vi.fn(async (k: string) => (k === key ? principal : undefined));
    expect(await resolvePrincipal(`Bearer ${key}`, lookup)).toEqual({ principal });
  });

  it('says why there is no principal, without a lookup for garbage', async () => {
    const lookup = vi.fn(async () => principal);
    expect(await resolvePrincipal(undefined, lookup)).toEqual({ anonymous: 'missing' });
    expect(await resolvePrincipal('Basic abc', lookup)).toEqual({ anonymous: 'malformed' });
    expect(await resolvePrincipal('Bearer not-a-key', lookup)).toEqual({ anonymous: 'malformed' });
    expect(lookup).not.toHaveBeenCalled();
  });

  it('treats an unknown or revoked key as anonymous', async () => {
    expect(await resolvePrincipal(`Bearer ${generateApiKey()}`, async () => undefined)).toEqual({
      anonymous: 'unknown_or_revoked',
    });
  });
});
