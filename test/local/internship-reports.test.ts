import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditTrailOfPilot } from '../../functions/store/audit.js';
import { internshipsOfPilot, recordInternship } from '../../functions/store/internships.js';
import { counting, freshStore } from '../support/store.js';

// A company's internship report is written without reading its placement first when the merge
// needs nothing from it (store/internships.ts reportUpdate); every other case falls back to the
// read, and the placement ends up as the read-then-write made it.

const setup = async () => {
  const store = await freshStore();
  const pilotId = randomUUID();
  const candidate = { code: 'K01', participantId: randomUUID(), companyIds: ['c1'] };
  const report = (status: 'offered' | 'started', at: string, extra: { weeks?: number; messageId?: string } = {}) =>
    recordInternship(counted.ctx, {
      pilotId,
      companyId: 'c1',
      status,
      report: { pilotId, participantRef: 'K01', type: 'internship', startDate: '2021-07-01', weeks: extra.weeks ?? 8 },
      at,
      via: 'webhook',
      ...(extra.messageId ? { messageId: extra.messageId } : {}),
      candidate: { known: candidate },
    });
  const counted = counting(store);
  const placement = async () => (await internshipsOfPilot(store, pilotId))[0];
  return { store, pilotId, report, calls: counted.calls, placement };
};

describe('internship reports', () => {
  it('a first offer is one transaction, no read; a start after it keeps the offer time, still without a read', async () => {
    const { report, calls, placement, store, pilotId } = await setup();
    expect(await report('offered', '2021-06-01T10:00:00Z')).toEqual({ outcome: 'applied', internship: { code: 'K01', status: 'offered' } });
    expect(calls).toEqual({ TransactWriteCommand: 1 });
    expect(await report('started', '2021-06-15T08:00:00Z', { weeks: 10 })).toEqual({ outcome: 'applied', internship: { code: 'K01', status: 'started' } });
    expect(calls).toEqual({ TransactWriteCommand: 2 });
    expect(await placement()).toMatchObject({
      status: 'started',
      weeks: 10,
      code: 'K01',
      companyId: 'c1',
      reportedAt: '2021-06-15T08:00:00.000Z',
      offeredAt: '2021-06-01T10:00:00.000Z',
      startedAt: '2021-06-15T08:00:00.000Z',
    });
    const trail = (await auditTrailOfPilot(store, pilotId, { limit: 10 })).items.map((e) => e.action);
    expect(trail.sort()).toEqual(['internship.offered', 'internship.started']);
  });

  it('an offer after a start keeps the start (read, then written); an older report is superseded and changes nothing', async () => {
    const { report, calls, placement } = await setup();
    await report('started', '2021-06-15T08:00:00Z');
    expect(await placement()).toMatchObject({ status: 'started', startedAt: '2021-06-15T08:00:00.000Z' });
    expect((await placement())?.offeredAt).toBeUndefined();
    const offer = await report('offered', '2021-06-20T08:00:00Z', { weeks: 12 });
    expect(offer).toMatchObject({ outcome: 'applied', internship: { code: 'K01', status: 'started' } });
    expect(calls).toEqual({ TransactWriteCommand: 3, GetCommand: 1 });
    expect(await placement()).toMatchObject({
      status: 'started',
      weeks: 12,
      startedAt: '2021-06-15T08:00:00.000Z',
      offeredAt: '2021-06-20T08:00:00.000Z',
      reportedAt: '2021-06-20T08:00:00.000Z',
    });
    expect(await report('started', '2021-06-10T08:00:00Z', { weeks: 4 })).toMatchObject({ outcome: 'superseded', internship: { status: 'started' } });
    expect(await report('offered', '2021-06-20T08:00:00Z', { weeks: 4 })).toMatchObject({ outcome: 'superseded' });
    expect((await placement())?.weeks).toBe(12);
  });

  it('a second offer, later, replaces the details and keeps the first offer time; a replayed message is a duplicate', async () => {
    const { report, placement } = await setup();
    await report('offered', '2021-06-01T10:00:00Z', { messageId: 'm1' });
    await report('offered', '2021-06-03T10:00:00Z', { weeks: 6 });
    expect(await placement()).toMatchObject({ status: 'offered', weeks: 6, offeredAt: '2021-06-01T10:00:00.000Z', reportedAt: '2021-06-03T10:00:00.000Z' });
    expect((await placement())?.startedAt).toBeUndefined();
    expect(await report('offered', '2021-06-05T10:00:00Z', { messageId: 'm1', weeks: 2 })).toMatchObject({ outcome: 'duplicate' });
    expect((await placement())?.weeks).toBe(6);
  });
});
