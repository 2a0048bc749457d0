import { logger, signedHandler } from '../http/api-handler.js';
import { rawBody } from '../http/body.js';
import { htmlPage } from '../http/html-response.js';
import { count } from '../metrics.js';
import { submitSurvey } from '../services/survey.js';
import { isCrossSite } from './link-submit.js';

/** Four radio choices and a nonce; anything near this is not the survey's form. */
const MAX_FORM_BYTES = 4 * 1024;

/**
 * POST /survey/{token}: one screen of the survey answered; the last records
 * the whole answer. Logged and counted by status and reason only: never the
 * pilot, the token or an answer, so neither the logs nor the metrics can be
 * joined with the mail log to tell who answered what.
 */
export const handler = signedHandler(async (event, { store }) => {
  const bytes = rawBody(event);
  const page = await submitSurvey(store, event.pathParameters?.token ?? '', bytes.byteLength > MAX_FORM_BYTES ? '' : bytes.toString('utf8'), {
    crossSite: isCrossSite(event.headers ?? {}),
  });
  logger.info('survey submitted', { status: page.status, reason: page.reason });
  count('SurveyAnswers', { status: String(page.status), reason: page.reason ?? (page.status < 300 ? 'shown-or-recorded' : 'form-error') });
  return htmlPage(page.status, page.html, { referrerPolicy: 'same-origin' });
});
