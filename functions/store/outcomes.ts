import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { OutcomeSchema } from '../contracts/outcome.js';
import type { Outcome, RecommendationOverride } from '../domain/evaluation.js';
import { getItems } from './batch-get.js';
import type { StoreContext } from './client.js';
import { describes, itemReader } from './items.js';
import { key } from './table.js';
import type { Pilot } from '../domain/pilot.js';
import { getPilotWith } from './pilots.js';

// A pilot's outcome record (one item, key.outcome), written once by the
// evaluation step (services/evaluation.ts); only a consultant's override
// changes it afterwards.

/** The outcome item as stored is the outcome as the API shows it (functions/contracts/outcome.ts). */
const readOutcome = itemReader('outcome', describes<Outcome>()(OutcomeSchema));

/** The pilot's outcome, or undefined before its evaluation. `consistent` reads what was just written. */
export const getOutcome = async (ctx: StoreContext, pilotId: string, opts: { consistent?: boolean } = {}): Promise<Outcome | undefined> => {
  const { Item } = await ctx.db.send(
    new GetCommand({ TableName: ctx.tableName, Key: key.outcome(pilotId), ...(opts.consistent ? { ConsistentRead: true } : {}) }),
  );
  return Item ? readOutcome(Item) : undefined;
};

/** The outcomes of many pilots, read together (strongly consistent, 100 a call): absent for a pilot not evaluated. */
export const getOutcomes = async (ctx: StoreContext, pilotIds: readonly string[]): Promise<Map<string, Outcome>> => {
  const items = await getItems(
    ctx,
    pilotIds.map((id) => key.outcome(id)),
  );
  return new Map(items.flatMap((item, i) => (item ? [[pilotIds[i]!, readOutcome(item)] as const] : [])));
};

/**
 * The pilot and its outcome (undefined before its evaluation) in one read,
 * strongly consistent: what the evaluation step starts from. 404 when there is no pilot.
 */
export const getPilotAndOutcome = async (ctx: StoreContext, pilotId: string): Promise<{ pilot: Pilot; outcome: Outcome | undefined }> => {
  const {
    pilot,
    items: [outcome],
  } = await getPilotWith(ctx, pilotId, [key.outcome(pilotId)]);
  return { pilot, outcome: outcome && readOutcome(outcome) };
};

/** Writes the outcome record once: false when the pilot has one already (a retry, a replay). */
export const putOutcomeOnce = async (ctx: StoreContext, outcome: Outcome): Promise<boolean> => {
  try {
    await ctx.db.send(
      new PutCommand({
        TableName: ctx.tableName,
        Item: { ...key.outcome(outcome.pilotId), entity: 'outcome', ...outcome },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

/** A consultant's override on the outcome record: the override, and the recommendation it sets. */
export const setOutcomeOverride = async (ctx: StoreContext, pilotId: string, override: RecommendationOverride): Promise<void> => {
  await ctx.db.send(
    new UpdateCommand({
      TableName: ctx.tableName,
      Key: key.outcome(pilotId),
      // "override" is a DynamoDB reserved word.
      UpdateExpression: 'SET #override = :override, recommendation = :recommendation',
      ExpressionAttributeNames: { '#override': 'override' },
      ExpressionAttributeValues: { ':override': override, ':recommendation': override.recommendation },
    }),
  );
};
