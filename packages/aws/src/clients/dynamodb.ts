import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The DynamoDB client and its document client (see ../clients.ts: one per process, created at init). */
export const dynamodb = /* @__PURE__ */ new DynamoDBClient({});
export const documentClient = /* @__PURE__ */ DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
