import { dateInCopenhagen } from '../domain/calendar.js';
import { evaluatePilot } from '../domain/evaluation.js';
import { PHASES } from '../domain/lifecycle.js';
import { milestoneStanding, reportDay } from '../domain/reports.js';
import { renderStatusReport } from '../mail/status-report.js';
import type { ServiceContext } from './context.js';
import { getPilot } from '../store/pilots.js';
import { companyFacts, participantFacts, reportedInternships } from './evaluation.js';
import { sendOnce } from './mailing.js';
import { managementRecipients } from './pilot-mails.js';

// Report points (domain/reports.ts): on each point's day management gets a
// status e-mail, once (send-once key `report#<index>`). The wake-up is
// scheduled with the pilot's other notices (notices.ts), so a pause cancels
// it and the resume schedules it again at the moved day.

/**
 * A report point's wake-up. Nothing if the pilot is not running (paused: the
 * resume schedules it again; closed: the outcome e-mail says the rest), or
 * if the point's day has not come (a wake-up left from before the day moved).
 */
export const sendStatusReport = async (ctx: ServiceContext, pilotId: string, index: number): Promise<'sent' | 'not needed'> => {
  const pilot = await getPilot(ctx, pilotId);
  const point = pilot.reports?.[index];
  if (!point || pilot.status !== 'running') return 'not needed';
  const today = dateInCopenhagen(ctx.clock.now());
  const day = reportDay(pilot, point);
  if (today < day) return 'not needed';

  const reported = await reportedInternships(ctx, pilot);
  const participants = await participantFacts(ctx, pilot, reported);
  const evaluation = evaluatePilot({
    followUpReached: PHASES.indexOf(pilot.phase ?? 'recruitment') >= PHASES.indexOf('follow-up'),
    targetEmploymentRate: pilot.targetEmploymentRate,
    budgetDkk: pilot.budgetDkk,
    milestones: pilot.milestones,
    participants,
    companies: await companyFacts(ctx, pilot, reported),
  });
  // Those who can still complete: completed, or on the course now.
  const reachable = participants.filter((p) => p.status === 'completed' || p.status === 'started').length;
  const milestones = evaluation.milestones.map((m) => ({
    metric: m.metric,
    target: m.target,
    by: m.by,
    actual: m.actual,
    standing: milestoneStanding(m, m.actual, today, pilot.recruitment.opens, reachable),
  }));
  const risks = Object.entries(pilot.risks ?? {})
    .map(([risk, r]) => ({ risk, on: dateInCopenhagen(new Date(r.at)) }))
    .sort((a, b) => a.on.localeCompare(b.on) || a.risk.localeCompare(b.risk));
  const sent = await sendOnce(ctx, {
    pilotId,
    key: `report#${index}`,
    kind: 'status-report',
    to: managementRecipients(pilot),
    render: (language) =>
      renderStatusReport({
        pilot: { name: pilot.name, partner: pilot.partner, status: pilot.status },
        kind: point.at === 'quarter' || point.at === 'midway' ? point.at : 'date',
        day,
        phase: pilot.phase ?? 'recruitment',
        ...(pilot.waitingFor ? { waitingFor: pilot.waitingFor } : {}),
        ...(pilot.nextDeadline ? { nextDeadline: pilot.nextDeadline } : {}),
        placesTaken: pilot.placesTaken,
        capacity: pilot.capacity,
        funnel: evaluation.funnel,
        courseEnding: pilot.course.ending,
        milestones,
        risks,
        language,
      }),
  });
  return sent > 0 ? 'sent' : 'not needed';
};
