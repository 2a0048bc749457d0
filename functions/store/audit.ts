import { randomBytes } from 'node:crypto';
import type * as z from 'zod';
import { AuditEntrySchema } from '../contracts/audit.js';
import type { StoreContext } from './client.js';
import { itemReader } from './items.js';
import { key } from './table.js';
import { queryAll, queryPage, type Page, type PageRequest } from './pagination.js';
import type { TransactItem } from './transact.js';

// The append-only audit trail of a pilot: who did what, when. Entries are
// written in the same transaction as the change they describe, so there is
// never a change without its entry or an entry without its change. One
// exception, for its write units: e-mails recorded as sent (store/mails.ts
// markMailsSent) are written to the trail first and their records after, so
// a record is never sent without its entry, and an entry without its records
// (a crash between) names e-mails that did go. They name
// participants only by our own id and hold no personal data, so erasing a
// participant leaves nothing of them in the trail.

/**
 * An entry as stored is the entry as the API shows it (functions/contracts/audit.ts).
 * Its actor: the identity provider's subject (Cognito's `sub`, or the local
 * token's) and a readable name for people reading the trail (e-mail or username).
 */
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type Actor = AuditEntry['actor'];
const readEntry = itemReader('audit', AuditEntrySchema);

/** The system itself, for changes no person made (waiting-list promotion, the workflow). */
export const SYSTEM_ACTOR: Actor = { sub: 'system', name: 'system' };

// Entries written in the same millisecond (a batch import, a fast-forwarded
// clock) keep the order this process wrote them in: the sort key carries a
// per-process sequence after the time, then randomness against other processes.
let sequence = 0;
const entrySuffix = () => `${(sequence++ % 36 ** 6).toString(36).padStart(6, '0')}${randomBytes(3).toString('hex')}`;

/** The Put that appends one entry; include it in the transaction that makes the change. */
export const auditPut = (ctx: StoreContext, pilotId: string, entry: Omit<AuditEntry, 'at'>): TransactItem => {
  const at = ctx.clock.now().toISOString();
  return {
    Put: {
      TableName: ctx.tableName,
      Item: {
        ...key.audit(pilotId, at, entrySuffix()),
        entity: 'audit',
        at,
        ...entry,
        // Only who it was, not everything the caller's token said.
        actor: { sub: entry.actor.sub, ...(entry.actor.name ? { name: entry.actor.name } : {}) },
      },
      // Append-only: an entry is never overwritten.
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
};

/** The audit trail of a pilot, oldest first. */
export const auditTrailOfPilot = (ctx: StoreContext, pilotId: string, page: PageRequest): Promise<Page<AuditEntry>> =>
  queryPage(
    ctx,
    {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
      ExpressionAttributeValues: { ':pk': key.pilot(pilotId).PK, ':audit': 'AUDIT#' },
    },
    { attribute: 'PK', value: key.pilot(pilotId).PK },
    page,
    readEntry,
  );

/**
 * Every entry about one participant, oldest first (for the subject access
 * export): a Query of the pilot's trail filtered on the id, read in 1 MB pages.
 * An entry of a batch (a list of statuses, exam results, follow-ups, voucher
 * codes) names many participants; it is shown as it concerns this one only:
 * their id, and of each list in its details only their row.
 */
export const auditEntriesAbout = (ctx: StoreContext, pilotId: string, participantId: string): Promise<AuditEntry[]> =>
  queryAll(
    ctx,
    {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
      FilterExpression: 'participantId = :pid OR contains(participantIds, :pid)',
      ExpressionAttributeValues: { ':pk': key.pilot(pilotId).PK, ':audit': 'AUDIT#', ':pid': participantId },
    },
    (item) => onlyAbout(readEntry(item), participantId),
  );

/**
 * A batch's entry narrowed to one participant: the others' ids and rows are
 * theirs, not this person's. It names the person as a single change's entry
 * does (participantId), so the export reads the same whether a change came
 * alone or in a batch (an import's enrolments are one entry per transaction).
 */
const onlyAbout = (entry: AuditEntry, participantId: string): AuditEntry => {
  if (!entry.participantIds) return entry;
  const details = Object.fromEntries(
    Object.entries(entry.details ?? {}).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.filter((row: unknown) => !isRowOfSomeone(row) || row.participantId === participantId) : value,
    ]),
  );
  return { ...entry, participantId, participantIds: [participantId], ...(entry.details ? { details } : {}) };
};

const isRowOfSomeone = (row: unknown): row is { participantId: unknown } => typeof row === 'object' && row !== null && 'participantId' in row;
