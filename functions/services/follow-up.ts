import { FollowUpRow } from '../contracts/outcome.js';
import { FOLLOW_UP_OUTCOMES } from '../domain/evaluation.js';
import { MAX_RESULT_ROWS } from '../contracts/vouchers.js';
import { batchRows, rowWhere, type BatchRequest } from '../domain/batch-rows.js';
import { ConflictError, type FieldIssue } from '../domain/errors.js';
import { toFieldIssues } from '../domain/validation.js';
import { startOfDay } from '../domain/calendar.js';
import { followUpDayOf, isProvisional } from '../domain/lifecycle.js';
import type { Pilot } from '../domain/pilot.js';
import { SYSTEM_ACTOR, type Actor } from '../store/audit.js';
import type { StoreContext } from '../store/client.js';
import type { ServiceContext } from './context.js';
import { participantIdsByReferences, participantsOfPilot } from '../store/participants.js';
import { getPilot } from '../store/pilots.js';
import { getPilotAndWait } from '../store/waits.js';
import { allItems } from '../store/pagination.js';
import { saveFollowUpOutcomes } from '../store/follow-up.js';
import { resumeWait, waitingFor } from './waiting.js';

// Follow-up: months after the course, the consultant records each
// participant's situation. Each row is applied on its own and reported; a
// row recorded again replaces the earlier outcome (a correction), it never
// counts twice. A situation recorded before the follow-up day is provisional
// (lifecycle.ts `isProvisional`). When every participant who started has a
// situation recorded on or after the follow-up day, the phase ends early and
// the evaluation runs; never before that day.

const COLUMNS = {
  reference: ['reference', 'ref', 'sagsreference', 'sagsnummer'],
  participantId: ['participantid', 'id'],
  outcome: ['outcome', 'situation', 'udfald'],
};

export type FollowUpReportRow = ({ line: number } | { index: number }) &
  ({ outcome: 'recorded'; participantId: string; provisional?: true } | { outcome: 'rejected'; issues: FieldIssue[] });

export const recordFollowUp = async (ctx: ServiceContext, pilotId: string, request: BatchRequest, actor: Actor, read?: Pilot) => {
  const rows = batchRows(request, { key: 'outcomes', columns: COLUMNS, maxRows: MAX_RESULT_ROWS });

  // `read`: the pilot as the request read it for its access check, not read again.
  const pilot = read ?? (await getPilot(ctx, pilotId));
  if (pilot.status === 'draft') throw new ConflictError('not-started', 'the pilot has not started; there is nothing to follow up yet');
  if (pilot.status === 'closed') throw new ConflictError('pilot-closed', 'the pilot is closed; its evaluation is final');

  // Every row judged first, the references looked up together, then the accepted rows written many to a transaction.
  const judged = rows.map(judge);
  const references = judged.flatMap((j) => ('outcome' in j || j.participantId ? [] : [j.reference!]));
  const ids = references.length ? await participantIdsByReferences(ctx, pilotId, references) : new Map<string, string>();
  const accepted: { at: number; participantId: string; outcome: (typeof FOLLOW_UP_OUTCOMES)[number]; byId: boolean }[] = [];
  const report: FollowUpReportRow[] = [];
  for (const [at, verdict] of judged.entries()) {
    if ('outcome' in verdict) {
      report[at] = { ...rowWhere(rows[at]!), ...verdict } as FollowUpReportRow;
      continue;
    }
    const id = verdict.participantId ?? ids.get(verdict.reference!);
    if (!id) {
      report[at] = {
        ...rowWhere(rows[at]!),
        outcome: 'rejected',
        issues: [{ path: 'reference', message: 'no participant of this pilot has this reference', code: 'unknown_reference' }],
      };
      continue;
    }
    accepted.push({ at, participantId: id, outcome: verdict.situation, byId: verdict.participantId !== undefined });
  }
  const committed = await saveFollowUpOutcomes(ctx, pilotId, accepted, actor);
  const provisional = isProvisional(pilot, ctx.clock.now().toISOString());
  for (const [i, row] of accepted.entries()) {
    report[row.at] = {
      ...rowWhere(rows[row.at]!),
      ...(committed[i]
        ? { outcome: 'recorded' as const, participantId: row.participantId, ...(provisional ? { provisional: true as const } : {}) }
        : {
            outcome: 'rejected' as const,
            issues: [{ path: row.byId ? 'participantId' : 'reference', message: 'no participant of this pilot who started the course', code: 'not_started' }],
          }),
    } as FollowUpReportRow;
  }
  const recorded = report.filter((r) => r.outcome === 'recorded').length;
  await finishEarlyIfComplete(ctx, pilotId);
  return { pilotId, summary: { recorded, rejected: report.length - recorded }, rows: report };

  function judge(
    row: (typeof rows)[number],
  ): { reference?: string; participantId?: string; situation: (typeof FOLLOW_UP_OUTCOMES)[number] } | { outcome: 'rejected'; issues: FieldIssue[] } {
    if ('error' in row) return { outcome: 'rejected' as const, issues: [{ path: '(row)', message: row.error, code: 'field_count' }] };
    const parsed = FollowUpRow.safeParse(row.value);
    if (!parsed.success) return { outcome: 'rejected' as const, issues: toFieldIssues(parsed.error) };
    return {
      ...(parsed.data.reference !== undefined ? { reference: parsed.data.reference } : {}),
      ...(parsed.data.participantId !== undefined ? { participantId: parsed.data.participantId } : {}),
      situation: parsed.data.outcome,
    };
  }
};

/**
 * Started participants whose situation at follow-up is still to be recorded:
 * none recorded, or only a provisional one (recorded before the follow-up
 * day), which `provisional` counts.
 */
export const missingFollowUps = async (ctx: StoreContext, pilot: Pilot): Promise<{ missing: number; provisional: number }> => {
  const started = (await allItems((page) => participantsOfPilot(ctx, pilot.id, {}, page))).filter((p) => p.startedAt !== undefined);
  const provisional = started.filter((p) => p.followUp && isProvisional(pilot, p.followUp.recordedAt)).length;
  return { missing: started.filter((p) => !p.followUp).length + provisional, provisional };
};

const finishEarlyIfComplete = async (ctx: ServiceContext, pilotId: string) => {
  // The pilot with its wait (one read): the wait is taken with its audit entry in one transaction.
  const { pilot, wait } = await getPilotAndWait(ctx, pilotId);
  // Before the follow-up day nothing is final (every situation is provisional), so the phase cannot end early then.
  if (pilot.waitingFor !== 'follow-up-end' || ctx.clock.now().toISOString() < startOfDay(followUpDayOf(pilot))) return;
  if ((await missingFollowUps(ctx, pilot)).missing > 0) return;
  await resumeWait(ctx, pilotId, waitingFor('follow-up-end'), { action: 'continue', resumedBy: 'event', event: 'follow-up-complete' }, SYSTEM_ACTOR, wait);
};
