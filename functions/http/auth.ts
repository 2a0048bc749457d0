import { ForbiddenError, UnauthorizedError } from '../domain/errors.js';
import { ROLES, type Role } from '../domain/access.js';
import type { Actor } from '../store/audit.js';
import type { ApiEvent } from './types.js';

// Who is calling, read from the JWT claims that API Gateway's authorizer
// (Cognito on AWS) or the local server (its own signing key) has verified and
// put on the event. Handlers never see or parse the token itself.

// The roles, and what each may see of a pilot, are in functions/domain/access.ts.
export { ROLES, type Role };

/** `read`: every role. `write`: consultants and admins. */
export type Access = 'read' | 'write';

/**
 * A route without a token: the caller signs each request instead and the
 * handler checks the signature (a company's webhook, a signed e-mail link).
 * No authorizer stands in front of it, on AWS or locally.
 */
export const SIGNED = 'signed' as const;
export type RouteAccess = Access | typeof SIGNED;

const ALLOWED: Record<Access, readonly Role[]> = {
  read: ['consultant', 'management', 'admin'],
  write: ['consultant', 'admin'],
};

/** The claim that carries the roles: Cognito puts a user's groups in it. */
export const ROLE_CLAIM = 'cognito:groups';

/**
 * API Gateway passes an array claim as a string such as "[consultant management]";
 * accept that form, a JSON array and a plain array alike.
 */
export const parseRoles = (claim: unknown): Role[] => {
  const values = Array.isArray(claim)
    ? claim.map(String)
    : typeof claim === 'string'
      ? claim
          .replace(/^\[|\]$/g, '')
          .split(/[\s,"]+/)
          .filter(Boolean)
      : [];
  return values.filter((v): v is Role => (ROLES as readonly string[]).includes(v));
};

export const claimsOf = (event: ApiEvent): Record<string, unknown> | undefined =>
  event.requestContext?.authorizer?.jwt?.claims as Record<string, unknown> | undefined;

/** Who is calling: the audit trail's actor, their roles, and the e-mail a pilot's team names them by. */
export type Caller = Actor & { roles: Role[]; email?: string };

/** The caller, or 401/403 when they may not do this. */
export const authorize = (event: ApiEvent, access: Access): Caller => {
  const claims = claimsOf(event);
  const sub = claims?.sub;
  if (!claims || typeof sub !== 'string' || sub === '') throw new UnauthorizedError('a bearer token is required');
  // The page and the CLI send Cognito's ID token. API Gateway's authorizer also
  // lets an access token of the same clients through (it checks its client_id);
  // accept exactly the one kind, so a token minted for something else is not a key here.
  if (claims.token_use !== 'id') throw new UnauthorizedError('an ID token is required (token_use "id")');
  const roles = parseRoles(claims[ROLE_CLAIM]);
  if (!roles.some((r) => ALLOWED[access].includes(r))) {
    throw new ForbiddenError(
      access === 'write'
        ? 'only consultants and admins may change pilots; your token has neither role'
        : 'your token has none of the roles consultant, management or admin',
    );
  }
  const name = [claims.email, claims['cognito:username'], claims.name].find((v) => typeof v === 'string') as string | undefined;
  // Teams name their members by the identity provider's e-mail address (Cognito's is required and immutable).
  const email = typeof claims.email === 'string' && claims.email.includes('@') ? claims.email.toLowerCase() : undefined;
  return { sub, roles, ...(name ? { name } : {}), ...(email ? { email } : {}) };
};
