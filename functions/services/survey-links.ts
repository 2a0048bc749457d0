import { createHash } from 'node:crypto';
import * as z from 'zod';
import { normaliseCode, SURVEY_CODE } from '../domain/survey.js';
import type { Ports } from '../ports/index.js';
import { apiBaseUrl, signClaims, verifiedClaims } from './signed-links.js';

// The survey's links, signed like the company links (links.ts), with the same
// key: `s1.<claims>.<MAC>`. The claims name the pilot and carry the link's
// secret, nothing about the participant. The secret's hash is the key of
// the one-time token item (store/survey.ts); the secret itself is in the
// e-mail only. A printed code is its own secret: 8 characters, no MAC (it
// must be typed), found by its hash alone.

const Claims = z.object({ p: z.uuid(), k: z.string().regex(/^[A-Za-z0-9_-]{43}$/), l: z.enum(['da', 'en']), exp: z.number().int(), v: z.literal(1) }).strict();

export interface SurveyLinkClaims {
  pilotId: string;
  /** The link's secret: what the token item is keyed by (hashed). */
  secret: string;
  language: 'da' | 'en';
  /** Epoch seconds: a backstop only; the survey's own window decides (domain/survey.ts). */
  exp: number;
}

export const signSurveyLink = async (ctx: { ports: Pick<Ports, 'keys'> }, claims: SurveyLinkClaims): Promise<string> => {
  return signClaims(ctx, 's1', { p: claims.pilotId, k: claims.secret, l: claims.language, exp: claims.exp, v: 1 });
};

/**
 * A participant's link secret: the MAC of the pilot, the participant and the
 * survey's salt. Derived, not stored, so the reminder carries the same link
 * as the invitation without the product keeping which link went to whom.
 * The salt is deleted once the reminder has gone (services/survey.ts): from
 * then on no one, holding the key or not, can work out whose link was which.
 */
export const participantSecret = (ctx: { ports: Pick<Ports, 'keys'> }, pilotId: string, participantId: string, salt: string): Promise<string> =>
  ctx.ports.keys.sign(`survey:${pilotId}:${participantId}:${salt}`);

/** The key of a token item: the secret's SHA-256, so a table read gives no working link. */
export const secretHash = (secret: string): string => createHash('sha256').update(secret).digest('base64url');

export type SurveyTokenCheck =
  | { ok: true; kind: 'link'; claims: SurveyLinkClaims; hash: string }
  | { ok: true; kind: 'code'; code: string; hash: string }
  | { ok: false; reason: 'invalid' };

/** What a path's token is: a signed link (checked, expiry included), a printed code, or neither. */
export const readSurveyToken = async (ctx: { ports: Pick<Ports, 'keys'> }, token: string, now: Date): Promise<SurveyTokenCheck> => {
  const code = normaliseCode(token);
  if (token.length <= 12 && SURVEY_CODE.test(code)) {
    return { ok: true, kind: 'code', code, hash: secretHash(code) };
  }
  const parsed = await verifiedClaims(ctx, 's1', token, Claims);
  if (!parsed || parsed.exp * 1000 <= now.getTime()) return { ok: false, reason: 'invalid' };
  const claims = { pilotId: parsed.p, secret: parsed.k, language: parsed.l, exp: parsed.exp };
  return { ok: true, kind: 'link', claims, hash: secretHash(claims.secret) };
};

export const surveyUrl = (token: string): string => `${apiBaseUrl()}/survey/${token}`;
/** Where a printed code is typed in. */
export const surveyEntryUrl = (): string => `${apiBaseUrl()}/survey`;
