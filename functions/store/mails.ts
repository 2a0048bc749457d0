import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { lazySchema } from '../domain/lazy-schema.js';
import { auditPut, SYSTEM_ACTOR } from './audit.js';
import type { StoreContext } from './client.js';
import { itemReader, keyOf } from './items.js';
import { pilotItemsWithPrefix } from './pagination.js';
import { ensureRisks } from './pilots.js';
import { executeEach, insertStatement, partiqlTable, type Statement } from './statements.js';
import { key } from './table.js';
import { MAX_TRANSACTION_ACTIONS, transact, transactRows, type TransactItem } from './transact.js';

// The record of one e-mail (one key, one language): claimed before sending,
// then sent, or failed (with the composed message kept, gzipped, for the
// retry) and finally sent or abandoned. Only a pilot's mails raise its
// `mail-failed` risk; the digest's have no pilot.

const MAIL_STATUSES = ['sending', 'sent', 'failed', 'abandoned'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];
export const MAIL_FAILED_RISK = 'mail-failed';

/**
 * A mail record as stored, whatever its status: what claiming, sending and
 * the subject access export read of it. A failed record also keeps the
 * message for its retry (read by claimRetry, below).
 */
const MailRecordSchema = lazySchema(() =>
  z.object({
    status: z.enum(MAIL_STATUSES),
    claimedAt: z.string().optional(),
    attempts: z.number().int().optional(),
    subject: z.string().optional(),
    recipients: z.array(z.string()).optional(),
    sentAt: z.string().optional(),
    failedAt: z.string().optional(),
    reason: z.string().optional(),
  }),
);
const readMail = itemReader('mail', MailRecordSchema);

export interface MailRecordKey {
  PK: string;
  SK: string;
}

export const mailRecordKey = (pilotId: string | undefined, mailKey: string, language: string): MailRecordKey => ({
  PK: pilotId ? key.pilot(pilotId).PK : 'MAIL',
  SK: `MAIL#${mailKey}#${language}`,
});

/** Whether the mail of this key and language went (now or by an earlier run). */
export const mailSent = async (ctx: StoreContext, recordKey: MailRecordKey): Promise<boolean> => {
  const { Item } = await ctx.db.send(new GetCommand({ TableName: ctx.tableName, Key: recordKey, ConsistentRead: true }));
  return Item !== undefined && readMail(Item).status === 'sent';
};

/** The record a retry's wake-up names by its sort key (the digest's mails have no pilot). */
export const mailRecordKeyOfRetry = (pilotId: string | undefined, sk: string): MailRecordKey => ({ PK: pilotId ? key.pilot(pilotId).PK : 'MAIL', SK: sk });

/**
 * The send-once keys of the e-mails that go to a citizen: their voucher codes
 * and the survey's invitation and reminder. Kept here, with the records, so
 * that erasure, retention and the subject access export find them by prefix.
 */
export const participantMailKey = (participantId: string, attempt: number): string => `voucher#${participantId}#${attempt}`;
export const surveyMailKey = (step: 'invite' | 'remind', participantId: string): string => `survey#${step}#${participantId}`;
/** Each kind of e-mail to a participant: the prefix of one participant's records, and of every participant's in a pilot. */
const PARTICIPANT_MAILS = [
  { kind: 'voucher', of: (pid: string) => `MAIL#voucher#${pid}#`, all: 'MAIL#voucher#' },
  { kind: 'survey-invitation', of: (pid: string) => `MAIL#survey#invite#${pid}#`, all: 'MAIL#survey#invite#' },
  { kind: 'survey-reminder', of: (pid: string) => `MAIL#survey#remind#${pid}#`, all: 'MAIL#survey#remind#' },
] as const;

/** What the record of an e-mail to a participant says (never the message: a sent mail's record keeps none). */
export interface ParticipantMail {
  kind: string;
  language: string;
  status: MailStatus;
  /** A voucher code's attempt (1 or 2). */
  attempt?: number;
  subject?: string;
  recipients?: string[];
  sentAt?: string;
  failedAt?: string;
  reason?: string;
}

const participantMailRecords = async (ctx: StoreContext, pilotId: string, participantId?: string) =>
  (
    await Promise.all(
      PARTICIPANT_MAILS.map((m) => pilotItemsWithPrefix(ctx, pilotId, participantId ? m.of(participantId) : m.all, (item) => ({ kind: m.kind, item }))),
    )
  ).flat();

/**
 * The records of every e-mail of the pilot to a participant, by key: one
 * query of all the pilot's mail records (a call per MB), not one per kind;
 * the few that are not a participant's (its companies', its consultants')
 * are read too and left out.
 */
export const participantMailRecordKeys = async (ctx: StoreContext, pilotId: string): Promise<MailRecordKey[]> =>
  (await pilotItemsWithPrefix(ctx, pilotId, 'MAIL#', (item) => keyOf('mail', item))).filter((k) => PARTICIPANT_MAILS.some((m) => k.SK.startsWith(m.all)));

/** The e-mails sent (or tried) to one participant in a pilot. */
export const mailsToParticipant = async (ctx: StoreContext, pilotId: string, participantId: string): Promise<ParticipantMail[]> =>
  (await participantMailRecords(ctx, pilotId, participantId)).map(({ kind, item }) => {
    const mail = readMail(item);
    const sk = keyOf('mail', item).SK.split('#');
    return {
      kind,
      language: sk.at(-1)!,
      status: mail.status,
      ...(kind === 'voucher' ? { attempt: Number(sk.at(-2)) } : {}),
      ...(mail.subject ? { subject: mail.subject } : {}),
      ...(mail.recipients ? { recipients: mail.recipients } : {}),
      ...(mail.sentAt ? { sentAt: mail.sentAt } : {}),
      ...(mail.failedAt ? { failedAt: mail.failedAt } : {}),
      ...(mail.reason ? { reason: mail.reason } : {}),
    };
  });

/**
 * Erasure: the records of a participant's e-mails keep that they went (the
 * send-once guard) but lose the address and any message kept for a retry.
 * One batched call for all of them (statements.ts); a record gone meanwhile
 * (its TTL) has nothing left to forget.
 */
export const forgetParticipantMails = async (ctx: StoreContext, pilotId: string, participantId: string): Promise<void> => {
  await executeEach(
    ctx,
    (await participantMailRecords(ctx, pilotId, participantId)).map(({ item }) => {
      const { PK, SK } = keyOf('mail', item);
      return {
        // A mail not sent has no one left to go to: it is given up.
        Statement: `UPDATE ${partiqlTable(ctx)} SET "status" = ? REMOVE "recipients" REMOVE "raw" REMOVE "from" REMOVE "nextAttemptAt" WHERE "PK" = ? AND "SK" = ?`,
        Parameters: [readMail(item).status === 'sent' ? 'sent' : 'abandoned', PK, SK],
      };
    }),
  );
};

/** What a failed mail keeps for its retry: the message as rendered (`raw`, packed by services/mailing.ts), and what the record and audit say about it. */
export interface FailedMail {
  from: string;
  to: string[];
  raw: Uint8Array;
  messageId: string;
  label: string;
  kind: string;
  mailKey: string;
  language: string;
  subject: string;
}

/** A failed record as claimRetry takes it: the message kept for the retry (its recipients are `to` in FailedMail), and the attempts made. */
const readFailedMail = itemReader(
  'mail',
  z.object({
    from: z.string(),
    recipients: z.array(z.string()),
    raw: z.instanceof(Uint8Array),
    messageId: z.string(),
    label: z.string(),
    kind: z.string(),
    mailKey: z.string(),
    language: z.string(),
    subject: z.string(),
    attempts: z.number().int(),
  }),
);

/**
 * How long a claim protects its sender. Longer than any function that sends
 * may run (the longest timeout is the digest's minute; test/infra asserts the
 * margin), so a claim older than this belongs to a sender that is gone: it
 * died between claiming and sending (a crash, a timeout), and the next try
 * takes the e-mail over. Short enough that the Lambda's own retries of an
 * async invocation (after about 1 and 3 minutes) and the state machine's
 * retrier for MailInFlightError (workflows/definition.ts) reach past it.
 */
export const MAIL_CLAIM_LEASE_MS = 2 * 60_000;

/** What claiming a mail found: the claim is this sender's, or the mail was handled (sent, failed, abandoned), or another sender holds it. */
export type MailClaim = { claimId: string } | 'handled' | 'in-flight';

/**
 * Claims the record for sending: new, or a claim whose lease ran out (its
 * sender died). A record sent, failed (its retry is scheduled) or abandoned
 * is never claimed again here: nothing is sent twice by a repeat. The claim
 * carries a random id, and only its holder may record the outcome
 * (markMailsSent, markMailFailed), so a sender that outlived its lease cannot
 * overwrite the outcome of the one that took over.
 */
export const claimMail = async (ctx: StoreContext, recordKey: MailRecordKey): Promise<MailClaim> => (await claimMails(ctx, [recordKey]))[0]!;

/**
 * claimMail for many records in few calls, each under its own condition, so
 * one record's answer never depends on another's (statements.ts): a batch
 * of new records is one call per 25 (an INSERT, refused where the record
 * exists); only records that exist are looked at again: a takeover of an
 * expired claim (an UPDATE under the lease's condition), and for those still
 * refused one read of their status (in flight or handled).
 */
export const claimMails = async (ctx: StoreContext, recordKeys: readonly MailRecordKey[]): Promise<MailClaim[]> => {
  const now = ctx.clock.now();
  const claimedAt = now.toISOString();
  const claimIds = recordKeys.map(() => randomUUID());
  const claims: MailClaim[] = new Array(recordKeys.length);
  const inserted = await executeEach(
    ctx,
    recordKeys.map((k, i) => insertStatement(ctx, { PK: k.PK, SK: k.SK, entity: 'mail', status: 'sending', claimedAt, claimId: claimIds[i] })),
  );
  const existing: number[] = [];
  inserted.forEach((outcome, i) => (outcome === 'written' ? (claims[i] = { claimId: claimIds[i]! }) : existing.push(i)));
  if (existing.length === 0) return claims;
  const expired = new Date(now.getTime() - MAIL_CLAIM_LEASE_MS).toISOString();
  const takenOver = await executeEach(
    ctx,
    existing.map((i): Statement => ({
      Statement: `UPDATE ${partiqlTable(ctx)} SET "claimedAt" = ? SET "claimId" = ? WHERE "PK" = ? AND "SK" = ? AND "status" = ? AND "claimedAt" < ?`,
      Parameters: [claimedAt, claimIds[i], recordKeys[i]!.PK, recordKeys[i]!.SK, 'sending', expired],
    })),
  );
  const refused = existing.filter((i, j) => (takenOver[j] === 'written' ? ((claims[i] = { claimId: claimIds[i]! }), false) : true));
  const statuses = await mailStatuses(
    ctx,
    refused.map((i) => recordKeys[i]!),
  );
  refused.forEach((i, j) => (claims[i] = statuses[j] === 'sending' ? 'in-flight' : 'handled'));
  return claims;
};

/** The status of each record (undefined: none), read consistently, 100 a call. */
const mailStatuses = async (ctx: StoreContext, recordKeys: readonly MailRecordKey[]): Promise<(MailStatus | undefined)[]> => {
  const found = new Map<string, MailStatus>();
  for (let i = 0; i < recordKeys.length; i += 100) {
    let pending: Record<string, unknown>[] = recordKeys.slice(i, i + 100).map((k) => ({ PK: k.PK, SK: k.SK }));
    while (pending.length > 0) {
      const { Responses, UnprocessedKeys } = await ctx.db.send(
        new BatchGetCommand({
          RequestItems: {
            [ctx.tableName]: {
              Keys: pending,
              ConsistentRead: true,
              ProjectionExpression: 'PK, SK, #status',
              ExpressionAttributeNames: { '#status': 'status' },
            },
          },
        }),
      );
      for (const item of Responses?.[ctx.tableName] ?? []) {
        const { PK, SK } = keyOf('mail', item);
        found.set(`${PK}#${SK}`, readMailStatus(item).status);
      }
      pending = UnprocessedKeys?.[ctx.tableName]?.Keys ?? [];
    }
  }
  return recordKeys.map((k) => found.get(`${k.PK}#${k.SK}`));
};
const readMailStatus = itemReader('mail', MailRecordSchema.pick({ status: true }));

/**
 * Releases every claim still `sending`, for a sender that is known to be the
 * only one and has just started: the local stack after a restart. Its
 * previous process died with those claims, and the step that made them is
 * run again at once; without this, that repeat found the claim held (the
 * lease runs on for minutes), took the mail as handled and went on, and the
 * mail was never sent (seen as lost voucher codes and company invitations in
 * test/chaos/crash-torture.test.ts). A released claim is taken over by the
 * repeat; the outbox sees a message already written for its key. A scan: the
 * local table is small and this runs once per start. Returns how many.
 */
export const releaseOrphanedClaims = async (ctx: StoreContext): Promise<number> => {
  let released = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ctx.db.send(
      new ScanCommand({
        TableName: ctx.tableName,
        FilterExpression: '#entity = :mail AND #status = :sending',
        ExpressionAttributeNames: { '#entity': 'entity', '#status': 'status' },
        ExpressionAttributeValues: { ':mail': 'mail', ':sending': 'sending' },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      try {
        await ctx.db.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: keyOf('mail', item),
            // The lease's start moved to the epoch: expired for the next claim, whatever the clock says.
            UpdateExpression: 'SET claimedAt = :released',
            ConditionExpression: '#status = :sending AND claimedAt = :seen',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':sending': 'sending', ':seen': readMail(item).claimedAt, ':released': new Date(0).toISOString() },
          }),
        );
        released++;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return released;
};

/**
 * Claims a failed record for its retry number `attempt` (the attempts made
 * so far), or takes over that retry's claim when its sender died (its lease
 * ran out). 'handled' when it was sent, abandoned, or retried meanwhile: a
 * wake-up delivered twice sends once. 'in-flight' while another sender's
 * claim holds.
 */
export const claimRetry = async (
  ctx: StoreContext,
  recordKey: MailRecordKey,
  attempt: number,
): Promise<(FailedMail & { attempts: number; claimId: string }) | 'handled' | 'in-flight'> => {
  const now = ctx.clock.now();
  const claimId = randomUUID();
  try {
    const { Attributes } = await ctx.db.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: recordKey,
        UpdateExpression: 'SET #status = :sending, claimedAt = :now, claimId = :claimId',
        ConditionExpression: '#attempts = :attempt AND (#status = :failed OR (#status = :sending AND claimedAt < :expired))',
        ExpressionAttributeNames: { '#status': 'status', '#attempts': 'attempts' },
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':failed': 'failed',
          ':now': now.toISOString(),
          ':expired': new Date(now.getTime() - MAIL_CLAIM_LEASE_MS).toISOString(),
          ':claimId': claimId,
          ':attempt': attempt,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const { recipients, ...mail } = readFailedMail(Attributes!);
    return { ...mail, to: recipients, claimId };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  const { Item } = await ctx.db.send(new GetCommand({ TableName: ctx.tableName, Key: recordKey, ConsistentRead: true }));
  return Item !== undefined && readMail(Item).status === 'sending' ? 'in-flight' : 'handled';
};

/** A mail that went, as its record and the audit say it. */
export interface SentMail {
  recordKey: MailRecordKey;
  claimId: string;
  messageId: string;
  providerMessageId: string;
  subject: string;
  to: string[];
  kind: string;
  mailKey: string;
  language: string;
  /** The participant it went to, named by the audit entry (e-mails to a citizen). */
  participantId?: string;
  attempts?: number;
}

/**
 * The mail went: the record says so (the kept message is dropped), with its
 * audit entry. Only the claim's holder records it: false (nothing written)
 * when the claim was taken over, because this sender outlived its lease.
 */
export const markMailSent = async (
  ctx: StoreContext,
  recordKey: MailRecordKey,
  pilotId: string | undefined,
  claimId: string,
  sent: Omit<SentMail, 'recordKey' | 'claimId'>,
): Promise<boolean> => (await markMailsSent(ctx, pilotId, [{ ...sent, recordKey, claimId }]))[0]!;

/** A record sending under this claim becomes sent (the condition and the change of markMailsSent, for one record). */
const sentUpdate = (ctx: StoreContext, mail: SentMail, at: string): TransactItem => ({
  Update: {
    TableName: ctx.tableName,
    Key: mail.recordKey,
    UpdateExpression:
      'SET #status = :sent, sentAt = :at, messageId = :messageId, providerMessageId = :provider, subject = :subject, recipients = :to REMOVE #raw, nextAttemptAt, claimId',
    ConditionExpression: '#status = :sending AND claimId = :claimId',
    ExpressionAttributeNames: { '#status': 'status', '#raw': 'raw' },
    ExpressionAttributeValues: {
      ':sent': 'sent',
      ':sending': 'sending',
      ':claimId': mail.claimId,
      ':at': at,
      ':messageId': mail.messageId,
      ':provider': mail.providerMessageId,
      ':subject': mail.subject,
      ':to': mail.to,
    },
  },
});

/** What the trail says of one mail (the message id ties it to the provider's bounce reports). */
const auditedMail = (mail: SentMail) => ({
  key: mail.mailKey,
  language: mail.language,
  recipients: mail.to.length,
  messageId: mail.messageId,
  ...(mail.attempts ? { attempts: mail.attempts } : {}),
});

/** The record sending under this claim becomes sent, as one statement (the condition and the change of sentUpdate). */
const sentStatement = (ctx: StoreContext, mail: SentMail, at: string): Statement => ({
  Statement:
    `UPDATE ${partiqlTable(ctx)} SET "status" = ? SET "sentAt" = ? SET "messageId" = ? SET "providerMessageId" = ? SET "subject" = ? SET "recipients" = ? ` +
    `REMOVE "raw" REMOVE "nextAttemptAt" REMOVE "claimId" WHERE "PK" = ? AND "SK" = ? AND "status" = ? AND "claimId" = ?`,
  Parameters: ['sent', at, mail.messageId, mail.providerMessageId, mail.subject, mail.to, mail.recordKey.PK, mail.recordKey.SK, 'sending', mail.claimId],
});

/** Mails named by one audit entry: as many as one transaction held with it before (the entry of 98 mails is about 19 KB). */
const MAILS_PER_ENTRY = MAX_TRANSACTION_ACTIONS - 1;

/**
 * markMailSent for many mails. Each record under its own condition (the
 * claim is still this sender's), answered row by row: a lost claim answers
 * false, the others are recorded.
 *
 * A pilot's mails are written to the trail first, ONE entry per 99 mails
 * naming them (and the participants they went to), then the records marked
 * sent, 25 a call, not in a transaction: a transaction bills every item
 * twice, and the entry and the marks need no atomicity for any guarantee
 * (bench/RESULTS.md, "Write units per participant, round 3"). The order
 * does: the trail says an e-mail went before its record does, so no record
 * is ever `sent` without its entry. The entry names the mails this sender
 * sent, which they were by the time it is written; a crash after it leaves
 * the records a claim that is still `sending`, as a crash between the send
 * and the record always has (the next try takes it over after the lease),
 * and a claim lost to a taker (this sender outlived its lease) is named too,
 * because this sender did send it. The entry is a conditional Put of a key
 * made once, so an SDK retry of a Put that was written finds it there and
 * writes no second one.
 *
 * With `alsoPerTransaction` (a count kept beside the mails, e.g. the
 * survey's invitations, that must count exactly the mails recorded) the
 * records, the entry and that item go in transactions of 98, as before: a
 * transaction a lost claim cancels is split and tried again (transactRows),
 * so the others are recorded and the lost one, alone, answers false.
 * Without a pilot (the digest's mails, no trail) the records are marked alone.
 */
export const markMailsSent = async (
  ctx: StoreContext,
  pilotId: string | undefined,
  sent: readonly SentMail[],
  alsoPerTransaction?: (recorded: readonly SentMail[]) => TransactItem,
): Promise<boolean[]> => {
  const at = ctx.clock.now().toISOString();
  if (!alsoPerTransaction) {
    if (pilotId) {
      for (let i = 0; i < sent.length; i += MAILS_PER_ENTRY) await appendEntry(ctx, auditPut(ctx, pilotId, sentEntry(sent.slice(i, i + MAILS_PER_ENTRY))));
    }
    const outcomes = await executeEach(
      ctx,
      sent.map((mail) => sentStatement(ctx, mail, at)),
    );
    return outcomes.map((o) => o === 'written');
  }
  const written = await transactRows(ctx, sent, {
    // Room for the audit entry and the count kept beside the mails.
    rowsPerTransaction: MAX_TRANSACTION_ACTIONS - 2,
    build: (chunk) => [
      ...chunk.map((mail) => sentUpdate(ctx, mail, at)),
      ...(pilotId ? [auditPut(ctx, pilotId, sentEntry(chunk))] : []),
      alsoPerTransaction(chunk),
    ],
  });
  return written.map(({ outcome }) => outcome.committed);
};

/** Writes one audit entry on its own; its key is made once (auditPut), so finding it there (an SDK retry of a Put that was written) is done. */
const appendEntry = async (ctx: StoreContext, entry: TransactItem): Promise<void> => {
  try {
    await ctx.db.send(new PutCommand(entry.Put!));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
};

/** One mail: the entry as it always was; several: one entry naming them all (and the participants they went to). */
const sentEntry = (chunk: readonly SentMail[]) => {
  const [first] = chunk;
  if (chunk.length === 1) {
    return {
      actor: SYSTEM_ACTOR,
      action: 'mail.sent',
      ...(first!.participantId ? { participantId: first!.participantId } : {}),
      details: { kind: first!.kind, ...auditedMail(first!) },
    };
  }
  const participantIds = [...new Set(chunk.flatMap((m) => (m.participantId ? [m.participantId] : [])))];
  const kinds = new Set(chunk.map((m) => m.kind));
  return {
    actor: SYSTEM_ACTOR,
    action: 'mail.sent',
    ...(participantIds.length ? { participantIds } : {}),
    // The kind once when they share it (a mailing's batch), else on each.
    details: kinds.size === 1 ? { kind: first!.kind, mails: chunk.map(auditedMail) } : { mails: chunk.map((m) => ({ kind: m.kind, ...auditedMail(m) })) },
  };
};

/**
 * The mail service refused the mail: the record keeps the message for the
 * retry at `nextAttemptAt` (or, with none, gives up: `abandoned`, and the
 * message is dropped). The first failure of a mail counts on the pilot
 * (`mailFailures`) and raises its `mail-failed` risk, in one transaction with
 * the audit entry. Only the claim's holder records it (false otherwise).
 */
export const markMailFailed = async (
  ctx: StoreContext,
  recordKey: MailRecordKey,
  pilotId: string | undefined,
  mail: FailedMail,
  claimId: string,
  failure: { reason: string; attempts: number; nextAttemptAt: string | undefined },
): Promise<boolean> => {
  const now = ctx.clock.now().toISOString();
  const abandoned = failure.nextAttemptAt === undefined;
  const details = { kind: mail.kind, key: mail.mailKey, language: mail.language, reason: failure.reason, attempts: failure.attempts };
  if (pilotId) await ensureRisks(ctx, pilotId);
  const result = await transact(ctx, [
    {
      Update: {
        TableName: ctx.tableName,
        Key: recordKey,
        // Every attribute by #name: several (raw, reason, kind, language, from, label) are DynamoDB reserved words.
        UpdateExpression: abandoned
          ? 'SET #status = :status, #attempts = :attempts, #reason = :reason, #failedAt = :now, #kind = :kind REMOVE #raw, #nextAttemptAt'
          : 'SET #status = :status, #attempts = :attempts, #reason = :reason, #failedAt = :now, #nextAttemptAt = :next, #kind = :kind, #mailKey = :mailKey, #language = :language, ' +
            '#from = :from, #recipients = :to, #raw = :raw, #messageId = :messageId, #label = :label, #subject = :subject',
        ConditionExpression: '#status = :sending AND #claimId = :claimId',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#claimId': 'claimId',
          '#attempts': 'attempts',
          '#reason': 'reason',
          '#failedAt': 'failedAt',
          '#kind': 'kind',
          '#raw': 'raw',
          '#nextAttemptAt': 'nextAttemptAt',
          ...(abandoned
            ? {}
            : {
                '#mailKey': 'mailKey',
                '#language': 'language',
                '#from': 'from',
                '#recipients': 'recipients',
                '#messageId': 'messageId',
                '#label': 'label',
                '#subject': 'subject',
              }),
        },
        ExpressionAttributeValues: {
          ':status': abandoned ? 'abandoned' : 'failed',
          ':sending': 'sending',
          ':claimId': claimId,
          ':attempts': failure.attempts,
          ':reason': failure.reason,
          ':now': now,
          ':kind': mail.kind,
          ...(abandoned
            ? {}
            : {
                ':next': failure.nextAttemptAt,
                ':mailKey': mail.mailKey,
                ':language': mail.language,
                ':from': mail.from,
                ':to': mail.to,
                ':raw': mail.raw,
                ':messageId': mail.messageId,
                ':label': mail.label,
                ':subject': mail.subject,
              }),
        },
      },
    },
    ...(pilotId
      ? [
          {
            Update: {
              TableName: ctx.tableName,
              Key: key.pilot(pilotId),
              ConditionExpression: 'attribute_exists(PK)',
              // Counted once per mail (at its first failure); the risk shows the latest failure.
              UpdateExpression: `SET risks.#risk = :risk${failure.attempts === 1 ? ' ADD mailFailures :one' : ''}`,
              ExpressionAttributeNames: { '#risk': MAIL_FAILED_RISK },
              ExpressionAttributeValues: {
                ':risk': {
                  at: now,
                  details: { kind: mail.kind, reason: failure.reason, ...(abandoned ? { abandoned: true } : { nextAttemptAt: failure.nextAttemptAt }) },
                },
                ...(failure.attempts === 1 ? { ':one': 1 } : {}),
              },
            },
          },
          auditPut(ctx, pilotId, { actor: SYSTEM_ACTOR, action: abandoned ? 'mail.abandoned' : 'mail.failed', details }),
        ]
      : []),
  ]);
  return result.committed;
};

/** The pilot's count after the decrement (UPDATED_NEW returns only it). */
const readMailFailures = itemReader('pilot', z.object({ mailFailures: z.number().int() }));

/** A failed mail went on a retry: one fewer on the pilot, and the risk goes with the last one. */
export const settleMailFailure = async (ctx: StoreContext, pilotId: string): Promise<void> => {
  const { Attributes } = await ctx.db
    .send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: key.pilot(pilotId),
        UpdateExpression: 'ADD mailFailures :minus',
        ConditionExpression: 'mailFailures > :zero',
        ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
        ReturnValues: 'UPDATED_NEW',
      }),
    )
    .catch((error: unknown) => {
      if (error instanceof ConditionalCheckFailedException) return { Attributes: undefined };
      throw error;
    });
  if (!Attributes || readMailFailures(Attributes).mailFailures !== 0) return;
  // Conditional: a failure recorded since (the count above 0 again) keeps the risk.
  await ctx.db
    .send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: key.pilot(pilotId),
        UpdateExpression: 'REMOVE risks.#risk',
        ConditionExpression: 'mailFailures = :zero',
        ExpressionAttributeNames: { '#risk': MAIL_FAILED_RISK },
        ExpressionAttributeValues: { ':zero': 0 },
      }),
    )
    .catch((error: unknown) => {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
};
