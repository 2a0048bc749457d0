import { addDays, dateInCopenhagen } from '../functions/domain/calendar.js';
import { floorOpFor, type DynamoFloorOp, type Floors } from './floors.js';
import { load, type LoadFigures } from './load.js';
import type { BenchStack } from './stack.js';

// The API section (and the shape every load section shares, the webhook's
// included): an endpoint under load at each concurrency, its p50 set against
// the floor of what it must do: the loopback round trip plus the DynamoDB
// calls it made, each at its floor's p50. Which calls it made is measured
// (the counter's calls during the run ÷ requests), not assumed, so a retried
// transaction counts in the floor too.

export interface LoadSectionRow extends LoadFigures {
  endpoint: string;
  /** DynamoDB calls per request, by operation, as measured during the run. */
  dynamoCallsPerRequest: Record<string, number>;
  /** Loopback mean + Σ calls × the p50 of their floor operation, at this concurrency. */
  floorMs: number;
  /** p50 ÷ floorMs: the goal is ≤ 1.5. */
  p50Ratio: number;
}

/** One endpoint to load: how to call it; setup happens before. */
export interface LoadTarget {
  endpoint: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: () => string;
  /** Builds each whole request instead of `body` (a webhook to one of several companies, signed over its body). */
  next?: () => { path: string; body: string; headers: Record<string, string> };
}

/** The floor of a request that made `calls` DynamoDB calls, at `connections` concurrent clients. */
export const floorOf = (floors: Floors, connections: number, calls: Record<string, number>): number => {
  // autocannon records whole milliseconds and the loopback round trip is well under one, so its mean stands in for its p50.
  const loopback = floors.loopback[connections]?.meanMs ?? 0;
  let dynamo = 0;
  for (const [operation, perRequest] of Object.entries(calls)) {
    const op: DynamoFloorOp = floorOpFor(operation);
    dynamo += perRequest * (floors.dynamo[op][connections]?.p50Ms ?? 0);
  }
  return loopback + dynamo;
};

/** Loads `target` at each concurrency for `seconds`, measuring its DynamoDB calls as it goes. */
export const loadSection = async (
  stack: BenchStack,
  floors: Floors,
  targets: (connections: number) => Promise<LoadTarget>,
  opts: { concurrencies: number[]; seconds: number },
): Promise<LoadSectionRow[]> => {
  const rows: LoadSectionRow[] = [];
  for (const [index, connections] of opts.concurrencies.entries()) {
    const target = await targets(connections);
    // The first request to a route imports its handler in the grouped function (a cold
    // start, which has its own section): made once, unmeasured, so a short window
    // on a busy machine measures the warm route rather than that import.
    if (index === 0) await warmUp(stack.url, target);
    await stack.counters.dynamo.settled();
    const before = stack.counters.dynamo.snapshot();
    const figures = await load({ url: stack.url, connections, seconds: opts.seconds, ...target });
    await stack.counters.dynamo.settled();
    const app = stack.counters.dynamo.since(before).app;
    const calls = Object.fromEntries(Object.entries(app).map(([op, c]) => [op, c.calls / Math.max(1, figures.requests)]));
    const floorMs = floorOf(floors, connections, calls);
    rows.push({
      endpoint: target.endpoint,
      ...figures,
      dynamoCallsPerRequest: calls,
      floorMs,
      p50Ratio: floorMs > 0 ? figures.p50Ms / floorMs : Number.POSITIVE_INFINITY,
    });
  }
  return rows;
};

const warmUp = async (url: string, target: LoadTarget): Promise<void> => {
  const request = target.next?.() ?? { path: target.path, body: target.body?.(), headers: target.headers };
  const res = await fetch(`${url}${request.path}`, { method: target.method, headers: request.headers, ...(request.body ? { body: request.body } : {}) });
  await res.arrayBuffer();
};

/** A pilot open for recruitment with room for every participant a load run enrols. */
const openPilot = async (stack: BenchStack): Promise<string> => {
  const today = dateInCopenhagen(stack.runtime.clock.now());
  const res = await fetch(`${stack.url}/pilots`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.consultantToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Bench load',
      partner: 'Bench',
      targetGroups: ['academics'],
      capacity: 5000,
      minimumCohort: 1,
      recruitment: { opens: today, closes: addDays(today, 28) },
      course: { start: addDays(today, 42), weeks: 4, ending: 'exam' },
      targetEmploymentRate: 0.4,
      budgetDkk: 400_000,
    }),
  });
  if (res.status !== 201) throw new Error(`could not create the load pilot: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
};

export const apiSection = async (stack: BenchStack, floors: Floors, opts: { concurrencies: number[]; seconds: number }) => {
  const headers = { authorization: `Bearer ${stack.consultantToken}`, 'content-type': 'application/json' };
  let n = 0;
  // A new participant per request, in a pilot of its own per run, so each request is a real enrolment.
  const enrol = await loadSection(
    stack,
    floors,
    async () => {
      const pilotId = await openPilot(stack);
      return {
        endpoint: 'POST /pilots/{id}/participants',
        method: 'POST',
        path: `/pilots/${pilotId}/participants`,
        headers,
        body: () => JSON.stringify({ reference: `LOAD-${++n}`, name: `Deltager ${n}`, birthYear: 1980, targetGroup: 'academics' }),
      };
    },
    opts,
  );
  const pilotId = await openPilot(stack);
  const read = await loadSection(stack, floors, async () => ({ endpoint: 'GET /pilots/{id}', method: 'GET', path: `/pilots/${pilotId}`, headers }), opts);
  // A read of personal data: a page of 25 participants, which also writes its access entry (one PutItem).
  const listed = await openPilot(stack);
  const cohort = await fetch(`${stack.url}/pilots/${listed}/participants`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      participants: Array.from({ length: 25 }, (_, i) => ({ reference: `READ-${i}`, name: `Deltager ${i}`, birthYear: 1980, targetGroup: 'academics' })),
    }),
  });
  if (cohort.status !== 200) throw new Error(`could not enrol the read pilot's participants: ${cohort.status} ${await cohort.text()}`);
  const personal = await loadSection(
    stack,
    floors,
    async () => ({ endpoint: 'GET /pilots/{id}/participants', method: 'GET', path: `/pilots/${listed}/participants?limit=25`, headers }),
    opts,
  );
  return [...enrol, ...read, ...personal];
};
