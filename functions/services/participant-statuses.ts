import * as z from 'zod';
import { batchRows, MAX_STATUS_ROWS, rowWhere, type BatchRequest, type BatchRow } from '../domain/batch-rows.js';
import { ConflictError, type FieldIssue } from '../domain/errors.js';
import { ParticipantPatchSchema, type ParticipantPatch, type ParticipantStatus } from '../domain/participant.js';
import { toFieldIssues } from '../domain/validation.js';
import { count } from '../metrics.js';
import type { Actor } from '../store/audit.js';
import type { StoreContext } from '../store/client.js';
import { changeParticipantStatuses, participantIdsByReferences, type StatusChangeOutcome } from '../store/participants.js';
import type { Pilot } from '../domain/pilot.js';
import { getPilot } from '../store/pilots.js';

// A consultant's attendance list in one request: who started, who completed,
// who dropped out and why. Each row is judged and reported on its own (the
// batch imports' per-row report); the accepted rows are written many to a
// transaction (store/participants.ts changeParticipantStatuses).

/** The CSV's columns, in English or Danish (lower-case, without spaces); the first name is the documented one. */
const COLUMNS = {
  reference: ['reference', 'ref', 'sagsreference', 'sagsnummer'],
  participantId: ['participantid', 'id', 'deltagerid'],
  status: ['status'],
  reason: ['reason', 'årsag', 'aarsag', 'frafaldsårsag', 'frafaldsaarsag'],
  note: ['note', 'bemærkning', 'bemaerkning'],
};

/** Who a row is about: the case reference or our id, one of them. */
const RowIdentity = z
  .object({
    reference: z.string().trim().min(1).max(64).optional(),
    participantId: z.uuid().optional(),
  })
  .refine((r) => (r.reference === undefined) !== (r.participantId === undefined), {
    path: ['reference'],
    message: 'give reference or participantId (one of them)',
  });

export type StatusReportRow = ({ line: number } | { index: number }) & { reference?: string } & (
    { outcome: 'changed' | 'unchanged'; participantId: string; status: ParticipantStatus } | { outcome: 'rejected'; issues: FieldIssue[] }
  );

export interface StatusReport {
  pilotId: string;
  summary: { changed: number; unchanged: number; rejected: number };
  rows: StatusReportRow[];
}

/**
 * Applies a list of status changes, `{ "changes": [{ reference | participantId,
 * status, reason?, note? }] }` or CSV with those columns, and reports each
 * row. A list with a CPR number anywhere is refused whole (batchRows); a
 * closed pilot's participants are final.
 */
export const changeStatuses = async (ctx: StoreContext, pilotId: string, request: BatchRequest, actor: Actor, read?: Pilot): Promise<StatusReport> => {
  const rows = batchRows(request, { key: 'changes', columns: COLUMNS, maxRows: MAX_STATUS_ROWS });
  // `read`: the pilot as the request read it for its access check, not read again.
  const pilot = read ?? (await getPilot(ctx, pilotId));
  if (pilot.status === 'closed') throw new ConflictError('pilot-closed', 'the pilot is closed; its participants can no longer change');

  const judged = rows.map(judge);
  const references = judged.flatMap((j) => ('patch' in j && j.reference !== undefined ? [j.reference] : []));
  const ids = references.length ? await participantIdsByReferences(ctx, pilotId, references) : new Map<string, string>();

  const report: StatusReportRow[] = [];
  const accepted: { at: number; participantId: string; patch: ParticipantPatch; reference?: string }[] = [];
  for (const [at, verdict] of judged.entries()) {
    const where = rowWhere(rows[at]!);
    if (!('patch' in verdict)) {
      report[at] = { ...where, ...(verdict.reference ? { reference: verdict.reference } : {}), outcome: 'rejected', issues: verdict.issues };
      continue;
    }
    const participantId = verdict.participantId ?? ids.get(verdict.reference!);
    if (!participantId) {
      report[at] = { ...where, reference: verdict.reference!, outcome: 'rejected', issues: [unknown('reference')] };
      continue;
    }
    accepted.push({ at, participantId, patch: verdict.patch, ...(verdict.reference ? { reference: verdict.reference } : {}) });
  }

  const outcomes = await changeParticipantStatuses(ctx, pilotId, accepted, actor, pilot);
  for (const [i, row] of accepted.entries()) {
    const where = rowWhere(rows[row.at]!);
    const identity = { ...(row.reference ? { reference: row.reference } : {}) };
    const outcome = outcomes[i]!;
    report[row.at] =
      outcome.outcome === 'changed' || outcome.outcome === 'unchanged'
        ? { ...where, ...identity, outcome: outcome.outcome, participantId: row.participantId, status: outcome.participant.status }
        : { ...where, ...identity, outcome: 'rejected', issues: [issueOf(outcome, row.patch.status, row.reference ? 'reference' : 'participantId')] };
  }

  const summary = { changed: 0, unchanged: 0, rejected: 0 };
  for (const r of report) summary[r.outcome]++;
  for (const [outcome, n] of Object.entries(summary)) if (n > 0) count('StatusChanges', { outcome }, n);
  return { pilotId, summary, rows: report };
};

type Verdict = { patch: ParticipantPatch; reference?: string; participantId?: string } | { reference?: string; issues: FieldIssue[] };

const judge = (row: BatchRow): Verdict => {
  if ('error' in row) return { issues: [{ path: '(row)', message: row.error, code: 'field_count' }] };
  if (typeof row.value !== 'object' || row.value === null || Array.isArray(row.value)) {
    return { issues: [{ path: '(row)', message: 'must be an object', code: 'type' }] };
  }
  const { reference, participantId, ...change } = row.value as Record<string, unknown>;
  const identity = RowIdentity.safeParse({ reference, participantId });
  const patch = ParticipantPatchSchema.safeParse(change);
  const issues = [...(identity.success ? [] : toFieldIssues(identity.error)), ...(patch.success ? [] : toFieldIssues(patch.error))];
  const ref = identity.success ? identity.data.reference : undefined;
  if (!identity.success || !patch.success) return { ...(ref ? { reference: ref } : {}), issues };
  return { patch: patch.data, ...identity.data };
};

const unknown = (path: 'reference' | 'participantId'): FieldIssue => ({ path, message: 'no participant of this pilot has it', code: 'unknown_reference' });

const issueOf = (
  outcome: Exclude<StatusChangeOutcome, { outcome: 'changed' | 'unchanged' }>,
  to: ParticipantStatus,
  path: 'reference' | 'participantId',
): FieldIssue => {
  switch (outcome.outcome) {
    case 'not-found':
      return unknown(path);
    case 'not-allowed':
      return {
        path: 'status',
        message:
          `cannot change status from ${outcome.from} to ${to}` +
          (outcome.allowed.length ? `; allowed: ${outcome.allowed.join(', ')}` : `; ${outcome.from} is final`),
        code: 'transition_not_allowed',
      };
    case 'changed-meanwhile':
      return { path: 'status', message: 'the participant changed meanwhile (or is twice in the list); send the row again', code: 'changed_meanwhile' };
    case 'no-place':
      return { path: 'status', message: 'no free place: the pilot is full', code: 'no_place' };
  }
};
