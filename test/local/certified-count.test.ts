import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { ParticipantInputSchema, type Participant } from '../../functions/domain/participant.js';
import { candidateCount, eventCandidates } from '../../functions/services/match-event/candidates.js';
import {
  eraseParticipant,
  enrolRows,
  getParticipant,
  participantsOfPilot,
  reserveOrderNumbers,
  type EnrolmentOutcome,
} from '../../functions/store/participants.js';
import { createPilot, getPilot } from '../../functions/store/pilots.js';
import { key } from '../../functions/store/table.js';
import { recordExam, recordExams } from '../../functions/store/vouchers.js';
import { pilotInput } from '../support/fixtures.js';
import { consultant, counting, freshStore } from '../support/store.js';

// The pilot keeps how many of its participants are certified (certifiedCount),
// in the same transactions as the exam results and erasures that change it, so
// that inviting a company counts the event's candidates without reading every
// participant. A pilot created before the count was kept has none: it stays
// unknown (the participants are counted), never a partial figure.

const cohort = async (n: number, overrides: Parameters<typeof pilotInput>[0] = {}) => {
  const ctx = await freshStore();
  const pilot = await createPilot(ctx, pilotInput({ capacity: n, minimumCohort: 1, ...overrides }), consultant);
  const first = await reserveOrderNumbers(ctx, pilot.id, n);
  const rows = Array.from({ length: n }, (_, i) => ({
    input: ParticipantInputSchema.parse({ reference: `CC-${i}`, name: `Deltager ${i}`, birthYear: 1980, targetGroup: 'academics' }),
    track: 'course' as const,
    order: first + i,
  }));
  const outcomes = await enrolRows(ctx, pilot.id, rows, consultant);
  const participants = outcomes.map((o: EnrolmentOutcome) => (o as { participant: Participant }).participant);
  return { ctx, pilot, participants };
};

type Ctx = Awaited<ReturnType<typeof freshStore>>;
const exam = (result: 'passed' | 'failed' | 'no-show') => ({ result, date: '2020-04-20' });
/** The participants certified as stored: what the count must always equal. */
const certifiedStored = async (ctx: Ctx, pilotId: string) => (await participantsOfPilot(ctx, pilotId, { certified: true }, { limit: 1000 })).items.length;

describe('the pilot’s certified count', () => {
  it('starts at 0 on a new pilot and follows a list of results, the candidates counted without reading a participant', async () => {
    const { ctx, pilot, participants } = await cohort(60);
    expect(pilot.certifiedCount).toBe(0);

    // Two of three pass: 60 rows in two transactions, each moving the count by what it wrote.
    const committed = await recordExams(
      ctx,
      pilot,
      participants.map((participant, i) => ({ participant, exam: exam(i % 3 === 2 ? 'failed' : 'passed') })),
      consultant,
    );
    expect(committed.every(Boolean)).toBe(true);
    const after = await getPilot(ctx, pilot.id);
    expect(after.certifiedCount).toBe(40);
    expect(await certifiedStored(ctx, pilot.id)).toBe(40);

    const { ctx: counted, calls } = counting(ctx);
    expect(await candidateCount(counted, after)).toBe(40);
    expect(calls).toEqual({});
    expect(await candidateCount(counted, after)).toBe((await eventCandidates(ctx, after)).length);

    // A passed result replaced by a failed one (a correction) takes them out again; passed again, in.
    const first = await getParticipant(ctx, pilot.id, participants[0]!.id);
    expect(await recordExam(ctx, after, first, exam('failed'), consultant)).toBe(true);
    expect((await getPilot(ctx, pilot.id)).certifiedCount).toBe(39);
    expect(await recordExam(ctx, after, await getParticipant(ctx, pilot.id, first.id), exam('passed'), consultant)).toBe(true);
    expect((await getPilot(ctx, pilot.id)).certifiedCount).toBe(40);
    expect(await certifiedStored(ctx, pilot.id)).toBe(40);
  });

  it('stays exact under concurrent results: racing writers of one participant, one wins; the others are told it changed', async () => {
    const { ctx, pilot, participants } = await cohort(30);
    // Everyone read once, before any result; then 30 results at once, and five more racing for participant 0
    // with the same stale read (one passes them, the rest must not count them again).
    const read = await Promise.all(participants.map((p) => getParticipant(ctx, pilot.id, p.id)));
    const racing = Array.from({ length: 5 }, () => recordExam(ctx, pilot, read[0]!, exam('passed'), consultant));
    const others = read.slice(1).map((p, i) => recordExam(ctx, pilot, p, exam(i % 2 === 0 ? 'passed' : 'no-show'), consultant));
    const raced = await Promise.all(racing);
    const rest = await Promise.all(others);

    expect(raced.filter(Boolean)).toHaveLength(1);
    expect(rest.every(Boolean)).toBe(true);
    const stored = await certifiedStored(ctx, pilot.id);
    expect(stored).toBe(1 + 15);
    expect((await getPilot(ctx, pilot.id)).certifiedCount).toBe(stored);

    // Concurrent lists over the same participants, each read before either wrote: a row whose participant the
    // other list changed meanwhile is refused (its condition), so each change is counted once, as written.
    const now = await Promise.all(participants.map((p) => getParticipant(ctx, pilot.id, p.id)));
    const lists = await Promise.all(
      (['failed', 'passed'] as const).map((result) =>
        recordExams(
          ctx,
          pilot,
          now.map((participant) => ({ participant, exam: exam(result) })),
          consultant,
        ),
      ),
    );
    expect(lists.flat().some((ok) => !ok)).toBe(true);
    expect((await getPilot(ctx, pilot.id)).certifiedCount).toBe(await certifiedStored(ctx, pilot.id));
  });

  it('loses an erased certified participant, and not an erased uncertified one', async () => {
    const { ctx, pilot, participants } = await cohort(4);
    await recordExams(
      ctx,
      pilot,
      participants.slice(0, 2).map((participant) => ({ participant, exam: exam('passed') })),
      consultant,
    );
    expect((await getPilot(ctx, pilot.id)).certifiedCount).toBe(2);

    await eraseParticipant(ctx, pilot.id, participants[0]!.id, consultant);
    expect((await getPilot(ctx, pilot.id)).certifiedCount).toBe(1);
    await eraseParticipant(ctx, pilot.id, participants[3]!.id, consultant);
    expect((await getPilot(ctx, pilot.id)).certifiedCount).toBe(1);
    expect(await certifiedStored(ctx, pilot.id)).toBe(1);
  });

  it('is never made up on a pilot created before it was kept: results and erasures leave it absent, the candidates are counted', async () => {
    const { ctx, pilot, participants } = await cohort(6);
    // As a pilot written before this change: no certifiedCount at all.
    await ctx.db.send(new UpdateCommand({ TableName: ctx.tableName, Key: key.pilot(pilot.id), UpdateExpression: 'REMOVE certifiedCount' }));
    const legacy = await getPilot(ctx, pilot.id);
    expect(legacy.certifiedCount).toBeUndefined();

    await recordExams(
      ctx,
      legacy,
      participants.slice(0, 3).map((participant) => ({ participant, exam: exam('passed') })),
      consultant,
    );
    await eraseParticipant(ctx, pilot.id, participants[0]!.id, consultant);

    const after = await getPilot(ctx, pilot.id);
    expect(after.certifiedCount).toBeUndefined();
    const { ctx: counted, calls } = counting(ctx);
    expect(await candidateCount(counted, after)).toBe(2);
    expect(calls.QueryCommand).toBeGreaterThan(0);
  });

  it('counts a course without an exam by its completed participants while none is certified, and reads them once some are', async () => {
    const { ctx, pilot, participants } = await cohort(3, { course: { start: '2020-03-16', weeks: 4, ending: 'diploma' } });
    const withCounts = { ...pilot, counts: { ...pilot.counts, completed: 2 } };
    const { ctx: counted, calls } = counting(ctx);
    expect(await candidateCount(counted, withCounts)).toBe(2);
    expect(calls).toEqual({});

    await recordExam(ctx, pilot, participants[0]!, exam('passed'), consultant);
    const after = await getPilot(ctx, pilot.id);
    expect(after.certifiedCount).toBe(1);
    // Certified or completed: the union needs the participants (here: only the certified one, none completed).
    expect(await candidateCount(ctx, after)).toBe(1);
  });
});
