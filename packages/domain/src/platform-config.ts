import { platformProfileSchema } from './people.js';
import { districtIds, techFieldIds } from './vocabulary.js';
import * as z from './zod.js';

/**
 * A platform as the repository configures it (config/platforms.json, issue 10 point 1): every profile field of
 * ../shared/DOMAIN.md, all required, because the configuration is what creates the platform's queue, grants its
 * principal the right to read it, and seeds its profile. The stored profile schema (`platformProfileSchema`)
 * stays lenient for profiles written before these fields existed; this one is strict, built from the same
 * fields with the formats the profiles API also enforces.
 */

/** A readable slug, also the name of the platform's queue (`platform-<platformId>`). */
export const platformIdSchema = z
  .string()
  .check(
    z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Lower-case letters and digits in dash-separated words'),
    z.maxLength(60),
  );

/**
 * The AWS account (12 digits, or its `:root` ARN) or IAM role ARN that may read the platform's queue. Only
 * these forms: a user ARN or a wildcard would let more than one party (or nobody accountable) read the queue.
 */
export const consumerPrincipalSchema = z
  .string()
  .check(
    z.regex(
      /^(\d{12}|arn:aws(-cn|-us-gov)?:iam::\d{12}:(root|role\/[\w+=,.@/-]{1,512}))$/,
      'A 12-digit AWS account id or an IAM role ARN',
    ),
  );

/**
 * The account of the repository's placeholder principals: no AWS account has this id, so a deployment that
 * still names it has not said who the platform really is (a production synth refuses it).
 */
export const PLACEHOLDER_ACCOUNT = '000000000000';

/** The 12-digit account a principal belongs to (the account itself, or the account of a role ARN). */
export function principalAccount(principal: string): string {
  const account = /^(\d{12})$/.exec(principal)?.[1] ?? /^arn:[^:]+:iam::(\d{12}):/.exec(principal)?.[1];
  if (!account) throw new Error(`Not an account id or IAM ARN: ${principal}`);
  return account;
}

/** A principal naming a whole account (`123456789012` or `arn:aws:iam::123456789012:root`), not one role. */
export function isAccountPrincipal(principal: string): boolean {
  return /^(\d{12}|arn:[^:]+:iam::\d{12}:root)$/.test(principal);
}

export const isPlaceholderPrincipal = (principal: string): boolean =>
  principalAccount(principal) === PLACEHOLDER_ACCOUNT;

/** The profile's own fields, so a field renamed in the profile cannot silently drop out of the configuration. */
const profileFields = z.pick(platformProfileSchema, {
  platformId: true,
  name: true,
  kind: true,
  techFields: true,
  capacity: true,
  district: true,
  contactEmail: true,
  consumerPrincipal: true,
}).shape;

export const platformConfigSchema = z.strictObject({
  ...profileFields,
  // Required here, and in the formats the profiles API enforces.
  platformId: platformIdSchema,
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  kind: profileFields.kind,
  techFields: z.union([
    z.literal('all'),
    z.array(z.enum(techFieldIds)).check(
      z.minLength(1),
      z.refine((list) => new Set(list).size === list.length, 'Each technology field once'),
    ),
  ]),
  capacity: z.number().check(z.int(), z.gte(1), z.lte(10_000)),
  district: z.enum(districtIds),
  contactEmail: z.email(),
  consumerPrincipal: consumerPrincipalSchema,
});
export type PlatformConfig = z.infer<typeof platformConfigSchema>;

/**
 * Why a set of platforms cannot share a deployment: two with one id would share a queue; two with one
 * principal, or a role inside another platform's whole-account principal, could read each other's queue.
 */
export function platformSetProblems(
  platforms: readonly Pick<PlatformConfig, 'platformId' | 'consumerPrincipal'>[],
) {
  const problems: string[] = [];
  const seenIds = new Set<string>();
  for (const p of platforms) {
    if (seenIds.has(p.platformId)) problems.push(`platformId ${p.platformId} is configured twice`);
    seenIds.add(p.platformId);
  }
  for (const [i, a] of platforms.entries()) {
    for (const b of platforms.slice(i + 1)) {
      if (a.consumerPrincipal === b.consumerPrincipal) {
        problems.push(
          `${a.platformId} and ${b.platformId} name the same consumerPrincipal ${a.consumerPrincipal}`,
        );
        continue;
      }
      for (const [whole, other] of [
        [a, b],
        [b, a],
      ] as const) {
        if (
          isAccountPrincipal(whole.consumerPrincipal) &&
          principalAccount(whole.consumerPrincipal) === principalAccount(other.consumerPrincipal)
        ) {
          problems.push(
            `${whole.platformId}'s principal is the whole account ${principalAccount(whole.consumerPrincipal)}, ` +
              `which holds ${other.platformId}'s principal ${other.consumerPrincipal}: each could read the other's queue`,
          );
        }
      }
    }
  }
  return problems;
}

export const platformsConfigSchema = z
  .strictObject({
    /** Free text for the people who edit the file (JSON has no comments). */
    $comment: z.optional(z.string()),
    platforms: z.array(platformConfigSchema).check(z.minLength(1)),
  })
  .check(
    z.superRefine((config, ctx) => {
      for (const message of platformSetProblems(config.platforms)) {
        ctx.addIssue({ code: 'custom', message, path: ['platforms'] });
      }
    }),
  );

/**
 * Parses the configuration file's content, failing with every problem at its path (the queues, the relay's
 * route and the CDK stack all load it at start, so a bad file stops a synth or a start, not a message later).
 */
export function loadPlatformsConfig(content: unknown, source = 'config/platforms.json'): PlatformConfig[] {
  const parsed = platformsConfigSchema.safeParse(content);
  if (!parsed.success)
    throw new Error(`${source} is not a valid platform configuration:\n${z.prettifyError(parsed.error)}`);
  return parsed.data.platforms;
}
