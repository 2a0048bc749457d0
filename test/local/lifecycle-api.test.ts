import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfDay } from '../../functions/domain/calendar.js';
import { azure2020Body, azureParticipantsCsv } from '../support/fixtures.js';
import { startTestApi, type TestApi } from '../support/api.js';

// The lifecycle through the HTTP API, as a consultant drives it, with the
// local engine behind it and the clock fast-forwarded by its local route.

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ clockStart: '2020-01-20T08:00:00.000Z' });
});
afterAll(() => api.close());

const newPilot = async (overrides: Record<string, unknown> = {}) => {
  const res = await api.call('POST', '/pilots', { json: { ...azure2020Body, ...overrides } });
  expect(res.status).toBe(201);
  return res.body.id as string;
};

describe('starting a pilot', () => {
  it('is idempotent: a second start returns the running execution', async () => {
    const id = await newPilot();
    await api.call('POST', `/pilots/${id}/participants`, { body: azureParticipantsCsv(40), contentType: 'text/csv' });

    const first = await api.call('POST', `/pilots/${id}/start`);
    const second = await api.call('POST', `/pilots/${id}/start`);

    expect(first.status).toBe(202);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ ...first.body, alreadyRunning: true });
    await api.runtime!.engine.settled();
    const shown = await api.call('GET', `/pilots/${id}`, { role: 'management' });
    expect(shown.body).toMatchObject({ status: 'running', phase: 'recruitment', waitingFor: 'recruitment-end', nextDeadline: startOfDay('2020-03-02') });
    const audit = (await api.call('GET', `/pilots/${id}/audit?limit=100`)).body.items.map((e: { action: string }) => e.action);
    expect(audit.filter((a: string) => a === 'pilot.started')).toHaveLength(1);
  });

  it('ends recruitment early when the pilot fills up', async () => {
    const id = await newPilot({ capacity: 30, minimumCohort: 10 });
    await api.call('POST', `/pilots/${id}/start`);
    await api.runtime!.engine.settled();

    await api.call('POST', `/pilots/${id}/participants`, { body: azureParticipantsCsv(30), contentType: 'text/csv' });
    await api.runtime!.engine.settled();

    expect((await api.call('GET', `/pilots/${id}`)).body).toMatchObject({ phase: 'course', waitingFor: 'course-end' });
    // Until recruitment's end date, the next eligible citizen goes on the waiting list.
    const late = await api.call('POST', `/pilots/${id}/participants`, {
      json: { reference: 'LATE-1', name: 'Late', birthYear: 1980, targetGroup: 'academics' },
    });
    expect(late.status).toBe(201);
    expect(late.body.outcome).toBe('waitlisted');
  });
});

describe('steering a running pilot', () => {
  it('pause, move a date, resume, close: each answers with the pilot, wrong states with 409', async () => {
    const id = await newPilot();
    expect((await api.call('POST', `/pilots/${id}/pause`, { json: { reason: 'x' } })).status).toBe(409); // a draft
    await api.call('POST', `/pilots/${id}/start`);
    await api.runtime!.engine.settled();

    const paused = await api.call('POST', `/pilots/${id}/pause`, { json: { reason: 'spring 2020 lockdown' } });
    expect(paused.body).toMatchObject({ status: 'paused', pauseReason: 'spring 2020 lockdown' });
    expect((await api.call('POST', `/pilots/${id}/pause`, { json: { reason: 'again' } })).status).toBe(409);
    expect((await api.call('POST', `/pilots/${id}/pause`, { json: {} })).body.issues[0]).toEqual({ path: 'reason', message: 'required', code: 'required' });

    const moved = await api.call('PATCH', `/pilots/${id}`, { json: { recruitment: { closes: '2020-03-08' } } });
    expect(moved.status).toBe(200);
    expect(moved.body.nextDeadline).toBe(startOfDay('2020-03-09'));
    const badDates = await api.call('PATCH', `/pilots/${id}`, { json: { course: { start: '2020-03-01' } } });
    expect(badDates.status).toBe(400);
    expect(badDates.body.issues[0].path).toBe('course.start');

    const resumed = await api.call('POST', `/pilots/${id}/resume`, { json: { dates: { recruitment: { closes: '2020-03-10' } } } });
    expect(resumed.body).toMatchObject({ status: 'running', nextDeadline: startOfDay('2020-03-11') });

    const closing = await api.call('POST', `/pilots/${id}/close`, { json: { reason: 'budget cut' } });
    expect(closing.status).toBe(202);
    await api.runtime!.engine.settled();
    expect((await api.call('GET', `/pilots/${id}`)).body.status).toBe('closed');
    const outcome = await api.call('GET', `/pilots/${id}/outcome`, { role: 'management' });
    expect(outcome.body).toMatchObject({ closedEarly: true, reason: 'budget cut', phaseReached: 'recruitment' });
    expect((await api.call('POST', `/pilots/${id}/close`, { json: { reason: 'again' } })).status).toBe(409);
    expect((await api.call('POST', `/pilots/${id}/start`)).status).toBe(409);
  });

  it('refuses an extension when the pilot is not waiting for a recruitment decision', async () => {
    const id = await newPilot();
    const res = await api.call('POST', `/pilots/${id}/recruitment/extend`, { json: { closes: '2020-04-01' } });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/not waiting for a recruitment decision/);
  });

  it('management may not steer (403)', async () => {
    const id = await newPilot();
    expect((await api.call('POST', `/pilots/${id}/start`, { role: 'management' })).status).toBe(403);
  });
});

describe('the local clock', () => {
  it('fast-forwards to a date, firing due wake-ups in order, and never goes back', async () => {
    const id = await newPilot();
    await api.call('POST', `/pilots/${id}/participants`, { body: azureParticipantsCsv(40), contentType: 'text/csv' });
    await api.call('POST', `/pilots/${id}/start`);
    await api.runtime!.engine.settled();

    const advanced = await api.call('POST', '/_local/clock/advance', { json: { to: '2020-03-02' } });
    expect(advanced.status).toBe(200);
    // The local clock keeps running in real time after the jump.
    const since = (iso: string) => Date.parse(iso) - Date.parse(startOfDay('2020-03-02'));
    expect(since(advanced.body.now)).toBeGreaterThanOrEqual(0);
    expect(since(advanced.body.now)).toBeLessThan(5_000);
    expect(advanced.body.fired.map((f: { pilotId: string }) => f.pilotId)).toContain(id);
    expect((await api.call('GET', `/pilots/${id}`)).body.phase).toBe('course');

    expect((await api.call('POST', '/_local/clock/advance', { json: { to: '2020-01-01' } })).status).toBe(409);
    const bad = await api.call('POST', '/_local/clock/advance', { json: { days: -3 } });
    expect(bad.status).toBe(400);
    expect(since((await api.call('GET', '/_local/clock')).body.now)).toBeLessThan(5_000);
  });
});
