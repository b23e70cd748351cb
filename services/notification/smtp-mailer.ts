import type { Transporter } from 'nodemailer';
import { type Mailer, type OutgoingMail, PermanentMailError } from './mailer.js';

/** SMTP reply codes 5xx are permanent (RFC 5321 §4.2.1); 4xx and connection faults are worth a retry. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * SMTP through nodemailer, for deployments where SES is not offered. `smtpUrl` is a nodemailer connection URL,
 * e.g. `smtps://user:pass@smtp.example.com:465` or `smtp://localhost:2525`.
 *
 * nodemailer is imported at the first send, not at init: SES deployments leave it out of the bundle altogether
 * (infra/bundling.ts `externalModules`), and an SMTP deployment does not pay for its MIME tables at cold start
 * before it has mail to send.
 */
export function smtpMailer(smtpUrl: string): Mailer & { close(): void } {
  let transport: Promise<Transporter> | undefined;
  const opened = () => {
    transport ??= import('nodemailer').then(({ createTransport }) => createTransport(smtpUrl));
    return transport;
  };
  return {
    async send(mail: OutgoingMail) {
      try {
        const info = await (await opened()).sendMail({
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          headers: { ...mail.headers },
        });
        return { messageId: info.messageId };
      } catch (error) {
        if (isPermanent(error)) {
          const response = (error as { response?: string }).response ?? String(error);
          throw new PermanentMailError(`SMTP ${response}`, { cause: error });
        }
        throw error;
      }
    },
    close: () => {
      // A transport that never opened (nodemailer failed to load) has nothing to close; its send already failed.
      void transport?.then(
        (t) => t.close(),
        () => undefined,
      );
    },
  };
}
