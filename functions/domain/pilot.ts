import * as z from 'zod';
import { lazySchema } from './lazy-schema.js';
import { TeamSchema } from './access.js';
import { ComparisonSchema, type ComparisonGroupCounts } from './comparison.js';
import { MILESTONE_METRICS } from './evaluation.js';
import { MAX_REPORTS, ReportPointSchema } from './report-points.js';
import { SurveyTargetsSchema } from './survey-targets.js';
import { courseEnd } from './phases.js';
import { ConflictError } from './errors.js';
import { CalendarDate, Slug, Text } from './validation.js';

// A pilot project as a consultant defines it (its phases: phases.ts and
// lifecycle.ts). Dates are calendar dates in Europe/Copenhagen.

export const COURSE_ENDINGS = ['exam', 'diploma', 'none'] as const;

/** draft: defined, workflow not started. running / paused: driven by the workflow. closed: ended. */
export const PILOT_STATUSES = ['draft', 'running', 'paused', 'closed'] as const;
export type PilotStatus = (typeof PILOT_STATUSES)[number];

const Eligibility = lazySchema(() =>
  z
    .object({
      minAge: z.number().int().min(15).max(99).optional(),
      maxAge: z.number().int().min(15).max(99).optional(),
      /** When true, a participant without a digital-skills screening is refused. */
      screeningRequired: z.boolean().default(false),
    })
    .strict()
    .refine((e) => e.minAge === undefined || e.maxAge === undefined || e.minAge <= e.maxAge, {
      path: ['maxAge'],
      message: 'must not be below minAge',
    }),
);

const Course = lazySchema(() =>
  z
    .object({
      start: CalendarDate,
      weeks: z.number().int().min(1).max(104),
      ending: z.enum(COURSE_ENDINGS),
    })
    .strict(),
);

const MatchEvent = lazySchema(() =>
  z
    .object({
      date: CalendarDate,
      responseDeadline: CalendarDate,
      capacity: z.number().int().min(1).max(10_000),
      location: Text(200).optional(),
      /** When the first meetings begin (Copenhagen time), and how long each meeting of a candidate with a company lasts. */
      startTime: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day, HH:MM')
        .default('09:00'),
      slotMinutes: z.number().int().min(5).max(240).default(20),
    })
    .strict()
    .refine((m) => m.responseDeadline <= m.date, {
      path: ['responseDeadline'],
      message: 'must be on or before the event date',
      params: { code: 'too_late' },
    }),
);

export const PilotInputSchema = lazySchema(() =>
  z
    .object({
      name: Text(200),
      /** The partner or sponsor (Microsoft, AJKS, Erhvervshus Hovedstaden, ...). */
      partner: Text(200),
      targetGroups: z.array(Slug).min(1, 'must name at least one target group').max(20),
      eligibility: Eligibility.default({ screeningRequired: false }),
      capacity: z.number().int().min(1).max(5_000),
      /** Fewer enrolled than this when recruitment closes puts the pilot at risk. */
      minimumCohort: z.number().int().min(1).max(5_000),
      recruitment: z.object({ opens: CalendarDate, closes: CalendarDate }).strict(),
      course: Course,
      matchEvent: MatchEvent.optional(),
      /** For exam courses: the exam's last day (default 4 weeks after the course), and whether a failed candidate gets a second code. */
      certification: z
        .object({ examDeadline: CalendarDate.optional(), retakes: z.boolean().default(false) })
        .strict()
        .default({ retakes: false }),
      followUpMonths: z.number().int().min(1).max(24).default(2),
      /** A fraction: 0.4 means 40 % in ordinary employment at follow-up. */
      targetEmploymentRate: z.number().min(0).max(1, 'must be a fraction between 0 and 1 (0.4 = 40 %)'),
      budgetDkk: z.number().int().min(0).max(1_000_000_000),
      /**
       * Who receives the outcome and escalation e-mails: an address (Danish
       * e-mails), or { email, language } for someone who reads English.
       */
      managementEmails: z
        .array(
          z.union([
            z.email('must be an e-mail address').transform((email) => ({ email, language: 'da' as const })),
            z.object({ email: z.email('must be an e-mail address'), language: z.enum(['da', 'en']).default('da') }).strict(),
          ]),
        )
        .max(20)
        .default([]),
      /** Milestone targets management asks about: so many screened, enrolled, completed by a date. */
      milestones: z
        .array(z.object({ metric: z.enum(MILESTONE_METRICS), target: z.number().int().min(1).max(100_000), by: CalendarDate }).strict())
        .max(20)
        .default([]),
      /** What the employment rate is compared with, so the outcome can show the effect (domain/comparison.ts). */
      comparison: ComparisonSchema.optional(),
      /** Targets for the participants' survey (domain/survey.ts): shares of the answers. */
      targets: SurveyTargetsSchema.optional(),
      /** Report points along the way: a status e-mail to management at each (domain/reports.ts). */
      reports: z.array(ReportPointSchema).max(MAX_REPORTS).optional(),
      /** Months after the pilot is evaluated or closed that its personal data is kept (then deleted). */
      retentionMonths: z.number().int().min(1).max(120).default(12),
      language: z.enum(['da', 'en']).default('da'),
      /**
       * The consultants who run the pilot, by their e-mail address (as the
       * identity provider has it). The creator is put first by the API; only
       * the team (and admins) see the pilot's personal data (domain/access.ts).
       */
      team: TeamSchema.optional(),
    })
    .strict()
    .superRefine((p, ctx) => {
      // zod runs this even when a field failed its own check: compare only well-formed values.
      const date = (value: unknown) => CalendarDate.safeParse(value).success;
      const int = (value: unknown) => Number.isInteger(value);
      if (int(p.minimumCohort) && int(p.capacity) && p.minimumCohort > p.capacity) {
        ctx.addIssue({ code: 'custom', path: ['minimumCohort'], message: 'must not exceed capacity', params: { code: 'too_big', max: p.capacity } });
      }
      if (date(p.recruitment?.opens) && date(p.recruitment?.closes) && p.recruitment.closes < p.recruitment.opens) {
        ctx.addIssue({
          code: 'custom',
          path: ['recruitment', 'closes'],
          message: 'must be on or after recruitment.opens',
          params: { code: 'too_early', min: p.recruitment.opens },
        });
      }
      if (date(p.course?.start) && date(p.recruitment?.closes) && p.course.start < p.recruitment.closes) {
        ctx.addIssue({
          code: 'custom',
          path: ['course', 'start'],
          message: 'must be on or after recruitment.closes',
          params: { code: 'too_early', min: p.recruitment.closes },
        });
      }
      if (p.matchEvent && date(p.matchEvent.date) && date(p.course?.start) && int(p.course?.weeks) && p.matchEvent.date < courseEnd(p.course)) {
        ctx.addIssue({
          code: 'custom',
          path: ['matchEvent', 'date'],
          message: 'must be on or after the course ends',
          params: { code: 'too_early', min: courseEnd(p.course) },
        });
      }
    }),
);

export type PilotInput = z.infer<typeof PilotInputSchema>;

/** Per-status participant counts kept on the pilot item, updated in the same transaction as each participant. */
export type ParticipantCounts = Record<import('./participant.js').ParticipantStatus, number>;

/** Where the workflow has the pilot: kept on the pilot item so GET /pilots/{id} shows it. */
export interface PilotLifecycle {
  phase?: import('./phases.js').Phase;
  /** What the parked execution waits for, and until when (an instant, UTC). */
  waitingFor?: import('./phases.js').WaitFor;
  nextDeadline?: string;
  startedAt?: string;
  pausedAt?: string;
  pauseReason?: string;
  /** A close asked for while no wait was parked; the next wait resumes at once with it. */
  closeRequested?: { reason: string; at: string };
  /** The last day the consultant has to extend or close a pilot under its minimum cohort. */
  recruitmentDecisionBy?: string;
  /** The last day the consultant has to extend the response deadline or close, when no company confirmed a slot. */
  matchDecisionBy?: string;
  /** The pauses resumed by shifting the plan (lifecycle.ts `stretch`): each moved the days derived from dates already past. */
  pauses?: import('./phases.js').Pause[];
  /** A step failed for good and the execution is parked (risk `step-failed`): which step, which error, when. */
  stepFailure?: { step: string; error: string; at: string; retryBy: string };
  /** The pilot's current execution, once the workflow has continued in a successor (long pilots: no execution lives a year). */
  execution?: { name: string; id: string; generation: number };
  /** The highest enrolment order number that has taken a place: everyone waiting has a higher one (store/participants.ts). */
  lastPlaceOrder?: number;
  /** Sums of the invitations' answers, kept in the same transaction as each answer. */
  companiesInvited?: number;
  companiesAnswered?: number;
  slotsConfirmed?: number;
  /** The three sums above, as GET /pilots shows them. */
  companies?: { invited: number; answered: number; confirmedSlots: number };
  /** When the candidates were scheduled into the confirmed slots; answers are closed from then on. */
  matchScheduledAt?: string;
  /** E-mails of the pilot failing now (refused, waiting for a retry); the `mail-failed` risk goes with the last. */
  mailFailures?: number;
  /** Risks raised (each once): `recruitment-under-minimum`, ... */
  risks?: Record<string, { at: string; details?: Record<string, unknown> }>;
  closedAt?: string;
  /** A consultant's override of the computed recommendation, with the written reason. */
  recommendationOverride?: { recommendation: import('./evaluation.js').Recommendation; reason: string; by: string; at: string };
  /** After the evaluation: the date the pilot's personal data is deleted. */
  personalDataDeletedAfter?: string;
  /** A comparison group's counts, recorded at follow-up (counts only). */
  comparisonGroup?: ComparisonGroupCounts & { recordedAt: string };
}

export interface Pilot extends PilotInput, PilotLifecycle {
  id: string;
  status: PilotStatus;
  /** Places held by participants (enrolled, started, completed, dropped out after starting). Never above capacity. */
  placesTaken: number;
  counts: ParticipantCounts;
  /**
   * Participants certified (a passed exam or diploma), kept in the same transactions as the results and erasures.
   * Undefined on a pilot created before it was kept: unknown, never taken as 0 (store/vouchers.ts, match-event/candidates.ts).
   */
  certifiedCount?: number;
  createdAt: string;
  createdBy: string;
  /**
   * The creating consultant's e-mail (from their token). Pilots created
   * before teams had only this: for them it is the team (domain/access.ts `teamOf`).
   */
  consultantEmail?: string;
  updatedAt: string;
}

export { courseEnd };

/**
 * Participants may be enrolled while the pilot is a draft, or while it runs
 * and its recruitment window is open: up to and including `recruitment.closes`
 * (Europe/Copenhagen). Judged from the dates and today, not from the
 * workflow's phase alone, so a pilot started after its recruitment closed
 * refuses enrolments from the first moment, before its workflow has caught up.
 * A pilot that filled early has moved on to its course phase but still takes
 * the next eligible citizens onto its waiting list until that date.
 */
export const isRecruiting = (pilot: Pick<Pilot, 'status' | 'recruitment'> & { phase?: string | undefined }, today: string): boolean =>
  pilot.status === 'draft' || (pilot.status === 'running' && (pilot.phase === 'recruitment' || pilot.phase === 'course') && today <= pilot.recruitment.closes);

/** Why a pilot takes no enrolments today: the 409, with the day recruitment closed or the pilot's status and phase. */
export const notRecruiting = (pilot: Pick<Pilot, 'status' | 'recruitment'> & { phase?: string | undefined }, today: string): ConflictError =>
  pilot.status === 'running' && today > pilot.recruitment.closes
    ? new ConflictError('not-recruiting', `recruitment is not open: it closed on ${pilot.recruitment.closes}`, {
        details: { closedOn: pilot.recruitment.closes },
      })
    : new ConflictError(
        'not-recruiting',
        `recruitment is not open: the pilot is ${pilot.phase && pilot.status !== 'closed' ? `${pilot.status} (phase ${pilot.phase})` : pilot.status}`,
        { details: { status: pilot.status, phase: pilot.status !== 'closed' ? pilot.phase : undefined } },
      );

/**
 * A place that frees up (a dropout, an erasure) goes to the head of the
 * waiting list until the course starts, whether recruitment is still open or
 * not; a closed pilot moves no one.
 */
export const promotesFromWaitingList = (pilot: Pick<Pilot, 'status' | 'course'>, today: string): boolean =>
  pilot.status !== 'closed' && today < pilot.course.start;
