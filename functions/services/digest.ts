import * as z from 'zod';
import { addDays, dateInCopenhagen, startOfDay } from '../domain/calendar.js';
import type { Pilot } from '../domain/pilot.js';
import { renderDigestMail, type DigestMailView } from '../mail/digest.js';
import type { ServiceContext } from './context.js';
import { pilotsWithStatuses } from '../store/pilots.js';
import type { Outcome } from '../domain/evaluation.js';
import { outcomesOf } from './evaluation.js';
import { sendOnce, type Recipient } from './mailing.js';

// The weekly portfolio digest (Monday 07:00, Europe/Copenhagen): every active
// pilot's phase, next deadline and risks, and the results of pilots closed in
// the week before. Once per week, whatever retries.

/** DIGEST_RECIPIENTS: "a@kk.dk, b@kk.dk:en"; without it, everyone on an active pilot's management list. */
const configuredRecipients = (): Recipient[] | undefined => {
  const raw = process.env.DIGEST_RECIPIENTS?.trim();
  if (!raw) return undefined;
  return raw.split(',').map((entry) => {
    const [email, language] = entry.trim().split(':');
    return { email: z.email().parse(email), language: language === 'en' ? 'en' : 'da' };
  });
};

export const sendDigest = async (ctx: ServiceContext): Promise<{ weekOf: string; sent: number }> => {
  const today = dateInCopenhagen(ctx.clock.now());
  const week = digestWeek(today);
  // One query for the three statuses the digest reports on (not one each), and
  // one batched read of the outcomes it shows (not one per closed pilot).
  const pilots = await pilotsWithStatuses(ctx, ['running', 'paused', 'closed']);
  const active = [...pilots.filter((p) => p.status === 'running'), ...pilots.filter((p) => p.status === 'paused')];
  const allClosed = pilots.filter((p) => p.status === 'closed');
  const closed = allClosed.filter((p) => p.closedAt && inWeek(week, p.closedAt));
  const outcomes = await outcomesOf(
    ctx,
    allClosed.filter((p) => p.comparison || closed.includes(p)).map((p) => p.id),
  );
  const closedSince: DigestMailView['closedSince'] = [];
  for (const pilot of closed) {
    const outcome = outcomes.get(pilot.id);
    if (outcome) closedSince.push({ name: pilot.name, recommendation: outcome.recommendation, employment: outcome.evaluation.employment?.rate ?? null });
  }
  const byEffect = effectRanking(allClosed, outcomes);
  const to = configuredRecipients() ?? [...new Map(active.flatMap((p) => p.managementEmails).map((r) => [r.email, r])).values()];
  const sent = await sendOnce(ctx, {
    key: `digest#${today}`,
    kind: 'digest',
    to,
    render: (language) =>
      renderDigestMail({
        weekOf: today,
        active: active.map((p) => ({
          name: p.name,
          phase: p.phase ?? 'recruitment',
          status: p.status as 'running' | 'paused',
          ...(p.nextDeadline ? { nextDeadline: p.nextDeadline } : {}),
          ...(p.waitingFor ? { waitingFor: p.waitingFor } : {}),
          risks: Object.keys(p.risks ?? {}),
        })),
        closedSince,
        byEffect,
        language,
      }),
  });
  return { weekOf: today, sent };
};

/**
 * The portfolio's evaluated pilots that measured an effect against their
 * comparison, largest effect first. Ranked by the difference itself; the
 * intervals shown beside it say how far the order can be trusted.
 */
export const effectRanking = (closed: Pilot[], outcomes: ReadonlyMap<string, Outcome>): DigestMailView['byEffect'] => {
  const ranked: DigestMailView['byEffect'] = [];
  for (const pilot of closed.filter((p) => p.comparison)) {
    const e = outcomes.get(pilot.id)?.evaluation;
    if (e?.effect && e.comparison && e.employment) ranked.push({ name: pilot.name, employment: e.employment.rate, comparison: e.comparison, effect: e.effect });
  }
  return ranked.sort((a, b) => b.effect.difference - a.effect.difference || a.name.localeCompare(b.name, 'da'));
};

/**
 * The week a digest sent on `today` reports on: from 00:00 (Copenhagen) seven
 * days before to 00:00 today, the end excluded. Half-open, so an event at
 * exactly 00:00 on a Monday is in one week only (the one it starts), and the
 * hours between midnight and the digest go in next week's digest.
 */
export const digestWeek = (today: string): { from: string; until: string } => ({
  from: startOfDay(addDays(today, -7)),
  until: startOfDay(today),
});

const inWeek = (week: { from: string; until: string }, at: string): boolean => {
  const t = Date.parse(at);
  return t >= Date.parse(week.from) && t < Date.parse(week.until);
};

/** The next Monday 07:00 in Copenhagen after `now`, as an instant (the local scheduler's stand-in for the cron). */
export const nextDigestAt = (now: Date): string => {
  for (let d = 0; d <= 7; d++) {
    const date = addDays(dateInCopenhagen(now), d);
    if (new Date(`${date}T12:00:00Z`).getUTCDay() !== 1) continue;
    const at = new Date(Date.parse(`${date}T07:00:00Z`) - copenhagenOffsetMs(date));
    if (at.getTime() > now.getTime()) return at.toISOString();
  }
  return nextDigestAt(new Date(now.getTime() + 86_400_000));
};

/** Copenhagen's UTC offset at 07:00 on a date: midnight's offset holds until 02:00/03:00 changes, so measure at noon. */
const copenhagenOffsetMs = (date: string): number => {
  const noonUtc = new Date(`${date}T12:00:00Z`);
  const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Copenhagen', hour: '2-digit', hourCycle: 'h23' }).format(noonUtc);
  return (Number(local) - 12) * 3600_000;
};
