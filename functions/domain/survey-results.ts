import * as z from 'zod';
import { lazySchema } from './lazy-schema.js';
import { ratio, type Ratio } from './ratio.js';
import type { SurveyTargets } from './survey-targets.js';

export { SurveyTargetsSchema, type SurveyTargets } from './survey-targets.js';

// The participants' survey (survey.ts): its questions and what the answers
// add up to. Apart from its window (survey.ts) so that the outcome record
// (evaluation.ts) can hold the results without needing the lifecycle.

/** Each question and its answers, in the order they are shown. */
export const SURVEY_QUESTIONS = {
  /** The digital-inclusion project's target: 95 % "very satisfied" with the help from the job centre. */
  satisfaction: ['very-satisfied', 'satisfied', 'neither', 'dissatisfied'],
  /** The digital-inclusion project's target: 70 % digitally self-reliant, the other 30 % partly. */
  selfReliance: ['on-my-own', 'partly', 'not-yet'],
  /** The same project: met with equality and recognition of their digital challenges. */
  respected: ['yes', 'partly', 'no'],
  /** Did the course help the job search (the pilots' purpose). */
  jobSearch: ['yes', 'a-little', 'no'],
} as const;

export type SurveyQuestion = keyof typeof SURVEY_QUESTIONS;
export const SURVEY_QUESTION_ORDER = Object.keys(SURVEY_QUESTIONS) as SurveyQuestion[];
export type SurveyAnswerOf<Q extends SurveyQuestion> = (typeof SURVEY_QUESTIONS)[Q][number];

/** One whole answer: every question answered with one of its choices. */
export const SurveyAnswerSchema = lazySchema(() =>
  z
    .object({
      satisfaction: z.enum(SURVEY_QUESTIONS.satisfaction),
      selfReliance: z.enum(SURVEY_QUESTIONS.selfReliance),
      respected: z.enum(SURVEY_QUESTIONS.respected),
      jobSearch: z.enum(SURVEY_QUESTIONS.jobSearch),
    })
    .strict(),
);
export type SurveyAnswer = z.infer<typeof SurveyAnswerSchema>;

/** How many answered each choice of each question: all that is stored of the answers. */
export type SurveyTally = { [Q in SurveyQuestion]: Record<SurveyAnswerOf<Q>, number> };

export const emptyTally = (): SurveyTally =>
  Object.fromEntries(SURVEY_QUESTION_ORDER.map((q) => [q, Object.fromEntries(SURVEY_QUESTIONS[q].map((a) => [a, 0]))])) as SurveyTally;

/**
 * Fewer answers than this are not broken down: with 3 answers, "1 dissatisfied"
 * may point at a person the consultant knows. Only the number of answers is shown.
 */
export const SURVEY_MIN_ANSWERS = 5;

/** A rate (with its 95 % Wilson interval, domain/ratio.ts) set against its target, when the pilot has one. */
export interface SurveyRate extends Ratio {
  target?: number;
  /** At or above target; absent without a target. */
  met?: boolean;
}

/**
 * What the survey shows. Under SURVEY_MIN_ANSWERS answers only the counts of
 * invitations and answers: `breakdown` is absent.
 */
export interface SurveyResults {
  /** Links sent by e-mail, and codes handed out on paper. */
  invited: { mailed: number; codes: number };
  answers: number;
  minimumForBreakdown: number;
  breakdown?: {
    satisfied: SurveyRate;
    /** "Very satisfied" or "satisfied". */
    satisfiedAtLeast: Ratio;
    selfReliant: SurveyRate;
    /** Self-reliant or partly. */
    selfReliantAtLeastPartly: Ratio;
    tally: SurveyTally;
  };
}

const against = (r: Ratio, target: number | undefined): SurveyRate => ({
  ...r,
  ...(target !== undefined ? { target, met: r.rate !== null && r.rate >= target } : {}),
});

export const surveyResults = (input: {
  tally: SurveyTally;
  answers: number;
  mailed: number;
  codes: number;
  targets?: SurveyTargets | undefined;
}): SurveyResults => {
  const { tally, answers } = input;
  const base = { invited: { mailed: input.mailed, codes: input.codes }, answers, minimumForBreakdown: SURVEY_MIN_ANSWERS };
  if (answers < SURVEY_MIN_ANSWERS) return base;
  return {
    ...base,
    breakdown: {
      satisfied: against(ratio(tally.satisfaction['very-satisfied'], answers), input.targets?.satisfied),
      satisfiedAtLeast: ratio(tally.satisfaction['very-satisfied'] + tally.satisfaction.satisfied, answers),
      selfReliant: against(ratio(tally.selfReliance['on-my-own'], answers), input.targets?.selfReliant),
      selfReliantAtLeastPartly: ratio(tally.selfReliance['on-my-own'] + tally.selfReliance.partly, answers),
      tally,
    },
  };
};
