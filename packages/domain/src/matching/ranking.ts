import type { PlatformProfile } from '../people.js';
import { isActive } from '../people.js';
import type { District, PlatformKind, Stage, TechField } from '../vocabulary.js';
import { stages } from '../vocabulary.js';

/**
 * §二(四) matching, as a pure decision (issue 10 point 2), after OpenReview's matcher: hard exclusions first
 * (kind, active, a queue to receive the offer, field, capacity), then a total order, so the same inputs always give the same offer and the
 * stored explanation says why. The consumer supplies what it read (profiles, open offers, platforms this
 * project already had); nothing here reads the table.
 */

/** What the ranking needs of a qualified project (the `project.qualified` event carries it all). */
export interface ProjectToMatch {
  stage: Stage;
  techField: TechField;
  district: District;
}

export type ExclusionReason =
  | 'kind_not_for_stage'
  | 'field_not_served'
  | 'no_fields_declared'
  | 'inactive'
  | 'no_queue'
  | 'no_capacity_declared'
  | 'capacity_full'
  | 'already_offered';

export interface Exclusion {
  platformId: string;
  kind: PlatformKind;
  reason: ExclusionReason;
  /** A sentence for staff reading the stored match. */
  why: string;
}

export interface RankedPlatform {
  platformId: string;
  kind: PlatformKind;
  rank: number;
  namesField: boolean;
  sameDistrict: boolean;
  capacityLeft: number;
  why: string;
}

export interface KindRanking {
  kind: PlatformKind;
  /** The platform offered the project, or undefined when no eligible platform of this kind is left. */
  chosen?: string;
  ranked: RankedPlatform[];
}

export interface MatchRanking {
  stage: Stage;
  /** One entry per kind the stage needs: growth needs a finance platform and a landing park. */
  kinds: KindRanking[];
  excluded: Exclusion[];
}

export interface RankingInput {
  project: ProjectToMatch;
  platforms: readonly PlatformProfile[];
  /** Offers holding a platform's capacity (offered or accepted), by platformId; absent means none. */
  openOffers: Readonly<Record<string, number>>;
  /** Platforms this project was already offered to (declined or expired): never offered it again. */
  alreadyOffered?: readonly string[];
  /** Kinds to rank (default: every kind the stage needs); a decline re-ranks only the declined kind. */
  kinds?: readonly PlatformKind[];
  /**
   * The platformIds that have a queue (the deployment's configuration). Required, not defaulted: a profile whose
   * platformId has no queue (dropped from the configuration, or created elsewhere) could never receive its
   * offer (the relay would park it as undeliverable), so it must not hold the place of one that can.
   */
  withQueue: readonly string[];
}

function exclusionOf(
  platform: PlatformProfile,
  input: RankingInput,
  kinds: readonly PlatformKind[],
): Exclusion | undefined {
  const { project } = input;
  const out = (reason: ExclusionReason, why: string): Exclusion => ({
    platformId: platform.platformId,
    kind: platform.kind,
    reason,
    why,
  });
  if (!kinds.includes(platform.kind)) {
    return out('kind_not_for_stage', `a ${platform.kind} does not serve ${project.stage} projects`);
  }
  if (!isActive(platform)) return out('inactive', 'deactivated by staff');
  if (!input.withQueue.includes(platform.platformId)) {
    return out(
      'no_queue',
      `has no queue: ${platform.platformId} is not in the deployment's platform configuration`,
    );
  }
  if (platform.techFields === undefined) return out('no_fields_declared', 'declares no technology fields');
  if (platform.techFields !== 'all' && !platform.techFields.includes(project.techField)) {
    return out('field_not_served', `serves ${platform.techFields.join(', ')}, not ${project.techField}`);
  }
  if (input.alreadyOffered?.includes(platform.platformId)) {
    return out('already_offered', 'was already offered this project');
  }
  if (platform.capacity === undefined) return out('no_capacity_declared', 'declares no capacity');
  const open = input.openOffers[platform.platformId] ?? 0;
  if (open >= platform.capacity) {
    return out('capacity_full', `holds ${open} open offers of a capacity of ${platform.capacity}`);
  }
  return undefined;
}

/** Field named before 'all', then same district, then most capacity left, then id (a total order). */
function compare(a: RankedPlatform, b: RankedPlatform): number {
  if (a.namesField !== b.namesField) return a.namesField ? -1 : 1;
  if (a.sameDistrict !== b.sameDistrict) return a.sameDistrict ? -1 : 1;
  if (a.capacityLeft !== b.capacityLeft) return b.capacityLeft - a.capacityLeft;
  return a.platformId < b.platformId ? -1 : a.platformId > b.platformId ? 1 : 0;
}

function describe(p: Omit<RankedPlatform, 'rank' | 'why'>, rank: number): string {
  return [
    `#${rank}`,
    p.namesField ? 'names the field' : 'serves all fields',
    p.sameDistrict ? 'same district' : 'another district',
    `${p.capacityLeft} places left`,
  ].join('; ');
}

/** Ranks the platforms for a qualified project, one ranking per kind its stage needs, with the reasons. */
export function rankPlatforms(input: RankingInput): MatchRanking {
  const { project } = input;
  const kinds = input.kinds ?? stages[project.stage].platformKinds;
  const excluded: Exclusion[] = [];
  const eligible: Omit<RankedPlatform, 'rank' | 'why'>[] = [];
  for (const platform of input.platforms) {
    const exclusion = exclusionOf(platform, input, kinds);
    if (exclusion) {
      excluded.push(exclusion);
      continue;
    }
    eligible.push({
      platformId: platform.platformId,
      kind: platform.kind,
      namesField: platform.techFields !== 'all',
      sameDistrict: platform.district === project.district,
      // exclusionOf has refused a platform without a capacity.
      capacityLeft: (platform.capacity ?? 0) - (input.openOffers[platform.platformId] ?? 0),
    });
  }
  const byKind = kinds.map((kind): KindRanking => {
    const ranked = eligible
      .filter((p) => p.kind === kind)
      .map((p) => ({ ...p, rank: 0, why: '' }))
      .sort(compare)
      .map((p, i) => ({ ...p, rank: i + 1, why: describe(p, i + 1) }));
    const first = ranked[0];
    return first ? { kind, chosen: first.platformId, ranked } : { kind, ranked };
  });
  excluded.sort((a, b) => (a.platformId < b.platformId ? -1 : a.platformId > b.platformId ? 1 : 0));
  return { stage: project.stage, kinds: byKind, excluded };
}
