import { createHash, randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { mailEnvironment } from '../config.js';
import { logger } from '../logger.js';
import { count } from '../metrics.js';
import type { ServiceContext } from './context.js';
import { MailRefusedError, type OutgoingMail } from '../ports/mailer.js';
import { MailInFlightError } from '../domain/errors.js';
import type { StoreContext } from '../store/client.js';
import type { TransactItem } from '../store/transact.js';
import {
  claimMails,
  claimRetry,
  mailRecordKey,
  mailRecordKeyOfRetry,
  mailSent,
  markMailFailed,
  markMailSent,
  markMailsSent,
  settleMailFailure,
  type FailedMail,
  type MailRecordKey,
  type SentMail,
} from '../store/mails.js';

// Every e-mail the product sends goes through sendOnce: it is recorded (who,
// what, when, message id) and sent at most once per key, so a retried step
// or a replayed execution never sends twice. The record is claimed before
// sending; a claim whose sender died is taken over after a lease
// (MAIL_CLAIM_LEASE_MS, functions/store/mails.ts), so a crash between claim
// and send delays the e-mail rather than losing it. A claim still held makes
// the caller fail with MailInFlightError, retried past the lease, never
// "done": a step that went on would leave the e-mail unsent if its holder had
// died. A sent e-mail is never claimed again. A refused send is kept (the
// message as composed) and retried with backoff. Many individual e-mails (a
// cohort's codes, a page of survey invitations) go through sendEach, which
// keeps each of these per mail while claiming and recording them in batches.

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

/** The From of every e-mail: MAIL_FROM, required (functions/config.ts). */
export const mailFrom = (): string => mailEnvironment().MAIL_FROM;

/**
 * When a refused e-mail is tried again, after its first attempt: backoff
 * from 15 minutes to 2 days (SES's throttling passes in minutes; a sandbox
 * recipient gets verified or production access granted within a day or
 * two), then it is given up (6 attempts over about 3 days).
 */
export const MAIL_RETRY_MINUTES = [15, 60, 4 * 60, 16 * 60, 48 * 60] as const;

/**
 * Sends one message per language among the recipients, each at most once
 * for `key` (e.g. "outcome", "escalation#recruitment-under-minimum").
 * Returns how many messages were sent now (0 when all were sent before).
 *
 * A message the mail service refuses never fails the caller (a lifecycle
 * step, a request): it is recorded on the pilot (its `mail-failed` risk and
 * the audit), counted (`MailFailed`), and tried again later through the
 * scheduler (retryMail), so the lifecycle goes on.
 */
export const sendOnce = async (
  ctx: ServiceContext,
  opts: {
    pilotId?: string;
    key: string;
    kind: string;
    to: Recipient[];
    render: (language: Language) => RenderedMail;
    /** A write kept with the mail's record, in its transaction (sendEach's alsoPerTransaction): one per language sent. */
    alsoPerTransaction?: (recorded: readonly SentMail[]) => TransactItem;
  },
): Promise<number> =>
  sendEach(ctx, {
    pilotId: opts.pilotId,
    kind: opts.kind,
    mails: [{ key: opts.key, to: opts.to, render: opts.render }],
    ...(opts.alsoPerTransaction ? { alsoPerTransaction: opts.alsoPerTransaction } : {}),
  });

/** One of the mails sendEach sends: its send-once key, its recipients, and (for a citizen's) the participant the trail names. */
export interface KeyedMail {
  key: string;
  to: Recipient[];
  render: (language: Language) => RenderedMail;
  participantId?: string;
  /** This mail's kind, where it is not the batch's (a company's schedule and the consultant's, sent together). */
  kind?: string;
}

/** Messages sent at once (the mail service's calls in flight); also how many sent ones are recorded together. */
const SEND_CONCURRENCY = 8;
/**
 * Sent messages recorded in one go: a crash (a function's timeout) after a
 * send and before its record costs that message a second send when its
 * claim is taken over, so records are not held back for a whole batch.
 */
const RECORD_GROUP = 25;

/**
 * sendOnce for many individual mails of one kind (a cohort's voucher codes,
 * a page of survey invitations), with every guarantee of sendOnce, in few
 * DynamoDB calls: the records are claimed together (claimMails: each under
 * its own condition, so a mail another try holds or sent is skipped as
 * sendOnce skips it), the claimed ones sent, and the sent ones recorded
 * 25 at a time, one audit entry each written before their records
 * (markMailsSent; `alsoPerTransaction` adds a count kept beside them, in a
 * transaction with them). A refused message is
 * kept and retried as sendOnce's; a claim lost while sending is logged. A
 * mail another try holds does not stop the others: they are sent, and then
 * MailInFlightError tells the caller to come again after the lease.
 * Returns how many messages were sent now.
 */
export const sendEach = async (
  ctx: ServiceContext,
  opts: {
    pilotId?: string;
    kind: string;
    mails: readonly KeyedMail[];
    alsoPerTransaction?: (recorded: readonly SentMail[]) => TransactItem;
  },
): Promise<number> => {
  // One record per mail and language; a key given twice is one mail.
  const records = new Map<string, { mail: KeyedMail; language: Language; to: string[]; recordKey: MailRecordKey }>();
  for (const mail of opts.mails) {
    for (const language of ['da', 'en'] as const) {
      const to = [...new Set(mail.to.filter((r) => r.language === language).map((r) => r.email))];
      const recordKey = mailRecordKey(opts.pilotId, mail.key, language);
      if (to.length > 0 && !records.has(recordKey.SK)) records.set(recordKey.SK, { mail, language, to, recordKey });
    }
  }
  const wanted = [...records.values()];
  if (wanted.length === 0) return 0;
  const claims = await claimMails(
    ctx,
    wanted.map((r) => r.recordKey),
  );

  let sent = 0;
  let waiting: SentMail[] = [];
  const record = async (group: SentMail[]) => {
    const recorded = await markMailsSent(ctx, opts.pilotId, group, opts.alsoPerTransaction);
    group.forEach((mail, i) => (recorded[i] ? (count('MailSent', { kind: mail.kind }), sent++) : claimLost(opts.pilotId, mail.kind)));
  };
  const claimed = wanted.flatMap((r, i) => {
    const claim = claims[i]!;
    return typeof claim === 'object' ? [{ ...r, claimId: claim.claimId }] : [];
  });
  let next = 0;
  const sender = async () => {
    while (next < claimed.length) {
      const { mail, language, to, recordKey, claimId } = claimed[next++]!;
      const kind = mail.kind ?? opts.kind;
      const done = await sendClaimed(ctx, { pilotId: opts.pilotId, kind, key: mail.key, language, to, recordKey, claimId, render: mail.render });
      if (!done) continue;
      waiting.push({ ...done, ...(mail.participantId ? { participantId: mail.participantId } : {}) });
      if (waiting.length >= RECORD_GROUP) {
        const group = waiting;
        waiting = [];
        await record(group);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, claimed.length) }, sender));
  if (waiting.length > 0) await record(waiting);

  // Held by another try: "not done", so the caller comes back after the lease (never taken as sent).
  if (claims.includes('in-flight')) throw new MailInFlightError(`the ${opts.kind} e-mail is being sent by another try; try again after its lease`);
  return sent;
};

/** Sends one claimed mail: what its record will say when it went, or undefined when the mail service refused it (kept for its retry). */
const sendClaimed = async (
  ctx: ServiceContext,
  m: { pilotId?: string; kind: string; key: string; language: Language; to: string[]; recordKey: MailRecordKey; claimId: string; render: KeyedMail['render'] },
): Promise<SentMail | undefined> => {
  const mail = m.render(m.language);
  const messageId = `<${randomUUID()}@pilot-orchestrator>`;
  const from = mailFrom();
  const label = `${m.kind}-${m.language}`;
  const outgoing: OutgoingMail = {
    from,
    to: m.to,
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    attachments: (mail.attachments ?? []).map((a) => ({ ...a, content: Buffer.from(a.content) })),
    messageId,
    date: ctx.clock.now(),
    label,
    key: `${m.recordKey.PK}#${m.recordKey.SK}`,
  };
  const facts = { kind: m.kind, mailKey: m.key, language: m.language, subject: mail.subject };
  try {
    const { providerMessageId } = await ctx.ports.mailer.send(outgoing);
    return { recordKey: m.recordKey, claimId: m.claimId, messageId, providerMessageId, to: m.to, ...facts };
  } catch (error) {
    await failed(ctx, m.recordKey, m.claimId, m.pilotId, { from, to: m.to, raw: pack(outgoing), messageId, label, ...facts }, 1, error);
    return undefined;
  }
};

/**
 * Whether the e-mail for `key` went to every language among the recipients,
 * now or in an earlier run: what a caller that records the sending beside
 * the e-mail asks when sendOnce sent nothing now, because a run cut off
 * between the e-mail and its own record (a crash) sent it already.
 */
export const sentBefore = async (ctx: StoreContext, opts: { pilotId?: string; key: string; to: Recipient[] }): Promise<boolean> => {
  const languages = [...new Set(opts.to.map((r) => r.language))];
  const sent = await Promise.all(languages.map((language) => mailSent(ctx, mailRecordKey(opts.pilotId, opts.key, language))));
  return sent.every(Boolean);
};

/** What the scheduler's wake-up carries for a retry: the mail record and the attempts made so far. */
export interface MailRetry {
  sk: string;
  attempt: number;
}

/**
 * A refused e-mail's retry is due: sends the message as composed the first
 * time (same Message-ID), once, whichever retry or duplicate delivery gets
 * here first. Another refusal schedules the next attempt, or gives up.
 */
export const retryMail = async (ctx: ServiceContext, pilotId: string, retry: MailRetry): Promise<'sent' | 'stale' | 'failed'> => {
  const recordKey = mailRecordKeyOfRetry(pilotId || undefined, retry.sk);
  const mail = await claimRetry(ctx, recordKey, retry.attempt);
  if (mail === 'handled') return 'stale';
  // The scheduler's target retries a failed invocation after its lease: the holder's outcome, or a takeover.
  if (mail === 'in-flight') throw new MailInFlightError(`a retry of this e-mail is being sent by another try; try again after its lease`);
  let providerMessageId: string;
  try {
    ({ providerMessageId } = await ctx.ports.mailer.send({ ...unpack(mail.raw), from: mail.from, to: mail.to, messageId: mail.messageId, label: mail.label }));
  } catch (error) {
    await failed(ctx, recordKey, mail.claimId, pilotId || undefined, mail, mail.attempts + 1, error);
    return 'failed';
  }
  if (!(await markMailSent(ctx, recordKey, pilotId || undefined, mail.claimId, { ...mail, providerMessageId, attempts: mail.attempts + 1 }))) {
    claimLost(pilotId || undefined, mail.kind);
    return 'stale';
  }
  if (pilotId) await settleMailFailure(ctx, pilotId);
  count('MailSent', { kind: mail.kind });
  return 'sent';
};

// A refused message is kept for its retry as rendered (gzipped JSON: subject,
// bodies, attachments in base64, its date), and sent again exactly so.
type Packed = Pick<OutgoingMail, 'subject' | 'html' | 'text'> & { date: string; attachments: { filename: string; content: string; contentType: string }[] };
const pack = (mail: OutgoingMail): Uint8Array =>
  gzipSync(
    JSON.stringify({
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      date: mail.date.toISOString(),
      attachments: mail.attachments.map((a) => ({ ...a, content: a.content.toString('base64') })),
    } satisfies Packed),
  );
const unpack = (raw: Uint8Array): Pick<OutgoingMail, 'subject' | 'html' | 'text' | 'date' | 'attachments'> => {
  const packed = JSON.parse(gunzipSync(raw).toString('utf8')) as Packed;
  return { ...packed, date: new Date(packed.date), attachments: packed.attachments.map((a) => ({ ...a, content: Buffer.from(a.content, 'base64') })) };
};

/**
 * This sender outlived its claim's lease (a send slower than any function's
 * timeout should allow) and another took the e-mail over: the one that took
 * it over records the outcome; the recipient may get it twice, the price of
 * never losing one. Logged, so it is seen.
 */
const claimLost = (pilotId: string | undefined, kind: string) =>
  logger.warn("mail claim taken over while sending; the outcome is the other sender's", { pilotId, kind });

const failed = async (
  ctx: ServiceContext,
  recordKey: MailRecordKey,
  claimId: string,
  pilotId: string | undefined,
  mail: FailedMail,
  attempts: number,
  error: unknown,
) => {
  const reason = error instanceof MailRefusedError ? error.reason : 'unavailable';
  const delay = MAIL_RETRY_MINUTES[attempts - 1];
  const nextAttemptAt = delay === undefined ? undefined : new Date(ctx.clock.now().getTime() + delay * 60_000).toISOString();
  if (!(await markMailFailed(ctx, recordKey, pilotId, mail, claimId, { reason, attempts, nextAttemptAt }))) return claimLost(pilotId, mail.kind);
  count(nextAttemptAt ? 'MailFailed' : 'MailAbandoned', { kind: mail.kind });
  // The refusal's name and reason only: its message may quote the recipient's address.
  logger.warn(nextAttemptAt ? 'mail refused; retried later' : 'mail refused; given up', {
    pilotId,
    kind: mail.kind,
    reason,
    attempts,
    nextAttemptAt,
    errorName: (error as Error).name,
  });
  if (nextAttemptAt) {
    await ctx.ports.scheduler.schedule({
      name: retryScheduleName(pilotId, recordKey.SK, attempts),
      at: nextAttemptAt,
      payload: { pilotId: pilotId ?? '', mailRetry: { sk: recordKey.SK, attempt: attempts } },
    });
  }
};

/** At most 64 characters of [0-9A-Za-z-_.] (EventBridge Scheduler): the record's key is hashed. */
const retryScheduleName = (pilotId: string | undefined, sk: string, attempt: number) =>
  `${pilotId ?? 'mail'}-mail-${createHash('sha256').update(sk).digest('hex').slice(0, 12)}-${attempt}`;
