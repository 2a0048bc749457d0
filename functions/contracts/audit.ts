import * as z from 'zod';
import { Id, Instant, pageOf } from './common.js';

/** One entry of a pilot's append-only audit trail: when, who, what (`pilot.started`, `participant.status-changed`, …), whom. */
export const AuditEntrySchema = z.object({
  at: Instant,
  actor: z.object({ sub: z.string(), name: z.string().optional() }),
  action: z.string(),
  participantId: Id.optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export const AuditPageSchema = pageOf(AuditEntrySchema);

export type AuditEntry = z.infer<typeof AuditEntrySchema>;
