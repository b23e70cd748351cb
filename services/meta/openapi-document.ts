import { buildOpenApi } from '@wuhan/middleware';
import { allRoutes } from '@wuhan/topology';
import { intakeApi } from '../intake/api.js';
import { keysApi } from '../keys/api.js';
import { preferencesApi } from '../preferences/api.js';
import { profilesApi } from '../profiles/api.js';
import { metaApi } from './api.js';

/** Every service's HTTP contract. A new service adds its api.ts here; a test fails if a route is missing. */
export const apiSpecs = [metaApi, keysApi, intakeApi, preferencesApi, profilesApi] as const;

let cached: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  cached ??= buildOpenApi({
    title: '武汉市颠覆性技术创新项目管理 API (Wuhan disruptive-technology programme)',
    version: '1.0.0',
    description:
      'Partners nominate projects; staff screen and track them; commissioners record milestones. ' +
      'Errors are RFC 9457 problem+json; writes accept an Idempotency-Key.',
    routes: allRoutes().map(({ route }) => route),
    specs: apiSpecs,
  });
  return cached;
}
