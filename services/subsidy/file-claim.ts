import { commit, config, getProfile, parameterSetInForce } from '@wuhan/aws';
import type { SubsidyClaimBody } from '@wuhan/contract';
import {
  type Caller,
  type ClaimInput,
  claimInputSchema,
  ForbiddenError,
  InvalidInputError,
  isActive,
  NotFoundError,
  newEventOf,
  newId,
  PLAN_ISSUED_ON,
  type SubsidyType,
  subsidyClaimReceivedEvent,
  subsidyParameterSet,
  today,
  UnprocessableError,
} from '@wuhan/domain';
import { claimPut } from './items.js';
import { type ClaimRecord, projectOf } from './record.js';

/** §二(七): the two types a fund manager (管理机构) claims, and the only ones that have a manager. */
export const managerTypes: readonly SubsidyType[] = [
  'equity_investment_reward',
  'investment_loss_compensation',
];

/**
 * Who the claim is for, decided from the caller (issue 11 point 2): a fund manager files the two fund types for
 * itself only; staff file any type, naming the manager of a fund type, and may set the assessment date. Each
 * refusal names its field; nothing is stored.
 */
export async function envelopeOf(
  body: SubsidyClaimBody,
  caller: Caller,
): Promise<{ managerId?: string; assessOn: string }> {
  const { role, ownerId } = caller.principal;
  const hasManager = managerTypes.includes(body.subsidyType);
  if (role === 'fund_manager') {
    if (!hasManager) {
      throw new ForbiddenError('A fund manager files only equity investment rewards and loss compensations', {
        field: 'subsidyType',
      });
    }
    if (body.managerId !== undefined && body.managerId !== ownerId) {
      throw new ForbiddenError('A fund manager files only for itself', { field: 'managerId' });
    }
    if (body.assessOn !== undefined) {
      throw new ForbiddenError('Only staff set the assessment date', { field: 'assessOn' });
    }
    return { managerId: ownerId, assessOn: today(caller.now) };
  }
  const todayThere = today(caller.now);
  const assessOn = body.assessOn ?? todayThere;
  if (assessOn > todayThere) {
    // An assessment is of facts as they stand: dating it ahead would apply rules (and caps of a year) not yet in
    // force, and reserve against them now.
    throw new InvalidInputError(
      `The assessment date cannot be after today (${todayThere}, Asia/Shanghai)`,
      'assessOn',
    );
  }
  if (assessOn < PLAN_ISSUED_ON) {
    // No rules were in force before the plan: such a claim could never be assessed.
    throw new InvalidInputError(`The plan's rules are in force from ${PLAN_ISSUED_ON}`, 'assessOn');
  }
  if (!hasManager) {
    if (body.managerId !== undefined) {
      throw new InvalidInputError(`A ${body.subsidyType} claim has no fund manager`, 'managerId');
    }
    return { assessOn };
  }
  if (body.managerId === undefined) {
    throw new InvalidInputError('Name the fund manager the claim is for', 'managerId');
  }
  const manager = await getProfile('fund_manager', body.managerId);
  if (!manager || !isActive(manager)) {
    throw new InvalidInputError(`No active fund manager ${body.managerId}`, 'managerId');
  }
  return { managerId: body.managerId, assessOn };
}

/**
 * Some subsidy parameters must be in force on the assessment date (a table never seeded, or a date before the
 * first version, has none): such a claim could not be assessed, so it is refused at filing, 422 on `assessOn`.
 */
export async function requireRulesInForce(assessOn: string): Promise<void> {
  try {
    await parameterSetInForce(subsidyParameterSet, assessOn);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    throw new UnprocessableError(`No subsidy parameters are in force on ${assessOn}`, { field: 'assessOn' });
  }
}

/** The claim's own facts, without the envelope (the rules engine reads these). */
export function claimInputOf(body: SubsidyClaimBody): ClaimInput {
  const { managerId: _manager, assessOn: _assessOn, ...input } = body;
  return claimInputSchema.parse(input);
}

/**
 * Files a claim: the claim (`received`) and `subsidy.claim_received` in one transaction; the subsidy consumer
 * assesses it and reserves the award. Answers with the new claim's id (202).
 */
export async function fileClaim(body: SubsidyClaimBody, caller: Caller): Promise<{ claimId: string }> {
  const { managerId, assessOn } = await envelopeOf(body, caller);
  const input = claimInputOf(body);
  await requireRulesInForce(assessOn);
  const claimId = newId('sbc', caller.now);
  const projectId = projectOf(input);
  const claim: ClaimRecord = {
    claimId,
    subsidyType: input.subsidyType,
    status: 'received',
    input,
    ...(managerId ? { managerId } : {}),
    ...(projectId ? { projectId } : {}),
    assessOn,
    filedBy: { role: caller.principal.role, id: caller.principal.ownerId },
    filedAt: caller.now.toISOString(),
    correlationId: caller.correlationId,
  };
  const event = newEventOf(subsidyClaimReceivedEvent, {
    actor: { role: caller.principal.role, id: caller.principal.ownerId },
    subject: { kind: 'subsidy_claim', id: claimId },
    correlationId: caller.correlationId,
    now: caller.now,
    data: {
      claimId,
      subsidyType: input.subsidyType,
      assessOn,
      ...(managerId ? { fundManagerId: managerId } : {}),
      ...(projectId ? { projectId } : {}),
    },
  });
  await commit([claimPut(config().tableName, claim)], [event]);
  return { claimId };
}
