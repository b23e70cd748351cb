import { type PlatformKind, platformKindIds, type Stage, stages, type TechField } from '@wuhan/domain';
import * as z from 'zod';

/**
 * The second path's projects are in a field of the bench's own (so that only the bench's experts, whose keys it
 * holds, work in it and are chosen for the panels), but matching offers a project only to platforms that serve
 * its field, and the configured pilot platforms name theirs (config/platforms.json): the sprouting third of the
 * projects ended `project.unmatched` (baseline of 2026-11-30: 33 of 50). A platform cannot be created for the
 * field (`POST /v1/platforms` takes only configured platformIds, which have their queues), so before the first
 * project staff widen, over the profiles API, every configured platform of a kind the run's stages are matched
 * to that does not serve the field yet. Matching then ranks and offers as it does for any project.
 */

/** What the bench reads of a platform profile (`GET /v1/platforms`). */
export const platformViewSchema = z.object({
  id: z.string(),
  platformId: z.string(),
  kind: z.enum(platformKindIds),
  techFields: z.union([z.literal('all'), z.array(z.string())]).optional(),
  active: z.boolean().optional(),
});
export type PlatformView = z.infer<typeof platformViewSchema>;

export const platformPageSchema = z.object({
  items: z.array(platformViewSchema),
  cursor: z.string().optional(),
});

export interface PlatformWidening {
  /** The profile id (`PATCH /v1/platforms/{id}`). */
  id: string;
  platformId: string;
  /** The platform's fields with the bench's field added: the PATCH body's `techFields`. */
  techFields: string[];
}

/** The platform kinds the given stages are matched to (§二(四)), each once. */
export function kindsFor(stagesInRun: readonly Stage[]): PlatformKind[] {
  return [...new Set(stagesInRun.flatMap((s) => stages[s].platformKinds))];
}

/**
 * The platforms to widen: active, with a queue (only those can receive an offer), of a needed kind, not serving
 * `field` already (`all` serves every field). Ordered by platformId, so a run's setup is always the same.
 */
export function platformsToWiden(
  platforms: readonly PlatformView[],
  field: TechField,
  kinds: readonly PlatformKind[],
  withQueue: readonly string[],
): PlatformWidening[] {
  return platforms
    .filter((p) => p.active !== false && withQueue.includes(p.platformId) && kinds.includes(p.kind))
    .filter((p) => p.techFields !== 'all' && !(p.techFields ?? []).includes(field))
    .map((p) => ({
      id: p.id,
      platformId: p.platformId,
      techFields: [...(p.techFields === 'all' ? [] : (p.techFields ?? [])), field],
    }))
    .sort((a, b) => (a.platformId < b.platformId ? -1 : a.platformId > b.platformId ? 1 : 0));
}
