import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { keys, resetConfig } from '@wuhan/aws';
import {
  apiKeyPattern,
  ConflictError,
  hashApiKey,
  InvalidInputError,
  NotFoundError,
  type Principal,
  UnprocessableError,
} from '@wuhan/domain';
import { givenIndexed } from '@wuhan/testing';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { createBodies, updateBodies } from '@wuhan/contract';
import type { Caller } from '@wuhan/domain';
import { beforeEach, describe, expect, it } from 'vitest';
import { createProfile } from './create-profile.js';
import { deactivateProfile } from './deactivate-profile.js';
import { updateProfile } from './update-profile.js';

const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
const staff: Caller = {
  principal: { role: 'staff', ownerId: 'stf-1', keyId: 'key_stf' } satisfies Principal,
  correlationId: 'corr-profiles-1',
  now: new Date('2025-03-01T02:00:00Z'),
};
const platforms = [
  { platformId: 'cvc-optics-valley', kind: 'concept_verification_center' },
  { platformId: 'pilot-semiconductor', kind: 'pilot_platform' },
];

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(TransactWriteCommand).resolves({});
  process.env.TABLE_NAME = 'main';
  resetConfig();
});

type Item = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
function sentItems(call = 0): Item[] {
  return ddb.commandCalls(TransactWriteCommand)[call]?.args[0].input.TransactItems ?? [];
}
const puts = (items: Item[]) => items.flatMap((i) => (i.Put ? [i.Put.Item ?? {}] : []));
const eventsIn = (items: Item[]) =>
  puts(items).flatMap((i) =>
    i.entity === 'history' ? [i.event as { type: string; data: Record<string, unknown> }] : [],
  );

function cancelled(...codes: string[]) {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

const expertBody = createBodies.experts.parse({
  name: '张建国',
  email: 'zhang@whu.example.cn',
  organization: '武汉大学',
  sector: 'science',
  techFields: ['quantum'],
});
const platformBody = (platformId: string, kind = 'concept_verification_center') =>
  createBodies.platforms.parse({
    platformId,
    name: '光谷概念验证中心',
    kind,
    techFields: 'all',
    capacity: 10,
    district: 'east_lake_hitech',
    contactEmail: 'cvc@example.cn',
    consumerPrincipal: '123456789012',
  });

describe('request bodies', () => {
  it('fill the domain defaults for an expert and refuse unknown fields at their path', () => {
    expect(expertBody).toMatchObject({ maxOpenReviews: 5, declaredConflicts: [], locale: 'zh-CN' });
    const extra = createBodies.experts.safeParse({ ...expertBody, admin: true });
    expect(extra.success).toBe(false);
    expect(extra.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['admin'] });
  });

  it('check a fund manager credit code (GB 32100) and keep natural keys out of updates', () => {
    const body = { name: '某投资管理公司', funds: ['基金一号'], contactEmail: 'ir@example.cn' };
    expect(
      createBodies['fund-managers'].safeParse({ ...body, creditCode: '91350100M000100Y43' }).success,
    ).toBe(true);
    expect(
      createBodies['fund-managers'].safeParse({ ...body, creditCode: '91350100M000100Y44' }).success,
    ).toBe(false);
    expect(updateBodies['fund-managers'].safeParse({ creditCode: '91350100M000100Y43' }).success).toBe(false);
    expect(updateBodies.platforms.safeParse({ platformId: 'cvc-whu' }).success).toBe(false);
    expect(updateBodies.experts.safeParse({}).success).toBe(false);
  });
});

describe('createProfile', () => {
  it('stores the expert, a hashed first key and both events in one transaction, and returns the key once', async () => {
    const created = await createProfile('experts', expertBody, staff, platforms);
    expect(created.apiKey).toMatch(apiKeyPattern);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    const items = sentItems();
    const profile = puts(items).find((i) => i.entity === 'profile');
    expect(profile).toMatchObject({
      ...keys.principal('expert', created.profile.id),
      ...keys.profileListing('expert', created.profile.id),
      role: 'expert',
      sector: 'science',
      techFields: ['quantum'],
      maxOpenReviews: 5,
      active: true,
      version: 1,
    });
    const key = puts(items).find((i) => i.entity === 'apikey');
    expect(key).toMatchObject({
      ...keys.apiKey(hashApiKey(created.apiKey)),
      ...keys.ownerKeysListing('expert', created.profile.id, created.keyId),
      role: 'expert',
      ownerId: created.profile.id,
    });
    expect(JSON.stringify(items)).not.toContain(created.apiKey);
    expect(eventsIn(items).map((e) => e.type)).toEqual(['profile.created', 'apikey.issued']);
    // The owner's key register starts with this key, so a deactivation finds it without the index.
    expect(profile?.apiKeys).toEqual(new Set([`${created.keyId}#${hashApiKey(created.apiKey)}`]));
  });

  it('refuses a platformId the configuration does not declare, writing nothing', async () => {
    await expect(createProfile('platforms', platformBody('cvc-nowhere'), staff, platforms)).rejects.toThrow(
      UnprocessableError,
    );
    await expect(createProfile('platforms', platformBody('cvc-nowhere'), staff, platforms)).rejects.toThrow(
      /config\/platforms\.json/,
    );
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('refuses a platform whose kind differs from its configured kind', async () => {
    await expect(
      createProfile('platforms', platformBody('cvc-optics-valley', 'finance'), staff, platforms),
    ).rejects.toThrow(InvalidInputError);
  });

  it('claims the platformId and answers 409 when an active platform holds it', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed', 'None', 'None'));
    await expect(
      createProfile('platforms', platformBody('cvc-optics-valley'), staff, platforms),
    ).rejects.toThrow(ConflictError);
    const claim = puts(sentItems()).find((i) => i.entity === 'profilekey');
    expect(claim).toMatchObject(keys.profileNaturalKey('platform', 'platformId', 'cvc-optics-valley'));
  });
});

const platformId = 'plt_01JABCDEFGHJKMNPQRSTVWXYZ0';
function platformItem(fields: Record<string, unknown> = {}) {
  return {
    ...keys.principal('platform', platformId),
    id: platformId,
    role: 'platform',
    name: '光谷概念验证中心',
    organization: '光谷概念验证中心',
    locale: 'zh-CN',
    platformId: 'cvc-optics-valley',
    kind: 'concept_verification_center',
    active: true,
    version: 4,
    ...fields,
  };
}
function givenPlatform(fields: Record<string, unknown> = {}) {
  ddb
    .on(GetCommand, { Key: keys.principal('platform', platformId) })
    .resolves({ Item: platformItem(fields) });
}
/** A key of the platform's that its register names but its listing does not show yet, in the table. */
function givenLaggingKey(keyId: string) {
  ddb.on(GetCommand, { Key: { pk: `APIKEY#hash-${keyId}`, sk: 'APIKEY' } }).resolves({
    Item: {
      pk: `APIKEY#hash-${keyId}`,
      sk: 'APIKEY',
      keyId,
      role: 'platform',
      ownerId: platformId,
      label: 'l',
      createdAt: '2025-03-01T01:59:59.000Z',
      createdBy: 'stf-1',
    },
  });
}
/** The owner's keys: listed on gsi2 (keys only), the records themselves in the table. */
function givenKeys(...list: { keyId: string; revokedAt?: string }[]) {
  givenIndexed(
    ddb,
    list.map((k) => ({
      pk: `APIKEY#hash-${k.keyId}`,
      sk: 'APIKEY',
      ...keys.ownerKeysListing('platform', platformId, k.keyId),
      keyId: k.keyId,
      role: 'platform',
      ownerId: platformId,
      label: 'l',
      createdAt: '2025-01-01T00:00:00.000Z',
      createdBy: 'stf-1',
      ...(k.revokedAt ? { revokedAt: k.revokedAt, revokedBy: 'stf-1' } : {}),
    })),
    { IndexName: 'gsi2' },
  );
}

describe('deactivateProfile', () => {
  it('revokes each live key by name with the profile change, the freed platformId and the event, at once', async () => {
    givenPlatform();
    givenKeys(
      { keyId: 'key_a' },
      { keyId: 'key_b' },
      { keyId: 'key_old', revokedAt: '2025-02-01T00:00:00.000Z' },
    );
    const done = await deactivateProfile('platforms', platformId, '合作结束', staff);
    expect(done.revokedKeyIds).toEqual(['key_a', 'key_b']);
    expect(done.profile).toMatchObject({ active: false, deactivationReason: '合作结束', version: 5 });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    const items = sentItems();
    const revoked = items.flatMap((i) =>
      i.Update?.UpdateExpression?.includes('revokedAt') ? [i.Update.Key] : [],
    );
    expect(revoked).toEqual([
      { pk: 'APIKEY#hash-key_a', sk: 'APIKEY' },
      { pk: 'APIKEY#hash-key_b', sk: 'APIKEY' },
    ]);
    const profileUpdate = items.find((i) => i.Update?.Key?.pk === keys.principal('platform', platformId).pk);
    expect(profileUpdate?.Update?.UpdateExpression).toContain('REMOVE gsi1pk, gsi1sk');
    expect(profileUpdate?.Update?.ExpressionAttributeValues).toMatchObject({
      ':false': false,
      ':reason': '合作结束',
    });
    expect(items.find((i) => i.Delete)?.Delete?.Key).toEqual(
      keys.profileNaturalKey('platform', 'platformId', 'cvc-optics-valley'),
    );
    const [event] = eventsIn(items);
    expect(event).toMatchObject({
      type: 'profile.deactivated',
      data: { reason: '合作结束', revokedKeyIds: ['key_a', 'key_b'] },
    });
  });

  it('is harmless the second time: an inactive profile is answered as it is, nothing written', async () => {
    givenPlatform({ active: false, deactivationReason: '合作结束' });
    const done = await deactivateProfile('platforms', platformId, '再次', staff);
    expect(done.profile.deactivationReason).toBe('合作结束');
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('starts again from the new state when a key was revoked concurrently', async () => {
    givenPlatform();
    givenKeys({ keyId: 'key_a' }, { keyId: 'key_b' });
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'None', 'ConditionalCheckFailed', 'None', 'None', 'None'))
      .resolves({});
    await deactivateProfile('platforms', platformId, '合作结束', staff);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
  });

  it('a key issued on the owner while it deactivates: its register refuses the transaction, the retry revokes it', async () => {
    // The race the register closes (api-key-store.ts): the deactivation read the register with key_a; a key
    // issued before its transaction grew the register, so the profile's condition fails and the retry, on a
    // fresh read, revokes key_new too. Without the condition key_new would outlive its owner.
    let issued = false;
    ddb.on(GetCommand, { Key: keys.principal('platform', platformId) }).callsFake(() => ({
      Item: platformItem({
        apiKeys: new Set(issued ? ['key_a#hash-key_a', 'key_new#hash-key_new'] : ['key_a#hash-key_a']),
      }),
    }));
    givenKeys({ keyId: 'key_a' });
    givenLaggingKey('key_new');
    ddb.on(TransactWriteCommand).callsFakeOnce(() => {
      issued = true;
      throw cancelled('ConditionalCheckFailed', 'None', 'None', 'None');
    });

    const done = await deactivateProfile('platforms', platformId, '合作结束', staff);

    expect(done.revokedKeyIds).toEqual(['key_a', 'key_new']);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
  });

  it('retries when a key issued at the same moment conflicts on the profile item (TransactionConflict), not 500', async () => {
    givenPlatform();
    givenKeys({ keyId: 'key_a' });
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('TransactionConflict', 'None', 'None', 'None'))
      .resolves({});
    await deactivateProfile('platforms', platformId, '合作结束', staff);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
  });

  it('answers 404 for an unknown profile', async () => {
    await expect(deactivateProfile('experts', 'exp_nobody', 'x', staff)).rejects.toThrow(NotFoundError);
  });

  it('also revokes a key its register names that the listing does not show yet, and holds only on that register', async () => {
    // key_new was issued a moment ago: in the owner's register (read consistent), not yet in the index.
    givenPlatform({ apiKeys: new Set(['key_a#hash-key_a', 'key_new#hash-key_new']) });
    givenKeys({ keyId: 'key_a' });
    givenLaggingKey('key_new');

    const done = await deactivateProfile('platforms', platformId, '合作结束', staff);

    expect(done.revokedKeyIds).toEqual(['key_a', 'key_new']);
    const items = sentItems();
    const revoked = items.flatMap((i) =>
      i.Update?.UpdateExpression?.includes('revokedAt') ? [i.Update.Key] : [],
    );
    expect(revoked).toEqual([
      { pk: 'APIKEY#hash-key_a', sk: 'APIKEY' },
      { pk: 'APIKEY#hash-key_new', sk: 'APIKEY' },
    ]);
    // A key issued after the register was read makes it bigger: this transaction fails and starts again.
    const profileUpdate = items.find((i) => i.Update?.Key?.pk === keys.principal('platform', platformId).pk);
    expect(profileUpdate?.Update?.ConditionExpression).toContain('size(apiKeys) = :keysRegistered');
    expect(profileUpdate?.Update?.ExpressionAttributeValues?.[':keysRegistered']).toBe(2);
  });

  it('holds, for a profile without a register yet, only while none is started', async () => {
    givenPlatform();
    givenKeys({ keyId: 'key_a' });
    await deactivateProfile('platforms', platformId, '合作结束', staff);
    const profileUpdate = sentItems().find(
      (i) => i.Update?.Key?.pk === keys.principal('platform', platformId).pk,
    );
    expect(profileUpdate?.Update?.ConditionExpression).toContain('attribute_not_exists(apiKeys)');
  });
});

describe('updateProfile', () => {
  it('sets only the changed fields on the version it read and records before and after', async () => {
    givenPlatform({ capacity: 10, contactEmail: 'old@example.cn', email: 'old@example.cn' });
    const next = await updateProfile(
      'platforms',
      platformId,
      { capacity: 12, contactEmail: 'new@example.cn' },
      staff,
    );
    expect(next).toMatchObject({
      capacity: 12,
      contactEmail: 'new@example.cn',
      email: 'new@example.cn',
      version: 5,
    });
    const [update] = sentItems().filter((i) => i.Update);
    expect(update?.Update?.ConditionExpression).toContain('#version = :v');
    expect(update?.Update?.ExpressionAttributeValues).toMatchObject({
      ':v': 4,
      ':capacity': 12,
      ':version': 5,
    });
    expect(update?.Update?.UpdateExpression).not.toContain('openProjects');
    const [event] = eventsIn(sentItems());
    expect(event?.data.changes).toEqual({
      capacity: { from: 10, to: 12 },
      contactEmail: { from: 'old@example.cn', to: 'new@example.cn' },
      email: { from: 'old@example.cn', to: 'new@example.cn' },
    });
  });

  it('writes nothing when nothing changes', async () => {
    givenPlatform({ capacity: 10 });
    await updateProfile('platforms', platformId, { capacity: 10 }, staff);
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('refuses to change a deactivated profile', async () => {
    givenPlatform({ active: false });
    await expect(updateProfile('platforms', platformId, { capacity: 3 }, staff)).rejects.toThrow(
      ConflictError,
    );
  });

  it('gives up with 409 when every attempt loses to a concurrent change', async () => {
    givenPlatform({ capacity: 10 });
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));
    await expect(updateProfile('platforms', platformId, { capacity: 11 }, staff)).rejects.toThrow(
      ConflictError,
    );
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 3);
  });
});
