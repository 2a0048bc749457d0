import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MailInFlightError } from '../../functions/domain/errors.js';
import { logger } from '../../functions/logger.js';
import { configurePorts } from '../../functions/composition.js';
import { MailRefusedError, type Mailer, type OutgoingMail } from '../../functions/ports/mailer.js';
import type { Scheduler } from '../../functions/ports/scheduler.js';
import { MAIL_RETRY_MINUTES, retryMail, sendEach, sendOnce, type KeyedMail, type RenderedMail } from '../../functions/services/mailing.js';
import { auditTrailOfPilot } from '../../functions/store/audit.js';
import type { ServiceContext } from '../../functions/services/context.js';
import { claimMail, MAIL_CLAIM_LEASE_MS, mailRecordKey } from '../../functions/store/mails.js';
import { createPilot, getPilot } from '../../functions/store/pilots.js';
import { pilotInput } from '../support/fixtures.js';
import { consultant, freshStore, testClock } from '../support/store.js';

// Many individual e-mails (a cohort's voucher codes, a page of survey
// invitations) in one batch keep every guarantee of one e-mail's sendOnce:
// at most once per key, a claim another try holds is not sent and the caller
// is told to come back, a claim lost while sending is the taker's, a refused
// message is kept and retried. Against DynamoDB Local: the claims and the
// records are conditional writes, batched.

/** A mailer that records what it sends; `onSend` runs first (refuse one, or let another try take a claim over). */
const recordingMailer = () => {
  const sent: OutgoingMail[] = [];
  const mailer: Mailer & { sent: OutgoingMail[]; onSend?: (mail: OutgoingMail) => Promise<void> } = {
    sent,
    async send(mail) {
      await mailer.onSend?.(mail);
      sent.push(mail);
      return { providerMessageId: `provider-${sent.length}` };
    },
  };
  return mailer;
};

const render = (): RenderedMail => ({ subject: 'Jeres kode', html: '<p>Kode</p>', text: 'Kode' });
/** Participant ids (the trail takes our ids only). */
const ids = Array.from({ length: 100 }, () => randomUUID());
const mail = (n: number): KeyedMail => ({
  key: `voucher#${ids[n]}#1`,
  participantId: ids[n]!,
  to: [{ email: `deltager${n}@example.test`, language: 'da' }],
  render,
});
const mails = (count: number) => Array.from({ length: count }, (_, i) => mail(i));

let clock: ReturnType<typeof testClock>;
let store: ServiceContext;
let mailer: ReturnType<typeof recordingMailer>;
let scheduled: Parameters<Scheduler['schedule']>[0][];
let calls: string[];
let pilotId: string;
beforeEach(async () => {
  clock = testClock('2024-03-01T08:00:00.000Z');
  store = await freshStore(clock);
  mailer = recordingMailer();
  scheduled = [];
  configurePorts({ mailer, scheduler: { schedule: async (s) => void scheduled.push(s), cancel: async () => undefined } });
  pilotId = (await createPilot(store, pilotInput(), consultant)).id;
  // Every DynamoDB call the store makes from here, by operation.
  calls = [];
  store.db.middlewareStack.add(
    (next, context) => (args) => {
      calls.push(context.commandName ?? '?');
      return next(args);
    },
    { step: 'initialize', name: 'testCallCounter' },
  );
});

const recordOf = async (key: string) =>
  (await store.db.send(new GetCommand({ TableName: store.tableName, Key: mailRecordKey(pilotId, key, 'da'), ConsistentRead: true }))).Item;
const sentEntries = async () => (await auditTrailOfPilot(store, pilotId, { limit: 500 })).items.filter((e) => e.action === 'mail.sent');
/** The keys of the mails an entry names: one mail's entry, or a batch's list. */
const keysIn = (details: Record<string, unknown> | undefined): string[] =>
  Array.isArray(details?.mails) ? (details.mails as { key: string }[]).map((m) => m.key) : [String(details?.key)];

describe('a batch of individual e-mails', () => {
  it('100 e-mails: claimed in 4 calls, recorded in 4 audit entries naming the mails and their participants, each written before its 25 records', async () => {
    expect(await sendEach(store, { pilotId, kind: 'voucher', mails: mails(100) })).toBe(100);

    expect(mailer.sent).toHaveLength(100);
    expect(new Set(mailer.sent.map((m) => m.to[0])).size).toBe(100);
    // The claims (4 batches), then per 25 sent the entry (a Put) and the records (a batch), not in a
    // transaction (which bills each item twice); the entry goes first (the crash test below).
    expect(calls.slice(0, 4)).toEqual(Array(4).fill('BatchExecuteStatementCommand'));
    expect(calls.filter((c) => c === 'PutItemCommand')).toHaveLength(4);
    expect(calls.filter((c) => c === 'BatchExecuteStatementCommand')).toHaveLength(8);
    expect(calls).toHaveLength(12);
    const entries = await sentEntries();
    expect(entries).toHaveLength(4);
    expect(entries.flatMap((e) => keysIn(e.details)).sort()).toEqual(
      mails(100)
        .map((m) => m.key)
        .sort(),
    );
    expect(entries.flatMap((e) => e.participantIds ?? []).sort()).toEqual(
      mails(100)
        .map((m) => m.participantId)
        .sort(),
    );
    expect(entries.every((e) => e.details?.kind === 'voucher')).toBe(true);
    expect(await recordOf(mail(42).key)).toMatchObject({ status: 'sent', recipients: ['deltager42@example.test'] });

    // Run again (a retried step): nothing is sent twice, and nothing more is written to the trail.
    expect(await sendEach(store, { pilotId, kind: 'voucher', mails: mails(100) })).toBe(0);
    expect(mailer.sent).toHaveLength(100);
    expect(await sentEntries()).toHaveLength(4);
  });

  it('mails of two kinds in one batch (the companies’ schedules and the consultant’s): one claim call, one audit entry, one call marking both sent, each mail its own kind', async () => {
    const batch: KeyedMail[] = [
      { key: 'company#c1#schedule', to: [{ email: 'kontakt@firma.test', language: 'da' }], render },
      { key: 'schedule#consultant', kind: 'match-schedule', to: [{ email: 'konsulent@kk.test', language: 'da' }], render },
    ];
    expect(await sendEach(store, { pilotId, kind: 'company-schedule', mails: batch })).toBe(2);

    // Claimed together; the trail's one entry first, then both records marked sent in one statement batch.
    expect(calls).toEqual(['BatchExecuteStatementCommand', 'PutItemCommand', 'BatchExecuteStatementCommand']);
    expect(mailer.sent.map((m) => m.label).sort()).toEqual(['company-schedule-da', 'match-schedule-da']);
    const [entry] = await sentEntries();
    expect((entry?.details?.mails as { key: string; kind: string }[]).map((m) => [m.key, m.kind]).sort()).toEqual([
      ['company#c1#schedule', 'company-schedule'],
      ['schedule#consultant', 'match-schedule'],
    ]);
  });

  it('part of it held by another try: the rest go, the held ones do not, the caller is told to come back, and after the lease only those go', async () => {
    // Prepare: one mail sent before, two claimed by another try that is still sending them.
    await sendOnce(store, { pilotId, key: mail(3).key, kind: 'voucher', to: mail(3).to, render });
    await claimMail(store, mailRecordKey(pilotId, mail(1).key, 'da'));
    await claimMail(store, mailRecordKey(pilotId, mail(4).key, 'da'));
    mailer.sent.length = 0;

    // Act + Assess: within the lease, the batch sends the others and fails to be retried (never "done").
    await expect(sendEach(store, { pilotId, kind: 'voucher', mails: mails(6) })).rejects.toBeInstanceOf(MailInFlightError);
    expect(mailer.sent.map((m) => m.to[0]).sort()).toEqual(['deltager0@example.test', 'deltager2@example.test', 'deltager5@example.test']);
    expect(await recordOf(mail(1).key)).toMatchObject({ status: 'sending' });
    expect(await recordOf(mail(5).key)).toMatchObject({ status: 'sent' });

    // The other try died: after its lease the repeat takes its two over and sends only them.
    clock.advance(MAIL_CLAIM_LEASE_MS + 1);
    expect(await sendEach(store, { pilotId, kind: 'voucher', mails: mails(6) })).toBe(2);
    expect(mailer.sent.map((m) => m.to[0]).sort()).toEqual([0, 1, 2, 4, 5].map((n) => `deltager${n}@example.test`));
    expect((await sentEntries()).flatMap((e) => keysIn(e.details)).sort()).toEqual(
      mails(6)
        .map((m) => m.key)
        .sort(),
    );
  });

  it("a claim lost while the batch sends: the others are recorded, the lost one is logged and keeps its taker's claim, and the trail names all that went", async () => {
    // Prepare: while the batch sends mail 2, its lease runs out and another try takes it over (this sender outlived its lease).
    const warn = vi.spyOn(logger, 'warn');
    let taker: Awaited<ReturnType<typeof claimMail>> | undefined;
    mailer.onSend = async (m) => {
      if (m.to[0] !== 'deltager2@example.test' || taker) return;
      clock.advance(MAIL_CLAIM_LEASE_MS + 1);
      taker = await claimMail(store, mailRecordKey(pilotId, mail(2).key, 'da'));
    };

    // Act
    const sent = await sendEach(store, { pilotId, kind: 'voucher', mails: mails(5) });

    // Assess: four recorded as sent; the lost one is left to the taker, whose claim stands. The trail
    // names the five this sender sent (it did send the lost one; the taker's send will have its own entry).
    expect(taker).toMatchObject({ claimId: expect.any(String) });
    expect(sent).toBe(4);
    expect(await recordOf(mail(2).key)).toMatchObject({ status: 'sending', claimId: (taker as { claimId: string }).claimId });
    for (const n of [0, 1, 3, 4]) expect(await recordOf(mail(n).key)).toMatchObject({ status: 'sent' });
    expect((await sentEntries()).flatMap((e) => keysIn(e.details)).sort()).toEqual([0, 1, 2, 3, 4].map((n) => mail(n).key).sort());
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('mail claim taken over'), expect.objectContaining({ pilotId, kind: 'voucher' }));
    warn.mockRestore();
  });

  it('a refused e-mail inside it: kept for its retry with backoff and counted on the pilot; the others are recorded; the retry sends it once', async () => {
    // Prepare: the mail service refuses one recipient (a sandbox's unverified address).
    mailer.onSend = async (m) => {
      if (m.to[0] === 'deltager1@example.test') throw new MailRefusedError('not-verified');
    };

    // Act
    expect(await sendEach(store, { pilotId, kind: 'voucher', mails: mails(4) })).toBe(3);

    // Assess: the refusal is kept with its message and its retry scheduled; the lifecycle goes on.
    const failed = await recordOf(mail(1).key);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, reason: 'not-verified' });
    expect(failed?.nextAttemptAt).toBe(new Date(clock.now().getTime() + MAIL_RETRY_MINUTES[0] * 60_000).toISOString());
    expect(scheduled).toHaveLength(1);
    expect((await getPilot(store, pilotId)).mailFailures).toBe(1);
    expect((await sentEntries()).flatMap((e) => keysIn(e.details)).sort()).toEqual([0, 2, 3].map((n) => mail(n).key).sort());

    // The batch again sends nothing; the retry, once the address is accepted, sends the message as composed, once.
    expect(await sendEach(store, { pilotId, kind: 'voucher', mails: mails(4) })).toBe(0);
    mailer.onSend = undefined;
    const retry = scheduled[0]!.payload as { mailRetry: { sk: string; attempt: number } };
    expect(await retryMail(store, pilotId, retry.mailRetry)).toBe('sent');
    expect(await retryMail(store, pilotId, retry.mailRetry)).toBe('stale');
    expect(mailer.sent.filter((m) => m.to[0] === 'deltager1@example.test')).toHaveLength(1);
    expect((await getPilot(store, pilotId)).mailFailures).toBe(0);
  });

  it('a crash while recording: no record is ever sent without its entry; records cut off stay claims, taken over after the lease', async () => {
    // Prepare: the process dies at its first write after the sends: the entry (first run), then the records (second run).
    const crashAt = (command: string, when: (input: Record<string, unknown>) => boolean) => {
      const name = `crash-${command}`;
      store.db.middlewareStack.add(
        (next, context) => (args) => {
          if (context.commandName === command && when(args.input as Record<string, unknown>)) throw new Error('the process died');
          return next(args);
        },
        { step: 'initialize', name },
      );
      return () => store.db.middlewareStack.remove(name);
    };
    const marksSent = (input: Record<string, unknown>) =>
      ((input.Statements as { Statement: string }[] | undefined) ?? []).some((s) => s.Statement.startsWith('UPDATE') && s.Statement.includes('"sentAt"'));
    const records = async () => Promise.all(mails(5).map((m) => recordOf(m.key)));

    // Act + Assess: dying at the entry leaves every record a claim, and the trail without an entry.
    let undo = crashAt('PutItemCommand', () => true);
    await expect(sendEach(store, { pilotId, kind: 'voucher', mails: mails(5) })).rejects.toThrow('the process died');
    undo();
    expect((await records()).map((r) => r?.status)).toEqual(Array(5).fill('sending'));
    expect(await sentEntries()).toHaveLength(0);

    // After the lease the repeat takes them over, sends them again (as a crash between a send and its record
    // always did) and dies at the records: the trail names the five it sent; the records are still claims.
    clock.advance(MAIL_CLAIM_LEASE_MS + 1);
    undo = crashAt('BatchExecuteStatementCommand', marksSent);
    await expect(sendEach(store, { pilotId, kind: 'voucher', mails: mails(5) })).rejects.toThrow('the process died');
    undo();
    expect((await records()).map((r) => r?.status)).toEqual(Array(5).fill('sending'));
    expect((await sentEntries()).flatMap((e) => keysIn(e.details)).sort()).toEqual(
      mails(5)
        .map((m) => m.key)
        .sort(),
    );

    // Within the lease nothing goes (the claims hold); after it the next try sends and records them, each sent record with its entry.
    await expect(sendEach(store, { pilotId, kind: 'voucher', mails: mails(5) })).rejects.toBeInstanceOf(MailInFlightError);
    expect(mailer.sent).toHaveLength(10);
    clock.advance(MAIL_CLAIM_LEASE_MS + 1);
    expect(await sendEach(store, { pilotId, kind: 'voucher', mails: mails(5) })).toBe(5);
    expect((await records()).map((r) => r?.status)).toEqual(Array(5).fill('sent'));
    const entries = await sentEntries();
    expect(entries).toHaveLength(2);
    for (const record of await records()) {
      expect(entries.at(-1)!.details?.mails).toContainEqual(expect.objectContaining({ messageId: record?.messageId }));
    }
    expect(await sendEach(store, { pilotId, kind: 'voucher', mails: mails(5) })).toBe(0);
  });

  it('ten batches racing for the same mails: each mail goes once', async () => {
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => sendEach(store, { pilotId, kind: 'voucher', mails: mails(30) })));

    // A batch that found mails another batch held fails to be retried; none takes them as sent.
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(MailInFlightError);
    expect(results.reduce((n, r) => n + (r.status === 'fulfilled' ? r.value : 0), 0)).toBeLessThanOrEqual(30);
    expect(mailer.sent).toHaveLength(30);
    expect(new Set(mailer.sent.map((m) => m.to[0])).size).toBe(30);
    expect((await sentEntries()).flatMap((e) => keysIn(e.details))).toHaveLength(30);
  });
});
