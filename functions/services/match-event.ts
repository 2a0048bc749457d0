import { addDays, dateInCopenhagen, startOfDay } from '../domain/calendar.js';
import { ConflictError, ValidationError } from '../domain/errors.js';
import { decisionLastDay, lastDayOf } from '../domain/lifecycle.js';
import { candidateCode, scheduleMeetings } from '../domain/match-schedule.js';
import type { Participant } from '../domain/participant.js';
import type { Pilot } from '../domain/pilot.js';
import { answersOpen, type Company } from '../domain/company.js';
import { renderCompanyInvitationMail } from '../mail/company-invitation.js';
import { renderMatchScheduleMail } from '../mail/match-schedule.js';
import { SYSTEM_ACTOR, type Actor } from '../store/audit.js';
import type { StoreContext } from '../store/client.js';
import { getCompany } from '../store/companies.js';
import { getInvitation, invitationsOfPilot, markInvitationMailed, putInvitation, type Invitation } from '../store/invitations.js';
import { candidatesOfPilot, meetingsOfPilot, saveSchedule, type CandidateCode, type ScheduledMeeting } from '../store/match.js';
import { allItems } from '../store/pagination.js';
import { participantsOfPilot, setParticipantMatchPreferences } from '../store/participants.js';
import { changePilot, getPilot } from '../store/pilots.js';
import { createWait, resumeWait, waitingFor, type StepResult } from './waiting.js';
import { linkUrl, signLink, type LinkAction } from './links.js';
import { sendOnce } from './mailing.js';
import { consultantRecipients, managementRecipients, sendEscalation } from './pilot-mails.js';

// The match event phase: invitations to the partner companies,
// reminders to those who have not answered, and at the response deadline
// either the schedule (candidates into the confirmed slots) or, when no
// company confirmed a slot, an escalation and a wait for the consultant's
// decision (the SMV Digital case), after which the pilot closes by itself.

/** Days a link stays usable after the period it is for: a late click gets the form's own "closed" answer, not "expired". */
const LINK_GRACE_DAYS = 7;

const linkFor = async (pilotId: string, companyId: string, action: LinkAction, lastDay: string): Promise<string> =>
  linkUrl(await signLink({ companyId, pilotId, action, exp: Date.parse(startOfDay(addDays(lastDay, 1 + LINK_GRACE_DAYS))) / 1000 }));

/** Who takes part in the event: the certified candidates (an exam course), or those who completed the course. */
export const isEventCandidate = (pilot: Pilot, p: Participant): boolean =>
  p.certified === true || (pilot.course.ending !== 'exam' && p.status === 'completed');

/** How many candidates the event has: the count an invitation gives (no names). */
export const candidateCount = async (ctx: StoreContext, pilot: Pilot): Promise<number> => (await eventCandidates(ctx, pilot)).length;

const eventCandidates = async (ctx: StoreContext, pilot: Pilot): Promise<Participant[]> =>
  (await allItems((page) => participantsOfPilot(ctx, pilot.id, {}, page))).filter((p) => isEventCandidate(pilot, p));

/** The invitation (reminder 0) or a reminder to one company, once per response deadline. */
const mailInvitation = async (ctx: StoreContext, pilot: Pilot, invitation: Invitation, company: Company, reminder: 0 | 1 | 2, candidates: number) => {
  const event = pilot.matchEvent!;
  const deadline = lastDayOf(pilot, 'match-answers');
  const answerUrl = await linkFor(pilot.id, company.id, 'slots', deadline);
  const sent = await sendOnce(ctx, {
    pilotId: pilot.id,
    key: `company#${company.id}#${reminder === 0 ? 'invitation' : `reminder-${reminder}`}#${deadline}`,
    kind: reminder === 0 ? 'company-invitation' : 'company-reminder',
    to: [{ email: company.contact.email, language: company.language }],
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
  if (sent > 0) await markInvitationMailed(ctx, pilot.id, company.id, reminder === 0 ? { invitationSentFor: deadline } : { reminder: true });
  return sent;
};

/**
 * Invites every invited company that has not had an invitation for the
 * current response deadline: at the start of the phase, and again after the
 * consultant extends the deadline. Idempotent (sendOnce per deadline).
 */
export const sendInvitations = async (ctx: StoreContext, pilotId: string, limit = Number.POSITIVE_INFINITY): Promise<{ sent: number; more: boolean }> => {
  const pilot = await getPilot(ctx, pilotId);
  const deadline = lastDayOf(pilot, 'match-answers');
  const pending = (await invitationsOfPilot(ctx, pilotId)).filter((i) => i.invitationSentFor !== deadline);
  if (pending.length === 0) return { sent: 0, more: false };
  const candidates = (await eventCandidates(ctx, pilot)).length;
  let sent = 0;
  // A sent invitation is marked for this deadline, so the next batch starts where this one ended.
  for (const invitation of pending.slice(0, limit)) sent += await mailInvitation(ctx, pilot, invitation, await getCompany(ctx, invitation.companyId), 0, candidates);
  return { sent, more: pending.length > limit };
};

/** Invitations the state machine sends in one task; the next batch is the next task. */
export const INVITATION_BATCH = 25;

/** POST /pilots/{id}/companies: invites a company; while answers are being collected, its invitation goes out at once. */
export const inviteCompany = async (ctx: StoreContext, pilotId: string, input: { companyId: string; maxSlots: number }, actor: Actor) => {
  const pilot = await getPilot(ctx, pilotId);
  if (!pilot.matchEvent) throw new ConflictError('no-match-event', 'this pilot has no match event; give it one (PATCH matchEvent) before inviting companies');
  const company = await getCompany(ctx, input.companyId);
  const { invitation, created } = await putInvitation(ctx, pilot, company, input.maxSlots, actor);
  if (pilot.status === 'running' && pilot.waitingFor === 'match-answers') await sendInvitations(ctx, pilotId);
  return { invitation: (await getInvitation(ctx, pilotId, company.id)) ?? invitation, created };
};

/** A reminder notice: companies with no answer yet get a reminder (not within a day of their invitation). */
export const remindCompanies = async (ctx: StoreContext, pilotId: string, reminder: 1 | 2): Promise<'sent' | 'not needed'> => {
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

/**
 * The response deadline has passed. With confirmed slots: answers close,
 * the candidates are scheduled, everyone gets the schedule, and the phase
 * waits for the event day. With none: `confirmed: false`, and the state
 * machine escalates.
 */
export const closeAnswers = async (ctx: StoreContext, pilotId: string): Promise<{ confirmed: boolean } & StepResult> => {
  let pilot = await getPilot(ctx, pilotId);
  if ((pilot.slotsConfirmed ?? 0) === 0 && !pilot.matchScheduledAt) return { confirmed: false, skip: false, wait: null };
  if (!pilot.matchScheduledAt) {
    // Close the answers first (recordAnswer's transaction requires them open), then read what they are.
    await changePilot(ctx, pilotId, {
      set: { matchScheduledAt: ctx.clock.now().toISOString() },
      condition: { expression: 'attribute_not_exists(matchScheduledAt)' },
      audit: { actor: SYSTEM_ACTOR, action: 'match.answers-closed', details: { slotsConfirmed: pilot.slotsConfirmed ?? 0 } },
    });
    pilot = await getPilot(ctx, pilotId);
    if ((pilot.slotsConfirmed ?? 0) === 0) throw new Error('slots vanished while closing answers');
  }
  await scheduleEvent(ctx, pilot);
  return { confirmed: true, skip: false, wait: await createWait(ctx, pilot, 'match-event') };
};

/** Writes the schedule (once: a replayed step finds it) and sends it to each company and the consultant. */
const scheduleEvent = async (ctx: StoreContext, pilot: Pilot): Promise<void> => {
  const event = pilot.matchEvent!;
  const invitations = (await invitationsOfPilot(ctx, pilot.id)).filter((i) => i.slots > 0);
  const candidates = await eventCandidates(ctx, pilot);
  let meetings = await meetingsOfPilot(ctx, pilot.id);
  let codes = await candidatesOfPilot(ctx, pilot.id);
  if (meetings.length === 0) {
    const planned = scheduleMeetings(
      invitations.map((i) => ({ companyId: i.companyId, slots: i.slots })),
      candidates.map((p) => ({ participantId: p.id, ...(p.matchPreferences ? { preferences: p.matchPreferences } : {}) })),
      { date: event.date, startTime: event.startTime, slotMinutes: event.slotMinutes },
    );
    codes = candidates.map((p, i) => ({
      code: candidateCode(i, candidates.length),
      participantId: p.id,
      companyIds: [...new Set(planned.filter((m) => m.participantId === p.id).map((m) => m.companyId))],
    }));
    const codeOf = new Map(codes.map((c) => [c.participantId, c.code]));
    meetings = planned.map((m) => ({ ...m, code: codeOf.get(m.participantId)! }));
    await saveSchedule(ctx, pilot.id, codes, meetings);
    await changePilot(ctx, pilot.id, {
      set: {},
      audit: { actor: SYSTEM_ACTOR, action: 'match.scheduled', details: { meetings: meetings.length, candidates: codes.filter((c) => c.companyIds.length).length, companies: invitations.length } },
    });
  }
  await sendSchedules(ctx, pilot, invitations, meetings, codes, candidates);
};

const sendSchedules = async (
  ctx: StoreContext,
  pilot: Pilot,
  invitations: Invitation[],
  meetings: ScheduledMeeting[],
  codes: CandidateCode[],
  candidates: Participant[],
) => {
  const nameOf = new Map(candidates.map((p) => [p.id, p.name]));
  const companyNames = new Map(invitations.map((i) => [i.companyId, i.companyName]));
  const view = (m: ScheduledMeeting) => ({
    start: m.start,
    end: m.end,
    companyName: companyNames.get(m.companyId) ?? '',
    candidate: { code: m.code, name: nameOf.get(m.participantId) ?? m.code },
  });
  const event = { date: pilot.matchEvent!.date, ...(pilot.matchEvent!.location ? { location: pilot.matchEvent!.location } : {}) };
  const reportBy = lastDayOf(pilot, 'internships-end');
  for (const invitation of invitations) {
    const company = await getCompany(ctx, invitation.companyId);
    const internshipsUrl = await linkFor(pilot.id, company.id, 'internships', reportBy);
    await sendOnce(ctx, {
      pilotId: pilot.id,
      key: `company#${company.id}#schedule`,
      kind: 'company-schedule',
      to: [{ email: company.contact.email, language: company.language }],
      render: (language) =>
        renderMatchScheduleMail({
          audience: 'company',
          recipientName: company.contact.name,
          pilot: { id: pilot.id, name: pilot.name },
          event,
          meetings: meetings.filter((m) => m.companyId === company.id).map(view),
          internshipsUrl,
          reportBy,
          language,
        }),
    });
  }
  void codes;
  await sendOnce(ctx, {
    pilotId: pilot.id,
    key: 'schedule#consultant',
    kind: 'match-schedule',
    to: consultantRecipients(pilot),
    render: (language) =>
      renderMatchScheduleMail({ audience: 'consultant', recipientName: '', pilot: { id: pilot.id, name: pilot.name }, event, meetings: meetings.map(view), language }),
  });
};

/**
 * No company confirmed a slot by the deadline (the SMV Digital case): the
 * risk is raised once, management and the consultant are told, and the
 * consultant has DECISION_DAYS to extend the deadline or close; then the
 * pilot closes by itself.
 */
export const escalateMatch = async (ctx: StoreContext, pilotId: string): Promise<StepResult> => {
  const pilot = await getPilot(ctx, pilotId);
  if (pilot.waitingFor === 'match-decision') return { skip: false, wait: await createWait(ctx, pilot, 'match-decision') };
  const decideBy = decisionLastDay(dateInCopenhagen(ctx.clock.now()));
  const risk = 'no-company-answer';
  const details = { invited: pilot.companiesInvited ?? 0, answered: pilot.companiesAnswered ?? 0 };
  await changePilot(ctx, pilotId, {
    set: {
      matchDecisionBy: decideBy,
      ...(pilot.risks?.[risk] ? {} : { risks: { ...pilot.risks, [risk]: { at: ctx.clock.now().toISOString(), details } } }),
    },
    audit: { actor: SYSTEM_ACTOR, action: 'pilot.escalated', details: { risk, ...details, decideBy } },
  });
  const wait = await createWait(ctx, { ...pilot, matchDecisionBy: decideBy }, 'match-decision');
  await sendEscalation(ctx, pilot, risk, details, [...managementRecipients(pilot), ...consultantRecipients(pilot)], decideBy);
  return { skip: false, wait };
};

/**
 * The consultant's answer to the escalation: a new response deadline (and,
 * if need be, event date). The phase starts again: companies get a new
 * invitation with the new deadline, and reminders before it.
 */
export const extendMatchDeadline = async (
  ctx: StoreContext,
  pilotId: string,
  input: { responseDeadline: string; date?: string | undefined },
  actor: Actor,
): Promise<Pilot> => {
  const pilot = await getPilot(ctx, pilotId);
  if (pilot.waitingFor !== 'match-decision' || !pilot.matchEvent) {
    throw new ConflictError('not-waiting', 'the pilot is not waiting for a match-event decision; to move its dates, PATCH the pilot');
  }
  const today = dateInCopenhagen(ctx.clock.now());
  if (input.responseDeadline < today) throw new ConflictError('date-in-past', `the new response deadline ${input.responseDeadline} is in the past (today is ${today})`, {
      details: { date: input.responseDeadline, today },
    });
  const date = input.date ?? (pilot.matchEvent.date >= input.responseDeadline ? pilot.matchEvent.date : undefined);
  if (!date || date < input.responseDeadline) {
    throw new ConflictError('date-before-deadline', 'the event date must be on or after the new response deadline; give a new `date` too');
  }
  const matchEvent = { ...pilot.matchEvent, responseDeadline: input.responseDeadline, date };
  await changePilot(ctx, pilotId, {
    set: { matchEvent },
    remove: ['matchDecisionBy'],
    audit: { actor, action: 'match.deadline-extended', details: { responseDeadline: input.responseDeadline, date } },
  });
  const outcome = await resumeWait(ctx, pilotId, waitingFor('match-decision'), { action: 'extend', resumedBy: 'consultant', responseDeadline: input.responseDeadline }, actor);
  if (outcome === 'none') throw new ConflictError('decision-taken', 'the decision was taken meanwhile (closed, or its deadline passed)');
  return getPilot(ctx, pilotId);
};

/** A candidate's wish list for the match event; only companies invited to the pilot, and only before the schedule is made. */
export const setMatchPreferences = async (ctx: StoreContext, pilotId: string, participantId: string, companyIds: string[], actor: Actor) => {
  const [pilot, invitations] = await Promise.all([getPilot(ctx, pilotId), invitationsOfPilot(ctx, pilotId)]);
  if (!answersOpen(pilot)) {
    throw new ConflictError('answers-closed', 'the match event is already scheduled; preferences can no longer change it');
  }
  const invited = new Set(invitations.map((i) => i.companyId));
  const strangers = companyIds.map((id, i) => ({ id, i })).filter(({ id }) => !invited.has(id));
  if (strangers.length > 0) {
    throw new ValidationError(strangers.map(({ i }) => ({ path: `companyIds.${i}`, message: 'is not a company invited to this pilot', code: 'not_invited' })));
  }
  return setParticipantMatchPreferences(ctx, pilotId, participantId, companyIds, actor);
};
