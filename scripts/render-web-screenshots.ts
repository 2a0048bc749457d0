/// <reference lib="dom" />
// Screenshots of the consultant's web page for docs/screenshots/ and the README: the
// pilots list, one pilot, and a phone-width view, in Danish (and the list in
// English). Run: npm run screenshots
// Needs Java (DynamoDB Local) and Chromium at /usr/bin/chromium (or CHROMIUM=...).
//
// It runs the real local server and engine on an in-memory DynamoDB Local,
// on a clock starting in January 2020, and fills it through the API with a
// few pilots shaped like the programme's: one in its course, one under its
// minimum cohort, one paused, one closed.

import { signWebhook } from '../test/support/companies.js';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LocalClock } from '../functions/adapters/local/clock.js';
import { createDocumentClient } from '../functions/store/client.js';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.js';
import { createLocalAuth, localTokenRoute } from '../infra/local/local-auth.js';
import { startLocalRuntime, useLocalUrls } from '../infra/local/runtime.js';
import { startLocalServer } from '../infra/local/server.js';
import { ensureTable } from '../infra/local/table-setup.js';
import { azure2020Body, azureParticipantsCsv } from '../test/support/fixtures.js';
import { launchChromium } from '../test/support/browser.js';
import { buildWebPage } from '../web/build.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const docs = resolve(import.meta.dirname, '..', 'docs', 'screenshots');
mkdirSync(docs, { recursive: true });

const dynamo = await startDynamoDbLocal();
const tableName = 'screenshots';
Object.assign(process.env, {
  TABLE_NAME: tableName,
  AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
  AWS_REGION: 'eu-north-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
});
const client = new DynamoDBClient({});
await ensureTable(client, tableName);
client.destroy();

const runtime = await startLocalRuntime({
  db: createDocumentClient(),
  tableName,
  clock: LocalClock.startingAt('2020-01-20T08:00:00.000Z'),
  tickMs: 0,
  outboxDir: mkdtempSync(join(tmpdir(), 'screenshots-outbox-')),
});
const auth = createLocalAuth(randomBytes(32));
const server = await startLocalServer({
  auth,
  port: 0,
  localRoutes: [...runtime.routes, localTokenRoute(auth)],
  web: { dir: buildWebPage(mkdtempSync(join(tmpdir(), 'screenshots-web-'))), config: { auth: 'local' } },
});
useLocalUrls(server.url);

const token = await auth.sign('consultant', { email: 'anna.konsulent@kk.dk' });
const call = async (method: string, path: string, body?: unknown, contentType = 'application/json') => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
};
const create = async (body: Record<string, unknown>) => (await call('POST', '/pilots', body)).id as string;

try {
  const smv = await create({
    ...azure2020Body,
    name: 'SMV Digital',
    partner: 'Erhvervshus Hovedstaden',
    targetGroups: ['unskilled'],
    capacity: 20,
    minimumCohort: 8,
    course: { start: '2020-03-16', weeks: 6, ending: 'none' },
    matchEvent: { date: '2020-05-05', responseDeadline: '2020-04-20', capacity: 20 },
  });
  await call('POST', `/pilots/${smv}/close`, { reason: 'Ingen virksomheder svarede trods gentagne henvendelser' });
  const marketing = await create({
    ...azure2020Body,
    name: 'Online marketing supporter',
    partner: 'Business Academy',
    targetGroups: ['activity-ready-30-plus'],
    capacity: 15,
    minimumCohort: 10,
    course: { start: '2020-03-09', weeks: 6, ending: 'diploma' },
    matchEvent: { date: '2020-05-12', responseDeadline: '2020-04-28', capacity: 15 },
  });
  await call(
    'POST',
    `/pilots/${marketing}/participants`,
    azureParticipantsCsv(13, { firstRef: 500 }).replaceAll('academics', 'activity-ready-30-plus'),
    'text/csv',
  );
  const koordinator = await create({
    ...azure2020Body,
    name: 'Digital Koordinator Experienced',
    partner: 'AJKS',
    targetGroups: ['unemployed-50-plus'],
    eligibility: { minAge: 50 },
    capacity: 60,
    minimumCohort: 30,
    recruitment: { opens: '2020-02-01', closes: '2020-02-25' },
    course: { start: '2020-03-23', weeks: 8, ending: 'diploma' },
    matchEvent: undefined,
  });
  await call(
    'POST',
    `/pilots/${koordinator}/participants`,
    azureParticipantsCsv(22, { firstRef: 700 })
      .replaceAll('academics', 'unemployed-50-plus')
      .replace(/;19[6-9]\d;/g, ';1962;'),
    'text/csv',
  );
  // The e-sport instructors (the e-sport instructors' pilot of 2021-24), on this clock: a short diploma course, a match event, a follow-up and its outcome.
  const esport = await create({
    ...azure2020Body,
    name: 'E-sport instruktører',
    partner: 'Esport Danmark',
    targetGroups: ['ledige-unge'],
    eligibility: {},
    capacity: 14,
    minimumCohort: 6,
    recruitment: { opens: '2020-02-01', closes: '2020-02-05' },
    course: { start: '2020-02-10', weeks: 2, ending: 'diploma' },
    matchEvent: { date: '2020-03-20', responseDeadline: '2020-03-10', capacity: 14, startTime: '10:00', slotMinutes: 20 },
    targetEmploymentRate: 0.35,
    budgetDkk: 180_000,
  });
  const esportCsv = [
    'sagsnummer;navn;fødselsår;målgruppe',
    ...Array.from(
      { length: 8 },
      (_, i) =>
        `ES-${i + 1};${['Mads', 'Sara', 'Ali', 'Freja', 'Jonas', 'Nora', 'Emil', 'Ida'][i]} ${['Holm', 'Berg', 'Khan', 'Lund', 'Dahl', 'Vang', 'Bak', 'Krog'][i]};${1996 + i};ledige-unge`,
    ),
  ].join('\r\n');
  await call('POST', `/pilots/${esport}/participants`, `\ufeff${esportCsv}\r\n`, 'text/csv');
  const azure = await create({ ...azure2020Body, managementEmails: ['ledelse@kk.dk'] });
  await call('POST', `/pilots/${azure}/participants`, `${azureParticipantsCsv(88)}KK-2020-0901;Deltager 901;;;academics\r\n`, 'text/csv');
  for (const id of [azure, koordinator, marketing, esport]) await call('POST', `/pilots/${id}/start`, {});
  await runtime.engine.settled();
  await call('POST', '/_local/clock/advance', { to: '2020-02-10' });
  await runtime.engine.settled();
  const esporters = ((await call('GET', `/pilots/${esport}/participants?limit=100`)).items as { id: string }[]).map((p) => p.id);
  for (const [i, id] of esporters.entries()) {
    await call('PATCH', `/pilots/${esport}/participants/${id}`, { status: 'started' });
    await call('PATCH', `/pilots/${esport}/participants/${id}`, i === 7 ? { status: 'dropped-out', reason: 'found-job' } : { status: 'completed' });
  }
  await call('POST', '/_local/clock/advance', { to: '2020-03-02' });
  await runtime.engine.settled();
  await call('POST', `/pilots/${marketing}/pause`, { reason: 'Skolen mangler lokaler; holdet udskydes' });
  await call('POST', `/pilots/${azure}/vouchers`, {
    sponsor: 'Microsoft',
    exam: 'AZ-900',
    expiresOn: '2020-12-31',
    codes: Array.from({ length: 50 }, (_, i) => `AZ900-${String(i + 1).padStart(4, '0')}-KK`),
  });

  // The Azure pilot's partner companies: invited, two answering by signed webhook as their systems do.
  const partners = [
    { name: 'Nordlys IT ApS', cvr: '10000009', maxSlots: 8, slots: 6 },
    { name: 'Havnens Data A/S', cvr: '10000017', maxSlots: 6, slots: 0 },
    { name: 'Skyline Cloud ApS', cvr: '10000025', maxSlots: 6 },
  ];
  for (const [i, partner] of partners.entries()) {
    const { company, secret } = (await call('POST', '/companies', {
      name: partner.name,
      cvr: partner.cvr,
      contact: { name: `Kontakt ${i + 1}`, email: `kontakt${i + 1}@partner.test` },
      webhook: true,
    })) as { company: { id: string }; secret: string };
    await call('POST', `/pilots/${azure}/companies`, { companyId: company.id, maxSlots: partner.maxSlots });
    if (i < 2) {
      // The e-sport pilot's match event: two of the same companies, answering by webhook too.
      await call('POST', `/pilots/${esport}/companies`, { companyId: company.id, maxSlots: 4 });
      const answer = JSON.stringify({ type: 'match.slots.confirmed', timestamp: new Date().toISOString(), data: { pilotId: esport, slots: 4 } });
      const sent = await fetch(`${server.url}/webhooks/companies/${company.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signWebhook(secret, answer) },
        body: answer,
      });
      if (!sent.ok) throw new Error(`webhook: ${sent.status} ${await sent.text()}`);
    }
    if (partner.slots === undefined) continue;
    const body = JSON.stringify({ type: 'match.slots.confirmed', timestamp: new Date().toISOString(), data: { pilotId: azure, slots: partner.slots } });
    const res = await fetch(`${server.url}/webhooks/companies/${company.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signWebhook(secret, body) },
      body,
    });
    if (!res.ok) throw new Error(`webhook: ${res.status} ${await res.text()}`);
  }

  const browser = await launchChromium();
  const shoot = async (name: string, opts: { width: number; height: number; path: string; language?: 'en'; fullPage?: boolean; waitFor: string }) => {
    // A Danish browser: date fields show dd.mm.åååå, as a consultant's would.
    const context = await browser.newContext({ viewport: { width: opts.width, height: opts.height }, locale: opts.language === 'en' ? 'en-GB' : 'da-DK' });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    if (opts.language) await page.evaluate(() => localStorage.setItem('pilot.language', 'en'));
    await page.evaluate((t) => sessionStorage.setItem('pilot.token', t), token);
    await page.goto(`${server.url}/${opts.path}`);
    // A change of the hash alone does not load the page again: reload, so it starts signed in.
    await page.reload();
    await page.locator(opts.waitFor).first().waitFor();
    await page.waitForLoadState('networkidle');
    const file = join(docs, `${name}.png`);
    await page.screenshot({ path: file, fullPage: opts.fullPage ?? false });
    console.log(`${file} (${Math.round(statSync(file).size / 1024)} KB)`);
    await context.close();
  };
  await shoot('web-pilots-da', { width: 1280, height: 720, path: '#/', waitFor: 'table.pilots tbody tr', fullPage: true });
  await shoot('web-pilots-en', { width: 1280, height: 720, path: '#/', waitFor: 'table.pilots tbody tr', language: 'en', fullPage: true });
  await shoot('web-pilot-da', { width: 1280, height: 2400, path: `#/pilots/${azure}`, waitFor: 'table.audit' });
  // The companies and their answers, as the section of the Azure pilot's page.
  {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.evaluate((t) => sessionStorage.setItem('pilot.token', t), token);
    await page.goto(`${server.url}/#/pilots/${azure}`);
    await page.reload();
    const section = page.locator('section[aria-labelledby="companies-heading"]');
    await section.locator('table').waitFor();
    const file = join(docs, 'web-pilot-companies-da.png');
    await section.screenshot({ path: file });
    console.log(`${file} (${Math.round(statSync(file).size / 1024)} KB)`);
    await context.close();
  }
  await shoot('web-pilot-phone-da', { width: 390, height: 1500, path: `#/pilots/${koordinator}`, waitFor: '.step-current' });
  await shoot('web-pilots-phone-da', { width: 360, height: 1400, path: '#/', waitFor: 'table.pilots tbody tr' });

  // Later on the clock: the e-sport pilot's schedule after the companies' deadline, then its outcome after the follow-up.
  const section = async (name: string, path: string, heading: string, waitFor: string) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.evaluate((t) => sessionStorage.setItem('pilot.token', t), token);
    await page.goto(`${server.url}/${path}`);
    await page.reload();
    const part = page.locator(`section[aria-labelledby="${heading}"]`);
    await part.locator(waitFor).first().waitFor();
    await page.waitForLoadState('networkidle');
    const file = join(docs, `${name}.png`);
    await part.screenshot({ path: file });
    console.log(`${file} (${Math.round(statSync(file).size / 1024)} KB)`);
    await context.close();
  };
  await call('POST', '/_local/clock/advance', { to: '2020-03-11' });
  await runtime.engine.settled();
  await section('web-schedule-da', `#/pilots/${esport}`, 'schedule-heading', 'table.schedule');
  await call('POST', '/_local/clock/advance', { to: '2020-05-17' });
  await runtime.engine.settled();
  const outcomes = ['fuldtid', 'fuldtid', 'deltid', 'ledig', 'uddannelse', 'ledig', 'praktik', 'fuldtid'];
  await call('POST', `/pilots/${esport}/follow-up`, `reference;udfald\n${outcomes.map((o, i) => `ES-${i + 1};${o}`).join('\n')}\n`, 'text/csv');
  await runtime.engine.settled();
  await section('web-outcome-da', `#/pilots/${esport}`, 'outcome-heading', '.employment');
  await browser.close();
} finally {
  runtime.stop();
  await server.close();
  await dynamo.stop();
}
// esbuild's service process (from the page's build) would keep Node running.
process.exit(0);
