import {
  type ProgrammeTarget,
  programmeTargetIds,
  programmeTargets,
  type TargetContribution,
} from '@wuhan/domain';

/** Each §一 target with its goal, what has been achieved, by year, and the projects it came from. */
export async function readProgress(read: (target: ProgrammeTarget) => Promise<TargetContribution[]>) {
  const targets = await Promise.all(
    programmeTargetIds.map(async (target) => {
      const counted = await read(target);
      const byYear: Record<string, number> = {};
      for (const c of counted) byYear[String(c.year)] = (byYear[String(c.year)] ?? 0) + 1;
      const { zh, goal, clause } = programmeTargets[target];
      return {
        target,
        label: zh,
        clause,
        goal,
        achieved: counted.length,
        byYear,
        projectIds: [...new Set(counted.map((c) => c.projectId))].sort(),
      };
    }),
  );
  return { targets };
}
