import { randomBytes } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { SECRET_OVERLAP_HOURS, type Company, type CompanyInput } from '../domain/company.js';
import { ContentionError, UnauthorizedError } from '../domain/errors.js';
import type { ServiceContext } from './context.js';
import type { Ports } from '../ports/index.js';
import { createCompany, getCompanyAndMessageSeen, getCompanyWithSecrets, rotateCompanySecret, type SealedSecret } from '../store/companies.js';

// Registering partner companies and checking their webhook signatures
// (Standard Webhooks: https://www.standardwebhooks.com). The secret is shown
// once, at registration or rotation; we keep it sealed by the keys port.

/** A new signing secret in Standard Webhooks form: `whsec_` + base64 of 32 random bytes. */
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

const seal = async (ctx: ServiceContext, companyId: string, secret: string): Promise<SealedSecret> => ({
  sealed: await ctx.ports.keys.seal(secret, { companyId, purpose: 'webhook-secret' }),
  createdAt: ctx.clock.now().toISOString(),
});

/** Registers a company and returns its signing secret, the only time it is shown. */
export const registerCompany = async (ctx: ServiceContext, input: CompanyInput): Promise<{ company: Company; secret: string }> => {
  const secret = newSecret();
  const company = await createCompany(ctx, input, (companyId) => seal(ctx, companyId, secret));
  return { company, secret };
};

const ROTATION_ATTEMPTS = 5;

/** Issues a new secret; the current one keeps verifying for 24 hours so the sender can switch over. */
export const rotateSecret = async (ctx: ServiceContext, companyId: string): Promise<{ secret: string; previousSecretValidUntil: string }> => {
  const secret = newSecret();
  const until = new Date(ctx.clock.now().getTime() + SECRET_OVERLAP_HOURS * 3600_000).toISOString();
  const sealed = await seal(ctx, companyId, secret);
  // Two rotations at once are taken one after the other (each re-reads the
  // secrets it replaces), so neither caller is told to retry what it can't
  // fix: the later one's secret is current, the earlier one's verifies 24 hours.
  for (let attempt = 0; attempt < ROTATION_ATTEMPTS; attempt++) {
    if (await rotateCompanySecret(ctx, companyId, sealed, until)) return { secret, previousSecretValidUntil: until };
  }
  throw new ContentionError('the secret was rotated by someone else just now; please retry');
};

// Opening a sealed secret is a KMS call on AWS; a warm function keeps what it
// opened for a few minutes, keyed by the sealed text so a rotation is seen at once.
const opened = new Map<string, { sealed: string; secret: string; until: number }>();
const OPENED_TTL_MS = 5 * 60_000;

const openSecret = async (ctx: { ports: Pick<Ports, 'keys'> }, companyId: string, s: SealedSecret): Promise<string> => {
  const cacheKey = `${companyId}:${s.sealed.slice(-24)}`;
  const hit = opened.get(cacheKey);
  if (hit && hit.sealed === s.sealed && hit.until > Date.now()) return hit.secret;
  const secret = await ctx.ports.keys.open(s.sealed, { companyId, purpose: 'webhook-secret' });
  opened.set(cacheKey, { sealed: s.sealed, secret, until: Date.now() + OPENED_TTL_MS });
  return secret;
};

/**
 * Checks a webhook's Standard Webhooks signature against the company's
 * current secret, and during the 24 hours after a rotation its previous one.
 * The timestamp must be within 5 minutes of now (the library's tolerance, on
 * the real clock: it guards against replays in real time). Throws 401.
 * `seen`: the webhook-id was seen from this company in the last 72 hours
 * (read with the company, in one call).
 */
export const verifyWebhook = async (
  ctx: ServiceContext,
  companyId: string,
  rawBody: string,
  headers: Record<string, string | undefined>,
): Promise<{ company: Company; messageId: string; seen: boolean }> => {
  // The message marker is read with the company (its key is in the headers), but trusted only once the signature holds.
  const messageHeader = headers['webhook-id'];
  const read = messageHeader
    ? await getCompanyAndMessageSeen(ctx, companyId, messageHeader)
    : { company: await getCompanyWithSecrets(ctx, companyId), seen: false };
  const { secrets, ...company } = read.company;
  const now = ctx.clock.now().toISOString();
  const usable = secrets.filter((_, i) => i === 0 || (company.previousSecretValidUntil !== undefined && now < company.previousSecretValidUntil));
  const signed = {
    'webhook-id': headers['webhook-id'] ?? '',
    'webhook-timestamp': headers['webhook-timestamp'] ?? '',
    'webhook-signature': headers['webhook-signature'] ?? '',
  };
  let problem = 'the webhook-id, webhook-timestamp and webhook-signature headers are required';
  for (const sealed of usable) {
    try {
      new Webhook(await openSecret(ctx, companyId, sealed)).verify(rawBody, signed, { jsonParse: false });
      return { company, messageId: signed['webhook-id'], seen: read.seen };
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      problem = error.message.startsWith('Message timestamp')
        ? 'webhook-timestamp is more than 5 minutes from now'
        : error.message === 'Missing required headers'
          ? problem
          : 'no signature in webhook-signature matches this company’s secret';
    }
  }
  throw new UnauthorizedError(problem);
};
