import type { FollowUpOutcome } from '../domain/evaluation.js';
import { auditPut, type Actor } from './audit.js';
import type { StoreContext } from './client.js';
import { key } from './table.js';
import { transact } from './transact.js';

/**
 * Records a participant's follow-up outcome, with its audit entry, in one
 * transaction. False when the pilot has no such participant, or they never
 * started the course: only those who started are followed up (they are the
 * employment rate's denominator).
 */
export const saveFollowUpOutcome = async (ctx: StoreContext, pilotId: string, participantId: string, outcome: FollowUpOutcome, actor: Actor): Promise<boolean> => {
  const now = ctx.clock.now().toISOString();
  const result = await transact(ctx, [
    {
      Update: {
        TableName: ctx.tableName,
        Key: key.participant(pilotId, participantId),
        UpdateExpression: 'SET followUp = :followUp, updatedAt = :now',
        ConditionExpression: 'attribute_exists(PK) AND attribute_exists(startedAt)',
        ExpressionAttributeValues: { ':followUp': { outcome, recordedAt: now }, ':now': now },
      },
    },
    auditPut(ctx, pilotId, { actor, action: 'participant.follow-up-recorded', participantId, details: { outcome } }),
  ]);
  return result.committed;
};
