import { ConflictError } from '../../domain/errors.js';
import { maskCode } from '../../domain/vouchers.js';
import type { Actor } from '../../store/audit.js';
import type { ServiceContext } from '../context.js';
import { getParticipant } from '../../store/participants.js';
import { getPilot } from '../../store/pilots.js';
import { revokeCode } from '../../store/vouchers.js';
import { assignVouchers } from './assign.js';
import { finishEarlyIfAllResults } from './exam-results.js';

// Taking back an unused code.

/**
 * A consultant takes back an unused code from a holder who will not sit the
 * exam (dropped out, ill, moved): the code goes to the next in line at once
 * during certification (else back to the pool), and the holder waits for no
 * other code.
 */
export const revokeVoucher = async (ctx: ServiceContext, pilotId: string, participantId: string, actor: Actor) => {
  const participant = await getParticipant(ctx, pilotId, participantId);
  if (!participant.voucher) throw new ConflictError('no-voucher', 'the participant has no voucher code');
  if (participant.exam && participant.exam.attempt === participant.voucher.attempt) {
    throw new ConflictError('code-used', 'the code has been used: an exam result is recorded for it');
  }
  if (!(await revokeCode(ctx, pilotId, participant, actor))) throw new ConflictError('changed-meanwhile', 'the code changed meanwhile; reload and retry');
  const pilot = await getPilot(ctx, pilotId);
  const assignment = pilot.waitingFor === 'certification-end' ? await assignVouchers(ctx, pilotId) : undefined;
  await finishEarlyIfAllResults(ctx, pilotId);
  return { pilotId, participantId, revoked: maskCode(participant.voucher.code), ...(assignment ? { assignment } : {}) };
};
