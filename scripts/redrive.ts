import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { redriveDeadLetters } from '@wuhan/aws';
import * as z from 'zod';

/**
 * `npm run redrive -- <queue> [--max N]`: moves the messages in `<queue>`'s dead-letter queue back to it, once
 * the cause is fixed. Locally (`.local/stack.json` present and no `--queue-url`) it copies message by message;
 * against AWS (`--queue-url <the stack's …QueueUrl output> [--region R]`, the operator's credentials) it starts
 * SQS's own move task from the DLQ its redrive policy names. relay-undeliverable is not a DLQ: redrive it with
 * `npx tsx services/relay/redrive-cli.ts`, which sends each parked event through today's routing.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'queue-url': { type: 'string' },
    region: { type: 'string' },
    max: { type: 'string', default: '1000' },
  },
});
const [queue] = positionals;
if (!queue) {
  console.error('Usage: npm run redrive -- <queue> [--max N] [--queue-url URL --region R]');
  process.exit(2);
}

const localStack = z.object({
  sqsEndpoint: z.string(),
  region: z.string(),
  queues: z.record(z.string(), z.string()),
  dlqs: z.record(z.string(), z.string()),
});

if (values['queue-url']) {
  const sqs = new SQSClient(values.region ? { region: values.region } : {});
  const queueUrl = values['queue-url'];
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['RedrivePolicy'] }),
  );
  const dlqArn = z
    .object({ deadLetterTargetArn: z.string() })
    .parse(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).deadLetterTargetArn;
  const { QueueUrl: dlqUrl } = await sqs.send(
    new GetQueueUrlCommand({
      QueueName: dlqArn.split(':').at(-1) ?? '',
      QueueOwnerAWSAccountId: dlqArn.split(':')[4],
    }),
  );
  const result = await redriveDeadLetters({ sqs, queueUrl, dlqUrl: dlqUrl ?? '', mode: 'move-task' });
  console.log(JSON.stringify({ queue, ...result }, null, 2));
} else {
  const info = localStack.parse(JSON.parse(readFileSync('.local/stack.json', 'utf8')));
  const queueUrl = info.queues[queue];
  const dlqUrl = info.dlqs[queue];
  if (!queueUrl || !dlqUrl) {
    console.error(
      `No queue ${queue} with a DLQ in .local/stack.json; queues: ${Object.keys(info.dlqs).join(', ')}`,
    );
    process.exit(2);
  }
  const sqs = new SQSClient({
    region: info.region,
    endpoint: info.sqsEndpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const result = await redriveDeadLetters({ sqs, queueUrl, dlqUrl, mode: 'copy', max: Number(values.max) });
  console.log(JSON.stringify({ queue, ...result }, null, 2));
}
