import * as z from 'zod';
import { lazySchema } from '../domain/lazy-schema.js';
import { COMPARISON_KINDS } from '../domain/comparison.js';
import { CLOSE_CAUSES, EFFECT_NOT_MEASURED, EMPLOYMENT_NOT_MEASURED, FOLLOW_UP_OUTCOMES, MILESTONE_METRICS, RECOMMENDATIONS } from '../domain/evaluation.js';
import { Text } from '../domain/validation.js';
import { Day, FieldIssueSchema, Id, Instant } from './common.js';
import { PilotSchema } from './pilots.js';
import { Interval, Ratio, SurveyResultsSchema } from './survey.js';
import { MAX_RESULT_ROWS } from './vouchers.js';

// Follow-up, the outcome and its override.

/** One participant's situation at follow-up, by case reference or by id (one of them). */
export const FollowUpRow = lazySchema(() =>
  z
    .object({
      reference: z.string().trim().min(1).max(64).optional(),
      participantId: z.uuid().optional(),
      outcome: z.enum(FOLLOW_UP_OUTCOMES),
    })
    .strict()
    .refine((r) => (r.reference === undefined) !== (r.participantId === undefined), {
      path: ['reference'],
      message: 'give reference or participantId (one of them)',
      params: { code: 'reference_or_participant_id' },
    }),
);

/** POST …/follow-up as JSON (or text/csv with the same columns). */
export const FollowUpSchema = lazySchema(() => z.object({ outcomes: z.array(FollowUpRow).min(1).max(MAX_RESULT_ROWS) }).strict());

/** The per-row report; `provisional`: recorded before the follow-up day. */
export const FollowUpReportSchema = lazySchema(() =>
  z.object({
    pilotId: Id,
    summary: z.object({ recorded: z.number().int(), rejected: z.number().int() }),
    rows: z.array(
      z.object({
        line: z.number().int().optional(),
        index: z.number().int().optional(),
        outcome: z.enum(['recorded', 'rejected']),
        participantId: Id.optional(),
        provisional: z.literal(true).optional(),
        issues: z.array(FieldIssueSchema).optional(),
      }),
    ),
  }),
);

/** A consultant's recommendation over the computed one, with a written reason. */
export const OverrideSchema = lazySchema(() => z.object({ recommendation: z.enum(RECOMMENDATIONS), reason: Text(1000) }).strict());

const Position = lazySchema(() => z.enum(['above', 'below', 'around']));

/** How sure the employment rate is against the target (domain/evaluation.ts, Certainty). */
const Certainty = lazySchema(() => z.object({ position: Position, interval: Interval, target: z.number(), cohortToTell: z.number().int().nullable() }));

/** The comparison as the outcome shows it; `rate` null for a group whose counts were not recorded. */
const ComparisonFigures = lazySchema(() =>
  z.object({
    kind: z.enum(COMPARISON_KINDS),
    source: z.string(),
    period: z.string(),
    rate: z.number().nullable(),
    count: z.number().optional(),
    of: z.number().optional(),
    interval: Interval.nullable(),
  }),
);

/** The employment rate less the comparison's, in fractions, with its 95 % interval. */
const Effect = lazySchema(() => z.object({ difference: z.number(), interval: Interval, method: z.enum(['newcombe', 'fixed-rate']), position: Position }));

const Override = lazySchema(() => z.object({ recommendation: z.enum(RECOMMENDATIONS), reason: z.string(), by: z.string(), at: Instant }));

/** The figures of an evaluation; `employment` is null when it was not measured, and `employmentNotMeasured` says why. */
export const EvaluationSchema = lazySchema(() =>
  z.object({
    funnel: z.object({
      recruited: z.number().int(),
      started: z.number().int(),
      completed: z.number().int(),
      certified: z.number().int(),
      matched: z.number().int(),
      internshipOffered: z.number().int(),
      internshipStarted: z.number().int(),
      employed: z.number().int().nullable(),
    }),
    employment: z
      .object({
        rate: Ratio,
        amongCompleted: Ratio,
        fullTime: Ratio,
        unknown: Ratio,
        byOutcome: z.object(
          Object.fromEntries(FOLLOW_UP_OUTCOMES.map((o) => [o, z.number().int()])) as Record<(typeof FOLLOW_UP_OUTCOMES)[number], z.ZodNumber>,
        ),
      })
      .nullable(),
    employmentNotMeasured: z.enum(EMPLOYMENT_NOT_MEASURED).optional(),
    companies: z.object({ invited: z.number().int(), answered: z.number().int(), confirmedSlots: z.number().int(), offeredInternships: z.number().int() }),
    milestones: z.array(z.object({ metric: z.enum(MILESTONE_METRICS), target: z.number().int(), by: Day, actual: z.number().int(), met: z.boolean() })),
    cost: z.object({ budgetDkk: z.number(), perParticipant: z.number().nullable(), perJob: z.number().nullable() }),
    recommendation: z.enum(RECOMMENDATIONS),
    target: z.number(),
    /** Null when employment was not measured or nobody started. */
    certainty: Certainty.nullable(),
    /** Present when the pilot named a comparison; `effect` null with `effectNotMeasured` saying why. */
    comparison: ComparisonFigures.optional(),
    effect: Effect.nullable().optional(),
    effectNotMeasured: z.enum(EFFECT_NOT_MEASURED).optional(),
  }),
);

/** The outcome as the evaluation wrote it. */
export const OutcomeSchema = lazySchema(() =>
  z.object({
    pilotId: Id,
    evaluatedAt: Instant,
    closedEarly: z.boolean(),
    closeCause: z.enum(CLOSE_CAUSES).optional(),
    reason: z.string().optional(),
    phaseReached: z.string(),
    evaluation: EvaluationSchema,
    override: Override.optional(),
    /** The participants' own view, when an invitation or code went out. */
    survey: SurveyResultsSchema.optional(),
    /** The recommendation that stands: the override's, else the computed one. */
    recommendation: z.enum(RECOMMENDATIONS),
    personalDataDeletedAfter: z.string(),
  }),
);

/** GET …/outcome: the outcome, with whether the recommendation may still be overridden (by the product's clock). */
export const OutcomeViewSchema = lazySchema(() => OutcomeSchema.extend({ overrideUntil: Instant, overrideOpen: z.boolean() }));

/** GET …/outcome for someone outside the team: without who overrode. */
export const OutcomeViewFiguresSchema = lazySchema(() =>
  OutcomeViewSchema.extend({
    override: z.object({ recommendation: z.enum(RECOMMENDATIONS), reason: z.string(), at: Instant }).optional(),
  }),
);
export const OutcomeViewAnswerSchema = lazySchema(() => OutcomeViewSchema.or(OutcomeViewFiguresSchema));

/** POST …/outcome/override: the pilot with its override, and the outcome when it was evaluated already. */
export const OverriddenSchema = lazySchema(() => z.object({ outcome: OutcomeSchema.optional(), pilot: PilotSchema }));

export type OutcomeView = z.infer<typeof OutcomeViewAnswerSchema>;
