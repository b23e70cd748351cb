import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { generateApiKey, hashApiKey } from '@wuhan/domain';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  apiKeyItem,
  apiKeyRotateUpdate,
  lookupApiKey,
  ownerKeyRegistered,
  registeredOwnerKeys,
} from './api-key-store.js';
import { resetConfig } from './config.js';
import { keys } from './keys.js';

const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
const now = new Date('2026-06-01T00:00:00.000Z');
const plain = generateApiKey();
const record = {
  keyId: 'key_01JQ8Z7K3M4N5P6Q7R8S9T0VAA',
  role: 'staff' as const,
  ownerId: 'stf-1',
  label: 'ops',
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'stf-0',
  expiresAt: '2027-01-01T00:00:00.000Z',
};

/** The key's item as stored, and the owner's profile (active unless told otherwise). */
function stored(item: Record<string, unknown> | undefined, ownerActive = true) {
  ddb.on(GetCommand, { Key: keys.apiKey(hashApiKey(plain)) }).resolves({ Item: item });
  ddb.on(GetCommand, { Key: keys.principal('staff', 'stf-1') }).resolves({ Item: { active: ownerActive } });
}

beforeEach(() => {
  ddb.reset();
  process.env.TABLE_NAME = 'main';
  resetConfig();
});

describe('lookupApiKey', () => {
  it('gives the principal with its scopes while the key is in force', async () => {
    stored(apiKeyItem(plain, { ...record, scopes: ['admin'] }));
    expect(await lookupApiKey(plain, now)).toEqual({
      principal: { role: 'staff', ownerId: 'stf-1', keyId: record.keyId, scopes: ['admin'] },
    });
  });

  it('refuses a key from its expiry on, without reading the owner', async () => {
    stored(apiKeyItem(plain, { ...record, expiresAt: '2026-06-01T00:00:00.000Z' }));
    expect(await lookupApiKey(plain, now)).toEqual({ refused: 'expired' });
    expect(ddb.commandCalls(GetCommand)).toHaveLength(1);
  });

  it('gives a key stored before expiry existed a year from its creation', async () => {
    const { expiresAt: _none, ...legacy } = apiKeyItem(plain, record);
    stored({ ...legacy, createdAt: '2025-06-01T00:00:01.000Z' });
    expect(await lookupApiKey(plain, now)).toHaveProperty('principal');
    stored({ ...legacy, createdAt: '2025-05-31T23:59:59.000Z' });
    expect(await lookupApiKey(plain, now)).toEqual({ refused: 'expired' });
  });

  it('says why otherwise: unknown, revoked', async () => {
    stored(undefined);
    expect(await lookupApiKey(plain, now)).toEqual({ refused: 'unknown' });
    stored(apiKeyItem(plain, { ...record, revokedAt: '2026-05-01T00:00:00.000Z', revokedBy: 'stf-0' }));
    expect(await lookupApiKey(plain, now)).toEqual({ refused: 'revoked' });
  });

  it('judges a key marked revokedWithOwner by its own item, in one consistent read', async () => {
    // Its owner's deactivation revokes it in the same transaction (the register names it), so the owner's flag
    // (false here) is not read.
    stored(apiKeyItem(plain, record, { revokedWithOwner: true }), false);
    expect(await lookupApiKey(plain, now)).toHaveProperty('principal');
    expect(ddb.commandCalls(GetCommand).map((c) => c.args[0].input)).toEqual([
      expect.objectContaining({ Key: keys.apiKey(hashApiKey(plain)), ConsistentRead: true }),
    ]);
  });

  it('reads the owner of a key without the mark (issued before the register), and refuses it once deactivated', async () => {
    stored(apiKeyItem(plain, record), false);
    expect(await lookupApiKey(plain, now)).toEqual({ refused: 'owner_inactive' });
    expect(ddb.commandCalls(GetCommand).map((c) => c.args[0].input)).toEqual([
      expect.objectContaining({ Key: keys.apiKey(hashApiKey(plain)), ConsistentRead: true }),
      expect.objectContaining({ Key: keys.principal('staff', 'stf-1'), ConsistentRead: true }),
    ]);
    ddb.reset();
    stored(apiKeyItem(plain, record), true);
    expect(await lookupApiKey(plain, now)).toHaveProperty('principal');
  });

  it('ignores a scope it does not know rather than refusing the key', async () => {
    stored({ ...apiKeyItem(plain, record), scopes: ['superuser'] });
    expect(await lookupApiKey(plain, now)).toEqual({
      principal: { role: 'staff', ownerId: 'stf-1', keyId: record.keyId },
    });
  });
});

describe('apiKeyRotateUpdate', () => {
  it('rotates a key once, only while it is unrevoked and unexpired', () => {
    const update = apiKeyRotateUpdate(
      { pk: 'APIKEY#x', sk: 'APIKEY' },
      { newKeyId: 'key_new', expiresAt: '2026-06-08T00:00:00.000Z' },
      now,
    ).Update;
    expect(update?.ConditionExpression).toContain('attribute_not_exists(revokedAt)');
    expect(update?.ConditionExpression).toContain('attribute_not_exists(rotatedTo)');
    expect(update?.ConditionExpression).toContain('expiresAt > :now');
    expect(update?.ExpressionAttributeValues).toMatchObject({
      ':expires': '2026-06-08T00:00:00.000Z',
      ':next': 'key_new',
      ':now': now.toISOString(),
    });
  });
});

describe("the owner's key register", () => {
  it('takes a new key only while its owner exists and is active', () => {
    const update = ownerKeyRegistered('partner', 'ptn-1', 'key_1', plain).Update;
    expect(update).toMatchObject({
      Key: keys.principal('partner', 'ptn-1'),
      UpdateExpression: 'ADD #keys :entry',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(active) OR active = :true)',
      ExpressionAttributeNames: { '#keys': 'apiKeys' },
    });
    expect(update?.ExpressionAttributeValues?.[':entry']).toEqual(new Set([`key_1#${hashApiKey(plain)}`]));
  });

  it('reads back, strongly consistent, the table key of every key it names', async () => {
    const other = generateApiKey();
    ddb.on(GetCommand, { Key: keys.principal('partner', 'ptn-1') }).resolves({
      Item: { apiKeys: new Set([`key_1#${hashApiKey(plain)}`, `key_2#${hashApiKey(other)}`]) },
    });
    expect(await registeredOwnerKeys('partner', 'ptn-1')).toEqual([
      { keyId: 'key_1', key: keys.apiKey(hashApiKey(plain)) },
      { keyId: 'key_2', key: keys.apiKey(hashApiKey(other)) },
    ]);
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input.ConsistentRead).toBe(true);
  });

  it('is empty for a profile from before the register', async () => {
    ddb.on(GetCommand).resolves({ Item: {} });
    expect(await registeredOwnerKeys('partner', 'ptn-old')).toEqual([]);
  });
});
