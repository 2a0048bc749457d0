import { dateInCopenhagen } from '../domain/calendar.js';

// How the e-mails and the company link pages write dates, times, counts and
// plurals in each language, in one place: every phrase table
// (functions/mail/phrases, functions/http/company-pages) takes its numbers and
// dates from here. The Intl formatters are made once per language, not per
// call, and on first use: ten of them, made when the module loads, cost every
// function that sends mail about 20 ms of its cold start (the first loads
// ICU's data), whether it wrote a date or not.

export const LANGUAGES = ['da', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The BCP 47 locale each language is written in. */
export const LOCALE: Record<Language, string> = { da: 'da-DK', en: 'en-GB' };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const perLanguage = <T>(make: (locale: string) => T): ((language: Language) => T) => {
  const made: Partial<Record<Language, T>> = {};
  return (language) => (made[language] ??= make(LOCALE[language]));
};
const DAY_MONTH_YEAR = perLanguage((l) => new Intl.DateTimeFormat(l, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }));
const DAY_MONTH = perLanguage((l) => new Intl.DateTimeFormat(l, { day: 'numeric', month: 'long', timeZone: 'UTC' }));
const CLOCK = perLanguage((l) => new Intl.DateTimeFormat(l, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Copenhagen' }));
const COUNT = perLanguage((l) => new Intl.NumberFormat(l));
const PLURAL = perLanguage((l) => new Intl.PluralRules(l));

const isDate = (date: string): boolean => DATE.test(date) && !Number.isNaN(Date.parse(`${date}T00:00:00Z`));

/** A calendar date as read in the language: "15. marts 2021" / "15 March 2021". Anything not a date is returned as it is. */
export const formatDate = (date: string, language: Language): string => (isDate(date) ? DAY_MONTH_YEAR(language).format(new Date(`${date}T00:00:00Z`)) : date);

/**
 * A deadline instant as the last Copenhagen day to act. Deadlines are the
 * instant a day ends (lifecycle.ts `deadlineOf`: 00:00 of the next day), so
 * the date just before the instant is the one to show: a deadline of
 * 2021-01-27T23:00Z is "27. januar 2021", not the 28th.
 */
export const formatDeadline = (instant: string, language: Language): string => {
  const t = new Date(instant);
  return Number.isNaN(t.getTime()) ? instant : formatDate(dateInCopenhagen(new Date(t.getTime() - 1)), language);
};

/** A count in the language's digit grouping: 1.600 / 1,600. */
export const formatCount = (n: number, language: Language): string => COUNT(language).format(n);

/** The ISO 8601 week number of a calendar date: Danish workplaces speak of "uge 11". */
export const isoWeek = (date: string): { week: number; year: number } => {
  const d = new Date(`${date}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0
  d.setUTCDate(d.getUTCDate() - weekday + 3); // the Thursday of the same week decides the year
  const year = d.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  return { week: 1 + Math.round((d.getTime() - firstThursday.getTime()) / (7 * 86_400_000)), year };
};

/** The clock time of an instant in Copenhagen: "09.00" / "09:00". */
export const formatTime = (instant: string, language: Language): string => {
  const t = new Date(instant);
  return Number.isNaN(t.getTime()) ? instant : CLOCK(language).format(t);
};

/** A wall-clock time given as "09:00", written as the language writes it: "09.00" / "09:00". */
export const formatClock = (time: string, language: Language): string => (/^\d{1,2}:\d{2}$/.test(time) && language === 'da' ? time.replace(':', '.') : time);

/** A calendar date without its year ("4. januar" / "4 January"), for a date in the same year as one already shown. */
export const formatDayMonth = (date: string, language: Language): string => (isDate(date) ? DAY_MONTH(language).format(new Date(`${date}T00:00:00Z`)) : date);

/** A deadline shown beside another date: without the year when both are in the same year. */
export const formatDeadlineNear = (deadline: string, other: string, language: Language): string =>
  deadline.slice(0, 4) === other.slice(0, 4) ? formatDayMonth(deadline, language) : formatDate(deadline, language);

/** A count with its noun in the language's plural form: "1 plads" / "3 pladser". */
export const plural = (language: Language, n: number, one: string, many: string): string =>
  `${formatCount(n, language)} ${PLURAL(language).select(n) === 'one' ? one : many}`;

/** The figures an escalation names (enrolled, minimum, …), as its phrases read them. */
export type Details = Record<string, number | string>;

/** A figure of the details as text, or undefined when it is not there. */
export const num = (d: Details, key: string): string | undefined => (d[key] === undefined ? undefined : String(d[key]));
