import { config, documentClient, dynamoPreferenceStore, savePreferences } from '@wuhan/aws';
import { preferencesOperations } from '@wuhan/contract';
import { digestibleEventTypes } from '@wuhan/domain';
import { httpRouter } from '@wuhan/middleware';

/** Staff choose how they hear about each event type; the notification and digest functions read the choice. */
export const handler = httpRouter(preferencesOperations, {
  'GET /v1/notification-preferences': async ({ principal }) => {
    const found = await dynamoPreferenceStore(documentClient, config().tableName).modesOf([
      principal.ownerId,
    ]);
    return {
      status: 200,
      body: { modes: found.get(principal.ownerId) ?? {}, digestible: digestibleEventTypes },
    };
  },
  'PUT /v1/notification-preferences': async ({ body, principal, now }) => {
    const modes = Object.fromEntries(Object.entries(body.modes).filter(([, m]) => m !== undefined)) as Record<
      string,
      'immediate' | 'digest'
    >;
    await savePreferences(documentClient, config().tableName, principal.ownerId, modes, now);
    return {
      status: 200,
      body: { modes, digestible: digestibleEventTypes, updatedAt: now.toISOString() },
    };
  },
});
