import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { seedParameterDefaults } from '@wuhan/aws';
import { localeIds } from '@wuhan/domain';
import * as z from 'zod';
import { bootstrapStaff, StaffAlreadyExists } from './bootstrap-staff.js';

/**
 * `npm run admin -- <command>`: operator commands against a table, outside the API.
 *
 *   bootstrap-staff --name 王敏 --email wang.min@example.cn [--language zh-CN|en] [--table NAME] [--region R] [--force]
 *
 * With --table it talks to that table in AWS with the operator's default credential chain (profile, SSO,
 * environment; the stack's `TableName` output names the table). Without --table it uses the local stack
 * described by `.local/stack.json` (`npm start` writes it).
 */
const usage =
  'Usage: npm run admin -- bootstrap-staff --name NAME --email EMAIL [--language zh-CN|en] ' +
  '[--table TABLE --region REGION] [--force]';

const options = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.email(),
  language: z.enum(localeIds).default('zh-CN'),
  table: z.string().min(3).optional(),
  region: z.string().optional(),
  force: z.boolean().default(false),
});

const localStack = z.object({ tableName: z.string(), region: z.string(), dynamodbEndpoint: z.string() });

function target(parsed: z.output<typeof options>): { tableName: string; config: DynamoDBClientConfig } {
  if (parsed.table) {
    return { tableName: parsed.table, config: parsed.region ? { region: parsed.region } : {} };
  }
  const file = join(process.cwd(), '.local', 'stack.json');
  if (!existsSync(file)) {
    throw new Error(
      'No --table given and no .local/stack.json (start the local stack, or name the deployed table)',
    );
  }
  const stack = localStack.parse(JSON.parse(readFileSync(file, 'utf8')));
  return {
    tableName: stack.tableName,
    // The emulator checks that a request is signed, not by whom.
    config: {
      region: stack.region,
      endpoint: stack.dynamodbEndpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    },
  };
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'bootstrap-staff') {
    console.error(usage);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      email: { type: 'string' },
      language: { type: 'string' },
      table: { type: 'string' },
      region: { type: 'string' },
      force: { type: 'boolean' },
    },
    strict: true,
  });
  const parsed = options.safeParse(values);
  if (!parsed.success) {
    console.error(`${z.prettifyError(parsed.error)}\n${usage}`);
    return 2;
  }
  const { tableName, config } = target(parsed.data);
  const client = DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true },
  });
  // A new stack's version 1 of every parameter set (idempotent: sets that have one keep it), written before the
  // staff member so a refused bootstrap still leaves the rules in place.
  const parameters = await seedParameterDefaults({ client, tableName });
  if (parameters.written.length > 0)
    console.log(`Parameter defaults (version 1) written for: ${parameters.written.join(', ')}.`);
  try {
    const done = await bootstrapStaff({
      client,
      tableName,
      name: parsed.data.name,
      email: parsed.data.email,
      language: parsed.data.language,
      force: parsed.data.force,
    });
    console.log(`Staff ${done.staff.id} (${done.staff.name}) created in ${tableName}.`);
    console.log(
      `Administrator API key ${done.keyId}, valid until ${done.expiresAt} — shown this once, store it now:\n\n  ${done.apiKey}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof StaffAlreadyExists) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
