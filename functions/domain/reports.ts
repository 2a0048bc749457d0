import { addDays, daysBetween } from './calendar.js';
import type { MilestoneTarget } from './evaluation.js';
import { followUpDayOf, stretch, type LifecyclePilot } from './lifecycle.js';
import { type ReportPoint } from './report-points.js';

export { MAX_REPORTS, ReportPointSchema, type ReportPoint } from './report-points.js';

// Report points along the way (the projects' own practice: a note after the
// first quarter, a midway status): at each, management gets a status e-mail.
// Pure: which day a point falls on, and how a milestone stands on a day.

export const REPORT_FRACTIONS = { quarter: 0.25, midway: 0.5 } as const;

export type ReportPilot = LifecyclePilot & { reports?: ReportPoint[] | undefined };

/**
 * The day a report point falls on (a calendar date in Copenhagen).
 *
 * The pilot's span runs from the day recruitment opens to its follow-up day
 * (when the outcome is measured). `quarter` is a quarter of the way through
 * it, `midway` half way, counted in whole days (rounded down) over the
 * span's working days: the days it was paused are left out of the count and
 * then put back with `stretch`, so a pause before the point moves it by the
 * pause's whole length, as it moves every other deadline (and not by a
 * fraction of it; the follow-up day is counted in calendar months, so the
 * span's working days can differ by a day or two from before the pause).
 * A date is a date: stored on the pilot, it moves at a resume like the
 * pilot's other dates still ahead.
 */
export const reportDay = (pilot: ReportPilot, point: ReportPoint): string => {
  if (point.at !== 'quarter' && point.at !== 'midway') return point.at;
  const from = pilot.recruitment.opens;
  const to = followUpDayOf(pilot);
  const paused = (pilot.pauses ?? []).filter((p) => from < p.on && p.on <= to).reduce((sum, p) => sum + p.days, 0);
  const working = Math.max(0, daysBetween(from, to) - paused);
  return stretch(pilot, from, addDays(from, Math.floor(working * REPORT_FRACTIONS[point.at])));
};

export const MILESTONE_STANDINGS = ['met', 'on-track', 'at-risk'] as const;
export type MilestoneStanding = (typeof MILESTONE_STANDINGS)[number];

/**
 * How a milestone stands on `today`: met once the target is reached; past
 * its day and not met, at risk (it was missed). Before its day: for
 * `completed`, which nobody reaches before the course ends, at risk only
 * when fewer are still on the course than the target needs (`reachable`,
 * those completed plus those still on it); for `screened` and `enrolled`, on
 * track while the count keeps pace with the time gone since `since` (the day
 * recruitment opened), else at risk.
 */
export const milestoneStanding = (
  m: Pick<MilestoneTarget, 'metric' | 'target' | 'by'>,
  actual: number,
  today: string,
  since: string,
  reachable?: number,
): MilestoneStanding => {
  if (actual >= m.target) return 'met';
  if (today > m.by) return 'at-risk';
  if (m.metric === 'completed') return reachable !== undefined && reachable < m.target ? 'at-risk' : 'on-track';
  const total = daysBetween(since, m.by);
  const gone = daysBetween(since, today);
  if (total <= 0 || gone <= 0) return 'on-track';
  return actual / m.target >= gone / total ? 'on-track' : 'at-risk';
};
