import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@aws-lambda-powertools/logger';

/** The one structured logger. Never log bodies or personal data: ids, codes and counts only. */
const base = new Logger({ serviceName: 'pilot-orchestrator' });

// Each invocation logs through a child of its own, carrying its correlation
// ids (the pilot, the route or step, the webhook-id or execution). On Lambda
// one invocation runs at a time, but the local stack runs many at once in one
// process, where keys appended to one shared logger would leak from one
// request's lines into another's.
const invocation = new AsyncLocalStorage<Logger>();

/**
 * The logger of the invocation in progress (or the process's own outside
 * any), so services log with the request's or step's correlation ids without
 * passing a logger around.
 */
export const logger: Logger = new Proxy(base, {
  get(target, property) {
    const current = invocation.getStore() ?? target;
    const value: unknown = Reflect.get(current, property, current);
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(current) : value;
  },
});

/** Correlation ids: ids and names only, never personal data (no names, e-mails, case references, link tokens). */
export type CorrelationKeys = Record<string, string | undefined>;

/** Runs `fn` with a logger of its own that adds `keys` to every line. */
export const withCorrelation = <T>(keys: CorrelationKeys, fn: () => T): T => {
  const child = base.createChild();
  const defined = Object.fromEntries(Object.entries(keys).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;
  child.appendPersistentKeys(defined);
  return invocation.run(child, fn);
};
