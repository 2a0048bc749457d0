import * as z from 'zod';
import { AuditEntrySchema } from '../contracts/audit.js';
import type { Actor } from './audit.js';
import type { StoreContext } from './client.js';
import { itemReader } from './items.js';
import { queryAll } from './pagination.js';
import { index } from './table.js';

// A citizen across pilots, by the case reference: the reference guards of
// the pilots that hold them and the erasure markers of those that erased
// them, both under GSI1 REF#<reference> (functions/store/table.ts). One
// Query, never a Scan, however many pilots the table holds.

export type SubjectRecord =
  { pilotId: string; participantId: string; erased?: undefined } | { pilotId: string; participantId: string; erased: { at: string; by: Actor } };

/** Both items name the pilot and the participant in the index's sort key: `<pilotId>#<participantId>`. */
const SubjectKey = z.string().regex(/^[^#]+#[^#]+$/);
const readGuard = itemReader('reference', z.object({ entity: z.literal('reference'), [index.caseReference.sk]: SubjectKey }));
/** An erasure marker keeps when, and by whom (as the audit trail names an actor), a participant was erased. */
const readErasure = itemReader(
  'erasure',
  z.object({ entity: z.literal('erasure'), [index.caseReference.sk]: SubjectKey, erasedAt: z.string(), erasedBy: AuditEntrySchema.shape.actor }),
);

/** A reference guard or an erasure marker, each parsed by its schema (the entity only picks which). */
const readSubject = (item: Record<string, unknown>): SubjectRecord => {
  if (item.entity === 'erasure') {
    const erasure = readErasure(item);
    const [pilotId, participantId] = erasure[index.caseReference.sk].split('#') as [string, string];
    return { pilotId, participantId, erased: { at: erasure.erasedAt, by: erasure.erasedBy } };
  }
  const [pilotId, participantId] = readGuard(item)[index.caseReference.sk].split('#') as [string, string];
  return { pilotId, participantId };
};

export const subjectRecordsByReference = (ctx: StoreContext, reference: string): Promise<SubjectRecord[]> =>
  queryAll(
    ctx,
    {
      IndexName: index.caseReference.name,
      KeyConditionExpression: `${index.caseReference.pk} = :ref`,
      ExpressionAttributeValues: { ':ref': index.caseReference.value(reference) },
    },
    readSubject,
  );
