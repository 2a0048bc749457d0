import { dispatch } from './dispatch.js';

/**
 * The `write` function: the changes consultants and admins make
 * (functions/api/routes.ts, API_GROUPS).
 * One import per route of the group, each evaluated on its route's first
 * request; test/unit/api-groups.test.ts checks the list against the routes table.
 */
export const handler = dispatch('write', {
  'pilots-create': () => import('../pilots-create.js'),
  'pilots-update': () => import('../pilots-update.js'),
  'pilots-start': () => import('../pilots-start.js'),
  'pilots-pause': () => import('../pilots-pause.js'),
  'pilots-resume': () => import('../pilots-resume.js'),
  'pilots-close': () => import('../pilots-close.js'),
  'pilots-retry': () => import('../pilots-retry.js'),
  'recruitment-extend': () => import('../recruitment-extend.js'),
  'outcome-override': () => import('../outcome-override.js'),
  'vouchers-load': () => import('../vouchers-load.js'),
  'exam-results': () => import('../exam-results.js'),
  'voucher-revoke': () => import('../voucher-revoke.js'),
  'follow-up-record': () => import('../follow-up-record.js'),
  'comparison-group-record': () => import('../comparison-group-record.js'),
  'participants-enrol': () => import('../participants-enrol.js'),
  'participants-status': () => import('../participants-status.js'),
  'participants-update': () => import('../participants-update.js'),
  'participants-erase': () => import('../participants-erase.js'),
  'team-add': () => import('../team-add.js'),
  'team-remove': () => import('../team-remove.js'),
  'survey-codes': () => import('../survey-codes.js'),
  'companies-create': () => import('../companies-create.js'),
  'companies-rotate-secret': () => import('../companies-rotate-secret.js'),
  'pilot-companies-invite': () => import('../pilot-companies-invite.js'),
  'match-event-extend': () => import('../match-event-extend.js'),
  'participant-match-preferences': () => import('../participant-match-preferences.js'),
});
