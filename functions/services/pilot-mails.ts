import { teamOf } from '../domain/access.js';
import { lastDayOf } from '../domain/lifecycle.js';
import type { Pilot } from '../domain/pilot.js';
import type { EscalationRisk } from '../domain/risks.js';
import { renderEscalationMail } from '../mail/escalation.js';
import { renderFollowUpRequestMail } from '../mail/follow-up-request.js';
import { renderOutcomeMail } from '../mail/outcome.js';
import type { ServiceContext } from './context.js';
import type { Outcome } from '../domain/evaluation.js';
import { sendOnce, type Recipient } from './mailing.js';
import { pilotPageUrl } from '../config.js';

// Which e-mail goes to whom, when, and under which send-once key. The
// templates (functions/mail/) decide what it says; sendOnce that it goes once.

export type Risk = EscalationRisk;

export const managementRecipients = (pilot: Pilot): Recipient[] => pilot.managementEmails;

/**
 * The pilot's team: every consultant on it gets the consultant e-mails
 * (follow-up requests and reminders, escalations, failed steps), in the
 * pilot's language. A pilot from before teams: its creator.
 */
export const consultantRecipients = (pilot: Pilot): Recipient[] => teamOf(pilot).map((email) => ({ email, language: pilot.language }));

/** The outcome e-mail to management: once, and once more for each later override. */
export const sendOutcome = async (ctx: ServiceContext, pilot: Pilot, outcome: Outcome): Promise<number> =>
  sendOnce(ctx, {
    pilotId: pilot.id,
    key: outcome.override ? `outcome#override#${outcome.override.at}` : 'outcome',
    kind: 'outcome',
    to: managementRecipients(pilot),
    render: (language) =>
      renderOutcomeMail({
        pilot: {
          id: pilot.id,
          name: pilot.name,
          partner: pilot.partner,
          courseEnding: pilot.course.ending,
          budgetDkk: pilot.budgetDkk,
          closedEarly: outcome.closedEarly,
          ...(outcome.closeCause ? { closeCause: outcome.closeCause } : {}),
          ...(outcome.reason ? { closeReason: outcome.reason } : {}),
        },
        evaluation: outcome.evaluation,
        ...(outcome.override
          ? { override: { recommendation: outcome.override.recommendation, reason: outcome.override.reason, by: outcome.override.by } }
          : {}),
        ...(outcome.survey ? { survey: outcome.survey } : {}),
        language,
      }),
  });

/** An escalation: one e-mail per risk and pilot, never repeated. */
export const sendEscalation = async (
  ctx: ServiceContext,
  pilot: Pilot,
  risk: Risk,
  details: Record<string, number | string>,
  to: Recipient[],
  decideBy?: string,
): Promise<number> =>
  sendOnce(ctx, {
    pilotId: pilot.id,
    key: `escalation#${risk}`,
    kind: `escalation-${risk}`,
    to,
    render: (language) => renderEscalationMail({ pilot: { id: pilot.id, name: pilot.name }, risk, details, ...(decideBy ? { decideBy } : {}), language }),
  });

/**
 * Who runs the product: OPERATOR_EMAILS, comma-separated (language English
 * unless an address is followed by `:da`). Told when a step fails for good.
 */
export const operatorRecipients = (): Recipient[] =>
  (process.env.OPERATOR_EMAILS ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [email, language] = entry.split(':');
      return { email: email!, language: language === 'da' ? 'da' : 'en' };
    });

/**
 * A step failed for good: the consultant and the operators are told once per
 * failure (the key is the failure's time, so a retry that fails again tells
 * them again). Only the step's name and the error's name: no personal data.
 */
export const sendStepFailure = async (ctx: ServiceContext, pilot: Pilot, failure: { step: string; error: string; at: string; retryBy: string }) =>
  sendOnce(ctx, {
    pilotId: pilot.id,
    key: `escalation#step-failed#${failure.at}`,
    kind: 'escalation-step-failed',
    to: [...consultantRecipients(pilot), ...operatorRecipients()],
    render: (language) =>
      renderEscalationMail({
        pilot: { id: pilot.id, name: pilot.name },
        risk: 'step-failed',
        details: { step: failure.step, error: failure.error },
        decideBy: failure.retryBy,
        language,
      }),
  });

/** The follow-up request (reminder 0) or a reminder (1, 2) to the consultant. */
export const sendFollowUpRequest = async (
  ctx: ServiceContext,
  pilot: Pilot,
  opts: { missing: number; provisional?: number; reminder: 0 | 1 | 2 },
): Promise<number> => {
  const deadline = lastDayOf(pilot, 'follow-up-end');
  return sendOnce(ctx, {
    pilotId: pilot.id,
    key: `follow-up#${opts.reminder}`,
    kind: opts.reminder === 0 ? 'follow-up-request' : `follow-up-reminder-${opts.reminder}`,
    to: consultantRecipients(pilot),
    render: (language) =>
      renderFollowUpRequestMail({
        pilot: { id: pilot.id, name: pilot.name },
        listUrl: pilotPageUrl(pilot.id),
        participantsWithoutOutcome: opts.missing,
        provisional: opts.provisional ?? 0,
        deadline,
        reminder: opts.reminder,
        language,
      }),
  });
};
