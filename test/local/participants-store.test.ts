import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../functions/domain/errors.js';
import { ParticipantInputSchema, type ParticipantInput } from '../../functions/domain/participant.js';
import type { StoreContext } from '../../functions/store/client.js';
import { auditTrailOfPilot } from '../../functions/store/audit.js';
import {
  changeParticipantStatus,
  enrolParticipant,
  eraseParticipant,
  getParticipant,
  participantIdByReference,
  participantsOfPilot,
} from '../../functions/store/participants.js';
import { createPilot, getPilot } from '../../functions/store/pilots.js';
import { pilotInput } from '../support/fixtures.js';
import { consultant, freshStore, testClock } from '../support/store.js';

const person = (n: number, extra: Partial<ParticipantInput> = {}): ParticipantInput =>
  ParticipantInputSchema.parse({ reference: `KK-${n}`, name: `Deltager ${n}`, birthYear: 1980, targetGroup: 'academics', ...extra });

const sixMonthsAfter = (instant: Date) => {
  const later = new Date(instant);
  later.setUTCMonth(later.getUTCMonth() + 6);
  return Math.floor(later.getTime() / 1000);
};

const enrol = (ctx: StoreContext, pilotId: string, n: number) => enrolParticipant(ctx, pilotId, person(n), { actor: consultant, track: 'course' });

describe('participants in DynamoDB Local', () => {
  let ctx: StoreContext;
  const clock = testClock();
  beforeEach(async () => {
    ctx = await freshStore(clock);
  });

  it('50 concurrent enrolments into 10 places leave exactly 10 enrolled and 40 waitlisted', async () => {
    const pilot = await createPilot(ctx, pilotInput({ capacity: 10, minimumCohort: 5 }), consultant);

    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => enrol(ctx, pilot.id, i)));

    const byOutcome = (o: string) => outcomes.filter((r) => r.outcome === o).length;
    expect(byOutcome('enrolled')).toBe(10);
    expect(byOutcome('waitlisted')).toBe(40);
    const after = await getPilot(ctx, pilot.id);
    expect(after.placesTaken).toBe(10);
    expect(after.counts).toMatchObject({ enrolled: 10, waitlisted: 40 });
    // The counters agree with the items themselves.
    const enrolled = await participantsOfPilot(ctx, pilot.id, { status: 'enrolled' }, { limit: 100 });
    const waitlisted = await participantsOfPilot(ctx, pilot.id, { status: 'waitlisted' }, { limit: 100 });
    expect(enrolled.items).toHaveLength(10);
    expect(waitlisted.items).toHaveLength(40);
    const audit = await auditTrailOfPilot(ctx, pilot.id, { limit: 100 });
    expect(audit.items.filter((e) => e.action === 'participant.enrolled')).toHaveLength(50);
  });

  it('enrolling the same case reference twice, even concurrently, stores one participant', async () => {
    const pilot = await createPilot(ctx, pilotInput(), consultant);

    const outcomes = await Promise.all(Array.from({ length: 10 }, () => enrol(ctx, pilot.id, 7)));

    expect(outcomes.filter((o) => o.outcome === 'enrolled')).toHaveLength(1);
    const first = outcomes.find((o) => o.outcome === 'enrolled');
    const ids = outcomes.map((o) => (o.outcome === 'already-enrolled' ? o.participantId : o.participant.id));
    expect(new Set(ids)).toEqual(new Set([first!.outcome === 'enrolled' ? first!.participant.id : '']));
    expect((await getPilot(ctx, pilot.id)).counts.enrolled).toBe(1);
    expect(await participantIdByReference(ctx, pilot.id, 'KK-7')).toBe(ids[0]);
  });

  it('keeps only the outcome of a screening, not the risk markers behind it', async () => {
    const pilot = await createPilot(ctx, pilotInput(), consultant);
    const input = person(1, { screening: { riskMarkers: ['reading-writing', 'cognitive'] } });

    const result = await enrolParticipant(ctx, pilot.id, input, { actor: consultant, track: 'basic' });

    expect(result.outcome).toBe('basic-track');
    const stored = await getParticipant(ctx, pilot.id, result.outcome === 'basic-track' ? result.participant.id : '');
    expect(stored.screening?.result).toBe('needs-basic-skills');
    const { Items } = await ctx.db.send(new ScanCommand({ TableName: ctx.tableName }));
    expect(JSON.stringify(Items)).not.toMatch(/reading-writing|cognitive/);
    // Basic-track participants hold no place on the course.
    expect((await getPilot(ctx, pilot.id)).placesTaken).toBe(0);
  });

  it('lists participants in enrolment order, page by page, and refuses a cursor from another pilot', async () => {
    const pilot = await createPilot(ctx, pilotInput(), consultant);
    const other = await createPilot(ctx, pilotInput(), consultant);
    for (const n of [3, 1, 2, 5, 4]) await enrol(ctx, pilot.id, n);
    await enrol(ctx, other.id, 1);
    await enrol(ctx, other.id, 2);

    const first = await participantsOfPilot(ctx, pilot.id, {}, { limit: 2 });
    const second = await participantsOfPilot(ctx, pilot.id, {}, { limit: 2, cursor: first.nextCursor });
    const third = await participantsOfPilot(ctx, pilot.id, {}, { limit: 2, cursor: second.nextCursor });

    expect([...first.items, ...second.items, ...third.items].map((p) => p.reference)).toEqual(['KK-3', 'KK-1', 'KK-2', 'KK-5', 'KK-4']);
    expect(third.nextCursor).toBeUndefined();
    const otherCursor = (await participantsOfPilot(ctx, other.id, {}, { limit: 1 })).nextCursor;
    await expect(participantsOfPilot(ctx, pilot.id, {}, { limit: 2, cursor: otherCursor })).rejects.toMatchObject({
      status: 400,
      issues: [{ path: 'cursor', message: 'is not a cursor this list gave out' }],
    });
  });

  it('moves a participant through started and completed, keeping the counts exact', async () => {
    const pilot = await createPilot(ctx, pilotInput(), consultant);
    const r = await enrol(ctx, pilot.id, 1);
    const id = r.outcome === 'enrolled' ? r.participant.id : '';

    await changeParticipantStatus(ctx, pilot.id, id, { status: 'started' }, consultant);
    const done = await changeParticipantStatus(ctx, pilot.id, id, { status: 'completed' }, consultant);

    expect(done.status).toBe('completed');
    expect(done.startedAt).toBeDefined();
    const after = await getPilot(ctx, pilot.id);
    expect(after.counts).toMatchObject({ enrolled: 0, started: 0, completed: 1 });
    expect(after.placesTaken).toBe(1);
    await expect(changeParticipantStatus(ctx, pilot.id, id, { status: 'started' }, consultant)).rejects.toThrow(
      /cannot change status from completed to started; completed is final/,
    );
  });

  it('a dropout before the start frees the place for the head of the waiting list; after the start it does not', async () => {
    const pilot = await createPilot(ctx, pilotInput({ capacity: 2, minimumCohort: 1 }), consultant);
    const [a, b, c, d] = [await enrol(ctx, pilot.id, 1), await enrol(ctx, pilot.id, 2), await enrol(ctx, pilot.id, 3), await enrol(ctx, pilot.id, 4)];
    const idOf = (r: typeof a) => (r.outcome === 'already-enrolled' ? r.participantId : r.participant.id);
    expect([a, b, c, d].map((r) => r.outcome)).toEqual(['enrolled', 'enrolled', 'waitlisted', 'waitlisted']);

    await changeParticipantStatus(ctx, pilot.id, idOf(a), { status: 'dropped-out', reason: 'found-job' }, consultant);

    expect((await getParticipant(ctx, pilot.id, idOf(c))).status).toBe('enrolled');
    expect((await getParticipant(ctx, pilot.id, idOf(d))).status).toBe('waitlisted');

    await changeParticipantStatus(ctx, pilot.id, idOf(b), { status: 'started' }, consultant);
    await changeParticipantStatus(ctx, pilot.id, idOf(b), { status: 'dropped-out', reason: 'illness', note: 'langtidssyg' }, consultant);

    expect((await getParticipant(ctx, pilot.id, idOf(d))).status).toBe('waitlisted');
    const after = await getPilot(ctx, pilot.id);
    expect(after.placesTaken).toBe(2);
    expect(after.counts).toMatchObject({ enrolled: 1, waitlisted: 1, 'dropped-out': 2 });
    const trail = await auditTrailOfPilot(ctx, pilot.id, { limit: 100 });
    expect(trail.items.map((e) => e.action)).toContain('participant.promoted');
    // The free-text note stays with the participant, out of the audit trail.
    expect(JSON.stringify(trail.items)).not.toContain('langtidssyg');
  });

  it('refuses to enrol a waitlisted participant by hand when no place is free', async () => {
    const pilot = await createPilot(ctx, pilotInput({ capacity: 1, minimumCohort: 1 }), consultant);
    await enrol(ctx, pilot.id, 1);
    const w = await enrol(ctx, pilot.id, 2);

    await expect(
      changeParticipantStatus(ctx, pilot.id, w.outcome === 'waitlisted' ? w.participant.id : '', { status: 'enrolled' }, consultant),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await getPilot(ctx, pilot.id)).placesTaken).toBe(1);
  });

  it('ten racing identical status changes to one participant: exactly one applies', async () => {
    const pilot = await createPilot(ctx, pilotInput(), consultant);
    const r = await enrol(ctx, pilot.id, 1);
    const id = r.outcome === 'enrolled' ? r.participant.id : '';

    const results = await Promise.allSettled(Array.from({ length: 10 }, () => changeParticipantStatus(ctx, pilot.id, id, { status: 'started' }, consultant)));

    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((x): x is PromiseRejectedResult => x.status === 'rejected');
    expect(rejected.every((x) => x.reason instanceof ConflictError)).toBe(true);
    const after = await getPilot(ctx, pilot.id);
    expect(after.counts).toMatchObject({ enrolled: 0, started: 1 });
    const trail = await auditTrailOfPilot(ctx, pilot.id, { limit: 100 });
    expect(trail.items.filter((e) => e.action === 'participant.status-changed')).toHaveLength(1);
  });

  it('erasure leaves nothing personal of the participant in the table, and frees the place', async () => {
    const pilot = await createPilot(ctx, pilotInput({ capacity: 1, minimumCohort: 1 }), consultant);
    const input = person(1, { name: 'Karen Særligt-Navn', email: 'karen@example.test' });
    const r = await enrolParticipant(ctx, pilot.id, input, { actor: consultant, track: 'course' });
    const waiting = await enrol(ctx, pilot.id, 2);
    const id = r.outcome === 'enrolled' ? r.participant.id : '';

    await eraseParticipant(ctx, pilot.id, id, consultant);

    const { Items } = await ctx.db.send(new ScanCommand({ TableName: ctx.tableName }));
    // What remains of the case reference is the erasure marker: that (not what) was erased, for
    // the citizen's subject access request, deleted by TTL when the access log's entries are.
    const markers = Items!.filter((i) => i.entity === 'erasure');
    expect(markers).toEqual([
      {
        PK: `PILOT#${pilot.id}`,
        SK: `ERASED#${id}`,
        entity: 'erasure',
        pilotId: pilot.id,
        participantId: id,
        erasedAt: ctx.clock.now().toISOString(),
        erasedBy: consultant,
        GSI1PK: 'REF#KK-1',
        GSI1SK: `${pilot.id}#${id}`,
        // Six months (the access log's default retention) after the erasure, to the second.
        expiresAt: sixMonthsAfter(ctx.clock.now()),
      },
    ]);
    const everything = JSON.stringify(Items!.filter((i) => i.entity !== 'erasure'));
    expect(everything).not.toContain('Særligt-Navn');
    expect(everything).not.toContain('karen@example.test');
    expect(everything).not.toContain('KK-1');
    expect(await participantIdByReference(ctx, pilot.id, 'KK-1')).toBeUndefined();
    expect((await getParticipant(ctx, pilot.id, waiting.outcome === 'waitlisted' ? waiting.participant.id : '')).status).toBe('enrolled');
    const trail = await auditTrailOfPilot(ctx, pilot.id, { limit: 100 });
    expect(trail.items.at(-2)).toMatchObject({ action: 'participant.erased', participantId: id });
    // The reference is free again: the same citizen may be enrolled anew.
    expect((await enrol(ctx, pilot.id, 1)).outcome).toBe('waitlisted');
  });

  it('a place left free with people waiting (a promotion that never ran) goes to the head of the list, not to a newcomer', async () => {
    const pilot = await createPilot(ctx, pilotInput({ capacity: 1, minimumCohort: 1 }), consultant);
    const first = await enrol(ctx, pilot.id, 1);
    const waiting = await enrol(ctx, pilot.id, 2);
    expect([first.outcome, waiting.outcome]).toEqual(['enrolled', 'waitlisted']);
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    // The first participant's place freed, as if the process died before promoting anyone.
    await ctx.db.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: { PK: `PILOT#${pilot.id}`, SK: 'PILOT' },
        UpdateExpression: 'SET placesTaken = :zero',
        ExpressionAttributeValues: { ':zero': 0 },
      }),
    );

    const newcomer = await enrol(ctx, pilot.id, 3);

    expect(newcomer.outcome).toBe('waitlisted');
    expect((await getParticipant(ctx, pilot.id, waiting.outcome === 'waitlisted' ? waiting.participant.id : '')).status).toBe('enrolled');
    expect(await getPilot(ctx, pilot.id)).toMatchObject({ placesTaken: 1, counts: { waitlisted: 1 } });
  });

  it('refuses enrolment once the pilot is closed, and writes nothing', async () => {
    const pilot = await createPilot(ctx, pilotInput(), consultant);
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    await ctx.db.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: { PK: `PILOT#${pilot.id}`, SK: 'PILOT' },
        UpdateExpression: 'SET #s = :closed',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':closed': 'closed' },
      }),
    );

    await expect(enrol(ctx, pilot.id, 1)).rejects.toThrow(/recruitment is not open: the pilot is closed/);
    expect(await participantIdByReference(ctx, pilot.id, 'KK-1')).toBeUndefined();
    expect((await getPilot(ctx, pilot.id)).counts.enrolled).toBe(0);
  });
});
