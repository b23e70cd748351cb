import { DomainError } from '../errors.js';
import * as z from '../zod.js';
import { type CalendarDate, calendarDateSchema, today } from './dates.js';
import {
  type ParameterSetDefinition,
  type ParameterSetName,
  type ParametersOf,
  parameterSets,
} from './sets.js';

/** 武政办〔2025〕18号 was issued on this day: version 1 of every set is in force from it. */
export const PLAN_ISSUED_ON: CalendarDate = '2025-01-25';

/** Who published version 1: nobody, the repository's defaults did. */
export const DEFAULTS_AUTHOR = 'system';

/** One dated version of one set: what it says, from when, under which clauses, who changed it and why. */
export interface ParameterVersion<S extends ParameterSetName = ParameterSetName> {
  set: S;
  version: number;
  validFrom: CalendarDate;
  clauses: string[];
  values: ParametersOf<S>;
  /** The staff member's id (`system` for the seeded defaults). */
  changedBy: string;
  reason: string;
  publishedAt: string;
}

/** Parses a stored or received version of `set`, its values with the set's own schema. */
export function parameterVersionSchema<S extends ParameterSetName>(set: S) {
  return versionSchemaOf(parameterSets[set]);
}

/** `parameterVersionSchema` from the set's own binding: bundles that set's schema only (issue 13). */
export function versionSchemaOf<D extends ParameterSetDefinition>(definition: D) {
  return z.object({
    set: z.literal(definition.name),
    version: z.number().check(z.int(), z.positive()),
    validFrom: calendarDateSchema,
    clauses: z.array(z.string()).check(z.minLength(1)),
    values: definition.schema,
    changedBy: z.string().check(z.minLength(1)),
    reason: z.string().check(z.minLength(1)),
    publishedAt: z.iso.datetime(),
  });
}

/** Version 1 of a set: the repository's defaults, in force from the plan's issue date. */
export function defaultVersion<S extends ParameterSetName>(set: S, publishedAt: Date): ParameterVersion<S> {
  const definition = parameterSets[set];
  return {
    set,
    version: 1,
    validFrom: PLAN_ISSUED_ON,
    clauses: [...definition.clauses],
    values: definition.defaults as ParametersOf<S>,
    changedBy: DEFAULTS_AUTHOR,
    reason: 'Defaults of the plan (武政办〔2025〕18号) as the product reads it (DOMAIN.md)',
    publishedAt: publishedAt.toISOString(),
  };
}

type Dated = Pick<ParameterVersion, 'version' | 'validFrom'>;

const newestFirst = (a: Dated, b: Dated) =>
  a.validFrom === b.validFrom ? b.version - a.version : a.validFrom < b.validFrom ? 1 : -1;

/**
 * The version in force on `date`: the greatest `validFrom` on or before it (so a version applies from its
 * first day), and of two starting the same day the later-published one.
 */
export function inForce<V extends Dated>(versions: readonly V[], date: CalendarDate): V | undefined {
  return [...versions].filter((v) => v.validFrom <= date).sort(newestFirst)[0];
}

/** Versions that start after `date`, soonest first: what staff have scheduled. */
export function scheduledAfter<V extends Dated>(versions: readonly V[], date: CalendarDate): V[] {
  return versions.filter((v) => v.validFrom > date).sort((a, b) => -newestFirst(a, b));
}

/** A version may not start before today: what was decided under the rules of a past day stays decided. */
export class ValidFromInPastError extends DomainError {
  override name = 'ValidFromInPastError';
  readonly kind = 'unprocessable';
  constructor(validFrom: CalendarDate, todayThere: CalendarDate) {
    super(
      `validFrom ${validFrom} is before today (${todayThere}, Asia/Shanghai); a version cannot apply to the past`,
      {
        field: 'body.validFrom',
      },
    );
  }
}

/**
 * The next version of a set, refused when it would start before today in Asia/Shanghai. `latest` is the
 * highest version stored; the store's conditional put makes sure no one else took the number meanwhile.
 */
export function nextParameterVersion<S extends ParameterSetName>(input: {
  set: S;
  latest: number;
  validFrom: CalendarDate;
  values: ParametersOf<S>;
  reason: string;
  changedBy: string;
  now: Date;
}): ParameterVersion<S> {
  const todayThere = today(input.now);
  if (input.validFrom < todayThere) throw new ValidFromInPastError(input.validFrom, todayThere);
  return {
    set: input.set,
    version: input.latest + 1,
    validFrom: input.validFrom,
    clauses: [...parameterSets[input.set].clauses],
    values: input.values,
    changedBy: input.changedBy,
    reason: input.reason,
    publishedAt: input.now.toISOString(),
  };
}
