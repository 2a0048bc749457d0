import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParticipantInputSchema, type Participant } from '../../functions/domain/participant.js';
import type { StoreContext } from '../../functions/store/client.js';
import { changeParticipantStatuses, enrolRows, participantsOfPilot, reserveOrderNumbers } from '../../functions/store/participants.js';
import { createPilot } from '../../functions/store/pilots.js';
import { ASSIGN_ROWS_PER_TRANSACTION, assignCode, assignCodes, codesOfPilot, putFreeCodes, type VoucherCode } from '../../functions/store/vouchers.js';
import { auditTrailOfPilot } from '../../functions/store/audit.js';
import { pilotInput } from '../support/fixtures.js';
import { consultant, counting, freshStore } from '../support/store.js';

// Voucher codes are handed out many to a transaction (store/vouchers.ts
// assignCodes). Its answers must be exactly those of assigning the same
// pairs one at a time: the same rows assigned, the same codes taken, the
// same participants refused, whatever codes were taken and who was not
// eligible beforehand. Against DynamoDB Local, on twin pilots.

const CODE_META = { sponsor: 'Microsoft', exam: 'AZ-900', expiresOn: '2030-01-01', loadedAt: '2020-01-01T00:00:00.000Z' };
const codeName = (n: number) => `TWIN-${String(n).padStart(4, '0')}`;

/** A pilot of `completed.length` participants (completed where true, else only started) and `codes` free codes. */
const cohort = async (ctx: StoreContext, completed: boolean[], codes: number) => {
  const n = completed.length;
  const pilot = await createPilot(ctx, pilotInput({ capacity: Math.max(n, 1), minimumCohort: 1 }), consultant);
  const first = await reserveOrderNumbers(ctx, pilot.id, n);
  const enrolled = await enrolRows(
    ctx,
    pilot.id,
    completed.map((_, i) => ({
      input: ParticipantInputSchema.parse({ reference: `VB-${i}`, name: `Deltager ${i}`, birthYear: 1980, targetGroup: 'academics' }),
      track: 'course' as const,
      order: first + i,
    })),
    consultant,
  );
  const participants = enrolled.map((o) => (o as { participant: Participant }).participant);
  await changeParticipantStatuses(
    ctx,
    pilot.id,
    participants.map((p) => ({ participantId: p.id, patch: { status: 'started' } })),
    consultant,
  );
  await changeParticipantStatuses(
    ctx,
    pilot.id,
    participants.filter((_, i) => completed[i]).map((p) => ({ participantId: p.id, patch: { status: 'completed' } })),
    consultant,
  );
  await putFreeCodes(
    ctx,
    pilot.id,
    Array.from({ length: codes }, (_, i) => ({ code: codeName(i), ...CODE_META })),
  );
  return { pilot, participants };
};

const code = (n: number): VoucherCode => ({ code: codeName(n), ...CODE_META, status: 'free' });

/** Who holds which code, and each code's state, by reference and code name (the twins' ids differ). */
const stateOf = async (ctx: StoreContext, pilotId: string) => {
  const people = (await participantsOfPilot(ctx, pilotId, {}, { limit: 1000 })).items;
  const referenceOf = new Map(people.map((p) => [p.id, p.reference]));
  return {
    holders: Object.fromEntries(people.map((p) => [p.reference, p.voucher?.code ?? null])),
    codes: Object.fromEntries(
      (await codesOfPilot(ctx, pilotId)).map((c) => [c.code, { status: c.status, holder: c.participantId ? referenceOf.get(c.participantId) : null }]),
    ),
  };
};

describe('assigning many voucher codes to a transaction', () => {
  it('gives what assigning the pairs one at a time gives: codes taken before, participants not eligible or holding a code', async () => {
    const ctx = await freshStore();
    await fc.assert(
      fc.asyncProperty(
        fc.record({ people: fc.noBias(fc.integer({ min: 1, max: 60 })), codes: fc.noBias(fc.integer({ min: 1, max: 70 })) }).chain(({ people, codes }) => {
          // Pairs of different participants and different codes (the service pairs a queue with a list of codes).
          const pairs = (k: number) =>
            fc
              .tuple(
                fc.shuffledSubarray(
                  Array.from({ length: people }, (_, i) => i),
                  { minLength: k, maxLength: k },
                ),
                fc.shuffledSubarray(
                  Array.from({ length: codes }, (_, i) => i),
                  { minLength: k, maxLength: k },
                ),
              )
              .map(([p, c]) => p.map((participant, i) => ({ participant, code: c[i]! })));
          const most = Math.min(people, codes);
          return fc.record({
            // Four in five completed the course; the others only started and are not eligible.
            completed: fc.array(
              fc.integer({ min: 0, max: 4 }).map((x) => x > 0),
              { minLength: people, maxLength: people },
            ),
            codes: fc.constant(codes),
            before: fc.integer({ min: 0, max: Math.min(10, most) }).chain(pairs),
            wanted: fc.noBias(fc.integer({ min: 1, max: most })).chain(pairs),
          });
        }),
        async ({ completed, codes, before, wanted }) => {
          const twins = await Promise.all([0, 1].map(() => cohort(ctx, completed, codes)));
          for (const { pilot, participants } of twins) {
            // Assigned before the batch: some codes are taken, some participants hold one already.
            for (const b of before) await assignCode(ctx, pilot.id, participants[b.participant]!.id, code(b.code), 1, consultant);
          }
          const rows = wanted;
          const [batched, single] = twins;

          const together = await assignCodes(
            ctx,
            batched!.pilot.id,
            rows.map((r) => ({ participantId: batched!.participants[r.participant]!.id, code: code(r.code), attempt: 1 as const })),
            consultant,
          );
          const oneByOne = [];
          for (const r of rows) oneByOne.push(await assignCode(ctx, single!.pilot.id, single!.participants[r.participant]!.id, code(r.code), 1, consultant));

          expect(together).toEqual(oneByOne);
          expect(await stateOf(ctx, batched!.pilot.id)).toEqual(await stateOf(ctx, single!.pilot.id));
        },
      ),
      { numRuns: 10 },
    );
  }, 240_000);

  it(`writes ${ASSIGN_ROWS_PER_TRANSACTION} assignments a transaction, each named in its transaction's audit entry`, async () => {
    const store = await freshStore();
    const { pilot, participants } = await cohort(store, Array<boolean>(100).fill(true), 100);
    const { ctx, calls } = counting(store);

    const outcomes = await assignCodes(
      ctx,
      pilot.id,
      participants.map((p, i) => ({ participantId: p.id, code: code(i), attempt: 1 as const })),
      consultant,
    );

    expect(outcomes).toEqual(Array(100).fill('assigned'));
    expect(calls).toEqual({ TransactWriteCommand: Math.ceil(100 / ASSIGN_ROWS_PER_TRANSACTION) });
    const entries = (await auditTrailOfPilot(store, pilot.id, { limit: 1000 })).items.filter((e) => e.action === 'vouchers.assigned');
    expect(entries).toHaveLength(Math.ceil(100 / ASSIGN_ROWS_PER_TRANSACTION));
    expect(entries.flatMap((e) => e.participantIds ?? []).sort()).toEqual(participants.map((p) => p.id).sort());
    expect(JSON.stringify(entries)).not.toContain(codeName(0)); // the codes are money: not in the trail
  });

  it('two batches racing for the same 30 codes: each code goes to one participant, each participant gets at most one', async () => {
    const ctx = await freshStore();
    const { pilot, participants } = await cohort(ctx, Array<boolean>(60).fill(true), 30);
    const half = (from: number) => participants.slice(from, from + 30).map((p, i) => ({ participantId: p.id, code: code(i), attempt: 1 as const }));

    const [a, b] = await Promise.all([assignCodes(ctx, pilot.id, half(0), consultant), assignCodes(ctx, pilot.id, half(30), consultant)]);

    expect([...a, ...b].filter((o) => o === 'assigned')).toHaveLength(30);
    expect(a.map((o, i) => [o, b[i]].filter((x) => x === 'assigned'))).toEqual(Array(30).fill(['assigned']));
    const { holders, codes } = await stateOf(ctx, pilot.id);
    expect(Object.values(codes).every((c) => c.status === 'assigned')).toBe(true);
    expect(new Set(Object.values(holders).filter(Boolean)).size).toBe(30);
  });
});
