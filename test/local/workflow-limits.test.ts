import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalClock } from '../../functions/adapters/local/clock.js';
import { LocalWorkflowEngine, STANDARD_LIMITS, type ExecutionRecord } from '../../functions/adapters/local/workflow-engine.js';
import { TaskTokenInvalidError } from '../../functions/ports/workflow.js';
import { addDays, dateInCopenhagen, startOfDay } from '../../functions/domain/calendar.js';
import { courseEnd, courseLastDay, followUpDayOf } from '../../functions/domain/lifecycle.js';
import { ParticipantInputSchema } from '../../functions/domain/participant.js';
import type { ServiceContext } from '../../functions/services/context.js';
import { changeParticipantStatus, enrolParticipant, participantsOfPilot } from '../../functions/store/participants.js';
import { createPilot, getPilot } from '../../functions/store/pilots.js';
import { auditTrailOfPilot } from '../../functions/store/audit.js';
import { pausePilot, resumePilot, startPilot } from '../../functions/services/pilot-control.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { pilotInput } from '../support/fixtures.js';
import { consultant, freshStore } from '../support/store.js';
import { startWorkflowRuntime } from '../support/workflow.js';
import { companyConfirming } from '../support/companies.js';

// The local engine holds executions to the Standard limits (one year, 25,000
// history events, 256 KB), so that what would fail on AWS fails here; and the
// longest pilot the product accepts completes under them.

describe('the local engine enforces the Standard limits', () => {
  let store: ServiceContext;
  let clock: LocalClock;
  beforeAll(async () => {
    store = await freshStore();
    clock = LocalClock.startingAt('2020-01-01T00:00:00.000Z');
  });

  const engineFor = (definition: object, functions: Record<string, (event: unknown) => Promise<unknown>>) =>
    new LocalWorkflowEngine({ db: store.db, tableName: store.tableName, clock, retryDelayMs: 0, definition: JSON.stringify(definition), functions });

  const finished = async (engine: LocalWorkflowEngine, name: string): Promise<ExecutionRecord> => {
    await engine.settled();
    for (let i = 0; i < 200; i++) {
      const record = await engine.execution(name);
      if (record && record.status !== 'RUNNING') return record;
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error(`${name} did not finish`);
  };

  it('an execution parked for more than a year (product clock) times out, and its token is refused', async () => {
    let token = '';
    const engine = engineFor(
      {
        StartAt: 'Park',
        States: {
          Park: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Parameters: { FunctionName: '${Fn}', Payload: { 'taskToken.$': '$$.Task.Token' } },
            End: true,
          },
        },
      },
      { Fn: async (event) => void (token = (event as { taskToken: string }).taskToken) },
    );
    await engine.start('year', {});
    await engine.settled();

    await clock.moveTo(new Date(Date.parse('2020-01-01T00:00:00Z') + STANDARD_LIMITS.executionMs + 86_400_000));

    await expect(engine.sendTaskSuccess(token, {})).rejects.toBeInstanceOf(TaskTokenInvalidError);
    expect(await finished(engine, 'year')).toMatchObject({ status: 'TIMED_OUT' });
    engine.stop();
  });

  it('an execution over 25,000 history events fails', async () => {
    const engine = engineFor(
      {
        StartAt: 'Count',
        States: {
          Count: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: '${Fn}', Payload: {} },
            ResultPath: null,
            Next: 'Again',
          },
          // Loops for ever (the validator wants a way out): only the history limit ends it.
          Again: { Type: 'Choice', Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'Done' }], Default: 'Spin' },
          Spin: { Type: 'Pass', Next: 'Again' },
          Done: { Type: 'Succeed' },
        },
      },
      { Fn: async () => ({}) },
    );
    await engine.start('history', {});
    const record = await finished(engine, 'history');
    expect(record.status).toBe('FAILED');
    expect(record.error).toMatch(/HistoryLimitExceeded/);
    expect(record.historyEvents).toBeGreaterThan(STANDARD_LIMITS.historyEvents);
    engine.stop();
  }, 60_000);

  it('a task whose result is over 256 KB fails the execution (no Catch takes it)', async () => {
    const engine = engineFor(
      {
        StartAt: 'Big',
        States: {
          Big: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: '${Fn}', Payload: {} },
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
            End: true,
          },
          Caught: { Type: 'Succeed' },
        },
      },
      { Fn: async () => ({ blob: 'x'.repeat(STANDARD_LIMITS.payloadBytes) }) },
    );
    await engine.start('payload', {});
    const record = await finished(engine, 'payload');
    expect(record.status).toBe('FAILED');
    expect(record.error).toMatch(/DataLimitExceeded/);
    engine.stop();
  });
});

describe('the longest pilot the product accepts', () => {
  let runtime: LocalRuntime;
  let store: ServiceContext;
  beforeAll(async () => {
    ({ runtime, store } = await startWorkflowRuntime('2020-01-20T08:00:00.000Z'));
  });
  afterAll(() => runtime.stop());

  const advanceTo = (date: string) => runtime.advance(new Date(startOfDay(date)));

  it('a 104-week course with follow-up 24 months after, paused six months in the middle of its course, completes with every execution within the limits', async () => {
    const pilot = await createPilot(
      store,
      pilotInput({
        capacity: 10,
        minimumCohort: 5,
        recruitment: { opens: '2020-02-01', closes: '2020-06-30' },
        course: { start: '2020-07-01', weeks: 104, ending: 'exam' },
        matchEvent: { date: '2022-09-15', responseDeadline: '2022-09-01', capacity: 20 },
        followUpMonths: 24,
      }),
      consultant,
    );
    for (let i = 0; i < 6; i++) {
      const input = ParticipantInputSchema.parse({ reference: `L-${i}`, name: `P ${i}`, birthYear: 1980, targetGroup: 'academics' });
      await enrolParticipant(store, pilot.id, input, { actor: consultant, track: 'course' });
    }
    await companyConfirming(store, pilot);
    await startPilot(store, pilot.id, consultant);
    await runtime.engine.settled();

    await advanceTo('2020-07-10');
    for (const p of (await participantsOfPilot(store, pilot.id, {}, { limit: 10 })).items) {
      await changeParticipantStatus(store, pilot.id, p.id, { status: 'started' }, consultant);
    }
    // Paused in the middle of the course for six months, then resumed with `{}`.
    await advanceTo('2021-07-01');
    await pausePilot(store, pilot.id, 'school capacity', consultant);
    await advanceTo(addDays('2021-07-01', 183));
    await resumePilot(store, pilot.id, undefined, consultant);
    const resumed = await getPilot(store, pilot.id);
    expect(resumed).toMatchObject({ status: 'running', phase: 'course' });
    // The course, already under way, ends as much later as it was paused.
    expect(courseLastDay(resumed)).toBe(addDays(courseEnd(pilot.course), 183));

    await advanceTo('2027-01-01');

    const closed = await getPilot(store, pilot.id);
    expect(closed).toMatchObject({ status: 'closed', phase: 'closed' });
    const trail = (await auditTrailOfPilot(store, pilot.id, { limit: 200 })).items;
    expect(trail.map((e) => e.action)).toContain('pilot.evaluated');
    const evaluatedOn = dateInCopenhagen(new Date(trail.find((e) => e.action === 'pilot.evaluated')!.at));
    // Never evaluated before the follow-up day, which moved with the course's end.
    expect(evaluatedOn >= followUpDayOf(closed)).toBe(true);
    expect(followUpDayOf(closed) > addDays(courseEnd(pilot.course), 183)).toBe(true);

    // One execution after another, each ended by its successor's start before its year was up.
    const executions: ExecutionRecord[] = [];
    for (let g = 0; ; g++) {
      const record = await runtime.engine.execution(g === 0 ? pilot.id : `${pilot.id}-g${g}`);
      if (!record) break;
      executions.push(record);
    }
    expect(executions.length).toBeGreaterThanOrEqual(4);
    expect(executions.map((e) => e.status)).toEqual(executions.map(() => 'SUCCEEDED'));
    for (const [i, e] of executions.entries()) {
      expect(e.historyEvents).toBeLessThan(STANDARD_LIMITS.historyEvents);
      const ended = executions[i + 1]?.startedAt ?? closed.closedAt!;
      expect(Date.parse(ended) - Date.parse(e.startedAt)).toBeLessThan(STANDARD_LIMITS.executionMs);
    }
    console.log(
      `longest pilot: ${executions.length} executions, evaluated ${evaluatedOn}; history events ${executions.map((e) => e.historyEvents).join(', ')}`,
    );
  }, 120_000);
});
