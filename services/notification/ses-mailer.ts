import { type SesEmailClient, SesSendEmailCommand } from '@wuhan/aws';
import { type Mailer, type OutgoingMail, PermanentMailError } from './mailer.js';

/**
 * SES v2 errors that say "this message will never go": the address or the message is refused. Throttling
 * (`TooManyRequestsException`), `LimitExceededException` and service faults are transient and retried; an account
 * paused for sending is too, so messages wait (and reach the DLQ, which raises the operations alarm) rather than
 * being dropped.
 */
const permanentErrors = new Set([
  'MessageRejected',
  'BadRequestException',
  'MailFromDomainNotVerifiedException',
]);

/** Sends through the one-operation SES v2 client (packages/aws/src/clients/ses-email.ts). */
export function sesMailer(client: SesEmailClient): Mailer {
  return {
    async send(mail: OutgoingMail) {
      try {
        const out = await client.send(
          new SesSendEmailCommand({
            FromEmailAddress: mail.from,
            Destination: { ToAddresses: [mail.to] },
            Content: {
              Simple: {
                Subject: { Data: mail.subject, Charset: 'UTF-8' },
                Body: {
                  Html: { Data: mail.html, Charset: 'UTF-8' },
                  Text: { Data: mail.text, Charset: 'UTF-8' },
                },
                Headers: Object.entries(mail.headers).map(([Name, Value]) => ({ Name, Value })),
              },
            },
          }),
        );
        return { messageId: out.MessageId ?? '' };
      } catch (error) {
        const name = (error as { name?: string }).name ?? '';
        if (permanentErrors.has(name)) throw new PermanentMailError(name, { cause: error });
        throw error;
      }
    },
  };
}
