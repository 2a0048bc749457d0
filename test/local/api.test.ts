import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azure2020Body, azureParticipantsCsv } from '../support/fixtures.js';
import { startTestApi, type TestApi } from '../support/api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const createPilot = async (overrides: Record<string, unknown> = {}) => {
  const res = await api.call('POST', '/pilots', { json: { ...azure2020Body, ...overrides } });
  expect(res.status).toBe(201);
  return res.body as { id: string };
};

describe('access', () => {
  it('refuses a call without a token with 401, and a forged or expired one too', async () => {
    expect((await api.call('GET', '/pilots', { role: null })).status).toBe(401);
    expect((await api.call('GET', '/pilots', { token: 'not.a.jwt' })).status).toBe(401);
    const expired = await api.auth.sign('consultant', { expiresIn: '-1m' });
    expect((await api.call('GET', '/pilots', { token: expired })).status).toBe(401);
  });

  it('lets management read but not write (403)', async () => {
    expect((await api.call('GET', '/pilots', { role: 'management' })).status).toBe(200);
    const res = await api.call('POST', '/pilots', { role: 'management', json: azure2020Body });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/only consultants/);
  });

  it('answers an unknown route with 404', async () => {
    expect((await api.call('GET', '/nothing-here')).status).toBe(404);
  });
});

describe('pilots', () => {
  it('creates the Azure 2020 pilot as a draft and returns it with its id', async () => {
    const res = await api.call('POST', '/pilots', { json: azure2020Body });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Azure with Microsoft', status: 'draft', capacity: 90, followUpMonths: 2, placesTaken: 0 });
    expect(res.body.team).toEqual(['consultant@local.test']); // the creator is the team
    const got = await api.call('GET', `/pilots/${res.body.id}`);
    // GET adds the plan: each phase's last day, the course's 4 weeks from 16 March, the follow-up 2 months after.
    expect(got.body).toEqual({
      ...res.body,
      personalData: true, // the creator is on the team
      enrolmentOpen: true, // a draft takes enrolments
      plan: {
        recruitmentEnds: '2020-03-01',
        courseEnds: '2020-04-12',
        certificationEnds: '2020-05-10',
        answersBy: '2021-01-08',
        matchEventDay: '2021-01-20',
        internshipsEnd: '2021-03-17',
        followUpDay: '2021-03-17',
        followUpEnds: '2021-04-07',
      },
    });
    const audit = await api.call('GET', `/pilots/${res.body.id}/audit`);
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'pilot.created', actor: { sub: 'local-consultant', name: 'consultant@local.test' } })]);
  });

  it('names each bad field in a 400, and rejects unknown fields', async () => {
    const res = await api.call('POST', '/pilots', {
      json: { ...azure2020Body, capacity: 0, course: { ...azure2020Body.course, weeks: 'four' }, colour: 'blue' },
    });

    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
    const paths = res.body.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['capacity', 'course.weeks', 'colour']));
    expect(res.body.issues.find((i: { path: string }) => i.path === 'colour').message).toBe('unknown field');
  });

  it('answers malformed JSON, a wrong content type and a 1 MB body with a clear 4xx', async () => {
    const malformed = await api.call('POST', '/pilots', { body: '{"name": "Azure', contentType: 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.issues).toEqual([{ path: '(body)', message: 'is not valid JSON', code: 'invalid_json' }]);

    const wrongType = await api.call('POST', '/pilots', { body: 'name=Azure', contentType: 'application/x-www-form-urlencoded' });
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.message).toMatch(/must be application\/json/);

    const huge = await api.call('POST', '/pilots', { body: JSON.stringify({ name: 'x'.repeat(1024 * 1024) }), contentType: 'application/json' });
    expect(huge.status).toBe(413);
  });

  it('lists pilots newest first, page by page, filtered by status', async () => {
    const ids = [];
    for (const name of ['Pilot A', 'Pilot B', 'Pilot C']) ids.push((await createPilot({ name })).id);

    const page1 = await api.call('GET', '/pilots?limit=2&status=draft');
    const page2 = await api.call('GET', `/pilots?limit=2&status=draft&cursor=${page1.body.nextCursor}`);

    expect(page1.body.items.map((p: { id: string }) => p.id)).toEqual([ids[2], ids[1]]);
    expect(page2.body.items[0].id).toBe(ids[0]);
    expect((await api.call('GET', '/pilots?status=closed')).body.items).toEqual([]);
    const bad = await api.call('GET', '/pilots?limit=1000&sort=name');
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['limit', 'sort']);
  });

  it('answers an unknown or malformed pilot id with a 4xx, never a 5xx', async () => {
    expect((await api.call('GET', '/pilots/6f1c1a52-2d5b-4f7e-9b53-0d7d4c1e2a10')).status).toBe(404);
    const malformed = await api.call('GET', '/pilots/not-an-id');
    expect(malformed.status).toBe(400);
    expect(malformed.body.issues[0].path).toBe('pilotId');
  });
});

describe('participants', () => {
  it('imports the Azure 2020 cohort of 90 from a Danish Excel CSV and shows them, with counts on the pilot', async () => {
    const pilot = await createPilot();

    const res = await api.call('POST', `/pilots/${pilot.id}/participants`, { body: azureParticipantsCsv(90), contentType: 'text/csv' });

    expect(res.status).toBe(200);
    expect(res.body.summary).toEqual({ enrolled: 90, waitlisted: 0, 'basic-track': 0, 'already-enrolled': 0, rejected: 0 });
    expect(res.body.rows[0]).toMatchObject({ line: 2, reference: 'KK-2020-0001', outcome: 'enrolled' });
    const shown = await api.call('GET', `/pilots/${pilot.id}`);
    expect(shown.body.counts.enrolled).toBe(90);
    expect(shown.body.placesTaken).toBe(90);
    const list = await api.call('GET', `/pilots/${pilot.id}/participants?limit=100`);
    expect(list.body.items).toHaveLength(90);
    expect(list.body.items[89]).toMatchObject({ reference: 'KK-2020-0090', name: 'Deltager 90', status: 'enrolled' });

    // The same file again is a no-op, not 90 duplicates.
    const again = await api.call('POST', `/pilots/${pilot.id}/participants`, { body: azureParticipantsCsv(90), contentType: 'text/csv' });
    expect(again.body.summary['already-enrolled']).toBe(90);
    expect((await api.call('GET', `/pilots/${pilot.id}`)).body.counts.enrolled).toBe(90);
  });

  it('reports a broken CSV row by its line number and enrols the rest; past capacity rows are waitlisted in order', async () => {
    const pilot = await createPilot({ capacity: 2, minimumCohort: 1 });
    const csv = [
      'reference,name,birthYear,targetGroup',
      'R-1,Anna,1980,academics',
      'R-2,Bo,1980', // a field short
      'R-3,Cecilie,1980,welders', // not a target group
      'R-4,Dan,1980,academics',
      'R-5,Eva,1980,academics',
      'R-1,Anna again,1980,academics', // same reference as line 2
    ].join('\n');

    const res = await api.call('POST', `/pilots/${pilot.id}/participants`, { body: csv, contentType: 'text/csv' });

    expect(res.status).toBe(200);
    expect(res.body.rows.map((r: { line: number; outcome: string }) => [r.line, r.outcome])).toEqual([
      [2, 'enrolled'],
      [3, 'rejected'],
      [4, 'rejected'],
      [5, 'enrolled'],
      [6, 'waitlisted'],
      [7, 'rejected'],
    ]);
    expect(res.body.rows[1].issues[0].message).toBe('has 3 fields, the header has 4');
    expect(res.body.rows[2].issues[0].path).toBe('targetGroup');
    expect(res.body.rows[5].issues[0].message).toBe('same reference as line 2');
  });

  it('enrols one participant given as JSON (201), no-ops the same reference (200), and refuses an ineligible one (422)', async () => {
    const pilot = await createPilot();
    const anna = { reference: 'R-1', name: 'Anna', birthYear: 1980, targetGroup: 'academics' };

    const first = await api.call('POST', `/pilots/${pilot.id}/participants`, { json: anna });
    const second = await api.call('POST', `/pilots/${pilot.id}/participants`, { json: anna });
    const young = await api.call('POST', `/pilots/${pilot.id}/participants`, { json: { ...anna, reference: 'R-2', birthYear: 2010 } });
    const bad = await api.call('POST', `/pilots/${pilot.id}/participants`, { json: { ...anna, reference: 'R-3', email: 'nope' } });

    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ outcome: 'enrolled' });
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ outcome: 'already-enrolled', participantId: first.body.participantId, reference: 'R-1' });
    expect(young.status).toBe(422);
    expect(young.body.issues[0]).toEqual({ path: 'birthYear', message: 'must be at least 18 years old', code: 'too_young', min: 18 });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('email');
  });

  it('changes a status with PATCH, refuses an impossible change with 409, and erases with DELETE', async () => {
    const pilot = await createPilot();
    const enrolled = await api.call('POST', `/pilots/${pilot.id}/participants`, {
      json: { reference: 'R-1', name: 'Anna', birthYear: 1980, targetGroup: 'academics' },
    });
    const path = `/pilots/${pilot.id}/participants/${enrolled.body.participantId}`;

    const started = await api.call('PATCH', path, { json: { status: 'started' } });
    const noReason = await api.call('PATCH', path, { json: { status: 'dropped-out' } });
    const backwards = await api.call('PATCH', path, { json: { status: 'enrolled' } });
    const erased = await api.call('DELETE', path);
    const gone = await api.call('GET', path);

    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: 'started', startedAt: expect.any(String) });
    expect(noReason.status).toBe(400);
    expect(noReason.body.issues[0].path).toBe('reason');
    expect(backwards.status).toBe(409);
    expect(backwards.body.message).toBe('cannot change status from started to enrolled; allowed: completed, dropped-out');
    expect(erased.status).toBe(204);
    expect(gone.status).toBe(404);
    const trail = (await api.call('GET', `/pilots/${pilot.id}/audit`)).body.items.map((e: { action: string }) => e.action);
    expect(trail).toEqual(['pilot.created', 'participant.enrolled', 'participant.status-changed', 'participant.erased']);
  });
});
