import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { CompanyInputSchema } from '../../functions/domain/company.js';
import { NotFoundError } from '../../functions/domain/errors.js';
import { registerCompany } from '../../functions/services/companies.js';
import { getItems } from '../../functions/store/batch-get.js';
import { getCompanies, getCompanyAndMessageSeen, messagePut, MESSAGE_MEMORY_HOURS } from '../../functions/store/companies.js';
import { getReportingItems } from '../../functions/store/internships.js';
import {
  companyAndInvitationKeys,
  getCompanyAndInvitation,
  getInvitationAndPilot,
  putInvitation,
  toCompanyAndInvitation,
} from '../../functions/store/invitations.js';
import { MalformedItemError } from '../../functions/store/items.js';
import { saveSchedule } from '../../functions/store/match-schedule.js';
import { getOutcomes } from '../../functions/store/outcomes.js';
import { changePilot, createPilot, getPilotWith, listPilots, pilotsWithStatuses } from '../../functions/store/pilots.js';
import { key } from '../../functions/store/table.js';
import { transact } from '../../functions/store/transact.js';
import { auditTrailOfPilot, SYSTEM_ACTOR } from '../../functions/store/audit.js';
import { enterWait, getPilotAndWait, storeToken, takeReadToken, type Wait } from '../../functions/store/waits.js';
import { companyBody } from '../support/companies.js';
import { pilotInput } from '../support/fixtures.js';
import { consultant, counting, freshStore, testClock } from '../support/store.js';

// Items whose keys a caller knows together are read in one BatchGetItem
// (functions/store/batch-get.ts), not a GetItem each: a webhook's company
// and its replay marker, a report's pilot, invitation and candidate code.
// What they answer must be what the GetItems answered: strongly consistent,
// each item parsed by its schema (no key attributes, a malformed one a 500),
// a missing one undefined or 404 as before. And the digest's pilots are one
// Query, not one per status.

const company = (ctx: Awaited<ReturnType<typeof freshStore>>, n: number) =>
  registerCompany(ctx, CompanyInputSchema.parse(companyBody(n))).then((r) => r.company);

describe('getItems', () => {
  it('answers each key in order, undefined where nothing is, a key named twice read once, 100 keys a call', async () => {
    const store = await freshStore();
    const pilots = await Promise.all(Array.from({ length: 3 }, () => createPilot(store, pilotInput(), consultant)));
    const { ctx, calls } = counting(store);
    const keys = [key.pilot(pilots[2]!.id), key.pilot('nobody'), key.pilot(pilots[0]!.id), key.pilot(pilots[2]!.id)];

    const items = await getItems(ctx, keys);

    expect(items.map((i) => i?.id)).toEqual([pilots[2]!.id, undefined, pilots[0]!.id, pilots[2]!.id]);
    expect(calls).toEqual({ BatchGetCommand: 1 });

    // 150 keys: two calls (DynamoDB takes 100 a call), every found one answered.
    const many = [...pilots.map((p) => key.pilot(p.id)), ...Array.from({ length: 147 }, (_, i) => key.pilot(`missing-${i}`))];
    const before = calls.BatchGetCommand!;
    const answered = await getItems(ctx, many);
    expect(calls.BatchGetCommand! - before).toBe(2);
    expect(answered.filter(Boolean)).toHaveLength(3);
    expect(answered.slice(0, 3).map((i) => i?.id)).toEqual(pilots.map((p) => p.id));
  });

  it('reads what was just written (strongly consistent), and asks no call for no keys', async () => {
    const store = await freshStore();
    const { ctx, calls } = counting(store);
    expect(await getItems(ctx, [])).toEqual([]);
    expect(calls).toEqual({});
    const pilot = await createPilot(store, pilotInput(), consultant);
    await changePilot(store, pilot.id, { set: { name: 'Omdøbt' } });
    const [item] = await getItems(ctx, [key.pilot(pilot.id)]);
    expect(item?.name).toBe('Omdøbt');
  });
});

describe("a webhook's company and its replay marker, in one read", () => {
  it('says whether the message was seen in the last 72 hours (an expired marker is unseen), with the secrets to verify by', async () => {
    const clock = testClock('2021-03-01T08:00:00.000Z');
    const store = await freshStore(clock);
    const c = await company(store, 501);
    const { ctx, calls } = counting(store);

    const first = await getCompanyAndMessageSeen(ctx, c.id, 'msg_1');
    expect(first.seen).toBe(false);
    expect(first.company).toMatchObject({ id: c.id, name: c.name });
    expect(first.company.secrets).toHaveLength(1);
    expect(first.company).not.toHaveProperty('PK');
    expect(calls).toEqual({ BatchGetCommand: 1 });

    expect((await transact(store, [messagePut(store, c.id, 'msg_1', { kind: 'test' })])).committed).toBe(true);
    expect((await getCompanyAndMessageSeen(ctx, c.id, 'msg_1')).seen).toBe(true);
    expect((await getCompanyAndMessageSeen(ctx, c.id, 'msg_2')).seen).toBe(false);

    // Past its memory the marker no longer counts, whether or not TTL has deleted it yet.
    clock.advance(MESSAGE_MEMORY_HOURS * 3600_000 + 1000);
    expect((await getCompanyAndMessageSeen(ctx, c.id, 'msg_1')).seen).toBe(false);
    expect(calls).toEqual({ BatchGetCommand: 4 });
  });

  it('answers 404 for an unknown company, and a malformed company or marker is a MalformedItemError, as their GetItems were', async () => {
    const store = await freshStore();
    await expect(getCompanyAndMessageSeen(store, 'no-such-company', 'msg_1')).rejects.toBeInstanceOf(NotFoundError);

    const c = await company(store, 502);
    await store.db.send(
      new PutCommand({ TableName: store.tableName, Item: { ...key.companyMessage(c.id, 'msg_bad'), entity: 'company-message', expiresAt: 'soon' } }),
    );
    await expect(getCompanyAndMessageSeen(store, c.id, 'msg_bad')).rejects.toBeInstanceOf(MalformedItemError);

    await store.db.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: key.company(c.id),
        UpdateExpression: 'SET secrets = :s',
        ExpressionAttributeValues: { ':s': 'none' },
      }),
    );
    await expect(getCompanyAndMessageSeen(store, c.id, 'msg_1')).rejects.toBeInstanceOf(MalformedItemError);
  });
});

describe("a company's answer and report: the pilot, the invitation and the candidate code in one read", () => {
  it('answers each parsed, undefined for what is not there, in one call', async () => {
    const store = await freshStore();
    const pilot = await createPilot(store, pilotInput(), consultant);
    const [invited, stranger] = [await company(store, 503), await company(store, 504)];
    await putInvitation(store, pilot, invited, 3, consultant);
    await saveSchedule(store, pilot.id, [{ code: 'K-07', participantId: 'p-7', companyIds: [invited.id] }], []);
    const { ctx, calls } = counting(store);

    const answer = await getInvitationAndPilot(ctx, pilot.id, invited.id);
    expect(answer.pilot).toMatchObject({ id: pilot.id, name: pilot.name, companies: { invited: 1 } });
    expect(answer.invitation).toMatchObject({ companyId: invited.id, maxSlots: 3, answer: 'none' });
    expect(answer.invitation).not.toHaveProperty('SK');
    expect(await getInvitationAndPilot(ctx, pilot.id, stranger.id)).toMatchObject({ invitation: undefined, pilot: { id: pilot.id } });
    expect(await getInvitationAndPilot(ctx, 'no-pilot', invited.id)).toEqual({ invitation: undefined, pilot: undefined });

    const report = await getReportingItems(ctx, pilot.id, invited.id, 'K-07');
    expect(report.candidate).toEqual({ code: 'K-07', participantId: 'p-7', companyIds: [invited.id] });
    expect(report.pilot?.id).toBe(pilot.id);
    expect(report.invitation?.companyId).toBe(invited.id);
    expect((await getReportingItems(ctx, pilot.id, invited.id, 'K-99')).candidate).toBeUndefined();
    expect(calls).toEqual({ BatchGetCommand: 5 });
  });

  it('reads a company with its invitation (404 for no company), and many companies at once in the order asked', async () => {
    const store = await freshStore();
    const pilot = await createPilot(store, pilotInput(), consultant);
    const [a, b] = [await company(store, 505), await company(store, 506)];
    await putInvitation(store, pilot, a, 2, consultant);
    const { ctx, calls } = counting(store);

    expect(await getCompanyAndInvitation(ctx, pilot.id, a.id)).toMatchObject({ company: { id: a.id, name: a.name }, invitation: { maxSlots: 2 } });
    const notInvited = await getCompanyAndInvitation(ctx, pilot.id, b.id);
    expect(notInvited.invitation).toBeUndefined();
    expect(notInvited.company).not.toHaveProperty('secrets');
    await expect(getCompanyAndInvitation(ctx, pilot.id, 'no-company')).rejects.toBeInstanceOf(NotFoundError);

    expect((await getCompanies(ctx, [b.id, a.id])).map((c) => c.id)).toEqual([b.id, a.id]);
    expect((await getCompanies(ctx, [a.id]))[0]).not.toHaveProperty('secrets');
    await expect(getCompanies(ctx, [a.id, 'no-company'])).rejects.toBeInstanceOf(NotFoundError);
    expect(calls).toEqual({ BatchGetCommand: 6 });
  });

  it('reads the pilot with a company and its invitation in one call (inviting a company): 404 for no pilot or no company', async () => {
    const store = await freshStore();
    const pilot = await createPilot(store, pilotInput(), consultant);
    const a = await company(store, 507);
    await putInvitation(store, pilot, a, 3, consultant);
    const { ctx, calls } = counting(store);

    const { pilot: read, items } = await getPilotWith(ctx, pilot.id, companyAndInvitationKeys(pilot.id, a.id));
    expect(read).toMatchObject({ id: pilot.id, companies: { invited: 1 } });
    expect(toCompanyAndInvitation(a.id, items)).toMatchObject({ company: { id: a.id }, invitation: { maxSlots: 3 } });
    expect(calls).toEqual({ BatchGetCommand: 1 });

    const other = await getPilotWith(ctx, pilot.id, companyAndInvitationKeys(pilot.id, 'no-company'));
    expect(() => toCompanyAndInvitation('no-company', other.items)).toThrow(NotFoundError);
    await expect(getPilotWith(ctx, 'no-pilot', companyAndInvitationKeys('no-pilot', a.id))).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("the digest's reads", () => {
  it('finds the running, paused and closed pilots in one Query, newest first, and no draft; the by-status list still answers', async () => {
    const clock = testClock('2021-03-01T08:00:00.000Z');
    const store = await freshStore(clock);
    const made: Record<string, string> = {};
    for (const status of ['draft', 'running', 'paused', 'closed', 'running'] as const) {
      clock.advance(60_000);
      const pilot = await createPilot(store, pilotInput({ name: `Pilot ${Object.keys(made).length}` }), consultant);
      if (status !== 'draft') await changePilot(store, pilot.id, { set: { status } });
      made[pilot.id] = status;
    }
    const ids = Object.keys(made);
    const { ctx, calls } = counting(store);

    const found = await pilotsWithStatuses(ctx, ['running', 'paused', 'closed']);

    expect(found.map((p) => p.id)).toEqual([ids[4], ids[3], ids[2], ids[1]]);
    expect(found.map((p) => p.status)).toEqual(['running', 'closed', 'paused', 'running']);
    expect(found[0]).not.toHaveProperty('GSI1PK');
    expect(calls).toEqual({ QueryCommand: 1 });
    expect((await listPilots(store, { status: 'running' }, { limit: 10 })).items.map((p) => p.id)).toEqual([ids[4], ids[1]]);
    expect((await listPilots(store, { status: 'draft' }, { limit: 10 })).items.map((p) => p.id)).toEqual([ids[0]]);
  });

  it("reads the closed pilots' outcomes in one batch: absent for a pilot not evaluated", async () => {
    const store = await freshStore();
    const { ctx, calls } = counting(store);
    expect(await getOutcomes(ctx, [])).toEqual(new Map());
    expect(calls).toEqual({});
    expect(await getOutcomes(ctx, ['p-1', 'p-2'])).toEqual(new Map());
    expect(calls).toEqual({ BatchGetCommand: 1 });
  });
});

describe('a wake-up: the pilot with its wait in one read, and the wait taken with its audit entry in one transaction', () => {
  const parked = async () => {
    const store = await freshStore();
    const pilot = await createPilot(store, pilotInput(), consultant);
    const wait: Wait = { waitId: 'w1', for: 'recruitment-end', phase: 'recruitment', deadline: '2020-03-01T23:00:00.000Z', scheduleVersion: 1 };
    await enterWait(store, pilot.id, wait, store.clock.now());
    await storeToken(store, pilot.id, wait, 'token-1', 'exec-1');
    return { store, pilot };
  };
  const resumedEntries = async (store: Awaited<ReturnType<typeof freshStore>>, pilotId: string) =>
    (await auditTrailOfPilot(store, pilotId, { limit: 50 })).items.filter((e) => e.action === 'pilot.resumed-from-wait');
  const entry = { actor: SYSTEM_ACTOR, action: 'pilot.resumed-from-wait', details: { waitedFor: 'recruitment-end' } };

  it('of ten racing resumes of the wait read, exactly one takes it, and the trail has exactly one entry', async () => {
    const { store, pilot } = await parked();
    const { ctx, calls } = counting(store);
    const { pilot: read, wait } = await getPilotAndWait(ctx, pilot.id);
    expect(read.id).toBe(pilot.id);
    expect(wait).toMatchObject({ waitId: 'w1', token: 'token-1', execution: 'exec-1' });
    expect(calls).toEqual({ BatchGetCommand: 1 });

    const taken = await Promise.all(Array.from({ length: 10 }, () => takeReadToken(store, pilot.id, wait!, entry)));

    expect(taken.filter(Boolean)).toHaveLength(1);
    expect((await getPilotAndWait(store, pilot.id)).wait).toBeUndefined();
    expect(await resumedEntries(store, pilot.id)).toHaveLength(1);
  });

  it('takes nothing and writes no entry when the wait changed since it was read (a new token, a moved deadline)', async () => {
    const { store, pilot } = await parked();
    const { wait } = await getPilotAndWait(store, pilot.id);
    // The task timed out and parked again: a new token for the same wait.
    await storeToken(store, pilot.id, wait!, 'token-2', 'exec-1');

    expect(await takeReadToken(store, pilot.id, wait!, entry)).toBe(false);
    expect((await getPilotAndWait(store, pilot.id)).wait).toMatchObject({ waitId: 'w1', token: 'token-2' });
    expect(await resumedEntries(store, pilot.id)).toHaveLength(0);
    await expect(getPilotAndWait(store, 'no-pilot')).rejects.toBeInstanceOf(NotFoundError);
  });
});
