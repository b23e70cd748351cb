import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { profileItem } from '@wuhan/aws';
import { api, credentialFor, testDocumentClient } from '@wuhan/testing';
import { beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * Issue 4: staff choose per event type, immediate email or the daily digest. A staff member of this test's own
 * (without a mailbox, so other files' email counts are untouched) sets and reads their preferences.
 */
const info = inject('stack');
const credentials = inject('credentials');
const seededStaff = credentialFor(credentials, 'staff').key;
let myKey = '';

beforeAll(async () => {
  const id = `stf_pref${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  await testDocumentClient(info).send(
    new PutCommand({
      TableName: info.tableName,
      Item: profileItem({ id, role: 'staff', name: '偏好测试', locale: 'zh-CN' }),
    }),
  );
  const issued = await api(info, seededStaff).post('/v1/keys', {
    role: 'staff',
    ownerId: id,
    label: 'preferences test',
  });
  expect(issued.status).toBe(201);
  myKey = issued.json.key;
});

describe('notification preferences', () => {
  it('start empty (everything immediate) and list what may be digested', async () => {
    const res = await api(info, myKey).get('/v1/notification-preferences');
    expect(res.status).toBe(200);
    expect(res.json.modes).toEqual({});
    expect(res.json.digestible).toContain('project.nominated');
  });

  it('are saved and read back', async () => {
    const saved = await api(info, myKey).put('/v1/notification-preferences', {
      modes: { 'project.nominated': 'digest', 'project.recommended': 'immediate' },
    });
    expect(saved.status).toBe(200);
    const read = await api(info, myKey).get('/v1/notification-preferences');
    expect(read.json.modes).toEqual({ 'project.nominated': 'digest', 'project.recommended': 'immediate' });
  });

  it('refuse an event type that cannot be digested, naming it, and keep what was saved', async () => {
    await api(info, myKey).put('/v1/notification-preferences', { modes: { 'project.nominated': 'digest' } });
    const res = await api(info, myKey).put('/v1/notification-preferences', {
      modes: { 'project.assigned': 'digest' },
    });
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: { field: string }) => e.field).join(' ')).toContain('body.modes');
    const read = await api(info, myKey).get('/v1/notification-preferences');
    expect(read.json.modes).toEqual({ 'project.nominated': 'digest' });
  });

  it('belong to staff only', async () => {
    const partner = credentialFor(credentials, 'partner').key;
    expect((await api(info, partner).get('/v1/notification-preferences')).status).toBe(403);
  });
});
