/**
 * The operating rules a queue and its consumer must satisfy, as pure checks. The constructs throw on the first
 * problem at synth time; `validateTopology` (infra/topology-checks.ts) reports them all at once. Each check
 * returns a sentence naming the resource, the value and the rule, or `undefined` when the setting is sound.
 */

/** SQS keeps a message at most 14 days. */
export const MAX_RETENTION_DAYS = 14;
/** Fewer receives would send a message to the DLQ after one throttled or cold-started batch. */
export const MIN_MAX_RECEIVE_COUNT = 5;
/** AWS's guidance: a queue's visibility timeout is at least six times its consumer's function timeout. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;
/** Lambda's own ceiling on a function timeout. */
export const MAX_FUNCTION_TIMEOUT_SECONDS = 900;

export interface QueueSettings {
  name: string;
  visibilityTimeoutSeconds: number;
  retentionDays: number;
  maxReceiveCount: number;
  dlqRetentionDays: number;
}

export function queueSettingProblems(queue: QueueSettings): string[] {
  const problems: string[] = [];
  const { name } = queue;
  if (!Number.isInteger(queue.maxReceiveCount) || queue.maxReceiveCount < MIN_MAX_RECEIVE_COUNT) {
    problems.push(
      `queue ${name}: maxReceiveCount is ${queue.maxReceiveCount}, it must be an integer ≥ ${MIN_MAX_RECEIVE_COUNT} so a throttled batch does not land in the DLQ`,
    );
  }
  for (const [field, days] of [
    ['retentionDays', queue.retentionDays],
    ['dlqRetentionDays', queue.dlqRetentionDays],
  ] as const) {
    if (!(days > 0 && days <= MAX_RETENTION_DAYS)) {
      problems.push(
        `queue ${name}: ${field} is ${days}, SQS allows more than 0 and at most ${MAX_RETENTION_DAYS} days`,
      );
    }
  }
  // A message keeps its original enqueue time in the DLQ, so a DLQ that retains no longer than its source lets a
  // message that failed late expire there before anyone sees it.
  if (queue.dlqRetentionDays <= queue.retentionDays) {
    problems.push(
      `queue ${name}: dlqRetentionDays (${queue.dlqRetentionDays}) must be longer than retentionDays (${queue.retentionDays})`,
    );
  }
  if (queue.visibilityTimeoutSeconds < 0 || queue.visibilityTimeoutSeconds > 12 * 3600) {
    problems.push(
      `queue ${name}: visibilityTimeoutSeconds is ${queue.visibilityTimeoutSeconds}, SQS allows 0 to 43200`,
    );
  }
  return problems;
}

export interface ConsumerSettings {
  functionName: string;
  timeoutSeconds: number;
  maxBatchingWindowSeconds: number;
}

/**
 * A message still being processed must not become visible to a second consumer: visibility timeout ≥ 6 × the
 * consumer's timeout + the batching window (the window counts against the message's visibility).
 */
export function visibilityProblem(
  queue: Pick<QueueSettings, 'name' | 'visibilityTimeoutSeconds'>,
  consumer: ConsumerSettings,
): string | undefined {
  const needed = VISIBILITY_TIMEOUT_FACTOR * consumer.timeoutSeconds + consumer.maxBatchingWindowSeconds;
  if (queue.visibilityTimeoutSeconds >= needed) return undefined;
  return `queue ${queue.name}: visibilityTimeoutSeconds is ${queue.visibilityTimeoutSeconds}, it must be ≥ ${needed} (${VISIBILITY_TIMEOUT_FACTOR} × ${consumer.functionName}'s timeout ${consumer.timeoutSeconds} s + batching window ${consumer.maxBatchingWindowSeconds} s)`;
}

export interface FunctionSettings {
  name: string;
  timeoutSeconds: number;
  memoryMb: number;
  reservedConcurrency?: number | undefined;
}

export function functionSettingProblems(fn: FunctionSettings): string[] {
  const problems: string[] = [];
  if (
    !(
      Number.isInteger(fn.timeoutSeconds) &&
      fn.timeoutSeconds >= 1 &&
      fn.timeoutSeconds <= MAX_FUNCTION_TIMEOUT_SECONDS
    )
  ) {
    problems.push(
      `function ${fn.name}: timeoutSeconds is ${fn.timeoutSeconds}, Lambda allows 1 to ${MAX_FUNCTION_TIMEOUT_SECONDS}`,
    );
  }
  if (!(Number.isInteger(fn.memoryMb) && fn.memoryMb >= 128 && fn.memoryMb <= 10_240)) {
    problems.push(`function ${fn.name}: memoryMb is ${fn.memoryMb}, Lambda allows 128 to 10240`);
  }
  if (
    fn.reservedConcurrency !== undefined &&
    !(Number.isInteger(fn.reservedConcurrency) && fn.reservedConcurrency >= 1)
  ) {
    problems.push(
      `function ${fn.name}: reservedConcurrency is ${fn.reservedConcurrency}, it must be a positive integer (0 would disable the function)`,
    );
  }
  return problems;
}

/** The error every synth-time check throws: the message lists each problem on its own line. */
export class InfraConfigError extends Error {
  override name = 'InfraConfigError';
  constructor(
    readonly problems: readonly string[],
    context = 'Invalid infrastructure settings',
  ) {
    super(`${context}:\n  - ${problems.join('\n  - ')}`);
  }
}

export function throwIfProblems(problems: readonly (string | undefined)[], context?: string): void {
  const real = problems.filter((p): p is string => p !== undefined);
  if (real.length > 0) throw new InfraConfigError(real, context);
}
