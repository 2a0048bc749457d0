import { describe, expect, it } from 'vitest';
import type { Ports } from '../../functions/ports/index.js';
import { createWait, resumeWait, waitingFor } from '../../functions/services/waiting.js';
import type { ServiceContext } from '../../functions/services/context.js';
import { SYSTEM_ACTOR } from '../../functions/store/audit.js';
import { createPilot } from '../../functions/store/pilots.js';
import { enterWait, getPilotAndWait, storeToken, type Wait } from '../../functions/store/waits.js';
import { pilotInput } from '../support/fixtures.js';
import { consultant, freshStore } from '../support/store.js';

// A resume that comes while its wait is being parked: the wait is entered
// (no token yet), the resume's take finds no token, and before the resume
// can queue itself for the park, the park stores its token. Both the take and
// the queueing then fail; the resume must still reach the workflow.

const output = { action: 'continue', resumedBy: 'event', event: 'all-exam-results' } as const;
const wait: Wait = { waitId: 'w1', for: 'certification-end', phase: 'certification', deadline: '2020-06-01T22:00:00.000Z', scheduleVersion: 1 };

describe('a resume racing the park', () => {
  it('the park storing its token between the take and the queueing: the resume takes the token on its second try', async () => {
    // Prepare: an entered wait; a context whose first queueing is preceded by the park's token.
    const store = await freshStore();
    const pilot = await createPilot(store, pilotInput(), consultant);
    await enterWait(store, pilot.id, wait, store.clock.now());
    const succeeded: string[] = [];
    const ports = Object.create(store.ports, {
      workflow: { value: { sendTaskSuccess: async (token: string) => void succeeded.push(token) } as unknown as Ports['workflow'] },
      scheduler: { value: { schedule: async () => undefined, cancel: async () => undefined } },
    }) as Ports;
    const send = store.db.send.bind(store.db) as (command: unknown) => Promise<unknown>;
    const db = Object.create(store.db) as ServiceContext['db'];
    let parkedInBetween = false;
    db.send = (async (command: { input: { UpdateExpression?: string } }) => {
      if (!parkedInBetween && command.input.UpdateExpression?.includes('earlyResume')) {
        parkedInBetween = true;
        await storeToken(store, pilot.id, wait, 'token-1', 'exec-1');
      }
      return send(command);
    }) as ServiceContext['db']['send'];
    const ctx: ServiceContext = { ...store, db, ports };

    // Act
    const result = await resumeWait(ctx, pilot.id, waitingFor('certification-end'), output, SYSTEM_ACTOR);

    // Assess: the interleaving happened, and the resume reached the parked task and took its wait.
    expect(parkedInBetween).toBe(true);
    expect(result).toBe('resumed');
    expect(succeeded).toEqual(['token-1']);
    expect((await getPilotAndWait(store, pilot.id)).wait).toBeUndefined();
  });

  it('a wait already queued by another resume: this one is told none, and the queued one stays', async () => {
    const store = await freshStore();
    const pilot = await createPilot(store, pilotInput(), consultant);
    await enterWait(store, pilot.id, wait, store.clock.now());

    expect(await resumeWait(store, pilot.id, waitingFor('certification-end'), output, SYSTEM_ACTOR)).toBe('queued');
    expect(await resumeWait(store, pilot.id, waitingFor('certification-end'), { ...output, event: 'other' }, SYSTEM_ACTOR)).toBe('none');
    expect((await getPilotAndWait(store, pilot.id)).wait).toMatchObject({ earlyResume: output });
  });
});

describe('a phase step run again after dying while it scheduled the notices', () => {
  it("schedules them again: a notice it had cancelled before the crash (the survey's reminder) is pending once more", async () => {
    // Prepare: a fake scheduler; the step enters its wait and schedules the notices.
    const store = await freshStore();
    const pilot = await createPilot(store, pilotInput(), consultant);
    const pending = new Map<string, string>();
    const ports = Object.create(store.ports, {
      scheduler: {
        value: {
          schedule: async (w: { name: string; at: string }) => void pending.set(w.name, w.at),
          cancel: async (name: string) => void pending.delete(name),
        },
      },
    }) as Ports;
    const ctx: ServiceContext = { ...store, ports };
    const first = await createWait(ctx, pilot, 'recruitment-end');
    const reminder = `${pilot.id}-survey-remind-0`;
    expect(pending.get(reminder)).toBeDefined();
    const scheduled = new Map(pending);

    // The crash: a later run of scheduleNotices cancelled the reminder and died before scheduling it again.
    pending.delete(reminder);

    // Act: the step runs again (Step Functions' retry, the local engine's replay); its wait is there already.
    const again = await createWait(ctx, pilot, 'recruitment-end');

    // Assess: the same wait, and every notice pending as the first run left them.
    expect(again?.waitId).toBe(first?.waitId);
    expect(pending).toEqual(scheduled);
  });
});
