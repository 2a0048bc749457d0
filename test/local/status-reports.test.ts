import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dateInCopenhagen, startOfDay } from '../../functions/domain/calendar.js';
import { reportDay } from '../../functions/domain/reports.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { decodedEml as decoded } from '../support/outbox.js';
import { azure2020Body } from '../support/fixtures.js';

// Report points (README, "Reports along the way"), through the API and the
// local stack on the fast-forwarded product clock: each sends management one
// status e-mail per language on its day (not the day before, never twice),
// and a pause before a point moves it by the pause's whole length.

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ clockStart: '2021-03-01T08:00:00.000Z' });
});
afterAll(() => api.close());

const advanceTo = (date: string) => api.runtime!.advance(new Date(startOfDay(date)));
const today = () => dateInCopenhagen(api.runtime!.clock.now());
const reports = (pilotName: string) =>
  readdirSync(api.outboxDir)
    .filter((f) => f.includes('-status-report-'))
    .map((f) => decoded(readFileSync(join(api.outboxDir, f), 'utf8')))
    .filter((m) => m.includes(pilotName));

const createPilot = async (name: string, reportsAt: { at: string }[]) => {
  const start = today();
  const res = await api.call('POST', '/pilots', {
    json: {
      ...azure2020Body,
      name,
      capacity: 6,
      minimumCohort: 2,
      recruitment: { opens: start, closes: addDays(start, 13) },
      course: { start: addDays(start, 14), weeks: 6, ending: 'diploma' },
      matchEvent: undefined,
      followUpMonths: 2,
      managementEmails: ['ledelse@bif.kk.test', { email: 'board@bif.kk.test', language: 'en' }],
      milestones: [
        { metric: 'enrolled', target: 6, by: addDays(start, 13) },
        { metric: 'completed', target: 4, by: addDays(start, 60) },
      ],
      reports: reportsAt,
    },
  });
  expect(res.status).toBe(201);
  const id = res.body.id as string;
  const participants = Array.from({ length: 4 }, (_, i) => ({
    reference: `${name.replace(/\W/g, '')}-${i}`,
    name: `Deltager ${i}`,
    birthYear: 1980,
    targetGroup: 'academics',
  }));
  const enrolled = await api.call('POST', `/pilots/${id}/participants`, { json: { participants } });
  expect(enrolled.body.summary.enrolled).toBe(4);
  expect((await api.call('POST', `/pilots/${id}/start`)).status).toBe(202);
  return { id, start };
};

describe('report points', () => {
  it("send management a status e-mail on the point's day, once, in each reader's language: quarter and midway", async () => {
    const { id, start } = await createPilot('Rapportpunkter', [{ at: 'quarter' }, { at: 'midway' }]);
    const pilot = (await api.call('GET', `/pilots/${id}`)).body;
    const quarter = reportDay(pilot, { at: 'quarter' });
    const midway = reportDay(pilot, { at: 'midway' });
    // The span runs from recruitment's opening to the follow-up day.
    expect(quarter).toBe(addDays(start, Math.floor(((Date.parse(pilot.plan.followUpDay) - Date.parse(start)) / 86_400_000) * 0.25)));

    await advanceTo(addDays(quarter, -1));
    expect(reports('Rapportpunkter')).toHaveLength(0);
    await advanceTo(quarter);
    const first = reports('Rapportpunkter');
    expect(first).toHaveLength(2);
    const da = first.find((m) => m.includes('Status pr.'))!;
    expect(da).toContain('Delmål indtil nu');
    // 4 enrolled of a target of 6 by recruitment's end, which has passed: at risk. Completed: on its way.
    expect(da).toMatch(/Tilmeldt[\s\S]*I risiko/);
    expect(da).toMatch(/Gennemført[\s\S]*På vej/);
    expect(da).toContain('Deltagerne indtil nu');
    const en = first.find((m) => m.includes('Status on'))!;
    expect(en).toContain('Milestones so far');
    expect(en).not.toMatch(/Delmål|Tilmeldt/);

    await advanceTo(addDays(midway, -1));
    expect(reports('Rapportpunkter')).toHaveLength(2);
    await advanceTo(addDays(midway, 3));
    expect(reports('Rapportpunkter')).toHaveLength(4);
    expect(reports('Rapportpunkter').filter((m) => /Subject: .*midtvejs|midtvejs/.test(m))).toHaveLength(1);
  });

  it('a pause before a point moves it by the whole pause, a date point included; neither is sent on its old day', async () => {
    const start = today();
    const dated = addDays(start, 40);
    const { id } = await createPilot('Pauseret rapport', [{ at: 'midway' }, { at: dated }]);
    const before = (await api.call('GET', `/pilots/${id}`)).body;
    const midway = reportDay(before, { at: 'midway' });

    await advanceTo(addDays(start, 20));
    expect((await api.call('POST', `/pilots/${id}/pause`, { json: { reason: 'Skolen mangler lokaler' } })).status).toBe(200);
    await advanceTo(addDays(start, 30));
    expect((await api.call('POST', `/pilots/${id}/resume`, { json: {} })).status).toBe(200);
    const after = (await api.call('GET', `/pilots/${id}`)).body;
    expect(after.reports).toEqual([{ at: 'midway' }, { at: addDays(dated, 10) }]);
    expect(reportDay(after, { at: 'midway' })).toBe(addDays(midway, 10));

    await advanceTo(addDays(dated, 1));
    expect(reports('Pauseret rapport')).toHaveLength(0);
    await advanceTo(addDays(dated, 10));
    expect(reports('Pauseret rapport')).toHaveLength(2);
    await advanceTo(addDays(midway, 9));
    expect(reports('Pauseret rapport')).toHaveLength(2);
    await advanceTo(addDays(midway, 10));
    expect(reports('Pauseret rapport')).toHaveLength(4);
  });
});
