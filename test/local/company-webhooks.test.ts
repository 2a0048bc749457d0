import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azure2020Body } from '../support/fixtures.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { companyBody, signWebhook } from '../support/companies.js';

// The webhook contract (README, "The webhook contract") through the real
// local HTTP server, with signatures made by the standardwebhooks library
// as a company's system makes them.

let api: TestApi;
let pilotId: string;
let otherPilotId: string;
let company: { id: string; secret: string };
let stranger: { id: string; secret: string };

const register = async (n: number) => {
  const res = await api.call('POST', '/companies', { json: companyBody(n, { webhook: true }) });
  expect(res.status).toBe(201);
  return { id: res.body.company.id as string, secret: res.body.secret as string };
};

beforeAll(async () => {
  api = await startTestApi();
  pilotId = (await api.call('POST', '/pilots', { json: azure2020Body })).body.id;
  otherPilotId = (await api.call('POST', '/pilots', { json: azure2020Body })).body.id;
  company = await register(101);
  stranger = await register(102);
  expect((await api.call('POST', `/pilots/${pilotId}/companies`, { json: { companyId: company.id, maxSlots: 8 } })).status).toBe(201);
  expect((await api.call('POST', `/pilots/${otherPilotId}/companies`, { json: { companyId: stranger.id, maxSlots: 8 } })).status).toBe(201);
});
afterAll(() => api.close());

let minute = 0;
/** A confirmation body with a later company timestamp each time (so each one replaces the last). */
const confirmation = (slots: number, pilot = pilotId) =>
  JSON.stringify({ type: 'match.slots.confirmed', timestamp: new Date(Date.UTC(2021, 0, 4, 9, minute++)).toISOString(), data: { pilotId: pilot, slots } });

const post = async (companyId: string, body: string, headers: Record<string, string>) => {
  const res = await fetch(`${api.url}/webhooks/companies/${companyId}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
};

const slotsOf = async (companyId: string) =>
  (await api.call('GET', `/pilots/${pilotId}/companies`)).body.items.find((i: { companyId: string }) => i.companyId === companyId);

describe('registering a company', () => {
  it('returns the signing secret once, in Standard Webhooks form, and never shows it again', async () => {
    const res = await api.call('POST', '/companies', { json: companyBody(103) });
    expect(res.status).toBe(201);
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(res.body.secret.slice(6), 'base64')).toHaveLength(32);
    const shown = await api.call('GET', `/companies/${res.body.company.id}`, { role: 'management' });
    expect(shown.status).toBe(200);
    expect(JSON.stringify(shown.body)).not.toContain(res.body.secret.slice(6));
    expect(JSON.stringify(shown.body)).not.toContain('secrets');
    expect(JSON.stringify((await api.call('GET', '/companies')).body)).not.toContain('sealed');
  });

  it('refuses a bad CVR number, a second registration of one, and management', async () => {
    const bad = await api.call('POST', '/companies', { json: companyBody(104, { cvr: '12345678' }) });
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([{ path: 'cvr', message: expect.stringContaining('check digit'), code: 'cvr_check_digit' }]);
    const again = await api.call('POST', '/companies', { json: companyBody(101) });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ reason: 'cvr-registered', companyId: company.id });
    expect((await api.call('POST', '/companies', { role: 'management', json: companyBody(105) })).status).toBe(403);
  });
});

describe('POST /webhooks/companies/{companyId}', () => {
  it('applies a validly signed confirmation, with no bearer token', async () => {
    const body = confirmation(3);
    const res = await post(company.id, body, signWebhook(company.secret, body));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'applied', type: 'match.slots.confirmed', slots: 3, slotsLeft: 57 });
    expect(await slotsOf(company.id)).toMatchObject({ slots: 3, answer: 'confirmed', answeredBy: 'webhook' });
  });

  it('acknowledges a replayed webhook-id without applying it again', async () => {
    const body = confirmation(5);
    const headers = signWebhook(company.secret, body);
    expect((await post(company.id, body, headers)).body.status).toBe('applied');
    const again = await post(company.id, body, headers);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'duplicate', webhookId: headers['webhook-id'] });
    // The same id re-signed (a retry a minute later) is still the same message.
    const retried = await post(company.id, body, signWebhook(company.secret, body, { id: headers['webhook-id'] }));
    expect(retried.body.status).toBe('duplicate');
    expect((await slotsOf(company.id)).slots).toBe(5);
    const audit = (await api.call('GET', `/pilots/${pilotId}/audit?limit=100`)).body.items.filter(
      (e: { action: string }) => e.action === 'company.slots-confirmed',
    );
    expect(audit.filter((e: { details: { slots: number } }) => e.details.slots === 5)).toHaveLength(1);
  });

  it('answers 401 to a wrong secret, a body changed by one byte, a stale or future timestamp, or missing headers', async () => {
    const body = confirmation(7);
    const good = signWebhook(company.secret, body);
    const cases: [string, string, Record<string, string>][] = [
      ['wrong secret', body, signWebhook(stranger.secret, body)],
      ['one byte changed', body.replace('"slots":7', '"slots":8'), good],
      ['6 minutes old', body, signWebhook(company.secret, body, { at: new Date(Date.now() - 6 * 60_000) })],
      ['6 minutes ahead', body, signWebhook(company.secret, body, { at: new Date(Date.now() + 6 * 60_000) })],
      ['no signature', body, { 'webhook-id': good['webhook-id'], 'webhook-timestamp': good['webhook-timestamp'] }],
    ];
    for (const [name, sent, headers] of cases) {
      const res = await post(company.id, sent, headers);
      expect(res.status, name).toBe(401);
      expect(res.body.error, name).toBe('unauthorized');
    }
    expect((await post(company.id, body, signWebhook(company.secret, body, { at: new Date(Date.now() - 6 * 60_000) }))).body.message).toMatch(/5 minutes/);
    expect((await slotsOf(company.id)).slots).not.toBe(7);
    // Within the tolerance is fine.
    expect((await post(company.id, body, signWebhook(company.secret, body, { at: new Date(Date.now() - 4 * 60_000) }))).status).toBe(200);
  });

  it('keeps verifying the old secret for 24 hours after a rotation, and accepts several signatures', async () => {
    const rotated = await api.call('POST', `/companies/${company.id}/secret/rotate`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(company.secret);
    const hours = (Date.parse(rotated.body.previousSecretValidUntil) - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);

    const withOld = confirmation(2);
    expect((await post(company.id, withOld, signWebhook(company.secret, withOld))).status).toBe(200);
    const withNew = confirmation(1);
    expect((await post(company.id, withNew, signWebhook(rotated.body.secret, withNew))).status).toBe(200);
    // During a rotation a sender may sign with both: "v1,<old> v1,<new>".
    const both = confirmation(4);
    const oldHeaders = signWebhook(company.secret, both);
    const newHeaders = signWebhook(rotated.body.secret, both, { id: oldHeaders['webhook-id'], at: new Date(Number(oldHeaders['webhook-timestamp']) * 1000) });
    const res = await post(company.id, both, { ...oldHeaders, 'webhook-signature': `${oldHeaders['webhook-signature']} ${newHeaders['webhook-signature']}` });
    expect(res.body.status).toBe('applied');
    company.secret = rotated.body.secret;
  });

  it('takes rotations at once one after the other: each caller gets a secret, none is told to retry', async () => {
    const other = await register(150);
    const rotations = await Promise.all(Array.from({ length: 4 }, () => api.call('POST', `/companies/${other.id}/secret/rotate`)));
    expect(rotations.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const secrets = rotations.map((r) => r.body.secret as string);
    expect(new Set(secrets).size).toBe(4);
    // Exactly two secrets verify afterwards: the last one taken, and the one before it.
    const verifying = [];
    for (const secret of secrets) {
      const body = confirmation(1);
      const res = await post(other.id, body, signWebhook(secret, body));
      if (res.status !== 401) verifying.push(secret);
    }
    expect(verifying).toHaveLength(2);
  });

  it('answers 400 naming the field for a bad body, and refuses a CPR number', async () => {
    const send = async (value: unknown) => {
      const body = JSON.stringify(value);
      return post(company.id, body, signWebhook(company.secret, body));
    };
    const cases: [unknown, string][] = [
      [{ type: 'match.slots.confirmed', timestamp: '2021-01-04T09:00:00Z', data: { pilotId, slots: -1 } }, 'data.slots'],
      [{ type: 'match.slots.confirmed', timestamp: 'yesterday', data: { pilotId, slots: 1 } }, 'timestamp'],
      [{ type: 'match.slots.confirmed', timestamp: '2021-01-04T09:00:00Z', data: { pilotId, slots: 1, extra: true } }, 'data.extra'],
      [{ type: 'match.slots.booked', timestamp: '2021-01-04T09:00:00Z', data: {} }, 'type'],
      [
        {
          type: 'internship.offered',
          timestamp: '2021-01-04T09:00:00Z',
          data: { pilotId, participantRef: 'K01', type: 'job', startDate: '2021-02-01', weeks: 8 },
        },
        'data.type',
      ],
    ];
    for (const [value, path] of cases) {
      const res = await send(value);
      expect(res.status, path).toBe(400);
      expect(
        res.body.issues.map((i: { path: string }) => i.path),
        path,
      ).toContain(path);
    }
    const notJson = 'slots=3';
    const res = await post(company.id, notJson, signWebhook(company.secret, notJson));
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([{ path: '(body)', message: 'is not valid JSON', code: 'invalid_json' }]);
    const cpr = await send({ type: 'match.slots.declined', timestamp: '2021-01-04T09:00:00Z', data: { pilotId, reason: 'Spørg 010190-1234' } });
    expect(cpr.status).toBe(400);
    expect(cpr.body.error).toBe('cpr_refused');
    expect(JSON.stringify(cpr.body)).not.toContain('010190-1234');
  });

  it('answers 404 for an unknown company and for a pilot the company is not invited to', async () => {
    const body = confirmation(1, otherPilotId);
    const res = await post(company.id, body, signWebhook(company.secret, body));
    expect(res.status).toBe(404);
    // Another company's invitation cannot be answered, even with a valid signature of its own.
    const theirs = confirmation(1, pilotId);
    expect((await post(stranger.id, theirs, signWebhook(stranger.secret, theirs))).status).toBe(404);
    expect((await post('3f1c8a52-8a3e-4d0c-9a43-2c1d2c3b4a59', theirs, signWebhook(company.secret, theirs))).status).toBe(404);
    expect((await post('not-an-id', theirs, signWebhook(company.secret, theirs))).status).toBe(400);
  });

  it('answers 409 with the slots left when a confirmation does not fit', async () => {
    const over = confirmation(9);
    const res = await post(company.id, over, signWebhook(company.secret, over));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: 'conflict', reason: 'over-company-cap', maxSlots: 8, slotsLeft: expect.any(Number) });
    expect(res.body.message).toMatch(/at most 8/);
  });

  it('answers 409 once the pilot is closed, and never 5xx for what a sender controls', async () => {
    const closedPilot = (await api.call('POST', '/pilots', { json: azure2020Body })).body.id;
    await api.call('POST', `/pilots/${closedPilot}/companies`, { json: { companyId: company.id, maxSlots: 5 } });
    // A draft pilot closed by the consultant.
    const closing = await api.call('POST', `/pilots/${closedPilot}/close`, { json: { reason: 'no budget' } });
    expect(closing.status).toBeLessThan(300);
    const body = confirmation(1, closedPilot);
    const res = await post(company.id, body, signWebhook(company.secret, body));
    expect(res.status).toBe(409);
    expect(res.body.reason).toBe('answers-closed');
    for (const junk of ['', '{', 'null', '[]', '{"type":null}', 'x'.repeat(70_000)]) {
      const r = await post(company.id, junk, signWebhook(company.secret, junk));
      expect(r.status, junk.slice(0, 10)).toBeGreaterThanOrEqual(400);
      expect(r.status, junk.slice(0, 10)).toBeLessThan(500);
    }
  });
});
