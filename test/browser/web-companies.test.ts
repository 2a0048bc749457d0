/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApi, type TestApi } from '../support/api.js';
import { launchChromium, seriousViolations } from '../support/browser.js';
import { signWebhook, validCvr } from '../support/companies.js';

// A partner company on the page: registered there (its webhook secret shown
// once, copied, then gone), invited to the match event, answering from its own
// system by signed webhook with that secret, and the schedule the match event
// gets on the fast-forwarded clock. Then the pilots list and the pilot on a
// 360 px phone. The tests run in order and share the pilot.

let api: TestApi;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pilotId: string;
let company: { id: string; secret: string };

const advanceTo = async (date: string) => {
  expect((await api.call('POST', '/_local/clock/advance', { json: { to: date } })).status).toBe(200);
  await api.runtime!.engine.settled();
};

beforeAll(async () => {
  [api, browser] = await Promise.all([startTestApi({ clockStart: '2020-01-20T08:00:00.000Z', web: true }), launchChromium()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: api.url });
  page = await context.newPage();
  const created = await api.call('POST', '/pilots', {
    json: {
      name: 'Online marketing supporter',
      partner: 'Erhvervshus Hovedstaden',
      targetGroups: ['aktivitetsparate-30-plus'],
      capacity: 6,
      minimumCohort: 3,
      recruitment: { opens: '2020-02-01', closes: '2020-02-05' },
      course: { start: '2020-02-10', weeks: 1, ending: 'diploma' },
      matchEvent: { date: '2020-03-20', responseDeadline: '2020-03-10', capacity: 10 },
      targetEmploymentRate: 0.3,
      budgetDkk: 90_000,
    },
  });
  expect(created.status).toBe(201);
  pilotId = created.body.id;
  const csv = ['reference;navn;fødselsår;målgruppe', ...[1, 2, 3, 4].map((i) => `OM-${i};Kandidat ${i};1980;aktivitetsparate-30-plus`)].join('\n');
  expect((await api.call('POST', `/pilots/${pilotId}/participants`, { body: csv, contentType: 'text/csv' })).body.summary).toMatchObject({ enrolled: 4 });
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

describe('a partner company on the page', () => {
  it('registers a company: the secret is shown once, with a warning and a copy button, then gone', async () => {
    await page.goto(`${api.url}/`);
    await page.getByRole('button', { name: 'Log ind som konsulent' }).click();
    await page.goto(`${api.url}/#/pilots/${pilotId}`);
    await page.getByRole('heading', { level: 1, name: 'Online marketing supporter' }).waitFor();
    await page.getByText('Ingen virksomheder er registreret endnu. Registrér en ovenfor.').waitFor();

    await page.getByRole('button', { name: 'Registrér en partnervirksomhed' }).click();
    const form = page.locator('form[aria-labelledby="companies-register-heading"]');
    // A CVR number whose check digit does not match is said beside its field, in Danish.
    await form.getByLabel('Virksomhedens navn').fill('Nordlys IT ApS');
    await form.getByLabel('CVR-nummer').fill('12345678');
    await form.getByLabel('Kontaktperson').fill('Mette Holm');
    await form.getByLabel('Kontaktens e-mail').fill('mette@nordlys.test');
    await form.getByLabel('Virksomheden svarer fra sit eget system (webhook)').check();
    await form.getByRole('button', { name: 'Registrér', exact: true }).click();
    await form.getByText('er ikke et gyldigt CVR-nummer (kontrolcifferet passer ikke)', { exact: true }).waitFor();
    await expect.poll(() => form.getByLabel('CVR-nummer').evaluate((el) => el === document.activeElement)).toBe(true);
    await form.getByLabel('CVR-nummer').fill(validCvr(7));
    await form.getByRole('button', { name: 'Registrér', exact: true }).click();

    const shown = page.getByRole('alert', { name: 'Nordlys IT ApS er registreret' });
    await shown.getByText(/Den vises kun denne ene gang og kan ikke hentes igen/).waitFor();
    const secret = await shown.getByLabel('Webhook-hemmelighed (vises kun én gang)').inputValue();
    expect(secret).toMatch(/^whsec_/);
    await shown.getByRole('button', { name: 'Kopiér hemmeligheden' }).click();
    await shown.getByText('Kopieret.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    const companyId = (await api.call('GET', '/companies')).body.items[0].id as string;
    company = { id: companyId, secret };

    await shown.getByRole('button', { name: 'Jeg har gemt den – luk' }).click();
    await expect(page.getByText(secret).count()).resolves.toBe(0);
    await expect(page.locator(`input[value="${secret}"]`).count()).resolves.toBe(0);
  });

  it('invites it with its cap; the company confirms slots by webhook signed with the secret from the page', async () => {
    const invite = page.locator('form[aria-labelledby="companies-invite-heading"]');
    await invite.getByLabel('Virksomhed').selectOption({ label: `Nordlys IT ApS (CVR ${validCvr(7)})` });
    await invite.getByLabel('Højst antal pladser').fill('3');
    await invite.getByRole('button', { name: 'Invitér en virksomhed' }).click();
    await page.getByText('Virksomheden er inviteret.').waitFor();

    expect((await api.call('POST', `/pilots/${pilotId}/start`, { json: {} })).status).toBe(202);
    await api.runtime!.engine.settled();
    await advanceTo('2020-02-10');
    const { body } = await api.call('GET', `/pilots/${pilotId}/participants?limit=10`);
    for (const p of body.items) {
      await api.call('PATCH', `/pilots/${pilotId}/participants/${p.id}`, { json: { status: 'started' } });
      await api.call('PATCH', `/pilots/${pilotId}/participants/${p.id}`, { json: { status: 'completed' } });
    }
    await advanceTo('2020-02-17');
    const payload = JSON.stringify({ type: 'match.slots.confirmed', timestamp: new Date().toISOString(), data: { pilotId, slots: 3 } });
    const res = await fetch(`${api.url}/webhooks/companies/${company.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signWebhook(company.secret, payload) },
      body: payload,
    });
    expect(res.status).toBe(200);
    await page.reload();
    const row = page.locator('section[aria-labelledby="companies-heading"] tbody tr', { hasText: 'Nordlys IT ApS' });
    await expect.poll(() => row.textContent()).toMatch(/Bekræftet.*3 \/ 3/);
    await page.getByText('Mødeplanen lægges, når virksomhedernes svarfrist (10. mar. 2020) er udløbet.').waitFor();
  });

  it('shows the match schedule once the response deadline has passed: when, which company, which candidate', async () => {
    await advanceTo('2020-03-11');
    await page.reload();
    const schedule = page.locator('section[aria-labelledby="schedule-heading"]');
    await schedule.getByText('3 møder med 1 virksomhed den 20. mar. 2020.').waitFor();
    const rows = schedule.locator('tbody tr');
    await expect(rows.count()).resolves.toBe(3);
    const first = (await rows.first().innerText()).replace(/\s+/g, ' ');
    expect(first).toMatch(/^\d\d[.:]\d\d–\d\d[.:]\d\d Nordlys IT ApS \S+ Kandidat \d \(OM-\d\)$/);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe('on a 360 px phone', () => {
  it('lists pilots as cards without sideways scrolling, every button and link at least 44 px tall', async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(`${api.url}/#/`);
    await page.locator('.pilots').waitFor();
    const card = page.locator('table.pilots tbody tr').first();
    // The row is a card: its deadline, risks and companies are on screen, not in a scroll area.
    for (const cell of await card.locator('td, th').all()) {
      const box = (await cell.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(360);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await smallTargets(page)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('shows the pilot and its participants as cards, every control at least 44 px tall', async () => {
    await page.goto(`${api.url}/#/pilots/${pilotId}`);
    await page.getByRole('heading', { level: 1, name: 'Online marketing supporter' }).waitFor();
    await page.locator('table.participants tbody tr').first().waitFor();
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > 361 && !e.closest('.table-wrap:not(.cards)'))
        .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`),
    );
    expect(wide, wide.join('\n')).toEqual([]);
    expect(await smallTargets(page)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

/** Buttons, links, inputs and selects less than 44 px tall (WCAG 2.2 target size, the enhanced 44 px). */
const smallTargets = (p: Page) =>
  p.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, a[href], input:not([type="hidden"]), select, summary')]
      // Shown and on screen (the skip link waits off-screen until focused).
      .filter((e) => e.offsetParent !== null && e.getBoundingClientRect().right > 0)
      .filter((e) => {
        const r = e.getBoundingClientRect();
        return r.height < 44 || (e.tagName !== 'INPUT' && r.width < 44);
      })
      .map(
        (e) =>
          `${e.tagName} "${(e.textContent ?? '').trim().slice(0, 30)}" ${Math.round(e.getBoundingClientRect().width)}x${Math.round(e.getBoundingClientRect().height)}`,
      ),
  );
