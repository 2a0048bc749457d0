import { randomBytes } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { lazySchema } from '../domain/lazy-schema.js';
import { addMonths } from '../domain/calendar.js';
import type { Actor } from './audit.js';
import { writeAll } from './batch-write.js';
import type { StoreContext } from './client.js';
import { itemReader, keyOf } from './items.js';
import { allItems, decodeCursor, encodeCursor, queryPage, type Page, type PageRequest } from './pagination.js';
import { key, TTL_ATTRIBUTE } from './table.js';

// The access log: who read which participants' personal data, when, through
// which route. Apart from the audit trail, which records changes: an access
// changes nothing, and the two are kept for different times (the audit trail
// as long as the pilot, the access log ACCESS_LOG_RETENTION_MONTHS, deleted by
// DynamoDB TTL). An entry never holds the data itself: participants are named
// by the product's own id, the reader by the identity provider's subject and
// e-mail.
//
// One read writes one entry, whatever it returned (a page of 100 is one item
// with 100 ids), because reads are frequent and must stay fast: one PutItem.
// The rare question "who read this participant" is a Query of the pilot's
// entries filtered on the id (contains), bounded by the retention.

const AccessEntrySchema = lazySchema(() =>
  z.object({
    at: z.string(),
    actor: z.object({ sub: z.string(), name: z.string().optional() }),
    /** The route template, e.g. `GET /pilots/{pilotId}/participants`. */
    route: z.string(),
    pilotId: z.string(),
    /** Whose personal data the read returned, by the product's id: a string set as stored (none for a read that returned nobody), sorted. */
    participantIds: z
      .set(z.string())
      .optional()
      .transform((ids) => (ids ? [...ids].sort() : [])),
  }),
);
export type AccessEntry = z.output<typeof AccessEntrySchema>;
const toEntry = itemReader('access', AccessEntrySchema);

/** At most this many ids in one item (37 bytes each; DynamoDB's item limit is 400 KB): a bigger read is split into parts. */
const IDS_PER_ITEM = 2_000;

let sequence = 0;
const entrySuffix = () => `${(sequence++ % 36 ** 6).toString(36).padStart(6, '0')}${randomBytes(3).toString('hex')}`;

/** The epoch second an entry written at `now` expires: `months` calendar months later (a 31st falls back to the month's last day). */
export const accessEntryExpiry = (now: Date, months: number): number => {
  const iso = now.toISOString();
  return Math.floor(Date.parse(`${addMonths(iso.slice(0, 10), months)}${iso.slice(10)}`) / 1000);
};

/**
 * Writes the entries of one request: one item per pilot read (split only past
 * IDS_PER_ITEM ids), in one PutItem or one BatchWriteItem. Fails when the
 * write fails, so a read that could not be logged returns nothing.
 */
export const recordAccess = async (
  ctx: StoreContext,
  access: { actor: Actor; route: string; reads: { pilotId: string; participantIds: string[] }[]; retentionMonths: number },
): Promise<void> => {
  const now = ctx.clock.now();
  const at = now.toISOString();
  const expiresAt = accessEntryExpiry(now, access.retentionMonths);
  const actor = { sub: access.actor.sub, ...(access.actor.name ? { name: access.actor.name } : {}) };
  const items = access.reads.flatMap(({ pilotId, participantIds }) => {
    const parts: string[][] = [];
    for (let i = 0; i < participantIds.length; i += IDS_PER_ITEM) parts.push(participantIds.slice(i, i + IDS_PER_ITEM));
    if (parts.length === 0) parts.push([]);
    return parts.map((ids) => ({
      ...key.access(pilotId, at, entrySuffix()),
      entity: 'access',
      at,
      actor,
      route: access.route,
      pilotId,
      count: ids.length,
      // A string set: `contains` finds one id in it; DynamoDB stores no empty set.
      ...(ids.length ? { participantIds: new Set(ids) } : {}),
      [TTL_ATTRIBUTE]: expiresAt,
    }));
  });
  if (items.length === 1) {
    await ctx.db.send(new PutCommand({ TableName: ctx.tableName, Item: items[0] }));
    return;
  }
  await writeAll(
    ctx,
    items.map((Item) => ({ PutRequest: { Item } })),
    'the access log',
  );
};

/**
 * A pilot's access log, newest first (paginated); with `participantId`, only
 * the entries whose read returned that participant.
 */
export const accessLogOfPilot = (
  ctx: StoreContext,
  pilotId: string,
  filter: { participantId?: string | undefined },
  page: PageRequest,
): Promise<Page<AccessEntry>> => {
  const partition = { attribute: 'PK', value: key.pilot(pilotId).PK };
  const input = {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :access)',
    ExpressionAttributeValues: { ':pk': partition.value, ':access': 'ACCESS#' },
    ScanIndexForward: false,
  };
  if (!filter.participantId) return queryPage(ctx, input, partition, page, toEntry);
  return entriesAbout(ctx, pilotId, filter.participantId, page);
};

/**
 * The entries that name one participant. DynamoDB applies Limit before a
 * filter, so a page of 25 matches among thousands of entries would take
 * hundreds of round trips with Limit 25: this reads the partition in 1 MB
 * pages instead and, stopping inside one, gives the last returned item's key
 * as the cursor.
 */
const entriesAbout = async (ctx: StoreContext, pilotId: string, participantId: string, page: PageRequest): Promise<Page<AccessEntry>> => {
  const partition = { attribute: 'PK', value: key.pilot(pilotId).PK };
  const items: AccessEntry[] = [];
  let startKey = page.cursor ? decodeCursor(page.cursor, partition) : undefined;
  do {
    const result = await ctx.db.send(
      new QueryCommand({
        TableName: ctx.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :access)',
        FilterExpression: 'contains(participantIds, :pid)',
        ExpressionAttributeValues: { ':pk': partition.value, ':access': 'ACCESS#', ':pid': participantId },
        ScanIndexForward: false,
        ExclusiveStartKey: startKey,
      }),
    );
    const found = result.Items ?? [];
    const room = page.limit - items.length;
    if (found.length > room) {
      const last = found[room - 1]!;
      items.push(...found.slice(0, room).map(toEntry));
      return { items, nextCursor: encodeCursor(keyOf('access', last)) };
    }
    items.push(...found.map(toEntry));
    startKey = result.LastEvaluatedKey;
    if (items.length === page.limit && startKey) return { items, nextCursor: encodeCursor(startKey) };
  } while (startKey);
  return { items };
};

/** Every entry that names one participant, newest first (for the subject access export). */
export const allAccessesOf = async (ctx: StoreContext, pilotId: string, participantId: string): Promise<AccessEntry[]> =>
  allItems((page) => entriesAbout(ctx, pilotId, participantId, page), 1000);
