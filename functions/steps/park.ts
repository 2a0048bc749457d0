import * as z from 'zod';
import { lazySchema } from '../domain/lazy-schema.js';
import { ALL_WAITS } from '../domain/lifecycle.js';
import { park } from '../services/waiting.js';
import { stepHandler } from './step-handler.js';

/** The waiting task (`.waitForTaskToken`): stores the token and schedules the wake-up. */
const Input = lazySchema(() =>
  z.object({
    taskToken: z.string().min(1),
    pilotId: z.string(),
    wait: z
      .object({
        waitId: z.string(),
        for: z.enum(ALL_WAITS),
        phase: z.string(),
        deadline: z.string(),
        scheduleVersion: z.number(),
      })
      .passthrough(),
    execution: z.object({ name: z.string().min(1), startedAt: z.string() }),
  }),
);

export const handler = stepHandler(async (raw: unknown, store) => {
  const { pilotId, taskToken, wait, execution } = Input.parse(raw);
  await park(store, { pilotId, taskToken, wait: wait as Parameters<typeof park>[1]['wait'], execution });
  return { parked: true };
});
