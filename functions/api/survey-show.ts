import { PageLanguageQuery } from '../contracts/common.js';
import { logger, signedHandler } from '../http/api-handler.js';
import { htmlPage } from '../http/html-response.js';
import { showSurvey } from '../services/survey.js';

/** GET /survey/{token}?lang=: the survey's first question (README, "The participants' survey"). */
export const handler = signedHandler(async (event, { store }) => {
  const query = PageLanguageQuery.safeParse(event.queryStringParameters ?? {});
  const page = await showSurvey(store, event.pathParameters?.token ?? '', query.success ? query.data.lang : undefined);
  logger.info('survey shown', { status: page.status });
  return htmlPage(page.status, page.html, { referrerPolicy: 'same-origin' });
});
