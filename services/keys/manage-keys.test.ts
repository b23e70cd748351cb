import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { type ApiKeyRecord, apiKeyItem, keys, profileItem, resetConfig } from '@wuhan/aws';
import {
  type Caller,
  ConflictError,
  ForbiddenError,
  generateApiKey,
  InvalidInputError,
  type Principal,
  staffProfileSchema,
} from '@wuhan/domain';
import { cancelled, givenIndexed } from '@wuhan/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { issueKey, revokeKey, rotateKey } from './manage-keys.js';

const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
const now = new Date('2026-06-01T02:00:00.000Z');
const callerAs = (principal: Principal): Caller => ({ principal, correlationId: 'corr-keys', now });
const admin = callerAs({ role: 'staff', ownerId: 'stf-admin', keyId: 'key_admin', scopes: ['admin'] });
const plainStaff = callerAs({ role: 'staff', ownerId: 'stf-plain', keyId: 'key_plain' });

const staffProfile = staffProfileSchema.parse({
  role: 'staff',
  id: 'stf-new',
  name: '周涛',
  locale: 'zh-CN',
  active: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
});

const existingKey: ApiKeyRecord = {
  keyId: 'key_01JQ8Z7K3M4N5P6Q7R8S9T0VAA',
  role: 'staff',
  ownerId: 'stf-other',
  label: 'ops laptop',
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'stf-admin',
  expiresAt: '2027-01-01T00:00:00.000Z',
};

/** A partner profile, active. */
function givenPartner() {
  ddb.on(GetCommand, { Key: keys.principal('partner', 'ptn-1') }).resolves({
    Item: { id: 'ptn-1', role: 'partner', partnerType: 'university', name: '华大', locale: 'zh-CN' },
  });
}

/** The key `findApiKey` finds by id (through the listing index). */
function storedKey(record: ApiKeyRecord) {
  givenIndexed(ddb, [apiKeyItem(generateApiKey(), record)]);
}

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).resolves({ Item: profileItem(staffProfile) });
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(TransactWriteCommand).resolves({});
  process.env.TABLE_NAME = 'main';
  resetConfig();
});

type Item = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
const written = (): Item[] => ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
const putItems = () => written().flatMap((i) => (i.Put ? [i.Put.Item ?? {}] : []));
const keyPuts = () => putItems().filter((i) => i.entity === 'apikey');
const events = () =>
  putItems().flatMap((i) =>
    i.entity === 'history'
      ? [i.event as { type: string; subject: { id: string }; data: Record<string, unknown> }]
      : [],
  );
const eventOfType = (type: string) => events().find((e) => e.type === type);

describe('issueKey', () => {
  it('refuses a staff key to a staff member without the admin scope, writing nothing', async () => {
    await expect(issueKey({ role: 'staff', ownerId: 'stf-new', label: 'x' }, plainStaff)).rejects.toThrow(
      ForbiddenError,
    );
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('issues an administrator a staff key with a year’s expiry and its scopes, audited', async () => {
    const issued = await issueKey(
      { role: 'staff', ownerId: 'stf-new', label: 'x', scopes: ['admin'] },
      admin,
    );
    expect(issued).toMatchObject({ expiresAt: '2027-06-01T02:00:00.000Z', scopes: ['admin'] });
    expect(keyPuts()).toEqual([
      expect.objectContaining({ keyId: issued.keyId, expiresAt: issued.expiresAt, scopes: ['admin'] }),
    ]);
    expect(eventOfType('apikey.issued')?.data).toMatchObject({
      ownerId: 'stf-new',
      expiresAt: issued.expiresAt,
      scopes: ['admin'],
    });
  });

  it("adds the key to its owner's register in the same transaction, only while the owner is active", async () => {
    givenPartner();
    const issued = await issueKey({ role: 'partner', ownerId: 'ptn-1', label: 'x' }, admin);
    const register = written().find((i) => i.Update?.Key?.pk === keys.principal('partner', 'ptn-1').pk);
    expect(register?.Update).toMatchObject({
      UpdateExpression: 'ADD #keys :entry',
      ConditionExpression: expect.stringContaining('active = :true'),
    });
    expect(register?.Update?.ExpressionAttributeValues?.[':entry']).toEqual(
      new Set([`${issued.keyId}#${String(keyPuts()[0]?.pk).replace('APIKEY#', '')}`]),
    );
  });

  it('refuses the key (400 on body.ownerId) when a deactivation committed between the read and the write', async () => {
    givenPartner();
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', 'None', 'None'));
    const refused = issueKey({ role: 'partner', ownerId: 'ptn-1', label: 'x' }, admin);
    await expect(refused).rejects.toThrow(InvalidInputError);
    await expect(refused).rejects.toMatchObject({ field: 'body.ownerId' });
  });

  it('writes no register on a staff profile: staff have no deactivation, and keys may not write STAFF#', async () => {
    await issueKey({ role: 'staff', ownerId: 'stf-new', label: 'x' }, admin);
    expect(written().filter((i) => i.Update)).toEqual([]);
  });

  it('refuses scopes on a key that is not a staff key, naming the field', async () => {
    const refused = issueKey({ role: 'partner', ownerId: 'ptn-1', label: 'x', scopes: ['admin'] }, admin);
    await expect(refused).rejects.toThrow(InvalidInputError);
    await expect(refused).rejects.toMatchObject({ field: 'body.scopes' });
  });
});

describe('revokeKey', () => {
  it('refuses another staff member’s key to a staff member without the admin scope', async () => {
    storedKey(existingKey);
    await expect(revokeKey(existingKey.keyId, plainStaff)).rejects.toThrow(ForbiddenError);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('lets a staff member revoke their own key, and an administrator anyone’s', async () => {
    storedKey({ ...existingKey, ownerId: 'stf-plain' });
    expect((await revokeKey(existingKey.keyId, plainStaff)).revokedBy).toBe('stf-plain');
    storedKey(existingKey);
    expect((await revokeKey(existingKey.keyId, admin)).revokedBy).toBe('stf-admin');
    expect(eventOfType('apikey.revoked')?.subject.id).toBe(existingKey.keyId);
  });
});

describe('rotateKey', () => {
  it('issues a like key and shortens the old one to a week, in one audited transaction', async () => {
    storedKey({ ...existingKey, scopes: ['admin'] });
    const rotated = await rotateKey(existingKey.keyId, {}, admin);
    expect(rotated).toMatchObject({
      role: 'staff',
      ownerId: 'stf-other',
      label: 'ops laptop',
      scopes: ['admin'],
      rotatedFrom: existingKey.keyId,
      expiresAt: '2027-06-01T02:00:00.000Z',
      oldKeyExpiresAt: '2026-06-08T02:00:00.000Z',
    });
    const oldUpdate = written().find((i) => i.Update)?.Update;
    expect(oldUpdate?.ExpressionAttributeValues).toMatchObject({
      ':expires': '2026-06-08T02:00:00.000Z',
      ':next': rotated.keyId,
    });
    expect(keyPuts()).toEqual([
      expect.objectContaining({ keyId: rotated.keyId, rotatedFrom: existingKey.keyId }),
    ]);
    expect(eventOfType('apikey.rotated')).toMatchObject({
      subject: { id: existingKey.keyId },
      data: { newKeyId: rotated.keyId, oldKeyExpiresAt: '2026-06-08T02:00:00.000Z' },
    });
    expect(eventOfType('apikey.issued')).toMatchObject({
      subject: { id: rotated.keyId },
      data: { rotatedFrom: existingKey.keyId },
    });
  });

  it('registers the new key on its owner, and refuses it with 409 once the owner is deactivated', async () => {
    storedKey({ ...existingKey, role: 'partner', ownerId: 'ptn-1' });
    const rotated = await rotateKey(existingKey.keyId, {}, admin);
    const register = written().find((i) => i.Update?.Key?.pk === keys.principal('partner', 'ptn-1').pk);
    expect(register?.Update?.ExpressionAttributeValues?.[':entry']).toEqual(
      new Set([`${rotated.keyId}#${String(keyPuts()[0]?.pk).replace('APIKEY#', '')}`]),
    );

    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed', 'None'));
    await expect(rotateKey(existingKey.keyId, {}, admin)).rejects.toThrow(/deactivated/);
  });

  it('keeps the old key until the date given, normalised to UTC', async () => {
    storedKey(existingKey);
    const rotated = await rotateKey(
      existingKey.keyId,
      { oldKeyExpiresAt: '2026-06-03T08:00:00+08:00' },
      admin,
    );
    expect(rotated.oldKeyExpiresAt).toBe('2026-06-03T00:00:00.000Z');
  });

  it.each([
    ['in the past', '2026-06-01T01:00:00.000Z'],
    ['after the key’s own expiry', '2027-02-01T00:00:00.000Z'],
  ])('refuses an overlap end %s, naming the field', async (_case, oldKeyExpiresAt) => {
    storedKey(existingKey);
    await expect(rotateKey(existingKey.keyId, { oldKeyExpiresAt }, admin)).rejects.toMatchObject({
      field: 'body.oldKeyExpiresAt',
    });
  });

  it.each([
    ['expired', { expiresAt: '2026-06-01T02:00:00.000Z' }],
    ['revoked', { revokedAt: '2026-05-01T00:00:00.000Z', revokedBy: 'stf-admin' }],
    ['already rotated', { rotatedTo: 'key_01JQ8Z7K3M4N5P6Q7R8S9T0VBB' }],
  ])('refuses to rotate a key that is %s (409)', async (_case, change) => {
    storedKey({ ...existingKey, ...change });
    await expect(rotateKey(existingKey.keyId, {}, admin)).rejects.toThrow(ConflictError);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('refuses another staff member’s key to a staff member without the admin scope', async () => {
    storedKey(existingKey);
    await expect(rotateKey(existingKey.keyId, {}, plainStaff)).rejects.toThrow(ForbiddenError);
  });
});
