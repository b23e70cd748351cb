import { programmeTargetIds } from '@wuhan/domain';
import * as z from 'zod';
import { defineOperations } from './operation.js';

export const targetsProgress = z.object({
  targets: z.array(
    z.object({
      target: z.enum(programmeTargetIds),
      label: z.string(),
      clause: z.string(),
      goal: z.number().int().describe('The 2027 goal (§一)'),
      achieved: z.number().int(),
      byYear: z.record(z.string(), z.number().int()).describe('Counted per calendar year, Asia/Shanghai'),
      projectIds: z.array(z.string()).describe('The projects that count towards it'),
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
