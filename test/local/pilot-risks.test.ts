import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalateRecruitment } from '../../functions/services/lifecycle-steps.js';
import { SYSTEM_ACTOR } from '../../functions/store/audit.js';
import type { ServiceContext } from '../../functions/services/context.js';
import { changePilot, clearRisk, createPilot, getPilot, raiseRisk } from '../../functions/store/pilots.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { pilotInput } from '../support/fixtures.js';
import { consultant } from '../support/store.js';
import { startWorkflowRuntime } from '../support/workflow.js';

// A pilot's risks are raised and cleared by many writers that do not see each
// other: a step escalating, the mail sender recording a refusal
// (`mail-failed`), the hourly check (`stuck`), a retry clearing
// `step-failed`. Each changes its own key of the risks map, so none loses
// another's. Against DynamoDB Local, with the writes really interleaved.

let runtime: LocalRuntime;
let store: ServiceContext;
beforeAll(async () => {
  ({ runtime, store } = await startWorkflowRuntime('2022-05-02T08:00:00.000Z'));
});
afterAll(() => runtime.stop());

/**
 * The store, but the first transaction that writes the pilot item waits for
 * `meanwhile` (another writer) first: the writer read the pilot before, and
 * writes after the other's write, the interleaving that lost risks when a
 * writer put back the whole map it had read.
 */
const racing = (pilotId: string, meanwhile: () => Promise<unknown>): ServiceContext => {
  let raced = false;
  const send = (async (command: unknown) => {
    if (!raced && command instanceof TransactWriteCommand && JSON.stringify(command.input.TransactItems).includes(`"PILOT#${pilotId}"`)) {
      raced = true;
      await meanwhile();
    }
    return store.db.send(command as TransactWriteCommand);
  }) as DynamoDBDocumentClient['send'];
  return { ...store, db: { send } as DynamoDBDocumentClient };
};

const audit = { actor: SYSTEM_ACTOR, action: 'pilot.escalated' as const };

describe("a pilot's risks under concurrent writers", () => {
  it('a step escalating recruitment keeps the stuck risk the hourly check raised between its read and its write', async () => {
    const pilot = await createPilot(store, pilotInput(), consultant);
    const stuck = () => raiseRisk(store, pilot.id, 'stuck', { waitingFor: 'recruitment-end', hoursOverdue: 7 }, audit);

    await escalateRecruitment(racing(pilot.id, stuck), pilot.id);

    const risks = (await getPilot(store, pilot.id)).risks ?? {};
    expect(Object.keys(risks).sort()).toEqual(['recruitment-under-minimum', 'stuck']);
    expect(risks.stuck?.details).toEqual({ waitingFor: 'recruitment-end', hoursOverdue: 7 });
  });

  it('twenty writers raising and clearing their own risks at once: every raise is kept, only the cleared one goes', async () => {
    const pilot = await createPilot(store, pilotInput(), consultant);
    await raiseRisk(store, pilot.id, 'step-failed', { step: 'EnterCourse', error: 'ContentionError' }, audit);

    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => changePilot(store, pilot.id, { risks: { raise: { [`risk-${i}`]: { n: i } } }, audit })),
      ...Array.from({ length: 9 }, (_, i) => raiseRisk(store, pilot.id, `other-${i}`, { n: i }, audit)),
      changePilot(store, pilot.id, { risks: { clear: ['step-failed'] }, remove: ['stepFailure'], audit }),
    ]);

    const risks = (await getPilot(store, pilot.id)).risks ?? {};
    expect(Object.keys(risks).sort()).toEqual(
      [...Array.from({ length: 10 }, (_, i) => `risk-${i}`), ...Array.from({ length: 9 }, (_, i) => `other-${i}`)].sort(),
    );
  });

  it('a risk raised again keeps its first time and details; clearing one that is not raised changes nothing else', async () => {
    const pilot = await createPilot(store, pilotInput(), consultant);
    await changePilot(store, pilot.id, { risks: { raise: { 'voucher-shortage': { waiting: 4 } } } });
    const first = (await getPilot(store, pilot.id)).risks?.['voucher-shortage'];

    await changePilot(store, pilot.id, { risks: { raise: { 'voucher-shortage': { waiting: 9 } }, clear: ['never-raised'] } });
    await clearRisk(store, pilot.id, 'also-never-raised', audit);

    expect((await getPilot(store, pilot.id)).risks).toEqual({ 'voucher-shortage': first });
    expect(first?.details).toEqual({ waiting: 4 });
  });

  it('the whole map is never written: a change that sets risks is refused before anything is written', async () => {
    const pilot = await createPilot(store, pilotInput(), consultant);
    await raiseRisk(store, pilot.id, 'stuck', {}, audit);

    await expect(changePilot(store, pilot.id, { set: { risks: {} } as unknown as Record<string, never> })).rejects.toThrow(/one risk at a time/);
    await expect(changePilot(store, pilot.id, { remove: ['risks'] })).rejects.toThrow(/one risk at a time/);

    expect(Object.keys((await getPilot(store, pilot.id)).risks ?? {})).toEqual(['stuck']);
  });
});
