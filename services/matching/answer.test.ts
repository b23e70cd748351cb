import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { keys, resetConfig } from '@wuhan/aws';
import {
  type Caller,
  ConflictError,
  InvalidTransitionError,
  NotFoundError,
  type OfferRecord,
} from '@wuhan/domain';
import { givenIndexed } from '@wuhan/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { answerOffer } from './answer.js';
import { offerDeadlineId } from './offer.js';

const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
const now = new Date('2026-03-05T02:00:00Z');
const platformCaller: Caller = {
  principal: { role: 'platform', ownerId: 'plt_a', keyId: 'key_a' },
  correlationId: 'cor-1',
  now,
};
const means = {
  demand: 8,
  disruptiveness: 9,
  producibility: 7,
  plan: 8,
  capability: 8,
  returns: 7,
  risk: 7,
  overall: 7.8,
};
const offer: OfferRecord = {
  matchId: 'mat_1',
  projectId: 'prj_q',
  platformId: 'cvc-a',
  platformProfileId: 'plt_a',
  kind: 'concept_verification_center',
  stage: 'gestation',
  state: 'offered',
  offeredAt: '2026-03-02T02:00:00.000Z',
  respondBy: '2026-03-12',
  means,
  explanation: { ranked: [], excluded: [], parameterVersion: 1 },
};
const project = (status: string) => ({
  ...keys.project('prj_q'),
  id: 'prj_q',
  title: '量子精密测量仪',
  summary: '室温量子传感',
  techField: 'quantum',
  stage: 'gestation',
  leadOrganization: '武汉量子科技有限公司',
  teamLead: { name: '李明', email: 'liming@example.cn' },
  district: 'hongshan',
  status,
  stageTrlMismatch: false,
  recommendationCount: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
  version: 4,
});
const deadline = (state: 'pending' | 'fired') => ({
  ...keys.deadline(offerDeadlineId('mat_1')),
  id: offerDeadlineId('mat_1'),
  eventType: 'offer.expired',
  dueAt: '2026-03-12T16:00:00.000Z',
  subject: { kind: 'project', id: 'prj_q' },
  payload: {},
  correlationId: 'cor-0',
  state,
  setAt: '2026-03-02T02:00:00.000Z',
});

function arrange(options: {
  stored?: Partial<OfferRecord>;
  listed?: boolean;
  status?: string;
  deadlineState?: 'pending' | 'fired';
}) {
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: keys.principal('platform', 'plt_a') }).resolves({
    Item: {
      role: 'platform',
      id: 'plt_a',
      name: 'A',
      locale: 'zh-CN',
      platformId: 'cvc-a',
      kind: 'concept_verification_center',
    },
  });
  // The platform's listing (gsi1, keys only) and the offer it leads to, read strongly consistent from the table.
  const stored = { ...offer, ...options.stored };
  const item = {
    ...keys.offer('prj_q', 'mat_1'),
    ...keys.offerListing(stored.platformId, 'mat_1'),
    ...stored,
  };
  givenIndexed(ddb, options.listed === false ? [] : [item]);
  ddb
    .on(GetCommand, { Key: keys.project('prj_q') })
    .resolves({ Item: project(options.status ?? 'qualified') });
  ddb
    .on(GetCommand, { Key: keys.deadline(offerDeadlineId('mat_1')) })
    .resolves({ Item: deadline(options.deadlineState ?? 'pending') });
  ddb.on(TransactWriteCommand).resolves({});
}

type Item = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
const sent = (): Item[] => ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
const eventTypes = (items: Item[]) =>
  items.flatMap((i) =>
    i.Put?.Item?.entity === 'history' ? [(i.Put.Item.event as { type: string }).type] : [],
  );
const eventData = (items: Item[], type: string) =>
  items.flatMap((i) => {
    const event =
      i.Put?.Item?.entity === 'history' ? (i.Put.Item.event as { type: string; data: unknown }) : undefined;
    return event?.type === type ? [event.data] : [];
  });
const updatedKeys = (items: Item[]) =>
  items.flatMap((i) => (i.Update ? [`${i.Update.Key?.pk}|${i.Update.Key?.sk}`] : []));

describe("a platform's answer to its offer (issue 10 point 4)", () => {
  beforeEach(() => {
    process.env.TABLE_NAME = 'main';
    resetConfig();
  });

  it('accepting matches the project, accepts the offer and cancels its deadline in one transaction', async () => {
    arrange({});
    const answered = await answerOffer('mat_1', 'accepted', '方向契合', platformCaller);
    expect(answered).toMatchObject({ state: 'accepted', reason: '方向契合' });
    const items = sent();
    expect(updatedKeys(items)).toEqual(
      expect.arrayContaining([
        'PROJECT#prj_q|PROJECT',
        'PROJECT#prj_q|OFFER#mat_1',
        'DEADLINE#offer:mat_1|DEADLINE',
      ]),
    );
    expect(eventTypes(items)).toEqual(expect.arrayContaining(['match.accepted', 'project.status_changed']));
    // The acceptance names the move it made (the commissioner's one email says both), and the status event
    // names the command that owned it (routing keeps it from the commissioner).
    expect(eventData(items, 'match.accepted')).toEqual([
      expect.objectContaining({ matchId: 'mat_1', from: 'qualified', to: 'matched' }),
    ]);
    expect(eventData(items, 'project.status_changed')).toEqual([
      expect.objectContaining({ command: 'match_accepted', to: 'matched' }),
    ]);
    // An accepted offer keeps its place: the platform's counter does not move.
    expect(updatedKeys(items).filter((k) => k.startsWith('PLATFORM#'))).toEqual([]);
  });

  it("accepting a growth project's second offer records it without moving the project again", async () => {
    arrange({ status: 'matched' });
    await answerOffer('mat_1', 'accepted', undefined, platformCaller);
    expect(eventTypes(sent())).toEqual(['match.accepted']);
    // It made no move and claims none.
    const [data] = eventData(sent(), 'match.accepted');
    expect(data).not.toHaveProperty('from');
    expect(data).not.toHaveProperty('to');
    expect(updatedKeys(sent())).not.toContain('PROJECT#prj_q|PROJECT');
  });

  it('declining frees the place, cancels the deadline and publishes match.declined (matching offers the next)', async () => {
    arrange({});
    await answerOffer('mat_1', 'declined', '容量已满', platformCaller);
    const items = sent();
    expect(updatedKeys(items)).toEqual(
      expect.arrayContaining([
        'PROJECT#prj_q|OFFER#mat_1',
        'DEADLINE#offer:mat_1|DEADLINE',
        'PLATFORM#plt_a|PROFILE',
      ]),
    );
    expect(eventTypes(items)).toEqual(['match.declined']);
  });

  it("another platform's offer is not found (404), and nothing is written", async () => {
    arrange({ listed: false });
    await expect(answerOffer('mat_1', 'accepted', undefined, platformCaller)).rejects.toThrow(NotFoundError);
    expect(ddb.commandCalls(TransactWriteCommand)).toEqual([]);
  });

  it('a second answer is a 409', async () => {
    arrange({ stored: { state: 'declined' } });
    await expect(answerOffer('mat_1', 'accepted', undefined, platformCaller)).rejects.toThrow(
      InvalidTransitionError,
    );
  });

  it('an answer after the deadline fired is a 409, even before matching recorded the expiry', async () => {
    arrange({ deadlineState: 'fired' });
    await expect(answerOffer('mat_1', 'accepted', undefined, platformCaller)).rejects.toThrow(ConflictError);
    expect(ddb.commandCalls(TransactWriteCommand)).toEqual([]);
  });

  it('an answer after respondBy (Asia/Shanghai) is a 409 even before the deadline sweep fired', async () => {
    arrange({ stored: { respondBy: '2026-03-04' } });
    // 2026-03-05T02:00Z is 10:00 on 5 March in Shanghai: the day after the last day to answer.
    await expect(answerOffer('mat_1', 'accepted', undefined, platformCaller)).rejects.toThrow(ConflictError);
    expect(ddb.commandCalls(TransactWriteCommand)).toEqual([]);
    // On the last day itself, still in time.
    arrange({ stored: { respondBy: '2026-03-05' } });
    await expect(answerOffer('mat_1', 'declined', undefined, platformCaller)).resolves.toMatchObject({
      state: 'declined',
    });
  });

  it('accepting an offer for a project no longer qualified or matched (a staff override to not_qualified) is a 409', async () => {
    arrange({ status: 'not_qualified' });
    await expect(answerOffer('mat_1', 'accepted', undefined, platformCaller)).rejects.toThrow(
      InvalidTransitionError,
    );
    expect(ddb.commandCalls(TransactWriteCommand)).toEqual([]);
  });
});
