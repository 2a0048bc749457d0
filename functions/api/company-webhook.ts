import { CompanyEventSchema } from '../domain/company.js';
import { findCprPaths } from '../domain/cpr.js';
import { CprRefusedError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../domain/errors.js';
import { parseInput } from '../domain/validation.js';
import { logger, signedHandler } from '../http/api-handler.js';
import { mediaTypeOf, parseJson, rawBody } from '../http/body.js';
import { reply } from '../http/reply.js';
import { applyCompanyEvent } from '../services/company-events.js';
import { verifyWebhook } from '../services/companies.js';
import { companyPath } from './params.js';

/** A company event is a few hundred bytes; anything near this is not one. */
const MAX_WEBHOOK_BYTES = 64 * 1024;

/**
 * POST /webhooks/companies/{companyId}: a partner company's event, signed
 * the Standard Webhooks way (README, "The webhook contract"). In order:
 * 404 unknown company, 401 bad signature or stale timestamp, 200 for a
 * webhook-id seen in the last 72 hours (acknowledged, not applied again),
 * 400 naming the field, 404 for a pilot the company is not invited to,
 * 409 with a reason when it does not fit, else 200 with what was applied.
 */
export const handler = signedHandler(async (event, { store }) => {
  const { companyId } = companyPath(event);
  const bytes = rawBody(event);
  if (bytes.byteLength > MAX_WEBHOOK_BYTES) throw new PayloadTooLargeError(`the body is larger than ${MAX_WEBHOOK_BYTES} bytes`);
  // The signature is over the body exactly as sent.
  const raw = bytes.toString('utf8');

  const { company, messageId, seen } = await verifyWebhook(store, companyId, raw, event.headers ?? {});
  if (seen) return reply('POST /webhooks/companies/{companyId}', 200, { status: 'duplicate', webhookId: messageId });

  if (mediaTypeOf(event) !== 'application/json') throw new UnsupportedMediaTypeError('Content-Type must be application/json');
  const body = parseJson(raw);
  const cpr = findCprPaths(body);
  if (cpr.length > 0) throw new CprRefusedError(cpr);
  const companyEvent = parseInput(CompanyEventSchema, body);

  const result = await applyCompanyEvent(store, company, companyEvent, 'webhook', messageId);
  logger.info('company event', { companyId, type: companyEvent.type, outcome: result.outcome });
  const { outcome, ...facts } = result;
  return reply('POST /webhooks/companies/{companyId}', 200, { status: outcome, webhookId: messageId, type: companyEvent.type, ...facts });
});
