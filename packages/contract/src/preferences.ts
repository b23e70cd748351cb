import { digestibleEventTypes as domainDigestible } from '@wuhan/domain';
import * as z from '@wuhan/domain/zod';
import { defineOperations } from './operation.js';

/** Event types a staff member may take as a daily digest instead of one email each. */
export const digestibleEventTypes = [...domainDigestible];

const mode = z.enum(['immediate', 'digest']);

export const preferencesBody = z.strictObject({
  modes: z
    .partialRecord(z.enum(domainDigestible), mode)
    .check(
      z.describe(
        'Per event type: `immediate` (one email each, the default) or `digest` (in the 08:30 daily digest)',
      ),
    ),
});

export const preferencesView = z.object({
  modes: z.record(z.string(), mode),
  digestible: z.array(z.string()),
  updatedAt: z.optional(z.iso.datetime()),
});

export const preferencesOperations = defineOperations({
  'GET /v1/notification-preferences': {
    operationId: 'getNotificationPreferences',
    roles: ['staff'],
    summary: "The caller's email preferences (staff)",
    tags: ['notification'],
    responses: { '200': { description: 'Preferences', schema: preferencesView } },
  },
  'PUT /v1/notification-preferences': {
    operationId: 'putNotificationPreferences',
    roles: ['staff'],
    summary: 'Choose, per event type, one email each or the daily digest (staff)',
    tags: ['notification'],
    body: preferencesBody,
    idempotent: true,
    examples: {
      digestNominations: { modes: { 'project.nominated': 'digest', 'project.recommended': 'digest' } },
    },
    responses: { '200': { description: 'Saved', schema: preferencesView } },
  },
});
