import { decodeCursor, encodeCursor, httpRouter, type RouteDefinition, route } from '@wuhan/middleware';
import { topology } from '@wuhan/topology';
import type { z } from 'zod';
import {
  type CreateBody,
  createBodies,
  deactivateBody,
  listQuery,
  profilePath,
  type UpdateBody,
  updateBodies,
} from './api.js';
import { createProfile } from './create-profile.js';
import { deactivateProfile } from './deactivate-profile.js';
import { type ProfileKind, profileKindIds, profileKinds } from './kinds.js';
import { listProfiles, readProfile } from './read-profiles.js';
import { updateProfile } from './update-profile.js';

const staffOnly = ['staff'] as const;
/** Platforms with a queue: configuration decides which platformIds a profile may take. */
const configuredPlatforms = topology.platforms;

/** The five routes of one kind of profile, all staff-only. */
function routesOf(kind: ProfileKind): Record<string, RouteDefinition<unknown, unknown, unknown>> {
  const base = `/v1/${kind}`;
  const listing = { gsi2pk: `PROFILES#${profileKinds[kind].role}` };
  return {
    [`POST ${base}`]: route<CreateBody<ProfileKind>>({
      roles: staffOnly,
      body: createBodies[kind],
      handle: async ({ body, principal, correlationId, now }) => ({
        status: 201,
        body: await createProfile(kind, body, { principal, correlationId, now }, configuredPlatforms),
        headers: { 'cache-control': 'no-store' },
      }),
      // The key is shown once: a retry under the same Idempotency-Key gets the profile and key id without it.
      redactForReplay: (body) => {
        const { apiKey: _secret, ...rest } = body as { apiKey?: string };
        return { ...rest, apiKeyShownOnce: true };
      },
    }),
    [`GET ${base}`]: route({
      roles: staffOnly,
      query: listQuery,
      handle: async ({ query }) => {
        const page = await listProfiles(kind, query.limit, decodeCursor(query.cursor, listing));
        return { status: 200, body: { items: page.items, cursor: encodeCursor(page.next) } };
      },
    }),
    [`GET ${base}/{id}`]: route({
      roles: staffOnly,
      params: profilePath,
      handle: async ({ params }) => ({ status: 200, body: await readProfile(kind, params.id) }),
    }),
    [`PATCH ${base}/{id}`]: route<UpdateBody<ProfileKind>, z.output<typeof profilePath>>({
      roles: staffOnly,
      params: profilePath,
      body: updateBodies[kind],
      handle: async ({ params, body, principal, correlationId, now }) => ({
        status: 200,
        body: { profile: await updateProfile(kind, params.id, body, { principal, correlationId, now }) },
      }),
    }),
    [`POST ${base}/{id}/deactivate`]: route({
      roles: staffOnly,
      params: profilePath,
      body: deactivateBody,
      handle: async ({ params, body, principal, correlationId, now }) => ({
        status: 200,
        body: await deactivateProfile(kind, params.id, body.reason, { principal, correlationId, now }),
      }),
    }),
  };
}

export const handler = httpRouter(
  Object.fromEntries(profileKindIds.flatMap((k) => Object.entries(routesOf(k)))),
);
