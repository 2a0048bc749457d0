/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { azure2020Body } from '../support/fixtures.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { launchChromium, seriousViolations } from '../support/browser.js';

// The web page follows need-to-know (functions/domain/access.ts): management
// and a consultant outside a pilot's team see its figures and no one's name;
// the team and admins see the participants and manage the team.

const TEAM = 'anne@kk.test';
const OUTSIDER = 'bo@kk.test';

let api: TestApi;
let browser: Browser;
let pilotUrl: string;

beforeAll(async () => {
  [api, browser] = await Promise.all([startTestApi({ clockStart: '2020-01-20T08:00:00.000Z', web: true }), launchChromium()]);
  const pilot = (await api.call('POST', '/pilots', { role: 'consultant', email: TEAM, json: { ...azure2020Body, name: 'Azure med teamet' } })).body;
  const participants = Array.from({ length: 3 }, (_, i) => ({
    reference: `NTK-000${i}`,
    name: `Deltager Hemmelig ${i}`,
    birthYear: 1980,
    targetGroup: 'academics',
  }));
  expect((await api.call('POST', `/pilots/${pilot.id}/participants`, { role: 'consultant', email: TEAM, json: { participants } })).status).toBe(200);
  pilotUrl = `${api.url}/#/pilots/${pilot.id}`;
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

/** A fresh tab signed in locally with the role's button, as `email` when given. */
const signedIn = async (button: RegExp, email?: string): Promise<Page> => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${api.url}/`);
  if (email) await page.getByLabel(/^E-mail \(valgfri/).fill(email);
  await page.getByRole('button', { name: button }).click();
  await page.getByRole('heading', { level: 1, name: 'Pilotprojekter' }).waitFor();
  await page.goto(pilotUrl);
  await page.getByRole('heading', { level: 1, name: 'Azure med teamet' }).waitFor();
  await page.locator('table.audit').waitFor();
  return page;
};

const SECRETS = /Hemmelig|NTK-000|anne@kk\.test/;

describe('the pilot page shows figures, not people', () => {
  it('as management: no participants table, no names, no team, no forms', async () => {
    const page = await signedIn(/Log ind som ledelse/);
    await page.getByText('Ledelsen ser pilotprojektets tal, aldrig personer').waitFor();
    await expect(page.locator('.pilot-header').textContent()).resolves.toMatch(/Kladde/);
    await expect(page.locator('table.participants').count()).resolves.toBe(0);
    await expect(page.locator('#team-heading').count()).resolves.toBe(0);
    await expect(page.locator('form, .actions').count()).resolves.toBe(0);
    // The trail's actions, by "a member of staff", with no "whom" column.
    await page.locator('table.audit td', { hasText: 'En medarbejder' }).first().waitFor();
    await expect(page.locator('table.audit th', { hasText: 'Hvem det gælder' }).count()).resolves.toBe(0);
    expect(await page.locator('body').innerText()).not.toMatch(SECRETS);
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('as a consultant outside the team: the figures, a note on how to join, and nothing to change', async () => {
    const page = await signedIn(/Log ind som konsulent/, OUTSIDER);
    await page.getByText('Du er ikke med i pilotprojektets team').waitFor();
    await expect(page.locator('table.participants').count()).resolves.toBe(0);
    await expect(page.locator('form, .actions').count()).resolves.toBe(0);
    expect(await page.locator('body').innerText()).not.toMatch(SECRETS);
    await page.context().close();
  });
});

describe('the team on the pilot page', () => {
  it('a team member sees the participants and adds a colleague, who then sees them too; removed, they do not', async () => {
    const anne = await signedIn(/Log ind som konsulent/, TEAM);
    await anne.locator('table.participants tbody tr').first().waitFor();
    expect(await anne.locator('table.participants').innerText()).toContain('Deltager Hemmelig 0');
    const team = anne.locator('section[aria-labelledby="team-heading"]');
    await expect(team.locator('li').allInnerTexts()).resolves.toEqual([expect.stringMatching(/^anne@kk\.test \(dig\)/)]);

    // A bad address is said beside the field, in Danish.
    await team.getByLabel('Konsulentens e-mail').fill('bo');
    await team.getByLabel('Konsulentens e-mail').evaluate((el) => el.removeAttribute('type'));
    await team.getByRole('button', { name: 'Tilføj til teamet' }).click();
    await team.locator('.field-error').first().waitFor();
    await team.getByLabel('Konsulentens e-mail').fill(OUTSIDER);
    await team.getByRole('button', { name: 'Tilføj til teamet' }).click();
    await team.locator('li', { hasText: OUTSIDER }).waitFor();
    await expect(team.locator('li').count()).resolves.toBe(2);

    const bo = await signedIn(/Log ind som konsulent/, OUTSIDER);
    await bo.locator('table.participants tbody tr').first().waitFor();
    await expect(bo.getByText('Du er ikke med i pilotprojektets team').count()).resolves.toBe(0);

    await team.getByRole('button', { name: `Fjern ${OUTSIDER} fra teamet` }).click();
    await team.locator('li', { hasText: OUTSIDER }).waitFor({ state: 'detached' });
    await expect(team.locator('li').count()).resolves.toBe(1);
    await bo.reload();
    await bo.getByText('Du er ikke med i pilotprojektets team').waitFor();
    await expect(bo.locator('table.participants').count()).resolves.toBe(0);
    expect(await seriousViolations(anne)).toEqual([]);
    await anne.context().close();
    await bo.context().close();
  });

  it('an admin on no team sees the participants and manages the team', async () => {
    const admin = await signedIn(/Log ind som administrator/);
    await admin.locator('table.participants tbody tr').first().waitFor();
    await admin.locator('section[aria-labelledby="team-heading"] form').waitFor();
    await admin.context().close();
  });
});
