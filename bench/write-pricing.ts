import { isDeepStrictEqual } from 'node:util';
import { TABLE_DEFINITION, type IndexProjection } from '../functions/store/table.js';

// What AWS bills for one item written, table and global indexes, as the
// DynamoDB developer guide prices it ("Global secondary indexes",
// "Provisioned throughput considerations for Global Secondary Indexes",
// "Write capacity units"): the table 1 unit per KB of the item (the larger of
// before and after); an index only when the write affects it: 1 write of the
// index entry when the item enters it, 1 when it leaves it, 2 when its index
// keys change (the old entry deleted, the new one put), 1 when only a
// projected attribute changes, none when the item is in the index neither
// before nor after or the write changes nothing the index holds. An index
// entry is the table's keys, the index's keys and the projected attributes,
// 1 unit per KB. A transaction doubles all of it (the bench's caller applies
// the factor; whether AWS doubles the index's share of a transactional write
// is not documented, so this counts the upper bound).

type Item = Record<string, unknown>;
export interface IndexDefinition {
  name: string;
  partitionKey: string;
  sortKey: string;
  projection: IndexProjection;
}

/** The item before the write was not read, because the write names no index key attribute: it is in the same indexes, under the same keys, as after. */
export const SAME_KEYS = Symbol('same index keys as after');

export interface PricedWrite {
  /** The item before the write: undefined for a new item, SAME_KEYS when not read (see there). */
  before: Item | undefined | typeof SAME_KEYS;
  /** The item after the write; undefined when it is gone (a delete). */
  after: Item | undefined;
  /** The top-level attributes the write sets or removes: 'all' for a Put or a Delete (the whole item). */
  touched: ReadonlySet<string> | 'all';
}

/** An item's size as DynamoDB bills it (names and values in bytes; numbers about one byte per two digits; 3 bytes a map or list, 1 an element). */
export const itemBytes = (value: unknown): number => {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return Math.ceil(String(Math.abs(value)).replace(/[.-]/g, '').replace(/^0+/, '').length / 2) + 1;
  if (value instanceof Uint8Array) return value.length;
  if (Array.isArray(value)) return 3 + value.reduce((n: number, v) => n + 1 + itemBytes(v), 0);
  if (value instanceof Set) return [...value].reduce((n: number, v) => n + itemBytes(v), 0);
  if (typeof value === 'object') return 3 + Object.entries(value).reduce((n, [k, v]) => n + 1 + Buffer.byteLength(k) + itemBytes(v), 0);
  return 0;
};

/** Write units of `bytes`: 1 a KB, at least 1. */
const kb = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

const inIndex = (item: Item | undefined, gsi: IndexDefinition) => item?.[gsi.partitionKey] !== undefined && item[gsi.sortKey] !== undefined;

/** What the index holds of the item: the table's and the index's keys, and the projected attributes. */
const entryOf = (item: Item, gsi: IndexDefinition): Item =>
  gsi.projection === 'ALL'
    ? item
    : Object.fromEntries(
        [TABLE_DEFINITION.partitionKey, TABLE_DEFINITION.sortKey, gsi.partitionKey, gsi.sortKey].filter((a) => a in item).map((a) => [a, item[a]]),
      );

/** Index write units of one write in one index. */
export const indexUnits = (write: PricedWrite, gsi: IndexDefinition): number => {
  const { after } = write;
  const was = write.before === SAME_KEYS ? inIndex(after, gsi) : inIndex(write.before, gsi);
  const is = inIndex(after, gsi);
  const before = write.before === SAME_KEYS ? after : write.before;
  if (!was && !is) return 0;
  if (was && !is) return kb(itemBytes(entryOf(before!, gsi)));
  if (!was && is) return kb(itemBytes(entryOf(after!, gsi)));
  const [old, now] = [entryOf(before!, gsi), entryOf(after!, gsi)];
  if (old[gsi.partitionKey] !== now[gsi.partitionKey] || old[gsi.sortKey] !== now[gsi.sortKey]) return kb(itemBytes(old)) + kb(itemBytes(now));
  if (write.before === SAME_KEYS) {
    // Not read before: what the write names decides. In an ALL index any attribute is projected.
    const touched = write.touched === 'all' ? undefined : write.touched;
    const projected = touched === undefined || (gsi.projection === 'ALL' ? touched.size > 0 : [...touched].some((a) => a in now));
    return projected ? kb(itemBytes(now)) : 0;
  }
  return isDeepStrictEqual(old, now) ? 0 : kb(itemBytes(now));
};

/** Table and index write units of one write (before a transaction's doubling). */
export const writeUnits = (write: PricedWrite, indexes: readonly IndexDefinition[] = TABLE_DEFINITION.globalIndexes): { table: number; indexes: number } => {
  const sizes = [write.before, write.after].filter((i): i is Item => typeof i === 'object').map(itemBytes);
  return {
    table: kb(Math.max(0, ...sizes)),
    indexes: indexes.reduce((n, gsi) => n + indexUnits(write, gsi), 0),
  };
};

/** The index key attributes of the table: a write naming one of them may move an item in or out of an index, so the item is read before. */
export const INDEX_KEY_ATTRIBUTES: ReadonlySet<string> = new Set(TABLE_DEFINITION.globalIndexes.flatMap((g) => [g.partitionKey, g.sortKey]));

/** Splits at the commas outside parentheses and brackets. */
const topLevel = (text: string): string[] => {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts.map((p) => p.trim()).filter(Boolean);
};

/** The top-level attribute of a document path: `counts.#s0` → `counts`, `"expiresAt"` → `expiresAt`, `#n[2]` → the name `#n` stands for. */
const attributeOf = (path: string, names: Record<string, string>): string => {
  const head = /^\s*("(?:[^"]|"")*"|[^.[\s=]+)/.exec(path)?.[1] ?? path.trim();
  const unquoted = head.startsWith('"') ? head.slice(1, -1).replaceAll('""', '"') : head;
  return names[unquoted] ?? unquoted;
};

/**
 * The top-level attributes an UpdateExpression sets, removes, adds to or
 * deletes from (the targets of its actions, not the attributes its values
 * read): `SET counts.#to = counts.#to + :one, updatedAt = :now REMOVE GSI2PK` → counts, updatedAt, GSI2PK.
 */
export const updatedAttributes = (expression: string, names: Record<string, string> = {}): Set<string> => {
  const touched = new Set<string>();
  // A clause's keyword stands at the start or after white space (not `:set` or `#add`).
  const clauses = expression.split(/(?:^|\s)(SET|REMOVE|ADD|DELETE)(?=\s)/i);
  for (let i = 1; i < clauses.length; i += 2) {
    const verb = clauses[i]!.toUpperCase();
    for (const action of topLevel(clauses[i + 1] ?? '')) {
      const target = verb === 'SET' ? action.split('=')[0]! : verb === 'REMOVE' ? action : action.split(/\s+/)[0]!;
      touched.add(attributeOf(target, names));
    }
  }
  return touched;
};

/** The attributes a PartiQL UPDATE sets or removes: `UPDATE "t" SET "expiresAt" = ? WHERE …` → expiresAt. */
export const partiqlUpdatedAttributes = (statement: string): Set<string> => {
  const body = /\bUPDATE\s+(?:"(?:[^"]|"")*"|\S+)\s+([\s\S]*?)(?:\bWHERE\b|$)/i.exec(statement)?.[1] ?? '';
  const touched = new Set<string>();
  for (const clause of body.split(/\b(?=SET\b|REMOVE\b)/i)) {
    const verb = /^(SET|REMOVE)\b/i.exec(clause.trim())?.[1]?.toUpperCase();
    if (!verb) continue;
    for (const action of topLevel(clause.trim().slice(verb.length))) touched.add(attributeOf(verb === 'SET' ? action.split('=')[0]! : action, {}));
  }
  return touched;
};
