import { addDays, dateInCopenhagen } from '../functions/domain/calendar.js';
import { totals } from './dynamo-counter.js';
import type { BenchStack } from './stack.js';

// A 1,000-row import, timed through the local API as a consultant sends it:
// the participants' CSV (enrolment), then the attendance list for all of them
// (POST …/participants/status), each with the DynamoDB calls it made.

export interface ImportSection {
  rows: number;
  enrol: { seconds: number; dynamoCalls: number; transactions: number };
  status: { seconds: number; dynamoCalls: number; transactions: number };
}

export const importSection = async (stack: BenchStack, rows = 1000): Promise<ImportSection> => {
  const call = async (method: string, path: string, body: unknown, contentType = 'application/json') => {
    const res = await fetch(`${stack.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.consultantToken}`, 'content-type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const today = dateInCopenhagen(stack.runtime.clock.now());
  const pilot = await call('POST', '/pilots', {
    name: 'Import (bench)',
    partner: 'Microsoft',
    targetGroups: ['academics'],
    eligibility: { minAge: 25, maxAge: 67 },
    capacity: rows,
    minimumCohort: 10,
    recruitment: { opens: today, closes: addDays(today, 28) },
    course: { start: addDays(today, 42), weeks: 4, ending: 'exam' },
    followUpMonths: 2,
    targetEmploymentRate: 0.4,
    budgetDkk: 400_000,
    managementEmails: ['ledelse@bif.kk.test'],
  });
  const id = pilot.id as string;
  const timed = async (fn: () => Promise<Record<string, unknown>>) => {
    const before = stack.counters.dynamo.snapshot();
    const started = performance.now();
    const result = await fn();
    const seconds = (performance.now() - started) / 1000;
    const calls = stack.counters.dynamo.since(before);
    return { result, seconds, dynamoCalls: totals(calls.app).calls, transactions: calls.app.TransactWriteItems?.calls ?? 0 };
  };
  const csv = ['reference;navn;fødselsår;målgruppe', ...Array.from({ length: rows }, (_, i) => `IMP-${i + 1};Deltager ${i + 1};${1965 + (i % 30)};academics`)].join('\n');
  const enrol = await timed(() => call('POST', `/pilots/${id}/participants`, csv, 'text/csv'));
  const ids = (enrol.result.rows as { participantId?: string }[]).flatMap((r) => (r.participantId ? [r.participantId] : []));
  const status = await timed(() => call('POST', `/pilots/${id}/participants/status`, { changes: ids.map((participantId) => ({ participantId, status: 'started' })) }));
  return {
    rows,
    enrol: { seconds: enrol.seconds, dynamoCalls: enrol.dynamoCalls, transactions: enrol.transactions },
    status: { seconds: status.seconds, dynamoCalls: status.dynamoCalls, transactions: status.transactions },
  };
};
