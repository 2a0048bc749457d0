import { lastDayOf } from '../../domain/lifecycle.js';
import type { Participant } from '../../domain/participant.js';
import type { Pilot } from '../../domain/pilot.js';
import { codeQueue, waitsForCode } from '../../domain/vouchers.js';
import { renderVoucherMail } from '../../mail/voucher.js';
import { SYSTEM_ACTOR } from '../../store/audit.js';
import type { StoreContext } from '../../store/client.js';
import type { ServiceContext } from '../context.js';
import { participantsByIds, participantsOfPilot } from '../../store/participants.js';
import { changePilot, getPilot } from '../../store/pilots.js';
import { assignCode, assignCodes, freeCodes } from '../../store/vouchers.js';
import { participantMailKey } from '../../store/mails.js';
import { sendEach, type Language } from '../mailing.js';
import { consultantRecipients, managementRecipients, sendEscalation } from '../pilot-mails.js';
import { allParticipants, today } from './common.js';

// Handing codes out exactly once when the course ends (and to retakes), and
// e-mailing each to its participant.

/**
 * Gives one free, unexpired code to each participant waiting for one (see
 * waitsForCode: a first code after completing the course, a second after a
 * failed or missed first attempt where retakes are allowed), first codes
 * before retakes, each in enrolment order, and e-mails it. Run again, it
 * changes nothing for those who have one. Too few codes: as many as possible,
 * the rest wait (codes loaded or taken back later go to them), and the
 * consultant and management are told once.
 *
 * The batches one after another (codes loaded while certification runs); the
 * state machine runs the same batches each as its own task (assignVoucherBatch).
 */
export const assignVouchers = async (ctx: ServiceContext, pilotId: string) => {
  let batch: VoucherBatch = { pass: 1, cursor: null, assigned: 0, waiting: 0, more: true };
  while (batch.more) batch = await assignVoucherBatch(ctx, pilotId, batch);
  return { assigned: batch.assigned, waiting: batch.waiting };
};

/** Participants a batch reads (in enrolment order): a step's time is one batch's, whatever the cohort's size. */
export const VOUCHER_BATCH = 100;
/** Codes handed out one by one after a lost race, and e-mails sent, at once within a batch. */
const VOUCHER_CONCURRENCY = 8;

/**
 * Where the batches have got to, carried by the state machine from one batch
 * task to the next: the pass (1: first codes, 2: retakes) and the enrolment
 * order cursor within it.
 */
export interface VoucherBatch {
  pass: 1 | 2;
  cursor: string | null;
  assigned: number;
  waiting: number;
  more: boolean;
}

/**
 * One batch of the hand-out, the code queue's order (codeQueue) in pages:
 * the next VOUCHER_BATCH participants in enrolment order who wait for a
 * code of this pass (first codes, then retakes) get the next free codes, in
 * order, several at once, and their e-mails. Once the pool runs dry, everyone
 * still queued waits (no one further back gets a code before them), the
 * shortage is raised once, and the batches end. Idempotent: a batch run
 * again finds who has a code no longer waiting and sends no e-mail twice.
 */
export const assignVoucherBatch = async (ctx: ServiceContext, pilotId: string, from: Omit<VoucherBatch, 'more'>): Promise<VoucherBatch> => {
  const pilot = await getPilot(ctx, pilotId);
  const page = await participantsOfPilot(ctx, pilotId, {}, { limit: VOUCHER_BATCH, cursor: from.cursor ?? undefined });
  const batch = page.items.flatMap((participant) =>
    waitsForCode(participant, pilot.certification.retakes) === from.pass ? [{ participant, attempt: from.pass }] : [],
  );
  // The codes in their order (soonest expiry first) to the queue in its order; one that lost its
  // code to a racing assignment (a load, a revoke) takes the next free one.
  const planned = batch.length > 0 ? await freeCodes(ctx, pilotId, today(ctx), batch.length) : [];
  // The planned pairs in few transactions (assignCodes); a row whose code a racing assignment (a load, a
  // revoke, another run) took meanwhile takes the next free one alone.
  const paired = batch.flatMap(({ participant, attempt }, i) => (planned[i] ? [{ participantId: participant.id, code: planned[i], attempt }] : []));
  const written = paired.length > 0 ? await assignCodes(ctx, pilotId, paired, SYSTEM_ACTOR) : [];
  const outcomes = await inParallel(batch, VOUCHER_CONCURRENCY, async ({ participant, attempt }, i) => {
    const outcome = written[i];
    if (!outcome) return 'no-code';
    if (outcome === 'assigned') return 'assigned';
    if (outcome === 'participant-not-eligible') return 'not-eligible';
    return giveCode(ctx, pilot, participant.id, attempt);
  });
  const assigned = from.assigned + outcomes.filter((o) => o === 'assigned').length;
  // Everyone of the page holding a code of this pass, not only those assigned now: a run cut off after
  // the assignments but before all their e-mails (a crash) is run again, finds them no longer waiting, and
  // must still send what did not go. sendEach sends nothing twice. Those of the batch as they are now, read
  // 100 to a call.
  const waited = new Set(batch.map(({ participant }) => participant.id));
  const holders = page.items.filter((p) => !waited.has(p.id) && p.voucher?.attempt === from.pass);
  const now = await participantsByIds(ctx, pilotId, [...waited]);
  await mailCodes(ctx, pilot, [...batch.flatMap(({ participant }) => now.get(participant.id) ?? []), ...holders]);

  if (outcomes.includes('no-code')) {
    // The pool is dry: everyone still in the queue waits (read once, at the end).
    const waiting = codeQueue(await allParticipants(ctx, pilotId), pilot.certification.retakes).length;
    const risk = 'voucher-shortage';
    if (!pilot.risks?.[risk]) {
      await changePilot(ctx, pilotId, {
        risks: { raise: { [risk]: { waiting } } },
        audit: { actor: SYSTEM_ACTOR, action: 'pilot.escalated', details: { risk, waiting } },
      });
    }
    await sendEscalation(ctx, pilot, risk, { waiting, assigned }, [...consultantRecipients(pilot), ...managementRecipients(pilot)]);
    return { pass: from.pass, cursor: null, assigned, waiting, more: false };
  }
  if (page.nextCursor) return { pass: from.pass, cursor: page.nextCursor, assigned, waiting: 0, more: true };
  // First codes done: the retakes, from the start, where the pilot allows them.
  if (from.pass === 1 && pilot.certification.retakes) return { pass: 2, cursor: null, assigned, waiting: 0, more: true };
  return { pass: from.pass, cursor: null, assigned, waiting: 0, more: false };
};

/** Runs `fn` over the items, at most `limit` at a time, keeping their order in the results. */
const inParallel = async <T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> => {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};

/** One code to one participant, retrying with the next free code when a racing assignment took it. */
export const giveCode = async (ctx: StoreContext, pilot: Pilot, participantId: string, attempt: 1 | 2): Promise<'assigned' | 'no-code' | 'not-eligible'> => {
  for (let tries = 0; tries < 50; tries++) {
    // First the soonest-expiring code; after a lost race, one of the next few, so racers spread out.
    const codes = await freeCodes(ctx, pilot.id, today(ctx), Math.min(tries + 1, 10));
    if (codes.length === 0) return 'no-code';
    const pick = codes[Math.floor(Math.random() * codes.length)]!;
    const outcome = await assignCode(ctx, pilot.id, participantId, pick, attempt, SYSTEM_ACTOR);
    if (outcome === 'assigned') return 'assigned';
    if (outcome === 'participant-not-eligible') return 'not-eligible';
  }
  return 'no-code';
};

/** E-mails each assigned code to its participant once, all in one batch (sendEach); those without e-mail are listed for the consultant to hand out. */
export const mailCodes = async (ctx: ServiceContext, pilot: Pilot, participants: Participant[]) => {
  const examDeadline = lastDayOf(pilot, 'certification-end');
  await sendEach(ctx, {
    pilotId: pilot.id,
    kind: 'voucher',
    mails: participants.flatMap((p) => {
      const { voucher, email } = p;
      if (!voucher || !email) return [];
      return [
        {
          key: participantMailKey(p.id, voucher.attempt),
          participantId: p.id,
          to: [{ email, language: p.language }],
          render: (language: Language) =>
            renderVoucherMail({
              pilot: { name: pilot.name },
              sponsor: voucher.sponsor,
              exam: voucher.exam,
              code: voucher.code,
              examDeadline,
              codeExpiresOn: voucher.expiresOn,
              attempt: voucher.attempt,
              participantName: p.name,
              language,
            }),
        },
      ];
    }),
  });
};
