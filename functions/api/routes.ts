import type { Access, SIGNED } from '../http/auth.js';

// Every API route, declared once. The CDK stack makes one HTTP API route of
// each entry, and sends it to the function of its group (API_GROUPS below),
// which dispatches by this table to the route's handler module; the local
// server calls the same group modules. So the two can never disagree about
// what exists.

interface RouteBase {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway's path syntax: `{name}` for a path parameter. */
  path: string;
  /** The handler module, `functions/api/<handler>.ts`, exporting `handler`. */
  handler: string;
  /**
   * A read whose answer holds participants' personal data: each successful
   * call that answers with it (not a figures-only projection) writes one
   * access entry (functions/http/api-handler.ts) naming the participants the
   * handler reports (`ctx.accessed`). test/local/access-log.test.ts calls every
   * read route and fails when one shows a participant's data without this, or
   * writes no entry naming exactly whom it showed.
   */
  readsPersonalData?: true;
  /** Lambda timeout; API Gateway gives up at 30 s. Default 10 s. */
  timeoutSeconds?: number;
  /** The handler sends e-mail (the stack grants it SES and the mail settings). */
  sendsMail?: true;
  /** What the handler does with the keys port (functions/ports/keys.ts); the stack grants exactly that on the KMS keys. */
  keys?: readonly KeyUse[];
}

/**
 * What a route returns or changes of people (functions/domain/access.ts
 * decides who may see it; the API's wrapper, functions/http/api-handler.ts,
 * enforces it before and after the handler runs). Every route with a token
 * declares it:
 * - `figures`: its answer names no one (counts, phases, outcome figures); every reader gets it.
 * - `personal`: it reads a pilot's personal data in full, or changes the pilot (or, with no
 *   pilot in its path, data with contact persons): only the pilot's team and admins (for
 *   shared data: consultants and admins); anyone else gets 403 `not_on_team` or `figures_only`.
 * - `projected`: the team and admins get it whole; anyone else the handler's figures-only
 *   projection of it.
 */
export type RouteData = 'figures' | 'personal' | 'projected';

/** Who may call: `read`/`write` by role from the token, with what the route returns; `signed` has no token and checks a signature itself. */
export type ApiRoute = RouteBase & ({ access: Access; data: RouteData } | { access: typeof SIGNED; data?: never });

/** seal/open: the companies' webhook secrets (KMS Encrypt/Decrypt); sign/verify: the e-mail links (KMS GenerateMac/VerifyMac). */
export type KeyUse = 'seal' | 'open' | 'sign' | 'verify';

export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'POST', path: '/pilots', handler: 'pilots-create', access: 'write', data: 'personal' },
  { method: 'GET', path: '/pilots', handler: 'pilots-list', access: 'read', data: 'projected' },
  { method: 'GET', path: '/pilots/{pilotId}', handler: 'pilots-get', access: 'read', data: 'projected' },
  { method: 'PATCH', path: '/pilots/{pilotId}', handler: 'pilots-update', access: 'write', data: 'personal' },
  { method: 'POST', path: '/pilots/{pilotId}/start', handler: 'pilots-start', access: 'write', data: 'personal' },
  { method: 'POST', path: '/pilots/{pilotId}/pause', handler: 'pilots-pause', access: 'write', data: 'personal' },
  { method: 'POST', path: '/pilots/{pilotId}/resume', handler: 'pilots-resume', access: 'write', data: 'personal' },
  { method: 'POST', path: '/pilots/{pilotId}/close', handler: 'pilots-close', access: 'write', data: 'personal' },
  { method: 'POST', path: '/pilots/{pilotId}/retry', handler: 'pilots-retry', access: 'write', data: 'personal' },
  { method: 'POST', path: '/pilots/{pilotId}/recruitment/extend', handler: 'recruitment-extend', access: 'write', data: 'personal' },
  { method: 'GET', path: '/pilots/{pilotId}/outcome', handler: 'pilots-outcome', access: 'read', data: 'projected' },
  { method: 'POST', path: '/pilots/{pilotId}/outcome/override', handler: 'outcome-override', access: 'write', data: 'personal', sendsMail: true },
  { method: 'POST', path: '/pilots/{pilotId}/vouchers', handler: 'vouchers-load', access: 'write', data: 'personal', timeoutSeconds: 29, sendsMail: true },
  { method: 'GET', path: '/pilots/{pilotId}/vouchers', handler: 'vouchers-list', access: 'read', data: 'projected', readsPersonalData: true },
  { method: 'POST', path: '/pilots/{pilotId}/exam-results', handler: 'exam-results', access: 'write', data: 'personal', timeoutSeconds: 29, sendsMail: true },
  { method: 'DELETE', path: '/pilots/{pilotId}/participants/{participantId}/voucher', handler: 'voucher-revoke', access: 'write', data: 'personal' },
  { method: 'POST', path: '/pilots/{pilotId}/follow-up', handler: 'follow-up-record', access: 'write', data: 'personal', timeoutSeconds: 29, sendsMail: true },
  { method: 'PUT', path: '/pilots/{pilotId}/comparison-group', handler: 'comparison-group-record', access: 'write', data: 'personal' },
  // A batch of up to 1,000 rows is enrolled row by row, each a transaction on the pilot's counters.
  { method: 'POST', path: '/pilots/{pilotId}/participants', handler: 'participants-enrol', access: 'write', data: 'personal', timeoutSeconds: 29 },
  { method: 'GET', path: '/pilots/{pilotId}/participants', handler: 'participants-list', access: 'read', data: 'personal', readsPersonalData: true },
  // An attendance list: up to 1,000 status changes, 98 to a transaction.
  { method: 'POST', path: '/pilots/{pilotId}/participants/status', handler: 'participants-status', access: 'write', data: 'personal', timeoutSeconds: 29 },
  {
    method: 'GET',
    path: '/pilots/{pilotId}/participants/{participantId}',
    handler: 'participants-get',
    access: 'read',
    data: 'personal',
    readsPersonalData: true,
  },
  { method: 'PATCH', path: '/pilots/{pilotId}/participants/{participantId}', handler: 'participants-update', access: 'write', data: 'personal' },
  { method: 'DELETE', path: '/pilots/{pilotId}/participants/{participantId}', handler: 'participants-erase', access: 'write', data: 'personal' },
  { method: 'GET', path: '/pilots/{pilotId}/audit', handler: 'audit-list', access: 'read', data: 'projected' },
  // The pilot's team: its members and admins add and remove consultants (by e-mail address).
  { method: 'POST', path: '/pilots/{pilotId}/team', handler: 'team-add', access: 'write', data: 'personal' },
  { method: 'DELETE', path: '/pilots/{pilotId}/team/{member}', handler: 'team-remove', access: 'write', data: 'personal' },
  // Who read whose personal data (the team and admins); a citizen's copy of everything held about them
  // (an admin, or the team of a pilot that holds them), the case reference in the body, never in a URL.
  { method: 'GET', path: '/pilots/{pilotId}/access-log', handler: 'access-log-list', access: 'read', data: 'personal', timeoutSeconds: 29 },
  { method: 'POST', path: '/subject-access', handler: 'subject-access', access: 'read', data: 'personal', readsPersonalData: true, timeoutSeconds: 29 },
  // The participants' survey: its counts (figures only), and a printable sheet of codes for those without e-mail.
  { method: 'GET', path: '/pilots/{pilotId}/survey', handler: 'survey-results', access: 'read', data: 'figures' },
  { method: 'POST', path: '/pilots/{pilotId}/survey/codes', handler: 'survey-codes', access: 'write', data: 'personal' },

  // Partner companies and the match event.
  { method: 'POST', path: '/companies', handler: 'companies-create', access: 'write', data: 'personal', keys: ['seal'] },
  { method: 'GET', path: '/companies', handler: 'companies-list', access: 'read', data: 'projected' },
  { method: 'GET', path: '/companies/{companyId}', handler: 'companies-get', access: 'read', data: 'projected' },
  { method: 'POST', path: '/companies/{companyId}/secret/rotate', handler: 'companies-rotate-secret', access: 'write', data: 'personal', keys: ['seal'] },
  {
    method: 'POST',
    path: '/pilots/{pilotId}/companies',
    handler: 'pilot-companies-invite',
    access: 'write',
    data: 'personal',
    sendsMail: true,
    keys: ['sign'],
  },
  { method: 'GET', path: '/pilots/{pilotId}/companies', handler: 'pilot-companies-list', access: 'read', data: 'figures' },
  { method: 'POST', path: '/pilots/{pilotId}/match-event/extend', handler: 'match-event-extend', access: 'write', data: 'personal' },
  { method: 'GET', path: '/pilots/{pilotId}/schedule', handler: 'pilot-schedule', access: 'read', data: 'personal', readsPersonalData: true },
  {
    method: 'PUT',
    path: '/pilots/{pilotId}/participants/{participantId}/match-preferences',
    handler: 'participant-match-preferences',
    access: 'write',
    data: 'personal',
  },
  { method: 'GET', path: '/pilots/{pilotId}/internships', handler: 'pilot-internships', access: 'read', data: 'projected', readsPersonalData: true },

  // The API described as OpenAPI 3.1, generated from functions/contracts.
  { method: 'GET', path: '/openapi.json', handler: 'openapi', access: 'read', data: 'figures' },

  // Signed by the caller, no token: the handler verifies the signature (README, "The webhook contract").
  { method: 'POST', path: '/webhooks/companies/{companyId}', handler: 'company-webhook', access: 'signed', keys: ['open'] },
  { method: 'GET', path: '/links/{token}', handler: 'link-show', access: 'signed', keys: ['verify'] },
  { method: 'POST', path: '/links/{token}', handler: 'link-submit', access: 'signed', keys: ['verify'] },
  // The participants' anonymous survey: a signed e-mail link, or a printed code typed in at /survey.
  { method: 'GET', path: '/survey', handler: 'survey-entry', access: 'signed' },
  { method: 'GET', path: '/survey/{token}', handler: 'survey-show', access: 'signed', keys: ['verify'] },
  { method: 'POST', path: '/survey/{token}', handler: 'survey-submit', access: 'signed', keys: ['verify'] },
];

export const routeKey = (r: Pick<ApiRoute, 'method' | 'path'>) => `${r.method} ${r.path}`;

/**
 * The API's Lambda functions: the routes grouped by what they may do, each
 * group one function (functions/api/groups/<group>.ts) with the permissions
 * of its routes and no more (infra/stack.ts). Grouped rather than one
 * function per route because a few consultants' day then meets about a
 * quarter of the cold starts (bench/function-shapes.ts), each costing about
 * what the route's own function would: a group's function evaluates a
 * route's handler module on that route's first request only.
 * - `read`: the reads of every role (and the access entries a read of personal data writes);
 * - `write`: the changes consultants make (the table, e-mail, the workflow, sealing and signing);
 * - `signed`: the requests without a token that companies and participants sign (webhooks, links, the survey).
 */
export const API_GROUPS = ['read', 'write', 'signed'] as const;
export type ApiGroup = (typeof API_GROUPS)[number];
export const groupOf = (route: ApiRoute): ApiGroup => route.access;
