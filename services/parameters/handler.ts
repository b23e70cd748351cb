import { dynamoParameterStore } from '@wuhan/aws';
import { parametersOperations } from '@wuhan/contract';
import { type ParameterSetName, parameterSets } from '@wuhan/domain';
import { fieldErrors, httpRouter, ProblemError } from '@wuhan/middleware';
import { publishParameters } from './publish-parameters.js';
import { parameterHistory, parametersOn, parametersOverview } from './read-parameters.js';
import { assertMayRead } from './readers.js';

const store = dynamoParameterStore;

/** `values` as the set named in the path defines them; a failure names each field under `body.values`. */
function parseValues<S extends ParameterSetName>(set: S, values: unknown) {
  const parsed = parameterSets[set].schema.safeParse(values);
  if (!parsed.success) {
    throw new ProblemError('validation', `The values do not fit the ${set} parameters`, {
      errors: fieldErrors(parsed.error, 'body.values'),
    });
  }
  return parsed.data;
}

export const handler = httpRouter(parametersOperations, {
  'GET /v1/parameters': async ({ now }) => ({ status: 200, body: await parametersOverview(store, now) }),
  'GET /v1/parameters/{set}': async ({ params, principal }) => {
    assertMayRead(principal, params.set);
    return { status: 200, body: await parameterHistory(store, params.set) };
  },
  'GET /v1/parameters/{set}/in-force': async ({ params, query, principal }) => {
    assertMayRead(principal, params.set);
    return { status: 200, body: await parametersOn(store, params.set, query.date) };
  },
  'POST /v1/parameters/{set}': async ({ params, body, principal, correlationId, now }) => {
    const values = parseValues(params.set, body.values);
    const published = await publishParameters(
      store,
      { set: params.set, validFrom: body.validFrom, values, reason: body.reason },
      { principal, correlationId, now },
    );
    return { status: 201, body: published };
  },
});
