import * as z from 'zod';
import { lazySchema } from './lazy-schema.js';
import { CalendarDate } from './validation.js';

// A pilot's report points as it is defined (pilot.ts): where each falls is
// reports.ts's rule. Its own module, below both, so that pilot.ts needs
// nothing of the lifecycle.

export const ReportPointSchema = lazySchema(() => z.object({ at: z.union([z.enum(['quarter', 'midway']), CalendarDate]) }).strict());
export type ReportPoint = z.infer<typeof ReportPointSchema>;

/** At most this many report points per pilot (each is one scheduled wake-up). */
export const MAX_REPORTS = 20;
