import type { IssuedCredential } from '../packages/local-stack/src/types.js';
import type { NominationInput } from './nominations.js';
import { pool, type Summary, sleep, summarize } from './stats.js';

interface StoredEmail {
  messageId: string;
  subject: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
}

/**
 * Watches the SES emulator's store for the run's emails. The store only grows, so each poll asks for the mail
 * saved since the previous poll (`?since=`, epoch seconds, with a second of overlap) and dedupes by message id.
 * Arrival is stamped at the poll that first sees an email: the error is at most one poll interval.
 */
export class MailWatcher {
  /** Nomination index → first arrival (performance.now()) of a staff email about it. */
  readonly staffArrival = new Map<number, number>();
  /** Nomination index → every email about it (any recipient). */
  readonly emailsPerNomination = new Map<number, number>();
  totalEmails = 0;
  private readonly seen = new Set<string>();
  private sinceSeconds: number;
  private timer: Promise<void> | undefined;
  private running = false;
  private readonly marker: RegExp;

  constructor(
    private readonly storeUrl: string,
    runId: string,
    private readonly staffAddresses: ReadonlySet<string>,
    readonly intervalMs = 100,
  ) {
    this.marker = new RegExp(`-${runId}-(\\d+)`);
    this.sinceSeconds = Math.floor(Date.now() / 1000) - 1;
  }

  start(): void {
    this.running = true;
    this.timer = (async () => {
      while (this.running) {
        await this.poll().catch(() => undefined);
        await sleep(this.intervalMs);
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.timer;
    await this.poll();
  }

  private async poll(): Promise<void> {
    const pollStartedSeconds = Math.floor(Date.now() / 1000) - 1;
    const response = await fetch(`${this.storeUrl}?since=${this.sinceSeconds}`);
    const { emails } = (await response.json()) as { emails: StoredEmail[] };
    const now = performance.now();
    for (const email of emails) {
      if (this.seen.has(email.messageId)) continue;
      this.seen.add(email.messageId);
      const match = this.marker.exec(email.subject);
      if (!match) continue;
      const index = Number(match[1]);
      this.totalEmails++;
      this.emailsPerNomination.set(index, (this.emailsPerNomination.get(index) ?? 0) + 1);
      const recipients = [...email.destination.to, ...email.destination.cc, ...email.destination.bcc];
      if (!this.staffArrival.has(index) && recipients.some((r) => this.staffAddresses.has(r.toLowerCase()))) {
        this.staffArrival.set(index, now);
      }
    }
    this.sinceSeconds = pollStartedSeconds;
  }
}

export interface PostOutcome {
  index: number;
  status: number;
  startedAt: number;
  latencyMs: number;
  /** The problem `type` of a refused nomination. */
  problem?: string;
}

export interface PipelineResult {
  n: number;
  accepted: number;
  rejected: Record<string, number>;
  postSeconds: number;
  acceptedPerSecond: number;
  postLatencyMs: Summary;
  endToEndMs: Summary;
  emailsArrived: number;
  /** From the first POST to the last staff email: the pipeline's sustained rate. */
  endToEndSeconds: number;
  deliveredPerSecond: number;
  totalEmails: number;
  timedOut: boolean;
}

/** POSTs nominations `first … first+count-1` with at most `concurrency` in flight, round-robin over partners. */
export async function postNominations(options: {
  apiUrl: string;
  partners: readonly IssuedCredential[];
  runId: string;
  first: number;
  count: number;
  concurrency: number;
  make: (i: number) => NominationInput;
  onPosted: (outcome: PostOutcome) => void;
}): Promise<PostOutcome[]> {
  const outcomes: PostOutcome[] = [];
  await pool(options.count, options.concurrency, async (k) => {
    const index = options.first + k;
    const partner = options.partners[index % options.partners.length] as IssuedCredential;
    const body = JSON.stringify(options.make(index));
    const startedAt = performance.now();
    let status = 0;
    let problem: string | undefined;
    try {
      const response = await fetch(`${options.apiUrl}/v1/nominations`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${partner.key}`,
          'content-type': 'application/json',
          'idempotency-key': `bench-${options.runId}-${index}`,
        },
        body,
      });
      const text = await response.text();
      status = response.status;
      if (status !== 202)
        problem = (JSON.parse(text) as { type?: string; title?: string }).type ?? text.slice(0, 120);
    } catch (error) {
      status = -1;
      problem = (error as Error).message;
    }
    const outcome: PostOutcome = { index, status, startedAt, latencyMs: performance.now() - startedAt };
    if (problem !== undefined) outcome.problem = problem;
    outcomes.push(outcome);
    options.onPosted(outcome);
  });
  return outcomes;
}

/** Waits until every accepted nomination's staff email arrived, or the deadline. */
export async function awaitStaffEmails(
  watcher: MailWatcher,
  indexes: readonly number[],
  deadline: number,
  onProgress: (arrived: number) => void,
): Promise<boolean> {
  for (;;) {
    const arrived = indexes.filter((i) => watcher.staffArrival.has(i)).length;
    onProgress(arrived);
    if (arrived === indexes.length) return true;
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
}

/** Waits until no new email has arrived for `quietMs` (the partner and commissioner emails trail the staff's). */
export async function awaitQuiet(watcher: MailWatcher, quietMs: number, deadline: number): Promise<void> {
  let last = watcher.totalEmails;
  let since = Date.now();
  while (Date.now() < deadline) {
    await sleep(200);
    if (watcher.totalEmails !== last) {
      last = watcher.totalEmails;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
}

export function pipelineResult(
  outcomes: readonly PostOutcome[],
  watcher: MailWatcher,
  timedOut: boolean,
): PipelineResult {
  const accepted = outcomes.filter((o) => o.status === 202);
  const rejected: Record<string, number> = {};
  for (const o of outcomes)
    if (o.status !== 202) rejected[String(o.status)] = (rejected[String(o.status)] ?? 0) + 1;
  const firstStart = Math.min(...outcomes.map((o) => o.startedAt));
  const lastAnswer = Math.max(...outcomes.map((o) => o.startedAt + o.latencyMs));
  const postSeconds = (lastAnswer - firstStart) / 1000;
  const endToEnd: number[] = [];
  let lastArrival = firstStart;
  for (const o of accepted) {
    const arrival = watcher.staffArrival.get(o.index);
    if (arrival === undefined) continue;
    endToEnd.push(arrival - o.startedAt);
    lastArrival = Math.max(lastArrival, arrival);
  }
  const endToEndSeconds = (lastArrival - firstStart) / 1000;
  return {
    n: outcomes.length,
    accepted: accepted.length,
    rejected,
    postSeconds,
    acceptedPerSecond: accepted.length / postSeconds,
    postLatencyMs: summarize(outcomes.map((o) => o.latencyMs)),
    endToEndMs: summarize(endToEnd),
    emailsArrived: endToEnd.length,
    endToEndSeconds,
    deliveredPerSecond: endToEnd.length / endToEndSeconds,
    totalEmails: [...outcomes].reduce((a, o) => a + (watcher.emailsPerNomination.get(o.index) ?? 0), 0),
    timedOut,
  };
}
