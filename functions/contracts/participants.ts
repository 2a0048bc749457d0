import * as z from 'zod';
import { lazySchema, lazyShape } from '../domain/lazy-schema.js';
import { FOLLOW_UP_OUTCOMES } from '../domain/evaluation.js';
import { DROPOUT_REASONS, PARTICIPANT_STATUSES, ParticipantInputSchema, ParticipantPatchSchema, SCREENING_RESULTS } from '../domain/participant.js';
import { MAX_STATUS_ROWS } from '../domain/batch-rows.js';
import { EXAM_RESULTS } from '../domain/vouchers.js';
import { Day, FieldIssueSchema, Id, Instant, Language, pageOf, Paging } from './common.js';

// Participants: enrolment (one, or a batch answered row by row), status
// changes, and how the API shows a participant.

export { ParticipantInputSchema, ParticipantPatchSchema };

/** GET /pilots/{id}/participants: one status, or only the certified (the match event's candidates). */
export const ParticipantsQuery = lazySchema(() =>
  z
    .object({
      ...Paging,
      status: z.enum(PARTICIPANT_STATUSES).optional(),
      /** `true`: only those who passed the exam or got the diploma (the match event's candidates). */
      certified: z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional(),
    })
    .strict(),
);

/** The most participants one request may carry (JSON or CSV). */
export const MAX_BATCH = 1000;

/** POST /pilots/{id}/participants as a batch: `{ "participants": [...] }` (or text/csv). */
export const EnrolBatchSchema = lazySchema(() => z.object({ participants: z.array(ParticipantInputSchema).min(1).max(MAX_BATCH) }).strict());

/** PUT …/match-preferences: invited companies the candidate would most like to meet, most wanted first. */
export const MatchPreferencesSchema = lazySchema(() =>
  z
    .object({
      companyIds: z
        .array(z.uuid('must be a company id'))
        .max(20)
        .refine((ids) => new Set(ids).size === ids.length, { message: 'must not name a company twice', params: { code: 'duplicate_company' } }),
    })
    .strict(),
);

/** A participant as the API shows it; a voucher code in full only to consultants. */
export const ParticipantSchema = lazySchema(() =>
  z.object({
    pilotId: Id,
    id: Id,
    reference: z.string(),
    name: z.string(),
    email: z.string().optional(),
    birthYear: z.number().int().optional(),
    ageBand: z.string().optional(),
    targetGroup: z.string(),
    screening: z.object({ result: z.enum(SCREENING_RESULTS), screenedAt: Instant }).optional(),
    language: Language,
    status: z.enum(PARTICIPANT_STATUSES),
    orderKey: z.string(),
    enrolledAt: Instant,
    startedAt: Instant.optional(),
    completedAt: Instant.optional(),
    droppedOut: z.object({ at: Instant, reason: z.enum(DROPOUT_REASONS), note: z.string().optional() }).optional(),
    voucher: z
      .object({ code: z.string(), attempt: z.union([z.literal(1), z.literal(2)]), assignedAt: Instant, exam: z.string(), sponsor: z.string(), expiresOn: Day })
      .optional(),
    voucherRevoked: z.object({ at: Instant, attempt: z.union([z.literal(1), z.literal(2)]) }).optional(),
    exam: z.object({ result: z.enum(EXAM_RESULTS), date: Day, attempt: z.number().int(), recordedAt: Instant }).optional(),
    certified: z.boolean().optional(),
    matchPreferences: z.array(Id).optional(),
    /** `provisional`: recorded before the follow-up day, so not final. */
    followUp: z.object({ outcome: z.enum(FOLLOW_UP_OUTCOMES), recordedAt: Instant, provisional: z.literal(true).optional() }).optional(),
    updatedAt: Instant,
  }),
);

export const ParticipantsPageSchema = lazySchema(() => pageOf(ParticipantSchema));

const Where = lazyShape(() => ({ line: z.number().int().optional(), index: z.number().int().optional() }));
const ENROLLED = ['enrolled', 'waitlisted', 'basic-track', 'already-enrolled'] as const;

/** POST …/participants with one participant (a JSON object): where it went. 201, or 200 when already enrolled. */
export const EnrolledSchema = lazySchema(() => z.object({ outcome: z.enum(ENROLLED), participantId: Id, reference: z.string() }));

/** A batch's report: a row per line (CSV) or index (JSON), rejected rows with their issues. */
export const EnrolmentReportSchema = lazySchema(() =>
  z.object({
    pilotId: Id,
    summary: z.object(
      Object.fromEntries([...ENROLLED, 'rejected'].map((k) => [k, z.number().int()])) as Record<(typeof ENROLLED)[number] | 'rejected', z.ZodNumber>,
    ),
    rows: z.array(
      z.object({
        ...Where,
        reference: z.string().optional(),
        outcome: z.enum([...ENROLLED, 'rejected']),
        participantId: Id.optional(),
        issues: z.array(FieldIssueSchema).optional(),
      }),
    ),
  }),
);

/** POST …/participants takes one participant or a batch. */
export const EnrolRequestSchema = lazySchema(() => ParticipantInputSchema.or(EnrolBatchSchema));
/** A batch is answered with its report; one participant already enrolled with where they are. */
export const EnrolAnswerSchema = lazySchema(() => EnrolmentReportSchema.or(EnrolledSchema));

export type Participant = z.infer<typeof ParticipantSchema>;
export type EnrolmentReport = z.infer<typeof EnrolmentReportSchema>;

/**
 * One row of an attendance list: who (case reference or id, one of them) and
 * their new status. Each status's own shape with the two keys added, not an
 * intersection: the status shapes are strict, and in JSON Schema a strict
 * side of an `allOf` refuses the other side's keys.
 */
const StatusChangeRow = lazySchema(() => {
  const Who = { reference: z.string().trim().min(1).max(64).optional(), participantId: z.uuid().optional() };
  const [toEnrolled, toStarted, toCompleted, toDroppedOut] = ParticipantPatchSchema.options;
  return z.discriminatedUnion('status', [toEnrolled.extend(Who), toStarted.extend(Who), toCompleted.extend(Who), toDroppedOut.extend(Who)]);
});

/** POST …/participants/status as JSON (or text/csv with the same columns): each row judged and reported on its own. */
export const StatusChangesSchema = lazySchema(() => z.object({ changes: z.array(StatusChangeRow).min(1).max(MAX_STATUS_ROWS) }).strict());

/** The per-row report of a status list. */
export const StatusReportSchema = lazySchema(() =>
  z.object({
    pilotId: Id,
    summary: z.object({ changed: z.number().int(), unchanged: z.number().int(), rejected: z.number().int() }),
    rows: z.array(
      z.object({
        ...Where,
        reference: z.string().optional(),
        outcome: z.enum(['changed', 'unchanged', 'rejected']),
        participantId: Id.optional(),
        status: z.enum(PARTICIPANT_STATUSES).optional(),
        issues: z.array(FieldIssueSchema).optional(),
      }),
    ),
  }),
);
