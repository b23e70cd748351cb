import type { DomainEvent, Profile, Role } from '@wuhan/domain';
import type { ProjectFacts } from './templates/types.js';

/**
 * Identifies one email: an event and one recipient (`<role>#<id>`, or `<role>#<id>#<template>` for a second email
 * of the event to that person, see `Delivery.separate` in routing.ts). Exactly one email per key.
 */
export interface MailKey {
  eventId: string;
  recipient: string;
}

/** `separateTemplate`: the template of a delivery marked `separate`, which has a key of its own. */
export function mailKey(
  eventId: string,
  recipient: { role: Role; id: string },
  separateTemplate?: string,
): MailKey {
  const person = `${recipient.role}#${recipient.id}`;
  return { eventId, recipient: separateTemplate === undefined ? person : `${person}#${separateTemplate}` };
}

/**
 * What a claim attempt found:
 * - `claimed`: this caller holds the lease and may send; `token` proves it when marking the result;
 * - `done`: the email was sent, refused for good or skipped: nothing more to do;
 * - `busy`: another process holds a live lease and is sending right now. The caller must neither send nor drop
 *   the email: it fails the record so SQS delivers it again later, when the claim says `done` (or the lease
 *   has expired because that process died, and the claim can be retaken).
 */
export type ClaimOutcome =
  | { kind: 'claimed'; token: string }
  | { kind: 'done'; state: string }
  | { kind: 'busy' };

/** What became of a claimed send: recorded for all of an event's recipients in one write (`settle`). */
export type Settlement =
  | { recipient: string; token: string; outcome: 'sent'; messageId: string }
  /** A transient failure: the claim is given up so the retry can take it at once. */
  | { recipient: string; token: string; outcome: 'released'; error: string };

/**
 * One item per event holds every recipient's claim, so an email costs one write on the way out, not two
 * (issue 13): the event's recipients are claimed together, and what became of their sends is settled together.
 */
export interface ClaimStore {
  /** Claims these recipients (`<role>#<id>`) of the event in one conditional write; an outcome for each. */
  claim(
    eventId: string,
    eventType: string,
    recipients: readonly string[],
    now: Date,
  ): Promise<Map<string, ClaimOutcome>>;
  /** Records sent and released claims in one write, each only while its token still holds the claim. */
  settle(eventId: string, settlements: readonly Settlement[], now: Date): Promise<void>;
  /** A permanent failure: record it and, in the same transaction, emit the events that tell staff. */
  markRejected(
    key: MailKey,
    token: string,
    reason: string,
    events: readonly DomainEvent[],
    now: Date,
  ): Promise<void>;
  /** A recipient without an address: record the skip once, with its warning event. */
  markSkipped(key: MailKey, reason: string, events: readonly DomainEvent[], now: Date): Promise<void>;
}

/** Where recipients and project facts are read from (profiles and the project item in the table). */
export interface Directory {
  staff(): Promise<Profile[]>;
  profile(role: Role, id: string): Promise<Profile | undefined>;
  /** The project's facts from its item, when the event did not carry them. */
  project(id: string): Promise<ProjectFacts | undefined>;
  /** The partner that submitted a nomination, for events that name the nomination but not the partner. */
  nominationPartner(nominationId: string): Promise<string | undefined>;
}

export type { DeliveryMode, PreferenceStore } from '@wuhan/aws';

/** An event waiting for a staff member's next daily digest: enough to render its line without reading more. */
export interface DigestEntry {
  staffId: string;
  event: DomainEvent;
  project: ProjectFacts | undefined;
  template: string;
}

export interface DigestStore {
  /**
   * Exactly once per (event, staff member), however often the event arrives and even after a digest has sent and
   * removed the entry: the entry is written with a `digested` mail claim under the claim's condition.
   */
  add(entry: DigestEntry, key: MailKey): Promise<void>;
  pending(staffId: string): Promise<(DigestEntry & { entryKey: { pk: string; sk: string } })[]>;
  remove(keys: readonly { pk: string; sk: string }[]): Promise<void>;
}
