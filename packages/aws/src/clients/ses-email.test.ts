import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type SendEmailInput, SesEmailClient, SesSendEmailCommand, sesEndpoint } from './ses-email.js';
import {
  type HttpAnswer,
  httpAnswer,
  recordingHttpHandler,
  signingScope,
  testCredentials,
} from './testing.js';

/**
 * The one-operation SES v2 client must send exactly what the generated `@aws-sdk/client-sesv2` sends (REST-JSON:
 * POST /v2/email/outbound-emails with the input as the JSON body, SigV4 for service `ses` in the function's
 * region) and fail with the same error names, so these tests stop at the HTTP handler, the lowest layer this
 * module owns.
 */
const reply = (status: number, body: string, headers: Record<string, string> = {}) =>
  httpAnswer(status, body, 'application/json', headers);

/** A client whose HTTP handler records each request and answers with the next of `answers` (the last repeats). */
function clientAnswering(answers: HttpAnswer[], options: { region?: string; maxAttempts?: number } = {}) {
  const { handle, sent } = recordingHttpHandler(answers);
  const client = new SesEmailClient({
    region: options.region ?? 'ap-southeast-1',
    credentials: testCredentials,
    requestHandler: { handle },
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  });
  return { client, sent };
}

const mail: SendEmailInput = {
  FromEmailAddress: 'noreply@wuhan.example',
  Destination: { ToAddresses: ['expert@example.com'] },
  Content: {
    Simple: {
      Subject: { Data: '项目已提名', Charset: 'UTF-8' },
      Body: {
        Html: { Data: '<p>您好</p>', Charset: 'UTF-8' },
        Text: { Data: '您好', Charset: 'UTF-8' },
      },
      Headers: [{ Name: 'List-Unsubscribe', Value: '<https://api.example/v1/unsubscribe?t=tok>' }],
    },
  },
};

const sesError = (status: number, type: string, message: string) =>
  reply(status, JSON.stringify({ message }), { 'x-amzn-errortype': `${type}:http://internal.amazon.com/` });

// `npm test` runs these beside the integration project, whose local stack writes its endpoints
// (AWS_ENDPOINT_URL_SESV2 among them) into the runner's process.env, which unit workers inherit: each test
// starts without them, so the default endpoint is what these tests see unless a test sets one.
beforeEach(() => {
  vi.stubEnv('AWS_ENDPOINT_URL_SESV2', undefined);
  vi.stubEnv('AWS_ENDPOINT_URL', undefined);
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the SendEmail client', () => {
  it('POSTs the message as JSON to /v2/email/outbound-emails at the regional endpoint, signed for ses', async () => {
    const { client, sent } = clientAnswering([reply(200, JSON.stringify({ MessageId: 'ses-msg-1' }))]);

    const answer = await client.send(new SesSendEmailCommand(mail));

    expect(answer.MessageId).toBe('ses-msg-1');
    expect(sent).toHaveLength(1);
    const [request] = sent;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('https://email.ap-southeast-1.amazonaws.com/v2/email/outbound-emails');
    expect(request?.headers['content-type']).toBe('application/json');
    // Exactly the input, member for member, as the generated client serializes it.
    expect(request?.body).toEqual(mail);
    expect(signingScope(request?.headers ?? {})).toEqual(['ap-southeast-1', 'ses']);
  });

  it("uses the partition's domain outside the aws partition (Beijing: amazonaws.com.cn) and signs for that region", async () => {
    const { client, sent } = clientAnswering([reply(200, '{}')], { region: 'cn-north-1' });

    await client.send(new SesSendEmailCommand(mail));

    expect(sent[0]?.url).toBe('https://email.cn-north-1.amazonaws.com.cn/v2/email/outbound-emails');
    expect(signingScope(sent[0]?.headers ?? {})).toEqual(['cn-north-1', 'ses']);
  });

  it('sends to AWS_ENDPOINT_URL_SESV2 when set, as the local stack sets it for its SES emulator', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_SESV2', 'http://127.0.0.1:45124');
    const { client, sent } = clientAnswering([reply(200, '{}')]);

    await client.send(new SesSendEmailCommand(mail));

    expect(sent[0]?.url).toBe('http://127.0.0.1:45124/v2/email/outbound-emails');
    expect(signingScope(sent[0]?.headers ?? {})).toEqual(['ap-southeast-1', 'ses']);
  });

  it.each([
    ['TooManyRequestsException', 429],
    ['LimitExceededException', 400],
  ])(
    'retries a send throttled with %s with the SDK defaults, as the generated client does',
    async (name, status) => {
      const throttled = sesError(status, name, 'Maximum sending rate exceeded.');
      const { client, sent } = clientAnswering([throttled, reply(200, JSON.stringify({ MessageId: 'm' }))]);

      await expect(client.send(new SesSendEmailCommand(mail))).resolves.toMatchObject({ MessageId: 'm' });
      expect(sent).toHaveLength(2);
    },
  );

  it('with maxAttempts 1 (the consumer leaves retries to its queue) fails at the first throttle, named as modelled', async () => {
    const throttled = sesError(429, 'TooManyRequestsException', 'Maximum sending rate exceeded.');
    const { client, sent } = clientAnswering([throttled], { maxAttempts: 1 });

    await expect(client.send(new SesSendEmailCommand(mail))).rejects.toMatchObject({
      name: 'TooManyRequestsException',
      message: 'Maximum sending rate exceeded.',
      $fault: 'client',
      $metadata: { httpStatusCode: 429 },
    });
    expect(sent).toHaveLength(1);
  });

  it.each([
    ['MessageRejected', 400],
    ['BadRequestException', 400],
    ['MailFromDomainNotVerifiedException', 400],
    ['LimitExceededException', 400],
    ['SendingPausedException', 400],
    ['AccountSuspendedException', 400],
    ['NotFoundException', 404],
  ])('rejects with the model name %s (HTTP %i), which the mailer classifies by', async (name, status) => {
    // One attempt, as the notification consumer sends (LimitExceededException is retried as throttling otherwise).
    const { client, sent } = clientAnswering([sesError(status, name, `${name} happened`)], {
      maxAttempts: 1,
    });

    await expect(client.send(new SesSendEmailCommand(mail))).rejects.toMatchObject({
      name,
      message: `${name} happened`,
      $metadata: { httpStatusCode: status },
    });
    expect(sent).toHaveLength(1);
  });
});

describe('sesEndpoint', () => {
  it('prefers the configured endpoint, else builds the regional one', () => {
    expect(sesEndpoint({ Endpoint: 'http://localhost:8005', Region: 'us-east-1' }).url.href).toBe(
      'http://localhost:8005/',
    );
    expect(sesEndpoint({ Region: 'eu-west-1' }).url.href).toBe('https://email.eu-west-1.amazonaws.com/');
  });

  it('refuses FIPS and dual-stack endpoints and a missing region instead of guessing', () => {
    expect(() => sesEndpoint({ Region: 'us-east-1', UseFIPS: true })).toThrow(/FIPS/);
    expect(() => sesEndpoint({ Region: 'us-east-1', UseDualStack: true })).toThrow(/dual-stack/);
    expect(() => sesEndpoint({})).toThrow(/region/);
  });
});
