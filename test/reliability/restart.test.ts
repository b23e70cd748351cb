import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  type LocalStack,
  type RunningEmulator,
  startLocalStack,
  startSes,
} from '@wuhan/local-stack';
import { credentialFor, readInbox, waitFor } from '@wuhan/testing';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Issue 12, defect 1: nominations accepted (202) while the stack stops and starts again must all be delivered.
 * The stack keeps its data in a directory (as `npm start` does in .local); the inbox (SES emulator) is started
 * once outside it so the emails of every generation of the stack land in one place. The handlers' SDK clients
 * are created once per process, so the restarted stack reuses the same ports, as `npm start` does.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'wuhan-restart-'));
let ses: RunningEmulator | undefined;
let stack: LocalStack | undefined;

afterAll(async () => {
  await stack?.stop();
  await ses?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Tally {
  accepted: string[];
  statuses: Map<number, number>;
  connectionErrors: number;
}

/** Posts nominations one after another until told to stop, to whatever address the stack has now. */
async function writer(apiUrl: () => string | undefined, key: string, tally: Tally, done: () => boolean) {
  while (!done()) {
    const url = apiUrl();
    if (!url) {
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    const title = `重启可靠性测试 ${randomUUID()}`;
    try {
      const response = await fetch(`${url}/v1/nominations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          title,
          summary: '在重启期间提交的推荐，每一个被受理的都必须送达。',
          techField: 'future_display',
          stage: 'gestation',
          trl: 3,
          leadOrganization: `华中科技大学 ${title.slice(-8)}`,
          teamLead: { name: '李明', email: 'liming@hust.edu.cn' },
          district: 'east_lake_hitech',
        }),
        signal: AbortSignal.timeout(30_000),
      });
      await response.arrayBuffer();
      tally.statuses.set(response.status, (tally.statuses.get(response.status) ?? 0) + 1);
      if (response.status === 202) tally.accepted.push(title);
    } catch {
      // Refused or cut while the stack is down: not accepted, so nothing is owed. Try again shortly.
      tally.connectionErrors++;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe('restarting the local stack while nominations arrive', () => {
  it('delivers the emails of every accepted nomination', { timeout: 600_000 }, async () => {
    ses = await startSes({ port: 0 });
    const ports = { api: await freePort(), dynamodb: await freePort(), sqs: await freePort(), ses: 0 };
    const start = () =>
      startLocalStack({
        ports,
        dataDir,
        credentialsFile: join(dataDir, 'credentials.json'),
        emulators: { sesEndpoint: ses?.endpoint ?? '' },
        runSchedules: false,
        throttle: false,
        log: () => undefined,
      });

    stack = await start();
    const partner = credentialFor(stack.credentials, 'partner');
    const tally: Tally = { accepted: [], statuses: new Map(), connectionErrors: 0 };
    let apiUrl: string | undefined = stack.info.apiUrl;
    let finished = false;
    const writers = Array.from({ length: 4 }, () =>
      writer(
        () => apiUrl,
        partner.key,
        tally,
        () => finished,
      ),
    );

    // Three restarts, each stop landing while requests are in flight and outbox rows are on the stream.
    for (let restart = 0; restart < 3; restart++) {
      const before = tally.accepted.length;
      await waitFor(() => tally.accepted.length >= before + 8, {
        timeoutMs: 60_000,
        intervalMs: 20,
        description: 'nominations accepted before the stop',
      });
      await stack.stop();
      // Requests keep coming while it is down (refused); the next generation answers at the same address.
      stack = await start();
      apiUrl = stack.info.apiUrl;
    }
    const before = tally.accepted.length;
    await waitFor(() => tally.accepted.length >= before + 8, {
      timeoutMs: 60_000,
      intervalMs: 20,
      description: 'nominations accepted after the last restart',
    });
    finished = true;
    await Promise.all(writers);

    // Nothing but acceptance, the closing gateway's 503 or a refused connection.
    const statuses = Object.fromEntries(tally.statuses);
    expect(
      Object.keys(statuses).filter((s) => s !== '202' && s !== '503'),
      JSON.stringify(statuses),
    ).toEqual([]);
    expect(tally.accepted.length).toBeGreaterThanOrEqual(32);

    const info = stack.info;
    const deliveryStarted = Date.now();
    const missing = await waitFor(
      async () => {
        const subjects = (await readInbox(info)).map((e) => e.subject);
        const lacking = tally.accepted.filter(
          (title) =>
            !subjects.includes(`【颠覆性技术】推荐已受理：${title}`) ||
            !subjects.some((s) => s.endsWith(`New project nominated: ${title}`)),
        );
        return lacking.length === 0 ? [] : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 1000, description: 'the emails of every accepted nomination' },
    ).catch(async () => {
      const subjects = (await readInbox(info)).map((e) => e.subject);
      return tally.accepted.filter((title) => !subjects.includes(`【颠覆性技术】推荐已受理：${title}`));
    });
    console.log(
      `restart: ${tally.accepted.length} accepted, ${JSON.stringify(statuses)}, ${tally.connectionErrors} refused; ` +
        `emails complete ${Math.round((Date.now() - deliveryStarted) / 1000)} s after the writers stopped`,
    );
    expect(
      missing,
      `${missing.length} of ${tally.accepted.length} accepted nominations never emailed`,
    ).toEqual([]);

    // Resuming replays at most a batch; the consumers' de-duplication keeps each email single.
    const acknowledgements = (await readInbox(info))
      .map((e) => e.subject)
      .filter((s) => s.startsWith('【颠覆性技术】推荐已受理：重启可靠性测试'));
    expect(acknowledgements.length).toBe(new Set(acknowledgements).size);
  });
});
