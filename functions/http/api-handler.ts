import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { containsCpr } from '../domain/cpr.js';
import { DomainError } from '../domain/errors.js';
import { logger, type CorrelationKeys } from '../logger.js';
import { count } from '../metrics.js';
import { observed } from '../observability.js';
import { accessLogRetentionMonths } from '../config.js';
import { recordAccess } from '../store/access-log.js';
import type { Actor } from '../store/audit.js';
import type { StoreContext } from '../store/client.js';
import { handlerContext } from '../composition.js';
import type { ServiceContext } from '../services/context.js';
import { authorize, type Access, type Caller } from './auth.js';
import { figuresOnlyRefusal, seesPersonalData, type TeamFields } from '../domain/access.js';
import type { Pilot } from '../domain/pilot.js';
import { getPilot, getPilotWith } from '../store/pilots.js';
import type { ItemKey } from '../store/batch-get.js';
import { API_ROUTES, routeKey, type RouteData } from '../api/routes.js';
import { pilotPath } from '../api/params.js';
import { guardRequest } from './input-guard.js';
import { json, type ApiEvent, type ApiResult } from './types.js';

export { logger };

export interface ApiContext {
  /** What the handler hands its services: the store's context and the runtime's ports. */
  store: ServiceContext;
  actor: Caller;
  /** The pilot of the path, read once for the need-to-know check (routes declared `personal` or `projected`). */
  pilot?: Pilot;
  /** The items of the handler's `alsoRead` keys, read with the pilot (raw, in the keys' order; undefined where none). */
  readWithPilot?: (Record<string, unknown> | undefined)[];
  /** Whether the caller sees the personal data of the path's pilot (or, with no pilot, of the shared data). */
  personalData: boolean;
  /**
   * Says whose personal data the answer holds (the product's participant
   * ids), for the access entry of a route declared `readsPersonalData` in
   * functions/api/routes.ts. The pilot defaults to the path's.
   */
  accessed: (participantIds: Iterable<string>, pilotId?: string) => void;
}

/**
 * What someone who may not see a `projected` route's personal data gets
 * instead: the handler's answer made figures only. `sees` is the one
 * decision (functions/domain/access.ts), for answers that list several pilots
 * (or, given no pilot, the shared data such as the companies' contacts).
 */
// The answer is the handler's JSON, whatever its shape; the projection knows it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type FiguresProjection = (body: any, sees: (pilot?: TeamFields) => boolean) => unknown;

/**
 * Builds an API handler: the caller is authorized for `access`, and for what
 * the route declares it returns (functions/api/routes.ts `data`): a `personal`
 * route refuses anyone who may not see the pilot's personal data before the
 * handler runs, a `projected` route answers them with `figures`, its
 * projection. Domain errors become their 4xx with the field issues, and
 * anything else is logged and answered with a 500 that names the request,
 * never the input. Bodies are never logged: they may hold personal data, or a
 * CPR number being refused.
 */
export const apiHandler = (
  access: Access,
  fn: (event: ApiEvent, ctx: ApiContext) => Promise<ApiResult>,
  figures?: FiguresProjection,
  /**
   * Keys of items the handler will read anyway (named by its path or body),
   * read in the same BatchGetItem as the path's pilot instead of a call of
   * their own (ApiContext `readWithPilot`). Only read: nothing of them is
   * used before the caller's access to the pilot is decided.
   */
  alsoRead?: (event: ApiEvent, pilotId: string) => ItemKey[],
) =>
  observed(
    requestKeys,
    middy<ApiEvent, ApiResult, Error, Context>()
      .use(injectLambdaContext(logger, { resetKeys: true }))
      .use(httpErrors())
      .use(inputGuard())
      .handler(async (event) => {
        const actor = authorize(event, access);
        const store = handlerContext();
        const data = declaredData(event);
        const reads = new Map<string, Set<string>>();
        const accessed = (participantIds: Iterable<string>, pilotId = event.pathParameters?.pilotId) => {
          if (!pilotId) throw new Error('accessed() needs the pilot on a route without one in its path');
          const ids = reads.get(pilotId) ?? new Set<string>();
          for (const id of participantIds) ids.add(id);
          reads.set(pilotId, ids);
        };
        if (data === 'figures') return fn(event, { store, actor, personalData: seesPersonalData(actor), accessed });
        // The pilot of the path decides; with none (lists, companies), the caller's role does.
        const pilotId = event.pathParameters?.pilotId !== undefined ? pilotPath(event).pilotId : undefined;
        const extra = pilotId !== undefined && alsoRead ? alsoRead(event, pilotId) : [];
        const { pilot, items: readWithPilot } =
          pilotId === undefined
            ? { pilot: undefined, items: undefined }
            : extra.length
              ? await getPilotWith(store, pilotId, extra)
              : { pilot: await getPilot(store, pilotId), items: undefined };
        const personalData = seesPersonalData(actor, pilot);
        if (data === 'personal' && !personalData) throw figuresOnlyRefusal(actor);
        const result = await fn(event, { store, actor, personalData, accessed, ...(pilot ? { pilot } : {}), ...(readWithPilot ? { readWithPilot } : {}) });
        // A list of pilots is projected item by item: only an admin sees every item whole.
        const whole = data === 'personal' || (pilot ? personalData : actor.roles.includes('admin'));
        if (whole || result.statusCode >= 300 || typeof result.body !== 'string' || result.body === '') {
          // Only an answer that holds the personal data is a read of it; a figures-only projection is not.
          await logAccess(event, result, store, actor, reads);
          return result;
        }
        if (!figures) throw figuresOnlyRefusal(actor); // a projected route without its projection answers no one but the team
        return { ...result, body: JSON.stringify(figures(JSON.parse(result.body), (p) => seesPersonalData(actor, p))) };
      }),
  );

const PERSONAL_READS = new Set(API_ROUTES.filter((r) => r.readsPersonalData).map(routeKey));

/**
 * The access entry of a successful read of personal data, written before the
 * answer leaves: a read that cannot be logged fails (500) rather than return
 * data nobody will know was seen. A route declared `readsPersonalData` gets
 * its entry even when its handler reported nobody (naming no one), so a
 * handler that forgets to report cannot skip the log.
 */
const logAccess = async (event: ApiEvent, result: ApiResult, store: StoreContext, actor: Actor, reads: Map<string, Set<string>>) => {
  if (result.statusCode >= 300) return;
  if (!(event.routeKey !== undefined && PERSONAL_READS.has(event.routeKey))) {
    if (reads.size) logger.error('a route reported personal data but is not declared readsPersonalData in routes.ts', { route: event.routeKey });
    return;
  }
  const pathPilot = event.pathParameters?.pilotId;
  if (reads.size === 0 && pathPilot) reads.set(pathPilot, new Set());
  if (reads.size === 0) return;
  await recordAccess(store, {
    actor,
    route: event.routeKey,
    reads: [...reads].map(([pilotId, ids]) => ({ pilotId, participantIds: [...ids] })),
    retentionMonths: accessLogRetentionMonths(),
  });
};

/**
 * What the route of this event returns (functions/api/routes.ts). A route
 * missing from the table, or without its declaration, answers no one.
 */
const declaredData = (event: ApiEvent): RouteData => {
  const route = API_ROUTES.find((r) => routeKey(r) === event.routeKey);
  if (!route?.data) throw new Error(`route ${event.routeKey} does not declare what it returns (functions/api/routes.ts)`);
  return route.data;
};

/**
 * A handler for a route with no authorizer, whose caller proves who it is
 * with a signature the handler checks itself (a company's webhook). The
 * same error mapping: a DomainError is its 4xx, anything else a 500.
 */
export const signedHandler = (fn: (event: ApiEvent, ctx: { store: ServiceContext }) => Promise<ApiResult>) =>
  observed(
    requestKeys,
    countingWebhookAnswers(
      middy<ApiEvent, ApiResult, Error, Context>()
        .use(injectLambdaContext(logger, { resetKeys: true }))
        .use(httpErrors())
        .use(inputGuard())
        .handler(async (event) => fn(event, { store: handlerContext() })),
    ),
  );

/**
 * Counts a company's webhook answers by status and reason (WebhookAnswers):
 * what the company was told, whether applied, a duplicate, or refused and why
 * (the error code, or a conflict's reason).
 */
const countingWebhookAnswers =
  (handler: (event: ApiEvent, context: Context) => Promise<ApiResult>) =>
  async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const result = await handler(event, context);
    if (event.routeKey?.startsWith('POST /webhooks/')) {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(typeof result.body === 'string' ? result.body : '{}') as Record<string, unknown>;
      } catch {
        // not JSON: counted by its status alone
      }
      const reason = [body.reason, body.status, body.error].find((v): v is string => typeof v === 'string') ?? 'none';
      count('WebhookAnswers', { status: String(result.statusCode), reason });
    }
    return result;
  };

/**
 * A request's correlation ids: its route, the pilot, participant or company
 * of its path, and a webhook's id. Never a link's token (it is the link's
 * secret) nor anything from the body. They are taken before the input guard
 * has looked at the request, so only values of an id's own shape are kept:
 * a path or webhook-id carrying a CPR number (refused by the guard) or
 * anything else is not logged.
 */
const requestKeys = (event: ApiEvent): CorrelationKeys => ({
  route: event.routeKey,
  pilotId: uuidOrNothing(event.pathParameters?.pilotId),
  participantId: uuidOrNothing(event.pathParameters?.participantId),
  companyId: uuidOrNothing(event.pathParameters?.companyId),
  webhookId: webhookIdOrNothing(event.headers?.['webhook-id']),
});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOrNothing = (value: string | undefined) => (value !== undefined && UUID.test(value) ? value : undefined);
const webhookIdOrNothing = (value: string | undefined) =>
  value !== undefined && /^[A-Za-z0-9_.:-]{1,64}$/.test(value) && !containsCpr(value) ? value : undefined;

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
