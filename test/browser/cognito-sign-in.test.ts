/// <reference lib="dom" />
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { WebConfig } from '../../web/build.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { launchChromium } from '../support/browser.js';

// The page's AWS sign-in (authorization code with PKCE against Cognito's
// hosted UI), against a stand-in for the two Cognito endpoints it uses: the
// stand-in checks what Cognito checks (the verifier hashes to the challenge,
// the same client and redirect URI) and answers with a token the local
// server accepts, so the page then works against the API with it.

let api: TestApi;
let browser: Browser;
let cognito: Server;
let cognitoUrl: string;
const config = { auth: 'cognito', apiUrl: '', domain: '', clientId: 'web-client-1', redirectUri: '' } satisfies WebConfig;
const seen: { authorize?: URLSearchParams; token?: URLSearchParams; logout?: URLSearchParams } = {};
const base64url = (bytes: Buffer) => bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

beforeAll(async () => {
  [api, browser] = await Promise.all([startTestApi({ web: config }), launchChromium()]);
  cognito = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/oauth2/authorize') {
      seen.authorize = url.searchParams;
      res.writeHead(302, { location: `${url.searchParams.get('redirect_uri')}?code=the-code&state=${url.searchParams.get('state')}` }).end();
    } else if (url.pathname === '/oauth2/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        seen.token = form;
        const challenge = base64url(
          createHash('sha256')
            .update(form.get('code_verifier') ?? '')
            .digest(),
        );
        const valid =
          form.get('grant_type') === 'authorization_code' &&
          form.get('code') === 'the-code' &&
          form.get('client_id') === config.clientId &&
          form.get('redirect_uri') === config.redirectUri &&
          challenge === seen.authorize?.get('code_challenge');
        const cors = { 'access-control-allow-origin': api.url, 'content-type': 'application/json' };
        if (!valid) return void res.writeHead(400, cors).end(JSON.stringify({ error: 'invalid_grant' }));
        void api.auth
          .sign('consultant', { email: 'anna@kk.dk' })
          .then((idToken) =>
            res.writeHead(200, cors).end(JSON.stringify({ id_token: idToken, access_token: 'unused', token_type: 'Bearer', expires_in: 3600 })),
          );
      });
    } else if (url.pathname === '/logout') {
      seen.logout = url.searchParams;
      res.writeHead(302, { location: url.searchParams.get('logout_uri')! }).end();
    } else res.writeHead(404).end();
  }).listen(0, '127.0.0.1');
  await once(cognito, 'listening');
  cognitoUrl = `http://127.0.0.1:${(cognito.address() as { port: number }).port}`;
  Object.assign(config, { apiUrl: api.url, domain: cognitoUrl, redirectUri: `${api.url}/` });
});
afterAll(async () => {
  await browser?.close();
  cognito?.close();
  await api?.close();
});

describe('signing in on AWS (Cognito hosted UI, authorization code with PKCE)', () => {
  it('goes to the hosted UI with a S256 challenge, comes back with a code, exchanges it with the verifier, and works with the token', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${api.url}/#/`);
    await page.getByRole('button', { name: 'Log ind', exact: true }).click();

    await page.getByRole('heading', { level: 1, name: 'Pilotprojekter' }).waitFor();
    expect(Object.fromEntries(seen.authorize!)).toMatchObject({
      response_type: 'code',
      client_id: 'web-client-1',
      redirect_uri: `${api.url}/`,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
    });
    expect(seen.authorize!.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(seen.token!.get('code_verifier')).toMatch(/^[\w-]{43}$/);
    // The code and state are gone from the address bar; the token is in the tab's sessionStorage.
    expect(page.url()).toBe(`${api.url}/#/`);
    await page.getByText('anna@kk.dk · Konsulent').waitFor();
    await page.getByText('Ingen pilotprojekter endnu.').waitFor();

    await page.getByRole('button', { name: 'Log ud' }).click();
    await page.getByRole('button', { name: 'Log ind', exact: true }).waitFor();
    expect(seen.logout!.get('client_id')).toBe('web-client-1');
    expect(seen.logout!.get('logout_uri')).toBe(`${api.url}/`);
    expect(await page.evaluate(() => sessionStorage.getItem('pilot.token'))).toBeNull();
    await context.close();
  });

  it('refuses an answer whose state does not match the request', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    delete seen.token;
    await page.goto(`${api.url}/?code=the-code&state=forged`);
    await page.getByRole('alert').getByText('Svaret fra login passer ikke til anmodningen. Log ind igen.').waitFor();
    // No code exchanged, no token kept; a fresh start is offered.
    expect(seen.token).toBeUndefined();
    expect(await page.evaluate(() => sessionStorage.getItem('pilot.token'))).toBeNull();
    await expect(page.getByRole('link', { name: 'Prøv igen' }).getAttribute('href')).resolves.toBe('/');
    await context.close();
  });
});
