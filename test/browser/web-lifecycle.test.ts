/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestApi, type TestApi } from '../support/api.js';
import { launchChromium, seriousViolations } from '../support/browser.js';

// One pilot from creation to its outcome on the page, in Danish, on the
// fast-forwarded clock: a 2-week diploma course for four participants, a
// follow-up two months later, and the evaluation the workflow writes. The
// tests run in order and share the pilot.

let api: TestApi;
let browser: Browser;
let page: Page;
let pilotPath: string;
const consoleErrors: string[] = [];

beforeAll(async () => {
  [api, browser] = await Promise.all([startTestApi({ clockStart: '2020-01-20T08:00:00.000Z', web: true }), launchChromium()]);
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  // The outcome answers 404 until the evaluation: the browser logs that as a failed resource, which is not a page error.
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

/** Fast-forwards the product's clock, lets the workflow park, and reads the page again. */
const advanceTo = async (date: string) => {
  expect((await api.call('POST', '/_local/clock/advance', { json: { to: date } })).status).toBe(200);
  await api.runtime!.engine.settled();
  await page.reload();
  await page.getByRole('heading', { level: 1 }).waitFor();
};

/** Text as read, with Intl's no-break spaces ("50 %", "60.000 kr.") as plain ones. */
const text = async (locator: ReturnType<Page['locator']>) => (await locator.textContent())?.replace(/\u00a0|\u202f/g, ' ');

const participantRow = (reference: string) => page.locator('table.participants tbody tr', { hasText: reference });

describe('a pilot from creation to outcome on the page', () => {
  it('creates a diploma pilot, imports four participants and starts it', async () => {
    await page.goto(`${api.url}/`);
    await page.getByRole('button', { name: 'Log ind som konsulent' }).click();
    await page.getByRole('button', { name: 'Opret pilotprojekt' }).click();
    const form = page.locator('form[aria-labelledby="create-heading"]');
    const fill = (label: string, value: string) => form.getByLabel(label, { exact: true }).fill(value);
    await fill('Navn', 'Digital Koordinator');
    await fill('Partner eller sponsor', 'AJKS');
    await fill('Målgrupper (kommasepareret, fx academics)', 'ledige-50-plus');
    await fill('Kapacitet (pladser)', '10');
    await fill('Mindste hold', '3');
    await fill('Rekruttering åbner', '2020-02-01');
    await fill('Rekruttering lukker', '2020-02-14');
    await fill('Forløbet starter', '2020-02-17');
    await fill('Forløbets længde (uger)', '2');
    await form.getByLabel('Forløbet slutter med').selectOption('diploma');
    await fill('Mål for beskæftigelse (%)', '40');
    await fill('Budget (kr.)', '120000');
    await form.getByRole('button', { name: 'Opret' }).click();
    await page.getByRole('heading', { level: 1, name: 'Digital Koordinator' }).waitFor();
    pilotPath = page.url().replace(/^.*#/, '');

    const rows = ['reference;name;email;birthYear;targetGroup', 'KK-1;Anna;anna@example.test;1965;ledige-50-plus', 'KK-2;Bent;;1962;ledige-50-plus', 'KK-3;Carla;;1968;ledige-50-plus', 'KK-4;Dorte;;1961;ledige-50-plus'];
    const importForm = page.locator('form[aria-labelledby="import-heading"]');
    await importForm.getByLabel('eller indsæt indholdet her').fill(rows.join('\n'));
    await importForm.getByRole('button', { name: 'Send' }).click();
    await importForm.locator('.report').waitFor();
    expect(await text(importForm.locator('.report .summary'))).toMatch(/Optaget\s*4.*Afvist\s*0/);
    await expect.poll(() => page.locator('table.participants tbody tr').count(), { timeout: 10_000 }).toBe(4);

    await page.getByRole('button', { name: 'Start pilotprojektet' }).click();
    await page.locator('.pilot-header .badge', { hasText: 'Kører' }).waitFor();
    await api.runtime!.engine.settled();
  });

  it('runs the course: everyone starts, three complete and one drops out', async () => {
    await advanceTo('2020-02-17');
    await page.locator('.step-current .step-name', { hasText: 'Forløb' }).waitFor();
    const { body } = await api.call('GET', `${pilotPath}/participants?limit=10`);
    for (const p of body.items) expect((await api.call('PATCH', `${pilotPath}/participants/${p.id}`, { json: { status: 'started' } })).status).toBe(200);
    for (const p of body.items.slice(0, 3)) expect((await api.call('PATCH', `${pilotPath}/participants/${p.id}`, { json: { status: 'completed' } })).status).toBe(200);
    expect((await api.call('PATCH', `${pilotPath}/participants/${body.items[3].id}`, { json: { status: 'dropped-out', reason: 'illness' } })).status).toBe(200);
    await advanceTo('2020-04-15');
    await page.locator('.step-current .step-name', { hasText: 'Opfølgning' }).waitFor();
    await expect(participantRow('KK-4').textContent()).resolves.toMatch(/Faldet fra/);
  });

  it('records the follow-up on the page; the evaluation runs and the outcome shows its figures', async () => {
    const followUp = page.locator('form[aria-labelledby="follow-up-heading"]');
    await followUp.getByLabel('eller indsæt indholdet her').fill('reference;outcome\nKK-1;employed-full-time\nKK-2;employed-part-time\nKK-3;unemployed\nKK-4;unknown\n');
    await followUp.getByRole('button', { name: 'Send' }).click();
    await followUp.locator('.report').waitFor();
    expect(await text(followUp.locator('.report .summary'))).toMatch(/Registreret\s*4.*Afvist\s*0/);
    await api.runtime!.engine.settled();
    await page.reload();

    const outcome = page.locator('section[aria-labelledby="outcome-heading"]');
    await outcome.getByText(/^Evalueret /).waitFor();
    await expect(outcome.getByText('Pilotprojektet er ikke evalueret endnu.').count()).resolves.toBe(0);
    // Two of the four who started are in ordinary employment; the dropout stays in the denominator.
    expect(await text(outcome.locator('.employment div', { hasText: 'Beskæftigelsesfrekvens' }))).toBe('Beskæftigelsesfrekvens2 af 4 (50 %)');
    expect(await text(outcome.locator('.employment div', { hasText: 'Blandt gennemførte' }))).toBe('Blandt gennemførte2 af 3 (67 %)');
    expect(await text(outcome.locator('.employment div', { hasText: 'Fuldtid' }))).toBe('Fuldtid1 af 4 (25 %)');
    expect(await text(outcome.locator('.rec'))).toBe('AnbefalingFortsæt');
    expect(await text(outcome.locator('div', { hasText: /^Pris pr\. job/ }))).toBe('Pris pr. job60.000 kr.');
    // The evaluated figures join the participant flow.
    await expect(page.locator('.funnel .evaluated', { hasText: 'I beskæftigelse' }).textContent()).resolves.toMatch(/I beskæftigelse\s*2/);
    // The timeline: every phase done, the evaluation too, dated the day it ran.
    await expect(page.locator('.step', { hasText: 'Evaluering' }).getAttribute('class')).resolves.toContain('step-past');
    await expect(page.locator('.step', { hasText: 'Evaluering' }).textContent()).resolves.toMatch(/15\. apr\. 2020.*afsluttet/);
    await expect(page.locator('.step-later, .step-current').count()).resolves.toBe(0);
    expect(consoleErrors).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('offers the override within its 14 days, and not after', async () => {
    const outcome = page.locator('section[aria-labelledby="outcome-heading"]');
    await outcome.getByText(/Anbefalingen kan tilsidesættes indtil 29\. apr\. 2020/).waitFor();
    const form = page.locator('form[aria-labelledby="override-heading"]');
    await form.getByLabel('Anbefaling').selectOption('adjust');
    await form.getByLabel('Begrundelse').fill('For få deltagere til at konkludere');
    await form.getByRole('button', { name: 'Gem' }).click();
    await outcome.getByText('Konsulentens anbefaling: Justér og gentag — For få deltagere til at konkludere').waitFor();
    await expect.poll(() => text(outcome.locator('.rec'))).toBe('AnbefalingJustér og gentag');
    expect(await text(outcome.locator('div', { hasText: /^Beregnet anbefaling/ }))).toBe('Beregnet anbefalingFortsæt');

    await advanceTo('2020-05-01');
    await outcome.getByText(/fristen er udløbet/).waitFor();
    await expect(page.locator('form[aria-labelledby="override-heading"]').count()).resolves.toBe(0);
  });
});

describe('an outcome without an employment figure', () => {
  it('says plainly that employment was not measured, with the reason, and shows what the pilot reached', async () => {
    // A pilot closed before its follow-up has no employment figure: the API answers `employment: null` with the reason
    // (issue 19). Here the real outcome is answered so, to hold the page to that shape.
    const real = (await api.call('GET', `${pilotPath}/outcome`)).body;
    await page.route(`**${pilotPath}/outcome`, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ ...real, closedEarly: true, closeCause: 'too-few', evaluation: { ...real.evaluation, employment: null, employmentNotMeasured: 'closed-before-follow-up' } }),
      }),
    );
    await page.reload();
    const outcome = page.locator('section[aria-labelledby="outcome-heading"]');
    await outcome.locator('.not-measured').waitFor();
    expect(await text(outcome.locator('.not-measured'))).toMatch(/^\s*Beskæftigelse blev ikke målt: pilotprojektet blev lukket før opfølgningen\s*$/);
    await outcome.getByText('Lukket før tid: for få deltagere og ingen beslutning inden fristen').waitFor();
    expect(await text(outcome.locator('div', { hasText: /^Pris pr\. deltager/ }))).toBe('Pris pr. deltager30.000 kr.');
    expect(await text(outcome.locator('div', { hasText: /^Pris pr\. job/ }))).toBe('Pris pr. job—');
    await expect(outcome.locator('.employment').count()).resolves.toBe(0);
    expect(consoleErrors).toEqual([]);
    await page.unroute(`**${pilotPath}/outcome`);
  });
});
