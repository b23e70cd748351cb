import {
  commissionerProfileSchema,
  consumerPrincipalSchema,
  DEFAULT_MAX_OPEN_REVIEWS,
  districtIds,
  expertProfileSchema,
  expertSectorIds,
  fundManagerProfileSchema,
  localeIds,
  partnerProfileSchema,
  partnerTypeIds,
  platformIdSchema,
  platformKindIds,
  platformProfileSchema,
  techFieldIds,
} from '@wuhan/domain';
import * as z from '@wuhan/domain/zod';
import { pageOf, pageQuery } from './common.js';
import { creditCode } from './intake.js';
import type { OperationSpec, Operations } from './operation.js';
import { type ProfileKind, profileKindIds, profileKinds } from './profile-kinds.js';

/**
 * The profiles API: per kind, create (with the first API key, shown once), list, read with history, change,
 * deactivate. Every body is strict (an unknown field is refused at its path). Natural keys (a platform's
 * platformId, a fund manager's credit code) and a platform's kind are fixed at creation: a platform's queue is
 * named after its platformId, and a credit code identifies the legal entity itself.
 */

const name = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));
const email = z.email().check(z.maxLength(254));
const locale = z.enum(localeIds).check(z.describe('Language of the email the person gets; zh-CN by default'));
const techFields = z.array(z.enum(techFieldIds)).check(
  z.minLength(1),
  z.maxLength(techFieldIds.length),
  z.refine((list) => new Set(list).size === list.length, 'Each technology field once'),
);
const keyLabel = z
  .optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200)))
  .check(z.describe('Label of the first API key (default: the profile kind and name)'));

// Domain schemas: only what both zod APIs have (`check`), whichever the domain's schemas are built with.
const platformId = platformIdSchema.check(
  z.describe("A configured platform's id (config/platforms.json); its queue is platform-<platformId>"),
);

const consumerPrincipal = consumerPrincipalSchema.check(
  z.describe(
    'The AWS account or IAM role allowed to read the platform queue (the queue policy follows the deployment configuration)',
  ),
);

/** Each kind's changeable fields, without defaults (so a partial update never fills one in). */
const editable = {
  experts: {
    name,
    email,
    organization: name,
    sector: z
      .enum(expertSectorIds)
      .check(z.describe('科研 science / 产业 industry / 经济 economy (§二(二))')),
    techFields,
    declaredConflicts: z
      .array(z.string().check(z.trim(), z.minLength(1), z.maxLength(200)))
      .check(z.maxLength(100), z.describe('Organisations the expert declares a conflict of interest with')),
    maxOpenReviews: z.number().check(z.int(), z.gte(1), z.lte(100)),
    locale,
  },
  platforms: {
    name,
    techFields: z.union([z.literal('all'), techFields]),
    capacity: z
      .number()
      .check(z.int(), z.gte(1), z.lte(10_000), z.describe('Projects the platform takes on at once')),
    district: z.enum(districtIds),
    contactEmail: email,
    consumerPrincipal,
    locale,
  },
  'fund-managers': {
    name,
    funds: z
      .array(z.string().check(z.trim(), z.minLength(1), z.maxLength(200)))
      .check(z.minLength(1), z.maxLength(100), z.describe('Funds it manages')),
    contactEmail: email,
    locale,
  },
  commissioners: {
    name,
    email,
    phone: z.optional(
      z.string().check(z.regex(/^\+?[0-9][0-9 -]{4,19}$/, 'Digits, spaces and dashes, optionally after +')),
    ),
    district: z
      .enum(districtIds)
      .check(z.describe('One district; a district may have several commissioners')),
    locale,
  },
  partners: {
    name,
    partnerType: z.enum(partnerTypeIds),
    contactName: name,
    contactEmail: email,
    district: z.optional(z.enum(districtIds)),
    locale,
  },
} as const;

const defaultLocale = z._default(locale, 'zh-CN');

export const createBodies = {
  experts: z.strictObject({
    ...editable.experts,
    declaredConflicts: z._default(editable.experts.declaredConflicts, []),
    maxOpenReviews: z._default(editable.experts.maxOpenReviews, DEFAULT_MAX_OPEN_REVIEWS),
    locale: defaultLocale,
    keyLabel,
  }),
  platforms: z.strictObject({
    platformId,
    kind: z.enum(platformKindIds),
    ...editable.platforms,
    locale: defaultLocale,
    keyLabel,
  }),
  'fund-managers': z.strictObject({
    creditCode,
    ...editable['fund-managers'],
    locale: defaultLocale,
    keyLabel,
  }),
  commissioners: z.strictObject({ ...editable.commissioners, locale: defaultLocale, keyLabel }),
  partners: z.strictObject({ ...editable.partners, locale: defaultLocale, keyLabel }),
} as const;

const atLeastOne = (body: Record<string, unknown>) => Object.values(body).some((v) => v !== undefined);
const nothingToChange = 'Name at least one field to change';

export const updateBodies = {
  experts: z.partial(z.strictObject(editable.experts)).check(z.refine(atLeastOne, nothingToChange)),
  platforms: z.partial(z.strictObject(editable.platforms)).check(z.refine(atLeastOne, nothingToChange)),
  'fund-managers': z
    .partial(z.strictObject(editable['fund-managers']))
    .check(z.refine(atLeastOne, nothingToChange)),
  commissioners: z
    .partial(z.strictObject(editable.commissioners))
    .check(z.refine(atLeastOne, nothingToChange)),
  partners: z.partial(z.strictObject(editable.partners)).check(z.refine(atLeastOne, nothingToChange)),
} as const;

export type CreateBody<K extends ProfileKind> = z.output<(typeof createBodies)[K]>;
export type UpdateBody<K extends ProfileKind> = z.output<(typeof updateBodies)[K]>;

export const deactivateBody = z.strictObject({
  reason: z
    .string()
    .check(z.trim(), z.minLength(1), z.maxLength(1000), z.describe('Why, kept in the audit history')),
});

export const profilePath = z.strictObject({
  id: z
    .string()
    .check(
      z.regex(/^[A-Za-z0-9._-]{1,100}$/, 'Letters, digits, dot, dash, underscore'),
      z.describe('The profile id, also the owner id of its API keys'),
    ),
});

export const listQuery = pageQuery;

const storedSchemas = {
  experts: expertProfileSchema,
  platforms: platformProfileSchema,
  'fund-managers': fundManagerProfileSchema,
  commissioners: commissionerProfileSchema,
  partners: partnerProfileSchema,
} as const satisfies Record<ProfileKind, z.core.$ZodType>;

/** One event of the profile's audit history, as recorded. */
const historyEntry = z.object({
  id: z.string(),
  type: z.string(),
  version: z.number().check(z.int()),
  occurredAt: z.iso.datetime(),
  correlationId: z.string(),
  actor: z.object({ role: z.string(), id: z.string() }),
  subject: z.object({ kind: z.string(), id: z.string() }),
  data: z.record(z.string(), z.unknown()),
});

const examples: Record<ProfileKind, Record<string, unknown>> = {
  experts: {
    name: '张建国',
    email: 'zhang.jianguo@whu.example.cn',
    organization: '武汉大学',
    sector: 'science',
    techFields: ['future_display', 'new_materials'],
    declaredConflicts: ['华中科技大学'],
  },
  platforms: {
    platformId: 'cvc-optics-valley',
    name: '光谷概念验证中心',
    kind: 'concept_verification_center',
    techFields: 'all',
    capacity: 20,
    district: 'east_lake_hitech',
    contactEmail: 'cvc@optics-valley.example.cn',
    consumerPrincipal: 'arn:aws:iam::123456789012:role/cvc-queue-reader',
  },
  'fund-managers': {
    name: '武汉创新投资管理有限公司',
    creditCode: '91350100M000100Y43',
    funds: ['武汉天使投资基金'],
    contactEmail: 'ir@wuhan-innovest.example.cn',
  },
  commissioners: { name: '陈磊', email: 'chen.lei@elh.example.cn', district: 'east_lake_hitech' },
  partners: {
    name: '武汉大学科学技术发展研究院',
    partnerType: 'university',
    contactName: '李老师',
    contactEmail: 'kfy@whu.example.cn',
    district: 'wuchang',
  },
};

const camel = (kind: ProfileKind) =>
  profileKinds[kind].role.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
const pascal = (kind: ProfileKind) => camel(kind).charAt(0).toUpperCase() + camel(kind).slice(1);

const staffOnly = ['staff'] as const;

function operations(kind: ProfileKind): Record<string, OperationSpec> {
  const { label } = profileKinds[kind];
  const profile = storedSchemas[kind];
  const base = `/v1/${kind}`;
  const tags = ['profiles'];
  return {
    [`POST ${base}`]: {
      operationId: `create${pascal(kind)}`,
      roles: staffOnly,
      // 409: an active profile holds this natural key (platformId, creditCode); 422: not a configured platform.
      problems:
        kind === 'platforms' ? ['conflict', 'unprocessable'] : kind === 'fund-managers' ? ['conflict'] : [],
      summary: `Create a ${label} (staff); the answer holds its first API key, shown once`,
      tags,
      body: createBodies[kind],
      idempotent: true,
      examples: { example: examples[kind] },
      responses: {
        '201': {
          description: 'Created, with the first API key',
          schema: z.object({
            profile,
            keyId: z.string(),
            apiKey: z
              .optional(z.string())
              .check(z.describe('The API key itself, in this answer only: a replay does not repeat it')),
            apiKeyShownOnce: z
              .optional(z.literal(true))
              .check(
                z.describe(
                  'Set on a replay under the same Idempotency-Key: the key was in the first answer only',
                ),
              ),
          }),
        },
      },
    },
    [`GET ${base}`]: {
      operationId: `list${pascal(kind)}s`,
      roles: staffOnly,
      summary: `Every ${label}, active or not, newest first (staff)`,
      tags,
      query: listQuery,
      responses: {
        '200': {
          description: `A page of ${label} profiles`,
          schema: pageOf(profile),
        },
      },
    },
    [`GET ${base}/{id}`]: {
      operationId: `get${pascal(kind)}`,
      roles: staffOnly,
      summary: `One ${label} with its audit history (staff)`,
      tags,
      params: profilePath,
      responses: {
        '200': {
          description: 'The profile and its history',
          schema: z.object({ profile, history: z.array(historyEntry) }),
        },
      },
    },
    [`PATCH ${base}/{id}`]: {
      operationId: `update${pascal(kind)}`,
      roles: staffOnly,
      // 409: the profile is deactivated, or it kept changing under concurrent updates.
      problems: ['conflict'],
      summary: `Change some fields of a ${label} (staff)`,
      tags,
      params: profilePath,
      body: updateBodies[kind],
      idempotent: true,
      responses: {
        '200': { description: 'The changed profile', schema: z.object({ profile }) },
      },
    },
    [`POST ${base}/{id}/deactivate`]: {
      operationId: `deactivate${pascal(kind)}`,
      roles: staffOnly,
      // 409: more live keys than one transaction can revoke.
      problems: ['conflict'],
      summary: `Deactivate a ${label} and revoke its API keys (staff); deactivating twice is harmless`,
      tags,
      params: profilePath,
      body: deactivateBody,
      idempotent: true,
      examples: { example: { reason: '任期结束' } },
      responses: {
        '200': {
          description: 'Deactivated; every API key of the profile is revoked',
          schema: z.object({ profile, revokedKeyIds: z.array(z.string()) }),
        },
      },
    },
  };
}

/** The same five staff-only operations for each kind of profile (profile-kinds.ts). */
export const profilesOperations: Operations = Object.fromEntries(
  profileKindIds.flatMap((kind) => Object.entries(operations(kind))),
);
