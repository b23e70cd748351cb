import type { LocalStack } from '@wuhan/local-stack';
import { credentialFor, scanTable, waitFor } from '@wuhan/testing';
import { z } from 'zod';

/**
 * A real workload through every consumer, for the faults suite: partners nominate, staff record a milestone and
 * pass screening, evaluation assigns panels, experts review, the outcome qualifies, matching offers the projects
 * on the platforms' own queues, the deadline sweep expires the offers (re-offers, then nobody left), and
 * notification emails along the way. Every call is retried through 5xx, 429, a refused connection and a
 * "still in progress" 409 with the same Idempotency-Key, so an emulator restarted mid-run costs time, never an
 * effect. A capability added later adds its step here and its check in workload-checks.ts (subsidy: staff
 * file grant-to-equity claims for the qualified projects).
 */
/** Both concept-verification centres take it (config/platforms.json), so gestation projects are offered twice. */
export const FIELD = 'quantum';
/**
 * How long one step of the workload may take. Longer than the consumer queues' visibility timeout (181 s): a
 * message whose delete or backoff could not reach a restarted SQS emulator comes back only after it, as in AWS.
 */
export const STEP_MS = 300_000;
const sectors = ['science', 'industry', 'economy'] as const;
const dimensions = ['demand', 'disruptiveness', 'producibility', 'plan', 'capability', 'returns', 'risk'];
const scores = Object.fromEntries(dimensions.map((d) => [d, 4.5]));

export interface Project {
  projectId: string;
  title: string;
  stage: 'gestation' | 'growth';
  /** The platform kinds matching offers a project of this stage (one offer per kind at a time). */
  kinds: readonly string[];
}

/** A subsidy claim the workload filed (staff, grant_to_equity for one of its qualified projects). */
export interface Claim {
  claimId: string;
  projectId: string;
  requestedFen: number;
}

export interface Run {
  marker: string;
  projects: Project[];
  /** Two grant-to-equity claims per project, together asking more than the project cap (the subsidy step). */
  claims: Claim[];
  /** API calls retried (5xx, refused connections): how much a restart cost. */
  retries: number;
}

export interface Workload {
  stack: LocalStack;
  staffKey: string;
  partnerKey: string;
  /** Every expert's key by profile id (the seeded ones and the workload's own). */
  expertKeys: Map<string, string>;
}

interface Answer {
  status: number;
  json: unknown;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One HTTP call, retried until a final answer within 120 s: what a careful partner system does. The counter
 * says how many retries the run needed.
 */
async function call(
  stack: LocalStack,
  counter: { retries: number },
  method: 'GET' | 'POST',
  path: string,
  key: string,
  body?: unknown,
  idempotencyKey?: string,
): Promise<Answer> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const response = await fetch(`${stack.info.apiUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      const transient =
        response.status >= 500 ||
        response.status === 429 ||
        (response.status === 409 && response.headers.has('retry-after'));
      if (!transient) return { status: response.status, json: text ? JSON.parse(text) : undefined };
      if (Date.now() > deadline) throw new Error(`${method} ${path}: still ${response.status}: ${text}`);
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    counter.retries++;
    await sleep(500);
  }
}

const created = z.object({ profile: z.object({ id: z.string() }), apiKey: z.string() });
const accepted = z.object({ projectId: z.string() });
const evaluation = z.object({ reviews: z.array(z.object({ expertId: z.string(), state: z.string() })) });
export const offerSchema = z.object({
  matchId: z.string(),
  platformId: z.string(),
  kind: z.string(),
  state: z.string(),
});
const offers = z.object({ items: z.array(offerSchema) });
const filed = z.object({ claimId: z.string() });
const claimView = z.object({ status: z.string() });
/**
 * §二(七) grant-to-equity: two claims of 400万 per project, 800万 together against the 600万 project cap, so the
 * second one assessed is bound by what the first reserved (the conditioned reservation, under faults).
 */
const GRANT_REQUESTS_FEN = [400_000_000, 400_000_000] as const;

/** The stack's staff, a partner, and a pool of experts in a field of the workload's own, roomy enough. */
export async function workloadClient(stack: LocalStack): Promise<Workload> {
  const staffKey = credentialFor(stack.credentials, 'staff').key;
  const partnerKey = credentialFor(stack.credentials, 'partner').key;
  const expertKeys = new Map(
    stack.credentials.keys.filter((k) => k.role === 'expert').map((k) => [k.ownerId, k.key]),
  );
  const counter = { retries: 0 };
  for (const sector of sectors) {
    const answer = await call(
      stack,
      counter,
      'POST',
      '/v1/experts',
      staffKey,
      {
        name: `故障注入专家 ${sector}`,
        email: `faults.${sector}@example.wuhan.local`,
        organization: `故障注入评审单位 ${sector}`,
        sector,
        techFields: [FIELD],
        maxOpenReviews: 50,
      },
      `faults-expert-${sector}`,
    );
    if (answer.status !== 201)
      throw new Error(`expert ${sector}: ${answer.status} ${JSON.stringify(answer.json)}`);
    const { profile, apiKey } = created.parse(answer.json);
    expertKeys.set(profile.id, apiKey);
  }
  return { stack, staffKey, partnerKey, expertKeys };
}

export interface Hooks {
  /** Started (not awaited) once every nomination is accepted; awaited before the run ends. */
  afterNominations?: () => Promise<void>;
  /** Started once every review is submitted; awaited before the run ends. */
  afterReviews?: () => Promise<void>;
}

const expect200 = (what: string, answer: Answer, ok: readonly number[] = [200]) => {
  if (!ok.includes(answer.status))
    throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.json)}`);
  return answer.json;
};

/** Runs the workload for `size` projects (half gestation, half growth) and returns what it made. */
export async function runWorkload(w: Workload, marker: string, hooks: Hooks = {}, size = 4): Promise<Run> {
  const { stack, staffKey, partnerKey } = w;
  const run: Run = { marker, projects: [], claims: [], retries: 0 };
  const http = (method: 'GET' | 'POST', path: string, key: string, body?: unknown, idem?: string) =>
    call(stack, run, method, path, key, body, idem === undefined ? undefined : `${marker}-${idem}`);
  const background: Promise<void>[] = [];

  // Nominations: a project each.
  run.projects = await Promise.all(
    Array.from({ length: size }, async (_, i) => {
      const stage = i % 2 === 0 ? 'gestation' : 'growth';
      const title = `故障注入可靠性 ${marker} ${i}`;
      const answer = await http(
        'POST',
        '/v1/nominations',
        partnerKey,
        {
          title,
          summary: '在注入故障的本地栈上走完全流程，每个结果恰好一次。',
          techField: FIELD,
          stage,
          trl: stage === 'growth' ? 8 : 2,
          leadOrganization: `故障注入研究院 ${marker} ${i}`,
          teamLead: { name: '王磊', email: `faults.${marker.toLowerCase()}.${i}@example.cn` },
          district: 'east_lake_hitech',
        },
        `nominate-${i}`,
      );
      // 409: a retry ran after the first attempt had committed; the answer names the same project.
      const { projectId } = accepted.parse(expect200('nomination', answer, [202, 409]));
      const kinds = stage === 'gestation' ? ['concept_verification_center'] : ['finance', 'landing_park'];
      return { projectId, title, stage, kinds } satisfies Project;
    }),
  );
  if (hooks.afterNominations) background.push(hooks.afterNominations());

  // Staff: a national-library milestone (targets) and the screening pass (evaluation), per project.
  await Promise.all(
    run.projects.map(async (p, i) => {
      const milestone = await http(
        'POST',
        `/v1/projects/${p.projectId}/milestones`,
        staffKey,
        { type: 'national_library_entered', date: '2026-11-30', reference: `NL-${marker}-${i}` },
        `milestone-${i}`,
      );
      expect200('milestone', milestone, [200, 201]);
      const screened = await http(
        'POST',
        `/v1/projects/${p.projectId}/screening`,
        staffKey,
        { decision: 'pass', note: '进入专家评估' },
        `screening-${i}`,
      );
      expect200('screening', screened);
    }),
  );

  // The panel, then each expert's review.
  await Promise.all(
    run.projects.map(async (p) => {
      const panel = await waitFor(
        async () => {
          const answer = await http('GET', `/v1/projects/${p.projectId}/evaluation`, staffKey);
          if (answer.status !== 200) return undefined;
          const active = evaluation.parse(answer.json).reviews.filter((r) => r.state !== 'withdrawn');
          return active.length >= 3 ? active.map((r) => r.expertId) : undefined;
        },
        { timeoutMs: STEP_MS, intervalMs: 500, description: `the panel of ${p.title}` },
      );
      for (const expertId of panel) {
        const key = w.expertKeys.get(expertId);
        if (!key) throw new Error(`no key for expert ${expertId}`);
        const answer = await http(
          'POST',
          `/v1/projects/${p.projectId}/reviews`,
          key,
          { scores, conflictOfInterest: false },
          `review-${p.projectId}-${expertId}`,
        );
        expect200('review', answer);
      }
    }),
  );
  if (hooks.afterReviews) background.push(hooks.afterReviews());

  // The outcome reaches matching: one offer per kind, on the platform's own queue.
  const offersOf = async (p: Project) =>
    offers.parse(expect200('offers', await http('GET', `/v1/matches?projectId=${p.projectId}`, staffKey)))
      .items;
  await Promise.all(
    run.projects.map((p) =>
      waitFor(async () => (await offersOf(p)).length >= p.kinds.length, {
        timeoutMs: STEP_MS,
        intervalMs: 500,
        description: `the first offers of ${p.title}`,
      }),
    ),
  );

  // Subsidy: staff file grant-to-equity claims for the qualified projects; the subsidy consumer assesses each
  // and reserves its award against the project cap. Waited for before the deadlines move the projects on.
  run.claims = (
    await Promise.all(
      run.projects.map((p, i) =>
        Promise.all(
          GRANT_REQUESTS_FEN.map(async (requestedFen, n) => {
            const answer = await http(
              'POST',
              '/v1/subsidy-claims',
              staffKey,
              { subsidyType: 'grant_to_equity', projectId: p.projectId, requestedFen },
              `grant-${i}-${n}`,
            );
            const { claimId } = filed.parse(expect200('subsidy claim', answer, [202]));
            return { claimId, projectId: p.projectId, requestedFen } satisfies Claim;
          }),
        ),
      ),
    )
  ).flat();
  await Promise.all(
    run.claims.map((c) =>
      waitFor(
        async () => {
          const answer = await http('GET', `/v1/subsidy-claims/${c.claimId}`, staffKey);
          return answer.status === 200 && claimView.parse(answer.json).status !== 'received';
        },
        { timeoutMs: STEP_MS, intervalMs: 500, description: `claim ${c.claimId} assessed` },
      ),
    ),
  );

  // Deadlines: every open offer's respond-by passes, round after round (the sweep also runs twice at once, as a
  // scheduler may), until nobody is left: gestation projects are re-offered to the other centre first.
  for (let round = 1; ; round++) {
    await waitFor(
      async () => {
        const unmatched = await unmatchedKinds(stack);
        const settled = await Promise.all(
          run.projects.map(async (p) => {
            const now = await offersOf(p);
            return p.kinds.every(
              (k) =>
                now.some((o) => o.kind === k && o.state === 'offered') || unmatched.get(p.projectId)?.has(k),
            );
          }),
        );
        return settled.every(Boolean);
      },
      {
        timeoutMs: STEP_MS,
        intervalMs: 500,
        description: `every kind offered or unmatched (round ${round})`,
      },
    );
    const open = (await Promise.all(run.projects.map(offersOf))).flat().filter((o) => o.state === 'offered');
    if (open.length === 0) break;
    if (round > 3) throw new Error(`offers still open after ${round - 1} rounds`);
    const due = await scanTable(stack.info, (item) =>
      open.some((o) => item.pk === `DEADLINE#offer:${o.matchId}`),
    );
    const at = new Date(Math.max(...due.map((d) => Date.parse(String(d.dueAt)))) + 60_000);
    await Promise.all([sweep(stack, run, at), sweep(stack, run, at)]);
    await waitFor(
      async () => {
        const now = (await Promise.all(run.projects.map(offersOf))).flat();
        return open.every((o) => now.find((x) => x.matchId === o.matchId)?.state === 'expired');
      },
      { timeoutMs: STEP_MS, intervalMs: 500, description: `the offers expired (round ${round})` },
    );
  }
  await Promise.all(background);
  return run;
}

const outboxEvent = z.object({
  id: z.string(),
  type: z.string(),
  subject: z.object({ id: z.string() }),
  data: z.record(z.string(), z.unknown()),
});
export type OutboxEvent = z.infer<typeof outboxEvent>;

/** Every event published: each event's one row, its subject's history row (kept for good; issue 13). */
export async function outboxEvents(stack: LocalStack): Promise<OutboxEvent[]> {
  const rows = await scanTable(stack.info, (item) => item.entity === 'history');
  return rows.map((row) => outboxEvent.parse(row.event));
}

/** Per project, the platform kinds matching said nobody is left for (project.unmatched). */
async function unmatchedKinds(stack: LocalStack): Promise<Map<string, Set<string>>> {
  const kinds = new Map<string, Set<string>>();
  for (const event of await outboxEvents(stack)) {
    if (event.type !== 'project.unmatched') continue;
    const named = z.array(z.string()).parse(event.data.kinds);
    const set = kinds.get(event.subject.id) ?? new Set();
    for (const k of named) set.add(k);
    kinds.set(event.subject.id, set);
  }
  return kinds;
}

/** The deadline sweep as if it ran at `at`, retried while the control endpoint's emulators restart. */
async function sweep(stack: LocalStack, run: Run, at: Date): Promise<void> {
  const url = `${stack.info.controlUrl}/schedules/deadline-sweep?at=${encodeURIComponent(at.toISOString())}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const status = await fetch(url, { method: 'POST' })
      .then(async (r) => {
        await r.arrayBuffer();
        return r.status;
      })
      .catch(() => 0);
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`the deadline sweep answered ${status}`);
    run.retries++;
    await sleep(500);
  }
}
