import { MAX_BATCH } from '../contracts/participants.js';
import * as z from 'zod';
import { dateInCopenhagen } from '../domain/calendar.js';
import { findCprPaths } from '../domain/cpr.js';
import { checkEligibility } from '../domain/eligibility.js';
import { CprRefusedError, NotEligibleError, ValidationError, type FieldIssue } from '../domain/errors.js';
import { ParticipantInputSchema, type ParticipantInput } from '../domain/participant.js';
import type { CsvRow } from '../domain/csv.js';
import { parseParticipantsCsv } from '../domain/participants-csv.js';
import { isRecruiting, notRecruiting, type Pilot } from '../domain/pilot.js';
import { toFieldIssues } from '../domain/validation.js';
import type { Actor } from '../store/audit.js';
import type { StoreContext } from '../store/client.js';
import { enrolRows, reserveOrderNumbers, type EnrolmentOutcome } from '../store/participants.js';
import { getPilot } from '../store/pilots.js';
import { count } from '../metrics.js';

export type EnrolmentRequest = { kind: 'json'; body: unknown } | { kind: 'csv'; text: string };

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
 * the order given, many to a transaction (store/participants.ts enrolRows).
 */
export const enrolParticipants = async (ctx: StoreContext, pilotId: string, req: EnrolmentRequest, actor: Actor, read?: Pilot): Promise<EnrolmentReport> => {
  const rows = toRows(req);

  const cprPaths = rows.flatMap((row) =>
    'value' in row ? findCprPaths(row.value).map((field) => `${rowLabel(row)}${'line' in row ? ', ' : '.'}${field}`) : [],
  );
  if (cprPaths.length > 0) throw new CprRefusedError(cprPaths);

  // `read`: the pilot as the request read it for its access check, not read again (its rules and dates; the
  // places and counts are read where they are taken, enrolRows).
  const pilot = read ?? (await getPilot(ctx, pilotId));
  const today = dateInCopenhagen(ctx.clock.now());
  if (!isRecruiting(pilot, today)) throw notRecruiting(pilot, today);

  const report: EnrolmentReport = {
    pilotId,
    summary: { enrolled: 0, waitlisted: 0, 'basic-track': 0, 'already-enrolled': 0, rejected: 0 },
    rows: [],
  };
  // Every row is judged first, and order numbers are taken only for the rows
  // that will be enrolled: a batch that enrols no one writes nothing (not even
  // the counter), and the accepted rows keep their order among themselves.
  const firstSeen = new Map<string, string>();
  const judged = rows.map(judge);
  const accepted = judged.filter((j): j is Accepted => 'input' in j).length;
  let next = accepted > 0 ? await reserveOrderNumbers(ctx, pilotId, accepted) : 0;

  // The accepted rows go to the store together (a transaction holds many rows), in the order given.
  const acceptedRows = judged.flatMap((verdict) => ('input' in verdict ? [{ input: verdict.input, track: verdict.track, order: next++ }] : []));
  const enrolled = acceptedRows.length > 0 ? await enrolRows(ctx, pilotId, acceptedRows, actor) : [];
  let nextEnrolled = 0;
  for (const [i, row] of rows.entries()) {
    const where = 'line' in row ? { line: row.line } : { index: row.index };
    const verdict = judged[i]!;
    const outcome = 'input' in verdict ? rowOutcome(verdict.input, enrolled[nextEnrolled++]!) : verdict;
    report.summary[outcome.outcome]++;
    report.rows.push({ ...where, ...outcome });
  }
  for (const [outcome, n] of Object.entries(report.summary)) if (n > 0) count('Enrolments', { outcome }, n);
  return report;

  function judge(row: Row): Accepted | (RowOutcome & { reference?: string }) {
    if ('error' in row) return { outcome: 'rejected', issues: [{ path: '(row)', message: row.error, code: 'field_count' }] };
    const parsed = ParticipantInputSchema.safeParse(row.value);
    if (!parsed.success) return { outcome: 'rejected', issues: toFieldIssues(parsed.error) };
    const input: ParticipantInput = parsed.data;

    const earlier = firstSeen.get(input.reference);
    if (earlier !== undefined) {
      return {
        reference: input.reference,
        outcome: 'rejected',
        issues: [{ path: 'reference', message: `same reference as ${earlier}`, code: 'duplicate_reference' }],
      };
    }
    firstSeen.set(input.reference, rowLabel(row));

    const verdict = checkEligibility(pilot, input);
    if (!verdict.eligible) return { reference: input.reference, outcome: 'rejected', issues: verdict.reasons };
    return { input, track: verdict.track };
  }

  function rowOutcome(input: ParticipantInput, result: EnrolmentOutcome): RowOutcome & { reference?: string } {
    return {
      reference: input.reference,
      outcome: result.outcome,
      participantId: result.outcome === 'already-enrolled' ? result.participantId : result.participant.id,
    } as RowOutcome & { reference: string };
  }
};

/** A row that passed the schema and the eligibility rules, with the track they chose. */
interface Accepted {
  input: ParticipantInput;
  track: Extract<ReturnType<typeof checkEligibility>, { eligible: true }>['track'];
}

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
  read?: Pilot,
): Promise<Exclude<RowOutcome, { outcome: 'rejected' }> & { reference: string }> => {
  const cprPaths = findCprPaths(body);
  if (cprPaths.length > 0) throw new CprRefusedError(cprPaths);
  const parsed = ParticipantInputSchema.safeParse(body);
  if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.error));
  const report = await enrolParticipants(ctx, pilotId, { kind: 'json', body: { participants: [body] } }, actor, read);
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
    if (rows.length === 0) throw new ValidationError([{ path: '(body)', message: 'the CSV has a header but no participants', code: 'csv_no_rows' }]);
    return rows;
  }
  const parsed = BatchSchema.safeParse(req.body);
  if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.error));
  return parsed.data.participants.map((value, index) => ({ index, value }));
};
