import * as z from 'zod';
import { ValidationError, type FieldIssue } from './errors.js';

/** Turns zod's issues into ours: one per field, named by its dotted path. */
export const toFieldIssues = (error: z.ZodError, prefix: (string | number)[] = []): FieldIssue[] =>
  error.issues.flatMap((issue): FieldIssue[] => {
    const path = [...prefix, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: 'unknown field' }));
    }
    return [{ path: path.join('.') || '(body)', message: humanise(issue) }];
  });

// zod's default messages are fine but terse about missing fields; say it plainly.
const humanise = (issue: z.core.$ZodIssue): string =>
  issue.code === 'invalid_type' && issue.message.includes('received undefined') ? 'required' : issue.message;

/** Parses `input` with `schema` or throws a ValidationError naming every bad field. */
export const parseInput = <S extends z.ZodType>(schema: S, input: unknown, prefix: (string | number)[] = []): z.infer<S> => {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(toFieldIssues(result.error, prefix));
  return result.data;
};

/** A calendar date (YYYY-MM-DD) in Europe/Copenhagen; no time, no zone. */
export const CalendarDate = z.iso.date({ error: 'must be a calendar date, YYYY-MM-DD' });

/** Free text from a person: trimmed, no control characters, bounded. */
export const Text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    // eslint-disable-next-line no-control-regex
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters');

/** A short code such as a target group: lower-case letters, digits and dashes. */
export const Slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1-40 letters, digits or dashes, e.g. "unemployed-50-plus"');
