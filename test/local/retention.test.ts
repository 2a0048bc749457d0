import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { ParticipantInputSchema } from '../../functions/domain/participant.js';
import { eraseParticipant, enrolRows, reserveOrderNumbers, type EnrolmentOutcome } from '../../functions/store/participants.js';
import { createPilot } from '../../functions/store/pilots.js';
import { expireInternships, expireParticipants } from '../../functions/store/retention.js';
import { key, TTL_ATTRIBUTE } from '../../functions/store/table.js';
import type { Participant } from '../../functions/domain/participant.js';
import { pilotInput } from '../support/fixtures.js';
import { consultant, counting, freshStore } from '../support/store.js';

// The evaluation sets the retention period's expiry on every item holding a
// participant's personal data (store/retention.ts): 25 items a call, each
// only where the item still exists, so an erasure meanwhile is not undone.

const EXPIRES_AT = 1_900_000_000;

const cohort = async (n: number) => {
  const ctx = await freshStore();
  const pilot = await createPilot(ctx, pilotInput({ capacity: n, minimumCohort: 1 }), consultant);
  const first = await reserveOrderNumbers(ctx, pilot.id, n);
  const rows = Array.from({ length: n }, (_, i) => ({
    input: ParticipantInputSchema.parse({ reference: `RT-${i}`, name: `Deltager ${i}`, birthYear: 1980, targetGroup: 'academics' }),
    track: 'course' as const,
    order: first + i,
  }));
  const outcomes = await enrolRows(ctx, pilot.id, rows, consultant);
  const participants = outcomes.map((o: EnrolmentOutcome) => (o as { participant: Participant }).participant);
  return { ctx, pilot, participants };
};

const get = async (ctx: Awaited<ReturnType<typeof freshStore>>, Key: Record<string, string>) =>
  (await ctx.db.send(new GetCommand({ TableName: ctx.tableName, Key, ConsistentRead: true }))).Item;

describe('setting the retention period’s expiry', () => {
  it('sets it on 60 participants and their reference guards in 5 calls', async () => {
    const { ctx, pilot, participants } = await cohort(60);
    const { ctx: counted, calls } = counting(ctx);

    await expireParticipants(counted, pilot.id, participants, EXPIRES_AT);

    expect(calls).toEqual({ BatchExecuteStatementCommand: Math.ceil(120 / 25) });
    for (const p of participants) {
      expect((await get(ctx, key.participant(pilot.id, p.id)))?.[TTL_ATTRIBUTE]).toBe(EXPIRES_AT);
      expect((await get(ctx, key.reference(pilot.id, p.reference)))?.[TTL_ATTRIBUTE]).toBe(EXPIRES_AT);
    }
  });

  it('leaves a participant erased meanwhile erased: no item is made again, the others expire', async () => {
    const { ctx, pilot, participants } = await cohort(3);
    await eraseParticipant(ctx, pilot.id, participants[1]!.id, consultant);

    await expireParticipants(ctx, pilot.id, participants, EXPIRES_AT);

    expect(await get(ctx, key.participant(pilot.id, participants[1]!.id))).toBeUndefined();
    expect(await get(ctx, key.reference(pilot.id, participants[1]!.reference))).toBeUndefined();
    expect((await get(ctx, key.participant(pilot.id, participants[0]!.id)))?.[TTL_ATTRIBUTE]).toBe(EXPIRES_AT);
    expect((await get(ctx, key.participant(pilot.id, participants[2]!.id)))?.[TTL_ATTRIBUTE]).toBe(EXPIRES_AT);
  });

  it('sets it on internship reports, and does not make one deleted meanwhile again', async () => {
    const ctx = await freshStore();
    const report = { participantId: 'p1', companyId: 'c1' };
    await ctx.db.send(new PutCommand({ TableName: ctx.tableName, Item: { ...key.internship('pilot', 'p1', 'c1'), entity: 'internship', ...report } }));

    await expireInternships(ctx, 'pilot', [report, { participantId: 'p2', companyId: 'c1' }], EXPIRES_AT);

    expect((await get(ctx, key.internship('pilot', 'p1', 'c1')))?.[TTL_ATTRIBUTE]).toBe(EXPIRES_AT);
    expect(await get(ctx, key.internship('pilot', 'p2', 'c1'))).toBeUndefined();
  });
});
