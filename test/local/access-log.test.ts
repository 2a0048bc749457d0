import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES, routeKey } from '../../functions/api/routes.js';
import { renderVoucherMail } from '../../functions/mail/voucher.js';
import { sendOnce } from '../../functions/services/mailing.js';
import { createDocumentClient } from '../../functions/store/client.js';
import { runtimePorts } from '../../functions/composition.js';
import type { ServiceContext } from '../../functions/services/context.js';
import { saveFollowUpOutcome } from '../../functions/store/follow-up.js';
import { participantMailKey } from '../../functions/store/mails.js';
import { recordInternship } from '../../functions/store/internships.js';
import { saveSchedule } from '../../functions/store/match-schedule.js';
import { changeParticipantStatus, changeParticipantStatuses, getParticipant } from '../../functions/store/participants.js';
import { getPilot } from '../../functions/store/pilots.js';
import { assignCode, putFreeCode, recordExam } from '../../functions/store/vouchers.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { companyBody } from '../support/companies.js';
import { azure2020Body } from '../support/fixtures.js';
import { consultant } from '../support/store.js';

// The access log (functions/store/access-log.ts): every read route that
// returns a participant's personal data writes one entry naming exactly whom
// it returned; the entries are listed per pilot and per participant, expire
// by TTL after the configured months, and the subject access export (itself
// logged) shows them with everything else held about a person.

let api: TestApi;
let store: ServiceContext;
let companyNo = 700;
beforeAll(async () => {
  api = await startTestApi({ clockStart: '2020-02-03T09:00:00.000Z' });
  store = { db: createDocumentClient(), tableName: api.tableName, clock: api.runtime!.clock, ports: runtimePorts };
});
afterAll(() => api.close());

interface Person {
  id: string;
  reference: string;
  name: string;
  email: string;
}

const createPilot = async (name = 'Azure with Microsoft') => {
  const res = await api.call('POST', '/pilots', { json: { ...azure2020Body, name } });
  expect(res.status).toBe(201);
  return res.body.id as string;
};

const enrol = async (pilotId: string, people: { reference: string; name: string; email: string }[]): Promise<Person[]> => {
  const res = await api.call('POST', `/pilots/${pilotId}/participants`, {
    json: { participants: people.map((p) => ({ ...p, birthYear: 1980, targetGroup: 'academics' })) },
  });
  expect(res.status).toBe(200);
  return people.map((p, i) => ({ ...p, id: res.body.rows[i].participantId as string }));
};

/**
 * A pilot holding personal data in every place a read route can show it: a
 * participant who completed, has a voucher code (mailed to them), an exam
 * result, a follow-up situation, a candidate code, a meeting and an internship
 * offer; and two others who only enrolled.
 */
const populatedPilot = async (tag: string) => {
  const pilotId = await createPilot();
  const people = await enrol(pilotId, [
    { reference: `${tag}-1`, name: `Anna ${tag}`, email: `anna.${tag.toLowerCase()}@example.test` },
    { reference: `${tag}-2`, name: `Bo ${tag}`, email: `bo.${tag.toLowerCase()}@example.test` },
    { reference: `${tag}-3`, name: `Carl ${tag}`, email: `carl.${tag.toLowerCase()}@example.test` },
  ]);
  const [anna] = people as [Person];
  await changeParticipantStatus(store, pilotId, anna.id, { status: 'started' }, consultant);
  await changeParticipantStatus(store, pilotId, anna.id, { status: 'completed' }, consultant);
  const code = { code: `AZ${tag}-CODE-0001`, sponsor: 'Microsoft', exam: 'AZ-900', expiresOn: '2021-06-30', loadedAt: store.clock.now().toISOString() };
  await putFreeCode(store, pilotId, code);
  expect(await assignCode(store, pilotId, anna.id, { ...code, status: 'free' }, 1, consultant)).toBe('assigned');
  // The voucher e-mail as the certification step sends it (functions/services/vouchers.ts).
  await sendOnce(store, {
    pilotId,
    key: participantMailKey(anna.id, 1),
    kind: 'voucher',
    to: [{ email: anna.email, language: 'da' }],
    render: (language) =>
      renderVoucherMail({
        pilot: { name: 'Azure' },
        sponsor: 'Microsoft',
        exam: 'AZ-900',
        code: code.code,
        examDeadline: '2020-05-10',
        codeExpiresOn: '2021-06-30',
        attempt: 1,
        participantName: anna.name,
        language,
      }),
  });
  expect(
    await recordExam(
      store,
      await getPilot(store, pilotId),
      await getParticipant(store, pilotId, anna.id),
      { result: 'passed', date: '2020-04-20' },
      consultant,
    ),
  ).toBe(true);
  expect(await saveFollowUpOutcome(store, pilotId, anna.id, 'employed-full-time', consultant)).toBe(true);
  const company = await api.call('POST', '/companies', { json: companyBody(companyNo++) });
  const companyId = company.body.company.id as string;
  await saveSchedule(
    store,
    pilotId,
    [{ code: 'K01', participantId: anna.id, companyIds: [companyId] }],
    [{ companyId, round: 1, participantId: anna.id, code: 'K01', start: '2021-01-20T08:00:00.000Z', end: '2021-01-20T08:20:00.000Z' }],
  );
  const internship = await recordInternship(store, {
    pilotId,
    companyId,
    status: 'offered',
    report: { pilotId, participantRef: 'K01', type: 'internship', startDate: '2021-02-01', weeks: 8 },
    at: store.clock.now().toISOString(),
    via: 'webhook',
  });
  expect(internship.outcome).toBe('applied');
  return { pilotId, people, companyId, code: code.code };
};

const accessLog = async (pilotId: string, query = '') => {
  const res = await api.call('GET', `/pilots/${pilotId}/access-log?limit=100${query}`);
  expect(res.status).toBe(200);
  return res.body.items as { at: string; actor: { sub: string; name?: string }; route: string; pilotId: string; participantIds: string[] }[];
};

const PERSONAL_ROUTES = [
  'GET /pilots/{pilotId}/participants',
  'GET /pilots/{pilotId}/participants/{participantId}',
  'GET /pilots/{pilotId}/vouchers',
  'GET /pilots/{pilotId}/schedule',
  'GET /pilots/{pilotId}/internships',
  'POST /subject-access',
];

describe('every read of personal data writes one access entry', () => {
  it('the routes declared personalData are exactly these', () => {
    expect(
      API_ROUTES.filter((r) => r.readsPersonalData)
        .map(routeKey)
        .sort(),
    ).toEqual([...PERSONAL_ROUTES].sort());
  });

  // Every read route, against a pilot that holds personal data everywhere: a
  // response that shows anyone's name, e-mail, case reference, voucher code or
  // candidate code must come from a route declared personalData, and such a
  // route writes exactly one entry naming exactly the participants in its response.
  const readRoutes = [
    ...API_ROUTES.filter((r) => r.method === 'GET' && r.access !== 'signed'),
    ...API_ROUTES.filter((r) => routeKey(r) === 'POST /subject-access'),
  ];
  it.each(readRoutes.map((r) => [routeKey(r), r] as const))('%s', async (_, route) => {
    const { pilotId, people, companyId, code } = await populatedPilot(`R${companyNo}`);
    const [anna] = people as [Person];
    const path = route.path.replace('{pilotId}', pilotId).replace('{participantId}', anna.id).replace('{companyId}', companyId);
    const before = (await accessLog(pilotId)).length;

    const from = store.clock.now().toISOString();
    const res = await api.call(route.method, path, route.method === 'POST' ? { json: { reference: anna.reference } } : {});
    const to = store.clock.now().toISOString();

    // A pilot has no outcome before its evaluation (and then counts only).
    expect(res.status).toBe(route.handler === 'pilots-outcome' ? 404 : 200);
    const text = JSON.stringify(res.body);
    const identifying = [...people.flatMap((p) => [p.name, p.email, p.reference]), code, 'K01'];
    const showsPersonalData = identifying.some((value) => text.includes(value));
    expect(showsPersonalData ? route.readsPersonalData : undefined, 'a route that shows personal data is declared personalData').toBe(
      showsPersonalData ? true : undefined,
    );
    const after = await accessLog(pilotId);
    if (!route.readsPersonalData) {
      expect(after).toHaveLength(before);
      return;
    }
    expect(after).toHaveLength(before + 1);
    const [entry] = after;
    expect(entry).toMatchObject({ route: routeKey(route), pilotId, actor: { sub: expect.any(String), name: 'consultant@local.test' } });
    // When, by the product's clock.
    expect(entry!.at >= from && entry!.at <= to).toBe(true);
    // Exactly whom the response held, by the product's id; never their data.
    expect(entry!.participantIds).toEqual(
      people
        .filter((p) => text.includes(p.id))
        .map((p) => p.id)
        .sort(),
    );
    expect(entry!.participantIds.length).toBeGreaterThan(0);
    const stored = JSON.stringify(entry);
    for (const value of identifying) expect(stored).not.toContain(value);
  });

  it('logs an admin reading the vouchers in full, with the reader; management gets figures only, which is no read of anyone', async () => {
    const { pilotId, people } = await populatedPilot('MGMT');
    const res = await api.call('GET', `/pilots/${pilotId}/vouchers`, { role: 'admin' });
    expect(res.status).toBe(200);
    const [entry] = await accessLog(pilotId);
    expect(entry).toMatchObject({ route: 'GET /pilots/{pilotId}/vouchers', actor: { name: 'admin@local.test' }, participantIds: [people[0]!.id] });

    const figures = await api.call('GET', `/pilots/${pilotId}/vouchers`, { role: 'management' });
    expect(figures.status).toBe(200);
    expect(JSON.stringify(figures.body)).not.toContain(people[0]!.id);
    const internships = await api.call('GET', `/pilots/${pilotId}/internships`, { role: 'management' });
    expect(internships.status).toBe(200);
    expect(await accessLog(pilotId)).toHaveLength(1);
  });

  it('writes no entry for a read that fails (404) or is refused (401)', async () => {
    const pilotId = await createPilot();
    const [p] = await enrol(pilotId, [{ reference: 'NF-1', name: 'Nina', email: 'nina@example.test' }]);
    expect((await api.call('GET', `/pilots/${pilotId}/participants/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await api.call('GET', `/pilots/${pilotId}/participants/${p!.id}`, { role: null })).status).toBe(401);
    expect(await accessLog(pilotId)).toEqual([]);
  });
});

describe('GET /pilots/{id}/access-log', () => {
  it('lists the entries newest first, a page at a time, and per participant', async () => {
    const pilotId = await createPilot();
    const [a, b] = await enrol(pilotId, [
      { reference: 'AL-1', name: 'Ada', email: 'ada@example.test' },
      { reference: 'AL-2', name: 'Ben', email: 'ben@example.test' },
    ]);
    await api.call('GET', `/pilots/${pilotId}/participants/${a!.id}`);
    await api.runtime!.advance(new Date(store.clock.now().getTime() + 60_000));
    await api.call('GET', `/pilots/${pilotId}/participants`);
    await api.runtime!.advance(new Date(store.clock.now().getTime() + 60_000));
    await api.call('GET', `/pilots/${pilotId}/participants/${b!.id}`, { role: 'admin' });

    const first = await api.call('GET', `/pilots/${pilotId}/access-log?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((e: { participantIds: string[] }) => e.participantIds)).toEqual([[b!.id], [a!.id, b!.id].sort()]);
    const second = await api.call('GET', `/pilots/${pilotId}/access-log?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((e: { participantIds: string[] }) => e.participantIds)).toEqual([[a!.id]]);
    expect(second.body.nextCursor).toBeUndefined();

    const aboutA = await accessLog(pilotId, `&participantId=${a!.id}`);
    expect(aboutA.map((e) => e.route)).toEqual(['GET /pilots/{pilotId}/participants', 'GET /pilots/{pilotId}/participants/{participantId}']);
    // Per participant, a page at a time as well.
    const page = await api.call('GET', `/pilots/${pilotId}/access-log?limit=1&participantId=${a!.id}`);
    expect(page.body.items).toHaveLength(1);
    const rest = await api.call('GET', `/pilots/${pilotId}/access-log?limit=1&participantId=${a!.id}&cursor=${page.body.nextCursor}`);
    expect(rest.body.items[0].route).toBe('GET /pilots/{pilotId}/participants/{participantId}');
  });

  it('refuses a malformed participantId or an unknown parameter naming it, and anyone outside the team and admins (403)', async () => {
    const pilotId = await createPilot();
    const bad = await api.call('GET', `/pilots/${pilotId}/access-log?participantId=KK-1`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'validation_failed', issues: [{ path: 'participantId' }] });
    expect(JSON.stringify(bad.body)).not.toContain('KK-1');
    const unknown = await api.call('GET', `/pilots/${pilotId}/access-log?reference=KK-1`);
    expect(unknown.status).toBe(400);
    expect((await api.call('GET', `/pilots/${pilotId}/access-log`, { role: 'management' })).status).toBe(403);
    expect((await api.call('GET', `/pilots/${pilotId}/access-log`, { role: 'consultant', email: 'outsider@kk.test' })).status).toBe(403);
    expect((await api.call('GET', `/pilots/${pilotId}/access-log`, { role: 'admin' })).status).toBe(200);
    expect((await api.call('GET', `/pilots/${crypto.randomUUID()}/access-log`)).status).toBe(404);
  });
});

describe('the citizen’s right of access: POST /subject-access', () => {
  it('returns everything held about a reference in two pilots, one of which erased them, and logs the export in both', async () => {
    // Pilot A holds everything about the citizen; pilot B enrolled the same reference, was read, and erased them.
    const a = await populatedPilot('SA');
    const anna = a.people[0]!;
    const pilotB = await createPilot('E-sport instructors');
    const [annaInB] = await enrol(pilotB, [{ reference: anna.reference, name: anna.name, email: anna.email }]);
    expect((await api.call('GET', `/pilots/${a.pilotId}/participants/${anna.id}`, { role: 'admin' })).status).toBe(200);
    expect((await api.call('GET', `/pilots/${pilotB}/participants`)).status).toBe(200);
    expect((await api.call('DELETE', `/pilots/${pilotB}/participants/${annaInB!.id}`)).status).toBe(204);

    const res = await api.call('POST', '/subject-access', { json: { reference: anna.reference } });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ reference: anna.reference, generatedAt: expect.any(String) });
    const [inA, inB] = res.body.pilots;
    expect(res.body.pilots.map((p: { pilot: { id: string } }) => p.pilot.id).sort()).toEqual([a.pilotId, pilotB].sort());
    const byId = (id: string) => res.body.pilots.find((p: { pilot: { id: string } }) => p.pilot.id === id);
    const full = byId(a.pilotId);
    expect(inA && inB).toBeTruthy();
    expect(full).toMatchObject({
      pilot: { id: a.pilotId, name: 'Azure with Microsoft', partner: 'Microsoft', status: 'draft' },
      participantId: anna.id,
      participant: {
        reference: anna.reference,
        name: anna.name,
        email: anna.email,
        birthYear: 1980,
        targetGroup: 'academics',
        status: 'completed',
        voucher: { code: a.code, attempt: 1 },
        exam: { result: 'passed', date: '2020-04-20' },
        followUp: { outcome: 'employed-full-time' },
      },
      vouchers: [{ code: a.code, exam: 'AZ-900', sponsor: 'Microsoft', status: 'used', attempt: 1 }],
      followUp: { outcome: 'employed-full-time' },
      matchEvent: { candidateCode: 'K01', meetings: [{ start: '2021-01-20T08:00:00.000Z', end: '2021-01-20T08:20:00.000Z' }] },
      internships: [{ status: 'offered', type: 'internship', startDate: '2021-02-01', weeks: 8 }],
      mails: [{ kind: 'voucher', language: 'da', status: 'sent', attempt: 1, recipients: [anna.email], sentAt: expect.any(String) }],
    });
    expect(full.erased).toBeUndefined();
    expect(full.audit.map((e: { action: string }) => e.action)).toEqual([
      'participant.enrolled',
      'participant.status-changed',
      'participant.status-changed',
      'voucher.assigned',
      'exam.recorded',
      'participant.follow-up-recorded',
      'internship.offered',
    ]);
    expect(full.audit.every((e: { participantId: string }) => e.participantId === anna.id)).toBe(true);
    // The reads of them: the admin's read above (the populated pilot was filled without reading anyone).
    expect(full.accesses).toEqual([
      expect.objectContaining({
        route: 'GET /pilots/{pilotId}/participants/{participantId}',
        actor: expect.objectContaining({ name: 'admin@local.test' }),
        participantIds: [anna.id],
      }),
    ]);

    // Pilot B: erased, and the export says so; the audit entries and the reads before it stay, without their data.
    const erased = byId(pilotB);
    expect(erased).toMatchObject({
      participantId: annaInB!.id,
      erased: { at: expect.any(String), by: { name: 'consultant@local.test' } },
      vouchers: [],
      internships: [],
      mails: [],
    });
    expect(erased.participant).toBeUndefined();
    expect(erased.audit.map((e: { action: string }) => e.action)).toEqual(['participant.enrolled', 'participant.erased']);
    expect(erased.accesses.map((e: { route: string }) => e.route)).toEqual(['GET /pilots/{pilotId}/participants']);
    expect(JSON.stringify(erased)).not.toContain(anna.email);

    // The export is itself logged, in each pilot, naming the person there.
    const [loggedA] = await accessLog(a.pilotId);
    const [loggedB] = await accessLog(pilotB);
    expect(loggedA).toMatchObject({ route: 'POST /subject-access', participantIds: [anna.id] });
    expect(loggedB).toMatchObject({ route: 'POST /subject-access', participantIds: [annaInB!.id] });
  });

  it('renders the same as a page to print, in Danish and in English, every code in words', async () => {
    const a = await populatedPilot('PG');
    const anna = a.people[0]!;
    const pilotB = await createPilot('E-sport instructors');
    const [inB] = await enrol(pilotB, [{ reference: anna.reference, name: anna.name, email: anna.email }]);
    await api.call('DELETE', `/pilots/${pilotB}/participants/${inB!.id}`);
    await api.call('GET', `/pilots/${a.pilotId}/participants/${anna.id}`);

    const page = async (language: 'da' | 'en') => {
      const res = await fetch(`${api.url}/subject-access`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await api.auth.sign('consultant')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reference: anna.reference, format: 'html', language }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      return res.text();
    };
    const da = await page('da');
    expect(da).toContain('<html lang="da">');
    for (const text of [
      'Indsigt i personoplysninger',
      anna.name,
      anna.email,
      a.code,
      'K01',
      'Ordinært job, fuld tid',
      'Bestået',
      'Voucherkode til eksamen',
      'Tilmeldt pilotprojektet',
      'Deltagerens oplysninger',
      'blev slettet',
      'Persondata slettet',
    ]) {
      expect(da, text).toContain(text);
    }
    const en = await page('en');
    expect(en).toContain('<html lang="en">');
    for (const text of [
      'Access to personal data',
      'Ordinary job, full-time',
      'Passed',
      'Exam voucher code',
      'Enrolled in the pilot',
      'was erased',
      'Personal data erased',
    ]) {
      expect(en, text).toContain(text);
    }
    // No raw code reaches a reader.
    for (const html of [da, en]) {
      expect(html).not.toMatch(/participant\.|voucher\.assigned|exam\.recorded|internship\.offered|GET \/pilots|employed-full-time|"completed"/);
    }
  });

  it("shows a batch entry (a list of statuses) as it concerns the person: their id and their row, not the others' ", async () => {
    const pilotId = await createPilot('Batch entries');
    const [anna, bo] = await enrol(pilotId, [
      { reference: 'BATCH-1', name: 'Anna Batch', email: 'anna.batch@example.test' },
      { reference: 'BATCH-2', name: 'Bo Batch', email: 'bo.batch@example.test' },
    ]);
    await changeParticipantStatuses(
      store,
      pilotId,
      [anna!, bo!].map((p) => ({ participantId: p.id, patch: { status: 'started' as const } })),
      consultant,
    );

    const res = await api.call('POST', '/subject-access', { json: { reference: anna!.reference } });

    expect(res.status).toBe(200);
    const entry = res.body.pilots[0].audit.find((e: { action: string }) => e.action === 'participant.statuses-changed');
    expect(entry).toMatchObject({ participantIds: [anna!.id], details: { changes: [{ participantId: anna!.id, from: 'enrolled', to: 'started' }] } });
    expect(JSON.stringify(res.body)).not.toContain(bo!.id);
    const page = await fetch(`${api.url}/subject-access`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await api.auth.sign('consultant')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reference: anna!.reference, format: 'html', language: 'da' }),
    });
    // Said in words as one change of the person's, not as a change in general.
    expect(await page.text()).toContain('Status ændret');
  });

  it('answers a reference nobody holds with no pilots (and logs nothing), and refuses a malformed one naming the field, never the value', async () => {
    const none = await api.call('POST', '/subject-access', { json: { reference: 'NOBODY-1' } });
    expect(none.status).toBe(200);
    expect(none.body.pilots).toEqual([]);
    const bad = await api.call('POST', '/subject-access', { json: { reference: 'a b' } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([expect.objectContaining({ path: 'reference', code: 'reference_format' })]);
    const extra = await api.call('POST', '/subject-access', { json: { reference: 'KK-1', name: 'x' } });
    expect(extra.status).toBe(400);
    expect((await api.call('POST', '/subject-access', { role: 'management', json: { reference: 'KK-1' } })).status).toBe(403);
  });

  it('is for an admin or the team of a pilot that holds the person: a consultant on no such team gets 403', async () => {
    const pilotId = await createPilot();
    await enrol(pilotId, [{ reference: 'OUT-1', name: 'Olga', email: 'olga@example.test' }]);
    const outsider = await api.call('POST', '/subject-access', { role: 'consultant', email: 'outsider@kk.test', json: { reference: 'OUT-1' } });
    expect(outsider.status).toBe(403);
    expect(outsider.body.error).toBe('not_on_team');
    expect(JSON.stringify(outsider.body)).not.toContain('Olga');
    const byAdmin = await api.call('POST', '/subject-access', { role: 'admin', json: { reference: 'OUT-1' } });
    expect(byAdmin.body.pilots[0].participant.name).toBe('Olga');
  });
});

describe('erasure and the access log’s retention, by the product clock', () => {
  it('keeps the entries naming an erased participant until their months are over, then TTL deletes them and the erasure marker', async () => {
    const pilotId = await createPilot();
    const [p] = await enrol(pilotId, [{ reference: 'TTL-1', name: 'Tove', email: 'tove@example.test' }]);
    expect((await api.call('GET', `/pilots/${pilotId}/participants/${p!.id}`)).status).toBe(200);
    const readAt = store.clock.now();
    expect((await api.call('DELETE', `/pilots/${pilotId}/participants/${p!.id}`)).status).toBe(204);

    // Before their 6 months: the read is still evidence, and the export still says the data was erased.
    const sixMonthsLater = new Date(readAt);
    sixMonthsLater.setUTCMonth(sixMonthsLater.getUTCMonth() + 6);
    await api.runtime!.advance(new Date(sixMonthsLater.getTime() - 60 * 60_000));
    expect((await accessLog(pilotId, `&participantId=${p!.id}`)).map((e) => e.participantIds)).toEqual([[p!.id]]);
    const before = await api.call('POST', '/subject-access', { json: { reference: 'TTL-1' } });
    expect(before.body.pilots).toEqual([expect.objectContaining({ participantId: p!.id, erased: expect.anything() })]);

    // After them: DynamoDB TTL (the local stack's sweep) has deleted the entries, and with the marker the reference.
    await api.runtime!.advance(new Date(sixMonthsLater.getTime() + 24 * 60 * 60_000));
    const remaining = (await accessLog(pilotId)).filter((e) => e.participantIds.includes(p!.id) && e.route !== 'POST /subject-access');
    expect(remaining).toEqual([]);
    const after = await api.call('POST', '/subject-access', { json: { reference: 'TTL-1' } });
    expect(after.body.pilots).toEqual([]);
    // What stays is the audit trail's entry of the erasure, by id only.
    const audit = await api.call('GET', `/pilots/${pilotId}/audit?limit=100`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toContain('participant.erased');
    expect(JSON.stringify(audit.body)).not.toMatch(/TTL-1|Tove|tove@/);
  });
});

describe('the access log’s months are configured', () => {
  it('with ACCESS_LOG_RETENTION_MONTHS=2 an entry is gone two months after the read, not before', async () => {
    const previous = process.env.ACCESS_LOG_RETENTION_MONTHS;
    process.env.ACCESS_LOG_RETENTION_MONTHS = '2';
    try {
      const pilotId = await createPilot();
      const [p] = await enrol(pilotId, [{ reference: 'CFG-1', name: 'Cecilie', email: 'cecilie@example.test' }]);
      const readAt = store.clock.now();
      expect((await api.call('GET', `/pilots/${pilotId}/participants/${p!.id}`)).status).toBe(200);
      const twoMonthsLater = new Date(readAt);
      twoMonthsLater.setUTCMonth(twoMonthsLater.getUTCMonth() + 2);
      await api.runtime!.advance(new Date(twoMonthsLater.getTime() - 60 * 60_000));
      expect(await accessLog(pilotId)).toHaveLength(1);
      await api.runtime!.advance(new Date(twoMonthsLater.getTime() + 60 * 60_000));
      expect(await accessLog(pilotId)).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.ACCESS_LOG_RETENTION_MONTHS;
      else process.env.ACCESS_LOG_RETENTION_MONTHS = previous;
    }
  });
});
