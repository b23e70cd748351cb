import { describe, expect, it } from 'vitest';
import {
  defaultKeyExpiry,
  defaultRotationOverlapEnd,
  isAdmin,
  keyManagementRefusal,
  keyState,
  type Principal,
} from './api-keys.js';

const admin: Principal = { role: 'staff', ownerId: 'stf-admin', keyId: 'key_a', scopes: ['admin'] };
const staff: Principal = { role: 'staff', ownerId: 'stf-plain', keyId: 'key_s' };
const partner: Principal = { role: 'partner', ownerId: 'ptn-1', keyId: 'key_p' };

describe('keyManagementRefusal', () => {
  it('lets only an administrator issue a staff key', () => {
    expect(keyManagementRefusal(admin, 'issue', { role: 'staff', ownerId: 'stf-new' })).toBeUndefined();
    expect(keyManagementRefusal(staff, 'issue', { role: 'staff', ownerId: 'stf-new' })).toMatch(
      /administrator/,
    );
    // Not even for themselves: a second key of one's own is still a new staff key.
    expect(keyManagementRefusal(staff, 'issue', { role: 'staff', ownerId: staff.ownerId })).toMatch(
      /administrator/,
    );
  });

  it.each(['revoke', 'rotate'] as const)(
    'lets a staff member %s their own keys, and only an administrator another staff member’s',
    (action) => {
      expect(keyManagementRefusal(staff, action, { role: 'staff', ownerId: staff.ownerId })).toBeUndefined();
      expect(keyManagementRefusal(staff, action, { role: 'staff', ownerId: 'stf-other' })).toMatch(
        /administrator/,
      );
      expect(keyManagementRefusal(admin, action, { role: 'staff', ownerId: 'stf-other' })).toBeUndefined();
    },
  );

  it.each(['issue', 'revoke', 'rotate'] as const)('lets any staff member %s other roles’ keys', (action) => {
    expect(keyManagementRefusal(staff, action, { role: 'partner', ownerId: 'ptn-1' })).toBeUndefined();
    expect(keyManagementRefusal(staff, action, { role: 'expert', ownerId: 'exp-1' })).toBeUndefined();
  });

  it('refuses every other role, even for its own key', () => {
    expect(keyManagementRefusal(partner, 'rotate', { role: 'partner', ownerId: partner.ownerId })).toMatch(
      /partner role/,
    );
  });

  it('gives the admin scope weight on staff keys only', () => {
    expect(isAdmin(admin)).toBe(true);
    expect(isAdmin(staff)).toBe(false);
    expect(isAdmin({ ...partner, scopes: ['admin'] })).toBe(false);
  });
});

describe('key lifetime', () => {
  const now = new Date('2026-03-01T04:00:00.000Z');

  it('expires a new key a calendar year on, and a rotated one a week on', () => {
    expect(defaultKeyExpiry(now).toISOString()).toBe('2027-03-01T04:00:00.000Z');
    expect(defaultRotationOverlapEnd(now).toISOString()).toBe('2026-03-08T04:00:00.000Z');
  });

  it('refuses a key from the instant of its expiry; a revocation wins', () => {
    const expiresAt = '2026-03-01T04:00:00.000Z';
    expect(keyState({ expiresAt }, new Date('2026-03-01T03:59:59.999Z'))).toBe('active');
    expect(keyState({ expiresAt }, now)).toBe('expired');
    expect(keyState({ expiresAt, revokedAt: '2026-02-01T00:00:00.000Z' }, now)).toBe('revoked');
  });
});
