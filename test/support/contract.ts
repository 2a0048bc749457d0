import { isDeepStrictEqual } from 'node:util';
import type * as z from 'zod';
import { API_ROUTES, routeKey } from '../../functions/api/routes.js';
import { ErrorBodySchema } from '../../functions/contracts/common.js';
import { ROUTE_CONTRACTS, type RouteContract } from '../../functions/contracts/index.js';
import { documentRefusesAnswer, documentRefusesBody } from './openapi-check.js';

// Every answer the test API gets is held against its route's contract
// (functions/contracts): a success must be a status the contract declares,
// with a body its schema parses to exactly the body sent (so a field the
// contract does not declare fails too); a refusal (but a 401, which the
// authorizer answers) must be the error body, every issue with its code. So every local test that calls the API
// checks that the API answers what GET /openapi.json and the page's types say,
// by zod and by the published document itself (openapi-check.ts), and that a
// JSON body the API took is one the document describes.

const templates = API_ROUTES.map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));

/** The route of the routes table that `method` and `path` (with any query) reach, if any. */
export const routeOf = (method: string, path: string) => {
  const pathname = path.split('?')[0]!;
  return templates.find((t) => t.route.method === method && t.pattern.test(pathname))?.route;
};

export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

/** Throws a ContractViolation when the answer does not fit the route's contract. */
export const checkAnswer = (method: string, path: string, status: number, body: unknown): void => {
  const route = routeOf(method, path);
  if (!route) return; // the local stack's own routes (/_local/…) and the web page
  const key = routeKey(route);
  const contract = (ROUTE_CONTRACTS as Record<string, RouteContract>)[key];
  if (!contract) throw new ContractViolation(`${key} has no contract in functions/contracts/index.ts`);
  if (contract.html) {
    // A page: its refusals are pages too (no error body); a success is a status the contract declares, with HTML.
    if (status >= 200 && status < 400 && !(status in contract.responses))
      throw new ContractViolation(`${key} answered ${status}, which its contract does not declare`);
    if (status >= 200 && status < 300 && typeof body !== 'string') throw new ContractViolation(`${key} answered ${status} with JSON; its contract says a page`);
    return;
  }
  // Every refusal is the error body; a 401 is the authorizer's (on AWS, API Gateway's own body).
  if (status >= 400 && status !== 401) {
    const parsed = ErrorBodySchema.safeParse(body);
    if (!parsed.success) throw new ContractViolation(`${key} answered ${status} with a body that is not the error body: ${parsed.error.message}`);
    return;
  }
  if (status >= 300) return;
  if (!(status in contract.responses)) throw new ContractViolation(`${key} answered ${status}, which its contract does not declare`);
  // The page to print the route answers when asked for it (POST /subject-access with `format: html`).
  if (contract.htmlAlso && typeof body === 'string') return;
  const schema = contract.responses[status] as z.ZodType | null;
  if (schema === null) {
    if (body !== undefined) throw new ContractViolation(`${key} answered ${status} with a body; its contract says none`);
    return;
  }
  conforms(key, status, schema, body);
  const refused = documentRefusesAnswer(route.method, route.path, status, body);
  if (refused) throw new ContractViolation(`${key} answered ${status} with a body GET /openapi.json refuses: ${refused}`);
};

/**
 * Throws a ContractViolation when the API took a JSON body (a 2xx) that GET
 * /openapi.json says it refuses. A batch answered row by row takes its bad
 * rows too, reporting them rejected: the document describes a good row, so
 * such a batch is no claim about it.
 */
export const checkRequest = (method: string, path: string, status: number, body: unknown, answer?: unknown): void => {
  const route = routeOf(method, path);
  if (!route || status < 200 || status >= 300) return;
  const rows = (answer as { rows?: { outcome?: string }[] } | undefined)?.rows;
  if (Array.isArray(rows) && rows.some((row) => row.outcome === 'rejected')) return;
  const refused = documentRefusesBody(route.method, route.path, body);
  if (refused) throw new ContractViolation(`${routeKey(route)} took a body GET /openapi.json refuses: ${refused}`);
};

/** The schema parses the body, and keeps all of it (an undeclared field would be stripped). */
export const conforms = (key: string, status: number, schema: z.ZodType, body: unknown): void => {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ContractViolation(`${key} answered ${status} with a body its contract refuses: ${parsed.error.message}`);
  if (!isDeepStrictEqual(withoutUndefined(parsed.data), body)) {
    throw new ContractViolation(`${key} answered ${status} with fields its contract does not declare: ${undeclared(parsed.data, body).join(', ')}`);
  }
};

const withoutUndefined = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

/** The paths present in `sent` and missing from `kept`. */
const undeclared = (kept: unknown, sent: unknown, path = ''): string[] => {
  if (Array.isArray(sent)) return sent.flatMap((item, i) => undeclared((kept as unknown[] | undefined)?.[i], item, `${path}.${i}`));
  if (sent === null || typeof sent !== 'object') return [];
  return Object.entries(sent).flatMap(([k, v]) =>
    kept !== null && typeof kept === 'object' && k in kept ? undeclared((kept as Record<string, unknown>)[k], v, `${path}.${k}`) : [`${path}.${k}`.slice(1)],
  );
};
