import type { RuntimeConfig } from '@wuhan/aws';
import { SesEmailClient } from '@wuhan/aws';
import type { Mailer } from './mailer.js';
import { sesMailer } from './ses-mailer.js';
import { smtpMailer } from './smtp-mailer.js';

/**
 * `sdk`: the SDK's own retries (the digest, which runs once a day and would otherwise wait for tomorrow).
 * `queue`: none; a throttle or a fault fails the record at once and the queue's backoff retries it, so the
 * notification consumer never sleeps (billed) through the SDK's throttling backoff inside an invocation.
 */
export type SesRetries = 'sdk' | 'queue';

/**
 * MAIL_TRANSPORT picks the adapter at cold start; `smtp` needs SMTP_URL. Called once per process, so each
 * function builds exactly one SES client, with its own retry setting.
 */
export function mailerFor(
  config: Pick<RuntimeConfig, 'mailTransport' | 'smtpUrl'>,
  retries: SesRetries = 'sdk',
): Mailer {
  if (config.mailTransport === 'smtp') {
    if (!config.smtpUrl) throw new Error('MAIL_TRANSPORT=smtp needs SMTP_URL');
    return smtpMailer(config.smtpUrl);
  }
  return sesMailer(new SesEmailClient(retries === 'queue' ? { maxAttempts: 1 } : {}));
}
