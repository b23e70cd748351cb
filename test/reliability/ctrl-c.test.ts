import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { localCredentials, startDynamoDb } from '@wuhan/local-stack';
import { describe, expect, it } from 'vitest';

/**
 * Ctrl-C in a terminal sends SIGINT to every process of the foreground group, DynamoDB Local's JVM included.
 * It must outlive that signal: the stack stops it itself, after the stream readers have saved their positions.
 */
describe('DynamoDB Local and Ctrl-C', () => {
  it('keeps answering after SIGINT and stops when the stack stops it', async () => {
    const dynamodb = await startDynamoDb({ port: 0 });
    const client = new DynamoDBClient({
      endpoint: dynamodb.endpoint,
      region: 'us-east-1',
      credentials: localCredentials,
    });
    try {
      const pid = dynamodb.pid ?? 0;
      expect(pid).toBeGreaterThan(0);
      process.kill(pid, 'SIGINT');
      // Give a JVM that would honour the signal time to run its shutdown hooks and exit.
      await new Promise((r) => setTimeout(r, 1500));
      await expect(client.send(new ListTablesCommand({}))).resolves.toMatchObject({ TableNames: [] });

      await dynamodb.stop();
      expect(() => process.kill(pid, 0)).toThrow();
    } finally {
      client.destroy();
      await dynamodb.stop();
    }
  });
});
