import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES, routeKey, type ApiRoute } from '../../functions/api/routes.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { companyBody } from '../support/companies.js';
import { azure2020Body } from '../support/fixtures.js';

// Need-to-know, route by route (functions/domain/access.ts, the `data` each
// route declares in functions/api/routes.ts): a consultant outside a pilot's
// team and a management user get none of its personal data from any route
// (403, or the figures alone), and change nothing; the team and an admin get
// it. The routes are taken from the route table, so a new route is tested here
// the day it is added.

const TEAM = 'anne@kk.test';
const OUTSIDER = 'bo@kk.test';
const ADMIN = 'admin@kk.test';
const team = { role: 'consultant', email: TEAM } as const;
const outsider = { role: 'consultant', email: OUTSIDER } as const;
const management = { role: 'management', email: 'ledelse@kk.test' } as const;
const admin = { role: 'admin', email: ADMIN } as const;

/** What of the scenario is personal data: its participants, codes and the team's address; the company's contact person. */
const PILOT_SECRETS = ['Hemmelig', 'NTK-000', 'borger', 'NTKCODE', TEAM];
const CONTACT_SECRETS = ['Kontakt Person', 'kontakt@firma.test'];

let api: TestApi;
let pilotId: string;
let participantId: string;
let companyId: string;

beforeAll(async () => {
  api = await startTestApi({ clockStart: '2020-09-01T08:00:00.000Z' });
  const created = await api.call('POST', '/pilots', { ...team, json: azure2020Body });
  expect(created.status).toBe(201);
  pilotId = created.body.id;
  const people = Array.from({ length: 3 }, (_, i) => ({
    reference: `NTK-000${i}`,
    name: `Deltager Hemmelig ${i}`,
    birthYear: 1980,
    targetGroup: 'academics',
    email: `borger${i}@mail.test`,
  }));
  expect((await api.call('POST', `/pilots/${pilotId}/participants`, { ...team, json: { participants: people } })).status).toBe(200);
  participantId = (await api.call('GET', `/pilots/${pilotId}/participants`, team)).body.items[0].id;
  const codes = { sponsor: 'Microsoft', exam: 'AZ-900', expiresOn: '2020-09-20', codes: ['NTKCODE-0001', 'NTKCODE-0002'] };
  expect((await api.call('POST', `/pilots/${pilotId}/vouchers`, { ...team, json: codes })).status).toBe(200);
  const company = await api.call('POST', '/companies', {
    ...team,
    json: companyBody(7001, { contact: { name: 'Kontakt Person', email: 'kontakt@firma.test' } }),
  });
  expect(company.status).toBe(201);
  companyId = company.body.company.id;
  expect((await api.call('POST', `/pilots/${pilotId}/companies`, { ...team, json: { companyId, maxSlots: 3 } })).status).toBe(201);
});
afterAll(() => api?.close());

const tokenRoutes = API_ROUTES.filter((r): r is Extract<ApiRoute, { data: unknown }> => r.access !== 'signed');
const isPilotRoute = (r: ApiRoute) => r.path.startsWith('/pilots/{pilotId}');

/** A request to the route with the scenario's ids in its path and a body of the right kind (the refusals come before the body is read). */
const request = (r: ApiRoute, who: { role: 'consultant' | 'management' | 'admin'; email: string }) => {
  const path = r.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    // A parameter this file does not know yet gets a case reference of the scenario: the refusals come before it is read.
    const value = { pilotId, participantId, companyId, member: OUTSIDER, reference: 'NTK-0000' }[name] ?? 'NTK-0000';
    return encodeURIComponent(value);
  });
  return api.call(r.method, path, { ...who, ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { json: {} }) });
};

const holdsNone = (body: unknown, secrets: string[]) => {
  const text = JSON.stringify(body ?? {});
  return secrets.filter((s) => text.includes(s));
};

describe('every route declares what it returns', () => {
  it('each route with a token says figures, personal or projected; each signed route says nothing', () => {
    for (const r of API_ROUTES) {
      if (r.access === 'signed') expect([routeKey(r), r.data]).toEqual([routeKey(r), undefined]);
      else expect([routeKey(r), ['figures', 'personal', 'projected'].includes(r.data)]).toEqual([routeKey(r), true]);
    }
  });

  it('every route that changes something is personal: only the team changes a pilot', () => {
    for (const r of tokenRoutes.filter((r) => r.access === 'write')) expect([routeKey(r), r.data]).toEqual([routeKey(r), 'personal']);
  });
});

describe('management sees figures, never people', () => {
  it('gets 403 or figures only from every route, and changes nothing', async () => {
    const seen: string[] = [];
    for (const r of tokenRoutes) {
      const res = await request(r, management);
      seen.push(routeKey(r));
      if (r.access === 'write') {
        expect([routeKey(r), res.status]).toEqual([routeKey(r), 403]);
      } else if (r.data === 'personal') {
        expect([routeKey(r), res.status, res.body.error]).toEqual([routeKey(r), 403, 'figures_only']);
      } else {
        // The outcome does not exist before the evaluation: 404 for everyone alike.
        expect([routeKey(r), res.status]).toEqual([routeKey(r), r.path.endsWith('/outcome') ? 404 : 200]);
      }
      expect([routeKey(r), holdsNone(res.body, [...PILOT_SECRETS, ...CONTACT_SECRETS])]).toEqual([routeKey(r), []]);
      expect([routeKey(r), JSON.stringify(res.body ?? {})]).not.toEqual([routeKey(r), expect.stringMatching(/@(kk|mail|firma|bif)\./)]);
    }
    expect(seen.sort()).toEqual(tokenRoutes.map(routeKey).sort());
  });

  it('reads the pilot with its counts, phase and team size left out, and the audit trail as actions', async () => {
    const pilot = (await api.call('GET', `/pilots/${pilotId}`, management)).body;
    expect(pilot).toMatchObject({ id: pilotId, status: 'draft', counts: { enrolled: 3 }, personalData: false });
    expect(pilot).not.toHaveProperty('team');
    expect(pilot).not.toHaveProperty('managementEmails');
    const audit = (await api.call('GET', `/pilots/${pilotId}/audit?limit=100`, management)).body.items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['pilot.created', 'participant.enrolled', 'vouchers.loaded']));
    expect(audit.every((e: Record<string, unknown>) => !('actor' in e) && !('participantId' in e))).toBe(true);
    const vouchers = (await api.call('GET', `/pilots/${pilotId}/vouchers`, management)).body;
    expect(vouchers).toEqual({ pilotId, pool: expect.objectContaining({ total: 2, free: 2 }), waitingCount: expect.any(Number) });
    expect(vouchers.pool.nearExpiry).toEqual([{ expiresOn: '2020-09-20' }, { expiresOn: '2020-09-20' }]);
  });
});

describe('a consultant outside the team sees the figures', () => {
  it('gets 403 not_on_team or figures only from every route of the pilot, and changes nothing', async () => {
    const before = (await api.call('GET', `/pilots/${pilotId}`, team)).body;
    const trail = (await api.call('GET', `/pilots/${pilotId}/audit?limit=100`, team)).body.items.length;
    for (const r of tokenRoutes.filter(isPilotRoute)) {
      const res = await request(r, outsider);
      if (r.data === 'personal') {
        expect([routeKey(r), res.status, res.body.error]).toEqual([routeKey(r), 403, 'not_on_team']);
      } else {
        expect([routeKey(r), res.status]).toEqual([routeKey(r), r.path.endsWith('/outcome') ? 404 : 200]);
      }
      expect([routeKey(r), holdsNone(res.body, PILOT_SECRETS)]).toEqual([routeKey(r), []]);
    }
    const after = (await api.call('GET', `/pilots/${pilotId}`, team)).body;
    expect(after).toEqual(before);
    expect((await api.call('GET', `/pilots/${pilotId}/audit?limit=100`, team)).body.items).toHaveLength(trail);
  });

  it('sees the pilot in the list as figures, and their own pilots whole', async () => {
    const own = (await api.call('POST', '/pilots', { ...outsider, json: { ...azure2020Body, name: 'Bos pilot' } })).body;
    const items = (await api.call('GET', '/pilots?limit=100', outsider)).body.items as { id: string; team?: string[] }[];
    expect(items.find((p) => p.id === pilotId)).not.toHaveProperty('team');
    expect(items.find((p) => p.id === own.id)?.team).toEqual([OUTSIDER]);
  });

  it('still registers partner companies and sees their contacts (they belong to no pilot)', async () => {
    const shown = await api.call('GET', `/companies/${companyId}`, outsider);
    expect(shown.body.contact).toEqual({ name: 'Kontakt Person', email: 'kontakt@firma.test' });
    expect((await api.call('GET', `/companies/${companyId}`, management)).body).not.toHaveProperty('contact');
  });
});

describe('the team and admins see the personal data', () => {
  it.each([
    ['a team member', team],
    ['an admin, on no team', admin],
  ])('%s reads participants, codes in full, the team and the audit trail with its actors', async (_, who) => {
    const participants = await api.call('GET', `/pilots/${pilotId}/participants`, who);
    expect(participants.status).toBe(200);
    expect(participants.body.items.map((p: { name: string }) => p.name)).toContain('Deltager Hemmelig 0');
    expect((await api.call('GET', `/pilots/${pilotId}/participants/${participantId}`, who)).body.reference).toMatch(/^NTK-000/);
    expect(JSON.stringify((await api.call('GET', `/pilots/${pilotId}/vouchers`, who)).body)).toContain('NTKCODE-0001');
    expect((await api.call('GET', `/pilots/${pilotId}`, who)).body).toMatchObject({ team: [TEAM], personalData: true });
    expect((await api.call('GET', `/pilots/${pilotId}/schedule`, who)).status).toBe(200);
    const audit = (await api.call('GET', `/pilots/${pilotId}/audit?limit=100`, who)).body.items;
    expect(audit[0]).toMatchObject({ action: 'pilot.created', actor: { name: TEAM } });
  });
});

describe("managing a pilot's team", () => {
  const members = () => api.call('GET', `/pilots/${pilotId}`, team).then((r) => r.body.team as string[]);

  it('the team adds a colleague, who then sees the personal data; removed, they see figures again', async () => {
    expect((await api.call('POST', `/pilots/${pilotId}/team`, { ...outsider, json: { email: OUTSIDER } })).body.error).toBe('not_on_team');

    const added = await api.call('POST', `/pilots/${pilotId}/team`, { ...team, json: { email: 'Bo@KK.test' } });
    expect(added.status).toBe(200);
    expect(added.body).toEqual({ pilotId, team: [TEAM, OUTSIDER] });
    expect((await api.call('GET', `/pilots/${pilotId}/participants`, outsider)).status).toBe(200);
    // Adding someone already on it changes nothing.
    expect((await api.call('POST', `/pilots/${pilotId}/team`, { ...team, json: { email: OUTSIDER } })).body.team).toEqual([TEAM, OUTSIDER]);

    const removed = await api.call('DELETE', `/pilots/${pilotId}/team/${encodeURIComponent(OUTSIDER)}`, team);
    expect(removed.body).toEqual({ pilotId, team: [TEAM] });
    expect((await api.call('GET', `/pilots/${pilotId}/participants`, outsider)).body.error).toBe('not_on_team');

    const audit = (await api.call('GET', `/pilots/${pilotId}/audit?limit=100`, team)).body.items as { action: string; details?: { member?: string } }[];
    expect(audit.filter((e) => e.action.startsWith('team.')).map((e) => [e.action, e.details?.member])).toEqual([
      ['team.member-added', OUTSIDER],
      ['team.member-removed', OUTSIDER],
    ]);
    const asManagement = (await api.call('GET', `/pilots/${pilotId}/audit?limit=100`, management)).body.items as { action: string }[];
    expect(asManagement.filter((e) => e.action.startsWith('team.'))).toHaveLength(2);
    expect(JSON.stringify(asManagement)).not.toContain(OUTSIDER);
  });

  it('an admin on no team adds and removes members', async () => {
    expect((await api.call('POST', `/pilots/${pilotId}/team`, { ...admin, json: { email: 'carl@kk.test' } })).body.team).toEqual([TEAM, 'carl@kk.test']);
    expect((await api.call('DELETE', `/pilots/${pilotId}/team/carl%40kk.test`, admin)).body.team).toEqual([TEAM]);
  });

  it('keeps the last member, says who is not on it, and names a bad field', async () => {
    const last = await api.call('DELETE', `/pilots/${pilotId}/team/${encodeURIComponent(TEAM)}`, team);
    expect([last.status, last.body.reason]).toEqual([409, 'last-team-member']);
    expect((await api.call('DELETE', `/pilots/${pilotId}/team/nobody%40kk.test`, team)).status).toBe(404);
    const bad = await api.call('POST', `/pilots/${pilotId}/team`, { ...team, json: { email: 'not an address', role: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['email', 'role']);
    expect(JSON.stringify(bad.body)).not.toContain('not an address');
    expect((await api.call('DELETE', `/pilots/${pilotId}/team/not-an-address`, team)).body.issues[0].path).toBe('member');
    expect(await members()).toEqual([TEAM]);
  });

  it('a new pilot may name its team; the creator comes first', async () => {
    const created = await api.call('POST', '/pilots', { ...team, json: { ...azure2020Body, team: ['Carl@KK.test', TEAM] } });
    expect(created.body.team).toEqual([TEAM, 'carl@kk.test']);
    const bad = await api.call('POST', '/pilots', { ...team, json: { ...azure2020Body, team: ['carl'] } });
    expect([bad.status, bad.body.issues[0].path]).toEqual([400, 'team.0']);
  });
});
