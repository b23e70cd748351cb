/**
 * `npm start` (and `npm start -- --fresh`): the local stack on the documented ports, data kept under `.local/`.
 * Ports: LOCAL_API_PORT (4000), LOCAL_DYNAMODB_PORT (8000), LOCAL_SQS_PORT (4566), LOCAL_SES_PORT (8005); 0 = free.
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { portsFromEnv } from './ports.js';
import { repositoryRoot, startLocalStack } from './stack.js';
import type { Credentials, StackInfo } from './types.js';

// LOCAL_STATE_DIR: elsewhere than `.local` (the reliability suite runs `npm start` on a directory of its own).
const stateDir = process.env.LOCAL_STATE_DIR
  ? resolve(process.env.LOCAL_STATE_DIR)
  : join(repositoryRoot, '.local');

function printSummary(info: StackInfo, credentials: Credentials, startupMs: number): void {
  const rows = credentials.keys.map((k) => [k.role, k.ownerId, k.keyId, k.key, k.label]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => (r[i] ?? '').length), 6));
  const line = (r: string[]) => r.map((cell, i) => (i < 4 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  ');
  const out = [
    '',
    `Local stack ready in ${(startupMs / 1000).toFixed(1)} s (${process.uptime().toFixed(1)} s since the process started)`,
    '',
    `  API         ${info.apiUrl}        (try: curl ${info.apiUrl}/v1/health)`,
    `  Inbox       ${info.inboxUrl}       (stored mail as JSON: ${info.sesEndpoint}/store)`,
    `  DynamoDB    ${info.dynamodbEndpoint}   table ${info.tableName}`,
    `  SQS         ${info.sqsEndpoint}`,
    `  Control     ${info.controlUrl}  (POST /schedules/{name}, GET /dlq)`,
    `  State       ${join(stateDir, 'stack.json')}, ${join(stateDir, 'credentials.json')}`,
    '',
    `API keys (Authorization: Bearer <key>):`,
    `  ${line(['role', 'owner', 'key id', 'key', 'label'])}`,
    ...rows.map((r) => `  ${line(r as string[])}`),
    '',
    'Ctrl-C stops everything.',
    '',
  ];
  console.log(out.join('\n'));
}

async function main(): Promise<void> {
  const fresh = process.argv.includes('--fresh');
  if (fresh) {
    rmSync(stateDir, { recursive: true, force: true });
    console.log(`--fresh: removed ${stateDir}`);
  }
  const stack = await startLocalStack({
    ports: portsFromEnv(),
    dataDir: stateDir,
    stateDir,
    credentialsFile: join(stateDir, 'credentials.json'),
    watchDlqs: true,
    log: (l) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${l}`),
  });
  printSummary(stack.info, stack.credentials, stack.startupMs);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      console.log(`${signal}: still stopping (handling what is in flight); kill -9 ${process.pid} loses it`);
      return;
    }
    stopping = true;
    // DynamoDB Local runs in its own process group, so this Ctrl-C did not reach it: it stops last, after the
    // API has answered what it took and the stream readers have saved their positions (.local/stream-positions).
    console.log(
      `\n${signal}: stopping the API, then schedules, stream readers and pollers, then the emulators…`,
    );
    stack.stop().then(
      () => {
        console.log('Stopped: every request answered, every handled batch recorded, the emulators closed.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`The local stack did not start: ${(error as Error).message}`);
  process.exit(1);
});
