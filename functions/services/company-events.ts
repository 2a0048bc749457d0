import type { CompanyEvent } from '../domain/company.js';
import type { Actor } from '../store/audit.js';
import type { StoreContext } from '../store/client.js';
import { recordAnswer } from '../store/invitations.js';
import { assertReportingOpen, getReportingItems, recordInternship } from '../store/internships.js';
import { NotFoundError } from '../domain/errors.js';

// What a company tells us, by webhook or through a signed link, applied by
// the same rules either way: only to a pilot it is invited to, a later
// change (by the company's own timestamp) replacing an earlier one, and a
// message seen before (webhook-id, or the link form's nonce) acknowledged
// without being applied again.

export type EventOutcome = { outcome: 'applied' | 'superseded' | 'duplicate'; [k: string]: unknown };

/** The actor the audit trail shows for a company. */
export const companyActor = (companyId: string, name: string): Actor => ({ sub: `company:${companyId}`, name });

export const applyCompanyEvent = async (
  ctx: StoreContext,
  company: { id: string; name: string },
  event: CompanyEvent,
  via: 'webhook' | 'link',
  messageId?: string,
): Promise<EventOutcome> => {
  const actor = companyActor(company.id, company.name);
  const base = { pilotId: event.data.pilotId, companyId: company.id, at: event.timestamp, via, actor, ...(messageId ? { messageId } : {}) };
  switch (event.type) {
    case 'match.slots.confirmed':
    case 'match.slots.declined': {
      const slots = event.type === 'match.slots.confirmed' ? event.data.slots : 0;
      const result = await recordAnswer(ctx, { ...base, slots });
      return { outcome: result.outcome, slots: result.invitation.slots, answer: result.invitation.answer, slotsLeft: result.slotsLeft };
    }
    case 'internship.offered':
    case 'internship.started': {
      // A company that was never invited to the pilot has no part in it, whatever it reports.
      // The pilot, the invitation and the candidate code in one read.
      const { pilot, invitation, candidate } = await getReportingItems(ctx, event.data.pilotId, company.id, event.data.participantRef);
      if (!pilot || !invitation) throw new NotFoundError(`company ${company.id} is not invited to pilot ${event.data.pilotId}`);
      assertReportingOpen(pilot);
      const status = event.type === 'internship.offered' ? 'offered' : 'started';
      const result = await recordInternship(ctx, { ...base, status, report: event.data, candidate: { known: candidate } });
      return { outcome: result.outcome, participantRef: result.internship.code, internshipStatus: result.internship.status };
    }
  }
};
