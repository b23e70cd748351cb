import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { hashApiKey } from '@wuhan/domain';
import { api, credentialFor, scanTable, testDocumentClient } from '@wuhan/testing';
import { describe, expect, inject, it } from 'vitest';

/**
 * Key management's separation (issue 12, defect 7), through the local stack: only an administrator's staff key
 * issues staff keys or revokes another staff member's; every key expires (401 after); rotation keeps the old key
 * working beside the new one until a date; issue, rotate and revoke are in the key's history. Other files issue
 * keys at the same time, so keys are found by id, never by position or count.
 */
const info = inject('stack');
const credentials = inject('credentials');
const admin = credentialFor(credentials, 'staff', (c) => c.scopes?.includes('admin') === true);
const plainStaff = credentialFor(credentials, 'staff', (c) => !c.scopes?.includes('admin'));
const partner = credentialFor(credentials, 'partner');

const unique = () => `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

interface Listed {
  keyId: string;
  expiresAt: string;
  rotatedTo?: string;
  rotatedFrom?: string;
  revokedAt?: string;
}

/** A key as the listing shows it, paging past the keys other files issued meanwhile. */
async function listed(keyId: string): Promise<Listed | undefined> {
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const res = await api(info, admin.key).get(`/v1/keys?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    const found = (res.json.items as Listed[]).find((k) => k.keyId === keyId);
    if (found || !res.json.cursor) return found;
    cursor = res.json.cursor;
  }
  return undefined;
}

/** Moves time for one key: writes its expiry into the past, as if its date had come. */
async function expire(plainKey: string) {
  await testDocumentClient(info).send(
    new UpdateCommand({
      TableName: info.tableName,
      Key: { pk: `APIKEY#${hashApiKey(plainKey)}`, sk: 'APIKEY' },
      UpdateExpression: 'SET expiresAt = :past',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() },
    }),
  );
}

const works = async (key: string) => (await api(info, key).get('/v1/nominations')).status;

async function historyTypes(keyId: string): Promise<string[]> {
  const rows = await scanTable(info, (item) => item.pk === `APIKEY#${keyId}` && item.entity === 'history');
  return rows.map((row) => (row.event as { type: string }).type).sort();
}

async function issuePartnerKey(label = `keys ${unique()}`) {
  const issued = await api(info, admin.key).post('/v1/keys', {
    role: 'partner',
    ownerId: partner.ownerId,
    label,
  });
  expect(issued.status).toBe(201);
  return issued.json as { keyId: string; key: string; expiresAt: string };
}

describe('staff keys need an administrator', () => {
  it('a staff key without the admin scope cannot issue a staff key (403, nothing written); an admin can', async () => {
    const label = `staff ${unique()}`;
    const body = { role: 'staff', ownerId: plainStaff.ownerId, label };
    const refused = await api(info, plainStaff.key).post('/v1/keys', body);
    expect(refused.status).toBe(403);
    expect(refused.json.type).toMatch(/\/forbidden$/);
    expect(await scanTable(info, (item) => JSON.stringify(item).includes(label))).toEqual([]);

    const issued = await api(info, admin.key).post('/v1/keys', body);
    expect(issued.status).toBe(201);
    expect(issued.json.scopes).toBeUndefined();
    // The new key is a plain staff key: it works, but cannot mint staff keys in turn.
    expect((await api(info, issued.json.key).get('/v1/keys?limit=1')).status).toBe(200);
    expect((await api(info, issued.json.key).post('/v1/keys', { ...body, label: `${label} 2` })).status).toBe(
      403,
    );
  });

  it('only an administrator revokes another staff member’s key; anyone revokes their own', async () => {
    const ofAdmin = await api(info, admin.key).post('/v1/keys', {
      role: 'staff',
      ownerId: admin.ownerId,
      label: `admin spare ${unique()}`,
    });
    expect(ofAdmin.status).toBe(201);
    expect((await api(info, plainStaff.key).delete(`/v1/keys/${ofAdmin.json.keyId}`)).status).toBe(403);
    expect(await works(ofAdmin.json.key)).toBe(200);

    const own = await api(info, admin.key).post('/v1/keys', {
      role: 'staff',
      ownerId: plainStaff.ownerId,
      label: `own spare ${unique()}`,
    });
    expect((await api(info, plainStaff.key).delete(`/v1/keys/${own.json.keyId}`)).status).toBe(200);
    expect((await api(info, admin.key).delete(`/v1/keys/${ofAdmin.json.keyId}`)).status).toBe(200);
    expect(await works(own.json.key)).toBe(401);
    expect(await works(ofAdmin.json.key)).toBe(401);
  });
});

describe('expiry', () => {
  it('every key has one, a year on, shown on the listing; after it the key gets 401', async () => {
    const issued = await issuePartnerKey();
    const yearOn = Date.now() + 365 * 24 * 3600 * 1000;
    expect(Math.abs(Date.parse(issued.expiresAt) - yearOn)).toBeLessThan(2 * 24 * 3600 * 1000);
    expect((await listed(issued.keyId))?.expiresAt).toBe(issued.expiresAt);
    expect(await works(issued.key)).toBe(200);

    await expire(issued.key);
    const refused = await api(info, issued.key).get('/v1/nominations');
    expect(refused.status).toBe(401);
    expect(refused.json.type).toMatch(/\/unauthorized$/);
    expect(Date.parse((await listed(issued.keyId))?.expiresAt ?? '')).toBeLessThan(Date.now());
  });
});

describe('rotation', () => {
  it('gives a new key; both work until the old one’s date, then only the new one', async () => {
    const old = await issuePartnerKey();
    // Partner keys are any staff member's business: a plain staff key may rotate them.
    const rotated = await api(info, plainStaff.key).post(`/v1/keys/${old.keyId}/rotate`);
    expect(rotated.status).toBe(201);
    expect(rotated.headers['cache-control']).toBe('no-store');
    expect(rotated.json).toMatchObject({ role: 'partner', ownerId: partner.ownerId, rotatedFrom: old.keyId });
    const weekOn = Date.now() + 7 * 24 * 3600 * 1000;
    expect(Math.abs(Date.parse(rotated.json.oldKeyExpiresAt) - weekOn)).toBeLessThan(60 * 60 * 1000);

    expect(await works(old.key)).toBe(200);
    expect(await works(rotated.json.key)).toBe(200);
    expect(await listed(old.keyId)).toMatchObject({
      expiresAt: rotated.json.oldKeyExpiresAt,
      rotatedTo: rotated.json.keyId,
    });

    await expire(old.key);
    expect(await works(old.key)).toBe(401);
    expect(await works(rotated.json.key)).toBe(200);

    expect(await historyTypes(old.keyId)).toEqual(['apikey.issued', 'apikey.rotated']);
    expect(await historyTypes(rotated.json.keyId)).toEqual(['apikey.issued']);
  });

  it('keeps the old key until the date given; a key rotates once (409); a past date is refused (400)', async () => {
    const old = await issuePartnerKey();
    const past = await api(info, admin.key).post(`/v1/keys/${old.keyId}/rotate`, {
      oldKeyExpiresAt: '2020-01-01T00:00:00+08:00',
    });
    expect(past.status).toBe(400);
    expect(past.json.errors.map((e: { field: string }) => e.field)).toContain('body.oldKeyExpiresAt');

    const until = new Date(Date.now() + 2 * 24 * 3600 * 1000).toISOString();
    const rotated = await api(info, admin.key).post(`/v1/keys/${old.keyId}/rotate`, {
      oldKeyExpiresAt: until,
    });
    expect(rotated.status).toBe(201);
    expect(rotated.json.oldKeyExpiresAt).toBe(until);
    expect((await api(info, admin.key).post(`/v1/keys/${old.keyId}/rotate`)).status).toBe(409);
  });

  it('a staff key without the admin scope cannot rotate another staff member’s key', async () => {
    const ofAdmin = await api(info, admin.key).post('/v1/keys', {
      role: 'staff',
      ownerId: admin.ownerId,
      label: `rotate me ${unique()}`,
    });
    expect((await api(info, plainStaff.key).post(`/v1/keys/${ofAdmin.json.keyId}/rotate`)).status).toBe(403);
    expect((await api(info, admin.key).delete(`/v1/keys/${ofAdmin.json.keyId}`)).status).toBe(200);
    expect(await historyTypes(ofAdmin.json.keyId)).toEqual(['apikey.issued', 'apikey.revoked']);
  });
});
