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
 * | an event, once (history; relay's stream)  | table | pk <SUBJECT KIND>#<id>, sk EVENT#<eventId>             |
 * | mail claim per (event, recipient)         | table | pk MAIL#<eventId>, sk TO#<role>#<recipientId>          |
 * | a staff member's pending digest entries   | table | pk DIGEST#<staffId>, sk begins_with ENTRY#             |
 * | a staff member's notification preferences| table | pk STAFF#<staffId>, sk NOTIFYPREFS                     |
 * | what counts towards a §一 target           | table | pk TARGET#<target>, sk <projectId or credit code>      |
 * | deadline by its business id               | table | pk DEADLINE#<id>, sk DEADLINE                          |
 * | pending deadlines due by a time (sweeper) | gsi2  | gsi2pk DEADLINES#PENDING, gsi2sk < <now ISO>$          |
 * | a parameter set's versions, by number     | table | pk PARAMS#<set>, sk V#<version, 6 digits>              |
 *
 * The pending-deadline listing keys (`gsi2sk <dueAt ISO>#<id>`) exist only while a deadline is pending: firing
 * or cancelling removes them, so the sweeper's index holds nothing but what may still fire.
 * | consumer inbox: event already processed   | table | pk INBOX#<consumer>#<eventId>, sk INBOX                |
 * | a consumer's rejected (permanent) messages| table | pk REJECTED#<consumer>, sk MSG#<messageId>             |
 * | active profiles of a role (not commiss.)  | gsi1  | gsi1pk PROFILES#<role>, gsi1sk <id>                    |
 * | every profile of a role, incl. inactive   | gsi2  | gsi2pk PROFILES#<role>, gsi2sk <id>                    |
 * | a profile's audit history                 | table | pk <ROLE>#<id>, sk begins_with EVENT#                  |
 * | profile by natural key (platformId, USCC) | table | pk PROFILEKEY#<role>#<field>#<value>, sk PROFILEKEY    |
 * | an owner's API keys (deactivation)        | gsi2  | gsi2pk KEYS#<role>#<ownerId>, gsi2sk <keyId>           |
 * | a project's evaluation (panel, outcome)   | table | pk PROJECT#<id>, sk EVALUATION                         |
 * | a project's reviews, one per expert       | table | pk PROJECT#<id>, sk begins_with REVIEW#                |
 * | a project's assignment rounds, by number  | table | pk PROJECT#<id>, sk EVALUATION#ROUND#<n, 6 digits>     |
 * | an expert's assigned reviews (open only)  | gsi1  | gsi1pk REVIEWS#<expertId>, gsi1sk <projectId>          |
 * | evaluations waiting for experts           | gsi2  | gsi2pk EVALUATIONS#WAITING, gsi2sk <projectId>         |
 * | a project's platform offers (matching)    | table | pk PROJECT#<id>, sk begins_with OFFER#                 |
 * | a platform's offers, newest first         | gsi1  | gsi1pk OFFERS#<platformId>, gsi1sk <matchId>           |
 * | every offer, newest first (staff)         | gsi2  | gsi2pk OFFERS, gsi2sk <matchId>                        |
 * | offers made to a project (race guard)     | table | pk PROJECT#<id>, sk OFFERCOUNT                         |
 * | subsidy claim by id (+ its history)       | table | pk SUBSIDY_CLAIM#<claimId>, sk CLAIM (EVENT#…)         |
 * | every subsidy claim, newest first (staff) | gsi2  | gsi2pk SUBSIDY_CLAIMS, gsi2sk <claimId>                |
 * | a fund manager's claims, newest first     | gsi1  | gsi1pk SUBSIDY_CLAIMS#MANAGER#<managerId>, gsi1sk <id> |
 * | a manager's claims for one enterprise     | gsi3  | gsi3pk SUBSIDY_CLAIMS#MANAGER#<m>#ENTERPRISE#<code>    |
 * | a subsidy cap's usage by cap key          | table | pk SUBSIDY_CAP#<capKey>, sk CAP                        |
 * | a fund manager's caps (headroom)          | gsi1  | gsi1pk SUBSIDY_CAPS#MANAGER#<managerId>, gsi1sk <key>  |
 */
export const keys = {
  apiKey: (hash: string) => ({ pk: `APIKEY#${hash}`, sk: 'APIKEY' }),
  apiKeyListing: (keyId: string) => ({ gsi1pk: keys.apiKeysPartition, gsi1sk: keyId }),
  apiKeysPartition: 'APIKEYS',
  apiKeyById: (keyId: string) => ({ pk: `APIKEYID#${keyId}`, sk: 'APIKEYID' }),
  principal: (role: string, id: string) => ({ pk: `${role.toUpperCase()}#${id}`, sk: 'PROFILE' }),
  /** Every profile of a role but commissioners (listed by district): staff for email, experts for assignment. */
  profileListing: (role: string, id: string) => ({ gsi1pk: `PROFILES#${role}`, gsi1sk: id }),
  commissionerListing: (district: string, id: string) => ({
    gsi1pk: `COMMISSIONERS#${district}`,
    gsi1sk: id,
  }),
  project: (id: string) => ({ pk: `PROJECT#${id}`, sk: 'PROJECT' }),
  recommendation: (projectId: string, partnerId: string) => ({
    pk: `PROJECT#${projectId}`,
    sk: `${keys.recommendationPrefix}${partnerId}`,
  }),
  recommendationPrefix: 'REC#',
  projectKey: (hash: string) => ({ pk: `PROJECTKEY#${hash}`, sk: 'PROJECTKEY' }),
  /** A project's three listings (all, by status, by district), newest first because project ids sort by time. */
  projectListing: (projectId: string, status: string, district: string) => ({
    gsi1pk: keys.allProjects,
    gsi1sk: projectId,
    ...keys.projectStatusListing(projectId, status),
    gsi3pk: keys.projectsByDistrict(district),
    gsi3sk: projectId,
  }),
  projectStatusListing: (projectId: string, status: string) => ({
    gsi2pk: keys.projectsByStatus(status),
    gsi2sk: projectId,
  }),
  allProjects: 'PROJECTS',
  projectsByStatus: (status: string) => `PROJECTS#STATUS#${status}`,
  projectsByDistrict: (district: string) => `PROJECTS#DISTRICT#${district}`,
  nomination: (id: string) => ({ pk: `NOMINATION#${id}`, sk: 'NOMINATION' }),
  nominationListing: (partnerId: string, nominationId: string) => ({
    gsi1pk: `NOMINATIONS#${partnerId}`,
    gsi1sk: nominationId,
  }),
  enterprise: (creditCode: string) => ({ pk: `ENTERPRISE#${creditCode}`, sk: 'ENTERPRISE' }),
  history: (subjectKind: string, subjectId: string, eventId: string) => ({
    pk: `${subjectKind.toUpperCase()}#${subjectId}`,
    sk: `${keys.historyPrefix}${eventId}`,
  }),
  historyPrefix: 'EVENT#',
  /** Notification: "this email to this recipient for this event" is being sent / was sent (services/notification). */
  mailClaim: (eventId: string, recipientKey: string) => ({ pk: `MAIL#${eventId}`, sk: `TO#${recipientKey}` }),
  /**
   * Notification, one item per event: every recipient's claim as an attribute of it, so an event's emails are
   * claimed in one write and their outcomes recorded in one more (issue 13). Supersedes `mailClaim`, whose items
   * expire by TTL.
   */
  mailClaims: (eventId: string) => ({ pk: `MAIL#${eventId}`, sk: 'CLAIMS' }),
  /** An event a staff member chose to get in the daily digest, waiting for the next one (sorted by time). */
  digestEntry: (staffId: string, occurredAt: string, eventId: string) => ({
    pk: `DIGEST#${staffId}`,
    sk: `ENTRY#${occurredAt}#${eventId}`,
  }),
  digestEntries: (staffId: string) => ({ pk: `DIGEST#${staffId}`, skPrefix: 'ENTRY#' }),
  /** Next to the staff profile (same partition): immediate or digest per event type. */
  notificationPreferences: (staffId: string) => ({ pk: `STAFF#${staffId}`, sk: 'NOTIFYPREFS' }),
  /**
   * An HTTP idempotency record (packages/aws/src/idempotency-store.ts): one partition per caller|route|key, by
   * the scope's SHA-256, so records spread over partitions instead of one hot partition per function.
   */
  idempotencyRecord: (scopeHash: string) => ({ pk: `IDEMPOTENCY#${scopeHash}`, sk: 'IDEMPOTENCY' }),
  /** One thing counted towards a §一 target (services/targets): the target's partition, one item per counted id. */
  targetContribution: (target: string, countedId: string) => ({ pk: `TARGET#${target}`, sk: countedId }),
  /** The local stack's "this table was seeded with this demo cast" marker (packages/local-stack/src/seed.ts). */
  localSeedMarker: (version: number) => ({ pk: 'LOCAL#SEED', sk: `VERSION#${version}` }),
  /** A one-shot deadline, by the caller's business key (`offer:<matchId>`). */
  deadline: (id: string) => ({ pk: `DEADLINE#${id}`, sk: 'DEADLINE' }),
  /** Present only while pending; fixed-width ISO due times sort as instants, the id breaks ties. */
  pendingDeadlineListing: (dueAt: string, id: string) => ({
    gsi2pk: 'DEADLINES#PENDING',
    gsi2sk: `${dueAt}#${id}`,
  }),
  /**
   * The listing's range "due at `nowIso` or earlier": every key of an instant ≤ now sorts below `<nowIso>$`
   * (`$` follows `#`), every later instant above it (same width, so the first 24 characters decide).
   */
  pendingDeadlinesDueBy: (nowIso: string) => ({
    index: 'gsi2' as const,
    gsi2pk: 'DEADLINES#PENDING',
    below: `${nowIso}$`,
  }),
  /** The shared consumer inbox (inbox.ts): this consumer has processed this event. One partition per item. */
  inbox: (consumer: string, eventId: string) => ({ pk: `INBOX#${consumer}#${eventId}`, sk: 'INBOX' }),
  /** A message a consumer refused for good (packages/middleware/src/batch.ts), listed per consumer. */
  rejectedMessage: (consumer: string, messageId: string) => ({
    pk: `REJECTED#${consumer}`,
    sk: `MSG#${messageId}`,
  }),
  /**
   * Profiles (services/profiles). gsi1 lists only active profiles (what notification and assignment read; a
   * commissioner's active listing is `commissionerListing`), so deactivation removes these attributes; gsi2
   * lists every profile of a role for staff, active or not.
   */
  profileAdminListing: (role: string, id: string) => ({ gsi2pk: `PROFILES#${role}`, gsi2sk: id }),
  /** A natural key one active profile holds (a platform's platformId, a fund manager's credit code). */
  profileNaturalKey: (role: string, field: string, value: string) => ({
    pk: `PROFILEKEY#${role}#${field}#${value}`,
    sk: 'PROFILEKEY',
  }),
  /** On every API key item: all keys of one owner, so deactivating the owner revokes them together. */
  ownerKeysListing: (role: string, ownerId: string, keyId: string) => ({
    gsi2pk: `KEYS#${role}#${ownerId}`,
    gsi2sk: keyId,
  }),
  /**
   * One version of a parameter set. Zero-padded so the sort key orders versions by number: the highest is the
   * last, and "is this number taken" is a conditional put on exactly one item.
   */
  parameterVersion: (set: string, version: number) => ({
    pk: `PARAMS#${set}`,
    sk: `V#${String(version).padStart(6, '0')}`,
  }),
  parameterVersions: (set: string) => ({ pk: `PARAMS#${set}`, skPrefix: 'V#' }),
  /** §二(四) evaluation (services/evaluation): the panel, every choice's explanation, and later the outcome. */
  evaluation: (projectId: string) => ({ pk: `PROJECT#${projectId}`, sk: 'EVALUATION' }),
  /** One expert's review of a project (assignment, scores, revisions), next to the project. */
  review: (projectId: string, expertId: string) => ({
    pk: `PROJECT#${projectId}`,
    sk: `${keys.reviewPrefix}${expertId}`,
  }),
  reviewPrefix: 'REVIEW#',
  /** Present while the expert holds the review (GET /v1/reviews/assigned); removed when they leave the panel. */
  assignedReviewListing: (expertId: string, projectId: string) => ({
    gsi1pk: `REVIEWS#${expertId}`,
    gsi1sk: projectId,
  }),
  /** Present while a project waits for experts: an expert added resumes each. */
  waitingEvaluationListing: (projectId: string) => ({ gsi2pk: keys.waitingEvaluations, gsi2sk: projectId }),
  waitingEvaluations: 'EVALUATIONS#WAITING',
  /** Matching (services/matching): one platform offer, next to its project (match ids sort by time). */
  offer: (projectId: string, matchId: string) => ({
    pk: `PROJECT#${projectId}`,
    sk: `${keys.offerPrefix}${matchId}`,
  }),
  offerPrefix: 'OFFER#',
  /** Every offer is listed for its platform (gsi1) and for staff (gsi2), whatever its state. */
  offerListing: (platformId: string, matchId: string) => ({
    gsi1pk: `OFFERS#${platformId}`,
    gsi1sk: matchId,
    gsi2pk: keys.allOffers,
    gsi2sk: matchId,
  }),
  allOffers: 'OFFERS',
  /**
   * How many offers a project was made: every offer decision moves it from the count it read, so two decisions
   * taken at once on the same reads (the same qualification under two event ids) cannot both make offers.
   */
  offerCount: (projectId: string) => ({ pk: `PROJECT#${projectId}`, sk: 'OFFERCOUNT' }),
  /** Subsidy (services/subsidy): one claim; its history rows share the partition (subject kind subsidy_claim). */
  subsidyClaim: (claimId: string) => ({ pk: `SUBSIDY_CLAIM#${claimId}`, sk: 'CLAIM' }),
  allSubsidyClaims: 'SUBSIDY_CLAIMS',
  subsidyClaimsOfManager: (managerId: string) => `SUBSIDY_CLAIMS#MANAGER#${managerId}`,
  subsidyClaimsOfManagerForEnterprise: (managerId: string, creditCode: string) =>
    `SUBSIDY_CLAIMS#MANAGER#${managerId}#ENTERPRISE#${creditCode}`,
  /**
   * A claim's listings: every claim for staff (gsi2); a manager's claims (gsi1) and its claims for one
   * enterprise (gsi3, what "first investment only" is checked against) where the claim names them.
   */
  subsidyClaimListing: (claimId: string, managerId?: string, creditCode?: string) => ({
    gsi2pk: keys.allSubsidyClaims,
    gsi2sk: claimId,
    ...(managerId ? { gsi1pk: keys.subsidyClaimsOfManager(managerId), gsi1sk: claimId } : {}),
    ...(managerId && creditCode
      ? { gsi3pk: keys.subsidyClaimsOfManagerForEnterprise(managerId, creditCode), gsi3sk: claimId }
      : {}),
  }),
  /** The usage of one subsidy cap (its key from the rules engine's `capsFor`): reserved fen, conditioned writes. */
  subsidyCap: (capKey: string) => ({ pk: `SUBSIDY_CAP#${capKey}`, sk: 'CAP' }),
  subsidyCapsOfManager: (managerId: string) => `SUBSIDY_CAPS#MANAGER#${managerId}`,
  subsidyCapListing: (managerId: string, capKey: string) => ({
    gsi1pk: keys.subsidyCapsOfManager(managerId),
    gsi1sk: capKey,
  }),
  /**
   * One assignment round of a project's evaluation (who was chosen, why each candidate was or was not), its own
   * item next to the record so the record stays small however many rounds a waiting project goes through.
   * Zero-padded so the sort key orders rounds by number, oldest first.
   */
  evaluationRound: (projectId: string, round: number) => ({
    pk: `PROJECT#${projectId}`,
    sk: `${keys.evaluationRoundPrefix}${String(round).padStart(6, '0')}`,
  }),
  evaluationRoundPrefix: 'EVALUATION#ROUND#',
} as const;
