import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from '@wuhan/local-stack';
import { scanTable, waitFor } from '@wuhan/testing';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod';

/**
 * Defect 1 as a person meets it: `npm start`, nominations arriving, Ctrl-C, `npm start` again. The CLI runs in a
 * process group of its own and gets SIGINT as a group, as a terminal sends it. Every nomination answered 202 must
 * be handled by the notification consumer (its mail claims, kept in the table) once the stack is back, and the
 * Ctrl-C must leave no process of the group behind (DynamoDB Local's JVM included).
 */
const stateDir = mkdtempSync(join(tmpdir(), 'wuhan-npm-start-'));
const children: ChildProcess[] = [];

afterAll(() => {
  // By group, even when npm itself has exited: a failed test must not leave a JVM of the group running.
  for (const child of children) if (child.pid) killGroup(child.pid, 'SIGKILL');
  rmSync(stateDir, { recursive: true, force: true });
});

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

const groupAlive = (pid: number) => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};

const stackSchema = z.object({ apiUrl: z.string(), dynamodbEndpoint: z.string(), tableName: z.string() });
const credentialsSchema = z.object({ keys: z.array(z.object({ role: z.string(), key: z.string() })) });

/** `npm start`'s program with free ports and this test's state directory; resolves once it says it is ready. */
async function npmStart() {
  const child = spawn('npm', ['start'], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      LOCAL_STATE_DIR: stateDir,
      LOCAL_API_PORT: '0',
      LOCAL_DYNAMODB_PORT: '0',
      LOCAL_SQS_PORT: '0',
      LOCAL_SES_PORT: '0',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`npm start exited: ${output}`);
      return output.includes('Local stack ready');
    },
    { timeoutMs: 240_000, intervalMs: 200, description: 'npm start to be ready' },
  ).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}\n${output}`);
  });
  const info = { ...stackSchema.parse(JSON.parse(readFileSync(join(stateDir, 'stack.json'), 'utf8'))) };
  const { keys } = credentialsSchema.parse(
    JSON.parse(readFileSync(join(stateDir, 'credentials.json'), 'utf8')),
  );
  const partnerKey = keys.find((k) => k.role === 'partner')?.key ?? '';
  return { child, info: { ...info, region: 'us-east-1' }, partnerKey, exited, output: () => output };
}

async function nominate(apiUrl: string, key: string): Promise<string | undefined> {
  const title = `Ctrl-C 可靠性测试 ${randomUUID()}`;
  try {
    const response = await fetch(`${apiUrl}/v1/nominations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title,
        summary: '按下 Ctrl-C 时提交的推荐。',
        techField: 'future_display',
        stage: 'gestation',
        trl: 3,
        leadOrganization: `武汉大学 ${title.slice(-8)}`,
        teamLead: { name: '李明', email: 'liming@hust.edu.cn' },
        district: 'east_lake_hitech',
      }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    return response.status === 202
      ? z.object({ projectId: z.string() }).parse(JSON.parse(text)).projectId
      : undefined;
  } catch {
    return undefined;
  }
}

describe('npm start, Ctrl-C, npm start', () => {
  it('delivers every accepted nomination and leaves no process behind', { timeout: 600_000 }, async () => {
    const first = await npmStart();
    const accepted: string[] = [];
    let down = false;
    const writers = Array.from({ length: 4 }, async () => {
      while (!down) {
        const id = await nominate(first.info.apiUrl, first.partnerKey);
        if (id) accepted.push(id);
      }
    });
    await waitFor(() => accepted.length >= 12, { timeoutMs: 120_000, description: 'nominations accepted' });

    // Ctrl-C while the writers keep posting.
    const pid = first.child.pid ?? 0;
    killGroup(pid, 'SIGINT');
    const code = await Promise.race([
      first.exited,
      new Promise<string>((r) => setTimeout(() => r('still running after 120 s'), 120_000).unref()),
    ]);
    down = true;
    await Promise.all(writers);
    // npm itself ends by the SIGINT it got (no exit code); what matters is that the stack stopped in order.
    expect(code, first.output()).not.toBe('still running after 120 s');
    expect(first.output()).toContain('Stopped: every request answered');
    await waitFor(() => !groupAlive(pid), {
      timeoutMs: 15_000,
      description: 'every process of npm start to end',
    });

    const second = await npmStart();
    try {
      const handled = await waitFor(
        async () => {
          const items = await scanTable(
            second.info,
            (i) => i.entity === 'history' || i.entity === 'mail-claim',
          );
          const eventOf = new Map(
            items
              .filter(
                (i) =>
                  i.entity === 'history' &&
                  (i.event as { type?: string } | undefined)?.type === 'project.nominated',
              )
              .map((i) => {
                const event = z
                  .object({ id: z.string(), subject: z.object({ id: z.string() }) })
                  .parse(i.event);
                return [event.subject.id, event.id] as const;
              }),
          );
          const claimed = new Set(
            items.filter((i) => i.entity === 'mail-claim').map((i) => String(i.pk).slice(5)),
          );
          const missing = accepted.filter((id) => !claimed.has(eventOf.get(id) ?? ''));
          return missing.length === 0 ? accepted.length : undefined;
        },
        {
          timeoutMs: 180_000,
          intervalMs: 1000,
          description: 'every accepted nomination handled after the restart',
        },
      );
      expect(handled).toBe(accepted.length);
    } finally {
      killGroup(second.child.pid ?? 0, 'SIGINT');
      await second.exited;
      expect(second.output()).toContain('Stopped: every request answered');
    }
  });
});
