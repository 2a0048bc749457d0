import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../functions/domain/errors.js';
import { registerCompany } from '../../functions/services/companies.js';
import type { ServiceContext } from '../../functions/services/context.js';
import { invitationsOfPilot, putInvitation, recordAnswer } from '../../functions/store/invitations.js';
import { createPilot, getPilot } from '../../functions/store/pilots.js';
import { pilotInput } from '../support/fixtures.js';
import { consultant, freshStore } from '../support/store.js';
import { validCvr } from '../support/companies.js';

// Slots never overbook, against DynamoDB Local: the conditions
// and transactions in functions/store/invitations.ts are what is tested,
// under real concurrency, with no mock in between.

let ctx: ServiceContext;
beforeAll(async () => {
  ctx = await freshStore();
});

let nextCompany = 0;

const setUp = async (opts: { capacity: number; companies: number; cap: number }) => {
  const pilot = await createPilot(ctx, pilotInput({ matchEvent: { date: '2021-01-20', responseDeadline: '2021-01-08', capacity: opts.capacity } }), consultant);
  const companies = [];
  for (let i = 0; i < opts.companies; i++) {
    const { company } = await registerCompany(ctx, {
      name: `Partner ${i}`,
      cvr: validCvr(nextCompany++),
      contact: { name: `Kontakt ${i}`, email: `kontakt${i}@partner.test` },
      language: 'da',
      webhook: true,
    });
    await putInvitation(ctx, pilot, company, opts.cap, consultant);
    companies.push(company);
  }
  return { pilot, companies };
};

const answer = (pilotId: string, companyId: string, slots: number, at: string, messageId?: string) =>
  recordAnswer(ctx, { pilotId, companyId, slots, at, via: 'webhook', actor: consultant, ...(messageId ? { messageId } : {}) });

describe('confirming slots', () => {
  it('100 concurrent confirmations from 20 companies, with repeats and out-of-order timestamps, leave the totals exact', async () => {
    const { pilot, companies } = await setUp({ capacity: 60, companies: 20, cap: 10 });
    // Five answers per company with distinct timestamps, sent in shuffled order; each asks 0-12 slots (12 is over the cap).
    const sends = companies.flatMap((c) =>
      Array.from({ length: 5 }, (_, k) => ({
        companyId: c.id,
        slots: Math.floor(Math.random() * 13),
        at: new Date(Date.UTC(2021, 0, 4, 9, k, Math.floor(Math.random() * 60))).toISOString(),
        messageId: randomUUID(),
      })),
    );
    sends.sort(() => Math.random() - 0.5);
    const results = await Promise.all(
      sends.map((s) =>
        answer(pilot.id, s.companyId, s.slots, s.at, s.messageId).then(
          (r) => ({ s, r }),
          (e: unknown) => ({ s, e }),
        ),
      ),
    );

    const invitations = await invitationsOfPilot(ctx, pilot.id);
    const after = await getPilot(ctx, pilot.id);
    const total = invitations.reduce((sum, i) => sum + i.slots, 0);
    expect(after.slotsConfirmed ?? 0).toBe(total);
    expect(total).toBeLessThanOrEqual(60);
    for (const i of invitations) expect(i.slots).toBeLessThanOrEqual(10);
    expect(after.companiesAnswered ?? 0).toBe(invitations.filter((i) => i.answer !== 'none').length);

    // Each company's slots are those of its applied answer with the latest timestamp.
    for (const i of invitations) {
      const applied = results.filter((x) => 'r' in x && x.s.companyId === i.companyId && x.r.outcome === 'applied').map((x) => x.s);
      if (applied.length === 0) {
        expect(i.answer).toBe('none');
        continue;
      }
      const latest = applied.reduce((a, b) => (a.at > b.at ? a : b));
      expect(i.slots).toBe(latest.slots);
      expect(i.answeredAt).toBe(latest.at);
    }
    // Every refusal is a 409 that says why and how many are left; nothing else fails.
    for (const x of results) {
      if ('e' in x) {
        expect(x.e).toBeInstanceOf(ConflictError);
        const details = (x.e as ConflictError).details!;
        expect(['over-company-cap', 'event-full']).toContain(details.reason);
        expect(details.slotsLeft).toEqual(expect.any(Number));
        if (details.reason === 'over-company-cap') expect(x.s.slots).toBeGreaterThan(10);
      }
    }
    // The audit trail has one entry per applied answer.
    expect(results.filter((x) => 'r' in x && x.r.outcome === 'applied').length).toBeGreaterThan(0);
  }, 120_000);

  it('when 20 companies ask for 5 each at once against 90 places, exactly 18 get them and 2 are told none are left', async () => {
    const { pilot, companies } = await setUp({ capacity: 90, companies: 20, cap: 5 });
    const at = '2021-01-04T09:00:00.000Z';
    const results = await Promise.allSettled(companies.map((c) => answer(pilot.id, c.id, 5, at, randomUUID())));
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as ConflictError);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(18);
    expect(refused).toHaveLength(2);
    for (const e of refused) expect(e.details).toMatchObject({ reason: 'event-full', slotsLeft: 0, mostYouCanConfirm: 0 });
    expect((await getPilot(ctx, pilot.id)).slotsConfirmed).toBe(90);
  }, 60_000);

  it('a repeated message is a duplicate, an older answer is superseded, and neither changes anything', async () => {
    const { pilot, companies } = await setUp({ capacity: 60, companies: 1, cap: 10 });
    const [c] = companies;
    const first = await answer(pilot.id, c!.id, 4, '2021-01-04T10:00:00+01:00', 'msg-1');
    expect(first).toMatchObject({ outcome: 'applied', slotsLeft: 56 });
    const twice = await Promise.all([
      answer(pilot.id, c!.id, 4, '2021-01-04T10:00:00+01:00', 'msg-1'),
      answer(pilot.id, c!.id, 4, '2021-01-04T10:00:00+01:00', 'msg-1'),
    ]);
    expect(twice.map((r) => r.outcome)).toEqual(['duplicate', 'duplicate']);
    // 08:30Z is earlier than 10:00+01:00 (09:00Z): out of order, so it does not replace the answer.
    expect((await answer(pilot.id, c!.id, 9, '2021-01-04T08:30:00Z', 'msg-0')).outcome).toBe('superseded');
    const later = await answer(pilot.id, c!.id, 2, '2021-01-04T09:30:00Z', 'msg-2');
    expect(later).toMatchObject({ outcome: 'applied', slotsLeft: 58 });
    expect((await answer(pilot.id, c!.id, 0, '2021-01-05T09:30:00Z', 'msg-3')).invitation.answer).toBe('declined');
    const after = await getPilot(ctx, pilot.id);
    expect(after).toMatchObject({ slotsConfirmed: 0, companiesAnswered: 1 });
  });

  it('a company not invited to the pilot gets 404, and the cap cannot go below what was confirmed', async () => {
    const { pilot, companies } = await setUp({ capacity: 60, companies: 1, cap: 10 });
    const other = await setUp({ capacity: 60, companies: 1, cap: 10 });
    await expect(answer(pilot.id, other.companies[0]!.id, 1, '2021-01-04T09:00:00Z')).rejects.toBeInstanceOf(NotFoundError);
    await answer(pilot.id, companies[0]!.id, 8, '2021-01-04T09:00:00Z');
    await expect(putInvitation(ctx, pilot, companies[0]!, 5, consultant)).rejects.toMatchObject({
      status: 409,
      details: { reason: 'below-confirmed', confirmedSlots: 8 },
    });
    const raised = await putInvitation(ctx, pilot, companies[0]!, 12, consultant);
    expect(raised).toMatchObject({ created: false, invitation: { maxSlots: 12, slots: 8 } });
    expect((await getPilot(ctx, pilot.id)).companiesInvited).toBe(1);
  });
});
