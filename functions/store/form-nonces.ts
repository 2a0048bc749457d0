import { createHash, randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { StoreContext } from './client.js';
import { itemReader } from './items.js';
import { key, TTL_ATTRIBUTE } from './table.js';

// The one-time nonces of the company link forms (README, "Signed e-mail
// links"). A nonce is issued when the form is shown, bound to the link's
// token and kept for FORM_NONCE_HOURS (DynamoDB TTL deletes it; the expiry is
// also checked on use, since TTL deletes late). It is used once: the answer it
// carries is remembered as the company message `link:<nonce>` in the same
// transaction that applies it (store/invitations.ts), so a second use is a
// duplicate however fast it comes.

/** How long a shown form may be sent. Below the 72 hours a company message is remembered, so a used nonce never outlives its duplicate check. */
export const FORM_NONCE_HOURS = 24;

/** The token is not stored, only its hash: enough to bind the nonce to it. */
const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

const readNonce = itemReader('form-nonce', z.object({ tokenHash: z.string(), [TTL_ATTRIBUTE]: z.number() }));

/** A new nonce for a form shown now through `token`. */
export const issueFormNonce = async (ctx: StoreContext, companyId: string, token: string): Promise<string> => {
  const nonce = randomUUID();
  const now = ctx.clock.now();
  await ctx.db.send(
    new PutCommand({
      TableName: ctx.tableName,
      Item: {
        ...key.formNonce(companyId, nonce),
        entity: 'form-nonce',
        tokenHash: tokenHash(token),
        issuedAt: now.toISOString(),
        [TTL_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + FORM_NONCE_HOURS * 3600,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
  return nonce;
};

/** Whether `nonce` was issued for a form of `token` and may still be sent. */
export const formNonceValid = async (ctx: StoreContext, companyId: string, nonce: string, token: string): Promise<boolean> => {
  const { Item } = await ctx.db.send(new GetCommand({ TableName: ctx.tableName, Key: key.formNonce(companyId, nonce), ConsistentRead: true }));
  if (!Item) return false;
  const issued = readNonce(Item);
  return issued.tokenHash === tokenHash(token) && issued[TTL_ATTRIBUTE] * 1000 > ctx.clock.now().getTime();
};
