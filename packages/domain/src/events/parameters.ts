import * as z from 'zod';
import { calendarDateSchema } from '../parameters/dates.js';
import { parameterSetNames } from '../parameters/sets.js';

/** Parameters (services/parameters): a new version of a set, kept as the set's history (subject: the set). */
export const parametersPublished = z.object({
  set: z.enum(parameterSetNames),
  version: z.number().int().positive(),
  validFrom: calendarDateSchema,
  reason: z.string().min(1),
});
