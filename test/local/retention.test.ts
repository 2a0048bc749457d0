import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { ParticipantInputSchema } from '../../functions/domain/participant.js';
import { eraseParticipant, enrolRows, reserveOrderNumbers, type EnrolmentOutcome } from '../../functions/store/participants.js';
import { createPilot } from '../../functions/store/pilots.js';
import { claimMails, mailRecordKey, participantMailKey, participantMailRecordKeys } from '../../functions/store/mails.js';
import { expireInternships, expireItems, expireParticipants, internshipKeys, participantItemKeys } from '../../functions/store/retention.js';
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

const get = async (ctx: Awaited<ReturnType<typeof freshStore>>, Key: { PK: string; SK: string }) =>
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

  it('sets it on every kind at once, 25 items a call whatever their kind, and leaves what was erased erased', async () => {
    const { ctx, pilot, participants } = await cohort(20);
    // Each participant's voucher e-mail record, and one of the pilot's own (a company's invitation), which is not personal.
    const voucherMails = participants.map((p) => mailRecordKey(pilot.id, participantMailKey(p.id, 1), 'da'));
    const companyMail = mailRecordKey(pilot.id, 'company#c1#invitation#2020-05-01', 'da');
    await claimMails(ctx, [...voucherMails, companyMail]);
    const reports = participants.slice(0, 5).map((p) => ({ participantId: p.id, companyId: 'c1' }));
    for (const r of reports) {
      const report = { ...r, code: 'K-1', status: 'offered', type: 'internship', startDate: '2020-06-01', weeks: 4, reportedAt: '2020-05-20T08:00:00.000Z' };
      await ctx.db.send(
        new PutCommand({ TableName: ctx.tableName, Item: { ...key.internship(pilot.id, r.participantId, r.companyId), entity: 'internship', ...report } }),
      );
    }
    // Participant 1 is erased after the keys were gathered: their participant, guard and internship report go.
    const { ctx: counted, calls } = counting(ctx);
    const mails = await participantMailRecordKeys(counted, pilot.id);
    expect(mails.map((k) => k.SK).sort()).toEqual(voucherMails.map((k) => k.SK).sort());
    const keys = [...participantItemKeys(pilot.id, participants), ...mails, ...internshipKeys(pilot.id, reports)];
    await eraseParticipant(ctx, pilot.id, participants[1]!.id, consultant);

    await expireItems(counted, keys, EXPIRES_AT);

    // One query of the pilot's mail records; 40 + 20 + 5 items in ceil(65 / 25) calls, not one run per kind.
    expect(calls).toEqual({ QueryCommand: 1, BatchExecuteStatementCommand: Math.ceil(65 / 25) });
    const erased = participants[1]!;
    expect(await get(ctx, key.participant(pilot.id, erased.id))).toBeUndefined();
    expect(await get(ctx, key.reference(pilot.id, erased.reference))).toBeUndefined();
    expect(await get(ctx, key.internship(pilot.id, erased.id, 'c1'))).toBeUndefined();
    for (const p of participants.filter((p) => p !== erased)) {
      expect((await get(ctx, key.participant(pilot.id, p.id)))?.[TTL_ATTRIBUTE]).toBe(EXPIRES_AT);
      expect((await get(ctx, key.reference(pilot.id, p.reference)))?.[TTL_ATTRIBUTE]).toBe(EXPIRES_AT);
    }
    for (const k of voucherMails) expect((await get(ctx, k))?.[TTL_ATTRIBUTE]).toBe(EXPIRES_AT);
    for (const r of reports.filter((r) => r.participantId !== erased.id)) {
      expect((await get(ctx, key.internship(pilot.id, r.participantId, r.companyId)))?.[TTL_ATTRIBUTE]).toBe(EXPIRES_AT);
    }
    expect((await get(ctx, companyMail))?.[TTL_ATTRIBUTE]).toBeUndefined();
  });
});
