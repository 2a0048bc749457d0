import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { ParticipantSchema } from '../contracts/participants.js';
import { dateInCopenhagen } from '../domain/calendar.js';
import { ConflictError, ContentionError, NotFoundError } from '../domain/errors.js';
import { isRecruiting, notRecruiting, promotesFromWaitingList, type Pilot } from '../domain/pilot.js';
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
import { getExisting } from './batch-get.js';
import { keysOnlyIndexPage, pilotItemsWithPrefix, type Page, type PageRequest } from './pagination.js';
import { getPilot } from './pilots.js';
import { accessLogRetentionMonths } from '../config.js';
import { accessEntryExpiry } from './access-log.js';
import { readInternship } from './internships.js';
import { describes, itemReader } from './items.js';
import { forgetParticipantMails } from './mails.js';
import { index, key, TTL_ATTRIBUTE } from './table.js';
import { MAX_TRANSACTION_ACTIONS, transact, transactRows, type TransactItem } from './transact.js';

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
const RECRUITING = '(#status = :draft OR (#status = :running AND #phase IN (:recruitment, :course) AND #recruitment.#closes >= :today))';
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
  return readOrder(Attributes!).next - count + 1;
};

export type EnrolmentOutcome =
  { outcome: 'enrolled' | 'waitlisted' | 'basic-track'; participant: Participant } | { outcome: 'already-enrolled'; participantId: string };

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
      ...enrolmentItems(ctx, participant),
      auditPut(ctx, pilotId, {
        actor: opts.actor,
        action: 'participant.enrolled',
        participantId: participant.id,
        details: enrolmentDetails(participant),
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

/**
 * Rows a batch enrols in one transaction: two items a row (its reference
 * guard, the participant), the pilot's counters and the one audit entry
 * naming them all, within the 100 actions of a transaction.
 */
export const ENROL_CHUNK = Math.floor((MAX_TRANSACTION_ACTIONS - 2) / 2);

/** One accepted row of a batch: who, onto which track, with the order number the batch reserved for it. */
export interface EnrolmentRow {
  input: ParticipantInput;
  track: 'course' | 'basic';
  order: number;
}

/**
 * Enrols a batch's accepted rows in order, ENROL_CHUNK rows a transaction:
 * the statuses are decided from one read of the pilot (a place while one is
 * free and nobody waits, else the waiting list; the basic track takes no
 * place), and the pilot's counters move once a chunk, conditioned on the
 * counts that decision read. So a 1,000-row import is some thirty
 * transactions, not a thousand. Whenever the quick path does not hold (a
 * free place with a queue, which needs a promotion; an order number at or
 * below the last place; a reference the pilot has already; anything that
 * changed the pilot between the read and the write) the chunk goes row by
 * row through enrolParticipant, whose rules are the same: the outcomes are
 * what enrolling the rows one at a time would give.
 */
export const enrolRows = async (ctx: StoreContext, pilotId: string, rows: EnrolmentRow[], actor: Actor): Promise<EnrolmentOutcome[]> => {
  const outcomes: EnrolmentOutcome[] = [];
  // The pilot as the last committed chunk left it: its counters are what that chunk's condition held plus what it
  // added, so the next chunk needs no read (a change by anyone else meanwhile fails its condition, and is read then).
  let known: Pilot | undefined;
  for (let i = 0; i < rows.length; i += ENROL_CHUNK) {
    const chunk = rows.slice(i, i + ENROL_CHUNK);
    // One participant alone takes the one-row path: its transaction tries for a place without reading the pilot first.
    const together = rows.length > 1 ? await enrolChunk(ctx, pilotId, chunk, actor, known) : undefined;
    known = together?.pilot;
    outcomes.push(...(together?.outcomes ?? (await enrolOneByOne(ctx, pilotId, chunk, actor))));
  }
  return outcomes;
};

const enrolOneByOne = async (ctx: StoreContext, pilotId: string, rows: EnrolmentRow[], actor: Actor): Promise<EnrolmentOutcome[]> => {
  const outcomes: EnrolmentOutcome[] = [];
  for (const row of rows) outcomes.push(await enrolParticipant(ctx, pilotId, row.input, { actor, track: row.track, order: row.order }));
  return outcomes;
};

/**
 * The chunk in one transaction (with the pilot as it left it), or undefined
 * when the quick path does not hold and the rows must go one by one. `known`:
 * the pilot as the previous chunk left it, else it is read.
 */
const enrolChunk = async (
  ctx: StoreContext,
  pilotId: string,
  rows: EnrolmentRow[],
  actor: Actor,
  known: Pilot | undefined,
): Promise<{ outcomes: EnrolmentOutcome[]; pilot: Pilot } | undefined> => {
  const today = dateInCopenhagen(ctx.clock.now());
  const pilot = known ?? (await getPilot(ctx, pilotId));
  if (!isRecruiting(pilot, today)) throw notRecruiting(pilot, today);
  const seen = { places: pilot.placesTaken, waiting: pilot.counts.waitlisted, capacity: pilot.capacity };
  // A free place while others wait: the head of the list moves in first (enrolParticipant promotes).
  if (seen.places < seen.capacity && seen.waiting > 0) return undefined;
  const queued = rows.filter((r) => r.track === 'course');
  const lowestOrder = Math.min(...queued.map((r) => r.order));
  if (queued.length > 0 && (pilot.lastPlaceOrder ?? 0) >= lowestOrder) return undefined;

  let places = seen.places;
  let waiting = seen.waiting;
  const delta: Record<'enrolled' | 'waitlisted' | 'basic-track', number> = { enrolled: 0, waitlisted: 0, 'basic-track': 0 };
  let lastPlaceOrder: number | undefined;
  const planned = rows.map((row) => {
    const status = row.track === 'basic' ? 'basic-track' : places < seen.capacity && waiting === 0 ? 'enrolled' : 'waitlisted';
    if (status === 'enrolled') {
      places++;
      lastPlaceOrder = row.order;
    }
    if (status === 'waitlisted') waiting++;
    delta[status]++;
    return newParticipant(ctx, pilotId, randomUUID(), row.input, status, orderKeyOf(row.order));
  });

  const moved = (Object.keys(delta) as (keyof typeof delta)[]).filter((s) => delta[s] > 0);
  const sets = moved.map((s, i) => `counts.#s${i} = counts.#s${i} + :n${i}`);
  if (delta.enrolled > 0) sets.push('placesTaken = placesTaken + :placed', 'lastPlaceOrder = :lastPlace');
  const condition = joinConditions([
    recruiting(today),
    {
      // The counts the statuses were decided from are still the pilot's.
      expression: 'placesTaken = :seenPlaces AND counts.waitlisted = :seenWaiting AND #capacity = :seenCapacity',
      names: { '#capacity': 'capacity' },
      values: { ':seenPlaces': seen.places, ':seenWaiting': seen.waiting, ':seenCapacity': seen.capacity },
    },
    ...(queued.length > 0 ? [aboveLastPlace(lowestOrder)] : []),
  ]);
  const now = ctx.clock.now().toISOString();
  const result = await transact(ctx, [
    {
      Update: {
        TableName: ctx.tableName,
        Key: key.pilot(pilotId),
        UpdateExpression: `SET ${[...sets, 'updatedAt = :now'].join(', ')}`,
        ConditionExpression: condition.expression,
        ExpressionAttributeNames: { ...condition.names, ...Object.fromEntries(moved.map((s, i) => [`#s${i}`, s])) },
        ExpressionAttributeValues: {
          ...condition.values,
          ...Object.fromEntries(moved.map((s, i) => [`:n${i}`, delta[s]])),
          ...(delta.enrolled > 0 ? { ':placed': delta.enrolled, ':lastPlace': lastPlaceOrder } : {}),
          ':now': now,
        },
      },
    },
    ...planned.flatMap((participant) => enrolmentItems(ctx, participant)),
    // One entry for the chunk, naming each participant with their row (as a list of status changes does):
    // the subject access export shows a person their own row of it (store/audit.ts auditEntriesAbout),
    // under the same action as a single enrolment's entry.
    auditPut(ctx, pilotId, {
      actor,
      action: 'participant.enrolled',
      participantIds: planned.map((p) => p.id),
      details: { enrolled: planned.map((p) => ({ participantId: p.id, ...enrolmentDetails(p) })) },
    }),
  ]);
  // A reference the pilot has already, or a pilot changed meanwhile: one by one, which tells each row's outcome.
  if (!result.committed) return undefined;
  const counts = { ...pilot.counts };
  for (const status of moved) counts[status] += delta[status];
  return {
    outcomes: planned.map((participant) => ({ outcome: participant.status as 'enrolled' | 'waitlisted' | 'basic-track', participant })),
    pilot: {
      ...pilot,
      counts,
      placesTaken: pilot.placesTaken + delta.enrolled,
      ...(lastPlaceOrder !== undefined ? { lastPlaceOrder } : {}),
      updatedAt: now,
    },
  };
};

const joinConditions = (conditions: Condition[]): Required<Condition> => ({
  expression: conditions.map((c) => c.expression).join(' AND '),
  names: Object.assign({}, ...conditions.map((c) => c.names ?? {})),
  values: Object.assign({}, ...conditions.map((c) => c.values ?? {})),
});

/**
 * What enrolling one participant writes beside the pilot's counters and the
 * audit entry: the case reference's guard (its condition makes a reference
 * enrol once) and the participant.
 */
const enrolmentItems = (ctx: StoreContext, participant: Participant): TransactItem[] => [
  {
    Put: {
      TableName: ctx.tableName,
      Item: referenceItem(participant.pilotId, participant.reference, participant.id),
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  },
  { Put: { TableName: ctx.tableName, Item: participantItem(participant), ConditionExpression: 'attribute_not_exists(PK)' } },
];

/** What the audit trail says of an enrolment: the status it gave and the screening's outcome, codes only. */
const enrolmentDetails = (participant: Participant) => ({
  status: participant.status,
  ...(participant.screening ? { screening: participant.screening.result } : {}),
});

const newParticipant = (ctx: StoreContext, pilotId: string, id: string, input: ParticipantInput, status: ParticipantStatus, orderKey: string): Participant => {
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

/**
 * A participant as stored: its own attributes, among them its keys in the
 * enrolment-order index (pilotId, orderKey), and while waitlisted its keys in
 * the waiting list's.
 */
const participantItem = (p: Participant): Record<string, unknown> => ({
  ...key.participant(p.pilotId, p.id),
  entity: 'participant',
  ...waitingListKeys(p),
  ...p,
});

const waitingListKeys = (p: Participant): Record<string, string> =>
  p.status === 'waitlisted' ? { [index.waitingList.pk]: index.waitingList.value(p.pilotId), [index.waitingList.sk]: p.orderKey } : {};

/**
 * The participant changed from `current` to `next`, only while its status is
 * still the one it was read with: a concurrent change wins. An Update of the
 * attributes that differ, not a Put of the whole item: a write is billed by
 * the item's size either way, but only what it names touches the indexes
 * (the waiting list's keys when the status enters or leaves it), and an
 * attribute someone else changed meanwhile (a voucher, an exam) is kept.
 */
const participantUpdateFrom = (ctx: StoreContext, current: Participant, next: Participant): TransactItem => {
  const before: Record<string, unknown> = { ...current, ...waitingListKeys(current) };
  const after: Record<string, unknown> = { ...next, ...waitingListKeys(next) };
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':from': current.status };
  const sets: string[] = [];
  const removes: string[] = [];
  for (const [i, name] of [...new Set([...Object.keys(before), ...Object.keys(after)])].entries()) {
    if (JSON.stringify(before[name]) === JSON.stringify(after[name])) continue;
    names[`#a${i}`] = name;
    if (after[name] === undefined) removes.push(`#a${i}`);
    else {
      sets.push(`#a${i} = :a${i}`);
      values[`:a${i}`] = after[name];
    }
  }
  return {
    Update: {
      TableName: ctx.tableName,
      Key: key.participant(current.pilotId, current.id),
      UpdateExpression: [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].filter(Boolean).join(' '),
      ConditionExpression: '#status = :from',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
};

/** The uniqueness guard of a case reference in a pilot, which is also its entry in the cross-pilot index (GSI1). */
const referenceItem = (pilotId: string, reference: string, participantId: string): Record<string, unknown> => ({
  ...key.reference(pilotId, reference),
  entity: 'reference',
  participantId,
  [index.caseReference.pk]: index.caseReference.value(reference),
  [index.caseReference.sk]: `${pilotId}#${participantId}`,
});

/** A participant item as stored is the participant as the API shows it (functions/contracts/participants.ts). */
const toParticipant = itemReader('participant', describes<Participant>()(ParticipantSchema));
const readReference = itemReader('reference', z.object({ participantId: z.string() }));
/** The enrolment order counter: the last order number taken. */
const readOrder = itemReader('enrolment-order', z.object({ next: z.number().int() }));

export const participantIdByReference = async (ctx: StoreContext, pilotId: string, reference: string): Promise<string | undefined> => {
  const { Item } = await ctx.db.send(new GetCommand({ TableName: ctx.tableName, Key: key.reference(pilotId, reference), ConsistentRead: true }));
  return Item ? readReference(Item).participantId : undefined;
};

export const getParticipant = async (ctx: StoreContext, pilotId: string, participantId: string): Promise<Participant> => {
  const { Item } = await ctx.db.send(new GetCommand({ TableName: ctx.tableName, Key: key.participant(pilotId, participantId), ConsistentRead: true }));
  if (!Item) throw new NotFoundError(`pilot ${pilotId} has no participant ${participantId}`);
  return toParticipant(Item);
};

/**
 * Participants in enrolment order, optionally only those with one status, or
 * only the certified. The enrolment-order index holds keys only
 * (functions/store/table.ts): a page is the index's next keys and their items
 * by BatchGetItem, filtered here, as a FilterExpression would (the cursor is
 * the index's, after the last key looked at).
 */
export const participantsOfPilot = (
  ctx: StoreContext,
  pilotId: string,
  filter: { status?: ParticipantStatus | undefined; certified?: boolean | undefined },
  page: PageRequest,
): Promise<Page<Participant>> =>
  keysOnlyIndexPage(
    ctx,
    {
      IndexName: index.enrolmentOrder.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': index.enrolmentOrder.pk },
      ExpressionAttributeValues: { ':pk': index.enrolmentOrder.value(pilotId) },
    },
    { attribute: index.enrolmentOrder.pk, value: index.enrolmentOrder.value(pilotId) },
    page,
    (item) => {
      const participant = toParticipant(item);
      const kept =
        (!filter.status || participant.status === filter.status) && (filter.certified === undefined || (participant.certified === true) === filter.certified);
      return kept ? participant : undefined;
    },
  );

/** The counter updates on the pilot item for a participant going from `from` to `to` (either may be absent). */
const pilotCounterUpdate = (
  ctx: StoreContext,
  pilotId: string,
  change: {
    from?: ParticipantStatus;
    to?: ParticipantStatus;
    placeDelta: number;
    condition?: Condition;
    lastPlaceOrder?: number;
    /** The certified count's change: only for a pilot that keeps one (its absence stays unknown). */
    certifiedDelta?: number;
  },
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
  if (change.certifiedDelta) {
    sets.push('certifiedCount = certifiedCount + :certifiedDelta');
    values[':certifiedDelta'] = change.certifiedDelta;
    conditions.push({ expression: 'attribute_exists(certifiedCount)' });
  }
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
        (ALLOWED_TRANSITIONS[current.status].length ? `; allowed: ${ALLOWED_TRANSITIONS[current.status].join(', ')}` : `; ${current.status} is final`),
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
    participantUpdateFrom(ctx, current, next),
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

/** Participant ids by case reference, for many references at once; a reference the pilot does not have is absent. */
export const participantIdsByReferences = async (ctx: StoreContext, pilotId: string, references: string[]): Promise<Map<string, string>> => {
  const bySk = new Map(references.map((r) => [key.reference(pilotId, r).SK, r]));
  const items = await getExisting(
    ctx,
    references.map((r) => key.reference(pilotId, r)),
  );
  return new Map(items.map((item) => [bySk.get(String(item.SK))!, readReference(item).participantId]));
};

/** Participants by id, for many at once; an id the pilot does not have is absent. */
export const participantsByIds = async (ctx: StoreContext, pilotId: string, ids: string[]): Promise<Map<string, Participant>> => {
  const items = await getExisting(
    ctx,
    ids.map((id) => key.participant(pilotId, id)),
  );
  return new Map(items.map((item) => toParticipant(item)).map((participant) => [participant.id, participant]));
};

export type StatusChangeOutcome =
  | { outcome: 'changed'; participant: Participant }
  | { outcome: 'unchanged'; participant: Participant }
  | { outcome: 'not-found' }
  | { outcome: 'not-allowed'; from: ParticipantStatus; allowed: readonly ParticipantStatus[] }
  | { outcome: 'changed-meanwhile' }
  | { outcome: 'no-place' };

/** A participant and the change asked for them. */
interface PlannedChange {
  current: Participant;
  next: Participant;
  reason?: string;
}

/** The pilot's counters, the participants' puts and one audit entry fit in a transaction: 100 actions. */
const STATUS_ROWS_PER_TRANSACTION = MAX_TRANSACTION_ACTIONS - 2;

/**
 * Many status changes at once (a consultant's attendance list): each
 * participant under its own condition (its current status, the optimistic
 * lock of the single PATCH), the pilot's counters once per transaction, and
 * one audit entry per transaction naming every participant changed with
 * their from, to and reason, so the trail has every change. Up to 98 changes
 * a transaction (transactRows splits a cancelled one and retries its halves),
 * so each outcome is exact: a participant changed by someone else meanwhile,
 * or a place that was not free, is that row's answer alone. A change to the
 * status a participant already has is `unchanged` and writes nothing (a list
 * sent twice changes nothing the second time). Places freed go to the head
 * of the waiting list, as after a single change.
 */
export const changeParticipantStatuses = async (
  ctx: StoreContext,
  pilotId: string,
  changes: { participantId: string; patch: ParticipantPatch }[],
  actor: Actor,
  /**
   * The pilot as the caller read it in this request, not read again: only its capacity is used, and the
   * transaction pins it (a capacity changed since fails the condition, as after a read of our own).
   */
  known?: Pilot,
): Promise<StatusChangeOutcome[]> => {
  const pilot = known ?? (await getPilot(ctx, pilotId));
  const participants = await participantsByIds(
    ctx,
    pilotId,
    changes.map((c) => c.participantId),
  );
  const outcomes: StatusChangeOutcome[] = [];
  const planned: { at: number; change: PlannedChange }[] = [];
  const now = ctx.clock.now().toISOString();
  const seen = new Set<string>();
  for (const [at, { participantId, patch }] of changes.entries()) {
    const current = participants.get(participantId);
    if (!current) {
      outcomes[at] = { outcome: 'not-found' };
      continue;
    }
    if (current.status === patch.status || seen.has(participantId)) {
      // The same change sent again (a list uploaded twice), or a participant twice in one list: the first one counts.
      outcomes[at] = current.status === patch.status ? { outcome: 'unchanged', participant: current } : { outcome: 'changed-meanwhile' };
      continue;
    }
    if (!ALLOWED_TRANSITIONS[current.status].includes(patch.status)) {
      outcomes[at] = { outcome: 'not-allowed', from: current.status, allowed: ALLOWED_TRANSITIONS[current.status] };
      continue;
    }
    seen.add(participantId);
    planned.push({ at, change: { current, next: withStatus(current, patch, now), ...(patch.status === 'dropped-out' ? { reason: patch.reason } : {}) } });
  }

  const written = await transactRows(ctx, planned, {
    rowsPerTransaction: STATUS_ROWS_PER_TRANSACTION,
    build: (chunk) =>
      statusChangeItems(
        ctx,
        pilotId,
        pilot.capacity,
        chunk.map((p) => p.change),
        actor,
      ),
  });
  let placesFreed = 0;
  for (const { row, outcome } of written) {
    if (outcome.committed) {
      outcomes[row.at] = { outcome: 'changed', participant: row.change.next };
      placesFreed += Math.max(0, Number(holdsPlace(row.change.current)) - Number(holdsPlace(row.change.next)));
    } else {
      // A single row's transaction: [pilot counters, the participant, audit].
      outcomes[row.at] = outcome.conditionFailed[1] ? { outcome: 'changed-meanwhile' } : { outcome: 'no-place' };
    }
  }
  for (let i = 0; i < placesFreed; i++) if (!(await promoteFromWaitingList(ctx, pilotId))) break;
  return outcomes;
};

const withStatus = (current: Participant, patch: ParticipantPatch, now: string): Participant => {
  const next: Participant = { ...current, status: patch.status, updatedAt: now };
  if (patch.status === 'started') next.startedAt = now;
  if (patch.status === 'completed') next.completedAt = now;
  if (patch.status === 'dropped-out') next.droppedOut = { at: now, reason: patch.reason, ...(patch.note ? { note: patch.note } : {}) };
  return next;
};

/**
 * One transaction of status changes: the pilot's counters by the net change
 * of each status and of places taken (a place is taken only while the sum
 * stays within the capacity, the capacity itself pinned), each participant
 * under its current status, and one audit entry naming them all.
 */
const statusChangeItems = (ctx: StoreContext, pilotId: string, capacity: number, changes: PlannedChange[], actor: Actor): TransactItem[] => {
  const delta = new Map<ParticipantStatus, number>();
  let places = 0;
  for (const { current, next } of changes) {
    delta.set(current.status, (delta.get(current.status) ?? 0) - 1);
    delta.set(next.status, (delta.get(next.status) ?? 0) + 1);
    places += Number(holdsPlace(next)) - Number(holdsPlace(current));
  }
  const sets = ['updatedAt = :now'];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':now': ctx.clock.now().toISOString() };
  [...delta]
    .filter(([, d]) => d !== 0)
    .forEach(([status, d], i) => {
      sets.push(`counts.#s${i} = counts.#s${i} + :d${i}`);
      names[`#s${i}`] = status;
      values[`:d${i}`] = d;
    });
  const conditions = ['attribute_exists(PK)'];
  if (places !== 0) {
    sets.push('placesTaken = placesTaken + :places');
    values[':places'] = places;
  }
  if (places > 0) {
    // "capacity" is a DynamoDB reserved word; there is no arithmetic in a condition, so the capacity read is pinned.
    conditions.push('#capacity = :capacity AND placesTaken <= :most');
    names['#capacity'] = 'capacity';
    values[':capacity'] = capacity;
    values[':most'] = capacity - places;
  }
  return [
    {
      Update: {
        TableName: ctx.tableName,
        Key: key.pilot(pilotId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: conditions.join(' AND '),
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
      },
    },
    ...changes.map(({ current, next }) => participantUpdateFrom(ctx, current, next)),
    auditPut(ctx, pilotId, {
      actor,
      action: 'participant.statuses-changed',
      participantIds: changes.map((c) => c.current.id),
      // Codes only: the dropout's free-text note stays with the participant, out of the trail.
      details: {
        changes: changes.map(({ current, next, reason }) => ({
          participantId: current.id,
          from: current.status,
          to: next.status,
          ...(reason ? { reason } : {}),
        })),
      },
    }),
  ];
};

/**
 * Erasure: deletes the participant and their reference, adjusts the counts,
 * records that an erasure happened (by id only) and leaves an erasure marker
 * (functions/store/table.ts) that expires with the access log. Their
 * internship reports go; their e-mails' records lose the address. Frees their
 * place for the waiting list.
 */
export const eraseParticipant = async (
  ctx: StoreContext,
  pilotId: string,
  participantId: string,
  actor: Actor,
  markerMonths: number = accessLogRetentionMonths(),
): Promise<void> => {
  const current = await getParticipant(ctx, pilotId, participantId);
  const now = ctx.clock.now();
  const placeDelta = holdsPlace(current) ? -1 : 0;
  // A certified participant leaves the pilot's certified count, where it keeps one (only read for them).
  const uncertify = current.certified === true && (await getPilot(ctx, pilotId)).certifiedCount !== undefined;
  const result = await transact(ctx, [
    pilotCounterUpdate(ctx, pilotId, { from: current.status, placeDelta, ...(uncertify ? { certifiedDelta: -1 } : {}) }),
    {
      Delete: {
        TableName: ctx.tableName,
        Key: key.participant(pilotId, participantId),
        // Certified or not as read, so the count moves with what is deleted.
        ConditionExpression: current.certified
          ? '#status = :from AND certified = :certified'
          : '#status = :from AND (attribute_not_exists(certified) OR certified = :certified)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':from': current.status, ':certified': current.certified === true },
      },
    },
    { Delete: { TableName: ctx.tableName, Key: key.reference(pilotId, current.reference) } },
    // That (not what) was erased, findable by the case reference until the access entries naming this id have expired too.
    {
      Put: {
        TableName: ctx.tableName,
        Item: {
          ...key.erasure(pilotId, participantId),
          entity: 'erasure',
          pilotId,
          participantId,
          erasedAt: now.toISOString(),
          erasedBy: { sub: actor.sub, ...(actor.name ? { name: actor.name } : {}) },
          [index.caseReference.pk]: index.caseReference.value(current.reference),
          [index.caseReference.sk]: `${pilotId}#${participantId}`,
          [TTL_ATTRIBUTE]: accessEntryExpiry(now, markerMonths),
        },
      },
    },
    auditPut(ctx, pilotId, { actor, action: 'participant.erased', participantId, details: { status: current.status } }),
  ]);
  if (!result.committed) throw new ConflictError('changed-meanwhile', 'the participant was changed by someone else meanwhile; reload and retry');
  await forgetParticipantMails(ctx, pilotId, participantId);
  // Which companies offered them an internship or job goes too; the schedule keeps only our id and code.
  const reports = await pilotItemsWithPrefix(ctx, pilotId, `INTERNSHIP#${participantId}#`, readInternship);
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
      participantUpdateFrom(ctx, current, next),
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
