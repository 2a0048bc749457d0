import { apiHandler } from '../http/api-handler.js';
import { parseJson, readBody } from '../http/body.js';
import { reply } from '../http/reply.js';
import { loadVouchers } from '../services/vouchers/load.js';
import { pilotPath } from './params.js';
import { mailEnvironment } from '../config.js';

// This function sends e-mail: without MAIL_FROM, PUBLIC_URL or API_URL it fails at its start, not at its first e-mail.
mailEnvironment();

/**
 * POST /pilots/{pilotId}/vouchers: load codes, as JSON
 * `{ "sponsor", "exam", "expiresOn", "codes": [...] }` or as text/plain, one
 * code a line, with ?sponsor=&exam=&expiresOn= in the query.
 */
export const handler = apiHandler('write', async (event, { store, actor, pilot }) => {
  const { pilotId } = pilotPath(event);
  const { mediaType, text } = readBody(event, ['application/json', 'text/plain']);
  const request =
    mediaType === 'text/plain' ? { kind: 'text' as const, text, query: event.queryStringParameters ?? {} } : { kind: 'json' as const, body: parseJson(text) };
  return reply('POST /pilots/{pilotId}/vouchers', 200, await loadVouchers(store, pilotId, request, actor, pilot));
});
