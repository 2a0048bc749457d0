import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParticipantInputSchema, type ParticipantInput } from '../../functions/domain/participant.js';
import type { StoreContext } from '../../functions/store/client.js';
import {
  ENROL_CHUNK,
  enrolParticipant,
  enrolRows,
  participantsOfPilot,
  reserveOrderNumbers,
  type EnrolmentOutcome,
  type EnrolmentRow,
} from '../../functions/store/participants.js';
import { createPilot, getPilot } from '../../functions/store/pilots.js';
import { pilotInput } from '../support/fixtures.js';
import { consultant, counting, freshStore } from '../support/store.js';

// A batch import enrols many rows to a transaction (store/participants.ts
// enrolRows). Its outcomes must be exactly those of enrolling the
// same rows one at a time: the same statuses, counts, places and waiting
// list, whatever the capacity, the tracks and the references the pilot holds
// already. Against DynamoDB Local, on twin pilots.

const person = (n: number): ParticipantInput =>
  ParticipantInputSchema.parse({ reference: `KK-${n}`, name: `Deltager ${n}`, birthYear: 1980, targetGroup: 'academics' });

const rowsOf = async (ctx: StoreContext, pilotId: string, people: { n: number; track: 'course' | 'basic' }[]): Promise<EnrolmentRow[]> => {
  const first = await reserveOrderNumbers(ctx, pilotId, people.length);
  return people.map((p, i) => ({ input: person(p.n), track: p.track, order: first + i }));
};

/** What a pilot ends with: its counters, and who is where (the waiting list in its order). */
const stateOf = async (ctx: StoreContext, pilotId: string) => {
  const pilot = await getPilot(ctx, pilotId);
  const all = (await participantsOfPilot(ctx, pilotId, {}, { limit: 1000 })).items;
  return {
    counts: pilot.counts,
    placesTaken: pilot.placesTaken,
    byStatus: Object.fromEntries(['enrolled', 'waitlisted', 'basic-track'].map((s) => [s, all.filter((p) => p.status === s).map((p) => p.reference)])),
  };
};

const outcomeOf = (o: EnrolmentOutcome) => (o.outcome === 'already-enrolled' ? 'already-enrolled' : `${o.outcome}:${o.participant.reference}`);

describe('enrolling a batch many rows to a transaction', () => {
  it('gives what enrolling the rows one at a time gives: capacity, waiting list, basic track, references held already', async () => {
    const ctx = await freshStore();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 12 }),
        fc.array(fc.record({ n: fc.integer({ min: 0, max: 90 }), basic: fc.boolean() }), { minLength: 1, maxLength: 80 }),
        async (capacity, before, wanted) => {
          // A batch's rows have distinct references (the service rejects a repeat); some the pilot holds already.
          const seen = new Set<number>();
          const people = wanted
            .filter((w) => !seen.has(w.n) && seen.add(w.n))
            .map((w) => ({ n: w.n, track: w.basic && w.n % 3 === 0 ? ('basic' as const) : ('course' as const) }));
          const [batched, single] = await Promise.all([0, 1].map(() => createPilot(ctx, pilotInput({ capacity, minimumCohort: 1 }), consultant)));
          for (const pilot of [batched!, single!]) {
            for (let n = 0; n < before; n++) await enrolParticipant(ctx, pilot.id, person(n * 7), { actor: consultant, track: 'course' });
          }

          const together = await enrolRows(ctx, batched!.id, await rowsOf(ctx, batched!.id, people), consultant);
          const oneByOne: EnrolmentOutcome[] = [];
          for (const row of await rowsOf(ctx, single!.id, people)) {
            oneByOne.push(await enrolParticipant(ctx, single!.id, row.input, { actor: consultant, track: row.track, order: row.order }));
          }

          expect(together.map(outcomeOf)).toEqual(oneByOne.map(outcomeOf));
          expect(await stateOf(ctx, batched!.id)).toEqual(await stateOf(ctx, single!.id));
        },
      ),
      { numRuns: 12 },
    );
  });

  it(`writes ${ENROL_CHUNK} rows a transaction: 100 rows are ${Math.ceil(100 / ENROL_CHUNK)} transactions`, async () => {
    const store = await freshStore();
    const pilot = await createPilot(store, pilotInput({ capacity: 60, minimumCohort: 1 }), consultant);
    const rows = await rowsOf(
      store,
      pilot.id,
      Array.from({ length: 100 }, (_, n) => ({ n, track: 'course' as const })),
    );
    const { ctx, calls } = counting(store);

    const outcomes = await enrolRows(ctx, pilot.id, rows, consultant);

    expect(outcomes.filter((o) => o.outcome === 'enrolled')).toHaveLength(60);
    expect(outcomes.filter((o) => o.outcome === 'waitlisted')).toHaveLength(40);
    expect(calls.TransactWriteCommand).toBe(Math.ceil(100 / ENROL_CHUNK));
    expect(await getPilot(store, pilot.id)).toMatchObject({ placesTaken: 60, counts: { enrolled: 60, waitlisted: 40 } });
  });

  it('two batches at once into 50 places: exactly 50 take a place, and everyone with a place came before everyone waiting', async () => {
    const ctx = await freshStore();
    const pilot = await createPilot(ctx, pilotInput({ capacity: 50, minimumCohort: 1 }), consultant);
    const [a, b] = await Promise.all([
      rowsOf(
        ctx,
        pilot.id,
        Array.from({ length: 40 }, (_, n) => ({ n, track: 'course' as const })),
      ),
      rowsOf(
        ctx,
        pilot.id,
        Array.from({ length: 40 }, (_, n) => ({ n: 100 + n, track: 'course' as const })),
      ),
    ]);

    const outcomes = (await Promise.all([enrolRows(ctx, pilot.id, a!, consultant), enrolRows(ctx, pilot.id, b!, consultant)])).flat();

    expect(outcomes.filter((o) => o.outcome === 'enrolled')).toHaveLength(50);
    expect(outcomes.filter((o) => o.outcome === 'waitlisted')).toHaveLength(30);
    expect(await getPilot(ctx, pilot.id)).toMatchObject({ placesTaken: 50, counts: { enrolled: 50, waitlisted: 30 } });
    const all = (await participantsOfPilot(ctx, pilot.id, {}, { limit: 100 })).items;
    const lastPlaced = Math.max(...all.filter((p) => p.status === 'enrolled').map((p) => Number(p.orderKey.slice(4))));
    const firstWaiting = Math.min(...all.filter((p) => p.status === 'waitlisted').map((p) => Number(p.orderKey.slice(4))));
    expect(lastPlaced).toBeLessThan(firstWaiting);
  });
});
