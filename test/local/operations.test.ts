import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dateInCopenhagen } from '../../functions/domain/calendar.js';
import { handler as listPilotsHandler } from '../../functions/api/pilots-list.js';
import type { ApiEvent } from '../../functions/http/types.js';
import { startPilot } from '../../functions/services/pilot-control.js';
import { wakeUp } from '../../functions/services/wake-up.js';
import { auditTrailOfPilot } from '../../functions/store/audit.js';
import type { ServiceContext } from '../../functions/services/context.js';
import { createPilot, getPilot } from '../../functions/store/pilots.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { pilotInput } from '../support/fixtures.js';
import { consultant } from '../support/store.js';
import { startWorkflowRuntime } from '../support/workflow.js';

// A stuck pilot: a wait whose deadline passed more than 6 hours ago without
// a wake-up. The operations check (hourly on AWS; locally after each clock
// advance) raises its `stuck` risk, GET /pilots?risk=stuck lists it, and the
// risk goes when the pilot moves again.

let runtime: LocalRuntime;
let store: ServiceContext;
beforeAll(async () => {
  ({ runtime, store } = await startWorkflowRuntime('2021-03-01T08:00:00.000Z'));
});
afterAll(() => runtime.stop());

const list = async (query: Record<string, string>) => {
  const event = {
    routeKey: 'GET /pilots',
    rawPath: '/pilots',
    queryStringParameters: query,
    headers: {},
    requestContext: { requestId: 'r', authorizer: { jwt: { claims: { sub: 'm-1', token_use: 'id', 'cognito:groups': ['management'] } } } },
  } as unknown as ApiEvent;
  const result = await listPilotsHandler(event, { functionName: 'pilots-list', awsRequestId: 'r', getRemainingTimeInMillis: () => 1000 } as unknown as Context);
  return { status: result.statusCode, body: JSON.parse(result.body as string) as { items: { id: string }[]; issues?: { path: string }[] } };
};

describe('the stuck-pilot check', () => {
  it('raises `stuck` on a pilot whose wake-up never came, lists it by risk, and clears it once the pilot moves', async () => {
    // Prepare: two running pilots; one loses its wake-up (as if the scheduler had dropped it).
    const today = dateInCopenhagen(runtime.clock.now());
    const input = pilotInput({
      recruitment: { opens: today, closes: addDays(today, 3) },
      course: { start: addDays(today, 10), weeks: 4, ending: 'diploma' },
      matchEvent: undefined,
    });
    const lost = await createPilot(store, input, consultant);
    const fine = await createPilot(store, input, consultant);
    await startPilot(store, lost.id, consultant);
    await startPilot(store, fine.id, consultant);
    await runtime.engine.settled();
    const dropped = (await runtime.scheduler.pending()).find((w) => w.payload.pilotId === lost.id && w.payload.waitId)!;
    await runtime.scheduler.cancel(dropped.name);

    // Act: 5 hours past the deadline is not yet stuck; 7 hours is.
    const deadline = Date.parse(dropped.at);
    await runtime.advance(new Date(deadline + 5 * 3600_000));
    expect((await getPilot(store, lost.id)).risks?.stuck).toBeUndefined();
    await runtime.advance(new Date(deadline + 7 * 3600_000));

    // Assess: the lost one is stuck (visible on the pilot and by the list's filter), the other went on.
    const stuck = await getPilot(store, lost.id);
    expect(stuck.risks?.stuck?.details).toMatchObject({ waitingFor: 'recruitment-end', hoursOverdue: 7 });
    expect((await getPilot(store, fine.id)).risks?.stuck).toBeUndefined();
    const listed = await list({ risk: 'stuck' });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((p) => p.id)).toEqual([lost.id]);
    // Raised once, however often the check runs.
    await runtime.advance(new Date(deadline + 9 * 3600_000));
    expect((await auditTrailOfPilot(store, lost.id, { limit: 200 })).items.filter((e) => e.action === 'pilot.stuck')).toHaveLength(1);

    // Act: an operator wakes it (as the runbook says); the next check clears the risk.
    expect(await wakeUp(store, dropped.payload)).toBe('resumed');
    await runtime.engine.settled();
    await runtime.advance(new Date(deadline + 10 * 3600_000));
    expect((await getPilot(store, lost.id)).risks?.stuck).toBeUndefined();
    expect((await list({ risk: 'stuck' })).body.items).toEqual([]);
  });

  it('refuses a risk filter that is not a risk name, naming the field', async () => {
    const refused = await list({ risk: 'Robert Tables' });
    expect(refused.status).toBe(400);
    expect(refused.body.issues?.map((i) => i.path)).toEqual(['risk']);
  });
});
