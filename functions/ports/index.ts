import type { Keys } from './keys.js';
import type { Mailer } from './mailer.js';
import type { Clock } from './clock.js';
import type { Scheduler } from './scheduler.js';
import type { WorkflowEngine } from './workflow.js';

/**
 * The world as the domain sees it. Which adapter answers each port is decided
 * in one place per runtime, its composition root: functions/wiring.ts on
 * Lambda (the AWS adapters, which the bundler puts in front of every entry
 * point) and infra/local/runtime.ts locally. The handler wrappers hand them
 * to the services in their context (functions/services/context.ts); this
 * module names no adapter and holds none.
 */
export interface Ports {
  clock: Clock;
  scheduler: Scheduler;
  workflow: WorkflowEngine;
  mailer: Mailer;
  keys: Keys;
}

/** How a composition root makes each adapter, on first use. */
export type PortFactories = { [K in keyof Ports]?: () => Ports[K] };
