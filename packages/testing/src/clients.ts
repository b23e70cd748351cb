import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localCredentials, type StackInfo } from '@wuhan/local-stack';

/**
 * Test-side SDK clients with explicit endpoints, independent of the product's shared clients and of
 * process.env, cached per endpoint.
 */
const documentClients = new Map<string, DynamoDBDocumentClient>();
const sqsClients = new Map<string, SQSClient>();

export function testDocumentClient(
  info: Pick<StackInfo, 'dynamodbEndpoint' | 'region'>,
): DynamoDBDocumentClient {
  let client = documentClients.get(info.dynamodbEndpoint);
  if (!client) {
    client = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: info.dynamodbEndpoint,
        region: info.region,
        credentials: localCredentials,
      }),
    );
    documentClients.set(info.dynamodbEndpoint, client);
  }
  return client;
}

export function testSqsClient(info: Pick<StackInfo, 'sqsEndpoint' | 'region'>): SQSClient {
  let client = sqsClients.get(info.sqsEndpoint);
  if (!client) {
    client = new SQSClient({
      endpoint: info.sqsEndpoint,
      region: info.region,
      credentials: localCredentials,
    });
    sqsClients.set(info.sqsEndpoint, client);
  }
  return client;
}

/**
 * Points this process's shared product code (`@wuhan/aws`: clients, config) at the stack, as the functions
 * are. Call it before importing `@wuhan/aws`, e.g. in a test that writes with `commit()` directly.
 */
export async function useStackEnvironment(info: Pick<StackInfo, 'environment'>): Promise<void> {
  Object.assign(process.env, info.environment);
  const { resetConfig } = await import('@wuhan/aws');
  resetConfig();
}
