import { noticesOf, NOTICES, type Notice, type WaitFor } from '../domain/lifecycle.js';
import type { Pilot } from '../domain/pilot.js';
import { port } from '../ports/index.js';
import type { StoreContext } from '../store/client.js';
import { changePilot, getPilot } from '../store/pilots.js';
import { SYSTEM_ACTOR } from '../store/audit.js';
import { missingFollowUps } from './follow-up.js';
import { remindOfExamResults } from './vouchers.js';
import { remindCompanies } from './match-event.js';
import { consultantRecipients, managementRecipients, sendEscalation, sendFollowUpRequest } from './pilot-mails.js';

// Notices: scheduled wake-ups that send the consultant an e-mail and resume
// nothing. The follow-up phase asks for each participant's situation on the
// follow-up day and reminds after 7 and 14 days; the certification phase
// reminds of missing exam results 7 days before the exam deadline; the
// match event reminds companies that have not answered.

const noticeName = (pilotId: string, notice: Notice) => `${pilotId}-${notice}`;

/** Schedules (or, after the dates moved, re-schedules) the notices of the wait the pilot is in. */
export const scheduleNotices = async (pilot: Pilot, wait: WaitFor): Promise<void> => {
  for (const { notice, at } of noticesOf(pilot, wait)) {
    const name = noticeName(pilot.id, notice);
    await port('scheduler').cancel(name);
    await port('scheduler').schedule({ name, at, payload: { pilotId: pilot.id, notice } });
  }
};

export const cancelNotices = async (pilotId: string): Promise<void> => {
  for (const notice of NOTICES) await port('scheduler').cancel(noticeName(pilotId, notice));
};

/**
 * A notice is due: if the pilot is still waiting for its follow-up and
 * outcomes are missing, the consultant gets the request (or a reminder);
 * at the second reminder, management is told the follow-up is incomplete.
 */
export const sendNotice = async (ctx: StoreContext, pilotId: string, notice: Notice): Promise<'sent' | 'not needed'> => {
  if (notice === 'exam-results-reminder') return remindOfExamResults(ctx, pilotId);
  if (notice === 'match-reminder-1' || notice === 'match-reminder-2') return remindCompanies(ctx, pilotId, notice === 'match-reminder-1' ? 1 : 2);
  const pilot = await getPilot(ctx, pilotId);
  if (pilot.status !== 'running' || pilot.waitingFor !== 'follow-up-end') return 'not needed';
  const { missing, provisional } = await missingFollowUps(ctx, pilot);
  if (missing === 0) return 'not needed';
  const reminder = NOTICES.indexOf(notice) as 0 | 1 | 2;
  await sendFollowUpRequest(ctx, pilot, { missing, provisional, reminder });
  if (notice === 'follow-up-reminder-2') {
    const risk = 'follow-up-incomplete';
    if (!pilot.risks?.[risk]) {
      await changePilot(ctx, pilotId, {
        set: { risks: { ...pilot.risks, [risk]: { at: ctx.clock.now().toISOString(), details: { missing } } } },
        audit: { actor: SYSTEM_ACTOR, action: 'pilot.escalated', details: { risk, missing } },
      });
    }
    await sendEscalation(ctx, pilot, risk, { missing }, [...managementRecipients(pilot), ...consultantRecipients(pilot)]);
  }
  return 'sent';
};
