import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { StoreContext } from './client.js';
import { key, TTL_ATTRIBUTE } from './table.js';

// Personal data expires after the pilot's retention period: the evaluation
// sets DynamoDB's TTL attribute on every item that holds it
// (services/evaluation.ts, expirePersonalData). `expiresAt` is epoch seconds.

const setExpiry = (ctx: StoreContext, Key: Record<string, string>, expiresAt: number, onlyIfPresent: boolean) =>
  ctx.db.send(
    new UpdateCommand({
      TableName: ctx.tableName,
      Key,
      UpdateExpression: 'SET #ttl = :ttl',
      ...(onlyIfPresent ? { ConditionExpression: 'attribute_exists(PK)' } : {}),
      ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
      ExpressionAttributeValues: { ':ttl': expiresAt },
    }),
  );

/** A participant and their case-reference guard expire; one erased meanwhile stays erased (no item is made again). */
export const expireParticipant = async (
  ctx: StoreContext,
  pilotId: string,
  participant: { id: string; reference: string },
  expiresAt: number,
): Promise<void> => {
  await Promise.all(
    [key.participant(pilotId, participant.id), key.reference(pilotId, participant.reference)].map((Key) =>
      setExpiry(ctx, Key, expiresAt, true).catch((error: unknown) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error; // erased meanwhile
      }),
    ),
  );
};

/** An internship report (which employer took whom) expires. */
export const expireInternship = async (
  ctx: StoreContext,
  pilotId: string,
  report: { participantId: string; companyId: string },
  expiresAt: number,
): Promise<void> => {
  await setExpiry(ctx, key.internship(pilotId, report.participantId, report.companyId), expiresAt, false);
};
