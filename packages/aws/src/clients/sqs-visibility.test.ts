import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  SqsChangeMessageVisibilityCommand,
  SqsGetQueueUrlCommand,
  SqsVisibilityClient,
  sqsEndpoint,
} from './sqs-visibility.js';
import {
  type HttpAnswer,
  httpAnswer,
  recordingHttpHandler,
  signingScope,
  testCredentials,
} from './testing.js';

/**
 * The two-operation SQS client must send exactly what the generated `@aws-sdk/client-sqs` sends (AWS JSON 1.0:
 * `X-Amz-Target: AmazonSQS.<operation>`, the input as the JSON body, SigV4 for service `sqs` in the function's
 * region), so these tests stop at the HTTP handler, the lowest layer this module owns.
 */
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/evaluation';

const reply = (status: number, body: string, headers: Record<string, string> = {}) =>
  httpAnswer(status, body, 'application/x-amz-json-1.0', headers);

/** A client whose HTTP handler records each request and answers with the next of `answers` (the last repeats). */
function clientAnswering(answers: HttpAnswer[], region = 'us-east-1') {
  const { handle, sent } = recordingHttpHandler(answers);
  const client = new SqsVisibilityClient({
    region,
    credentials: testCredentials,
    requestHandler: { handle },
  });
  return { client, sent };
}

// `npm test` runs these beside the integration project, whose local stack writes its endpoints
// (AWS_ENDPOINT_URL_SQS among them) into the runner's process.env, which unit workers inherit: each test
// starts without them, so the default endpoint is what these tests see unless a test sets one.
beforeEach(() => {
  vi.stubEnv('AWS_ENDPOINT_URL_SQS', undefined);
  vi.stubEnv('AWS_ENDPOINT_URL', undefined);
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the backoff SQS client', () => {
  it('sends ChangeMessageVisibility as AWS JSON 1.0 to the regional endpoint, signed for sqs in the region', async () => {
    const { client, sent } = clientAnswering([reply(200, '{}')]);

    await client.send(
      new SqsChangeMessageVisibilityCommand({
        QueueUrl: QUEUE_URL,
        ReceiptHandle: 'AQEB-receipt',
        VisibilityTimeout: 8,
      }),
    );

    expect(sent).toHaveLength(1);
    const [request] = sent;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('https://sqs.us-east-1.amazonaws.com/');
    expect(request?.headers['x-amz-target']).toBe('AmazonSQS.ChangeMessageVisibility');
    expect(request?.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(request?.body).toEqual({
      QueueUrl: QUEUE_URL,
      ReceiptHandle: 'AQEB-receipt',
      VisibilityTimeout: 8,
    });
    expect(signingScope(request?.headers ?? {})).toEqual(['us-east-1', 'sqs']);
  });

  it('sends GetQueueUrl with the queue name and reads the URL from the answer', async () => {
    const { client, sent } = clientAnswering([reply(200, JSON.stringify({ QueueUrl: QUEUE_URL }))]);

    const answer = await client.send(new SqsGetQueueUrlCommand({ QueueName: 'evaluation' }));

    expect(answer.QueueUrl).toBe(QUEUE_URL);
    expect(sent[0]?.headers['x-amz-target']).toBe('AmazonSQS.GetQueueUrl');
    expect(sent[0]?.body).toEqual({ QueueName: 'evaluation' });
  });

  it("uses the partition's domain outside the aws partition (Beijing: amazonaws.com.cn) and signs for that region", async () => {
    const { client, sent } = clientAnswering([reply(200, '{}')], 'cn-north-1');

    await client.send(
      new SqsChangeMessageVisibilityCommand({ QueueUrl: 'q', ReceiptHandle: 'r', VisibilityTimeout: 2 }),
    );

    expect(sent[0]?.url).toBe('https://sqs.cn-north-1.amazonaws.com.cn/');
    expect(signingScope(sent[0]?.headers ?? {})).toEqual(['cn-north-1', 'sqs']);
  });

  it('sends to AWS_ENDPOINT_URL_SQS when set, as the local stack sets it for its emulator', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_SQS', 'http://127.0.0.1:45123');
    const { client, sent } = clientAnswering([reply(200, '{}')]);

    await client.send(
      new SqsChangeMessageVisibilityCommand({ QueueUrl: 'q', ReceiptHandle: 'r', VisibilityTimeout: 2 }),
    );

    expect(sent[0]?.url).toBe('http://127.0.0.1:45123/');
    expect(signingScope(sent[0]?.headers ?? {})).toEqual(['us-east-1', 'sqs']);
  });

  it('fails loudly when the environment asks for a FIPS endpoint, rather than using the standard one', async () => {
    vi.stubEnv('AWS_USE_FIPS_ENDPOINT', 'true');
    const { client, sent } = clientAnswering([reply(200, '{}')]);

    await expect(
      client.send(
        new SqsChangeMessageVisibilityCommand({ QueueUrl: 'q', ReceiptHandle: 'r', VisibilityTimeout: 2 }),
      ),
    ).rejects.toThrow(/FIPS/);
    expect(sent).toHaveLength(0);
  });

  it('retries a throttled call, as the generated client does', async () => {
    const throttled = reply(
      403,
      JSON.stringify({ __type: 'com.amazonaws.sqs#RequestThrottled', message: 'slow down' }),
      { 'x-amzn-query-error': 'RequestThrottled;Sender' },
    );
    const { client, sent } = clientAnswering([throttled, reply(200, '{}')]);

    await client.send(
      new SqsChangeMessageVisibilityCommand({ QueueUrl: 'q', ReceiptHandle: 'r', VisibilityTimeout: 2 }),
    );

    expect(sent).toHaveLength(2);
  });

  it("rejects with SQS's error name and status when the call fails for good", async () => {
    const notInFlight = reply(
      400,
      JSON.stringify({ __type: 'com.amazonaws.sqs#MessageNotInflight', message: 'Message not in flight' }),
      { 'x-amzn-query-error': 'AWS.SimpleQueueService.MessageNotInflight;Sender' },
    );
    const { client, sent } = clientAnswering([notInFlight]);

    const failure = client.send(
      new SqsChangeMessageVisibilityCommand({ QueueUrl: 'q', ReceiptHandle: 'r', VisibilityTimeout: 2 }),
    );

    await expect(failure).rejects.toMatchObject({
      name: 'MessageNotInflight',
      $metadata: { httpStatusCode: 400 },
    });
    expect(sent).toHaveLength(1);
  });

  it("names a failure by the model, not by SQS's query code, as the generated client does", async () => {
    const missing = reply(
      400,
      JSON.stringify({
        __type: 'com.amazonaws.sqs#QueueDoesNotExist',
        message: 'The specified queue does not exist.',
      }),
      { 'x-amzn-query-error': 'AWS.SimpleQueueService.NonExistentQueue;Sender' },
    );
    const { client } = clientAnswering([missing]);

    await expect(client.send(new SqsGetQueueUrlCommand({ QueueName: 'gone' }))).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
      message: 'The specified queue does not exist.',
    });
  });
});

describe('sqsEndpoint', () => {
  it('prefers the configured endpoint, else builds the regional one', () => {
    expect(sqsEndpoint({ Endpoint: 'http://localhost:9324', Region: 'us-east-1' }).url.href).toBe(
      'http://localhost:9324/',
    );
    expect(sqsEndpoint({ Region: 'ap-east-1' }).url.href).toBe('https://sqs.ap-east-1.amazonaws.com/');
  });

  it('refuses FIPS and dual-stack endpoints and a missing region instead of guessing', () => {
    expect(() => sqsEndpoint({ Region: 'us-east-1', UseFIPS: true })).toThrow(/FIPS/);
    expect(() => sqsEndpoint({ Region: 'us-east-1', UseDualStack: true })).toThrow(/dual-stack/);
    expect(() => sqsEndpoint({})).toThrow(/region/);
  });
});
