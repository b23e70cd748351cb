import { DeleteMessageCommand, type Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { config, documentClient, sqs } from '@wuhan/aws';
import { domainEventSchema, type EventEnvelope } from '@wuhan/domain';
import * as z from '@wuhan/domain/zod';
import type { EventRoute } from '@wuhan/topology';
import { relay } from './relay.js';

/**
 * Re-sending from the stored events themselves (issue 12, defect 9). When the relay gives up on a stream batch,
 * Lambda's on-failure queue keeps only a pointer to it (shard, sequence numbers, arrival times) for 14 days, but
 * the stream keeps the records 24 hours: after that, the events can only come from the rows the stream carried.
 * Each event has one row, its subject's history row (`entity = history`, the relay's stream filter too; issue
 * 13), kept for good, so any window can be resent. These resend every event of a time window through the relay
 * with today's routing.
 * Sending an event twice is safe: every consumer de-duplicates on the event id.
 */

/** Events are created a moment before their transaction commits and the stream receives the row. */
const OCCURRED_BEFORE_ARRIVAL_MS = 5 * 60_000;
const ARRIVAL_SLACK_MS = 60_000;
/** The relay's own batch: at most this many events go through one call. */
const RELAY_CHUNK = 100;

const outboxRow = z.object({ event: domainEventSchema });

/**
 * Every event that occurred in [from, to], oldest first. A Scan, because event rows live in their subjects'
 * partitions and no index lists them by time: an operator's tool, run rarely, with the operator's credentials.
 */
export async function outboxEventsBetween(from: Date, to: Date): Promise<EventEnvelope[]> {
  const events: EventEnvelope[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new ScanCommand({
        TableName: config().tableName,
        FilterExpression: 'entity = :history AND #event.#occurredAt BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#event': 'event', '#occurredAt': 'occurredAt' },
        ExpressionAttributeValues: {
          ':history': 'history',
          ':from': from.toISOString(),
          ':to': to.toISOString(),
        },
        ProjectionExpression: '#event',
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const parsed = outboxRow.safeParse(item);
      // A row the catalog no longer reads cannot be relayed anyway; the stream-failure alarm already told staff.
      if (parsed.success) events.push(parsed.data.event);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return events.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
}

export interface OutboxRedriveResult {
  resent: string[];
  /** Still failing (throttling, a queue down): run again later. */
  failed: string[];
}

/** Relays every outbox event of the window again; returns which were handed to the relay and which failed. */
export async function redriveOutbox(options: {
  routing: Readonly<Record<string, readonly EventRoute[]>>;
  from: Date;
  to: Date;
}): Promise<OutboxRedriveResult> {
  const events = await outboxEventsBetween(options.from, options.to);
  const result: OutboxRedriveResult = { resent: [], failed: [] };
  for (let i = 0; i < events.length; i += RELAY_CHUNK) {
    const chunk = events.slice(i, i + RELAY_CHUNK);
    const failed = await relay(
      chunk.map((event) => ({ recordId: event.id, event })),
      options.routing,
    );
    for (const event of chunk) (failed.has(event.id) ? result.failed : result.resent).push(event.id);
  }
  return result;
}

/** The on-failure record Lambda writes for a stream batch it gave up on: a pointer, not the data. */
const streamFailure = z.object({
  DDBStreamBatchInfo: z.object({
    shardId: z.string(),
    approximateArrivalOfFirstRecord: z.string().check(z.refine((t) => !Number.isNaN(Date.parse(t)))),
    approximateArrivalOfLastRecord: z.string().check(z.refine((t) => !Number.isNaN(Date.parse(t)))),
    batchSize: z.number().check(z.int(), z.positive()),
  }),
});

/** The window of outbox events a failed batch can hold, from its records' arrival times. */
export function windowOf(body: string | undefined): { from: Date; to: Date } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body ?? '');
  } catch {
    return undefined;
  }
  const parsed = streamFailure.safeParse(json);
  if (!parsed.success) return undefined;
  const info = parsed.data.DDBStreamBatchInfo;
  return {
    from: new Date(Date.parse(info.approximateArrivalOfFirstRecord) - OCCURRED_BEFORE_ARRIVAL_MS),
    to: new Date(Date.parse(info.approximateArrivalOfLastRecord) + ARRIVAL_SLACK_MS),
  };
}

export interface StreamFailureRedriveResult {
  /** Failure messages whose window was resent in full, and deleted. */
  done: { messageId: string; resent: number }[];
  /** Some event of the window failed again: the message stays for the next run. */
  retryLater: string[];
  /** Not a stream on-failure record: left for a person. */
  leftAlone: string[];
}

/**
 * Works through a stream-failure queue: for each on-failure record, resends the outbox events of its window
 * and deletes the record once all of them were handed over. A record that is not one is left alone.
 */
export async function redriveStreamFailures(options: {
  queueUrl: string;
  routing: Readonly<Record<string, readonly EventRoute[]>>;
  /** @default 100 */
  max?: number;
}): Promise<StreamFailureRedriveResult> {
  const max = options.max ?? 100;
  const result: StreamFailureRedriveResult = { done: [], retryLater: [], leftAlone: [] };
  const seen = () => result.done.length + result.retryLater.length + result.leftAlone.length;
  while (seen() < max) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: Math.min(10, max - seen()),
        // Not received twice in one run: a record kept for later stays invisible until the run is over.
        VisibilityTimeout: 300,
        WaitTimeSeconds: 0,
      }),
    );
    if (Messages.length === 0) return result;
    for (const message of Messages) await redriveFailure(options, message, result);
  }
  return result;
}

async function redriveFailure(
  options: { queueUrl: string; routing: Readonly<Record<string, readonly EventRoute[]>> },
  message: Message,
  result: StreamFailureRedriveResult,
): Promise<void> {
  const id = message.MessageId ?? '?';
  const window = windowOf(message.Body);
  if (!window) {
    result.leftAlone.push(id);
    return;
  }
  const outcome = await redriveOutbox({ routing: options.routing, ...window });
  if (outcome.failed.length > 0) {
    result.retryLater.push(id);
    return;
  }
  await sqs.send(
    new DeleteMessageCommand({ QueueUrl: options.queueUrl, ReceiptHandle: message.ReceiptHandle }),
  );
  result.done.push({ messageId: id, resent: outcome.resent.length });
}
