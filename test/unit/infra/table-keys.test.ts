import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  apiKeyItem,
  commit,
  commitOnce,
  dynamoParameterStore,
  fireDeadline,
  keys,
  parameterVersionItem,
  principalForKey,
  resetConfig,
  savePreferences,
} from '@wuhan/aws';
import { createBodies } from '@wuhan/contract';
import {
  defaultVersion,
  exampleClaims,
  hashApiKey,
  newDeadline,
  newEvent,
  projectKeyHash,
  subsidyDefaults,
} from '@wuhan/domain';
import { eventConsumer } from '@wuhan/middleware';
import {
  callerAs,
  context,
  givenIndexed,
  sampleNominationBody,
  sqsEvent,
  storedProjectItem,
} from '@wuhan/testing';
import { type FunctionSpec, functionSpec, tableKeys, topology } from '@wuhan/topology';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { isTableWrite } from '../../../infra/topology-checks.js';
import { nominate } from '../../../services/intake/nominate.js';
import { screen } from '../../../services/intake/transition.js';
import { issueKey, revokeKey } from '../../../services/keys/manage-keys.js';
import { dynamoClaimStore } from '../../../services/notification/claim-store.js';
import { dynamoDigestStore } from '../../../services/notification/digest-store.js';
import { publishParameters } from '../../../services/parameters/publish-parameters.js';
import { createProfile } from '../../../services/profiles/create-profile.js';
import { deactivateProfile } from '../../../services/profiles/deactivate-profile.js';
import { updateProfile } from '../../../services/profiles/update-profile.js';
import { assessReceivedClaim } from '../../../services/subsidy/assess.js';
import { decideClaim } from '../../../services/subsidy/decide.js';
import { fileClaim } from '../../../services/subsidy/file-claim.js';
import type { ClaimRecord } from '../../../services/subsidy/record.js';
import { capsUsed, readClaim } from '../../../services/subsidy/store.js';
import { handler as targetsHandler } from '../../../services/targets/handler.js';

/**
 * IAM allows each function's table writes only on the partition-key prefixes the topology gives it
 * (`dynamodb:LeadingKeys`). The local stack does not enforce IAM, so this file is the guard: every prefix is one
 * keys.ts builds, and each function's use cases, run against a mocked table, write only inside its prefixes.
 * A use case that starts writing a new kind of item fails here before it fails in AWS with AccessDenied.
 */

const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-1' }));
const staff = callerAs('staff', 'stf-li');

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(TransactWriteCommand).resolves({});
  process.env.TABLE_NAME = 'main';
  resetConfig();
});

const pkOf = (key: Record<string, unknown> | undefined): string => {
  const pk = key?.pk;
  if (typeof pk !== 'string') throw new Error(`a write without a string pk: ${JSON.stringify(key)}`);
  return pk;
};

/** The partition key of every item the mocked table was asked to write, in any command or transaction. */
function writtenPartitionKeys(): string[] {
  const written: string[] = [];
  for (const call of ddb.commandCalls(TransactWriteCommand)) {
    for (const item of call.args[0].input.TransactItems ?? []) {
      if (item.Put) written.push(pkOf(item.Put.Item));
      if (item.Update) written.push(pkOf(item.Update.Key));
      if (item.Delete) written.push(pkOf(item.Delete.Key));
    }
  }
  for (const call of ddb.commandCalls(PutCommand)) written.push(pkOf(call.args[0].input.Item));
  for (const call of ddb.commandCalls(UpdateCommand)) written.push(pkOf(call.args[0].input.Key));
  for (const call of ddb.commandCalls(DeleteCommand)) written.push(pkOf(call.args[0].input.Key));
  return written;
}

/** Each written key must start with one of the function's prefixes; returns what was written, to assert on. */
function expectWritesWithin(name: string): string[] {
  const prefixes = functionSpec(name).access.writeKeys ?? [];
  const written = writtenPartitionKeys();
  expect(written.length, `${name} wrote nothing: the run did not exercise it`).toBeGreaterThan(0);
  const outside = written.filter((pk) => !prefixes.some((prefix) => pk.startsWith(prefix)));
  expect(outside, `${name} writes outside ${prefixes.join(', ')}`).toEqual([]);
  return written;
}

describe('every prefix in the topology is a partition key keys.ts builds', () => {
  /** One key built by keys.ts per prefix: a prefix without a builder behind it cannot be declared. */
  const built: Record<keyof typeof tableKeys, string> = {
    apiKey: keys.apiKey(hashApiKey('k')).pk,
    project: keys.project('prj_1').pk,
    projectKey: keys.projectKey('h').pk,
    nomination: keys.nomination('nom_1').pk,
    enterprise: keys.enterprise('91350100M000100Y43').pk,
    mailClaim: keys.mailClaim('evt_1', 'staff#stf-li').pk,
    digest: keys.digestEntry('stf-li', '2026-01-01T00:00:00.000Z', 'evt_1').pk,
    deadline: keys.deadline('offer:m1').pk,
    inbox: keys.inbox('notification', 'evt_1').pk,
    rejected: keys.rejectedMessage('notification', 'm1').pk,
    parameters: keys.parameterVersion('matching', 1).pk,
    profileKey: keys.profileNaturalKey('platform', 'platformId', 'cvc').pk,
    idempotency: keys.idempotencyRecord('h').pk,
    staff: keys.principal('staff', 'stf-li').pk,
    expert: keys.principal('expert', 'exp-1').pk,
    platform: keys.principal('platform', 'plt-1').pk,
    fundManager: keys.principal('fund_manager', 'fnd-1').pk,
    commissioner: keys.principal('commissioner', 'com-1').pk,
    partner: keys.principal('partner', 'ptn-1').pk,
    systemHistory: keys.history('system', 'notification', 'evt_1').pk,
    consumerHistory: keys.history('consumer', 'notification', 'evt_1').pk,
    parameterSetHistory: keys.history('parameter_set', 'matching', 'evt_1').pk,
    target: keys.targetContribution('incubated', 'prj_1').pk,
    subsidyClaim: keys.subsidyClaim('sbc_1').pk,
    subsidyCap: keys.subsidyCap('grant_to_equity#project:prj_1').pk,
  };

  it.each(Object.entries(tableKeys))('%s: %s', (name, prefix) => {
    expect(built[name as keyof typeof tableKeys].startsWith(prefix)).toBe(true);
  });

  it('no function declares a prefix outside that list', () => {
    const known = new Set<string>(Object.values(tableKeys));
    for (const fn of topology.functions) {
      for (const prefix of [...(fn.access.writeKeys ?? []), ...(fn.access.readKeys ?? [])]) {
        expect(known.has(prefix), `${fn.name}: ${prefix}`).toBe(true);
      }
    }
  });

  it('every function that writes declares its prefixes; one that does not, declares none', () => {
    for (const fn of topology.functions) {
      const writes = fn.access.table.some(isTableWrite);
      expect((fn.access.writeKeys ?? []).length > 0, fn.name).toBe(writes);
    }
  });
});

describe('who may write an API key (APIKEY#)', () => {
  const writers = (prefix: string): string[] =>
    topology.functions.filter((f) => (f.access.writeKeys ?? []).includes(prefix)).map((f) => f.name);

  it('only keys and profiles (the admin bootstrap runs with operator credentials)', () => {
    expect(writers(tableKeys.apiKey).sort()).toEqual(['keys', 'profiles']);
  });

  it('intake cannot: an APIKEY# write is outside its prefixes', () => {
    const intake: FunctionSpec = functionSpec('intake');
    const pk = keys.apiKey(hashApiKey('wdt_forged')).pk;
    expect((intake.access.writeKeys ?? []).some((prefix) => pk.startsWith(prefix))).toBe(false);
  });

  it('nor may any function but profiles write staff profiles other than preferences', () => {
    expect(writers(tableKeys.staff)).toEqual(['preferences']);
  });
});

describe('the authorizer reads only keys and, for a key without the register mark, their owners', () => {
  it('every item it reads to resolve a key is inside its readKeys', async () => {
    const plain = `wdt_${'A'.repeat(43)}`;
    const record = {
      keyId: 'key_1',
      role: 'commissioner' as const,
      ownerId: 'com-1',
      label: 'x',
      createdAt: '2025-01-01T00:00:00.000Z',
      createdBy: 'stf-li',
      expiresAt: '2099-01-01T00:00:00.000Z',
    };
    const prefixes = functionSpec('authorizer').access.readKeys ?? [];
    for (const [revokedWithOwner, reads] of [
      [true, 1],
      [false, 2],
    ] as const) {
      ddb.reset();
      ddb.on(GetCommand).resolves({});
      ddb.on(GetCommand, { Key: keys.apiKey(hashApiKey(plain)) }).resolves({
        Item: apiKeyItem(plain, record, { revokedWithOwner }),
      });
      expect(await principalForKey(plain)).toEqual({
        role: 'commissioner',
        ownerId: 'com-1',
        keyId: 'key_1',
      });
      const read = ddb.commandCalls(GetCommand).map((c) => pkOf(c.args[0].input.Key));
      expect(read).toHaveLength(reads);
      expect(read.filter((pk) => !prefixes.some((p) => pk.startsWith(p)))).toEqual([]);
    }
  });
});

describe("each function's use cases write only inside its prefixes", () => {
  it('intake: a new nomination, a recommendation of a known project, a screening', async () => {
    const body = sampleNominationBody;
    const commissioner = {
      id: 'com-elh-a',
      role: 'commissioner',
      district: 'east_lake_hitech',
      openProjects: 1,
      name: '赵',
      locale: 'zh-CN',
    };
    for (const id of ['ptn-hust', 'ptn-other']) {
      ddb.on(GetCommand, { Key: keys.principal('partner', id) }).resolves({
        Item: { id, role: 'partner', partnerType: 'university', name: '华大', locale: 'zh-CN' },
      });
    }
    givenIndexed(
      ddb,
      [
        {
          ...keys.principal('commissioner', commissioner.id),
          ...keys.commissionerListing(commissioner.district, commissioner.id),
          ...commissioner,
        },
      ],
      { IndexName: 'gsi1' },
    );
    await nominate(body, callerAs('partner', 'ptn-hust'));

    ddb.on(GetCommand, { Key: keys.projectKey(projectKeyHash(body.title, body.leadOrganization)) }).resolves({
      Item: { projectId: 'prj_existing' },
    });
    ddb.on(GetCommand, { Key: keys.project('prj_existing') }).resolves({
      Item: storedProjectItem({ id: 'prj_existing', status: 'nominated', commissionerId: commissioner.id }),
    });
    await nominate(body, callerAs('partner', 'ptn-other'));
    await screen('prj_existing', { decision: 'screen_out', reason: '不符合' }, staff);

    const written = expectWritesWithin('intake');
    expect(written.some((pk) => pk.startsWith('PROJECT#'))).toBe(true);
    expect(written.some((pk) => pk.startsWith('COMMISSIONER#'))).toBe(true);
  });

  it('keys: issue and revoke', async () => {
    ddb.on(GetCommand, { Key: keys.principal('partner', 'ptn-1') }).resolves({
      Item: { id: 'ptn-1', role: 'partner', partnerType: 'university', name: '华大', locale: 'zh-CN' },
    });
    await issueKey({ role: 'partner', ownerId: 'ptn-1', label: 'ci' }, staff);
    givenIndexed(ddb, [
      {
        ...keys.apiKey(hashApiKey('wdt_x')),
        ...keys.apiKeyListing('key_1'),
        keyId: 'key_1',
        role: 'partner',
        ownerId: 'ptn-1',
        label: 'ci',
        createdAt: '2025-01-01T00:00:00.000Z',
        createdBy: 'stf-li',
      },
    ]);
    await revokeKey('key_1', staff);
    expect(expectWritesWithin('keys').filter((pk) => pk.startsWith('APIKEY#')).length).toBeGreaterThan(0);
  });

  it('profiles: create (with its key and natural key), update, deactivate (revoking keys)', async () => {
    // A fund manager holds a natural key (its credit code), so creating and deactivating one writes PROFILEKEY#.
    const body = createBodies['fund-managers'].parse({
      name: '某投资管理公司',
      funds: ['基金一号'],
      contactEmail: 'ir@example.cn',
      creditCode: '91350100M000100Y43',
    });
    const created = await createProfile('fund-managers', body, staff, []);
    const stored = ddb
      .commandCalls(TransactWriteCommand)[0]
      ?.args[0].input.TransactItems?.find((i) => i.Put?.Item?.entity === 'profile')?.Put?.Item;
    ddb
      .on(GetCommand, { Key: keys.principal('fund_manager', created.profile.id) })
      .resolves({ Item: stored });
    await updateProfile('fund-managers', created.profile.id, { name: '新名称' }, staff);
    givenIndexed(ddb, [
      {
        ...keys.apiKey(hashApiKey('wdt_y')),
        ...keys.ownerKeysListing('fund_manager', created.profile.id, 'key_2'),
        keyId: 'key_2',
        role: 'fund_manager',
        ownerId: created.profile.id,
        label: 'x',
        createdAt: '2025-01-01T00:00:00.000Z',
        createdBy: 'stf-li',
      },
    ]);
    await deactivateProfile('fund-managers', created.profile.id, 'left the programme', staff);
    const written = expectWritesWithin('profiles');
    expect(written.some((pk) => pk.startsWith('PROFILEKEY#'))).toBe(true);
  });

  it('preferences: the staff member’s preferences item', async () => {
    await savePreferences(client, 'main', 'stf-li', { 'project.nominated': 'digest' });
    expectWritesWithin('preferences');
  });

  it('parameters: a published version with its event', async () => {
    await publishParameters(
      dynamoParameterStore,
      { set: 'matching', validFrom: '2099-01-01', values: { offerResponseDays: 15 }, reason: 'test' },
      staff,
    );
    expectWritesWithin('parameters');
  });

  it('deadlines: a fired deadline of a project, with its event', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const deadline = newDeadline({
      id: 'offer:m1',
      eventType: 'deadline.fired',
      dueAt: now,
      subject: { kind: 'project', id: 'prj_1' },
      correlationId: 'corr-1',
      now,
    });
    await fireDeadline(deadline, now);
    expectWritesWithin('deadlines');
  });

  it('notification: claims, skips and refusals with their events, digest entries, a refused message', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const claims = dynamoClaimStore(client, 'main');
    const about = (subject: { kind: string; id: string }) =>
      newEvent({
        type: 'notification.failed',
        actor: { role: 'system', id: 'notification' },
        subject,
        correlationId: 'corr-1',
        data: {
          failedEventId: 'evt_0',
          failedEventType: 'system.test',
          recipientRole: 'staff',
          recipientId: 's',
          reason: 'x',
        },
        now,
      });
    const key = { eventId: 'evt_1', recipient: 'staff#stf-li' };
    ddb.on(UpdateCommand).resolves({});
    await claims.claim(key.eventId, 'project.nominated', [key.recipient], now);
    await claims.settle(
      key.eventId,
      [
        { recipient: key.recipient, token: 'tok', outcome: 'sent', messageId: 'msg-1' },
        { recipient: 'staff#stf-wang', token: 'tok', outcome: 'released', error: 'Throttling' },
      ],
      now,
    );
    await claims.markRejected(key, 'tok', 'bounce', [about({ kind: 'project', id: 'prj_1' })], now);
    await claims.markSkipped(key, 'no_email', [about({ kind: 'system', id: 'notification' })], now);
    // A fund manager without an address: the skip is kept in the subsidy claim's history.
    await claims.markSkipped(key, 'no_email', [about({ kind: 'subsidy_claim', id: 'sbc_1' })], now);
    const event = about({ kind: 'project', id: 'prj_1' });
    await dynamoDigestStore(client, 'main').add(
      { staffId: 'stf-li', event, project: undefined, template: 'project-nominated' },
      key,
    );
    // A message that is not an event at all: recorded as refused, event.rejected about the consumer.
    const consumer = eventConsumer({ name: 'notification', dedupe: 'own', handle: async () => {} });
    await consumer(sqsEvent('not json'), context());
    const written = expectWritesWithin('notification');
    expect(written.some((pk) => pk.startsWith('REJECTED#'))).toBe(true);
    expect(written.some((pk) => pk.startsWith('CONSUMER#'))).toBe(true);
  });

  it('targets: a counted project with its inbox record, and a refused message', async () => {
    ddb.on(PutCommand).resolves({});
    const qualified = newEvent({
      type: 'project.status_changed',
      actor: { role: 'staff', id: 'stf-li' },
      subject: { kind: 'project', id: 'prj_1' },
      correlationId: 'corr-1',
      data: {
        projectId: 'prj_1',
        title: '量子传感',
        district: 'wuchang',
        from: 'under_review',
        to: 'qualified',
        command: 'evaluation_outcome',
      },
    });
    const result = await targetsHandler(sqsEvent(qualified, 'not json'), context());
    expect(result).toEqual({ batchItemFailures: [] });
    const written = expectWritesWithin('targets');
    for (const prefix of ['TARGET#', 'INBOX#', 'REJECTED#', 'CONSUMER#'])
      expect(
        written.some((pk) => pk.startsWith(prefix)),
        prefix,
      ).toBe(true);
  });

  it('digest: its mail claim, and removing the entries it sent', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    ddb.on(UpdateCommand).resolves({});
    ddb.on(DeleteCommand).resolves({});
    const claims = dynamoClaimStore(client, 'main');
    const key = { eventId: 'digest-2026-01-01', recipient: 'staff#stf-li' };
    await claims.claim(key.eventId, 'notification.digest', [key.recipient], now);
    await claims.settle(
      key.eventId,
      [{ recipient: key.recipient, token: 'tok', outcome: 'sent', messageId: 'msg-1' }],
      now,
    );
    await claims.markRejected(key, 'tok', 'bounce', [], now);
    await dynamoDigestStore(client, 'main').remove([keys.digestEntry('stf-li', now.toISOString(), 'evt_1')]);
    expectWritesWithin('digest');
  });

  it('subsidy-api: a filed claim with its event', async () => {
    // Filing checks that subsidy parameters are in force on the assessment date (a read).
    ddb.on(QueryCommand).resolves({ Items: [parameterVersionItem(defaultVersion('subsidy', new Date()))] });
    await fileClaim({ ...exampleClaims.grant_to_equity }, staff);
    expectWritesWithin('subsidy-api');
  });

  const now = new Date('2026-03-05T02:00:00Z');
  const claim: ClaimRecord = {
    claimId: 'sbc_1',
    subsidyType: 'grant_to_equity',
    status: 'received',
    input: exampleClaims.grant_to_equity,
    projectId: exampleClaims.grant_to_equity.projectId,
    assessOn: '2026-03-05',
    filedBy: { role: 'staff', id: 'stf-li' },
    filedAt: '2026-03-05T01:00:00.000Z',
    correlationId: 'corr-1',
  };

  it('subsidy: an assessed claim, its cap reservation, events and inbox', async () => {
    ddb
      .on(GetCommand, { Key: keys.subsidyClaim('sbc_1') })
      .resolves({ Item: { ...keys.subsidyClaim('sbc_1'), ...claim } });
    await assessReceivedClaim('sbc_1', {
      tableName: 'main',
      now,
      readClaim,
      parameters: async () => subsidyDefaults,
      facts: async () => ({ projectQualified: true }),
      capsUsed,
      commit: (writes, events) => commitOnce({ consumer: 'subsidy', eventId: 'evt_1', now }, writes, events),
    });
    const written = expectWritesWithin('subsidy');
    expect(written.some((pk) => pk.startsWith('SUBSIDY_CAP#'))).toBe(true);
  });

  it('subsidy-api: a rejection releasing the caps', async () => {
    const computed: ClaimRecord = {
      ...claim,
      status: 'computed',
      assessment: {
        outcome: 'computed',
        awardFen: 100,
        reasons: [],
        trace: [],
        caps: [
          {
            key: 'grant_to_equity#project:prj_1',
            clause: '§二(七)',
            limitFen: 600,
            usedBeforeFen: 0,
            usedAfterFen: 100,
          },
        ],
      },
    };
    await decideClaim('sbc_1', { decision: 'rejected', reason: 'x' }, staff, {
      tableName: 'main',
      readClaim: async () => computed,
      commit,
    });
    const written = expectWritesWithin('subsidy-api');
    expect(written.some((pk) => pk.startsWith('SUBSIDY_CAP#'))).toBe(true);
  });
});
