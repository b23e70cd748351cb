import { randomUUID } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import { type EventEnvelope, newId } from '@wuhan/domain';
import { apiGatewayEvent, authorizerEvent, lambdaContext } from '@wuhan/local-stack';
import type {
  APIGatewayProxyEventV2,
  APIGatewayRequestAuthorizerEventV2,
  Context,
  DynamoDBRecord,
  DynamoDBStreamEvent,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';

/**
 * Event factories for unit tests. The API Gateway events are built by the same code the local stack uses, so a
 * handler unit-tested with them sees exactly what it sees behind the local (and the real) API Gateway.
 */

/** A Lambda context fixture; `getRemainingTimeInMillis` counts down from the timeout (default 10 s). */
export function context(
  overrides: Partial<{ functionName: string; timeoutSeconds: number; memoryMb: number }> = {},
): Context {
  return lambdaContext({ functionName: 'test-function', timeoutSeconds: 10, ...overrides });
}

export interface HttpEventInput {
  method?: string;
  /** The concrete path, `/v1/projects/prj_…`. */
  path: string;
  /** The route template, `/v1/projects/{id}`; defaults to the concrete path. */
  route?: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** An object is sent as JSON (with a JSON content type unless headers say otherwise); a string as it is. */
  body?: unknown;
  /** What the authorizer put in its context (`role`, `ownerId`, `keyId`). */
  authorizer?: Record<string, unknown>;
}

/** With the authorizer's context given, the event is what a route behind the authorizer receives. */
export function httpEvent(
  input: HttpEventInput & { authorizer: Record<string, unknown> },
): APIGatewayProxyEventV2 & { requestContext: { authorizer: { lambda: Record<string, unknown> } } };
export function httpEvent(input: HttpEventInput): APIGatewayProxyEventV2 & {
  requestContext: { authorizer?: { lambda: Record<string, unknown> } };
};
export function httpEvent(input: HttpEventInput): APIGatewayProxyEventV2 & {
  requestContext: { authorizer?: { lambda: Record<string, unknown> } };
} {
  const method = input.method ?? 'GET';
  const body =
    input.body === undefined ? '' : typeof input.body === 'string' ? input.body : JSON.stringify(input.body);
  const headers: Record<string, string> = {
    host: 'localhost',
    'user-agent': 'vitest',
    ...(input.body !== undefined && typeof input.body !== 'string'
      ? { 'content-type': 'application/json' }
      : {}),
    ...input.headers,
  };
  const event = apiGatewayEvent(
    {
      method,
      rawPath: input.path,
      rawQueryString: new URLSearchParams(input.query ?? {}).toString(),
      rawHeaders: Object.entries(headers).flat(),
      body: Buffer.from(body),
      sourceIp: '127.0.0.1',
      host: 'localhost',
    },
    `${method} ${input.route ?? input.path}`,
    input.pathParameters ?? {},
  );
  return input.authorizer
    ? { ...event, requestContext: { ...event.requestContext, authorizer: { lambda: input.authorizer } } }
    : event;
}

/** The REQUEST authorizer's event for a request with these headers (e.g. `{ authorization: 'Bearer …' }`). */
export function authorizerRequest(
  headers: Record<string, string>,
  path = '/v1/keys',
): APIGatewayRequestAuthorizerEventV2 {
  return authorizerEvent(httpEvent({ path, headers }), 'us-east-1');
}

export function sqsRecord(body: unknown, overrides: Partial<SQSRecord> = {}): SQSRecord {
  const now = String(Date.now());
  return {
    messageId: randomUUID(),
    receiptHandle: randomUUID(),
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: now,
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: now,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:test-queue',
    awsRegion: 'us-east-1',
    ...overrides,
  };
}

export function sqsEvent(...bodies: unknown[]): SQSEvent {
  return { Records: bodies.map((b) => sqsRecord(b)) };
}

let sequence = 100_000_000_000_000_000_000;

export interface StreamRecordInput {
  eventName?: 'INSERT' | 'MODIFY' | 'REMOVE';
  keys: Record<string, unknown>;
  newImage?: Record<string, unknown>;
  oldImage?: Record<string, unknown>;
  sequenceNumber?: string;
}

/** A DynamoDB stream record as Lambda delivers it; images are plain objects, marshalled here. */
export function streamRecord(input: StreamRecordInput): DynamoDBRecord {
  sequence += 1;
  return {
    eventID: randomUUID().replaceAll('-', ''),
    eventName: input.eventName ?? 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      Keys: marshall(input.keys) as never,
      ...(input.newImage
        ? { NewImage: marshall(input.newImage, { removeUndefinedValues: true }) as never }
        : {}),
      ...(input.oldImage
        ? { OldImage: marshall(input.oldImage, { removeUndefinedValues: true }) as never }
        : {}),
      SequenceNumber: input.sequenceNumber ?? String(sequence),
      SizeBytes: 100,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: 'arn:aws:dynamodb:us-east-1:000000000000:table/test/stream/2026-01-01T00:00:00.000',
  };
}

/**
 * The stream record of an event's one row (as `historyPut` writes it: the subject's history row, which is the
 * outbox the relay reads).
 */
export function outboxStreamRecord(
  event: { id: string; subject: { kind: string; id: string } } & Record<string, unknown>,
): DynamoDBRecord {
  const keys = { pk: `${event.subject.kind.toUpperCase()}#${event.subject.id}`, sk: `EVENT#${event.id}` };
  return streamRecord({ keys, newImage: { ...keys, entity: 'history', event } });
}

export function streamEvent(...records: DynamoDBRecord[]): DynamoDBStreamEvent {
  return { Records: records };
}

/**
 * An event envelope of any type and data, as the relay and the stream carry it: for code that reads envelopes and
 * never a type's data (the relay), where a catalog-checked `newEvent` would refuse a made-up type or data.
 */
export function envelope(
  type: string,
  data: Record<string, unknown> = {},
  overrides: Partial<EventEnvelope> = {},
): EventEnvelope {
  return {
    id: newId('evt'),
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    correlationId: 'corr-1',
    actor: { role: 'system', id: 'test' },
    subject: { kind: 'project', id: 'prj_1' },
    data,
    ...overrides,
  };
}
