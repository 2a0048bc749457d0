import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/store/client.js';
import { addDays, dateInCopenhagen, startOfDay } from '../../functions/domain/calendar.js';
import { azure2020Body, azureParticipantsCsv } from '../support/fixtures.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { decodedEml as decoded } from '../support/outbox.js';

// The lifecycle's rules as the README states them, tried the way a
// consultant's year exercises them: through the HTTP API, against DynamoDB
// Local, with the local engine and its clock fast-forwarded. The clock only
// moves forward, so every pilot here is planned from "today" on the clock.

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ clockStart: '2020-01-20T08:00:00.000Z' });
});
afterAll(() => api.close());

const today = () => dateInCopenhagen(api.runtime!.clock.now());
const advanceTo = async (to: string) => expect((await api.call('POST', '/_local/clock/advance', { json: { to } })).status).toBe(200);
const settled = () => api.runtime!.engine.settled();

/** A pilot planned from today: recruitment open until `closesIn` days, the course from `courseIn` days. */
const newPilot = async (overrides: Record<string, unknown> = {}, plan: { closesIn?: number; courseIn?: number } = {}) => {
  const t = today();
  const res = await api.call('POST', '/pilots', {
    json: {
      ...azure2020Body,
      matchEvent: undefined,
      recruitment: { opens: addDays(t, -1), closes: addDays(t, plan.closesIn ?? 10) },
      course: { start: addDays(t, plan.courseIn ?? 20), weeks: 4, ending: 'exam' },
      ...overrides,
    },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
};

const person = (ref: string) => ({ reference: ref, name: `Deltager ${ref}`, birthYear: 1980, targetGroup: 'academics' });
const enrolOne = (id: string, ref: string) => api.call('POST', `/pilots/${id}/participants`, { json: person(ref) });
const enrolCsv = (id: string, count: number) => api.call('POST', `/pilots/${id}/participants`, { body: azureParticipantsCsv(count), contentType: 'text/csv' });
const pilotOf = async (id: string) => (await api.call('GET', `/pilots/${id}`)).body;

/** Every participant in the recorded (enrolment) order. */
const inOrder = async (id: string) => {
  const items: { id: string; reference: string; status: string; orderKey: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = (await api.call('GET', `/pilots/${id}/participants?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
};

describe('places in order', () => {
  it('200 concurrent enrolments into 10 places: the 10 enrolled are the first 10 in the recorded order, keys unique, freed places go to the head', async () => {
    const id = await newPilot({ capacity: 10, minimumCohort: 5 });

    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => enrolOne(id, `C-${i}`)));

    expect(answers.every((a) => a.status === 201)).toBe(true);
    expect(answers.filter((a) => a.body.outcome === 'enrolled')).toHaveLength(10);
    const listed = await inOrder(id);
    expect(listed).toHaveLength(200);
    expect(new Set(listed.map((p) => p.orderKey)).size).toBe(200);
    expect(listed.map((p) => p.orderKey)).toEqual([...listed.map((p) => p.orderKey)].sort());
    expect(listed.slice(0, 10).every((p) => p.status === 'enrolled')).toBe(true);
    expect(listed.slice(10).every((p) => p.status === 'waitlisted')).toBe(true);
    // Each participant's answer agrees with where they stand.
    const answered = new Map(answers.map((a) => [a.body.participantId as string, a.body.outcome as string]));
    expect(listed.every((p) => answered.get(p.id) === p.status)).toBe(true);

    // A dropout and an erasure: the places go to the 11th and 12th in order.
    expect((await api.call('PATCH', `/pilots/${id}/participants/${listed[3]!.id}`, { json: { status: 'dropped-out', reason: 'found-job' } })).status).toBe(200);
    expect((await api.call('DELETE', `/pilots/${id}/participants/${listed[7]!.id}`)).status).toBe(204);
    const after = await inOrder(id);
    expect(after.filter((p) => p.status === 'enrolled').map((p) => p.reference)).toEqual(
      listed.filter((_, i) => i < 12 && i !== 3 && i !== 7).map((p) => p.reference),
    );
    expect((await pilotOf(id)).placesTaken).toBe(10);
  }, 120_000);
});

describe('order numbers', () => {
  it('a request that enrols no one (ineligible, invalid) takes no number and writes nothing', async () => {
    const id = await newPilot();
    const ineligible = await api.call('POST', `/pilots/${id}/participants`, { json: { ...person('OLD-1'), birthYear: 1930 } });
    const invalid = await api.call('POST', `/pilots/${id}/participants`, { json: { participants: [{ reference: 'X' }] } });

    expect([ineligible.status, invalid.status]).toEqual([422, 200]);
    const { Items = [] } = await createDocumentClient().send(
      new QueryCommand({ TableName: api.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `PILOT#${id}` } }),
    );
    expect(Items.filter((i) => !String(i.SK).startsWith('AUDIT#')).map((i) => i.SK)).toEqual(['PILOT']);
  });
});

describe('the waiting list', () => {
  it('between recruitment closing and the course start, a dropout and an erasure each move the head of the waiting list in', async () => {
    const id = await newPilot({ capacity: 3, minimumCohort: 3 }, { closesIn: 5, courseIn: 20 });
    await enrolCsv(id, 10);
    expect((await api.call('POST', `/pilots/${id}/start`)).status).toBe(202);
    await settled();
    await advanceTo(addDays(today(), 8)); // after the close, before the course
    const listed = await inOrder(id);
    expect(listed.map((p) => p.status)).toEqual([...Array(3).fill('enrolled'), ...Array(7).fill('waitlisted')]);

    expect((await api.call('PATCH', `/pilots/${id}/participants/${listed[0]!.id}`, { json: { status: 'dropped-out', reason: 'illness' } })).status).toBe(200);
    expect((await api.call('DELETE', `/pilots/${id}/participants/${listed[1]!.id}`)).status).toBe(204);

    const pilot = await pilotOf(id);
    expect(pilot.placesTaken).toBe(3);
    expect(pilot.counts.waitlisted).toBe(5);
    const after = await inOrder(id);
    expect(after.filter((p) => p.status === 'enrolled').map((p) => p.reference)).toEqual([listed[2], listed[3], listed[4]].map((p) => p!.reference));
  });

  it('a running pilot that fills during recruitment puts the next eligible citizen on the waiting list', async () => {
    const id = await newPilot({ capacity: 30, minimumCohort: 10 });
    await api.call('POST', `/pilots/${id}/start`);
    await settled();

    await enrolCsv(id, 30);
    await settled();
    expect(await pilotOf(id)).toMatchObject({ phase: 'course', waitingFor: 'course-end', placesTaken: 30 });

    expect((await pilotOf(id)).enrolmentOpen).toBe(true);
    const next = await enrolOne(id, 'LATE-1');
    expect(next.status).toBe(201);
    expect(next.body.outcome).toBe('waitlisted');
  });

  it('a pilot already full when started ends recruitment early', async () => {
    const id = await newPilot({ capacity: 3, minimumCohort: 3 });
    await enrolCsv(id, 4);

    await api.call('POST', `/pilots/${id}/start`);
    await settled();

    expect(await pilotOf(id)).toMatchObject({ phase: 'course', waitingFor: 'course-end' });
    const trail = (await api.call('GET', `/pilots/${id}/audit?limit=100`)).body.items;
    expect(trail.find((e: { action: string }) => e.action === 'pilot.resumed-from-wait')?.details).toMatchObject({ waitedFor: 'recruitment-end', by: 'event' });
  });

  it('a pilot started after its recruitment closed accepts no enrolment, not even at once', async () => {
    const t = today();
    const id = await newPilot({ recruitment: { opens: addDays(t, -20), closes: addDays(t, -2) } });

    expect((await api.call('POST', `/pilots/${id}/start`)).status).toBe(202);
    const single = await enrolOne(id, 'TOO-LATE');
    const batch = await enrolCsv(id, 3);
    await settled();

    expect(single.status).toBe(409);
    expect(single.body.message).toBe(`recruitment is not open: it closed on ${addDays(t, -2)}`);
    expect(batch.status).toBe(409);
    expect(await pilotOf(id)).toMatchObject({ enrolmentOpen: false, counts: { enrolled: 0 } });
  });
});

describe('the minimum-cohort decision window', () => {
  it('is exactly 14 days from the escalation', async () => {
    const id = await newPilot({ capacity: 10, minimumCohort: 5 }, { closesIn: 3, courseIn: 30 });
    await enrolCsv(id, 2);
    await api.call('POST', `/pilots/${id}/start`);
    await settled();
    const closes = addDays(today(), 3);

    await advanceTo(addDays(closes, 1));

    const pilot = await pilotOf(id);
    expect(pilot.waitingFor).toBe('recruitment-decision');
    // The escalation comes at the recruitment deadline: 00:00 after the closing day.
    const escalatedAt = startOfDay(addDays(closes, 1));
    expect(dateInCopenhagen(new Date(pilot.risks['recruitment-under-minimum'].at))).toBe(addDays(closes, 1));
    expect(Date.parse(pilot.nextDeadline) - Date.parse(escalatedAt)).toBe(14 * 86_400_000);
    expect(pilot.recruitmentDecisionBy).toBe(addDays(closes, 14));
  });
});

describe('the weekly digest', () => {
  it('a pilot closed at 00:00 on a Monday is reported in exactly one weekly digest', async () => {
    process.env.DIGEST_RECIPIENTS = 'portefolje@bif.kk.test';
    const name = 'Lukket ved midnat';
    const id = await newPilot({ name });
    await api.call('POST', `/pilots/${id}/start`);
    await settled();
    let monday = addDays(today(), 1);
    while (new Date(`${monday}T12:00:00Z`).getUTCDay() !== 1) monday = addDays(monday, 1);
    await advanceTo(monday); // 00:00 Copenhagen

    expect((await api.call('POST', `/pilots/${id}/close`, { json: { reason: 'test af ugegrænsen' } })).status).toBe(202);
    await settled();
    expect(dateInCopenhagen(new Date((await pilotOf(id)).closedAt))).toBe(monday);
    await advanceTo(addDays(monday, 15)); // past two Monday digests

    const digests = readdirSync(api.outboxDir)
      .filter((f) => f.includes('-digest-da'))
      .map((f) => decoded(readFileSync(join(api.outboxDir, f), 'utf8')));
    expect(digests.length).toBeGreaterThanOrEqual(2);
    const reporting = digests.filter((eml) => eml.includes(name));
    expect(reporting).toHaveLength(1);
    // Closed before follow-up: its row says employment was not measured, not "0 af 0".
    expect(reporting[0]).toContain('ikke målt');
    delete process.env.DIGEST_RECIPIENTS;
  }, 60_000);
});

describe('voucher codes: retakes and revoking', () => {
  it('a failed candidate waits for a retake code when none is free and gets one when codes are loaded, after first sittings; a revoked code goes to the next in line and its holder waits no more', async () => {
    const id = await newPilot({ capacity: 4, minimumCohort: 1, certification: { retakes: true } }, { closesIn: 3, courseIn: 5 });
    await enrolCsv(id, 4);
    const load = (...list: string[]) =>
      api.call('POST', `/pilots/${id}/vouchers`, { json: { sponsor: 'Microsoft', exam: 'AZ-900', expiresOn: addDays(today(), 200), codes: list } });
    expect((await load('AZ900-0001-XK', 'AZ900-0002-XK')).status).toBe(200);
    await api.call('POST', `/pilots/${id}/start`);
    await settled();
    await advanceTo(addDays(today(), 5)); // the course starts
    const [a, b, c, d] = await inOrder(id);
    for (const p of [a!, b!, c!, d!]) {
      await api.call('PATCH', `/pilots/${id}/participants/${p.id}`, { json: { status: 'started' } });
      await api.call('PATCH', `/pilots/${id}/participants/${p.id}`, { json: { status: 'completed' } });
    }
    await advanceTo(dateInCopenhagen(new Date((await pilotOf(id)).nextDeadline))); // the course ends
    expect((await pilotOf(id)).waitingFor).toBe('certification-end');
    const codeOf = async (pid: string) => (await api.call('GET', `/pilots/${id}/participants/${pid}`)).body.voucher;
    expect((await codeOf(a!.id))?.code).toBe('AZ900-0001-XK');
    expect((await codeOf(b!.id))?.code).toBe('AZ900-0002-XK');
    const waiting = async () => (await api.call('GET', `/pilots/${id}/vouchers`)).body.waiting;
    expect(await waiting()).toEqual([c!.id, d!.id]);

    // A fails with no code free: they wait for their retake, behind the first sittings.
    const failed = await api.call('POST', `/pilots/${id}/exam-results`, { json: { results: [{ participantId: a!.id, result: 'failed', date: today() }] } });
    expect(failed.body.rows[0]).toMatchObject({ outcome: 'recorded', retake: 'waiting' });
    expect(await waiting()).toEqual([c!.id, d!.id, a!.id]);

    // B will not sit the exam: the code is taken back and goes to the next in line (C); B waits for none.
    const revoked = await api.call('DELETE', `/pilots/${id}/participants/${b!.id}/voucher`);
    expect(revoked.status).toBe(200);
    expect((await codeOf(c!.id))?.code).toBe('AZ900-0002-XK');
    expect(await codeOf(b!.id)).toBeUndefined();
    expect(await waiting()).toEqual([d!.id, a!.id]);

    await load('AZ900-0003-XK', 'AZ900-0004-XK', 'AZ900-0005-XK');

    expect((await codeOf(d!.id))?.code).toBe('AZ900-0003-XK');
    expect(await codeOf(a!.id)).toMatchObject({ code: 'AZ900-0004-XK', attempt: 2 });
    expect(await codeOf(b!.id)).toBeUndefined();
    expect(await waiting()).toEqual([]);
    const pool = (await api.call('GET', `/pilots/${id}/vouchers`)).body.pool;
    expect(pool).toMatchObject({ total: 5, free: 1 });
    // The retake code went out by e-mail too.
    const mails = readdirSync(api.outboxDir)
      .filter((f) => f.includes('-voucher-'))
      .map((f) => decoded(readFileSync(join(api.outboxDir, f), 'utf8')));
    expect(mails.some((eml) => eml.includes('AZ900-0004-XK'))).toBe(true);
  }, 60_000);
});

describe('an outcome so far claims no outcome', () => {
  const outcomeMails = (name: string) =>
    readdirSync(api.outboxDir)
      .filter((f) => f.includes('-outcome-'))
      .map((f) => ({ file: f, text: decoded(readFileSync(join(api.outboxDir, f), 'utf8')) }))
      .filter((m) => m.text.includes(name));

  it('a pilot closed during its course: no employment figure in the API or the e-mails, and both say it was not measured', async () => {
    const id = await newPilot(
      {
        name: 'Lukket under kurset',
        capacity: 4,
        minimumCohort: 1,
        managementEmails: ['ledelse@bif.kk.test', { email: 'director@bif.kk.test', language: 'en' }],
      },
      { closesIn: 2, courseIn: 4 },
    );
    await enrolCsv(id, 4);
    await api.call('POST', `/pilots/${id}/start`);
    await settled();
    await advanceTo(addDays(today(), 4));
    for (const p of await inOrder(id)) await api.call('PATCH', `/pilots/${id}/participants/${p.id}`, { json: { status: 'started' } });
    expect((await pilotOf(id)).phase).toBe('course');

    expect((await api.call('POST', `/pilots/${id}/close`, { json: { reason: 'underviseren sprang fra' } })).status).toBe(202);
    await settled();

    const outcome = (await api.call('GET', `/pilots/${id}/outcome`, { role: 'management' })).body;
    expect(outcome).toMatchObject({
      closedEarly: true,
      phaseReached: 'course',
      recommendation: 'uncertain',
      evaluation: {
        employment: null,
        employmentNotMeasured: 'closed-before-follow-up',
        funnel: { recruited: 4, started: 4, employed: null },
        cost: { perJob: null },
      },
    });
    const mails = outcomeMails('Lukket under kurset');
    const da = mails.find((m) => m.file.includes('outcome-da'))!.text;
    const en = mails.find((m) => m.file.includes('outcome-en'))!.text;
    expect(da).not.toMatch(/I ordinær beskæftigelse: \d/);
    expect(da).not.toContain('0 af 4');
    expect(da).toContain('Beskæftigelsen er ikke målt: pilotprojektet blev lukket før opfølgningen');
    expect(da).toContain('Hvad pilotprojektet nåede');
    expect(en).not.toMatch(/In ordinary employment: \d/);
    expect(en).toContain('Employment was not measured: the pilot was closed before its follow-up');
  }, 60_000);

  it('a pilot closed in follow-up with nothing recorded says no follow-up was recorded', async () => {
    const id = await newPilot(
      { name: 'Lukket ved opfoelgningen', capacity: 2, minimumCohort: 1, followUpMonths: 1, course: { start: addDays(today(), 3), weeks: 1, ending: 'none' } },
      { closesIn: 2 },
    );
    await enrolCsv(id, 2);
    await api.call('POST', `/pilots/${id}/start`);
    await settled();
    await advanceTo(addDays(today(), 3));
    for (const p of await inOrder(id)) {
      await api.call('PATCH', `/pilots/${id}/participants/${p.id}`, { json: { status: 'started' } });
      await api.call('PATCH', `/pilots/${id}/participants/${p.id}`, { json: { status: 'completed' } });
    }
    await advanceTo(addDays(today(), 40));
    expect((await pilotOf(id)).phase).toBe('follow-up');

    await api.call('POST', `/pilots/${id}/close`, { json: { reason: 'ingen opfølgning' } });
    await settled();

    const outcome = (await api.call('GET', `/pilots/${id}/outcome`)).body;
    expect(outcome.evaluation).toMatchObject({ employment: null, employmentNotMeasured: 'no-follow-up-recorded' });
    const da = outcomeMails('Lukket ved opfoelgningen').find((m) => m.file.includes('outcome-da'))!.text;
    expect(da).toContain('Beskæftigelsen er ikke målt: der blev ikke registreret nogen opfølgning');
    expect(da).not.toContain('0 af 2');
  }, 60_000);
});
