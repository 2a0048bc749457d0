import * as z from 'zod';
import { lazySchema } from './lazy-schema.js';
import { Text } from './validation.js';

// What a pilot's employment rate is compared with, so its outcome can say the
// effect and not only the rate. Either a known rate (e.g. the share of the
// same target group in ordinary employment after the same time, from
// Jobindsats), with its n when the source gives one; or a comparison group of
// eligible citizens who did not take part, whose counts the consultant records
// at follow-up. Counts only, never people.

export const COMPARISON_KINDS = ['rate', 'group'] as const;
export type ComparisonKind = (typeof COMPARISON_KINDS)[number];

export const ComparisonSchema = lazySchema(() =>
  z
    .object({
      kind: z.enum(COMPARISON_KINDS),
      /** Where the figure comes from, or who the comparison group is ("Jobindsats: ledige akademikere, Region Hovedstaden"). */
      source: Text(300),
      /** The period it was measured in ("2023", "2. halvår 2023"). */
      period: Text(100),
      /** For a rate: the fraction in ordinary employment, 0.2 = 20 %. */
      rate: z.number().min(0).max(1, 'must be a fraction between 0 and 1 (0.2 = 20 %)').optional(),
      /** For a rate: how many it was measured on, when the source says. */
      n: z.number().int().min(1).max(10_000_000).optional(),
    })
    .strict()
    .superRefine((c, ctx) => {
      if (c.kind === 'rate' && c.rate === undefined)
        ctx.addIssue({ code: 'custom', path: ['rate'], message: 'required for a comparison rate', params: { code: 'required' } });
      // A group's counts are recorded at follow-up (PUT /pilots/{id}/comparison-group), not guessed up front.
      if (c.kind === 'group') {
        for (const field of ['rate', 'n'] as const) {
          if (c[field] !== undefined)
            ctx.addIssue({
              code: 'custom',
              path: [field],
              message: 'a comparison group has its counts recorded at follow-up',
              params: { code: 'unknown_field' },
            });
        }
      }
    }),
);
export type Comparison = z.infer<typeof ComparisonSchema>;

/** The comparison group's counts at follow-up: how many eligible citizens did not take part, and how many of them are in ordinary employment. */
export const ComparisonGroupSchema = lazySchema(() =>
  z
    .object({
      size: z.number().int().min(1).max(10_000_000),
      employed: z.number().int().min(0).max(10_000_000),
    })
    .strict()
    .superRefine((g, ctx) => {
      if (Number.isInteger(g.size) && Number.isInteger(g.employed) && g.employed > g.size) {
        ctx.addIssue({ code: 'custom', path: ['employed'], message: 'must not exceed size', params: { code: 'too_big', max: g.size } });
      }
    }),
);
export type ComparisonGroupCounts = z.infer<typeof ComparisonGroupSchema>;
