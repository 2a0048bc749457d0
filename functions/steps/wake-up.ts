import { z } from 'zod';
import { wakeUp } from '../services/waiting.js';
import { stepHandler } from './step-handler.js';

/** Invoked by the scheduler at a wait's deadline; a stale wake-up (resumed, moved, paused) does nothing. */
const Input = z.object({ pilotId: z.string(), waitId: z.string() });

export const handler = stepHandler(async (raw: unknown, store) => ({ outcome: await wakeUp(store, Input.parse(raw)) }));
