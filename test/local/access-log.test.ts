import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES, routeKey } from '../../functions/api/routes.js';
import { renderVoucherMail } from '../../functions/mail/voucher.js';
import { sendOnce } from '../../functions/services/mailing.js';
import { createDocumentClient, type StoreContext } from '../../functions/store/client.js';
import { saveFollowUpOutcome } from '../../functions/store/follow-up.js';
import { participantMailKey } from '../../functions/store/mails.js';
import { recordInternship, saveSchedule } from '../../functions/store/match.js';
import { changeParticipantStatus, getParticipant } from '../../functions/store/participants.js';
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
let store: StoreContext;
let companyNo = 700;
beforeAll(async () => {
  api = await startTestApi({ clockStart: '2020-02-03T09:00:00.000Z' });
  store = { db: createDocumentClient(), tableName: api.tableName, clock: api.runtime!.clock };
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
      renderVoucherMail({ pilot: { name: 'Azure' }, sponsor: 'Microsoft', exam: 'AZ-900', code: code.code, examDeadline: '2020-05-10', codeExpiresOn: '2021-06-30', attempt: 1, participantName: anna.name, language }),
  });
  expect(await recordExam(store, pilotId, await getParticipant(store, pilotId, anna.id), { result: 'passed', date: '2020-04-20' }, consultant)).toBe(true);
  expect(await saveFollowUpOutcome(store, pilotId, anna.id, 'employed-full-time', consultant)).toBe(true);
  const company = await api.call('POST', '/companies', { json: companyBody(companyNo++) });
  const companyId = company.body.company.id as string;
  await saveSchedule(store, pilotId, [{ code: 'K01', participantId: anna.id, companyIds: [companyId] }], [
    { companyId, round: 1, participantId: anna.id, code: 'K01', start: '2021-01-20T08:00:00.000Z', end: '2021-01-20T08:20:00.000Z' },
  ]);
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
    expect(API_ROUTES.filter((r) => r.personalData).map(routeKey).sort()).toEqual([...PERSONAL_ROUTES].sort());
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
    expect(showsPersonalData ? route.personalData : undefined, 'a route that shows personal data is declared personalData').toBe(showsPersonalData ? true : undefined);
    const after = await accessLog(pilotId);
    if (!route.personalData) {
      expect(after).toHaveLength(before);
      return;
    }
    expect(after).toHaveLength(before + 1);
    const [entry] = after;
    expect(entry).toMatchObject({ route: routeKey(route), pilotId, actor: { sub: expect.any(String), name: 'consultant@local.test' } });
    // When, by the product's clock.
    expect(entry!.at >= from && entry!.at <= to).toBe(true);
    // Exactly whom the response held, by the product's id; never their data.
    expect(entry!.participantIds).toEqual(people.filter((p) => text.includes(p.id)).map((p) => p.id).sort());
    expect(entry!.participantIds.length).toBeGreaterThan(0);
    const stored = JSON.stringify(entry);
    for (const value of identifying) expect(stored).not.toContain(value);
  });

  it('logs management reading the vouchers (codes masked) too, with the reader', async () => {
    const { pilotId, people } = await populatedPilot('MGMT');
    const res = await api.call('GET', `/pilots/${pilotId}/vouchers`, { role: 'management' });
    expect(res.status).toBe(200);
    const [entry] = await accessLog(pilotId);
    expect(entry).toMatchObject({ route: 'GET /pilots/{pilotId}/vouchers', actor: { name: 'management@local.test' }, participantIds: [people[0]!.id] });
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
    await api.call('GET', `/pilots/${pilotId}/participants/${b!.id}`, { role: 'management' });

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

  it('refuses a malformed participantId or an unknown parameter naming it, and management (403)', async () => {
    const pilotId = await createPilot();
    const bad = await api.call('GET', `/pilots/${pilotId}/access-log?participantId=KK-1`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'validation_failed', issues: [{ path: 'participantId' }] });
    expect(JSON.stringify(bad.body)).not.toContain('KK-1');
    const unknown = await api.call('GET', `/pilots/${pilotId}/access-log?reference=KK-1`);
    expect(unknown.status).toBe(400);
    expect((await api.call('GET', `/pilots/${pilotId}/access-log`, { role: 'management' })).status).toBe(403);
    expect((await api.call('GET', `/pilots/${crypto.randomUUID()}/access-log`)).status).toBe(404);
  });
});
