import * as z from 'zod';
import { FOLLOW_UP_OUTCOMES } from '../domain/evaluation.js';
import { batchRows, rowWhere, type BatchRequest } from '../domain/batch-rows.js';
import { ConflictError, type FieldIssue } from '../domain/errors.js';
import { toFieldIssues } from '../domain/validation.js';
import { SYSTEM_ACTOR, type Actor } from '../store/audit.js';
import type { StoreContext } from '../store/client.js';
import { participantIdByReference, participantsOfPilot } from '../store/participants.js';
import { getPilot } from '../store/pilots.js';
import { allItems } from '../store/pagination.js';
import { saveFollowUpOutcome } from '../store/follow-up.js';
import { resumeWait, waitingFor } from './waiting.js';

// Follow-up: months after the course, the consultant records each
// participant's situation. Each row is applied on its own and reported; a
// row recorded again replaces the earlier outcome (a correction), it never
// counts twice. When every participant who started has an outcome, the
// follow-up phase ends early and the evaluation runs.

const FollowUpRow = z
  .object({
    reference: z.string().trim().min(1).max(64).optional(),
    participantId: z.uuid().optional(),
    outcome: z.enum(FOLLOW_UP_OUTCOMES),
  })
  .strict()
  .refine((r) => (r.reference === undefined) !== (r.participantId === undefined), {
    path: ['reference'],
    message: 'give reference or participantId (one of them)',
  });

const COLUMNS = {
  reference: ['reference', 'ref', 'sagsreference', 'sagsnummer'],
  participantId: ['participantid', 'id'],
  outcome: ['outcome', 'situation', 'udfald'],
};

export type FollowUpReportRow = ({ line: number } | { index: number }) &
  ({ outcome: 'recorded'; participantId: string } | { outcome: 'rejected'; issues: FieldIssue[] });

export const recordFollowUp = async (
  ctx: StoreContext,
  pilotId: string,
  request: BatchRequest,
  actor: Actor,
) => {
  const rows = batchRows(request, { key: 'outcomes', columns: COLUMNS, maxRows: 5000 });

  const pilot = await getPilot(ctx, pilotId);
  if (pilot.status === 'draft') throw new ConflictError('the pilot has not started; there is nothing to follow up yet');
  if (pilot.status === 'closed') throw new ConflictError('the pilot is closed; its evaluation is final');

  const report: FollowUpReportRow[] = [];
  for (const row of rows) {
    report.push({ ...rowWhere(row), ...(await recordRow(row)) } as FollowUpReportRow);
  }
  const recorded = report.filter((r) => r.outcome === 'recorded').length;
  await finishEarlyIfComplete(ctx, pilotId);
  return { pilotId, summary: { recorded, rejected: report.length - recorded }, rows: report };

  async function recordRow(row: (typeof rows)[number]) {
    if ('error' in row) return { outcome: 'rejected' as const, issues: [{ path: '(row)', message: row.error, code: 'field_count' }] };
    const parsed = FollowUpRow.safeParse(row.value);
    if (!parsed.success) return { outcome: 'rejected' as const, issues: toFieldIssues(parsed.error) };
    const id = parsed.data.participantId ?? (await participantIdByReference(ctx, pilotId, parsed.data.reference!));
    if (!id) return { outcome: 'rejected' as const, issues: [{ path: 'reference', message: 'no participant of this pilot has this reference', code: 'unknown_reference' }] };
    const committed = await saveFollowUpOutcome(ctx, pilotId, id, parsed.data.outcome, actor);
    if (!committed) {
      return { outcome: 'rejected' as const, issues: [{ path: parsed.data.participantId ? 'participantId' : 'reference', message: 'no participant of this pilot who started the course', code: 'not_started' }] };
    }
    return { outcome: 'recorded' as const, participantId: id };
  }
};

/** Started participants still without a follow-up outcome. */
export const missingFollowUps = async (ctx: StoreContext, pilotId: string): Promise<number> =>
  (await allItems((page) => participantsOfPilot(ctx, pilotId, {}, page))).filter((p) => p.startedAt !== undefined && !p.followUp).length;

const finishEarlyIfComplete = async (ctx: StoreContext, pilotId: string) => {
  const pilot = await getPilot(ctx, pilotId);
  if (pilot.waitingFor !== 'follow-up-end' || (await missingFollowUps(ctx, pilotId)) > 0) return;
  await resumeWait(ctx, pilotId, waitingFor('follow-up-end'), { action: 'continue', resumedBy: 'event', event: 'follow-up-complete' }, SYSTEM_ACTOR);
};

