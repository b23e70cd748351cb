import {
  commit,
  config,
  enterprisePut,
  getEnterprise,
  getProject,
  type MovePlan,
  moveProjectAsRead,
  type ProjectChange,
  projectUpdate,
  projectView,
  type RetryOptions,
  type StoredProject,
  withOptimisticRetry,
} from '@wuhan/aws';
import {
  type Caller,
  ConflictError,
  InvalidTransitionError,
  type Milestone,
  NotFoundError,
  type Project,
  type ProjectStatus,
  projectEventOf,
  projectMilestoneRecordedEvent,
  stageMatchesTrl,
} from '@wuhan/domain';
import { projectForCommissionerOrStaff } from './read-projects.js';

interface MilestoneEffect {
  /** The project's own attributes the milestone changes. */
  change?: ProjectChange;
  /** Other items it writes. */
  writes?: MovePlan['writes'];
  /** What its event carries besides the milestone. */
  data: Record<string, unknown>;
  /** The status it moves the project to, when it is one of the lifecycle's milestone moves (§二(九)). */
  to?: ProjectStatus;
}

/** What one milestone changes, decided on the project and registry as read. */
async function effectOf(project: StoredProject, milestone: Milestone): Promise<MilestoneEffect> {
  switch (milestone.type) {
    case 'enterprise_landed': {
      // §二(七), §二(九): one credit code, one project; the subsidy rules trust this registry.
      const registered = await getEnterprise(milestone.creditCode);
      if (registered && registered.projectId !== project.id) {
        throw new ConflictError('This credit code is already registered to another project', {
          creditCode: milestone.creditCode,
        });
      }
      const enterprise = {
        creditCode: milestone.creditCode,
        enterpriseName: milestone.enterpriseName,
        projectId: project.id,
        district: milestone.district,
        landedOn: milestone.date,
      };
      // §二(九): the first enterprise landed from an incubated (or matched) project lands the project.
      const lands = project.status === 'incubating' || project.status === 'matched';
      return {
        change: { addToSet: { enterpriseCodes: [milestone.creditCode] } },
        writes: [enterprisePut(config().tableName, enterprise)],
        data: {},
        ...(lands ? { to: 'landed' as const } : {}),
      };
    }
    case 'national_library_entered':
      // §一: ≥ 20 projects entered into the national disruptive-technology project library by 2027.
      return {
        change: { set: { nationalLibrary: { date: milestone.date, reference: milestone.reference } } },
        data: {},
      };
    case 'stage_changed': {
      // §二(四): the stage decides what the project is matched to; a TRL that disagrees is flagged again.
      const trl = milestone.trl ?? project.trl;
      return {
        change: {
          set: { stage: milestone.stage, trl, stageTrlMismatch: !stageMatchesTrl(milestone.stage, trl) },
        },
        data: {
          previousStage: project.stage,
          ...(project.trl === undefined ? {} : { previousTrl: project.trl }),
        },
      };
    }
    case 'incubation_started':
      if (project.status !== 'matched') {
        throw new InvalidTransitionError(
          `Incubation starts for a matched project; this one is ${project.status}`,
          {
            from: project.status,
            to: 'incubating',
            command: 'milestone',
          },
        );
      }
      return { data: {}, to: 'incubating' };
  }
}

/**
 * Staff or the project's commissioner record a milestone. It changes the project and emits its event; the
 * milestones the lifecycle gives to the `milestone` command (incubation started, the enterprise landed) also
 * move the project, in the same transaction.
 */
export async function recordMilestone(
  projectId: string,
  milestone: Milestone,
  caller: Caller,
  retry?: RetryOptions,
): Promise<Project> {
  await withOptimisticRetry(async () => {
    const project = await projectForCommissionerOrStaff(projectId, caller);
    const effect = await effectOf(project, milestone);
    const event = projectEventOf(caller, projectMilestoneRecordedEvent, projectId, {
      title: project.title,
      district: project.district,
      ...(project.commissionerId ? { commissionerId: project.commissionerId } : {}),
      milestone,
      ...effect.data,
    });
    if (effect.to) {
      // Conditioned on the version read above: a lost race retries this whole decision.
      await moveProjectAsRead(
        project,
        {
          to: effect.to,
          command: 'milestone',
          plan: () => ({
            ...(effect.change ? { change: effect.change } : {}),
            ...(effect.writes ? { writes: effect.writes } : {}),
            events: [event],
          }),
        },
        caller,
      );
      return;
    }
    const writes = [
      ...(effect.change ? [projectUpdate(config().tableName, project, effect.change, caller.now)] : []),
      ...(effect.writes ?? []),
    ];
    await commit(writes, [event]);
  }, retry);
  const recorded = await getProject(projectId);
  if (!recorded) throw new NotFoundError(`No project ${projectId}`);
  return projectView(recorded);
}
