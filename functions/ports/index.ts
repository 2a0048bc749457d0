import type { Keys } from './keys.js';
import type { Mailer } from './mailer.js';
import { systemClock, type Clock } from './clock.js';
import type { Scheduler } from './scheduler.js';
import type { WorkflowEngine } from './workflow.js';

/**
 * The world as the domain sees it. Which adapter answers each port is decided
 * in one place per runtime, its composition root: functions/wiring.ts on
 * Lambda (the AWS adapters, which the bundler puts in front of every entry
 * point) and infra/local/runtime.ts locally. Handlers and domain code never
 * know which they have; this module names no adapter.
 */
export interface Ports {
  clock: Clock;
  scheduler: Scheduler;
  workflow: WorkflowEngine;
  mailer: Mailer;
  keys: Keys;
}

export type PortFactories = { [K in keyof Ports]?: () => Ports[K] };

// The system clock is no adapter: it is right on every runtime until one says otherwise.
let factories: PortFactories = { clock: () => systemClock };

let configured: Partial<Ports> = {};

/**
 * For a composition root that wants each adapter created on first use (a
 * Lambda function creates only the SDK clients it calls).
 */
export const providePorts = (provided: PortFactories): void => {
  factories = { ...factories, ...provided };
};

/** For a composition root (the local stack, tests): use these adapters from now on. */
export const configurePorts = (ports: Partial<Ports>): void => {
  configured = { ...configured, ...ports };
};

export const port = <K extends keyof Ports>(name: K): Ports[K] => {
  const adapter = configured[name] ?? factories[name]?.();
  if (!adapter) {
    throw new Error(`no adapter for the ${name} port: the runtime's composition root (functions/wiring.ts, infra/local/runtime.ts) provides one`);
  }
  configured[name] = adapter;
  return adapter as Ports[K];
};
