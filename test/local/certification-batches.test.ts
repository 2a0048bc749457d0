import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LocalClock } from '../../functions/adapters/local/clock.js';
import { addDays, startOfDay } from '../../functions/domain/calendar.js';
import { ParticipantInputSchema } from '../../functions/domain/participant.js';
import { handlerContext } from '../../functions/composition.js';
import type { ServiceContext } from '../../functions/services/context.js';
import { enrolParticipant, orderKeyOf, participantsOfPilot } from '../../functions/store/participants.js';
import { createPilot, getPilot } from '../../functions/store/pilots.js';
import { key } from '../../functions/store/table.js';
import { VOUCHER_BATCH } from '../../functions/services/vouchers/assign.js';
import { loadVouchers } from '../../functions/services/vouchers/load.js';
import { startPilot } from '../../functions/services/pilot-control.js';
import { startLocalRuntime, type LocalRuntime } from '../../infra/local/runtime.js';
import { STANDARD_LIMITS } from '../../functions/adapters/local/workflow-engine.js';
import { pilotInput } from '../support/fixtures.js';
import { consultant, freshStore } from '../support/store.js';

// Work that grows with the cohort runs in batches, each its own task: a
// pilot's certification (a code and an e-mail each) is a task per 100
// participants, and no task's time grows with the pilot's size. In `npm test`
// N is 1,000 (11 tasks): the shape is the same as at 5,000, which takes a
// minute more of the suite; `CERTIFICATION_N=5000 npx vitest run
// test/local/certification-batches.test.ts` shows the README's figure.

const N = Number(process.env.CERTIFICATION_N ?? 1_000);
let runtime: LocalRuntime;
let store: ServiceContext;
let outboxDir: string;
const invocations: { name: string; ms: number }[] = [];

beforeAll(async () => {
  const fresh = await freshStore();
  process.env.TABLE_NAME = fresh.tableName;
  outboxDir = mkdtempSync(join(tmpdir(), 'pilot-outbox-'));
  runtime = await startLocalRuntime({
    db: fresh.db,
    tableName: fresh.tableName,
    clock: LocalClock.startingAt('2020-01-20T08:00:00.000Z'),
    tickMs: 0,
    outboxDir,
    retryDelayMs: 0,
    onInvoke: (name, ms) => invocations.push({ name, ms }),
  });
  store = handlerContext();
});
afterAll(() => runtime.stop());

/** N participants who completed the course, written straight to the table (enrolling 5,000 one by one is not what this test measures). */
const completedParticipants = async (pilotId: string) => {
  await enrolParticipant(store, pilotId, ParticipantInputSchema.parse({ reference: 'T-0', name: 'Template', birthYear: 1980, targetGroup: 'academics' }), {
    actor: consultant,
    track: 'course',
  });
  const [template] = (await participantsOfPilot(store, pilotId, {}, { limit: 1 })).items;
  const { Item } = await store.db.send(new GetCommand({ TableName: store.tableName, Key: key.participant(pilotId, template!.id) }));
  const items = Array.from({ length: N }, (_, i) => {
    const id = randomUUID();
    const orderKey = orderKeyOf(i + 2);
    return {
      ...Item,
      ...key.participant(pilotId, id),
      id,
      orderKey,
      reference: `KK-${String(i).padStart(5, '0')}`,
      name: `Deltager ${i}`,
      email: `d${i}@example.test`,
      status: 'completed',
    };
  });
  // The template itself completes too: N + 1 candidates, N + 1 codes.
  items.push({ ...Item, status: 'completed', email: 'template@example.test' } as (typeof items)[number]);
  for (let i = 0; i < items.length; i += 25) {
    await store.db.send(new BatchWriteCommand({ RequestItems: { [store.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
};

it(`a ${N.toLocaleString('en')}-participant pilot's certification: every participant gets one code and one e-mail, in batch tasks of ${VOUCHER_BATCH}`, async () => {
  const d = '2020-01-20';
  const pilot = await createPilot(
    store,
    pilotInput({
      capacity: N,
      minimumCohort: 1,
      recruitment: { opens: d, closes: addDays(d, 5) },
      course: { start: addDays(d, 7), weeks: 4, ending: 'exam' },
      matchEvent: undefined,
    }),
    consultant,
  );
  await completedParticipants(pilot.id);
  for (let i = 0; i <= N; i += 2_000) {
    const codes = Array.from({ length: Math.min(2_000, N + 1 - i) }, (_, j) => `CODE-${String(i + j).padStart(5, '0')}-XK`);
    await loadVouchers(store, pilot.id, { kind: 'json', body: { sponsor: 'Microsoft', exam: 'AZ-900', expiresOn: addDays(d, 365), codes } }, consultant);
  }
  await startPilot(store, pilot.id, consultant);
  await runtime.engine.settled();
  await runtime.advance(new Date(startOfDay(addDays(d, 7))));
  expect(await getPilot(store, pilot.id)).toMatchObject({ phase: 'course' });

  const started = performance.now();
  invocations.length = 0;
  await runtime.advance(new Date((await getPilot(store, pilot.id)).nextDeadline!)); // the course ends: certification
  const seconds = (performance.now() - started) / 1000;

  expect(await getPilot(store, pilot.id)).toMatchObject({ phase: 'certification', waitingFor: 'certification-end' });
  const participants = [];
  let cursor: string | undefined;
  do {
    const page = await participantsOfPilot(store, pilot.id, {}, { limit: 100, cursor });
    participants.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  expect(participants.filter((p) => p.voucher)).toHaveLength(N + 1);
  expect(new Set(participants.map((p) => p.voucher?.code)).size).toBe(N + 1);
  expect(readdirSync(outboxDir).filter((f) => f.includes('-voucher-'))).toHaveLength(N + 1);

  // One task per batch, each journaled by the engine; the execution stays far from the history limit.
  const batches = await store.db.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
      ExpressionAttributeValues: { ':pk': `LOCAL#EXEC#${pilot.id}`, ':sk': 'STEP#AssignVoucherBatch#' },
    }),
  );
  expect(batches.Items).toHaveLength(Math.ceil((N + 1) / VOUCHER_BATCH));
  const steps = invocations.filter((i) => i.name === 'lifecycle-step');
  const slowest = Math.max(...steps.map((s) => s.ms));
  console.log(
    `certification of ${N + 1} participants: ${seconds.toFixed(1)} s in ${batches.Items!.length} batch tasks; slowest step ${(slowest / 1000).toFixed(1)} s`,
  );
  // A step is one batch's work: far under the 30 s a step function has on AWS, whatever N is.
  expect(slowest).toBeLessThan(15_000);
  // Still parked on the phase's wait; each batch task adds about 8 history events.
  expect((await runtime.engine.execution(pilot.id))?.status).toBe('RUNNING');
  expect(8 * batches.Items!.length).toBeLessThan(STANDARD_LIMITS.historyEvents / 10);
}, 180_000);
