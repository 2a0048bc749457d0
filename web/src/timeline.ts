import { addDays, dateInCopenhagen } from '../../functions/domain/calendar.js';
import { lastDayOf, phaseApplies, type Phase } from '../../functions/domain/lifecycle.js';
import type { Pilot } from '../../functions/domain/pilot.js';

// A pilot's phases with their dates, from the same rules the workflow uses
// (functions/domain/lifecycle.ts), so the page never shows a date the
// workflow would not keep.

/** `skipped`: a closed pilot never reached the phase (it closed early). */
export type StepState = 'past' | 'current' | 'next' | 'later' | 'skipped';
export interface TimelineStep {
  phase: Phase;
  from: string;
  /** The last day; none for the evaluation, which runs once follow-up ends. */
  to?: string;
  state: StepState;
}

/** A deadline is 00:00 Copenhagen after a phase's last day: the reader wants that last day. */
export const lastDayBefore = (deadline: string): string => dateInCopenhagen(new Date(Date.parse(deadline) - 1));

/**
 * `evaluatedAt`: when the outcome was written, if it was. The evaluation runs
 * when the follow-up is complete or its window ends, or at once when the pilot
 * closes early, so its date is the outcome's, not the plan's.
 */
export const timelineOf = (pilot: Pilot, evaluatedAt?: string): TimelineStep[] => {
  const recruitmentLast = lastDayOf(pilot, pilot.waitingFor === 'recruitment-decision' ? 'recruitment-decision' : 'recruitment-end');
  const courseLast = lastDayOf(pilot, 'course-end');
  const followUpLast = lastDayOf(pilot, 'follow-up-end');
  const steps: Omit<TimelineStep, 'state'>[] = [
    { phase: 'recruitment', from: pilot.recruitment.opens, to: recruitmentLast },
    { phase: 'course', from: pilot.course.start, to: courseLast },
  ];
  if (phaseApplies(pilot, 'certification')) steps.push({ phase: 'certification', from: addDays(courseLast, 1), to: lastDayOf(pilot, 'certification-end') });
  if (phaseApplies(pilot, 'match-event')) {
    const eventDay = lastDayOf(pilot, 'match-event');
    steps.push({ phase: 'match-event', from: eventDay, to: eventDay });
    steps.push({ phase: 'internships', from: addDays(eventDay, 1), to: lastDayOf(pilot, 'internships-end') });
  }
  // The follow-up day, then the recording window before the evaluation runs anyway.
  steps.push({ phase: 'follow-up', from: addDays(followUpLast, -21), to: followUpLast });
  const evaluatedOn = evaluatedAt ? dateInCopenhagen(new Date(evaluatedAt)) : undefined;
  steps.push({ phase: 'evaluation', from: evaluatedOn ?? addDays(followUpLast, 1) });

  if (pilot.status === 'closed' || evaluatedOn) {
    // Evaluated (and closed, maybe early): what began before the evaluation
    // or the close is past, the evaluation itself too; the rest never came.
    const endedOn = evaluatedOn ?? (pilot.closedAt ? dateInCopenhagen(new Date(pilot.closedAt)) : '9999-12-31');
    return steps.map((s) => ({
      ...s,
      state: s.phase === 'evaluation' ? (evaluatedOn ? 'past' : 'skipped') : s.from <= endedOn ? 'past' : 'skipped',
    }));
  }
  const current = pilot.status === 'draft' || !pilot.phase ? -1 : steps.findIndex((s) => s.phase === pilot.phase);
  return steps.map((s, i) => ({ ...s, state: i < current ? 'past' : i === current ? 'current' : i === current + 1 ? 'next' : 'later' }));
};
