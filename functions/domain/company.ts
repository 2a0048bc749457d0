import * as z from 'zod';
import { lazySchema } from './lazy-schema.js';
import { CalendarDate, Text } from './validation.js';

// Partner companies: they take slots at a
// pilot's match event and report internships, by signed webhook from their
// own systems or by a signed link in an e-mail. A company is identified by
// its CVR number, which is not personal data.

/** The CVR check: weights 2,7,6,5,4,3,2,1 over the eight digits sum to a multiple of 11. */
const CVR_WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 1];
export const isValidCvr = (cvr: string): boolean => /^[1-9]\d{7}$/.test(cvr) && [...cvr].reduce((sum, d, i) => sum + Number(d) * CVR_WEIGHTS[i]!, 0) % 11 === 0;

export const CompanyInputSchema = lazySchema(() =>
  z
    .object({
      name: Text(200),
      cvr: z
        .string()
        .trim()
        .regex(/^\d{8}$/, 'must be the 8-digit CVR number')
        .refine(isValidCvr, { message: 'is not a valid CVR number (its check digit does not match)', params: { code: 'cvr_check_digit' } }),
      contact: z.object({ name: Text(120), email: z.email('must be an e-mail address').max(254) }).strict(),
      language: z.enum(['da', 'en']).default('da'),
      /** The company answers from its own system by webhook; the e-mails still carry the link. */
      webhook: z.boolean().default(false),
    })
    .strict(),
);
export type CompanyInput = z.infer<typeof CompanyInputSchema>;

export interface Company extends CompanyInput {
  id: string;
  createdAt: string;
  updatedAt: string;
  /** When the previous signing secret stops verifying (24 hours after a rotation). */
  previousSecretValidUntil?: string;
}

/** After a rotation the old secret keeps verifying this long, so a sender can switch without losing messages. */
export const SECRET_OVERLAP_HOURS = 24;

/** A pilot invites a company and says how many slots it may take at most. */
export const InvitationInputSchema = lazySchema(() =>
  z
    .object({
      companyId: z.uuid('must be a company id'),
      maxSlots: z.number().int().min(1).max(1_000),
    })
    .strict(),
);

export const INTERNSHIP_TYPES = ['internship', 'wage-subsidy', 'ordinary-job'] as const;
export type InternshipType = (typeof INTERNSHIP_TYPES)[number];
export const INTERNSHIP_STATUSES = ['offered', 'started'] as const;
export type InternshipStatus = (typeof INTERNSHIP_STATUSES)[number];

const PilotId = lazySchema(() => z.uuid('must be the pilot id from the invitation'));
/** The company's own time of the change: a later change replaces an earlier one by this. */
const Timestamp = lazySchema(() => z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2021-01-04T09:30:00Z' }));

const InternshipData = lazySchema(() =>
  z
    .object({
      pilotId: PilotId,
      /** The candidate's code from the schedule (never a case reference or CPR number). */
      participantRef: z
        .string()
        .trim()
        .regex(/^K\d{2,4}$/, 'must be a candidate code from the schedule, e.g. K07'),
      type: z.enum(INTERNSHIP_TYPES),
      startDate: CalendarDate,
      weeks: z.number().int().min(1).max(52),
    })
    .strict(),
);

/** The body of POST /webhooks/companies/{companyId}: one strict schema per event type. */
export const CompanyEventSchema = lazySchema(() =>
  z.discriminatedUnion('type', [
    z
      .object({
        type: z.literal('match.slots.confirmed'),
        timestamp: Timestamp,
        data: z.object({ pilotId: PilotId, slots: z.number().int().min(0).max(1_000) }).strict(),
      })
      .strict(),
    z
      .object({
        type: z.literal('match.slots.declined'),
        timestamp: Timestamp,
        data: z.object({ pilotId: PilotId, reason: Text(500).optional() }).strict(),
      })
      .strict(),
    z.object({ type: z.literal('internship.offered'), timestamp: Timestamp, data: InternshipData }).strict(),
    z.object({ type: z.literal('internship.started'), timestamp: Timestamp, data: InternshipData }).strict(),
  ]),
);
export type CompanyEvent = z.infer<typeof CompanyEventSchema>;
export type InternshipReport = z.infer<typeof InternshipData>;

/** Companies answer their invitations until the pilot closes or its candidates are scheduled. */
export const answersOpen = (pilot: { status: string; matchScheduledAt?: string | undefined }): boolean =>
  pilot.status !== 'closed' && pilot.matchScheduledAt === undefined;

/** Internships are reported once the candidates are scheduled, until the pilot closes. */
export const reportingOpen = (pilot: { status: string; matchScheduledAt?: string | undefined }): boolean =>
  pilot.status !== 'closed' && pilot.matchScheduledAt !== undefined;

/** A company's answer to an invitation, whichever way it came. */
export type SlotAnswer = { slots: number; at: string };
