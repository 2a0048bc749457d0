import type { StoreContext } from './client.js';
import { executeEach, expiryStatement } from './statements.js';
import { key } from './table.js';

// Personal data expires after the pilot's retention period: the evaluation
// sets DynamoDB's TTL attribute on every item that holds it
// (services/evaluation.ts, expirePersonalData). `expiresAt` is epoch seconds.
// The date is known only then (the evaluation's day plus the retention), so
// it cannot be written with the items; it is set 25 items a call
// (statements.ts), each an UPDATE that applies only where the item still
// exists: one erased meanwhile stays erased (no item is made again). Items of
// every kind go in the same calls (expireItems), so a pilot's expiry is
// ceil(items / 25) calls, not that per kind.

type ItemKey = { PK: string; SK: string };

/** A participant's items: their own and their case-reference guard. */
export const participantItemKeys = (pilotId: string, participants: readonly { id: string; reference: string }[]): ItemKey[] =>
  participants.flatMap((p) => [key.participant(pilotId, p.id), key.reference(pilotId, p.reference)]);

/** The internship reports' items (which employer took whom). */
export const internshipKeys = (pilotId: string, reports: readonly { participantId: string; companyId: string }[]): ItemKey[] =>
  reports.map((r) => key.internship(pilotId, r.participantId, r.companyId));

/** These items expire, whatever their kind, 25 a call; those erased meanwhile stay erased. Each key once. */
export const expireItems = async (ctx: StoreContext, keys: readonly ItemKey[], expiresAt: number): Promise<void> => {
  await executeEach(
    ctx,
    keys.map((k) => expiryStatement(ctx, k, expiresAt)),
  );
};

/** Participants and their case-reference guards expire; those erased meanwhile stay erased. */
export const expireParticipants = (
  ctx: StoreContext,
  pilotId: string,
  participants: readonly { id: string; reference: string }[],
  expiresAt: number,
): Promise<void> => expireItems(ctx, participantItemKeys(pilotId, participants), expiresAt);

/** Internship reports (which employer took whom) expire; one deleted meanwhile (an erasure) is not made again. */
export const expireInternships = (
  ctx: StoreContext,
  pilotId: string,
  reports: readonly { participantId: string; companyId: string }[],
  expiresAt: number,
): Promise<void> => expireItems(ctx, internshipKeys(pilotId, reports), expiresAt);
