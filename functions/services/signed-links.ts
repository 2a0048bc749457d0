import * as z from 'zod';
import type { Ports } from '../ports/index.js';
import { apiUrl } from '../config.js';
import { addDays, dateInCopenhagen, daysBetween, startOfDay } from '../domain/calendar.js';
import { stretch } from '../domain/lifecycle.js';
import type { Pause } from '../domain/phases.js';

// Signed e-mail links for companies without an IT department: a token naming
// the company, the pilot and what the link is for, with an expiry, signed
// with the product's link key (KMS HMAC on AWS). A token is only a key to a
// form: every answer through it is checked by the same rules as a webhook.

export const LINK_ACTIONS = ['slots', 'internships'] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];

export interface LinkClaims {
  companyId: string;
  pilotId: string;
  action: LinkAction;
  /** Expiry, epoch seconds on the product's clock: the start of a day in Copenhagen. */
  exp: number;
  /** When it was issued, epoch seconds on the product's clock (links signed before it was added have none). */
  iat?: number;
}

const Claims = z
  .object({ c: z.uuid(), p: z.uuid(), a: z.enum(LINK_ACTIONS), exp: z.number().int(), iat: z.number().int().optional(), v: z.literal(1) })
  .strict();

/**
 * A token of the product's link key: `<version>.<claims, base64url JSON>.<HMAC, base64url>`,
 * short enough for a URL path. `v1` the company links, `s1` the survey's (survey-links.ts).
 */
export const signClaims = async (ctx: { ports: Pick<Ports, 'keys'> }, version: 'v1' | 's1', claims: Record<string, unknown>): Promise<string> => {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${version}.${body}.${await ctx.ports.keys.sign(`${version}.${body}`)}`;
};

// An HMAC-SHA256 is 32 bytes: 43 base64url characters. Claims of a few ids are
// far below 512. Anything else is refused here, before KMS is asked (and paid).
const MAC = /^[A-Za-z0-9_-]{43}$/;
const CLAIMS = /^[A-Za-z0-9_-]{1,512}$/;

/** The claims of a token `signClaims` made with this version, parsed by `schema`; undefined when it is malformed or tampered with. */
export const verifiedClaims = async <S extends z.ZodType>(
  ctx: { ports: Pick<Ports, 'keys'> },
  version: 'v1' | 's1',
  token: string,
  schema: S,
): Promise<z.output<S> | undefined> => {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== version || !CLAIMS.test(parts[1]!) || !MAC.test(parts[2]!)) return undefined;
  if (!(await ctx.ports.keys.verify(`${version}.${parts[1]}`, parts[2]!))) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
};

export const signLink = (ctx: { ports: Pick<Ports, 'keys'> }, claims: LinkClaims): Promise<string> =>
  signClaims(ctx, 'v1', {
    c: claims.companyId,
    p: claims.pilotId,
    a: claims.action,
    exp: claims.exp,
    ...(claims.iat === undefined ? {} : { iat: claims.iat }),
    v: 1,
  });

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: 'invalid' | 'expired' };

/**
 * When a link expires after the pilot's pauses: a pause that began after the
 * link was issued, while it was still valid, moves its expiry by the pause's
 * days, as it moves the period the link is for (lifecycle.ts `stretch`; the
 * pauses are recorded at the resume). The token cannot be re-signed in the
 * company's inbox, so the check stretches it. A pause before the link was
 * issued is in its signed expiry already; a link without `iat` keeps it.
 */
export const linkExpiry = (claims: Pick<LinkClaims, 'exp' | 'iat'>, pauses: Pause[] | undefined): number => {
  if (claims.iat === undefined || !pauses?.length) return claims.exp;
  const expiresOn = dateInCopenhagen(new Date(claims.exp * 1000));
  const lastValid = addDays(expiresOn, -1);
  const moved = daysBetween(lastValid, stretch({ pauses }, dateInCopenhagen(new Date(claims.iat * 1000)), lastValid));
  return moved > 0 ? Date.parse(startOfDay(addDays(expiresOn, moved))) / 1000 : claims.exp;
};

/**
 * The token's claims, or why it cannot be used: `invalid` (malformed or
 * tampered with) or `expired`. Past its signed expiry, `pausesOf` gives the
 * pilot's pauses, which may have moved it (linkExpiry).
 */
export const readLink = async (
  ctx: { ports: Pick<Ports, 'keys'> },
  token: string,
  now: Date,
  pausesOf?: (pilotId: string) => Promise<Pause[] | undefined>,
): Promise<LinkCheck> => {
  const parsed = await verifiedClaims(ctx, 'v1', token, Claims);
  if (!parsed) return { ok: false, reason: 'invalid' };
  const { c, p, a, exp, iat } = parsed;
  const claims: LinkClaims = { companyId: c, pilotId: p, action: a, exp, ...(iat === undefined ? {} : { iat }) };
  if (exp * 1000 <= now.getTime()) {
    const stretched = pausesOf ? linkExpiry(claims, await pausesOf(p)) : exp;
    if (stretched * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  }
  return { ok: true, claims };
};

/** Where the API answers (the links are its routes): API_URL, required (functions/config.ts). */
export const apiBaseUrl = (): string => apiUrl();

export const linkUrl = (token: string): string => `${apiBaseUrl()}/links/${token}`;
