import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dateInCopenhagen, startOfDay } from '../../functions/domain/calendar.js';
import { PilotInputSchema } from '../../functions/domain/pilot.js';
import { enrolParticipants } from '../../functions/services/enrol-participants.js';
import { startPilot } from '../../functions/services/pilot-control.js';
import { createDocumentClient } from '../../functions/store/client.js';
import { runtimePorts } from '../../functions/composition.js';
import type { ServiceContext } from '../../functions/services/context.js';
import { changeParticipantStatus, participantsOfPilot } from '../../functions/store/participants.js';
import { createPilot, getPilot } from '../../functions/store/pilots.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { companyBody, signWebhook } from '../support/companies.js';
import { azure2020Body } from '../support/fixtures.js';
import { consultant } from '../support/store.js';

// The match event phase on the fast-forwarded clock, through the real local
// HTTP server: invitations, reminders 7 and 2 days before the deadline, the
// no-answer path closing the pilot (the SMV Digital case), the schedule with
// its calendar file, internships, and the signed-link forms.

let api: TestApi;
let store: ServiceContext;
let companyNo = 200;
beforeAll(async () => {
  api = await startTestApi({ clockStart: '2021-03-01T08:00:00.000Z' });
  store = { db: createDocumentClient(), tableName: api.tableName, clock: api.runtime!.clock, ports: runtimePorts };
});
afterAll(() => api.close());

const advanceTo = (instant: string) => api.runtime!.advance(new Date(instant));
const outbox = () =>
  readdirSync(api.outboxDir)
    .filter((f) => !f.includes('-digest-'))
    .sort()
    .map((file) => ({ file, eml: readFileSync(join(api.outboxDir, file), 'utf8') }));
const mailsTo = (email: string, kind: string) => outbox().filter((m) => m.file.includes(kind) && m.eml.includes(`To: ${email}`));
/** The first signed link in a mail, as a path on the test server. */
const linkIn = (eml: string) => {
  const flat = eml.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const m = /\/links\/(v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(flat);
  expect(m, 'a signed link in the mail').not.toBeNull();
  return `/links/${m![1]}`;
};
const page = async (path: string, form?: Record<string, string>) => {
  const res = await fetch(
    `${api.url}${path}`,
    form ? { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) } : {},
  );
  return { status: res.status, html: await res.text(), headers: res.headers };
};
const nonceOf = (html: string) => /name="nonce" value="([0-9a-f-]{36})"/.exec(html)![1]!;

/** A diploma pilot of 10 who all complete; the match event 50 days after the course, answers due 10 days before it. */
const pilotAtMatchEvent = async (companies: number) => {
  const today = dateInCopenhagen(api.runtime!.clock.now());
  const courseStart = addDays(today, 7);
  const courseLast = addDays(courseStart, 4 * 7 - 1);
  const pilot = await createPilot(
    store,
    PilotInputSchema.parse({
      ...azure2020Body,
      name: 'SMV Digital',
      capacity: 10,
      minimumCohort: 5,
      recruitment: { opens: today, closes: addDays(today, 5) },
      course: { start: courseStart, weeks: 4, ending: 'diploma' },
      matchEvent: {
        date: addDays(courseLast, 50),
        responseDeadline: addDays(courseLast, 40),
        capacity: 20,
        location: 'Jobcenter København, Gyldenløvesgade 15',
      },
      managementEmails: ['ledelse@bif.kk.test'],
      // The API's test token's consultant works on it beside its creator.
      team: ['consultant@local.test'],
    }),
    { sub: 'c-1', name: 'tovholder@jobcenter.kk.test' },
  );
  await enrolParticipants(
    store,
    pilot.id,
    {
      kind: 'json',
      body: {
        participants: Array.from({ length: 10 }, (_, i) => ({ reference: `SMV-${i}`, name: `Kandidat ${i}`, birthYear: 1985, targetGroup: 'academics' })),
      },
    },
    consultant,
  );
  const registered = [];
  for (let i = 0; i < companies; i++) {
    const res = await api.call('POST', '/companies', { json: companyBody(companyNo++, { language: i === 1 ? 'en' : 'da', webhook: i === 0 }) });
    registered.push({ id: res.body.company.id as string, secret: res.body.secret as string, email: res.body.company.contact.email as string });
    expect((await api.call('POST', `/pilots/${pilot.id}/companies`, { json: { companyId: res.body.company.id, maxSlots: 6 } })).status).toBe(201);
  }
  // The company is read with the pilot (the body's id): one not registered is 404, a malformed body 400, as before.
  const unknown = await api.call('POST', `/pilots/${pilot.id}/companies`, { json: { companyId: '00000000-0000-4000-8000-000000000000', maxSlots: 6 } });
  expect(unknown.status).toBe(404);
  expect((await api.call('POST', `/pilots/${pilot.id}/companies`, { json: { companyId: 'not-an-id', maxSlots: 6 } })).status).toBe(400);
  expect((await api.call('POST', `/pilots/${pilot.id}/companies`, { body: '{', contentType: 'application/json' })).status).toBe(400);
  await startPilot(store, pilot.id, consultant);
  await api.runtime!.engine.settled();
  await advanceTo(startOfDay(courseStart));
  const { items } = await participantsOfPilot(store, pilot.id, {}, { limit: 100 });
  for (const p of items) {
    await changeParticipantStatus(store, pilot.id, p.id, { status: 'started' }, consultant);
    await changeParticipantStatus(store, pilot.id, p.id, { status: 'completed' }, consultant);
  }
  // The day after the course: the match event phase starts and the invitations go out.
  await advanceTo(startOfDay(addDays(courseLast, 1)));
  const deadline = addDays(courseLast, 40);
  return { pilot: await getPilot(store, pilot.id), companies: registered, deadline, eventDate: addDays(courseLast, 50) };
};

const webhook = async (company: { id: string; secret: string }, value: unknown) => {
  const body = JSON.stringify(value);
  const res = await fetch(`${api.url}/webhooks/companies/${company.id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signWebhook(company.secret, body) },
    body,
  });
  return { status: res.status, body: await res.json() };
};

describe('no company answers (the SMV Digital case)', () => {
  it('invites, reminds 7 and 2 days before the deadline, escalates at it, and closes by itself after the decision time', async () => {
    const { pilot, companies, deadline } = await pilotAtMatchEvent(2);
    expect(pilot).toMatchObject({ phase: 'match-event', waitingFor: 'match-answers', nextDeadline: startOfDay(addDays(deadline, 1)) });
    expect(mailsTo(companies[0]!.email, 'company-invitation-da')).toHaveLength(1);
    expect(mailsTo(companies[1]!.email, 'company-invitation-en')).toHaveLength(1);

    // Nothing more until 7 days before the deadline's end.
    await advanceTo(new Date(Date.parse(startOfDay(addDays(deadline, -6))) - 60_000).toISOString());
    expect(outbox().filter((m) => m.file.includes('company-reminder'))).toHaveLength(0);
    await advanceTo(startOfDay(addDays(deadline, -6)));
    expect(mailsTo(companies[0]!.email, 'company-reminder')).toHaveLength(1);
    expect(mailsTo(companies[1]!.email, 'company-reminder')).toHaveLength(1);

    // The second company declines through its link: it gets no second reminder.
    const link = linkIn(mailsTo(companies[1]!.email, 'company-invitation-en')[0]!.eml);
    const form = await page(link);
    expect(form.status).toBe(200);
    const declined = await page(link, { slots: '0', nonce: nonceOf(form.html), lang: 'en' });
    expect(declined.status).toBe(200);

    await advanceTo(startOfDay(addDays(deadline, -1)));
    expect(mailsTo(companies[0]!.email, 'company-reminder')).toHaveLength(2);
    expect(mailsTo(companies[1]!.email, 'company-reminder')).toHaveLength(1);

    await advanceTo(startOfDay(addDays(deadline, 1)));
    const escalated = await getPilot(store, pilot.id);
    expect(escalated).toMatchObject({ waitingFor: 'match-decision', risks: { 'no-company-answer': expect.anything() } });
    // 14 days to decide, counting the day of the escalation (at 00:00 after the response deadline).
    expect(escalated.matchDecisionBy).toBe(addDays(deadline, 14));
    expect(escalated.nextDeadline).toBe(startOfDay(addDays(deadline, 15)));
    const escalation = outbox().filter((m) => m.file.includes('escalation-no-company-answer'));
    expect(escalation).toHaveLength(1);
    expect(escalation[0]!.eml).toMatch(/To: .*ledelse@bif\.kk\.test/);
    expect(escalation[0]!.eml).toContain('tovholder@jobcenter.kk.test');

    await advanceTo(startOfDay(addDays(escalated.matchDecisionBy!, 1)));
    const closed = await getPilot(store, pilot.id);
    expect(closed.status).toBe('closed');
    const outcome = (await api.call('GET', `/pilots/${pilot.id}/outcome`)).body;
    expect(outcome).toMatchObject({ closedEarly: true, closeCause: 'no-company' });
    expect(outcome).not.toHaveProperty('reason');
    // The Danish outcome e-mail says why in Danish, with no English sentence in it.
    const qp = (eml: string) =>
      eml.replace(/=\r?\n/g, '').replace(/((?:=[0-9A-F]{2})+)/g, (h: string) => Buffer.from(h.replace(/=/g, ''), 'hex').toString('utf8'));
    const outcomeMails = outbox().filter((m) => m.file.includes('-outcome-'));
    const danish = outcomeMails.map((m) => qp(m.eml)).find((t) => t.includes('Pilotprojektet blev lukket før tid'));
    expect(danish).toContain('Ingen virksomhed bekræftede en plads ved matcharrangementet');
    expect(danish).not.toMatch(/no company confirmed|no decision by the deadline/);
    expect(outcome.evaluation.companies).toEqual({ invited: 2, answered: 1, confirmedSlots: 0, offeredInternships: 0 });
    // Weeks after the deadline, the link has expired: a readable page says so.
    const expired = await page(link);
    expect(expired.status).toBe(410);
    expect(expired.html).toMatch(/<h1[^>]*>[^<]+/);
    expect(expired.html).not.toContain('<form');
    const audit = (await api.call('GET', `/pilots/${pilot.id}/audit?limit=100`)).body.items.map((e: { action: string }) => e.action);
    expect(audit).toContain('pilot.escalated');
    expect(audit).toContain('company.declined');
  });

  it('an extended deadline sends new invitations, and an answer then schedules the event', async () => {
    const { pilot, companies, deadline } = await pilotAtMatchEvent(1);
    await advanceTo(startOfDay(addDays(deadline, 1)));
    expect((await getPilot(store, pilot.id)).waitingFor).toBe('match-decision');
    const tooEarly = await api.call('POST', `/pilots/${pilot.id}/match-event/extend`, { json: { responseDeadline: addDays(deadline, -3) } });
    expect(tooEarly.status).toBe(409);
    const extended = await api.call('POST', `/pilots/${pilot.id}/match-event/extend`, {
      json: { responseDeadline: addDays(deadline, 20), date: addDays(deadline, 25) },
    });
    expect(extended.status).toBe(200);
    await api.runtime!.engine.settled();
    expect(await getPilot(store, pilot.id)).toMatchObject({ waitingFor: 'match-answers', nextDeadline: startOfDay(addDays(deadline, 21)) });
    expect(mailsTo(companies[0]!.email, 'company-invitation')).toHaveLength(2);

    const res = await webhook(companies[0]!, { type: 'match.slots.confirmed', timestamp: new Date().toISOString(), data: { pilotId: pilot.id, slots: 3 } });
    expect(res.body).toMatchObject({ status: 'applied', slots: 3 });
    await advanceTo(startOfDay(addDays(deadline, 21)));
    expect(await getPilot(store, pilot.id)).toMatchObject({ waitingFor: 'match-event', status: 'running' });
    expect((await api.call('GET', `/pilots/${pilot.id}/schedule`)).body.items).toHaveLength(3);
  });
});

describe('companies answer', () => {
  it('schedules the candidates into the confirmed slots, mails each company its schedule with a calendar file, and takes internship reports', async () => {
    const consultantSchedules = mailsTo('tovholder@jobcenter.kk.test', 'match-schedule').length;
    const { pilot, companies, deadline, eventDate } = await pilotAtMatchEvent(3);
    // Two by webhook, one through the e-mail link.
    expect(
      (await webhook(companies[0]!, { type: 'match.slots.confirmed', timestamp: '2021-05-01T10:00:00Z', data: { pilotId: pilot.id, slots: 4 } })).status,
    ).toBe(200);
    expect(
      (await webhook(companies[1]!, { type: 'match.slots.confirmed', timestamp: '2021-05-01T10:00:00Z', data: { pilotId: pilot.id, slots: 3 } })).status,
    ).toBe(200);
    const link = linkIn(mailsTo(companies[2]!.email, 'company-invitation-da')[0]!.eml);
    const form = await page(link);
    expect(form.html).toContain('<form method="post"');
    expect(form.headers.get('content-security-policy')).toContain("default-src 'none'");
    const over = await page(link, { slots: '7', nonce: nonceOf(form.html) });
    expect(over.status).toBe(409);
    expect(over.html).toContain('aria-invalid="true"');
    // Far over any cap, and not a number at all: the form again, never a 5xx.
    expect((await page(link, { slots: '5000', nonce: nonceOf(form.html) })).status).toBe(409);
    expect((await page(link, { slots: 'mange', nonce: nonceOf(form.html) })).status).toBe(400);
    expect((await page(link, { slots: '3', nonce: 'not-a-nonce' })).status).toBe(400);
    const nonce = nonceOf(form.html);
    const confirmed = await page(link, { slots: '2', nonce });
    expect(confirmed.status).toBe(200);
    // The same form sent again is refused as a replay, and changes nothing.
    const replayed = await page(link, { slots: '5', nonce });
    expect(replayed.status).toBe(409);
    const tampered = await page(`${link.slice(0, -3)}AAA`);
    expect(tampered.status).toBe(400);
    expect(tampered.html).toContain('<h1');

    // A candidate asks to meet the third company; a company not invited is refused.
    const wisher = (await api.call('GET', `/pilots/${pilot.id}/participants?limit=100`)).body.items[9].id as string;
    const preferencesPath = `/pilots/${pilot.id}/participants/${wisher}/match-preferences`;
    expect((await api.call('PUT', preferencesPath, { json: { companyIds: [companies[2]!.id] } })).status).toBe(200);
    const stranger = await api.call('PUT', preferencesPath, { json: { companyIds: [companies[2]!.id, '3f1c8a52-8a3e-4d0c-9a43-2c1d2c3b4a59'] } });
    expect(stranger.status).toBe(400);
    expect(stranger.body.issues).toEqual([{ path: 'companyIds.1', message: 'is not a company invited to this pilot', code: 'not_invited' }]);

    const answers = (await api.call('GET', `/pilots/${pilot.id}/companies`)).body;
    expect(answers.totals).toEqual({ capacity: 20, invited: 3, answered: 3, confirmedSlots: 9, slotsLeft: 11 });

    await advanceTo(startOfDay(addDays(deadline, 1)));
    expect(await getPilot(store, pilot.id)).toMatchObject({ phase: 'match-event', waitingFor: 'match-event', nextDeadline: startOfDay(addDays(eventDate, 1)) });
    const schedule = (await api.call('GET', `/pilots/${pilot.id}/schedule`)).body.items as {
      companyId: string;
      participantId: string;
      code: string;
      start: string;
    }[];
    expect(schedule).toHaveLength(9);
    // Fair: 9 meetings over 10 candidates, nobody twice; nobody in two places at once.
    expect(new Set(schedule.map((m) => m.participantId)).size).toBe(9);
    expect(schedule.filter((m) => m.companyId === companies[0]!.id)).toHaveLength(4);
    const mine = mailsTo(companies[0]!.email, 'company-schedule');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.eml).toMatch(/Content-Type: text\/calendar/i);
    expect(mailsTo('tovholder@jobcenter.kk.test', 'match-schedule')).toHaveLength(consultantSchedules + 1);
    // The consultants' schedule goes to the pilot's whole team: its creator and the colleague on it.
    expect(mailsTo('tovholder@jobcenter.kk.test', 'match-schedule').at(-1)!.eml).toMatch(/^To: .*consultant@local\.test/m);
    expect(schedule.find((m) => m.participantId === wisher)?.companyId).toBe(companies[2]!.id);
    expect((await api.call('PUT', preferencesPath, { json: { companyIds: [] } })).status).toBe(409);
    // Answers are closed once scheduled.
    const late = await webhook(companies[1]!, { type: 'match.slots.confirmed', timestamp: '2021-05-02T10:00:00Z', data: { pilotId: pilot.id, slots: 1 } });
    expect(late.status).toBe(409);
    expect((await page(link)).status).toBe(409);

    // Internships: only for candidates on the company's own schedule.
    const theirs = schedule.find((m) => m.companyId === companies[0]!.id)!;
    const notTheirs = schedule.find((m) => m.companyId === companies[1]!.id)!;
    const offer = { pilotId: pilot.id, participantRef: theirs.code, type: 'internship', startDate: addDays(eventDate, 14), weeks: 8 };
    expect((await webhook(companies[0]!, { type: 'internship.offered', timestamp: '2021-06-01T10:00:00Z', data: offer })).body).toMatchObject({
      status: 'applied',
      internshipStatus: 'offered',
      participantRef: theirs.code,
    });
    expect(
      (await webhook(companies[0]!, { type: 'internship.offered', timestamp: '2021-06-01T10:00:00Z', data: { ...offer, participantRef: notTheirs.code } }))
        .status,
    ).toBe(404);
    expect((await webhook(companies[0]!, { type: 'internship.started', timestamp: '2021-06-15T08:00:00Z', data: offer })).status).toBe(200);

    // The third company reports through the link in its schedule mail.
    const internshipLink = linkIn(mailsTo(companies[2]!.email, 'company-schedule')[0]!.eml);
    const internshipForm = await page(internshipLink);
    expect(internshipForm.status).toBe(200);
    const code = schedule.find((m) => m.companyId === companies[2]!.id)!.code;
    expect(internshipForm.html).toContain(code);
    const reported = await page(internshipLink, {
      candidate: code,
      status: 'offered',
      type: 'wage-subsidy',
      startDate: addDays(eventDate, 20),
      weeks: '12',
      nonce: nonceOf(internshipForm.html),
    });
    expect(reported.status).toBe(200);
    const badWeeks = await page(internshipLink, {
      candidate: code,
      status: 'offered',
      type: 'wage-subsidy',
      startDate: addDays(eventDate, 20),
      weeks: '99',
      nonce: nonceOf(internshipForm.html),
    });
    expect(badWeeks.status).toBe(400);
    expect(badWeeks.html).toContain('aria-invalid="true"');

    const internships = (await api.call('GET', `/pilots/${pilot.id}/internships`, { role: 'management' })).body;
    expect(internships.totals).toEqual({ offered: 2, started: 1 });
    expect(internships.items.map((i: { status: string; type: string }) => [i.status, i.type]).sort()).toEqual([
      ['offered', 'wage-subsidy'],
      ['started', 'internship'],
    ]);

    // After the event day the internships phase runs.
    await advanceTo(startOfDay(addDays(eventDate, 1)));
    expect((await getPilot(store, pilot.id)).phase).toBe('internships');

    // Erasing a participant takes their internship report with them.
    expect((await api.call('DELETE', `/pilots/${pilot.id}/participants/${theirs.participantId}`)).status).toBe(204);
    const left = (await api.call('GET', `/pilots/${pilot.id}/internships`)).body.items;
    expect(left.map((i: { participantId: string }) => i.participantId)).not.toContain(theirs.participantId);
    expect(left).toHaveLength(1);

    // The outcome counts what the companies did.
    expect((await api.call('POST', `/pilots/${pilot.id}/close`, { json: { reason: 'end of the demo' } })).status).toBe(202);
    await api.runtime!.engine.settled();
    const outcome = (await api.call('GET', `/pilots/${pilot.id}/outcome`)).body;
    expect(outcome.evaluation.companies).toEqual({ invited: 3, answered: 3, confirmedSlots: 9, offeredInternships: 1 });
  });
});
