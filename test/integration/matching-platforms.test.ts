import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteMessageCommand, type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type Credentials, type LocalStack, localCredentials, type StackInfo } from '@wuhan/local-stack';
import {
  checkPlatformMessage,
  queueDepth,
  scanTable,
  secondStack,
  sendJson,
  testDocumentClient,
  waitFor,
} from '@wuhan/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectProblem, marker } from './intake-helpers.js';
import {
  arrivedOn,
  type MatchingClients,
  matchingClients,
  offerMessagesOn,
  offersWhen,
  qualifiedEvent,
  qualifiedProject,
} from './matching-helpers.js';

/**
 * What platforms see, on a stack of its own (shared emulators, its own table, queues and seeded platforms), so
 * platforms' capacities and queues are this file's alone:
 * - a real client, the AWS SDK's SQSClient configured only from the stack's `stack.json` as a platform would be,
 *   receives its offer from its own queue and deletes it;
 * - issue 10 point 5: twenty projects qualifying at once never put a concept-verification centre over its
 *   capacity (the conditional counter in matching's transaction), and a released match returns its place.
 */
const shared = inject('stack');
let stack: LocalStack;
let stateDir: string;
let clients: MatchingClients;

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'matching-platforms-'));
  stack = await secondStack(shared, { stateDir });
  clients = matchingClients(stack.info, stack.credentials, { contractFrom: shared.apiUrl });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

const matchingQueue = () => stack.info.queues.matching ?? '';

/** The platform profiles' open-offer counters, read from the table (the conditional counter itself). */
async function openOffers(profileId: string): Promise<number> {
  const { Item } = await testDocumentClient(stack.info).send(
    new GetCommand({
      TableName: stack.info.tableName,
      Key: { pk: `PLATFORM#${profileId}`, sk: 'PROFILE' },
      ConsistentRead: true,
    }),
  );
  return Number(Item?.openOffers ?? 0);
}

describe("a platform's own client reads and deletes its offer (issue 10, done when)", () => {
  it('receives the offer with the SDK from the queue stack.json names, validates it, deletes it', async () => {
    // Configured only from the files the stack writes, as a platform's integration would be.
    const info = JSON.parse(readFileSync(join(stateDir, 'stack.json'), 'utf8')) as StackInfo;
    const credentials = JSON.parse(readFileSync(join(stateDir, 'credentials.json'), 'utf8')) as Credentials;
    expect(info.platformQueues).toEqual(stack.info.platformQueues);

    const { projectId, title } = await qualifiedProject(clients, marker(), 'growth');
    await sendJson(stack.info, matchingQueue(), qualifiedEvent(projectId, title, 'growth'));
    const offers = await offersWhen(clients, projectId, (o) => o.length === 2, 'the two offers');
    const finance = offers.find((o) => o.kind === 'finance');
    if (!finance) throw new Error('no finance offer');
    const key = credentials.keys.find((k) => k.role === 'platform' && k.platformId === finance.platformId);
    expect(key, 'the platform key names its platformId').toBeDefined();
    const queueUrl = info.platformQueues[finance.platformId];
    if (!queueUrl) throw new Error(`stack.json has no queue for ${finance.platformId}`);

    // The platform's reader: the SDK client, the endpoint and region from stack.json (locally the stack's own
    // credentials stand for the platform's consumerPrincipal: fauxqs has no queue policies).
    const sqs = new SQSClient({
      region: info.region,
      endpoint: info.sqsEndpoint,
      credentials: localCredentials,
    });
    const mine = await waitFor(
      async () => {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
        );
        return Messages.find((m: Message) => JSON.parse(m.Body ?? '{}').data?.matchId === finance.matchId);
      },
      { timeoutMs: 30_000, intervalMs: 100, description: `the offer on ${finance.platformId}'s queue` },
    );
    const body = await checkPlatformMessage(info.apiUrl, JSON.parse(mine.Body ?? ''), 'the received offer');
    expect(body.data).toMatchObject({ matchId: finance.matchId, projectId, platformId: finance.platformId });
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: mine.ReceiptHandle ?? '' }));
    // Deleted, not merely hidden: the queue (this stack's own) holds nothing, visible or in flight.
    expect(await queueDepth(stack.info, queueUrl)).toEqual({ visible: 0, inFlight: 0 });
    expect(await offerMessagesOn(stack.info, finance.platformId, finance.matchId)).toEqual([]);
    // The other offer (the landing park's) is on its own queue, untouched by this client.
    const park = offers.find((o) => o.kind === 'landing_park');
    if (!park) throw new Error('no park offer');
    expect(await arrivedOn(stack.info, park.platformId, park.matchId)).toHaveLength(1);
  }, 90_000);
});

describe('capacity holds under concurrency (issue 10 point 5)', () => {
  it('twenty gestation projects qualifying at once fill each centre exactly to its capacity, never past it', async () => {
    // Every concept-verification centre gets a small capacity (2, 3, 2, …): together far fewer than twenty.
    const platforms = stack.credentials.keys.filter((k) => k.role === 'platform');
    const centres: { profileId: string; platformId: string; capacity: number }[] = [];
    for (const key of platforms) {
      const read = await clients.staff.get(`/v1/platforms/${key.ownerId}`);
      expect(read.status, read.text).toBe(200);
      const profile = read.json.profile as { kind: string; techFields: 'all' | string[] };
      // The centres that can take these projects (quantum): the configuration decides which those are.
      if (profile.kind !== 'concept_verification_center') continue;
      if (profile.techFields !== 'all' && !profile.techFields.includes('quantum')) continue;
      const capacity = centres.length === 1 ? 3 : 2;
      const changed = await clients.staff.patch(`/v1/platforms/${key.ownerId}`, { capacity });
      expect(changed.status, changed.text).toBe(200);
      centres.push({ profileId: key.ownerId, platformId: String(key.platformId), capacity });
    }
    expect(centres.length).toBeGreaterThan(0);
    const total = centres.reduce((sum, c) => sum + c.capacity, 0);
    expect(total).toBeLessThan(20);

    // Created four at a time (what must be concurrent is the qualification, not the nomination).
    const projects: { projectId: string; title: string }[] = [];
    while (projects.length < 20)
      projects.push(
        ...(await Promise.all(Array.from({ length: 4 }, () => qualifiedProject(clients, marker())))),
      );
    await Promise.all(
      projects.map(({ projectId, title }) =>
        sendJson(stack.info, matchingQueue(), qualifiedEvent(projectId, title)),
      ),
    );

    // Settled: each project has an offer or was reported unmatched (a race lost on a full centre is retried).
    const ids = new Set(projects.map((p) => p.projectId));
    const settled = await waitFor(
      async () => {
        const items = await scanTable(stack.info);
        const offers = items.filter((i) => i.entity === 'offer' && ids.has(String(i.projectId)));
        const unmatched = items.filter(
          (i) =>
            i.entity === 'history' &&
            (i.event as { type?: string }).type === 'project.unmatched' &&
            ids.has(String((i.event as { subject?: { id?: string } }).subject?.id)),
        );
        const decided = new Set([
          ...offers.map((o) => String(o.projectId)),
          ...unmatched.map((u) => String((u.event as { subject: { id: string } }).subject.id)),
        ]);
        return decided.size === ids.size ? { offers, unmatched } : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500, description: 'every project offered or unmatched' },
    );

    // Never past capacity, and every place used: exactly `capacity` offers per centre, one per project at most.
    for (const centre of centres) {
      const held = settled.offers.filter((o) => o.platformId === centre.platformId);
      expect(held, centre.platformId).toHaveLength(centre.capacity);
      expect(await openOffers(centre.profileId), centre.platformId).toBe(centre.capacity);
    }
    const perProject = new Map<string, number>();
    for (const o of settled.offers)
      perProject.set(String(o.projectId), (perProject.get(String(o.projectId)) ?? 0) + 1);
    expect([...perProject.values()].every((n) => n === 1)).toBe(true);
    expect(settled.offers).toHaveLength(total);
    expect(settled.unmatched).toHaveLength(20 - total);

    // A centre that is full refuses nothing it holds: one of its offers accepted, then released by staff,
    // returns exactly that one place (the counter goes from capacity to capacity - 1).
    const centre = centres[0];
    if (!centre) throw new Error('no centre');
    const offer = settled.offers.find((o) => o.platformId === centre.platformId);
    const matchId = String(offer?.matchId);
    const accepted = await clients.platform(centre.platformId).post(`/v1/matches/${matchId}/decision`, {
      decision: 'accepted',
    });
    expect(accepted.status, accepted.text).toBe(200);
    expect(await openOffers(centre.profileId)).toBe(centre.capacity);
    const released = await clients.staff.post(`/v1/matches/${matchId}/release`, {
      reason: '平台调整承接计划',
    });
    expect(released.status, released.text).toBe(200);
    expect(await openOffers(centre.profileId)).toBe(centre.capacity - 1);
    const project = await clients.staff.get(`/v1/projects/${String(offer?.projectId)}`);
    expect(project.json.status).toBe('qualified');
    expectProblem(await clients.staff.post(`/v1/matches/${matchId}/release`, { reason: '再次' }), 409);
  }, 240_000);
});
