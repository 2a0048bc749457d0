import * as z from 'zod';
import { logger, signedHandler } from '../http/api-handler.js';
import { htmlPage } from '../http/html-response.js';
import { showSurvey } from '../services/survey.js';

const Lang = z.enum(['da', 'en']);

/** GET /survey/{token}?lang=: the survey's first question (README, "The participants' survey"). */
export const handler = signedHandler(async (event, { store }) => {
  const lang = Lang.safeParse(event.queryStringParameters?.lang);
  const page = await showSurvey(store, event.pathParameters?.token ?? '', lang.success ? lang.data : undefined);
  logger.info('survey shown', { status: page.status });
  return htmlPage(page.status, page.html, { referrerPolicy: 'same-origin' });
});
