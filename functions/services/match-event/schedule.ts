import { lastDayOf } from '../../domain/lifecycle.js';
import { candidateCode, scheduleMeetings } from '../../domain/match-schedule.js';
import type { Participant } from '../../domain/participant.js';
import type { Pilot } from '../../domain/pilot.js';
import { renderMatchScheduleMail } from '../../mail/match-schedule.js';
import { SYSTEM_ACTOR } from '../../store/audit.js';
import type { ServiceContext } from '../context.js';
import { getCompanies } from '../../store/companies.js';
import { invitationsOfPilot, type Invitation } from '../../store/invitations.js';
import { savedSchedule, saveSchedule, type CandidateCode, type ScheduledMeeting } from '../../store/match-schedule.js';
import { changePilot, getPilot } from '../../store/pilots.js';
import { createWait, type StepResult } from '../waiting.js';
import { sendEach, type Language } from '../mailing.js';
import { consultantRecipients } from '../pilot-mails.js';
import { eventCandidates, linkFor } from './candidates.js';

// At the response deadline, with confirmed slots: the schedule, and the
// e-mails that carry it.

/**
 * The response deadline has passed. With confirmed slots: answers close,
 * the candidates are scheduled, everyone gets the schedule, and the phase
 * waits for the event day. With none: `confirmed: false`, and the state
 * machine escalates.
 */
export const closeAnswers = async (ctx: ServiceContext, pilotId: string): Promise<{ confirmed: boolean } & StepResult> => {
  let pilot = await getPilot(ctx, pilotId);
  if ((pilot.slotsConfirmed ?? 0) === 0 && !pilot.matchScheduledAt) return { confirmed: false, skip: false, wait: null };
  if (!pilot.matchScheduledAt) {
    // Close the answers first (recordAnswer's transaction requires them open), then read what they are.
    await changePilot(ctx, pilotId, {
      set: { matchScheduledAt: ctx.clock.now().toISOString() },
      condition: { notSet: 'matchScheduledAt' },
      audit: { actor: SYSTEM_ACTOR, action: 'match.answers-closed', details: { slotsConfirmed: pilot.slotsConfirmed ?? 0 } },
    });
    pilot = await getPilot(ctx, pilotId);
    if ((pilot.slotsConfirmed ?? 0) === 0) throw new Error('slots vanished while closing answers');
  }
  await scheduleEvent(ctx, pilot);
  return { confirmed: true, skip: false, wait: await createWait(ctx, pilot, 'match-event') };
};

/** Writes the schedule (once: a replayed step finds it) and sends it to each company and the consultant. */
const scheduleEvent = async (ctx: ServiceContext, pilot: Pilot): Promise<void> => {
  const event = pilot.matchEvent!;
  const invitations = (await invitationsOfPilot(ctx, pilot.id)).filter((i) => i.slots > 0);
  const candidates = await eventCandidates(ctx, pilot);
  const saved = await savedSchedule(ctx, pilot.id);
  let { meetings, codes } = typeof saved === 'object' && 'codes' in saved ? saved : { meetings: [] as ScheduledMeeting[], codes: [] as CandidateCode[] };
  if (saved === 'none' || 'cutOff' in saved) {
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
    // A write cut off (a crash) is written again whole, and what it left that this schedule has not is deleted.
    await saveSchedule(ctx, pilot.id, codes, meetings, saved === 'none' ? [] : saved.cutOff);
    await changePilot(ctx, pilot.id, {
      set: {},
      audit: {
        actor: SYSTEM_ACTOR,
        action: 'match.scheduled',
        details: { meetings: meetings.length, candidates: codes.filter((c) => c.companyIds.length).length, companies: invitations.length },
      },
    });
  }
  await sendSchedules(ctx, pilot, invitations, meetings, codes, candidates);
};

const sendSchedules = async (
  ctx: ServiceContext,
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
  // The companies in one batched read, not one each.
  const companies = await Promise.all(
    (
      await getCompanies(
        ctx,
        invitations.map((i) => i.companyId),
      )
    ).map(async (company) => ({ company, internshipsUrl: await linkFor(ctx, pilot.id, company.id, 'internships', reportBy) })),
  );
  // The companies' schedules and the consultant's in one batch: claimed together, recorded together.
  await sendEach(ctx, {
    pilotId: pilot.id,
    kind: 'company-schedule',
    mails: [
      ...companies.map(({ company, internshipsUrl }) => ({
        key: `company#${company.id}#schedule`,
        to: [{ email: company.contact.email, language: company.language }],
        render: (language: Language) =>
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
      })),
      {
        key: 'schedule#consultant',
        kind: 'match-schedule',
        to: consultantRecipients(pilot),
        render: (language: Language) =>
          renderMatchScheduleMail({
            audience: 'consultant',
            recipientName: '',
            pilot: { id: pilot.id, name: pilot.name },
            event,
            meetings: meetings.map(view),
            language,
          }),
      },
    ],
  });
  void codes;
};
