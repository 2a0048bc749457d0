import { openApiDocument } from '../contracts/openapi.js';
import { apiHandler } from '../http/api-handler.js';
import { reply } from '../http/reply.js';
import { API_ROUTES } from './routes.js';

/**
 * GET /openapi.json: the API as OpenAPI 3.1, generated from the route
 * contracts (functions/contracts) of the routes table. For anyone with a
 * token: its readers are the page's and the consultants' tools, which hold
 * one, and no route of this API is anonymous (the webhook and the links are
 * signed). The same document is checked in as docs/openapi.json.
 */
let document: ReturnType<typeof openApiDocument> | undefined;
export const handler = apiHandler('read', async () => reply('GET /openapi.json', 200, (document ??= openApiDocument(API_ROUTES))));
