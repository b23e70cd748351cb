import {
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  SqsChangeMessageVisibilityCommand as ChangeMessageVisibilityCommand,
  SqsGetQueueUrlCommand as GetQueueUrlCommand,
  keys,
  parameterVersionItem,
  profileItem,
  resetConfig,
  resetQueueUrls,
  SesEmailClient as SESv2Client,
  SesSendEmailCommand as SendEmailCommand,
  SqsVisibilityClient,
} from '@wuhan/aws';
import { type DomainEvent, defaultVersion, exampleClaims, newEvent, parameterSetNames } from '@wuhan/domain';
import { demoProfiles } from '@wuhan/local-stack';
import { context, outboxStreamRecord, sqsRecord, storedProjectItem } from '@wuhan/testing';
import { platforms, topology } from '@wuhan/topology';
import type { DynamoDBBatchResponse, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeTable } from './fake-table.js';

/**
 * Issue 12, "What the suite must show" point 3, the part DynamoDB Local cannot show (it never throttles and never
 * raises TransactionConflict): for EVERY consumer in the topology, a first delivery that meets DynamoDB throttling
 * or a transaction conflict is reported as a batch item failure (retried with a backoff, never recorded as a
 * refusal, never dropped), and the second delivery completes with exactly one effect.
 *
 * The consumers are enumerated from the topology: one without an entry in `consumers` below fails.
 */
process.env.TABLE_NAME = 'main';
process.env.QUEUE_URLS = JSON.stringify(
  Object.fromEntries(topology.queues.map((q) => [q.name, `https://sqs.us-east-1.amazonaws.com/0/${q.name}`])),
);
process.env.MAIL_TRANSPORT = 'ses';
// The SES pacing is not under test here: no waiting between the sends.
process.env.SES_MAX_SEND_RATE = '1000';

const documents = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
const sqs = mockClient(SQSClient);
// The retry backoff's own SQS client (packages/aws/src/clients/sqs-visibility.ts).
const visibility = mockClient(SqsVisibilityClient);
const ses = mockClient(SESv2Client);
const table = new FakeTable(documents);
const now = new Date();
const projectId = 'prj_01JFAULTSTRANSIENT00000000';
const project = storedProjectItem({ id: projectId, title: '瞬时故障测试项目', techField: 'quantum' });

/** Profiles and parameters as a seeded table holds them (the demo cast and version 1 of every set). */
function seeded(...items: Record<string, unknown>[]) {
  return [
    ...demoProfiles(platforms).map(profileItem),
    ...parameterSetNames.map((set) => parameterVersionItem(defaultVersion(set, new Date('2025-01-01')))),
    ...items,
  ];
}

const actor = { role: 'staff' as const, id: 'stf_transient' };
const subject = { kind: 'project' as const, id: projectId };
const base = { projectId, title: String(project.title), district: 'east_lake_hitech' as const };
const means = {
  demand: 4.5,
  disruptiveness: 4.5,
  producibility: 4.5,
  plan: 4.5,
  capability: 4.5,
  returns: 4.5,
  risk: 4.5,
  overall: 4.5,
};

type Handler = (event: unknown, ctx: ReturnType<typeof context>) => Promise<unknown>;

interface ConsumerCase {
  /** The handler module (the topology's entry for the consumer). */
  load(): Promise<{ handler: unknown }>;
  /** What the table holds before the delivery. */
  items: Record<string, unknown>[];
  event: DomainEvent;
  /** The effect of one completed delivery, counted: it must be exactly what one delivery makes. */
  effects(): Record<string, number>;
  /** Whether the consumer writes in transactions (the conflict case applies); checked, not assumed. */
  transactions: boolean;
  /**
   * Why a first delivery that did part of its effects cannot be shown here, when the consumer keeps state of its
   * own between deliveries that this fake table does not apply (the writes are recorded, not stored).
   */
  partialStateElsewhere?: string;
}

const puts = (entity: string) =>
  table
    .transactionItems()
    .filter((i) => (i.Put as { Item?: { entity?: string } } | undefined)?.Item?.entity === entity).length;
const inboxOf = (consumer: string) =>
  table.written.filter((w) => {
    const items =
      w.command === 'TransactWrite'
        ? ((w.input.TransactItems as Record<string, unknown>[]) ?? [])
        : [w.input];
    return items.some((i) => {
      const item = ((i.Put as { Item?: Record<string, unknown> } | undefined)?.Item ?? i.Item) as
        | Record<string, unknown>
        | undefined;
      return item?.entity === 'inbox' && String(item.pk).includes(consumer);
    });
  }).length;
/** Updates (in transactions) of items whose partition key starts with `prefix`. */
const updates = (prefix: string) =>
  table
    .transactionItems()
    .filter((i) => String((i.Update as { Key?: { pk?: string } } | undefined)?.Key?.pk).startsWith(prefix))
    .length;

/**
 * A staff-filed grant-to-equity claim for a qualified project, as `POST /v1/subsidy-claims` stores it. The claim
 * schema checks the project id's alphabet (Crockford: no I, L, O, U), which the id above does not meet.
 */
const claimProjectId = 'prj_01JFA0000000000000000SBSDY';
const claimProject = storedProjectItem({ id: claimProjectId, title: '拨转股测试项目', techField: 'quantum' });
const claimId = 'sbc_01JFA0000000000000000SBSDY';
const assessOn = '2026-03-05';
const receivedClaim = {
  ...keys.subsidyClaim(claimId),
  ...keys.subsidyClaimListing(claimId),
  entity: 'subsidy_claim',
  claimId,
  subsidyType: 'grant_to_equity',
  status: 'received',
  input: { ...exampleClaims.grant_to_equity, projectId: claimProjectId },
  projectId: claimProjectId,
  assessOn,
  filedBy: { role: 'staff', id: actor.id },
  filedAt: now.toISOString(),
  correlationId: 'corr-transient',
};

/** One line per queue consumer: what it hears, from what table, and what one delivery of it does. */
const consumers: Record<string, ConsumerCase> = {
  targets: {
    load: () => import('../../../services/targets/handler.js'),
    items: [],
    event: newEvent({
      type: 'project.milestone_recorded',
      actor,
      subject,
      correlationId: 'corr-transient',
      data: {
        ...base,
        milestone: { type: 'national_library_entered', date: '2026-06-01', reference: 'NL-1' },
      },
      now,
    }),
    effects: () => ({
      counted: table.written.filter(
        (w) => w.command === 'Put' && String((w.input.Item as { pk?: string }).pk).startsWith('TARGET#'),
      ).length,
      inbox: inboxOf('targets'),
    }),
    transactions: false,
  },
  evaluation: {
    load: () => import('../../../services/evaluation/handler.js'),
    items: seeded({ ...project, status: 'under_review' }),
    event: newEvent({
      type: 'project.status_changed',
      actor,
      subject,
      correlationId: 'corr-transient',
      data: { ...base, from: 'nominated', to: 'under_review' },
      now,
    }),
    effects: () => ({ assigned: puts('evaluation'), inbox: inboxOf('evaluation') }),
    transactions: true,
  },
  matching: {
    load: () => import('../../../services/matching/handler.js'),
    items: seeded({ ...project, status: 'qualified' }),
    event: newEvent({
      type: 'project.qualified',
      actor: { role: 'system', id: 'evaluation' },
      subject,
      correlationId: 'corr-transient',
      data: {
        ...base,
        stage: 'gestation',
        techField: 'quantum',
        means,
        parameterVersion: 1,
        decidedBy: 'evaluation_outcome',
      },
      now,
    }),
    effects: () => ({ offers: puts('offer'), inbox: inboxOf('matching') }),
    transactions: true,
  },
  notification: {
    load: () => import('../../../services/notification/handler.js'),
    items: seeded(project),
    event: newEvent({
      type: 'project.status_changed',
      actor,
      subject,
      correlationId: 'corr-transient',
      data: { ...base, from: 'under_review', to: 'qualified' },
      now,
    }),
    // One email per recipient: as many sends as distinct recipients, each once.
    effects: () => {
      const sent = ses.commandCalls(SendEmailCommand).map((c) => JSON.stringify(c.args[0].input.Destination));
      return { emails: sent.length, recipients: new Set(sent).size };
    },
    transactions: false,
    partialStateElsewhere:
      'its per-recipient mail claims decide a redelivery: services/notification/notify.test.ts ("delivers every email exactly once across retries when SES throttles every third send")',
  },
  // The claim's facts: its project has qualified (read from the project item); the subsidy parameters of
  // 2025-01-01 are in force on its assessment date. One delivery: the result, the project cap's reservation.
  subsidy: {
    load: () => import('../../../services/subsidy/handler.js'),
    items: seeded({ ...claimProject, status: 'qualified' }, receivedClaim),
    event: newEvent({
      type: 'subsidy.claim_received',
      actor,
      subject: { kind: 'subsidy_claim', id: claimId },
      correlationId: 'corr-transient',
      data: { claimId, subsidyType: 'grant_to_equity', assessOn, projectId: claimProjectId },
      now,
    }),
    effects: () => ({
      assessed: updates(keys.subsidyClaim(claimId).pk),
      reserved: updates('SUBSIDY_CAP#'),
      inbox: inboxOf('subsidy'),
    }),
    transactions: true,
  },
};

const queueConsumers = topology.functions
  .filter((f) => f.triggers.some((t) => t.kind === 'queue'))
  .map((f) => f.name)
  .sort();

const throttled = () =>
  new ProvisionedThroughputExceededException({
    message: 'Rate of requests exceeds the allowed throughput',
    $metadata: {},
  });
const throttling = () =>
  Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client' });
const conflict = () =>
  new TransactionCanceledException({
    message:
      'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
    $metadata: {},
    CancellationReasons: [{ Code: 'TransactionConflict' }],
  });

beforeEach(() => {
  documents.reset();
  sqs.reset();
  visibility.reset();
  ses.reset();
  sqs.resolves({});
  visibility.resolves({});
  visibility
    .on(GetQueueUrlCommand, { QueueName: 'test-queue' })
    .resolves({ QueueUrl: 'https://sqs.us-east-1.amazonaws.com/0/test-queue' });
  visibility.on(ChangeMessageVisibilityCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
  resetConfig();
  resetQueueUrls();
  table.failWrites = undefined;
  table.written.length = 0;
});

describe('every queue consumer under DynamoDB throttling and transaction conflicts', () => {
  it('has a case for every queue consumer in the topology', () => {
    expect(Object.keys(consumers).sort()).toEqual(queueConsumers);
  });

  const failures = [
    ['ProvisionedThroughputExceededException', () => throttled(), 'any'],
    ['ThrottlingException', () => throttling(), 'any'],
    ['TransactionCanceledException (TransactionConflict)', () => conflict(), 'TransactWrite'],
  ] as const;

  describe.each(Object.entries(consumers))('%s', (_name, c) => {
    async function deliver(record: ReturnType<typeof sqsRecord>): Promise<SQSBatchResponse> {
      const { handler } = await c.load();
      const event: SQSEvent = { Records: [record] };
      return (await (handler as Handler)(event, context())) as SQSBatchResponse;
    }

    it('completes a clean delivery with its effect, and writes in transactions only when the case says so', async () => {
      table.seed(...c.items).install();
      const answer = await deliver(sqsRecord(c.event));
      expect(answer.batchItemFailures).toEqual([]);
      expect(
        Object.values(c.effects()).every((n) => n >= 1),
        JSON.stringify(c.effects()),
      ).toBe(true);
      expect(table.written.some((w) => w.command === 'TransactWrite')).toBe(c.transactions);
    });

    // The conflict applies to consumers that write in transactions (the clean delivery above checks which do).
    const applicable = failures.filter(([, , on]) => on === 'any' || c.transactions);

    it.each(applicable)(
      'a first delivery meeting %s fails alone and is retried; the second completes once',
      async (_, error, on) => {
        table.seed(...c.items).install();
        // The clean run's effect, to compare with: what exactly one delivery does.
        await deliver(sqsRecord(c.event));
        const once = c.effects();
        table.written.length = 0;
        ses.resetHistory();

        const record = sqsRecord(c.event);
        table.failWrites = (command) => (on === 'any' || command === on ? error() : undefined);
        const first = await deliver(record);
        expect(first.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
        // Transient: nothing recorded as refused, staff not told, the message's return shortened (backoff).
        expect(table.written.filter((w) => JSON.stringify(w.input).includes('rejected-message'))).toEqual([]);
        expect(
          visibility
            .commandCalls(ChangeMessageVisibilityCommand)
            .map((c) => c.args[0].input.VisibilityTimeout),
        ).toEqual([2]);
        expect(c.effects()).toEqual(Object.fromEntries(Object.keys(once).map((k) => [k, 0])));

        table.failWrites = undefined;
        const second = await deliver({
          ...record,
          attributes: { ...record.attributes, ApproximateReceiveCount: '2' },
        });
        expect(second.batchItemFailures).toEqual([]);
        expect(c.effects()).toEqual(once);
      },
    );

    it.each(c.partialStateElsewhere ? [] : applicable)(
      'only its first write meeting %s: nothing is lost or doubled, whether it retries in place or is redelivered',
      async (_, error, on) => {
        table.seed(...c.items).install();
        await deliver(sqsRecord(c.event));
        const once = c.effects();
        table.written.length = 0;
        ses.resetHistory();

        // A consumer that took the error for "already done" (or swallowed it) would lose the effect here.
        let failed = false;
        table.failWrites = (command) => {
          if (failed || (on !== 'any' && command !== on)) return undefined;
          failed = true;
          return error();
        };
        const record = sqsRecord(c.event);
        const first = await deliver(record);
        expect(failed).toBe(true);
        if (first.batchItemFailures.length > 0) {
          expect(first.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
          const second = await deliver({
            ...record,
            attributes: { ...record.attributes, ApproximateReceiveCount: '2' },
          });
          expect(second.batchItemFailures).toEqual([]);
        }
        expect(table.written.filter((w) => JSON.stringify(w.input).includes('rejected-message'))).toEqual([]);
        expect(c.effects()).toEqual(once);
      },
    );
  });
});

describe('the relay under SQS throttling', () => {
  it('has the relay as the one stream consumer', () => {
    expect(
      topology.functions.filter((f) => f.triggers.some((t) => t.kind === 'stream')).map((f) => f.name),
    ).toEqual(['relay']);
  });

  it('reports a record whose send was throttled as failed, and the next delivery sends it once', async () => {
    const { handler } = await import('../../../services/relay/handler.js');
    const event = consumers.targets?.event;
    if (!event) throw new Error('no event');
    const stream = { Records: [outboxStreamRecord({ ...event })] };
    const sequence = stream.Records[0]?.dynamodb?.SequenceNumber;

    sqs.on(SendMessageBatchCommand).rejectsOnce(throttling()).resolves({ Successful: [], Failed: [] });
    const first = (await (handler as Handler)(stream, context())) as DynamoDBBatchResponse;
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: sequence }]);

    const second = (await (handler as Handler)(stream, context())) as DynamoDBBatchResponse;
    expect(second.batchItemFailures).toEqual([]);
    const sent = sqs.commandCalls(SendMessageBatchCommand);
    // Routed to notification and targets: one message each on the successful delivery.
    const delivered = sent.slice(-2).flatMap((c) => c.args[0].input.Entries ?? []);
    expect(delivered).toHaveLength(2);
  });
});
