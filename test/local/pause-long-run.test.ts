import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dateInCopenhagen, startOfDay } from '../../functions/domain/calendar.js';
import { createDocumentClient } from '../../functions/store/client.js';
import { runtimePorts } from '../../functions/composition.js';
import type { ServiceContext } from '../../functions/services/context.js';
import { getPilot } from '../../functions/store/pilots.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { companyConfirming } from '../support/companies.js';
import { azure2020Body, azureParticipantsCsv } from '../support/fixtures.js';

// A two-year pilot (a 52-week course ending in an exam, a match event, the
// follow-up 12 months after the course) paused for 183 days in the middle of
// each of its phases, through the API on the fast-forwarded clock. A pause
// must not eat into any phase: every day of the plan still ahead at the
// pause, stored (a response deadline) or derived (the course's end from its
// start and weeks, the follow-up day from the course's end), moves by the
// pause's length; the days already past stay.

const PAUSE_DAYS = 183;
let api: TestApi;
let store: ServiceContext;
beforeAll(async () => {
  api = await startTestApi({ clockStart: '2020-01-20T08:00:00.000Z' });
  store = { db: createDocumentClient(), tableName: api.tableName, clock: api.runtime!.clock, ports: runtimePorts };
});
afterAll(() => api.close());

const twoYearPilot = {
  ...azure2020Body,
  name: 'Azure, two years',
  course: { start: '2020-03-16', weeks: 52, ending: 'exam' },
  matchEvent: { date: '2021-06-01', responseDeadline: '2021-05-20', capacity: 60 },
  followUpMonths: 12,
};

type Plan = Record<string, string>;
const today = () => dateInCopenhagen(api.runtime!.clock.now());
const advanceTo = (date: string) => api.runtime!.advance(new Date(startOfDay(date)));
/** The whole audit trail, every page. */
const auditOf = async (id: string) => {
  const items: { action: string; at: string; details?: Record<string, unknown> }[] = [];
  let cursor = '';
  do {
    const page = (await api.call('GET', `/pilots/${id}/audit?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body;
    items.push(...page.items);
    cursor = page.nextCursor ?? '';
  } while (cursor);
  return items;
};
const shown = async (id: string) => (await api.call('GET', `/pilots/${id}`, { role: 'management' })).body;

/** The plan after a pause on `pausedOn`: what lay ahead moves by the pause, the rest stays. */
const shifted = (plan: Plan, pausedOn: string): Plan =>
  Object.fromEntries(Object.entries(plan).map(([k, day]) => [k, day >= pausedOn ? addDays(day, PAUSE_DAYS) : day]));

describe('a pause in the middle of a phase', () => {
  it('moves every day still ahead by the pause, stored or derived, in each phase; the lifecycle then keeps the moved plan', async () => {
    // Each case: the day it is paused on and the phase (and wait) it is in then.
    const cases = [
      { on: '2020-02-15', phase: 'recruitment', waitingFor: 'recruitment-end' },
      // The issue's case: 90 days into the course.
      { on: addDays('2020-03-16', 90), phase: 'course', waitingFor: 'course-end' },
      { on: '2021-03-28', phase: 'certification', waitingFor: 'certification-end' },
      { on: '2021-05-10', phase: 'match-event', waitingFor: 'match-answers' },
      { on: '2021-07-01', phase: 'internships', waitingFor: 'internships-end' },
      // The follow-up phase before its follow-up day, and in its recording window after it.
      { on: '2021-11-01', phase: 'follow-up', waitingFor: 'follow-up-end' },
      { on: '2022-03-20', phase: 'follow-up', waitingFor: 'follow-up-end' },
    ].map((c) => ({ ...c, id: '', planBefore: {} as Plan, deadlineBefore: '' }));

    for (const c of cases) {
      const res = await api.call('POST', '/pilots', { json: twoYearPilot });
      c.id = res.body.id;
      await api.call('POST', `/pilots/${c.id}/participants`, { body: azureParticipantsCsv(40), contentType: 'text/csv' });
      await companyConfirming(store, await getPilot(store, c.id), 4);
      expect((await api.call('POST', `/pilots/${c.id}/start`)).status).toBe(202);
    }
    await api.runtime!.engine.settled();
    // The plan as it was made, before any pause: the course ends after 52 weeks, the follow-up day 12 months later.
    const original = (await shown(cases[0]!.id)).plan as Plan;
    expect(original).toEqual({
      recruitmentEnds: '2020-03-01',
      courseEnds: '2021-03-14',
      certificationEnds: '2021-04-11',
      answersBy: '2021-05-20',
      matchEventDay: '2021-06-01',
      internshipsEnd: '2021-07-27',
      followUpDay: '2022-03-14',
      followUpEnds: '2022-04-04',
    });

    const events = cases
      .flatMap((c) => [
        { day: c.on, act: 'pause' as const, c },
        { day: addDays(c.on, PAUSE_DAYS), act: 'resume' as const, c },
      ])
      .sort((a, b) => a.day.localeCompare(b.day));
    for (const { day, act, c } of events) {
      await advanceTo(day);
      expect(today()).toBe(day);
      if (act === 'pause') {
        const before = await shown(c.id);
        expect(before, `paused on ${day}`).toMatchObject({ status: 'running', phase: c.phase, waitingFor: c.waitingFor });
        c.planBefore = before.plan;
        c.deadlineBefore = before.nextDeadline;
        expect((await api.call('POST', `/pilots/${c.id}/pause`, { json: { reason: 'no school capacity' } })).status).toBe(200);
      } else {
        const resumed = await api.call('POST', `/pilots/${c.id}/resume`, { json: {} });
        expect(resumed.status).toBe(200);
        const after = await shown(c.id);
        expect(after.plan, `the plan of the pilot paused in ${c.phase} on ${c.on}`).toEqual(shifted(c.planBefore, c.on));
        expect(after).toMatchObject({ status: 'running', phase: c.phase, waitingFor: c.waitingFor });
        // The pending deadline (the end of the phase's last day) moved by the pause too.
        expect(dateInCopenhagen(new Date(after.nextDeadline))).toBe(addDays(dateInCopenhagen(new Date(c.deadlineBefore)), PAUSE_DAYS));
        const audit = await auditOf(c.id);
        expect(audit.find((e) => e.action === 'pilot.resumed')?.details).toEqual({ shiftedByDays: PAUSE_DAYS });
      }
    }

    // The course paused 90 days in: it has not ended at its old end, and ends at the new one.
    const course = cases[1]!;
    expect((await shown(course.id)).plan.courseEnds).toBe(addDays('2021-03-14', PAUSE_DAYS));

    // Every pilot then runs its moved plan to the end: evaluated the day after its (moved) follow-up window, never before its follow-up day.
    await advanceTo('2023-06-01');
    for (const c of cases) {
      const pilot = await shown(c.id);
      const plan = shifted(original, c.on);
      expect(pilot.plan).toEqual(plan);
      expect(pilot.status, c.phase).toBe('closed');
      const outcome = (await api.call('GET', `/pilots/${c.id}/outcome`)).body;
      expect(dateInCopenhagen(new Date(outcome.evaluatedAt)), `evaluated (paused in ${c.phase} on ${c.on})`).toBe(addDays(plan.followUpEnds!, 1));
      const phases = (await auditOf(c.id))
        .filter((e) => e.action === 'phase.entered')
        .map((e) => ({ phase: e.details!.phase, on: dateInCopenhagen(new Date(e.at)) }));
      // Each phase began the day after the one before it ended, by the moved plan.
      expect(phases.find((p) => p.phase === 'certification')?.on).toBe(addDays(plan.courseEnds!, 1));
      expect(phases.find((p) => p.phase === 'internships')?.on).toBe(addDays(plan.matchEventDay!, 1));
      expect(phases.find((p) => p.phase === 'follow-up')?.on).toBe(addDays(plan.internshipsEnd!, 1));
    }
  }, 240_000);
});
