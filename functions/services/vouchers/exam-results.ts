import type { Pilot } from '../../domain/pilot.js';
import { MAX_RESULT_ROWS } from '../../contracts/vouchers.js';
import { ConflictError, NotFoundError, type FieldIssue } from '../../domain/errors.js';
import { lastDayOf } from '../../domain/lifecycle.js';
import type { Participant } from '../../domain/participant.js';
import { batchRows, rowWhere, type BatchRequest } from '../../domain/batch-rows.js';
import { toFieldIssues } from '../../domain/validation.js';
import { ExamResultRow, waitsForCode } from '../../domain/vouchers.js';
import { renderExamReminderMail } from '../../mail/exam-reminder.js';
import { SYSTEM_ACTOR, type Actor } from '../../store/audit.js';
import type { ServiceContext } from '../context.js';
import { getParticipant, participantIdsByReferences, participantsByIds } from '../../store/participants.js';
import { getPilot } from '../../store/pilots.js';
import { getPilotAndWait } from '../../store/waits.js';
import { recordExam, recordExams } from '../../store/vouchers.js';
import { sendOnce } from '../mailing.js';
import { consultantRecipients } from '../pilot-mails.js';
import { resumeWait, waitingFor } from '../waiting.js';
import { pilotPageUrl } from '../../config.js';
import { giveCode, mailCodes } from './assign.js';
import { allParticipants, today } from './common.js';

// Exam results: recording them, retakes, the reminder before the exam
// deadline, and ending certification early when every result is in.

const EXAM_COLUMNS = {
  reference: ['reference', 'ref', 'sagsreference', 'sagsnummer'],
  participantId: ['participantid', 'id'],
  result: ['result', 'resultat'],
  date: ['date', 'dato'],
};

/**
 * Exam results, one row each, each applied on its own and reported. A
 * failed or missed first attempt gets a second code when the pilot allows
 * retakes. Diploma courses record the diploma as "passed", without codes.
 */
export const recordExamResults = async (ctx: ServiceContext, pilotId: string, request: BatchRequest, actor: Actor, read?: Pilot) => {
  // `read`: the pilot as the request read it for its access check, not read again.
  const pilot = read ?? (await getPilot(ctx, pilotId));
  if (pilot.course.ending === 'none') throw new ConflictError('no-exam', 'this pilot ends with neither an exam nor a diploma', { details: { ending: 'none' } });
  const rows = batchRows(request, { key: 'results', columns: EXAM_COLUMNS, maxRows: MAX_RESULT_ROWS });

  type RowReport = { outcome: 'recorded'; participantId: string; retake?: true | 'waiting' } | { outcome: 'rejected'; issues: FieldIssue[] };
  const report: RowReport[] = [];
  let retakes = 0;
  // Every row judged first, the participants read together (100 a call), the
  // results written many to a transaction. A participant's second row in the
  // same list (a retake's result) is applied after the first is settled, on
  // its own, as it would be in the next list.
  const parsed = rows.map((row) => {
    if ('error' in row) return { issues: [{ path: '(row)', message: row.error, code: 'field_count' }] };
    const p = ExamResultRow.safeParse(row.value);
    if (!p.success) return { issues: toFieldIssues(p.error) };
    if (p.data.date > today(ctx)) return { issues: [{ path: 'date', message: 'is in the future', code: 'future_date' }] };
    return { r: p.data };
  });
  const references = parsed.flatMap((p) => (p.r && !p.r.participantId ? [p.r.reference!] : []));
  const ids = references.length ? await participantIdsByReferences(ctx, pilotId, references) : new Map<string, string>();
  const idOf = (r: NonNullable<(typeof parsed)[number]['r']>) => r.participantId ?? ids.get(r.reference!);
  const participants = await participantsByIds(
    ctx,
    pilotId,
    parsed.flatMap((p) => (p.r && idOf(p.r) ? [idOf(p.r)!] : [])),
  );
  const seen = new Set<string>();
  const first: { at: number; participant: Participant; r: NonNullable<(typeof parsed)[number]['r']> }[] = [];
  const repeats: number[] = [];
  for (const [at, p] of parsed.entries()) {
    if (!p.r) {
      report[at] = { outcome: 'rejected', issues: p.issues! as FieldIssue[] };
      continue;
    }
    const id = idOf(p.r);
    if (id && seen.has(id)) {
      repeats.push(at);
      continue;
    }
    const participant = id ? participants.get(id) : undefined;
    const refused = refusal(p.r, participant);
    if (refused) {
      report[at] = refused;
      continue;
    }
    seen.add(id!);
    first.push({ at, participant: participant!, r: p.r });
  }
  const committed = await recordExams(
    ctx,
    pilot,
    first.map(({ participant, r }) => ({ participant, exam: { result: r.result, date: r.date } })),
    actor,
  );
  for (const [i, { at, participant, r }] of first.entries()) {
    report[at] = committed[i] ? await afterRecorded(participant, r.result) : changedMeanwhile();
  }
  for (const at of repeats) report[at] = await recordRow(rows[at]!);

  if (retakes > 0) await mailCodes(ctx, pilot, await allParticipants(ctx, pilotId));
  await finishEarlyIfAllResults(ctx, pilotId);
  const recorded = report.filter((r) => r.outcome === 'recorded').length;
  return { pilotId, summary: { recorded, rejected: report.length - recorded, retakes }, rows: rows.map((row, at) => ({ ...rowWhere(row), ...report[at]! })) };

  function refusal(r: NonNullable<(typeof parsed)[number]['r']>, participant: Participant | undefined): RowReport | undefined {
    if (!participant)
      return {
        outcome: 'rejected',
        issues: [{ path: r.participantId ? 'participantId' : 'reference', message: 'no participant of this pilot has it', code: 'unknown_reference' }],
      };
    if (pilot.course.ending === 'exam' && !participant.voucher) {
      return {
        outcome: 'rejected',
        issues: [
          {
            path: 'result',
            message: 'this participant has no voucher code, so no exam to report (only diploma courses record results without codes)',
            code: 'no_voucher',
          },
        ],
      };
    }
    if (pilot.course.ending === 'diploma' && r.result !== 'passed') {
      return {
        outcome: 'rejected',
        issues: [{ path: 'result', message: 'a diploma course records only "passed" (the diploma)', code: 'diploma_passed_only' }],
      };
    }
    return undefined;
  }

  function changedMeanwhile(): RowReport {
    return { outcome: 'rejected', issues: [{ path: 'result', message: 'the participant changed meanwhile; send the row again', code: 'changed_meanwhile' }] };
  }

  async function afterRecorded(participant: Participant, result: 'passed' | 'failed' | 'no-show'): Promise<RowReport> {
    const retake = result !== 'passed' && pilot.certification.retakes && participant.voucher?.attempt === 1;
    if (!retake) return { outcome: 'recorded', participantId: participant.id };
    // No code free now: they wait for the second code, and the next codes loaded or taken back go to those waiting.
    if ((await giveCode(ctx, pilot, participant.id, 2)) !== 'assigned') return { outcome: 'recorded', participantId: participant.id, retake: 'waiting' };
    retakes++;
    return { outcome: 'recorded', participantId: participant.id, retake: true };
  }

  /** A row on its own, as before: the participant read again (a second row for someone whose first was just applied). */
  async function recordRow(row: (typeof rows)[number]): Promise<RowReport> {
    const p = parsed[rows.indexOf(row)]!;
    const r = p.r!;
    const id = idOf(r);
    const participant = id
      ? await getParticipant(ctx, pilotId, id).catch((e: unknown) => (e instanceof NotFoundError ? undefined : Promise.reject(e)))
      : undefined;
    const refused = refusal(r, participant);
    if (refused) return refused;
    if (!(await recordExam(ctx, pilot, participant!, { result: r.result, date: r.date }, actor))) return changedMeanwhile();
    return afterRecorded(participant!, r.result);
  }
};

/** Certification ends early when every participant with a code has a result for it. */
export const finishEarlyIfAllResults = async (ctx: ServiceContext, pilotId: string) => {
  // The pilot with its wait (one read): the wait is taken with its audit entry in one transaction.
  const { pilot, wait } = await getPilotAndWait(ctx, pilotId);
  if (pilot.waitingFor !== 'certification-end') return;
  const participants = await allParticipants(ctx, pilotId);
  const withCode = participants.filter((p) => p.voucher);
  const pending = withCode.filter((p) => !p.exam || p.exam.attempt !== p.voucher!.attempt);
  // Someone waiting for a code (a retake, or a shortage) has an exam still to come: the phase waits for them or the deadline.
  const waitingForCode = participants.some((p) => waitsForCode(p, pilot.certification.retakes));
  if (withCode.length === 0 || pending.length > 0 || waitingForCode) return;
  await resumeWait(ctx, pilotId, waitingFor('certification-end'), { action: 'continue', resumedBy: 'event', event: 'all-exam-results' }, SYSTEM_ACTOR, wait);
};

/** Seven days before the exam deadline: the consultant is reminded of the results still missing. */
export const remindOfExamResults = async (ctx: ServiceContext, pilotId: string): Promise<'sent' | 'not needed'> => {
  const pilot = await getPilot(ctx, pilotId);
  if (pilot.status !== 'running' || pilot.waitingFor !== 'certification-end') return 'not needed';
  const withCode = (await allParticipants(ctx, pilotId)).filter((p) => p.voucher);
  const withoutResult = withCode.filter((p) => !p.exam || p.exam.attempt !== p.voucher!.attempt).length;
  if (withoutResult === 0) return 'not needed';
  await sendOnce(ctx, {
    pilotId,
    key: 'exam-results-reminder',
    kind: 'exam-results-reminder',
    to: consultantRecipients(pilot),
    render: (language) =>
      renderExamReminderMail({
        pilot: { id: pilot.id, name: pilot.name },
        listUrl: pilotPageUrl(pilot.id),
        exam: withCode[0]?.voucher?.exam ?? '',
        withoutResult,
        withCode: withCode.length,
        examDeadline: lastDayOf(pilot, 'certification-end'),
        language,
      }),
  });
  return 'sent';
};
