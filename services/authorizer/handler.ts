import { lookupApiKey } from '@wuhan/aws';
import { logger } from '@wuhan/middleware';
import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import { contextOf, resolvePrincipal } from './resolve-principal.js';

type AuthorizerContext = {
  role?: string;
  ownerId?: string;
  keyId?: string;
  scopes?: string;
  anonymous?: string;
};

/**
 * The API Gateway REQUEST authorizer. It always lets the request through, carrying either the key's role and
 * owner or the reason there is none: HTTP APIs cannot shape an authorizer's deny response, and the product
 * answers a missing or bad key with 401 problem+json from the route's middleware (packages/middleware/http.ts),
 * which refuses every non-public route without a principal before any work or write.
 */
export const handler = async (
  event: APIGatewayRequestAuthorizerEventV2,
): Promise<APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext>> => {
  const authorization = event.headers?.authorization ?? event.headers?.Authorization;
  const resolution = await resolvePrincipal(authorization, (key) => lookupApiKey(key));
  if ('principal' in resolution) return { isAuthorized: true, context: contextOf(resolution.principal) };
  logger.info('Request without a valid key', { reason: resolution.anonymous, routeArn: event.routeArn });
  return { isAuthorized: true, context: { anonymous: resolution.anonymous } };
};
