import type { RouteAccess } from '../http/auth.js';

// Every API route, declared once. The CDK stack makes one Lambda function and
// one HTTP API route of each entry; the local server dispatches to the same
// handler modules. So the two can never disagree about what exists.

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway's path syntax: `{name}` for a path parameter. */
  path: string;
  /** The handler module, `functions/api/<handler>.ts`, exporting `handler`. */
  handler: string;
  /** Who may call: `read`/`write` by role from the token; `signed` has no token and checks a signature itself. */
  access: RouteAccess;
  /** Lambda timeout; API Gateway gives up at 30 s. Default 10 s. */
  timeoutSeconds?: number;
  /** The handler sends e-mail (the stack grants it SES and the mail settings). */
  sendsMail?: true;
  /** What the handler does with the keys port (functions/ports/keys.ts); the stack grants exactly that on the KMS keys. */
  keys?: readonly KeyUse[];
}

/** seal/open: the companies' webhook secrets (KMS Encrypt/Decrypt); sign/verify: the e-mail links (KMS GenerateMac/VerifyMac). */
export type KeyUse = 'seal' | 'open' | 'sign' | 'verify';

export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'POST', path: '/pilots', handler: 'pilots-create', access: 'write' },
  { method: 'GET', path: '/pilots', handler: 'pilots-list', access: 'read' },
  { method: 'GET', path: '/pilots/{pilotId}', handler: 'pilots-get', access: 'read' },
  { method: 'PATCH', path: '/pilots/{pilotId}', handler: 'pilots-update', access: 'write' },
  { method: 'POST', path: '/pilots/{pilotId}/start', handler: 'pilots-start', access: 'write' },
  { method: 'POST', path: '/pilots/{pilotId}/pause', handler: 'pilots-pause', access: 'write' },
  { method: 'POST', path: '/pilots/{pilotId}/resume', handler: 'pilots-resume', access: 'write' },
  { method: 'POST', path: '/pilots/{pilotId}/close', handler: 'pilots-close', access: 'write' },
  { method: 'POST', path: '/pilots/{pilotId}/retry', handler: 'pilots-retry', access: 'write' },
  { method: 'POST', path: '/pilots/{pilotId}/recruitment/extend', handler: 'recruitment-extend', access: 'write' },
  { method: 'GET', path: '/pilots/{pilotId}/outcome', handler: 'pilots-outcome', access: 'read' },
  { method: 'POST', path: '/pilots/{pilotId}/outcome/override', handler: 'outcome-override', access: 'write', sendsMail: true },
  { method: 'POST', path: '/pilots/{pilotId}/vouchers', handler: 'vouchers-load', access: 'write', timeoutSeconds: 29, sendsMail: true },
  { method: 'GET', path: '/pilots/{pilotId}/vouchers', handler: 'vouchers-list', access: 'read' },
  { method: 'POST', path: '/pilots/{pilotId}/exam-results', handler: 'exam-results', access: 'write', timeoutSeconds: 29, sendsMail: true },
  { method: 'DELETE', path: '/pilots/{pilotId}/participants/{participantId}/voucher', handler: 'voucher-revoke', access: 'write' },
  { method: 'POST', path: '/pilots/{pilotId}/follow-up', handler: 'follow-up-record', access: 'write', timeoutSeconds: 29, sendsMail: true },
  // A batch of up to 1,000 rows is enrolled row by row, each a transaction on the pilot's counters.
  { method: 'POST', path: '/pilots/{pilotId}/participants', handler: 'participants-enrol', access: 'write', timeoutSeconds: 29 },
  { method: 'GET', path: '/pilots/{pilotId}/participants', handler: 'participants-list', access: 'read' },
  { method: 'GET', path: '/pilots/{pilotId}/participants/{participantId}', handler: 'participants-get', access: 'read' },
  { method: 'PATCH', path: '/pilots/{pilotId}/participants/{participantId}', handler: 'participants-update', access: 'write' },
  { method: 'DELETE', path: '/pilots/{pilotId}/participants/{participantId}', handler: 'participants-erase', access: 'write' },
  { method: 'GET', path: '/pilots/{pilotId}/audit', handler: 'audit-list', access: 'read' },

  // Partner companies and the match event.
  { method: 'POST', path: '/companies', handler: 'companies-create', access: 'write', keys: ['seal'] },
  { method: 'GET', path: '/companies', handler: 'companies-list', access: 'read' },
  { method: 'GET', path: '/companies/{companyId}', handler: 'companies-get', access: 'read' },
  { method: 'POST', path: '/companies/{companyId}/secret/rotate', handler: 'companies-rotate-secret', access: 'write', keys: ['seal'] },
  { method: 'POST', path: '/pilots/{pilotId}/companies', handler: 'pilot-companies-invite', access: 'write', sendsMail: true, keys: ['sign'] },
  { method: 'GET', path: '/pilots/{pilotId}/companies', handler: 'pilot-companies-list', access: 'read' },
  { method: 'POST', path: '/pilots/{pilotId}/match-event/extend', handler: 'match-event-extend', access: 'write' },
  { method: 'GET', path: '/pilots/{pilotId}/schedule', handler: 'pilot-schedule', access: 'read' },
  { method: 'PUT', path: '/pilots/{pilotId}/participants/{participantId}/match-preferences', handler: 'participant-match-preferences', access: 'write' },
  { method: 'GET', path: '/pilots/{pilotId}/internships', handler: 'pilot-internships', access: 'read' },

  // The API described as OpenAPI 3.1, generated from functions/contracts.
  { method: 'GET', path: '/openapi.json', handler: 'openapi', access: 'read' },

  // Signed by the caller, no token: the handler verifies the signature (README, "The webhook contract").
  { method: 'POST', path: '/webhooks/companies/{companyId}', handler: 'company-webhook', access: 'signed', keys: ['open'] },
  { method: 'GET', path: '/links/{token}', handler: 'link-show', access: 'signed', keys: ['verify'] },
  { method: 'POST', path: '/links/{token}', handler: 'link-submit', access: 'signed', keys: ['verify'] },
];

export const routeKey = (r: Pick<ApiRoute, 'method' | 'path'>) => `${r.method} ${r.path}`;
