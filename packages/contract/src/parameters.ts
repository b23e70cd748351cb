import {
  calendarDateSchema,
  type ParameterSetName,
  parameterSetNames,
  parameterSets,
  type Role,
} from '@wuhan/domain';
import * as z from '@wuhan/domain/zod';
import { reasonText } from './common.js';
import { withDocumentedAlternatives } from './documentation.js';
import { defineOperations } from './operation.js';

const setName = z.enum(parameterSetNames).check(z.describe('evaluation (§二(四)), matching, subsidy'));

export const setPath = z.strictObject({ set: setName });

export const inForceQuery = z.strictObject({
  // A domain schema: only what both zod APIs have (`check`), whichever the domain's are built with.
  date: calendarDateSchema.check(z.describe('The day to ask about, YYYY-MM-DD in Asia/Shanghai')),
});

/**
 * A set's values. The router only checks that this is an object; the handler then parses it with the schema
 * of the set named in the path, so errors point into `body.values…`. The document shows each set's schema
 * (what `values` must be depends on `{set}`); each value's `x-clause` names its clause.
 */
const values = withDocumentedAlternatives(
  z
    .record(z.string(), z.unknown())
    .check(z.describe('The whole set (every value, not a change): the schema of the set named in the path')),
  parameterSetNames.map((set) => ({ title: set, schema: parameterSets[set].schema })),
);

export const publishBody = z.strictObject({
  validFrom: calendarDateSchema.check(
    z.describe('First day the version applies, YYYY-MM-DD in Asia/Shanghai: today or later, never the past'),
  ),
  values,
  reason: reasonText().check(z.describe('Why the parameters change (kept in the history)')),
});
export type PublishBody = z.infer<typeof publishBody>;

export const versionView = z.object({
  set: setName,
  version: z.number().check(z.int(), z.positive()),
  validFrom: calendarDateSchema,
  clauses: z.array(z.string()).check(z.describe('The clauses of the plan the set implements')),
  values,
  changedBy: z
    .string()
    .check(z.describe('The staff member who published it (`system`: the seeded defaults)')),
  reason: z.string(),
  publishedAt: z.iso.datetime(),
});

const valueClauses = z
  .record(z.string(), z.string())
  .check(z.describe('Each value by dotted path → the clause it implements'));

export const setOverview = z.object({
  set: setName,
  label: z.string(),
  valueClauses,
  inForce: versionView.check(z.describe('The version in force today')),
  scheduled: z.array(versionView).check(z.describe('Versions that start after today, soonest first')),
});

export const overviewView = z.object({
  today: calendarDateSchema.check(z.describe('Today in Asia/Shanghai, the day `inForce` is read for')),
  items: z.array(setOverview),
});

export const historyView = z.object({
  set: setName,
  label: z.string(),
  valueClauses,
  items: z.array(versionView).check(z.describe('Every version, newest first')),
});

/**
 * Who may read which set besides staff. A fund manager's claims are judged by the subsidy rates and caps
 * (public in the plan itself), and a platform must answer an offer within the matching set's days, so each
 * may read the set that binds it. Experts read none: the pass thresholds stay with staff so that scores are
 * given on the merits rather than steered at the line; the scale and the due date reach an expert with each
 * review assignment. The routes admit every reader; the handler decides per set (403 otherwise).
 */
export const parameterReaders = {
  evaluation: ['staff'],
  matching: ['staff', 'platform'],
  subsidy: ['staff', 'fund_manager'],
} as const satisfies Readonly<Record<ParameterSetName, readonly Role[]>>;

const anyReader: Role[] = [...new Set<Role>(Object.values(parameterReaders).flat())];
const readers =
  'Staff read every set; a fund manager the subsidy set, a platform the matching set (403 otherwise).';

export const parametersOperations = defineOperations({
  'GET /v1/parameters': {
    operationId: 'listParameterSets',
    roles: ['staff'],
    summary: 'Every parameter set: the version in force today and any scheduled version (staff)',
    tags: ['parameters'],
    responses: { '200': { description: 'The sets', schema: overviewView } },
  },
  'GET /v1/parameters/{set}': {
    operationId: 'getParameterHistory',
    roles: anyReader,
    summary: "A parameter set's versions, newest first",
    description: readers,
    tags: ['parameters'],
    params: setPath,
    responses: { '200': { description: 'The history', schema: historyView } },
  },
  'GET /v1/parameters/{set}/in-force': {
    operationId: 'getParametersInForce',
    roles: anyReader,
    summary: 'The version of a parameter set in force on a date',
    description: `The version with the latest validFrom on or before the date; 404 before the plan's 2025-01-25. ${readers}`,
    tags: ['parameters'],
    params: setPath,
    query: inForceQuery,
    responses: { '200': { description: 'The version in force that day', schema: versionView } },
  },
  'POST /v1/parameters/{set}': {
    operationId: 'publishParameters',
    roles: ['staff'],
    summary: 'Publish a new version of a parameter set (staff)',
    description:
      'The version applies from validFrom (today or later, Asia/Shanghai); until then the one in force stays. ' +
      'Values failing the set’s schema: 400 naming each (body.values.…). validFrom before today: 422 ' +
      '`unprocessable` naming body.validFrom. Another version published at the same moment: 409 `conflict` ' +
      '(read the history, publish again).',
    tags: ['parameters'],
    params: setPath,
    body: publishBody,
    idempotent: true,
    problems: ['unprocessable', 'conflict'],
    examples: {
      matching: {
        validFrom: '2026-12-01',
        values: { offerResponseDays: 15 },
        reason: '平台反馈：10天不足以完成尽职调查，延长至15天',
      },
    },
    responses: { '201': { description: 'Published: the new version', schema: versionView } },
  },
});
