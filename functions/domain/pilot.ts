import { z } from 'zod';
import { CalendarDate, Slug, Text } from './validation.js';

// A pilot project as a consultant defines it (PRODUCT.md, "The lifecycle of
// one pilot"). Dates are calendar dates in Europe/Copenhagen.

export const COURSE_ENDINGS = ['exam', 'diploma', 'none'] as const;

/** draft: defined, workflow not started. running / paused: driven by the workflow. closed: ended. */
export const PILOT_STATUSES = ['draft', 'running', 'paused', 'closed'] as const;
export type PilotStatus = (typeof PILOT_STATUSES)[number];

const Eligibility = z
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
  });

const Course = z
  .object({
    start: CalendarDate,
    weeks: z.number().int().min(1).max(104),
    ending: z.enum(COURSE_ENDINGS),
  })
  .strict();

const MatchEvent = z
  .object({
    date: CalendarDate,
    responseDeadline: CalendarDate,
    capacity: z.number().int().min(1).max(10_000),
  })
  .strict()
  .refine((m) => m.responseDeadline <= m.date, {
    path: ['responseDeadline'],
    message: 'must be on or before the event date',
  });

export const PilotInputSchema = z
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
    followUpMonths: z.number().int().min(1).max(24).default(2),
    /** A fraction: 0.4 means 40 % in ordinary employment at follow-up. */
    targetEmploymentRate: z.number().min(0).max(1, 'must be a fraction between 0 and 1 (0.4 = 40 %)'),
    budgetDkk: z.number().int().min(0).max(1_000_000_000),
    /** Who receives the outcome and escalation e-mails for this pilot. */
    managementEmails: z.array(z.email()).max(20).default([]),
    language: z.enum(['da', 'en']).default('da'),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.minimumCohort > p.capacity) {
      ctx.addIssue({ code: 'custom', path: ['minimumCohort'], message: 'must not exceed capacity' });
    }
    if (p.recruitment.closes < p.recruitment.opens) {
      ctx.addIssue({ code: 'custom', path: ['recruitment', 'closes'], message: 'must be on or after recruitment.opens' });
    }
    if (p.course.start < p.recruitment.closes) {
      ctx.addIssue({ code: 'custom', path: ['course', 'start'], message: 'must be on or after recruitment.closes' });
    }
    if (p.matchEvent && p.matchEvent.date < courseEnd(p.course)) {
      ctx.addIssue({ code: 'custom', path: ['matchEvent', 'date'], message: 'must be on or after the course ends' });
    }
  });

export type PilotInput = z.infer<typeof PilotInputSchema>;

/** Per-status participant counts kept on the pilot item, updated in the same transaction as each participant. */
export type ParticipantCounts = Record<import('./participant.js').ParticipantStatus, number>;

/** Where the workflow has the pilot: kept on the pilot item so GET /pilots/{id} shows it. */
export interface PilotLifecycle {
  phase?: import('./lifecycle.js').Phase;
  /** What the parked execution waits for, and until when (an instant, UTC). */
  waitingFor?: import('./lifecycle.js').WaitFor;
  nextDeadline?: string;
  startedAt?: string;
  pausedAt?: string;
  pauseReason?: string;
  /** A close asked for while no wait was parked; the next wait resumes at once with it. */
  closeRequested?: { reason: string; at: string };
  /** The last day the consultant has to extend or close a pilot under its minimum cohort. */
  recruitmentDecisionBy?: string;
  /** Risks raised (each once): `recruitment-under-minimum`, ... */
  risks?: Record<string, { at: string; details?: Record<string, unknown> }>;
  closedAt?: string;
}

export interface Pilot extends PilotInput, PilotLifecycle {
  id: string;
  status: PilotStatus;
  /** Places held by participants (enrolled, started, completed, dropped out after starting). Never above capacity. */
  placesTaken: number;
  counts: ParticipantCounts;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

/** The last day of the course: start + weeks, minus one day. */
export const courseEnd = (course: { start: string; weeks: number }): string => {
  const d = new Date(`${course.start}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + course.weeks * 7 - 1);
  return d.toISOString().slice(0, 10);
};

/**
 * Participants may be enrolled while the pilot is a draft or recruiting. The
 * recruitment window's dates are enforced by the workflow, which closes
 * recruitment at its end date, not by comparing with the wall clock here.
 */
export const isRecruiting = (pilot: Pick<Pilot, 'status'> & { phase?: string }): boolean =>
  pilot.status === 'draft' || (pilot.status === 'running' && pilot.phase === 'recruitment');
