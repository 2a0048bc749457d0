import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { outboxMailer } from '../../functions/adapters/local/outbox.js';
import { configurePorts } from '../../functions/composition.js';
import { releaseOrphanedClaims } from '../../functions/store/mails.js';
import { addDays, dateInCopenhagen, startOfDay } from '../../functions/domain/calendar.js';
import { PilotInputSchema } from '../../functions/domain/pilot.js';
import { auditTrailOfPilot } from '../../functions/store/audit.js';
import type { ServiceContext } from '../../functions/services/context.js';
import { changeParticipantStatus, getParticipant, participantsOfPilot } from '../../functions/store/participants.js';
import { createPilot, getPilot } from '../../functions/store/pilots.js';
import { assignCode, codesOfPilot, freeCodes } from '../../functions/store/vouchers.js';
import { enrolParticipants } from '../../functions/services/enrol-participants.js';
import { startPilot } from '../../functions/services/pilot-control.js';
import { assignVouchers, giveCode } from '../../functions/services/vouchers/assign.js';
import { recordExamResults } from '../../functions/services/vouchers/exam-results.js';
import { loadVouchers } from '../../functions/services/vouchers/load.js';
import { voucherOverview } from '../../functions/services/vouchers/overview.js';
import { revokeVoucher } from '../../functions/services/vouchers/revoke.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { azure2020Body } from '../support/fixtures.js';
import { consultant } from '../support/store.js';
import { startWorkflowRuntime } from '../support/workflow.js';

// The Azure pilot's certification: Microsoft donated 50 codes in
// autumn 2020 so the remaining candidates could certify. Codes are money.

let runtime: LocalRuntime;
let store: ServiceContext;
let outboxDir: string;
beforeAll(async () => {
  ({ runtime, store, outboxDir } = await startWorkflowRuntime('2020-09-01T08:00:00.000Z'));
});
afterAll(() => runtime.stop());

const today = () => dateInCopenhagen(runtime.clock.now());
const codes = (n: number, prefix = 'AZ900') => Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}-XK`);
const load = (pilotId: string, list: unknown[], expiresOn = addDays(today(), 180)) =>
  loadVouchers(store, pilotId, { kind: 'json', body: { sponsor: 'Microsoft', exam: 'AZ-900', expiresOn, codes: list } }, consultant);

/** A pilot with `n` participants who completed the course, recruitment and course dates from today. */
const completedCohort = async (n: number, overrides: Record<string, unknown> = {}) => {
  const d = today();
  const pilot = await createPilot(
    store,
    PilotInputSchema.parse({
      ...azure2020Body,
      capacity: Math.max(n, 1),
      minimumCohort: 1,
      recruitment: { opens: d, closes: addDays(d, 5) },
      course: { start: addDays(d, 7), weeks: 4, ending: 'exam' },
      matchEvent: undefined,
      ...overrides,
    }),
    consultant,
  );
  await enrolParticipants(
    store,
    pilot.id,
    {
      kind: 'json',
      body: {
        participants: Array.from({ length: n }, (_, i) => ({
          reference: `AZ-${i}`,
          name: `Kandidat ${i}`,
          ...(i % 5 === 4 ? {} : { email: `kandidat${i}@example.test` }),
          birthYear: 1985,
          targetGroup: 'academics',
        })),
      },
    },
    consultant,
  );
  const { items } = await participantsOfPilot(store, pilot.id, {}, { limit: 100 });
  for (const p of items) {
    await changeParticipantStatus(store, pilot.id, p.id, { status: 'started' }, consultant);
    await changeParticipantStatus(store, pilot.id, p.id, { status: 'completed' }, consultant);
  }
  return { pilot: await getPilot(store, pilot.id), participants: items };
};

describe('exactly once', () => {
  it('50 concurrent assignment attempts for one participant give one code', async () => {
    const { pilot, participants } = await completedCohort(1);
    await load(pilot.id, codes(60, 'ONE'));
    const free = await freeCodes(store, pilot.id, today(), 50);

    const outcomes = await Promise.all(free.map((code) => assignCode(store, pilot.id, participants[0]!.id, code, 1, consultant)));

    expect(outcomes.filter((o) => o === 'assigned')).toHaveLength(1);
    const all = await codesOfPilot(store, pilot.id);
    expect(all.filter((c) => c.status === 'assigned')).toHaveLength(1);
    expect((await getParticipant(store, pilot.id, participants[0]!.id)).voucher?.code).toBe(all.find((c) => c.status === 'assigned')!.code);
  });

  it('50 participants racing for 10 codes: 10 assignments, no code used twice', async () => {
    const { pilot, participants } = await completedCohort(50);
    await load(pilot.id, codes(10, 'TEN'));

    const outcomes = await Promise.all(participants.map((p) => giveCode(store, pilot, p.id, 1)));
    const result = await assignVouchers(store, pilot.id); // the step afterwards finds nothing left to give

    const all = await codesOfPilot(store, pilot.id);
    const holders = (await participantsOfPilot(store, pilot.id, {}, { limit: 100 })).items.filter((p) => p.voucher);
    expect(all.every((c) => c.status === 'assigned')).toBe(true);
    expect(holders).toHaveLength(10);
    expect(new Set(holders.map((p) => p.voucher!.code)).size).toBe(10);
    expect(outcomes.filter((o) => o === 'assigned')).toHaveLength(10);
    expect(outcomes.filter((o) => o === 'no-code')).toHaveLength(40);
    expect(result).toEqual({ assigned: 0, waiting: 40 });
  }, 60_000);

  it('running the assignment step twice e-mails and assigns nothing more', async () => {
    const { pilot } = await completedCohort(5);
    await load(pilot.id, codes(10, 'TWICE'));
    const mails = () => readdirSync(outboxDir).filter((f) => f.includes('-voucher-')).length;
    const before = mails();

    const first = await assignVouchers(store, pilot.id);
    const afterFirst = mails();
    const second = await assignVouchers(store, pilot.id);

    expect(first).toEqual({ assigned: 5, waiting: 0 });
    expect(second).toEqual({ assigned: 0, waiting: 0 });
    expect(afterFirst - before).toBe(4); // the fifth participant has no e-mail: handed out by the consultant
    expect(mails()).toBe(afterFirst);
    const overview = await voucherOverview(store, pilot.id, true);
    expect(overview.assignments.filter((a) => a.handOut)).toHaveLength(1);
  });
});

describe('a crash in the middle of the voucher e-mails', () => {
  it('the batch run again mails every code assigned before the crash and not yet mailed, each once', async () => {
    // Prepare: 10 completed (8 with an e-mail address), codes for all; the mail service freezes after 3 e-mails
    // (the process is killed there: its codes are assigned, 5 e-mails claimed or waiting, none of them sent).
    const { pilot, participants } = await completedCohort(10);
    await load(pilot.id, codes(10, 'CRASH'));
    const outbox = outboxMailer(outboxDir, runtime.clock);
    let calls = 0;
    configurePorts({
      mailer: {
        send: (mail) => (++calls <= 3 ? outbox.send(mail) : new Promise(() => undefined)),
      },
    });
    const mailed = () =>
      readdirSync(outboxDir)
        .filter((f) => f.includes('-voucher-'))
        .map((f) => readFileSync(join(outboxDir, f), 'utf8'))
        .flatMap((eml) => [...new Set(eml.match(/CRASH-\d{4}-XK/g) ?? [])]);
    const before = new Set(mailed());
    void assignVouchers(store, pilot.id);
    await vi.waitFor(() => expect(calls).toBe(8), { timeout: 20_000 });
    const assignedAtCrash = (await participantsOfPilot(store, pilot.id, {}, { limit: 100 })).items.filter((p) => p.voucher).length;

    // Act: the stack starts again (its dead predecessor's claims released), and the step is run again.
    configurePorts({ mailer: outbox });
    await releaseOrphanedClaims(store);
    const again = await assignVouchers(store, pilot.id);

    // Assess: every code was assigned before the crash; the repeat assigns none, and mails each missing one once.
    expect(assignedAtCrash).toBe(10);
    expect(again).toEqual({ assigned: 0, waiting: 0 });
    const codesMailed = mailed().filter((c) => !before.has(c));
    const withEmail = (await Promise.all(participants.map((p) => getParticipant(store, pilot.id, p.id)))).filter((p) => p.email);
    expect(withEmail).toHaveLength(8);
    expect([...codesMailed].sort()).toEqual(withEmail.map((p) => p.voucher!.code).sort());
  });
});

describe('loading codes', () => {
  it('reports and ignores duplicates within and across loads', async () => {
    const { pilot } = await completedCohort(1);
    const first = await load(pilot.id, ['DUP-0001-AA', 'DUP-0002-BB', 'DUP-0001-AA']);
    const second = await load(pilot.id, ['DUP-0002-BB', 'DUP-0003-CC']);

    expect(first.loaded).toBe(2);
    expect(first.duplicates).toEqual([{ where: 'codes.2', code: 'DU•-••••-AA', reason: 'same code as codes.0' }]);
    expect(second.loaded).toBe(1);
    expect(second.duplicates).toEqual([{ where: 'codes.0', code: 'DU•-••••-BB', reason: 'the pilot has this code already' }]);
    expect((await codesOfPilot(store, pilot.id)).length).toBe(3);
  });

  it('refuses a load with a malformed code (control characters), naming the line, storing nothing', async () => {
    const { pilot } = await completedCohort(1);
    await expect(
      loadVouchers(
        store,
        pilot.id,
        { kind: 'text', text: 'GOOD-0001-AA\nBAD\u0007CODE\nGOOD-0002-BB', query: { sponsor: 'Microsoft', exam: 'AZ-900', expiresOn: addDays(today(), 90) } },
        consultant,
      ),
    ).rejects.toMatchObject({ status: 400, issues: [{ path: 'line 2', message: expect.stringContaining('not a voucher code') }] });
    expect(await codesOfPilot(store, pilot.id)).toEqual([]);
  });

  it('refuses 10,000 codes in one load', async () => {
    const { pilot } = await completedCohort(1);
    const text = codes(10_000, 'MANY').join('\n');
    await expect(
      loadVouchers(store, pilot.id, { kind: 'text', text, query: { sponsor: 'Microsoft', exam: 'AZ-900', expiresOn: addDays(today(), 90) } }, consultant),
    ).rejects.toMatchObject({ status: 400, issues: [{ path: '(body)', message: 'has 10000 codes; at most 2000 in one load' }] });
  });

  it('shows codes in full only to consultants', async () => {
    const { pilot } = await completedCohort(1);
    await load(pilot.id, ['SHOW-0001-ZZ']);
    await assignVouchers(store, pilot.id);
    expect((await voucherOverview(store, pilot.id, true)).assignments[0]!.code).toBe('SHOW-0001-ZZ');
    expect((await voucherOverview(store, pilot.id, false)).assignments[0]!.code).toBe('SH••-••••-ZZ');
  });
});

describe('exam results and the certification phase', () => {
  it('the course ends: codes go out in enrolment order, a failed candidate gets a retake code, all results end the phase early', async () => {
    const d = today();
    const pilot = await createPilot(
      store,
      PilotInputSchema.parse({
        ...azure2020Body,
        capacity: 6,
        minimumCohort: 1,
        recruitment: { opens: d, closes: addDays(d, 5) },
        course: { start: addDays(d, 7), weeks: 4, ending: 'exam' },
        certification: { retakes: true },
        matchEvent: undefined,
      }),
      consultant,
    );
    await enrolParticipants(
      store,
      pilot.id,
      {
        kind: 'json',
        body: {
          participants: Array.from({ length: 6 }, (_, i) => ({
            reference: `C-${i}`,
            name: `K ${i}`,
            email: `k${i}@example.test`,
            birthYear: 1985,
            targetGroup: 'academics',
          })),
        },
      },
      consultant,
    );
    await load(pilot.id, codes(6, 'CERT'));
    await startPilot(store, pilot.id, consultant);
    await runtime.engine.settled();
    await runtime.advance(new Date(startOfDay(addDays(d, 7))));
    const { items } = await participantsOfPilot(store, pilot.id, {}, { limit: 100 });
    for (const p of items.slice(0, 5)) {
      await changeParticipantStatus(store, pilot.id, p.id, { status: 'started' }, consultant);
      await changeParticipantStatus(store, pilot.id, p.id, { status: 'completed' }, consultant);
    }

    await runtime.advance(new Date((await getPilot(store, pilot.id)).nextDeadline!)); // the course ends

    expect(await getPilot(store, pilot.id)).toMatchObject({ phase: 'certification', waitingFor: 'certification-end' });
    const holders = (await participantsOfPilot(store, pilot.id, {}, { limit: 100 })).items.filter((p) => p.voucher);
    expect(holders.map((p) => p.reference)).toEqual(['C-0', 'C-1', 'C-2', 'C-3', 'C-4']);
    expect(holders.map((p) => p.voucher!.code)).toEqual(codes(5, 'CERT')); // same expiry: code order, enrolment order

    const results = items.slice(0, 5).map((p, i) => ({ participantId: p.id, result: i === 0 ? 'failed' : 'passed', date: today() }));
    const future = await recordExamResults(
      store,
      pilot.id,
      { kind: 'json', body: { results: [{ participantId: items[0]!.id, result: 'passed', date: addDays(today(), 3) }] } },
      consultant,
    );
    expect(future.rows[0]).toMatchObject({ outcome: 'rejected', issues: [{ path: 'date', message: 'is in the future' }] });
    const noCode = await recordExamResults(
      store,
      pilot.id,
      { kind: 'json', body: { results: [{ participantId: items[5]!.id, result: 'passed', date: today() }] } },
      consultant,
    );
    expect(noCode.rows[0]).toMatchObject({ outcome: 'rejected', issues: [{ path: 'result' }] });

    const report = await recordExamResults(store, pilot.id, { kind: 'json', body: { results } }, consultant);
    expect(report.summary).toEqual({ recorded: 5, rejected: 0, retakes: 1 });
    const retaker = await getParticipant(store, pilot.id, items[0]!.id);
    expect(retaker.voucher).toMatchObject({ attempt: 2, code: codes(6, 'CERT')[5] });
    expect((await getPilot(store, pilot.id)).waitingFor).toBe('certification-end'); // the retake is pending

    await recordExamResults(store, pilot.id, { kind: 'csv', text: `participantId,result,date\n${items[0]!.id},passed,${today()}\n` }, consultant);
    await runtime.engine.settled();

    expect((await getPilot(store, pilot.id)).phase).toBe('follow-up'); // no match event: straight on
    const certified = (await participantsOfPilot(store, pilot.id, {}, { limit: 100 })).items.filter((p) => p.certified);
    expect(certified).toHaveLength(5);
    const mails = readdirSync(outboxDir).filter((f) => f.includes('-voucher-'));
    const retakeMail = mails
      .map((f) => readFileSync(join(outboxDir, f), 'utf8'))
      .find((eml) => eml.includes('To: k0@example.test') && eml.includes(codes(6, 'CERT')[5]!));
    expect(retakeMail).toBeDefined();
    const entries = (await auditTrailOfPilot(store, pilot.id, { limit: 500 })).items;
    const trail = entries.map((e) => e.action);
    // Every assignment is in the trail: the five first codes handed out together are one entry naming each participant, the retake its own.
    const assignedTo = entries.flatMap((e) =>
      e.action === 'voucher.assigned'
        ? [e.participantId]
        : e.action === 'vouchers.assigned'
          ? (e.details!.assignments as { participantId: string }[]).map((a) => a.participantId)
          : [],
    );
    expect(assignedTo).toHaveLength(6);
    expect(new Set(assignedTo)).toEqual(new Set(items.slice(0, 5).map((p) => p.id)));
    expect(trail.filter((a) => a === 'vouchers.assigned')).toHaveLength(1);
    // Every result is in the trail: a list of results is one entry naming each participant with their result.
    const recordedFor = entries.flatMap((e) =>
      e.action === 'exam.recorded'
        ? [e.participantId]
        : e.action === 'exam.results-recorded'
          ? (e.details!.results as { participantId: string }[]).map((r) => r.participantId)
          : [],
    );
    expect(recordedFor).toHaveLength(6);
    expect(new Set(recordedFor)).toEqual(new Set(items.slice(0, 5).map((p) => p.id)));
  }, 60_000);

  it('revokes an unused code back to the pool, and refuses to revoke a used one', async () => {
    const { pilot, participants } = await completedCohort(2);
    await load(pilot.id, codes(2, 'REV'));
    await assignVouchers(store, pilot.id);

    const revoked = await revokeVoucher(store, pilot.id, participants[0]!.id, consultant);
    expect(revoked.revoked).toMatch(/^RE/);
    expect((await voucherOverview(store, pilot.id, true)).pool.free).toBe(1);
    expect((await getParticipant(store, pilot.id, participants[0]!.id)).voucher).toBeUndefined();

    await recordExamResults(
      store,
      pilot.id,
      { kind: 'json', body: { results: [{ participantId: participants[1]!.id, result: 'passed', date: today() }] } },
      consultant,
    );
    await expect(revokeVoucher(store, pilot.id, participants[1]!.id, consultant)).rejects.toMatchObject({ status: 409 });
  });
});

describe('the exam deadline', () => {
  it('reminds the consultant 7 days before of the results still missing, then ends certification at the deadline', async () => {
    const d = today();
    const pilot = await createPilot(
      store,
      PilotInputSchema.parse({
        ...azure2020Body,
        capacity: 3,
        minimumCohort: 1,
        recruitment: { opens: d, closes: addDays(d, 5) },
        course: { start: addDays(d, 7), weeks: 4, ending: 'exam' },
        certification: { examDeadline: addDays(d, 60), retakes: false },
        matchEvent: undefined,
      }),
      consultant,
    );
    await enrolParticipants(
      store,
      pilot.id,
      { kind: 'json', body: { participants: [0, 1, 2].map((i) => ({ reference: `R-${i}`, name: `K ${i}`, birthYear: 1985, targetGroup: 'academics' })) } },
      consultant,
    );
    await load(pilot.id, codes(3, 'REMIND'));
    await startPilot(store, pilot.id, consultant);
    await runtime.engine.settled();
    await runtime.advance(new Date(startOfDay(addDays(d, 7))));
    for (const p of (await participantsOfPilot(store, pilot.id, {}, { limit: 10 })).items) {
      await changeParticipantStatus(store, pilot.id, p.id, { status: 'started' }, consultant);
      await changeParticipantStatus(store, pilot.id, p.id, { status: 'completed' }, consultant);
    }
    await runtime.advance(new Date((await getPilot(store, pilot.id)).nextDeadline!));
    expect(await getPilot(store, pilot.id)).toMatchObject({ phase: 'certification', nextDeadline: startOfDay(addDays(d, 61)) });
    const reminders = () => readdirSync(outboxDir).filter((f) => f.includes('exam-results-reminder'));
    const before = reminders().length;

    await runtime.advance(new Date(startOfDay(addDays(d, 54))));
    expect(reminders().length - before).toBe(1);
    const mail = readFileSync(join(outboxDir, reminders().at(-1)!), 'utf8');
    expect(mail).toContain('To: consultant@local.test');

    await runtime.advance(new Date(startOfDay(addDays(d, 61))));
    expect((await getPilot(store, pilot.id)).phase).toBe('follow-up');
    expect((await participantsOfPilot(store, pilot.id, { certified: true }, { limit: 10 })).items).toEqual([]);
  }, 60_000);
});
