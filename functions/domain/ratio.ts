// A count out of a whole, with the rate: how every rate in the product is
// kept (evaluation.ts, survey-results.ts). Its own module so both can use it.

/** A count out of a whole, with the rate; the rate is null when the whole is zero (no division by zero). */
export interface Ratio {
  count: number;
  of: number;
  rate: number | null;
}

export const ratio = (count: number, of: number): Ratio => ({ count, of, rate: of === 0 ? null : count / of });
