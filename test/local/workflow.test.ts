import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { key } from '../../functions/store/table.js';
import { getWait } from '../../functions/store/waits.js';
import { resumeWait } from '../../functions/services/waiting.js';
import { wakeUp } from '../../functions/services/wake-up.js';
import { addDays, dateInCopenhagen, startOfDay } from '../../functions/domain/calendar.js';
import { ParticipantInputSchema } from '../../functions/domain/participant.js';
import { auditTrailOfPilot } from '../../functions/store/audit.js';
import type { ServiceContext } from '../../functions/services/context.js';
import { enrolParticipant } from '../../functions/store/participants.js';
import { createPilot, getPilot } from '../../functions/store/pilots.js';
import { closePilot, extendRecruitment, pausePilot, resumePilot, startPilot } from '../../functions/services/pilot-control.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { pilotInput } from '../support/fixtures.js';
import { consultant } from '../support/store.js';
import { startWorkflowRuntime } from '../support/workflow.js';
import { companyConfirming } from '../support/companies.js';

let runtime: LocalRuntime;
let store: ServiceContext;
beforeAll(async () => {
  ({ runtime, store } = await startWorkflowRuntime());
});
afterAll(() => runtime.stop());

const enrolMany = async (pilotId: string, count: number) => {
  for (let i = 0; i < count; i++) {
    const input = ParticipantInputSchema.parse({ reference: `R-${i}`, name: `P ${i}`, birthYear: 1980, targetGroup: 'academics' });
    await enrolParticipant(store, pilotId, input, { actor: consultant, track: 'course' });
  }
};

const advanceTo = (date: string) => runtime.scheduler.advanceTo(new Date(startOfDay(date)));

// The tests share one clock, which only moves forward: each plans its pilot from today.
const today = () => dateInCopenhagen(runtime.clock.now());
const plan = (from = today()) => ({
  recruitment: { opens: from, closes: addDays(from, 20) },
  course: { start: addDays(from, 30), weeks: 4, ending: 'exam' },
  matchEvent: { date: addDays(from, 100), responseDeadline: addDays(from, 90), capacity: 20 },
});

const outcomeOf = async (pilotId: string) => (await store.db.send(new GetCommand({ TableName: store.tableName, Key: key.outcome(pilotId) }))).Item;

describe('the lifecycle, run by the real definition on the local engine', () => {
  it('happy path: recruitment → course → certification → match event → internships → follow-up → evaluation → closed', async () => {
    const pilot = await createPilot(store, pilotInput({ capacity: 10, minimumCohort: 5 }), consultant);
    await enrolMany(pilot.id, 6);
    await companyConfirming(store, pilot);

    await startPilot(store, pilot.id, consultant);
    await runtime.engine.settled();

    let now = await getPilot(store, pilot.id);
    expect(now).toMatchObject({ status: 'running', phase: 'recruitment', waitingFor: 'recruitment-end', nextDeadline: startOfDay('2020-03-02') });

    await advanceTo('2020-03-02');
    now = await getPilot(store, pilot.id);
    expect(now).toMatchObject({ phase: 'course', waitingFor: 'course-end', nextDeadline: startOfDay('2020-04-13') });

    await advanceTo('2022-01-01');
    now = await getPilot(store, pilot.id);
    expect(now).toMatchObject({ status: 'closed', phase: 'closed' });
    const trail = await auditTrailOfPilot(store, pilot.id, { limit: 100 });
    // The match event has two waits: the companies' answers, then (slots confirmed and scheduled) the event day.
    expect(trail.items.filter((e) => e.action === 'phase.entered').map((e) => e.details?.waitingFor)).toEqual([
      'recruitment-end',
      'course-end',
      'certification-end',
      'match-answers',
      'match-event',
      'internships-end',
      'follow-up-end',
    ]);
    const execution = await runtime.engine.execution(pilot.id);
    expect(execution?.status).toBe('SUCCEEDED');
  });
});

const pilotWith = async (overrides: Record<string, unknown> = {}, enrolled = 6) => {
  const pilot = await createPilot(store, pilotInput({ capacity: 10, minimumCohort: 5, ...plan(), ...overrides }), consultant);
  await enrolMany(pilot.id, enrolled);
  await companyConfirming(store, pilot);
  await startPilot(store, pilot.id, consultant);
  await runtime.engine.settled();
  return pilot.id;
};

describe('recruitment under the minimum cohort', () => {
  it('escalates once, and an extension reopens recruitment until the new date', async () => {
    const id = await pilotWith({}, 3);
    const { recruitment } = await getPilot(store, id);
    await advanceTo(addDays(recruitment.closes, 1));
    let pilot = await getPilot(store, id);
    expect(pilot).toMatchObject({ phase: 'recruitment', waitingFor: 'recruitment-decision' });
    expect(pilot.risks?.['recruitment-under-minimum']?.details).toEqual({ enrolled: 3, minimum: 5 });

    const closes = addDays(today(), 5);
    await extendRecruitment(store, id, closes, consultant);
    await runtime.engine.settled();
    pilot = await getPilot(store, id);
    expect(pilot).toMatchObject({ waitingFor: 'recruitment-end', nextDeadline: startOfDay(addDays(closes, 1)), recruitment: { closes } });
    await enrolMany(id, 6); // the first three are no-ops: 6 in all
    await advanceTo(addDays(closes, 1));
    pilot = await getPilot(store, id);
    expect(pilot).toMatchObject({ phase: 'course', waitingFor: 'course-end' });
    const escalations = (await auditTrailOfPilot(store, id, { limit: 100 })).items.filter((e) => e.action === 'pilot.escalated');
    expect(escalations).toHaveLength(1);
  });

  it('closes by itself when nobody decides by the deadline, with the outcome so far', async () => {
    const id = await pilotWith({}, 2);
    await advanceTo(addDays((await getPilot(store, id)).recruitment.closes, 1));
    const { recruitmentDecisionBy } = await getPilot(store, id);
    expect(recruitmentDecisionBy).toBe(addDays(today(), 13)); // its last day: 14 days counting today

    await advanceTo(addDays(recruitmentDecisionBy!, 1));

    expect(await getPilot(store, id)).toMatchObject({ status: 'closed', phase: 'closed' });
    expect(await outcomeOf(id)).toMatchObject({ closedEarly: true, closeCause: 'too-few', evaluation: { funnel: { recruited: 2 } } });
  });

  it('closes when the consultant decides to close', async () => {
    const id = await pilotWith({}, 2);
    await advanceTo(addDays((await getPilot(store, id)).recruitment.closes, 1));

    await closePilot(store, id, 'SMV Digital: no interest', consultant);
    await runtime.engine.settled();

    expect(await getPilot(store, id)).toMatchObject({ status: 'closed' });
    expect(await outcomeOf(id)).toMatchObject({ closedEarly: true, reason: 'SMV Digital: no interest', phaseReached: 'recruitment' });
  });
});

describe('pause and resume', () => {
  it('freezes the deadlines while paused, then shifts the remaining ones by the pause', async () => {
    const id = await pilotWith();
    const before = await getPilot(store, id);
    await advanceTo(addDays(before.recruitment.closes, 1)); // into the course
    await pausePilot(store, id, 'participants put the course on hold (spring 2020)', consultant);

    const courseEndWake = (await getPilot(store, id)).nextDeadline!;
    await runtime.scheduler.advanceTo(new Date(Date.parse(courseEndWake) + 10 * 86_400_000)); // 10 days past the course's end
    expect(await getPilot(store, id)).toMatchObject({ status: 'paused', phase: 'course' });

    const pausedDays = 10 + Math.round((Date.parse(courseEndWake) - Date.parse(startOfDay(addDays(before.recruitment.closes, 1)))) / 86_400_000);
    const resumed = await resumePilot(store, id, undefined, consultant);

    expect(resumed.status).toBe('running');
    expect(resumed.recruitment.closes).toBe(before.recruitment.closes); // already past when paused: unchanged
    expect(resumed.course.start).toBe(addDays(before.course.start, pausedDays)); // still ahead: moved
    expect(resumed.matchEvent!.date).toBe(addDays(before.matchEvent!.date, pausedDays));
    expect(resumed.nextDeadline).toBe(new Date(Date.parse(courseEndWake) + pausedDays * 86_400_000).toISOString());
    await runtime.scheduler.advanceTo(new Date(resumed.nextDeadline!));
    expect(await getPilot(store, id)).toMatchObject({ phase: 'certification' });
  });

  it('resumes with new dates when given (the Azure pilot resumed in the autumn)', async () => {
    const id = await pilotWith();
    await pausePilot(store, id, 'on hold', consultant);
    const closes = addDays(today(), 60);

    const resumed = await resumePilot(store, id, { recruitment: { closes }, course: { start: addDays(closes, 7) } }, consultant);

    expect(resumed).toMatchObject({ status: 'running', waitingFor: 'recruitment-end', nextDeadline: startOfDay(addDays(closes, 1)) });
    const wakeUps = (await runtime.scheduler.pending()).filter((w) => w.payload.pilotId === id && w.payload.waitId); // the workflow's own, not the survey's invitations
    expect(wakeUps.map((w) => w.at)).toEqual([startOfDay(addDays(closes, 1))]);
  });

  it('refuses new dates that no longer follow each other, naming the field', async () => {
    const id = await pilotWith();
    await pausePilot(store, id, 'on hold', consultant);
    await expect(resumePilot(store, id, { recruitment: { closes: addDays(today(), 400) } }, consultant)).rejects.toMatchObject({
      status: 400,
      issues: [expect.objectContaining({ path: 'course.start' })],
    });
    expect((await getPilot(store, id)).status).toBe('paused');
  });
});

describe('close from any phase', () => {
  const phases = ['recruitment', 'course', 'certification', 'match-event', 'internships', 'follow-up'] as const;

  it.each(phases)('closes from %s: the wake-up is cancelled, the outcome so far is written', async (phase) => {
    const id = await pilotWith();
    for (let i = 0; i < 10 && (await getPilot(store, id)).phase !== phase; i++) {
      await runtime.scheduler.advanceTo(new Date((await getPilot(store, id)).nextDeadline!));
    }
    expect((await getPilot(store, id)).phase).toBe(phase);

    await closePilot(store, id, `closed during ${phase}`, consultant);
    await runtime.engine.settled();

    expect(await getPilot(store, id)).toMatchObject({ status: 'closed', phase: 'closed' });
    expect(await outcomeOf(id)).toMatchObject({ closedEarly: true, reason: `closed during ${phase}`, phaseReached: phase });
    expect((await runtime.scheduler.pending()).filter((w) => w.payload.pilotId === id)).toEqual([]);
    expect((await runtime.engine.execution(id))?.status).toBe('SUCCEEDED');
  });

  it('closes a draft at once, without a workflow', async () => {
    const pilot = await createPilot(store, pilotInput(plan()), consultant);
    const closed = await closePilot(store, pilot.id, 'never ran', consultant);
    expect(closed).toMatchObject({ status: 'closed' });
    expect(await runtime.engine.execution(pilot.id)).toBeUndefined();
  });
});

describe('deadline and event racing', () => {
  it('100 races between a wake-up and an event: exactly one resume each', async () => {
    const ids = [];
    // 20 pilots through five of their seven waits each (to the match event's day).
    for (let i = 0; i < 20; i++) ids.push(await pilotWith());
    let races = 0;
    for (let round = 0; round < 5; round++) {
      await Promise.all(
        ids.map(async (id) => {
          const wait = (await getWait(store, id))!;
          const results = await Promise.all([
            wakeUp(store, { pilotId: id, waitId: `${wait.waitId}:${wait.scheduleVersion}` }),
            resumeWait(store, id, { waitId: wait.waitId }, { action: 'continue', resumedBy: 'event' }, consultant),
          ]);
          expect(results.filter((r) => r === 'resumed')).toHaveLength(1);
          races++;
        }),
      );
      await runtime.engine.settled();
    }
    expect(races).toBe(100);
    for (const id of ids) {
      const resumes = (await auditTrailOfPilot(store, id, { limit: 200 })).items.filter((e) => e.action === 'pilot.resumed-from-wait');
      const entered = (await auditTrailOfPilot(store, id, { limit: 200 })).items.filter((e) => e.action === 'phase.entered');
      // Every race resumed once and moved the pilot exactly one wait on: five resumes, six phases entered.
      expect(resumes).toHaveLength(5);
      expect(entered).toHaveLength(6);
      expect((await getPilot(store, id)).waitingFor).toBe('internships-end');
    }
  }, 120_000);
});
