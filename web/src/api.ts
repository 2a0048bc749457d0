// The page's only way to the data: the same HTTP API the curl examples use,
// with the same bearer token. No second API. Every call names its route as
// the routes table does ('GET /pilots/{pilotId}'), and its path parameters,
// query, body and answer are typed by that route's contract
// (functions/contracts), the same schemas the handlers answer through and
// GET /openapi.json is made from: the page cannot read a field the API does
// not declare, nor send one it does not take.

import type { BodyOf, Contracts, QueryOf, ResponseOf, RouteKey } from '../../functions/contracts/index.js';
import type { FieldIssue } from '../../functions/domain/errors.js';
export type { FieldIssue };

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
    /** A 409's reason (a stable code) and its facts, as the API sent them. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** A 409's `reason`, when there is one. */
  get reason(): string | undefined {
    return typeof this.details.reason === 'string' ? this.details.reason : undefined;
  }
}

type PathOf<K> = K extends `${string} ${infer P}` ? P : never;
/** `{ pilotId: string }` for '/pilots/{pilotId}'. */
export type PathParams<P> = P extends `${string}{${infer N}}${infer Rest}` ? { [k in N]: string } & PathParams<Rest> : Record<never, string>;

/** What a form sends: the contract's fields, any still missing or as typed (the API names what is wrong). */
export type Draft<T> = T extends string ? string : T extends readonly (infer U)[] ? Draft<U>[] : T extends object ? { [k in keyof T]?: Draft<T[k]> } : T;

type GetRoute = Extract<RouteKey, `GET ${string}`>;
type SendRoute = Exclude<RouteKey, GetRoute>;
/** The routes whose answer is an HTML page (`html: true` in the contract), such as the sheet of survey codes. */
type PageRoute = { [K in SendRoute]: Contracts[K] extends { html: true } ? K : never }[SendRoute];

export interface Api {
  get<K extends GetRoute>(route: K, params: PathParams<PathOf<K>>, query?: Partial<QueryOf<K>>): Promise<ResponseOf<K>>;
  /** A JSON body as the contract types it, or text (CSV, one code a line) with its content type. */
  send<K extends SendRoute>(route: K, params: PathParams<PathOf<K>>, body?: Draft<BodyOf<K>> | string, contentType?: string): Promise<ResponseOf<K>>;
  /** A route that answers an HTML page: the page's text, for the reader to see or print. Its errors are JSON, as every route's. */
  page<K extends PageRoute>(route: K, params: PathParams<PathOf<K>>, body?: Draft<BodyOf<K>> | string, contentType?: string): Promise<string>;
}

/** '/pilots/{pilotId}' with its parameters filled in, and the query's given values. */
export const urlOf = (route: string, params: Record<string, string>, query: Record<string, unknown> = {}): string => {
  const path = route.slice(route.indexOf(' ') + 1).replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const search = new URLSearchParams(Object.entries(query).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]])));
  return search.size > 0 ? `${path}?${search}` : path;
};

export const createApi = (base: string, token: () => string | undefined, onUnauthorized: () => void): Api => {
  const request = async (
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<{ text: string; json: Record<string, unknown> | undefined }> => {
    const headers: Record<string, string> = {};
    const bearer = token();
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    let payload: string | undefined;
    if (body !== undefined) {
      headers['content-type'] = contentType;
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await fetch(`${base}${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    const text = await res.text();
    // A gateway's error page is not JSON: the status still says what happened.
    let json: Record<string, unknown> | undefined;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      json = undefined;
    }
    if (res.status === 401) onUnauthorized();
    if (!res.ok) {
      const { error, message, issues, ...details } = json ?? {};
      throw new ApiError(res.status, String(error ?? 'error'), String(message ?? res.statusText), (issues as FieldIssue[] | undefined) ?? [], details);
    }
    return { text, json };
  };
  const call = async (method: string, path: string, body?: unknown, contentType?: string): Promise<unknown> =>
    (await request(method, path, body, contentType)).json;
  const methodOf = (route: string) => route.slice(0, route.indexOf(' '));
  return {
    get: (route, params, query) => call('GET', urlOf(route, params as Record<string, string>, query as Record<string, unknown>)) as never,
    send: (route, params, body, contentType) => call(methodOf(route), urlOf(route, params as Record<string, string>), body, contentType) as never,
    page: async (route, params, body, contentType) => (await request(methodOf(route), urlOf(route, params as Record<string, string>), body, contentType)).text,
  };
};
