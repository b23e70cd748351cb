import { commit, config, getProfile, parameterSetInForce } from '@wuhan/aws';
import { subsidyOperations } from '@wuhan/contract';
import { describeSubsidyRules, subsidyParameterSet, today } from '@wuhan/domain';
import { decodeCursor, encodeCursor, httpRouter } from '@wuhan/middleware';
import { decideClaim } from './decide.js';
import { fileClaim } from './file-claim.js';
import { capsFor } from './read-caps.js';
import { listClaims, listingFor, readClaimFor, viewOf } from './read-claims.js';
import { capsOfManager, readClaim } from './store.js';

const subsidyParameters = async (date: string) =>
  (await parameterSetInForce(subsidyParameterSet, date)).values;

/** Composition only: subsidy's HTTP operations (packages/contract/src/subsidy.ts) over its use cases. */
export const handler = httpRouter(subsidyOperations, {
  'POST /v1/subsidy-claims': async ({ body, principal, correlationId, now }) => ({
    status: 202,
    body: await fileClaim(body, { principal, correlationId, now }),
  }),
  'GET /v1/subsidy-claims/{claimId}': async ({ params, principal, correlationId, now }) => ({
    status: 200,
    body: viewOf(await readClaimFor(params.claimId, { principal, correlationId, now })),
  }),
  'GET /v1/subsidy-claims': async ({ query, principal, correlationId, now }) => {
    const caller = { principal, correlationId, now };
    const { limit, cursor, status, subsidyType } = query;
    const filter = { status, subsidyType };
    const listing = listingFor(caller, filter);
    // A cursor is accepted only for the listing (index partition) that issued it.
    const start = decodeCursor(cursor, { [listing.partitionAttribute]: listing.partitionValue });
    const page = await listClaims(caller, filter, limit, start);
    return { status: 200, body: { items: page.items.map(viewOf), cursor: encodeCursor(page.next) } };
  },
  'POST /v1/subsidy-claims/{claimId}/approval': async ({ params, body, principal, correlationId, now }) => ({
    status: 200,
    body: viewOf(
      await decideClaim(
        params.claimId,
        body,
        { principal, correlationId, now },
        {
          tableName: config().tableName,
          readClaim,
          commit,
        },
      ),
    ),
  }),
  'GET /v1/subsidy-rules': async ({ now }) => {
    const date = today(now);
    const version = await parameterSetInForce(subsidyParameterSet, date);
    return {
      status: 200,
      body: {
        date,
        parameterVersion: version.version,
        validFrom: version.validFrom,
        rules: describeSubsidyRules(version.values),
      },
    };
  },
  'GET /v1/caps/{managerId}': async ({ params, query, principal, correlationId, now }) => ({
    status: 200,
    body: await capsFor(
      params.managerId,
      query.year,
      { principal, correlationId, now },
      {
        capsOfManager,
        parameters: subsidyParameters,
        managerExists: async (id) => (await getProfile('fund_manager', id)) !== undefined,
      },
    ),
  }),
});
