import type { Environment } from 'aws-cdk-lib';
import type { Node } from 'constructs';

/** What a deployment is configured with; every value has an offline default so `cdk synth` needs no account. */
export interface DeploymentConfig {
  /** Sender of every email; its domain is the SES identity the mail functions may send from. */
  mailFrom: string;
  /** Receives the DLQ alarms (and the system's operational mail). */
  opsEmail: string;
  /** `ses`, or `smtp` where SES is not offered (AWS China regions). */
  mailTransport: 'ses' | 'smtp';
  /**
   * The SMTP server, required with the SMTP transport (`smtp://relay.internal:25`). It is a plain environment
   * variable of the mail functions: point it at a relay that trusts the functions' network, not at a URL with
   * a password in it.
   */
  smtpUrl: string | undefined;
  /** Public base URL of the API for email links; defaults to the HTTP API's own endpoint. */
  apiBaseUrl: string | undefined;
  /** Account and region: unset means an environment-agnostic template (no lookups, deployable anywhere). */
  env: Environment;
}

export const configDefaults = {
  mailFrom: 'noreply@example.com',
  opsEmail: 'ops@example.com',
  mailTransport: 'ses',
} as const;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function text(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`Context value ${key} must be a string`);
  return value;
}

/**
 * Reads `-c mail-from=… -c ops-email=… -c mail-transport=… -c smtp-url=… -c api-base-url=…` (or the same keys in cdk.json),
 * and the account and region from `CDK_DEPLOY_ACCOUNT`/`CDK_DEPLOY_REGION` or the CLI's `CDK_DEFAULT_*`.
 */
export function readDeploymentConfig(node: Node, env: NodeJS.ProcessEnv = process.env): DeploymentConfig {
  const mailFrom = text(node, 'mail-from') ?? configDefaults.mailFrom;
  const opsEmail = text(node, 'ops-email') ?? configDefaults.opsEmail;
  const mailTransport = text(node, 'mail-transport') ?? configDefaults.mailTransport;
  for (const [key, value] of [
    ['mail-from', mailFrom],
    ['ops-email', opsEmail],
  ] as const) {
    if (!EMAIL.test(value)) throw new Error(`Context value ${key} must be an email address, got "${value}"`);
  }
  if (mailTransport !== 'ses' && mailTransport !== 'smtp') {
    throw new Error(`Context value mail-transport must be ses or smtp, got "${mailTransport}"`);
  }
  const smtpUrl = text(node, 'smtp-url');
  if (mailTransport === 'smtp' && !smtpUrl?.match(/^smtps?:\/\//)) {
    throw new Error('With mail-transport=smtp give the server as -c smtp-url=smtp://host:port (or smtps://)');
  }
  const account = env.CDK_DEPLOY_ACCOUNT ?? env.CDK_DEFAULT_ACCOUNT;
  const region = env.CDK_DEPLOY_REGION ?? env.CDK_DEFAULT_REGION;
  return {
    mailFrom,
    opsEmail,
    mailTransport,
    smtpUrl,
    apiBaseUrl: text(node, 'api-base-url'),
    env: { ...(account ? { account } : {}), ...(region ? { region } : {}) },
  };
}
