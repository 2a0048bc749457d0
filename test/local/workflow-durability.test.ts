import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentionError, ThrottledError } from '../../functions/domain/errors.js';
import { addDays, dateInCopenhagen } from '../../functions/domain/calendar.js';
import { ParticipantInputSchema } from '../../functions/domain/participant.js';
import { auditTrailOfPilot } from '../../functions/store/audit.js';
import { handlerContext } from '../../functions/composition.js';
import type { ServiceContext } from '../../functions/services/context.js';
import { enrolParticipant } from '../../functions/store/participants.js';
import { createPilot, getPilot } from '../../functions/store/pilots.js';
import { pilotInput } from '../support/fixtures.js';
import { consultant } from '../support/store.js';
import { startTestApi, type TestApi } from '../support/api.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';

// The workflow never dies of a step error: faults injected into Task states
// of the real definition (the local engine's task override, so no domain code
// knows), retried by the definition's one Retry policy, and, failing for
// good, caught into the recovery wait that POST /pilots/{id}/retry resumes.

let api: TestApi;
let runtime: LocalRuntime;
let store: ServiceContext;
beforeAll(async () => {
  process.env.OPERATOR_EMAILS = 'drift@jobcenter.test';
  api = await startTestApi({ clockStart: '2020-01-20T08:00:00.000Z' });
  runtime = api.runtime!;
  store = handlerContext();
});
afterAll(async () => {
  delete process.env.OPERATOR_EMAILS;
  await api.close();
});

const today = () => dateInCopenhagen(runtime.clock.now());

/** A running pilot in recruitment: 6 enrolled, no match event, a diploma course (the shortest lifecycle). */
const runningPilot = async () => {
  const from = today();
  const pilot = await createPilot(
    store,
    pilotInput({
      capacity: 10,
      minimumCohort: 5,
      recruitment: { opens: from, closes: addDays(from, 10) },
      course: { start: addDays(from, 14), weeks: 2, ending: 'diploma' },
      matchEvent: undefined,
    }),
    consultant,
  );
  for (let i = 0; i < 6; i++) {
    const input = ParticipantInputSchema.parse({ reference: `R-${i}`, name: `P ${i}`, birthYear: 1980, targetGroup: 'academics' });
    await enrolParticipant(store, pilot.id, input, { actor: consultant, track: 'course' });
  }
  expect((await api.call('POST', `/pilots/${pilot.id}/start`)).status).toBe(202);
  await runtime.engine.settled();
  return pilot.id;
};

const advanceDays = async (days: number) => {
  await runtime.advance(new Date(runtime.clock.now().getTime() + days * 86_400_000));
};

/** Step-failure e-mails in the outbox (each test counts its own by the difference). */
const stepFailedMails = () => readdirSync(api.outboxDir).filter((f) => f.includes('escalation-step-failed')).length;
const actions = async (pilotId: string) => (await auditTrailOfPilot(store, pilotId, { limit: 100 })).items.map((e) => e.action);

describe('a step error never ends a pilot', () => {
  it('a step that fails transiently (contention, throttling) a few times is retried, and the pilot goes on', async () => {
    const id = await runningPilot();
    let thrown = 0;
    runtime.engine.injectFault('EnterCourse', () => (++thrown % 2 ? new ContentionError('busy') : new ThrottledError('throttled')), 4);

    await advanceDays(11); // recruitment ends: EnterCourse runs, fails 4 times, then succeeds

    expect(thrown).toBe(4);
    const pilot = await getPilot(store, id);
    expect(pilot).toMatchObject({ status: 'running', phase: 'course', waitingFor: 'course-end' });
    expect(pilot.risks?.['step-failed']).toBeUndefined();
    expect(await actions(id)).not.toContain('workflow.step-failed');
  });

  it('a step that fails for good parks the pilot with the risk, tells the consultant and operators once, and retry completes the lifecycle', async () => {
    const id = await runningPilot();
    const mailsBefore = stepFailedMails();
    // A bug, not a transient error: its retries (States.TaskFailed, bounded) are spent, then the Catch.
    runtime.engine.injectFault('EnterCourse', () => new TypeError('cannot read properties of undefined'));

    await advanceDays(11);

    const parked = await getPilot(store, id);
    expect(parked).toMatchObject({ status: 'running', phase: 'recruitment', waitingFor: 'step-retry' });
    expect(parked.risks?.['step-failed']?.details).toEqual({ step: 'EnterCourse', error: 'TypeError' });
    expect(parked.stepFailure).toMatchObject({ step: 'EnterCourse', error: 'TypeError' });
    // The consultant (Danish) and the operators (English): one e-mail each, no error message in the audit.
    expect(stepFailedMails() - mailsBefore).toBe(2);
    const failed = (await auditTrailOfPilot(store, id, { limit: 100 })).items.filter((e) => e.action === 'workflow.step-failed');
    expect(failed).toHaveLength(1);
    expect(JSON.stringify(failed[0]!.details)).not.toContain('cannot read');
    expect((await runtime.engine.execution(id))?.status).toBe('RUNNING');

    // Nothing more goes out while it is parked (a day later, still once).
    await advanceDays(1);
    expect(stepFailedMails() - mailsBefore).toBe(2);

    // The fault is fixed; the consultant retries: the pilot goes on at the failed step.
    runtime.engine.clearFaults();
    const retried = await api.call('POST', `/pilots/${id}/retry`, { json: {} });
    expect(retried.status).toBe(202);
    await runtime.engine.settled();
    const goingOn = await getPilot(store, id);
    expect(goingOn).toMatchObject({ phase: 'course', waitingFor: 'course-end' });
    expect(goingOn.risks?.['step-failed']).toBeUndefined();
    expect(goingOn.stepFailure).toBeUndefined();

    await advanceDays(200);
    expect(await getPilot(store, id)).toMatchObject({ status: 'closed', phase: 'closed' });
    expect((await runtime.engine.execution(id))?.status).toBe('SUCCEEDED');
    expect(await actions(id)).toEqual(expect.arrayContaining(['workflow.step-failed', 'workflow.step-retried', 'pilot.evaluated', 'pilot.closed']));
    expect(stepFailedMails() - mailsBefore).toBe(2);
  });

  it('a close from the recovery wait closes the pilot with its outcome so far', async () => {
    const id = await runningPilot();
    runtime.engine.injectFault('CheckCohort', () => new RangeError('bad'));

    await advanceDays(11);
    expect(await getPilot(store, id)).toMatchObject({ waitingFor: 'step-retry', stepFailure: { step: 'CheckCohort', error: 'RangeError' } });

    expect((await api.call('POST', `/pilots/${id}/close`, { json: { reason: 'the fault cannot be fixed in time' } })).status).toBe(202);
    await runtime.engine.settled();
    runtime.engine.clearFaults();
    expect(await getPilot(store, id)).toMatchObject({ status: 'closed' });
    expect(await actions(id)).toContain('pilot.evaluated');
  });

  it('retry answers 409 when no step has failed', async () => {
    const id = await runningPilot();
    const res = await api.call('POST', `/pilots/${id}/retry`, { json: {} });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('conflict');
  });

  it('a parked pilot retries by itself at the recovery deadline', async () => {
    const id = await runningPilot();
    runtime.engine.injectFault('EnterCourse', () => new Error('boom'));
    await advanceDays(11);
    expect(await getPilot(store, id)).toMatchObject({ waitingFor: 'step-retry' });
    runtime.engine.clearFaults();

    await advanceDays(8); // STEP_RETRY_DAYS = 7

    expect(await getPilot(store, id)).toMatchObject({ phase: 'course', waitingFor: 'course-end' });
  });
});
