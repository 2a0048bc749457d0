import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { lazySchema } from '../domain/lazy-schema.js';
import { NotFoundError, ReportingClosedError } from '../domain/errors.js';
import { INTERNSHIP_STATUSES, INTERNSHIP_TYPES, reportingOpen, type InternshipReport, type InternshipStatus } from '../domain/company.js';
import { auditPut, SYSTEM_ACTOR, type Actor } from './audit.js';
import type { StoreContext } from './client.js';
import { messagePut } from './companies.js';
import { itemReader } from './items.js';
import { readCandidate, type CandidateCode } from './match-schedule.js';
import { getItems } from './batch-get.js';
import { toInvitation, type Invitation } from './invitations.js';
import { toPilot } from './pilots.js';
import type { Pilot } from '../domain/pilot.js';
import { pilotItemsWithPrefix } from './pagination.js';
import { key } from './table.js';
import { transact, type TransactItem } from './transact.js';

// What came of the match event: the internship offers and starts companies
// report for the candidates they met (by candidate code, never by a
// participant's id).

const InternshipRecordSchema = lazySchema(() =>
  z.object({
    participantId: z.string(),
    companyId: z.string(),
    code: z.string(),
    status: z.enum(INTERNSHIP_STATUSES),
    type: z.enum(INTERNSHIP_TYPES),
    startDate: z.string(),
    weeks: z.number().int(),
    /** The company's timestamp of the report in force (a later report replaces an earlier one). */
    reportedAt: z.string(),
    offeredAt: z.string().optional(),
    startedAt: z.string().optional(),
  }),
);
export type InternshipRecord = z.infer<typeof InternshipRecordSchema>;
export const readInternship = itemReader('internship', InternshipRecordSchema);

export const internshipsOfPilot = async (ctx: StoreContext, pilotId: string): Promise<InternshipRecord[]> =>
  pilotItemsWithPrefix(ctx, pilotId, 'INTERNSHIP#', readInternship);

/**
 * What a company's internship report is checked against, in one read
 * (BatchGetItem) where it made three: the pilot, the company's invitation to
 * it, and the candidate code it names; undefined for each that is not there.
 */
export const getReportingItems = async (
  ctx: StoreContext,
  pilotId: string,
  companyId: string,
  code: string,
): Promise<{ pilot: Pilot | undefined; invitation: Invitation | undefined; candidate: CandidateCode | undefined }> => {
  const [pilot, invitation, candidate] = await getItems(ctx, [key.pilot(pilotId), key.invitation(pilotId, companyId), key.candidate(pilotId, code)]);
  return { pilot: pilot && toPilot(pilot), invitation: invitation && toInvitation(invitation), candidate: candidate && readCandidate(candidate) };
};

/**
 * An internship offered or started, reported by a company for a candidate
 * it met. A report older (by the company's timestamp) than the one recorded
 * is superseded; a start is never undone by a later offer of the same
 * placement, it only updates the details.
 */
export const recordInternship = async (
  ctx: StoreContext,
  input: {
    pilotId: string;
    companyId: string;
    status: InternshipStatus;
    report: InternshipReport;
    at: string;
    via: 'webhook' | 'link';
    messageId?: string;
    actor?: Actor;
    /** The candidate code's item as the caller read it (getReportingItems), undefined when it is not there: not read again. */
    candidate?: { known: CandidateCode | undefined };
  },
): Promise<{ outcome: 'applied' | 'superseded' | 'duplicate'; internship: ReportedInternship }> => {
  const at = new Date(input.at).toISOString();
  const candidate = input.candidate ? input.candidate.known : await getCandidate(ctx, input.pilotId, input.report.participantRef);
  if (!candidate || !candidate.companyIds.includes(input.companyId)) {
    throw new NotFoundError(`candidate ${input.report.participantRef} is not on this company's schedule for pilot ${input.pilotId}`);
  }
  const itemKey = key.internship(input.pilotId, candidate.participantId, input.companyId);
  const remember = input.messageId ? [messagePut(ctx, input.companyId, input.messageId, { pilotId: input.pilotId, kind: 'internship' })] : [];
  const audit = () =>
    auditPut(ctx, input.pilotId, {
      actor: input.actor ?? SYSTEM_ACTOR,
      action: `internship.${input.status}`,
      participantId: candidate.participantId,
      details: { companyId: input.companyId, type: input.report.type, startDate: input.report.startDate, weeks: input.report.weeks, via: input.via },
    });

  // The usual report changes the placement as the read below would decide, so it is written first without
  // reading it: an Update whose condition admits exactly the cases where the merge needs nothing it would
  // read (reportUpdate). Anything else (a newer report recorded, an offer after a start, a replay) fails
  // the condition, writes nothing, and takes the read-then-write path below.
  const first = await transact(ctx, [reportUpdate(ctx, itemKey, candidate, input.companyId, input.status, input.report, at), ...remember, audit()]);
  if (first.committed) return { outcome: 'applied', internship: { code: candidate.code, status: input.status } };

  const { Item } = await ctx.db.send(new GetCommand({ TableName: ctx.tableName, Key: itemKey, ConsistentRead: true }));
  const existing = Item ? readInternship(Item) : undefined;

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
    audit(),
  ]);
  if (result.committed) return { outcome: 'applied', internship };
  if (remember.length && result.conditionFailed[1]) return { outcome: 'duplicate', internship: existing ?? internship };
  // A newer report landed between our read and write: it stands.
  return recordInternship(ctx, input);
};

/** What a report answers about the placement it changed: the candidate's code and the placement's status now. */
export type ReportedInternship = Pick<InternshipRecord, 'code' | 'status'>;

/**
 * A report written without reading its placement: the same item recordInternship's merge makes,
 * under a condition that admits only the cases where that merge needs nothing from the item before.
 * A start: the placement is new or its recorded report older; it is started from now (its first
 * start kept) and an earlier offer's time stays. An offer: the placement is new, or holds an older
 * offer (whose time stays); an offer after a start keeps the start, which needs a read, so it fails here.
 */
const reportUpdate = (
  ctx: StoreContext,
  itemKey: { PK: string; SK: string },
  candidate: CandidateCode,
  companyId: string,
  status: InternshipStatus,
  report: InternshipReport,
  at: string,
): TransactItem => {
  const since = status === 'started' ? 'startedAt' : 'offeredAt';
  return {
    Update: {
      TableName: ctx.tableName,
      Key: itemKey,
      UpdateExpression:
        'SET #entity = :entity, #participantId = :participantId, #companyId = :companyId, #code = :code, #status = :status, #type = :type, ' +
        '#startDate = :startDate, #weeks = :weeks, #reportedAt = :at, #since = if_not_exists(#since, :at)',
      ConditionExpression:
        status === 'started' ? 'attribute_not_exists(PK) OR #reportedAt < :at' : 'attribute_not_exists(PK) OR (#reportedAt < :at AND #status = :status)',
      ExpressionAttributeNames: {
        '#entity': 'entity',
        '#participantId': 'participantId',
        '#companyId': 'companyId',
        '#code': 'code',
        '#status': 'status',
        '#type': 'type',
        '#startDate': 'startDate',
        '#weeks': 'weeks',
        '#reportedAt': 'reportedAt',
        '#since': since,
      },
      ExpressionAttributeValues: {
        ':entity': 'internship',
        ':participantId': candidate.participantId,
        ':companyId': companyId,
        ':code': candidate.code,
        ':status': status,
        ':type': report.type,
        ':startDate': report.startDate,
        ':weeks': report.weeks,
        ':at': at,
      },
    },
  };
};

const getCandidate = async (ctx: StoreContext, pilotId: string, code: string): Promise<CandidateCode | undefined> => {
  const { Item } = await ctx.db.send(new GetCommand({ TableName: ctx.tableName, Key: key.candidate(pilotId, code), ConsistentRead: true }));
  return Item ? readCandidate(Item) : undefined;
};

/** Companies may report internships once the candidates are scheduled, until the pilot closes. */
export const assertReportingOpen = (pilot: { status: string; matchScheduledAt?: string }): void => {
  if (reportingOpen(pilot)) return;
  throw new ReportingClosedError(pilot.status === 'closed' ? 'pilot-closed' : 'not-scheduled');
};
