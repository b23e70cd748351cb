import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { IssuedCredential, StackInfo } from '../packages/local-stack/src/types.js';
import { kindsFor, platformPageSchema, platformsToWiden } from './lifecycle-platforms.js';
import { whereItStopped } from './lifecycle-stops.js';
import { pool, type Summary, sleep, summarize } from './stats.js';

/**
 * The benchmark's second path (issue 13, point 2): a nomination taken through the whole evaluation to a platform
 * offer. Per project: the partner nominates, staff pass the screening, the evaluation consumer assigns a panel
 * of three, the three experts review, the evaluation decides (qualified), matching offers the project to a
 * platform and the relay puts `match.offered` on that platform's own queue. Timed from the POST to the offer on
 * the queue, with the stages in between.
 */

/** No seeded expert works in it: the panels are the bench's own experts, whose keys it holds. */
const FIELD = 'electromagnetic_energy';
const SECTORS = ['science', 'industry', 'economy'] as const;
const DIMENSIONS = ['demand', 'disruptiveness', 'producibility', 'plan', 'capability', 'returns', 'risk'];
/**
 * Stages in turn, with a TRL that agrees: each stage is offered to other kinds of platform, and one kind's seeded
 * capacity (two concept-verification centres of 20) would otherwise run out before 50 projects.
 */
const STAGES = [
  ['gestation', 2],
  ['sprouting', 5],
  ['growth', 8],
] as const;

export interface LifecycleOptions {
  info: StackInfo;
  staffKey: string;
  partners: readonly IssuedCredential[];
  runId: string;
  projects: number;
  concurrency: number;
  /** How long one project may take from POST to offer before it counts as not completed. */
  timeoutMs: number;
  onProgress: (line: string) => void;
}

export interface LifecycleResult {
  projects: number;
  completed: number;
  /**
   * Projects that did not complete, by the step that failed and where the project stopped (its status and last
   * event, e.g. `offer: qualified, last event project.unmatched (pilot_platform)`).
   */
  failures: Record<string, number>;
  /** The configured platforms staff widened to serve the bench's field before the first project. */
  widened: string[];
  /** POST → panel of three assigned (screening passed in between). */
  assignedMs: Summary;
  /** Last of the three reviews answered → project qualified. */
  outcomeMs: Summary;
  /** Qualified → `match.offered` on the platform's queue. */
  offerMs: Summary;
  /** POST → `match.offered` on the queue. */
  totalMs: Summary;
  seconds: number;
}

interface Answer {
  status: number;
  json: Record<string, unknown> | undefined;
  text: string;
}

async function call(
  info: StackInfo,
  key: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  const response = await fetch(`${info.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

/** Polls `probe` until it returns a value or the deadline passes (then undefined). */
async function until<T>(probe: () => Promise<T | undefined>, deadline: number, intervalMs = 100) {
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) return undefined;
    await sleep(intervalMs);
  }
}

/**
 * Drains every platform queue (the bench owns the stack: nobody else reads them) and stamps the first
 * `match.offered` per project. Long polls, so idle queues cost little.
 */
class OfferWatcher {
  readonly arrival = new Map<string, number>();
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly sqs: SQSClient;

  constructor(private readonly info: StackInfo) {
    this.sqs = new SQSClient({
      endpoint: info.sqsEndpoint,
      region: info.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  }

  start(): void {
    this.running = true;
    this.loops = Object.values(this.info.platformQueues).map((url) => this.drain(url));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async drain(url: string): Promise<void> {
    while (this.running) {
      const { Messages = [] } = await this.sqs
        .send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }))
        .catch(() => ({ Messages: [] }));
      const now = performance.now();
      for (const m of Messages) {
        try {
          const body = JSON.parse(m.Body ?? '{}') as { type?: string; data?: { projectId?: string } };
          const projectId = body.data?.projectId;
          if (body.type === 'match.offered' && projectId && !this.arrival.has(projectId))
            this.arrival.set(projectId, now);
        } catch {
          // not an event: not ours to judge here
        }
      }
      if (Messages.length > 0)
        await this.sqs
          .send(
            new DeleteMessageBatchCommand({
              QueueUrl: url,
              Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
            }),
          )
          .catch(() => undefined);
    }
  }
}

/** Two experts per sector in a field of their own, with room for every project of the run. */
async function addExperts(options: LifecycleOptions) {
  const experts: { id: string; key: string; sector: string }[] = [];
  for (const sector of SECTORS) {
    for (let k = 0; k < 2; k++) {
      const label = `${sector}${k}`;
      const answer = await call(options.info, options.staffKey, 'POST', '/v1/experts', {
        name: `基准专家 ${label} ${options.runId}`,
        email: `bench.${label}.${options.runId.toLowerCase()}@example.wuhan.local`,
        organization: `基准评估机构 ${label} ${options.runId}`,
        sector,
        techFields: [FIELD],
        maxOpenReviews: 100,
      });
      if (answer.status !== 201) throw new Error(`adding a bench expert: ${answer.status} ${answer.text}`);
      const json = answer.json as { profile: { id: string }; apiKey: string };
      experts.push({ id: json.profile.id, key: json.apiKey, sector });
    }
  }
  return experts;
}

/**
 * Staff widen the configured platforms of the kinds the run's stages need to the bench's field (see
 * lifecycle-platforms.ts), over the profiles API as an administrator would. Returns their platformIds.
 */
async function widenPlatforms(options: LifecycleOptions): Promise<string[]> {
  const platforms = [];
  let cursor: string | undefined;
  do {
    const query = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const answer = await call(options.info, options.staffKey, 'GET', `/v1/platforms?${query}`);
    if (answer.status !== 200) throw new Error(`listing platforms: ${answer.status} ${answer.text}`);
    const page = platformPageSchema.parse(answer.json);
    platforms.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  const stagesInRun = STAGES.slice(0, options.projects).map(([stage]) => stage);
  const widen = platformsToWiden(
    platforms,
    FIELD,
    kindsFor(stagesInRun),
    Object.keys(options.info.platformQueues),
  );
  for (const w of widen) {
    const answer = await call(options.info, options.staffKey, 'PATCH', `/v1/platforms/${w.id}`, {
      techFields: w.techFields,
    });
    if (answer.status !== 200) throw new Error(`widening ${w.platformId}: ${answer.status} ${answer.text}`);
  }
  return widen.map((w) => w.platformId);
}

export async function measureLifecycle(options: LifecycleOptions): Promise<LifecycleResult> {
  const { info, staffKey, runId } = options;
  const widened = await widenPlatforms(options);
  const experts = await addExperts(options);
  const keyOf = new Map(experts.map((e) => [e.id, e.key]));
  const watcher = new OfferWatcher(info);
  watcher.start();
  const assigned: number[] = [];
  const outcome: number[] = [];
  const offer: number[] = [];
  const total: number[] = [];
  const failures: Record<string, number> = {};
  const fail = (stage: string) => {
    failures[stage] = (failures[stage] ?? 0) + 1;
  };
  /** A project that got an id failed at `stage`: counted with where it stopped, read from its own record. */
  const stopped = async (stage: string, projectId: string) => {
    const record = await call(info, staffKey, 'GET', `/v1/projects/${projectId}`).catch(() => undefined);
    fail(
      `${stage}: ${record?.status === 200 ? whereItStopped(record.json) : `project read ${record?.status}`}`,
    );
  };
  let done = 0;
  const started = performance.now();

  await pool(options.projects, options.concurrency, async (i) => {
    const partner = options.partners[i % options.partners.length] as IssuedCredential;
    const deadline = Date.now() + options.timeoutMs;
    const [stage, trl] = STAGES[i % STAGES.length] ?? STAGES[0];
    const t0 = performance.now();
    const nominated = await call(info, partner.key, 'POST', '/v1/nominations', {
      title: `高功率脉冲电磁发射装置全流程-${runId}L-${String(i).padStart(4, '0')}`,
      summary: '面向电磁能应用的高功率脉冲电源与发射装置，已完成实验室原型验证，拟开展工程化验证。',
      techField: FIELD,
      stage,
      trl,
      leadOrganization: `武汉电磁能研究院 ${runId} ${i}`,
      teamLead: { name: '赵强', email: `lead${i}.${runId.toLowerCase()}@example.cn` },
      district: 'east_lake_hitech',
    });
    const projectId = nominated.json?.projectId;
    if (nominated.status !== 202 || typeof projectId !== 'string')
      return fail(`nominate ${nominated.status}`);
    const screened = await call(info, staffKey, 'POST', `/v1/projects/${projectId}/screening`, {
      decision: 'pass',
    });
    if (screened.status !== 200) return stopped(`screening ${screened.status}`, projectId);
    const panel = await until(async () => {
      const record = await call(info, staffKey, 'GET', `/v1/projects/${projectId}/evaluation`);
      const reviews = (record.json?.reviews ?? []) as { expertId: string; state: string }[];
      const active = reviews.filter((r) => r.state !== 'withdrawn').map((r) => r.expertId);
      return active.length >= 3 ? active : undefined;
    }, deadline);
    if (!panel) return stopped('panel', projectId);
    const t1 = performance.now();
    const reviews = await Promise.all(
      panel.map((expertId) =>
        call(info, keyOf.get(expertId) ?? '', 'POST', `/v1/projects/${projectId}/reviews`, {
          scores: Object.fromEntries(DIMENSIONS.map((d) => [d, 4.5])),
          conflictOfInterest: false,
        }),
      ),
    );
    if (reviews.some((r) => r.status !== 200))
      return stopped(`review ${reviews.map((r) => r.status).join('/')}`, projectId);
    const t2 = performance.now();
    const qualified = await until(async () => {
      const project = await call(info, staffKey, 'GET', `/v1/projects/${projectId}`);
      return project.json?.status === 'qualified' || project.json?.status === 'matched' ? true : undefined;
    }, deadline);
    if (!qualified) return stopped('qualified', projectId);
    const t3 = performance.now();
    const offered = await until(async () => watcher.arrival.get(projectId), deadline);
    if (offered === undefined) return stopped('offer', projectId);
    assigned.push(t1 - t0);
    outcome.push(t3 - t2);
    offer.push(Math.max(0, offered - t3));
    total.push(offered - t0);
    done++;
    options.onProgress(`lifecycle: ${done}/${options.projects} offered`);
  });
  await watcher.stop();
  return {
    projects: options.projects,
    completed: done,
    failures,
    widened,
    assignedMs: summarize(assigned),
    outcomeMs: summarize(outcome),
    offerMs: summarize(offer),
    totalMs: summarize(total),
    seconds: (performance.now() - started) / 1000,
  };
}
