import { randomUUID } from 'node:crypto';
import { type LocalStack, startLocalStack } from '@wuhan/local-stack';
import { credentialFor, readInbox, scanTable, waitFor } from '@wuhan/testing';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Issue 12, standing item 6: 1000 requests at concurrency 50 on a local stack of its own (loopback only).
 * A quarter are nominations, the rest reads. No answer may be a 5xx, and every accepted nomination must be
 * accounted for all the way down: a project stored, its event delivered to the notification consumer, and the
 * partner's acknowledgement sent, each exactly once.
 */
const REQUESTS = 1000;
const CONCURRENCY = 50;
const run = `L${randomUUID().slice(0, 8)}`;
let stack: LocalStack | undefined;

afterAll(async () => {
  await stack?.stop();
});

describe('load', () => {
  it(`${REQUESTS} requests at concurrency ${CONCURRENCY}: no 5xx, nothing lost or doubled`, async () => {
    // Throttling off: this measures the pipeline, not the gateway's 429s (the integration suite covers those).
    stack = await startLocalStack({
      ports: { api: 0, dynamodb: 0, sqs: 0, ses: 0 },
      runSchedules: false,
      throttle: false,
      log: () => undefined,
    });
    const { info, credentials } = stack;
    const partners = [credentialFor(credentials, 'partner', 0), credentialFor(credentials, 'partner', 1)];
    const staff = credentialFor(credentials, 'staff').key;

    const request = (i: number): { path: string; key?: string; body?: unknown } => {
      const partner = partners[i % 2] ?? partners[0];
      switch (i % 4) {
        case 0:
          return {
            path: '/v1/nominations',
            key: partner?.key ?? '',
            body: {
              title: `负载测试项目 ${run} ${i}`,
              summary: '负载测试：每一个被受理的推荐都必须存储、投递并发送邮件。',
              techField: 'future_display',
              stage: 'gestation',
              trl: 3,
              leadOrganization: `华中科技大学 ${run} ${i}`,
              teamLead: { name: '李明', email: 'liming@hust.edu.cn' },
              district: 'east_lake_hitech',
            },
          };
        case 1:
          return { path: '/v1/projects', key: staff };
        case 2:
          return { path: '/v1/nominations', key: partner?.key ?? '' };
        default:
          return { path: '/v1/health' };
      }
    };

    const statuses = new Map<number, number>();
    const accepted: string[] = [];
    const serverErrors: string[] = [];
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < REQUESTS; i = next++) {
          const { path, key, body } = request(i);
          const response = await fetch(`${info.apiUrl}${path}`, {
            method: body === undefined ? 'GET' : 'POST',
            headers: {
              ...(key ? { authorization: `Bearer ${key}` } : {}),
              ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
            signal: AbortSignal.timeout(60_000),
          });
          const text = await response.text();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status >= 500) serverErrors.push(`${path} ${response.status} ${text.slice(0, 200)}`);
          if (response.status === 202) accepted.push((JSON.parse(text) as { projectId: string }).projectId);
        }
      }),
    );
    const requestsMs = Date.now() - started;

    expect(serverErrors).toEqual([]);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(REQUESTS);
    expect(accepted).toHaveLength(REQUESTS / 4);
    const projectIds = new Set(accepted);
    expect(projectIds.size).toBe(accepted.length);

    // Accepted = stored = delivered = emailed, each counted in its own place.
    const counts = async () => {
      const items = await scanTable(
        info,
        (item) => JSON.stringify(item).includes(run) || item.entity === 'mail-claim',
      );
      const projects = items.filter((i) => i.entity === 'project' && projectIds.has(String(i.id)));
      const nominated = items.filter(
        (i) =>
          i.entity === 'history' &&
          (i.event as { type?: string } | undefined)?.type === 'project.nominated' &&
          projectIds.has(String((i.event as { subject?: { id?: string } }).subject?.id)),
      );
      const eventIds = new Set(nominated.map((i) => String((i.event as { id?: string }).id)));
      // Delivered: the notification consumer handled the event (it claims each recipient's mail under its id).
      const delivered = new Set(
        items
          .filter((i) => i.entity === 'mail-claim')
          .map((i) => String(i.pk).slice('MAIL#'.length))
          .filter((id) => eventIds.has(id)),
      );
      const acknowledgements = (await readInbox(info)).filter(
        (e) => e.subject.startsWith('【颠覆性技术】推荐已受理：') && e.subject.includes(run),
      );
      return {
        accepted: accepted.length,
        projects: projects.length,
        events: nominated.length,
        delivered: delivered.size,
        emails: acknowledgements.length,
      };
    };
    const expected = {
      accepted: accepted.length,
      projects: accepted.length,
      events: accepted.length,
      delivered: accepted.length,
      emails: accepted.length,
    };
    const settled = await waitFor(
      async () => {
        const now = await counts();
        return JSON.stringify(now) === JSON.stringify(expected) ? now : undefined;
      },
      {
        timeoutMs: 300_000,
        intervalMs: 2000,
        description: 'every accepted nomination stored, delivered, emailed',
      },
    ).catch(() => counts());
    console.log(
      `load: ${REQUESTS} requests in ${(requestsMs / 1000).toFixed(1)} s, statuses ${JSON.stringify(
        Object.fromEntries(statuses),
      )}; settled ${JSON.stringify(settled)} ${((Date.now() - started) / 1000).toFixed(1)} s after the first`,
    );
    expect(settled).toEqual(expected);
  });
});
