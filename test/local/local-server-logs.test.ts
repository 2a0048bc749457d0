import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLink } from '../../functions/services/signed-links.js';
import { runtimePorts } from '../../functions/composition.js';
import { createLocalAuth, loadOrCreateKey } from '../../infra/local/local-auth.js';
import { startLocalServer } from '../../infra/local/server.js';
import { freshStore } from '../support/store.js';

// The console of `npm start` shows one line per request: the route's
// template, never a link's token, an id, a query value or a body.

const lines: string[] = [];
let server: Awaited<ReturnType<typeof startLocalServer>>;
const auth = createLocalAuth(loadOrCreateKey(join(mkdtempSync(join(tmpdir(), 'pilot-auth-')), 'key')));

beforeAll(async () => {
  process.env.TABLE_NAME = (await freshStore()).tableName;
  server = await startLocalServer({ auth, port: 0, onRequest: (line) => lines.push(line) });
});
afterAll(() => server.close());

describe('the local server console', () => {
  it('logs the route template and status, never the token, the query or the body', async () => {
    const pilotId = crypto.randomUUID();
    const token = await signLink(
      { ports: runtimePorts },
      { companyId: crypto.randomUUID(), pilotId, action: 'slots', exp: Math.floor(Date.now() / 1000) + 3600 },
    );
    const bearer = `Bearer ${await auth.sign('consultant')}`;
    await fetch(`${server.url}/links/${token}?lang=en`);
    await fetch(`${server.url}/links/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'nonce=secret-nonce-value&slots=3',
    });
    await fetch(`${server.url}/pilots/${pilotId}/participants?status=enrolled&cursor=opaque-cursor-value`, { headers: { authorization: bearer } });
    await fetch(`${server.url}/pilots/${pilotId}/pause`, {
      method: 'POST',
      headers: { authorization: bearer, 'content-type': 'application/json' },
      body: '{"reason":"body-text-value"}',
    });
    await fetch(`${server.url}/nowhere/${token}`);

    expect(lines.map((l) => l.replace(/ \d+ms$/, ''))).toEqual([
      'GET /links/{token} 404',
      'POST /links/{token} 404',
      'GET /pilots/{pilotId}/participants 404',
      'POST /pilots/{pilotId}/pause 404',
      'GET (no route) 404',
    ]);
    const all = lines.join('\n');
    for (const secret of [token, token.split('.')[2]!, pilotId, 'lang=en', 'opaque-cursor-value', 'enrolled', 'secret-nonce-value', 'body-text-value']) {
      expect(all).not.toContain(secret);
    }
  });
});
