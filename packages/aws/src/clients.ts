import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * SDK clients, created once per process and reused by every invocation (connection reuse is the single largest
 * latency win in Lambda). Endpoints and region come from the standard environment, so the same code talks to
 * AWS or to the local emulators.
 *
 * Each construction is marked pure, so a function's bundle keeps only the clients it uses: without the marks
 * every function (the authorizer too) carried the SQS and SES clients, about a quarter of its bundle.
 */
export const dynamodb = /* @__PURE__ */ new DynamoDBClient({});
export const documentClient = /* @__PURE__ */ DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
/**
 * Requests go to the client's own endpoint, never to a queue URL's host: the queues are in the function's region,
 * and the local emulator answers GetQueueUrl with `sqs.<region>.localhost` hosts that do not resolve everywhere
 * (it finds a queue by the URL's last segment), which the consumer's retry backoff looks up.
 */
export const sqs = /* @__PURE__ */ new SQSClient({ useQueueUrlAsEndpoint: false });
export const sesv2 = /* @__PURE__ */ new SESv2Client({});
