import type { StoreContext } from './client.js';
import { executeEach, expiryStatement } from './statements.js';
import { key } from './table.js';

// Personal data expires after the pilot's retention period: the evaluation
// sets DynamoDB's TTL attribute on every item that holds it
// (services/evaluation.ts, expirePersonalData). `expiresAt` is epoch seconds.
// The date is known only then (the evaluation's day plus the retention), so
// it cannot be written with the items; it is set 25 items a call
// (statements.ts), each an UPDATE that applies only where the item still
// exists: one erased meanwhile stays erased (no item is made again).

/** Participants and their case-reference guards expire; those erased meanwhile stay erased. */
export const expireParticipants = async (
  ctx: StoreContext,
  pilotId: string,
  participants: readonly { id: string; reference: string }[],
  expiresAt: number,
): Promise<void> => {
  await executeEach(
    ctx,
    participants.flatMap((p) => [key.participant(pilotId, p.id), key.reference(pilotId, p.reference)].map((Key) => expiryStatement(ctx, Key, expiresAt))),
  );
};

/** Internship reports (which employer took whom) expire; one deleted meanwhile (an erasure) is not made again. */
export const expireInternships = async (
  ctx: StoreContext,
  pilotId: string,
  reports: readonly { participantId: string; companyId: string }[],
  expiresAt: number,
): Promise<void> => {
  await executeEach(
    ctx,
    reports.map((r) => expiryStatement(ctx, key.internship(pilotId, r.participantId, r.companyId), expiresAt)),
  );
};
