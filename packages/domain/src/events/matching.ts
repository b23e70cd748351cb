import { z } from 'zod';

/**
 * Matching (§二(四), §二(六), §二(九)): a qualified project offered to one platform. The relay routes it by
 * `platformId` to that platform's own queue and no other. The offer's full message (the project, the evaluation,
 * how to answer) is the matching capability's to add; what routing needs is here.
 */
export const matchOffered = z.looseObject({
  platformId: z.string().min(1),
  projectId: z.string().min(1),
});
