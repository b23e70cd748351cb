import {
  EventType as BatchEventType,
  BatchProcessor,
  processPartialResponse,
} from '@aws-lambda-powertools/batch';
import middy, { type MiddyfiedHandler } from '@middy/core';
import {
  commit,
  commitOnce,
  delayRedelivery,
  isProcessed,
  markProcessed,
  once,
  type Rejection,
  recordRejection,
  retryDelaySeconds,
  type TransactItem,
} from '@wuhan/aws';
import {
  ConcurrentUpdateError,
  type ConsumedEvents,
  DomainError,
  type DomainEvent,
  type EventEnvelope,
  type EventRejection,
  type EventType,
  eventRejectedEvent,
  everyEvent,
  newEventOf,
  parseConsumedEvent,
} from '@wuhan/domain';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from './logger.js';

/** A message that can never succeed: it is not an event this consumer can read. Permanent. */
export class PoisonMessageError extends Error {
  override name = 'PoisonMessageError';
  constructor(
    readonly rejection: EventRejection,
    options?: ErrorOptions,
  ) {
    super(rejection.reason, options);
  }
}

export interface EventContext {
  record: SQSRecord;
  /** How many times SQS has delivered this message (1 on the first try). */
  receiveCount: number;
  lambdaContext: Context;
}

/** What a consumer gets besides the event: its effects, de-duplicated through the shared inbox. */
export interface ConsumerContext extends EventContext {
  /**
   * The consumer's writes and events in one transaction with its inbox item. `duplicate`: the event was
   * processed before and nothing was written; succeed without further effect.
   */
  commit(
    writes: readonly TransactItem[],
    events?: readonly DomainEvent[],
  ): Promise<'committed' | 'duplicate'>;
  /** An effect outside the table (another system), once per event (packages/aws/src/inbox.ts `once`). */
  once(effect: () => Promise<void>): Promise<'done' | 'duplicate'>;
}

export interface EventConsumerOptions<T extends EventType = EventType> {
  /** The consumer's name: its inbox items and rejected messages are keyed by it. */
  name: string;
  /**
   * The event types this consumer reads (`consumedEvents`): only these are parsed, and any other type is
   * refused as an unknown type. Without it the whole catalog is read (tests, fixtures).
   */
  events?: ConsumedEvents<T>;
  /**
   * `inbox` (the default): the consumer skips an event it processed, and `context.commit` / `context.once`
   * record it in the same step as the effect; a handler that used neither is marked processed after it returns.
   * `own`: the consumer de-duplicates itself (notification's per-recipient mail claims); `context.commit` is
   * the plain outbox commit and `context.once` runs the effect.
   */
  dedupe?: 'inbox' | 'own';
  handle(event: DomainEvent<T>, context: ConsumerContext): Promise<void>;
  /**
   * Seconds before the next delivery after a transient failure, indexed by delivery count (the last repeats).
   * @default RETRY_DELAYS_SECONDS (packages/aws/src/queue-backoff.ts: 2 s, 8 s, 30 s, 120 s, 300 s)
   */
  retryDelays?: readonly number[];
  /** The clock, for tests. */
  now?: () => Date;
}

/** The event a message carries (the relay sends each event as the message body), or PoisonMessageError. */
export function parseEventMessage(record: SQSRecord): DomainEvent;
export function parseEventMessage<T extends EventType>(
  record: SQSRecord,
  consumed: ConsumedEvents<T>,
): DomainEvent<T>;
export function parseEventMessage(record: SQSRecord, consumed?: ConsumedEvents<EventType>): DomainEvent {
  return messageEvent(record, consumed ?? everyEvent());
}

/** `parseEventMessage` for a declaration: bundles only the declared types' schemas (issue 13). */
function messageEvent(record: SQSRecord, consumed: ConsumedEvents<EventType>): DomainEvent {
  let json: unknown;
  try {
    json = JSON.parse(record.body);
  } catch (cause) {
    throw new PoisonMessageError({ kind: 'malformed', reason: 'The message body is not JSON' }, { cause });
  }
  const parsed = parseConsumedEvent(json, consumed);
  if (!parsed.ok) throw new PoisonMessageError(parsed);
  return parsed.event;
}

/** The type a message claims to be, read without trusting it (for the no-loop rule on unparseable bodies). */
function claimedType(body: string): string | undefined {
  try {
    const json: unknown = JSON.parse(body);
    if (typeof json === 'object' && json !== null && 'type' in json && typeof json.type === 'string') {
      return json.type;
    }
  } catch {
    // Not JSON: no claimed type.
  }
  return undefined;
}

function rejectionOf(
  consumer: string,
  record: SQSRecord,
  kind: Rejection['kind'],
  reason: string,
  envelope: EventEnvelope | undefined,
): Rejection {
  return {
    consumer,
    messageId: record.messageId,
    kind,
    reason,
    body: record.body,
    ...(envelope ? { eventId: envelope.id, eventType: envelope.type, eventVersion: envelope.version } : {}),
  };
}

/** The event that tells staff; never about an `event.rejected` itself, so a poison rejection cannot loop. */
function rejectedEvent(rejection: Rejection, envelope: EventEnvelope | undefined, now: Date): DomainEvent[] {
  const type = rejection.eventType ?? claimedType(rejection.body);
  if (type === 'event.rejected') return [];
  const projectId = envelope?.subject.kind === 'project' ? envelope.subject.id : undefined;
  return [
    newEventOf(eventRejectedEvent, {
      actor: { role: 'system', id: rejection.consumer },
      subject: envelope?.subject ?? { kind: 'consumer', id: rejection.consumer },
      correlationId: envelope?.correlationId ?? `message-${rejection.messageId}`,
      data: {
        consumer: rejection.consumer,
        messageId: rejection.messageId,
        kind: rejectedKind(rejection.kind),
        reason: rejection.reason,
        ...(envelope
          ? {
              rejectedEventId: envelope.id,
              rejectedEventType: envelope.type,
              rejectedEventVersion: envelope.version,
            }
          : {}),
        ...(projectId ? { projectId } : {}),
      },
      now,
    }),
  ];
}

const rejectionKinds = ['malformed', 'unknown-type', 'unknown-version', 'invalid-data', 'domain'] as const;
function rejectedKind(kind: string): (typeof rejectionKinds)[number] {
  return rejectionKinds.find((k) => k === kind) ?? 'malformed';
}

/**
 * An SQS consumer of domain events with partial batch responses: each record is parsed with the event catalog
 * and processed on its own, so one bad or failing record fails alone.
 *
 * Permanent failures (a message that is not an event, an unknown type or version, data that fails its schema,
 * a `DomainError` from the use case) are recorded with their reason and an `event.rejected` event for staff,
 * in one transaction, and the message is acknowledged: a retry could not change the answer, so it does not wait
 * five deliveries to land in the DLQ. Every other error is transient: the message's visibility is set to a short,
 * growing backoff (2 s, 8 s, 30 s … by delivery count, instead of the whole visibility timeout), it is reported
 * as a batch item failure, retried, and after `maxReceiveCount` deliveries moved to the DLQ.
 */
export function eventConsumer<T extends EventType>(
  options: EventConsumerOptions<T> & { events: ConsumedEvents<T> },
): MiddyfiedHandler<SQSEvent, SQSBatchResponse>;
export function eventConsumer(options: EventConsumerOptions): MiddyfiedHandler<SQSEvent, SQSBatchResponse>;
export function eventConsumer(options: EventConsumerOptions): MiddyfiedHandler<SQSEvent, SQSBatchResponse> {
  return declaredEventConsumer({ ...options, events: options.events ?? everyEvent(options.name) });
}

/**
 * `eventConsumer` with its declaration required: what a deployed consumer uses, because `eventConsumer`'s
 * fallback to the whole catalog would bundle every event schema (issue 13).
 */
export function declaredEventConsumer<T extends EventType>(
  options: EventConsumerOptions<T> & { events: ConsumedEvents<T> },
): MiddyfiedHandler<SQSEvent, SQSBatchResponse>;
export function declaredEventConsumer(
  options: EventConsumerOptions & { events: ConsumedEvents<EventType> },
): MiddyfiedHandler<SQSEvent, SQSBatchResponse> {
  const { name } = options;
  const now = options.now ?? (() => new Date());
  const dedupe = options.dedupe ?? 'inbox';

  const handleEvent = async (event: DomainEvent, base: EventContext) => {
    if (dedupe === 'own') {
      return options.handle(event, {
        ...base,
        commit: async (writes, events = []) => {
          await commit(writes, events);
          return 'committed';
        },
        once: async (effect) => {
          await effect();
          return 'done';
        },
      });
    }
    if (await isProcessed(name, event.id)) {
      logger.info('Event already processed by this consumer; acknowledged');
      return;
    }
    // Recorded only once a commit or effect actually stored the inbox item: a handler whose commit lost a race
    // (cancelled, then a fresh read found the work done by another delivery) and returned is marked below.
    let recorded = false;
    const receipt = () => ({ consumer: name, eventId: event.id, now: now() });
    await options.handle(event, {
      ...base,
      commit: async (writes, events) => {
        const outcome = await commitOnce(receipt(), writes, events);
        recorded = true;
        return outcome;
      },
      once: async (effect) => {
        const outcome = await once(receipt(), effect);
        recorded = true;
        return outcome;
      },
    });
    if (!recorded) await markProcessed(receipt());
  };

  const reject = async (
    record: SQSRecord,
    rejection: EventRejection | { kind: 'domain'; reason: string },
    envelope: EventEnvelope | undefined,
  ) => {
    const at = now();
    const stored = rejectionOf(name, record, rejection.kind, rejection.reason, envelope);
    const outcome = await recordRejection(stored, rejectedEvent(stored, envelope, at), at);
    logger.error('Message rejected for good: recorded, staff told, not retried', {
      consumer: name,
      messageId: record.messageId,
      kind: rejection.kind,
      reason: rejection.reason,
      outcome,
    });
  };

  const handleRecord = async (record: SQSRecord, lambdaContext: Context) => {
    const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? '1');
    let event: DomainEvent | undefined;
    try {
      try {
        event = messageEvent(record, options.events);
        logger.appendKeys({ correlationId: event.correlationId, eventId: event.id, eventType: event.type });
        await handleEvent(event, { record, receiveCount, lambdaContext });
      } catch (error) {
        if (error instanceof PoisonMessageError) {
          const { rejection } = error;
          await reject(record, rejection, 'envelope' in rejection ? rejection.envelope : undefined);
          return;
        }
        // A lost optimistic race is a DomainError too, but transient: retried, never recorded as refused.
        if (error instanceof DomainError && !(error instanceof ConcurrentUpdateError) && event) {
          await reject(record, { kind: 'domain', reason: `${error.name}: ${error.message}` }, event);
          return;
        }
        throw error;
      }
    } catch (error) {
      // Transient (also a rejection that could not be recorded): retried after a short, growing wait.
      const retryInSeconds = await backOff(record, receiveCount);
      logger.warn('Event processing failed; the message will be retried', {
        error: error instanceof Error ? error : new Error(String(error)),
        receiveCount,
        retryInSeconds,
      });
      throw error;
    } finally {
      logger.removeKeys(['correlationId', 'eventId', 'eventType']);
    }
  };

  /**
   * Shortens the wait before the next delivery from the queue's visibility timeout to the backoff for this
   * delivery count. Best effort: when it fails the message simply returns after the visibility timeout.
   * Returns the wait in seconds, or undefined when it could not be set.
   */
  const backOff = async (record: SQSRecord, receiveCount: number): Promise<number | undefined> => {
    const seconds = retryDelaySeconds(receiveCount, options.retryDelays);
    try {
      await delayRedelivery({
        queueArn: record.eventSourceARN,
        receiptHandle: record.receiptHandle,
        seconds,
      });
      return seconds;
    } catch (error) {
      logger.warn('Could not set the retry delay; the message returns after the visibility timeout', {
        error: error instanceof Error ? error : new Error(String(error)),
      });
      return undefined;
    }
  };

  const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    // A processor per invocation: it keeps the batch's failures as state, and one shared by invocations running
    // at once (the local stack's concurrent pollers over one module) let one reset or report another's, so a
    // failed record could be deleted as done (test/reliability/faults.test.ts lost an event that way).
    processPartialResponse(
      event,
      (record: SQSRecord) => handleRecord(record, context),
      new BatchProcessor(BatchEventType.SQS),
      {
        context,
        // A batch in which every record failed is still reported record by record, not thrown as a whole.
        throwOnFullBatchFailure: false,
      },
    );
  return middy<SQSEvent, SQSBatchResponse>().handler(handler);
}
