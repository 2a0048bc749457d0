// The page's only way to the data: the same HTTP API the curl examples use,
// with the same bearer token. No second API.

export type { FieldIssue } from '../../functions/domain/errors.js';
import type { FieldIssue } from '../../functions/domain/errors.js';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }
}

export interface Api {
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, contentType?: string): Promise<T>;
}

export const createApi = (base: string, token: () => string | undefined, onUnauthorized: () => void): Api => {
  const call = async <T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> => {
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
      throw new ApiError(res.status, String(json?.error ?? 'error'), String(json?.message ?? res.statusText), (json?.issues as FieldIssue[]) ?? []);
    }
    return json as T;
  };
  return {
    get: (path) => call('GET', path),
    send: (method, path, body, contentType) => call(method, path, body, contentType),
  };
};
