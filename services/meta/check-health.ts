import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { config, dynamodb, sqs } from '@wuhan/aws';
import { logger } from '@wuhan/middleware';

type Check = 'ok' | 'unreachable';

async function probe(name: string, call: () => Promise<unknown>): Promise<Check> {
  try {
    await call();
    return 'ok';
  } catch (error) {
    logger.warn('Health probe failed', { dependency: name, error: error as Error });
    return 'unreachable';
  }
}

/** Probes the table and every queue at once; each probe is a cheap metadata read. */
export async function checkHealth() {
  const { tableName, queueUrls } = config();
  const [table, ...queueChecks] = await Promise.all([
    probe('table', () => dynamodb.send(new DescribeTableCommand({ TableName: tableName }))),
    ...Object.entries(queueUrls).map(([name, url]) =>
      probe(name, () =>
        sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
        ),
      ),
    ),
  ]);
  const queues = Object.fromEntries(
    Object.keys(queueUrls).map((name, i) => [name, queueChecks[i] ?? 'unreachable']),
  );
  const healthy = table === 'ok' && Object.values(queues).every((c) => c === 'ok');
  return {
    status: healthy ? ('ok' as const) : ('degraded' as const),
    checks: { table: table as Check, queues },
  };
}
