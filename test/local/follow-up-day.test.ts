import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dateInCopenhagen, startOfDay } from '../../functions/domain/calendar.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { outboxMails } from '../support/outbox.js';
import { azure2020Body } from '../support/fixtures.js';

// The follow-up is measured on the follow-up day (12 months after the course
// here), not at the course's end. Through the API on the fast-forwarded
// clock: situations recorded before the day are provisional, the request
// still goes out on the day, and the evaluation never runs before it, even
// when every participant already has a situation.

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ clockStart: '2021-03-01T08:00:00.000Z' });
});
afterAll(() => api.close());

const advanceTo = (date: string) => api.runtime!.advance(new Date(startOfDay(date)));
const today = () => dateInCopenhagen(api.runtime!.clock.now());
const mails = (kind: string) => outboxMails(api.outboxDir, kind);

/** A 6-week diploma course of 6 who all start, follow-up 12 months after it; returned once the course has ended. */
const pilotAtCourseEnd = async (name: string) => {
  const start = today();
  const res = await api.call('POST', '/pilots', {
    json: {
      ...azure2020Body,
      name,
      capacity: 6,
      minimumCohort: 3,
      recruitment: { opens: start, closes: addDays(start, 5) },
      course: { start: addDays(start, 7), weeks: 6, ending: 'diploma' },
      matchEvent: undefined,
      followUpMonths: 12,
    },
  });
  const id = res.body.id as string;
  const participants = Array.from({ length: 6 }, (_, i) => ({ reference: `${name}-${i}`, name: `Deltager ${i}`, birthYear: 1980, targetGroup: 'academics' }));
  expect((await api.call('POST', `/pilots/${id}/participants`, { json: { participants } })).status).toBe(200);
  expect((await api.call('POST', `/pilots/${id}/start`)).status).toBe(202);
  await advanceTo(addDays(start, 8));
  const ids = ((await api.call('GET', `/pilots/${id}/participants?limit=100`)).body.items as { id: string }[]).map((p) => p.id);
  for (const pid of ids) expect((await api.call('PATCH', `/pilots/${id}/participants/${pid}`, { json: { status: 'started' } })).status).toBe(200);
  const plan = (await api.call('GET', `/pilots/${id}`)).body.plan as { courseEnds: string; followUpDay: string; followUpEnds: string };
  await advanceTo(addDays(plan.courseEnds, 1));
  expect((await api.call('GET', `/pilots/${id}`)).body).toMatchObject({ phase: 'follow-up', waitingFor: 'follow-up-end' });
  return { id, ids, plan };
};

const record = (id: string, ids: string[], outcome = 'employed-full-time') =>
  api.call('POST', `/pilots/${id}/follow-up`, { json: { outcomes: ids.map((participantId) => ({ participantId, outcome })) } });

describe('the follow-up day', () => {
  it('keeps situations recorded before the day provisional; the request goes on the day; the evaluation waits for it', async () => {
    const { id, ids, plan } = await pilotAtCourseEnd('early');
    expect(plan.followUpDay).toBe(addDays(plan.courseEnds, 365));

    // At the course's end every participant gets a situation: all provisional, and nothing is evaluated.
    const early = await record(id, ids);
    expect(early.status).toBe(200);
    expect(early.body.rows.every((r: { provisional?: boolean }) => r.provisional === true)).toBe(true);
    await api.runtime!.engine.settled();
    expect((await api.call('GET', `/pilots/${id}`)).body).toMatchObject({ status: 'running', phase: 'follow-up', waitingFor: 'follow-up-end' });
    expect((await api.call('GET', `/pilots/${id}/outcome`)).status).toBe(404);
    expect((await api.call('GET', `/pilots/${id}/participants/${ids[0]}`)).body.followUp).toMatchObject({
      outcome: 'employed-full-time',
      provisional: true,
    });
    expect(
      (await api.call('GET', `/pilots/${id}/participants?limit=100`)).body.items.every(
        (p: { followUp?: { provisional?: boolean } }) => p.followUp?.provisional,
      ),
    ).toBe(true);

    // The day before the follow-up day: no request yet, no evaluation.
    await advanceTo(addDays(plan.followUpDay, -1));
    expect(mails('follow-up-request')).toEqual([]);
    expect((await api.call('GET', `/pilots/${id}/outcome`)).status).toBe(404);

    // On the day: the request goes, asking for all six (the provisional ones included, and said so).
    await advanceTo(plan.followUpDay);
    const requests = mails('follow-up-request');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toContain('registreret en foreløbig situation før opfølgningsdagen');
    expect((await api.call('GET', `/pilots/${id}/outcome`)).status).toBe(404);

    // Recorded again on the day: final. One still provisional keeps the phase open; the last one ends it at once.
    const confirmed = await record(id, ids.slice(0, 5), 'unemployed');
    expect(confirmed.body.rows.some((r: { provisional?: boolean }) => r.provisional)).toBe(false);
    await api.runtime!.engine.settled();
    expect((await api.call('GET', `/pilots/${id}/participants/${ids[0]}`)).body.followUp.provisional).toBeUndefined();
    expect((await api.call('GET', `/pilots/${id}/outcome`)).status).toBe(404);
    await record(id, ids.slice(5), 'employed-full-time');
    await api.runtime!.engine.settled();
    const outcome = (await api.call('GET', `/pilots/${id}/outcome`)).body;
    expect(dateInCopenhagen(new Date(outcome.evaluatedAt))).toBe(plan.followUpDay);
    expect(outcome.evaluation.employment.rate).toMatchObject({ count: 1, of: 6 });
    expect(outcome.evaluation.employment.unknown.count).toBe(0);
  });

  it('evaluates at the end of the recording window without the situations never confirmed on the day: no follow-up was measured', async () => {
    const { id, ids, plan } = await pilotAtCourseEnd('never');
    await record(id, ids);
    await advanceTo(plan.followUpEnds);
    expect((await api.call('GET', `/pilots/${id}/outcome`)).status).toBe(404);
    await advanceTo(addDays(plan.followUpEnds, 1));
    const outcome = (await api.call('GET', `/pilots/${id}/outcome`)).body;
    expect(dateInCopenhagen(new Date(outcome.evaluatedAt))).toBe(addDays(plan.followUpEnds, 1));
    // Only provisional situations: as if none was recorded (the rule for an outcome without follow-up).
    expect(outcome.evaluation.employment).toBeNull();
    expect(outcome.evaluation.employmentNotMeasured).toBe('no-follow-up-recorded');
    expect(outcome.recommendation).toBe('uncertain');
  });
});
