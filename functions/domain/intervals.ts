// How sure a rate is. A pilot has 14 participants, not 14,000: "5 of 14" is
// anything from 16 % to 61 % at 95 % confidence, and management should see
// that beside the 36 %. Pure functions, no I/O.
//
// - Wilson's score interval for one proportion: right for small n and for
//   rates near 0 or 1, where the textbook (Wald) interval goes below 0 or
//   above 1 or collapses to a point (Newcombe 1998, "Two-sided confidence
//   intervals for the single proportion", method 3).
// - Newcombe's hybrid score interval for the difference of two proportions,
//   built from the two Wilson intervals (Newcombe 1998, "Interval estimation
//   for the difference between independent proportions", method 10).
// - Against a fixed rate (a published figure with no n): only the pilot's own
//   uncertainty counts, so the difference's interval is the pilot's Wilson
//   interval less that rate.

/** The normal quantile for a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

/** A closed interval of fractions (0.163 = 16.3 %), low ≤ high. */
export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson's score interval for `count` of `of` (95 %). `count` may be a
 * fraction of a person (a published rate times its n); null when `of` is 0.
 */
export const wilson = (count: number, of: number, z: number = Z95): Interval | null => {
  if (!(of > 0)) return null;
  const p = Math.min(1, Math.max(0, count / of));
  const z2 = z * z;
  const denominator = 1 + z2 / of;
  const centre = (p + z2 / (2 * of)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / of + z2 / (4 * of * of));
  // At 0 and at the whole the bounds are exactly 0 and 1; floating point would make them 1e-17 off.
  return { low: p === 0 ? 0 : Math.max(0, centre - half), high: p === 1 ? 1 : Math.min(1, centre + half) };
};

/** A difference of two rates (a − b, as fractions) with its 95 % interval. */
export interface Difference {
  difference: number;
  interval: Interval;
}

/**
 * Newcombe's hybrid score interval for p1 − p2 of two independent groups
 * (`x1` of `n1` against `x2` of `n2`). Null when either group is empty.
 */
export const newcombe = (x1: number, n1: number, x2: number, n2: number): Difference | null => {
  const a = wilson(x1, n1);
  const b = wilson(x2, n2);
  if (!a || !b) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const d = p1 - p2;
  return {
    difference: d,
    interval: {
      low: Math.max(-1, d - Math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2)),
      high: Math.min(1, d + Math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2)),
    },
  };
};

/**
 * The difference of `x` of `n` from a fixed rate known without its n (a
 * published figure): the fixed rate carries no uncertainty we know of, so the
 * interval is the pilot's own Wilson interval shifted by it.
 */
export const differenceFromRate = (x: number, n: number, fixed: number): Difference | null => {
  const own = wilson(x, n);
  if (!own) return null;
  return { difference: x / n - fixed, interval: { low: own.low - fixed, high: own.high - fixed } };
};

/** Where an interval lies against a value: wholly above it, wholly below it, or around it (the value inside). */
export type Position = 'above' | 'below' | 'around';

export const positionOf = (interval: Interval, value: number): Position => (interval.low > value ? 'above' : interval.high < value ? 'below' : 'around');

/**
 * The participants a cohort needs for its 95 % interval to reach no further
 * than `margin` from its rate (half the interval's width), by the textbook
 * normal approximation n = z² p (1 − p) / margin². Published: 385 for a rate
 * of 50 % and a margin of 5 points. Null for a margin of 0 (no size does).
 */
export const sampleSizeForMargin = (rate: number, margin: number): number | null => {
  if (!(margin > 0)) return null;
  return Math.max(1, Math.ceil((Z95 * Z95 * rate * (1 - rate)) / (margin * margin)));
};

/** Beyond this, "a next cohort" is no longer a pilot: the answer is that no cohort of a pilot's size can tell. */
export const MAX_COHORT = 1_000_000;

/**
 * The smallest cohort whose Wilson interval, at the same rate, would no
 * longer hold `target`: how many participants a next cohort needs to tell
 * the rate from the target. Uses the same interval the certainty sentence
 * is about (so it also works at rates of 0 and 1, where the textbook
 * formula says 0). Null when the rate equals the target or the answer is
 * beyond MAX_COHORT.
 */
export const cohortToTell = (rate: number, target: number): number | null => {
  if (rate === target) return null;
  const tells = (n: number) => positionOf(wilson(rate * n, n)!, target) !== 'around';
  let high = 1;
  while (!tells(high)) {
    high *= 2;
    if (high > MAX_COHORT * 2) return null;
  }
  // The interval narrows as n grows (a property test holds this), so the first n that tells is found by halving.
  let low = Math.floor(high / 2);
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (tells(mid)) high = mid;
    else low = mid;
  }
  return high > MAX_COHORT ? null : high;
};
