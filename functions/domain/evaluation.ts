import { dateInCopenhagen } from './calendar.js';
import { ratio, type Ratio } from './ratio.js';

export { ratio, type Ratio } from './ratio.js';

// The evaluation of a pilot: did it work,
// and should it continue, be adjusted, or close? Pure functions of what the
// pilot collected; no I/O.

export const FOLLOW_UP_OUTCOMES = [
  'employed-full-time',
  'employed-part-time',
  'wage-subsidy',
  'internship',
  'education',
  'unemployed',
  'unknown',
] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

/** Ordinary employment, full- or part-time: what the employment rate counts. */
export const isOrdinaryEmployment = (o: FollowUpOutcome | undefined) => o === 'employed-full-time' || o === 'employed-part-time';

export const RECOMMENDATIONS = ['continue', 'adjust', 'close', 'uncertain'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export const MILESTONE_METRICS = ['screened', 'enrolled', 'completed'] as const;
export type MilestoneMetric = (typeof MILESTONE_METRICS)[number];

export interface MilestoneTarget {
  metric: MilestoneMetric;
  target: number;
  /** A calendar date (Europe/Copenhagen). */
  by: string;
}

/** What the evaluation needs of one participant; nothing that identifies them. */
export interface ParticipantFacts {
  status: 'waitlisted' | 'basic-track' | 'enrolled' | 'started' | 'dropped-out' | 'completed';
  enrolledAt: string;
  screenedAt?: string;
  startedAt?: string;
  completedAt?: string;
  /** Passed the exam, or got the diploma. */
  certified?: boolean;
  matched?: boolean;
  internship?: 'offered' | 'started';
  followUp?: FollowUpOutcome;
}

export interface CompanyFacts {
  invited: number;
  answered: number;
  confirmedSlots: number;
  offeredInternships: number;
}

export interface EvaluationInput {
  /**
   * Whether the pilot reached its follow-up (the phase, or the evaluation
   * after it). Only says why employment was not measured when no follow-up
   * outcome was recorded; default false.
   */
  followUpReached?: boolean;
  targetEmploymentRate: number;
  budgetDkk: number;
  milestones?: MilestoneTarget[];
  participants: ParticipantFacts[];
  companies?: CompanyFacts;
}

/**
 * Why a pilot's employment was not measured: it was closed before its
 * follow-up, or it reached follow-up but no participant's situation was
 * recorded. Either way there is no employment figure to report.
 */
export const EMPLOYMENT_NOT_MEASURED = ['closed-before-follow-up', 'no-follow-up-recorded'] as const;
export type EmploymentNotMeasured = (typeof EMPLOYMENT_NOT_MEASURED)[number];

export interface EmploymentFigures {
  /** Ordinary employment ÷ started, dropouts included. */
  rate: Ratio;
  /** Ordinary employment among those who completed. */
  amongCompleted: Ratio;
  fullTime: Ratio;
  /** Started participants with no outcome recorded, or recorded as unknown. */
  unknown: Ratio;
  byOutcome: Record<FollowUpOutcome, number>;
}

export interface Evaluation {
  funnel: {
    recruited: number;
    started: number;
    completed: number;
    certified: number;
    matched: number;
    internshipOffered: number;
    internshipStarted: number;
    /** Null when employment was not measured. */
    employed: number | null;
  };
  /** Null when no follow-up outcome was recorded: an outcome so far claims no employment figure. */
  employment: EmploymentFigures | null;
  /** Set exactly when `employment` is null: why it was not measured. */
  employmentNotMeasured?: EmploymentNotMeasured;
  companies: CompanyFacts;
  milestones: (MilestoneTarget & { actual: number; met: boolean })[];
  cost: { budgetDkk: number; perParticipant: number | null; perJob: number | null };
  recommendation: Recommendation;
  target: number;
}

/**
 * Enrolled, for a milestone, means given a place on the course: the waiting
 * list holds none, and the basic track is another course. So the milestone
 * counts what the pilot's own `placesTaken` counts.
 */
const holdsPlace = (p: ParticipantFacts) => p.status !== 'waitlisted' && p.status !== 'basic-track';


/** More than a third unknown: the numbers cannot carry a recommendation to close. */
export const UNCERTAIN_UNKNOWN_SHARE = 1 / 3;

/**
 * At or above target: continue (integrate into the regular offer); at least
 * half of it: adjust and repeat; below: close. A result with more than a
 * third of outcomes unknown is uncertain rather than a reason to close.
 */
export const recommend = (rate: number | null, target: number, unknownShare: number | null): Recommendation => {
  if (rate === null) return 'uncertain';
  if (rate >= target) return 'continue';
  if (rate >= target / 2) return 'adjust';
  return unknownShare !== null && unknownShare > UNCERTAIN_UNKNOWN_SHARE ? 'uncertain' : 'close';
};

const hasStarted = (p: ParticipantFacts) =>
  p.startedAt !== undefined || p.status === 'started' || p.status === 'completed';

export const evaluatePilot = (input: EvaluationInput): Evaluation => {
  const ps = input.participants;
  const recruited = ps.filter((p) => p.status !== 'waitlisted');
  const started = ps.filter(hasStarted);
  const completed = ps.filter((p) => p.status === 'completed');
  const outcomeOf = (p: ParticipantFacts): FollowUpOutcome => p.followUp ?? 'unknown';
  const byOutcome = Object.fromEntries(FOLLOW_UP_OUTCOMES.map((o) => [o, started.filter((p) => outcomeOf(p) === o).length])) as Record<
    FollowUpOutcome,
    number
  >;
  const employed = started.filter((p) => isOrdinaryEmployment(p.followUp)).length;
  const rate = ratio(employed, started.length);
  const unknown = ratio(byOutcome.unknown, started.length);
  // Employment is measured by follow-up; with none recorded, "0 of n" would claim an outcome that was never looked at.
  const measured = ps.some((p) => p.followUp !== undefined);

  const milestones = (input.milestones ?? []).map((m) => {
    const at = (p: ParticipantFacts) =>
      m.metric === 'screened' ? p.screenedAt : m.metric === 'enrolled' ? (holdsPlace(p) ? p.enrolledAt : undefined) : p.completedAt;
    // A milestone's date counts whole: anything on that day in Copenhagen is in time.
    const actual = ps.filter((p) => {
      const t = at(p);
      return t !== undefined && dateInCopenhagen(new Date(t)) <= m.by;
    }).length;
    return { ...m, actual, met: actual >= m.target };
  });

  return {
    funnel: {
      recruited: recruited.length,
      started: started.length,
      completed: completed.length,
      certified: ps.filter((p) => p.certified).length,
      matched: ps.filter((p) => p.matched).length,
      internshipOffered: ps.filter((p) => p.internship !== undefined).length,
      internshipStarted: ps.filter((p) => p.internship === 'started').length,
      employed: measured ? employed : null,
    },
    employment: measured
      ? {
          rate,
          amongCompleted: ratio(completed.filter((p) => isOrdinaryEmployment(p.followUp)).length, completed.length),
          fullTime: ratio(byOutcome['employed-full-time'], started.length),
          unknown,
          byOutcome,
        }
      : null,
    ...(measured ? {} : { employmentNotMeasured: input.followUpReached ? 'no-follow-up-recorded' : 'closed-before-follow-up' }),
    companies: input.companies ?? { invited: 0, answered: 0, confirmedSlots: 0, offeredInternships: 0 },
    milestones,
    cost: {
      budgetDkk: input.budgetDkk,
      perParticipant: started.length === 0 ? null : Math.round(input.budgetDkk / started.length),
      perJob: !measured || employed === 0 ? null : Math.round(input.budgetDkk / employed),
    },
    recommendation: measured ? recommend(rate.rate, input.targetEmploymentRate, unknown.rate) : 'uncertain',
    target: input.targetEmploymentRate,
  };
};

/** A rate as management reads it: whole percent, "36 %" in Danish, "36%" in English; "–" for no rate. */
export const formatPercent = (rate: number | null, language: 'da' | 'en'): string => {
  if (rate === null) return '–';
  const whole = Math.round(rate * 100);
  return language === 'da' ? `${whole} %` : `${whole}%`;
};

/** A ratio with its counts beside the rate, so a rounded rate never hides what it is of: "5 af 14 (36 %)". */
export const formatRatio = (r: Ratio, language: 'da' | 'en'): string =>
  `${r.count} ${language === 'da' ? 'af' : 'of'} ${r.of} (${formatPercent(r.rate, language)})`;

/** DKK with the language's thousands separator: "1.600.000 kr." / "DKK 1,600,000". */
export const formatDkk = (amount: number | null, language: 'da' | 'en'): string => {
  if (amount === null) return '–';
  const n = new Intl.NumberFormat(language === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: 0 }).format(amount);
  return language === 'da' ? `${n} kr.` : `DKK ${n}`;
};

// The outcome record a pilot keeps after its evaluation (services/evaluation.ts
// writes it; the outcome e-mail and GET /pilots/{id}/outcome show it).

export interface RecommendationOverride {
  recommendation: Recommendation;
  reason: string;
  by: string;
  at: string;
}

/**
 * Why a pilot closed before its evaluation: a code, never a sentence, so each
 * reader (a Danish e-mail, an English page) says it in their own language.
 */
export const CLOSE_CAUSES = ['consultant', 'too-few', 'no-company'] as const;
export type CloseCause = (typeof CLOSE_CAUSES)[number];

export interface Outcome {
  pilotId: string;
  evaluatedAt: string;
  closedEarly: boolean;
  /** Set when closedEarly. */
  closeCause?: CloseCause;
  /** The consultant's own written reason for closing, as typed. */
  reason?: string;
  phaseReached: string;
  evaluation: Evaluation;
  override?: RecommendationOverride;
  /** The recommendation that stands: the override's, else the computed one. */
  recommendation: Recommendation;
  /** When the pilot's personal data is deleted (DynamoDB TTL on AWS, the local sweep locally). */
  personalDataDeletedAfter: string;
  /** The participants' survey at the evaluation (domain/survey.ts), when the pilot had one: counts only. */
  survey?: import('./survey-results.js').SurveyResults;
}
