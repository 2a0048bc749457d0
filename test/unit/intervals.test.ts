import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cohortToTell, differenceFromRate, newcombe, positionOf, sampleSizeForMargin, wilson } from '../../functions/domain/intervals.js';

// The intervals against published values, and the properties every interval
// must have whatever the counts.

const rounded = (i: { low: number; high: number } | null, digits = 4) => i && { low: Number(i.low.toFixed(digits)), high: Number(i.high.toFixed(digits)) };

describe("Wilson's score interval", () => {
  it('5 of 14 (the e-sport pilot) is 16.3 % to 61.2 %', () => {
    expect(rounded(wilson(5, 14), 3)).toEqual({ low: 0.163, high: 0.612 });
  });

  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i of %i is %f to %f (Newcombe 1998)', (x, n, low, high) => {
    expect(rounded(wilson(x, n))).toEqual({ low, high });
  });

  it('all of them reaches exactly 1, none exactly 0; no one at all has no interval', () => {
    expect(wilson(14, 14)!.high).toBe(1);
    expect(wilson(0, 14)!.low).toBe(0);
    expect(wilson(0, 0)).toBeNull();
  });

  const counts = fc.integer({ min: 1, max: 5000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

  it('holds the rate and lies within 0 and 1, for any counts', () => {
    fc.assert(
      fc.property(counts, ([x, n]) => {
        const i = wilson(x, n)!;
        expect(i.low).toBeGreaterThanOrEqual(0);
        expect(i.high).toBeLessThanOrEqual(1);
        expect(i.low).toBeLessThanOrEqual(x / n + 1e-12);
        expect(i.high).toBeGreaterThanOrEqual(x / n - 1e-12);
      }),
    );
  });

  it('narrows as the cohort grows at the same rate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 2, max: 20 }), (n, k, factor) => {
        const x = Math.min(k, n);
        const small = wilson(x, n)!;
        const large = wilson(x * factor, n * factor)!;
        expect(large.high - large.low).toBeLessThan(small.high - small.low);
        expect(large.low).toBeGreaterThanOrEqual(small.low - 1e-12);
        expect(large.high).toBeLessThanOrEqual(small.high + 1e-12);
      }),
    );
  });
});

describe("Newcombe's interval for a difference of two rates", () => {
  // Newcombe (1998), "Interval estimation for the difference between independent proportions", Table II, method 10.
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
    [10, 10, 0, 10, 0.6075, 1],
  ])('%i/%i against %i/%i is %f to %f', (x1, n1, x2, n2, low, high) => {
    const d = newcombe(x1, n1, x2, n2)!;
    expect(d.difference).toBeCloseTo(x1 / n1 - x2 / n2, 12);
    expect(rounded(d.interval)).toEqual({ low, high });
  });

  it('holds the difference and lies within −1 and 1, for any counts', () => {
    const group = fc.integer({ min: 1, max: 2000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
    fc.assert(
      fc.property(group, group, ([x1, n1], [x2, n2]) => {
        const { difference, interval } = newcombe(x1, n1, x2, n2)!;
        expect(interval.low).toBeGreaterThanOrEqual(-1);
        expect(interval.high).toBeLessThanOrEqual(1);
        expect(interval.low).toBeLessThanOrEqual(difference + 1e-12);
        expect(interval.high).toBeGreaterThanOrEqual(difference - 1e-12);
      }),
    );
  });

  it('an empty group gives no difference', () => {
    expect(newcombe(1, 2, 0, 0)).toBeNull();
  });
});

describe('the difference from a fixed rate', () => {
  it('is the pilot’s own interval shifted by the rate: 5 of 14 against 20 % is +16 points, −3.7 to +41.2', () => {
    const d = differenceFromRate(5, 14, 0.2)!;
    expect(d.difference).toBeCloseTo(5 / 14 - 0.2, 12);
    expect(rounded(d.interval, 3)).toEqual({ low: -0.037, high: 0.412 });
  });
});

describe('where an interval lies, and the cohort that would tell', () => {
  it('above, below or around a target', () => {
    expect(positionOf({ low: 0.45, high: 0.6 }, 0.4)).toBe('above');
    expect(positionOf({ low: 0.1, high: 0.3 }, 0.4)).toBe('below');
    expect(positionOf({ low: 0.16, high: 0.61 }, 0.4)).toBe('around');
    expect(positionOf({ low: 0.4, high: 0.6 }, 0.4)).toBe('around');
  });

  it('the textbook sample size for a margin: 385 for 50 % ± 5 points, 97 for ± 10 points', () => {
    expect(sampleSizeForMargin(0.5, 0.05)).toBe(385);
    expect(sampleSizeForMargin(0.5, 0.1)).toBe(97);
    expect(sampleSizeForMargin(0.3, 0)).toBeNull();
  });

  it('the cohort to tell 36 % from 40 % is the first whose interval leaves out 40 %, close to the textbook size for a 4-point margin', () => {
    const rate = 5 / 14;
    const n = cohortToTell(rate, 0.4)!;
    expect(positionOf(wilson(rate * n, n)!, 0.4)).toBe('below');
    expect(positionOf(wilson(rate * (n - 1), n - 1)!, 0.4)).toBe('around');
    const textbook = sampleSizeForMargin(rate, 0.4 - rate)!;
    expect(Math.abs(n - textbook) / textbook).toBeLessThan(0.05);
  });

  it('works at a rate of 0, where the textbook formula says nothing; none for a rate equal to its target', () => {
    const n = cohortToTell(0, 0.4)!;
    expect(n).toBeGreaterThan(1);
    expect(wilson(0, n)!.high).toBeLessThan(0.4);
    expect(wilson(0, n - 1)!.high).toBeGreaterThanOrEqual(0.4);
    expect(cohortToTell(0.4, 0.4)).toBeNull();
  });

  it('for any rate and target apart, the cohort found tells them apart', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (rate, target) => {
        fc.pre(Math.abs(rate - target) > 0.01);
        const n = cohortToTell(rate, target)!;
        expect(n).toBeGreaterThanOrEqual(1);
        expect(positionOf(wilson(rate * n, n)!, target)).not.toBe('around');
      }),
    );
  });
});
