import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configurePorts, runtimePorts } from '../../functions/composition.js';
import { signLink } from '../../functions/services/signed-links.js';
import { createDocumentClient } from '../../functions/store/client.js';
import { changePilot } from '../../functions/store/pilots.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { companyBody } from '../support/companies.js';
import { azure2020Body } from '../support/fixtures.js';
import { testClock } from '../support/store.js';

// The company link forms (README, "Signed e-mail links"): the form's nonce is
// issued when the form is shown, bound to the link, for 24 hours, and accepted
// once; a form posted from another site is refused with a page that says so.

const clock = testClock('2020-12-01T09:00:00.000Z');
let api: TestApi;
let slotsLink: string;
let internshipsLink: string;
let otherCompanyLink: string;
let pilotId: string;
let companyIds: string[];

beforeAll(async () => {
  configurePorts({ clock });
  api = await startTestApi();
  pilotId = (await api.call('POST', '/pilots', { json: azure2020Body })).body.id;
  const companies = [];
  for (const n of [701, 702]) {
    const company = (await api.call('POST', '/companies', { json: companyBody(n) })).body.company;
    expect((await api.call('POST', `/pilots/${pilotId}/companies`, { json: { companyId: company.id, maxSlots: 6 } })).status).toBe(201);
    companies.push(company.id as string);
  }
  const exp = Math.floor(clock.now().getTime() / 1000) + 30 * 86_400;
  slotsLink = `/links/${await signLink({ ports: runtimePorts }, { companyId: companies[0]!, pilotId, action: 'slots', exp })}`;
  internshipsLink = `/links/${await signLink({ ports: runtimePorts }, { companyId: companies[0]!, pilotId, action: 'internships', exp })}`;
  otherCompanyLink = `/links/${await signLink({ ports: runtimePorts }, { companyId: companies[1]!, pilotId, action: 'slots', exp })}`;
  companyIds = companies;
});
afterAll(() => api.close());

const show = async (path: string) => {
  const res = await fetch(`${api.url}${path}`);
  const html = await res.text();
  return { status: res.status, nonce: /name="nonce" value="([0-9a-f-]{36})"/.exec(html)?.[1] };
};
const send = async (path: string, form: Record<string, string>, headers: Record<string, string> = {}) => {
  const res = await fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
  return { status: res.status, html: await res.text(), type: res.headers.get('content-type') };
};
const table = async () =>
  JSON.stringify((await createDocumentClient().send(new ScanCommand({ TableName: api.tableName }))).Items?.filter((i) => !String(i.SK).startsWith('FORM#')));

describe('a link after a pause', () => {
  it('past its signed expiry, is still good for as long as the pilot was paused while it was valid', async () => {
    // Prepare: a link issued 20 days ago that expired yesterday; the pilot was paused 10 days ago, for 30 days.
    const day = 86_400;
    const now = Math.floor(clock.now().getTime() / 1000);
    const link = `/links/${await signLink({ ports: runtimePorts }, { companyId: companyIds[0]!, pilotId, action: 'slots', exp: now - day, iat: now - 20 * day })}`;
    expect(await show(link)).toMatchObject({ status: 410 });
    const store = { db: createDocumentClient(), tableName: api.tableName, clock };
    const tenDaysAgo = new Date((now - 10 * day) * 1000).toISOString().slice(0, 10);

    // Act: the pause is recorded (as the resume does).
    await changePilot(store, pilotId, { set: { pauses: [{ on: tenDaysAgo, days: 30 }] } });

    // Assess: the link shows its form again.
    expect(await show(link)).toMatchObject({ status: 200, nonce: expect.any(String) });
    await changePilot(store, pilotId, { remove: ['pauses'] });
  });
});

describe('the form nonce', () => {
  it('is issued when the form is shown, and a nonce never issued is refused with a page, applying nothing', async () => {
    const before = await table();
    const forged = await send(slotsLink, { slots: '3', nonce: crypto.randomUUID() });
    expect(forged.status).toBe(400);
    expect(forged.html).toContain('Formularen er for gammel');
    expect(await table()).toBe(before);

    const shown = await show(slotsLink);
    expect(shown.status).toBe(200);
    expect(shown.nonce).toBeDefined();
    expect(JSON.stringify((await createDocumentClient().send(new ScanCommand({ TableName: api.tableName }))).Items)).toContain(`FORM#${shown.nonce}`);
  });

  it('is accepted once: the same form sent again is a replay (409)', async () => {
    const { nonce } = await show(slotsLink);
    expect((await send(slotsLink, { slots: '3', nonce: nonce! })).status).toBe(200);
    const again = await send(slotsLink, { slots: '4', nonce: nonce! });
    expect(again.status).toBe(409);
    expect(again.html).toContain('Formularen er allerede sendt');
  });

  it('a form shown with a problem keeps its nonce, which is still good for the corrected answer', async () => {
    const { nonce } = await show(slotsLink);
    const wrong = await send(slotsLink, { slots: 'mange', nonce: nonce! });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain(`value="${nonce}"`);
    expect((await send(slotsLink, { slots: '2', nonce: nonce! })).status).toBe(200);
  });

  it('is bound to the link it was shown through', async () => {
    const { nonce } = await show(otherCompanyLink);
    expect((await send(slotsLink, { slots: '1', nonce: nonce! })).status).toBe(400);
    const internships = await show(internshipsLink);
    expect((await send(slotsLink, { slots: '1', nonce: internships.nonce ?? crypto.randomUUID() })).status).toBe(400);
  });

  it('lasts 24 hours', async () => {
    const { nonce } = await show(slotsLink);
    clock.advance(24 * 3600_000 + 1000);
    const late = await send(slotsLink, { slots: '1', nonce: nonce! });
    expect(late.status).toBe(400);
    expect(late.html).toContain('over et døgn gammel');
  });
});

describe('a form posted from another site', () => {
  it('is refused with a readable page (403) by Origin or Sec-Fetch-Site, and one from the page itself is taken', async () => {
    const host = new URL(api.url).host;
    const foreign: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of foreign) {
      const { nonce } = await show(slotsLink);
      const before = await table();
      const res = await send(slotsLink, { slots: '5', nonce: nonce!, lang: 'en' }, headers);
      expect([JSON.stringify(headers), res.status]).toEqual([JSON.stringify(headers), 403]);
      expect(res.type).toMatch(/^text\/html/);
      expect(res.html).toContain('The form came from another site');
      expect(await table()).toBe(before);
    }
    const { nonce } = await show(slotsLink);
    expect((await send(slotsLink, { slots: '5', nonce: nonce! }, { origin: `http://${host}`, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });
});
