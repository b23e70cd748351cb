import { type DomainEvent, newEvent, type Profile } from '@wuhan/domain';
import { logger } from '@wuhan/middleware';
import { outgoingMail, renderEventMail, viewFor } from './compose.js';
import { type Mailer, PermanentMailError } from './mailer.js';
import {
  type ClaimStore,
  type DigestStore,
  type Directory,
  type MailKey,
  mailKey,
  type PreferenceStore,
} from './ports.js';
import { projectFacts } from './project-facts.js';
import type { RateLimiter } from './rate-limiter.js';
import { resolveRecipients } from './recipients.js';
import { type Delivery, deliveriesFor } from './routing.js';
import type { ProjectFacts } from './templates/types.js';

export interface NotifyDeps {
  directory: Directory;
  claims: ClaimStore;
  preferences: PreferenceStore;
  digest: DigestStore;
  mailer: Mailer;
  limiter: RateLimiter;
  mailFrom: string;
  apiBaseUrl: string;
  /** Counts an event type nobody is emailed about (a metric); the message then succeeds. */
  countUnknownEvent(type: string): void;
  now?: () => Date;
  /**
   * Pauses before asking again when another process holds a live claim. A duplicate delivered in the same batch
   * usually finds the email sent within these; only then does it fail the record and wait for SQS (the
   * visibility timeout, minutes). Default 100, 300, 600 ms.
   */
  busyRetryDelaysMs?: readonly number[];
  /**
   * Pauses before trying again to mark a sent email's claim `sent`. The email is out: until the claim says so, a
   * redelivery after the claim's lease would send it again, so a table briefly unavailable (throttled, a restart)
   * is waited out, within the function's timeout. Default 250 ms, 0.5, 1, 2, 4, 8 s (about 16 s in all).
   */
  markSentRetryDelaysMs?: readonly number[];
}

/** Another process is sending this very email: fail the record so SQS redelivers it after the visibility timeout. */
export class MailInProgressError extends Error {
  override name = 'MailInProgressError';
}

/** Some emails of an event could not be sent yet; the sent ones are claimed, so the retry sends only the rest. */
export class DeliveryIncompleteError extends AggregateError {
  override name = 'DeliveryIncompleteError';
}

interface Target {
  delivery: Delivery;
  person: Profile;
}

/** One target per person: someone reached by two deliveries of one event (say, as staff twice) gets one email. */
async function targetsOf(
  event: DomainEvent,
  deliveries: readonly Delivery[],
  project: ProjectFacts | undefined,
  directory: Directory,
): Promise<Target[]> {
  const seen = new Set<string>();
  const targets: Target[] = [];
  for (const delivery of deliveries) {
    for (const person of await resolveRecipients(delivery.to, event, project, directory)) {
      const key = `${person.role}#${person.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      targets.push({ delivery, person });
    }
  }
  return targets;
}

/**
 * Emails everyone an event concerns, exactly once per (event, recipient), whatever the redelivery:
 * claim (conditional write) → send → mark sent. Transient failures fail the record (retried, the claim
 * released); a permanent refusal is recorded with a `notification.failed` event for staff; a recipient without
 * an address is skipped with a `notification.skipped` warning; staff who chose the digest for the event type
 * get a digest entry instead of an email.
 */
export async function notify(event: DomainEvent, deps: NotifyDeps): Promise<void> {
  const now = deps.now ?? (() => new Date());
  const deliveries = deliveriesFor(event.type);
  if (!deliveries) {
    // Not retried: a redelivery cannot teach the router a new type. Counted so a missing route is seen.
    logger.warn('No notification route for event type; message acknowledged', { eventType: event.type });
    deps.countUnknownEvent(event.type);
    return;
  }

  const project = await projectFacts(event, deps.directory);
  const targets = await targetsOf(event, deliveries, project, deps.directory);
  const digestible = targets
    .filter((t) => t.delivery.digestible && t.person.role === 'staff')
    .map((t) => t.person.id);
  const modes = digestible.length > 0 ? await deps.preferences.modesOf(digestible) : new Map();

  const results = await Promise.allSettled(
    targets.map(async ({ delivery, person }) => {
      if (delivery.digestible && person.role === 'staff' && modes.get(person.id)?.[event.type] === 'digest') {
        await deps.digest.add(
          { staffId: person.id, event, project, template: delivery.template },
          mailKey(event.id, person),
        );
        return;
      }
      await deliverOnce(event, delivery, person, project, deps, now);
    }),
  );
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failures.length > 0) {
    throw new DeliveryIncompleteError(
      failures,
      `${failures.length} of ${targets.length} emails not sent yet`,
    );
  }
}

async function deliverOnce(
  event: DomainEvent,
  delivery: Delivery,
  person: Profile,
  project: ProjectFacts | undefined,
  deps: NotifyDeps,
  now: () => Date,
): Promise<void> {
  const key = mailKey(event.id, person);
  const logKeys = { recipientRole: person.role, recipientId: person.id, template: delivery.template };

  if (!person.email) {
    logger.warn('Recipient has no email address; skipped', logKeys);
    const warning = newEvent({
      type: 'notification.skipped',
      actor: { role: 'system', id: 'notification' },
      subject: event.subject,
      correlationId: event.correlationId,
      data: {
        skippedEventId: event.id,
        skippedEventType: event.type,
        ...roleAndId(person),
        reason: 'no_email',
      },
      now: now(),
    });
    await deps.claims.markSkipped(key, 'no_email', [warning], now());
    return;
  }

  // Rendered before claiming: a template fault then leaves no claim behind. The send slot is taken before the
  // claim too, so a claim is held only for the send itself and a concurrent duplicate's short wait suffices.
  const rendered = renderEventMail(delivery.template, viewFor(event, project, person, deps.apiBaseUrl));
  await deps.limiter.acquire();
  const claim = await claimPatiently(deps, key, event.type, now);
  if (claim.kind === 'done') {
    logger.info('Email already handled for this event and recipient', { ...logKeys, state: claim.state });
    return;
  }
  if (claim.kind === 'busy')
    throw new MailInProgressError(`Email ${key.eventId} → ${key.recipient} is being sent`);

  let messageId: string;
  try {
    ({ messageId } = await deps.mailer.send(outgoingMail(rendered, person.email, deps.mailFrom, event)));
  } catch (error) {
    if (error instanceof PermanentMailError) {
      logger.error('Email permanently refused; recorded, staff told', { ...logKeys, reason: error.reason });
      // notification.failed is itself emailed to staff; its own failure must not cause another (no loops).
      const told =
        event.type === 'notification.failed'
          ? []
          : [failedEvent(event, person, project, error.reason, now())];
      await deps.claims.markRejected(key, claim.token, error.reason, told, now());
      return;
    }
    await deps.claims
      .release(key, claim.token, (error as Error).name ?? 'Error')
      .catch((releaseError: unknown) =>
        logger.warn('Could not release the mail claim', { error: releaseError as Error }),
      );
    throw error;
  }
  await markSentPatiently(deps, key, claim.token, messageId, now);
  logger.info('Email sent', { ...logKeys, messageId });
}

/**
 * Records a sent email on its claim, trying again for a while when the table does not answer: giving up at once
 * (found by test/reliability/faults.test.ts restarting DynamoDB Local) left the claim `sending`, and the
 * redelivery after its lease sent the email a second time. If it still fails, the record fails and the lease
 * decides, as before.
 */
async function markSentPatiently(
  deps: NotifyDeps,
  key: MailKey,
  token: string,
  messageId: string,
  now: () => Date,
): Promise<void> {
  const delays = deps.markSentRetryDelaysMs ?? [250, 500, 1000, 2000, 4000, 8000];
  for (let attempt = 0; ; attempt++) {
    try {
      await deps.claims.markSent(key, token, messageId, now());
      return;
    } catch (error) {
      const delay = delays[attempt];
      if (delay === undefined) throw error;
      logger.warn('Email sent but its claim not yet marked; trying again', {
        eventId: key.eventId,
        attempt: attempt + 1,
        error: error as Error,
      });
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

async function claimPatiently(deps: NotifyDeps, key: MailKey, eventType: string, now: () => Date) {
  let claim = await deps.claims.claim(key, eventType, now());
  for (const delay of deps.busyRetryDelaysMs ?? [100, 300, 600]) {
    if (claim.kind !== 'busy') break;
    await new Promise((resolve) => setTimeout(resolve, delay));
    claim = await deps.claims.claim(key, eventType, now());
  }
  return claim;
}

function roleAndId(person: Profile) {
  return { recipientRole: person.role, recipientId: person.id };
}

function failedEvent(
  event: DomainEvent,
  person: Profile,
  project: ProjectFacts | undefined,
  reason: string,
  now: Date,
): DomainEvent {
  return newEvent({
    type: 'notification.failed',
    actor: { role: 'system', id: 'notification' },
    subject: event.subject,
    correlationId: event.correlationId,
    data: {
      failedEventId: event.id,
      failedEventType: event.type,
      ...roleAndId(person),
      reason,
      ...(project ? { projectId: project.id, ...(project.title ? { title: project.title } : {}) } : {}),
    },
    now,
  });
}
