import * as z from 'zod';
import { lazySchema } from '../domain/lazy-schema.js';
import { NOTICES } from '../domain/lifecycle.js';
import { MAX_REPORTS } from '../domain/reports.js';
import { checkOperations } from '../services/operations.js';
import { wakeUp } from '../services/wake-up.js';
import { stepHandler } from './step-handler.js';
import { mailEnvironment } from '../config.js';

// This function sends e-mail: without MAIL_FROM, PUBLIC_URL or API_URL it fails at its start, not at its first e-mail.
mailEnvironment();

/**
 * Invoked by the scheduler at a wait's deadline (a stale one — resumed, moved, paused — does nothing), to send a notice,
 * to retry a refused e-mail, to renew an execution before its year is up, or hourly for the operations check (stuck pilots, pilots by phase).
 */
const Input = lazySchema(() =>
  z.object({
    pilotId: z.string(),
    waitId: z.string().optional(),
    notice: z.enum(NOTICES).optional(),
    mailRetry: z.object({ sk: z.string().startsWith('MAIL#'), attempt: z.number().int().min(1) }).optional(),
    survey: z
      .object({ step: z.enum(['invite', 'remind']), page: z.number().int().min(0), cursor: z.string().max(2048).optional() })
      .strict()
      .optional(),
    report: z
      .number()
      .int()
      .min(0)
      .max(MAX_REPORTS - 1)
      .optional(),
    /** The renewal of an execution parked for most of a year: its name. */
    renew: z.string().optional(),
    /** The hourly operations check's schedule: no pilot of its own. */
    check: z.literal('operations').optional(),
  }),
);

export const handler = stepHandler(async (raw: unknown, store) => {
  const input = Input.parse(raw);
  if (input.check === 'operations') return checkOperations(store);
  return { outcome: await wakeUp(store, input) };
});
