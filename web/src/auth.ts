import type { WebConfig } from './config.js';
import { t } from './i18n.js';

// Sign-in. Locally: the local stack's token route (POST /_local/token), which
// signs with the key the local server verifies. On AWS: Cognito's hosted UI,
// authorization code with PKCE (a public client, no secret), and the ID
// token, which carries `cognito:groups` and the e-mail the audit trail shows.
// The token lives in sessionStorage: gone with the tab, never in a cookie.

export type Role = 'consultant' | 'management' | 'admin';

export interface Session {
  token: string;
  /** undefined: signed in, but in neither group; the page says so. */
  role: Role | undefined;
  email: string | undefined;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

const TOKEN_KEY = 'pilot.token';
const PKCE_KEY = 'pilot.pkce';

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const claimsOf = (token: string): Record<string, unknown> => {
  const payload = token.split('.')[1] ?? '';
  const json = decodeURIComponent(
    [...atob(payload.replace(/-/g, '+').replace(/_/g, '/'))].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''),
  );
  return JSON.parse(json) as Record<string, unknown>;
};

/** The role from the token's groups: admin over consultant over management, when a user is in several. */
export const sessionOf = (token: string): Session => {
  const claims = claimsOf(token);
  const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as unknown[]).map(String) : [];
  const role = groups.includes('admin') ? 'admin' : groups.includes('consultant') ? 'consultant' : groups.includes('management') ? 'management' : undefined;
  return {
    token,
    role,
    email: typeof claims.email === 'string' ? claims.email : undefined,
    expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : 0,
  };
};

/** The stored session, unless it has expired (then the page asks to sign in again). */
export const currentSession = (): Session | undefined => {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return undefined;
  try {
    const session = sessionOf(token);
    if (session.expiresAt > Date.now()) return session;
  } catch {
    // a damaged token: sign in again
  }
  sessionStorage.removeItem(TOKEN_KEY);
  return undefined;
};

const store = (token: string): Session => {
  sessionStorage.setItem(TOKEN_KEY, token);
  return sessionOf(token);
};

/** Local only: a token for the chosen role (and, for a pilot's team, e-mail address) from the local stack. */
export const signInLocally = async (role: Role, email?: string): Promise<Session> => {
  const res = await fetch('/_local/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, ...(email ? { email } : {}) }),
  });
  if (!res.ok) throw new Error(`local sign-in: ${res.status}`);
  return store(((await res.json()) as { token: string }).token);
};

type CognitoConfig = Extract<WebConfig, { auth: 'cognito' }>;

/** Sends the browser to Cognito's hosted UI; it comes back to redirectUri with ?code=&state=. */
export const startCognitoSignIn = async (config: CognitoConfig): Promise<void> => {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, hash: location.hash }));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const url = new URL('/oauth2/authorize', config.domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: 'openid email profile',
    code_challenge_method: 'S256',
    code_challenge: challenge,
    state,
  }).toString();
  location.assign(url.toString());
};

/**
 * Back from the hosted UI: exchanges the code for tokens (with the PKCE
 * verifier) and removes code and state from the address bar. Undefined when
 * the address carries no code.
 */
export const finishCognitoSignIn = async (config: CognitoConfig): Promise<Session | undefined> => {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code) return undefined;
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? '{}') as { verifier?: string; state?: string; hash?: string };
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, '', `${location.pathname}${saved.hash ?? ''}`);
  if (!saved.verifier || saved.state !== params.get('state')) throw new Error(t('auth.stateMismatch'));
  const res = await fetch(new URL('/oauth2/token', config.domain), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: config.redirectUri,
      code_verifier: saved.verifier,
    }),
  });
  if (!res.ok) throw new Error(t('auth.failed', { status: res.status }));
  return store(((await res.json()) as { id_token: string }).id_token);
};

/** Forgets the token; on AWS also ends the hosted UI's own session. */
export const signOut = (config: WebConfig): void => {
  sessionStorage.removeItem(TOKEN_KEY);
  if (config.auth === 'cognito') {
    const url = new URL('/logout', config.domain);
    url.search = new URLSearchParams({ client_id: config.clientId, logout_uri: config.redirectUri }).toString();
    location.assign(url.toString());
  }
};
