import { deadlineSet, type StoredProject, type TransactItem } from '@wuhan/aws';
import {
  type AssignmentRound,
  addDays,
  type CalendarDate,
  type Candidate,
  chooseExperts,
  DEFAULT_MAX_OPEN_REVIEWS,
  type DomainEvent,
  type EvaluationRecord,
  type ExpertProfile,
  evaluationAssignedEvent,
  evaluationWaitingForExpertsEvent,
  isActive,
  newDeadline,
  newEventOf,
  type ParameterVersion,
  type ReviewRecord,
  today,
} from '@wuhan/domain';
import {
  evaluationWrites,
  expertLoadDecrement,
  expertLoadIncrement,
  reviewPut,
  reviewWithdraw,
  TRANSACTION_ITEMS,
} from './items.js';

/** What the assignment reads and where it writes: injected, so the decision is tested without AWS. */
export interface AssignPorts {
  tableName: string;
  now: Date;
  getProject(id: string): Promise<StoredProject | undefined>;
  readEvaluation(projectId: string): Promise<EvaluationRecord | undefined>;
  /** The newest round item's number (none: undefined), read with the record: the next round is numbered after it. */
  newestRoundNumber(projectId: string): Promise<number | undefined>;
  readReviews(projectId: string): Promise<ReviewRecord[]>;
  partnerOrganizations(projectId: string): Promise<string[]>;
  experts(): Promise<ExpertProfile[]>;
  parameters(date: CalendarDate): Promise<ParameterVersion<'evaluation'>>;
  /** One transaction (the consumer's inbox with it where the event is the whole trigger). */
  commit(writes: readonly TransactItem[], events: readonly DomainEvent[]): Promise<unknown>;
}

export interface AssignTrigger {
  kind: 'entered_review' | 'expert_added' | 'withdrawal';
  correlationId: string;
  /** An overdue expert leaving the panel in the same transaction as their replacement. */
  withdraw?: { expertId: string; reason: 'overdue' };
  /** An expert who already left (declined over the API): named on the replacement's event. */
  replacing?: string;
}

export type AssignResult =
  | { kind: 'not_under_review' | 'closed' | 'panel_full' }
  | { kind: 'assigned'; chosen: string[]; shortBy: number };

const SYSTEM = { role: 'system', id: 'evaluation' } as const;
/** The reminder goes out in the morning of the due day, Shanghai time (09:00 = 01:00Z). */
const reminderAt = (day: CalendarDate) => new Date(`${day}T09:00:00+08:00`);
/** The replacement comes when the grace period's last day has ended. */
const overdueAt = (day: CalendarDate, graceDays: number) =>
  new Date(`${addDays(day, graceDays + 1)}T00:00:00+08:00`);

export const reviewDueDeadlineId = (projectId: string, expertId: string) =>
  `review-due:${projectId}:${expertId}`;
export const reviewOverdueDeadlineId = (projectId: string, expertId: string) =>
  `review-overdue:${projectId}:${expertId}`;

function candidateOf(expert: ExpertProfile): Candidate {
  return {
    id: expert.id,
    name: expert.name,
    ...(expert.organization ? { organization: expert.organization } : {}),
    ...(expert.sector ? { sector: expert.sector } : {}),
    techFields: expert.techFields,
    declaredConflicts: expert.declaredConflicts ?? [],
    maxOpenReviews: expert.maxOpenReviews ?? DEFAULT_MAX_OPEN_REVIEWS,
    openReviews: expert.openReviews ?? 0,
    active: isActive(expert),
  };
}

/**
 * §二(四) assignment: fills the project's panel up to `reviewersAssigned` (the parameter in force today), in
 * one transaction: the reviews, each expert's load, each review's due and overdue deadlines, the evaluation
 * record with the choice's explanation, `evaluation.assigned` (each expert emailed) and, when the pool is short,
 * `evaluation.waiting_for_experts` (staff emailed; the project is listed as waiting and resumed when an expert is
 * added). Deciding on the project's reviews as read makes it safe to run again: a full panel is left alone.
 */
export async function assignExperts(
  projectId: string,
  trigger: AssignTrigger,
  ports: AssignPorts,
): Promise<AssignResult> {
  const project = await ports.getProject(projectId);
  if (project?.status !== 'under_review') return { kind: 'not_under_review' };
  const record = await ports.readEvaluation(projectId);
  // Only a record the previous release wrote last lacks roundCount; then the newest round item says where its
  // inline rounds begin. Read after the record, never beside it: an item read earlier could predate the record,
  // and every item committed after the record read moves its version, which fails this assignment's transaction.
  // A record with roundCount has every round item at or below it (both are written in one transaction).
  const newestItem =
    record && record.roundCount === undefined ? await ports.newestRoundNumber(projectId) : undefined;
  if (record?.state === 'closed') return { kind: 'closed' };
  const reviews = await ports.readReviews(projectId);
  const day = today(ports.now);
  const parameters = await ports.parameters(day);
  const values = parameters.values;

  const withdrawn = trigger.withdraw
    ? reviews.find((r) => r.expertId === trigger.withdraw?.expertId && r.state === 'assigned')
    : undefined;
  const onPanel = reviews.filter((r) => r.state !== 'withdrawn' && r !== withdrawn);
  const excluded = reviews.filter((r) => r.state === 'withdrawn' || r === withdrawn).map((r) => r.expertId);
  const needed = values.reviewersAssigned - onPanel.length;
  if (needed <= 0 && !withdrawn) return { kind: 'panel_full' };

  const experts = await ports.experts();
  const choice = chooseExperts({
    project: {
      field: project.techField,
      leadOrganization: project.leadOrganization,
      partnerOrganizations: await ports.partnerOrganizations(projectId),
    },
    candidates: experts.map(candidateOf),
    needed: Math.max(0, needed),
    current: onPanel.map((r) => ({ id: r.expertId, ...(r.sector ? { sector: r.sector } : {}) })),
    excluded,
  });

  const table = ports.tableName;
  const now = ports.now;
  const dueOn = addDays(day, values.reviewDueDays);
  const writes: TransactItem[] = [];
  if (withdrawn) {
    writes.push(
      reviewWithdraw(table, projectId, withdrawn.expertId, 'overdue', now),
      expertLoadDecrement(table, withdrawn.expertId),
    );
  }
  const byId = new Map(experts.map((e) => [e.id, e]));
  for (const expertId of choice.chosen) {
    const expert = byId.get(expertId);
    if (!expert) continue;
    const line = choice.explanations.find((e) => e.expertId === expertId);
    writes.push(
      reviewPut(table, {
        projectId,
        expertId,
        ...(expert.sector ? { sector: expert.sector } : {}),
        state: 'assigned',
        assignedAt: now.toISOString(),
        dueOn,
        chosenBecause: line?.reason ?? 'chosen',
        revision: 0,
      }),
      expertLoadIncrement(table, expertId, expert.maxOpenReviews ?? DEFAULT_MAX_OPEN_REVIEWS),
    );
    const payload = {
      projectId,
      title: project.title,
      district: project.district,
      expertId,
      expertIds: [expertId],
      dueOn,
    };
    const subject = { kind: 'project', id: projectId };
    writes.push(
      deadlineSet(
        table,
        newDeadline({
          id: reviewDueDeadlineId(projectId, expertId),
          eventType: 'evaluation.review_due',
          dueAt: reminderAt(dueOn),
          subject,
          payload,
          correlationId: trigger.correlationId,
          now,
        }),
      ),
      deadlineSet(
        table,
        newDeadline({
          id: reviewOverdueDeadlineId(projectId, expertId),
          eventType: 'evaluation.review_overdue',
          dueAt: overdueAt(dueOn, values.reviewGraceDays),
          subject,
          payload,
          correlationId: trigger.correlationId,
          now,
        }),
      ),
    );
  }

  const state = choice.shortBy > 0 ? 'waiting' : 'open';
  const round: AssignmentRound = {
    at: now.toISOString(),
    needed: Math.max(0, needed),
    chosen: choice.chosen,
    shortBy: choice.shortBy,
    parameterVersion: parameters.version,
    trigger: trigger.withdraw ? `withdrawal:${trigger.withdraw.reason}` : trigger.kind,
    explanations: choice.explanations,
  };

  const base = { projectId, title: project.title, district: project.district, techField: project.techField };
  const events: DomainEvent[] = [];
  const event = {
    actor: SYSTEM,
    subject: { kind: 'project', id: projectId },
    correlationId: trigger.correlationId,
    now,
  };
  if (choice.chosen.length > 0) {
    events.push(
      newEventOf(evaluationAssignedEvent, {
        ...event,
        data: {
          ...base,
          expertIds: choice.chosen,
          dueOn,
          ...(withdrawn || trigger.replacing ? { replacing: withdrawn?.expertId ?? trigger.replacing } : {}),
          parameterVersion: parameters.version,
        },
      }),
    );
  }
  // Staff are told once when the project starts waiting, not again on every expert added that did not suffice.
  if (choice.shortBy > 0 && record?.state !== 'waiting') {
    events.push(
      newEventOf(evaluationWaitingForExpertsEvent, {
        ...event,
        data: { ...base, needed: Math.max(0, needed), shortBy: choice.shortBy },
      }),
    );
  }
  if (choice.chosen.length === 0 && record?.state === 'waiting' && !withdrawn) {
    // Nothing changed: still waiting, no one new to ask. Writing a round would only add noise.
    return { kind: 'assigned', chosen: [], shortBy: choice.shortBy };
  }
  // The record (and the round as its own item) last, once the events are known: the transaction's room left
  // for moving old inline rounds out is what the writes, the events' history rows and the inbox row leave.
  const room = TRANSACTION_ITEMS - writes.length - events.length - 1;
  const next = { projectId, state, version: (record?.version ?? 0) + 1 } as const;
  writes.push(...evaluationWrites(table, next, record, newestItem, round, room));
  await ports.commit(writes, events);
  return { kind: 'assigned', chosen: choice.chosen, shortBy: choice.shortBy };
}
