import { systemClock } from './ports/clock.js';
import type { PortFactories, Ports } from './ports/index.js';
import type { ServiceContext } from './services/context.js';
import { tableFromEnvironment } from './store/client.js';

// Where a runtime's composition root leaves its adapters for the handler
// wrappers, which put them in the context they hand the services. Only the
// roots (functions/wiring.ts, infra/local/runtime.ts, tests and the bench) and
// the wrappers (functions/http, functions/steps) import this module: a
// service gets its ports from its ctx argument (`npm run lint` checks it).

const PORTS = ['clock', 'scheduler', 'workflow', 'mailer', 'keys'] as const satisfies readonly (keyof Ports)[];

// The system clock is no adapter: it is right on every runtime until one says otherwise.
let factories: PortFactories = { clock: () => systemClock };
const made: Partial<Ports> = {};

const adapter = <K extends keyof Ports>(name: K): Ports[K] => {
  const existing = made[name];
  if (existing) return existing;
  const create = factories[name];
  if (!create) {
    throw new Error(`no adapter for the ${name} port: the runtime's composition root (functions/wiring.ts, infra/local/runtime.ts) provides one`);
  }
  return (made[name] = create());
};

/**
 * The runtime's ports. Each adapter is made when a service first uses it, so a
 * Lambda function creates only the SDK clients it calls (its cold start pays
 * for no other); after that every context shares it.
 */
export const runtimePorts: Ports = Object.defineProperties(
  {} as Ports,
  Object.fromEntries(PORTS.map((name) => [name, { enumerable: true, get: () => adapter(name) }])),
);

/** For a composition root that wants each adapter created on first use (Lambda). */
export const providePorts = (provided: PortFactories): void => {
  factories = { ...factories, ...provided };
  for (const name of Object.keys(provided) as (keyof Ports)[]) delete made[name];
};

/** For a composition root that has its adapters made (the local stack, tests): use these from now on. */
export const configurePorts = (ports: Partial<Ports>): void => {
  Object.assign(made, ports);
};

// Asked on every read, so a composition root may configure the clock at any time (the tests' clocks).
const clock = { now: () => runtimePorts.clock.now() };

/** The context of one invocation: the table from the environment, the runtime's clock and its ports. */
export const handlerContext = (): ServiceContext => ({ ...tableFromEnvironment(), clock, ports: runtimePorts });
