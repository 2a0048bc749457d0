import { readFileSync } from 'node:fs';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { dispatch, type HandlerModules, type RouteHandler } from '../../functions/api/groups/dispatch.js';
import { API_GROUPS, API_ROUTES, groupOf, routeKey, type ApiGroup } from '../../functions/api/routes.js';
import type { ApiEvent } from '../../functions/http/types.js';

// The API's functions are the routes grouped by what they may do
// (functions/api/routes.ts, API_GROUPS); each dispatches by the routes table
// to the route's handler module, loaded on the route's first request.

const context = { awsRequestId: 'test' } as Context;
const eventFor = (key: string) => ({ routeKey: key, headers: {}, requestContext: { requestId: 'test' } }) as unknown as ApiEvent;
const routesOf = (group: ApiGroup) => API_ROUTES.filter((r) => groupOf(r) === group);

/** Modules for every route of the group that answer with their own name, counting their loads. */
const fakeModules = (group: ApiGroup) => {
  const loads = new Map<string, number>();
  const modules: Record<string, () => Promise<{ handler: RouteHandler }>> = {};
  for (const { handler: name } of routesOf(group)) {
    modules[name] = async () => {
      loads.set(name, (loads.get(name) ?? 0) + 1);
      return { handler: async () => ({ statusCode: 200, body: name }) };
    };
  }
  return { modules, loads };
};

describe('the API functions of the route groups', () => {
  it('every route is in exactly one group, and the groups are read, write and signed by the route’s access', () => {
    expect(API_GROUPS).toEqual(['read', 'write', 'signed']);
    for (const route of API_ROUTES) expect(groupOf(route), routeKey(route)).toBe(route.access);
    expect(API_GROUPS.flatMap(routesOf)).toHaveLength(API_ROUTES.length);
  });

  it.each(API_GROUPS)('the %s function’s module imports each handler of its group, and only those, lazily', async (group) => {
    // Importing the group module checks its list against the routes table (dispatch throws on a difference).
    const module = (await import(`../../functions/api/groups/${group}.ts`)) as { handler: unknown };
    expect(typeof module.handler).toBe('function');
    // Each handler by a dynamic import with a literal path, which esbuild bundles but evaluates on first use.
    const source = readFileSync(new URL(`../../functions/api/groups/${group}.ts`, import.meta.url), 'utf8');
    const imported = [...source.matchAll(/'?([a-z0-9-]+)'?: \(\) => import\('\.\.\/([a-z0-9-]+)\.js'\)/g)].map((m) => [m[1], m[2]]);
    const names = [...new Set(routesOf(group).map((r) => r.handler))];
    expect(imported).toEqual(names.map((name) => [name, name]));
    expect(source).not.toMatch(/^import .* from '\.\.\/(?!routes)/m);
  });

  it('hands a request to its route’s handler, loading each handler on its first request only', async () => {
    const { modules, loads } = fakeModules('read');
    const handler = dispatch('read', modules);
    expect(loads.size).toBe(0);
    expect(await handler(eventFor('GET /pilots/{pilotId}'), context)).toEqual({ statusCode: 200, body: 'pilots-get' });
    expect(await handler(eventFor('GET /pilots/{pilotId}'), context)).toEqual({ statusCode: 200, body: 'pilots-get' });
    expect(await handler(eventFor('GET /pilots'), context)).toEqual({ statusCode: 200, body: 'pilots-list' });
    expect(Object.fromEntries(loads)).toEqual({ 'pilots-get': 1, 'pilots-list': 1 });
  });

  it('refuses a route of another group or none: API Gateway sends a function only its own routes, so that is a wiring mistake', async () => {
    const handler = dispatch('read', fakeModules('read').modules);
    await expect(handler(eventFor('POST /pilots'), context)).rejects.toThrow(/route POST \/pilots is not one of the read function's routes/);
    await expect(handler(eventFor('GET /nowhere'), context)).rejects.toThrow(/not one of the read function's routes/);
  });

  it('refuses a module list that misses a route of the group or names another group’s', () => {
    const { modules } = fakeModules('signed');
    const { 'link-show': _missing, ...withoutOne } = modules;
    expect(() => dispatch('signed', withoutOne as HandlerModules)).toThrow(/missing link-show; not signed routes none/);
    expect(() => dispatch('signed', { ...modules, 'pilots-get': modules['link-show']! })).toThrow(/missing none; not signed routes pilots-get/);
  });

  it('tries a handler whose module failed to load again on the next request', async () => {
    const { modules } = fakeModules('signed');
    let failures = 1;
    const flaky: HandlerModules = {
      ...modules,
      'link-show': async () => {
        if (failures-- > 0) throw new Error('load failed');
        return modules['link-show']!();
      },
    };
    const handler = dispatch('signed', flaky);
    await expect(handler(eventFor('GET /links/{token}'), context)).rejects.toThrow('load failed');
    expect(await handler(eventFor('GET /links/{token}'), context)).toEqual({ statusCode: 200, body: 'link-show' });
  });

  it('a request through a real group function reaches its route’s own handler: no token, 401 from the handler’s wrapper', async () => {
    const { handler } = (await import('../../functions/api/groups/write.js')) as { handler: RouteHandler };
    const result = await handler(eventFor('POST /pilots'), context);
    expect(result.statusCode).toBe(401);
    expect(JSON.parse(String(result.body))).toMatchObject({ error: 'unauthorized' });
  });
});
