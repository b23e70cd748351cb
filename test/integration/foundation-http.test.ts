import { api, credentialFor, scanTable } from '@wuhan/testing';
import { describe, expect, inject, it } from 'vitest';

/**
 * The foundation's HTTP promises, through the local stack: public health and API description, API keys (issue,
 * list, revoke) and authentication, the edge checks every route shares, and Idempotency-Key on writes.
 */
const info = inject('stack');
const credentials = inject('credentials');
const staffKey = credentialFor(credentials, 'staff').key;
const partner = credentialFor(credentials, 'partner');

const unique = () => `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** Items anywhere in the table that contain `marker`: other files write concurrently, so never compare counts. */
async function itemsMentioning(marker: string) {
  return scanTable(info, (item) => JSON.stringify(item).includes(marker));
}

function nomination(marker: string) {
  return {
    title: `类脑芯片 ${marker}`,
    summary: '基于忆阻器的类脑计算芯片，面向边缘智能。',
    techField: 'brain_science',
    stage: 'sprouting',
    leadOrganization: `武汉大学 ${marker}`,
    teamLead: { name: '李明', email: 'liming@example.cn' },
    district: 'hongshan',
  };
}

describe('public endpoints', () => {
  it('GET /v1/health says only whether the service is up, without a key', async () => {
    const res = await api(info).get('/v1/health');
    expect(res.status).toBe(200);
    // Queue and platform names are for staff (issue 12, defect 9).
    expect(res.json).toEqual({ status: 'ok' });
  });

  it('GET /v1/health/details reports the table and every queue to staff, and to nobody else', async () => {
    const res = await api(info, staffKey).get('/v1/health/details');
    expect(res.status).toBe(200);
    expect(res.json.checks.table).toBe('ok');
    expect(Object.keys(res.json.checks.queues)).toEqual(expect.arrayContaining(Object.keys(info.queues)));
    expect(Object.values(res.json.checks.queues).every((c) => c === 'ok')).toBe(true);
    expect((await api(info).get('/v1/health/details')).status).toBe(401);
  });

  it('GET /v1/openapi.json serves the generated OpenAPI 3.1 document, without a key', async () => {
    const res = await api(info).get('/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe('3.1.0');
    expect(res.json.paths['/v1/nominations'].post.requestBody).toBeDefined();
  });
});

describe('authentication', () => {
  it.each([
    ['no key', undefined],
    ['a malformed key', 'not-a-key'],
    ['an unknown key', `wdt_${'A'.repeat(43)}`],
  ])('answers %s with 401 problem+json and writes nothing', async (_case, key) => {
    const marker = unique();
    const res = await api(info, key).post('/v1/nominations', nomination(marker));
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(res.json.type).toMatch(/\/unauthorized$/);
    expect(await itemsMentioning(marker)).toEqual([]);
  });

  it('echoes the caller’s correlation id, or gives one', async () => {
    const given = await api(info).get('/v1/health', { 'x-correlation-id': 'trace-abc-123' });
    expect(given.headers['x-correlation-id']).toBe('trace-abc-123');
    const made = await api(info).get('/v1/health');
    expect(made.headers['x-correlation-id']).toMatch(/.{8,}/);
  });
});

describe('API keys', () => {
  it('staff issue a key (shown once), it works, it is listed without the secret, and revoked it is refused', async () => {
    const label = `integration ${unique()}`;
    const issued = await api(info, staffKey).post('/v1/keys', {
      role: 'partner',
      ownerId: partner.ownerId,
      label,
    });
    expect(issued.status).toBe(201);
    expect(issued.json.key).toMatch(/^wdt_[A-Za-z0-9_-]{43}$/);
    expect(issued.headers['cache-control']).toBe('no-store');

    expect((await api(info, issued.json.key).get('/v1/nominations')).status).toBe(200);

    const listing = await api(info, staffKey).get('/v1/keys?limit=100');
    expect(listing.status).toBe(200);
    const listed = listing.json.items.find((k: { keyId: string }) => k.keyId === issued.json.keyId);
    expect(listed).toMatchObject({ role: 'partner', ownerId: partner.ownerId, label });
    expect(listing.text).not.toContain(issued.json.key);

    // Only the hash is stored: the key itself appears nowhere in the table.
    expect(await itemsMentioning(issued.json.key)).toEqual([]);

    const revoked = await api(info, staffKey).delete(`/v1/keys/${issued.json.keyId}`);
    expect(revoked.status).toBe(200);
    expect(revoked.json.revokedAt).toBeDefined();
    const again = await api(info, staffKey).delete(`/v1/keys/${issued.json.keyId}`);
    expect(again.json.revokedAt).toBe(revoked.json.revokedAt);

    const refused = await api(info, issued.json.key).get('/v1/nominations');
    expect(refused.status).toBe(401);
    expect(refused.json.type).toMatch(/\/unauthorized$/);
  });

  it('refuses key management to every other role', async () => {
    const res = await api(info, partner.key).post('/v1/keys', {
      role: 'staff',
      ownerId: partner.ownerId,
      label: 'x',
    });
    expect(res.status).toBe(403);
    expect((await api(info, partner.key).get('/v1/keys')).status).toBe(403);
  });

  it('refuses a key for an owner that does not exist, naming the field', async () => {
    const res = await api(info, staffKey).post('/v1/keys', {
      role: 'partner',
      ownerId: 'ptn_nobody',
      label: 'x',
    });
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: { field: string }) => e.field)).toContain('body.ownerId');
  });

  it('answers an unknown key id with 404', async () => {
    const res = await api(info, staffKey).delete('/v1/keys/key_00000000000000000000000000');
    expect(res.status).toBe(404);
  });
});

describe('edge checks shared by every write', () => {
  const partnerApi = () => api(info, partner.key);

  it('malformed JSON → 400 malformed-json, nothing written', async () => {
    const marker = unique();
    const res = await partnerApi().post('/v1/nominations', `{"title": "${marker}",`, {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(400);
    expect(res.json.type).toMatch(/\/malformed-json$/);
    expect(await itemsMentioning(marker)).toEqual([]);
  });

  it('a body that is not JSON → 415, nothing written', async () => {
    const marker = unique();
    const res = await partnerApi().post('/v1/nominations', JSON.stringify(nomination(marker)), {
      'content-type': 'text/plain',
    });
    expect(res.status).toBe(415);
    expect(res.json.type).toMatch(/\/unsupported-media-type$/);
    expect(await itemsMentioning(marker)).toEqual([]);
  });

  it('a body over 256 KB → 413, nothing written', async () => {
    const marker = unique();
    const body = { ...nomination(marker), summary: '颠'.repeat(90_000) };
    const res = await partnerApi().post('/v1/nominations', body);
    expect(res.status).toBe(413);
    expect(res.json.type).toMatch(/\/payload-too-large$/);
    expect(await itemsMentioning(marker)).toEqual([]);
  });
});

describe('Idempotency-Key', () => {
  it('replays the same answer for the same key and body, with one effect', async () => {
    const marker = unique();
    const headers = { 'idempotency-key': unique() };
    const body = nomination(marker);
    const first = await api(info, partner.key).post('/v1/nominations', body, headers);
    const second = await api(info, partner.key).post('/v1/nominations', body, headers);
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.json).toEqual(first.json);
    const nominations = await scanTable(
      info,
      (i) => i.entity === 'nomination' && JSON.stringify(i).includes(marker),
    );
    expect(nominations).toHaveLength(1);
  });

  it('never stores or replays a new API key: a replay gets the record without the secret', async () => {
    const label = `idem ${unique()}`;
    const headers = { 'idempotency-key': unique() };
    const body = { role: 'partner', ownerId: partner.ownerId, label };
    const first = await api(info, staffKey).post('/v1/keys', body, headers);
    const second = await api(info, staffKey).post('/v1/keys', body, headers);
    expect(first.status).toBe(201);
    expect(first.json.key).toMatch(/^wdt_/);
    expect(second.status).toBe(201);
    const { key: _secret, ...record } = first.json;
    expect(second.json).toEqual({ ...record, keyShownOnce: true });
    expect(second.text).not.toContain(first.json.key);
    // Neither the key record nor the idempotency record holds the key itself.
    expect(await itemsMentioning(first.json.key)).toEqual([]);
    const keys = await scanTable(info, (item) => item.entity === 'apikey' && item.label === label);
    expect(keys).toHaveLength(1);
  });

  it('refuses the same key with another body (422)', async () => {
    const headers = { 'idempotency-key': unique() };
    const first = await api(info, staffKey).post(
      '/v1/keys',
      { role: 'partner', ownerId: partner.ownerId, label: `a ${unique()}` },
      headers,
    );
    expect(first.status).toBe(201);
    const other = await api(info, staffKey).post(
      '/v1/keys',
      { role: 'partner', ownerId: partner.ownerId, label: `b ${unique()}` },
      headers,
    );
    expect(other.status).toBe(422);
    expect(other.json.type).toMatch(/\/idempotency-key-reused$/);
  });

  it('has one effect when the same request arrives several times at once', async () => {
    const label = `concurrent ${unique()}`;
    const headers = { 'idempotency-key': unique() };
    const body = { role: 'partner', ownerId: partner.ownerId, label };
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => api(info, staffKey).post('/v1/keys', body, headers)),
    );
    // Each is either the one answer or "still in progress" (409, retry shortly); never a second key.
    for (const a of answers) expect([201, 409]).toContain(a.status);
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => a.json.keyId)).size).toBe(1);
    for (const a of answers.filter((x) => x.status === 409)) {
      expect(a.json.type).toMatch(/\/idempotency-in-progress$/);
    }
    const keys = await scanTable(info, (item) => item.entity === 'apikey' && item.label === label);
    expect(keys).toHaveLength(1);
  });
});
