import type { FunctionSpec } from '@wuhan/topology';
import { topology } from '@wuhan/topology';
import { describe, expect, it } from 'vitest';
import { compileRoute, compileRoutes, matchRoute } from './routes.js';

const fn = { name: 'f' } as FunctionSpec;

describe('route matching', () => {
  it('matches path templates and decodes parameters', () => {
    const routes = compileRoutes(topology);
    const match = matchRoute(routes, 'POST', '/v1/projects/prj_01%20X/status');
    expect(match?.compiled.routeKey).toBe('POST /v1/projects/{id}/status');
    expect(match?.pathParameters).toEqual({ id: 'prj_01 X' });
  });

  it('does not match another method, a longer path or a partial segment', () => {
    const routes = compileRoutes(topology);
    expect(matchRoute(routes, 'PATCH', '/v1/projects/p1/status')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/v1/projects/p1/extra/more')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/v1/healthz')).toBeUndefined();
  });

  it('prefers literal segments over parameters, as API Gateway does, whatever the declaration order', () => {
    const declared = [
      { method: 'GET', path: '/v1/keys/{keyId}', auth: 'key', summary: '' },
      { method: 'GET', path: '/v1/keys/mine', auth: 'key', summary: '' },
    ] as const;
    const routes = compileRoutes({
      ...topology,
      functions: [{ ...fn, triggers: [{ kind: 'http', routes: declared }] }],
    });
    expect(matchRoute(routes, 'GET', '/v1/keys/mine')?.compiled.route.path).toBe('/v1/keys/mine');
    expect(matchRoute(routes, 'GET', '/v1/keys/key_1')?.pathParameters).toEqual({ keyId: 'key_1' });
  });

  it('matches a greedy {proxy+} over several segments', () => {
    const route = compileRoute(fn, { method: 'GET', path: '/files/{proxy+}', auth: 'none', summary: '' });
    expect(matchRoute([route], 'GET', '/files/a/b/c')?.pathParameters).toEqual({ proxy: 'a/b/c' });
  });
});
