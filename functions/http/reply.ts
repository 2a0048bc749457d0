import type { ReplyBody, RouteKey, StatusOf } from '../contracts/index.js';
import { json, noContent, type ApiResult } from './types.js';

/**
 * A handler's answer, typed by its route's contract (functions/contracts):
 * the body must be what the contract declares for that status, so a handler
 * cannot answer a shape the OpenAPI document and the page do not know.
 */
export const reply = <K extends RouteKey, S extends StatusOf<K>>(
  _route: K,
  status: S,
  body: ReplyBody<K, S>,
  headers: Record<string, string> = {},
): ApiResult => (body === undefined && status === 204 ? noContent() : json(status, body, headers));
