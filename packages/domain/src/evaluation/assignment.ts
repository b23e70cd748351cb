import type { ExpertSector } from '../people.js';
import { normaliseForMatching } from '../project/normalise.js';
import type { TechField } from '../vocabulary.js';

/** What the choice needs to know about an expert (read from the expert's profile and open-review counter). */
export interface Candidate {
  id: string;
  name?: string;
  organization?: string;
  sector?: ExpertSector;
  techFields: readonly TechField[];
  declaredConflicts?: readonly string[];
  maxOpenReviews: number;
  openReviews: number;
  active: boolean;
}

/** What the choice needs to know about the project. */
export interface ProjectForAssignment {
  field: TechField;
  leadOrganization: string;
  /** The recommending partners' organisations (§二(三): one project, many recommenders). */
  partnerOrganizations: readonly string[];
}

export interface AssignmentRequest {
  project: ProjectForAssignment;
  candidates: readonly Candidate[];
  /** How many more experts are needed now (the parameter on first assignment, 1 for a replacement). */
  needed: number;
  /** Experts holding this project's review now: they count for sector mixing and are not chosen again. */
  current: readonly { id: string; sector?: ExpertSector }[];
  /** Experts who withdrew, declined, or were replaced for being overdue: never asked again for this project. */
  excluded: readonly string[];
}

export type SkipReason =
  | 'inactive'
  | 'already_assigned'
  | 'withdrawn_before'
  | 'conflict_lead_organization'
  | 'conflict_partner_organization'
  | 'conflict_declared'
  | 'at_capacity'
  | 'ranked_lower';

/**
 * The fixed reason of each skip but `at_capacity` (whose reason names the expert's load): one text per rule, so a
 * stored round can keep the rule alone and give the same line back (records.ts `compactRound`).
 */
export const skipReasonTexts = {
  inactive: 'the profile is deactivated',
  already_assigned: 'already on this panel',
  withdrawn_before: 'withdrew, declined or was replaced on this project before',
  conflict_lead_organization: 'works for the lead organisation',
  conflict_partner_organization: 'works for a recommending partner',
  conflict_declared: 'declared a conflict with the lead organisation or a partner',
  ranked_lower: 'eligible, but the panel was full with experts ranked higher (field, sector, load, id)',
} as const satisfies Record<Exclude<SkipReason, 'at_capacity'>, string>;

/** The reason of an `at_capacity` skip: the expert's load, the one thing it says beyond the rule. */
export const atCapacityReason = (openReviews: number) => `${openReviews} open reviews, the most they take`;

export type Explanation =
  | {
      expertId: string;
      decision: 'chosen';
      rank: number;
      fieldMatch: boolean;
      sector?: ExpertSector;
      /** The pick brought a sector the panel did not have yet. */
      newSector: boolean;
      openReviews: number;
      reason: string;
    }
  | { expertId: string; decision: 'skipped'; skip: SkipReason; reason: string };

export interface AssignmentChoice {
  chosen: string[];
  /** One line per candidate, in candidate id order, so the record reads the same however the pool was listed. */
  explanations: Explanation[];
  /** Experts still missing: > 0 means the project waits for the pool to grow. */
  shortBy: number;
}

/**
 * §二(二)/§二(四) expert assignment, as a pure function that explains itself.
 *
 * Never: an inactive expert, one already on this panel or who left it, one with a conflict of interest (their
 * organisation equals the lead organisation or a recommending partner's, or they declared a conflict with
 * either; names compared after NFKC, white-space and case normalisation), one at `maxOpenReviews`.
 * Among the rest, one pick at a time: experts of the project's field first; then an expert whose sector the
 * panel lacks (science, industry, economy mixed where the pool allows); then the fewest open reviews; ties by id,
 * so the same pool always gives the same panel.
 */
export function chooseExperts(request: AssignmentRequest): AssignmentChoice {
  const lead = normaliseForMatching(request.project.leadOrganization);
  const partners = new Set(request.project.partnerOrganizations.map(normaliseForMatching));
  const current = new Set(request.current.map((c) => c.id));
  const excluded = new Set(request.excluded);
  const sorted = [...request.candidates].sort((a, b) => compareIds(a.id, b.id));

  const skipped = new Map<string, Explanation>();
  const eligible: Candidate[] = [];
  for (const expert of sorted) {
    const skip = skipOf(expert, { lead, partners, current, excluded });
    if (skip) skipped.set(expert.id, { expertId: expert.id, decision: 'skipped', ...skip });
    else eligible.push(expert);
  }

  const sectors = new Set(request.current.flatMap((c) => (c.sector ? [c.sector] : [])));
  const chosen = new Map<string, Explanation>();
  const pool = [...eligible];
  while (chosen.size < request.needed && pool.length > 0) {
    const key = (e: Candidate) => [
      e.techFields.includes(request.project.field) ? 0 : 1,
      e.sector !== undefined && !sectors.has(e.sector) ? 0 : 1,
      e.openReviews,
    ];
    pool.sort((a, b) => compareKeys(key(a), key(b)) || compareIds(a.id, b.id));
    const pick = pool.shift() as Candidate;
    const fieldMatch = pick.techFields.includes(request.project.field);
    const newSector = pick.sector !== undefined && !sectors.has(pick.sector);
    if (pick.sector) sectors.add(pick.sector);
    chosen.set(pick.id, {
      expertId: pick.id,
      decision: 'chosen',
      rank: chosen.size + 1,
      fieldMatch,
      ...(pick.sector ? { sector: pick.sector } : {}),
      newSector,
      openReviews: pick.openReviews,
      reason: [
        fieldMatch ? `works in ${request.project.field}` : `no expert of ${request.project.field} left`,
        newSector ? `adds the ${pick.sector} sector` : 'sector already on the panel or none left to add',
        `${pick.openReviews} open of ${pick.maxOpenReviews}`,
      ].join('; '),
    });
  }
  for (const rest of pool) {
    skipped.set(rest.id, {
      expertId: rest.id,
      decision: 'skipped',
      skip: 'ranked_lower',
      reason: skipReasonTexts.ranked_lower,
    });
  }
  const explanations = sorted.map((e) => chosen.get(e.id) ?? (skipped.get(e.id) as Explanation));
  return {
    chosen: [...chosen.keys()],
    explanations,
    shortBy: Math.max(0, request.needed - chosen.size),
  };
}

function skipOf(
  expert: Candidate,
  context: { lead: string; partners: Set<string>; current: Set<string>; excluded: Set<string> },
): { skip: SkipReason; reason: string } | undefined {
  if (!expert.active) return { skip: 'inactive', reason: skipReasonTexts.inactive };
  if (context.current.has(expert.id))
    return { skip: 'already_assigned', reason: skipReasonTexts.already_assigned };
  if (context.excluded.has(expert.id))
    return { skip: 'withdrawn_before', reason: skipReasonTexts.withdrawn_before };
  const organization = expert.organization ? normaliseForMatching(expert.organization) : undefined;
  if (organization && organization === context.lead)
    return { skip: 'conflict_lead_organization', reason: skipReasonTexts.conflict_lead_organization };
  if (organization && context.partners.has(organization))
    return { skip: 'conflict_partner_organization', reason: skipReasonTexts.conflict_partner_organization };
  const declared = (expert.declaredConflicts ?? []).map(normaliseForMatching);
  if (declared.some((d) => d === context.lead || context.partners.has(d)))
    return { skip: 'conflict_declared', reason: skipReasonTexts.conflict_declared };
  if (expert.openReviews >= expert.maxOpenReviews)
    return { skip: 'at_capacity', reason: atCapacityReason(expert.openReviews) };
  return undefined;
}

/** Code-unit order, not locale order: the same everywhere the code runs. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
