import { calendarDateSchema } from '../parameters/dates.js';
import { parameterSetNames } from '../parameters/sets.js';
import * as z from '../zod.js';
import { eventData } from './definition.js';

/** Parameters (services/parameters): a new version of a set, kept as the set's history (subject: the set). */
export const parametersPublished = /* @__PURE__ */ eventData(() =>
  z.object({
    set: z.enum(parameterSetNames),
    version: z.number().check(z.int(), z.positive()),
    validFrom: calendarDateSchema,
    reason: z.string().check(z.minLength(1)),
  }),
);
