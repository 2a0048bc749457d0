/// <reference lib="dom" />
import { companyBody } from '../support/companies.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { azureParticipantsCsv } from '../support/fixtures.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { launchChromium, seriousViolations } from '../support/browser.js';

// The consultant's web page in a real browser, against the real local server,
// handlers and workflow engine: what a consultant does in a pilot's first
// weeks, and what management sees. The tests run in order and share one pilot.

let api: TestApi;
let browser: Browser;
let consultant: BrowserContext;
let page: Page;
let pilotUrl: string;

beforeAll(async () => {
  [api, browser] = await Promise.all([startTestApi({ clockStart: '2020-01-20T08:00:00.000Z', web: true }), launchChromium()]);
  consultant = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await consultant.newPage();
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

const signIn = async (p: Page, button: RegExp) => {
  await p.goto(`${api.url}/`);
  await p.getByRole('button', { name: button }).click();
  await p.getByRole('heading', { level: 1, name: /Pilotprojekter|Pilot projects/ }).waitFor();
};

describe('the web page, as a consultant', () => {
  it('signs in with the local token and shows the empty pilots list in Danish', async () => {
    await signIn(page, /Log ind som konsulent/);
    expect(await page.locator('html').getAttribute('lang')).toBe('da');
    await page.getByText('Ingen pilotprojekter endnu.').waitFor();
    // The token is the tab's only: sessionStorage, never a cookie.
    expect(await page.evaluate(() => sessionStorage.getItem('pilot.token'))).toMatch(/^ey/);
    expect(await consultant.cookies()).toEqual([]);
  });

  it('creates a pilot through the form and opens it as a draft', async () => {
    await page.getByRole('button', { name: 'Opret pilotprojekt' }).click();
    const form = page.locator('form[aria-labelledby="create-heading"]');
    const fill = async (label: string, value: string) => form.getByLabel(label, { exact: true }).fill(value);
    await fill('Navn', 'Azure with Microsoft');
    await fill('Partner eller sponsor', 'Microsoft');
    await fill('Målgrupper', 'academics');
    await fill('Kapacitet (pladser)', '90');
    await fill('Mindste hold', '30');
    await fill('Rekruttering åbner', '2020-02-01');
    await fill('Rekruttering lukker', '2020-03-01');
    await fill('Forløbet starter', '2020-03-16');
    await fill('Forløbets længde (uger)', '4');
    await fill('Mål for beskæftigelse (%)', '40');
    await fill('Budget (kr.)', '400000');
    await fill('Dato for matcharrangement', '2021-01-20');
    await fill('Svarfrist for virksomheder', '2021-01-08');
    await fill('Pladser ved arrangementet', '60');
    await form.getByRole('button', { name: 'Opret' }).click();

    await page.getByRole('heading', { level: 1, name: 'Azure with Microsoft' }).waitFor();
    pilotUrl = page.url();
    expect(pilotUrl).toMatch(/#\/pilots\/[\w-]+$/);
    await expect(page.locator('.pilot-header .badge').textContent()).resolves.toBe('Kladde');
    // The timeline has the plan's dates before anything runs: the course 16 Mar – 12 Apr 2020.
    await expect(page.locator('.step', { hasText: 'Forløb' }).textContent()).resolves.toMatch(/16\. mar\. 2020 – 12\. apr\. 2020/);
    await page.getByText('Ingen virksomheder inviteret endnu').waitFor();
  });

  it('imports participants from a CSV file and shows the report row by row', async () => {
    const csv = `${azureParticipantsCsv(40)}KK-2020-9999;Uden fødselsår;;;academics\r\n`;
    await page.locator('#import-file').setInputFiles({ name: 'azure.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.locator('form[aria-labelledby="import-heading"]').getByRole('button', { name: 'Send' }).click();

    const report = page.locator('form[aria-labelledby="import-heading"] .report');
    await report.waitFor();
    await expect(report.locator('.summary').textContent()).resolves.toMatch(/Optaget\s*40.*Afvist\s*1/);
    const rejected = report.locator('tr.rejected');
    await expect(rejected.count()).resolves.toBe(1);
    // Line 42: the header, 40 participants, then the row without a birth year.
    await expect(rejected.textContent()).resolves.toMatch(/^42.*Afvist.*Fødselsår: angiv fødselsår eller aldersgruppe/);
    // The funnel and the list read again after the import.
    await expect.poll(() => page.locator('.funnel > div', { hasText: 'Pladser besat' }).textContent()).toMatch(/40 \/ 90/);
    await expect.poll(() => page.locator('table.participants tbody tr').count()).toBe(25);
  });

  it('pages through participants and finds one by reference', async () => {
    await page.getByRole('button', { name: 'Næste side' }).click();
    await page.getByText('Side 2').waitFor();
    await expect.poll(() => page.locator('table.participants tbody tr').count()).toBe(15);
    await page.getByLabel('Søg på reference').fill('0037');
    await expect.poll(() => page.locator('table.participants tbody tr').count()).toBe(1);
    await expect(page.locator('table.participants tbody tr').textContent()).resolves.toMatch(/^KK-2020-0037Deltager 37Optaget/);
    await page.getByLabel('Søg på reference').fill('');
  });

  it('starts the pilot: running, in recruitment', async () => {
    await page.getByRole('button', { name: 'Start pilotprojektet' }).click();
    await page.getByText(/^Start pilotprojektet nu\?/).waitFor();
    await page.getByRole('button', { name: 'Ja, start nu' }).click();
    await page.locator('.pilot-header .badge', { hasText: 'Kører' }).waitFor();
    await api.runtime!.engine.settled();
    await page.reload();
    await expect(page.locator('.step-current .step-name').textContent()).resolves.toBe('Rekruttering');
    await expect(page.locator('.step-next .step-name').textContent()).resolves.toBe('Forløb');
  });

  it('shows the next phase after the clock is fast-forwarded past recruitment', async () => {
    const advanced = await api.call('POST', '/_local/clock/advance', { json: { to: '2020-03-02' } });
    expect(advanced.status).toBe(200);
    await api.runtime!.engine.settled();

    await page.reload();
    await page.locator('.step-current .step-name', { hasText: 'Forløb' }).waitFor();
    await expect(page.locator('.step', { hasText: 'Rekruttering' }).getAttribute('class')).resolves.toContain('step-past');
    await page.getByText('Venter på: forløbets afslutning (12. apr. 2020)').waitFor();
  });

  it('pauses with a reason and resumes', async () => {
    await page.getByRole('button', { name: 'Sæt på pause', exact: true }).click();
    await page.locator('.actions').getByLabel('Begrundelse').fill('Nedlukning foråret 2020');
    await page.locator('.actions form').getByRole('button', { name: 'Sæt på pause' }).click();
    await page.locator('.pilot-header .badge', { hasText: 'Sat på pause' }).waitFor();
    await page.getByText('Sat på pause: Nedlukning foråret 2020').waitFor();

    await page.getByRole('button', { name: 'Genoptag' }).click();
    await page.locator('.pilot-header .badge', { hasText: 'Kører' }).waitFor();
    const audit = page.locator('table.audit');
    await audit.getByText('Genoptaget', { exact: true }).waitFor();
    // Newest first: the resume, then the pause, in words, by whom.
    const latest = await audit.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(latest.slice(0, 2)).toEqual(['Genoptaget', 'Sat på pause']);
    await expect(audit.locator('tbody tr').first().locator('td:nth-child(2)').textContent()).resolves.not.toBe('');
    // Filtered by kind: only the participants' events, each naming whom it concerns.
    await page.getByLabel('Vis hændelser om').selectOption('participant');
    await expect.poll(async () => new Set(await audit.locator('tbody tr td:nth-child(3)').allTextContents())).toEqual(new Set(['Deltager tilmeldt: Optaget']));
    await expect(audit.locator('tbody tr').first().locator('td:nth-child(4)').textContent()).resolves.toMatch(/^Deltager \d+ \(KK-2020-\d{4}\)$/);
    await page.getByLabel('Vis hændelser om').selectOption('');
  });

  it('loads voucher codes, and records exam results with a report row by row', async () => {
    const vouchers = page.locator('form[aria-labelledby="vouchers-load-heading"]');
    await vouchers.getByLabel('Eksamen (fx AZ-900)').fill('AZ-900');
    await vouchers.getByLabel('Udløber').fill('2020-12-31');
    await vouchers.getByLabel('Koder, én pr. linje').fill('AZ900-0001-KK\nAZ900-0002-KK\nAZ900-0002-KK');
    await vouchers.getByRole('button', { name: 'Indlæs voucherkoder' }).click();
    await page.getByText('2 koder indlæst, 1 dublet sprunget over.').waitFor();
    await expect.poll(() => page.locator('.stats div', { hasText: 'I alt' }).first().textContent()).toBe('I alt2');

    // Nobody has a code yet (the course is still running), so the exam result is refused for that row.
    const exam = page.locator('form[aria-labelledby="exam-results-heading"]');
    await exam.getByLabel('eller indsæt indholdet her').fill('reference;result;date\nKK-2020-0001;passed;2020-03-01\n');
    await exam.getByRole('button', { name: 'Send' }).click();
    await exam.locator('.report tr.rejected').waitFor();
    await expect(exam.locator('.report .summary').textContent()).resolves.toMatch(/Registreret\s*0.*Afvist\s*1/);
    await expect(exam.locator('.report tr.rejected').textContent()).resolves.toMatch(/Resultat: deltageren har ingen voucherkode/);
  });

  it('invites a registered partner company to the match event and shows it waiting for an answer', async () => {
    const registered = await api.call('POST', '/companies', { json: companyBody(1, { name: 'Nordlys IT ApS' }) });
    expect(registered.status).toBe(201);
    await page.reload();
    const form = page.locator('form[aria-labelledby="companies-invite-heading"]');
    await form.getByLabel('Virksomhed').selectOption({ label: `Nordlys IT ApS (CVR ${companyBody(1).cvr})` });
    await form.getByLabel('Højst antal pladser').fill('8');
    await form.getByRole('button', { name: 'Invitér en virksomhed' }).click();
    await page.getByText('Virksomheden er inviteret.').waitFor();
    const row = page.locator('section[aria-labelledby="companies-heading"] tbody tr', { hasText: 'Nordlys IT ApS' });
    await expect.poll(() => row.textContent()).toMatch(/Intet svar.*0 \/ 8/);
    const invited = (await api.call('GET', `${pilotUrl.replace(/^.*#/, '')}/companies`)).body;
    expect(invited.items).toEqual([expect.objectContaining({ companyId: registered.body.company.id, maxSlots: 8, answer: 'none' })]);
  });

  it('overrides the recommendation with a reason', async () => {
    const form = page.locator('form[aria-labelledby="override-heading"]');
    await form.getByLabel('Anbefaling').selectOption('adjust');
    await form.getByLabel('Begrundelse').fill('Holdet blev afbrudt af nedlukningen');
    await form.getByRole('button', { name: 'Gem' }).click();
    await page.getByText('Konsulentens anbefaling: Justér og gentag — Holdet blev afbrudt af nedlukningen').waitFor();
    expect((await api.call('GET', pilotUrl.replace(/^.*#/, ''))).body.recommendationOverride).toMatchObject({ recommendation: 'adjust' });
  });

  it('refuses a pause without a reason in the browser, before any request', async () => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
    await page.locator('.actions .buttons').getByRole('button', { name: 'Sæt på pause' }).click();
    await page.locator('.actions form').getByRole('button', { name: 'Sæt på pause' }).click();
    const reason = page.locator('.actions').getByLabel('Begrundelse');
    expect(await reason.evaluate((el) => (el as HTMLInputElement).validity.valueMissing)).toBe(true);
    expect(requests.filter((r) => r.endsWith('/pause'))).toEqual([]);
    await page.locator('.actions .buttons').getByRole('button', { name: 'Sæt på pause' }).click();
    page.removeAllListeners('request');
  });

  it('has no serious accessibility violations on the pilot view or the list (axe-core)', async () => {
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${api.url}/#/`);
    await page.locator('table.pilots').waitFor();
    await expect(page.locator('table.pilots tbody tr').textContent()).resolves.toMatch(
      /Azure with Microsoft.*Kører.*Forløb.*12\. apr\. 2020.*40 \/ 90\s*startet: 0.*0 \/ 1/,
    );
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('filters the list by status', async () => {
    await page.getByLabel('Status').selectOption('draft');
    await page.getByText('Ingen pilotprojekter endnu.').waitFor();
    await page.getByLabel('Status').selectOption('running');
    await expect.poll(() => page.locator('table.pilots tbody tr').count()).toBe(1);
    await page.getByLabel('Status').selectOption('');
  });

  it('switches to English and remembers it', async () => {
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pilot projects' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.goto(pilotUrl);
    await page.reload();
    await page.locator('.step-current .step-name', { hasText: 'Course' }).waitFor();
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Skift til dansk' }).click();
    await page.getByRole('button', { name: 'Sæt på pause', exact: true }).waitFor();
  });

  it('fits a phone (390 px) without sideways scrolling of the page', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.locator('.step-current').waitFor();
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > 391 && !e.closest('.table-wrap'))
        .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`),
    );
    expect(wide, wide.join('\n')).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe('the web page, as management', () => {
  it('shows the same pilot as figures: no action buttons, no forms, no participants table', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const management = await context.newPage();
    await signIn(management, /Log ind som ledelse/);
    await management.locator('table.pilots tbody tr').waitFor();
    await expect(management.locator('table.pilots tbody tr').count()).resolves.toBe(1);
    await expect(management.getByRole('button', { name: 'Opret pilotprojekt' }).count()).resolves.toBe(0);

    await management.goto(pilotUrl);
    await management.getByRole('heading', { level: 1, name: 'Azure with Microsoft' }).waitFor();
    await management.getByText('Ledelsen ser pilotprojektets tal, aldrig personer').waitFor();
    await expect(management.locator('.actions, form').count()).resolves.toBe(0);
    // Figures, not people: the trail's actions, but no participants list (test/browser/web-need-to-know.test.ts has more).
    await management.locator('table.audit').waitFor();
    await expect(management.locator('table.participants').count()).resolves.toBe(0);
    await context.close();
  });
});
