/// <reference lib="dom" />
// Screenshots of the consultant's web page for docs/ and the README: the
// pilots list, one pilot, and a phone-width view, in Danish (and the list in
// English). Run: npx tsx scripts/render-web-screenshots.ts
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
const docs = resolve(import.meta.dirname, '..', 'docs');
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
  await call('POST', `/pilots/${marketing}/participants`, azureParticipantsCsv(13, { firstRef: 500 }).replaceAll('academics', 'activity-ready-30-plus'), 'text/csv');
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
  await call('POST', `/pilots/${koordinator}/participants`, azureParticipantsCsv(22, { firstRef: 700 }).replaceAll('academics', 'unemployed-50-plus').replace(/;19[6-9]\d;/g, ';1962;'), 'text/csv');
  const azure = await create({ ...azure2020Body, managementEmails: ['ledelse@kk.dk'] });
  await call('POST', `/pilots/${azure}/participants`, `${azureParticipantsCsv(88)}KK-2020-0901;Deltager 901;;;academics\r\n`, 'text/csv');
  for (const id of [azure, koordinator, marketing]) await call('POST', `/pilots/${id}/start`, {});
  await runtime.engine.settled();
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
  await browser.close();
} finally {
  runtime.stop();
  await server.close();
  await dynamo.stop();
}
// esbuild's service process (from the page's build) would keep Node running.
process.exit(0);
