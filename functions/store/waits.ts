import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { lazySchema } from '../domain/lazy-schema.js';
import { ALL_WAITS, PHASES, type WaitFor } from '../domain/phases.js';
import type { Pilot } from '../domain/pilot.js';
import { auditPut, SYSTEM_ACTOR, type AuditEntry } from './audit.js';
import type { StoreContext } from './client.js';
import { itemReader } from './items.js';
import { ensureRisks, getPilotWith } from './pilots.js';
import { key } from './table.js';
import { transact } from './transact.js';

// The pending wait of a pilot (one item, PILOT#<id> / WAIT). Its life:
//   enter:  created by the phase's step, without a token yet;
//   park:   the waiting task stores its token (and the wake-up is scheduled);
//   resume: whoever takes the token with a conditional delete resumes the
//           execution; a racing deadline and event cannot both win.
// An event that arrives between enter and park is queued on the item
// (earlyResume) and the park resumes at once with it.

const WaitSchema = lazySchema(() =>
  z.object({
    waitId: z.string(),
    for: z.enum(ALL_WAITS),
    phase: z.enum(PHASES),
    /** The instant the deadline falls (UTC ISO); its wake-up is scheduled for then. */
    deadline: z.string(),
    token: z.string().optional(),
    /** The execution whose task the token belongs to. */
    execution: z.string().optional(),
    /** The wake-up's name; a new version is scheduled whenever the deadline moves. */
    scheduleVersion: z.number().int(),
    earlyResume: z.record(z.string(), z.unknown()).optional(),
  }),
);
export type Wait = z.infer<typeof WaitSchema>;
/** A wait item as read, or as an update returned it (ALL_OLD, ALL_NEW). */
const toWait = itemReader('wait', WaitSchema);

export const scheduleName = (pilotId: string, wait: Pick<Wait, 'waitId' | 'scheduleVersion'>) => `${pilotId}-${wait.waitId}-${wait.scheduleVersion}`;

/**
 * Enters a wait: writes the wait item (without a token), shows it on the
 * pilot (phase, waitingFor, nextDeadline) and appends the audit entry, in one
 * transaction. False when a wait that was already parked is in the way.
 */
export const enterWait = async (ctx: StoreContext, pilotId: string, wait: Wait, now: Date): Promise<boolean> => {
  const result = await transact(ctx, [
    {
      // Replaces a wait left from an earlier phase only if it was never parked (no token to lose).
      Put: {
        TableName: ctx.tableName,
        Item: { ...key.wait(pilotId), entity: 'wait', ...wait },
        ConditionExpression: 'attribute_not_exists(PK) OR attribute_not_exists(#token)',
        ExpressionAttributeNames: { '#token': 'token' },
      },
    },
    {
      Update: {
        TableName: ctx.tableName,
        Key: key.pilot(pilotId),
        UpdateExpression: 'SET phase = :phase, waitingFor = :for, nextDeadline = :deadline, updatedAt = :now',
        ExpressionAttributeValues: { ':phase': wait.phase, ':for': wait.for, ':deadline': wait.deadline, ':now': now.toISOString() },
      },
    },
    auditPut(ctx, pilotId, { actor: SYSTEM_ACTOR, action: 'phase.entered', details: { phase: wait.phase, waitingFor: wait.for, deadline: wait.deadline } }),
  ]);
  return result.committed;
};

/**
 * Enters the recovery wait after a step failed for good: the wait item
 * replaces whatever wait the pilot had (its token is dead), and the pilot
 * shows the wait, the failure and the `step-failed` risk, with the audit
 * entry, in one transaction.
 */
export const enterStepRetryWait = async (
  ctx: StoreContext,
  pilotId: string,
  wait: Wait,
  failure: NonNullable<Pilot['stepFailure']>,
  risk: { name: string; details: Record<string, unknown> },
): Promise<void> => {
  await ensureRisks(ctx, pilotId);
  await transact(ctx, [
    { Put: { TableName: ctx.tableName, Item: { ...key.wait(pilotId), entity: 'wait', ...wait } } },
    {
      Update: {
        TableName: ctx.tableName,
        Key: key.pilot(pilotId),
        // The risk by its own key: a risk another writer raises meanwhile (mail-failed, stuck) is kept.
        UpdateExpression: 'SET waitingFor = :for, nextDeadline = :deadline, stepFailure = :failure, risks.#risk = :risk, updatedAt = :now',
        ExpressionAttributeNames: { '#risk': risk.name },
        ExpressionAttributeValues: {
          ':for': wait.for,
          ':deadline': wait.deadline,
          ':failure': failure,
          ':risk': { at: failure.at, details: risk.details },
          ':now': failure.at,
        },
      },
    },
    auditPut(ctx, pilotId, {
      actor: SYSTEM_ACTOR,
      action: 'workflow.step-failed',
      details: { step: failure.step, error: failure.error, retryBy: failure.retryBy },
    }),
  ]);
};

export const getWait = async (ctx: StoreContext, pilotId: string): Promise<Wait | undefined> => {
  const { Item } = await ctx.db.send(new GetCommand({ TableName: ctx.tableName, Key: key.wait(pilotId), ConsistentRead: true }));
  return Item ? toWait(Item) : undefined;
};

/**
 * The pilot and its pending wait (undefined: none), in one read (BatchGetItem)
 * where a wake-up or a phase's step made two. 404 when the pilot is not there.
 */
export const getPilotAndWait = async (ctx: StoreContext, pilotId: string): Promise<{ pilot: Pilot; wait: Wait | undefined }> => {
  const {
    pilot,
    items: [wait],
  } = await getPilotWith(ctx, pilotId, [key.wait(pilotId)]);
  return { pilot, wait: wait && toWait(wait) };
};

/**
 * Stores the parked task's token. Parking again after a timeout (same
 * waitId) only replaces the token: the deadline may have moved since the
 * step computed it. If the item is gone (a resume took it but crashed before
 * resuming), it is created again from the step's wait.
 */
export const storeToken = async (
  ctx: StoreContext,
  pilotId: string,
  wait: Omit<Wait, 'token' | 'earlyResume' | 'execution'>,
  token: string,
  execution: string,
): Promise<Wait> => {
  const { Attributes } = await ctx.db.send(
    new UpdateCommand({
      TableName: ctx.tableName,
      Key: key.wait(pilotId),
      UpdateExpression:
        'SET #token = :token, execution = :execution, entity = :entity, waitId = if_not_exists(waitId, :waitId), #for = if_not_exists(#for, :for), ' +
        'phase = if_not_exists(phase, :phase), deadline = if_not_exists(deadline, :deadline), ' +
        'scheduleVersion = if_not_exists(scheduleVersion, :version)',
      ConditionExpression: 'attribute_not_exists(PK) OR waitId = :waitId',
      ExpressionAttributeNames: { '#token': 'token', '#for': 'for' },
      ExpressionAttributeValues: {
        ':token': token,
        ':execution': execution,
        ':entity': 'wait',
        ':waitId': wait.waitId,
        ':for': wait.for,
        ':phase': wait.phase,
        ':deadline': wait.deadline,
        ':version': wait.scheduleVersion,
      },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return toWait(Attributes!);
};

export type WaitMatch = { waitId: string } | { for: readonly WaitFor[] };

const matchCondition = (match: WaitMatch) =>
  'waitId' in match
    ? { expression: 'waitId = :match0', values: { ':match0': match.waitId } }
    : {
        expression: `#for IN (${match.for.map((_, i) => `:match${i}`).join(', ')})`,
        values: Object.fromEntries(match.for.map((f, i) => [`:match${i}`, f])),
      };

/**
 * Takes the token of the pending wait if it matches: a conditional delete, so
 * of any number of racing resumes exactly one gets the token. Undefined for
 * the losers, and when nothing is parked.
 */
export const takeToken = async (ctx: StoreContext, pilotId: string, match: WaitMatch): Promise<Wait | undefined> => {
  const m = matchCondition(match);
  try {
    const { Attributes } = await ctx.db.send(
      new DeleteCommand({
        TableName: ctx.tableName,
        Key: key.wait(pilotId),
        ConditionExpression: `${m.expression} AND attribute_exists(#token)`,
        ExpressionAttributeNames: { '#token': 'token', ...('for' in match ? { '#for': 'for' } : {}) },
        ExpressionAttributeValues: m.values,
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes ? toWait(Attributes) : undefined;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
};

/**
 * takeToken for a parked wait the caller has just read, with the audit entry
 * of the resume, in one transaction (where taking and auditing were two
 * calls). The delete is conditional on the wait being the one read (its id,
 * token and schedule version), so of any number of racing resumes exactly one
 * takes it, as with takeToken. False when the wait changed or went meanwhile
 * (nothing written): the caller goes on with takeToken.
 */
export const takeReadToken = async (ctx: StoreContext, pilotId: string, wait: Wait, audit: Omit<AuditEntry, 'at'>): Promise<boolean> => {
  if (!wait.token) return false;
  const result = await transact(ctx, [
    {
      Delete: {
        TableName: ctx.tableName,
        Key: key.wait(pilotId),
        ConditionExpression: 'waitId = :waitId AND #token = :token AND scheduleVersion = :version',
        ExpressionAttributeNames: { '#token': 'token' },
        ExpressionAttributeValues: { ':waitId': wait.waitId, ':token': wait.token, ':version': wait.scheduleVersion },
      },
    },
    auditPut(ctx, pilotId, audit),
  ]);
  return result.committed;
};

/**
 * Queues a resume on a wait that has no token yet (entered, not parked). The
 * first queued resume wins; true if this one was queued.
 */
export const queueEarlyResume = async (ctx: StoreContext, pilotId: string, match: WaitMatch, output: Record<string, unknown>): Promise<boolean> => {
  const m = matchCondition(match);
  try {
    await ctx.db.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: key.wait(pilotId),
        UpdateExpression: 'SET earlyResume = :output',
        ConditionExpression: `${m.expression} AND attribute_not_exists(#token) AND attribute_not_exists(earlyResume)`,
        ExpressionAttributeNames: { '#token': 'token', ...('for' in match ? { '#for': 'for' } : {}) },
        ExpressionAttributeValues: { ...m.values, ':output': output },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

/** Moves the pending wait's deadline: a new schedule version. Returns the updated wait, or undefined if it changed meanwhile. */
export const moveDeadline = async (ctx: StoreContext, pilotId: string, wait: Wait, deadline: string): Promise<Wait | undefined> => {
  try {
    const { Attributes } = await ctx.db.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: key.wait(pilotId),
        UpdateExpression: 'SET deadline = :deadline, scheduleVersion = :next',
        ConditionExpression: 'waitId = :waitId AND scheduleVersion = :version',
        ExpressionAttributeValues: {
          ':deadline': deadline,
          ':next': wait.scheduleVersion + 1,
          ':waitId': wait.waitId,
          ':version': wait.scheduleVersion,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toWait(Attributes!);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
};

/**
 * Takes the token of the wait parked by `execution` without ending the wait:
 * the execution is renewed, and its successor parks on the same wait (same
 * waitId, deadline and wake-up). Undefined if it was resumed meanwhile.
 */
export const releaseToken = async (ctx: StoreContext, pilotId: string, execution: string): Promise<Wait | undefined> => {
  try {
    const { Attributes } = await ctx.db.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: key.wait(pilotId),
        UpdateExpression: 'REMOVE #token, execution',
        ConditionExpression: 'execution = :execution AND attribute_exists(#token)',
        ExpressionAttributeNames: { '#token': 'token' },
        ExpressionAttributeValues: { ':execution': execution },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes ? toWait(Attributes) : undefined;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
};
