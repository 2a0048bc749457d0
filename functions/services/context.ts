import type { Ports } from '../ports/index.js';
import type { StoreContext } from '../store/client.js';

/**
 * What a service is given: the store's context (client, table, clock) and the
 * ports it reaches the world through, `ctx.ports.scheduler` and the like. The
 * handler wrappers make it (functions/http/api-handler.ts,
 * functions/steps/step-handler.ts) from what the runtime's composition root
 * provides; a test makes its own. Services never look a port up themselves,
 * and the store is given only its part: it knows no port but the clock.
 */
export interface ServiceContext extends StoreContext {
  ports: Ports;
}
