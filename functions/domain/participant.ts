import * as z from 'zod';
import { lazySchema } from './lazy-schema.js';
import { DROPOUT_REASONS, type ParticipantStatus } from './participant-status.js';
import { Slug, Text } from './validation.js';

// A participant is a citizen enrolled in a pilot. The case system (Momentum,
// FACIT) stays their system of record, so we keep only what the pilot needs:
// the case reference, a display name, an e-mail where a message must reach
// them, an age band or birth year, the target group and a screening outcome.
// Never a CPR number (see cpr.ts).

export { ALLOWED_TRANSITIONS, DROPOUT_REASONS, PARTICIPANT_STATUSES, type ParticipantStatus } from './participant-status.js';

/**
 * The risk markers for digital challenges of the digital-inclusion project "Digital inklusion for alle". A consultant may send the
 * markers found at screening; we use them to decide the track and keep only
 * the outcome, since the markers themselves (reading difficulties, cognitive
 * challenges) are more personal than the pilot needs.
 */
export const RISK_MARKERS = [
  'exempt-digital-post',
  'exempt-self-booking',
  'job-without-pc',
  'no-pc-access',
  'reading-writing',
  'cognitive',
  'avoids-digital-offers',
  'joblog-misuse',
  'weak-application-material',
  'asks-for-digital-help',
  'weak-danish',
  'obs-note',
] as const;

export const SCREENING_RESULTS = ['ready', 'needs-basic-skills'] as const;
export type ScreeningResult = (typeof SCREENING_RESULTS)[number];

const Screening = lazySchema(() =>
  z
    .object({
      result: z.enum(SCREENING_RESULTS).optional(),
      riskMarkers: z.array(z.enum(RISK_MARKERS)).max(RISK_MARKERS.length).optional(),
    })
    .strict()
    .refine((s) => s.result !== undefined || s.riskMarkers !== undefined, {
      message: 'give a result or the risk markers found',
      params: { code: 'screening_incomplete' },
    }),
);

/** "50+", "30-49": a band of whole years, both ends included. */
const AGE_BAND = /^(\d{2})(?:\+|-(\d{2}))$/;

export const parseAgeBand = (band: string): { min: number; max: number } | undefined => {
  const m = AGE_BAND.exec(band.trim());
  if (!m) return undefined;
  const min = Number(m[1]);
  const max = m[2] === undefined ? 150 : Number(m[2]);
  return min <= max ? { min, max } : undefined;
};

const currentYear = () => new Date().getUTCFullYear();

/** The case system's reference for a citizen (Momentum, FACIT), as enrolment and the subject access request take it. */
export const CaseReference = lazySchema(() =>
  z
    .string()
    .trim()
    .refine((r) => /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/.test(r), {
      message: 'must be 1-64 letters, digits, dots, dashes, slashes or underscores',
      params: { code: 'reference_format' },
    }),
);

export const ParticipantInputSchema = lazySchema(() =>
  z
    .object({
      /** The case system's reference for the citizen; unique within a pilot. */
      reference: CaseReference,
      name: Text(120),
      email: z.email('must be an e-mail address').max(254).optional(),
      birthYear: z
        .number()
        .int()
        .min(1900)
        .refine((y) => y <= currentYear() - 15, { message: 'must be at least 15 years ago', params: { code: 'too_young', min: 15 } })
        .optional(),
      ageBand: z
        .string()
        .trim()
        .refine((b) => parseAgeBand(b) !== undefined, { message: 'must be a band like "30-49" or "50+"', params: { code: 'age_band' } })
        .optional(),
      targetGroup: Slug,
      screening: Screening.optional(),
      language: z.enum(['da', 'en']).default('da'),
    })
    .strict()
    .refine((p) => p.birthYear !== undefined || p.ageBand !== undefined, {
      path: ['birthYear'],
      message: 'give birthYear or ageBand',
      params: { code: 'birth_year_or_age_band' },
    })
    .refine((p) => p.birthYear === undefined || p.ageBand === undefined, {
      path: ['ageBand'],
      message: 'give birthYear or ageBand, not both',
      params: { code: 'birth_year_and_age_band' },
    }),
);

export type ParticipantInput = z.infer<typeof ParticipantInputSchema>;

export interface Participant {
  pilotId: string;
  /** Our own id: used in URLs and the audit trail, so neither carries the case reference. */
  id: string;
  reference: string;
  name: string;
  email?: string;
  birthYear?: number;
  ageBand?: string;
  targetGroup: string;
  screening?: { result: ScreeningResult; screenedAt: string };
  language: 'da' | 'en';
  status: ParticipantStatus;
  /** Orders participants by enrolment and the waiting list: the pilot's order number (`seq-000000000042`), unique and strictly increasing. */
  orderKey: string;
  enrolledAt: string;
  startedAt?: string;
  completedAt?: string;
  droppedOut?: { at: string; reason: (typeof DROPOUT_REASONS)[number]; note?: string };
  /** Their certification voucher: the code is shown in full only to consultants and sent only to them. */
  voucher?: { code: string; attempt: 1 | 2; assignedAt: string; exam: string; sponsor: string; expiresOn: string };
  /** Their unused code was taken back (they will not sit the exam): they wait for no other. */
  voucherRevoked?: { at: string; attempt: 1 | 2 };
  /** Their latest exam result (exam courses), or the diploma (diploma courses: passed). */
  exam?: { result: import('./vouchers.js').ExamResult; date: string; attempt: number; recordedAt: string };
  certified?: boolean;
  /** Companies (ids) the candidate would most like to meet at the match event, most wanted first. */
  matchPreferences?: string[];
  /** Their situation at follow-up, months after the course. */
  followUp?: { outcome: import('./evaluation.js').FollowUpOutcome; recordedAt: string; provisional?: true };
  updatedAt: string;
}

/** The outcome of a screening: the given result, or "needs basic skills" when any risk marker was found. */
export const screeningResult = (s: z.infer<typeof Screening>): ScreeningResult =>
  s.result ?? ((s.riskMarkers?.length ?? 0) > 0 ? 'needs-basic-skills' : 'ready');

/** Statuses that hold one of the course's places. */
export const holdsPlace = (p: Pick<Participant, 'status' | 'startedAt'>): boolean =>
  p.status === 'enrolled' ||
  p.status === 'started' ||
  p.status === 'completed' ||
  // Someone who dropped out after starting used their place; dropping out
  // before the start frees it for the waiting list.
  (p.status === 'dropped-out' && p.startedAt !== undefined);

export const ParticipantPatchSchema = lazySchema(() =>
  z.discriminatedUnion('status', [
    z.object({ status: z.literal('enrolled') }).strict(),
    z.object({ status: z.literal('started') }).strict(),
    z.object({ status: z.literal('completed') }).strict(),
    z
      .object({
        status: z.literal('dropped-out'),
        reason: z.enum(DROPOUT_REASONS),
        /** Kept with the participant (and erased with them), never in the audit trail. */
        note: Text(500).optional(),
      })
      .strict(),
  ]),
);
export type ParticipantPatch = z.infer<typeof ParticipantPatchSchema>;
