import { Webhook } from 'standardwebhooks';
import { CompanyInputSchema } from '../../functions/domain/company.js';
import type { Pilot } from '../../functions/domain/pilot.js';
import { registerCompany } from '../../functions/services/companies.js';
import type { ServiceContext } from '../../functions/services/context.js';
import { putInvitation, recordAnswer } from '../../functions/store/invitations.js';

/**
 * The n-th valid CVR number from 10000000 on: seven digits, then the check
 * digit that makes the weighted sum a multiple of 11 (bases whose check
 * digit would be 10 have no valid number and are skipped).
 */
export const validCvr = (n: number): string => {
  const weights = [2, 7, 6, 5, 4, 3, 2];
  let seen = -1;
  for (let base = 1_000_000; ; base++) {
    const digits = String(base);
    const sum = [...digits].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
    const check = (11 - (sum % 11)) % 11;
    if (check < 10 && ++seen === n) return `${digits}${check}`;
  }
};

export const companyBody = (n: number, overrides: Record<string, unknown> = {}) => ({
  name: `Partner ${n} ApS`,
  cvr: validCvr(n),
  contact: { name: `Kontakt ${n}`, email: `kontakt${n}@partner.test` },
  language: 'da',
  ...overrides,
});

/**
 * Signs a webhook the way a company's system does, with the standardwebhooks
 * library: returns the three headers for `body`.
 */
export const signWebhook = (secret: string, body: string, opts: { id?: string; at?: Date } = {}) => {
  const id = opts.id ?? `msg_${crypto.randomUUID()}`;
  const at = opts.at ?? new Date();
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
};

let registered = 0;

/**
 * A partner company that takes `slots` at the pilot's match event, so its
 * lifecycle goes on to the internships (with no confirmed slot it would stop
 * at the no-answer escalation).
 */
export const companyConfirming = async (ctx: ServiceContext, pilot: Pilot, slots = 2) => {
  const { company } = await registerCompany(ctx, CompanyInputSchema.parse(companyBody(9_000 + registered++)));
  await putInvitation(ctx, pilot, company, slots, { sub: 'consultant-1' });
  await recordAnswer(ctx, {
    pilotId: pilot.id,
    companyId: company.id,
    slots,
    at: new Date().toISOString(),
    via: 'webhook',
    actor: { sub: `company:${company.id}` },
  });
  return company;
};
