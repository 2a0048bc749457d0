import * as z from 'zod';
import { lazySchema } from './lazy-schema.js';

// The pilot's optional targets for the participants' survey (pilot.ts), as
// fractions. Its own module so that pilot.ts needs nothing of the lifecycle
// (survey.ts, which reads them, does).

export const SurveyTargetsSchema = lazySchema(() =>
  z
    .object({
      /** Share answering "very satisfied" (the digital-inclusion project "Digital inklusion for alle" aimed at 95 %). */
      satisfied: z.number().min(0).max(1, 'must be a fraction between 0 and 1 (0.95 = 95 %)').optional(),
      /** Share answering they can now use the digital tools they need on their own (that project: 70 %). */
      selfReliant: z.number().min(0).max(1, 'must be a fraction between 0 and 1 (0.7 = 70 %)').optional(),
    })
    .strict(),
);
export type SurveyTargets = z.infer<typeof SurveyTargetsSchema>;
