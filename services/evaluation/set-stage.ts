import { commit, config, getProject, projectUpdate, withOptimisticRetry } from '@wuhan/aws';
import { type Caller, NotFoundError, projectEventOf, projectStageSetEvent, type Stage } from '@wuhan/domain';

/**
 * §二(四): the declared stage is checked against the TRL bands at nomination (`stageTrlMismatch`, shown to the
 * commissioner); staff set the final stage, with a reason, in the project's history. The declared stage is kept
 * (`declaredStage`), so the record shows what the partner said and what staff decided.
 */
export async function setFinalStage(
  projectId: string,
  input: { stage: Stage; reason: string },
  caller: Caller,
) {
  return withOptimisticRetry(async () => {
    const project = await getProject(projectId);
    if (!project) throw new NotFoundError(`No project ${projectId}`);
    const declaredStage = project.declaredStage ?? project.stage;
    const event = projectEventOf(caller, projectStageSetEvent, projectId, {
      title: project.title,
      district: project.district,
      from: project.stage,
      to: input.stage,
      ...(project.trl === undefined ? {} : { trl: project.trl }),
      stageTrlMismatch: project.stageTrlMismatch,
      reason: input.reason,
    });
    await commit(
      [
        projectUpdate(
          config().tableName,
          project,
          { set: { stage: input.stage, declaredStage, stageSetBy: caller.principal.ownerId } },
          caller.now,
        ),
      ],
      [event],
    );
    return {
      projectId,
      stage: input.stage,
      declaredStage,
      ...(project.trl === undefined ? {} : { trl: project.trl }),
      stageTrlMismatch: project.stageTrlMismatch,
    };
  });
}
