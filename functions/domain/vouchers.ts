import * as z from 'zod';
import { lazySchema } from './lazy-schema.js';
import { CalendarDate, Text } from './validation.js';

// Certification vouchers: a sponsor donates exam codes (50 from
// Microsoft in autumn 2020). Codes are money: one code, one participant,
// never twice. A code is shown in full only to consultants and to the
// participant it goes to; everywhere else it is masked.

export const EXAM_RESULTS = ['passed', 'failed', 'no-show'] as const;
export type ExamResult = (typeof EXAM_RESULTS)[number];

/** The most codes one load may carry. */
export const MAX_CODES_PER_LOAD = 2000;

/** Codes near expiry (within this many days) are flagged in the overview. */
export const NEAR_EXPIRY_DAYS = 30;

/** A voucher code as sponsors issue them: letters, digits and dashes, no spaces or control characters. */
export const VoucherCode = lazySchema(() =>
  z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]{3,63}$/, 'must be 4-64 letters, digits or dashes'),
);

export const VoucherLoadMeta = lazySchema(() =>
  z
    .object({
      sponsor: Text(100),
      exam: Text(100),
      expiresOn: CalendarDate,
    })
    .strict(),
);

export const VoucherLoadSchema = lazySchema(() =>
  VoucherLoadMeta.extend({
    codes: z.array(z.unknown()).min(1, 'must not be empty').max(MAX_CODES_PER_LOAD, `at most ${MAX_CODES_PER_LOAD} codes in one load`),
  }).strict(),
);

/** "ABCD-EFGH-IJKL" -> "AB••-••••-••KL": enough to tell codes apart, not enough to use one. */
export const maskCode = (code: string): string =>
  code
    .split('')
    .map((ch, i) => (ch === '-' || i < 2 || i >= code.length - 2 ? ch : '•'))
    .join('');

export const ExamResultRow = lazySchema(() =>
  z
    .object({
      reference: z.string().trim().min(1).max(64).optional(),
      participantId: z.uuid().optional(),
      result: z.enum(EXAM_RESULTS),
      date: CalendarDate,
    })
    .strict()
    .refine((r) => (r.reference === undefined) !== (r.participantId === undefined), {
      path: ['reference'],
      message: 'give reference or participantId (one of them)',
    }),
);

/** A participant as a viewer may see them: the voucher code masked unless the viewer may see codes. */
export const withCodeFor = <P extends { voucher?: { code: string } }>(participant: P, revealCodes: boolean): P =>
  participant.voucher && !revealCodes ? { ...participant, voucher: { ...participant.voucher, code: maskCode(participant.voucher.code) } } : participant;

/** What of a participant decides whether they wait for a code. */
export interface CodeHolderFacts {
  status: string;
  certified?: boolean;
  voucher?: { attempt: 1 | 2 };
  exam?: { result: ExamResult; attempt: number };
  voucherRevoked?: { at: string; attempt: 1 | 2 };
}

/**
 * Whether a participant waits for a code, and for which attempt: a first
 * code once they completed the course; a second once the first attempt was
 * failed or missed, where the pilot allows retakes. A holder whose code was
 * taken back (they will not sit the exam) does not wait again.
 */
export const waitsForCode = (p: CodeHolderFacts, retakes: boolean): 1 | 2 | undefined => {
  if (p.certified || p.voucherRevoked) return undefined;
  if (!p.voucher) return p.status === 'completed' ? 1 : undefined;
  const firstMissed = p.voucher.attempt === 1 && p.exam?.attempt === 1 && (p.exam.result === 'failed' || p.exam.result === 'no-show');
  return retakes && firstMissed ? 2 : undefined;
};

/**
 * Who gets the next codes, in order: everyone's first code before anyone's
 * second (a first sitting outranks a retake), each in enrolment order.
 */
export const codeQueue = <P extends CodeHolderFacts & { id: string }>(inEnrolmentOrder: P[], retakes: boolean): { participant: P; attempt: 1 | 2 }[] => {
  const waiting = inEnrolmentOrder.flatMap((participant) => {
    const attempt = waitsForCode(participant, retakes);
    return attempt ? [{ participant, attempt }] : [];
  });
  return [...waiting.filter((w) => w.attempt === 1), ...waiting.filter((w) => w.attempt === 2)];
};
