/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { azure2020Body, azureParticipantsCsv } from '../support/fixtures.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { launchChromium, seriousViolations } from '../support/browser.js';

// The attendance list on the page: a consultant selects several participants
// (or the whole page) and marks them started, then completed, in one request
// each (POST …/participants/status); a row the API refuses is reported with
// its reason in Danish, the others applied.

let api: TestApi;
let browser: Browser;
let page: Page;
let pilotId: string;

beforeAll(async () => {
  [api, browser] = await Promise.all([startTestApi({ clockStart: '2020-01-20T08:00:00.000Z', web: true }), launchChromium()]);
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const pilot = await api.call('POST', '/pilots', { json: { ...azure2020Body, capacity: 10, minimumCohort: 2 } });
  pilotId = pilot.body.id as string;
  const enrolled = await api.call('POST', `/pilots/${pilotId}/participants`, { body: azureParticipantsCsv(6), contentType: 'text/csv' });
  expect(enrolled.body.summary.enrolled).toBe(6);
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

const row = (reference: string) => page.locator('table.participants tbody tr', { hasText: reference });
const statusOf = async (reference: string) => (await row(reference).locator('td[data-label="Status"]').textContent())?.trim();

describe('several participants at once on the page', () => {
  it('marks three selected participants started in one request', async () => {
    await page.goto(`${api.url}/`);
    await page.getByRole('button', { name: 'Log ind som konsulent' }).click();
    await page.goto(`${api.url}/#/pilots/${pilotId}`);
    await row('KK-2020-0001').waitFor();
    const mark = page.getByRole('button', { name: 'Markér valgte som startet' });
    await expect(mark.isDisabled()).resolves.toBe(true);

    for (const ref of ['KK-2020-0001', 'KK-2020-0002', 'KK-2020-0004']) await page.getByLabel(`Vælg ${ref}`).check();
    await page.getByText('3 valgt', { exact: true }).waitFor();
    const requests: string[] = [];
    page.on('request', (r) => r.url().includes('/participants') && r.method() !== 'GET' && requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
    await mark.click();

    await page.getByText('3 ændret, 0 uændret, 0 afvist.').waitFor();
    expect(requests).toEqual([`POST /pilots/${pilotId}/participants/status`]);
    await expect.poll(() => statusOf('KK-2020-0001')).toBe('Startet');
    expect(await statusOf('KK-2020-0002')).toBe('Startet');
    expect(await statusOf('KK-2020-0003')).toBe('Optaget');
    expect(await statusOf('KK-2020-0004')).toBe('Startet');
    // The selection is cleared after the change.
    await page.getByText('0 valgt', { exact: true }).waitFor();
    const pilot = (await api.call('GET', `/pilots/${pilotId}`)).body;
    expect(pilot.counts).toMatchObject({ enrolled: 3, started: 3 });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('marks the whole page completed: the three who never started are reported in Danish, the others completed', async () => {
    await page.getByLabel('Vælg alle på siden').check();
    await page.getByText('6 valgt', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Markér valgte som gennemført' }).click();

    await page.getByText('3 ændret, 0 uændret, 3 afvist.').waitFor();
    const report = page.locator('.report');
    await report.waitFor();
    expect(await report.locator('tr.rejected').count()).toBe(3);
    await expect(report.locator('tr.rejected').first().textContent()).resolves.toContain('deltageren kan ikke skifte til den status fra sin nuværende');
    await expect(report.locator('tr.rejected').first().textContent()).resolves.toContain('KK-2020-0003');
    await expect.poll(() => statusOf('KK-2020-0001')).toBe('Gennemført');
    expect(await statusOf('KK-2020-0003')).toBe('Optaget');

    // The audit trail names every participant of the list, and says what moved where.
    const audit = (await api.call('GET', `/pilots/${pilotId}/audit?limit=100`)).body.items as { action: string; participantIds?: string[] }[];
    const lists = audit.filter((e) => e.action === 'participant.statuses-changed');
    expect(lists.map((e) => e.participantIds?.length)).toEqual([3, 3]);
    await page
      .getByText(/Deltagerstatus ændret for flere: 3 × Startet → Gennemført/)
      .first()
      .waitFor();
  });
});
