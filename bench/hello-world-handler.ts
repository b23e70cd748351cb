import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** The cold-start baseline: a handler that imports only the DynamoDB client and constructs one at module scope. */
const client = new DynamoDBClient({});

export const handler = async () => ({ statusCode: 200, body: String(client.config.serviceId) });
