import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { resetConfig } from '@wuhan/aws';
import { context, httpEvent } from '@wuhan/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from './handler.js';

/**
 * Issue 12, defect 9: the public health route said which queues and platforms exist. Anyone may still learn
 * whether the service is up; which dependency is down, by name, is for staff.
 */
const ddb = mockClient(DynamoDBClient);
const sqs = mockClient(SQSClient);
const queueUrls = {
  notification: 'http://sqs.local/notification',
  'platform-cvc-whu': 'http://sqs.local/platform-cvc-whu',
};

beforeEach(() => {
  ddb.reset();
  sqs.reset();
  ddb.on(DescribeTableCommand).resolves({});
  sqs.on(GetQueueAttributesCommand).resolves({ Attributes: {} });
  process.env.TABLE_NAME = 'main';
  process.env.QUEUE_URLS = JSON.stringify(queueUrls);
  resetConfig();
});

/** A request through API Gateway; `authorizer` is what the authorizer put in its context (none: a public route). */
async function get(path: string, authorizer: Record<string, unknown> = {}) {
  const event = httpEvent({ path });
  const result = await handler(
    { ...event, requestContext: { ...event.requestContext, authorizer: { lambda: authorizer } } },
    context(),
  );
  return { status: result.statusCode, body: JSON.parse(result.body ?? '{}') as unknown };
}
const staff = { role: 'staff', ownerId: 'stf-li', keyId: 'key_stf' };

describe('GET /v1/health (public)', () => {
  it('answers the status and nothing else: no queue or platform names', async () => {
    const res = await get('/v1/health');
    expect(res).toEqual({ status: 200, body: { status: 'ok' } });
    expect(JSON.stringify(res.body)).not.toContain('platform-cvc-whu');
  });

  it('answers 503 degraded when a dependency is down, still without saying which', async () => {
    sqs.on(GetQueueAttributesCommand, { QueueUrl: queueUrls['platform-cvc-whu'] }).rejects(new Error('down'));
    expect(await get('/v1/health')).toEqual({ status: 503, body: { status: 'degraded' } });
  });
});

describe('GET /v1/health/details (staff)', () => {
  it('names the table and every queue with its state', async () => {
    sqs.on(GetQueueAttributesCommand, { QueueUrl: queueUrls['platform-cvc-whu'] }).rejects(new Error('down'));
    expect(await get('/v1/health/details', staff)).toEqual({
      status: 503,
      body: {
        status: 'degraded',
        checks: { table: 'ok', queues: { notification: 'ok', 'platform-cvc-whu': 'unreachable' } },
      },
    });
  });

  it('refuses a partner (403) and a caller without a key (401)', async () => {
    expect(
      (await get('/v1/health/details', { role: 'partner', ownerId: 'ptn-1', keyId: 'key_p' })).status,
    ).toBe(403);
    expect((await get('/v1/health/details')).status).toBe(401);
  });
});
