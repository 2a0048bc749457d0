import * as z from 'zod';
import { lazySchema } from '../domain/lazy-schema.js';
import { Id, Instant, pageOf } from './common.js';

/** One entry of a pilot's append-only audit trail: when, who, what (`pilot.started`, `participant.status-changed`, …), whom. */
export const AuditEntrySchema = lazySchema(() =>
  z.object({
    at: Instant,
    actor: z.object({ sub: z.string(), name: z.string().optional() }),
    action: z.string(),
    participantId: Id.optional(),
    /** An entry for a batch (a list of status changes) names every participant it changed. */
    participantIds: z.array(Id).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
);

/** An entry as its action, for someone outside the team (domain/access.ts `auditFigures`): no who, whom or free text. */
export const AuditFiguresSchema = lazySchema(() =>
  z.object({
    at: Instant,
    action: z.string(),
    by: z.enum(['system', 'person']),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
);

export const AuditPageSchema = lazySchema(() => pageOf(AuditEntrySchema).or(pageOf(AuditFiguresSchema)));

export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type AuditFigures = z.infer<typeof AuditFiguresSchema>;
