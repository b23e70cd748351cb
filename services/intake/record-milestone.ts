import {
  commit,
  config,
  enterprisePut,
  getEnterprise,
  getProject,
  projectUpdate,
  projectView,
  type RetryOptions,
  type StoredProject,
  type TransactItem,
  withOptimisticRetry,
} from '@wuhan/aws';
import {
  type Caller,
  ConflictError,
  type Milestone,
  NotFoundError,
  type Project,
  projectEvent,
  stageMatchesTrl,
} from '@wuhan/domain';
import { projectForCommissionerOrStaff } from './read-projects.js';

/** The writes one milestone causes besides its event, decided on the project and registry as read. */
async function milestoneWrites(project: StoredProject, milestone: Milestone, caller: Caller) {
  const table = config().tableName;
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
      return {
        writes: [
          enterprisePut(table, enterprise),
          projectUpdate(
            table,
            project,
            { addToSet: { enterpriseCodes: [milestone.creditCode] } },
            caller.now,
          ),
        ],
        data: {},
      };
    }
    case 'national_library_entered':
      // §一: ≥ 20 projects entered into the national disruptive-technology project library by 2027.
      return {
        writes: [
          projectUpdate(
            table,
            project,
            { set: { nationalLibrary: { date: milestone.date, reference: milestone.reference } } },
            caller.now,
          ),
        ],
        data: {},
      };
    case 'stage_changed': {
      // §二(四): the stage decides what the project is matched to; a TRL that disagrees is flagged again.
      const trl = milestone.trl ?? project.trl;
      const change = {
        stage: milestone.stage,
        trl,
        stageTrlMismatch: !stageMatchesTrl(milestone.stage, trl),
      };
      return {
        writes: [projectUpdate(table, project, { set: change }, caller.now)],
        data: {
          previousStage: project.stage,
          ...(project.trl === undefined ? {} : { previousTrl: project.trl }),
        },
      };
    }
  }
}

/** Staff or the project's commissioner record a milestone; it changes the project and emits one event. */
export async function recordMilestone(
  projectId: string,
  milestone: Milestone,
  caller: Caller,
  retry?: RetryOptions,
): Promise<Project> {
  await withOptimisticRetry(async () => {
    const project = await projectForCommissionerOrStaff(projectId, caller);
    const { writes, data } = await milestoneWrites(project, milestone, caller);
    const event = projectEvent(caller, 'project.milestone_recorded', projectId, {
      title: project.title,
      district: project.district,
      ...(project.commissionerId ? { commissionerId: project.commissionerId } : {}),
      milestone,
      ...data,
    });
    await commit(writes satisfies TransactItem[], [event]);
  }, retry);
  const recorded = await getProject(projectId);
  if (!recorded) throw new NotFoundError(`No project ${projectId}`);
  return projectView(recorded);
}
