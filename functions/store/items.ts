import * as z from 'zod';
import type { ItemType } from './table.js';

// Every item the store reads back is parsed by its kind's zod schema, once,
// before it leaves the store: what a caller gets is what its type says, and
// the key attributes (PK, SK, GSI1PK, …, entity) are gone, because a schema
// is a plain z.object, which drops the attributes it does not name. The
// schemas are the API contracts' (functions/contracts) where the API shows
// the item as stored, else the store module's own; `describes` holds each to
// the type the code uses, at compile time.

/**
 * An item read back that does not have its kind's shape: a writer's bug, a
 * hand edit, an item from before a change. Nothing the caller sent caused
 * it, so it is never a 4xx: the API answers 500, a step fails into its
 * Catch. The message names the kind, the pilot or company partition and the
 * attributes at fault with zod's issue codes, never a value and never a sort
 * key (a reference item's carries a case reference): an item may hold
 * personal data, and the message is logged.
 */
export class MalformedItemError extends Error {
  override readonly name = 'MalformedItemError';
  constructor(
    readonly kind: ItemType,
    /** Each attribute at fault, as `path (zod issue code)`. */
    readonly faults: string[],
    readonly partition: string | undefined,
  ) {
    super(`a stored ${kind} item${partition ? ` in ${partition}` : ''} is malformed: ${faults.join(', ')}`);
  }
}

/** Partitions whose key is an id we gave out, safe to name in a log line (not SURVEY#<hash>, CVR#, REF#). */
const NAMEABLE_PARTITION = /^(PILOT|COMPANY)#[0-9a-f-]{1,64}$/i;

/**
 * The reader of one kind of item: parses it with its schema (stripping the
 * key attributes and anything else the schema does not name), or throws
 * MalformedItemError.
 */
export const itemReader =
  <S extends z.ZodType>(kind: ItemType, schema: S) =>
  (item: Record<string, unknown>): z.output<S> => {
    const result = schema.safeParse(item);
    if (result.success) return result.data;
    const faults = result.error.issues.slice(0, 10).map((issue) => `${issue.path.map(String).join('.') || '(item)'} (${issue.code})`);
    const partition = typeof item.PK === 'string' && NAMEABLE_PARTITION.test(item.PK) ? item.PK : undefined;
    throw new MalformedItemError(kind, faults, partition);
  };

const PrimaryKey = z.object({ PK: z.string().min(1), SK: z.string().min(1) });

/**
 * The primary key of an item read back, for a write to that item or a page's
 * cursor: the schemas drop the key attributes, so a caller that needs them
 * reads them here, checked like the rest (a missing or non-string key is a
 * MalformedItemError, not an update of `undefined`).
 */
export const keyOf = (kind: ItemType, item: Record<string, unknown>): z.output<typeof PrimaryKey> => itemReader(kind, PrimaryKey)(item);

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? ([keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false) : false) : false;

/**
 * Holds a schema to the type the code uses, at compile time: the same
 * top-level attributes (one the schema left out would be dropped on every
 * read), each assignable both ways. `describes<Pilot>()(schema)`.
 */
export const describes =
  <T>() =>
  <S extends z.ZodType>(schema: S & (Same<z.output<S>, T> extends true ? unknown : { 'the schema does not describe the type': never })): S =>
    schema;
