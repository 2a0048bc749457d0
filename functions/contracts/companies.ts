import * as z from 'zod';
import { lazySchema } from '../domain/lazy-schema.js';
import { CompanyEventSchema, CompanyInputSchema, INTERNSHIP_STATUSES, INTERNSHIP_TYPES, InvitationInputSchema } from '../domain/company.js';
import { CalendarDate } from '../domain/validation.js';
import { Day, Id, Instant, Language, pageOf } from './common.js';

// Partner companies, their invitations to a match event, the schedule, the
// internships they report, and their signed webhook.

export { CompanyEventSchema, CompanyInputSchema, InvitationInputSchema };

/** After the no-answer escalation: a new response deadline (and a new event date if need be). */
export const MatchExtendSchema = lazySchema(() => z.object({ responseDeadline: CalendarDate, date: CalendarDate.optional() }).strict());

/** A company as the API shows it: never its secret. */
export const CompanySchema = lazySchema(() =>
  z.object({
    id: Id,
    name: z.string(),
    cvr: z.string(),
    contact: z.object({ name: z.string(), email: z.string() }),
    language: Language,
    webhook: z.boolean(),
    createdAt: Instant,
    updatedAt: Instant,
    /** When the previous signing secret stops verifying (24 hours after a rotation). */
    previousSecretValidUntil: Instant.optional(),
  }),
);

/** A company without its contact person: for management. */
export const CompanyFiguresSchema = lazySchema(() => CompanySchema.omit({ contact: true }));
export const CompanyAnswerSchema = lazySchema(() => CompanySchema.or(CompanyFiguresSchema));
export const CompaniesPageSchema = lazySchema(() => pageOf(CompanySchema).or(pageOf(CompanyFiguresSchema)));

/** POST /companies: the company and its webhook signing secret (`whsec_…`), shown this once. */
export const CompanyRegisteredSchema = lazySchema(() => z.object({ company: CompanySchema, secret: z.string(), webhookUrl: z.string() }));

/** POST /companies/{id}/secret/rotate: the new secret, shown once; the old one verifies until `previousSecretValidUntil`. */
export const SecretRotatedSchema = lazySchema(() => z.object({ secret: z.string(), previousSecretValidUntil: Instant }));

const ANSWERS = ['none', 'confirmed', 'declined'] as const;

const InvitationFields = {
  companyId: Id,
  companyName: z.string(),
  maxSlots: z.number().int(),
  slots: z.number().int(),
  answer: z.enum(ANSWERS),
  /** The company's own timestamp of its latest answer (UTC): an older answer never replaces it. */
  answeredAt: Instant.optional(),
  /** When we received that answer. */
  receivedAt: Instant.optional(),
  answeredBy: z.enum(['webhook', 'link']).optional(),
  invitedAt: Instant,
  invitationSentAt: Instant.optional(),
  remindersSent: z.number().int(),
};

/** POST /pilots/{id}/companies: the invitation (201 new, 200 a changed cap). */
export const InvitationSchema = lazySchema(() =>
  z.object({
    ...InvitationFields,
    /** The response deadline the last invitation e-mail gave (a new one goes out when it is extended). */
    invitationSentFor: Day.optional(),
    /** Bumped by every answer: concurrent answers from one company retry instead of overwriting each other. */
    version: z.number().int(),
  }),
);

/** GET /pilots/{id}/companies: each invited company's answer, and the event's totals. */
export const PilotCompaniesSchema = lazySchema(() =>
  z.object({
    items: z.array(
      z.object({ ...InvitationFields, name: z.string(), /** The response deadline the last invitation e-mail gave. */ invitedFor: Day.optional() }),
    ),
    totals: z.object({
      capacity: z.number().int(),
      invited: z.number().int(),
      answered: z.number().int(),
      confirmedSlots: z.number().int(),
      slotsLeft: z.number().int(),
    }),
  }),
);

/** GET /pilots/{id}/schedule: the match event's meetings by start time (empty until the response deadline). */
export const ScheduleSchema = lazySchema(() =>
  z.object({
    items: z.array(
      z.object({
        companyId: Id,
        companyName: z.string(),
        round: z.number().int(),
        participantId: Id,
        /** The candidate's code (K07): what the company sees instead of a name. */
        code: z.string(),
        start: Instant,
        end: Instant,
      }),
    ),
  }),
);

/** GET /pilots/{id}/internships: who has an offer and who started, with which company. */
export const InternshipsSchema = lazySchema(() =>
  z.object({
    items: z.array(
      z.object({
        participantId: Id,
        companyId: Id,
        companyName: z.string(),
        code: z.string(),
        status: z.enum(INTERNSHIP_STATUSES),
        type: z.enum(INTERNSHIP_TYPES),
        startDate: Day,
        weeks: z.number().int(),
        reportedAt: Instant,
        offeredAt: Instant.optional(),
        startedAt: Instant.optional(),
      }),
    ),
    totals: z.object({ offered: z.number().int(), started: z.number().int() }),
  }),
);

/** GET /pilots/{id}/internships outside the team: the offers without who has them. */
export const InternshipFiguresSchema = lazySchema(() =>
  z.object({
    items: z.array(InternshipsSchema.shape.items.element.pick({ companyId: true, companyName: true, status: true, type: true, startDate: true, weeks: true })),
    totals: InternshipsSchema.shape.totals,
  }),
);
export const InternshipsAnswerSchema = lazySchema(() => InternshipsSchema.or(InternshipFiguresSchema));

/**
 * POST /webhooks/companies/{id}: `status` says what happened (`applied`, a
 * `superseded` older event, a `duplicate` webhook-id), with the facts: slots
 * and what is left for an answer, the candidate's code for an internship.
 */
export const WebhookAnsweredSchema = lazySchema(() =>
  z.object({
    status: z.enum(['applied', 'superseded', 'duplicate']),
    webhookId: z.string(),
    type: z.string().optional(),
    slots: z.number().int().optional(),
    answer: z.enum(ANSWERS).optional(),
    slotsLeft: z.number().int().optional(),
    participantRef: z.string().optional(),
    internshipStatus: z.enum(INTERNSHIP_STATUSES).optional(),
  }),
);

/** The link pages are HTML forms for a person. */
// Built at once: described (see Instant in common.ts).
export const HtmlPage = z.string().describe('an HTML page');
