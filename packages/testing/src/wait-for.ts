export interface WaitOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Pause between attempts (default 100 ms). */
  intervalMs?: number;
  /** Named in the timeout error, so a failing test says what it waited for. */
  description?: string;
}

export class WaitTimeout extends Error {
  override name = 'WaitTimeout';
}

/**
 * Polls until `fn` returns a value other than undefined/false (or stops throwing) and returns it; fails with
 * the last error or value once the deadline passes. Integration tests wait with this, never with fixed sleeps.
 */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  options: WaitOptions = {},
): Promise<Exclude<T, false | undefined>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined && value !== false) return value as Exclude<T, false | undefined>;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      const what = options.description ? ` for ${options.description}` : '';
      const detail = last instanceof Error ? last.message : JSON.stringify(last);
      throw new WaitTimeout(`Timed out after ${timeoutMs} ms waiting${what}; last: ${detail}`, {
        cause: last,
      });
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
