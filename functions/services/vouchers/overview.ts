import { addDays } from '../../domain/calendar.js';
import { codeQueue, maskCode, NEAR_EXPIRY_DAYS } from '../../domain/vouchers.js';
import type { StoreContext } from '../../store/client.js';
import { getPilot } from '../../store/pilots.js';
import { codesOfPilot, type VoucherCode as StoredCode } from '../../store/vouchers.js';
import { allParticipants, today } from './common.js';

// What the consultant sees of the codes.

/** The pool, the assignments and their use. Full codes only for consultants; masked for everyone else. */
export const voucherOverview = async (ctx: StoreContext, pilotId: string, revealCodes: boolean) => {
  const pilot = await getPilot(ctx, pilotId);
  const show = (code: string) => (revealCodes ? code : maskCode(code));
  const codes: StoredCode[] = await codesOfPilot(ctx, pilotId);
  const now = today(ctx);
  const participants = new Map((await allParticipants(ctx, pilotId)).map((p) => [p.id, p]));
  const free = codes.filter((c) => c.status === 'free');
  return {
    pilotId,
    pool: {
      total: codes.length,
      free: free.filter((c) => c.expiresOn >= now).length,
      assigned: codes.filter((c) => c.status === 'assigned').length,
      used: codes.filter((c) => c.status === 'used').length,
      expired: free.filter((c) => c.expiresOn < now).length,
      nearExpiry: free
        .filter((c) => c.expiresOn >= now && c.expiresOn <= addDays(now, NEAR_EXPIRY_DAYS))
        .map((c) => ({ code: show(c.code), expiresOn: c.expiresOn })),
    },
    assignments: codes
      .filter((c) => c.participantId)
      .map((c) => {
        const p = participants.get(c.participantId!);
        return {
          participantId: c.participantId,
          code: show(c.code),
          attempt: c.attempt,
          status: c.status,
          ...(p?.exam && p.exam.attempt === c.attempt ? { result: p.exam.result } : {}),
          // No e-mail address: the consultant hands the code over.
          handOut: p !== undefined && !p.email,
        };
      }),
    waiting: codeQueue([...participants.values()], pilot.certification.retakes).map((w) => w.participant.id),
  };
};
