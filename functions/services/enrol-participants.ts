import * as z from 'zod';
import { dateInCopenhagen } from '../domain/calendar.js';
import { findCprPaths } from '../domain/cpr.js';
import { checkEligibility } from '../domain/eligibility.js';
import { ConflictError, CprRefusedError, NotEligibleError, ValidationError, type FieldIssue } from '../domain/errors.js';
import { ParticipantInputSchema, type ParticipantInput } from '../domain/participant.js';
import { parseParticipantsCsv, type CsvRow } from '../domain/participants-csv.js';
import { isRecruiting, notRecruitingReason } from '../domain/pilot.js';
import { toFieldIssues } from '../domain/validation.js';
import type { Actor } from '../store/audit.js';
import type { StoreContext } from '../store/client.js';
import { enrolParticipant, reserveOrderNumbers, type EnrolmentOutcome } from '../store/participants.js';
import { getPilot } from '../store/pilots.js';

/** The most participants one request may carry (JSON or CSV): enough for any pilot in the seeds, small enough for one API call. */
export const MAX_BATCH = 1000;

export type EnrolmentRequest =
  | { kind: 'json'; body: unknown }
  | { kind: 'csv'; text: string };

export type RowOutcome =
  | { outcome: 'enrolled' | 'waitlisted' | 'basic-track'; participantId: string }
  | { outcome: 'already-enrolled'; participantId: string }
  | { outcome: 'rejected'; issues: FieldIssue[] };

/** One row of the batch report: `line` for CSV (the file's line number), `index` for JSON (position in the array). */
export type ReportRow = ({ line: number } | { index: number }) & { reference?: string } & RowOutcome;

export interface EnrolmentReport {
  pilotId: string;
  summary: Record<RowOutcome['outcome'], number>;
  rows: ReportRow[];
}

const BatchSchema = z.object({ participants: z.array(z.unknown()).min(1, 'must not be empty').max(MAX_BATCH) }).strict();

/**
 * Enrols a batch and reports each row. The whole request is refused, with
 * nothing stored, when any row contains a CPR number (a file with CPR numbers
 * is the wrong export, and its rows must not be half-taken) or when the
 * pilot is not recruiting. Otherwise every row is judged on its own: invalid
 * and ineligible rows are rejected with their reasons, the rest enrolled in
 * the order given, each in its own transaction.
 */
export const enrolParticipants = async (
  ctx: StoreContext,
  pilotId: string,
  req: EnrolmentRequest,
  actor: Actor,
): Promise<EnrolmentReport> => {
  const rows = toRows(req);

  const cprPaths = rows.flatMap((row) =>
    'value' in row ? findCprPaths(row.value).map((field) => `${rowLabel(row)}${'line' in row ? ', ' : '.'}${field}`) : [],
  );
  if (cprPaths.length > 0) throw new CprRefusedError(cprPaths);

  const pilot = await getPilot(ctx, pilotId);
  const today = dateInCopenhagen(ctx.clock.now());
  if (!isRecruiting(pilot, today)) throw new ConflictError(notRecruitingReason(pilot, today));

  const report: EnrolmentReport = {
    pilotId,
    summary: { enrolled: 0, waitlisted: 0, 'basic-track': 0, 'already-enrolled': 0, rejected: 0 },
    rows: [],
  };
  const firstSeen = new Map<string, string>();
  // One order number per row, taken at once: the batch's rows keep their order among themselves.
  const firstOrder = await reserveOrderNumbers(ctx, pilotId, rows.length);

  for (const [i, row] of rows.entries()) {
    const where = 'line' in row ? { line: row.line } : { index: row.index };
    const outcome = await enrolRow(row, i);
    report.summary[outcome.outcome]++;
    report.rows.push({ ...where, ...outcome });
  }
  return report;

  async function enrolRow(row: Row, position: number): Promise<RowOutcome & { reference?: string }> {
    if ('error' in row) return { outcome: 'rejected', issues: [{ path: '(row)', message: row.error }] };
    const parsed = ParticipantInputSchema.safeParse(row.value);
    if (!parsed.success) return { outcome: 'rejected', issues: toFieldIssues(parsed.error) };
    const input: ParticipantInput = parsed.data;

    const earlier = firstSeen.get(input.reference);
    if (earlier !== undefined) {
      return { reference: input.reference, outcome: 'rejected', issues: [{ path: 'reference', message: `same reference as ${earlier}` }] };
    }
    firstSeen.set(input.reference, rowLabel(row));

    const verdict = checkEligibility(pilot, input);
    if (!verdict.eligible) return { reference: input.reference, outcome: 'rejected', issues: verdict.reasons };

    const result: EnrolmentOutcome = await enrolParticipant(ctx, pilotId, input, { actor, track: verdict.track, order: firstOrder + position });
    return {
      reference: input.reference,
      outcome: result.outcome,
      participantId: result.outcome === 'already-enrolled' ? result.participantId : result.participant.id,
    } as RowOutcome & { reference: string };
  }
};

/**
 * Enrols a single participant given as a JSON object: a bad field is a 400,
 * an ineligible participant a 422, so a client gets an ordinary error
 * rather than a one-row report.
 */
export const enrolOne = async (
  ctx: StoreContext,
  pilotId: string,
  body: unknown,
  actor: Actor,
): Promise<Exclude<RowOutcome, { outcome: 'rejected' }> & { reference: string }> => {
  const cprPaths = findCprPaths(body);
  if (cprPaths.length > 0) throw new CprRefusedError(cprPaths);
  const parsed = ParticipantInputSchema.safeParse(body);
  if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.error));
  const report = await enrolParticipants(ctx, pilotId, { kind: 'json', body: { participants: [body] } }, actor);
  const { outcome, ...rest } = report.rows[0]!;
  // The body passed the schema above, so a rejection here is the eligibility rules speaking.
  if (outcome === 'rejected') throw new NotEligibleError((rest as { issues: FieldIssue[] }).issues);
  const { participantId, reference } = rest as { participantId: string; reference: string };
  return { outcome, participantId, reference };
};

type Row = { index: number; value: unknown } | CsvRow;

const rowLabel = (row: Row) => ('line' in row ? `line ${row.line}` : `participants.${row.index}`);

const toRows = (req: EnrolmentRequest): Row[] => {
  if (req.kind === 'csv') {
    const rows = parseParticipantsCsv(req.text, MAX_BATCH);
    if (rows.length === 0) throw new ValidationError([{ path: '(body)', message: 'the CSV has a header but no participants' }]);
    return rows;
  }
  const parsed = BatchSchema.safeParse(req.body);
  if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.error));
  return parsed.data.participants.map((value, index) => ({ index, value }));
};
