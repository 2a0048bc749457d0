/**
 * `npm run bench`: the product's performance and cost figures, measured in
 * one run beside their floors, printed as tables and written as JSON to
 * bench/results.json. It starts its own DynamoDB Local and API server on
 * free ports and stops them after.
 *
 *   npm run bench                      # the full run (under 5 minutes on 2 cores)
 *   npm run bench -- --seconds 1 --engine 1 --participants 9 --cold-samples 1 --cold-limit 2 --out /tmp/r.json
 *
 * The sections run in this order: floors, API (and webhook), engine, cold start.
 *
 * Options: --seconds (API and webhook load per concurrency, 10), --floor-seconds
 * (loopback floor, 3), --dynamo-floor-seconds (2), --concurrency (1,16),
 * --engine (N pilots, 1,10,100), --engine-concurrency (pilots the consultant's calls
 * work on at once, 4), --participants (90), --companies (9, as
 * at the Azure pilot's event), --cold-samples (10), --cold-limit (all functions), --cold-parallel (2), --budget
 * (seconds for the whole run, 290: an engine size whose time, projected from
 * the sizes run before it, would pass it is skipped and reported as skipped,
 * with the projection), --warm-up (seconds of DynamoDB Local's JIT warm-up
 * before the first section, 5: bench/warm-up.ts), --cold-reserve (seconds of the
 * budget kept for the cold starts, which run last: 90), --sections
 * (floors,api,import,cold,shapes,engine: import is a 1,000-row CSV and attendance
 * list, bench/import.ts; shapes the functions' shape, bench/function-shapes.ts),
 * --import-rows (1000), --shape-samples (3), --out (bench/results.json).
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { apiSection, type LoadSectionRow } from './api.js';
import { coldStartSection } from './cold-start.js';
import { companiesDriver, webhookSection } from './companies.js';
import { measureShapes, simulateDays } from './function-shapes.js';
import { importSection } from './import.js';
import { costOf } from './cost.js';
import { runEngine, type CompaniesDriver, type EngineResult } from './engine.js';
import { cpuSince } from './cpu.js';
import { measureFloors, type Floors } from './floors.js';
import { machine, render, type BenchResults, type Goal, type Linearity } from './report.js';
import { startBenchStack, type BenchStack } from './stack.js';
import { warmUpDynamoDbLocal } from './warm-up.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * Load sections after the API's, with the same floors and durations. The
 * companies' webhook (bench/companies.ts) plugs in here:
 *
 *   { name: 'webhook', run: (stack, floors, o) => loadSection(stack, floors, async () => ({
 *       endpoint: 'POST /webhooks/… match.slots.confirmed', method: 'POST', path, headers, body: signedBody }),
 *     { concurrencies: [16], seconds: o.seconds }) }
 *
 * (loadSection is in bench/api.ts; `body` is called per request, so each can
 * carry its own webhook-id and signature). Its rows land in results.webhook
 * and in the goals (p50 ratio ≤ 1.5, p99 ≤ 25 ms, no errors).
 */
export interface LoadSectionPlugin {
  name: 'webhook';
  run(stack: BenchStack, floors: Floors, opts: { concurrencies: number[]; seconds: number }): Promise<LoadSectionRow[]>;
}
export const LOAD_SECTIONS: LoadSectionPlugin[] = [{ name: 'webhook', run: webhookSection }];

/** The partner companies of each pilot in the engine run (bench/companies.ts). */
export const COMPANIES_DRIVER: CompaniesDriver | undefined = companiesDriver();

const list = (s: string) => s.split(',').filter(Boolean).map(Number);

const { values: o } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    'floor-seconds': { type: 'string', default: '3' },
    'dynamo-floor-seconds': { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '1,16' },
    engine: { type: 'string', default: '1,10,100' },
    participants: { type: 'string', default: '90' },
    companies: { type: 'string', default: '9' },
    'engine-concurrency': { type: 'string', default: '4' },
    'cold-samples': { type: 'string', default: '10' },
    'cold-limit': { type: 'string' },
    'cold-parallel': { type: 'string', default: '2' },
    /** Extra environment for the measured functions (not the empty baseline): KEY=VALUE,KEY=VALUE. */
    'cold-env': { type: 'string', default: '' },
    'import-rows': { type: 'string', default: '1000' },
    'shape-samples': { type: 'string', default: '3' },
    budget: { type: 'string', default: '290' },
    'cold-reserve': { type: 'string', default: '90' },
    'warm-up': { type: 'string', default: '5' },
    sections: { type: 'string', default: 'floors,api,import,cold,shapes,engine' },
    out: { type: 'string', default: 'bench/results.json' },
  },
});

const sections = new Set(o.sections.split(','));
const concurrencies = list(o.concurrency);
const budgetSeconds = Number(o.budget);
const started = performance.now();
const elapsed = () => (performance.now() - started) / 1000;
const log = (line: string) => process.stderr.write(`[bench ${elapsed().toFixed(0).padStart(3)} s] ${line}\n`);

const results: BenchResults = {
  machine: machine(),
  options: { ...o, loadAverageAtStart: loadavg() },
  durationSeconds: 0,
  floors: { loopback: {}, dynamo: { PutItem: {}, TransactWriteItems: {}, GetItem: {}, Query: {} } },
  api: [],
  webhook: null,
  engine: [],
  linearity: null,
  coldStart: null,
  shapes: null,
  import: null,
  cost: null,
  goals: [],
};

const stack = await startBenchStack();
try {
  if (Number(o['warm-up']) > 0) {
    log(`warming DynamoDB Local up (${o['warm-up']} s)`);
    await warmUpDynamoDbLocal(stack.uncounted, Number(o['warm-up']));
  }
  if (sections.has('floors') || sections.has('api')) {
    log('floors: loopback http, DynamoDB Local');
    results.floors = await measureFloors(stack.uncounted, {
      concurrencies,
      loopbackSeconds: Number(o['floor-seconds']),
      dynamoSeconds: Number(o['dynamo-floor-seconds']),
    });
  }
  if (sections.has('api')) {
    log('API under load');
    results.api = await apiSection(stack, results.floors, { concurrencies, seconds: Number(o.seconds) });
    for (const plugin of LOAD_SECTIONS) {
      log(`${plugin.name} under load`);
      results[plugin.name] = await plugin.run(stack, results.floors, { concurrencies, seconds: Number(o.seconds) });
    }
  }
  if (sections.has('import')) {
    log('a 1,000-row import and attendance list');
    results.import = await importSection(stack, Number(o['import-rows']));
  }
  if (sections.has('engine')) {
    const measured: EngineResult[] = [];
    for (const pilots of list(o.engine)) {
      const projected = projectEngineSeconds(measured, pilots);
      const engineBudget = budgetSeconds - (sections.has('cold') ? Number(o['cold-reserve']) : 0);
      // A safety, not the rule: a size whose projection from the sizes run so far passes the budget is skipped, and says why.
      if (projected !== undefined && elapsed() + projected.seconds > engineBudget) {
        const reason = `projected ${projected.seconds.toFixed(0)} s (${projected.basis}) would pass the budget (${budgetSeconds} s, ${engineBudget.toFixed(0)} s of it before the cold starts, ${elapsed().toFixed(0)} s spent)`;
        log(`engine N=${pilots}: skipped, ${reason}`);
        results.engine.push({ pilots, skipped: true, projectedSeconds: projected.seconds, reason });
        continue;
      }
      log(`engine: ${pilots} pilot(s) of ${o.participants} through their lifecycle`);
      let run: EngineResult;
      const cpu = cpuSince(stack.dynamoPid);
      try {
        run = await runEngine(stack, {
          pilots,
          participants: Number(o.participants),
          companies: Number(o.companies),
          concurrency: Number(o['engine-concurrency']),
          ...(COMPANIES_DRIVER ? { companiesDriver: COMPANIES_DRIVER } : {}),
        });
      } catch (error) {
        // A failure of the product under load is a finding: recorded (and a missed goal), not the end of the other sections.
        log(`engine N=${pilots} failed: ${(error as Error).message}`);
        results.engine.push({ pilots, skipped: true, projectedSeconds: 0, reason: `failed: ${(error as Error).message.slice(0, 300)}` });
        process.exitCode = 1;
        continue;
      }
      const used = cpu();
      run.cpuPerPilot = { node: used.node / pilots, dynamoDbLocal: used.dynamoDbLocal === undefined ? undefined : used.dynamoDbLocal / pilots };
      measured.push(run);
      results.engine.push(run);
    }
    const runs = results.engine.filter((e): e is EngineResult => !('skipped' in e));
    results.linearity = linearity(runs);
    // The largest run shares the weekly digest among the most pilots, as a year's programme does.
    const largest = runs.at(-1);
    if (largest) results.cost = costOf(largest);
  }
  // Last: its time is known (functions × samples), so the engine's budget keeps a reserve for it.
  if (sections.has('cold')) {
    log('cold start: bundling and loading every function');
    const env = Object.fromEntries(
      o['cold-env']
        .split(',')
        .filter(Boolean)
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    );
    results.coldStart = await coldStartSection({
      samples: Number(o['cold-samples']),
      parallel: Number(o['cold-parallel']),
      env,
      ...(o['cold-limit'] ? { limit: Number(o['cold-limit']) } : {}),
    });
  }
  if (sections.has('shapes')) {
    log('function shapes: a simulated day, and grouped cold starts against their routes');
    results.shapes = {
      day: simulateDays(50),
      cold: await measureShapes({ samples: Number(o['shape-samples']), routes: ['pilots-get', 'participants-status', 'company-webhook'] }),
    };
  }
} finally {
  await stack.stop();
}

results.durationSeconds = elapsed();
results.goals = goals(results);
writeFileSync(o.out, `${JSON.stringify(results, null, 2)}\n`);
console.log(render(results));
log(`written to ${o.out}`);

/**
 * The wall time N pilots would take, from the sizes measured so far: with two
 * sizes, their straight line (a fixed part, the lone pilot's waits on each
 * deadline, and a part per pilot, the work, which overlaps across pilots);
 * with one, its time per pilot (an overestimate: pilots overlap).
 */
function projectEngineSeconds(runs: EngineResult[], pilots: number): { seconds: number; basis: string } | undefined {
  const [a, b] = runs.slice(-2);
  if (!a) return undefined;
  if (!b || b.pilots === a.pilots) {
    const perPilot = a.wallSeconds / a.pilots;
    return { seconds: perPilot * pilots, basis: `${perPilot.toFixed(1)} s a pilot at N=${a.pilots} on this machine now` };
  }
  const perPilot = Math.max(0, (b.wallSeconds - a.wallSeconds) / (b.pilots - a.pilots));
  const fixed = Math.max(0, a.wallSeconds - perPilot * a.pilots);
  return {
    seconds: fixed + perPilot * pilots,
    basis: `${fixed.toFixed(1)} s + ${perPilot.toFixed(2)} s a pilot, the line through N=${a.pilots} (${a.wallSeconds.toFixed(1)} s) and N=${b.pilots} (${b.wallSeconds.toFixed(1)} s) on this machine now`,
  };
}

function linearity(runs: EngineResult[]): Linearity | null {
  const first = runs[0];
  const last = runs.at(-1);
  if (!first || !last || first === last) return null;
  const ratio = (pick: (r: EngineResult) => number) => pick(last) / pick(first);
  const perPilotCountRatio = {
    dynamoWriteUnits: ratio((r) => r.perPilot.dynamo.writeUnits),
    dynamoReadUnits: ratio((r) => r.perPilot.dynamo.readUnits),
    stateTransitions: ratio((r) => r.perPilot.stateTransitions),
    lambdaInvocations: ratio((r) => r.perPilot.lambdaInvocations),
    emails: ratio((r) => r.perPilot.emails),
  };
  const wallPerPilotRatio = ratio((r) => r.wallSeconds / r.pilots);
  const countsFlat = [perPilotCountRatio.dynamoWriteUnits, perPilotCountRatio.dynamoReadUnits, perPilotCountRatio.stateTransitions].every(
    (x) => x > 0.8 && x < 1.2,
  );
  const linear = countsFlat && wallPerPilotRatio < 1.5;
  return {
    perPilotCountRatio,
    wallPerPilotRatio,
    linear,
    note:
      `Per pilot, N=${last.pilots} against N=${first.pilots}: DynamoDB write units ×${perPilotCountRatio.dynamoWriteUnits.toFixed(2)}, read units ×${perPilotCountRatio.dynamoReadUnits.toFixed(2)}, ` +
      `transitions ×${perPilotCountRatio.stateTransitions.toFixed(2)}, wall time ×${wallPerPilotRatio.toFixed(2)}. ` +
      'E-mails, Lambda invocations and scheduler invocations per pilot fall with N because the weekly portfolio digest is one per programme, shared by every pilot.',
  };
}

function goals(r: BenchResults): Goal[] {
  const g: Goal[] = [];
  for (const row of [...r.api, ...(r.webhook ?? [])]) {
    const at = `${row.endpoint} @${row.connections}`;
    g.push({ goal: `${at}: p50 ratio ≤ 1.5`, figure: row.p50Ratio.toFixed(2), met: row.p50Ratio <= 1.5 });
    g.push({ goal: `${at}: p99 ≤ 25 ms`, figure: `${row.p99Ms} ms`, met: row.p99Ms <= 25 });
    g.push({ goal: `${at}: no errors`, figure: String(row.errors), met: row.errors === 0 });
  }
  if (r.coldStart) {
    const worst = r.coldStart.functions[0];
    const over = r.coldStart.functions.filter((f) => f.ratio > 1.3).length;
    if (worst)
      g.push({
        goal: 'cold start ratio ≤ 1.3 (every function)',
        figure: `worst ${worst.ratio.toFixed(2)} (${worst.function}${worst.route ? ` ${worst.route}` : ''}); ${over} of ${r.coldStart.functions.length} over`,
        met: over === 0,
      });
  }
  if (r.linearity) g.push({ goal: 'engine cost linear in N', figure: `per-pilot wall ×${r.linearity.wallPerPilotRatio.toFixed(2)}`, met: r.linearity.linear });
  for (const e of r.engine) {
    if ('skipped' in e) g.push({ goal: `engine N=${e.pilots} measured`, figure: e.reason, met: false });
    else
      g.push({
        goal: `engine N=${e.pilots}: every execution succeeded`,
        figure: `${e.executionsSucceeded}/${e.pilots}`,
        met: e.executionsSucceeded === e.pilots,
      });
  }
  if (r.import)
    g.push({
      goal: `${r.import.rows}-row CSV import ≤ 3 s`,
      figure: `${r.import.enrol.seconds.toFixed(1)} s${r.import.enrol.failed ? ` (failed: ${r.import.enrol.failed})` : ''} (attendance list of ${r.import.rows}: ${r.import.status.seconds.toFixed(1)} s)`,
      met: !r.import.enrol.failed && r.import.enrol.seconds <= 3,
    });
  g.push({ goal: 'whole bench under 5 minutes', figure: `${r.durationSeconds.toFixed(0)} s`, met: r.durationSeconds < 300 });
  return g;
}
