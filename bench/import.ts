import { addDays, dateInCopenhagen } from '../functions/domain/calendar.js';
import { allItems } from '../functions/store/pagination.js';
import { participantsOfPilot } from '../functions/store/participants.js';
import { totals } from './dynamo-counter.js';
import type { BenchStack } from './stack.js';

// A 1,000-row import, timed through the local API as a consultant sends it:
// the participants' CSV (enrolment), then the attendance list for all of them
// (POST …/participants/status), each with the DynamoDB calls it made.

export interface ImportSection {
  rows: number;
  /** `failed`: the request's answer when it did not succeed (a 1,000-row enrolment can pass the handler's 29 s timeout). */
  enrol: { seconds: number; dynamoCalls: number; transactions: number; failed?: string };
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
    await stack.counters.dynamo.settled();
    const before = stack.counters.dynamo.snapshot();
    const started = performance.now();
    let failed: string | undefined;
    const result = await fn().catch((error: unknown) => {
      failed = (error as Error).message.replace(/^.*?: (\d{3}) .*$/s, '$1');
      return {} as Record<string, unknown>;
    });
    const seconds = (performance.now() - started) / 1000;
    await stack.counters.dynamo.settled();
    const calls = stack.counters.dynamo.since(before);
    return { result, seconds, dynamoCalls: totals(calls.app).calls, transactions: calls.app.TransactWriteItems?.calls ?? 0, ...(failed ? { failed } : {}) };
  };
  const csv = [
    'reference;navn;fødselsår;målgruppe',
    ...Array.from({ length: rows }, (_, i) => `IMP-${i + 1};Deltager ${i + 1};${1965 + (i % 30)};academics`),
  ].join('\n');
  const enrol = await timed(() => call('POST', `/pilots/${id}/participants`, csv, 'text/csv'));
  // Those enrolled (all of them, or as many as a failed request got to before it was cut off).
  const ids = (await allItems((page) => participantsOfPilot(stack.uncounted, id, {}, page))).map((p) => p.id);
  const status = await timed(() =>
    call('POST', `/pilots/${id}/participants/status`, { changes: ids.map((participantId) => ({ participantId, status: 'started' })) }),
  );
  return {
    rows,
    enrol: { seconds: enrol.seconds, dynamoCalls: enrol.dynamoCalls, transactions: enrol.transactions, ...(enrol.failed ? { failed: enrol.failed } : {}) },
    status: { seconds: status.seconds, dynamoCalls: status.dynamoCalls, transactions: status.transactions },
  };
};
