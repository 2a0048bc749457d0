import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ParticipantInputSchema, type ParticipantInput } from '../../functions/domain/participant.js';
import { CprRefusedError, ValidationError } from '../../functions/domain/errors.js';
import { changeStatuses } from '../../functions/services/participant-statuses.js';
import { saveFollowUpOutcomes } from '../../functions/store/follow-up.js';
import { auditTrailOfPilot } from '../../functions/store/audit.js';
import type { StoreContext } from '../../functions/store/client.js';
import { changeParticipantStatus, enrolParticipant, getParticipant, participantsOfPilot } from '../../functions/store/participants.js';
import { createPilot, getPilot } from '../../functions/store/pilots.js';
import { pilotInput } from '../support/fixtures.js';
import { consultant, freshStore, testClock } from '../support/store.js';

// An attendance list in one request (POST /pilots/{id}/participants/status):
// every row judged and reported on its own, the accepted ones written 98 to a
// transaction, each under its own condition, the pilot's counters once per
// transaction, and one audit entry naming the participants of each.

const person = (n: number, extra: Partial<ParticipantInput> = {}): ParticipantInput =>
  ParticipantInputSchema.parse({ reference: `KK-${n}`, name: `Deltager ${n}`, birthYear: 1980, targetGroup: 'academics', ...extra });

describe('bulk status changes (DynamoDB Local)', () => {
  let ctx: StoreContext;
  const clock = testClock();
  beforeEach(async () => {
    ctx = await freshStore(clock);
  });
  afterEach(() => vi.restoreAllMocks());

  const pilotWith = async (n: number, capacity = 200) => {
    const pilot = await createPilot(ctx, pilotInput({ capacity, minimumCohort: 5 }), consultant);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = await enrolParticipant(ctx, pilot.id, person(i), { actor: consultant, track: 'course' });
      ids.push(r.outcome === 'already-enrolled' ? r.participantId : r.participant.id);
    }
    return { pilot, ids };
  };

  it('150 participants marked started in one request: two transactions, counts exact, every change in the trail', async () => {
    const { pilot, ids } = await pilotWith(150);
    const send = vi.spyOn(ctx.db, 'send');

    const report = await changeStatuses(
      ctx,
      pilot.id,
      { kind: 'json', body: { changes: ids.map((participantId) => ({ participantId, status: 'started' })) } },
      consultant,
    );

    expect(report.summary).toEqual({ changed: 150, unchanged: 0, rejected: 0 });
    expect(report.rows.map((r) => ('index' in r ? r.index : -1))).toEqual(ids.map((_, i) => i));
    // 98 + 52 rows: two transactions, each with the pilot's counters and one audit entry.
    const transactions = send.mock.calls.map(([c]) => c as unknown).filter((c): c is TransactWriteCommand => c instanceof TransactWriteCommand);
    expect(transactions.map((t) => (t.input as { TransactItems: unknown[] }).TransactItems.length)).toEqual([100, 54]);
    const after = await getPilot(ctx, pilot.id);
    expect(after.counts).toMatchObject({ enrolled: 0, started: 150 });
    expect(after.placesTaken).toBe(150);
    expect((await participantsOfPilot(ctx, pilot.id, { status: 'started' }, { limit: 200 })).items).toHaveLength(150);
    const entries = (await auditTrailOfPilot(ctx, pilot.id, { limit: 500 })).items.filter((e) => e.action === 'participant.statuses-changed');
    expect(entries).toHaveLength(2);
    expect(entries.flatMap((e) => e.participantIds ?? []).sort()).toEqual([...ids].sort());
    expect(entries.flatMap((e) => e.details!.changes as unknown[])).toContainEqual({ participantId: ids[0], from: 'enrolled', to: 'started' });
  });

  it('a Danish CSV by case reference: columns and values in Danish, each row reported by its line', async () => {
    const { pilot, ids } = await pilotWith(4);
    await changeParticipantStatus(ctx, pilot.id, ids[1]!, { status: 'started' }, consultant);
    await changeParticipantStatus(ctx, pilot.id, ids[2]!, { status: 'started' }, consultant);
    const csv = [
      '\ufeffSagsreference;Status;Årsag',
      'KK-0;startet;',
      'KK-1;gennemført;',
      'KK-2;frafaldet;fundet job',
      'KK-99;startet;',
      'KK-3;gennemført;',
    ].join('\r\n');

    const report = await changeStatuses(ctx, pilot.id, { kind: 'csv', text: csv }, consultant);

    expect(report.rows).toEqual([
      { line: 2, reference: 'KK-0', outcome: 'changed', participantId: ids[0], status: 'started' },
      { line: 3, reference: 'KK-1', outcome: 'changed', participantId: ids[1], status: 'completed' },
      { line: 4, reference: 'KK-2', outcome: 'changed', participantId: ids[2], status: 'dropped-out' },
      { line: 5, reference: 'KK-99', outcome: 'rejected', issues: [expect.objectContaining({ path: 'reference', code: 'unknown_reference' })] },
      { line: 6, reference: 'KK-3', outcome: 'rejected', issues: [expect.objectContaining({ path: 'status', code: 'transition_not_allowed' })] },
    ]);
    expect((await getParticipant(ctx, pilot.id, ids[2]!)).droppedOut?.reason).toBe('found-job');
    // Dropping out after the start keeps the place used; the counts follow every change.
    expect(await getPilot(ctx, pilot.id)).toMatchObject({ placesTaken: 4, counts: { enrolled: 1, started: 1, completed: 1, 'dropped-out': 1 } });
  });

  it('names the field, never the value, for a row that fails the schema; a dropout needs its reason', async () => {
    const { pilot, ids } = await pilotWith(2);
    const report = await changeStatuses(
      ctx,
      pilot.id,
      {
        kind: 'json',
        body: {
          changes: [
            { participantId: ids[0], status: 'dropped-out' },
            { participantId: ids[1], reference: 'KK-1', status: 'started' },
            { participantId: ids[1], status: 'flying' },
          ],
        },
      },
      consultant,
    );
    expect(report.summary).toEqual({ changed: 0, unchanged: 0, rejected: 3 });
    expect(report.rows[0]).toMatchObject({ outcome: 'rejected', issues: [expect.objectContaining({ path: 'reason' })] });
    expect(report.rows[1]).toMatchObject({ outcome: 'rejected', issues: [expect.objectContaining({ path: 'reference' })] });
    expect(report.rows[2]).toMatchObject({ outcome: 'rejected', issues: [expect.objectContaining({ path: 'status' })] });
    expect(JSON.stringify(report)).not.toContain('flying');
    expect((await getPilot(ctx, pilot.id)).counts).toMatchObject({ enrolled: 2 });
  });

  it('a list sent twice changes nothing the second time', async () => {
    const { pilot, ids } = await pilotWith(3);
    const body = { changes: ids.map((participantId) => ({ participantId, status: 'started' })) };
    await changeStatuses(ctx, pilot.id, { kind: 'json', body }, consultant);
    const again = await changeStatuses(ctx, pilot.id, { kind: 'json', body }, consultant);
    expect(again.summary).toEqual({ changed: 0, unchanged: 3, rejected: 0 });
    expect((await getPilot(ctx, pilot.id)).counts).toMatchObject({ started: 3 });
    expect((await auditTrailOfPilot(ctx, pilot.id, { limit: 100 })).items.filter((e) => e.action === 'participant.statuses-changed')).toHaveLength(1);
  });

  it('a participant changed by someone else meanwhile fails alone: the transaction is split and the rest applied', async () => {
    const { pilot, ids } = await pilotWith(20);
    // Between the list's read and its write, someone else drops participant 7 out.
    const original = ctx.db.send.bind(ctx.db);
    let raced = false;
    vi.spyOn(ctx.db, 'send').mockImplementation((async (command: unknown) => {
      if (command instanceof TransactWriteCommand && !raced) {
        raced = true;
        await changeParticipantStatus(ctx, pilot.id, ids[7]!, { status: 'dropped-out', reason: 'illness' }, consultant);
      }
      return original(command as never);
    }) as never);

    const report = await changeStatuses(
      ctx,
      pilot.id,
      { kind: 'json', body: { changes: ids.map((participantId) => ({ participantId, status: 'started' })) } },
      consultant,
    );

    expect(report.summary).toEqual({ changed: 19, unchanged: 0, rejected: 1 });
    expect(report.rows[7]).toMatchObject({ outcome: 'rejected', issues: [expect.objectContaining({ code: 'changed_meanwhile' })] });
    expect((await getParticipant(ctx, pilot.id, ids[7]!)).status).toBe('dropped-out');
    // Dropping out before the start freed a place; the counters agree with the items.
    expect(await getPilot(ctx, pilot.id)).toMatchObject({ placesTaken: 19, counts: { enrolled: 0, started: 19, 'dropped-out': 1 } });
  });

  it('takes places for waitlisted participants only while places are free: the rows past the capacity are refused, exactly', async () => {
    const { pilot, ids } = await pilotWith(8, 5);
    // 5 enrolled, 3 waitlisted; two of the enrolled drop out before the start: the waiting list's head moves in.
    const report1 = await changeStatuses(
      ctx,
      pilot.id,
      { kind: 'json', body: { changes: [ids[0], ids[1]].map((participantId) => ({ participantId, status: 'dropped-out', reason: 'moved' })) } },
      consultant,
    );
    expect(report1.summary.changed).toBe(2);
    expect(await getPilot(ctx, pilot.id)).toMatchObject({ placesTaken: 5, counts: { enrolled: 5, waitlisted: 1 } });
    const waiting = (await participantsOfPilot(ctx, pilot.id, { status: 'waitlisted' }, { limit: 10 })).items.map((p) => p.id);
    expect(waiting).toEqual([ids[7]]);

    // The last one waiting, asked into a full pilot: refused, nothing written.
    const report2 = await changeStatuses(
      ctx,
      pilot.id,
      {
        kind: 'json',
        body: {
          changes: [
            { participantId: ids[7], status: 'enrolled' },
            { participantId: ids[2], status: 'started' },
          ],
        },
      },
      consultant,
    );
    expect(report2.rows.map((r) => r.outcome)).toEqual(['rejected', 'changed']);
    expect(report2.rows[0]).toMatchObject({ issues: [expect.objectContaining({ code: 'no_place' })] });
    expect(await getPilot(ctx, pilot.id)).toMatchObject({ placesTaken: 5, counts: { enrolled: 4, started: 1, waitlisted: 1 } });
  });

  it('refuses the whole list, writing nothing, when a row carries a CPR number; and an empty list', async () => {
    const { pilot, ids } = await pilotWith(2);
    await expect(
      changeStatuses(
        ctx,
        pilot.id,
        {
          kind: 'json',
          body: {
            changes: [
              { participantId: ids[0], status: 'started' },
              { participantId: ids[1], status: 'dropped-out', reason: 'other', note: 'cpr 010190-1234' },
            ],
          },
        },
        consultant,
      ),
    ).rejects.toBeInstanceOf(CprRefusedError);
    await expect(changeStatuses(ctx, pilot.id, { kind: 'json', body: { changes: [] } }, consultant)).rejects.toBeInstanceOf(ValidationError);
    expect((await getPilot(ctx, pilot.id)).counts).toMatchObject({ enrolled: 2, started: 0 });
  });

  it('follow-up outcomes for 120 in two transactions: a participant who never started is refused alone, one listed twice keeps the later outcome', async () => {
    const { pilot, ids } = await pilotWith(120);
    await changeStatuses(
      ctx,
      pilot.id,
      { kind: 'json', body: { changes: ids.slice(1).map((participantId) => ({ participantId, status: 'started' })) } },
      consultant,
    );
    const send = vi.spyOn(ctx.db, 'send');
    const rows = [
      ...ids.map((participantId) => ({ participantId, outcome: 'employed-full-time' as const })),
      { participantId: ids[5]!, outcome: 'education' as const },
    ];

    const committed = await saveFollowUpOutcomes(ctx, pilot.id, rows, consultant);

    // ids[0] never started: its row alone is refused, after the splits that found it.
    expect(committed.filter((c) => !c)).toHaveLength(1);
    expect(committed[0]).toBe(false);
    expect((await getParticipant(ctx, pilot.id, ids[5]!)).followUp?.outcome).toBe('education');
    expect((await getParticipant(ctx, pilot.id, ids[6]!)).followUp?.outcome).toBe('employed-full-time');
    expect((await getParticipant(ctx, pilot.id, ids[0]!)).followUp).toBeUndefined();
    const transactions = send.mock.calls.filter(([c]) => (c as unknown) instanceof TransactWriteCommand).length;
    // 99 + 21 + the repeated row; the first chunk fails once and is split log2(99) ≈ 7 levels deep.
    expect(transactions).toBeLessThanOrEqual(3 + 2 * 7);
    const entries = (await auditTrailOfPilot(ctx, pilot.id, { limit: 500 })).items.filter((e) => e.action.startsWith('participant.follow-up'));
    expect(entries.flatMap((e) => e.participantIds ?? [e.participantId]).sort()).toEqual([...ids.slice(1), ids[5]!].sort());
  });
});
