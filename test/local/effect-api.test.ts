import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dateInCopenhagen, startOfDay } from '../../functions/domain/calendar.js';
import { newcombe, wilson } from '../../functions/domain/intervals.js';
import { nextDigestAt } from '../../functions/services/digest.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { decodedEml } from '../support/outbox.js';
import { azure2020Body } from '../support/fixtures.js';

// How sure, and compared with what, through the API on the fast-forwarded
// clock: a pilot names a comparison, a comparison group's counts are recorded
// at follow-up, and the outcome carries every rate's interval, the certainty
// against the target and the effect with its interval.

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ clockStart: '2021-03-01T08:00:00.000Z' });
});
afterAll(() => api.close());

const advanceTo = (date: string) => api.runtime!.advance(new Date(startOfDay(date)));
const today = () => dateInCopenhagen(api.runtime!.clock.now());
const decoded = (eml: string) => decodedEml(eml).replace(/\s+/g, ' ');
const mailsOf = (name: string, kind: string) =>
  readdirSync(api.outboxDir)
    .filter((f) => f.includes(kind))
    .map((f) => decoded(readFileSync(join(api.outboxDir, f), 'utf8')))
    .filter((eml) => eml.includes(name));

const pilotBody = (name: string, comparison?: unknown) => {
  const start = today();
  return {
    ...azure2020Body,
    name,
    capacity: 14,
    minimumCohort: 5,
    recruitment: { opens: start, closes: addDays(start, 5) },
    course: { start: addDays(start, 7), weeks: 6, ending: 'diploma' },
    matchEvent: undefined,
    targetEmploymentRate: 0.4,
    managementEmails: ['ledelse@bif.kk.test', { email: 'director@bif.kk.test', language: 'en' }],
    ...(comparison ? { comparison } : {}),
  };
};

/** 14 who all start a 6-week course; returned in its follow-up phase. */
const pilotInFollowUp = async (name: string, comparison?: unknown) => {
  const start = today();
  const res = await api.call('POST', '/pilots', { json: pilotBody(name, comparison) });
  expect(res.status).toBe(201);
  const id = res.body.id as string;
  const participants = Array.from({ length: 14 }, (_, i) => ({
    reference: `${name.replace(/ /g, '-')}-${i}`,
    name: `Deltager ${i}`,
    birthYear: 1980,
    targetGroup: 'academics',
  }));
  expect((await api.call('POST', `/pilots/${id}/participants`, { json: { participants } })).status).toBe(200);
  expect((await api.call('POST', `/pilots/${id}/start`)).status).toBe(202);
  await advanceTo(addDays(start, 8));
  const ids = ((await api.call('GET', `/pilots/${id}/participants?limit=100`)).body.items as { id: string }[]).map((p) => p.id);
  for (const pid of ids) expect((await api.call('PATCH', `/pilots/${id}/participants/${pid}`, { json: { status: 'started' } })).status).toBe(200);
  const plan = (await api.call('GET', `/pilots/${id}`)).body.plan as { courseEnds: string; followUpDay: string };
  await advanceTo(plan.followUpDay);
  return { id, ids };
};

/** 5 of the 14 in full-time work, the rest unemployed: every situation recorded, so the evaluation runs at once. */
const recordFiveOfFourteen = async (id: string, ids: string[]) => {
  const outcomes = ids.map((participantId, i) => ({ participantId, outcome: i < 5 ? 'employed-full-time' : 'unemployed' }));
  const res = await api.call('POST', `/pilots/${id}/follow-up`, { json: { outcomes } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  await api.runtime!.engine.settled();
  const outcome = await api.call('GET', `/pilots/${id}/outcome`, { role: 'management' });
  expect(outcome.status).toBe(200);
  return outcome.body;
};

const close = (interval: { low: number; high: number } | null | undefined, expected: { low: number; high: number } | null) => {
  expect(interval!.low).toBeCloseTo(expected!.low, 10);
  expect(interval!.high).toBeCloseTo(expected!.high, 10);
};

describe('a comparison in the pilot body', () => {
  it('is refused when incomplete or mixed, each issue naming its field and code', async () => {
    const noRate = await api.call('POST', '/pilots', { json: pilotBody('no rate', { kind: 'rate', source: 'Jobindsats', period: '2023' }) });
    expect(noRate.status).toBe(400);
    expect(noRate.body.issues).toEqual([expect.objectContaining({ path: 'comparison.rate', code: 'required' })]);

    const groupWithN = await api.call('POST', '/pilots', {
      json: pilotBody('group with n', { kind: 'group', source: 'Ikke-deltagere', period: '2023', n: 40 }),
    });
    expect(groupWithN.status).toBe(400);
    expect(groupWithN.body.issues).toEqual([expect.objectContaining({ path: 'comparison.n', code: 'unknown_field' })]);

    const badKind = await api.call('POST', '/pilots', { json: pilotBody('bad kind', { kind: 'cohort', source: 'x', period: '2023', rate: 2 }) });
    expect(badKind.body.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'comparison.kind', code: 'invalid_value' }),
        expect.objectContaining({ path: 'comparison.rate', code: 'too_big', max: 1 }),
      ]),
    );
  });

  it('can be named, changed and removed with PATCH, each change in the audit trail', async () => {
    const created = await api.call('POST', '/pilots', { json: pilotBody('patched') });
    const id = created.body.id as string;
    const comparison = { kind: 'rate', source: 'Jobindsats: ledige akademikere', period: '2023', rate: 0.2, n: 1200 };

    const named = await api.call('PATCH', `/pilots/${id}`, { json: { comparison } });
    expect(named.status).toBe(200);
    expect(named.body.comparison).toEqual(comparison);
    const removed = await api.call('PATCH', `/pilots/${id}`, { json: { comparison: null } });
    expect(removed.body.comparison).toBeUndefined();
    expect((await api.call('PATCH', `/pilots/${id}`, { json: { comparison: { ...comparison, rate: -1 } } })).body.issues).toEqual([
      expect.objectContaining({ path: 'comparison.rate', code: 'too_small' }),
    ]);

    const audit = (await api.call('GET', `/pilots/${id}/audit`)).body.items as { action: string }[];
    expect(audit.filter((e) => e.action === 'pilot.comparison-set')).toHaveLength(2);
  });
});

describe('the outcome: intervals, certainty and effect', () => {
  it('a comparison group counted at follow-up: every rate with its interval, the certainty, and the effect by Newcombe', async () => {
    const { id, ids } = await pilotInFollowUp('med gruppe', { kind: 'group', source: 'Berettigede borgere, der ikke deltog', period: 'samme 2 måneder' });

    // Counts only; a count over the group's size is refused naming the field; management may not record.
    expect((await api.call('PUT', `/pilots/${id}/comparison-group`, { json: { size: 40, employed: 41 } })).body.issues).toEqual([
      expect.objectContaining({ path: 'employed', code: 'too_big', max: 40 }),
    ]);
    expect((await api.call('PUT', `/pilots/${id}/comparison-group`, { json: { size: 40, employed: 8, names: ['x'] } })).body.issues).toEqual([
      expect.objectContaining({ path: 'names', code: 'unknown_field' }),
    ]);
    expect((await api.call('PUT', `/pilots/${id}/comparison-group`, { role: 'management', json: { size: 40, employed: 8 } })).status).toBe(403);
    const first = await api.call('PUT', `/pilots/${id}/comparison-group`, { json: { size: 40, employed: 9 } });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const recorded = await api.call('PUT', `/pilots/${id}/comparison-group`, { json: { size: 40, employed: 8 } }); // a correction
    expect(recorded.body.comparisonGroup).toMatchObject({ size: 40, employed: 8 });

    const outcome = await recordFiveOfFourteen(id, ids);
    const e = outcome.evaluation;

    expect(e.employment.rate).toMatchObject({ count: 5, of: 14 });
    close(e.employment.rate.interval, wilson(5, 14));
    expect(e.employment.rate.interval.low).toBeCloseTo(0.163, 3);
    expect(e.employment.rate.interval.high).toBeCloseTo(0.612, 3);
    for (const r of [e.employment.amongCompleted, e.employment.fullTime, e.employment.unknown]) expect(r).toHaveProperty('interval');
    close(e.employment.fullTime.interval, wilson(5, 14));

    // 36 % against 40 %: the interval 16–61 % holds the target; a cohort of about 550 would tell.
    expect(e.certainty).toMatchObject({ position: 'around', target: 0.4 });
    expect(e.certainty.cohortToTell).toBeGreaterThan(500);
    expect(e.certainty.cohortToTell).toBeLessThan(600);
    expect(outcome.recommendation).toBe('adjust'); // the rule itself is unchanged

    expect(e.comparison).toMatchObject({ kind: 'group', rate: 0.2, count: 8, of: 40, source: 'Berettigede borgere, der ikke deltog' });
    const expected = newcombe(5, 14, 8, 40)!;
    expect(e.effect).toMatchObject({ method: 'newcombe', position: 'around' });
    expect(e.effect.difference).toBeCloseTo(5 / 14 - 0.2, 10);
    close(e.effect.interval, expected.interval);

    // The outcome e-mails say the same, in Danish and English.
    const [da] = mailsOf('med gruppe', 'outcome-da');
    const [en] = mailsOf('med gruppe', 'outcome-en');
    expect(da).toContain('5 af 14 (36 %; 95 %-interval 16–61 %)');
    expect(da).toContain('Tallene kan ikke skelne resultatet fra målet');
    expect(da).toContain('8 af 40 (20 %; 95 %-interval 10–35 %)');
    expect(da).toContain('+16 procentpoint (95 %-interval \u22129 til +43)');
    expect(en).toContain('5 of 14 (36%; 95% interval 16–61%)');
    expect(en).toContain('+16 percentage points (95% interval \u22129 to +43)');

    // Once evaluated, the counts and the comparison are final.
    expect((await api.call('PUT', `/pilots/${id}/comparison-group`, { json: { size: 40, employed: 10 } })).status).toBe(409);
  }, 60_000);

  it('a published rate without its n: the effect against a fixed rate; a group never counted says so', async () => {
    const rate = await pilotInFollowUp('fast rate', { kind: 'rate', source: 'Jobindsats: ledige akademikere', period: '2023', rate: 0.1 });
    // A rate is not a group: there are no counts to record.
    expect((await api.call('PUT', `/pilots/${rate.id}/comparison-group`, { json: { size: 40, employed: 8 } })).status).toBe(409);
    const e = (await recordFiveOfFourteen(rate.id, rate.ids)).evaluation;
    expect(e.comparison).toEqual({ kind: 'rate', source: 'Jobindsats: ledige akademikere', period: '2023', rate: 0.1, interval: null });
    expect(e.effect).toMatchObject({ method: 'fixed-rate', position: 'above' });
    close(e.effect.interval, { low: wilson(5, 14)!.low - 0.1, high: wilson(5, 14)!.high - 0.1 });

    const uncounted = await pilotInFollowUp('ikke talt', { kind: 'group', source: 'Ikke-deltagere', period: '2023' });
    const u = (await recordFiveOfFourteen(uncounted.id, uncounted.ids)).evaluation;
    expect(u).toMatchObject({ effect: null, effectNotMeasured: 'no-comparison-counts', comparison: { rate: null } });
  }, 90_000);

  it('a pilot with no comparison has no effect field', async () => {
    const { id, ids } = await pilotInFollowUp('uden sammenligning');
    const e = (await recordFiveOfFourteen(id, ids)).evaluation;
    expect(e).not.toHaveProperty('effect');
    expect(e).not.toHaveProperty('comparison');
  }, 60_000);

  it('the weekly digest ranks the evaluated pilots by effect, largest first, each with its interval', async () => {
    // Sent to these when set (read at each send); the pilots above are all closed, so no management list is active.
    process.env.DIGEST_RECIPIENTS = 'ledelse@bif.kk.test, director@bif.kk.test:en';
    const monday = nextDigestAt(api.runtime!.clock.now());
    await api.runtime!.advance(new Date(Date.parse(monday) + 60_000));
    // The latest Danish digest (each Monday since the pilots above were evaluated sent one).
    const latest = readdirSync(api.outboxDir)
      .filter((f) => f.includes('-digest-da'))
      .map((f) => ({ f, at: statSync(join(api.outboxDir, f)).mtimeMs }))
      .sort((a, b) => b.at - a.at)[0]!;
    const da = decoded(readFileSync(join(api.outboxDir, latest.f), 'utf8'));
    // Against 10 % (fixed rate): +26 points; against the counted group (8 of 40): +16. The uncounted group is not ranked.
    expect(da.indexOf('fast rate')).toBeLessThan(da.indexOf('med gruppe'));
    expect(da).toContain('+26 procentpoint (95 %-interval +6 til +51)');
    expect(da).toContain('+16 procentpoint (95 %-interval \u22129 til +43)');
    expect(da).not.toMatch(/ikke talt<\/td><td[^>]*>[+\u2212]/);
    delete process.env.DIGEST_RECIPIENTS;
  }, 60_000);
});
