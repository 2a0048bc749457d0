import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dateInCopenhagen, startOfDay } from '../../functions/domain/calendar.js';
import { PilotInputSchema } from '../../functions/domain/pilot.js';
import { auditTrailOfPilot } from '../../functions/store/audit.js';
import type { ServiceContext } from '../../functions/services/context.js';
import { createPilot, getPilot } from '../../functions/store/pilots.js';
import { startPilot } from '../../functions/services/pilot-control.js';
import { enrolParticipants } from '../../functions/services/enrol-participants.js';
import { startLocalRuntime, type LocalRuntime } from '../../infra/local/runtime.js';
import { azure2020Body } from '../support/fixtures.js';
import { consultant } from '../support/store.js';
import { startWorkflowRuntime } from '../support/workflow.js';
import { companyConfirming } from '../support/companies.js';

let runtime: LocalRuntime;
let store: ServiceContext;
let outboxDir: string;
beforeAll(async () => {
  ({ runtime, store, outboxDir } = await startWorkflowRuntime());
});
afterAll(() => runtime.stop());

const plan = () => {
  const today = dateInCopenhagen(runtime.clock.now());
  return {
    ...azure2020Body,
    recruitment: { opens: today, closes: addDays(today, 20) },
    course: { start: addDays(today, 30), weeks: 4, ending: 'exam' },
    matchEvent: { date: addDays(today, 100), responseDeadline: addDays(today, 90), capacity: 60 },
  };
};

const enrol = (pilotId: string, count: number) =>
  enrolParticipants(
    store,
    pilotId,
    {
      kind: 'json',
      body: { participants: Array.from({ length: count }, (_, i) => ({ reference: `R-${i}`, name: `P ${i}`, birthYear: 1980, targetGroup: 'academics' })) },
    },
    consultant,
  );

const actions = async (pilotId: string, action: string) => (await auditTrailOfPilot(store, pilotId, { limit: 1000 })).items.filter((e) => e.action === action);

/** A new engine on the same table, as after a restart of the local stack; the old one is gone without a word. */
const restart = async () => {
  runtime.stop();
  const clock = runtime.clock;
  runtime = await startLocalRuntime({ db: store.db, tableName: store.tableName, clock, tickMs: 0, outboxDir });
};

describe('restart in the middle of a lifecycle', () => {
  it('every running pilot continues where it was, no step doubled', async () => {
    const pilot = await createPilot(store, PilotInputSchema.parse({ ...plan(), capacity: 20, minimumCohort: 5 }), consultant);
    await enrol(pilot.id, 10);
    await companyConfirming(store, pilot);
    await startPilot(store, pilot.id, consultant);
    await runtime.engine.settled();
    await runtime.scheduler.advanceTo(new Date(startOfDay(addDays(pilot.recruitment.closes, 1))));
    expect(await getPilot(store, pilot.id)).toMatchObject({ phase: 'course' });

    // As if killed after the course step had run but before its result was journaled.
    const { Items = [] } = await store.db.send(
      new QueryCommand({ TableName: store.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `LOCAL#EXEC#${pilot.id}` } }),
    );
    const enterCourse = Items.find((i) => String(i.SK).startsWith('STEP#EnterCourse#'));
    expect(enterCourse).toBeDefined();
    await store.db.send(new DeleteCommand({ TableName: store.tableName, Key: { PK: enterCourse!.PK, SK: enterCourse!.SK } }));

    await restart();
    await runtime.engine.settled();

    expect(await getPilot(store, pilot.id)).toMatchObject({ status: 'running', phase: 'course', waitingFor: 'course-end' });
    expect(await actions(pilot.id, 'phase.entered')).toHaveLength(2); // recruitment, course: the replayed step added nothing
    expect(
      (await runtime.scheduler.pending()).filter((w) => w.payload.pilotId === pilot.id && w.payload.waitId) /* the workflow's, not the survey's */,
    ).toHaveLength(1);

    await runtime.scheduler.advanceTo(new Date(startOfDay(addDays(pilot.recruitment.closes, 400))));
    expect(await getPilot(store, pilot.id)).toMatchObject({ status: 'closed' });
    expect((await actions(pilot.id, 'phase.entered')).map((e) => e.details?.waitingFor)).toEqual([
      'recruitment-end',
      'course-end',
      'certification-end',
      'match-answers',
      'match-event',
      'internships-end',
      'follow-up-end',
    ]);
    expect(await actions(pilot.id, 'pilot.evaluated')).toHaveLength(1);
  });
});

describe('execution history', () => {
  it('a 500-participant pilot stays far below the 25,000-event history limit', async () => {
    const pilot = await createPilot(store, PilotInputSchema.parse({ ...plan(), capacity: 600, minimumCohort: 100 }), consultant);
    const report = await enrol(pilot.id, 500);
    expect(report.summary.enrolled).toBe(500);
    await companyConfirming(store, pilot);
    await startPilot(store, pilot.id, consultant);
    await runtime.engine.settled();
    // Participant-level changes only update DynamoDB; they never touch the execution (600 places: not full, so recruitment stays open).
    expect((await getPilot(store, pilot.id)).phase).toBe('recruitment');

    await runtime.scheduler.advanceTo(new Date(startOfDay(addDays(pilot.recruitment.closes, 400))));

    const execution = await runtime.engine.execution(pilot.id);
    expect(execution?.status).toBe('SUCCEEDED');
    console.log(`history of a 500-participant pilot: ${execution?.transitions} state transitions, at most ${execution?.historyEvents} history events`);
    expect(execution!.historyEvents).toBeLessThan(250);
  }, 120_000);
});
