import type { Access } from '../http/auth.js';

// Every API route, declared once. The CDK stack makes one Lambda function and
// one HTTP API route of each entry; the local server dispatches to the same
// handler modules. So the two can never disagree about what exists.

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** API Gateway's path syntax: `{name}` for a path parameter. */
  path: string;
  /** The handler module, `functions/api/<handler>.ts`, exporting `handler`. */
  handler: string;
  access: Access;
  /** Lambda timeout; API Gateway gives up at 30 s. Default 10 s. */
  timeoutSeconds?: number;
  /** The handler sends e-mail (the stack grants it SES and the mail settings). */
  sendsMail?: true;
}

export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'POST', path: '/pilots', handler: 'pilots-create', access: 'write' },
  { method: 'GET', path: '/pilots', handler: 'pilots-list', access: 'read' },
  { method: 'GET', path: '/pilots/{pilotId}', handler: 'pilots-get', access: 'read' },
  { method: 'PATCH', path: '/pilots/{pilotId}', handler: 'pilots-update', access: 'write' },
  { method: 'POST', path: '/pilots/{pilotId}/start', handler: 'pilots-start', access: 'write' },
  { method: 'POST', path: '/pilots/{pilotId}/pause', handler: 'pilots-pause', access: 'write' },
  { method: 'POST', path: '/pilots/{pilotId}/resume', handler: 'pilots-resume', access: 'write' },
  { method: 'POST', path: '/pilots/{pilotId}/close', handler: 'pilots-close', access: 'write' },
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
];

export const routeKey = (r: Pick<ApiRoute, 'method' | 'path'>) => `${r.method} ${r.path}`;
