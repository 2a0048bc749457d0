import * as z from 'zod';
import { lazySchema, lazyShape } from '../domain/lazy-schema.js';

// What every answer of the API shares: ids, instants, pages, and the error
// body with its field issues. The contracts (this folder) are the API's
// request and response shapes, declared once: handlers are typed by them
// (functions/http/reply.ts), the page's client by their types, and
// GET /openapi.json is generated from them (openapi.ts).

/** An id this API gave out (a UUID). */
export const Id = lazySchema(() => z.uuid());
/** An instant, UTC, ISO 8601 with milliseconds (`2020-01-20T08:00:00.000Z`). */
// Built at once, as a described schema must be: zod keeps a description by the schema object, which a stand-in is not.
export const Instant = z.string().describe('an instant, ISO 8601 UTC');
/** A calendar date in Europe/Copenhagen, YYYY-MM-DD. */
export const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe('a calendar date, YYYY-MM-DD');
export const Language = lazySchema(() => z.enum(['da', 'en']));

/** One page of a list: pass `nextCursor` back as `cursor`; the last page has none. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().optional() });

/** `limit` (1-100, default 25) and the previous page's `nextCursor`. */
export const Paging = lazyShape(() => ({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
}));
export const PageQuery = lazySchema(() => z.object({ ...Paging }).strict());

/**
 * One problem with one field: its dotted path, a stable `code` a client says
 * in its reader's language, and the code's parameters. `message` is for a
 * developer reading the response.
 */
export const FieldIssueSchema = lazySchema(() =>
  z.object({
    path: z.string(),
    message: z.string(),
    code: z.string(),
    max: z.union([z.number(), z.string()]).optional(),
    min: z.union([z.number(), z.string()]).optional(),
    values: z.array(z.string()).optional(),
    format: z.string().optional(),
    expected: z.string().optional(),
    /** For a CSV header problem: the column it is about. */
    column: z.string().optional(),
  }),
);

/**
 * Every 4xx and 5xx: `error` is the stable code (`validation_failed`,
 * `cpr_refused`, `not_found`, `conflict`, …), `message` English for a
 * developer; a 400/422 names its fields in `issues`; a 409 says why in
 * `reason` (a stable code) with that reason's facts beside it.
 */
export const ErrorBodySchema = lazySchema(() =>
  z
    .object({
      error: z.string(),
      message: z.string(),
      issues: z.array(FieldIssueSchema).optional(),
      reason: z.string().optional(),
    })
    .catchall(z.unknown()),
);

/** A page behind a signed link (GET /links/{token}, GET /survey/{token}) in this language; else the link's or the pilot's. */
export const PageLanguageQuery = lazySchema(() => z.object({ lang: Language.optional() }));

/** The empty answer of a 204. */
export const NoContent = lazySchema(() => z.undefined());
