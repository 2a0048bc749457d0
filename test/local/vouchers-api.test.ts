import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azure2020Body } from '../support/fixtures.js';
import { startTestApi, type TestApi } from '../support/api.js';

// Vouchers and exam results through the HTTP API: content types, roles,
// masking, and the diploma course that records results without codes.

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ clockStart: '2020-09-01T08:00:00.000Z' });
});
afterAll(() => api.close());

const pilotWithCompleted = async (overrides: Record<string, unknown> = {}, n = 3) => {
  const pilot = (await api.call('POST', '/pilots', { json: { ...azure2020Body, ...overrides } })).body;
  const csv = ['reference,name,birthYear,targetGroup', ...Array.from({ length: n }, (_, i) => `D-${i},Deltager ${i},1980,academics`)].join('\n');
  await api.call('POST', `/pilots/${pilot.id}/participants`, { body: csv, contentType: 'text/csv' });
  const people = (await api.call('GET', `/pilots/${pilot.id}/participants`)).body.items as { id: string }[];
  for (const p of people) {
    await api.call('PATCH', `/pilots/${pilot.id}/participants/${p.id}`, { json: { status: 'started' } });
    await api.call('PATCH', `/pilots/${pilot.id}/participants/${p.id}`, { json: { status: 'completed' } });
  }
  return { id: pilot.id as string, people };
};

describe('vouchers over HTTP', () => {
  it('loads codes as text/plain with the metadata in the query, and shows management no code', async () => {
    const { id } = await pilotWithCompleted();
    const loaded = await api.call('POST', `/pilots/${id}/vouchers?sponsor=Microsoft&exam=AZ-900&expiresOn=2021-06-30`, {
      body: 'AZ900-AAAA-0001\r\nAZ900-AAAA-0002\n\nAZ900-AAAA-0001\n',
      contentType: 'text/plain',
    });
    expect(loaded.status).toBe(200);
    expect(loaded.body).toMatchObject({ loaded: 2, duplicates: [{ where: 'line 4', reason: 'same code as line 1' }] });

    const asConsultant = await api.call('GET', `/pilots/${id}/vouchers`);
    const asManagement = await api.call('GET', `/pilots/${id}/vouchers`, { role: 'management' });
    expect(asConsultant.body.pool).toMatchObject({ total: 2, free: 2 });
    expect(JSON.stringify(asManagement.body)).not.toContain('AZ900-AAAA');
  });

  it('answers a load without metadata, or with a wrong content type, with a clear 4xx', async () => {
    const { id } = await pilotWithCompleted();
    const noMeta = await api.call('POST', `/pilots/${id}/vouchers`, { body: 'AZ900-AAAA-0001', contentType: 'text/plain' });
    expect(noMeta.status).toBe(400);
    expect(noMeta.body.issues.map((i: { path: string }) => i.path)).toEqual(['query.sponsor', 'query.exam', 'query.expiresOn']);
    expect((await api.call('POST', `/pilots/${id}/vouchers`, { body: 'x', contentType: 'application/xml' })).status).toBe(415);
    expect((await api.call('POST', `/pilots/${id}/vouchers`, { role: 'management', json: {} })).status).toBe(403);
  });

  it('a diploma course records diplomas without codes, and refuses voucher codes and failed results', async () => {
    const { id, people } = await pilotWithCompleted({ name: 'Digital Koordinator (AJKS)', course: { ...azure2020Body.course, ending: 'diploma' } });
    const codes = await api.call('POST', `/pilots/${id}/vouchers`, { json: { sponsor: 'x', exam: 'y', expiresOn: '2021-06-30', codes: ['ABCD-0001'] } });
    expect(codes.status).toBe(409);

    const res = await api.call('POST', `/pilots/${id}/exam-results`, {
      body: ['reference,result,date', 'D-0,passed,2020-08-31', 'D-1,failed,2020-08-31', 'NOPE,passed,2020-08-31'].join('\n'),
      contentType: 'text/csv',
    });

    expect(res.status).toBe(200);
    expect(res.body.rows.map((r: { line: number; outcome: string }) => [r.line, r.outcome])).toEqual([
      [2, 'recorded'],
      [3, 'rejected'],
      [4, 'rejected'],
    ]);
    const certified = await api.call('GET', `/pilots/${id}/participants?certified=true`);
    expect(certified.body.items.map((p: { id: string }) => p.id)).toEqual([people[0]!.id]);
  });

  it('refuses exam results with a CPR number anywhere, recording none of the batch', async () => {
    const { id, people } = await pilotWithCompleted({ name: 'Diplom', course: { ...azure2020Body.course, ending: 'diploma' } });
    const res = await api.call('POST', `/pilots/${id}/exam-results`, {
      body: ['reference,result,date', 'D-0,passed,2020-08-31', '010190-1234,passed,2020-08-31'].join('\n'),
      contentType: 'text/csv',
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'cpr_refused', issues: [{ path: 'line 3, reference' }] });
    expect(JSON.stringify(res.body)).not.toContain('010190-1234');
    const shown = await api.call('GET', `/pilots/${id}/participants/${people[0]!.id}`);
    expect(shown.body.certified).toBeUndefined();
  });
});
