import type * as z from '@wuhan/domain/zod';
import type { FieldError } from './problem.js';

/**
 * zod issues as field errors. An unknown key is reported at its own path, so the client reads which field to
 * remove (`body.colour`), not only that the object had one too many.
 */
export function fieldErrors(error: z.core.$ZodError, prefix: string): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: `${base}.${key}`,
        message: 'Unknown field',
        code: 'unrecognized_key',
      }));
    }
    return [{ field: base, message: issue.message, code: issue.code }];
  });
}
