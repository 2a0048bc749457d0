import { ConflictError } from '../../domain/errors.js';
import { lastDayOf } from '../../domain/lifecycle.js';
import type { Pilot } from '../../domain/pilot.js';
import type { Company } from '../../domain/company.js';
import { renderCompanyInvitationMail } from '../../mail/company-invitation.js';
import type { Actor } from '../../store/audit.js';
import type { ServiceContext } from '../context.js';
import { getCompanies } from '../../store/companies.js';
import {
  getCompanyAndInvitation,
  invitationMailedUpdate,
  invitationsOfPilot,
  markInvitationMailed,
  putInvitation,
  type Invitation,
  type InvitationMailed,
} from '../../store/invitations.js';
import { getPilot } from '../../store/pilots.js';
import { sendOnce, sentBefore } from '../mailing.js';
import { candidateCount, linkFor } from './candidates.js';

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
  const change: InvitationMailed = reminder === 0 ? { invitationSentFor: deadline } : { reminder: true };
  let markedAt: string | undefined;
  const sent = await sendOnce(ctx, {
    ...mail,
    // The mark goes in the record's transaction: the mail is never recorded sent without it, nor marked unsent.
    alsoPerTransaction: () => {
      markedAt = ctx.clock.now().toISOString();
      return invitationMailedUpdate(ctx, pilot.id, company.id, change, markedAt);
    },
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
  // Marked with its record when it went now. A mail recorded sent without its mark (by a run before the two
  // were written together, cut off between them) is marked now: unmarked, it was never reminded. The mark is
  // a SET, so marking again is harmless; a reminder's count (ADD) only when one went now.
  const marked =
    sent > 0
      ? reminder === 0
        ? { invitationSentFor: deadline, invitationSentAt: markedAt! }
        : undefined
      : reminder === 0 && (await sentBefore(ctx, mail))
        ? await markInvitationMailed(ctx, pilot.id, company.id, change)
        : undefined;
  return { sent, marked };
};

/**
 * Invites every invited company that has not had an invitation for the
 * current response deadline: at the start of the phase, and again after the
 * consultant extends the deadline. Idempotent (sendOnce per deadline).
 */
export const sendInvitations = async (ctx: ServiceContext, pilotId: string, limit = Number.POSITIVE_INFINITY): Promise<{ sent: number; more: boolean }> => {
  const { sent, more } = await sendPendingInvitations(ctx, await getPilot(ctx, pilotId), limit);
  return { sent, more };
};

/**
 * sendInvitations for a pilot the caller has read, with the companies it has
 * read (`known`, not read again; the others in one batched read), answering
 * also what each invitation marked now says (for the caller's answer,
 * without reading it again).
 */
const sendPendingInvitations = async (
  ctx: ServiceContext,
  pilot: Pilot,
  limit: number,
  known: readonly Company[] = [],
): Promise<{ sent: number; more: boolean; marked: Map<string, Pick<Invitation, 'invitationSentFor' | 'invitationSentAt'>> }> => {
  const marked = new Map<string, Pick<Invitation, 'invitationSentFor' | 'invitationSentAt'>>();
  const deadline = lastDayOf(pilot, 'match-answers');
  const pending = (await invitationsOfPilot(ctx, pilot.id)).filter((i) => i.invitationSentFor !== deadline);
  if (pending.length === 0) return { sent: 0, more: false, marked };
  const candidates = await candidateCount(ctx, pilot);
  const batch = pending.slice(0, limit);
  const companies = await companiesOf(ctx, batch, known);
  let sent = 0;
  // A sent invitation is marked for this deadline, so the next batch starts where this one ended.
  for (const invitation of batch) {
    const mailed = await mailInvitation(ctx, pilot, invitation, companies.get(invitation.companyId)!, 0, candidates);
    sent += mailed.sent;
    if (mailed.marked) marked.set(invitation.companyId, mailed.marked);
  }
  return { sent, more: pending.length > limit, marked };
};

/** The companies of these invitations: those the caller read as they are, the others in one batched read. */
const companiesOf = async (ctx: ServiceContext, invitations: readonly Invitation[], known: readonly Company[] = []): Promise<Map<string, Company>> => {
  const companies = new Map(known.map((c) => [c.id, c]));
  const missing = [...new Set(invitations.map((i) => i.companyId).filter((id) => !companies.has(id)))];
  for (const company of await getCompanies(ctx, missing)) companies.set(company.id, company);
  return companies;
};

/** Invitations the state machine sends in one task; the next batch is the next task. */
export const INVITATION_BATCH = 25;

/**
 * POST /pilots/{id}/companies: invites a company; while answers are being
 * collected, its invitation goes out at once. `pilot`: the pilot the request
 * read for its access check, not read again; `read`: the company and its
 * invitation, read with it (the put below is conditioned on the invitation as read).
 */
export const inviteCompany = async (
  ctx: ServiceContext,
  pilotId: string,
  input: { companyId: string; maxSlots: number },
  actor: Actor,
  pilot?: Pilot,
  read?: { company: Company; invitation: Invitation | undefined },
) => {
  pilot ??= await getPilot(ctx, pilotId);
  if (!pilot.matchEvent) throw new ConflictError('no-match-event', 'this pilot has no match event; give it one (PATCH matchEvent) before inviting companies');
  // The company and its invitation (if any) in one read, or as the request read them with the pilot.
  const { company, invitation: existing } = read ?? (await getCompanyAndInvitation(ctx, pilotId, input.companyId));
  const { invitation, created } = await putInvitation(ctx, pilot, company, input.maxSlots, actor, { existing });
  if (!(pilot.status === 'running' && pilot.waitingFor === 'match-answers')) return { invitation, created };
  const { marked } = await sendPendingInvitations(ctx, pilot, Number.POSITIVE_INFINITY, [company]);
  return { invitation: { ...invitation, ...marked.get(company.id) }, created };
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
  const candidates = await candidateCount(ctx, pilot);
  let sent = 0;
  const companies = await companiesOf(ctx, silent);
  for (const invitation of silent) sent += (await mailInvitation(ctx, pilot, invitation, companies.get(invitation.companyId)!, reminder, candidates)).sent;
  return sent > 0 ? 'sent' : 'not needed';
};
