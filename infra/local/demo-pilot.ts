import { Webhook } from 'standardwebhooks';
import { addDays } from '../../functions/domain/calendar.js';

// The demo's pilot, with the facts of the Azure pilot with Microsoft (2020):
// its plan, its 90 participants, its voucher codes, its 9 partner companies
// and how they answer, and the participants' situations at follow-up. One
// shape for `npm run demo` (infra/local/demo.ts) and the crash torture
// (test/chaos/crash-torture.test.ts), which drives the same pilot through
// kills: what the demo shows is what the torture proves.

/** The plan, its dates counted from `today` (the local clock only moves forward). */
export const demoPlan = (today: string, name: string) => ({
  name,
  partner: 'Microsoft',
  targetGroups: ['academics'],
  eligibility: { minAge: 25, maxAge: 67 },
  capacity: 90,
  minimumCohort: 30,
  recruitment: { opens: addDays(today, 0), closes: addDays(today, 28) },
  course: { start: addDays(today, 42), weeks: 4, ending: 'exam' },
  matchEvent: { date: addDays(today, 200), responseDeadline: addDays(today, 190), capacity: 60 },
  followUpMonths: 2,
  targetEmploymentRate: 0.4,
  budgetDkk: 400_000,
  managementEmails: ['ledelse@bif.kk.test'],
});

export const DEMO_PARTICIPANTS = 90;

/**
 * The participants as the consultant's spreadsheet has them (semicolons). With an address, their
 * voucher codes and survey invitations go by e-mail; `'most'` leaves every seventh without one, so
 * the demo shows the printed survey codes too.
 */
export const demoParticipantsCsv = (opts: { emails: boolean | 'most' }): string =>
  [
    `reference;navn;${opts.emails ? 'email;' : ''}fødselsår;målgruppe`,
    ...Array.from({ length: DEMO_PARTICIPANTS }, (_, i) => {
      const email = opts.emails === 'most' && i % 7 === 6 ? '' : `deltager${i + 1}@example.test`;
      return `AZ-${i + 1};Deltager ${i + 1};${opts.emails ? `${email};` : ''}${1965 + (i % 30)};academics`;
    }),
  ].join('\n');

/** Microsoft's donated AZ-900 codes, one a participant. */
export const demoVoucherCodes = (tag: string): string[] =>
  Array.from({ length: DEMO_PARTICIPANTS }, (_, i) => `AZ900-${tag}-${String(i + 1).padStart(4, '0')}`);

/** The 9 partner companies of the Azure pilot's event; the first 7 answer by webhook, the fifth in English. */
export const DEMO_PARTNERS = [
  'Nordlys IT',
  'Skyline Cloud',
  'Havnens Data',
  'Kastrup Consulting',
  'Øresund Systems',
  'Amager Analytics',
  'Vesterbro Tech',
  'Frederiksberg Digital',
  'Valby Solutions',
].map((name, n) => ({ n, name: `${name} ApS`, webhook: n < 7, language: n === 4 ? ('en' as const) : ('da' as const) }));

/** Slots the first seven confirm by webhook; the eighth declines; the ninth never answers (and is reminded). */
export const DEMO_SLOT_ANSWERS = [6, 5, 8, 4, 6, 5, 7];
export const DEMO_DECLINE = { partner: 7, reason: 'no capacity this quarter' };

/** Every fourth meeting at the event ends in an offer: every eighth an internship, the others a wage subsidy. */
export const demoOffer = (n: number): 'internship' | 'wage-subsidy' | undefined => (n % 4 !== 0 ? undefined : n % 8 === 0 ? 'internship' : 'wage-subsidy');

/** The exam: one in eight fails. */
export const demoExamResult = (n: number): 'passed' | 'failed' => (n % 8 === 7 ? 'failed' : 'passed');

/** The situations at follow-up of those who started (86): the 80 who completed in turn, the 6 who dropped out unknown. */
export const demoFollowUpCsv = (participantIds: string[]): string => {
  const situations = ['employed-full-time', 'employed-full-time', 'employed-part-time', 'education', 'unemployed'];
  return ['participantId;outcome', ...participantIds.slice(0, 86).map((id, i) => `${id};${i < 80 ? situations[i % situations.length] : 'unknown'}`)].join('\n');
};

/**
 * A company system's signed webhook (Standard Webhooks, README "The webhook contract"): its headers for `body`.
 * The timestamp header and the signature are made from one reading of the clock: read twice, a second
 * that ticked over between the readings signed another timestamp than the header names, and the API
 * rightly answered 401 (seen once in the crash torture, under load).
 */
export const signedWebhookHeaders = (secret: string, id: string, body: string, at: Date = new Date()): Record<string, string> => ({
  'content-type': 'application/json',
  'webhook-id': id,
  'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
  'webhook-signature': new Webhook(secret).sign(id, at, body),
});
