import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * SDK clients, created once per process and reused by every invocation (connection reuse is the single largest
 * latency win in Lambda). Endpoints and region come from the standard environment, so the same code talks to
 * AWS or to the local emulators.
 */
export const dynamodb = new DynamoDBClient({});
export const documentClient = DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
export const sqs = new SQSClient({});
export const sesv2 = new SESv2Client({});
