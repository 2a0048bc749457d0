import * as z from 'zod';
import { lazySchema } from '../domain/lazy-schema.js';
import { SURVEY_QUESTIONS } from '../domain/survey-results.js';
import { SURVEY_STATES } from '../domain/survey.js';
import { Instant, Language } from './common.js';

// The participants' anonymous survey: what it adds up to (in the outcome and
// on its own), the sheet of printed codes, and the pages a participant opens.

/** A 95 % interval, in fractions (domain/intervals.ts). */
export const Interval = lazySchema(() => z.object({ low: z.number(), high: z.number() }));
/** A count out of a whole (domain/ratio.ts); rate and interval are null when the whole is zero. Outcomes evaluated before intervals have none. */
export const Ratio = lazySchema(() =>
  z.object({ count: z.number().int(), of: z.number().int(), rate: z.number().nullable(), interval: Interval.nullable().optional() }),
);

const SurveyRate = lazySchema(() => Ratio.extend({ target: z.number().optional(), met: z.boolean().optional() }));
const tallyOf = <Q extends keyof typeof SURVEY_QUESTIONS>(q: Q) =>
  z.object(Object.fromEntries(SURVEY_QUESTIONS[q].map((a) => [a, z.number().int()])) as Record<(typeof SURVEY_QUESTIONS)[Q][number], z.ZodNumber>);

/** How many answered each choice of each question (domain/survey-results.ts `SurveyTally`): all that is stored of the answers. */
export const SurveyTallySchema = lazySchema(() =>
  z.object({
    satisfaction: tallyOf('satisfaction'),
    selfReliance: tallyOf('selfReliance'),
    respected: tallyOf('respected'),
    jobSearch: tallyOf('jobSearch'),
  }),
);

/** What the answers add up to (domain/survey-results.ts): counts, and the breakdown from enough answers on. */
export const SurveyResultsSchema = lazySchema(() =>
  z.object({
    invited: z.object({ mailed: z.number().int(), codes: z.number().int() }),
    answers: z.number().int(),
    minimumForBreakdown: z.number().int(),
    breakdown: z
      .object({
        satisfied: SurveyRate,
        satisfiedAtLeast: Ratio,
        selfReliant: SurveyRate,
        selfReliantAtLeastPartly: Ratio,
        tally: SurveyTallySchema,
      })
      .optional(),
  }),
);

/**
 * GET …/survey: the results so far, whether the survey is open by the
 * product's clock, and its window (domain/survey.ts `surveyWindow`). Counts
 * only, so every reader gets the same.
 */
export const SurveyViewSchema = lazySchema(() =>
  SurveyResultsSchema.extend({
    state: z.enum(SURVEY_STATES),
    window: z.object({ opensAt: Instant, remindAt: Instant.optional(), closesAt: Instant }),
  }),
);

/** Codes per sheet: one transaction holds them and the count (DynamoDB's limit is 100 items). */
export const MAX_CODES_PER_SHEET = 99;

/** POST …/survey/codes: how many new codes to print, in which language (default the pilot's). */
export const SurveySheetSchema = lazySchema(() =>
  z.object({ count: z.number().int().min(1).max(MAX_CODES_PER_SHEET), language: Language.optional() }).strict(),
);

/** GET /survey: where a printed code is typed in; with `code`, on to its survey (303). An unknown `lang` is taken as Danish. */
export const SurveyEntryQuery = lazySchema(() => z.object({ lang: Language.catch('da').default('da'), code: z.string().max(64).optional() }));

export type SurveyResults = z.infer<typeof SurveyResultsSchema>;
export type SurveySheet = z.infer<typeof SurveySheetSchema>;
export type SurveyView = z.infer<typeof SurveyViewSchema>;
