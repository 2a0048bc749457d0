import { count } from '../metrics.js';
import { logger } from '../logger.js';
import { SYSTEM_ACTOR } from '../store/audit.js';
import type { StoreContext } from '../store/client.js';
import { allItems } from '../store/pagination.js';
import { clearRisk, listPilots, raiseRisk } from '../store/pilots.js';
import { getWait } from '../store/waits.js';

// The operations check (hourly on AWS; locally after each clock advance and
// once a minute): a running pilot whose wait's deadline passed more than 6
// hours ago was not woken (a lost wake-up, a failed execution, a bug) and
// would sit until its 20-day safety net. It gets the `stuck` risk (the
// consultant sees it; GET /pilots?risk=stuck lists them) and the StuckPilots
// metric raises an alarm. The same check counts the pilots by phase for the
// dashboard.

export const STUCK_RISK = 'stuck';
/** How long after its deadline a wait counts as stuck: wake-ups are due at the deadline, and the scheduler retries for up to 24 h, mostly within minutes. */
export const STUCK_AFTER_MS = 6 * 3600_000;

export interface OperationsReport {
  running: number;
  byPhase: Record<string, number>;
  stuck: string[];
}

export const checkOperations = async (ctx: StoreContext): Promise<OperationsReport> => {
  const now = ctx.clock.now();
  const running = await allItems((page) => listPilots(ctx, { status: 'running' }, page));
  const byPhase: Record<string, number> = {};
  const stuck: string[] = [];
  for (const pilot of running) {
    const phase = pilot.phase ?? 'none';
    byPhase[phase] = (byPhase[phase] ?? 0) + 1;
    const wait = await getWait(ctx, pilot.id);
    const overdueMs = wait ? now.getTime() - Date.parse(wait.deadline) : 0;
    if (wait && overdueMs > STUCK_AFTER_MS) {
      stuck.push(pilot.id);
      const details = { waitingFor: wait.for, deadline: wait.deadline, hoursOverdue: Math.floor(overdueMs / 3600_000) };
      if (await raiseRisk(ctx, pilot.id, STUCK_RISK, details, { actor: SYSTEM_ACTOR, action: 'pilot.stuck', details })) {
        logger.warn('pilot stuck after its deadline', { pilotId: pilot.id, ...details });
      }
    } else if (pilot.risks?.[STUCK_RISK]) {
      await clearRisk(ctx, pilot.id, STUCK_RISK, { actor: SYSTEM_ACTOR, action: 'pilot.unstuck', details: { waitingFor: wait?.for ?? null } });
    }
  }
  for (const [phase, n] of Object.entries(byPhase)) count('PilotsByPhase', { phase }, n);
  count('StuckPilots', undefined, stuck.length);
  return { running: running.length, byPhase, stuck };
};
