import { dateInCopenhagen } from '../domain/calendar.js';
import { isRecruiting } from '../domain/pilot.js';
import { pilotFigures, teamOf } from '../domain/access.js';
import type { Pilot } from '../domain/pilot.js';
import { apiHandler } from '../http/api-handler.js';
import { reply } from '../http/reply.js';
import { planOf } from '../domain/lifecycle.js';
import { getPilot } from '../store/pilots.js';
import { pilotPath } from './params.js';

/**
 * GET /pilots/{pilotId}: the pilot with its participant counts by status,
 * whether it takes enrolments today by the product's clock (so a page need
 * not judge recruitment's dates by its own clock), and its plan (each
 * phase's last day, after pauses), its team, and whether the caller sees
 * its personal data (and so manages its team). Someone outside the team gets
 * the figures (domain/access.ts `pilotFigures`).
 */
export const handler = apiHandler(
  'read',
  async (event, ctx) => {
    const pilot = ctx.pilot ?? (await getPilot(ctx.store, pilotPath(event).pilotId));
    return reply('GET /pilots/{pilotId}', 200, {
      ...pilot,
      team: teamOf(pilot),
      enrolmentOpen: isRecruiting(pilot, dateInCopenhagen(ctx.store.clock.now())),
      plan: planOf(pilot),
      personalData: ctx.personalData,
    });
  },
  (body: Pilot) => pilotFigures(body),
);
