import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { queueUrl, sqs } from '@wuhan/aws';
import type { EventEnvelope } from '@wuhan/domain';
import { logger } from '@wuhan/middleware';
import { chunk, type Delivery, planDeliveries } from './plan-deliveries.js';

/**
 * Sends each event to every queue its type routes to, batching ten messages a request. Returns the ids of the
 * records with an undelivered message, so the stream retries them; a retry may deliver some messages twice,
 * which consumers absorb by de-duplicating on the event id.
 */
export async function relay(
  items: readonly { recordId: string; event: EventEnvelope }[],
  routing: Readonly<Record<string, readonly string[]>>,
): Promise<Set<string>> {
  const { deliveries, unrouted } = planDeliveries(items, routing);
  for (const event of unrouted)
    logger.warn('Event type has no route; not delivered', { eventType: event.type });

  const byQueue = Map.groupBy(deliveries, (d) => d.queue);
  const failed = new Set<string>();
  await Promise.all(
    [...byQueue].flatMap(([queue, queueDeliveries]) =>
      chunk(queueDeliveries).map((batch) => sendBatch(queue, batch, failed)),
    ),
  );
  return failed;
}

async function sendBatch(queue: string, batch: Delivery[], failed: Set<string>): Promise<void> {
  try {
    const out = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl(queue),
        Entries: batch.map((d, index) => ({
          Id: String(index),
          MessageBody: JSON.stringify(d.event),
          MessageAttributes: {
            eventType: { DataType: 'String', StringValue: d.event.type },
            correlationId: { DataType: 'String', StringValue: d.event.correlationId },
          },
        })),
      }),
    );
    for (const failure of out.Failed ?? []) {
      const delivery = batch[Number(failure.Id)];
      if (delivery) failed.add(delivery.recordId);
      logger.warn('Message not accepted by SQS', {
        queue,
        code: failure.Code,
        senderFault: failure.SenderFault,
      });
    }
  } catch (error) {
    logger.error('SendMessageBatch failed', { queue, error: error as Error });
    for (const d of batch) failed.add(d.recordId);
  }
}
