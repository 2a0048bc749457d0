/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addDays, dateInCopenhagen } from '../../functions/domain/calendar.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { azure2020Body } from '../support/fixtures.js';
import { launchChromium, seriousViolations } from '../support/browser.js';

// The participants' survey on a small phone (360 px), in a real Chromium,
// against the real local server: answered with JavaScript switched off, one
// question per screen, every target at least 44 px, and no serious or
// critical axe-core violation on any screen it can show.

let api: TestApi;
let browser: Browser;
let codes: string[];
let pilotId: string;

beforeAll(async () => {
  [api, browser] = await Promise.all([startTestApi({ clockStart: '2021-05-03T08:00:00.000Z' }), launchChromium()]);
  // A pilot whose course ended a week ago: its survey is open.
  const today = dateInCopenhagen(api.runtime!.clock.now());
  const created = await api.call('POST', '/pilots', {
    json: {
      ...azure2020Body,
      name: 'Digital hverdag',
      recruitment: { opens: addDays(today, -70), closes: addDays(today, -50) },
      course: { start: addDays(today, -49), weeks: 6, ending: 'diploma' },
      matchEvent: undefined,
      followUpMonths: 2,
    },
  });
  expect(created.status).toBe(201);
  pilotId = created.body.id;
  const sheet = await fetch(`${api.url}/pilots/${pilotId}/survey/codes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await api.auth.sign('consultant')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ count: 3 }),
  });
  expect(sheet.status).toBe(201);
  codes = [...(await sheet.text()).matchAll(/<\/span>([0-9A-Z]{4}-[0-9A-Z]{4})<\/p>/g)].map((m) => m[1]!);
  expect(codes).toHaveLength(3);
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

const phone = (javaScriptEnabled: boolean) => browser.newContext({ viewport: { width: 360, height: 640 }, javaScriptEnabled, isMobile: true, hasTouch: true });

/** Every tappable thing on the page is at least 44 × 44 CSS px, and nothing scrolls sideways. */
const checkLayout = async (page: Page) => {
  const small = [];
  for (const target of await page.locator('label.choice, button, .top a').all()) {
    const box = (await target.boundingBox())!;
    if (box.height < 44 || box.width < 44) small.push(`${await target.textContent()}: ${box.width}×${box.height}`);
  }
  expect(small).toEqual([]);
  // Measured without the page's JavaScript: the document's own width against the viewport.
  const html = await page.locator('html').boundingBox();
  expect(Math.round(html!.width)).toBeLessThanOrEqual(360);
};

describe('the survey on a 360 px phone', () => {
  it('is answered with JavaScript off: one question per screen, a missing choice said beside it, then thanks', async () => {
    const context = await phone(false);
    const page = await context.newPage();
    const r = await page.goto(`${api.url}/survey/${codes[0]}`);
    expect(r?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe('da');
    await page.getByRole('heading', { level: 1, name: 'Hvor tilfreds er du med den hjælp, du fik?' }).waitFor();
    await checkLayout(page);

    // Next without a choice: the same question, the problem beside it and at the top.
    await page.getByRole('button', { name: 'Næste' }).click();
    await page.getByText('Der er et problem').waitFor();

    expect(await page.getByRole('radio', { name: 'Meget tilfreds' }).getAttribute('aria-invalid')).toBe('true');

    const screens: [string, string][] = [
      ['Hvor tilfreds er du med den hjælp, du fik?', 'Meget tilfreds'],
      ['Kan du nu selv bruge de digitale ting, du har brug for?', 'Delvist'],
      ['Blev du mødt med respekt?', 'Ja'],
      ['Har forløbet hjulpet dig med at søge job?', 'Lidt'],
    ];
    for (const [i, [question, choice]] of screens.entries()) {
      await page.getByRole('heading', { level: 1, name: question }).waitFor();
      expect(await page.getByText(`Spørgsmål ${i + 1} af 4`).count()).toBe(1);
      // The whole row is the target: tap the label's text.
      await page.getByText(choice, { exact: true }).click();
      await checkLayout(page);
      await page.getByRole('button', { name: i === 3 ? 'Send svar' : 'Næste' }).click();
    }
    await page.getByRole('heading', { level: 1, name: 'Tak for dine svar' }).waitFor();
    // The code is spent: opening it again says so.
    await page.goto(`${api.url}/survey/${codes[0]}`);
    await page.getByRole('heading', { level: 1, name: 'Du har allerede svaret' }).waitFor();
    await context.close();
    expect((await api.call('GET', `/pilots/${pilotId}/survey`)).body).toMatchObject({ answers: 1, invited: { codes: 3 } });
  });

  it('goes back a screen and keeps the answer given there, and is answered in English too', async () => {
    const context = await phone(false);
    const page = await context.newPage();
    await page.goto(`${api.url}/survey/${codes[1]}`);
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'How happy are you with the help you got?' }).waitFor();
    await page.getByText('Happy', { exact: true }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Back' }).click();
    expect(await page.getByRole('radio', { name: 'Happy', exact: true }).isChecked()).toBe(true);
    for (const choice of ['Happy', 'Yes, on my own', 'Yes', 'No']) {
      await page.getByText(choice, { exact: true }).click();
      await page.locator('button[value=next]').click();
    }
    await page.getByRole('heading', { level: 1, name: 'Thank you for your answers' }).waitFor();
    await context.close();
  });

  it('has no serious or critical axe-core violation on any of its screens', async () => {
    const context = await phone(true);
    const page = await context.newPage();
    const found: string[] = [];
    const check = async (what: string) => found.push(...(await seriousViolations(page)).map((v) => `${what}: ${v}`));
    await page.goto(`${api.url}/survey`);
    await check('code entry');
    await page.getByLabel('Koden fra din seddel').fill('nope');
    await page.getByRole('button', { name: 'Start' }).click();
    await check('code entry, wrong code');
    await page.getByLabel('Koden fra din seddel').fill(codes[2]!.toLowerCase());
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByText('Spørgsmål 1 af 4').waitFor();
    await check('question 1');
    await page.getByRole('button', { name: 'Næste' }).click();
    await check('question 1, no choice');
    for (const [i, choice] of ['Tilfreds', 'Ja, selv', 'Delvist', 'Nej'].entries()) {
      await page.getByText(choice, { exact: true }).click();
      await page.locator('button[value=next]').click();
      if (i < 3) await check(`question ${i + 2}`);
    }
    await check('thanks');
    await page.goto(`${api.url}/survey/${codes[2]}`);
    await check('already answered');
    await page.goto(`${api.url}/survey/AAAA-AAAA`);
    await check('unknown code');
    expect(found).toEqual([]);
    await context.close();
  });
});
