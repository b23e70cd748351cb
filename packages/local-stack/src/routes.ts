import type { FunctionSpec, RouteSpec, Topology } from '@wuhan/topology';

export interface CompiledRoute {
  fn: FunctionSpec;
  route: RouteSpec;
  /** API Gateway's route key, `POST /v1/projects/{id}/status`. */
  routeKey: string;
  pattern: RegExp;
  params: string[];
}

/** `{id}` matches one path segment; `{proxy+}` the rest of the path, as in API Gateway. */
export function compileRoute(fn: FunctionSpec, route: RouteSpec): CompiledRoute {
  const params: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const param = /^\{([A-Za-z0-9_]+)(\+?)\}$/.exec(segment);
      if (!param?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(param[1]);
      return param[2] ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { fn, route, routeKey: `${route.method} ${route.path}`, pattern: new RegExp(`^${source}$`), params };
}

export function compileRoutes(topology: Topology): CompiledRoute[] {
  const compiled = topology.functions.flatMap((fn) =>
    fn.triggers.flatMap((t) => (t.kind === 'http' ? t.routes.map((route) => compileRoute(fn, route)) : [])),
  );
  // Literal segments win over parameters, as in API Gateway: `/v1/keys/mine` before `/v1/keys/{keyId}`.
  const literalWeight = (r: CompiledRoute) =>
    r.route.path.split('/').filter((s) => !s.startsWith('{')).length;
  return compiled.sort((a, b) => literalWeight(b) - literalWeight(a));
}

export interface RouteMatch {
  compiled: CompiledRoute;
  pathParameters: Record<string, string>;
}

export function matchRoute(
  routes: readonly CompiledRoute[],
  method: string,
  path: string,
): RouteMatch | undefined {
  for (const compiled of routes) {
    if (compiled.route.method !== method) continue;
    const found = compiled.pattern.exec(path);
    if (!found) continue;
    const pathParameters: Record<string, string> = {};
    compiled.params.forEach((name, index) => {
      pathParameters[name] = decodeURIComponent(found[index + 1] ?? '');
    });
    return { compiled, pathParameters };
  }
  return undefined;
}
