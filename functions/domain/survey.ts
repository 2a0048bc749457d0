import { addDays, startOfDay } from './calendar.js';
import { courseLastDay, followUpDayOf, stretch, type LifecyclePilot } from './lifecycle.js';

export * from './survey-results.js';

// The participants' own voice: a short anonymous survey when the course ends.
// Four questions, each a choice of a few fixed answers (no free text, so
// nothing personal can be written in), one per screen. Pure: the questions,
// the window the survey is open in, and what the answers add up to.

/** Days after the invitation that the one reminder goes. */
export const SURVEY_REMINDER_DAYS = 7;

/**
 * When the survey is open: from the end of the course's last day (after its
 * pauses) until the follow-up day begins; the reminder goes
 * SURVEY_REMINDER_DAYS after the invitation, unless the survey has closed by
 * then. Instants (UTC ISO), like every deadline; a pause moves them as it
 * moves the course's end and the follow-up day (lifecycle.ts `stretch`).
 */
export const surveyWindow = (pilot: LifecyclePilot): { opensAt: string; remindAt?: string; closesAt: string } => {
  const opensOn = addDays(courseLastDay(pilot), 1);
  const remindOn = stretch(pilot, opensOn, addDays(opensOn, SURVEY_REMINDER_DAYS));
  const closesOn = followUpDayOf(pilot);
  return { opensAt: startOfDay(opensOn), ...(remindOn < closesOn ? { remindAt: startOfDay(remindOn) } : {}), closesAt: startOfDay(closesOn) };
};

export const SURVEY_STATES = ['not-open', 'open', 'closed'] as const;
export type SurveyState = (typeof SURVEY_STATES)[number];

export const surveyState = (pilot: LifecyclePilot, now: Date): SurveyState => {
  const w = surveyWindow(pilot);
  const t = now.toISOString();
  return t < w.opensAt ? 'not-open' : t < w.closesAt ? 'open' : 'closed';
};

/**
 * Printed codes: 8 characters from Crockford's alphabet (no I, L, O, U: none
 * is misread for another), shown as XXXX-XXXX. 40 bits: with 200 codes out,
 * a guess hits one in about 5 billion.
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const SURVEY_CODE = /^[0-9A-HJKMNP-TV-Z]{4}-?[0-9A-HJKMNP-TV-Z]{4}$/;

/** A typed code as stored: upper case, O read as 0 and I/L as 1, the dash and spaces dropped. */
export const normaliseCode = (typed: string): string => typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');

export const formatCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;
