import { withCorrelation, type CorrelationKeys } from './logger.js';
import { withMetrics } from './metrics.js';

/**
 * Wraps a Lambda handler so that everything it logs carries its correlation
 * ids and everything it counts is published once, when it ends. Outside the
 * middy chain, so the chain's own lines (errors mapped to answers) carry the
 * ids too.
 */
export const observed =
  <E, C, R>(keysOf: (event: E, context: C) => CorrelationKeys, handler: (event: E, context: C) => Promise<R>) =>
  (event: E, context: C): Promise<R> =>
    withCorrelation(keysOf(event, context), () => withMetrics(() => handler(event, context)));
