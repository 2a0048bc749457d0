import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { LocalClock } from '../../functions/adapters/local/clock.js';
import { MailInFlightError } from '../../functions/domain/errors.js';
import { configurePorts } from '../../functions/composition.js';
import { MailRefusedError, type Mailer, type OutgoingMail } from '../../functions/ports/mailer.js';
import type { Scheduler } from '../../functions/ports/scheduler.js';
import { retryMail, sendOnce, type RenderedMail } from '../../functions/services/mailing.js';
import type { ServiceContext } from '../../functions/services/context.js';
import { claimMail, claimRetry, MAIL_CLAIM_LEASE_MS, mailRecordKey, markMailSent, releaseOrphanedClaims } from '../../functions/store/mails.js';
import { startLocalRuntime } from '../../infra/local/runtime.js';
import { freshStore, testClock } from '../support/store.js';

// Send-once under crashes: a sender that claimed an e-mail and died (a killed
// process, a Lambda's timeout) must not hold it for good, and no take-over
// may send an e-mail that went. Against DynamoDB Local: the claims are
// conditional writes.

/** A mailer that records what it sends; `hang` makes every send from now on never return (a process frozen, then killed). */
const recordingMailer = () => {
  const sent: OutgoingMail[] = [];
  let hang = false;
  let refuse = false;
  const mailer: Mailer & { sent: OutgoingMail[]; hang(): void; refuse(on: boolean): void } = {
    sent,
    hang: () => void (hang = true),
    refuse: (on) => void (refuse = on),
    async send(mail) {
      if (hang) return new Promise(() => undefined);
      if (refuse) throw new MailRefusedError('throttled');
      sent.push(mail);
      return { providerMessageId: `provider-${sent.length}` };
    },
  };
  return mailer;
};

const noScheduler: Scheduler = { schedule: async () => undefined, cancel: async () => undefined };
const render = (): RenderedMail => ({ subject: 'Jeres kode', html: '<p>Kode</p>', text: 'Kode' });
const to = [{ email: 'deltager@example.test', language: 'da' as const }];

let clock: ReturnType<typeof testClock>;
let store: ServiceContext;
let mailer: ReturnType<typeof recordingMailer>;
beforeEach(async () => {
  clock = testClock('2024-03-01T08:00:00.000Z');
  store = await freshStore(clock);
  mailer = recordingMailer();
  configurePorts({ mailer, scheduler: noScheduler });
});

const recordOf = async (mailKey: string) =>
  (await store.db.send(new GetCommand({ TableName: store.tableName, Key: mailRecordKey(undefined, mailKey, 'da'), ConsistentRead: true }))).Item;

describe('a claim whose sender died', () => {
  it('is held during its lease (the repeat fails to be retried, it does not pass as sent), then taken over and sent once', async () => {
    // Prepare: a sender claimed the e-mail and died before sending it.
    const died = await claimMail(store, mailRecordKey(undefined, 'outcome', 'da'));
    expect(died).toMatchObject({ claimId: expect.any(String) });

    // Act + Assess: within the lease, the repeat neither sends nor takes the e-mail as handled.
    clock.advance(MAIL_CLAIM_LEASE_MS - 1000);
    await expect(sendOnce(store, { key: 'outcome', kind: 'outcome', to, render })).rejects.toBeInstanceOf(MailInFlightError);
    expect(mailer.sent).toHaveLength(0);

    // After the lease, the next try takes the claim over and sends.
    clock.advance(2000);
    expect(await sendOnce(store, { key: 'outcome', kind: 'outcome', to, render })).toBe(1);
    expect(mailer.sent).toHaveLength(1);
    expect(await recordOf('outcome')).toMatchObject({ status: 'sent' });

    // The dead sender, had it come back after all, cannot overwrite the outcome of the one that took over.
    const late = await markMailSent(store, mailRecordKey(undefined, 'outcome', 'da'), undefined, (died as { claimId: string }).claimId, {
      messageId: '<late@test>',
      providerMessageId: 'late',
      subject: 'x',
      to: ['deltager@example.test'],
      kind: 'outcome',
      mailKey: 'outcome',
      language: 'da',
    });
    expect(late).toBe(false);
    expect((await recordOf('outcome'))?.providerMessageId).toBe('provider-1');
  });

  it('a sent e-mail is never sent again, however long after, and however many try at once', async () => {
    expect(await sendOnce(store, { key: 'invitation', kind: 'invitation', to, render })).toBe(1);

    clock.advance(30 * 24 * 60 * 60_000);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => sendOnce(store, { key: 'invitation', kind: 'invitation', to, render })));

    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'rejected'))).toEqual(Array(10).fill(0));
    expect(mailer.sent).toHaveLength(1);
  });

  it('ten tries racing for one expired claim: one conditional write wins, and the e-mail goes once', async () => {
    await claimMail(store, mailRecordKey(undefined, 'reminder', 'da'));
    clock.advance(MAIL_CLAIM_LEASE_MS + 1);

    const results = await Promise.allSettled(Array.from({ length: 10 }, () => sendOnce(store, { key: 'reminder', kind: 'reminder', to, render })));

    const sentNow = results.filter((r) => r.status === 'fulfilled' && r.value === 1);
    expect(sentNow).toHaveLength(1);
    // The others found it in flight (told to try again) or already sent: none took it as sent while it was not.
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(MailInFlightError);
    }
    expect(mailer.sent).toHaveLength(1);
    expect(await recordOf('reminder')).toMatchObject({ status: 'sent' });
  });

  it("a refused e-mail's retry whose sender died is taken over after the lease by the wake-up delivered again; a late duplicate is stale", async () => {
    // Prepare: the first send is refused (kept for its retry), then the retry's sender claims it and dies.
    mailer.refuse(true);
    await sendOnce(store, { key: 'digest', kind: 'digest', to, render });
    mailer.refuse(false);
    const recordKey = mailRecordKey(undefined, 'digest', 'da');
    expect(await claimRetry(store, recordKey, 1)).toMatchObject({ attempts: 1, claimId: expect.any(String) });

    // Act + Assess: the same wake-up again within the lease is told to come back; after it, it sends the message as composed.
    await expect(retryMail(store, '', { sk: recordKey.SK, attempt: 1 })).rejects.toBeInstanceOf(MailInFlightError);
    clock.advance(MAIL_CLAIM_LEASE_MS + 1);
    expect(await retryMail(store, '', { sk: recordKey.SK, attempt: 1 })).toBe('sent');
    expect(await retryMail(store, '', { sk: recordKey.SK, attempt: 1 })).toBe('stale');
    expect(mailer.sent).toHaveLength(1);
    expect(await recordOf('digest')).toMatchObject({ status: 'sent' });
  });
});

describe('the local stack starting again', () => {
  it("releases the claims its killed predecessor left 'sending', so the repeated step sends them at once; sent ones stay sent", async () => {
    // Prepare: one e-mail sent, one claimed by a process that was then killed (the product clock does not move).
    await sendOnce(store, { key: 'sent-before', kind: 'outcome', to, render });
    await claimMail(store, mailRecordKey(undefined, 'in-flight', 'da'));
    await expect(sendOnce(store, { key: 'in-flight', kind: 'outcome', to, render })).rejects.toBeInstanceOf(MailInFlightError);

    // Act: the local stack starts on the same table (this runs before any execution resumes).
    const runtime = await startLocalRuntime({
      db: store.db,
      tableName: store.tableName,
      clock: LocalClock.startingAt(clock.now().toISOString()),
      tickMs: 0,
      outboxDir: mkdtempSync(join(tmpdir(), 'pilot-outbox-')),
      retryDelayMs: 0,
    });
    try {
      configurePorts({ mailer, scheduler: noScheduler });

      // Assess: the repeat sends the e-mail now; the sent one is not sent again; nothing is left to release.
      expect(await sendOnce(store, { key: 'in-flight', kind: 'outcome', to, render })).toBe(1);
      expect(await sendOnce(store, { key: 'sent-before', kind: 'outcome', to, render })).toBe(0);
      expect(mailer.sent).toHaveLength(2);
      expect(await releaseOrphanedClaims(store)).toBe(0);
    } finally {
      runtime.stop();
    }
  });

  it('releaseOrphanedClaims releases only claims still sending', async () => {
    await claimMail(store, mailRecordKey(undefined, 'a', 'da'));
    await claimMail(store, mailRecordKey('p1', 'b', 'en'));
    await sendOnce(store, { key: 'c', kind: 'outcome', to, render });

    expect(await releaseOrphanedClaims(store)).toBe(2);
    expect(await recordOf('a')).toMatchObject({ status: 'sending', claimedAt: new Date(0).toISOString() });
  });
});
