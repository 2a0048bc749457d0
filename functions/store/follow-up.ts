import type { FollowUpOutcome } from '../domain/evaluation.js';
import { auditPut, type Actor } from './audit.js';
import type { StoreContext } from './client.js';
import { key } from './table.js';
import { MAX_TRANSACTION_ACTIONS, transact, transactRows, type TransactItem } from './transact.js';

/** The outcome on the participant, who must exist and have started the course (the employment rate's denominator). */
const followUpUpdate = (ctx: StoreContext, pilotId: string, participantId: string, outcome: FollowUpOutcome, now: string): TransactItem => ({
  Update: {
    TableName: ctx.tableName,
    Key: key.participant(pilotId, participantId),
    UpdateExpression: 'SET followUp = :followUp, updatedAt = :now',
    ConditionExpression: 'attribute_exists(PK) AND attribute_exists(startedAt)',
    ExpressionAttributeValues: { ':followUp': { outcome, recordedAt: now }, ':now': now },
  },
});

/**
 * Records a participant's follow-up outcome, with its audit entry, in one
 * transaction. False when the pilot has no such participant, or they never
 * started the course: only those who started are followed up (they are the
 * employment rate's denominator).
 */
export const saveFollowUpOutcome = async (
  ctx: StoreContext,
  pilotId: string,
  participantId: string,
  outcome: FollowUpOutcome,
  actor: Actor,
): Promise<boolean> => {
  const now = ctx.clock.now().toISOString();
  const result = await transact(ctx, [
    followUpUpdate(ctx, pilotId, participantId, outcome, now),
    auditPut(ctx, pilotId, { actor, action: 'participant.follow-up-recorded', participantId, details: { outcome } }),
  ]);
  return result.committed;
};

/**
 * Records many follow-up outcomes: up to 99 participants a transaction, each
 * under its own condition (it exists and started the course), with one
 * audit entry per transaction naming them and their outcomes. A transaction
 * a condition cancels is split and its halves retried (transactRows), so
 * each row's answer is exact: false where the participant is missing or
 * never started. A participant twice in the list is recorded in order.
 */
export const saveFollowUpOutcomes = async (
  ctx: StoreContext,
  pilotId: string,
  rows: { participantId: string; outcome: FollowUpOutcome }[],
  actor: Actor,
): Promise<boolean[]> => {
  const now = ctx.clock.now().toISOString();
  const written = await transactRows(ctx, rows, {
    rowsPerTransaction: MAX_TRANSACTION_ACTIONS - 1,
    itemOf: (row) => row.participantId,
    build: (chunk) => [
      ...chunk.map(({ participantId, outcome }) => followUpUpdate(ctx, pilotId, participantId, outcome, now)),
      chunk.length === 1
        ? auditPut(ctx, pilotId, {
            actor,
            action: 'participant.follow-up-recorded',
            participantId: chunk[0]!.participantId,
            details: { outcome: chunk[0]!.outcome },
          })
        : auditPut(ctx, pilotId, {
            actor,
            action: 'participant.follow-ups-recorded',
            participantIds: chunk.map((r) => r.participantId),
            details: { outcomes: chunk.map((r) => ({ participantId: r.participantId, outcome: r.outcome })) },
          }),
    ],
  });
  return written.map(({ outcome }) => outcome.committed);
};
