import { MAX_RESULT_ROWS } from '../contracts/vouchers.js';
import * as z from 'zod';
import { addDays, dateInCopenhagen } from '../domain/calendar.js';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../domain/errors.js';
import { lastDayOf } from '../domain/lifecycle.js';
import type { Participant } from '../domain/participant.js';
import { batchRows, rowWhere, type BatchRequest } from '../domain/batch-rows.js';
import type { Pilot } from '../domain/pilot.js';
import { toFieldIssues } from '../domain/validation.js';
import { codeQueue, ExamResultRow, maskCode, waitsForCode, MAX_CODES_PER_LOAD, NEAR_EXPIRY_DAYS, VoucherCode, VoucherLoadMeta, VoucherLoadSchema } from '../domain/vouchers.js';
import { renderVoucherMail } from '../mail/voucher.js';
import { renderExamReminderMail } from '../mail/exam-reminder.js';
import { auditPut, SYSTEM_ACTOR, type Actor } from '../store/audit.js';
import type { StoreContext } from '../store/client.js';
import { getParticipant, participantIdByReference, participantsOfPilot } from '../store/participants.js';
import { changePilot, getPilot } from '../store/pilots.js';
import { allItems } from '../store/pagination.js';
import { transact } from '../store/transact.js';
import { assignCode, codesOfPilot, freeCodes, putFreeCode, recordExam, revokeCode, type VoucherCode as StoredCode } from '../store/vouchers.js';
import { sendOnce } from './mailing.js';
import { consultantRecipients, managementRecipients, sendEscalation } from './pilot-mails.js';
import { resumeWait, waitingFor } from './waiting.js';
import { pilotPageUrl } from '../config.js';

// Certification: loading voucher codes, handing them out exactly once when
// the course ends, exam results, retakes. Participant-level changes only
// update DynamoDB; the certification phase moves on when every candidate
// with a code has a result, or at the exam deadline.

const allParticipants = (ctx: StoreContext, pilotId: string): Promise<Participant[]> =>
  allItems((page) => participantsOfPilot(ctx, pilotId, {}, page));

const today = (ctx: StoreContext) => dateInCopenhagen(ctx.clock.now());

export type LoadRequest =
  | { kind: 'json'; body: unknown }
  /** text/plain: one code a line; sponsor, exam and expiresOn as query parameters. */
  | { kind: 'text'; text: string; query: Record<string, string | undefined> };

/**
 * Loads codes. Every code is checked first: one malformed code refuses the
 * whole load, naming its line, and nothing is stored. Codes the load repeats,
 * or that the pilot has already, are reported and ignored.
 */
export const loadVouchers = async (ctx: StoreContext, pilotId: string, request: LoadRequest, actor: Actor) => {
  const pilot = await getPilot(ctx, pilotId);
  if (pilot.course.ending !== 'exam') throw new ConflictError('no-exam', `this pilot ends with ${pilot.course.ending === 'diploma' ? 'a diploma' : 'no exam'}; it has no use for voucher codes`, {
      details: { ending: pilot.course.ending },
    });
  if (pilot.status === 'closed') throw new ConflictError('pilot-closed', 'the pilot is closed');

  let meta: z.infer<typeof VoucherLoadMeta>;
  let raw: { where: string; value: unknown }[];
  if (request.kind === 'json') {
    const parsed = VoucherLoadSchema.safeParse(request.body);
    if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.error));
    const { codes, ...rest } = parsed.data;
    meta = rest;
    raw = codes.map((value, i) => ({ where: `codes.${i}`, value }));
  } else {
    const parsed = VoucherLoadMeta.safeParse(request.query);
    if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.error).map((i) => ({ ...i, path: `query.${i.path}` })));
    meta = parsed.data;
    raw = request.text
      .split(/\r?\n/)
      .map((value, i) => ({ where: `line ${i + 1}`, value }))
      .filter((r) => String(r.value).trim() !== '');
    if (raw.length > MAX_CODES_PER_LOAD) {
      throw new ValidationError([{ path: '(body)', message: `has ${raw.length} codes; at most ${MAX_CODES_PER_LOAD} in one load`, code: 'too_many_codes', max: MAX_CODES_PER_LOAD }]);
    }
    if (raw.length === 0) throw new ValidationError([{ path: '(body)', message: 'has no codes', code: 'no_codes' }]);
  }
  if (meta.expiresOn < today(ctx)) throw new ValidationError([{ path: 'expiresOn', message: 'is in the past: these codes have expired', code: 'past' }]);

  const issues: FieldIssue[] = [];
  const codes = raw.map(({ where, value }) => {
    const parsed = VoucherCode.safeParse(value);
    if (!parsed.success) issues.push({ path: where, message: 'is not a voucher code: 4-64 letters, digits or dashes', code: 'voucher_code_format' });
    return { where, code: parsed.success ? parsed.data : '' };
  });
  if (issues.length > 0) throw new ValidationError(issues);

  const seen = new Map<string, string>();
  const duplicates: { where: string; code: string; reason: string }[] = [];
  const fresh: typeof codes = [];
  for (const c of codes) {
    const first = seen.get(c.code);
    if (first) duplicates.push({ where: c.where, code: maskCode(c.code), reason: `same code as ${first}` });
    else {
      seen.set(c.code, c.where);
      fresh.push(c);
    }
  }
  const loadedAt = ctx.clock.now().toISOString();
  let loaded = 0;
  // Ten at a time: a 2,000-code load stays well inside the API's time.
  for (let i = 0; i < fresh.length; i += 10) {
    await Promise.all(
      fresh.slice(i, i + 10).map(async (c) => {
        if (await putFreeCode(ctx, pilotId, { code: c.code, ...meta, loadedAt })) loaded++;
        else duplicates.push({ where: c.where, code: maskCode(c.code), reason: 'the pilot has this code already' });
      }),
    );
  }
  await transact(ctx, [auditPut(ctx, pilotId, { actor, action: 'vouchers.loaded', details: { loaded, duplicates: duplicates.length, sponsor: meta.sponsor, exam: meta.exam } })]);
  // Codes loaded during certification go straight to those still waiting for one.
  const assignment = pilot.waitingFor === 'certification-end' ? await assignVouchers(ctx, pilotId) : undefined;
  return { pilotId, loaded, duplicates, ...(assignment ? { assignment } : {}) };
};

/**
 * Gives one free, unexpired code to each participant waiting for one (see
 * waitsForCode: a first code after completing the course, a second after a
 * failed or missed first attempt where retakes are allowed), first codes
 * before retakes, each in enrolment order, and e-mails it. Run again, it
 * changes nothing for those who have one. Too few codes: as many as possible,
 * the rest wait (codes loaded or taken back later go to them), and the
 * consultant and management are told once.
 *
 * The batches one after another (codes loaded while certification runs); the
 * state machine runs the same batches each as its own task (assignVoucherBatch).
 */
export const assignVouchers = async (ctx: StoreContext, pilotId: string) => {
  let batch: VoucherBatch = { pass: 1, cursor: null, assigned: 0, waiting: 0, more: true };
  while (batch.more) batch = await assignVoucherBatch(ctx, pilotId, batch);
  return { assigned: batch.assigned, waiting: batch.waiting };
};

/** Participants a batch reads (in enrolment order): a step's time is one batch's, whatever the cohort's size. */
export const VOUCHER_BATCH = 100;
/** Codes handed out and e-mailed at once within a batch (each assignment is its own conditional transaction). */
const VOUCHER_CONCURRENCY = 8;

/**
 * Where the batches have got to, carried by the state machine from one batch
 * task to the next: the pass (1: first codes, 2: retakes) and the enrolment
 * order cursor within it.
 */
export interface VoucherBatch {
  pass: 1 | 2;
  cursor: string | null;
  assigned: number;
  waiting: number;
  more: boolean;
}

/**
 * One batch of the hand-out, the code queue's order (codeQueue) in pages:
 * the next VOUCHER_BATCH participants in enrolment order who wait for a
 * code of this pass (first codes, then retakes) get the next free codes, in
 * order, several at once, and their e-mails. Once the pool runs dry, everyone
 * still queued waits (no one further back gets a code before them), the
 * shortage is raised once, and the batches end. Idempotent: a batch run
 * again finds who has a code no longer waiting and sends no e-mail twice.
 */
export const assignVoucherBatch = async (ctx: StoreContext, pilotId: string, from: Omit<VoucherBatch, 'more'>): Promise<VoucherBatch> => {
  const pilot = await getPilot(ctx, pilotId);
  const page = await participantsOfPilot(ctx, pilotId, {}, { limit: VOUCHER_BATCH, cursor: from.cursor ?? undefined });
  const batch = page.items.flatMap((participant) =>
    waitsForCode(participant, pilot.certification.retakes) === from.pass ? [{ participant, attempt: from.pass }] : [],
  );
  // The codes in their order (soonest expiry first) to the queue in its order; one that lost its
  // code to a racing assignment (a load, a revoke) takes the next free one.
  const planned = batch.length > 0 ? await freeCodes(ctx, pilotId, today(ctx), batch.length) : [];
  const outcomes = await inParallel(batch, VOUCHER_CONCURRENCY, async ({ participant, attempt }, i) => {
    const code = planned[i];
    if (!code) return 'no-code';
    const outcome = await assignCode(ctx, pilotId, participant.id, code, attempt, SYSTEM_ACTOR);
    if (outcome === 'assigned') return 'assigned';
    if (outcome === 'participant-not-eligible') return 'not-eligible';
    return giveCode(ctx, pilot, participant.id, attempt);
  });
  const assigned = from.assigned + outcomes.filter((o) => o === 'assigned').length;
  // Everyone of the page holding a code of this pass, not only those assigned now: a run cut off after
  // the assignments but before all their e-mails (a crash) is run again, finds them no longer waiting, and
  // must still send what did not go. sendOnce sends nothing twice.
  const waited = new Set(batch.map(({ participant }) => participant.id));
  const holders = page.items.filter((p) => !waited.has(p.id) && p.voucher?.attempt === from.pass);
  await mailCodes(ctx, pilot, [...(await Promise.all(batch.map(({ participant }) => getParticipant(ctx, pilotId, participant.id)))), ...holders]);

  if (outcomes.includes('no-code')) {
    // The pool is dry: everyone still in the queue waits (read once, at the end).
    const waiting = codeQueue(await allParticipants(ctx, pilotId), pilot.certification.retakes).length;
    const risk = 'voucher-shortage';
    if (!pilot.risks?.[risk]) {
      await changePilot(ctx, pilotId, {
        set: { risks: { ...pilot.risks, [risk]: { at: ctx.clock.now().toISOString(), details: { waiting } } } },
        audit: { actor: SYSTEM_ACTOR, action: 'pilot.escalated', details: { risk, waiting } },
      });
    }
    await sendEscalation(ctx, pilot, risk, { waiting, assigned }, [...consultantRecipients(pilot), ...managementRecipients(pilot)]);
    return { pass: from.pass, cursor: null, assigned, waiting, more: false };
  }
  if (page.nextCursor) return { pass: from.pass, cursor: page.nextCursor, assigned, waiting: 0, more: true };
  // First codes done: the retakes, from the start, where the pilot allows them.
  if (from.pass === 1 && pilot.certification.retakes) return { pass: 2, cursor: null, assigned, waiting: 0, more: true };
  return { pass: from.pass, cursor: null, assigned, waiting: 0, more: false };
};

/** Runs `fn` over the items, at most `limit` at a time, keeping their order in the results. */
const inParallel = async <T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> => {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};

/** One code to one participant, retrying with the next free code when a racing assignment took it. */
export const giveCode = async (ctx: StoreContext, pilot: Pilot, participantId: string, attempt: 1 | 2): Promise<'assigned' | 'no-code' | 'not-eligible'> => {
  for (let tries = 0; tries < 50; tries++) {
    // First the soonest-expiring code; after a lost race, one of the next few, so racers spread out.
    const codes = await freeCodes(ctx, pilot.id, today(ctx), Math.min(tries + 1, 10));
    if (codes.length === 0) return 'no-code';
    const pick = codes[Math.floor(Math.random() * codes.length)]!;
    const outcome = await assignCode(ctx, pilot.id, participantId, pick, attempt, SYSTEM_ACTOR);
    if (outcome === 'assigned') return 'assigned';
    if (outcome === 'participant-not-eligible') return 'not-eligible';
  }
  return 'no-code';
};

/** E-mails each assigned code to its participant once; those without e-mail are listed for the consultant to hand out. */
const mailCodes = async (ctx: StoreContext, pilot: Pilot, participants: Participant[]) => {
  const examDeadline = lastDayOf(pilot, 'certification-end');
  await inParallel(participants, VOUCHER_CONCURRENCY, async (p) => {
    if (!p.voucher || !p.email) return;
    const { voucher } = p;
    await sendOnce(ctx, {
      pilotId: pilot.id,
      key: `voucher#${p.id}#${voucher.attempt}`,
      kind: 'voucher',
      to: [{ email: p.email, language: p.language }],
      render: (language) =>
        renderVoucherMail({
          pilot: { name: pilot.name },
          sponsor: voucher.sponsor,
          exam: voucher.exam,
          code: voucher.code,
          examDeadline,
          codeExpiresOn: voucher.expiresOn,
          attempt: voucher.attempt,
          participantName: p.name,
          language,
        }),
    });
  });
};

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
export const recordExamResults = async (
  ctx: StoreContext,
  pilotId: string,
  request: BatchRequest,
  actor: Actor,
) => {
  const pilot = await getPilot(ctx, pilotId);
  if (pilot.course.ending === 'none') throw new ConflictError('no-exam', 'this pilot ends with neither an exam nor a diploma', { details: { ending: 'none' } });
  const rows = batchRows(request, { key: 'results', columns: EXAM_COLUMNS, maxRows: MAX_RESULT_ROWS });

  const report = [];
  let retakes = 0;
  for (const row of rows) {
    report.push({ ...rowWhere(row), ...(await recordRow(row)) });
  }
  if (retakes > 0) await mailCodes(ctx, pilot, await allParticipants(ctx, pilotId));
  await finishEarlyIfAllResults(ctx, pilotId);
  const recorded = report.filter((r) => r.outcome === 'recorded').length;
  return { pilotId, summary: { recorded, rejected: report.length - recorded, retakes }, rows: report };

  async function recordRow(row: (typeof rows)[number]): Promise<{ outcome: 'recorded'; participantId: string; retake?: true | 'waiting' } | { outcome: 'rejected'; issues: FieldIssue[] }> {
    if ('error' in row) return { outcome: 'rejected', issues: [{ path: '(row)', message: row.error, code: 'field_count' }] };
    const parsed = ExamResultRow.safeParse(row.value);
    if (!parsed.success) return { outcome: 'rejected', issues: toFieldIssues(parsed.error) };
    const r = parsed.data;
    if (r.date > today(ctx)) return { outcome: 'rejected', issues: [{ path: 'date', message: 'is in the future', code: 'future_date' }] };
    const id = r.participantId ?? (await participantIdByReference(ctx, pilotId, r.reference!));
    const participant = id ? await getParticipant(ctx, pilotId, id).catch((e: unknown) => (e instanceof NotFoundError ? undefined : Promise.reject(e))) : undefined;
    if (!participant) return { outcome: 'rejected', issues: [{ path: r.participantId ? 'participantId' : 'reference', message: 'no participant of this pilot has it', code: 'unknown_reference' }] };
    if (pilot.course.ending === 'exam' && !participant.voucher) {
      return { outcome: 'rejected', issues: [{ path: 'result', message: 'this participant has no voucher code, so no exam to report (only diploma courses record results without codes)', code: 'no_voucher' }] };
    }
    if (pilot.course.ending === 'diploma' && r.result !== 'passed') {
      return { outcome: 'rejected', issues: [{ path: 'result', message: 'a diploma course records only "passed" (the diploma)', code: 'diploma_passed_only' }] };
    }
    if (!(await recordExam(ctx, pilotId, participant, { result: r.result, date: r.date }, actor))) {
      return { outcome: 'rejected', issues: [{ path: 'result', message: 'the participant changed meanwhile; send the row again', code: 'changed_meanwhile' }] };
    }
    const retake = r.result !== 'passed' && pilot.certification.retakes && participant.voucher?.attempt === 1;
    if (!retake) return { outcome: 'recorded', participantId: participant.id };
    // No code free now: they wait for the second code, and the next codes loaded or taken back go to those waiting.
    if ((await giveCode(ctx, pilot, participant.id, 2)) !== 'assigned') return { outcome: 'recorded', participantId: participant.id, retake: 'waiting' };
    retakes++;
    return { outcome: 'recorded', participantId: participant.id, retake: true };
  }
};

/** Certification ends early when every participant with a code has a result for it. */
const finishEarlyIfAllResults = async (ctx: StoreContext, pilotId: string) => {
  const pilot = await getPilot(ctx, pilotId);
  if (pilot.waitingFor !== 'certification-end') return;
  const participants = await allParticipants(ctx, pilotId);
  const withCode = participants.filter((p) => p.voucher);
  const pending = withCode.filter((p) => !p.exam || p.exam.attempt !== p.voucher!.attempt);
  // Someone waiting for a code (a retake, or a shortage) has an exam still to come: the phase waits for them or the deadline.
  const waitingForCode = participants.some((p) => waitsForCode(p, pilot.certification.retakes));
  if (withCode.length === 0 || pending.length > 0 || waitingForCode) return;
  await resumeWait(ctx, pilotId, waitingFor('certification-end'), { action: 'continue', resumedBy: 'event', event: 'all-exam-results' }, SYSTEM_ACTOR);
};

/** Seven days before the exam deadline: the consultant is reminded of the results still missing. */
export const remindOfExamResults = async (ctx: StoreContext, pilotId: string): Promise<'sent' | 'not needed'> => {
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

/**
 * A consultant takes back an unused code from a holder who will not sit the
 * exam (dropped out, ill, moved): the code goes to the next in line at once
 * during certification (else back to the pool), and the holder waits for no
 * other code.
 */
export const revokeVoucher = async (ctx: StoreContext, pilotId: string, participantId: string, actor: Actor) => {
  const participant = await getParticipant(ctx, pilotId, participantId);
  if (!participant.voucher) throw new ConflictError('no-voucher', 'the participant has no voucher code');
  if (participant.exam && participant.exam.attempt === participant.voucher.attempt) {
    throw new ConflictError('code-used', 'the code has been used: an exam result is recorded for it');
  }
  if (!(await revokeCode(ctx, pilotId, participant, actor))) throw new ConflictError('changed-meanwhile', 'the code changed meanwhile; reload and retry');
  const pilot = await getPilot(ctx, pilotId);
  const assignment = pilot.waitingFor === 'certification-end' ? await assignVouchers(ctx, pilotId) : undefined;
  await finishEarlyIfAllResults(ctx, pilotId);
  return { pilotId, participantId, revoked: maskCode(participant.voucher.code), ...(assignment ? { assignment } : {}) };
};

/** The pool, the assignments and their use. Full codes only for consultants; masked for everyone else. */
export const voucherOverview = async (ctx: StoreContext, pilotId: string, revealCodes: boolean) => {
  const pilot = await getPilot(ctx, pilotId);
  const show = (code: string) => (revealCodes ? code : maskCode(code));
  const codes: StoredCode[] = await codesOfPilot(ctx, pilotId);
  const now = today(ctx);
  const participants = new Map((await allParticipants(ctx, pilotId)).map((p) => [p.id, p]));
  const free = codes.filter((c) => c.status === 'free');
  return {
    pilotId,
    pool: {
      total: codes.length,
      free: free.filter((c) => c.expiresOn >= now).length,
      assigned: codes.filter((c) => c.status === 'assigned').length,
      used: codes.filter((c) => c.status === 'used').length,
      expired: free.filter((c) => c.expiresOn < now).length,
      nearExpiry: free
        .filter((c) => c.expiresOn >= now && c.expiresOn <= addDays(now, NEAR_EXPIRY_DAYS))
        .map((c) => ({ code: show(c.code), expiresOn: c.expiresOn })),
    },
    assignments: codes
      .filter((c) => c.participantId)
      .map((c) => {
        const p = participants.get(c.participantId!);
        return {
          participantId: c.participantId,
          code: show(c.code),
          attempt: c.attempt,
          status: c.status,
          ...(p?.exam && p.exam.attempt === c.attempt ? { result: p.exam.result } : {}),
          // No e-mail address: the consultant hands the code over.
          handOut: p !== undefined && !p.email,
        };
      }),
    waiting: codeQueue([...participants.values()], pilot.certification.retakes).map((w) => w.participant.id),
  };
};
