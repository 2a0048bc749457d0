import { addDays, addMonths, laterOf, startOfDay } from './calendar.js';
import type { PilotInput } from './pilot.js';
import { courseEnd, type Pause, type Phase, type WaitFor } from './phases.js';

const minOf = (a: string, b: string): string => (a <= b ? a : b);

// The lifecycle of a pilot: its phases in order (phases.ts), what each one
// waits for, and when that wait's deadline falls. Pure: the state machine in
// workflows/ asks the step function, which asks this module.

export { ALL_WAITS, PHASES, STEP_RETRY_WAIT, WAITS, courseEnd, type Pause, type Phase, type PhaseWaitFor, type WaitFor } from './phases.js';

/** Days a pilot parked after a failed step waits for a retry before it retries by itself. */
export const STEP_RETRY_DAYS = 7;

/** The wait that each waiting phase parks on when it is entered. */
export const PHASE_WAIT = {
  recruitment: 'recruitment-end',
  course: 'course-end',
  certification: 'certification-end',
  'match-event': 'match-answers',
  internships: 'internships-end',
  'follow-up': 'follow-up-end',
} as const satisfies Partial<Record<Phase, WaitFor>>;
export type WaitingPhase = keyof typeof PHASE_WAIT;

/** Defaults until the phases' own settings arrive (certification, internships, follow-up). */
export const CERTIFICATION_WEEKS = 4;
export const INTERNSHIP_WEEKS = 8;
/** Days the consultant has to record follow-up outcomes before the evaluation runs anyway. */
export const FOLLOW_UP_WINDOW_DAYS = 21;
/** Days the consultant has to extend or close a pilot under its minimum cohort. */
export const DECISION_DAYS = 14;

/**
 * The last day of a decision window that opens on `today`. A deadline falls at
 * the end of its last day, and the escalation comes at 00:00 (a deadline), so
 * the window's last day is DECISION_DAYS - 1 days on: counting today, that is
 * exactly DECISION_DAYS days.
 */
export const decisionLastDay = (today: string): string => addDays(today, DECISION_DAYS - 1);

export type LifecyclePilot = Pick<PilotInput, 'recruitment' | 'course' | 'matchEvent' | 'followUpMonths'> & {
  certification?: { examDeadline?: string | undefined };
  /** Set when the pilot was escalated for recruitment under the minimum. */
  recruitmentDecisionBy?: string;
  /** Set when no company confirmed a slot by the response deadline. */
  matchDecisionBy?: string;
  /** The pauses the pilot was resumed from by shifting (`resume {}`), oldest first: see `stretch`. */
  pauses?: Pause[];
  /** Set while the execution is parked after a failed step: the day it retries by itself. */
  stepFailure?: { retryBy: string };
};

/**
 * A derived day `to`, counted from the day `from`, after the pilot's pauses:
 * a pause that fell inside the span (from before it, to on or after it)
 * lengthens the span by its days. So a course paused in its middle ends as
 * much later as it was paused, though its start (already past) stayed; a
 * span whose start was itself moved by the pause (it lay ahead) is not
 * moved twice. Pauses are applied oldest first, each in the dates that were
 * current when it happened.
 */
export const stretch = (pilot: Pick<LifecyclePilot, 'pauses'>, from: string, to: string): string => {
  let day = to;
  for (const pause of pilot.pauses ?? []) {
    if (from < pause.on && day >= pause.on) day = addDays(day, pause.days);
  }
  return day;
};

/** The course's last day after the pauses that fell in it. */
export const courseLastDay = (pilot: Pick<LifecyclePilot, 'course' | 'pauses'>): string => stretch(pilot, pilot.course.start, courseEnd(pilot.course));

/** Whether a phase applies to this pilot: certification only ends an exam course; the match event and internships need an event. */
export const phaseApplies = (pilot: LifecyclePilot, phase: WaitingPhase): boolean => {
  if (phase === 'certification') return pilot.course.ending === 'exam';
  if (phase === 'match-event' || phase === 'internships') return pilot.matchEvent !== undefined;
  return true;
};

/**
 * The days the plan turns on. Phases follow each other, so a phase never ends
 * before the one before it (the Azure pilot's match event came months after
 * its certification, and its follow-up after that). The follow-up is asked for
 * followUpMonths after the course ends, but not before the internships are over.
 */
const planDays = (pilot: LifecyclePilot) => {
  // Each derived day is stretched over the span it is counted from (see `stretch`); stored dates were shifted at the resume.
  const recruitmentEnd = pilot.recruitment.closes;
  const courseLast = laterOf(courseLastDay(pilot), recruitmentEnd);
  const certificationLast = phaseApplies(pilot, 'certification')
    ? laterOf(pilot.certification?.examDeadline ?? stretch(pilot, courseLast, addDays(courseLast, CERTIFICATION_WEEKS * 7)), courseLast)
    : courseLast;
  const eventDay = pilot.matchEvent ? laterOf(pilot.matchEvent.date, certificationLast) : certificationLast;
  // Companies answer until the response deadline, but never past the event, and the phase starts no earlier than certification ends.
  const answersLast = pilot.matchEvent ? minOf(laterOf(pilot.matchEvent.responseDeadline, certificationLast), eventDay) : eventDay;
  const internshipsLast = pilot.matchEvent ? stretch(pilot, eventDay, addDays(eventDay, INTERNSHIP_WEEKS * 7)) : eventDay;
  const courseEnded = courseLastDay(pilot);
  const followUpDay = laterOf(stretch(pilot, courseEnded, addMonths(courseEnded, pilot.followUpMonths)), internshipsLast);
  const followUpLast = stretch(pilot, followUpDay, addDays(followUpDay, FOLLOW_UP_WINDOW_DAYS));
  return { recruitmentEnd, courseLast, certificationLast, answersLast, eventDay, internshipsLast, followUpDay, followUpLast };
};

/** The follow-up day: outcomes recorded before it are provisional, and the evaluation never runs before it. */
export const followUpDayOf = (pilot: LifecyclePilot): string => planDays(pilot).followUpDay;

/**
 * A follow-up situation recorded before the follow-up day is provisional:
 * the situation at follow-up is what it is on that day, so the request still
 * goes out for it, it does not end the phase early, and the evaluation counts
 * it as unknown unless it is recorded again on or after the day.
 */
export const isProvisional = (pilot: LifecyclePilot, recordedAt: string): boolean => recordedAt < startOfDay(followUpDayOf(pilot));

/**
 * A participant as the API shows it: a follow-up situation recorded before
 * the pilot's follow-up day is marked `provisional`, worked out at each read
 * because the day can still move (a pause, new dates).
 */
export const withFollowUpStatus = <P extends { followUp?: { recordedAt: string; provisional?: true } }>(pilot: LifecyclePilot, p: P): P =>
  p.followUp && isProvisional(pilot, p.followUp.recordedAt) ? { ...p, followUp: { ...p.followUp, provisional: true } } : p;

/**
 * The pilot's plan as GET /pilots/{id} shows it: the last day of each phase
 * (after its pauses), the match event's day, and the follow-up day. A phase
 * the pilot does not have is left out.
 */
export const planOf = (pilot: LifecyclePilot) => {
  const d = planDays(pilot);
  return {
    recruitmentEnds: d.recruitmentEnd,
    courseEnds: d.courseLast,
    ...(phaseApplies(pilot, 'certification') ? { certificationEnds: d.certificationLast } : {}),
    ...(pilot.matchEvent ? { answersBy: d.answersLast, matchEventDay: d.eventDay, internshipsEnd: d.internshipsLast } : {}),
    followUpDay: d.followUpDay,
    followUpEnds: d.followUpLast,
  };
};

/** The last calendar day of each wait. */
export const lastDayOf = (pilot: LifecyclePilot, wait: WaitFor): string => {
  const days = planDays(pilot);
  switch (wait) {
    case 'recruitment-end':
      return days.recruitmentEnd;
    case 'recruitment-decision':
      return pilot.recruitmentDecisionBy ?? days.recruitmentEnd;
    case 'course-end':
      return days.courseLast;
    case 'certification-end':
      return days.certificationLast;
    case 'match-answers':
      return days.answersLast;
    case 'match-decision':
      return pilot.matchDecisionBy ?? days.answersLast;
    case 'match-event':
      return days.eventDay;
    case 'internships-end':
      return days.internshipsLast;
    case 'follow-up-end':
      return days.followUpLast;
    case 'step-retry':
      // Set by the failed step before its wait is created; the fallback only satisfies the type.
      return pilot.stepFailure?.retryBy ?? days.recruitmentEnd;
  }
};

/**
 * E-mails that a phase schedules and that resume nothing: the follow-up
 * request on the follow-up day and reminders after 7 and 14 days; the
 * exam-results reminder 7 days before the exam deadline; the reminders to
 * companies that have not answered their invitation.
 */
export const NOTICES = [
  'follow-up-request',
  'follow-up-reminder-1',
  'follow-up-reminder-2',
  'exam-results-reminder',
  'match-reminder-1',
  'match-reminder-2',
] as const;
export type Notice = (typeof NOTICES)[number];

/** The notices a wait schedules, and when each goes (start of day, Copenhagen). */
export const noticesOf = (pilot: LifecyclePilot, wait: WaitFor): { notice: Notice; at: string }[] => {
  if (wait === 'follow-up-end') return followUpNotices(pilot);
  if (wait === 'certification-end') return [{ notice: 'exam-results-reminder', at: startOfDay(addDays(lastDayOf(pilot, wait), -6)) }];
  // Companies that have not answered are reminded 7 and 2 days before the response deadline (the end of its last day).
  if (wait === 'match-answers') {
    const last = lastDayOf(pilot, wait);
    return [
      { notice: 'match-reminder-1', at: startOfDay(addDays(last, -6)) },
      { notice: 'match-reminder-2', at: startOfDay(addDays(last, -1)) },
    ];
  }
  return [];
};

/** When each follow-up notice goes: the request on the follow-up day, reminders 7 and 14 days later (start of day, Copenhagen). */
export const followUpNotices = (pilot: LifecyclePilot): { notice: 'follow-up-request' | 'follow-up-reminder-1' | 'follow-up-reminder-2'; at: string }[] => {
  const day = planDays(pilot).followUpDay;
  return [
    { notice: 'follow-up-request', at: startOfDay(day) },
    { notice: 'follow-up-reminder-1', at: startOfDay(stretch(pilot, day, addDays(day, 7))) },
    { notice: 'follow-up-reminder-2', at: startOfDay(stretch(pilot, day, addDays(day, 14))) },
  ];
};

/** A wait's deadline: the instant its last day ends in Copenhagen. */
export const deadlineOf = (pilot: LifecyclePilot, wait: WaitFor): string => startOfDay(addDays(lastDayOf(pilot, wait), 1));

/**
 * Every waiting task's TimeoutSeconds in the definition: 20 days. It is only
 * a safety net behind the wake-up; on a timeout the task parks again (its
 * Catch on States.Timeout), so a wait of months re-parks every 20 days.
 * Fixed rather than computed per deadline because the local interpreter
 * times tasks with setTimeout, whose delay overflows past 24.8 days, and
 * evaluates TimeoutSecondsPath against a different input than AWS does.
 */
export const PARK_TIMEOUT_SECONDS = 20 * 86_400;

/**
 * A Standard execution ends after one year, and a pilot may run for years
 * (a course of up to 104 weeks, a follow-up up to 24 months later, pauses).
 * So the execution a wait is parked in is renewed this many days after it
 * started: the wait is resumed with `renew`, and the execution starts its
 * successor at the same wait and ends. 300 days leaves two months for a
 * renewal that fails and is retried.
 */
export const EXECUTION_RENEW_DAYS = 300;
