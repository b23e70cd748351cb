import { api, credentialFor, testDocumentClient } from '@wuhan/testing';
import { describe, expect, inject, it } from 'vitest';
import { bootstrapStaff } from '../../scripts/bootstrap-staff.js';

/**
 * Issue 8, point 7: staff manage profiles over the API; a new profile's key works at once and stops working on
 * deactivation; the admin command bootstraps a staff member whose key works. Every profile here is new (unique
 * names and idempotency keys), so the file shares the stack with the others.
 */
const info = inject('stack');
const credentials = inject('credentials');
const staffKey = credentialFor(credentials, 'staff').key;
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

const expert = {
  name: `集成测试专家 ${run}`,
  email: `expert.${run}@example.wuhan.local`,
  organization: '武汉理工大学',
  sector: 'industry',
  techFields: ['hydrogen_energy'],
};

describe('profiles over the API', () => {
  it('create an expert whose key authenticates at once, and stops at the next request after deactivation', async () => {
    const created = await api(info, staffKey).post('/v1/experts', expert, {
      'idempotency-key': `exp-${run}`,
    });
    expect(created.status).toBe(201);
    expect(created.json.profile).toMatchObject({ role: 'expert', maxOpenReviews: 5, active: true });
    const { apiKey, profile } = created.json;
    // Authenticated (not 401) and refused by role (403): the expert may not read staff preferences.
    expect((await api(info, apiKey).get('/v1/notification-preferences')).status).toBe(403);

    const read = await api(info, staffKey).get(`/v1/experts/${profile.id}`);
    expect(read.status).toBe(200);
    expect(read.json.history.map((e: { type: string }) => e.type)).toContain('profile.created');

    const off = await api(info, staffKey).post(`/v1/experts/${profile.id}/deactivate`, {
      reason: '集成测试',
    });
    expect(off.status).toBe(200);
    expect(off.json.revokedKeyIds).toEqual([created.json.keyId]);
    expect((await api(info, apiKey).get('/v1/notification-preferences')).status).toBe(401);

    // Deactivating twice is harmless; the history holds the deactivation once.
    expect(
      (await api(info, staffKey).post(`/v1/experts/${profile.id}/deactivate`, { reason: '再次' })).status,
    ).toBe(200);
    const after = await api(info, staffKey).get(`/v1/experts/${profile.id}`);
    expect(after.json.profile).toMatchObject({ active: false, deactivationReason: '集成测试' });
    expect(after.json.history.filter((e: { type: string }) => e.type === 'profile.deactivated')).toHaveLength(
      1,
    );
  });

  it('replay the creation under the same Idempotency-Key without the key', async () => {
    const body = { ...expert, name: `重放专家 ${run}` };
    const headers = { 'idempotency-key': `replay-${run}` };
    const first = await api(info, staffKey).post('/v1/experts', body, headers);
    expect(first.status).toBe(201);
    expect(first.json.apiKey).toBeTypeOf('string');
    const replay = await api(info, staffKey).post('/v1/experts', body, headers);
    expect(replay.status).toBe(201);
    expect(replay.json.apiKey).toBeUndefined();
    expect(replay.json).toMatchObject({ keyId: first.json.keyId, apiKeyShownOnce: true });
    expect(replay.text).not.toContain(first.json.apiKey);
  });

  it('refuse a platform whose platformId has no configured queue (422), and a duplicate one (409)', async () => {
    const platform = {
      platformId: `cvc-unknown-${run}`,
      name: '未配置的概念验证中心',
      kind: 'concept_verification_center',
      techFields: 'all',
      capacity: 5,
      district: 'hongshan',
      contactEmail: `cvc.${run}@example.wuhan.local`,
      consumerPrincipal: '123456789012',
    };
    const unknown = await api(info, staffKey).post('/v1/platforms', platform);
    expect(unknown.status).toBe(422);
    expect(unknown.json.detail).toContain('configuration');
    // Every configured platform is seeded with a profile: creating another for the same platformId conflicts.
    const taken = await api(info, staffKey).post('/v1/platforms', { ...platform, platformId: 'cvc-whu' });
    expect(taken.status).toBe(409);
    expect(taken.json.errors[0].field).toBe('body.platformId');
  });

  it('change a commissioner: the change is audited and an unknown field is refused', async () => {
    const created = await api(info, staffKey).post('/v1/commissioners', {
      name: `测试专员 ${run}`,
      email: `com.${run}@example.wuhan.local`,
      district: 'hannan',
    });
    expect(created.status).toBe(201);
    const id = created.json.profile.id;
    const changed = await api(info, staffKey).patch(`/v1/commissioners/${id}`, { phone: '027-1234-5678' });
    expect(changed.status).toBe(200);
    expect(changed.json.profile).toMatchObject({ phone: '027-1234-5678', version: 2, openProjects: 0 });
    const refused = await api(info, staffKey).patch(`/v1/commissioners/${id}`, { openProjects: 9 });
    expect(refused.status).toBe(400);
    expect(refused.json.errors[0].field).toBe('body.openProjects');
    const read = await api(info, staffKey).get(`/v1/commissioners/${id}`);
    const update = read.json.history.find((e: { type: string }) => e.type === 'profile.updated');
    expect(update.data.changes.phone).toEqual({ from: null, to: '027-1234-5678' });
    expect((await api(info, staffKey).get('/v1/commissioners/com_nobody')).status).toBe(404);
  });

  it('list profiles page by page with a cursor', async () => {
    const first = await api(info, staffKey).get('/v1/experts?limit=1');
    expect(first.status).toBe(200);
    expect(first.json.items).toHaveLength(1);
    // The seed has four experts, so a second page exists.
    expect(first.json.cursor).toBeTypeOf('string');
    const second = await api(info, staffKey).get(`/v1/experts?limit=1&cursor=${first.json.cursor}`);
    expect(second.json.items[0].id).not.toBe(first.json.items[0].id);
  });

  it('belong to staff only', async () => {
    const partnerKey = credentialFor(credentials, 'partner').key;
    expect((await api(info, partnerKey).get('/v1/experts')).status).toBe(403);
  });
});

describe('npm run admin -- bootstrap-staff', () => {
  it('creates a staff member whose key works at once (forced: the seeded table already has staff)', async () => {
    const client = testDocumentClient(info);
    await expect(
      bootstrapStaff({
        client,
        tableName: info.tableName,
        name: '引导',
        email: 'b@example.cn',
        language: 'zh-CN',
      }),
    ).rejects.toThrow(/already has an active staff member/);
    const done = await bootstrapStaff({
      client,
      tableName: info.tableName,
      name: `引导管理员 ${run}`,
      // No mailbox: a new staff member with one would get the other test files' staff emails meanwhile.
      language: 'en',
      force: true,
    });
    const listed = await api(info, done.apiKey).get('/v1/keys?limit=1');
    expect(listed.status).toBe(200);
  });
});
