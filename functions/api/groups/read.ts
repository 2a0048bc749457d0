import { dispatch } from './dispatch.js';

/**
 * The `read` function: the reads of every role, and the access entries a
 * read of personal data writes (functions/api/routes.ts, API_GROUPS).
 * One import per route of the group, each evaluated on its route's first
 * request; test/unit/api-groups.test.ts checks the list against the routes table.
 */
export const handler = dispatch('read', {
  'pilots-list': () => import('../pilots-list.js'),
  'pilots-get': () => import('../pilots-get.js'),
  'pilots-outcome': () => import('../pilots-outcome.js'),
  'vouchers-list': () => import('../vouchers-list.js'),
  'participants-list': () => import('../participants-list.js'),
  'participants-get': () => import('../participants-get.js'),
  'audit-list': () => import('../audit-list.js'),
  'access-log-list': () => import('../access-log-list.js'),
  'subject-access': () => import('../subject-access.js'),
  'survey-results': () => import('../survey-results.js'),
  'companies-list': () => import('../companies-list.js'),
  'companies-get': () => import('../companies-get.js'),
  'pilot-companies-list': () => import('../pilot-companies-list.js'),
  'pilot-schedule': () => import('../pilot-schedule.js'),
  'pilot-internships': () => import('../pilot-internships.js'),
  openapi: () => import('../openapi.js'),
});
