import * as z from 'zod';
import { lazySchema } from '../domain/lazy-schema.js';
import { EXAM_RESULTS, ExamResultRow, VoucherLoadMeta, VoucherLoadSchema } from '../domain/vouchers.js';
import { Day, FieldIssueSchema, Id } from './common.js';

// Certification: loading voucher codes, the pool, exam results, taking a code back.

export { ExamResultRow, VoucherLoadMeta, VoucherLoadSchema };

/** The most rows of exam results or follow-up outcomes one request may carry. */
export const MAX_RESULT_ROWS = 5000;

/** POST …/exam-results as JSON (or text/csv with the same columns). */
export const ExamResultsSchema = lazySchema(() => z.object({ results: z.array(ExamResultRow).min(1).max(MAX_RESULT_ROWS) }).strict());

const Assignment = lazySchema(() => z.object({ assigned: z.number().int(), waiting: z.number().int() }));

/** What a load did: codes stored, duplicates skipped (masked, with where and why), and codes handed out at once during certification. */
export const VouchersLoadedSchema = lazySchema(() =>
  z.object({
    pilotId: Id,
    loaded: z.number().int(),
    duplicates: z.array(z.object({ where: z.string(), code: z.string(), reason: z.string() })),
    assignment: Assignment.optional(),
  }),
);

/** GET …/vouchers: the pool, the assignments with their results, and who still waits for a code. */
export const VoucherOverviewSchema = lazySchema(() =>
  z.object({
    pilotId: Id,
    pool: z.object({
      total: z.number().int(),
      free: z.number().int(),
      assigned: z.number().int(),
      used: z.number().int(),
      expired: z.number().int(),
      nearExpiry: z.array(z.object({ code: z.string(), expiresOn: Day })),
    }),
    assignments: z.array(
      z.object({
        participantId: Id.optional(),
        code: z.string(),
        attempt: z.union([z.literal(1), z.literal(2)]).optional(),
        status: z.enum(['free', 'assigned', 'used']),
        result: z.enum(EXAM_RESULTS).optional(),
        /** No e-mail address: the consultant hands the code over. */
        handOut: z.boolean(),
      }),
    ),
    waiting: z.array(Id),
  }),
);

/** GET …/vouchers for someone outside the team: the pool's counts and how many wait; no codes, no participants. */
export const VoucherFiguresSchema = lazySchema(() =>
  z.object({
    pilotId: Id,
    pool: VoucherOverviewSchema.shape.pool.extend({ nearExpiry: z.array(z.object({ expiresOn: Day })) }),
    waitingCount: z.number().int(),
  }),
);
export const VoucherAnswerSchema = lazySchema(() => VoucherOverviewSchema.or(VoucherFiguresSchema));

const Where = { line: z.number().int().optional(), index: z.number().int().optional() };

/** The per-row report of exam results; `retake`: a second code was given (`true`) or is waited for. */
export const ExamReportSchema = lazySchema(() =>
  z.object({
    pilotId: Id,
    summary: z.object({ recorded: z.number().int(), rejected: z.number().int(), retakes: z.number().int() }),
    rows: z.array(
      z.object({
        ...Where,
        outcome: z.enum(['recorded', 'rejected']),
        participantId: Id.optional(),
        retake: z.union([z.literal(true), z.literal('waiting')]).optional(),
        issues: z.array(FieldIssueSchema).optional(),
      }),
    ),
  }),
);

/** DELETE …/voucher: the code taken back (masked) and any code handed on at once. */
export const VoucherRevokedSchema = lazySchema(() => z.object({ pilotId: Id, participantId: Id, revoked: z.string(), assignment: Assignment.optional() }));

export type VoucherOverview = z.infer<typeof VoucherOverviewSchema>;
