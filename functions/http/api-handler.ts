import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { DomainError } from '../domain/errors.js';
import { logger } from '../logger.js';
import type { Actor } from '../store/audit.js';
import { storeFromEnvironment, type StoreContext } from '../store/client.js';
import { authorize, type Access, type Role } from './auth.js';
import { guardRequest } from './input-guard.js';
import { json, type ApiEvent, type ApiResult } from './types.js';

export { logger };

export interface ApiContext {
  store: StoreContext;
  actor: Actor & { roles: Role[] };
}

/**
 * Builds an API handler: the caller is authorized for `access`, domain errors
 * become their 4xx with the field issues, and anything else is logged and
 * answered with a 500 that names the request, never the input. Bodies are
 * never logged: they may hold personal data, or a CPR number being refused.
 */
export const apiHandler = (access: Access, fn: (event: ApiEvent, ctx: ApiContext) => Promise<ApiResult>) =>
  middy<ApiEvent, ApiResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpErrors())
    .use(inputGuard())
    .handler(async (event) => fn(event, { store: storeFromEnvironment(), actor: authorize(event, access) }));

/**
 * A handler for a route with no authorizer, whose caller proves who it is
 * with a signature the handler checks itself (a company's webhook). The
 * same error mapping: a DomainError is its 4xx, anything else a 500.
 */
export const signedHandler = (fn: (event: ApiEvent, ctx: { store: StoreContext }) => Promise<ApiResult>) =>
  middy<ApiEvent, ApiResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpErrors())
    .use(inputGuard())
    .handler(async (event) => fn(event, { store: storeFromEnvironment() }));

/** Every request's texts and limits are checked before any handler runs (functions/http/input-guard.ts). */
const inputGuard = (): middy.MiddlewareObj<ApiEvent, ApiResult, Error, Context> => ({
  before: (request) => guardRequest(request.event),
});

const httpErrors = (): middy.MiddlewareObj<ApiEvent, ApiResult, Error, Context> => ({
  onError: async (request) => {
    const { error } = request;
    if (error instanceof DomainError) {
      logger.info('request refused', { status: error.status, code: error.code, route: request.event.routeKey });
      request.response = json(
        error.status,
        { error: error.code, message: error.message, ...error.details, ...(error.issues ? { issues: error.issues } : {}) },
        error.status === 503 ? { 'retry-after': '1' } : {},
      );
      return;
    }
    logger.error('request failed', { route: request.event.routeKey, error: error as Error });
    request.response = json(500, {
      error: 'internal',
      message: `internal error; quote request ${request.context.awsRequestId} when reporting it`,
    });
  },
});
