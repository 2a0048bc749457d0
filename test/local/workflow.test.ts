import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfDay } from '../../functions/domain/calendar.js';
import { ParticipantInputSchema } from '../../functions/domain/participant.js';
import { auditTrailOfPilot } from '../../functions/store/audit.js';
import type { StoreContext } from '../../functions/store/client.js';
import { enrolParticipant } from '../../functions/store/participants.js';
import { createPilot, getPilot } from '../../functions/store/pilots.js';
import { startPilot } from '../../functions/services/pilot-control.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { pilotInput } from '../support/fixtures.js';
import { consultant } from '../support/store.js';
import { startWorkflowRuntime } from '../support/workflow.js';

let runtime: LocalRuntime;
let store: StoreContext;
beforeAll(async () => {
  ({ runtime, store } = await startWorkflowRuntime());
});
afterAll(() => runtime.stop());

const enrolMany = async (pilotId: string, count: number) => {
  for (let i = 0; i < count; i++) {
    const input = ParticipantInputSchema.parse({ reference: `R-${i}`, name: `P ${i}`, birthYear: 1980, targetGroup: 'academics' });
    await enrolParticipant(store, pilotId, input, { actor: consultant, track: 'course', orderKey: String(i).padStart(4, '0') });
  }
};

const advanceTo = (date: string) => runtime.scheduler.advanceTo(new Date(startOfDay(date)));

describe('the lifecycle, run by the real definition on the local engine', () => {
  it('happy path: recruitment → course → certification → match event → internships → follow-up → evaluation → closed', async () => {
    const pilot = await createPilot(store, pilotInput({ capacity: 10, minimumCohort: 5 }), consultant);
    await enrolMany(pilot.id, 6);

    await startPilot(store, pilot.id, consultant);
    await runtime.engine.settled();

    let now = await getPilot(store, pilot.id);
    expect(now).toMatchObject({ status: 'running', phase: 'recruitment', waitingFor: 'recruitment-end', nextDeadline: startOfDay('2020-03-02') });

    await advanceTo('2020-03-02');
    now = await getPilot(store, pilot.id);
    expect(now).toMatchObject({ phase: 'course', waitingFor: 'course-end', nextDeadline: startOfDay('2020-04-13') });

    await advanceTo('2022-01-01');
    now = await getPilot(store, pilot.id);
    expect(now).toMatchObject({ status: 'closed', phase: 'closed' });
    const trail = await auditTrailOfPilot(store, pilot.id, { limit: 100 });
    expect(trail.items.filter((e) => e.action === 'phase.entered').map((e) => e.details?.phase)).toEqual([
      'recruitment', 'course', 'certification', 'match-event', 'internships', 'follow-up',
    ]);
    const execution = await runtime.engine.execution(pilot.id);
    expect(execution?.status).toBe('SUCCEEDED');
  });
});
