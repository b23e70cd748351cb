import type { District, Stage } from '../vocabulary.js';

/**
 * Milestones a commissioner or staff record on a project. Each one is evidence for a §一 target or a subsidy
 * rule: an enterprise landed in Wuhan (§二(九), and the registry §二(七) checks), entry into the national
 * disruptive-technology project library (§一), a change of stage (§二(四): it changes what the project is
 * matched to).
 */
export type Milestone =
  | {
      type: 'enterprise_landed';
      enterpriseName: string;
      creditCode: string;
      district: District;
      date: string;
    }
  | { type: 'national_library_entered'; date: string; reference: string }
  /** §二(九): the matched project started incubation (moves it from matched to incubating). */
  | { type: 'incubation_started'; date: string; note?: string }
  | { type: 'stage_changed'; stage: Stage; trl?: number; reason: string };

export const milestoneTypes = [
  'enterprise_landed',
  'national_library_entered',
  'stage_changed',
  'incubation_started',
] as const;

/** The enterprise registry entry (credit code → enterprise → project) that the subsidy rules read. */
export interface Enterprise {
  creditCode: string;
  enterpriseName: string;
  projectId: string;
  district: District;
  landedOn: string;
}
