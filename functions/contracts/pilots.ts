import * as z from 'zod';
import { lazySchema } from '../domain/lazy-schema.js';
import { MILESTONE_METRICS, RECOMMENDATIONS } from '../domain/evaluation.js';
import { PARTICIPANT_STATUSES } from '../domain/participant-status.js';
import { ALL_WAITS, PHASES } from '../domain/phases.js';
import { TeamMember } from '../domain/access.js';
import { ComparisonGroupSchema, ComparisonSchema } from '../domain/comparison.js';
import { ReportPointSchema } from '../domain/report-points.js';
import { SurveyTargetsSchema } from '../domain/survey-targets.js';
import { COURSE_ENDINGS, PILOT_STATUSES, PilotInputSchema } from '../domain/pilot.js';
import { CalendarDate, Text } from '../domain/validation.js';
import { Day, Id, Instant, Language, pageOf, Paging } from './common.js';

// The pilot: defining it, its lifecycle controls, and how the API shows it.

export { ComparisonGroupSchema, PilotInputSchema };

/** GET /pilots: `status`, and `risk` (only pilots with that risk raised). */
export const PilotsQuery = lazySchema(() =>
  z
    .object({
      ...Paging,
      status: z.enum(PILOT_STATUSES).optional(),
      /** Only pilots with this risk raised: `stuck`, `mail-failed`, `recruitment-under-minimum`, ... */
      risk: z
        .string()
        .regex(/^[a-z][a-z-]{0,39}$/, 'must be a risk name, e.g. stuck')
        .optional(),
    })
    .strict(),
);

/** Dates a consultant may move (PATCH /pilots/{id}, resume with new dates): all optional, merged into the pilot and checked as a whole. */
export const PilotDatesSchema = lazySchema(() =>
  z
    .object({
      recruitment: z.object({ opens: CalendarDate.optional(), closes: CalendarDate.optional() }).strict().optional(),
      course: z
        .object({ start: CalendarDate.optional(), weeks: z.number().int().min(1).max(104).optional() })
        .strict()
        .optional(),
      matchEvent: z.object({ date: CalendarDate.optional(), responseDeadline: CalendarDate.optional() }).strict().optional(),
      followUpMonths: z.number().int().min(1).max(24).optional(),
    })
    .strict(),
);
export type PilotDates = z.infer<typeof PilotDatesSchema>;

/** PATCH /pilots/{id}: dates to move, and the comparison to name, change or (null) remove. */
export const PilotUpdateSchema = lazySchema(() => z.object({ ...PilotDatesSchema.shape, comparison: ComparisonSchema.nullable().optional() }).strict());
export type PilotUpdate = z.infer<typeof PilotUpdateSchema>;

/** Pause and close: the consultant's reason, kept in the audit trail. */
export const ReasonSchema = lazySchema(() => z.object({ reason: Text(500) }).strict());
/** Resume: `{}` moves the days still ahead by the pause; `dates` sets new ones instead. */
export const ResumeSchema = lazySchema(() => z.object({ dates: PilotDatesSchema.optional() }).strict());
/** A pilot under its minimum cohort recruits until `closes`. */
export const ExtendRecruitmentSchema = lazySchema(() => z.object({ closes: CalendarDate }).strict());
/** Retry takes nothing. */
export const RetrySchema = lazySchema(() => z.object({}).strict());

const Counts = lazySchema(() =>
  z.object(Object.fromEntries(PARTICIPANT_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof PARTICIPANT_STATUSES)[number], z.ZodNumber>),
);

/** A pilot as the API shows it: what was defined (defaults filled in) and where its workflow has it. */
export const PilotSchema = lazySchema(() =>
  z.object({
    id: Id,
    status: z.enum(PILOT_STATUSES),
    name: z.string(),
    partner: z.string(),
    targetGroups: z.array(z.string()),
    eligibility: z.object({ minAge: z.number().int().optional(), maxAge: z.number().int().optional(), screeningRequired: z.boolean() }),
    capacity: z.number().int(),
    minimumCohort: z.number().int(),
    recruitment: z.object({ opens: Day, closes: Day }),
    course: z.object({ start: Day, weeks: z.number().int(), ending: z.enum(COURSE_ENDINGS) }),
    matchEvent: z
      .object({
        date: Day,
        responseDeadline: Day,
        capacity: z.number().int(),
        location: z.string().optional(),
        startTime: z.string(),
        slotMinutes: z.number().int(),
      })
      .optional(),
    certification: z.object({ examDeadline: Day.optional(), retakes: z.boolean() }),
    followUpMonths: z.number().int(),
    targetEmploymentRate: z.number(),
    budgetDkk: z.number(),
    managementEmails: z.array(z.object({ email: z.string(), language: Language })),
    milestones: z.array(z.object({ metric: z.enum(MILESTONE_METRICS), target: z.number().int(), by: Day })),
    retentionMonths: z.number().int(),
    language: Language,
    placesTaken: z.number().int(),
    counts: Counts,
    /**
     * Participants with a passed exam or diploma (\`certified\`), kept with the counts in the same transactions as
     * the results. Absent on a pilot created before it was kept: unknown, not zero (the participants are counted).
     */
    certifiedCount: z.number().int().optional(),
    createdAt: Instant,
    createdBy: z.string(),
    consultantEmail: z.string().optional(),
    /** What the outcome is compared with (domain/comparison.ts), and a comparison group's counts. */
    comparison: ComparisonSchema.optional(),
    comparisonGroup: z.object({ size: z.number().int(), employed: z.number().int(), recordedAt: Instant }).optional(),
    /** The e-mails that failed and are not sent yet; the `mail-failed` risk goes with the last. */
    mailFailures: z.number().int().optional(),
    /** Targets for the participants' survey, as fractions of the answers. */
    targets: SurveyTargetsSchema.optional(),
    /** Report points: a status e-mail to management at each (domain/reports.ts). */
    reports: z.array(ReportPointSchema).optional(),
    /** The consultants who run the pilot, by e-mail address (domain/access.ts). */
    team: z.array(z.string()).optional(),
    updatedAt: Instant,
    // Where the workflow has it.
    phase: z.enum(PHASES).optional(),
    waitingFor: z.enum(ALL_WAITS).optional(),
    nextDeadline: Instant.optional(),
    startedAt: Instant.optional(),
    pausedAt: Instant.optional(),
    pauseReason: z.string().optional(),
    closeRequested: z.object({ reason: z.string(), at: Instant }).optional(),
    recruitmentDecisionBy: Day.optional(),
    matchDecisionBy: Day.optional(),
    pauses: z.array(z.object({ on: Day, days: z.number().int() })).optional(),
    stepFailure: z.object({ step: z.string(), error: z.string(), at: Instant, retryBy: Instant }).optional(),
    execution: z.object({ name: z.string(), id: z.string(), generation: z.number().int() }).optional(),
    lastPlaceOrder: z.number().int().optional(),
    companiesInvited: z.number().int().optional(),
    companiesAnswered: z.number().int().optional(),
    slotsConfirmed: z.number().int().optional(),
    companies: z.object({ invited: z.number().int(), answered: z.number().int(), confirmedSlots: z.number().int() }).optional(),
    matchScheduledAt: Instant.optional(),
    risks: z.record(z.string(), z.object({ at: Instant, details: z.record(z.string(), z.unknown()).optional() })).optional(),
    closedAt: Instant.optional(),
    recommendationOverride: z.object({ recommendation: z.enum(RECOMMENDATIONS), reason: z.string(), by: z.string(), at: Instant }).optional(),
    personalDataDeletedAfter: Day.optional(),
  }),
);

/** The keys of a pilot that name people (domain/access.ts `pilotFigures`): left out for someone who sees figures only. */
const PEOPLE = { team: true, createdBy: true, consultantEmail: true, managementEmails: true, recommendationOverride: true } as const;
const OverrideFigures = lazySchema(() => z.object({ recommendation: z.enum(RECOMMENDATIONS), reason: z.string(), at: Instant }));

/** A pilot as someone outside its team sees it: its figures, without the people (and without who overrode). */
export const PilotFiguresSchema = lazySchema(() => PilotSchema.omit(PEOPLE).extend({ recommendationOverride: OverrideFigures.optional() }));

const Plan = lazySchema(() =>
  z.object({
    recruitmentEnds: Day,
    courseEnds: Day,
    certificationEnds: Day.optional(),
    answersBy: Day.optional(),
    matchEventDay: Day.optional(),
    internshipsEnd: Day.optional(),
    followUpDay: Day,
    followUpEnds: Day,
  }),
);

/**
 * GET /pilots/{id}: the pilot, its team, whether it takes enrolments today (by
 * the product's clock), each phase's last day after pauses, and whether the
 * caller sees its personal data.
 */
export const PilotViewSchema = lazySchema(() =>
  PilotSchema.extend({
    team: z.array(z.string()),
    personalData: z.boolean(),
    enrolmentOpen: z.boolean(),
    plan: Plan,
  }),
);

/** GET /pilots/{id} for someone outside the team: the figures. */
export const PilotViewFiguresSchema = lazySchema(() => PilotFiguresSchema.extend({ personalData: z.boolean(), enrolmentOpen: z.boolean(), plan: Plan }));

/** GET /pilots/{id}: whole for the team and admins, figures for anyone else. */
export const PilotViewAnswerSchema = lazySchema(() => PilotViewSchema.or(PilotViewFiguresSchema));

/** GET /pilots: each pilot whole when the caller sees its personal data, else its figures. */
export const PilotsPageSchema = lazySchema(() => pageOf(PilotSchema.or(PilotFiguresSchema)));

/** POST /pilots/{id}/team { email } adds a consultant; DELETE …/team/{member} removes one. */
export const TeamAddSchema = lazySchema(() => z.object({ email: TeamMember }).strict());
/** The pilot's team after the change. */
export const TeamSchema = lazySchema(() => z.object({ pilotId: Id, team: z.array(z.string()) }));

/** POST /pilots/{id}/start: the workflow's execution; `alreadyRunning` on a second call. */
export const StartedSchema = lazySchema(() => z.object({ pilotId: Id, executionId: z.string(), alreadyRunning: z.boolean() }));

export type Pilot = z.infer<typeof PilotSchema>;
export type PilotView = z.infer<typeof PilotViewAnswerSchema>;
export type PilotFigures = z.infer<typeof PilotFiguresSchema>;
