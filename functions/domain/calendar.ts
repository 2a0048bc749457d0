// Calendar dates in Europe/Copenhagen. Pilots are planned in dates
// ("recruitment closes 2020-03-01"); the engine needs instants. A date's day
// begins at 00:00 Copenhagen time, which is 23:00 or 22:00 UTC the day before
// depending on summer time. No date library: Intl knows the zone's rules.

const ZONE = 'Europe/Copenhagen';

// Made on first use: the first Intl object of a process loads ICU's data,
// about 15 ms of CPU, which a cold start that computes no date (a refused
// request, most of the workflow's steps until they plan) need not pay.
let parts: Intl.DateTimeFormat | undefined;
const formatter = () =>
  (parts ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    // h23, not the en-GB default: midnight is 00, never 24.
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }));

const partsAt = (instant: Date) =>
  Object.fromEntries(
    formatter()
      .formatToParts(instant)
      .map((x) => [x.type, x.value]),
  );

/**
 * The Copenhagen wall-clock time (`YYYY-MM-DDTHH:MM:SS`) at an instant, with
 * Intl applying the zone's summer-time rules. In the autumn's repeated hour
 * (02:00-02:59 on the last Sunday of October) two instants give the same
 * text, an ambiguity midnight deadlines never meet.
 */
export const wallClockInCopenhagen = (instant: Date): string => {
  const p = partsAt(instant);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
};

/** Copenhagen's offset from UTC, in minutes, at an instant. */
const offsetMinutes = (instant: Date): number => {
  const p = partsAt(instant);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
};

/** The instant a calendar date begins in Copenhagen, as an ISO string in UTC. */
export const startOfDay = (date: string): string => {
  const utcMidnight = new Date(`${date}T00:00:00Z`);
  // Midnight is never inside a DST gap in Denmark (changes happen at 02:00/03:00).
  const offset = offsetMinutes(new Date(utcMidnight.getTime() - 2 * 3600_000));
  return new Date(utcMidnight.getTime() - offset * 60_000).toISOString();
};

/** The calendar date in Copenhagen at an instant. */
export const dateInCopenhagen = (instant: Date): string => wallClockInCopenhagen(instant).slice(0, 10);

export const addDays = (date: string, days: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** Adds calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export const addMonths = (date: string, months: number): string => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
};

/** Whole days from `from` to `to` (calendar dates), negative when `to` is earlier. */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export const laterOf = (a: string, b: string): string => (a >= b ? a : b);
