import * as z from 'zod';
import { lazySchema } from '../domain/lazy-schema.js';
import { INTERNSHIP_STATUSES, INTERNSHIP_TYPES } from '../domain/company.js';
import { PILOT_STATUSES } from '../domain/pilot.js';
import { CaseReference } from '../domain/participant.js';
import { AuditEntrySchema } from './audit.js';
import { Day, Id, Instant, Language, pageOf, Paging } from './common.js';
import { ParticipantSchema } from './participants.js';
import { PilotSchema } from './pilots.js';

// The citizens' rights: who read whose personal data (the access log), and a
// citizen's copy of everything held about them (GDPR art. 15).

const Actor = lazySchema(() => z.object({ sub: z.string(), name: z.string().optional() }));

/** GET …/access-log: `participantId` keeps only the reads that returned that participant. */
export const AccessLogQuery = lazySchema(() => z.object({ ...Paging, participantId: z.uuid('must be an id as returned by this API').optional() }).strict());

/** One read of personal data: when, by whom, through which route (its template), and whose data it returned (never the data). */
export const AccessEntrySchema = lazySchema(() =>
  z.object({
    at: Instant,
    actor: Actor,
    route: z.string(),
    pilotId: Id,
    participantIds: z.array(Id),
  }),
);

/** GET …/access-log: newest first. */
export const AccessLogPageSchema = lazySchema(() => pageOf(AccessEntrySchema));

/** POST /subject-access: the reference in the body, since URLs are logged; `html` is a page in `language` to print. */
export const SubjectAccessSchema = lazySchema(() =>
  z
    .object({
      reference: CaseReference,
      /** `json` (default) or `html`: a page in `language` the browser can print to PDF. */
      format: z.enum(['json', 'html']).default('json'),
      language: Language.default('da'),
    })
    .strict(),
);

/** A mail to the participant as its record says (never the message); `attempt` for a voucher code's. */
const ParticipantMailSchema = lazySchema(() =>
  z.object({
    kind: z.string(),
    language: z.string(),
    status: z.enum(['sending', 'sent', 'failed', 'abandoned']),
    attempt: z.number().int().optional(),
    subject: z.string().optional(),
    recipients: z.array(z.string()).optional(),
    sentAt: Instant.optional(),
    failedAt: Instant.optional(),
    reason: z.string().optional(),
  }),
);

/** What one pilot holds about the person. After an erasure: the fact, the audit trail's and the access log's entries, the mails' records without an address. */
export const SubjectInPilotSchema = lazySchema(() =>
  z.object({
    pilot: z.object({
      id: Id,
      name: z.string(),
      partner: z.string(),
      status: z.enum(PILOT_STATUSES),
      course: PilotSchema.shape.course,
      personalDataDeletedAfter: Day.optional(),
    }),
    participantId: Id,
    erased: z.object({ at: Instant, by: Actor }).optional(),
    /** The participant as stored, voucher code in full (it is theirs). */
    participant: ParticipantSchema.optional(),
    vouchers: z.array(
      z.object({
        code: z.string(),
        exam: z.string(),
        sponsor: z.string(),
        expiresOn: Day,
        status: z.enum(['free', 'assigned', 'used']),
        attempt: z.number().int().optional(),
        assignedAt: Instant.optional(),
      }),
    ),
    followUp: ParticipantSchema.shape.followUp,
    /** The code companies knew them by, and their meetings. */
    matchEvent: z.object({ candidateCode: z.string().optional(), meetings: z.array(z.object({ companyName: z.string(), start: Instant, end: Instant })) }),
    internships: z.array(
      z.object({
        companyName: z.string(),
        status: z.enum(INTERNSHIP_STATUSES),
        type: z.enum(INTERNSHIP_TYPES),
        startDate: Day,
        weeks: z.number().int(),
        offeredAt: Instant.optional(),
        startedAt: Instant.optional(),
      }),
    ),
    mails: z.array(ParticipantMailSchema),
    audit: z.array(AuditEntrySchema),
    accesses: z.array(AccessEntrySchema),
  }),
);

/** POST /subject-access as JSON: every pilot that holds the reference, oldest course first. */
export const SubjectAccessExportSchema = lazySchema(() => z.object({ reference: z.string(), generatedAt: Instant, pilots: z.array(SubjectInPilotSchema) }));

export type AccessEntry = z.infer<typeof AccessEntrySchema>;
export type SubjectAccessRequest = z.infer<typeof SubjectAccessSchema>;
export type SubjectInPilot = z.infer<typeof SubjectInPilotSchema>;
export type SubjectAccessExport = z.infer<typeof SubjectAccessExportSchema>;
