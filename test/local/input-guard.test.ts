import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { API_ROUTES, routeKey } from '../../functions/api/routes.js';
import type { ApiEvent, ApiResult } from '../../functions/http/types.js';
import { signLink } from '../../functions/services/signed-links.js';
import { runtimePorts } from '../../functions/composition.js';
import { createDocumentClient } from '../../functions/store/client.js';
import { azure2020Body } from '../support/fixtures.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { companyBody, signWebhook } from '../support/companies.js';

// The one input guard (functions/http/input-guard.ts) every request passes,
// tried through the real local server as a careless user and a careful
// attacker would: CPR numbers in every kind of text, and input past the
// limits. Every case is a 4xx, and nothing of it reaches the table or the logs.

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
});

let api: TestApi;
let pilotId: string;
let company: { id: string; secret: string };
const logged: string[] = [];
const writes = [process.stdout.write, process.stderr.write] as const;

beforeAll(async () => {
  api = await startTestApi();
  pilotId = (await api.call('POST', '/pilots', { json: azure2020Body })).body.id;
  const res = await api.call('POST', '/companies', { json: companyBody(301, { webhook: true }) });
  company = { id: res.body.company.id, secret: res.body.secret };
  expect((await api.call('POST', `/pilots/${pilotId}/companies`, { json: { companyId: company.id, maxSlots: 8 } })).status).toBe(201);
  // Everything the handlers and the server print from here on.
  const capture = (chunk: unknown) => (logged.push(String(chunk)), true);
  process.stdout.write = process.stderr.write = capture as typeof process.stdout.write;
});
afterAll(async () => {
  [process.stdout.write, process.stderr.write] = writes as unknown as [typeof process.stdout.write, typeof process.stdout.write];
  await api.close();
});

const scanTable = async () => JSON.stringify((await createDocumentClient().send(new ScanCommand({ TableName: api.tableName }))).Items);

const raw = async (method: string, path: string, opts: { body?: string | Uint8Array; headers?: Record<string, string>; role?: 'consultant' | null } = {}) => {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.role !== null) headers.authorization = `Bearer ${await api.auth.sign('consultant')}`;
  const res = await fetch(`${api.url}${path}`, { method, headers, ...(opts.body !== undefined ? { body: opts.body as BodyInit } : {}) });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // an HTML page
  }
  return { status: res.status, body };
};

const jsonHeaders = { 'content-type': 'application/json' };

describe('CPR numbers in every text of every request', () => {
  // Each in another shape a person types, so the table and log checks below look for each.
  const CPRS = ['190190-4321', '04.01.90-1234', '04 01 90 1234', '040190.1234', '050190\u20114321', '060190–4321', '0701904321', '080190-4321'];

  it('are refused with cpr_refused naming the field, never the value, and are found nowhere after', async () => {
    const [a, b, c, d, e, f, g, h] = CPRS;
    const token = await signLink({ ports: runtimePorts }, { companyId: company.id, pilotId, action: 'slots', exp: Math.floor(Date.now() / 1000) + 3600 });
    const webhookBody = JSON.stringify({ type: 'match.slots.declined', timestamp: new Date().toISOString(), data: { pilotId, reason: `borger ${a}` } });
    const cases: { name: string; send: () => ReturnType<typeof raw>; path: string }[] = [
      {
        name: 'close reason',
        path: 'reason',
        send: () => raw('POST', `/pilots/${pilotId}/close`, { body: JSON.stringify({ reason: `borger ${a}` }), headers: jsonHeaders }),
      },
      {
        name: 'pause reason',
        path: 'reason',
        send: () => raw('POST', `/pilots/${pilotId}/pause`, { body: JSON.stringify({ reason: b }), headers: jsonHeaders }),
      },
      {
        name: 'override reason',
        path: 'reason',
        send: () => raw('POST', `/pilots/${pilotId}/outcome/override`, { body: JSON.stringify({ recommendation: 'close', reason: c }), headers: jsonHeaders }),
      },
      {
        name: 'voucher sponsor',
        path: 'sponsor',
        send: () =>
          raw('POST', `/pilots/${pilotId}/vouchers`, {
            body: JSON.stringify({ sponsor: d, exam: 'AZ-900', expiresOn: '2030-01-01', codes: ['AAAA-BBBB'] }),
            headers: jsonHeaders,
          }),
      },
      {
        name: 'voucher exam',
        path: 'exam',
        send: () =>
          raw('POST', `/pilots/${pilotId}/vouchers`, {
            body: JSON.stringify({ sponsor: 'Microsoft', exam: e, expiresOn: '2030-01-01', codes: ['AAAA-BBBB'] }),
            headers: jsonHeaders,
          }),
      },
      {
        name: 'voucher code',
        path: 'codes.1',
        send: () =>
          raw('POST', `/pilots/${pilotId}/vouchers`, {
            body: JSON.stringify({ sponsor: 'Microsoft', exam: 'AZ-900', expiresOn: '2030-01-01', codes: ['AAAA-BBBB', f] }),
            headers: jsonHeaders,
          }),
      },
      {
        name: 'voucher text line',
        path: 'line 2',
        send: () =>
          raw('POST', `/pilots/${pilotId}/vouchers?sponsor=Microsoft&exam=AZ-900&expiresOn=2030-01-01`, {
            body: `AAAA-BBBB\n${g}`,
            headers: { 'content-type': 'text/plain' },
          }),
      },
      {
        name: 'query value',
        path: 'query.sponsor',
        send: () =>
          raw('POST', `/pilots/${pilotId}/vouchers?sponsor=${encodeURIComponent(a!)}&exam=AZ-900&expiresOn=2030-01-01`, {
            body: 'AAAA-BBBB',
            headers: { 'content-type': 'text/plain' },
          }),
      },
      {
        name: 'CSV header',
        path: 'line 1, column 2',
        send: () => raw('POST', `/pilots/${pilotId}/participants`, { body: `reference;${b}\nR-1;Anna`, headers: { 'content-type': 'text/csv' } }),
      },
      {
        name: 'CSV cell',
        path: 'line 2, name',
        send: () =>
          raw('POST', `/pilots/${pilotId}/participants`, {
            body: `reference;name;birthYear;targetGroup\nR-1;Bo ${c};1980;academics`,
            headers: { 'content-type': 'text/csv' },
          }),
      },
      {
        name: 'JSON deep inside',
        path: 'participants.0.screening.riskMarkers.0',
        send: () =>
          raw('POST', `/pilots/${pilotId}/participants`, {
            body: JSON.stringify({ participants: [{ reference: 'R-2', name: 'A', screening: { riskMarkers: [d] } }] }),
            headers: jsonHeaders,
          }),
      },
      { name: 'path parameter', path: 'participantId', send: () => raw('GET', `/pilots/${pilotId}/participants/${encodeURIComponent(e!)}`) },
      {
        name: 'webhook body',
        path: 'data.reason',
        send: () =>
          raw('POST', `/webhooks/companies/${company.id}`, {
            role: null,
            body: webhookBody,
            headers: { ...jsonHeaders, ...signWebhook(company.secret, webhookBody) },
          }),
      },
      {
        name: 'webhook-id',
        path: 'webhook-id',
        send: () =>
          raw('POST', `/webhooks/companies/${company.id}`, {
            role: null,
            body: '{}',
            headers: { ...jsonHeaders, ...signWebhook(company.secret, '{}', { id: `msg_${h}` }) },
          }),
      },
      {
        name: 'link form',
        path: 'slots',
        send: () =>
          raw('POST', `/links/${token}`, {
            role: null,
            body: `nonce=${crypto.randomUUID()}&slots=${encodeURIComponent(g!)}`,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          }),
      },
    ];
    for (const c of cases) {
      const res = await c.send();
      expect([c.name, res.status, res.body.error]).toEqual([c.name, 400, 'cpr_refused']);
      expect(res.body.issues, c.name).toEqual([{ path: c.path, message: expect.stringContaining('CPR'), code: 'cpr' }]);
    }
    const everything = (await scanTable()) + logged.join('');
    for (const cpr of CPRS) {
      expect(everything).not.toContain(cpr);
      expect(everything).not.toContain(cpr.replace(/\D/g, ''));
    }
    expect((await api.call('GET', `/pilots/${pilotId}`)).body.status).toBe('draft');
  });

  it('are refused on every route the API declares, before the handler runs', async () => {
    const handlers = new Map<string, (e: ApiEvent, c: Context) => Promise<ApiResult>>();
    for (const route of API_ROUTES) {
      if (!handlers.has(route.handler)) handlers.set(route.handler, ((await import(`../../functions/api/${route.handler}.ts`)) as { handler: never }).handler);
      const event = {
        routeKey: routeKey(route),
        rawPath: route.path,
        headers: {},
        queryStringParameters: { note: 'borger 040190-1234' },
        requestContext: {
          requestId: 'r',
          http: { method: route.method },
          authorizer: { jwt: { claims: { sub: 'c', 'cognito:groups': '[consultant]' }, scopes: [] } },
        },
        isBase64Encoded: false,
      } as unknown as ApiEvent;
      const res = await handlers.get(route.handler)!(event, { awsRequestId: 'r', getRemainingTimeInMillis: () => 10_000 } as Context);
      expect([routeKey(route), res.statusCode, JSON.parse(res.body ?? '{}').error]).toEqual([routeKey(route), 400, 'cpr_refused']);
    }
  });
});

describe('input past the limits', () => {
  const deep = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;

  it('JSON nested thousands of levels deep is a 400, on consultant routes and on a validly signed webhook', async () => {
    const body = `{"name":${deep(5000)}}`;
    for (const path of ['/pilots', `/pilots/${pilotId}/participants`]) {
      const res = await raw('POST', path, { body, headers: jsonHeaders });
      expect([path, res.status, res.body.issues]).toEqual([
        path,
        400,
        [{ path: '(body)', message: 'is nested more than 32 levels deep', code: 'too_deep', max: 32 }],
      ]);
    }
    const signed = await raw('POST', `/webhooks/companies/${company.id}`, {
      role: null,
      body,
      headers: { ...jsonHeaders, ...signWebhook(company.secret, body) },
    });
    expect(signed.status).toBe(400);
    // 32 levels are still read (and refused by the schema, not the guard).
    expect((await raw('POST', '/pilots', { body: `{"name":${deep(31)}}`, headers: jsonHeaders })).body.issues[0].message).not.toMatch(/nested/);
  });

  it("a webhook-id outside Standard Webhooks' shape is a 400 before it reaches a key", async () => {
    const body = '{}';
    for (const id of ['x'.repeat(2000), 'msg with space', 'msg_æøå']) {
      const res = await raw('POST', `/webhooks/companies/${company.id}`, {
        role: null,
        body,
        headers: { ...jsonHeaders, ...signWebhook(company.secret, body, { id }) },
      });
      expect([res.status, res.body.issues?.[0]?.path]).toEqual([400, 'webhook-id']);
    }
  });

  it('malformed percent-encoding in a path is a 400 from the local server, not a 500', async () => {
    for (const path of ['/links/%ED%A0%80', '/links/%E0%A4%A', `/pilots/${pilotId}/participants/%FF`, '/app/%ED%A0%80']) {
      const res = await raw(path.startsWith('/links') ? 'POST' : 'GET', path, { role: path.startsWith('/links') ? null : 'consultant' });
      expect([path, res.status]).toEqual([path, path.startsWith('/app') ? 404 : 400]);
    }
  });

  it('lone surrogates (as JSON escapes) and malformed UTF-8 are refused, and never stored', async () => {
    const surrogate = await raw('POST', `/pilots/${pilotId}/pause`, { body: '{"reason":"pause \\ud800 now"}', headers: jsonHeaders });
    expect([surrogate.status, surrogate.body.issues]).toEqual([
      400,
      [{ path: 'reason', message: expect.stringContaining('lone surrogate'), code: 'not_unicode' }],
    ]);
    const key = await raw('POST', `/pilots/${pilotId}/pause`, { body: '{"\\udc00":"x"}', headers: jsonHeaders });
    expect(key.status).toBe(400);
    const bytes = Buffer.concat([Buffer.from('{"reason":"pause '), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const utf8 = await raw('POST', `/pilots/${pilotId}/pause`, { body: bytes, headers: jsonHeaders });
    expect([utf8.status, utf8.body.issues]).toEqual([400, [{ path: '(body)', message: 'is not well-formed UTF-8', code: 'not_utf8' }]]);
    const csv = await raw('POST', `/pilots/${pilotId}/participants`, {
      body: Buffer.concat([Buffer.from('reference;name\nR-1;'), Buffer.from([0xff])]),
      headers: { 'content-type': 'text/csv' },
    });
    expect(csv.status).toBe(400);
    expect(await scanTable()).not.toMatch(/pause|\ufffd/);
    expect((await api.call('GET', `/pilots/${pilotId}`)).body.status).toBe('draft');
  });

  it('strings, arrays and objects past their bounds are a 400 naming the field', async () => {
    const long = await raw('POST', '/pilots', { body: JSON.stringify({ ...azure2020Body, name: 'x'.repeat(10_001) }), headers: jsonHeaders });
    expect([long.status, long.body.issues]).toEqual([
      400,
      [{ path: 'name', message: 'is longer than 10000 characters', code: 'too_big', max: 10000, format: 'string' }],
    ]);
    const many = await raw('POST', `/pilots/${pilotId}/vouchers`, {
      body: JSON.stringify({ codes: Array.from({ length: 10_001 }, () => 1) }),
      headers: jsonHeaders,
    });
    expect([many.status, many.body.issues]).toEqual([
      400,
      [{ path: 'codes', message: 'has more than 10000 items', code: 'too_big', max: 10000, format: 'array' }],
    ]);
    const wide = await raw('POST', '/pilots', {
      body: JSON.stringify(Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, 1]))),
      headers: jsonHeaders,
    });
    expect([wide.status, wide.body.issues]).toEqual([400, [{ path: '(body)', message: 'has more than 1000 fields', code: 'too_many_fields', max: 1000 }]]);
    const query = await raw('GET', `/pilots?cursor=${'a'.repeat(10_001)}`);
    expect([query.status, query.body.issues[0].path]).toEqual([400, 'query.cursor']);
    const big = await raw('POST', '/pilots', { body: `{"name":"${'x'.repeat(600 * 1024)}"}`, headers: jsonHeaders });
    expect(big.status).toBe(413);
  });
});
