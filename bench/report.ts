import { cpus, loadavg, platform, release } from 'node:os';
import type { LoadSectionRow } from './api.js';
import type { ShapeColdRow, ShapeDay } from './function-shapes.js';
import type { ImportSection } from './import.js';
import type { ColdStartSection } from './cold-start.js';
import type { CostSection } from './cost.js';
import type { EngineResult } from './engine.js';
import type { Floors } from './floors.js';

// The bench's results: one JSON document (bench/results.json) and the same
// as tables on the console, for the README's Performance section.

export interface Linearity {
  /** Per-pilot counts (DynamoDB units, transitions, Lambda invocations) at the largest N ÷ at the smallest. */
  perPilotCountRatio: Record<string, number>;
  /** Wall seconds per pilot at the largest N ÷ at the smallest. */
  wallPerPilotRatio: number;
  linear: boolean;
  note: string;
}

export interface Goal {
  goal: string;
  figure: string;
  met: boolean;
}

export interface BenchResults {
  machine: { cpus: number; cpuModel: string; node: string; platform: string; loadAverageAtStart: number[]; date: string };
  options: Record<string, unknown>;
  durationSeconds: number;
  floors: Floors;
  api: LoadSectionRow[];
  /** The signed match.slots.confirmed at 16 concurrent senders; null when not measured (bench/run.ts, LOAD_SECTIONS). */
  webhook: LoadSectionRow[] | null;
  engine: (EngineResult | { pilots: number; skipped: true; projectedSeconds: number; reason: string })[];
  linearity: Linearity | null;
  coldStart: ColdStartSection | null;
  /** The functions' shape (bench/function-shapes.ts): a simulated day's cold starts, and a grouped function's cold start against the route's own. */
  shapes: { day: ShapeDay; cold: ShapeColdRow[] } | null;
  /** A 1,000-row import and attendance list through the API (bench/import.ts). */
  import: ImportSection | null;
  cost: CostSection | null;
  goals: Goal[];
}

export const machine = (): BenchResults['machine'] => ({
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  node: process.version,
  platform: `${platform()} ${release()}`,
  loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  date: new Date().toISOString(),
});

const f = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '∞');
const usd = (x: number) => (x >= 0.1 ? `$${x.toFixed(2)}` : x >= 0.001 ? `$${x.toFixed(4)}` : `$${x.toFixed(6)}`);

const table = (header: string[], rows: string[][]): string => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
};

/** The results as markdown tables: what `npm run bench` prints and the README shows. */
export const render = (r: BenchResults): string => {
  const out: string[] = [];
  const m = r.machine;
  out.push(
    `Machine: ${m.cpus} × ${m.cpuModel}, Node ${m.node}, ${m.platform}; load average at start ${m.loadAverageAtStart.join(' ')}; ${m.date.slice(0, 16)}Z; ${f(r.durationSeconds, 0)} s in all.`,
  );

  out.push('\n**Floors** (p50 / p99 ms)');
  const conc = Object.keys(r.floors.loopback).map(Number);
  out.push(
    table(
      ['floor', ...conc.map((c) => `${c} client${c > 1 ? 's' : ''}`)],
      [
        ['loopback http round trip (mean / p99)', ...conc.map((c) => `${f(r.floors.loopback[c]!.meanMs, 2)} / ${r.floors.loopback[c]!.p99Ms}`)],
        ...Object.entries(r.floors.dynamo).map(([op, byC]) => [`DynamoDB Local ${op}`, ...conc.map((c) => `${f(byC[c]!.p50Ms)} / ${f(byC[c]!.p99Ms)}`)]),
      ],
    ),
  );

  const loadRows = [...r.api, ...(r.webhook ?? [])];
  out.push('\n**API' + (r.webhook ? ' and webhook' : '') + '** (ratio = p50 ÷ (loopback + the DynamoDB calls each request made, at their floors))');
  out.push(
    table(
      ['endpoint', 'clients', 'p50 ms', 'p99 ms', 'req/s', 'errors', 'DynamoDB calls/req', 'floor ms', 'p50 ratio'],
      loadRows.map((row) => [
        row.endpoint,
        String(row.connections),
        String(row.p50Ms),
        String(row.p99Ms),
        f(row.requestsPerSecond, 0),
        String(row.errors),
        Object.entries(row.dynamoCallsPerRequest)
          .map(([op, n]) => `${f(n, 2)} ${op}`)
          .join(', '),
        f(row.floorMs),
        f(row.p50Ratio, 2),
      ]),
    ),
  );
  if (!r.webhook) out.push('Webhook (signed match.slots.confirmed): not measured in this run.');

  out.push(
    '\n**Engine** (pilots of ' +
      (r.engine.find((e) => !('skipped' in e)) as EngineResult | undefined)?.participantsPerPilot +
      ' participants, whole lifecycle on the fast-forwarded clock; counts per pilot)',
  );
  out.push(
    table(
      [
        'N',
        'wall s',
        'engine s',
        'transitions/s',
        'transitions',
        'history events',
        'API requests',
        'Lambda invocations',
        'DynamoDB calls',
        'of them the digest',
        'DynamoDB RRU',
        'DynamoDB WRU',
        'e-mails',
        'succeeded',
      ],
      r.engine.map((e) =>
        'skipped' in e
          ? [String(e.pilots), 'skipped', '', '', '', '', '', '', '', '', '', '', '', '']
          : [
              String(e.pilots),
              f(e.wallSeconds),
              f(e.engineSeconds),
              f(e.transitionsPerSecond),
              f(e.perPilot.stateTransitions, 0),
              f(e.perPilot.historyEvents, 0),
              f(e.perPilot.apiRequests, 0),
              f(e.perPilot.lambdaInvocations, 0),
              f(e.perPilot.dynamo.calls, 0),
              f(e.perPilot.dynamo.digestCalls, 1),
              f(e.perPilot.dynamo.readUnits, 0),
              f(e.perPilot.dynamo.writeUnits, 0),
              f(e.perPilot.emails, 0),
              `${e.executionsSucceeded}/${e.pilots}`,
            ],
      ),
    ),
  );
  for (const e of r.engine) if ('skipped' in e) out.push(`N=${e.pilots} skipped: ${e.reason}.`);
  for (const e of r.engine) {
    const cpu = 'skipped' in e ? undefined : e.cpuPerPilot;
    if (!cpu || cpu.dynamoDbLocal === undefined) continue;
    const both = cpu.node + cpu.dynamoDbLocal;
    out.push(
      `N=${e.pilots}: CPU a pilot ${f(cpu.node)} s in Node (handlers, local engine, the bench's driver and write counter) + ` +
        `${f(cpu.dynamoDbLocal)} s in DynamoDB Local (the counter's own reads included) = ${f(both)} s; on ${r.machine.cpus} cores 100 pilots take at least ${f((100 * both) / r.machine.cpus, 0)} s.`,
    );
  }
  if (r.linearity) out.push(`Linear in N: ${r.linearity.linear ? 'yes' : 'no'}. ${r.linearity.note}`);

  if (r.coldStart) {
    const c = r.coldStart;
    out.push(
      `\n**Cold start** (median of ${c.samples} fresh node processes, ${c.parallel} at a time: import + first invocation; ratio of CPU time to an empty handler that creates a DynamoDB client: ${f(c.baseline.medianMs)} ms CPU, ${f(c.baseline.medianWallMs)} ms wall)`,
    );
    out.push(
      table(
        ['function', 'first request', 'KB', 'CPU ms', 'wall ms', 'ratio'],
        c.functions.map((row) => [row.function, row.route ?? '', f(row.bytes / 1024), f(row.medianMs), f(row.medianWallMs), f(row.ratio, 2)]),
      ),
    );
  }

  if (r.import) {
    const i = r.import;
    out.push(`\n**A ${i.rows}-row import** (through the local API, one request each)`);
    out.push(
      table(
        ['request', 'seconds', 'DynamoDB calls', 'transactions'],
        [
          [
            `POST …/participants (CSV, ${i.rows} rows)${i.enrol.failed ? ` — failed: ${i.enrol.failed}` : ''}`,
            f(i.enrol.seconds, 2),
            String(i.enrol.dynamoCalls),
            String(i.enrol.transactions),
          ],
          [`POST …/participants/status (${i.rows} changes)`, f(i.status.seconds, 2), String(i.status.dynamoCalls), String(i.status.transactions)],
        ],
      ),
    );
  }

  if (r.shapes) {
    const { day, cold } = r.shapes;
    out.push(
      `\n**Function shapes** (a simulated day: 5 consultants and 10 companies, ${day.requests} requests over 8 hours, an idle environment kept 10 minutes; mean of 50 seeded days)`,
    );
    out.push(
      table(
        ['shape', 'functions used', 'cold starts a day', 'share of requests cold'],
        [
          ['one function per route', f(day.perRoute.functions), f(day.perRoute.coldStarts), `${f(day.perRoute.coldShare * 100, 0)} %`],
          ['grouped: read, write, signed', f(day.grouped.functions), f(day.grouped.coldStarts), `${f(day.grouped.coldShare * 100, 0)} %`],
        ],
      ),
    );
    out.push(
      table(
        ['route', 'group', 'own KB', 'group KB', 'own CPU ms', 'group CPU ms', 'group ÷ own'],
        cold.map((c) => [c.route, c.group, f(c.ownKb), f(c.groupKb), f(c.ownMs), f(c.groupMs), f(c.groupMs / c.ownMs, 2)]),
      ),
    );
  }

  if (r.cost) {
    const c = r.cost;
    out.push(`\n**Cost on AWS** (${c.prices.region} on-demand, prices of ${c.prices.asOf}; counts per pilot from the N=${c.basedOn.pilots} run)`);
    out.push(
      table(
        ['item', 'per pilot', 'unit', 'USD'],
        c.perPilot.map((l) => [l.item, f(l.quantity, l.quantity < 10 ? 2 : 0), l.unit, usd(l.usd)]),
      ),
    );
    out.push(
      `A pilot of ${c.basedOn.participantsPerPilot}: ${usd(c.perPilotUsd)}; per participant ${usd(c.perParticipantUsd)}; per job found ${usd(c.perJobUsd)}. ` +
        `A year of ${c.year.pilots} pilots: ${usd(c.year.usd)} ≈ ${f(c.year.dkk, 0)} DKK (at ${c.year.dkkPerUsd} DKK/USD), ` +
        `${f(c.courseBudget.share * 100, 4)} % of the course budget of ${c.courseBudget.dkkPerYear.toLocaleString('en')} DKK a year.`,
    );
  }

  out.push('\n**Goals**');
  out.push(
    table(
      ['goal', 'figure', 'met'],
      r.goals.map((g) => [g.goal, g.figure, g.met ? 'yes' : 'NO']),
    ),
  );
  return out.join('\n');
};
