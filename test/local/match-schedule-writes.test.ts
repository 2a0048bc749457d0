import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../functions/services/context.js';
import { savedSchedule, saveSchedule, type CandidateCode, type ScheduledMeeting } from '../../functions/store/match-schedule.js';
import { key } from '../../functions/store/table.js';
import { freshStore } from '../support/store.js';

// The match event's schedule is written in batches, not in transactions
// (which bill every item twice), so a write cut off (a crash) must be told
// from a whole one: the step that writes it again writes it whole, and what
// the cut-off write left that the new schedule has not is deleted. Against
// DynamoDB Local.

const pilotId = randomUUID();
const plan = (candidates: number, meetingsEach: number) => {
  const codes: CandidateCode[] = Array.from({ length: candidates }, (_, i) => ({
    code: `K${String(i).padStart(3, '0')}`,
    participantId: randomUUID(),
    companyIds: ['c1'],
  }));
  const meetings: ScheduledMeeting[] = codes.flatMap((c, i) =>
    Array.from({ length: meetingsEach }, (_, r) => ({
      companyId: `c${r + 1}`,
      round: i,
      participantId: c.participantId,
      code: c.code,
      start: `2026-07-24T${String(9 + r).padStart(2, '0')}:00:00.000Z`,
      end: `2026-07-24T${String(9 + r).padStart(2, '0')}:20:00.000Z`,
    })),
  );
  return { codes, meetings };
};

let store: ServiceContext;
let calls: string[];
let crashAfter: number | undefined;
beforeEach(async () => {
  store = await freshStore();
  calls = [];
  crashAfter = undefined;
  store.db.middlewareStack.add(
    (next, context) => (args) => {
      const name = context.commandName ?? '?';
      if (name === 'BatchWriteItemCommand' && crashAfter !== undefined && calls.filter((c) => c === name).length >= crashAfter)
        throw new Error('the process died');
      calls.push(name);
      return next(args);
    },
    { step: 'initialize', name: 'testCallCounter' },
  );
});

describe('the match schedule', () => {
  it('is written 25 items a batch, no transaction, and read back whole', async () => {
    const { codes, meetings } = plan(40, 2);
    expect(await savedSchedule(store, pilotId)).toBe('none');

    await saveSchedule(store, pilotId, codes, meetings);

    expect(calls.filter((c) => c === 'BatchWriteItemCommand')).toHaveLength(Math.ceil(120 / 25));
    expect(calls).not.toContain('TransactWriteItemsCommand');
    const saved = await savedSchedule(store, pilotId);
    expect(saved).toEqual({ codes: expect.any(Array), meetings: expect.any(Array) });
    const whole = saved as { codes: CandidateCode[]; meetings: ScheduledMeeting[] };
    expect(whole.codes.map((c) => c.code).sort()).toEqual(codes.map((c) => c.code).sort());
    expect(whole.meetings).toHaveLength(80);
    // The same schedule written again is the same items.
    await saveSchedule(store, pilotId, codes, meetings);
    expect((await savedSchedule(store, pilotId)) as object).toEqual(whole);
  });

  it('cut off after two batches: told as cut off, then written again whole with what the new plan has not deleted', async () => {
    // Prepare: the first write dies after 50 of its 120 items.
    const first = plan(40, 2);
    crashAfter = 2;
    await expect(saveSchedule(store, pilotId, first.codes, first.meetings)).rejects.toThrow('the process died');
    crashAfter = undefined;
    const cut = await savedSchedule(store, pilotId);
    expect(cut).toEqual({ cutOff: expect.any(Array) });
    expect((cut as { cutOff: unknown[] }).cutOff).toHaveLength(50);

    // Act: the repeat plans again (fewer candidates now) and writes that whole.
    const second = plan(30, 1);
    await saveSchedule(store, pilotId, second.codes, second.meetings, (cut as { cutOff: { PK: string; SK: string }[] }).cutOff);

    // Assess: exactly the new schedule, nothing of the first left.
    const saved = (await savedSchedule(store, pilotId)) as { codes: CandidateCode[]; meetings: ScheduledMeeting[] };
    expect(saved.codes.map((c) => c.participantId).sort()).toEqual(second.codes.map((c) => c.participantId).sort());
    expect(saved.meetings.map((m) => m.participantId).sort()).toEqual(second.meetings.map((m) => m.participantId).sort());
  });

  it('written before this change, in one transaction and without `planned`: read as whole', async () => {
    const { codes, meetings } = plan(3, 1);
    for (const c of codes)
      await store.db.send(new PutCommand({ TableName: store.tableName, Item: { ...key.candidate(pilotId, c.code), entity: 'candidate', ...c } }));
    for (const m of meetings)
      await store.db.send(new PutCommand({ TableName: store.tableName, Item: { ...key.meeting(pilotId, m.companyId, m.round), entity: 'meeting', ...m } }));

    const saved = (await savedSchedule(store, pilotId)) as { codes: CandidateCode[]; meetings: ScheduledMeeting[] };
    expect(saved.codes).toHaveLength(3);
    expect(saved.meetings).toHaveLength(3);
  });
});
