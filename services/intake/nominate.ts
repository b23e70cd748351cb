import {
  commissionerCounterUpdate,
  commissionerLoads,
  commit,
  config,
  findProjectIdByKey,
  getProfile,
  getProject,
  getRecommendation,
  nominationPut,
  projectKeyPut,
  projectPut,
  projectRecommendationAdd,
  type RetryOptions,
  recommendationPut,
  type TransactItem,
  TransactionRejected,
  withOptimisticRetry,
} from '@wuhan/aws';
import type { NominationBody } from '@wuhan/contract';
import {
  type Caller,
  type CommissionerProfile,
  ConflictError,
  chooseCommissioner,
  type DomainEvent,
  ForbiddenError,
  InvalidInputError,
  type Nomination,
  newId,
  newProject,
  type PartnerType,
  type ProjectDescription,
  type ProjectStatus,
  projectEventOf,
  projectKeyHash,
  projectNominatedEvent,
  projectRecommendedEvent,
  type Recommender,
  recommenderFor,
} from '@wuhan/domain';

export interface NominationAccepted {
  nominationId: string;
  projectId: string;
  status: ProjectStatus;
  recommendations: number;
}

/**
 * The Idempotency-Key record of this request holding its answer (the router's `request.idempotency`): committed
 * in the nomination's own transaction, so a retry finds the answer exactly when the nomination exists.
 */
export type AnswerRecord = (answer: NominationAccepted) => TransactItem;

/**
 * Resolves once the request's Idempotency-Key has no stored answer (the router's `request.idempotency.checked`):
 * that lookup runs alongside this use case's reads, so nothing is written before it resolves.
 */
export type ReplayCheck = () => Promise<void>;

/**
 * §二(三): the channel a nomination comes through. A partner recommends as its own profile's type and may not
 * claim another; staff post only for the channels no outside partner holds (公开征集, the competition, plan
 * results) and must say which. The input is checked before anything is read; the partner's read is returned
 * unawaited so it can run alongside the others.
 */
function channelOf(caller: Caller, sourceChannel: PartnerType | undefined): Promise<PartnerType> {
  const { role, ownerId } = caller.principal;
  if (role === 'staff') {
    if (!sourceChannel) {
      throw new InvalidInputError(
        'Staff nominate on behalf of a channel: give sourceChannel',
        'body.sourceChannel',
      );
    }
    return Promise.resolve(sourceChannel);
  }
  if (sourceChannel !== undefined) {
    throw new InvalidInputError(
      "A partner's channel is its own partner type; remove sourceChannel",
      'body.sourceChannel',
    );
  }
  return getProfile('partner', ownerId).then((profile) => {
    if (!profile)
      throw new ForbiddenError(`No partner profile for ${ownerId}; ask the Wuhan centre to register it`);
    return profile.partnerType;
  });
}

function descriptionOf(body: NominationBody): ProjectDescription {
  const { sourceChannel: _channel, ...description } = body;
  return description;
}

/**
 * Nominate a project. The first nomination of a project creates it, claims its key, records the recommendation
 * and the nomination, assigns a commissioner and publishes its events, all in one transaction; a later
 * nomination by another recommender adds a recommendation; the same recommender again is a 409 naming what
 * exists. Two racing creations: the loser's conditions fail, it re-reads and takes the second path (or the 409).
 * Racing recommendations of one project all succeed: the count is an atomic ADD, and only the recommendation
 * row's uniqueness can refuse one.
 */
export async function nominate(
  body: NominationBody,
  caller: Caller,
  retry?: RetryOptions,
  answerRecord?: AnswerRecord,
  replayCheck?: ReplayCheck,
): Promise<NominationAccepted> {
  if (caller.principal.role !== 'partner' && caller.principal.role !== 'staff') {
    throw new ForbiddenError('Only partners and staff nominate');
  }
  // Issue 13: the reads that do not depend on each other go out together — the partner's channel, the district's
  // commissioners (needed when the project is new, as most are) and, in the router, the Idempotency-Key record.
  const channelRead = channelOf(caller, body.sourceChannel);
  const loadsRead = commissionerLoads(body.district);
  const [channel, firstLoads] = await Promise.all([channelRead, loadsRead, replayCheck?.()]);
  const commissionersNow = freshAfterFirst(firstLoads, () => commissionerLoads(body.district));
  const recommender = recommenderFor(caller.principal.role, caller.principal.ownerId, channel);
  const description = descriptionOf(body);
  const hash = projectKeyHash(description.title, description.leadOrganization);
  // Ids are fixed before the retries: a retried attempt reuses them, so a response never names an id that
  // an earlier, rolled-back attempt invented.
  const nominationId = newId('nom', caller.now);
  const newProjectId = newId('prj', caller.now);

  // Once the project key is known to exist it stays (keys are never deleted): later rounds recommend directly.
  let existingId: string | undefined;
  return withOptimisticRetry(async () => {
    if (!existingId) {
      // Most nominations are of new projects, so the creation is tried first and the project key's own
      // condition says whether the project exists: no read of the key before it (issue 13).
      const created = await createProject(
        newProjectId,
        hash,
        description,
        recommender,
        nominationId,
        caller,
        commissionersNow,
        answerRecord,
      );
      if (created !== 'project-exists') return created;
      existingId = await findProjectIdByKey(hash);
      // The key refused the creation, so it exists; written in the project's transaction, it is read back at once.
      if (!existingId) throw new Error(`Project key ${hash} refused a creation but cannot be read`);
    }
    return recommendExisting(existingId, description, recommender, nominationId, caller, answerRecord);
  }, retry);
}

/**
 * The commissioners' loads read up front serve the first attempt; an attempt after a lost race reads them again,
 * so the choice is made on counts no older than the attempt, as when each attempt read its own.
 */
function freshAfterFirst<T>(first: T, reread: () => Promise<T>): () => Promise<T> {
  let unused = true;
  return () => {
    if (!unused) return reread();
    unused = false;
    return Promise.resolve(first);
  };
}

function nominationOf(
  id: string,
  projectId: string,
  description: ProjectDescription,
  recommender: Recommender,
  caller: Caller,
): Nomination {
  return {
    ...description,
    id,
    projectId,
    submittedBy: caller.principal.ownerId,
    submitterRole: caller.principal.role as 'partner' | 'staff',
    recommenderId: recommender.id,
    channel: recommender.channel,
    submittedAt: caller.now.toISOString(),
    correlationId: caller.correlationId,
  };
}

/** Who recommended, for the event; `partnerId` names the partner to confirm receipt to (staff get their own mail). */
function recommenderData(recommender: Recommender, caller: Caller) {
  return {
    recommenderId: recommender.id,
    channel: recommender.channel,
    ...(caller.principal.role === 'partner' ? { partnerId: caller.principal.ownerId } : {}),
  };
}

/** `summaryInProject`: this nomination creates the project, whose item holds the same summary. */
function recommendationWrites(
  nomination: Nomination,
  recommender: Recommender,
  caller: Caller,
  summaryInProject = false,
): TransactItem[] {
  const table = config().tableName;
  return [
    recommendationPut(table, {
      projectId: nomination.projectId,
      recommenderId: recommender.id,
      channel: recommender.channel,
      nominationId: nomination.id,
      submittedBy: caller.principal.ownerId,
      recommendedAt: caller.now.toISOString(),
    }),
    nominationPut(table, nomination, { summaryInProject }),
  ];
}

async function createProject(
  projectId: string,
  hash: string,
  description: ProjectDescription,
  recommender: Recommender,
  nominationId: string,
  caller: Caller,
  commissionersNow: () => Promise<CommissionerProfile[]>,
  answerRecord?: AnswerRecord,
): Promise<NominationAccepted | 'project-exists'> {
  const table = config().tableName;
  // §二(二): the district's commissioner with the fewest open projects, ties by id.
  const commissioner = chooseCommissioner(await commissionersNow());
  const project = newProject(projectId, description, commissioner?.id, caller.now);
  const nomination = nominationOf(nominationId, projectId, description, recommender, caller);
  const summary = {
    title: project.title,
    district: project.district,
    techField: project.techField,
    stage: project.stage,
    stageTrlMismatch: project.stageTrlMismatch,
  };
  const keyPut = projectKeyPut(table, hash, projectId, caller.now);
  const writes: TransactItem[] = [
    keyPut,
    projectPut(table, project),
    ...recommendationWrites(nomination, recommender, caller, true),
  ];
  // One event for the new project (issue 13: each event is a history row, a relay message and a mail claim).
  // It names the commissioner chosen, or none when the district has none: notification emails the commissioner,
  // or staff, from it (services/notification/routing.ts), as project.assigned / unassigned_district once did.
  const events: DomainEvent[] = [
    projectEventOf(caller, projectNominatedEvent, projectId, {
      ...summary,
      ...(project.trl === undefined ? {} : { trl: project.trl }),
      nominationId,
      ...recommenderData(recommender, caller),
      leadOrganization: project.leadOrganization,
      ...(commissioner ? { commissionerId: commissioner.id } : {}),
      // The assignment's news is in this event: notification emails the commissioner (or staff) from it.
      announcesAssignment: true,
    }),
  ];
  if (commissioner) writes.push(commissionerCounterUpdate(table, commissioner.id, 1));
  const accepted = { nominationId, projectId, status: project.status, recommendations: 1 };
  if (answerRecord) writes.push(answerRecord(accepted));
  try {
    await commit(writes, events);
  } catch (error) {
    // The key's condition failed: another nomination created this project (now or long ago).
    if (error instanceof TransactionRejected && error.failedConditions.includes(writes.indexOf(keyPut))) {
      return 'project-exists';
    }
    throw error;
  }
  return accepted;
}

async function recommendExisting(
  projectId: string,
  description: ProjectDescription,
  recommender: Recommender,
  nominationId: string,
  caller: Caller,
  answerRecord?: AnswerRecord,
): Promise<NominationAccepted> {
  // Two independent reads, sent together (issue 13): the recommender's row and the project.
  const [earlier, project] = await Promise.all([
    getRecommendation(projectId, recommender.id),
    getProject(projectId),
  ]);
  if (earlier) {
    throw new ConflictError('You already nominated this project', {
      nominationId: earlier.nominationId,
      projectId,
    });
  }
  // The key exists only in the same transaction as the project, so a missing project is a broken table.
  if (!project) throw new Error(`Project key points at missing project ${projectId}`);
  const nomination = nominationOf(nominationId, projectId, description, recommender, caller);
  // The count as read plus this one: a lower bound when others recommend at the same moment (each ADD counts
  // itself on top of what it read), exact otherwise. The stored count is exact; the answer re-reads it below.
  const counted = project.recommendationCount + 1;
  // A replay answers the count this nomination committed (the first answer may name a later one, below).
  const stored = { nominationId, projectId, status: project.status, recommendations: counted };
  await commit(
    [
      projectRecommendationAdd(config().tableName, projectId, caller.now),
      ...recommendationWrites(nomination, recommender, caller),
      ...(answerRecord ? [answerRecord(stored)] : []),
    ],
    [
      projectEventOf(caller, projectRecommendedEvent, projectId, {
        title: project.title,
        district: project.district,
        nominationId,
        ...recommenderData(recommender, caller),
        recommendations: counted,
        ...(project.commissionerId ? { commissionerId: project.commissionerId } : {}),
      }),
    ],
  );
  // "How many recommend the project now": the committed count, which concurrent recommendations may have raised.
  const recommendations = Math.max(counted, (await getProject(projectId))?.recommendationCount ?? 0);
  return { nominationId, projectId, status: project.status, recommendations };
}
