import { dateInCopenhagen } from '../../domain/calendar.js';
import type { Participant } from '../../domain/participant.js';
import type { StoreContext } from '../../store/client.js';
import { participantsOfPilot } from '../../store/participants.js';
import { allItems } from '../../store/pagination.js';

// Certification: loading voucher codes (load.ts), handing them out exactly
// once when the course ends (assign.ts), exam results and retakes
// (exam-results.ts), taking a code back (revoke.ts) and the overview
// (overview.ts). Participant-level changes only update DynamoDB; the
// certification phase moves on when every candidate with a code has a
// result, or at the exam deadline. This module is what they share: the whole
// cohort, and today's date on the product's clock.

export const allParticipants = (ctx: StoreContext, pilotId: string): Promise<Participant[]> => allItems((page) => participantsOfPilot(ctx, pilotId, {}, page));

export const today = (ctx: StoreContext) => dateInCopenhagen(ctx.clock.now());
