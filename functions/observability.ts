import { withCorrelation, type CorrelationKeys } from './logger.js';
import { withMetrics } from './metrics.js';
import { tracingReady } from './tracing.js';

/**
 * Wraps a Lambda handler so that everything it logs carries its correlation
 * ids and everything it counts is published once, when it ends. Outside the
 * middy chain, so the chain's own lines (errors mapped to answers) carry the
 * ids too.
 */
export const observed =
  <E, C, R>(keysOf: (event: E, context: C) => CorrelationKeys, handler: (event: E, context: C) => Promise<R>) =>
  async (event: E, context: C): Promise<R> => {
    // Before any client exists: with TRACE_SDK_CLIENTS the clients are created traced.
    await tracingReady;
    return withCorrelation(keysOf(event, context), () => withMetrics(() => handler(event, context)));
  };
