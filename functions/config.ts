import * as z from 'zod';
import { lazySchema } from './domain/lazy-schema.js';

// The environment a function is configured with, validated by zod. A
// function that sends e-mail checks it when its module loads (its cold
// start), so a deploy without MAIL_FROM or PUBLIC_URL fails loudly at once,
// not by e-mailing a company a localhost link or sending from a sender SES
// refuses. There are no fallbacks here: the CDK stack sets every value, and
// the local stack sets its own explicitly (infra/local/runtime.ts).

const HttpUrl = lazySchema(() =>
  z
    .string({ error: 'is required' })
    .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }))
    .transform((u) => u.replace(/\/+$/, '')),
);

const MailEnvironment = lazySchema(() =>
  z.object({
    /** The From of every e-mail: "Name <address>" or the address. */
    MAIL_FROM: z
      .string({ error: 'is required' })
      .regex(/^(?:[^<>]*<[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+>|[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+)$/, 'must be an e-mail address, optionally as "Name <address>"'),
    /** The consultants' web page: links in consultants' e-mails go to its routes (`#/pilots/<id>`). */
    PUBLIC_URL: HttpUrl,
    /** The HTTP API: links in companies' e-mails go to its /links route. */
    API_URL: HttpUrl,
  }),
);
export type MailEnvironment = z.infer<typeof MailEnvironment>;

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/**
 * The mail senders' configuration, from the environment; throws a
 * ConfigurationError naming each missing or malformed variable (never its
 * value).
 */
export const mailEnvironment = (env: NodeJS.ProcessEnv = process.env): MailEnvironment => {
  const parsed = MailEnvironment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
    throw new ConfigurationError(`this function is not configured to send e-mail: ${problems.join('; ')}`);
  }
  return parsed.data;
};

const ApiEnvironment = lazySchema(() => MailEnvironment.pick({ API_URL: true }));

/** Where the HTTP API answers (the companies' links are its routes); throws a ConfigurationError when API_URL is missing. */
export const apiUrl = (env: NodeJS.ProcessEnv = process.env): string => {
  const parsed = ApiEnvironment.safeParse(env);
  if (!parsed.success) throw new ConfigurationError(`API_URL ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  return parsed.data.API_URL;
};

/** Where a consultant sees a pilot: the web page's own route for it (web/src/views/app.ts), not an API path that needs a token. */
export const pilotPageUrl = (pilotId: string): string => `${mailEnvironment().PUBLIC_URL}/#/pilots/${encodeURIComponent(pilotId)}`;

const AccessLogEnvironment = lazySchema(() =>
  z.object({
    /** Months an access entry is kept before DynamoDB TTL deletes it (the stack's `accessLogRetentionMonths`). */
    ACCESS_LOG_RETENTION_MONTHS: z.coerce
      .number({ error: 'must be a whole number of months' })
      .int('must be a whole number of months')
      .min(1)
      .max(120)
      .default(6),
  }),
);

/**
 * How long the access log keeps an entry, in months: 6 unless the stack says
 * otherwise. A policy value with a stated default, not an address, so unset
 * is allowed; a malformed value fails like any other configuration.
 */
export const accessLogRetentionMonths = (env: NodeJS.ProcessEnv = process.env): number => {
  const parsed = AccessLogEnvironment.safeParse(env);
  if (!parsed.success) throw new ConfigurationError(`ACCESS_LOG_RETENTION_MONTHS ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  return parsed.data.ACCESS_LOG_RETENTION_MONTHS;
};
