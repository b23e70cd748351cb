import { type Deadline, isDue } from '@wuhan/domain';

/** What the sweep needs from storage (production: `@wuhan/aws`'s deadline store). */
export interface DeadlinePorts {
  dueDeadlines(
    now: Date,
    pageSize: number,
    startKey?: Record<string, unknown>,
  ): Promise<{ deadlines: Deadline[]; next?: Record<string, unknown> }>;
  fireDeadline(deadline: Deadline, now: Date): Promise<'fired' | 'not-pending' | 'contended'>;
}

export interface SweepLimits {
  /** Deadlines read per index page (and fired at once). */
  pageSize: number;
  /** Deadlines attempted per invocation; the rest wait for the next sweep a minute later. */
  maxPerRun: number;
  /** Time left in this invocation; no new page is started with less than `reserveMs` left. */
  timeLeftMs?: () => number;
  reserveMs?: number;
}

export interface SweepResult {
  /** The sweep's clock: the schedule's time, not the machine's. */
  now: string;
  fired: number;
  /** Already fired or cancelled by the time this sweep got to it (a concurrent sweep, a cancel): skipped. */
  notPending: number;
  /** Lost to a concurrent transaction; still pending if the other did not fire it, so the next sweep sees it. */
  contended: number;
  /** Work was left for the next sweep (the per-run bound or the time was reached). */
  more: boolean;
}

export class DeadlineSweepError extends Error {
  override name = 'DeadlineSweepError';
}

/**
 * Fires every pending deadline due at `now` or earlier, each in its own conditional transaction, so a deadline
 * fires exactly once however many sweeps run (EventBridge Scheduler delivers at least once, and retries): the
 * loser of a race writes nothing. A deadline that fails for another reason does not stop the others; the sweep
 * then fails as a whole (so it is retried and alarmed on) after firing everything else it could.
 */
export async function fireDueDeadlines(
  ports: DeadlinePorts,
  now: Date,
  limits: SweepLimits,
): Promise<SweepResult> {
  const result: SweepResult = { now: now.toISOString(), fired: 0, notPending: 0, contended: 0, more: false };
  const failures: { id: string; error: unknown }[] = [];
  let attempted = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    if (attempted >= limits.maxPerRun || (limits.timeLeftMs?.() ?? Infinity) < (limits.reserveMs ?? 0)) {
      result.more = true;
      break;
    }
    const page = await ports.dueDeadlines(
      now,
      Math.min(limits.pageSize, limits.maxPerRun - attempted),
      startKey,
    );
    // The index query already bounds by `now`; checking again keeps the rule in the domain, not in a key range.
    const due = page.deadlines.filter((d) => d.state === 'pending' && isDue(d, now));
    attempted += page.deadlines.length;
    const outcomes = await Promise.allSettled(due.map((d) => ports.fireDeadline(d, now)));
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'rejected') failures.push({ id: due[i]?.id ?? '?', error: outcome.reason });
      else if (outcome.value === 'fired') result.fired += 1;
      else if (outcome.value === 'not-pending') result.notPending += 1;
      else result.contended += 1;
    });
    startKey = page.next;
  } while (startKey);
  if (failures.length > 0) {
    throw new DeadlineSweepError(
      `${failures.length} deadline(s) failed to fire: ${failures.map((f) => f.id).join(', ')}`,
      { cause: failures[0]?.error },
    );
  }
  return result;
}
