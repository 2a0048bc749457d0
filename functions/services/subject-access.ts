import { orUndefined } from '../domain/errors.js';
import { withFollowUpStatus } from '../domain/lifecycle.js';
import type { Pilot } from '../domain/pilot.js';
import type { SubjectAccessExport, SubjectInPilot } from '../contracts/privacy.js';
import { allAccessesOf } from '../store/access-log.js';
import { auditEntriesAbout } from '../store/audit.js';
import type { StoreContext } from '../store/client.js';
import { invitationsOfPilot } from '../store/invitations.js';
import { mailsToParticipant } from '../store/mails.js';
import { internshipsOfPilot } from '../store/internships.js';
import { candidatesOfPilot, meetingsOfPilot } from '../store/match-schedule.js';
import { getParticipant } from '../store/participants.js';
import { getPilot } from '../store/pilots.js';
import { subjectRecordsByReference } from '../store/subjects.js';
import { codesOfPilot } from '../store/vouchers.js';

// A citizen's right of access (GDPR art. 15): everything the product holds
// about one person, found by their case reference in every pilot. The
// reference comes in the body, never in a URL, because URLs are logged (API
// Gateway's access log, the browser's history). The handler writes the access
// entry of the export itself, one per pilot, like any read of personal data.

/**
 * Everything held about the person with this case reference, pilot by pilot
 * (oldest pilot first). `mayExport` sees the pilots that hold them before
 * anything else is read, and throws when the caller may not have it.
 */
export const subjectAccessExport = async (ctx: StoreContext, reference: string, mayExport: (pilots: Pilot[]) => void): Promise<SubjectAccessExport> => {
  const records = await subjectRecordsByReference(ctx, reference);
  const holding = await Promise.all(records.map((r) => getPilot(ctx, r.pilotId)));
  mayExport(holding);
  const pilots = await Promise.all(
    records.map(async (record, i): Promise<SubjectInPilot> => {
      const { pilotId, participantId } = record;
      const pilot = holding[i]!;
      const [participant, codes, candidates, meetings, internships, invitations, mails, audit, accesses] = await Promise.all([
        // Only a participant who is not there (their data expired, the guard not yet) is left out; a malformed
        // item or a failed read fails the export (500), rather than answer a citizen with less than is held.
        record.erased ? undefined : orUndefined(getParticipant(ctx, pilotId, participantId)),
        codesOfPilot(ctx, pilotId),
        candidatesOfPilot(ctx, pilotId),
        meetingsOfPilot(ctx, pilotId),
        internshipsOfPilot(ctx, pilotId),
        invitationsOfPilot(ctx, pilotId),
        mailsToParticipant(ctx, pilotId, participantId),
        auditEntriesAbout(ctx, pilotId, participantId),
        allAccessesOf(ctx, pilotId, participantId),
      ]);
      const companyName = (id: string) => invitations.find((i) => i.companyId === id)?.companyName ?? id;
      const shown = participant ? withFollowUpStatus(pilot, participant) : undefined;
      return {
        pilot: {
          id: pilot.id,
          name: pilot.name,
          partner: pilot.partner,
          status: pilot.status,
          course: pilot.course,
          ...(pilot.personalDataDeletedAfter ? { personalDataDeletedAfter: pilot.personalDataDeletedAfter } : {}),
        },
        participantId,
        ...(record.erased ? { erased: record.erased } : {}),
        ...(shown ? { participant: shown } : {}),
        vouchers: codes
          .filter((c) => c.participantId === participantId)
          .map((c) => ({
            code: c.code,
            exam: c.exam,
            sponsor: c.sponsor,
            expiresOn: c.expiresOn,
            status: c.status,
            ...(c.attempt ? { attempt: c.attempt } : {}),
            ...(c.assignedAt ? { assignedAt: c.assignedAt } : {}),
          })),
        ...(shown?.followUp ? { followUp: shown.followUp } : {}),
        matchEvent: {
          ...(candidates.find((c) => c.participantId === participantId)
            ? { candidateCode: candidates.find((c) => c.participantId === participantId)!.code }
            : {}),
          meetings: meetings
            .filter((m) => m.participantId === participantId)
            .map((m) => ({ companyName: companyName(m.companyId), start: m.start, end: m.end })),
        },
        internships: internships
          .filter((i) => i.participantId === participantId)
          .map((i) => ({
            companyName: companyName(i.companyId),
            status: i.status,
            type: i.type,
            startDate: i.startDate,
            weeks: i.weeks,
            ...(i.offeredAt ? { offeredAt: i.offeredAt } : {}),
            ...(i.startedAt ? { startedAt: i.startedAt } : {}),
          })),
        mails,
        audit,
        accesses,
      };
    }),
  );
  return {
    reference,
    generatedAt: ctx.clock.now().toISOString(),
    pilots: pilots.sort((a, b) => a.pilot.course.start.localeCompare(b.pilot.course.start) || a.pilot.id.localeCompare(b.pilot.id)),
  };
};
