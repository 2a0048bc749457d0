import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { buildMime } from '../mail/mime.js';
import { port } from '../ports/index.js';
import { auditPut, SYSTEM_ACTOR } from '../store/audit.js';
import type { StoreContext } from '../store/client.js';
import { transact } from '../store/transact.js';

// Every e-mail the product sends goes through sendOnce: it is recorded (who,
// what, when, message id) and sent at most once per key, so a retried step
// or a replayed execution never sends twice. The record is claimed before
// sending; a claim whose sender died is taken over after a lease, so a crash
// between claim and send delays the e-mail rather than losing it.

export type Language = 'da' | 'en';
export interface Recipient {
  email: string;
  language: Language;
}
export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
  attachments?: { filename: string; content: string | Buffer; contentType: string }[];
}

const LEASE_MS = 5 * 60_000;
export const mailFrom = () => process.env.MAIL_FROM ?? 'Pilotprojekter <pilotprojekter@jobcenter.local>';

/**
 * Sends one message per language among the recipients, each at most once
 * for `key` (e.g. "outcome", "escalation#recruitment-under-minimum").
 * Returns how many messages were sent now (0 when all were sent before).
 */
export const sendOnce = async (
  ctx: StoreContext,
  opts: { pilotId?: string; key: string; kind: string; to: Recipient[]; render: (language: Language) => RenderedMail },
): Promise<number> => {
  const partition = opts.pilotId ? `PILOT#${opts.pilotId}` : 'MAIL';
  let sent = 0;
  for (const language of ['da', 'en'] as const) {
    const to = [...new Set(opts.to.filter((r) => r.language === language).map((r) => r.email))];
    if (to.length === 0) continue;
    const recordKey = { PK: partition, SK: `MAIL#${opts.key}#${language}` };
    const now = ctx.clock.now();
    if (!(await claim(ctx, recordKey, now))) continue;

    const mail = opts.render(language);
    const messageId = `<${randomUUID()}@pilot-orchestrator>`;
    const raw = await buildMime({ from: mailFrom(), to, subject: mail.subject, html: mail.html, text: mail.text, attachments: mail.attachments ?? [], messageId, date: now });
    const { providerMessageId } = await port('mailer').send({ from: mailFrom(), to, raw, messageId, label: `${opts.kind}-${language}` });
    await transact(ctx, [
      {
        Update: {
          TableName: ctx.tableName,
          Key: recordKey,
          UpdateExpression: 'SET #status = :sent, sentAt = :at, messageId = :messageId, providerMessageId = :provider, subject = :subject, recipients = :to',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sent': 'sent', ':at': ctx.clock.now().toISOString(), ':messageId': messageId, ':provider': providerMessageId, ':subject': mail.subject, ':to': to },
        },
      },
      ...(opts.pilotId
        ? [auditPut(ctx, opts.pilotId, { actor: SYSTEM_ACTOR, action: 'mail.sent', details: { kind: opts.kind, key: opts.key, language, recipients: to.length, messageId } })]
        : []),
    ]);
    sent++;
  }
  return sent;
};

/** Claims the record for sending: new, or a stale claim whose sender never finished. */
const claim = async (ctx: StoreContext, recordKey: { PK: string; SK: string }, now: Date): Promise<boolean> => {
  try {
    await ctx.db.send(
      new PutCommand({
        TableName: ctx.tableName,
        Item: { ...recordKey, entity: 'mail', status: 'sending', claimedAt: now.toISOString() },
        ConditionExpression: 'attribute_not_exists(PK) OR (#status = :sending AND claimedAt < :expired)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sending': 'sending', ':expired': new Date(now.getTime() - LEASE_MS).toISOString() },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

