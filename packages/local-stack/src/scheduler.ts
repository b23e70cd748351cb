import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { type Cron, parseCron } from './cron.js';
import { LOCAL_ACCOUNT_ID } from './lambda-context.js';
import type { LocalFunction } from './lambda-runtime.js';

export interface Schedule {
  name: string;
  cron: Cron;
  timeZone: string;
  fn: LocalFunction;
}

export function scheduleEvent(name: string, region: string, at: Date = new Date()): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.scheduler',
    account: LOCAL_ACCOUNT_ID,
    time: at.toISOString(),
    region,
    resources: [`arn:aws:scheduler:${region}:${LOCAL_ACCOUNT_ID}:schedule/default/${name}`],
    detail: {},
  };
}

/**
 * EventBridge Scheduler, locally: wakes at each minute boundary and runs every schedule whose cron matches that
 * minute in its time zone. `run` fires one now (the control endpoint, and tests).
 */
export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private readonly schedules = new Map<string, Schedule>();
  /** Runs started by the clock, awaited by `stop` so the stack never stops the emulators under them. */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    definitions: readonly { name: string; cron: string; timeZone: string; fn: LocalFunction }[],
    private readonly region: string,
    private readonly log: (line: string) => void,
  ) {
    for (const d of definitions) this.schedules.set(d.name, { ...d, cron: parseCron(d.cron, d.timeZone) });
  }

  names(): string[] {
    return [...this.schedules.keys()];
  }

  has(name: string): boolean {
    return this.schedules.has(name);
  }

  async run(name: string, at: Date = new Date()): Promise<unknown> {
    const schedule = this.schedules.get(name);
    if (!schedule) throw new Error(`No schedule named ${name}`);
    return schedule.fn.invoke(scheduleEvent(name, this.region, at));
  }

  start(): void {
    this.running = true;
    this.arm();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await Promise.all(this.inFlight);
  }

  /** Sleeps to just past the next minute boundary, then runs what is due in that minute. */
  private arm(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => this.tick(), 60_000 - (Date.now() % 60_000) + 50);
    this.timer.unref();
  }

  private tick(): void {
    const now = new Date();
    for (const schedule of this.schedules.values()) {
      if (!schedule.cron.matches(now)) continue;
      this.log(`schedule ${schedule.name}: running ${schedule.fn.spec.name}`);
      const run = this.run(schedule.name, now)
        .catch((error: unknown) =>
          this.log(`schedule ${schedule.name}: ${schedule.fn.spec.name} failed: ${(error as Error).message}`),
        )
        .finally(() => this.inFlight.delete(run));
      this.inFlight.add(run);
    }
    this.arm();
  }
}
