import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../domain/errors.js';
import { reportingOpen, type InternshipReport, type InternshipStatus, type InternshipType } from '../domain/company.js';
import { auditPut, SYSTEM_ACTOR, type Actor } from './audit.js';
import type { StoreContext } from './client.js';
import { messagePut } from './companies.js';
import type { CandidateCode } from './match-schedule.js';
import { pilotItemsWithPrefix } from './pagination.js';
import { key, withoutKeys } from './table.js';
import { transact } from './transact.js';

// What came of the match event: the internship offers and starts companies
// report for the candidates they met (by candidate code, never by a
// participant's id).

export interface InternshipRecord {
  participantId: string;
  companyId: string;
  code: string;
  status: InternshipStatus;
  type: InternshipType;
  startDate: string;
  weeks: number;
  /** The company's timestamp of the report in force (a later report replaces an earlier one). */
  reportedAt: string;
  offeredAt?: string;
  startedAt?: string;
}

export const internshipsOfPilot = async (ctx: StoreContext, pilotId: string): Promise<InternshipRecord[]> =>
  pilotItemsWithPrefix<InternshipRecord>(ctx, pilotId, 'INTERNSHIP#');

/**
 * An internship offered or started, reported by a company for a candidate
 * it met. A report older (by the company's timestamp) than the one recorded
 * is superseded; a start is never undone by a later offer of the same
 * placement, it only updates the details.
 */
export const recordInternship = async (
  ctx: StoreContext,
  input: { pilotId: string; companyId: string; status: InternshipStatus; report: InternshipReport; at: string; via: 'webhook' | 'link'; messageId?: string; actor?: Actor },
): Promise<{ outcome: 'applied' | 'superseded' | 'duplicate'; internship: InternshipRecord }> => {
  const at = new Date(input.at).toISOString();
  const { Item: candidateItem } = await ctx.db.send(
    new GetCommand({ TableName: ctx.tableName, Key: key.candidate(input.pilotId, input.report.participantRef), ConsistentRead: true }),
  );
  const candidate = candidateItem as unknown as CandidateCode | undefined;
  if (!candidate || !candidate.companyIds.includes(input.companyId)) {
    throw new NotFoundError(`candidate ${input.report.participantRef} is not on this company's schedule for pilot ${input.pilotId}`);
  }
  const itemKey = key.internship(input.pilotId, candidate.participantId, input.companyId);
  const { Item } = await ctx.db.send(new GetCommand({ TableName: ctx.tableName, Key: itemKey, ConsistentRead: true }));
  const existing = Item ? (withoutKeys(Item) as unknown as InternshipRecord) : undefined;
  const remember = input.messageId ? [messagePut(ctx, input.companyId, input.messageId, { pilotId: input.pilotId, kind: 'internship' })] : [];

  if (existing && existing.reportedAt >= at) {
    if (remember.length && !(await transact(ctx, remember)).committed) return { outcome: 'duplicate', internship: existing };
    return { outcome: 'superseded', internship: existing };
  }
  const status: InternshipStatus = existing?.status === 'started' || input.status === 'started' ? 'started' : 'offered';
  const internship: InternshipRecord = {
    participantId: candidate.participantId,
    companyId: input.companyId,
    code: candidate.code,
    status,
    type: input.report.type,
    startDate: input.report.startDate,
    weeks: input.report.weeks,
    reportedAt: at,
    ...(existing?.offeredAt || input.status === 'offered' ? { offeredAt: existing?.offeredAt ?? at } : {}),
    ...(existing?.startedAt || input.status === 'started' ? { startedAt: existing?.startedAt ?? at } : {}),
  };
  const result = await transact(ctx, [
    {
      Put: {
        TableName: ctx.tableName,
        Item: { ...itemKey, entity: 'internship', ...internship },
        ConditionExpression: 'attribute_not_exists(PK) OR reportedAt < :at',
        ExpressionAttributeValues: { ':at': at },
      },
    },
    ...remember,
    auditPut(ctx, input.pilotId, {
      actor: input.actor ?? SYSTEM_ACTOR,
      action: `internship.${input.status}`,
      participantId: candidate.participantId,
      details: { companyId: input.companyId, type: input.report.type, startDate: input.report.startDate, weeks: input.report.weeks, via: input.via },
    }),
  ]);
  if (result.committed) return { outcome: 'applied', internship };
  if (remember.length && result.conditionFailed[1]) return { outcome: 'duplicate', internship: existing ?? internship };
  // A newer report landed between our read and write: it stands.
  return recordInternship(ctx, input);
};

/** Companies may report internships once the candidates are scheduled, until the pilot closes. */
export const assertReportingOpen = (pilot: { status: string; matchScheduledAt?: string }): void => {
  if (reportingOpen(pilot)) return;
  if (pilot.status === 'closed') throw new ConflictError('pilot-closed', 'the pilot is closed; reports are no longer taken');
  throw new ConflictError('not-scheduled', 'the match event has not been scheduled yet; internships can be reported after it');
};
