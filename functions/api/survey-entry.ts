import { SurveyEntryQuery } from '../contracts/survey.js';
import { logger, signedHandler } from '../http/api-handler.js';
import { htmlPage } from '../http/html-response.js';
import { enterCode } from '../services/survey.js';

/** GET /survey?code=: where a printed code is typed in; with a code, on to its survey (README, "The participants' survey"). */
export const handler = signedHandler(async (event, { store }) => {
  const query = SurveyEntryQuery.safeParse(event.queryStringParameters ?? {});
  const { lang, code } = query.success ? query.data : { lang: 'da' as const, code: undefined };
  const page = await enterCode(store, code, lang);
  logger.info('survey code entered', { status: page.status });
  if (page.location) return { statusCode: 303, headers: { location: page.location, 'cache-control': 'no-store', 'referrer-policy': 'same-origin' }, body: '' };
  return htmlPage(page.status, page.html, { referrerPolicy: 'same-origin' });
});
