import { createHash } from 'node:crypto';
import type { Locale, Profile } from '@wuhan/domain';
import { logger } from '@wuhan/middleware';
import { outgoingMail, viewFor } from './compose.js';
import { type Mailer, PermanentMailError } from './mailer.js';
import type { ClaimStore, DigestEntry, DigestStore, Directory } from './ports.js';
import { mailKey } from './ports.js';
import { type DigestLine, dailyDigest } from './templates/digest.js';
import { digestSubjects, type MailSubject } from './templates/digest-templates.js';
import { layout } from './templates/layout.js';
import type { RenderedMail } from './templates/types.js';

export interface DigestDeps {
  /** Only the staff list: the digest reads no project or nomination (its entries carry their facts). */
  directory: Pick<Directory, 'staff'>;
  digest: DigestStore;
  claims: ClaimStore;
  mailer: Mailer;
  mailFrom: string;
  apiBaseUrl: string;
  now?: () => Date;
}

/** The calendar date in Asia/Shanghai, YYYY-MM-DD (every date in the programme is one). */
export function shanghaiDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);
}

function shanghaiTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}

/** The digestible deliveries' subjects, looked up by the template id a digest entry stores. */
const subjectsById: Readonly<Partial<Record<string, MailSubject>>> = digestSubjects;

/** One line per event: its time and its own template's subject, which says what happened and to which project. */
export function digestLine(
  entry: DigestEntry,
  person: Pick<Profile, 'name' | 'locale'>,
  apiBaseUrl: string,
): DigestLine {
  const view = viewFor(entry.event, entry.project, person, apiBaseUrl);
  const subject = Object.hasOwn(subjectsById, entry.template) ? subjectsById[entry.template] : undefined;
  const what = subject ? subject[person.locale](view) : entry.event.type;
  return {
    text: `${shanghaiTime(entry.event.occurredAt, person.locale)}　${what}`,
    ...(view.links.project ? { url: view.links.project } : {}),
    occurredAt: entry.event.occurredAt,
  };
}

export function renderDigest(
  entries: readonly DigestEntry[],
  person: Pick<Profile, 'name' | 'locale'>,
  apiBaseUrl: string,
  now: Date,
  reference: string,
): RenderedMail {
  const lines = entries
    .map((e) => digestLine(e, person, apiBaseUrl))
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  const content = dailyDigest[person.locale]({ locale: person.locale, date: shanghaiDate(now), lines });
  return layout(content, { locale: person.locale, recipientName: person.name, reference });
}

/**
 * The digest's de-duplication id is derived from exactly the entries it lists: a rerun after a crash between
 * sending and removing finds the claim `sent` and only removes; a later run with new entries is a new digest.
 */
export function digestId(staffId: string, entryKeys: readonly { sk: string }[]): string {
  const hash = createHash('sha256')
    .update(
      entryKeys
        .map((k) => k.sk)
        .sort()
        .join('\n'),
    )
    .digest('hex')
    .slice(0, 24);
  return `digest-${staffId}-${hash}`;
}

/**
 * The daily digest (08:30 Asia/Shanghai): each staff member with pending entries gets one email listing them,
 * sent once (the same claim as event emails) and then the entries are removed. A transient failure leaves the
 * entries for the next run and fails the run so the scheduler retries it.
 */
export async function sendDigests(deps: DigestDeps): Promise<{ sent: number; staffWithEntries: number }> {
  const now = deps.now ?? (() => new Date());
  let sent = 0;
  let staffWithEntries = 0;
  const failures: unknown[] = [];
  for (const person of await deps.directory.staff()) {
    const entries = await deps.digest.pending(person.id);
    if (entries.length === 0) continue;
    staffWithEntries++;
    if (!person.email) {
      logger.warn('Staff member with digest entries has no email address; entries kept', {
        recipientId: person.id,
      });
      continue;
    }
    const id = digestId(
      person.id,
      entries.map((e) => e.entryKey),
    );
    const key = mailKey(id, person);
    const claim = (await deps.claims.claim(key.eventId, 'notification.digest', [key.recipient], now())).get(
      key.recipient,
    ) ?? { kind: 'busy' };
    if (claim.kind === 'busy') continue;
    if (claim.kind === 'claimed') {
      const rendered = renderDigest(entries, person, deps.apiBaseUrl, now(), id);
      try {
        const { messageId } = await deps.mailer.send(
          outgoingMail(rendered, person.email, deps.mailFrom, {
            id,
            type: 'notification.digest',
            correlationId: id,
          }),
        );
        await deps.claims.settle(
          key.eventId,
          [{ recipient: key.recipient, token: claim.token, outcome: 'sent', messageId }],
          now(),
        );
        sent++;
      } catch (error) {
        if (error instanceof PermanentMailError) {
          logger.error('Digest permanently refused; entries dropped', {
            recipientId: person.id,
            reason: error.reason,
          });
          await deps.claims.markRejected(key, claim.token, error.reason, [], now());
        } else {
          await deps.claims
            .settle(
              key.eventId,
              [
                {
                  recipient: key.recipient,
                  token: claim.token,
                  outcome: 'released',
                  error: (error as Error).name ?? 'Error',
                },
              ],
              now(),
            )
            .catch(() => undefined);
          failures.push(error);
          continue;
        }
      }
    }
    await deps.digest.remove(entries.map((e) => e.entryKey));
  }
  if (failures.length > 0)
    throw new AggregateError(failures, `${failures.length} digests not sent; kept for a retry`);
  return { sent, staffWithEntries };
}
