/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApi, type TestApi } from '../support/api.js';
import { launchChromium, seriousViolations } from '../support/browser.js';
import { notDanish } from './danish-scan.js';

// The effect's inputs on the pilot page: the team names, changes and removes
// what the pilot is compared with, and records a comparison group's counts;
// before the outcome the page shows the participants' survey (when it is
// open, how many were invited and answered) and prints the sheet of one-time
// codes for participants without e-mail. Management sees the same figures and
// no form. On the fast-forwarded clock, in Danish; the tests run in order and
// share the pilot.

let api: TestApi;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pilotId: string;
const consoleErrors: string[] = [];
const englishSeen: string[] = [];
/** Notes any English phrase or raw code on the Danish page as it is now. */
const scanDanish = async (where: string) => englishSeen.push(...notDanish(where, await page.locator('body').innerText()));

beforeAll(async () => {
  [api, browser] = await Promise.all([startTestApi({ clockStart: '2020-01-20T08:00:00.000Z', web: true }), launchChromium()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  // The outcome answers 404 until the evaluation: the browser logs that as a failed resource, which is not a page error.
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  const created = await api.call('POST', '/pilots', {
    json: {
      name: 'Digitale borgere',
      partner: 'Københavns Biblioteker',
      targetGroups: ['ledige-50-plus'],
      capacity: 6,
      minimumCohort: 3,
      recruitment: { opens: '2020-02-01', closes: '2020-02-05' },
      course: { start: '2020-02-10', weeks: 2, ending: 'diploma' },
      followUpMonths: 2,
      targetEmploymentRate: 0.3,
      budgetDkk: 60_000,
    },
  });
  expect(created.status).toBe(201);
  pilotId = created.body.id;
  const csv = [
    'reference;navn;e-mail;fødselsår;målgruppe',
    'DB-1;Aase;aase@example.test;1962;ledige-50-plus',
    'DB-2;Bo;bo@example.test;1964;ledige-50-plus',
    'DB-3;Cai;;1961;ledige-50-plus',
    'DB-4;Dina;;1963;ledige-50-plus',
  ].join('\n');
  expect((await api.call('POST', `/pilots/${pilotId}/participants`, { body: csv, contentType: 'text/csv' })).body.summary).toMatchObject({ enrolled: 4 });
  expect((await api.call('POST', `/pilots/${pilotId}/start`)).status).toBe(202);
  await api.runtime!.engine.settled();
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

/** Text as read, with Intl's no-break spaces ("25 %", "1.200") as plain ones. */
const text = async (locator: ReturnType<Page['locator']>) => (await locator.textContent())?.replace(/\u00a0|\u202f/g, ' ').trim();
const comparison = () => page.locator('section[aria-labelledby="comparison-heading"]');
const survey = () => page.locator('section[aria-labelledby="survey-heading"]');
const pilot = async () => (await api.call('GET', `/pilots/${pilotId}`)).body;
/** One "term: value" of a description list, as read. */
const term = (section: ReturnType<Page['locator']>, name: string) =>
  section
    .locator('dl > div')
    .filter({ has: section.page().locator('dt', { hasText: name }) })
    .locator('dd');

const advanceTo = async (date: string) => {
  expect((await api.call('POST', '/_local/clock/advance', { json: { to: date } })).status).toBe(200);
  await api.runtime!.engine.settled();
  await page.reload();
  await page.getByRole('heading', { level: 1 }).waitFor();
};

describe("a pilot's comparison on the page", () => {
  it('names a known rate: a missing rate is said beside its field, what was typed kept; then shown as set', async () => {
    await page.goto(`${api.url}/`);
    await page.getByRole('button', { name: 'Log ind som konsulent' }).click();
    await page.goto(`${api.url}/#/pilots/${pilotId}`);
    await page.getByRole('heading', { level: 1, name: 'Digitale borgere' }).waitFor();
    await comparison().getByText('Ingen sammenligning er angivet. Resultatet viser da kun pilotprojektets egen andel.').waitFor();

    await comparison().getByRole('button', { name: 'Angiv en sammenligning' }).click();
    const form = page.getByRole('form', { name: 'Angiv en sammenligning' });
    await expect(form.getByLabel('Sammenlignet med').inputValue()).resolves.toBe('rate');
    await form.getByLabel('Kilde', { exact: true }).fill('Jobindsats: ledige 50+, Region Hovedstaden');
    await form.getByLabel('Periode', { exact: true }).fill('2019');
    await form.getByRole('button', { name: 'Gem' }).click();

    // The API requires a rate for a known rate: said in Danish beside the field, which gets the focus.
    const rate = form.getByLabel('Andel i ordinær beskæftigelse (%)');
    await form.getByText('skal udfyldes', { exact: true }).waitFor();
    await expect(rate.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect.poll(() => rate.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect(text(form.getByRole('alert'))).resolves.toMatch(/Ret de markerede felter:.*Andel i beskæftigelse: skal udfyldes/);
    await expect(form.getByLabel('Kilde', { exact: true }).inputValue()).resolves.toBe('Jobindsats: ledige 50+, Region Hovedstaden');
    await scanDanish('comparison refused');

    // Past the field's own limit, the API's (a fraction, at most 1) is said as the percentage the form asks for.
    await rate.evaluate((el) => el.removeAttribute('max'));
    await rate.fill('150');
    await form.getByRole('button', { name: 'Gem' }).click();
    await form.getByText('højst 100 %', { exact: true }).waitFor();
    await expect(text(form.getByRole('alert'))).resolves.toMatch(/Andel i beskæftigelse: højst 100 %/);
    await rate.fill('25');
    await form.getByLabel('Målt på antal personer (hvis kilden siger det)').fill('1200');
    await form.getByRole('button', { name: 'Gem' }).click();
    await comparison().getByRole('status').getByText('Sammenligningen er gemt.').waitFor();
    await expect.poll(() => text(term(comparison(), 'Sammenlignet med'))).toBe('En kendt andel (fx fra Jobindsats)');
    await expect.poll(() => text(term(comparison(), 'Kilde'))).toBe('Jobindsats: ledige 50+, Region Hovedstaden');
    await expect.poll(() => text(term(comparison(), 'Periode'))).toBe('2019');
    await expect.poll(() => text(term(comparison(), 'Andel i beskæftigelse'))).toBe('25 % af 1.200');
    expect((await pilot()).comparison).toEqual({ kind: 'rate', source: 'Jobindsats: ledige 50+, Region Hovedstaden', period: '2019', rate: 0.25, n: 1200 });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('changes it to a comparison group: no rate asked, the counts recorded while the pilot runs, a count above the group said', async () => {
    await comparison().getByRole('button', { name: 'Ret sammenligningen' }).click();
    const form = page.getByRole('form', { name: 'Ret sammenligningen' });
    // The form holds what is set, the rate as the percentage typed.
    await expect(form.getByLabel('Andel i ordinær beskæftigelse (%)').inputValue()).resolves.toBe('25');
    await form.getByLabel('Sammenlignet med').selectOption({ label: 'En sammenligningsgruppe (borgere, der ikke deltog)' });
    // A group's counts come at follow-up: the rate and its n are not asked.
    await expect(form.getByLabel('Andel i ordinær beskæftigelse (%)').count()).resolves.toBe(0);
    await form.getByText(/^Gruppens tal registreres ved opfølgningen/).waitFor();
    await form.getByLabel('Hvem gruppen er').fill('Berettigede ledige 50+, der ikke deltog');
    await form.getByLabel('Periode', { exact: true }).fill('2020');
    await form.getByRole('button', { name: 'Gem' }).click();
    await comparison().getByRole('status').getByText('Sammenligningen er gemt.').waitFor();
    await expect.poll(() => text(term(comparison(), 'Sammenlignet med'))).toBe('En sammenligningsgruppe (borgere, der ikke deltog)');
    // The follow-up day: two months after the course's last day (23 February).
    await expect
      .poll(() => text(term(comparison(), 'Sammenligningsgruppens tal')))
      .toBe('Ikke registreret endnu; tallene registreres ved opfølgningen (fra 23. apr. 2020).');
    expect((await pilot()).comparison).toEqual({ kind: 'group', source: 'Berettigede ledige 50+, der ikke deltog', period: '2020' });

    const counts = page.getByRole('form', { name: 'Sammenligningsgruppens tal' });
    await counts.getByLabel('Borgere i gruppen').fill('40');
    await counts.getByLabel('Heraf i ordinær beskæftigelse').fill('50');
    await counts.getByRole('button', { name: 'Registrér tallene' }).click();
    const employed = counts.getByLabel('Heraf i ordinær beskæftigelse');
    await counts.getByText('højst 40', { exact: true }).waitFor();
    await expect(employed.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect.poll(() => employed.evaluate((el) => el === document.activeElement)).toBe(true);
    await employed.fill('9');
    await counts.getByRole('button', { name: 'Registrér tallene' }).click();
    await comparison().getByRole('status').getByText('Sammenligningsgruppens tal er registreret.').waitFor();
    await expect.poll(() => text(term(comparison(), 'Sammenligningsgruppens tal'))).toMatch(/^9 af 40 i beskæftigelse \(23 %\), registreret 20\. jan\. 2020/);
    expect((await pilot()).comparisonGroup).toMatchObject({ size: 40, employed: 9 });
    await scanDanish('comparison group recorded');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('removes it, and management sees a comparison as set with no form', async () => {
    await comparison().getByRole('button', { name: 'Fjern sammenligningen' }).click();
    await comparison().getByRole('status').getByText('Sammenligningen er fjernet.').waitFor();
    await comparison().getByText('Ingen sammenligning er angivet. Resultatet viser da kun pilotprojektets egen andel.').waitFor();
    expect((await pilot()).comparison).toBeUndefined();

    const comparisonSet = { kind: 'rate', source: 'Jobindsats: ledige 50+', period: '2019', rate: 0.2 };
    expect((await api.call('PATCH', `/pilots/${pilotId}`, { json: { comparison: comparisonSet } })).status).toBe(200);
    const management = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await management.goto(`${api.url}/`);
    await management.getByRole('button', { name: /Log ind som ledelse/ }).click();
    await management.goto(`${api.url}/#/pilots/${pilotId}`);
    const section = management.locator('section[aria-labelledby="comparison-heading"]');
    await section.locator('dl').waitFor();
    expect(await text(term(section, 'Andel i beskæftigelse'))).toBe('20 %');
    expect(await text(term(section, 'Kilde'))).toBe('Jobindsats: ledige 50+');
    // Figures only: no button, no form, here or at the survey (whose counts management sees).
    await management.locator('section[aria-labelledby="survey-heading"] .survey-state').waitFor();
    await expect(section.getByRole('button').count()).resolves.toBe(0);
    await expect(management.locator('section[aria-labelledby="survey-heading"] form').count()).resolves.toBe(0);
    await management.context().close();
  });
});

describe("the participants' survey before the outcome", () => {
  it('says when it opens and that no one is invited yet', async () => {
    await page.reload();
    await survey().locator('.survey-state').waitFor();
    expect(await text(survey().locator('.survey-state'))).toBe(
      'Spørgeskemaet åbner 24. feb. 2020, dagen efter forløbets sidste dag, og kan besvares til og med 22. apr. 2020.',
    );
    await survey().getByText('0 svar (sendt til 0 på e-mail, 0 koder på papir)').waitFor();
  });

  it('prints a sheet of codes in a window of its own, styled for cutting out, and counts them among those invited', async () => {
    const form = page.getByRole('form', { name: 'Koder på papir' });
    await form.getByLabel('Antal koder').fill('3');
    await expect(form.getByLabel('Arkets sprog').inputValue()).resolves.toBe('da');
    const [sheet] = await Promise.all([context.waitForEvent('page'), form.getByRole('button', { name: 'Udskriv ark med koder' }).click()]);
    await sheet.locator('.slip').nth(2).waitFor();
    await expect(sheet.locator('.slip').count()).resolves.toBe(3);
    const codes = (await sheet.locator('.slip .code').allTextContents()).map((c) => c.replace(/^.*: /, ''));
    expect(codes).toHaveLength(3);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(new Set(codes).size).toBe(3);
    await expect(sheet.locator('html').getAttribute('lang')).resolves.toBe('da');
    await expect(sheet.title()).resolves.toContain('Digitale borgere');
    // The sheet's own style holds, though the window has the page's policy (no inline styles): dashed lines to cut along.
    await expect(
      sheet
        .locator('.slip')
        .first()
        .evaluate((el) => getComputedStyle(el).borderTopStyle),
    ).resolves.toBe('dashed');
    await sheet.close();
    await scanDanish('survey codes printed');

    await form.getByRole('status').getByText('Arket med 3 koder er åbnet i et nyt vindue til udskrift.').waitFor();
    await survey().getByText('0 svar (sendt til 0 på e-mail, 3 koder på papir)').waitFor();
    // A code of the sheet is one the survey knows: typed in at /survey it leads on to its questions.
    const entered = await fetch(`${api.url}/survey?code=${codes[0]}`, { redirect: 'manual' });
    expect(entered.status).toBe(303);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('makes no codes when the browser blocks the window, and says so', async () => {
    const posted: string[] = [];
    const note = (r: { method(): string; url(): string }) => r.method() === 'POST' && posted.push(r.url());
    page.on('request', note);
    await page.evaluate(() => {
      window.open = () => null;
    });
    const form = page.getByRole('form', { name: 'Koder på papir' });
    await form.getByLabel('Antal koder').fill('2');
    await form.getByRole('button', { name: 'Udskriv ark med koder' }).click();
    await form
      .getByRole('alert')
      .getByText('Browseren blokerede vinduet til arket. Tillad pop op-vinduer for siden og prøv igen; der er ikke lavet nogen koder.')
      .waitFor();
    expect(posted).toEqual([]);
    page.off('request', note);
    await page.reload();
    await survey().getByText('0 svar (sendt til 0 på e-mail, 3 koder på papir)').waitFor();
  });

  it('says a refusal in Danish and closes the window it opened', async () => {
    // The API refuses codes once the survey is closed; here answered so while it is open, to hold the page to the refusal.
    await page.route('**/survey/codes', (route) =>
      route.fulfill({
        status: 409,
        contentType: 'application/json',
        body: JSON.stringify({ error: 'conflict', message: 'the survey is closed; no more codes can be handed out', reason: 'survey-closed' }),
      }),
    );
    const form = page.getByRole('form', { name: 'Koder på papir' });
    const [sheet] = await Promise.all([context.waitForEvent('page'), form.getByRole('button', { name: 'Udskriv ark med koder' }).click()]);
    await form.getByRole('alert').getByText('Spørgeskemaet er lukket; der kan ikke uddeles flere koder.').waitFor();
    await expect.poll(() => sheet.isClosed()).toBe(true);
    await scanDanish('survey codes refused');
    await page.unroute('**/survey/codes');
  });

  it('counts the e-mailed invitations once the course has ended, and says until when it is open, in both languages', async () => {
    await advanceTo('2020-02-10');
    for (const ref of ['DB-1', 'DB-2', 'DB-3']) {
      await page.getByRole('button', { name: `Markér ${ref} som startet` }).click();
      await page.getByText(`${ref}: Startet.`).waitFor();
    }
    // The course's last day, then the next: the workflow ends the course, and the invitations go the day after.
    await advanceTo('2020-02-23');
    await advanceTo('2020-02-24');
    await survey().locator('.survey-state').waitFor();
    expect(await text(survey().locator('.survey-state'))).toBe('Spørgeskemaet er åbent og kan besvares til og med 22. apr. 2020.');
    // The two who started and have an e-mail address got a link; the third who started has none.
    await survey().getByText('0 svar (sendt til 2 på e-mail, 3 koder på papir)').waitFor();
    await survey().getByText('Under 5 svar: svarene vises ikke fordelt, så ingen enkelt deltager kan genkendes.').waitFor();
    await scanDanish('survey open');

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 2, name: "The participants' survey" }).waitFor();
    expect(await text(survey().locator('.survey-state'))).toBe('The survey is open and can be answered until 22 Apr 2020 inclusive.');
    await page.getByRole('heading', { level: 2, name: 'Comparison' }).waitFor();
    await page.getByRole('button', { name: 'Skift til dansk' }).click();
    expect(consoleErrors).toEqual([]);
    expect(englishSeen).toEqual([]);
    // Four moves of the clock with the workflow settling each time: slow on a loaded machine.
  }, 90_000);

  it('fits a 360 px phone: nothing of either section wider than the screen, every control at least 44 px tall', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.reload();
    await comparison().getByRole('button', { name: 'Ret sammenligningen' }).click();
    await survey().locator('form').waitFor();
    const problems = await page.evaluate(() =>
      [...document.querySelectorAll('section[aria-labelledby="comparison-heading"] *, section[aria-labelledby="survey-heading"] *')].flatMap((e) => {
        const box = e.getBoundingClientRect();
        const wide = box.right > 361 ? [`${e.tagName}.${e.className} ends at ${Math.round(box.right)}`] : [];
        const small =
          e.matches('button, input, select') && box.height < 44
            ? [`${e.tagName} ${e.getAttribute('name') ?? e.textContent} is ${Math.round(box.height)} px tall`]
            : [];
        return [...wide, ...small];
      }),
    );
    expect(problems).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
