import { formatDate, type Language } from '../../mail/format.js';
import type { InternshipFormField } from './internship-form.js';
import { pagePhrases } from './phrases.js';

// For a POST that does not fit: the message shown next to the field (or, for
// a closed window, on a result page). Dates come in as calendar dates
// (YYYY-MM-DD) and are formatted in the page's language.

/** The event has fewer free slots than asked for: `slotsLeft` free in all, `maxForYou` this company's own cap. */
export const noSlotsLeftMessage = (language: Language, slotsLeft: number, maxForYou: number): string =>
  pagePhrases(language).messages.noSlotsLeft(slotsLeft, maxForYou);

export const overCompanyCapMessage = (language: Language, maxSlots: number): string => pagePhrases(language).messages.overCompanyCap(maxSlots);

/** Not a whole number of 0 or more (empty, "2,5", "-1", "to"). */
export const invalidNumberMessage = (language: Language): string => pagePhrases(language).messages.invalidNumber;

export const deadlinePassedMessage = (language: Language, responseDeadline: string): string =>
  pagePhrases(language).messages.deadlinePassed(formatDate(responseDeadline, language));

/** A field left empty. */
export const requiredMessage = (language: Language, field: 'slots' | InternshipFormField): string => pagePhrases(language).messages.required[field];

/** A candidate code this company did not meet (or a tampered select). */
export const unknownCandidateMessage = (language: Language): string => pagePhrases(language).messages.unknownCandidate;

export const invalidDateMessage = (language: Language): string => pagePhrases(language).messages.invalidDate;

export const startDateAfterWindowMessage = (language: Language, windowEnds: string): string =>
  pagePhrases(language).messages.dateOutsideWindow(formatDate(windowEnds, language));

export const startDateBeforeEventMessage = (language: Language, eventDate: string): string =>
  pagePhrases(language).messages.dateBeforeEvent(formatDate(eventDate, language));

export const weeksRangeMessage = (language: Language): string => pagePhrases(language).messages.weeksRange;

/** An offer reported for a candidate already reported started: a start is never undone by an offer. */
export const alreadyStartedMessage = (language: Language, code: string): string => pagePhrases(language).messages.alreadyStarted(code);

/** A report after the internship window has closed (shown on the form, or as a result page with tone "bad"). */
export const windowClosedMessage = (language: Language, windowEnds: string): string =>
  pagePhrases(language).messages.windowClosed(formatDate(windowEnds, language));
