import { createHash } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dateInCopenhagen, startOfDay } from '../../functions/domain/calendar.js';
import { createDocumentClient } from '../../functions/store/client.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { outboxMails } from '../support/outbox.js';
import { azure2020Body } from '../support/fixtures.js';

// The participants' survey (README, "The participants' survey"), through the
// API and the local stack on the fast-forwarded clock: invited by e-mail when
// the course ends, reminded once with the same link, answered one screen at
// a time; anonymous by construction (a scan of every item after answering);
// a link answers once, also when its last screen is sent many times at once;
// printed codes; nothing broken down under 5 answers.

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ clockStart: '2021-03-01T08:00:00.000Z' });
});
afterAll(() => api.close());

const advanceTo = (date: string) => api.runtime!.advance(new Date(startOfDay(date)));
const today = () => dateInCopenhagen(api.runtime!.clock.now());
const mails = (kind: string) => outboxMails(api.outboxDir, `-${kind}-`);
const linksIn = (eml: string[]) => [...new Set(eml.flatMap((m) => [...m.matchAll(/\/survey\/(s1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43})/g)].map((x) => x[1]!)))];
const scan = async () => (await createDocumentClient().send(new ScanCommand({ TableName: api.tableName }))).Items ?? [];

const show = async (token: string) => {
  const res = await fetch(`${api.url}/survey/${token}`);
  const html = await res.text();
  return { status: res.status, html, nonce: /name="nonce" value="([0-9a-f-]{36})"/.exec(html)?.[1] };
};
const post = async (token: string, form: Record<string, string>) => {
  const res = await fetch(`${api.url}/survey/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: res.status, html: await res.text() };
};
const ANSWER = { satisfaction: 'very-satisfied', selfReliance: 'partly', respected: 'yes', jobSearch: 'a-little' };
/** Answers every screen, one POST per question, as a browser without JavaScript does. */
const answer = async (token: string, answers: Record<string, string> = ANSWER) => {
  const { nonce } = await show(token);
  const order = ['satisfaction', 'selfReliance', 'respected', 'jobSearch'];
  let last = { status: 0, html: '' };
  for (let step = 0; step < order.length; step++) {
    const form: Record<string, string> = { nonce: nonce!, lang: 'da', step: String(step), go: 'next' };
    for (const q of order.slice(0, step + 1)) form[q] = answers[q]!;
    last = await post(token, form);
  }
  return last;
};

let pilotId: string;
let participantIds: string[];
let links: string[];
let start: string;

describe('the survey of a pilot', () => {
  it('invites each participant who started and has an e-mail address when the course ends, and only then', async () => {
    start = today();
    const res = await api.call('POST', '/pilots', {
      json: {
        ...azure2020Body,
        name: 'Spørgeskema',
        capacity: 10,
        minimumCohort: 3,
        recruitment: { opens: start, closes: addDays(start, 5) },
        course: { start: addDays(start, 7), weeks: 4, ending: 'diploma' },
        matchEvent: undefined,
        followUpMonths: 2,
        targets: { satisfied: 0.95, selfReliant: 0.7 },
      },
    });
    expect(res.status).toBe(201);
    pilotId = res.body.id;
    // 8 with an e-mail address (one reads English), 2 without.
    const participants = Array.from({ length: 10 }, (_, i) => ({
      reference: `S-${i}`,
      name: `Deltager ${i}`,
      birthYear: 1980,
      targetGroup: 'academics',
      ...(i < 8 ? { email: `deltager${i}@example.org` } : {}),
      ...(i === 7 ? { language: 'en' } : {}),
    }));
    expect((await api.call('POST', `/pilots/${pilotId}/participants`, { json: { participants } })).status).toBe(200);
    expect((await api.call('POST', `/pilots/${pilotId}/start`)).status).toBe(202);
    await advanceTo(addDays(start, 8));
    participantIds = ((await api.call('GET', `/pilots/${pilotId}/participants?limit=100`)).body.items as { id: string }[]).map((p) => p.id);
    for (const pid of participantIds)
      expect((await api.call('PATCH', `/pilots/${pilotId}/participants/${pid}`, { json: { status: 'started' } })).status).toBe(200);
    const plan = (await api.call('GET', `/pilots/${pilotId}`)).body.plan as { courseEnds: string };

    await advanceTo(plan.courseEnds);
    expect(mails('survey-invitation')).toHaveLength(0);
    await advanceTo(addDays(plan.courseEnds, 1));
    const invitations = mails('survey-invitation');
    expect(invitations).toHaveLength(8);
    expect(invitations.filter((m) => m.includes('You took part in the course'))).toHaveLength(1);
    links = linksIn(invitations);
    expect(links).toHaveLength(8);
    const results = (await api.call('GET', `/pilots/${pilotId}/survey`)).body;
    expect(results).toMatchObject({ state: 'open', answers: 0, invited: { mailed: 8, codes: 0 } });
  });

  it('shows one question per screen, keeps earlier answers in the form, and asks again for a missing choice', async () => {
    const first = await show(links[0]!);
    expect(first.status).toBe(200);
    expect(first.html).toContain('Spørgsmål 1 af 4');
    expect(first.html).toContain('Hvor tilfreds er du med den hjælp, du fik?');
    expect(first.html).not.toContain('<script');
    const missing = await post(links[0]!, { nonce: first.nonce!, lang: 'da', step: '0', go: 'next' });
    expect(missing.status).toBe(400);
    expect(missing.html).toContain('Vælg et svar.');
    const second = await post(links[0]!, { nonce: first.nonce!, lang: 'da', step: '0', go: 'next', satisfaction: 'satisfied' });
    expect(second.html).toContain('Spørgsmål 2 af 4');
    expect(second.html).toContain('name="satisfaction" value="satisfied"');
    const back = await post(links[0]!, { nonce: first.nonce!, lang: 'da', step: '1', go: 'back', satisfaction: 'satisfied' });
    expect(back.html).toContain('Spørgsmål 1 af 4');
    expect(back.html).toMatch(/value="satisfied" checked/);
    // Nothing is stored before the last screen.
    expect((await api.call('GET', `/pilots/${pilotId}/survey`)).body.answers).toBe(0);
  });

  it('stores an answer with the pilot only: after answering, no item ties it to a participant or to a time', async () => {
    const before = await scan();
    const done = await answer(links[0]!);
    expect(done.status).toBe(200);
    expect(done.html).toContain('Tak for dine svar');
    const after = await scan();

    // What changed: exactly the tally and the token (and the form nonce, gone).
    const byKey = (items: Record<string, unknown>[]) => new Map(items.map((i) => [`${i.PK}|${i.SK}`, JSON.stringify(i)]));
    const was = byKey(before);
    const changed = after.filter((i) => was.get(`${i.PK}|${i.SK}`) !== JSON.stringify(i));
    expect(changed.map((i) => i.entity).sort()).toEqual(['survey', 'survey-token']);
    const token = changed.find((i) => i.entity === 'survey-token')!;
    expect(Object.keys(token).sort()).toEqual(['PK', 'SK', 'entity', 'expiresAt', 'pilotId', 'used']);
    const tally = changed.find((i) => i.entity === 'survey')!;
    expect(Object.keys(tally).sort()).toEqual(['PK', 'SK', 'answers', 'codes', 'entity', 'invited', 'mailed', 'salt', 'tally']);

    // Every item of the table: none holding a survey token, form or the tally names a participant or carries a time.
    const surveyItems = after.filter((i) => String(i.PK).startsWith('SURVEY#') || i.SK === 'SURVEY');
    expect(surveyItems.length).toBeGreaterThan(8);
    const text = JSON.stringify(surveyItems);
    for (const id of participantIds) expect(text).not.toContain(id);
    expect(text).not.toMatch(/@example\.org|Deltager|S-\d/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    // Every token of the pilot expires at one and the same moment.
    expect(new Set(surveyItems.filter((i) => i.entity === 'survey-token').map((i) => i.expiresAt)).size).toBe(1);
    // And no item anywhere holds a link's secret or the hash its token is keyed by next to a participant.
    const secretOf = (link: string) => JSON.parse(Buffer.from(link.split('.')[1]!, 'base64url').toString()).k as string;
    const hashOf = (s: string) => createHash('sha256').update(s).digest('base64url');
    for (const item of after.filter((i) => String(i.SK).startsWith('PARTICIPANT#') || String(i.SK).startsWith('MAIL#') || String(i.SK).startsWith('AUDIT#'))) {
      const t = JSON.stringify(item);
      for (const link of links) {
        expect(t).not.toContain(secretOf(link));
        expect(t).not.toContain(hashOf(secretOf(link)));
      }
    }
  });

  it('a link answers once: again after it answered, and when its last screen is sent ten times at once', async () => {
    const again = await answer(links[0]!);
    expect(again.status).toBe(409);
    expect(again.html).toContain('Du har allerede svaret');

    const token = links[1]!;
    // Ten forms shown (ten nonces), each filled to its last screen, all sent at the same moment.
    const nonces = await Promise.all(Array.from({ length: 10 }, async () => (await show(token)).nonce!));
    const results = await Promise.all(
      nonces.map((nonce) => post(token, { nonce, lang: 'da', step: '3', go: 'next', ...ANSWER, satisfaction: 'dissatisfied' })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
    const survey = (await api.call('GET', `/pilots/${pilotId}/survey`)).body;
    expect(survey.answers).toBe(2);
  });

  it('breaks nothing down under 5 answers, and from 5 shows the rates against the targets', async () => {
    await answer(links[2]!);
    await answer(links[3]!, { ...ANSWER, selfReliance: 'on-my-own' });
    const four = (await api.call('GET', `/pilots/${pilotId}/survey`)).body;
    expect(four.answers).toBe(4);
    expect(four.breakdown).toBeUndefined();
    expect(JSON.stringify(four)).not.toContain('very-satisfied');

    await answer(links[4]!, { ...ANSWER, selfReliance: 'on-my-own' });
    const five = (await api.call('GET', `/pilots/${pilotId}/survey`)).body;
    expect(five.answers).toBe(5);
    expect(five.breakdown.satisfied).toMatchObject({ count: 4, of: 5, rate: 0.8, target: 0.95, met: false });
    expect(five.breakdown.selfReliant).toMatchObject({ count: 2, of: 5, target: 0.7, met: false });
    expect(five.breakdown.selfReliantAtLeastPartly).toMatchObject({ count: 5, of: 5 });
  });

  it('printed codes: a sheet of one-time codes, typed in at /survey, each answering once', async () => {
    const res = await fetch(`${api.url}/pilots/${pilotId}/survey/codes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await api.auth.sign('consultant')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ count: 2 }),
    });
    expect(res.status).toBe(201);
    const sheet = await res.text();
    const codes = [...sheet.matchAll(/class="code"><span class="visually-hidden">Kode: <\/span>([0-9A-Z]{4}-[0-9A-Z]{4})</g)].map((m) => m[1]!);
    expect(codes).toHaveLength(2);
    expect((await scan()).some((i) => JSON.stringify(i).includes(codes[0]!.replace('-', '')))).toBe(false);

    const entry = await fetch(`${api.url}/survey?code=${codes[0]!.toLowerCase()}`, { redirect: 'manual' });
    expect(entry.status).toBe(303);
    expect(entry.headers.get('location')).toBe(`survey/${codes[0]}?lang=da`);
    expect((await answer(codes[0]!)).status).toBe(200);
    expect((await answer(codes[0]!)).status).toBe(409);
    const wrong = await fetch(`${api.url}/survey?code=ZZZZ`);
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('aria-invalid="true"');
    expect((await api.call('GET', `/pilots/${pilotId}/survey`)).body).toMatchObject({ answers: 6, invited: { mailed: 8, codes: 2 } });
  });

  it('reminds once, a week after the invitation, with the same link; then no link can be derived again', async () => {
    const invitedOn = today();
    await advanceTo(addDays(invitedOn, 6));
    expect(mails('survey-reminder')).toHaveLength(0);
    await advanceTo(addDays(invitedOn, 8));
    const reminders = mails('survey-reminder');
    expect(reminders).toHaveLength(8);
    expect(linksIn(reminders).sort()).toEqual([...links].sort());
    const tally = (await scan()).find((i) => i.PK === `PILOT#${pilotId}` && i.SK === 'SURVEY')!;
    expect(tally.salt).toBeUndefined();
    await advanceTo(addDays(invitedOn, 20));
    expect(mails('survey-reminder')).toHaveLength(8);
  });

  it('closes at the follow-up day: a link not used by then is refused, and the outcome shows the survey', async () => {
    const plan = (await api.call('GET', `/pilots/${pilotId}`)).body.plan as { followUpDay: string; followUpEnds: string };
    await advanceTo(plan.followUpDay);
    const closed = await show(links[6]!);
    expect(closed.status).toBe(410);
    expect(closed.html).toContain('Spørgeskemaet er lukket');
    await advanceTo(addDays(plan.followUpEnds, 2));
    const outcome = (await api.call('GET', `/pilots/${pilotId}/outcome`)).body;
    expect(outcome.survey).toMatchObject({ answers: 6, breakdown: { satisfied: { count: 5, of: 6, target: 0.95 } } });
    const mail = mails('outcome').join('\n');
    expect(mail).toContain('Deltagernes egen vurdering');
  });
});

describe('a sheet of codes printed before the survey opens', () => {
  it('does not keep the e-mailed invitations from going when the course ends', async () => {
    const start = today();
    const res = await api.call('POST', '/pilots', {
      json: {
        ...azure2020Body,
        name: 'Koder først',
        capacity: 4,
        minimumCohort: 2,
        recruitment: { opens: start, closes: addDays(start, 5) },
        course: { start: addDays(start, 7), weeks: 2, ending: 'diploma' },
        matchEvent: undefined,
        followUpMonths: 2,
      },
    });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const participants = [0, 1, 2].map((i) => ({
      reference: `K-${i}`,
      name: `Deltager ${i}`,
      birthYear: 1980,
      targetGroup: 'academics',
      ...(i < 2 ? { email: `k${i}@example.org` } : {}),
    }));
    expect((await api.call('POST', `/pilots/${id}/participants`, { json: { participants } })).status).toBe(200);
    expect((await api.call('POST', `/pilots/${id}/start`)).status).toBe(202);
    // The consultant prints the sheet during recruitment, for the one without e-mail.
    const sheet = await api.call('POST', `/pilots/${id}/survey/codes`, { json: { count: 1 } });
    expect(sheet.status).toBe(201);
    await advanceTo(addDays(start, 8));
    for (const p of (await api.call('GET', `/pilots/${id}/participants`)).body.items as { id: string }[]) {
      expect((await api.call('PATCH', `/pilots/${id}/participants/${p.id}`, { json: { status: 'started' } })).status).toBe(200);
    }
    const plan = (await api.call('GET', `/pilots/${id}`)).body.plan as { courseEnds: string };
    const before = mails('survey-invitation').length;
    await advanceTo(plan.courseEnds);
    await advanceTo(addDays(plan.courseEnds, 1));
    expect(mails('survey-invitation').length - before).toBe(2);
    expect((await api.call('GET', `/pilots/${id}/survey`)).body).toMatchObject({ state: 'open', invited: { mailed: 2, codes: 1 } });
  });
});
