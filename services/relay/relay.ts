import { type MessageAttributeValue, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { queueUrl, sqs } from '@wuhan/aws';
import { logger } from '@wuhan/middleware';
import { type EventRoute, RELAY_UNDELIVERABLE_QUEUE } from '@wuhan/topology';
import { chunkBatches, MAX_BATCH_BYTES, messageBytes } from './batches.js';
import { type Delivery, planDeliveries, type RelayItem, type Undeliverable } from './plan-deliveries.js';
import { sqsJson } from './sqs-json.js';
import { isPermanentRefusal, parkedMessage } from './undeliverable.js';

export interface RelayOptions {
  /** Where undeliverable events are parked. @default 'relay-undeliverable' */
  undeliverableQueue?: string;
  /** Byte limit of one message and of one SendMessageBatch. @default 256 KiB */
  maxBatchBytes?: number;
  now?: () => Date;
  /** Told of every event parked on relay-undeliverable (redrive counts them). */
  onParked?: (item: Undeliverable) => void;
}

interface Outgoing<T> {
  item: T;
  body: string;
  attributes: Record<string, MessageAttributeValue>;
}

interface SendOutcome<T> {
  /** Worth retrying: the request failed, or SQS failed the entry for a passing reason. */
  retry: T[];
  /** Refused for good, with SQS's code. */
  refused: { item: T; code: string }[];
  /** Larger than any batch may be. */
  oversized: T[];
}

/**
 * Sends each event to every queue its routes resolve to, in batches bounded by count and by bytes. What can
 * never be delivered (no route, a field value outside the route's targets, too large, refused by SQS for good) is
 * parked on relay-undeliverable with its reason, and its record counts as done. Returns the ids of the records
 * with a message still to retry (a failed request, throttling, an SQS error, or parking that failed), so the
 * stream retries them; a retry may deliver some messages twice, which consumers absorb by de-duplicating on the
 * event id.
 */
export async function relay(
  items: readonly RelayItem[],
  routing: Readonly<Record<string, readonly EventRoute[]>>,
  options: RelayOptions = {},
): Promise<Set<string>> {
  const maxBytes = options.maxBatchBytes ?? MAX_BATCH_BYTES;
  const { deliveries, undeliverable } = planDeliveries(items, routing);
  const failed = new Set<string>();

  const outcomes = await Promise.all(
    [...Map.groupBy(deliveries, (d) => d.queue)].map(async ([queue, batch]) => ({
      queue,
      outcome: await sendAll(queue, batch.map(deliveryMessage), maxBytes),
    })),
  );
  const parked: Undeliverable[] = [...undeliverable];
  for (const { queue, outcome } of outcomes) {
    for (const delivery of outcome.retry) failed.add(delivery.recordId);
    for (const { item, code } of outcome.refused)
      parked.push({ ...item, reason: 'rejected', detail: `SQS refused the message: ${code}`, sqsCode: code });
    for (const item of outcome.oversized)
      parked.push({
        ...item,
        reason: 'too-large',
        detail: `the message is larger than ${maxBytes} bytes`,
        queue,
      });
  }
  for (const item of await park(parked, options, maxBytes)) failed.add(item.recordId);
  return failed;
}

/**
 * Parks each undeliverable event on relay-undeliverable and returns those it could not park. Parking is the
 * last resort: a record whose event was not parked fails, and the stream retries it (after its retries, the
 * relay's on-failure queue holds it, watched by the same alarm). Nothing is dropped.
 */
async function park(
  parked: readonly Undeliverable[],
  options: RelayOptions,
  maxBytes: number,
): Promise<Undeliverable[]> {
  if (parked.length === 0) return [];
  const parkedAt = (options.now ?? (() => new Date()))();
  for (const item of parked) {
    options.onParked?.(item);
    logger.warn('Event undeliverable; parked for a person to redrive', {
      eventId: item.event.id,
      eventType: item.event.type,
      reason: item.reason,
      queue: item.queue,
    });
  }
  const target = options.undeliverableQueue ?? RELAY_UNDELIVERABLE_QUEUE;
  const send = (batch: readonly Undeliverable[]) =>
    sendAll(
      target,
      batch.map((item) => ({ item, ...parkedMessage(item, parkedAt, maxBytes) })),
      maxBytes,
    );
  const first = await send(parked);
  // The event's own text can hold characters SQS refuses: park a reference to it instead (its history row
  // keeps it), rather than failing the record over the very text that made it undeliverable.
  const badContents = first.refused.filter((r) => r.code === 'InvalidMessageContents' && !r.item.sqsCode);
  const second = await send(badContents.map((r) => ({ ...r.item, sqsCode: r.code })));
  const notParked = [
    ...first.retry,
    ...first.refused.filter((r) => !badContents.includes(r)).map((r) => r.item),
    ...first.oversized,
    ...second.retry,
    ...second.refused.map((r) => r.item),
    ...second.oversized,
  ];
  for (const item of notParked)
    logger.error('Could not park an undeliverable event', { eventId: item.event.id, reason: item.reason });
  return notParked;
}

function deliveryMessage(delivery: Delivery): Outgoing<Delivery> {
  return {
    item: delivery,
    body: sqsJson(delivery.event),
    attributes: {
      eventType: { DataType: 'String', StringValue: delivery.event.type },
      correlationId: { DataType: 'String', StringValue: delivery.event.correlationId },
    },
  };
}

async function sendAll<T>(queue: string, messages: Outgoing<T>[], maxBytes: number): Promise<SendOutcome<T>> {
  const { batches, oversized } = chunkBatches(messages, (m) => messageBytes(m.body, m.attributes), {
    maxBytes,
  });
  const outcome: SendOutcome<T> = { retry: [], refused: [], oversized: oversized.map((m) => m.item) };
  await Promise.all(batches.map((batch) => sendBatch(queue, batch, outcome)));
  return outcome;
}

async function sendBatch<T>(queue: string, batch: Outgoing<T>[], outcome: SendOutcome<T>): Promise<void> {
  try {
    const out = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl(queue),
        Entries: batch.map((m, index) => ({
          Id: String(index),
          MessageBody: m.body,
          MessageAttributes: m.attributes,
        })),
      }),
    );
    for (const failure of out.Failed ?? []) {
      const message = batch[Number(failure.Id)];
      if (!message) continue;
      const permanent = isPermanentRefusal(failure);
      if (permanent) outcome.refused.push({ item: message.item, code: failure.Code ?? 'unknown' });
      else outcome.retry.push(message.item);
      logger.warn('Message not accepted by SQS', {
        queue,
        code: failure.Code,
        senderFault: failure.SenderFault,
        permanent,
      });
    }
  } catch (error) {
    logger.error('SendMessageBatch failed', { queue, error: error as Error });
    for (const m of batch) outcome.retry.push(m.item);
  }
}
