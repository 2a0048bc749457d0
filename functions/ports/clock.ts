/**
 * Where "now" comes from. Domain and store code never call `new Date()` for
 * the time of an event, so the local stack can fast-forward a pilot through
 * its lifecycle and tests never sleep for real time.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
