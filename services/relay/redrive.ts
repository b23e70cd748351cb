import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { queueUrl, sqs } from '@wuhan/aws';
import { domainEventSchema } from '@wuhan/domain';
import * as z from '@wuhan/domain/zod';
import { type EventRoute, RELAY_UNDELIVERABLE_QUEUE } from '@wuhan/topology';
import { relay } from './relay.js';

/** What redrive needs of a parked message; the rest is for the person reading it. */
const parkedSchema = z.object({
  kind: z.literal('relay.undeliverable'),
  eventId: z.string(),
  parkedAt: z.iso.datetime(),
  event: z.optional(domainEventSchema),
});

export interface RedriveResult {
  /** Delivered now to the queues their routes resolve to. */
  redriven: string[];
  /** Still undeliverable: parked again with today's reason (the old message is gone). */
  parkedAgain: string[];
  /** Without the event (too large, or text SQS refuses), or not a parked message: left for a person. */
  leftAlone: string[];
}

export interface RedriveOptions {
  routing: Readonly<Record<string, readonly EventRoute[]>>;
  /** Stop after this many messages. @default 100 */
  max?: number;
  now?: () => Date;
}

/**
 * Staff's redrive of relay-undeliverable, once the cause is fixed (a platform added, a route declared): each
 * parked event goes through the relay again, with today's routing. Delivered, its message is deleted; still
 * undeliverable, the relay parks it anew with the current reason and the old message is deleted; a message
 * without its event stays for a person (its event is in the subject's history). Messages parked during this run
 * are not taken again, so a run ends.
 */
export async function redriveUndeliverable(options: RedriveOptions): Promise<RedriveResult> {
  const url = queueUrl(RELAY_UNDELIVERABLE_QUEUE);
  const started = (options.now ?? (() => new Date()))();
  const max = options.max ?? 100;
  const result: RedriveResult = { redriven: [], parkedAgain: [], leftAlone: [] };
  const seen = () => result.redriven.length + result.parkedAgain.length + result.leftAlone.length;

  while (seen() < max) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: Math.min(10, max - seen()),
        // Long enough that a message left alone is not received twice in one run.
        VisibilityTimeout: 300,
        WaitTimeSeconds: 0,
      }),
    );
    const fresh = Messages.filter((m) => !parkedDuringRun(m, started));
    // Only messages this run parked are left: put them back at once and stop.
    await Promise.all(Messages.filter((m) => !fresh.includes(m)).map((m) => release(url, m)));
    if (fresh.length === 0) return result;
    for (const message of fresh) await redriveOne(url, message, options, result);
  }
  return result;
}

function parseParked(message: Message) {
  let body: unknown;
  try {
    body = JSON.parse(message.Body ?? 'null');
  } catch {
    body = undefined;
  }
  return parkedSchema.safeParse(body);
}

function parkedDuringRun(message: Message, started: Date): boolean {
  const parsed = parseParked(message);
  return parsed.success && Date.parse(parsed.data.parkedAt) >= started.getTime();
}

async function redriveOne(
  url: string,
  message: Message,
  options: RedriveOptions,
  result: RedriveResult,
): Promise<void> {
  const parsed = parseParked(message);
  const id = parsed.success ? parsed.data.eventId : (message.MessageId ?? '?');
  if (!parsed.success || !parsed.data.event) {
    result.leftAlone.push(id);
    return;
  }
  const { event } = parsed.data;
  let parkedAgain = false;
  const failed = await relay([{ recordId: id, event }], options.routing, {
    ...(options.now ? { now: options.now } : {}),
    onParked: () => {
      parkedAgain = true;
    },
  });
  // A transient failure: keep the message (visible again after its timeout) for the next run.
  if (failed.size > 0) {
    result.leftAlone.push(id);
    return;
  }
  await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
  (parkedAgain ? result.parkedAgain : result.redriven).push(id);
}

/** Best effort: a message not released shows again when its visibility timeout ends, which is as good. */
async function release(url: string, message: Message): Promise<void> {
  try {
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: url,
        ReceiptHandle: message.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
  } catch {
    // Not released: it shows again when its visibility timeout ends.
  }
}
