import { dispatch } from './dispatch.js';

/**
 * The `signed` function: the requests without a token that companies and
 * participants sign: webhooks, e-mail links, the survey
 * (functions/api/routes.ts, API_GROUPS).
 * One import per route of the group, each evaluated on its route's first
 * request; test/unit/api-groups.test.ts checks the list against the routes table.
 */
export const handler = dispatch('signed', {
  'company-webhook': () => import('../company-webhook.js'),
  'link-show': () => import('../link-show.js'),
  'link-submit': () => import('../link-submit.js'),
  'survey-entry': () => import('../survey-entry.js'),
  'survey-show': () => import('../survey-show.js'),
  'survey-submit': () => import('../survey-submit.js'),
});
