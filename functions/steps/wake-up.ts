import * as z from 'zod';
import { NOTICES } from '../domain/lifecycle.js';
import { wakeUp } from '../services/wake-up.js';
import { stepHandler } from './step-handler.js';

/** Invoked by the scheduler at a wait's deadline (a stale one — resumed, moved, paused — does nothing), or to send a follow-up notice. */
const Input = z.object({ pilotId: z.string(), waitId: z.string().optional(), notice: z.enum(NOTICES).optional(), renew: z.string().optional() });

export const handler = stepHandler(async (raw: unknown, store) => ({ outcome: await wakeUp(store, Input.parse(raw)) }));
