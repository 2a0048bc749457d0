import type { CpuSeconds } from './cpu.js';
import { addDays, dateInCopenhagen, startOfDay } from '../functions/domain/calendar.js';
import { getPilot } from '../functions/store/pilots.js';
import { totals, type DynamoCounts } from './dynamo-counter.js';
import { invocationsSince, snapshotInvocations, type BenchStack, type Invocations } from './stack.js';

// The engine section: N pilots of `participants` participants each, run at
// once through their whole lifecycle on the fast-forwarded clock, driven as a
// consultant drives them (through the API, like `npm run demo`): define the
// pilot, import the participants from a CSV, start it, mark who started and
// completed the course, load voucher codes, report exam results, record the
// follow-up. Every pilot has the same dates, so their deadlines fall together
// and the engine has N executions to move at each one.

export interface EngineOptions {
  pilots: number;
  participants: number;
  /**
   * Partner companies per pilot at its match event. With more than 0, a
   * `companies` driver must be given (see CompaniesDriver).
   */
  companies: number;
  /** How many pilots the consultant's calls work on at once. */
  concurrency: number;
  /** Drives the companies of one pilot through its match event and internships (bench/companies.ts). */
  companiesDriver?: CompaniesDriver;
}

/**
 * The companies' extension point: called once per pilot when it has entered
 * its match event (phase `match-event`), and again when it has entered its
 * internships, with `companies` to invite and drive (register them, confirm
 * slots by signed webhook, offer internships). Its API calls go through
 * `call` so they are counted; it returns when its calls for that phase are made.
 */
export type CompaniesDriver = (ctx: {
  phase: 'match-event' | 'internships';
  pilotId: string;
  companies: number;
  participantIds: string[];
  call: ApiCall;
  /** Counts a request the driver makes itself (a company's signed webhook, which carries no bearer token). */
  countRequest: () => void;
  stack: BenchStack;
}) => Promise<void>;

export type ApiCall = (method: string, path: string, body?: unknown, contentType?: string) => Promise<any>;

export interface PerPilot {
  stateTransitions: number;
  historyEvents: number;
  apiRequests: number;
  lambdaInvocations: number;
  /** Summed handler durations, the local proxy for Lambda billed duration. */
  lambdaMs: number;
  schedulerInvocations: number;
  emails: number;
  /**
   * Every call the pilot's lifecycle takes (`calls`, the headline figure),
   * and of them the job centre's weekly digest's (`digestCalls`: the digest
   * function's calls, one run a week for all pilots, divided by the pilots
   * of the run) and the rest, the pilot's own (`pilotCalls`).
   */
  dynamo: { readUnits: number; writeUnits: number; calls: number; digestCalls: number; pilotCalls: number };
}

export interface EngineResult {
  pilots: number;
  participantsPerPilot: number;
  companiesPerPilot: number;
  wallSeconds: number;
  /** The part of the wall time the clock advances took: the engine moving every pilot past a deadline. */
  engineSeconds: number;
  stateTransitions: number;
  transitionsPerSecond: number;
  executionsSucceeded: number;
  perPilot: PerPilot;
  /** Per pilot, by function: invocations and ms. */
  functions: Invocations;
  /** Per pilot, by DynamoDB operation: calls and units. */
  dynamoByOperation: DynamoCounts['app'];
  /** Per pilot, by the function that made the calls (bench/dynamo-counter.ts appByFunction). */
  dynamoByFunction: DynamoCounts['appByFunction'];
  /** The most frequent call shapes per pilot (operation and item kinds). */
  dynamoByShape: Record<string, { calls: number; writeUnits: number }>;
  /** Per pilot: the local engine's own journal and schedule items (not billed on AWS). */
  localEngineDynamo: { readUnits: number; writeUnits: number; calls: number };
  /**
   * CPU seconds a pilot during the run (bench/cpu.ts): the bench's Node process and DynamoDB Local. Their sum
   * over 2 cores is the least wall time a pilot can take on this machine, however well pilots overlap.
   */
  cpuPerPilot?: CpuSeconds;
  /** From the pilots' own evaluations, summed over the pilots. */
  outcome: { started: number; employed: number; recommendations: Record<string, number>; closedEarly: number; matched: number; internshipsOffered: number };
}

const forEachLimit = async <T>(items: T[], limit: number, fn: (item: T, index: number) => Promise<void>) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
};

const SITUATIONS = ['employed-full-time', 'employed-full-time', 'employed-part-time', 'education', 'unemployed'];

export const runEngine = async (stack: BenchStack, opts: EngineOptions): Promise<EngineResult> => {
  if (opts.companies > 0 && !opts.companiesDriver) throw new Error('companies > 0 needs a companies driver (bench/companies.ts)');
  const { runtime, counters } = stack;
  let apiRequests = 0;
  const call: ApiCall = async (method, path, body, contentType = 'application/json') => {
    apiRequests++;
    const res = await fetch(`${stack.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.consultantToken}`, 'content-type': contentType },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };

  let engineMs = 0;
  const advanceTo = async (date: string) => {
    const target = new Date(startOfDay(date));
    if (target.getTime() <= runtime.clock.now().getTime()) return;
    const t = performance.now();
    await runtime.scheduler.advanceTo(target);
    engineMs += performance.now() - t;
  };
  const settle = async () => {
    const t = performance.now();
    await runtime.engine.settled();
    engineMs += performance.now() - t;
  };
  /** The bench's own looking, on the uncounted client. */
  const look = (pilotId: string) => getPilot(stack.uncounted, pilotId);

  await counters.dynamo.settled();
  const dynamoBefore = counters.dynamo.snapshot();
  const invocationsBefore = snapshotInvocations(counters.invocations);
  const emailsBefore = counters.emails.recipients;
  const started = performance.now();

  const today = dateInCopenhagen(runtime.clock.now());
  const n = opts.participants;
  const plan = {
    name: 'Azure with Microsoft (bench)',
    partner: 'Microsoft',
    targetGroups: ['academics'],
    eligibility: { minAge: 25, maxAge: 67 },
    capacity: n,
    minimumCohort: Math.max(1, Math.ceil(n / 3)),
    recruitment: { opens: today, closes: addDays(today, 28) },
    course: { start: addDays(today, 42), weeks: 4, ending: 'exam' },
    matchEvent: { date: addDays(today, 200), responseDeadline: addDays(today, 190), capacity: 60 },
    followUpMonths: 2,
    targetEmploymentRate: 0.4,
    budgetDkk: 400_000,
    managementEmails: ['ledelse@bif.kk.test'],
  };
  // The Azure pilot's proportions (demo): of 90, 86 start and 80 complete.
  const starting = Math.max(1, Math.round((n * 86) / 90));
  const completing = Math.max(1, Math.round((n * 80) / 90));

  const pilots: { id: string; participantIds: string[] }[] = [];
  await forEachLimit(
    Array.from({ length: opts.pilots }, (_, i) => i),
    opts.concurrency,
    async (p) => {
      const pilot = await call('POST', '/pilots', plan);
      const csv = [
        'reference;navn;email;fødselsår;målgruppe',
        ...Array.from({ length: n }, (_, i) => `AZ-${p}-${i + 1};Deltager ${i + 1};d${p}-${i + 1}@example.test;${1965 + (i % 30)};academics`),
      ].join('\n');
      const report = await call('POST', `/pilots/${pilot.id}/participants`, csv, 'text/csv');
      const participantIds = (report.rows as { participantId?: string }[]).map((r) => r.participantId).filter((id): id is string => !!id);
      await call('POST', `/pilots/${pilot.id}/start`);
      pilots.push({ id: pilot.id as string, participantIds });
    },
  );
  await settle();
  const each = (fn: (pilot: (typeof pilots)[number]) => Promise<void>) => forEachLimit(pilots, opts.concurrency, fn);

  // The course starts: most start it, a few drop out (found a job); codes for the exam arrive.
  await advanceTo(plan.course.start);
  await each(async ({ id, participantIds }) => {
    // The attendance list in one request (POST …/participants/status), as a consultant keeps it.
    const attendance = participantIds.map((participantId, i) =>
      i < starting ? { participantId, status: 'started' } : { participantId, status: 'dropped-out', reason: 'found-job' },
    );
    await call('POST', `/pilots/${id}/participants/status`, { changes: attendance });
    const codes = Array.from({ length: n }, (_, i) => `AZ900-${id.slice(0, 8)}-${i}`);
    await call('POST', `/pilots/${id}/vouchers`, { sponsor: 'Microsoft', exam: 'AZ-900', expiresOn: addDays(today, 365), codes });
    await call('POST', `/pilots/${id}/participants/status`, {
      changes: participantIds.slice(0, completing).map((participantId) => ({ participantId, status: 'completed' })),
    });
  });

  // The course ends: certification hands out the codes (e-mailed); the exam results come in.
  await advanceTo(dateInCopenhagen(new Date((await look(pilots[0]!.id)).nextDeadline!)));
  await each(async ({ id, participantIds }) => {
    const date = dateInCopenhagen(runtime.clock.now());
    const results = participantIds.slice(0, completing).map((participantId, i) => ({ participantId, result: i % 3 === 2 ? 'failed' : 'passed', date }));
    await call('POST', `/pilots/${id}/exam-results`, { results });
  });
  await settle();

  // Match event and internships: the companies' part, then on to the follow-up day.
  for (let guard = 0; guard < 20; guard++) {
    const p = await look(pilots[0]!.id);
    if (p.status === 'closed' || p.phase === 'follow-up') break;
    if (opts.companiesDriver && (p.phase === 'match-event' || p.phase === 'internships')) {
      const phase = p.phase;
      await each(({ id, participantIds }) =>
        opts.companiesDriver!({ phase, pilotId: id, companies: opts.companies, participantIds, call, countRequest: () => apiRequests++, stack }),
      );
      await settle();
      const moved = await look(pilots[0]!.id);
      if (moved.phase !== phase) continue;
    }
    await advanceTo(dateInCopenhagen(new Date(p.nextDeadline!)));
  }

  // Follow-up: the consultant is asked on the follow-up day and records every situation; the evaluation follows at once.
  const followUp = await look(pilots[0]!.id);
  if (followUp.phase === 'follow-up') {
    await advanceTo(dateInCopenhagen(new Date(Date.parse(followUp.nextDeadline!) - 21 * 86_400_000)));
    await each(async ({ id, participantIds }) => {
      const rows = participantIds.slice(0, starting).map((pid, i) => `${pid};${i < completing ? SITUATIONS[i % SITUATIONS.length] : 'unknown'}`);
      await call('POST', `/pilots/${id}/follow-up`, ['participantId;outcome', ...rows].join('\n'), 'text/csv');
    });
    await settle();
  }
  for (let guard = 0; guard < 10; guard++) {
    const p = await look(pilots[0]!.id);
    if (p.status === 'closed' || !p.nextDeadline) break;
    await advanceTo(dateInCopenhagen(new Date(p.nextDeadline)));
  }
  await settle();
  const wallMs = performance.now() - started;

  // What it took, counted while it ran.
  await counters.dynamo.settled();
  const dynamo = counters.dynamo.since(dynamoBefore);
  const invocations = invocationsSince(counters.invocations, invocationsBefore);
  // A pilot parked past 300 days continues in successor executions (<id>-g<n>): count them all.
  const executionsOf = async (pilotId: string) => {
    const all = [];
    for (let g = 0; ; g++) {
      const e = await runtime.engine.execution(g === 0 ? pilotId : `${pilotId}-g${g}`);
      if (!e) return all;
      all.push(e);
    }
  };
  const perPilot = await Promise.all(pilots.map((p) => executionsOf(p.id)));
  const executions = perPilot.flat();
  const outcomes = await Promise.all(pilots.map((p) => call('GET', `/pilots/${p.id}/outcome`).catch(() => undefined)));
  apiRequests -= outcomes.length; // the bench's own reading of the result, not the consultant's
  const transitions = executions.reduce((s, e) => s + (e?.transitions ?? 0), 0);
  const history = executions.reduce((s, e) => s + (e?.historyEvents ?? 0), 0);
  const app = totals(dynamo.app);
  const digestCalls = dynamo.appByFunction['digest']?.calls ?? 0;
  const local = totals(dynamo.localOnly);
  const per = (x: number) => x / opts.pilots;
  const lambdaInvocations = Object.values(invocations).reduce((s, v) => s + v.count, 0);
  const lambdaMs = Object.values(invocations).reduce((s, v) => s + v.ms, 0);
  const scheduler = (invocations['wake-up']?.count ?? 0) + (invocations['digest']?.count ?? 0);
  const recommendations: Record<string, number> = {};
  for (const o of outcomes) if (o) recommendations[o.recommendation] = (recommendations[o.recommendation] ?? 0) + 1;

  return {
    pilots: opts.pilots,
    participantsPerPilot: n,
    companiesPerPilot: opts.companies,
    wallSeconds: wallMs / 1000,
    engineSeconds: engineMs / 1000,
    stateTransitions: transitions,
    transitionsPerSecond: transitions / (wallMs / 1000),
    // A pilot's executions all succeeded (each predecessor ends SUCCEEDED when its successor starts).
    executionsSucceeded: perPilot.filter((list) => list.length > 0 && list.every((e) => e.status === 'SUCCEEDED')).length,
    perPilot: {
      stateTransitions: per(transitions),
      historyEvents: per(history),
      apiRequests: per(apiRequests),
      lambdaInvocations: per(lambdaInvocations),
      lambdaMs: per(lambdaMs),
      schedulerInvocations: per(scheduler),
      emails: per(counters.emails.recipients - emailsBefore),
      dynamo: {
        readUnits: per(app.readUnits),
        writeUnits: per(app.writeUnits),
        calls: per(app.calls),
        digestCalls: per(digestCalls),
        pilotCalls: per(app.calls - digestCalls),
      },
    },
    functions: Object.fromEntries(Object.entries(invocations).map(([k, v]) => [k, { count: per(v.count), ms: per(v.ms) }])),
    dynamoByOperation: Object.fromEntries(
      Object.entries(dynamo.app).map(([k, v]) => [k, { calls: per(v.calls), readUnits: per(v.readUnits), writeUnits: per(v.writeUnits) }]),
    ),
    dynamoByFunction: Object.fromEntries(
      Object.entries(dynamo.appByFunction)
        .sort(([, a], [, b]) => b.calls - a.calls)
        .map(([k, v]) => [k, { calls: per(v.calls), readUnits: per(v.readUnits), writeUnits: per(v.writeUnits) }]),
    ),
    // The most frequent shapes (operation and item kinds), to see which code path makes the calls.
    dynamoByShape: Object.fromEntries(
      Object.entries(dynamo.appByShape)
        .sort(([, a], [, b]) => b.calls - a.calls)
        .slice(0, 60)
        .map(([k, v]) => [k, { calls: per(v.calls), writeUnits: per(v.writeUnits) }]),
    ),
    localEngineDynamo: { readUnits: per(local.readUnits), writeUnits: per(local.writeUnits), calls: per(local.calls) },
    outcome: {
      started: outcomes.reduce((s, o) => s + (o?.evaluation?.employment?.rate?.of ?? 0), 0),
      employed: outcomes.reduce((s, o) => s + (o?.evaluation?.employment?.rate?.count ?? 0), 0),
      recommendations,
      // A pilot closed early here means the run went wrong (no company confirmed a slot, say).
      closedEarly: outcomes.filter((o) => o?.closedEarly).length,
      matched: outcomes.reduce((s, o) => s + (o?.evaluation?.funnel?.matched ?? 0), 0),
      internshipsOffered: outcomes.reduce((s, o) => s + (o?.evaluation?.funnel?.internshipOffered ?? 0), 0),
    },
  };
};
