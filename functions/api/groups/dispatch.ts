import type { Context } from 'aws-lambda';
import type { ApiEvent, ApiResult } from '../../http/types.js';
import { API_ROUTES, groupOf, routeKey, type ApiGroup } from '../routes.js';

export type RouteHandler = (event: ApiEvent, context: Context) => Promise<ApiResult>;

/**
 * Each route's handler module by the route's `handler` name, as a dynamic
 * import with a literal path: esbuild bundles the module into the group's
 * one file but evaluates it only when the import runs, so a cold start
 * evaluates the handler of the request that caused it, not the group's
 * every route.
 */
export type HandlerModules = Readonly<Record<string, () => Promise<{ handler: RouteHandler }>>>;

/**
 * The Lambda handler of one group of routes: finds the route of the event
 * by its route key in the routes table and hands the event to that route's
 * handler, loaded on its first request and kept. The handler does
 * everything else (authorization, the input guard, errors), as when each
 * route had its own function. API Gateway sends a function only its own
 * routes, so another route key is a wiring mistake: an error, not a 404.
 */
export const dispatch = (group: ApiGroup, modules: HandlerModules): RouteHandler => {
  const handlerOf = new Map(API_ROUTES.filter((r) => groupOf(r) === group).map((r) => [routeKey(r), r.handler]));
  // The group's module list is written out (esbuild needs each import's literal path); it must name exactly the group's routes.
  const names = new Set(handlerOf.values());
  const missing = [...names].filter((name) => !Object.hasOwn(modules, name));
  const foreign = Object.keys(modules).filter((name) => !names.has(name));
  if (missing.length || foreign.length) {
    throw new Error(
      `the ${group} function's modules differ from the routes table: missing ${missing.join(', ') || 'none'}; not ${group} routes ${foreign.join(', ') || 'none'}`,
    );
  }
  const loaded = new Map<string, Promise<RouteHandler>>();
  return async (event, context) => {
    const name = event.routeKey === undefined ? undefined : handlerOf.get(event.routeKey);
    const load = name === undefined ? undefined : modules[name];
    if (name === undefined || load === undefined) throw new Error(`route ${String(event.routeKey)} is not one of the ${group} function's routes`);
    let handler = loaded.get(name);
    if (!handler) {
      handler = load().then(
        (module) => module.handler,
        (error: unknown) => {
          // A failed load is tried again by the next request rather than remembered.
          loaded.delete(name);
          throw error;
        },
      );
      loaded.set(name, handler);
    }
    return (await handler)(event, context);
  };
};
