import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PilotSchema } from '../contracts/pilots.js';
import { initialTeam } from '../domain/access.js';
import { NotFoundError } from '../domain/errors.js';
import { PARTICIPANT_STATUSES } from '../domain/participant.js';
import type { ParticipantCounts, Pilot, PilotInput, PilotStatus } from '../domain/pilot.js';
import { auditPut, type Actor, type AuditEntry } from './audit.js';
import type { StoreContext } from './client.js';
import { getItems, type ItemKey } from './batch-get.js';
import { queryAll, queryPage, type Page, type PageRequest } from './pagination.js';
import { describes, itemReader } from './items.js';
import { index, key } from './table.js';
import { transact } from './transact.js';

const zeroCounts = (): ParticipantCounts => Object.fromEntries(PARTICIPANT_STATUSES.map((s) => [s, 0])) as ParticipantCounts;

/** Creates a draft pilot and its first audit entry, in one transaction. */
export const createPilot = async (ctx: StoreContext, input: PilotInput, actor: Actor & { email?: string | undefined }): Promise<Pilot> => {
  const now = ctx.clock.now().toISOString();
  const pilot: Pilot = {
    ...input,
    // The creator first: the token's e-mail address (the actor's name is that address when the token had one).
    team: initialTeam(actor.email ?? (actor.name?.includes('@') ? actor.name : undefined), input.team),
    id: randomUUID(),
    status: 'draft',
    placesTaken: 0,
    counts: zeroCounts(),
    // Kept from the start, so it is exact: a pilot created without it never gets it (unknown, counted when needed).
    certifiedCount: 0,
    createdAt: now,
    createdBy: actor.sub,
    ...(actor.name?.includes('@') ? { consultantEmail: actor.name } : {}),
    updatedAt: now,
  };
  const order = `${now}#${pilot.id}`;
  await transact(ctx, [
    {
      Put: {
        TableName: ctx.tableName,
        Item: {
          ...key.pilot(pilot.id),
          entity: 'pilot',
          [index.allPilots.pk]: index.allPilots.value(),
          [index.allPilots.sk]: order,
          [index.pilotsByStatus.pk]: index.pilotsByStatus.value(pilot.status),
          [index.pilotsByStatus.sk]: order,
          ...pilot,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    auditPut(ctx, pilot.id, { actor, action: 'pilot.created', details: { name: pilot.name, capacity: pilot.capacity } }),
  ]);
  return withCompanySums(pilot);
};

/** A pilot item as stored: the API's pilot, which shows it as stored (the count of its e-mails failing now, store/mails.ts, too). */
const PilotItemSchema = describes<Pilot>()(PilotSchema);
const readPilot = itemReader('pilot', PilotItemSchema);

/** A pilot as readers see it: the company sums together, zero before any company is invited. */
const withCompanySums = (pilot: Pilot): Pilot => ({
  ...pilot,
  companies: { invited: pilot.companiesInvited ?? 0, answered: pilot.companiesAnswered ?? 0, confirmedSlots: pilot.slotsConfirmed ?? 0 },
});

/** A pilot item as read (GetItem, Query, an update's ALL_NEW, a batch read) as readers see it. */
export const toPilot = (item: Record<string, unknown>): Pilot => withCompanySums(readPilot(item));

/** The pilot, read strongly consistent (a consultant expects to see what was just written). */
export const getPilot = async (ctx: StoreContext, pilotId: string): Promise<Pilot> => {
  const { Item } = await ctx.db.send(new GetCommand({ TableName: ctx.tableName, Key: key.pilot(pilotId), ConsistentRead: true }));
  if (!Item) throw new NotFoundError(`no pilot with id ${pilotId}`);
  return toPilot(Item);
};

/**
 * The pilot and other items a request needs with it (a route's `alsoRead`,
 * functions/http/api-handler.ts), in one BatchGetItem, strongly consistent as
 * getPilot: the others raw and in their keys' order (undefined where none),
 * each parsed by its own store module.
 */
export const getPilotWith = async (
  ctx: StoreContext,
  pilotId: string,
  keys: readonly ItemKey[],
): Promise<{ pilot: Pilot; items: (Record<string, unknown> | undefined)[] }> => {
  const [item, ...items] = await getItems(ctx, [key.pilot(pilotId), ...keys]);
  if (!item) throw new NotFoundError(`no pilot with id ${pilotId}`);
  return { pilot: toPilot(item), items };
};

/** Pilots, newest first, optionally only those with one status, or with a risk raised (`stuck`, `mail-failed`, ...). */
export const listPilots = (
  ctx: StoreContext,
  filter: { status?: PilotStatus | undefined; risk?: string | undefined },
  page: PageRequest,
): Promise<Page<Pilot>> => {
  const idx = filter.status ? index.pilotsByStatus : index.allPilots;
  const value = filter.status ? index.pilotsByStatus.value(filter.status) : index.allPilots.value();
  return queryPage(
    ctx,
    {
      IndexName: idx.name,
      KeyConditionExpression: `${idx.pk} = :pk`,
      ExpressionAttributeValues: { ':pk': value },
      ScanIndexForward: false,
      // A filter, not an index: a municipality has tens of pilots, and risks come and go.
      ...(filter.risk ? { FilterExpression: 'attribute_exists(risks.#risk)', ExpressionAttributeNames: { '#risk': filter.risk } } : {}),
    },
    { attribute: idx.pk, value },
    page,
    toPilot,
  );
};

/**
 * Every pilot with one of these statuses, newest first, in one Query of the
 * all-pilots index (a call per MB of pilots) rather than one per status: for
 * the weekly digest, which wants all but the drafts. The status is a filter,
 * so the drafts are read (and billed) too; a municipality has tens of pilots.
 */
export const pilotsWithStatuses = (ctx: StoreContext, statuses: readonly PilotStatus[]): Promise<Pilot[]> =>
  queryAll(
    ctx,
    {
      IndexName: index.allPilots.name,
      KeyConditionExpression: `${index.allPilots.pk} = :pk`,
      FilterExpression: `#status IN (${statuses.map((_, i) => `:s${i}`).join(', ')})`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': index.allPilots.value(), ...Object.fromEntries(statuses.map((s, i) => [`:s${i}`, s])) },
      ScanIndexForward: false,
    },
    toPilot,
  );

/**
 * What a change may require of the pilot as it is stored, checked in the same
 * write: its status (and, when paused, since when), any status but one, that
 * nobody changed it since it was read, that an attribute was never set, or
 * that its recorded execution is of an earlier generation.
 */
export type PilotCondition =
  | { status: PilotStatus; pausedAt?: string }
  | { statusIsNot: PilotStatus }
  | { unchangedSince: string }
  | { notSet: keyof Pilot }
  | { executionGenerationBelow: number };

/** The attributes of a pilot a change may set or remove (its id and creation are fixed). */
type ChangeableAttributes = Omit<Pilot, 'id' | 'createdAt'>;

export interface PilotChange {
  /**
   * Attributes to set. A status change also moves the pilot in the by-status
   * index. Never `risks`: the map is changed one risk at a time (below), so a
   * risk another writer raised meanwhile is never lost.
   */
  set?: Partial<ChangeableAttributes> & { risks?: never };
  remove?: (keyof ChangeableAttributes)[];
  /**
   * Risks raised (each with its details, at the product clock's now; one
   * already raised keeps its first time and details) and cleared, each an
   * update of its own key in the pilot's risks map: `mail-failed`, `stuck`
   * and the others may be raised by concurrent writers at any time.
   */
  risks?: { raise?: Record<string, Record<string, unknown>>; clear?: string[] };
  condition?: PilotCondition;
  /** The audit entry written in the same transaction. */
  audit?: Omit<AuditEntry, 'at'>;
}

/** A condition as DynamoDB's expression, with its own #names and :values. */
const conditionExpression = (c: PilotCondition): { expression: string; names?: Record<string, string>; values?: Record<string, unknown> } => {
  if ('status' in c) {
    return c.pausedAt === undefined
      ? { expression: '#status = :status', names: { '#status': 'status' }, values: { ':status': c.status } }
      : { expression: '#status = :status AND pausedAt = :pausedAt', names: { '#status': 'status' }, values: { ':status': c.status, ':pausedAt': c.pausedAt } };
  }
  if ('statusIsNot' in c) return { expression: '#status <> :status', names: { '#status': 'status' }, values: { ':status': c.statusIsNot } };
  if ('unchangedSince' in c) return { expression: 'updatedAt = :seen', values: { ':seen': c.unchangedSince } };
  if ('notSet' in c) return { expression: 'attribute_not_exists(#unset)', names: { '#unset': c.notSet } };
  return {
    expression: 'attribute_not_exists(#exec) OR #exec.generation < :generation',
    names: { '#exec': 'execution' },
    values: { ':generation': c.executionGenerationBelow },
  };
};

/**
 * Changes top-level attributes of a pilot and appends the audit entry, in one
 * transaction. Returns false when the condition failed (nothing written).
 */
export const changePilot = async (ctx: StoreContext, pilotId: string, change: PilotChange): Promise<boolean> => {
  if ((change.set && 'risks' in change.set) || change.remove?.includes('risks')) {
    throw new Error('the risks map is changed one risk at a time (PilotChange.risks), never whole');
  }
  const now = ctx.clock.now().toISOString();
  const set: Record<string, unknown> = { ...change.set, updatedAt: now };
  if (typeof set.status === 'string') set[index.pilotsByStatus.pk] = index.pilotsByStatus.value(set.status);
  const condition = change.condition ? conditionExpression(change.condition) : undefined;
  const names: Record<string, string> = { ...condition?.names };
  const values: Record<string, unknown> = { ...condition?.values };
  const sets = Object.entries(set).map(([attr, value], i) => {
    names[`#s${i}`] = attr;
    values[`:s${i}`] = value;
    return `#s${i} = :s${i}`;
  });
  const removes = (change.remove ?? []).map((attr, i) => {
    names[`#r${i}`] = attr;
    return `#r${i}`;
  });
  const raised = Object.entries(change.risks?.raise ?? {});
  const cleared = change.risks?.clear ?? [];
  if (raised.length + cleared.length > 0) {
    await ensureRisks(ctx, pilotId);
    names['#risks'] = 'risks';
  }
  raised.forEach(([risk, details], i) => {
    names[`#rk${i}`] = risk;
    values[`:rk${i}`] = { at: now, details };
    sets.push(`#risks.#rk${i} = if_not_exists(#risks.#rk${i}, :rk${i})`);
  });
  cleared.forEach((risk, i) => {
    names[`#rc${i}`] = risk;
    removes.push(`#risks.#rc${i}`);
  });
  const result = await transact(ctx, [
    {
      Update: {
        TableName: ctx.tableName,
        Key: key.pilot(pilotId),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: `attribute_exists(PK)${condition ? ` AND (${condition.expression})` : ''}`,
        ExpressionAttributeNames: names,
        ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
      },
    },
    ...(change.audit ? [auditPut(ctx, pilotId, change.audit)] : []),
  ]);
  return result.committed;
};

/** Raises a risk on the pilot (once: an existing one keeps its first time), with its audit entry. False when it was raised already. */
export const raiseRisk = async (
  ctx: StoreContext,
  pilotId: string,
  risk: string,
  details: Record<string, unknown>,
  audit: Omit<AuditEntry, 'at'>,
): Promise<boolean> => {
  await ensureRisks(ctx, pilotId);
  const result = await transact(ctx, [
    {
      Update: {
        TableName: ctx.tableName,
        Key: key.pilot(pilotId),
        UpdateExpression: 'SET risks.#risk = :risk',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(risks.#risk)',
        ExpressionAttributeNames: { '#risk': risk },
        ExpressionAttributeValues: { ':risk': { at: ctx.clock.now().toISOString(), details } },
      },
    },
    auditPut(ctx, pilotId, audit),
  ]);
  return result.committed;
};

/** Clears a risk the system raised and that no longer holds, with its audit entry. False when it was not raised. */
export const clearRisk = async (ctx: StoreContext, pilotId: string, risk: string, audit: Omit<AuditEntry, 'at'>): Promise<boolean> => {
  const result = await transact(ctx, [
    {
      Update: {
        TableName: ctx.tableName,
        Key: key.pilot(pilotId),
        UpdateExpression: 'REMOVE risks.#risk',
        ConditionExpression: 'attribute_exists(risks.#risk)',
        ExpressionAttributeNames: { '#risk': risk },
      },
    },
    auditPut(ctx, pilotId, audit),
  ]);
  return result.committed;
};

/** A nested risk can be set only inside an existing map: a pilot that never had a risk gets an empty one first. */
export const ensureRisks = async (ctx: StoreContext, pilotId: string): Promise<void> => {
  await ctx.db
    .send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: key.pilot(pilotId),
        UpdateExpression: 'SET risks = :empty',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(risks)',
        ExpressionAttributeValues: { ':empty': {} },
      }),
    )
    .catch((error: unknown) => {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
};

/**
 * Replaces the pilot's team, if it is still the one the caller read
 * (`expected`; undefined: a pilot from before teams, with no team stored),
 * with its audit entry. False when someone changed the team meanwhile.
 */
export const replaceTeam = async (
  ctx: StoreContext,
  pilotId: string,
  change: { expected: string[] | undefined; team: string[]; audit: Omit<AuditEntry, 'at'> },
): Promise<boolean> => {
  const result = await transact(ctx, [
    {
      Update: {
        TableName: ctx.tableName,
        Key: key.pilot(pilotId),
        UpdateExpression: 'SET #team = :team, updatedAt = :now',
        ConditionExpression: change.expected === undefined ? 'attribute_exists(PK) AND attribute_not_exists(#team)' : '#team = :expected',
        ExpressionAttributeNames: { '#team': 'team' },
        ExpressionAttributeValues: {
          ':team': change.team,
          ':now': ctx.clock.now().toISOString(),
          ...(change.expected === undefined ? {} : { ':expected': change.expected }),
        },
      },
    },
    auditPut(ctx, pilotId, change.audit),
  ]);
  return result.committed;
};
