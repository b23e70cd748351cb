/**
 * The daily digest's logger: the line Powertools' Logger writes for a function that does not inject the Lambda
 * context (the digest is a bare scheduled handler: no context, no appended keys, no sampling, no buffering),
 * without Powertools' Logger class and its commons (≈ 21 KB of the digest's bundle, issue 13). Same keys in the
 * same order (`level`, `message`, `timestamp`, `service`, `sampling_rate`, `xray_trace_id`, then the attributes),
 * the same level variables and precedence, INFO and below to stdout, WARN and above to stderr.
 * json-log.test.ts compares its lines with the Powertools Logger's for the same calls.
 */
/** A message and its attributes at a level; the Powertools Logger is one too (the consumer passes its own). */
export interface Log {
  debug(message: string, attributes: Record<string, unknown>): void;
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

/** Powertools' thresholds (its `LogLevelThreshold`), so a level variable means what it means to Powertools. */
const thresholds: Readonly<Record<string, number>> = {
  TRACE: 6,
  DEBUG: 8,
  INFO: 12,
  WARN: 16,
  ERROR: 20,
  CRITICAL: 24,
  SILENT: 28,
};

/**
 * Lambda's log level (advanced logging controls: the topology sets INFO) wins, as in Powertools; then
 * POWERTOOLS_LOG_LEVEL, then LOG_LEVEL; INFO otherwise.
 */
function thresholdOf(env: NodeJS.ProcessEnv): number {
  const lambda = env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase();
  const alc = lambda === 'FATAL' ? 'CRITICAL' : lambda;
  for (const level of [alc, (env.POWERTOOLS_LOG_LEVEL || env.LOG_LEVEL)?.toUpperCase()]) {
    const threshold = level === undefined ? undefined : thresholds[level];
    if (threshold !== undefined) return threshold;
  }
  return thresholds.INFO ?? 12;
}

/** The trace id Powertools reads from `_X_AMZN_TRACE_ID` (`Root=1-…;Parent=…;Sampled=…`). */
function traceIdOf(env: NodeJS.ProcessEnv): string | undefined {
  const root = env._X_AMZN_TRACE_ID?.split(';').find((part) => part.startsWith('Root='));
  return root?.slice('Root='.length);
}

/** An error as Powertools formats it: name, where it was thrown, message, stack, its cause. */
function errorAttributes(error: Error): Record<string, unknown> {
  const location = /\(([^()]*?):(\d+?):(\d+?)\)\\?$/m.exec(error.stack ?? '');
  const { name, message, stack, cause, ...rest } = error;
  return {
    name,
    location: location ? `${location[1]}:${Number(location[2])}` : '',
    message,
    stack,
    cause: cause instanceof Error ? errorAttributes(cause) : cause,
    ...rest,
  };
}

/** Attributes that cannot replace the line's own keys (Powertools' `ReservedKeys`: it drops them too). */
const reserved = new Set(['level', 'message', 'sampling_rate', 'service', 'timestamp']);

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return errorAttributes(value);
  return typeof value === 'bigint' ? value.toString() : value;
}

export interface JsonLogOptions {
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  /** Where lines go, by stream: stdout for DEBUG and INFO, stderr for WARN and ERROR. */
  write?: (stream: 'stdout' | 'stderr', line: string) => void;
}

export function jsonLog(options: JsonLogOptions = {}): Log {
  const env = options.env ?? process.env;
  const now = options.now ?? (() => new Date());
  const write = options.write ?? ((stream: 'stdout' | 'stderr', line: string) => process[stream].write(line));
  const threshold = thresholdOf(env);
  const service = env.POWERTOOLS_SERVICE_NAME || 'wuhan-disruptive-tech';
  const at =
    (level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR') =>
    (message: string, attributes: Record<string, unknown>) => {
      if ((thresholds[level] ?? 0) < threshold) return;
      const line: Record<string, unknown> = {
        level,
        message,
        timestamp: now().toISOString(),
        service,
        sampling_rate: 0,
        xray_trace_id: traceIdOf(env),
      };
      for (const [key, value] of Object.entries(attributes)) if (!reserved.has(key)) line[key] = value;
      // As Powertools prints: a key whose value is undefined, null or '' is left out.
      const printed = Object.fromEntries(
        Object.entries(line).filter(([, value]) => value !== undefined && value !== null && value !== ''),
      );
      write(
        level === 'DEBUG' || level === 'INFO' ? 'stdout' : 'stderr',
        `${JSON.stringify(printed, replacer)}\n`,
      );
    };
  return { debug: at('DEBUG'), info: at('INFO'), warn: at('WARN'), error: at('ERROR') };
}

/** The process's digest logger (the environment is read at cold start, as Powertools reads it). */
export const log: Log = /* @__PURE__ */ jsonLog();
