import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { preferencesItem } from '@wuhan/aws';
import type { EventEnvelope, Profile } from '@wuhan/domain';
import type { Credentials, LocalStack, StackInfo } from '@wuhan/local-stack';
import {
  api,
  credentialFor,
  eventRows,
  queueDepth,
  runSchedule,
  scanByPrefix,
  secondStack,
  sendJson,
  testDocumentClient,
  waitFor,
} from '@wuhan/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// On a stack of its own: "every delivery so far was handled" is shown by the notification queue draining, which
// the shared stack's never does while other files flood it (fifty subsidy claims, hundreds of nominations).
const shared = inject('stack');
let own: LocalStack;
let stack: StackInfo;
let credentials: Credentials;
let db: ReturnType<typeof testDocumentClient>;

beforeAll(async () => {
  own = await secondStack(shared, { stateDir: await mkdtemp(join(tmpdir(), 'notification-')) });
  stack = own.info;
  credentials = own.credentials;
  db = testDocumentClient(stack);
}, 120_000);
afterAll(async () => {
  await own?.stop();
});

/** A stored email of the SES emulator, with the custom headers the notification service sets. */
interface StoredEmail {
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
}

async function inbox(): Promise<StoredEmail[]> {
  const response = await fetch(`${stack.sesEndpoint}/store`);
  return ((await response.json()) as { emails: StoredEmail[] }).emails;
}

const header = (email: StoredEmail, name: string) =>
  email.headers?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;

/** Emails about one of this test's projects: its title is unique, and every subject names the project. */
async function emailsAbout(title: string): Promise<StoredEmail[]> {
  return (await inbox()).filter((e) => e.subject.includes(title));
}

/**
 * The staff who get email: active, with an address. Other files add staff to the shared stack while this one
 * runs (one without an address, one by the admin bootstrap), so assertions compare only the people read here.
 */
async function staffProfiles(): Promise<Profile[]> {
  const all = await scanByPrefix(stack, 'STAFF#');
  return all.filter(
    (i) => i.sk === 'PROFILE' && typeof i.email === 'string' && i.active !== false,
  ) as unknown as Profile[];
}

async function profile(role: string, id: string): Promise<Profile> {
  const { Item } = await db.send(
    new GetCommand({ TableName: stack.tableName, Key: { pk: `${role.toUpperCase()}#${id}`, sk: 'PROFILE' } }),
  );
  if (!Item) throw new Error(`No ${role} ${id}`);
  return Item as unknown as Profile;
}

async function outboxEvent(projectId: string, type: string): Promise<EventEnvelope> {
  const rows = await eventRows(stack);
  const row = rows.find((r) => {
    const event = r.event as EventEnvelope;
    return event.type === type && event.subject.id === projectId;
  });
  if (!row) throw new Error(`No ${type} event row for ${projectId}`);
  return row.event as EventEnvelope;
}

/** Waits until the notification queue has nothing visible or in flight: every delivery so far was handled. */
async function notificationQueueDrained(): Promise<void> {
  const url = stack.queues.notification ?? '';
  await waitFor(
    async () => {
      const depth = await queueDepth(stack, url);
      return depth.visible === 0 && depth.inFlight === 0;
    },
    { timeoutMs: 30_000, intervalMs: 250, description: 'the notification queue to drain' },
  );
}

function nomination(title: string, leadOrganization: string) {
  return {
    title,
    summary: '采用钙钛矿与量子点叠层结构，实现可卷曲柔性显示，已完成实验室样机，拟开展中试。',
    techField: 'future_display',
    stage: 'sprouting',
    trl: 5,
    leadOrganization,
    teamLead: { name: '周涛', email: 'zhou.tao@example.wuhan.local' },
    district: 'hongshan',
  };
}

describe('notification through the local stack', () => {
  it('emails staff, the district commissioner and the partner once for a nomination, however often it arrives', async () => {
    // Prepare
    const title = `柔性量子点显示中试项目-${randomUUID().slice(0, 8)}`;
    const partner = credentialFor(credentials, 'partner', 0);
    const staff = await staffProfiles();
    const partnerProfile = await profile('partner', partner.ownerId);
    const idempotencyKey = randomUUID();

    // Act: the nomination …
    const first = await api(stack, partner.key).post('/v1/nominations', nomination(title, '华中科技大学'), {
      'idempotency-key': idempotencyKey,
    });
    expect(first.status).toBe(202);
    const projectId = first.json.projectId as string;
    const { Item: project } = await db.send(
      new GetCommand({ TableName: stack.tableName, Key: { pk: `PROJECT#${projectId}`, sk: 'PROJECT' } }),
    );
    const commissioner = await profile('commissioner', project?.commissionerId as string);
    const expectedTo = [...staff.map((s) => s.email), commissioner.email, partnerProfile.email].sort();

    // Assess: one email per person, in their language
    const emails = await waitFor(
      async () => {
        const found = await emailsAbout(title);
        const reached = found.flatMap((e) => e.destination.to).filter((to) => expectedTo.includes(to));
        return reached.length >= expectedTo.length ? found : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, description: 'the nomination emails' },
    );
    const recipients = emails.flatMap((e) => e.destination.to);
    expect(recipients.filter((to) => expectedTo.includes(to)).sort()).toEqual(expectedTo);
    expect(new Set(recipients).size, 'nobody got two').toBe(recipients.length);
    for (const person of staff) {
      const [mail] = emails.filter((e) => e.destination.to.includes(person.email ?? ''));
      expect(mail?.subject).toBe(
        person.locale === 'en'
          ? `[Disruptive Tech] New project nominated: ${title}`
          : `【颠覆性技术】新项目推荐：${title}`,
      );
      expect(mail?.body.html).toContain(`${stack.apiUrl}/v1/projects/${projectId}`);
    }
    const [toCommissioner] = emails.filter((e) => e.destination.to.includes(commissioner.email ?? ''));
    expect(toCommissioner?.subject).toBe(`【颠覆性技术】项目已分配给您：${title}`);
    expect(toCommissioner?.body.text).toContain('洪山区');
    expect(toCommissioner?.body.text).toContain(projectId);
    const [toPartner] = emails.filter((e) => e.destination.to.includes(partnerProfile.email ?? ''));
    expect(toPartner?.subject).toBe(`【颠覆性技术】推荐已受理：${title}`);

    // Act: the same request again, and the nomination event delivered twice more, at once
    const again = await api(stack, partner.key).post('/v1/nominations', nomination(title, '华中科技大学'), {
      'idempotency-key': idempotencyKey,
    });
    expect(again.json.projectId).toBe(projectId);
    const nominated = await outboxEvent(projectId, 'project.nominated');
    await Promise.all([
      sendJson(stack, stack.queues.notification ?? '', nominated),
      sendJson(stack, stack.queues.notification ?? '', nominated),
    ]);
    await notificationQueueDrained();

    // Assess: nothing extra
    const after = (await emailsAbout(title)).flatMap((e) => e.destination.to);
    expect(after.filter((to) => expectedTo.includes(to)).sort()).toEqual(expectedTo);
  });

  it('emails every staff member both the nomination and its missing commissioner once, from the one event', async () => {
    // Prepare: 蔡甸区 has no commissioner on this file's own stack
    const title = `无专员区测试项目-${randomUUID().slice(0, 8)}`;
    const partner = credentialFor(credentials, 'partner', 0);
    const staff = await staffProfiles();
    const partnerProfile = await profile('partner', partner.ownerId);

    // Act
    const created = await api(stack, partner.key).post(
      '/v1/nominations',
      { ...nomination(title, '华中科技大学'), district: 'caidian' },
      { 'idempotency-key': randomUUID() },
    );
    expect(created.status).toBe(202);
    const projectId = created.json.projectId as string;
    const nominated = await outboxEvent(projectId, 'project.nominated');
    // Delivered twice more, at once: still one email of each kind per person
    await waitFor(async () => (await emailsAbout(title)).length >= 2 * staff.length + 1, {
      timeoutMs: 30_000,
      intervalMs: 250,
      description: 'the nomination emails',
    });
    await Promise.all([
      sendJson(stack, stack.queues.notification ?? '', nominated),
      sendJson(stack, stack.queues.notification ?? '', nominated),
    ]);
    await notificationQueueDrained();

    // Assess
    expect(nominated.data).not.toHaveProperty('commissionerId');
    const emails = await emailsAbout(title);
    const unassigned = (locale: string) =>
      locale === 'en'
        ? `[Disruptive Tech] Project needs a commissioner: ${title}`
        : `【颠覆性技术】项目待分配专员：${title}`;
    const announced = (locale: string) =>
      locale === 'en'
        ? `[Disruptive Tech] New project nominated: ${title}`
        : `【颠覆性技术】新项目推荐：${title}`;
    for (const person of staff) {
      const subjects = emails
        .filter((e) => e.destination.to.includes(person.email ?? ''))
        .map((e) => e.subject);
      expect(subjects.sort(), person.id).toEqual(
        [announced(person.locale), unassigned(person.locale)].sort(),
      );
    }
    const toPartner = emails.filter((e) => e.destination.to.includes(partnerProfile.email ?? ''));
    expect(toPartner.map((e) => e.subject)).toEqual([`【颠覆性技术】推荐已受理：${title}`]);
    // Nobody else: no commissioner serves the district
    const reached = new Set([...staff.map((s) => s.email), partnerProfile.email]);
    expect(emails.flatMap((e) => e.destination.to).filter((to) => !reached.has(to))).toEqual([]);
    expect(emails.every((e) => header(e, 'X-Event-Id') === nominated.id)).toBe(true);
  });

  it('sends one email when a new event is delivered three times at once', async () => {
    // Prepare: a project, and an event about it nobody has seen yet
    const title = `三重投递测试项目-${randomUUID().slice(0, 8)}`;
    const partner = credentialFor(credentials, 'partner', 1);
    const created = await api(stack, partner.key).post('/v1/nominations', nomination(title, '武汉大学'), {
      'idempotency-key': randomUUID(),
    });
    expect(created.status).toBe(202);
    const projectId = created.json.projectId as string;
    // The nomination names the commissioner (one event, issue 13); a reassignment tells them with project.assigned.
    const nominated = await outboxEvent(projectId, 'project.nominated');
    const commissioner = await profile('commissioner', nominated.data.commissionerId as string);
    const fresh: EventEnvelope = {
      ...nominated,
      id: `evt_${randomUUID().replaceAll('-', '').slice(0, 26).toUpperCase()}`,
      type: 'project.assigned',
      data: {
        projectId,
        title: nominated.data.title,
        district: nominated.data.district,
        commissionerId: commissioner.id,
      },
    };

    // Act
    await Promise.all([1, 2, 3].map(() => sendJson(stack, stack.queues.notification ?? '', fresh)));

    // Assess
    await waitFor(async () => (await inbox()).some((e) => header(e, 'X-Event-Id') === fresh.id), {
      timeoutMs: 30_000,
      intervalMs: 250,
      description: 'the email for the thrice-delivered event',
    });
    await notificationQueueDrained();
    const forFresh = (await inbox()).filter((e) => header(e, 'X-Event-Id') === fresh.id);
    expect(forFresh.map((e) => e.destination.to)).toEqual([[commissioner.email]]);
  });

  it("puts an event in a staff member's daily digest when they chose it, and the digest lists it", async () => {
    // Prepare: the Chinese-speaking staff member takes project.recommended in the digest
    const staff = (await staffProfiles()).find((s) => s.locale === 'zh-CN');
    if (!staff?.email) throw new Error('No seeded zh-CN staff member with an address');
    await db.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: preferencesItem(staff.id, { 'project.recommended': 'digest' }, new Date()),
      }),
    );
    try {
      const title = `汇总偏好测试项目-${randomUUID().slice(0, 8)}`;
      const [first, second] = [
        credentialFor(credentials, 'partner', 2),
        credentialFor(credentials, 'partner', 3),
      ];
      const body = nomination(title, '湖北光谷实验室');
      expect(
        (await api(stack, first.key).post('/v1/nominations', body, { 'idempotency-key': randomUUID() }))
          .status,
      ).toBe(202);

      // Act: a second partner recommends the same project (project.recommended)
      const recommended = await api(stack, second.key).post('/v1/nominations', body, {
        'idempotency-key': randomUUID(),
      });
      expect(recommended.status).toBe(202);
      const secondPartner = await profile('partner', second.ownerId);
      // The event reached the staff member's digest (the table shows the entry): it was handled for them.
      await waitFor(
        async () =>
          (await scanByPrefix(stack, `DIGEST#${staff.id}`)).some(
            (entry) => (entry.project as { title?: string } | undefined)?.title === title,
          ),
        { timeoutMs: 30_000, intervalMs: 250, description: 'the digest entry' },
      );
      // And the others were emailed at once (the second partner's receipt).
      await waitFor(
        async () =>
          (await emailsAbout(title)).some(
            (e) => e.destination.to.includes(secondPartner.email ?? '') && e.subject.includes('推荐已受理'),
          ),
        { timeoutMs: 30_000, intervalMs: 250, description: 'the recommendation receipt' },
      );
      const immediate = (await emailsAbout(title)).filter(
        (e) => e.destination.to.includes(staff.email ?? '') && e.subject.includes('项目获得新的推荐'),
      );
      expect(immediate).toEqual([]);

      const run = await runSchedule(stack, 'daily-digest');
      expect(run.status).toBe(200);

      // Assess
      const digests = await waitFor(
        async () => {
          const found = (await inbox()).filter(
            (e) =>
              e.destination.to.includes(staff.email ?? '') &&
              e.subject.startsWith('【颠覆性技术】每日汇总（') &&
              (e.body.text ?? '').includes(title),
          );
          return found.length > 0 ? found : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 250, description: 'the digest email' },
      );
      expect(digests).toHaveLength(1);
      expect(digests[0]?.body.text).toContain(`项目获得新的推荐：${title}`);
      // A second run has nothing new to say about this project.
      await runSchedule(stack, 'daily-digest');
      const after = (await inbox()).filter(
        (e) =>
          e.destination.to.includes(staff.email ?? '') &&
          (e.body.text ?? '').includes(title) &&
          e.subject.startsWith('【颠覆性技术】每日汇总（'),
      );
      expect(after).toHaveLength(1);
    } finally {
      await db.send(
        new DeleteCommand({
          TableName: stack.tableName,
          Key: { pk: `STAFF#${staff.id}`, sk: 'NOTIFYPREFS' },
        }),
      );
    }
  });
});
