import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import type { StackInfo } from '@wuhan/local-stack';
import { testSqsClient } from './clients.js';

type Info = Pick<StackInfo, 'sqsEndpoint' | 'region'>;

/**
 * Receives (and by default deletes) what the queue holds now, until a receive comes back empty. Use it on
 * queues no function consumes (platform queues, DLQs); on a consumed queue the poller competes for messages.
 */
export async function receiveAll(
  info: Info,
  queueUrl: string,
  options: { delete?: boolean; waitSeconds?: number } = {},
): Promise<Message[]> {
  const sqs = testSqsClient(info);
  const out: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: options.waitSeconds ?? 0,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
        // Hidden long enough to drain the queue without seeing a message twice.
        VisibilityTimeout: options.delete === false ? 1 : 30,
      }),
    );
    if (Messages.length === 0) return out;
    out.push(...Messages);
    if (options.delete !== false) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
        }),
      );
    }
  }
}

/** The bodies of `receiveAll`, parsed as JSON. */
export async function receiveJson<T = unknown>(info: Info, queueUrl: string): Promise<T[]> {
  return (await receiveAll(info, queueUrl)).map((m) => JSON.parse(m.Body ?? 'null') as T);
}

/** Visible and in-flight messages (approximate, as SQS reports them). */
export async function queueDepth(
  info: Info,
  queueUrl: string,
): Promise<{ visible: number; inFlight: number }> {
  const { Attributes = {} } = await testSqsClient(info).send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    visible: Number(Attributes.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
}

export async function sendJson(info: Info, queueUrl: string, body: unknown): Promise<string> {
  const { MessageId } = await testSqsClient(info).send(
    new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(body) }),
  );
  return MessageId ?? '';
}
