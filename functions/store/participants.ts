import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dateInCopenhagen } from '../domain/calendar.js';
import { ConflictError, ContentionError, NotFoundError } from '../domain/errors.js';
import { isRecruiting, notRecruiting, promotesFromWaitingList } from '../domain/pilot.js';
import {
  ALLOWED_TRANSITIONS,
  holdsPlace,
  screeningResult,
  type Participant,
  type ParticipantInput,
  type ParticipantPatch,
  type ParticipantStatus,
} from '../domain/participant.js';
import { auditPut, SYSTEM_ACTOR, type Actor } from './audit.js';
import type { StoreContext } from './client.js';
import { pilotItemsWithPrefix, queryPage, type Page, type PageRequest } from './pagination.js';
import { getPilot } from './pilots.js';
import { index, key, withoutKeys } from './table.js';
import { transact, type TransactItem } from './transact.js';

// Capacity under concurrency: the pilot item holds `placesTaken` and
// per-status `counts`. Every participant write is one transaction that
// updates the pilot's counters with a condition (placesTaken < capacity to
// take a place), puts or updates the participant with a condition, and
// appends the audit entry. So 50 concurrent enrolments into 10 places leave
// exactly 10 enrolled, and the counts shown on the pilot are always exact.
//
// Places in order: each enrolment takes an order number from the pilot's
// counter (an atomic ADD on its own item, so numbers are unique and never
// reused), and the participant's orderKey is that number. The pilot item
// keeps `lastPlaceOrder`, the highest number that has taken a place, and
// every enrolment onto the course commits only above it: taking a place
// moves it up, joining the waiting list needs to be above it. So whoever
// holds a place has a lower order number than everyone waiting, and the
// waiting list (ordered by orderKey) is exactly who comes next. An
// enrolment that finds a higher number placed meanwhile takes a new number.
// A place is taken directly only while nobody waits; otherwise the newcomer
// queues and the head of the list moves in.

/** Mirrors isRecruiting (domain/pilot.ts) inside the transaction: the dates decide, not only the workflow's phase. */
const RECRUITING =
  '(#status = :draft OR (#status = :running AND #phase IN (:recruitment, :course) AND #recruitment.#closes >= :today))';
const recruiting = (today: string): Condition => ({
  expression: RECRUITING,
  names: { '#status': 'status', '#phase': 'phase', '#recruitment': 'recruitment', '#closes': 'closes' },
  values: { ':draft': 'draft', ':running': 'running', ':recruitment': 'recruitment', ':course': 'course', ':today': today },
});

/** Mirrors promotesFromWaitingList: a freed place goes to the head of the list until the course starts. */
const promoting = (today: string): Condition => ({
  expression: '#status <> :closed AND #course.#start > :today',
  names: { '#status': 'status', '#course': 'course', '#start': 'start' },
  values: { ':closed': 'closed', ':today': today },
});

/** Nobody with a place has an order number at or above this one. */
const aboveLastPlace = (order: number): Condition => ({
  expression: '(attribute_not_exists(lastPlaceOrder) OR lastPlaceOrder < :order)',
  values: { ':order': order },
});

interface Condition {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

/** An order number as a sort key: fixed width, after the time-based keys of participants enrolled before numbers were used. */
export const orderKeyOf = (order: number): string => `seq-${String(order).padStart(12, '0')}`;
const orderOf = (orderKey: string): number | undefined => (orderKey.startsWith('seq-') ? Number(orderKey.slice(4)) : undefined);

/**
 * Takes `count` consecutive order numbers for a pilot's enrolments and
 * returns the first. The counter has its own item, which no transaction
 * touches, so taking numbers never contends with enrolments.
 */
export const reserveOrderNumbers = async (ctx: StoreContext, pilotId: string, count: number): Promise<number> => {
  const { Attributes } = await ctx.db.send(
    new UpdateCommand({
      TableName: ctx.tableName,
      Key: key.enrolmentOrder(pilotId),
      UpdateExpression: 'ADD #next :count SET entity = :entity',
      ExpressionAttributeNames: { '#next': 'next' },
      ExpressionAttributeValues: { ':count': count, ':entity': 'enrolment-order' },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return (Attributes!.next as number) - count + 1;
};

export type EnrolmentOutcome =
  | { outcome: 'enrolled' | 'waitlisted' | 'basic-track'; participant: Participant }
  | { outcome: 'already-enrolled'; participantId: string };

/**
 * Enrols one eligible participant: into a place if one is free and nobody
 * waits, on the waiting list if not, or onto the basic track (no place) when
 * screening says so. Enrolling a case reference the pilot already has is a
 * no-op that returns the existing participant's id. `order` is a number from
 * reserveOrderNumbers (a batch reserves its rows' numbers at once); without
 * it one is taken here.
 */
export const enrolParticipant = async (
  ctx: StoreContext,
  pilotId: string,
  input: ParticipantInput,
  opts: { actor: Actor; track: 'course' | 'basic'; order?: number },
): Promise<EnrolmentOutcome> => {
  const participantId = randomUUID();
  const today = dateInCopenhagen(ctx.clock.now());
  let order = opts.order ?? (await reserveOrderNumbers(ctx, pilotId, 1));
  // Until the pilot is read, try for a place: the common case while recruiting.
  let status: 'enrolled' | 'waitlisted' | 'basic-track' = opts.track === 'basic' ? 'basic-track' : 'enrolled';
  let freePlaceWithQueue = false;
  for (let attempt = 0; attempt < 50; attempt++) {
    const participant = newParticipant(ctx, pilotId, participantId, input, status, orderKeyOf(order));
    const conditions: Condition[] = [recruiting(today)];
    if (status === 'enrolled') {
      conditions.push({ expression: 'placesTaken < #capacity AND counts.waitlisted = :zero', names: { '#capacity': 'capacity' }, values: { ':zero': 0 } });
    }
    if (status === 'waitlisted') {
      conditions.push({ expression: '(placesTaken >= #capacity OR counts.waitlisted > :zero)', names: { '#capacity': 'capacity' }, values: { ':zero': 0 } });
    }
    if (status !== 'basic-track') conditions.push(aboveLastPlace(order));
    const condition = joinConditions(conditions);
    const takesPlace = status === 'enrolled';
    const result = await transact(ctx, [
      {
        Update: {
          TableName: ctx.tableName,
          Key: key.pilot(pilotId),
          UpdateExpression: `SET counts.#to = counts.#to + :one, updatedAt = :now${takesPlace ? ', placesTaken = placesTaken + :one, lastPlaceOrder = :order' : ''}`,
          ConditionExpression: condition.expression,
          ExpressionAttributeNames: { ...condition.names, '#to': status },
          ExpressionAttributeValues: { ...condition.values, ':one': 1, ':now': participant.updatedAt },
        },
      },
      {
        Put: {
          TableName: ctx.tableName,
          Item: { ...key.reference(pilotId, input.reference), entity: 'reference', participantId },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      { Put: { TableName: ctx.tableName, Item: participantItem(participant), ConditionExpression: 'attribute_not_exists(PK)' } },
      auditPut(ctx, pilotId, {
        actor: opts.actor,
        action: 'participant.enrolled',
        participantId,
        details: { status, ...(participant.screening ? { screening: participant.screening.result } : {}) },
      }),
    ]);
    if (result.committed) {
      // A place was free but others were waiting: the newcomer queued behind them, and the head moves in.
      if (status === 'waitlisted' && freePlaceWithQueue) await promoteFromWaitingList(ctx, pilotId);
      return { outcome: status, participant };
    }

    const [pilotFailed, referenceTaken] = result.conditionFailed;
    if (referenceTaken) {
      const existing = await participantIdByReference(ctx, pilotId, input.reference);
      // The reference can vanish between the failed write and this read only if erased meanwhile; report it as taken anyway.
      return { outcome: 'already-enrolled', participantId: existing ?? 'erased' };
    }
    if (pilotFailed) {
      const pilot = await getPilot(ctx, pilotId);
      if (!isRecruiting(pilot, today)) throw notRecruiting(pilot, today);
      if (status === 'basic-track') continue;
      // Someone later in line took a place first: queue behind them with a new number.
      if ((pilot.lastPlaceOrder ?? 0) >= order) order = await reserveOrderNumbers(ctx, pilotId, 1);
      const placeFree = pilot.placesTaken < pilot.capacity;
      status = placeFree && pilot.counts.waitlisted === 0 ? 'enrolled' : 'waitlisted';
      freePlaceWithQueue = placeFree && pilot.counts.waitlisted > 0;
    }
  }
  throw new ContentionError('the pilot changed too often while enrolling; please retry');
};

const joinConditions = (conditions: Condition[]): Required<Condition> => ({
  expression: conditions.map((c) => c.expression).join(' AND '),
  names: Object.assign({}, ...conditions.map((c) => c.names ?? {})),
  values: Object.assign({}, ...conditions.map((c) => c.values ?? {})),
});

const newParticipant = (
  ctx: StoreContext,
  pilotId: string,
  id: string,
  input: ParticipantInput,
  status: ParticipantStatus,
  orderKey: string,
): Participant => {
  const now = ctx.clock.now().toISOString();
  const { screening, ...rest } = input;
  return {
    ...rest,
    pilotId,
    id,
    // Keep the screening's outcome only; the risk markers behind it are more personal than the pilot needs.
    ...(screening ? { screening: { result: screeningResult(screening), screenedAt: now } } : {}),
    status,
    orderKey,
    enrolledAt: now,
    updatedAt: now,
  };
};

const participantItem = (p: Participant): Record<string, unknown> => ({
  ...key.participant(p.pilotId, p.id),
  entity: 'participant',
  [index.enrolmentOrder.pk]: index.enrolmentOrder.value(p.pilotId),
  [index.enrolmentOrder.sk]: p.orderKey,
  ...(p.status === 'waitlisted'
    ? { [index.waitingList.pk]: index.waitingList.value(p.pilotId), [index.waitingList.sk]: p.orderKey }
    : {}),
  ...p,
});

const toParticipant = (item: Record<string, unknown>) => withoutKeys(item) as unknown as Participant;

export const participantIdByReference = async (ctx: StoreContext, pilotId: string, reference: string): Promise<string | undefined> => {
  const { Item } = await ctx.db.send(
    new GetCommand({ TableName: ctx.tableName, Key: key.reference(pilotId, reference), ConsistentRead: true }),
  );
  return Item?.participantId as string | undefined;
};

export const getParticipant = async (ctx: StoreContext, pilotId: string, participantId: string): Promise<Participant> => {
  const { Item } = await ctx.db.send(
    new GetCommand({ TableName: ctx.tableName, Key: key.participant(pilotId, participantId), ConsistentRead: true }),
  );
  if (!Item) throw new NotFoundError(`pilot ${pilotId} has no participant ${participantId}`);
  return toParticipant(Item);
};

/** Participants in enrolment order, optionally only those with one status, or only the certified. */
export const participantsOfPilot = (
  ctx: StoreContext,
  pilotId: string,
  filter: { status?: ParticipantStatus | undefined; certified?: boolean | undefined },
  page: PageRequest,
): Promise<Page<Participant>> => {
  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':pk': index.enrolmentOrder.value(pilotId) };
  if (filter.status) {
    conditions.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = filter.status;
  }
  if (filter.certified !== undefined) {
    conditions.push(filter.certified ? 'certified = :true' : '(attribute_not_exists(certified) OR certified = :false)');
    values[filter.certified ? ':true' : ':false'] = filter.certified;
  }
  return queryPage(
    ctx,
    {
      IndexName: index.enrolmentOrder.name,
      KeyConditionExpression: `${index.enrolmentOrder.pk} = :pk`,
      ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
    },
    { attribute: index.enrolmentOrder.pk, value: index.enrolmentOrder.value(pilotId) },
    page,
    toParticipant,
  );
};

/** The counter updates on the pilot item for a participant going from `from` to `to` (either may be absent). */
const pilotCounterUpdate = (
  ctx: StoreContext,
  pilotId: string,
  change: { from?: ParticipantStatus; to?: ParticipantStatus; placeDelta: number; condition?: Condition; lastPlaceOrder?: number },
): TransactItem => {
  const sets = ['updatedAt = :now'];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':now': ctx.clock.now().toISOString(), ':one': 1 };
  if (change.from) {
    sets.push('counts.#from = counts.#from - :one');
    names['#from'] = change.from;
  }
  if (change.to) {
    sets.push('counts.#to = counts.#to + :one');
    names['#to'] = change.to;
  }
  if (change.placeDelta !== 0) {
    sets.push(`placesTaken = placesTaken ${change.placeDelta > 0 ? '+' : '-'} :one`);
  }
  if (change.lastPlaceOrder !== undefined) {
    sets.push('lastPlaceOrder = :lastPlaceOrder');
    values[':lastPlaceOrder'] = change.lastPlaceOrder;
  }
  const conditions: Condition[] = [{ expression: 'attribute_exists(PK)' }];
  if (change.placeDelta > 0) {
    conditions.push({ expression: 'placesTaken < #capacity', names: { '#capacity': 'capacity' } }); // "capacity" is a DynamoDB reserved word
  }
  if (change.condition) conditions.push(change.condition);
  const condition = joinConditions(conditions);
  return {
    Update: {
      TableName: ctx.tableName,
      Key: key.pilot(pilotId),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: condition.expression,
      ExpressionAttributeNames: { ...names, ...condition.names },
      ExpressionAttributeValues: { ...values, ...condition.values },
    },
  };
};

/**
 * A consultant's status change (PATCH). The participant's current status is
 * the optimistic lock: the update is conditional on it, so two racing changes
 * cannot both apply. Taking a place (waitlisted or basic-track -> enrolled)
 * needs a free one; freeing a place promotes the head of the waiting list.
 */
export const changeParticipantStatus = async (
  ctx: StoreContext,
  pilotId: string,
  participantId: string,
  patch: ParticipantPatch,
  actor: Actor,
): Promise<Participant> => {
  const current = await getParticipant(ctx, pilotId, participantId);
  if (!ALLOWED_TRANSITIONS[current.status].includes(patch.status)) {
    throw new ConflictError(
      'transition-not-allowed',
      `cannot change status from ${current.status} to ${patch.status}` +
        (ALLOWED_TRANSITIONS[current.status].length
          ? `; allowed: ${ALLOWED_TRANSITIONS[current.status].join(', ')}`
          : `; ${current.status} is final`),
      { details: { from: current.status, to: patch.status, allowed: ALLOWED_TRANSITIONS[current.status] } },
    );
  }
  const now = ctx.clock.now().toISOString();
  const next: Participant = { ...current, status: patch.status, updatedAt: now };
  if (patch.status === 'started') next.startedAt = now;
  if (patch.status === 'completed') next.completedAt = now;
  if (patch.status === 'dropped-out') {
    next.droppedOut = { at: now, reason: patch.reason, ...(patch.note ? { note: patch.note } : {}) };
  }
  const placeDelta = Number(holdsPlace(next)) - Number(holdsPlace(current));

  const result = await transact(ctx, [
    pilotCounterUpdate(ctx, pilotId, { from: current.status, to: next.status, placeDelta }),
    {
      Put: {
        TableName: ctx.tableName,
        Item: participantItem(next),
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':from': current.status },
      },
    },
    auditPut(ctx, pilotId, {
      actor,
      action: 'participant.status-changed',
      participantId,
      // The dropout reason is a code; the free-text note stays with the participant, out of the trail.
      details: { from: current.status, to: next.status, ...(patch.status === 'dropped-out' ? { reason: patch.reason } : {}) },
    }),
  ]);
  if (!result.committed) {
    if (result.conditionFailed[1]) throw new ConflictError('changed-meanwhile', 'the participant was changed by someone else meanwhile; reload and retry');
    throw new ConflictError('pilot-full', 'no free place: the pilot is full');
  }
  if (placeDelta < 0) await promoteFromWaitingList(ctx, pilotId);
  return next;
};

/**
 * Erasure: deletes the participant and their reference, adjusts the counts,
 * and records that an erasure happened (by id only). Frees their place for
 * the waiting list.
 */
export const eraseParticipant = async (ctx: StoreContext, pilotId: string, participantId: string, actor: Actor): Promise<void> => {
  const current = await getParticipant(ctx, pilotId, participantId);
  const placeDelta = holdsPlace(current) ? -1 : 0;
  const result = await transact(ctx, [
    pilotCounterUpdate(ctx, pilotId, { from: current.status, placeDelta }),
    {
      Delete: {
        TableName: ctx.tableName,
        Key: key.participant(pilotId, participantId),
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':from': current.status },
      },
    },
    { Delete: { TableName: ctx.tableName, Key: key.reference(pilotId, current.reference) } },
    auditPut(ctx, pilotId, { actor, action: 'participant.erased', participantId, details: { status: current.status } }),
  ]);
  if (!result.committed) throw new ConflictError('changed-meanwhile', 'the participant was changed by someone else meanwhile; reload and retry');
  // Which companies offered them an internship or job goes too; the schedule keeps only our id and code.
  const reports = await pilotItemsWithPrefix<{ companyId: string }>(ctx, pilotId, `INTERNSHIP#${participantId}#`);
  for (const { companyId } of reports) {
    await ctx.db.send(new DeleteCommand({ TableName: ctx.tableName, Key: key.internship(pilotId, participantId, companyId) }));
  }
  if (placeDelta < 0) await promoteFromWaitingList(ctx, pilotId);
};

/**
 * Moves the head of the waiting list into a free place, until the course
 * starts (recruitment open or not). Racing promotions are safe: each takes
 * the place and the participant conditionally, and a loser looks at the
 * (new) head again. The head has the lowest order number waiting, so the
 * pilot's lastPlaceOrder moves up to it.
 */
export const promoteFromWaitingList = async (ctx: StoreContext, pilotId: string): Promise<Participant | undefined> => {
  for (let attempt = 0; attempt < 10; attempt++) {
    const today = dateInCopenhagen(ctx.clock.now());
    const pilot = await getPilot(ctx, pilotId);
    if (!promotesFromWaitingList(pilot, today) || pilot.placesTaken >= pilot.capacity) return undefined;
    const { Items } = await ctx.db.send(
      new QueryCommand({
        TableName: ctx.tableName,
        IndexName: index.waitingList.name,
        KeyConditionExpression: `${index.waitingList.pk} = :pk`,
        ExpressionAttributeValues: { ':pk': index.waitingList.value(pilotId) },
        Limit: 1,
      }),
    );
    const head = Items?.[0];
    if (!head) return undefined;
    const current = toParticipant(head);
    const next: Participant = { ...current, status: 'enrolled', updatedAt: ctx.clock.now().toISOString() };
    const mark = Math.max(pilot.lastPlaceOrder ?? 0, orderOf(current.orderKey) ?? 0);
    const result = await transact(ctx, [
      pilotCounterUpdate(ctx, pilotId, {
        from: 'waitlisted',
        to: 'enrolled',
        placeDelta: 1,
        lastPlaceOrder: mark,
        condition: joinConditions([
          promoting(today),
          { expression: '(attribute_not_exists(lastPlaceOrder) OR lastPlaceOrder <= :mark)', values: { ':mark': mark } },
        ]),
      }),
      {
        Put: {
          TableName: ctx.tableName,
          Item: participantItem(next),
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':from': 'waitlisted' },
        },
      },
      auditPut(ctx, pilotId, {
        actor: SYSTEM_ACTOR,
        action: 'participant.promoted',
        participantId: current.id,
        details: { from: 'waitlisted', to: 'enrolled' },
      }),
    ]);
    if (result.committed) return next;
  }
  return undefined;
};

/** Records the companies a candidate would like to meet (ids only), with its audit entry. */
export const setParticipantMatchPreferences = async (
  ctx: StoreContext,
  pilotId: string,
  participantId: string,
  companyIds: string[],
  actor: Actor,
): Promise<Participant> => {
  const result = await transact(ctx, [
    {
      Update: {
        TableName: ctx.tableName,
        Key: key.participant(pilotId, participantId),
        UpdateExpression: 'SET matchPreferences = :ids, updatedAt = :now',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':ids': companyIds, ':now': ctx.clock.now().toISOString() },
      },
    },
    auditPut(ctx, pilotId, { actor, action: 'participant.match-preferences', participantId, details: { companyIds } }),
  ]);
  if (!result.committed) throw new NotFoundError(`no participant ${participantId} in pilot ${pilotId}`);
  return getParticipant(ctx, pilotId, participantId);
};
