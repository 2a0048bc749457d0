import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { BenchResults } from '../../bench/report.js';
import type { EngineResult } from '../../bench/engine.js';

// `npm run bench` is not part of the tests (it takes minutes); this runs it
// with tiny sizes so that it cannot rot: every section runs, and the result
// has the shape the README's table is made from.

const run = promisify(execFile);

describe('npm run bench, tiny', () => {
  it('measures every section and writes results with sane figures', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bench-smoke-')), 'results.json');
    await run(
      'npx',
      [
        'tsx',
        'bench/run.ts',
        '--seconds',
        '1',
        '--floor-seconds',
        '1',
        '--dynamo-floor-seconds',
        '0.3',
        '--concurrency',
        '1,2',
        '--engine',
        '1',
        '--participants',
        '6',
        '--companies',
        '2',
        '--cold-samples',
        '1',
        '--cold-limit',
        '2',
        '--import-rows',
        '20',
        '--shape-samples',
        '1',
        '--warm-up',
        '0.2',
        '--out',
        out,
      ],
      { env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT' }, timeout: 110_000 },
    );
    const r = JSON.parse(readFileSync(out, 'utf8')) as BenchResults;

    expect(r.machine.cpus).toBeGreaterThan(0);
    expect(r.floors.loopback[1]!.requests).toBeGreaterThan(0);
    for (const op of ['PutItem', 'TransactWriteItems', 'GetItem', 'Query'] as const) expect(r.floors.dynamo[op][2]!.p50Ms).toBeGreaterThan(0);

    expect(r.api.map((row) => `${row.endpoint} @${row.connections}`)).toEqual([
      'POST /pilots/{id}/participants @1',
      'POST /pilots/{id}/participants @2',
      'GET /pilots/{id} @1',
      'GET /pilots/{id} @2',
      'GET /pilots/{id}/participants @1',
      'GET /pilots/{id}/participants @2',
    ]);
    // A read of personal data writes its access entry: one PutItem per request (the local stack's own minute check
    // may land a write in the window on a slow machine, so a little over one).
    expect(r.api[4]!.dynamoCallsPerRequest.PutItem).toBeGreaterThanOrEqual(1);
    expect(r.api[4]!.dynamoCallsPerRequest.PutItem).toBeLessThan(1.5);
    for (const row of r.api) {
      expect(row.requests).toBeGreaterThan(0);
      expect(row.errors).toBe(0);
      expect(Number.isFinite(row.p50Ratio)).toBe(true);
      expect(row.floorMs).toBeGreaterThan(0);
    }
    expect(r.api[0]!.dynamoCallsPerRequest.TransactWriteItems).toBeGreaterThanOrEqual(1);
    expect(r.webhook!.map((row) => row.connections)).toEqual([1, 2]);
    for (const row of r.webhook!) {
      expect(row.requests).toBeGreaterThan(0);
      expect(row.errors).toBe(0);
      // Each signed confirmation is applied: one transaction (invitation, pilot sum, message memory, audit).
      expect(row.dynamoCallsPerRequest.TransactWriteItems).toBeGreaterThanOrEqual(1);
    }

    const engine = r.engine[0] as EngineResult;
    expect(engine).toMatchObject({ pilots: 1, participantsPerPilot: 6, companiesPerPilot: 2, executionsSucceeded: 1 });
    // The companies confirmed slots by webhook: the pilot went through its match event, not the no-answer escalation.
    expect(engine.outcome.closedEarly).toBe(0);
    expect(engine.outcome.matched).toBeGreaterThan(0);
    expect(engine.perPilot.stateTransitions).toBeGreaterThan(10);
    expect(engine.perPilot.historyEvents).toBeGreaterThan(engine.perPilot.stateTransitions);
    expect(engine.perPilot.dynamo.writeUnits).toBeGreaterThan(0);
    expect(engine.perPilot.dynamo.readUnits).toBeGreaterThan(0);
    // Every call is some function's: the digest's share and the pilot's own add up to the total.
    expect(engine.perPilot.dynamo.digestCalls).toBeGreaterThan(0);
    expect(engine.perPilot.dynamo.digestCalls + engine.perPilot.dynamo.pilotCalls).toBe(engine.perPilot.dynamo.calls);
    expect(Object.values(engine.dynamoByFunction).reduce((t, f) => t + f.calls, 0)).toBeCloseTo(engine.perPilot.dynamo.calls, 6);
    expect(engine.dynamoByFunction['digest']?.calls).toBe(engine.perPilot.dynamo.digestCalls);
    expect(engine.perPilot.emails).toBeGreaterThan(0);
    expect(engine.perPilot.schedulerInvocations).toBeGreaterThan(0);
    expect(engine.perPilot.apiRequests).toBeGreaterThan(0);
    expect(engine.functions['lifecycle-step']?.count).toBeGreaterThan(0);

    expect(r.coldStart!.functions).toHaveLength(2);
    for (const f of r.coldStart!.functions) {
      expect(f.bytes).toBeGreaterThan(0);
      expect(Number.isFinite(f.ratio) && f.ratio > 0).toBe(true);
    }

    // The import: every row enrolled then started, each list in one transaction (33 rows a transaction for
    // enrolment), or two when the local stack's background check touched the pilot and the transaction was retried.
    expect(r.import).toMatchObject({ rows: 20 });
    expect(r.import!.enrol.transactions).toBeGreaterThanOrEqual(1);
    expect(r.import!.enrol.transactions).toBeLessThanOrEqual(2);
    expect(r.import!.status.transactions).toBeGreaterThanOrEqual(1);
    expect(r.import!.status.transactions).toBeLessThanOrEqual(2);
    // The shapes: grouping meets fewer cold starts in the same simulated day; each group's cold start is measured.
    expect(r.shapes!.day.grouped.coldStarts).toBeLessThan(r.shapes!.day.perRoute.coldStarts);
    expect(r.shapes!.cold.map((c) => c.group)).toEqual(['read', 'write', 'signed']);
    for (const c of r.shapes!.cold) expect(c.groupMs > 0 && c.ownMs > 0).toBe(true);

    expect(r.cost!.perPilotUsd).toBeGreaterThan(0);
    expect(Number.isFinite(r.cost!.perJobUsd)).toBe(true);
    expect(r.cost!.perPilot.map((l) => l.item)).toEqual([
      'Step Functions',
      'EventBridge Scheduler',
      'SES',
      'Lambda requests',
      'Lambda duration',
      'DynamoDB writes',
      'DynamoDB reads',
      'HTTP API',
    ]);
    expect(r.goals.length).toBeGreaterThan(0);
  }, 120_000);
});
