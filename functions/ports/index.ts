import { awsScheduler } from '../adapters/aws/scheduler.js';
import { awsWorkflowEngine } from '../adapters/aws/workflow.js';
import { awsMailer } from '../adapters/aws/mailer.js';
import { awsKeys } from '../adapters/aws/keys.js';
import type { Keys } from './keys.js';
import type { Mailer } from './mailer.js';
import { systemClock, type Clock } from './clock.js';
import type { Scheduler } from './scheduler.js';
import type { WorkflowEngine } from './workflow.js';

/**
 * The world as the domain sees it. By default (on AWS) each port is the AWS
 * adapter, configured from the environment and created on first use; the
 * local stack, as its composition root, configures its local adapters before
 * any handler runs. Handlers and domain code never know which they have.
 */
export interface Ports {
  clock: Clock;
  scheduler: Scheduler;
  workflow: WorkflowEngine;
  mailer: Mailer;
  keys: Keys;
}

const defaults: { [K in keyof Ports]: () => Ports[K] } = {
  clock: () => systemClock,
  scheduler: awsScheduler,
  workflow: awsWorkflowEngine,
  mailer: awsMailer,
  keys: awsKeys,
};

let configured: Partial<Ports> = {};

/** For a composition root (the local stack, tests): use these adapters from now on. */
export const configurePorts = (ports: Partial<Ports>): void => {
  configured = { ...configured, ...ports };
};

export const port = <K extends keyof Ports>(name: K): Ports[K] => {
  const adapter = configured[name] ?? defaults[name]();
  configured[name] = adapter;
  return adapter as Ports[K];
};
