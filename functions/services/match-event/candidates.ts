import { addDays, startOfDay } from '../../domain/calendar.js';
import type { Participant } from '../../domain/participant.js';
import type { Pilot } from '../../domain/pilot.js';
import type { StoreContext } from '../../store/client.js';
import type { ServiceContext } from '../context.js';
import { allItems } from '../../store/pagination.js';
import { participantsOfPilot } from '../../store/participants.js';
import { linkUrl, signLink, type LinkAction } from '../signed-links.js';

// The match event phase: invitations to the partner companies and reminders
// to those who have not answered (invitations.ts); at the response deadline
// either the schedule, candidates into the confirmed slots (schedule.ts), or,
// when no company confirmed a slot, an escalation and a wait for the
// consultant's decision (decision.ts), after which the pilot closes by
// itself; and the candidates' wishes (preferences.ts). This module is what
// they share: who the event's candidates are, and the signed links in the
// companies' e-mails.

/** Days a link stays usable after the period it is for: a late click gets the form's own "closed" answer, not "expired". */
const LINK_GRACE_DAYS = 7;

export const linkFor = async (ctx: ServiceContext, pilotId: string, companyId: string, action: LinkAction, lastDay: string): Promise<string> =>
  linkUrl(
    await signLink(ctx, {
      companyId,
      pilotId,
      action,
      exp: Date.parse(startOfDay(addDays(lastDay, 1 + LINK_GRACE_DAYS))) / 1000,
      // Issued now: a pause after this moves the expiry (signed-links.ts linkExpiry).
      iat: Math.floor(ctx.clock.now().getTime() / 1000),
    }),
  );

/** Who takes part in the event: the certified candidates (an exam course), or those who completed the course. */
export const isEventCandidate = (pilot: Pilot, p: Participant): boolean => p.certified === true || (pilot.course.ending !== 'exam' && p.status === 'completed');

/**
 * How many candidates the event has: the count an invitation gives (no
 * names). From the pilot's counts where they answer it exactly, without
 * reading the participants: an exam course's candidates are its certified
 * (certifiedCount); with none certified, any other course's are its
 * completed. A pilot that keeps no certified count (created before it was
 * kept), or a diploma course with some certified, has its participants
 * counted. The pilot as the caller read it: the figure is as of that read.
 */
export const candidateCount = async (ctx: StoreContext, pilot: Pilot): Promise<number> => {
  if (pilot.certifiedCount !== undefined) {
    if (pilot.course.ending === 'exam') return pilot.certifiedCount;
    if (pilot.certifiedCount === 0) return pilot.counts.completed;
  }
  return (await eventCandidates(ctx, pilot)).length;
};

export const eventCandidates = async (ctx: StoreContext, pilot: Pilot): Promise<Participant[]> =>
  (await allItems((page) => participantsOfPilot(ctx, pilot.id, {}, page))).filter((p) => isEventCandidate(pilot, p));
