import { ConflictError } from '../../domain/errors.js';
import { lastDayOf } from '../../domain/lifecycle.js';
import type { Pilot } from '../../domain/pilot.js';
import type { Company } from '../../domain/company.js';
import { renderCompanyInvitationMail } from '../../mail/company-invitation.js';
import type { Actor } from '../../store/audit.js';
import type { ServiceContext } from '../context.js';
import { getCompany } from '../../store/companies.js';
import { getInvitation, invitationsOfPilot, markInvitationMailed, putInvitation, type Invitation } from '../../store/invitations.js';
import { getPilot } from '../../store/pilots.js';
import { sendOnce, sentBefore } from '../mailing.js';
import { eventCandidates, linkFor } from './candidates.js';

// Invitations to the partner companies, and reminders to those who have not
// answered.

/** The invitation (reminder 0) or a reminder to one company, once per response deadline. */
const mailInvitation = async (ctx: ServiceContext, pilot: Pilot, invitation: Invitation, company: Company, reminder: 0 | 1 | 2, candidates: number) => {
  const event = pilot.matchEvent!;
  const deadline = lastDayOf(pilot, 'match-answers');
  const answerUrl = await linkFor(ctx, pilot.id, company.id, 'slots', deadline);
  const mail = {
    pilotId: pilot.id,
    key: `company#${company.id}#${reminder === 0 ? 'invitation' : `reminder-${reminder}`}#${deadline}`,
    to: [{ email: company.contact.email, language: company.language }],
  };
  const sent = await sendOnce(ctx, {
    ...mail,
    kind: reminder === 0 ? 'company-invitation' : 'company-reminder',
    render: (language) =>
      renderCompanyInvitationMail({
        company: { name: company.name, contactName: company.contact.name },
        pilot: { name: pilot.name, partner: pilot.partner },
        event: {
          date: event.date,
          responseDeadline: deadline,
          startTime: event.startTime,
          slotMinutes: event.slotMinutes,
          ...(event.location ? { location: event.location } : {}),
        },
        candidates,
        profile: { course: pilot.name, targetGroups: pilot.targetGroups },
        maxSlots: invitation.maxSlots,
        answerUrl,
        ...(invitation.answer !== 'none' ? { currentSlots: invitation.slots } : {}),
        reminder,
        hasWebhook: company.webhook,
        language,
      }),
  });
  // The invitation is marked also when its e-mail went in a run cut off before marking it (a crash
  // between the two): unmarked, it was never reminded. The mark is a SET, so marking again is harmless;
  // a reminder's count (ADD) only when one went now.
  if (sent > 0 || (reminder === 0 && (await sentBefore(ctx, mail)))) {
    await markInvitationMailed(ctx, pilot.id, company.id, reminder === 0 ? { invitationSentFor: deadline } : { reminder: true });
  }
  return sent;
};

/**
 * Invites every invited company that has not had an invitation for the
 * current response deadline: at the start of the phase, and again after the
 * consultant extends the deadline. Idempotent (sendOnce per deadline).
 */
export const sendInvitations = async (ctx: ServiceContext, pilotId: string, limit = Number.POSITIVE_INFINITY): Promise<{ sent: number; more: boolean }> => {
  const pilot = await getPilot(ctx, pilotId);
  const deadline = lastDayOf(pilot, 'match-answers');
  const pending = (await invitationsOfPilot(ctx, pilotId)).filter((i) => i.invitationSentFor !== deadline);
  if (pending.length === 0) return { sent: 0, more: false };
  const candidates = (await eventCandidates(ctx, pilot)).length;
  let sent = 0;
  // A sent invitation is marked for this deadline, so the next batch starts where this one ended.
  for (const invitation of pending.slice(0, limit))
    sent += await mailInvitation(ctx, pilot, invitation, await getCompany(ctx, invitation.companyId), 0, candidates);
  return { sent, more: pending.length > limit };
};

/** Invitations the state machine sends in one task; the next batch is the next task. */
export const INVITATION_BATCH = 25;

/** POST /pilots/{id}/companies: invites a company; while answers are being collected, its invitation goes out at once. */
export const inviteCompany = async (ctx: ServiceContext, pilotId: string, input: { companyId: string; maxSlots: number }, actor: Actor) => {
  const pilot = await getPilot(ctx, pilotId);
  if (!pilot.matchEvent) throw new ConflictError('no-match-event', 'this pilot has no match event; give it one (PATCH matchEvent) before inviting companies');
  const company = await getCompany(ctx, input.companyId);
  const { invitation, created } = await putInvitation(ctx, pilot, company, input.maxSlots, actor);
  if (pilot.status === 'running' && pilot.waitingFor === 'match-answers') await sendInvitations(ctx, pilotId);
  return { invitation: (await getInvitation(ctx, pilotId, company.id)) ?? invitation, created };
};

/** A reminder notice: companies with no answer yet get a reminder (not within a day of their invitation). */
export const remindCompanies = async (ctx: ServiceContext, pilotId: string, reminder: 1 | 2): Promise<'sent' | 'not needed'> => {
  const pilot = await getPilot(ctx, pilotId);
  if (pilot.status !== 'running' || pilot.waitingFor !== 'match-answers') return 'not needed';
  const deadline = lastDayOf(pilot, 'match-answers');
  // A company invited less than a day ago (a late invitation, a short window) is not reminded yet.
  const dayAgo = new Date(ctx.clock.now().getTime() - 86_400_000).toISOString();
  const silent = (await invitationsOfPilot(ctx, pilotId)).filter(
    (i) => i.answer === 'none' && i.invitationSentFor === deadline && (i.invitationSentAt ?? '') <= dayAgo,
  );
  if (silent.length === 0) return 'not needed';
  const candidates = (await eventCandidates(ctx, pilot)).length;
  let sent = 0;
  for (const invitation of silent) sent += await mailInvitation(ctx, pilot, invitation, await getCompany(ctx, invitation.companyId), reminder, candidates);
  return sent > 0 ? 'sent' : 'not needed';
};
