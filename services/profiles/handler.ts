import { keys } from '@wuhan/aws';
import {
  type CreateBody,
  type ProfileKind,
  profileKindIds,
  profileKinds,
  profilesOperations,
  type UpdateBody,
} from '@wuhan/contract';
import { decodeCursor, encodeCursor, httpRouter, type RouteHandlers } from '@wuhan/middleware';
import { configuredPlatforms } from './configured-platforms.js';
import { createProfile } from './create-profile.js';
import { deactivateProfile } from './deactivate-profile.js';
import { listProfiles, readProfile } from './read-profiles.js';
import { updateProfile } from './update-profile.js';

type Handlers = RouteHandlers<typeof profilesOperations>;

/**
 * The five handlers of one kind of profile. The operations are generated per kind, so their schemas are not
 * known to the compiler here: the router has parsed each body with that kind's schema, which these types name.
 */
function handlersOf(kind: ProfileKind): Handlers {
  const base = `/v1/${kind}`;
  const listing = { gsi2pk: keys.profileAdminListing(profileKinds[kind].role, '').gsi2pk };
  const id = (params: unknown) => (params as { id: string }).id;
  return {
    [`POST ${base}`]: {
      handle: async ({ body, principal, correlationId, now }) => ({
        status: 201,
        body: await createProfile(
          kind,
          body as unknown as CreateBody<ProfileKind>,
          { principal, correlationId, now },
          // Platforms with a queue: configuration decides which platformIds a profile may take.
          configuredPlatforms(),
        ),
        headers: { 'cache-control': 'no-store' },
      }),
      // The key is shown once: a retry under the same Idempotency-Key gets the profile and key id without it.
      redactForReplay: (body) => {
        const { apiKey: _secret, ...rest } = body as { apiKey?: string };
        return { ...rest, apiKeyShownOnce: true };
      },
    },
    [`GET ${base}`]: async ({ query }) => {
      const { limit, cursor } = query as unknown as { limit: number; cursor?: string };
      const page = await listProfiles(kind, limit, decodeCursor(cursor, listing));
      return { status: 200, body: { items: page.items, cursor: encodeCursor(page.next) } };
    },
    [`GET ${base}/{id}`]: async ({ params }) => ({ status: 200, body: await readProfile(kind, id(params)) }),
    [`PATCH ${base}/{id}`]: async ({ params, body, principal, correlationId, now }) => ({
      status: 200,
      body: {
        profile: await updateProfile(kind, id(params), body as unknown as UpdateBody<ProfileKind>, {
          principal,
          correlationId,
          now,
        }),
      },
    }),
    [`POST ${base}/{id}/deactivate`]: async ({ params, body, principal, correlationId, now }) => ({
      status: 200,
      body: await deactivateProfile(kind, id(params), (body as unknown as { reason: string }).reason, {
        principal,
        correlationId,
        now,
      }),
    }),
  };
}

export const handler = httpRouter(
  profilesOperations,
  Object.assign({}, ...profileKindIds.map(handlersOf)) as Handlers,
);
