import type { StackInfo } from '@wuhan/local-stack';

/** One stored message of aws-ses-v2-local (`GET /store`). */
export interface StoredEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: { content: string; contentType: string; filename?: string; size: number }[];
  /** Epoch seconds. */
  at: number;
}

/** Every email the SES emulator has accepted (optionally since an epoch second), oldest first. */
export async function readInbox(
  info: Pick<StackInfo, 'sesEndpoint'>,
  sinceEpochSeconds?: number,
): Promise<StoredEmail[]> {
  const query = sinceEpochSeconds === undefined ? '' : `?since=${Math.floor(sinceEpochSeconds)}`;
  const response = await fetch(`${info.sesEndpoint}/store${query}`);
  if (!response.ok) throw new Error(`SES store answered ${response.status}`);
  return ((await response.json()) as { emails: StoredEmail[] }).emails;
}

/** Emails addressed (to, cc or bcc) to `address`. */
export async function emailsTo(
  info: Pick<StackInfo, 'sesEndpoint'>,
  address: string,
): Promise<StoredEmail[]> {
  const all = await readInbox(info);
  return all.filter((e) =>
    [...e.destination.to, ...e.destination.cc, ...e.destination.bcc].includes(address),
  );
}
