import * as z from 'zod';
import { CalendarDate, parseInput } from '../domain/validation.js';
import { apiHandler } from '../http/api-handler.js';
import { jsonBody } from '../http/body.js';
import { ok } from '../http/types.js';
import { extendMatchDeadline } from '../services/match-event/decision.js';
import { pilotPath } from './params.js';

const ExtendSchema = z.object({ responseDeadline: CalendarDate, date: CalendarDate.optional() }).strict();

/**
 * POST /pilots/{pilotId}/match-event/extend { responseDeadline, date? }: no
 * company confirmed a slot; the companies get a new deadline (and the event a
 * new date if need be). To close instead: POST /pilots/{pilotId}/close.
 */
export const handler = apiHandler('write', async (event, { store, actor }) =>
  ok(await extendMatchDeadline(store, pilotPath(event).pilotId, parseInput(ExtendSchema, jsonBody(event)), actor)),
);
