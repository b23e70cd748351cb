/**
 * Every item's keys, built in one place. Access patterns (also in the README's table):
 *
 * | pattern                                   | index | key                                                    |
 * |-------------------------------------------|-------|--------------------------------------------------------|
 * | API key by its hash (authorizer)          | table | pk APIKEY#<sha256>, sk APIKEY                          |
 * | API keys, newest first (staff)            | gsi1  | gsi1pk APIKEYS, gsi1sk <keyId>                         |
 * | principal (partner, expert…) by id        | table | pk <ROLE>#<id>, sk PROFILE                             |
 * | commissioners of a district               | gsi1  | gsi1pk COMMISSIONERS#<district>, gsi1sk <id>           |
 * | project by id                             | table | pk PROJECT#<id>, sk PROJECT                            |
 * | project's recommendations                 | table | pk PROJECT#<id>, sk begins_with REC#                   |
 * | project's history                         | table | pk PROJECT#<id>, sk begins_with EVENT#                 |
 * | project by normalised title + lead org    | table | pk PROJECTKEY#<sha256>, sk PROJECTKEY                  |
 * | projects, newest first                    | gsi1  | gsi1pk PROJECTS, gsi1sk <projectId>                    |
 * | projects by status                        | gsi2  | gsi2pk PROJECTS#STATUS#<status>, gsi2sk <projectId>    |
 * | projects by district                      | gsi3  | gsi3pk PROJECTS#DISTRICT#<district>, gsi3sk <projectId>|
 * | nomination by id                          | table | pk NOMINATION#<id>, sk NOMINATION                      |
 * | a partner's nominations, newest first     | gsi1  | gsi1pk NOMINATIONS#<partnerId>, gsi1sk <nominationId>  |
 * | enterprise by credit code                 | table | pk ENTERPRISE#<code>, sk ENTERPRISE                    |
 * | outbox event (relay, via the stream)      | table | pk OUTBOX#<eventId>, sk EVENT                          |
 * | mail claim per (event, recipient)         | table | pk MAIL#<eventId>, sk TO#<role>#<recipientId>          |
 * | a staff member's pending digest entries   | table | pk DIGEST#<staffId>, sk begins_with ENTRY#             |
 * | a staff member's notification preferences| table | pk STAFF#<staffId>, sk NOTIFYPREFS                     |
 * | consumer inbox: event already processed   | table | pk INBOX#<consumer>#<eventId>, sk INBOX                |
 * | a consumer's rejected (permanent) messages| table | pk REJECTED#<consumer>, sk MSG#<messageId>             |
 */
export const keys = {
  apiKey: (hash: string) => ({ pk: `APIKEY#${hash}`, sk: 'APIKEY' }),
  apiKeyListing: (keyId: string) => ({ gsi1pk: 'APIKEYS', gsi1sk: keyId }),
  apiKeyById: (keyId: string) => ({ pk: `APIKEYID#${keyId}`, sk: 'APIKEYID' }),
  principal: (role: string, id: string) => ({ pk: `${role.toUpperCase()}#${id}`, sk: 'PROFILE' }),
  commissionerListing: (district: string, id: string) => ({
    gsi1pk: `COMMISSIONERS#${district}`,
    gsi1sk: id,
  }),
  project: (id: string) => ({ pk: `PROJECT#${id}`, sk: 'PROJECT' }),
  recommendation: (projectId: string, partnerId: string) => ({
    pk: `PROJECT#${projectId}`,
    sk: `REC#${partnerId}`,
  }),
  projectKey: (hash: string) => ({ pk: `PROJECTKEY#${hash}`, sk: 'PROJECTKEY' }),
  /** A project's three listings (all, by status, by district), newest first because project ids sort by time. */
  projectListing: (projectId: string, status: string, district: string) => ({
    gsi1pk: 'PROJECTS',
    gsi1sk: projectId,
    ...keys.projectStatusListing(projectId, status),
    gsi3pk: `PROJECTS#DISTRICT#${district}`,
    gsi3sk: projectId,
  }),
  projectStatusListing: (projectId: string, status: string) => ({
    gsi2pk: `PROJECTS#STATUS#${status}`,
    gsi2sk: projectId,
  }),
  nomination: (id: string) => ({ pk: `NOMINATION#${id}`, sk: 'NOMINATION' }),
  nominationListing: (partnerId: string, nominationId: string) => ({
    gsi1pk: `NOMINATIONS#${partnerId}`,
    gsi1sk: nominationId,
  }),
  enterprise: (creditCode: string) => ({ pk: `ENTERPRISE#${creditCode}`, sk: 'ENTERPRISE' }),
  history: (subjectKind: string, subjectId: string, eventId: string) => ({
    pk: `${subjectKind.toUpperCase()}#${subjectId}`,
    sk: `EVENT#${eventId}`,
  }),
  outbox: (eventId: string) => ({ pk: `OUTBOX#${eventId}`, sk: 'EVENT' }),
  /** Notification: "this email to this recipient for this event" is being sent / was sent (services/notification). */
  mailClaim: (eventId: string, recipientKey: string) => ({ pk: `MAIL#${eventId}`, sk: `TO#${recipientKey}` }),
  /** An event a staff member chose to get in the daily digest, waiting for the next one (sorted by time). */
  digestEntry: (staffId: string, occurredAt: string, eventId: string) => ({
    pk: `DIGEST#${staffId}`,
    sk: `ENTRY#${occurredAt}#${eventId}`,
  }),
  digestEntries: (staffId: string) => ({ pk: `DIGEST#${staffId}`, skPrefix: 'ENTRY#' }),
  /** Next to the staff profile (same partition): immediate or digest per event type. */
  notificationPreferences: (staffId: string) => ({ pk: `STAFF#${staffId}`, sk: 'NOTIFYPREFS' }),
  /** Powertools idempotency records: one partition per record (the hash is the sort key's twin). */
  idempotencyPartition: 'IDEMPOTENCY',
  /** The shared consumer inbox (inbox.ts): this consumer has processed this event. One partition per item. */
  inbox: (consumer: string, eventId: string) => ({ pk: `INBOX#${consumer}#${eventId}`, sk: 'INBOX' }),
  /** A message a consumer refused for good (packages/middleware/src/batch.ts), listed per consumer. */
  rejectedMessage: (consumer: string, messageId: string) => ({
    pk: `REJECTED#${consumer}`,
    sk: `MSG#${messageId}`,
  }),
} as const;
