import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { ROLE_CLAIM, ROLES, type Role } from '../../functions/http/auth.js';
import type { LocalRoute } from './local-route.js';

// Tokens for the local stack. On AWS, Cognito issues the tokens and API
// Gateway's JWT authorizer verifies them; locally the stack signs tokens with
// its own key and the local server verifies them, then hands the handler the
// same claims (sub, email, cognito:groups) in the same place of the event.

export const LOCAL_ISSUER = 'pilot-orchestrator-local';
export const LOCAL_AUDIENCE = 'pilot-orchestrator';

export interface LocalAuth {
  sign(role: Role, opts?: { sub?: string; email?: string; expiresIn?: string }): Promise<string>;
  /** The verified claims, or undefined for a missing, malformed, expired or forged token. */
  verify(token: string): Promise<Record<string, unknown> | undefined>;
}

export const createLocalAuth = (key: Uint8Array): LocalAuth => ({
  async sign(role, opts = {}) {
    return new SignJWT({
      [ROLE_CLAIM]: [role],
      email: opts.email ?? `${role}@local.test`,
      token_use: 'id',
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(opts.sub ?? `local-${role}`)
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(opts.expiresIn ?? '12h')
      .sign(key);
  },
  async verify(token) {
    try {
      // A token without an expiry would be a key for ever: exp is required, like token_use (functions/http/auth.ts).
      const { payload } = await jwtVerify(token, key, {
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'sub', 'token_use'],
      });
      return payload.token_use === 'id' ? (payload as Record<string, unknown>) : undefined;
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return undefined;
      throw error;
    }
  },
});

/** The local signing key, created on first use and kept with the local data. */
export const loadOrCreateKey = (file: string): Uint8Array => {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
};

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

export const isLocalEmail = (value: unknown): value is string => typeof value === 'string' && /^[^@\s]{1,64}@[^@\s]{1,189}$/.test(value);

/**
 * POST /_local/token { role, email? }: the web page's local sign-in, the same token
 * `npm run token` prints. Local only, like the clock: the server listens on
 * 127.0.0.1, and whoever can reach it could read the key file anyway.
 */
export const localTokenRoute = (auth: LocalAuth): LocalRoute => ({
  method: 'POST',
  path: '/_local/token',
  handle: async (body) => {
    const { role, email } = (body ?? {}) as { role?: unknown; email?: unknown };
    if (typeof role !== 'string' || !isRole(role)) {
      const message = `must be one of ${ROLES.join(', ')}`;
      return { statusCode: 400, body: { error: 'validation_failed', message: `role: ${message}`, issues: [{ path: 'role', message }] } };
    }
    // Another consultant than the default one (a pilot's team names people by e-mail address).
    if (email !== undefined && !isLocalEmail(email)) {
      return {
        statusCode: 400,
        body: { error: 'validation_failed', message: 'email: must be an e-mail address', issues: [{ path: 'email', message: 'must be an e-mail address' }] },
      };
    }
    return { statusCode: 200, body: { token: await auth.sign(role, email === undefined ? {} : { email, sub: `local-${email}` }) } };
  },
});
