import { apiKeyScopes } from '../api-keys.js';
import { roleIds } from '../vocabulary.js';
import * as z from '../zod.js';
import { eventData } from './definition.js';

/** API keys (services/keys/manage-keys.ts): kept as history, an audit trail of who may call the API. */
export const apiKeyIssued = /* @__PURE__ */ eventData(() =>
  z.object({
    role: z.enum(roleIds),
    ownerId: z.string().check(z.minLength(1)),
    label: z.string(),
    /** Optional only because keys issued before expiry existed have none in their history. */
    expiresAt: z.optional(z.iso.datetime()),
    scopes: z.optional(z.array(z.enum(apiKeyScopes))),
    /** The key this one replaces (`apikey.rotated` is in that key's history). */
    rotatedFrom: z.optional(z.string().check(z.minLength(1))),
  }),
);

export const apiKeyRevoked = /* @__PURE__ */ eventData(() =>
  z.object({ role: z.enum(roleIds), ownerId: z.string().check(z.minLength(1)) }),
);

/** A key was rotated (subject: the old key): it keeps working until `oldKeyExpiresAt`, then only `newKeyId` does. */
export const apiKeyRotated = /* @__PURE__ */ eventData(() =>
  z.object({
    role: z.enum(roleIds),
    ownerId: z.string().check(z.minLength(1)),
    newKeyId: z.string().check(z.minLength(1)),
    oldKeyExpiresAt: z.iso.datetime(),
  }),
);

const recipient = /* @__PURE__ */ eventData(() => ({
  recipientRole: z.enum(roleIds),
  recipientId: z.string().check(z.minLength(1)),
}));

/** Notification (services/notification/notify.ts): an email refused for good; staff are told. */
export const notificationFailed = /* @__PURE__ */ eventData(() =>
  z.object({
    failedEventId: z.string().check(z.minLength(1)),
    failedEventType: z.string().check(z.minLength(1)),
    ...recipient,
    reason: z.string().check(z.minLength(1)),
    projectId: z.optional(z.string().check(z.minLength(1))),
    title: z.optional(z.string().check(z.minLength(1))),
  }),
);

/** Notification: a recipient without an address was skipped (a warning in the subject's history). */
export const notificationSkipped = /* @__PURE__ */ eventData(() =>
  z.object({
    skippedEventId: z.string().check(z.minLength(1)),
    skippedEventType: z.string().check(z.minLength(1)),
    ...recipient,
    reason: z.literal('no_email'),
  }),
);

/** A test message through outbox, relay, queue and email (the local stack's tests, operations). */
export const systemTest = /* @__PURE__ */ eventData(() => z.object({ note: z.optional(z.string()) }));

/**
 * A consumer refused a message for good (packages/middleware/src/batch.ts): it does not parse, its type or
 * version is unknown, its data fails the schema, or the use case answered with a DomainError. Recorded and
 * acknowledged instead of being retried into the DLQ; staff are told. The rejected message may be anything, so
 * everything about it but the consumer, the message id and the reason is optional.
 */
export const eventRejected = /* @__PURE__ */ eventData(() =>
  z.object({
    consumer: z.string().check(z.minLength(1)),
    messageId: z.string().check(z.minLength(1)),
    /** `malformed` (not JSON, not an event envelope), `unknown-type`, `unknown-version`, `invalid-data`, `domain`. */
    kind: z.enum(['malformed', 'unknown-type', 'unknown-version', 'invalid-data', 'domain']),
    reason: z.string().check(z.minLength(1)),
    rejectedEventId: z.optional(z.string().check(z.minLength(1))),
    rejectedEventType: z.optional(z.string().check(z.minLength(1))),
    rejectedEventVersion: z.optional(z.number().check(z.int())),
    projectId: z.optional(z.string().check(z.minLength(1))),
  }),
);

/**
 * A deadline came due (packages/domain/src/deadlines.ts): its id, when it was due, and the payload it was set
 * with, spread beside them. Generic; a capability that acts on its deadlines declares its own type (`review.due`).
 */
export const deadlineFired = /* @__PURE__ */ eventData(() =>
  z.looseObject({
    deadlineId: z.string().check(z.minLength(1)),
    dueAt: z.iso.datetime(),
  }),
);
