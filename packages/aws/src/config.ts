/**
 * Environment read once, at cold start, failing fast with the name of what is missing. Endpoints for the local
 * emulators come from the SDK's own `AWS_ENDPOINT_URL_<SERVICE>` variables, so no code knows it runs locally.
 */
export interface RuntimeConfig {
  tableName: string;
  /** Queue URLs by topology name (JSON in `QUEUE_URLS`). */
  queueUrls: Readonly<Record<string, string>>;
  mailFrom: string;
  opsEmail: string;
  mailTransport: 'ses' | 'smtp';
  smtpUrl: string | undefined;
  /** Public base URL of the API, used in email links. */
  apiBaseUrl: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(`Environment variable ${name} is required`);
  return value;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  let queueUrls: Record<string, string> = {};
  if (env.QUEUE_URLS) {
    try {
      queueUrls = JSON.parse(env.QUEUE_URLS) as Record<string, string>;
    } catch (cause) {
      throw new ConfigError('QUEUE_URLS must be a JSON object of queue name to URL', { cause });
    }
  }
  const transport = env.MAIL_TRANSPORT ?? 'ses';
  if (transport !== 'ses' && transport !== 'smtp')
    throw new ConfigError('MAIL_TRANSPORT must be ses or smtp');
  return {
    tableName: required(env, 'TABLE_NAME'),
    queueUrls,
    mailFrom: env.MAIL_FROM ?? 'noreply@wuhan-disruptive-tech.local',
    opsEmail: env.OPS_EMAIL ?? 'ops@wuhan-disruptive-tech.local',
    mailTransport: transport,
    smtpUrl: env.SMTP_URL,
    apiBaseUrl: env.API_BASE_URL ?? 'http://localhost:4000',
  };
}

let cached: RuntimeConfig | undefined;

/** The process's configuration, read on first use and kept (Lambda's init phase). */
export function config(): RuntimeConfig {
  cached ??= readConfig();
  return cached;
}

/** For tests and the local stack, which set the environment after import. */
export function resetConfig(): void {
  cached = undefined;
}

export function queueUrl(name: string): string {
  const url = config().queueUrls[name];
  if (!url) throw new ConfigError(`No URL for queue ${name} in QUEUE_URLS`);
  return url;
}
