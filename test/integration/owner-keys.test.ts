import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { apiKeyItem } from '@wuhan/aws';
import { defaultKeyExpiry, generateApiKey, newId } from '@wuhan/domain';
import { api, credentialFor, testDocumentClient } from '@wuhan/testing';
import { describe, expect, inject, it } from 'vitest';

/**
 * Issue 13: the authorizer reads the key alone, so deactivating an owner must revoke every key it has, including
 * one issued a moment before (which the owner's key listing, an eventually consistent index, may not show yet:
 * the owner's key register closes that gap), and no key may be issued after it. Every profile here is new.
 */
const info = inject('stack');
const credentials = inject('credentials');
const admin = credentialFor(credentials, 'staff', (c) => c.scopes?.includes('admin') === true);
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

const works = async (key: string) => (await api(info, key).get('/v1/nominations')).status;

describe("an owner's keys and its deactivation", () => {
  it('revokes the first key, a key issued just before and a rotated one; issues none after', async () => {
    const created = await api(info, admin.key).post('/v1/partners', {
      name: `密钥测试单位 ${run}`,
      partnerType: 'university',
      contactName: '王老师',
      contactEmail: `keys.${run}@example.wuhan.local`,
    });
    expect(created.status).toBe(201);
    const ownerId: string = created.json.profile.id;
    const issued = await api(info, admin.key).post('/v1/keys', {
      role: 'partner',
      ownerId,
      label: `second ${run}`,
    });
    expect(issued.status).toBe(201);
    const rotated = await api(info, admin.key).post(`/v1/keys/${issued.json.keyId}/rotate`, {});
    expect(rotated.status).toBe(201);
    for (const key of [created.json.apiKey, issued.json.key, rotated.json.key])
      expect(await works(key)).toBe(200);

    // At once, before anything else reads the owner's keys.
    const off = await api(info, admin.key).post(`/v1/partners/${ownerId}/deactivate`, { reason: '测试' });

    expect(off.status).toBe(200);
    expect([...off.json.revokedKeyIds].sort()).toEqual(
      [created.json.keyId, issued.json.keyId, rotated.json.keyId].sort(),
    );
    for (const key of [created.json.apiKey, issued.json.key, rotated.json.key])
      expect(await works(key)).toBe(401);
    const late = await api(info, admin.key).post('/v1/keys', {
      role: 'partner',
      ownerId,
      label: `late ${run}`,
    });
    // As before the register: a deactivated owner is a bad ownerId (400, naming the field).
    expect(late.status).toBe(400);
    expect(JSON.stringify(late.json)).toContain('body.ownerId');
  });

  it("refuses a key without the register's mark whose owner is deactivated, though the deactivation missed it", async () => {
    // A key the previous release issued on a stale read of its owner (no register entry, no `revokedWithOwner`),
    // written after the deactivation so the deactivation could not revoke it: only the owner's flag, which the
    // authorizer still reads for such a key, can refuse it. With the one read alone it would be accepted.
    const created = await api(info, admin.key).post('/v1/partners', {
      name: `旧密钥测试单位 ${run}`,
      partnerType: 'university',
      contactName: '李老师',
      contactEmail: `legacy.${run}@example.wuhan.local`,
    });
    expect(created.status).toBe(201);
    const ownerId: string = created.json.profile.id;
    const off = await api(info, admin.key).post(`/v1/partners/${ownerId}/deactivate`, { reason: '测试' });
    expect(off.status).toBe(200);

    const now = new Date();
    const legacy = generateApiKey();
    await testDocumentClient(info).send(
      new PutCommand({
        TableName: info.tableName,
        Item: apiKeyItem(legacy, {
          keyId: newId('key', now),
          role: 'partner',
          ownerId,
          label: `legacy ${run}`,
          createdAt: now.toISOString(),
          createdBy: 'owner-keys.test',
          expiresAt: defaultKeyExpiry(now).toISOString(),
        }),
      }),
    );

    expect(await works(legacy)).toBe(401);
  });
});
