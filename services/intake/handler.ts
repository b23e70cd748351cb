import { nominationsListing, projectsListing } from '@wuhan/aws';
import { intakeOperations } from '@wuhan/contract';
import type { Caller } from '@wuhan/domain';
import { decodeCursor, encodeCursor, httpRouter, type Request } from '@wuhan/middleware';
import { type NominationAccepted, nominate } from './nominate.js';
import { readEnterprise } from './read-enterprise.js';
import { listOwnNominations, readNomination } from './read-nominations.js';
import { listProjects, readProject } from './read-projects.js';
import { reassignCommissioner } from './reassign.js';
import { recordMilestone } from './record-milestone.js';
import { overrideStatus, screen } from './transition.js';

/** Intake's routes (issue 3): composition only; each use case lives in its own module. */

const callerOf = ({ principal, correlationId, now }: Request<unknown, unknown, unknown>): Caller => ({
  principal,
  correlationId,
  now,
});

/** A cursor is accepted only for the listing (index partition) that issued it. */
const startFrom = (
  cursor: string | undefined,
  listing: { partitionAttribute: string; partitionValue: string },
) => decodeCursor(cursor, { [listing.partitionAttribute]: listing.partitionValue });

export const handler = httpRouter(intakeOperations, {
  'POST /v1/nominations': {
    // The Idempotency-Key record commits in the nomination's own transaction, and is looked up while nominate
    // reads the partner and the commissioners; nominate writes only once that lookup found no answer (issue 13).
    idempotency: 'atomic',
    overlapReplayCheck: true,
    handle: async (request) => {
      const answer = (accepted: NominationAccepted) => ({ status: 202, body: accepted });
      const { idempotency } = request;
      const record =
        idempotency && ((accepted: NominationAccepted) => idempotency.transactItem(answer(accepted)));
      const checked = idempotency && (() => idempotency.checked());
      return answer(await nominate(request.body, callerOf(request), undefined, record, checked));
    },
  },
  'GET /v1/nominations': async (request) => {
    const { limit, cursor } = request.query;
    const start = startFrom(cursor, nominationsListing(request.principal.ownerId));
    const page = await listOwnNominations(callerOf(request), limit, start);
    return { status: 200, body: { items: page.items, cursor: encodeCursor(page.next) } };
  },
  'GET /v1/nominations/{id}': async (request) => ({
    status: 200,
    body: await readNomination(request.params.id, callerOf(request)),
  }),
  'GET /v1/projects': async (request) => {
    const { limit, cursor, ...filter } = request.query;
    const page = await listProjects(filter, limit, startFrom(cursor, projectsListing(filter)));
    return { status: 200, body: { items: page.items, cursor: encodeCursor(page.next) } };
  },
  'GET /v1/projects/{id}': async (request) => ({
    status: 200,
    body: await readProject(request.params.id, callerOf(request)),
  }),
  'POST /v1/projects/{id}/screening': async (request) => ({
    status: 200,
    body: await screen(request.params.id, request.body, callerOf(request)),
  }),
  'POST /v1/projects/{id}/status': async (request) => ({
    status: 200,
    body: await overrideStatus(
      request.params.id,
      request.body.status,
      request.body.reason,
      callerOf(request),
    ),
  }),
  'PUT /v1/projects/{id}/commissioner': async (request) => ({
    status: 200,
    body: await reassignCommissioner(request.params.id, request.body, callerOf(request)),
  }),
  'POST /v1/projects/{id}/milestones': async (request) => ({
    status: 201,
    body: await recordMilestone(request.params.id, request.body, callerOf(request)),
  }),
  'GET /v1/enterprises/{creditCode}': async (request) => ({
    status: 200,
    body: await readEnterprise(request.params.creditCode),
  }),
});
