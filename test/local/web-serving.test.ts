import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import { azure2020Body } from '../support/fixtures.js';

// The local server's side of the web page: its files, its configuration and
// its local sign-in. The browser tests use them; these say what each answers.

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ web: true });
});
afterAll(() => api.close());

describe('the web page on the local server', () => {
  it('serves index.html at / with the CSP (no inline script), and its assets under /app/', async () => {
    const page = await fetch(`${api.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'self'; connect-src 'self'; .*frame-ancestors 'none'/);
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/app/main.js"></script>');

    const script = await fetch(`${api.url}/app/main.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await script.text()).length).toBeGreaterThan(10_000);
    expect((await fetch(`${api.url}/app/styles.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('tells the page to sign in locally', async () => {
    const config = await fetch(`${api.url}/config.json`);
    expect(config.headers.get('cache-control')).toBe('no-store');
    expect(await config.json()).toEqual({ auth: 'local' });
  });

  it('serves nothing outside the built page', async () => {
    for (const path of ['/app/../../package.json', '/app/%2e%2e/%2e%2e/package.json', '/app/nothing.js']) {
      const res = await fetch(`${api.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain('pilot-orchestrator');
    }
  });

  it('POST /_local/token signs a token of the asked role that the API accepts', async () => {
    const consultant = await api.call('POST', '/_local/token', { role: null, json: { role: 'consultant' } });
    expect(consultant.status).toBe(200);
    const created = await api.call('POST', '/pilots', {
      token: consultant.body.token,
      json: {
        name: 'Token test',
        partner: 'KK',
        targetGroups: ['academics'],
        capacity: 10,
        minimumCohort: 5,
        recruitment: { opens: '2020-02-01', closes: '2020-03-01' },
        course: { start: '2020-03-16', weeks: 4, ending: 'none' },
        targetEmploymentRate: 0.4,
        budgetDkk: 1,
      },
    });
    expect(created.status).toBe(201);

    const management = await api.call('POST', '/_local/token', { role: null, json: { role: 'management' } });
    expect((await api.call('POST', `/pilots/${created.body.id}/start`, { token: management.body.token })).status).toBe(403);
  });

  it('refuses a role it does not know', async () => {
    const res = await api.call('POST', '/_local/token', { role: null, json: { role: 'owner' } });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([{ path: 'role', message: 'must be one of consultant, management, admin' }]);
  });

  it('signs a token for another consultant by e-mail address, and refuses what is not one', async () => {
    const other = await api.call('POST', '/_local/token', { role: null, json: { role: 'consultant', email: 'bo@kk.test' } });
    const created = await api.call('POST', '/pilots', { token: other.body.token, json: azure2020Body });
    expect(created.body.team).toEqual(['bo@kk.test']);
    const bad = await api.call('POST', '/_local/token', { role: null, json: { role: 'consultant', email: 'bo' } });
    expect([bad.status, bad.body.issues[0].path]).toEqual([400, 'email']);
  });
});
