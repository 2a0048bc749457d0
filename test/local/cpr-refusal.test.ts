import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/store/client.js';
import { azure2020Body } from '../support/fixtures.js';
import { startTestApi, type TestApi } from '../support/api.js';

// The logger reads its level when first imported: log everything here (set
// before the imports run), to prove that even at DEBUG nothing of a refused
// CPR number reaches the logs.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
});

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('CPR numbers', () => {
  it('refuses a CPR number with a 400 that says so, storing and logging nothing of the request', async () => {
    const pilot = (await api.call('POST', '/pilots', { json: azure2020Body })).body as { id: string };
    const logged: string[] = [];
    const writes = [process.stdout.write, process.stderr.write];
    const capture = (chunk: unknown) => {
      logged.push(String(chunk));
      return true;
    };
    const csv = ['reference;name;birthYear;targetGroup', 'R-1;Anna;1980;academics', 'R-2;Bo 010190-1234;1980;academics'].join('\n');
    let single, batch;
    try {
      process.stdout.write = process.stderr.write = capture as typeof process.stdout.write;
      single = await api.call('POST', `/pilots/${pilot.id}/participants`, {
        json: { reference: '0101901234', name: 'Anna', birthYear: 1980, targetGroup: 'academics' },
      });
      batch = await api.call('POST', `/pilots/${pilot.id}/participants`, { body: csv, contentType: 'text/csv' });
    } finally {
      [process.stdout.write, process.stderr.write] = writes as [typeof process.stdout.write, typeof process.stdout.write];
    }

    expect(single.status).toBe(400);
    expect(single.body.error).toBe('cpr_refused');
    expect(single.body.message).toMatch(/CPR numbers must not be entered/);
    expect(single.body.issues).toEqual([{ path: 'reference', message: expect.stringContaining('CPR'), code: 'cpr' }]);
    expect(batch.status).toBe(400);
    expect(batch.body.issues[0].path).toBe('line 3, name');
    const everything =
      JSON.stringify([single.body, batch.body, logged]) +
      JSON.stringify((await createDocumentClient().send(new ScanCommand({ TableName: api.tableName }))).Items);
    expect(everything).not.toContain('0101901234');
    expect(everything).not.toContain('010190-1234');
    // Not even the clean row of the batch was taken.
    expect((await api.call('GET', `/pilots/${pilot.id}`)).body.counts.enrolled).toBe(0);
    expect(logged.length).toBeGreaterThan(0); // the refusals were logged, without the number
  });
});
