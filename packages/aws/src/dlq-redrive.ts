import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';

/**
 * Moves what a queue's dead-letter queue holds back to the queue, once the cause is fixed (issue 12). In AWS that
 * is SQS's own `StartMessageMoveTask` (from the DLQ named by the queue's redrive policy); the local emulator has
 * no move task, so there each message is received, sent to the queue with its attributes, and only then
 * deleted: a crash between the two leaves a copy in both, which consumers absorb (they de-duplicate), never none.
 */
export async function redriveDeadLetters(input: {
  sqs: SQSClient;
  queueUrl: string;
  dlqUrl: string;
  /** `move-task` in AWS; `copy` where the emulator has no move task. */
  mode: 'move-task' | 'copy';
  /** At most this many messages (copy mode). */
  max?: number;
}): Promise<{ mode: 'move-task'; taskHandle: string } | { mode: 'copy'; moved: number }> {
  if (input.mode === 'move-task') {
    const arnOf = async (url: string) => {
      const { Attributes } = await input.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
      );
      const arn = Attributes?.QueueArn;
      if (!arn) throw new Error(`No QueueArn for ${url}`);
      return arn;
    };
    const [SourceArn, DestinationArn] = await Promise.all([arnOf(input.dlqUrl), arnOf(input.queueUrl)]);
    const { TaskHandle } = await input.sqs.send(
      new StartMessageMoveTaskCommand({ SourceArn, DestinationArn }),
    );
    return { mode: 'move-task', taskHandle: TaskHandle ?? '' };
  }
  const max = input.max ?? 1000;
  let moved = 0;
  while (moved < max) {
    const { Messages = [] } = await input.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: input.dlqUrl,
        MaxNumberOfMessages: Math.min(10, max - moved),
        WaitTimeSeconds: 1,
        VisibilityTimeout: 60,
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) break;
    const sent = await input.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: input.queueUrl,
        Entries: Messages.map((message: Message, index) => ({
          Id: String(index),
          MessageBody: message.Body ?? '',
          ...(message.MessageAttributes ? { MessageAttributes: message.MessageAttributes } : {}),
        })),
      }),
    );
    const delivered = (sent.Successful ?? []).map((entry) => Messages[Number(entry.Id)]);
    if (delivered.length > 0) {
      await input.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: input.dlqUrl,
          Entries: delivered.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message?.ReceiptHandle ?? '',
          })),
        }),
      );
    }
    moved += delivered.length;
    // A message SQS refused stays in the DLQ (visible again after 60 s) for a person to look at.
    if (delivered.length < Messages.length) break;
  }
  return { mode: 'copy', moved };
}
