import { NOTICES, STEP_RETRY_WAIT, type Notice } from '../domain/lifecycle.js';
import { count } from '../metrics.js';
import { SYSTEM_ACTOR } from '../store/audit.js';
import type { ServiceContext } from './context.js';
import { changePilot, getPilot } from '../store/pilots.js';
import { getPilotAndWait } from '../store/waits.js';
import type { WakeUpPayload } from '../ports/scheduler.js';
import { missingFollowUps } from './follow-up.js';
import { remindCompanies } from './match-event/invitations.js';
import { consultantRecipients, managementRecipients, sendEscalation, sendFollowUpRequest } from './pilot-mails.js';
import { remindOfExamResults } from './vouchers/exam-results.js';
import { retryMail } from './mailing.js';
import { sendStatusReport } from './status-reports.js';
import { sendSurveyMails } from './survey-invitations.js';
import { renewExecution, resumeWait, retryFailedStep } from './waiting.js';

// What the scheduler wakes: a wait's deadline (resume the pilot's execution)
// or a notice (an e-mail that resumes nothing: also a page of the survey's
// e-mails, a report point), or a refused e-mail's retry. This dispatcher sits on top of
// the features it calls (follow-up, vouchers, match event), which themselves
// use the waits below; so the imports point one way.

/**
 * The wake-up's Lambda, invoked by the scheduler at a deadline. Does nothing
 * if the wait was resumed meanwhile, its deadline moved (an older schedule
 * version), or the pilot is paused.
 */
export const wakeUp = async (ctx: ServiceContext, payload: WakeUpPayload): Promise<'resumed' | 'renewed' | 'stale' | 'sent' | 'not needed' | 'failed'> => {
  if (payload.mailRetry) return retryMail(ctx, payload.pilotId, payload.mailRetry);
  if (payload.notice) return sendNotice(ctx, payload.pilotId, payload.notice);
  if (payload.survey) return sendSurveyMails(ctx, payload.pilotId, payload.survey.step, payload.survey.page, payload.survey.cursor);
  if (payload.report !== undefined) return sendStatusReport(ctx, payload.pilotId, payload.report);
  if (payload.renew) return renewExecution(ctx, payload.pilotId, payload.renew);
  const [waitId, version] = (payload.waitId ?? '').split(':');
  const { pilot, wait } = await getPilotAndWait(ctx, payload.pilotId);
  if (!wait || wait.waitId !== waitId || String(wait.scheduleVersion) !== version || pilot.status === 'paused') {
    count('Resumes', { cause: 'stale' });
    return 'stale';
  }
  if (wait.for === STEP_RETRY_WAIT) return (await retryFailedStep(ctx, payload.pilotId, 'deadline', SYSTEM_ACTOR)) ? 'resumed' : 'stale';
  const outcome = await resumeWait(ctx, payload.pilotId, { waitId: wait.waitId }, { action: 'continue', resumedBy: 'deadline' }, SYSTEM_ACTOR, wait);
  if (outcome !== 'resumed') count('Resumes', { cause: 'stale' });
  return outcome === 'resumed' ? 'resumed' : 'stale';
};

/**
 * A notice is due: if the pilot is still waiting for its follow-up and
 * outcomes are missing, the consultant gets the request (or a reminder);
 * at the second reminder, management is told the follow-up is incomplete.
 */
export const sendNotice = async (ctx: ServiceContext, pilotId: string, notice: Notice): Promise<'sent' | 'not needed'> => {
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
        risks: { raise: { [risk]: { missing } } },
        audit: { actor: SYSTEM_ACTOR, action: 'pilot.escalated', details: { risk, missing } },
      });
    }
    await sendEscalation(ctx, pilot, risk, { missing }, [...managementRecipients(pilot), ...consultantRecipients(pilot)]);
  }
  return 'sent';
};
