// The phases of a pilot and what each waits for: the vocabulary that both the
// pilot (its phase, what it is waiting for) and the lifecycle's rules
// (lifecycle.ts: deadlines, which phases apply) are written in. Its own module
// so that pilot.ts and lifecycle.ts do not import each other.

export const PHASES = ['recruitment', 'course', 'certification', 'match-event', 'internships', 'follow-up', 'evaluation', 'closed'] as const;
export type Phase = (typeof PHASES)[number];

/** What a parked execution waits for; each is resumed by its deadline or by an event. */
export const WAITS = {
  /** Recruitment's end date, or early: the pilot is full. */
  'recruitment-end': 'recruitment',
  /** Under the minimum cohort: the consultant extends recruitment or closes; else it closes at the deadline. */
  'recruitment-decision': 'recruitment',
  'course-end': 'course',
  'certification-end': 'certification',
  /** Companies answer the invitations until the response deadline. */
  'match-answers': 'match-event',
  /** No company confirmed a slot: the consultant extends the deadline or closes; else it closes at the decision deadline. */
  'match-decision': 'match-event',
  /** Candidates are scheduled; the event takes place. */
  'match-event': 'match-event',
  'internships-end': 'internships',
  'follow-up-end': 'follow-up',
} as const satisfies Record<string, Phase>;

/**
 * The recovery wait: a step failed for good (after its retries) and the
 * execution parks until a consultant's `retry` (or `close`), or by itself
 * after a few days (lifecycle.ts STEP_RETRY_DAYS). It belongs to no phase:
 * the pilot stays in the phase where the step failed.
 */
export const STEP_RETRY_WAIT = 'step-retry';

/** The waits of the phases themselves. */
export type PhaseWaitFor = keyof typeof WAITS;
export type WaitFor = PhaseWaitFor | typeof STEP_RETRY_WAIT;
/** Every wait there is (a close resumes whichever the pilot is in). */
export const ALL_WAITS = [...(Object.keys(WAITS) as PhaseWaitFor[]), STEP_RETRY_WAIT] as const;

/**
 * The last day of the course: start + weeks, minus one day. Here rather than
 * in pilot.ts so that it needs no zod: the web page imports it to
 * draw a pilot's timeline.
 */
export const courseEnd = (course: { start: string; weeks: number }): string => {
  const d = new Date(`${course.start}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + course.weeks * 7 - 1);
  return d.toISOString().slice(0, 10);
};

/**
 * A pause the pilot was resumed from by shifting its plan: paused on `on`
 * (a date in Copenhagen), resumed `days` later. Stored dates still ahead on
 * `on` were moved by `days` when it resumed; derived days move by
 * lifecycle.ts `stretch`.
 */
export interface Pause {
  on: string;
  days: number;
}
