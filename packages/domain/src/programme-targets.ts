import type { DomainEvent } from './events.js';

/**
 * §一 的 2027 年目标: what the programme is judged by, and what counts towards each. Tracked from the lifecycle's
 * own events, so the figures need no separate reporting and each counted item names the project it came from.
 */
export const programmeTargets = {
  /** ≥ 200 projects cultivated: a project counts once it qualifies in the evaluation (and is cultivated from then). */
  cultivated: { zh: '培育颠覆性技术项目', goal: 200, clause: '§一' },
  /** ≥ 20 projects entered into the national disruptive-technology project library. */
  nationalLibrary: { zh: '入选国家颠覆性技术项目库', goal: 20, clause: '§一' },
  /** ≥ 50 innovative enterprises incubated and landed in Wuhan (one per credit code). */
  enterprisesLanded: { zh: '孵化落地创新企业', goal: 50, clause: '§一' },
} as const;
export type ProgrammeTarget = keyof typeof programmeTargets;
export const programmeTargetIds = Object.keys(programmeTargets) as [ProgrammeTarget, ...ProgrammeTarget[]];

/** One thing that counts towards a target: the target, what is counted (its key), its project and its day. */
export interface TargetContribution {
  target: ProgrammeTarget;
  /** What makes it one: a project id, or an enterprise's credit code. Counted once, whatever the redeliveries. */
  countedId: string;
  projectId: string;
  /** The calendar year in Asia/Shanghai it counts for. */
  year: number;
  at: string;
}

const shanghaiYear = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).getUTCFullYear();

/** What an event contributes to the targets (nothing, for most events). Pure. */
export function contributionsOf(event: DomainEvent): TargetContribution[] {
  const base = { year: shanghaiYear(event.occurredAt), at: event.occurredAt };
  if (event.type === 'project.status_changed' && event.data.to === 'qualified') {
    return [
      { target: 'cultivated', countedId: event.data.projectId, projectId: event.data.projectId, ...base },
    ];
  }
  if (event.type === 'project.milestone_recorded') {
    const { milestone, projectId } = event.data;
    if (milestone.type === 'enterprise_landed')
      return [{ target: 'enterprisesLanded', countedId: milestone.creditCode, projectId, ...base }];
    if (milestone.type === 'national_library_entered')
      return [{ target: 'nationalLibrary', countedId: projectId, projectId, ...base }];
  }
  return [];
}
