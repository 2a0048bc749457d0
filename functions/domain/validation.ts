import * as z from 'zod';
import { lazySchema } from './lazy-schema.js';
import { ValidationError, type FieldIssue } from './errors.js';

/**
 * Turns zod's issues into ours: one per field, named by its dotted path, with
 * a stable code and the code's parameters (`{ path: "minimumCohort", code:
 * "too_big", max: 90 }`), so a page can say it in its reader's language.
 */
export const toFieldIssues = (error: z.ZodError, prefix: (string | number)[] = []): FieldIssue[] =>
  error.issues.flatMap((issue): FieldIssue[] => {
    const path = [...prefix, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: 'unknown field', code: 'unknown_field' }));
    }
    return [{ path: path.join('.') || '(body)', message: humanise(issue), ...codeOf(issue) }];
  });

const isRequired = (issue: z.core.$ZodIssue) => issue.code === 'invalid_type' && issue.message.includes('received undefined');

/** The issue's code and parameters; a refinement names its own in `params` (`{ code: "too_big", max: 90 }`). */
const codeOf = (issue: z.core.$ZodIssue): Omit<FieldIssue, 'path' | 'message'> => {
  if (isRequired(issue)) return { code: 'required' };
  switch (issue.code) {
    case 'too_big':
      return { code: 'too_big', max: Number(issue.maximum), format: issue.origin };
    case 'too_small':
      return { code: 'too_small', min: Number(issue.minimum), format: issue.origin };
    case 'invalid_format':
      return { code: 'invalid_format', format: issue.format };
    case 'invalid_value':
      return { code: 'invalid_value', values: issue.values.map(String) };
    case 'invalid_type':
      return { code: 'invalid_type', expected: issue.expected };
    case 'custom': {
      const { code, ...params } = (issue.params ?? {}) as { code?: string } & Omit<FieldIssue, 'path' | 'message' | 'code'>;
      return { code: code ?? 'invalid', ...params };
    }
    default:
      return { code: 'invalid' };
  }
};

// zod's default messages are fine but terse about missing fields; say it plainly.
const humanise = (issue: z.core.$ZodIssue): string => (isRequired(issue) ? 'required' : issue.message);

/** Parses `input` with `schema` or throws a ValidationError naming every bad field. */
export const parseInput = <S extends z.ZodType>(schema: S, input: unknown, prefix: (string | number)[] = []): z.infer<S> => {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(toFieldIssues(result.error, prefix));
  return result.data;
};

/** A calendar date (YYYY-MM-DD) in Europe/Copenhagen; no time, no zone. */
export const CalendarDate = lazySchema(() => z.iso.date({ error: 'must be a calendar date, YYYY-MM-DD' }));

/** Free text from a person: trimmed, no control characters, bounded. */
export const Text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    // eslint-disable-next-line no-control-regex
    .refine((s) => /^[^\u0000-\u001f\u007f]*$/.test(s), { message: 'must not contain control characters', params: { code: 'control_characters' } });

/** A short code such as a target group: lower-case letters, digits and dashes. */
export const Slug = lazySchema(() =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((s) => /^[a-z0-9][a-z0-9-]{0,39}$/.test(s), {
      message: 'must be 1-40 letters, digits or dashes, e.g. "unemployed-50-plus"',
      params: { code: 'slug' },
    }),
);
