import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createLocalAuth, loadOrCreateKey } from './local-auth.js';
import { keyFile, outboxDir, startLocalStack, type LocalStack } from './local-stack.js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dateInCopenhagen } from '../../functions/domain/calendar.js';
import {
  DEMO_DECLINE,
  DEMO_PARTNERS,
  DEMO_SLOT_ANSWERS,
  demoExamResult,
  demoFollowUpCsv,
  demoOffer,
  demoParticipantsCsv,
  demoPlan,
  demoVoucherCodes,
  signedWebhookHeaders,
} from './demo-pilot.js';

// `npm run demo`: one whole pilot with the facts of the Azure pilot with
// Microsoft (2020) — ~90 unemployed academics, a 4-week
// e-learning course ending in certification, a pause in the spring and a
// restart in the autumn, a match event — driven through the API against the
// local stack on the fast-forwarded clock. The dates keep the 2020 pilot's
// shape but start today, since the local clock only moves forward.

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const port = Number(process.env.PORT ?? 3000);
const dataDir = resolve(process.env.DATA_DIR ?? '.data');
let api = `http://localhost:${port}`;

const running = await fetch(`${api}/_local/clock`).then(
  (r) => r.ok,
  () => false,
);
let stack: LocalStack | undefined;
if (!running) {
  console.log(`No local stack on ${api}; starting one (data in ${dataDir})…`);
  stack = await startLocalStack({ dataDir, port });
  api = stack.url;
}
if (!existsSync(keyFile(dataDir))) throw new Error(`the running stack's key is not in ${dataDir}; set DATA_DIR to its data folder`);
const token = await createLocalAuth(loadOrCreateKey(keyFile(dataDir))).sign('consultant', { email: 'tovholder@jobcenter.kk.test' });

const call = async (method: string, path: string, body?: unknown, contentType = 'application/json') => {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const json = res.status === 204 ? undefined : await res.json();
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json as Record<string, any>;
};

const clockNow = async () => new Date((await call('GET', '/_local/clock')).now);
const day = (from: Date, days: number) => new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);
/** The Copenhagen date a deadline instant falls on (deadlines are the start of a day there). */
const dateOf = (instant: string) => dateInCopenhagen(new Date(instant));
let lastLine = '';
const show = async (pilotId: string, note = '') => {
  let p = await call('GET', `/pilots/${pilotId}`);
  // The workflow parks a moment after a request that moved it; wait for it to show.
  for (let i = 0; i < 50 && p.status !== 'closed' && !p.waitingFor; i++) {
    await new Promise((r) => setTimeout(r, 50));
    p = await call('GET', `/pilots/${pilotId}`);
  }
  const now = dateOf((await clockNow()).toISOString());
  const line = `${p.status.padEnd(7)} ${String(p.phase ?? '-').padEnd(12)} ${p.waitingFor ? `waits for ${p.waitingFor} until ${dateOf(p.nextDeadline)} 00:00` : ''}`;
  if (line !== lastLine || note) console.log(`  ${now}  ${line}${note ? `   ← ${note}` : ''}`);
  lastLine = line;
  return p;
};
const advanceTo = async (pilotId: string, date: string, note = '') => {
  // A date already reached (the clock is at or past its start) needs no advance.
  if (dateOf((await clockNow()).toISOString()) < date) await call('POST', '/_local/clock/advance', { to: date });
  return show(pilotId, note);
};

/** Valid CVR numbers (the weighted check digit holds) for the demo's fictional partners. */
const DEMO_CVRS = ['10000009', '10000017', '10000025', '10000033', '10000041', '10000068', '10000076', '10000084', '10000092'];

const domainOf = (name: string) =>
  name
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .replace(/[^a-z]+/g, '-')
    .replace(/^-|-$/g, '');

const started = Date.now();
const today = await clockNow();
const plan = {
  ...demoPlan(dateInCopenhagen(today), 'Azure with Microsoft (demo)'),
  // The digital-inclusion project's targets for the participants' own view, and the projects' report points (README, "Reports along the way").
  targets: { satisfied: 0.95, selfReliant: 0.7 },
  reports: [{ at: 'quarter' }, { at: 'midway' }],
  // Compared with eligible academics who did not take part: their counts are recorded at follow-up.
  comparison: { kind: 'group', source: 'Berettigede ledige akademikere i København, der ikke deltog', period: 'samme to måneder efter forløbet' },
};

console.log('\n1. The consultant defines the pilot and imports 90 participants from a spreadsheet');
const pilot = await call('POST', '/pilots', plan);
// Most have an e-mail address (the survey reaches them there); every seventh does not (they get a printed code).
const report = await call('POST', `/pilots/${pilot.id}/participants`, demoParticipantsCsv({ emails: 'most' }), 'text/csv');
console.log(`   pilot ${pilot.id}: ${JSON.stringify(report.summary)}`);
await call('POST', `/pilots/${pilot.id}/vouchers`, {
  sponsor: 'Microsoft',
  exam: 'AZ-900',
  expiresOn: day(today, 400),
  codes: demoVoucherCodes('DEMO'),
});
console.log('   90 AZ-900 voucher codes loaded from Microsoft');

// The Azure pilot's event had 9 Microsoft partner companies. Each is registered once
// (a CVR number registers once, so a second demo run finds them) and invited.
const existing = (await call('GET', '/companies?limit=100')).items as { id: string; name: string }[];
const companies: { id: string; name: string; secret?: string }[] = [];
for (const [i, partner] of DEMO_PARTNERS.entries()) {
  const name = partner.name.replace(/ ApS$/, '');
  const known = existing.find((c) => c.name === partner.name);
  if (known) {
    // Its secret was shown once, at registration: a new one for this run.
    const { secret } = await call('POST', `/companies/${known.id}/secret/rotate`);
    companies.push({ ...known, secret });
  } else {
    const created = await call('POST', '/companies', {
      name: partner.name,
      cvr: DEMO_CVRS[i],
      contact: { name: `Kontakt hos ${name}`, email: `kontakt@${domainOf(name)}.test` },
      language: partner.language,
      webhook: partner.webhook,
    });
    companies.push({ ...created.company, secret: created.secret });
  }
  await call('POST', `/pilots/${pilot.id}/companies`, { companyId: companies[i]!.id, maxSlots: 8 });
}
console.log(`   ${companies.length} partner companies invited to the match event, up to 8 slots each`);

console.log('\n2. The workflow drives it; the clock is fast-forwarded from deadline to deadline');
await call('POST', `/pilots/${pilot.id}/start`);
await show(pilot.id, 'started');
await advanceTo(pilot.id, day(today, 29), 'recruitment closed: 90 enrolled, above the minimum of 30');

const participants = (await call('GET', `/pilots/${pilot.id}/participants?limit=100`)).items as { id: string }[];
await advanceTo(pilot.id, day(today, 42));
// The attendance list in one request: a CSV in Danish, as the consultant's spreadsheet has it.
const attendance = await call(
  'POST',
  `/pilots/${pilot.id}/participants/status`,
  ['deltagerid;status;årsag', ...participants.map((p, i) => (i < 86 ? `${p.id};startet;` : `${p.id};frafaldet;fundet job`))].join('\n'),
  'text/csv',
);
await show(pilot.id, `86 started the course, 4 found a job before it began (one attendance list: ${attendance.summary.changed} changed)`);

await call('POST', `/pilots/${pilot.id}/pause`, { reason: 'spring 2020: participants put the course on hold' });
await advanceTo(pilot.id, day(today, 150), 'paused, as the Azure course was in spring 2020: no deadline fires');
await call('POST', `/pilots/${pilot.id}/resume`, {});
await show(pilot.id, 'resumed, as in the autumn of 2020: the remaining dates moved by the pause');

const resumed = await call('GET', `/pilots/${pilot.id}`);
await call('POST', `/pilots/${pilot.id}/participants/status`, {
  changes: participants.slice(0, 80).map((p) => ({ participantId: p.id, status: 'completed' })),
});
await show(pilot.id, '80 completed the course');
await advanceTo(pilot.id, dateOf(resumed.nextDeadline), 'the course ended: each of the 80 got an AZ-900 voucher code by e-mail');

// The participants' survey (README, "The participants' survey"): those who started got a link by e-mail
// when the course ended; the consultant prints codes for those without e-mail. Some answer, as a phone
// without JavaScript would: one form post per question.
// The invitations go 25 to a wake-up, each page scheduling the next: wait until the last page is out.
for (let last = -1, i = 0; i < 100; i++) {
  const { invited } = await call('GET', `/pilots/${pilot.id}/survey`);
  if (invited.mailed === last) break;
  last = invited.mailed;
  await new Promise((r) => setTimeout(r, 300));
}
const surveyLinks = [
  ...new Set(
    readdirSync(outboxDir(dataDir))
      .filter((f) => f.includes('-survey-invitation-'))
      .flatMap((f) =>
        [
          ...readFileSync(join(outboxDir(dataDir), f), 'utf8')
            .replace(/=\r?\n/g, '')
            .matchAll(/\/survey\/(s1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43})/g),
        ].map((m) => m[1]!),
      ),
  ),
];
const sheet = await fetch(`${api}/pilots/${pilot.id}/survey/codes`, {
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  body: JSON.stringify({ count: 12 }),
}).then((r) => r.text());
const printedCodes = [...sheet.matchAll(/<\/span>([0-9A-Z]{4}-[0-9A-Z]{4})<\/p>/g)].map((m) => m[1]!);
const answerSurvey = async (tokenOrCode: string, n: number) => {
  const page = await fetch(`${api}/survey/${tokenOrCode}`).then((r) => r.text());
  const nonce = /name="nonce" value="([0-9a-f-]{36})"/.exec(page)?.[1];
  if (!nonce) return false;
  const answers = {
    satisfaction: ['very-satisfied', 'very-satisfied', 'satisfied', 'very-satisfied', 'neither'][n % 5]!,
    selfReliance: ['on-my-own', 'on-my-own', 'partly', 'on-my-own', 'not-yet', 'on-my-own', 'partly'][n % 7]!,
    respected: n % 9 === 8 ? 'partly' : 'yes',
    jobSearch: ['yes', 'a-little', 'yes', 'no'][n % 4]!,
  };
  const order = ['satisfaction', 'selfReliance', 'respected', 'jobSearch'] as const;
  let status = 0;
  for (const [step] of order.entries()) {
    const form = new URLSearchParams({ nonce, lang: 'da', step: String(step), go: 'next' });
    for (const q of order.slice(0, step + 1)) form.set(q, answers[q]);
    status = (await fetch(`${api}/survey/${tokenOrCode}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form }))
      .status;
  }
  return status === 200;
};
let surveyAnswers = 0;
for (const [n, link] of surveyLinks.slice(0, 52).entries()) if (await answerSurvey(link, n)) surveyAnswers++;
for (const [n, code] of printedCodes.slice(0, 9).entries()) if (await answerSurvey(code, n + 52)) surveyAnswers++;
await show(pilot.id, `survey: ${surveyLinks.length} links by e-mail, ${printedCodes.length} printed codes; ${surveyAnswers} answered, anonymously`);

/** A company's system sends a signed webhook (Standard Webhooks, README "The webhook contract"). */
const webhook = async (company: { id: string; secret?: string }, event: Record<string, unknown>) => {
  const body = JSON.stringify({ ...event, timestamp: new Date().toISOString() });
  const id = `msg_${crypto.randomUUID()}`;
  const res = await fetch(`${api}/webhooks/companies/${company.id}`, { method: 'POST', headers: signedWebhookHeaders(company.secret!, id, body), body });
  return (await res.json()) as Record<string, any>;
};

let examined = false;
let answered = false;
let reported = false;
for (let i = 0; i < 12; i++) {
  const p = await call('GET', `/pilots/${pilot.id}`);
  if (p.status === 'closed' || p.phase === 'follow-up') break;
  if (p.phase === 'certification' && p.waitingFor === 'certification-end' && !examined) {
    examined = true;
    const withCodes = ((await call('GET', `/pilots/${pilot.id}/vouchers`)).assignments as { participantId: string }[]).map((a) => a.participantId);
    const examDay = dateOf((await clockNow()).toISOString());
    const results = withCodes.map((id, n) => `${id};${demoExamResult(n)};${examDay}`);
    const recorded = await call('POST', `/pilots/${pilot.id}/exam-results`, ['participantId;result;date', ...results].join('\n'), 'text/csv');
    await show(pilot.id, `AZ-900 results recorded for ${recorded.summary.recorded} candidates: every code has a result, so certification ends`);
    continue;
  }
  if (p.waitingFor === 'match-answers' && !answered) {
    answered = true;
    // Seven answer from their own systems; one declines; one never answers (and is reminded).
    for (const [n, slots] of DEMO_SLOT_ANSWERS.entries()) await webhook(companies[n]!, { type: 'match.slots.confirmed', data: { pilotId: pilot.id, slots } });
    await webhook(companies[DEMO_DECLINE.partner]!, { type: 'match.slots.declined', data: { pilotId: pilot.id, reason: DEMO_DECLINE.reason } });
    const totals = (await call('GET', `/pilots/${pilot.id}/companies`)).totals;
    await show(
      pilot.id,
      `companies answered by signed webhook: ${totals.confirmedSlots} of ${totals.capacity} slots confirmed, ${totals.invited - totals.answered} silent`,
    );
  }
  if (p.phase === 'internships' && !reported) {
    reported = true;
    const schedule = (await call('GET', `/pilots/${pilot.id}/schedule`)).items as { companyId: string; code: string }[];
    let offers = 0;
    for (const [n, meeting] of schedule.entries()) {
      const type = demoOffer(n);
      if (!type) continue;
      const company = companies.find((c) => c.id === meeting.companyId)!;
      const data = { pilotId: pilot.id, participantRef: meeting.code, type, startDate: day(await clockNow(), 14), weeks: 8 };
      if ((await webhook(company, { type: 'internship.offered', data })).status === 'applied') offers++;
    }
    await show(pilot.id, `${schedule.length} meetings at the event; ${offers} internship offers reported by webhook`);
  }
  await advanceTo(pilot.id, dateOf(p.nextDeadline));
}

// Follow-up: the consultant is asked on the follow-up day, and records each participant's situation.
const followUp = await call('GET', `/pilots/${pilot.id}`);
const followUpDay = new Date(Date.parse(followUp.nextDeadline) - 21 * 86_400_000).toISOString();
await advanceTo(pilot.id, dateOf(followUpDay), "the consultant is asked (e-mail) to record each participant's situation");
// The comparison group, counted from the case system at the same time: counts only, never people.
await call('PUT', `/pilots/${pilot.id}/comparison-group`, { size: 240, employed: 62 });
const recorded = await call('POST', `/pilots/${pilot.id}/follow-up`, demoFollowUpCsv(participants.map((p) => p.id)), 'text/csv');
for (let i = 0; i < 200 && (await call('GET', `/pilots/${pilot.id}`)).status !== 'closed'; i++) await new Promise((r) => setTimeout(r, 50));
await show(pilot.id, `${recorded.summary.recorded} situations recorded: every one in, so it was evaluated and closed at once`);

for (let i = 0; i < 10; i++) {
  const p = await call('GET', `/pilots/${pilot.id}`);
  if (p.status === 'closed') break;
  await advanceTo(pilot.id, dateOf(p.nextDeadline));
}

console.log('\n3. The outcome');
const outcome = await call('GET', `/pilots/${pilot.id}/outcome`);
console.log(`   written to the table as PILOT#${pilot.id} / OUTCOME, served at GET ${api}/pilots/${pilot.id}/outcome:`);
const e = outcome.evaluation;
console.log(`   recommendation: ${outcome.recommendation}; funnel ${JSON.stringify(e.funnel)}`);
console.log(
  `   employment ${e.employment.rate.count} of ${e.employment.rate.of}; ${e.employment.unknown.count} outcomes unknown; cost per participant ${e.cost.perParticipant} DKK`,
);
const pct = (f: number) => `${Math.round(f * 100)}`;
const interval = (i: { low: number; high: number }) => `${pct(i.low)}–${pct(i.high)} %`;
console.log(
  `   employment rate ${pct(e.employment.rate.rate)} % (95 % interval ${interval(e.employment.rate.interval)}), ${e.certainty.position} the target of ${pct(e.target)} %`,
);
if (e.effect) {
  console.log(
    `   against the comparison group (${e.comparison.count} of ${e.comparison.of}): ${pct(e.effect.difference)} percentage points (95 % interval ${pct(e.effect.interval.low)} to ${pct(e.effect.interval.high)}), ${e.effect.position} zero`,
  );
}
console.log(`   companies ${JSON.stringify(e.companies)}`);
const survey = outcome.survey;
if (survey?.breakdown) {
  const rate = (r: { count: number; of: number; target?: number }) =>
    `${r.count} of ${r.of}${r.target !== undefined ? ` (target ${Math.round(r.target * 100)}%)` : ''}`;
  console.log(`   survey: ${survey.answers} answers; very satisfied ${rate(survey.breakdown.satisfied)}; self-reliant ${rate(survey.breakdown.selfReliant)}`);
}
const statusReports = readdirSync(outboxDir(dataDir)).filter((f) => f.includes('-status-report-'));
console.log(
  `   status e-mails to management at the report points (quarter, midway): ${statusReports.map((f) => join(outboxDir(dataDir), f)).join(', ') || '(none)'}`,
);
const outbox = outboxDir(dataDir);
const mails = readdirSync(outbox).filter((f) => f.includes('-outcome-'));
console.log(`\n   The e-mail to management (${plan.managementEmails.join(', ')}), as sent: ${join(outbox, mails.at(-1) ?? '(none)')}`);
console.log(`   Every e-mail the local stack sends is a real .eml file in ${outbox}/ (open it in any mail program).`);
console.log(`\nThe whole pilot took ${((Date.now() - started) / 1000).toFixed(1)} s of wall time.`);

if (stack) await stack.stop();
process.exit(0);
