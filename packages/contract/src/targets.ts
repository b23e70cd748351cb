import { programmeTargetIds } from '@wuhan/domain';
import * as z from '@wuhan/domain/zod';
import { defineOperations } from './operation.js';

export const targetsProgress = z.object({
  targets: z.array(
    z.object({
      target: z.enum(programmeTargetIds),
      label: z.string(),
      clause: z.string(),
      goal: z.number().check(z.int(), z.describe('The 2027 goal (§一)')),
      achieved: z.number().check(z.int()),
      byYear: z
        .record(z.string(), z.number().check(z.int()))
        .check(z.describe('Counted per calendar year, Asia/Shanghai')),
      projectIds: z.array(z.string()).check(z.describe('The projects that count towards it')),
    }),
  ),
});

export const targetsOperations = defineOperations({
  'GET /v1/programme/targets': {
    operationId: 'getProgrammeTargets',
    roles: ['staff'],
    summary: 'Progress towards the programme’s 2027 targets (§一), counted from the lifecycle (staff)',
    tags: ['programme'],
    responses: {
      '200': { description: 'Each target, its goal and what counts towards it', schema: targetsProgress },
    },
  },
});
