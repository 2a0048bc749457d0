import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { AuditEntrySchema } from '../contracts/audit.js';
import type { Actor } from './audit.js';
import type { StoreContext } from './client.js';
import { itemReader } from './items.js';
import { index } from './table.js';

// A citizen across pilots, by the case reference: the reference guards of
// the pilots that hold them and the erasure markers of those that erased
// them, both under GSI1 REF#<reference> (functions/store/table.ts). One
// Query, never a Scan, however many pilots the table holds.

export type SubjectRecord =
  { pilotId: string; participantId: string; erased?: undefined } | { pilotId: string; participantId: string; erased: { at: string; by: Actor } };

/** An erasure marker keeps when, and by whom (as the audit trail names an actor), a participant was erased. */
const readErasure = itemReader('erasure', z.object({ erasedAt: z.string(), erasedBy: AuditEntrySchema.shape.actor }));

export const subjectRecordsByReference = async (ctx: StoreContext, reference: string): Promise<SubjectRecord[]> => {
  const records: SubjectRecord[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await ctx.db.send(
      new QueryCommand({
        TableName: ctx.tableName,
        IndexName: index.caseReference.name,
        KeyConditionExpression: `${index.caseReference.pk} = :ref`,
        ExpressionAttributeValues: { ':ref': index.caseReference.value(reference) },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const [pilotId, participantId] = String(item[index.caseReference.sk]).split('#') as [string, string];
      if (item.entity !== 'erasure') {
        records.push({ pilotId, participantId });
        continue;
      }
      const erasure = readErasure(item);
      records.push({ pilotId, participantId, erased: { at: erasure.erasedAt, by: erasure.erasedBy } });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return records;
};
