import { type DomainEvent, newEvent, type Profile } from '@wuhan/domain';
import { logger } from '@wuhan/middleware';
import { outgoingMail, renderEventMail, viewFor } from './compose.js';
import { type Mailer, type OutgoingMail, PermanentMailError } from './mailer.js';
import {
  type ClaimStore,
  type DigestStore,
  type Directory,
  type MailKey,
  mailKey,
  type PreferenceStore,
  type Settlement,
} from './ports.js';
import { projectFacts } from './project-facts.js';
import { resolveRecipients } from './recipients.js';
import { type Delivery, deliveriesOf } from './routing.js';
import type { ProjectFacts } from './templates/types.js';

export interface NotifyDeps {
  directory: Directory;
  claims: ClaimStore;
  preferences: PreferenceStore;
  digest: DigestStore;
  mailer: Mailer;
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
   * Pauses before trying again to settle the claims of emails that went out. Until the claims say `sent`, a
   * redelivery after their lease would send the emails again, so a table briefly unavailable (throttled, a
   * restart) is waited out, within the function's timeout. Default 250 ms, 0.5, 1, 2, 4, 8 s (about 16 s in all).
   */
  settleRetryDelaysMs?: readonly number[];
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
  /** The email's claim: the person's, or the delivery's own when it is marked `separate`. */
  key: MailKey;
}

/**
 * One target per person: someone reached by two deliveries of one event (say, as staff twice) gets one email,
 * unless the second is marked `separate` (a different email with a claim of its own). `people` holds each
 * delivery's recipients, resolved concurrently (issue 13): the order of `deliveries`, not of the answers,
 * decides which delivery reaches a person first.
 */
async function targetsOf(
  event: DomainEvent,
  deliveries: readonly Delivery[],
  people: readonly Promise<Profile[]>[],
): Promise<Target[]> {
  const resolved = await Promise.all(people);
  const seen = new Set<string>();
  const targets: Target[] = [];
  deliveries.forEach((delivery, i) => {
    for (const person of resolved[i] ?? []) {
      const key = mailKey(event.id, person, delivery.separate ? delivery.template : undefined);
      if (seen.has(key.recipient)) continue;
      seen.add(key.recipient);
      targets.push({ delivery, person, key });
    }
  });
  return targets;
}

/**
 * The delivery preferences of the staff that digestible deliveries reach, read as soon as those staff are known,
 * alongside the other deliveries' profile reads instead of after them (issue 13). It may ask for a staff member
 * whose email ends up going through another delivery; only a target whose own delivery is digestible consults it.
 */
async function modesFor(
  deliveries: readonly Delivery[],
  people: readonly Promise<Profile[]>[],
  preferences: NotifyDeps['preferences'],
): Promise<Awaited<ReturnType<NotifyDeps['preferences']['modesOf']>>> {
  const lists = await Promise.all(people.filter((_, i) => deliveries[i]?.digestible));
  const staff = [...new Set(lists.flat().flatMap((p) => (p.role === 'staff' ? [p.id] : [])))];
  return staff.length > 0 ? preferences.modesOf(staff) : new Map();
}

/**
 * Emails everyone an event concerns, exactly once per (event, recipient), whatever the redelivery:
 * claim all of the event's emails (one conditional write) → send → settle (one write). Transient failures fail
 * the record (retried after a backoff, their claims released); a permanent refusal is recorded with a
 * `notification.failed` event for staff; a recipient without an address is skipped with a
 * `notification.skipped` warning; staff who chose the digest for the event type get a digest entry instead of
 * an email. Nothing here waits for a send rate: SES's throttling answer is a transient failure like any other,
 * and the event-source mapping (batch size, maximum concurrency) bounds how many sends are in flight.
 */
export async function notify(event: DomainEvent, deps: NotifyDeps): Promise<void> {
  const now = deps.now ?? (() => new Date());
  const deliveries = deliveriesOf(event);
  if (!deliveries) {
    // Not retried: a redelivery cannot teach the router a new type. Counted so a missing route is seen.
    logger.warn('No notification route for event type; message acknowledged', { eventType: event.type });
    deps.countUnknownEvent(event.type);
    return;
  }

  const project = await projectFacts(event, deps.directory);
  // Every delivery's recipients at once, and the staff's preferences as soon as the staff are known: one round
  // trip where there were one per delivery and one more for the preferences (issue 13).
  const people = deliveries.map((delivery) => resolveRecipients(delivery.to, event, project, deps.directory));
  const [targets, modes] = await Promise.all([
    targetsOf(event, deliveries, people),
    modesFor(deliveries, people, deps.preferences),
  ]);

  const failures: unknown[] = [];
  const emails: Target[] = [];
  // Digest entries and skips one after another: each is a transaction on the event's claim item, and two at once
  // on one item would cancel each other (TransactionConflict).
  for (const target of targets) {
    const { delivery, person } = target;
    try {
      if (delivery.digestible && person.role === 'staff' && modes.get(person.id)?.[event.type] === 'digest') {
        await deps.digest.add(
          { staffId: person.id, event, project, template: delivery.template },
          target.key,
        );
      } else if (!person.email) {
        await skip(event, target, deps, now);
      } else {
        emails.push(target);
      }
    } catch (error) {
      failures.push(error);
    }
  }
  if (emails.length > 0) failures.push(...(await deliverOnce(event, emails, project, deps, now)));
  if (failures.length > 0) {
    throw new DeliveryIncompleteError(
      failures,
      `${failures.length} of ${targets.length} emails not sent yet`,
    );
  }
}

async function skip(event: DomainEvent, target: Target, deps: NotifyDeps, now: () => Date): Promise<void> {
  const { delivery, person } = target;
  logger.warn('Recipient has no email address; skipped', logKeysOf(delivery, person));
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
  await deps.claims.markSkipped(target.key, 'no_email', [warning], now());
}

interface Rejection {
  person: Profile;
  key: MailKey;
  token: string;
  reason: string;
}

/**
 * The emails of one event to people with an address: claimed together, sent concurrently, settled together.
 * Returns what could not be sent yet (transient failures, emails another process is sending).
 */
async function deliverOnce(
  event: DomainEvent,
  targets: readonly Target[],
  project: ProjectFacts | undefined,
  deps: NotifyDeps,
  now: () => Date,
): Promise<unknown[]> {
  const failures: unknown[] = [];
  // Rendered before claiming: a template fault then leaves no claim behind.
  const mails = new Map<string, { target: Target; mail: OutgoingMail }>();
  for (const target of targets) {
    const { delivery, person } = target;
    try {
      const rendered = renderEventMail(delivery.template, viewFor(event, project, person, deps.apiBaseUrl));
      mails.set(target.key.recipient, {
        target,
        mail: outgoingMail(rendered, person.email ?? '', deps.mailFrom, event),
      });
    } catch (error) {
      failures.push(error);
    }
  }

  const settlements: Settlement[] = [];
  const rejections: Rejection[] = [];
  type Mail = [recipient: string, { target: Target; mail: OutgoingMail }];
  let pending: Mail[] = [...mails.entries()];
  // A duplicate delivered in the same batch usually finds the emails sent within these pauses; only then does it
  // fail the record and wait for SQS's backoff.
  for (const delay of [0, ...(deps.busyRetryDelaysMs ?? [100, 300, 600])]) {
    if (pending.length === 0) break;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const outcomes = await deps.claims.claim(
      event.id,
      event.type,
      pending.map(([recipient]) => recipient),
      now(),
    );
    const busy: Mail[] = [];
    await Promise.all(
      pending.map(async (entry) => {
        const [recipient, { target, mail }] = entry;
        const logKeys = logKeysOf(target.delivery, target.person);
        const claim = outcomes.get(recipient) ?? { kind: 'busy' };
        if (claim.kind === 'done') {
          logger.info('Email already handled for this event and recipient', {
            ...logKeys,
            state: claim.state,
          });
          return;
        }
        if (claim.kind === 'busy') {
          busy.push(entry);
          return;
        }
        try {
          const { messageId } = await deps.mailer.send(mail);
          settlements.push({ recipient, token: claim.token, outcome: 'sent', messageId });
          logger.info('Email sent', { ...logKeys, messageId });
        } catch (error) {
          if (error instanceof PermanentMailError) {
            logger.error('Email permanently refused; recorded, staff told', {
              ...logKeys,
              reason: error.reason,
            });
            rejections.push({
              person: target.person,
              key: target.key,
              token: claim.token,
              reason: error.reason,
            });
            return;
          }
          settlements.push({
            recipient,
            token: claim.token,
            outcome: 'released',
            error: (error as Error).name ?? 'Error',
          });
          failures.push(error);
        }
      }),
    );
    pending = busy;
  }
  for (const [recipient] of pending)
    failures.push(new MailInProgressError(`Email ${event.id} → ${recipient} is being sent`));

  // One write for every send of the event, tried again for a while when the table does not answer (see
  // settlePatiently). Should it still fail, the record fails; the sent emails' claims are still leased, so the
  // retry finds them busy until the lease runs out, and then sends them again.
  await settlePatiently(deps, event.id, settlements, now);
  // Refusals are rare; each is a transaction with its notification.failed event, one after another (see above).
  for (const { person, key, token, reason } of rejections) {
    // notification.failed is itself emailed to staff; its own failure must not cause another (no loops).
    const told =
      event.type === 'notification.failed' ? [] : [failedEvent(event, person, project, reason, now())];
    await deps.claims.markRejected(key, token, reason, told, now());
  }
  return failures;
}

/**
 * Settles the event's claims, trying again for a while when the table does not answer: giving up at once (found
 * by test/reliability/faults.test.ts restarting DynamoDB Local) left sent emails' claims `sending`, and the
 * redelivery after their lease sent those emails a second time.
 */
async function settlePatiently(
  deps: NotifyDeps,
  eventId: string,
  settlements: readonly Settlement[],
  now: () => Date,
): Promise<void> {
  const delays = deps.settleRetryDelaysMs ?? [250, 500, 1000, 2000, 4000, 8000];
  for (let attempt = 0; ; attempt++) {
    try {
      await deps.claims.settle(eventId, settlements, now());
      return;
    } catch (error) {
      const delay = delays[attempt];
      if (delay === undefined) throw error;
      logger.warn('Emails sent but their claims not yet settled; trying again', {
        eventId,
        attempt: attempt + 1,
        error: error as Error,
      });
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function logKeysOf(delivery: Delivery, person: Profile) {
  return { recipientRole: person.role, recipientId: person.id, template: delivery.template };
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
