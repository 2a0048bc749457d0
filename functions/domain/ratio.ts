import { wilson, type Interval } from './intervals.js';

// A count out of a whole, with the rate and its 95 % interval: how every rate
// in the product is kept (evaluation.ts, survey-results.ts). Its own module so
// both can use it.

/**
 * A count out of a whole, with the rate and its 95 % interval (Wilson's);
 * rate and interval are null when the whole is zero (no division by zero).
 */
export interface Ratio {
  count: number;
  of: number;
  rate: number | null;
  /** Absent in outcomes stored before intervals were computed (they are read back as they were written). */
  interval?: Interval | null;
}

export const ratio = (count: number, of: number): Ratio => ({ count, of, rate: of === 0 ? null : count / of, interval: wilson(count, of) });
