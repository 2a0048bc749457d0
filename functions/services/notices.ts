import { dateInCopenhagen, startOfDay } from '../domain/calendar.js';
import { noticesOf, NOTICES, type Notice, type WaitFor } from '../domain/lifecycle.js';
import type { Pilot } from '../domain/pilot.js';
import { MAX_REPORTS, reportDay } from '../domain/reports.js';
import { surveyWindow } from '../domain/survey.js';
import type { Ports } from '../ports/index.js';
import type { WakeUpPayload } from '../ports/scheduler.js';

// Notices: scheduled wake-ups that send the consultant an e-mail and resume
// nothing. The follow-up phase asks for each participant's situation on the
// follow-up day and reminds after 7 and 14 days; the certification phase
// reminds of missing exam results 7 days before the exam deadline; the
// match event reminds companies that have not answered.
// Some notices belong to the pilot's whole plan rather than one wait: the
// participants' survey (its invitation when the course ends, and its
// reminder) and the report points. They are scheduled again with every
// wait's notices and after every resume, so a pause moves them like every
// other deadline.
// This module only schedules them (the waits use it); sending a due notice is
// the wake-up's job (wake-up.ts), which sits above the features it calls.

const noticeName = (pilotId: string, notice: Notice) => `${pilotId}-${notice}`;
const reportName = (pilotId: string, index: number) => `${pilotId}-report-${index}`;
/** The first page of a survey mailing (the later pages are scheduled by the mailing itself: survey-invitations.ts). */
const surveyName = (pilotId: string, step: 'invite' | 'remind') => `${pilotId}-survey-${step}-0`;

/**
 * The survey's mailings and the report points, from today on (one due
 * earlier today fires at once; a send-once key keeps each to one e-mail).
 */
const planNotices = (pilot: Pilot, today: string): { name: string; at: string; payload: WakeUpPayload }[] => {
  const from = startOfDay(today);
  const survey = surveyWindow(pilot);
  const all = [
    { name: surveyName(pilot.id, 'invite'), at: survey.opensAt, payload: { pilotId: pilot.id, survey: { step: 'invite' as const, page: 0 } } },
    ...(survey.remindAt
      ? [{ name: surveyName(pilot.id, 'remind'), at: survey.remindAt, payload: { pilotId: pilot.id, survey: { step: 'remind' as const, page: 0 } } }]
      : []),
    ...(pilot.reports ?? []).map((point, index) => ({
      name: reportName(pilot.id, index),
      at: startOfDay(reportDay(pilot, point)),
      payload: { pilotId: pilot.id, report: index },
    })),
  ];
  return all.filter((n) => n.at >= from);
};

/** Schedules (or, after the dates moved, re-schedules) the notices of the wait the pilot is in, and the plan's own. */
export const scheduleNotices = async (ctx: { ports: Pick<Ports, 'scheduler'> }, pilot: Pilot, wait: WaitFor, now: Date): Promise<void> => {
  const due = [
    ...noticesOf(pilot, wait).map(({ notice, at }) => ({ name: noticeName(pilot.id, notice), at, payload: { pilotId: pilot.id, notice } })),
    ...planNotices(pilot, dateInCopenhagen(now)),
  ];
  for (const { name, at, payload } of due) {
    await ctx.ports.scheduler.cancel(name);
    await ctx.ports.scheduler.schedule({ name, at, payload });
  }
};

export const cancelNotices = async (ctx: { ports: Pick<Ports, 'scheduler'> }, pilotId: string): Promise<void> => {
  for (const notice of NOTICES) await ctx.ports.scheduler.cancel(noticeName(pilotId, notice));
  for (const step of ['invite', 'remind'] as const) await ctx.ports.scheduler.cancel(surveyName(pilotId, step));
  for (let index = 0; index < MAX_REPORTS; index++) await ctx.ports.scheduler.cancel(reportName(pilotId, index));
};
