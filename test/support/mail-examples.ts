import { evaluatePilot, ratio, type FollowUpOutcome, type MilestoneTarget, type ParticipantFacts } from '../../functions/domain/evaluation.js';
import type { DigestMailView } from '../../functions/mail/digest.js';
import type { EscalationMailView } from '../../functions/mail/escalation.js';
import type { FollowUpRequestMailView } from '../../functions/mail/follow-up-request.js';
import type { OutcomeMailView } from '../../functions/mail/outcome.js';
import type { VoucherMailView } from '../../functions/mail/voucher.js';

// Example views of each management e-mail, shaped on the programme's past
// pilots (Azure with Microsoft, the e-sport instructors). The screenshot script
// renders them for review and the mail tests start from them. Participants
// are anonymous facts: the evaluation never sees a name.

interface CohortSpec {
  /** Enrolled but never started. */
  notStarted?: number;
  /** Started, then dropped out. */
  droppedOut?: number;
  completed: number;
  certified?: number;
  matched?: number;
  internshipsOffered?: number;
  internshipsStarted?: number;
  /** Follow-up outcomes of the started participants, in order; the rest have none (unknown). */
  outcomes?: Partial<Record<FollowUpOutcome, number>>;
  enrolledAt: string;
  startedAt: string;
  completedAt: string;
}

/** Anonymous participant facts for a cohort: completers first, then dropouts, then those who never started. */
export const cohort = (spec: CohortSpec): ParticipantFacts[] => {
  const outcomes = Object.entries(spec.outcomes ?? {}).flatMap(([o, n]) => Array<FollowUpOutcome>(n ?? 0).fill(o as FollowUpOutcome));
  const started = spec.completed + (spec.droppedOut ?? 0);
  const ps: ParticipantFacts[] = [];
  for (let i = 0; i < started; i++) {
    const completed = i < spec.completed;
    const outcome = outcomes[i];
    ps.push({
      status: completed ? 'completed' : 'dropped-out',
      enrolledAt: spec.enrolledAt,
      startedAt: spec.startedAt,
      ...(completed ? { completedAt: spec.completedAt } : {}),
      ...(i < (spec.certified ?? 0) ? { certified: true } : {}),
      ...(i < (spec.matched ?? 0) ? { matched: true } : {}),
      ...(i < (spec.internshipsStarted ?? 0)
        ? { internship: 'started' as const }
        : i < (spec.internshipsOffered ?? 0)
          ? { internship: 'offered' as const }
          : {}),
      ...(outcome ? { followUp: outcome } : {}),
    });
  }
  for (let i = 0; i < (spec.notStarted ?? 0); i++) ps.push({ status: 'enrolled', enrolledAt: spec.enrolledAt });
  return ps;
};

const ESPORT_MILESTONES: MilestoneTarget[] = [
  { metric: 'enrolled', target: 15, by: '2021-08-15' },
  { metric: 'completed', target: 13, by: '2021-10-31' },
];

/** The e-sport instructors' course: 14 started, 5 of them in full-time work two months after. */
export const esportEvaluation = (overrides: { targetEmploymentRate?: number } = {}) =>
  evaluatePilot({
    targetEmploymentRate: overrides.targetEmploymentRate ?? 0.35,
    budgetDkk: 280_000,
    milestones: ESPORT_MILESTONES,
    companies: { invited: 14, answered: 9, confirmedSlots: 10, offeredInternships: 6 },
    // A published rate for the same target group with its n: the effect by Newcombe's interval.
    comparison: {
      kind: 'rate',
      source: 'Jobindsats: ledige 18–29 år i København, i ordinær beskæftigelse efter 2 måneder',
      period: '2021',
      rate: 0.2,
      n: 2400,
    },
    participants: cohort({
      notStarted: 2,
      droppedOut: 2,
      completed: 12,
      certified: 11,
      matched: 8,
      internshipsOffered: 6,
      internshipsStarted: 4,
      // 5 full-time among the completers; the dropouts are unemployed and unknown.
      outcomes: { 'employed-full-time': 5, 'wage-subsidy': 1, internship: 2, education: 2, unemployed: 3, unknown: 1 },
      enrolledAt: '2021-08-02T09:00:00Z',
      startedAt: '2021-09-01T07:00:00Z',
      completedAt: '2021-10-22T14:00:00Z',
    }),
  });

export const esportOutcome = (language: 'da' | 'en' = 'da'): OutcomeMailView => ({
  pilot: { id: 'esport-2021', name: 'E-sportsinstruktører', partner: 'DGI og Esport Danmark', courseEnding: 'diploma', budgetDkk: 280_000, closedEarly: false },
  evaluation: esportEvaluation(),
  language,
});

/** SMV Digital (2020): no company answered, closed early; most outcomes unknown, so the computed result is uncertain and the consultant overrides. */
export const smvDigitalOutcome = (language: 'da' | 'en' = 'da'): OutcomeMailView => ({
  pilot: {
    id: 'smv-digital-2020',
    name: 'SMV Digital',
    partner: 'Erhvervshus Hovedstaden',
    courseEnding: 'none',
    budgetDkk: 150_000,
    closedEarly: true,
    closeReason: language === 'da' ? 'Ingen virksomheder svarede trods gentagen kontakt.' : 'No company answered despite repeated contact.',
  },
  evaluation: evaluatePilot({
    targetEmploymentRate: 0.3,
    budgetDkk: 150_000,
    companies: { invited: 12, answered: 0, confirmedSlots: 0, offeredInternships: 0 },
    participants: cohort({
      completed: 9,
      droppedOut: 1,
      outcomes: { 'employed-part-time': 1, unemployed: 3 },
      enrolledAt: '2020-08-03T09:00:00Z',
      startedAt: '2020-08-24T07:00:00Z',
      completedAt: '2020-09-25T14:00:00Z',
    }),
  }),
  override: {
    recommendation: 'close',
    reason:
      language === 'da'
        ? 'Uden virksomheder, der vil tage kandidaterne i praktik, kan forløbet ikke nå sit formål. Vi lukker og bruger erfaringerne i næste udbud.'
        : 'Without companies willing to take the candidates as interns, the course cannot reach its purpose. We close it and use what we learned in the next tender.',
    by: 'Mette Sørensen, projektleder',
  },
  language,
});

export const recruitmentEscalation = (language: 'da' | 'en' = 'da'): EscalationMailView => ({
  pilot: { id: 'byggeriets-it-2021', name: 'Byggeriets IT, hold 2' },
  risk: 'recruitment-under-minimum',
  details: { enrolled: 12, minimum: 30, capacity: 45 },
  decideBy: '2021-03-12',
  language,
});

export const portfolioDigest = (language: 'da' | 'en' = 'da'): DigestMailView => ({
  weekOf: '2021-01-11',
  active: [
    {
      name: 'Azure with Microsoft',
      phase: 'match-event',
      status: 'running',
      nextDeadline: '2021-01-27T23:00:00.000Z',
      waitingFor: 'match-event',
      risks: [],
    },
    {
      name: 'Byggeriets IT, hold 2',
      phase: 'recruitment',
      status: 'running',
      nextDeadline: '2021-03-12T23:00:00.000Z',
      waitingFor: 'recruitment-decision',
      risks: ['recruitment-under-minimum'],
    },
    {
      name: 'Digital Koordinator Experienced',
      phase: 'course',
      status: 'paused',
      risks: [],
    },
    {
      name: 'Online marketing supporter',
      phase: 'follow-up',
      status: 'running',
      nextDeadline: '2021-02-01T23:00:00.000Z',
      waitingFor: 'follow-up-end',
      risks: ['follow-up-incomplete', 'voucher-shortage'],
    },
  ],
  byEffect: (() => {
    const e = esportEvaluation();
    return [{ name: 'E-sportsinstruktører', employment: e.employment!.rate, comparison: e.comparison!, effect: e.effect! }];
  })(),
  closedSince: [
    { name: 'E-sportsinstruktører', recommendation: 'continue', employment: ratio(5, 14) },
    { name: 'SMV Digital', recommendation: 'uncertain', employment: ratio(1, 10) },
  ],
  language,
});

export const followUpRequest = (language: 'da' | 'en' = 'da', reminder: 0 | 1 | 2 = 1): FollowUpRequestMailView => ({
  pilot: { id: 'online-marketing-2020', name: 'Online marketing supporter' },
  listUrl: 'https://pilot.example.kk.dk/pilots/online-marketing-2020/follow-up',
  participantsWithoutOutcome: 4,
  deadline: '2021-02-01',
  reminder,
  language,
});

/** Azure with Microsoft (autumn 2020): one participant's sponsored exam code; attempt 2 is the retake after a failed first exam. */
export const azureVoucher = (language: 'da' | 'en' = 'da', attempt: 1 | 2 = 1): VoucherMailView => ({
  pilot: { name: 'Azure with Microsoft' },
  sponsor: 'Microsoft',
  exam: 'AZ-900: Microsoft Azure Fundamentals',
  code: attempt === 1 ? 'AZ9-K7QW-3XPL-0O1I' : 'AZ9-RT2M-8VNC-5HJD',
  examDeadline: '2021-02-15',
  codeExpiresOn: '2021-06-30',
  attempt,
  participantName: 'Søren Østergaard',
  language,
});
