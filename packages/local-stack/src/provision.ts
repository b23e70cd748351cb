import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueNameExists,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { QueueSpec, TableSpec } from '@wuhan/topology';

const DAY = 24 * 3600;

/**
 * Creates the table as the CDK stack declares it: keys, GSIs with the topology's projections, a stream with new
 * and old images, the TTL attribute. An existing table (a restart over persisted data) is left as it is: readers
 * hydrate from the table, so they work over an older table whose GSIs still project everything.
 */
export async function ensureTable(
  dynamodb: DynamoDBClient,
  spec: TableSpec,
  tableName: string,
): Promise<string> {
  const keyAttributes = [
    spec.partitionKey,
    spec.sortKey,
    ...spec.gsis.flatMap((g) => [g.partitionKey, g.sortKey]),
  ];
  try {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...new Set(keyAttributes)].map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        KeySchema: [
          { AttributeName: spec.partitionKey, KeyType: 'HASH' },
          { AttributeName: spec.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: spec.gsis.map((gsi) => ({
          IndexName: gsi.name,
          KeySchema: [
            { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
            { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
          ],
          Projection:
            gsi.projection.type === 'INCLUDE'
              ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...gsi.projection.nonKeyAttributes] }
              : { ProjectionType: 'KEYS_ONLY' },
        })),
        StreamSpecification: { StreamEnabled: true, StreamViewType: spec.stream },
      }),
    );
    await dynamodb.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
  if (!Table?.LatestStreamArn)
    throw new Error(`Table ${tableName} has no stream; delete .local/ (npm start -- --fresh)`);
  return Table.LatestStreamArn;
}

export interface ProvisionedQueue {
  name: string;
  url: string;
  arn: string;
  dlqUrl: string;
  dlqArn: string;
}

/**
 * fauxqs answers with `http://sqs.<region>.localhost:<port>/…` URLs, which do not resolve everywhere, and the
 * SDK sends to a queue URL's own host. fauxqs finds a queue by the URL's last segment, so a path-style URL on
 * the emulator's address is equivalent and works from any process.
 */
function pathStyleUrl(sqsEndpoint: string, url: string): string {
  const name = url.split('/').pop();
  return `${sqsEndpoint}/000000000000/${name}`;
}

async function createOrUpdateQueue(
  sqs: SQSClient,
  sqsEndpoint: string,
  name: string,
  attributes: Record<string, string>,
): Promise<{ url: string; arn: string }> {
  let url: string;
  try {
    url =
      (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl ?? '';
  } catch (error) {
    // The queue exists with other settings (the topology changed): bring it in line, keep its messages.
    if (!(error instanceof QueueNameExists)) throw error;
    url = (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl ?? '';
    await sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: pathStyleUrl(sqsEndpoint, url), Attributes: attributes }),
    );
  }
  url = pathStyleUrl(sqsEndpoint, url);
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  if (!Attributes?.QueueArn) throw new Error(`Queue ${name} has no ARN`);
  return { url, arn: Attributes.QueueArn };
}

/** A queue and its dead-letter queue with the redrive policy, visibility timeout and retention of the topology. */
export async function ensureQueue(
  sqs: SQSClient,
  sqsEndpoint: string,
  spec: QueueSpec,
  queueName: string,
): Promise<ProvisionedQueue> {
  const dlq = await createOrUpdateQueue(sqs, sqsEndpoint, `${queueName}-dlq`, {
    MessageRetentionPeriod: String(spec.dlqRetentionDays * DAY),
  });
  const queue = await createOrUpdateQueue(sqs, sqsEndpoint, queueName, {
    VisibilityTimeout: String(spec.visibilityTimeoutSeconds),
    MessageRetentionPeriod: String(spec.retentionDays * DAY),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: spec.maxReceiveCount }),
  });
  return { name: spec.name, url: queue.url, arn: queue.arn, dlqUrl: dlq.url, dlqArn: dlq.arn };
}
