import { dateInCopenhagen } from './calendar.js';
import type { Comparison, ComparisonGroupCounts, ComparisonKind } from './comparison.js';
import { cohortToTell, differenceFromRate, newcombe, positionOf, wilson, type Interval, type Position } from './intervals.js';
import { ratio, type Ratio } from './ratio.js';

export { ratio, type Ratio } from './ratio.js';

// The evaluation of a pilot: did it work,
// and should it continue, be adjusted, or close? Pure functions of what the
// pilot collected; no I/O.

export const FOLLOW_UP_OUTCOMES = ['employed-full-time', 'employed-part-time', 'wage-subsidy', 'internship', 'education', 'unemployed', 'unknown'] as const;
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
  /** What the employment rate is compared with, and a comparison group's counts once recorded. */
  comparison?: Comparison;
  comparisonGroup?: ComparisonGroupCounts;
}

/**
 * How sure the employment rate is against the target: whether its interval
 * lies wholly above, wholly below or around the target, and, when around,
 * how many participants a next cohort with the same rate would need to tell
 * (null: it equals the target, or no cohort of a pilot's size could).
 */
export interface Certainty {
  position: Position;
  interval: Interval;
  target: number;
  cohortToTell: number | null;
}

/** The comparison as the outcome shows it: its source, and its rate with the counts and interval where an n is known. */
export interface ComparisonFigures {
  kind: ComparisonKind;
  source: string;
  period: string;
  /** Null: a comparison group whose counts were not recorded. */
  rate: number | null;
  /** Known for a group, and for a rate given with its n (count = rate × n, perhaps a fraction of a person). */
  count?: number;
  of?: number;
  interval: Interval | null;
}

/**
 * The effect: the pilot's employment rate less the comparison's, in
 * fractions (0.16 = 16 percentage points), with its 95 % interval. Newcombe's
 * interval when both sides have counts; against a fixed rate (the pilot's
 * own interval shifted) when the comparison's n is unknown. `position` says
 * whether the interval lies wholly above 0, wholly below it, or around it.
 */
export interface Effect {
  difference: number;
  interval: Interval;
  method: 'newcombe' | 'fixed-rate';
  position: Position;
}

/** Why a named comparison gives no effect: no employment measured, or the group's counts not recorded. */
export const EFFECT_NOT_MEASURED = ['employment-not-measured', 'no-comparison-counts', 'none-started'] as const;
export type EffectNotMeasured = (typeof EFFECT_NOT_MEASURED)[number];

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
  /** Null when employment was not measured or nobody started. */
  certainty: Certainty | null;
  /** Present when the pilot named a comparison. */
  comparison?: ComparisonFigures;
  /** With a comparison: the effect, or null with `effectNotMeasured` saying why. */
  effect?: Effect | null;
  effectNotMeasured?: EffectNotMeasured;
}

/**
 * Enrolled, for a milestone, means given a place on the course: the waiting
 * list holds none, and the basic track is another course. So the milestone
 * counts what the pilot's own `placesTaken` counts.
 */
const holdsPlace = (p: ParticipantFacts) => p.status !== 'waitlisted' && p.status !== 'basic-track';

/** The certainty of an employment rate against its target; null without a rate. */
export const certaintyOf = (rate: Ratio, target: number): Certainty | null => {
  if (rate.rate === null || !rate.interval) return null;
  const position = positionOf(rate.interval, target);
  return { position, interval: rate.interval, target, cohortToTell: position === 'around' ? cohortToTell(rate.rate, target) : null };
};

/** The comparison's figures: a rate (with its counts when its n is known) or a group's recorded counts. */
export const comparisonFigures = (comparison: Comparison, group: ComparisonGroupCounts | undefined): ComparisonFigures => {
  const base = { kind: comparison.kind, source: comparison.source, period: comparison.period };
  if (comparison.kind === 'group') {
    return group
      ? { ...base, rate: group.employed / group.size, count: group.employed, of: group.size, interval: wilson(group.employed, group.size) }
      : { ...base, rate: null, interval: null };
  }
  const rate = comparison.rate!;
  return comparison.n === undefined
    ? { ...base, rate, interval: null }
    : { ...base, rate, count: rate * comparison.n, of: comparison.n, interval: wilson(rate * comparison.n, comparison.n) };
};

/** The pilot's employment rate against its comparison: Newcombe's interval with counts on both sides, else against the fixed rate. */
export const effectOf = (employment: Ratio, comparison: ComparisonFigures): Effect | null => {
  if (comparison.rate === null || employment.of === 0) return null;
  const d =
    comparison.of !== undefined && comparison.count !== undefined
      ? { method: 'newcombe' as const, ...newcombe(employment.count, employment.of, comparison.count, comparison.of)! }
      : { method: 'fixed-rate' as const, ...differenceFromRate(employment.count, employment.of, comparison.rate)! };
  return { difference: d.difference, interval: d.interval, method: d.method, position: positionOf(d.interval, 0) };
};

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

const hasStarted = (p: ParticipantFacts) => p.startedAt !== undefined || p.status === 'started' || p.status === 'completed';

export const evaluatePilot = (input: EvaluationInput): Evaluation => {
  const ps = input.participants;
  const recruited = ps.filter((p) => p.status !== 'waitlisted');
  const started = ps.filter(hasStarted);
  const completed = ps.filter((p) => p.status === 'completed');
  const outcomeOf = (p: ParticipantFacts): FollowUpOutcome => p.followUp ?? 'unknown';
  const byOutcome = Object.fromEntries(FOLLOW_UP_OUTCOMES.map((o) => [o, started.filter((p) => outcomeOf(p) === o).length])) as Record<FollowUpOutcome, number>;
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

  const comparison = input.comparison ? comparisonFigures(input.comparison, input.comparisonGroup) : undefined;
  const effect = comparison && measured ? effectOf(rate, comparison) : null;
  const effectNotMeasured: EffectNotMeasured | undefined =
    !comparison || effect ? undefined : !measured ? 'employment-not-measured' : comparison.rate === null ? 'no-comparison-counts' : 'none-started';

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
    certainty: measured ? certaintyOf(rate, input.targetEmploymentRate) : null,
    ...(comparison ? { comparison, effect, ...(effectNotMeasured ? { effectNotMeasured } : {}) } : {}),
  };
};

/**
 * An evaluation written before rates carried their intervals: the intervals
 * and the certainty follow from the counts it kept, so a reader of an old
 * outcome sees them too. An evaluation that has them is returned as it is.
 */
export const withIntervals = (e: Evaluation): Evaluation => {
  if (!e.employment || ('certainty' in e && e.employment.rate.interval !== undefined)) return { ...e, certainty: e.certainty ?? null };
  const again = (r: Ratio): Ratio => ratio(r.count, r.of);
  const employment = {
    ...e.employment,
    rate: again(e.employment.rate),
    amongCompleted: again(e.employment.amongCompleted),
    fullTime: again(e.employment.fullTime),
    unknown: again(e.employment.unknown),
  };
  return { ...e, employment, certainty: certaintyOf(employment.rate, e.target) };
};

/** A rate as management reads it: whole percent, "36 %" in Danish, "36%" in English; "–" for no rate. */
export const formatPercent = (rate: number | null, language: 'da' | 'en'): string => {
  if (rate === null) return '–';
  const whole = Math.round(rate * 100);
  return language === 'da' ? `${whole} %` : `${whole}%`;
};

/** A ratio with its counts beside the rate, so a rounded rate never hides what it is of: "5 af 14 (36 %)". */
export const formatRatio = (r: Pick<Ratio, 'count' | 'of' | 'rate'>, language: 'da' | 'en'): string =>
  `${r.count} ${language === 'da' ? 'af' : 'of'} ${r.of} (${formatPercent(r.rate, language)})`;

/** An interval in whole percent: "95 %-interval 16–61 %" / "95% interval 16–61%". */
export const formatInterval = (i: Interval, language: 'da' | 'en'): string => {
  const [low, high] = [Math.round(i.low * 100), Math.round(i.high * 100)];
  return language === 'da' ? `95 %-interval ${low}–${high} %` : `95% interval ${low}–${high}%`;
};

/**
 * A rate as an estimate: its counts, the rate and its 95 % interval, so a
 * reader sees how little 14 participants can say: "5 af 14 (36 %; 95
 * %-interval 16–61 %)". The interval is computed from the counts, so it is
 * there whatever the record kept.
 */
export const formatRate = (r: Pick<Ratio, 'count' | 'of' | 'rate'>, language: 'da' | 'en'): string => {
  const interval = wilson(r.count, r.of);
  return interval
    ? `${r.count} ${language === 'da' ? 'af' : 'of'} ${r.of} (${formatPercent(r.rate, language)}; ${formatInterval(interval, language)})`
    : formatRatio(r, language);
};

/** A signed whole number of percentage points: "+16", "−4" (a real minus sign), "0". */
const signedPoints = (fraction: number): string => {
  const points = Math.round(fraction * 100);
  return points > 0 ? `+${points}` : points < 0 ? `\u2212${-points}` : '0';
};

/** A difference in percentage points with its interval: "+16 procentpoint (95 %-interval −4 til +41)". */
export const formatPoints = (d: Pick<Effect, 'difference' | 'interval'>, language: 'da' | 'en'): string =>
  language === 'da'
    ? `${signedPoints(d.difference)} procentpoint (95 %-interval ${signedPoints(d.interval.low)} til ${signedPoints(d.interval.high)})`
    : `${signedPoints(d.difference)} percentage points (95% interval ${signedPoints(d.interval.low)} to ${signedPoints(d.interval.high)})`;

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
