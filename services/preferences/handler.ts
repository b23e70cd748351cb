import { config, documentClient, dynamoPreferenceStore, savePreferences } from '@wuhan/aws';
import { httpRouter, route } from '@wuhan/middleware';
import { digestibleEventTypes, preferencesApi } from './api.js';

const api = preferencesApi;

/** Staff choose how they hear about each event type; the notification and digest functions read the choice. */
export const handler = httpRouter({
  'GET /v1/notification-preferences': route({
    roles: ['staff'],
    handle: async ({ principal }) => {
      const found = await dynamoPreferenceStore(documentClient, config().tableName).modesOf([
        principal.ownerId,
      ]);
      return {
        status: 200,
        body: { modes: found.get(principal.ownerId) ?? {}, digestible: digestibleEventTypes },
      };
    },
  }),
  'PUT /v1/notification-preferences': route({
    roles: ['staff'],
    body: api['PUT /v1/notification-preferences'].body,
    handle: async ({ body, principal, now }) => {
      const modes = Object.fromEntries(
        Object.entries(body.modes).filter(([, m]) => m !== undefined),
      ) as Record<string, 'immediate' | 'digest'>;
      await savePreferences(documentClient, config().tableName, principal.ownerId, modes, now);
      return {
        status: 200,
        body: { modes, digestible: digestibleEventTypes, updatedAt: now.toISOString() },
      };
    },
  }),
});
