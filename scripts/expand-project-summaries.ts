import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '@wuhan/domain/zod';
import { expandProjectSummaries } from './summary-expansion.js';

/**
 * `npm run expand-summaries -- [--dry-run] [--segments N] [--project ID …] [--table NAME --region R]`: rewrites
 * every project item whose summary is gzip'd (`summaryGz`) to the previous release's shape (`summary` text),
 * before rolling back to a release that reads only that (README, Deploy, "Rolling back past the gzip'd
 * summaries"). Idempotent: a second run finds nothing. As `npm run admin`: with --table it talks to that table
 * with the operator's default credential chain; without it, to the local stack of `.local/stack.json`.
 * Exit code 0 when every item found was rewritten (or, dry, would be), 1 when some were left, 2 on bad usage.
 */
const usage =
  'Usage: npm run expand-summaries -- [--dry-run] [--segments 1-16] [--project ID …] [--table TABLE --region REGION]';

const localStack = z.object({ tableName: z.string(), region: z.string(), dynamodbEndpoint: z.string() });

function target(table: string | undefined, region: string | undefined) {
  if (table) {
    const config: DynamoDBClientConfig = region ? { region } : {};
    return { tableName: table, config };
  }
  const file = join(process.cwd(), '.local', 'stack.json');
  if (!existsSync(file)) {
    throw new Error(
      'No --table given and no .local/stack.json (start the local stack, or name the deployed table)',
    );
  }
  const stack = z.parse(localStack, JSON.parse(readFileSync(file, 'utf8')));
  const config: DynamoDBClientConfig = {
    region: stack.region,
    endpoint: stack.dynamodbEndpoint,
    // The emulator checks that a request is signed, not by whom.
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  return { tableName: stack.tableName, config };
}

async function main(argv: string[]): Promise<number> {
  let values: {
    'dry-run'?: boolean;
    segments?: string;
    project?: string[];
    table?: string;
    region?: string;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'dry-run': { type: 'boolean' },
        segments: { type: 'string' },
        project: { type: 'string', multiple: true },
        table: { type: 'string' },
        region: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  const segments = Number(values.segments ?? '1');
  if (!Number.isInteger(segments) || segments < 1 || segments > 16) {
    console.error(`--segments must be an integer from 1 to 16\n${usage}`);
    return 2;
  }
  const { tableName, config } = target(values.table, values.region);
  const client = DynamoDBDocumentClient.from(new DynamoDBClient(config));
  const result = await expandProjectSummaries({
    client,
    tableName,
    dryRun: values['dry-run'] ?? false,
    segments,
    ...(values.project ? { projectIds: values.project } : {}),
  });
  console.log(JSON.stringify({ tableName, ...result }, null, 2));
  return result.changedSinceRead.length + result.undecodable.length === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
