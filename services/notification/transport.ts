import type { RuntimeConfig } from '@wuhan/aws';
import { sesv2 } from '@wuhan/aws';
import type { Mailer } from './mailer.js';
import { sesMailer } from './ses-mailer.js';
import { smtpMailer } from './smtp-mailer.js';

/** MAIL_TRANSPORT picks the adapter at cold start; `smtp` needs SMTP_URL. */
export function mailerFor(config: Pick<RuntimeConfig, 'mailTransport' | 'smtpUrl'>): Mailer {
  if (config.mailTransport === 'smtp') {
    if (!config.smtpUrl) throw new Error('MAIL_TRANSPORT=smtp needs SMTP_URL');
    return smtpMailer(config.smtpUrl);
  }
  return sesMailer(sesv2);
}
