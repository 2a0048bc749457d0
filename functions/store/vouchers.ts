import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { lazySchema } from '../domain/lazy-schema.js';
import type { Participant } from '../domain/participant.js';
import type { Pilot } from '../domain/pilot.js';
import { EXAM_RESULTS } from '../domain/vouchers.js';
import { auditPut, type Actor } from './audit.js';
import type { StoreContext } from './client.js';
import { pilotItemsWithPrefix } from './pagination.js';
import { itemReader } from './items.js';
import { index, key } from './table.js';
import { executeEach, partiqlTable } from './statements.js';
import { MAX_TRANSACTION_ACTIONS, transact, transactRows, type TransactItem } from './transact.js';

// Voucher codes (PILOT#<id> / VOUCHER#<code>). A free code is in the sparse
// free-vouchers index, ordered by expiry, so the next code to hand out is the
// one that expires first. An assignment is written in one transaction: the
// code goes from free to assigned and the participant from no code (or a
// failed first attempt) to this code, each under its own condition. So a code
// is never given twice and a participant never gets two, however many try at
// once. Many assignments share a transaction (assignCodes), each row under
// its own conditions.

const VoucherCodeSchema = lazySchema(() =>
  z.object({
    code: z.string(),
    sponsor: z.string(),
    exam: z.string(),
    expiresOn: z.string(),
    status: z.enum(['free', 'assigned', 'used']),
    participantId: z.string().optional(),
    attempt: z.union([z.literal(1), z.literal(2)]).optional(),
    assignedAt: z.string().optional(),
    loadedAt: z.string(),
    /** On a used code: the result of the exam it was used for. */
    result: z.enum(EXAM_RESULTS).optional(),
  }),
);
export type VoucherCode = z.infer<typeof VoucherCodeSchema>;
const readCode = itemReader('voucher', VoucherCodeSchema);

const freeIndexKeys = (pilotId: string, code: Pick<VoucherCode, 'code' | 'expiresOn'>) => ({
  [index.freeVouchers.pk]: index.freeVouchers.value(pilotId),
  [index.freeVouchers.sk]: `${code.expiresOn}#${code.code}`,
});

/** Stores a new free code; false when the pilot has this code already (a duplicate, ignored). */
export const putFreeCode = async (ctx: StoreContext, pilotId: string, code: Omit<VoucherCode, 'status'>): Promise<boolean> =>
  (await putFreeCodes(ctx, pilotId, [code]))[0]!;

/**
 * Stores new free codes, 25 a call (statements.ts), each inserted only where
 * the pilot does not have it yet, so a code already loaded (free, assigned or
 * used) is never overwritten; answers, for each code in order, whether it was
 * stored (false: the pilot has it, a duplicate, ignored). The codes must
 * differ from each other (the caller drops a load's repeats first).
 */
export const putFreeCodes = async (ctx: StoreContext, pilotId: string, codes: readonly Omit<VoucherCode, 'status'>[]): Promise<boolean[]> => {
  const outcomes = await executeEach(
    ctx,
    codes.map((code) => {
      const item = Object.entries({ ...key.voucher(pilotId, code.code), entity: 'voucher', ...freeIndexKeys(pilotId, code), ...code, status: 'free' }).filter(
        ([, value]) => value !== undefined,
      );
      // INSERT fails (DuplicateItem) where the item exists: the uniqueness of a code within its pilot.
      return {
        Statement: `INSERT INTO ${partiqlTable(ctx)} VALUE {${item.map(([name]) => `'${name}': ?`).join(', ')}}`,
        Parameters: item.map(([, value]) => value),
      };
    }),
  );
  return outcomes.map((outcome) => outcome === 'written');
};

/** The free codes that have not expired by `today`, soonest-expiring first. */
export const freeCodes = async (ctx: StoreContext, pilotId: string, today: string, limit: number): Promise<VoucherCode[]> => {
  const { Items = [] } = await ctx.db.send(
    new QueryCommand({
      TableName: ctx.tableName,
      IndexName: index.freeVouchers.name,
      KeyConditionExpression: `${index.freeVouchers.pk} = :pk AND ${index.freeVouchers.sk} >= :today`,
      ExpressionAttributeValues: { ':pk': index.freeVouchers.value(pilotId), ':today': today },
      Limit: limit,
    }),
  );
  return Items.map(readCode);
};

/** Every code of the pilot. */
export const codesOfPilot = (ctx: StoreContext, pilotId: string): Promise<VoucherCode[]> => pilotItemsWithPrefix(ctx, pilotId, 'VOUCHER#', readCode);

export type AssignOutcome = 'assigned' | 'code-taken' | 'participant-not-eligible';

/** One code for one participant: the row of an assignment. */
export interface Assignment {
  participantId: string;
  code: VoucherCode;
  attempt: 1 | 2;
}

/**
 * Gives `code` to the participant for `attempt`: attempt 1 only to someone
 * who completed the course and has no code; attempt 2 only to someone whose
 * first attempt failed (or was missed).
 */
export const assignCode = async (
  ctx: StoreContext,
  pilotId: string,
  participantId: string,
  code: VoucherCode,
  attempt: 1 | 2,
  actor: Actor,
): Promise<AssignOutcome> => (await assignCodes(ctx, pilotId, [{ participantId, code, attempt }], actor))[0]!;

/** Two actions a row (the code, the participant) and one audit entry: 49 rows fill a transaction's 100 actions. */
export const ASSIGN_ROWS_PER_TRANSACTION = Math.floor((MAX_TRANSACTION_ACTIONS - 1) / 2);

/**
 * Gives many codes at once, 49 rows a transaction, each row under the
 * conditions assignCode's transaction has (the code still free, the
 * participant still waiting for this attempt) and one audit entry per
 * transaction naming every participant with their attempt and exam. A
 * transaction a condition cancels is split and its halves retried
 * (transactRows), down to single rows, so each row's answer is exactly the
 * one assigning it alone would give: `code-taken` (a racing assignment, load
 * or revoke got there first) or `participant-not-eligible`. The rows must
 * name different codes and different participants.
 */
export const assignCodes = async (ctx: StoreContext, pilotId: string, rows: readonly Assignment[], actor: Actor): Promise<AssignOutcome[]> => {
  const now = ctx.clock.now().toISOString();
  const written = await transactRows(ctx, rows, {
    rowsPerTransaction: ASSIGN_ROWS_PER_TRANSACTION,
    itemOf: (row) => row.participantId,
    build: (chunk) => [
      ...chunk.flatMap((row) => assignmentItems(ctx, pilotId, row, now)),
      chunk.length === 1
        ? auditPut(ctx, pilotId, {
            actor,
            action: 'voucher.assigned',
            participantId: chunk[0]!.participantId,
            details: { attempt: chunk[0]!.attempt, exam: chunk[0]!.code.exam },
          })
        : auditPut(ctx, pilotId, {
            actor,
            action: 'vouchers.assigned',
            participantIds: chunk.map((row) => row.participantId),
            // Attempts and exams only: the codes are money and stay off the trail, as for a single assignment.
            details: { assignments: chunk.map((row) => ({ participantId: row.participantId, attempt: row.attempt, exam: row.code.exam })) },
          }),
    ],
  });
  // A single row's transaction: [the code, the participant, the audit entry].
  return written.map(({ outcome }) => (outcome.committed ? 'assigned' : outcome.conditionFailed[1] ? 'participant-not-eligible' : 'code-taken'));
};

/** The writes of one assignment: the code from free to this participant, the participant from waiting to holding it. */
const assignmentItems = (ctx: StoreContext, pilotId: string, { participantId, code, attempt }: Assignment, now: string): TransactItem[] => {
  const voucher: NonNullable<Participant['voucher']> = {
    code: code.code,
    attempt,
    assignedAt: now,
    exam: code.exam,
    sponsor: code.sponsor,
    expiresOn: code.expiresOn,
  };
  return [
    {
      Update: {
        TableName: ctx.tableName,
        Key: key.voucher(pilotId, code.code),
        UpdateExpression: `SET #status = :assigned, participantId = :pid, attempt = :attempt, assignedAt = :now REMOVE ${index.freeVouchers.pk}, ${index.freeVouchers.sk}`,
        ConditionExpression: '#status = :free',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':assigned': 'assigned', ':free': 'free', ':pid': participantId, ':attempt': attempt, ':now': now },
      },
    },
    {
      Update: {
        TableName: ctx.tableName,
        Key: key.participant(pilotId, participantId),
        UpdateExpression: 'SET voucher = :voucher, updatedAt = :now',
        ConditionExpression:
          attempt === 1
            ? 'attribute_exists(PK) AND #status = :completed AND attribute_not_exists(voucher) AND attribute_not_exists(voucherRevoked)'
            : 'attribute_exists(PK) AND voucher.attempt = :first AND exam.attempt = :first AND exam.#result IN (:failed, :noShow) AND attribute_not_exists(voucherRevoked)',
        ExpressionAttributeNames: attempt === 1 ? { '#status': 'status' } : { '#result': 'result' },
        ExpressionAttributeValues:
          attempt === 1
            ? { ':voucher': voucher, ':now': now, ':completed': 'completed' }
            : { ':voucher': voucher, ':now': now, ':first': 1, ':failed': 'failed', ':noShow': 'no-show' },
      },
    },
  ];
};

/** Takes an unused code back from a participant: it is free again, and they have none and wait for none. */
export const revokeCode = async (ctx: StoreContext, pilotId: string, participant: Participant, actor: Actor): Promise<boolean> => {
  const voucher = participant.voucher!;
  const result = await transact(ctx, [
    {
      Update: {
        TableName: ctx.tableName,
        Key: key.voucher(pilotId, voucher.code),
        UpdateExpression: 'SET #status = :free, #pk = :pk, #sk = :sk REMOVE participantId, attempt, assignedAt',
        ConditionExpression: '#status = :assigned AND participantId = :pid',
        ExpressionAttributeNames: { '#status': 'status', '#pk': index.freeVouchers.pk, '#sk': index.freeVouchers.sk },
        ExpressionAttributeValues: {
          ':free': 'free',
          ':assigned': 'assigned',
          ':pid': participant.id,
          ':pk': index.freeVouchers.value(pilotId),
          ':sk': `${voucher.expiresOn}#${voucher.code}`,
        },
      },
    },
    {
      Update: {
        TableName: ctx.tableName,
        Key: key.participant(pilotId, participant.id),
        // Marked, so the holder does not queue for a code again: revoking is for someone who will not sit the exam.
        UpdateExpression: 'REMOVE voucher SET updatedAt = :now, voucherRevoked = :revoked',
        ConditionExpression: 'voucher.code = :code',
        ExpressionAttributeValues: {
          ':code': voucher.code,
          ':now': ctx.clock.now().toISOString(),
          ':revoked': { at: ctx.clock.now().toISOString(), attempt: voucher.attempt },
        },
      },
    },
    auditPut(ctx, pilotId, { actor, action: 'voucher.revoked', participantId: participant.id, details: { attempt: voucher.attempt } }),
  ]);
  return result.committed;
};

type ExamResult = { result: 'passed' | 'failed' | 'no-show'; date: string };

/** What recording exam results needs of the pilot: its id, and whether it keeps a certified count (undefined: it does not). */
export type ExamPilot = Pick<Pilot, 'id' | 'certifiedCount'>;

/**
 * The writes of one exam result: the code as used (conditional on its
 * holder), the result on the participant. The participant's `certified` is
 * held to what was read (true, or false or absent), so the change the
 * pilot's certified count is given (certifiedDelta) is the change made.
 */
const examItems = (ctx: StoreContext, pilotId: string, participant: Participant, exam: ExamResult, now: string) => {
  const attempt = participant.voucher?.attempt ?? 1;
  return [
    ...(participant.voucher
      ? [
          {
            Update: {
              TableName: ctx.tableName,
              Key: key.voucher(pilotId, participant.voucher.code),
              UpdateExpression: 'SET #status = :used, #result = :result',
              ConditionExpression: 'participantId = :pid',
              ExpressionAttributeNames: { '#status': 'status', '#result': 'result' },
              ExpressionAttributeValues: { ':used': 'used', ':result': exam.result, ':pid': participant.id },
            },
          },
        ]
      : []),
    {
      Update: {
        TableName: ctx.tableName,
        Key: key.participant(pilotId, participant.id),
        UpdateExpression: 'SET exam = :exam, certified = :certified, updatedAt = :now',
        ConditionExpression: participant.certified
          ? 'attribute_exists(PK) AND certified = :wasCertified'
          : 'attribute_exists(PK) AND (attribute_not_exists(certified) OR certified = :wasCertified)',
        ExpressionAttributeValues: {
          ':exam': { ...exam, attempt, recordedAt: now },
          ':certified': exam.result === 'passed',
          ':wasCertified': participant.certified === true,
          ':now': now,
        },
      },
    },
  ];
};

/** How a chunk of results changes the number certified: +1 for each newly passed, -1 for each certified one who no longer is. */
const certifiedDelta = (rows: readonly { participant: Participant; exam: ExamResult }[]): number =>
  rows.reduce((sum, { participant, exam }) => sum + (exam.result === 'passed' ? 1 : 0) - (participant.certified ? 1 : 0), 0);

/**
 * The pilot's certified count moved by `delta`, in the results' transaction.
 * Only on a pilot that keeps one (created with it; a pilot without it never
 * gets it, so its absence stays "unknown" rather than becoming a partial count).
 */
const certifiedCountUpdate = (ctx: StoreContext, pilotId: string, delta: number): TransactItem => ({
  Update: {
    TableName: ctx.tableName,
    Key: key.pilot(pilotId),
    UpdateExpression: 'ADD certifiedCount :delta',
    ConditionExpression: 'attribute_exists(certifiedCount)',
    ExpressionAttributeValues: { ':delta': delta },
  },
});

/** Records an exam result: on the participant, and the code as used. */
export const recordExam = async (ctx: StoreContext, pilot: ExamPilot, participant: Participant, exam: ExamResult, actor: Actor): Promise<boolean> =>
  (await recordExams(ctx, pilot, [{ participant, exam }], actor))[0]!;

/**
 * Records many exam results: up to 49 participants a transaction (the code
 * and the participant each), each under its own condition, with one audit
 * entry per transaction naming them, their results and attempts, and the
 * pilot's certified count moved by what the transaction changes (when the
 * pilot keeps one): 49 × 2 + 2 = 100 actions. A transaction a condition
 * cancels is split and its halves retried (transactRows), so each row's
 * answer is exact and the count moves only with the rows written. Each
 * participant once (the service sends a participant's second row after the
 * first is settled).
 */
export const recordExams = async (
  ctx: StoreContext,
  pilot: ExamPilot,
  rows: { participant: Participant; exam: ExamResult }[],
  actor: Actor,
): Promise<boolean[]> => {
  const pilotId = pilot.id;
  const now = ctx.clock.now().toISOString();
  const counted = pilot.certifiedCount !== undefined;
  const written = await transactRows(ctx, rows, {
    rowsPerTransaction: 49,
    itemOf: (row) => row.participant.id,
    build: (chunk) => [
      ...chunk.flatMap(({ participant, exam }) => examItems(ctx, pilotId, participant, exam, now)),
      ...(counted && certifiedDelta(chunk) !== 0 ? [certifiedCountUpdate(ctx, pilotId, certifiedDelta(chunk))] : []),
      chunk.length === 1
        ? auditPut(ctx, pilotId, {
            actor,
            action: 'exam.recorded',
            participantId: chunk[0]!.participant.id,
            details: { result: chunk[0]!.exam.result, attempt: chunk[0]!.participant.voucher?.attempt ?? 1 },
          })
        : auditPut(ctx, pilotId, {
            actor,
            action: 'exam.results-recorded',
            participantIds: chunk.map((r) => r.participant.id),
            details: {
              results: chunk.map(({ participant, exam }) => ({
                participantId: participant.id,
                result: exam.result,
                attempt: participant.voucher?.attempt ?? 1,
              })),
            },
          }),
    ],
  });
  return written.map(({ outcome }) => outcome.committed);
};
