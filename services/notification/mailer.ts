/**
 * The mail transport port. Two adapters: SES v2 `SendEmail` (ses-mailer.ts) and SMTP through nodemailer
 * (smtp-mailer.ts) for deployments without SES (AWS China regions), chosen by MAIL_TRANSPORT.
 */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Custom headers (`X-Event-Id`…): let a reader or a test trace an email back to its event. */
  headers: Readonly<Record<string, string>>;
}

export interface Mailer {
  /** Resolves with the transport's message id. Throws `PermanentMailError` when retrying cannot help. */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

/**
 * The transport refused this message for good (a rejected or malformed address): it is recorded and staff are
 * told, never retried. Any other error is transient (throttling, a network fault, a 5xx) and the record is retried.
 */
export class PermanentMailError extends Error {
  override name = 'PermanentMailError';
  constructor(
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`Mail permanently refused: ${reason}`, options);
  }
}
