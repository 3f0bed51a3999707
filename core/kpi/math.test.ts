import { describe, expect, it } from 'vitest';
import {
  flatCommission,
  largestRemainder,
  lastAtOrBelow,
  marginalCommission,
  mean,
  median,
  piecewiseLinear,
  seasonalShares,
} from './math';

describe('largestRemainder', () => {
  it('hand-checked splits', () => {
    expect(largestRemainder(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(largestRemainder(1000, [1, 1, 1], 100)).toEqual([400, 300, 300]);
    expect(largestRemainder(7, [0, 1, 0, 1])).toEqual([0, 4, 0, 3]);
    expect(largestRemainder(0, [1, 2])).toEqual([0, 0]);
    // shares 2.5, 2.5, 5 → floors 2, 2, 5, one unit left, tie → first.
    expect(largestRemainder(10, [1, 1, 2])).toEqual([3, 2, 5]);
    // largest remainder wins over position: shares 1.2, 1.8 → 1, 2.
    expect(largestRemainder(3, [2, 3])).toEqual([1, 2]);
  });
  it('floating-point weights and units do not break exact shares', () => {
    expect(largestRemainder(10, [0.1, 0.2, 0.7])).toEqual([1, 2, 7]);
    expect(largestRemainder(1, [1, 1, 1], 0.1)).toEqual([0.4, 0.3, 0.3]);
    expect(largestRemainder(12, [1, 1, 1, 1], 0.01)).toEqual([3, 3, 3, 3]);
    expect(largestRemainder(0.3, [1, 2], 0.1)).toEqual([0.1, 0.2]);
  });
  it('negative totals are the mirror of positive ones', () => {
    expect(largestRemainder(-10, [1, 1, 1])).toEqual([-4, -3, -3]);
    expect(largestRemainder(-1000, [1, 1, 1], 100)).toEqual([-400, -300, -300]);
  });
  it('never returns -0', () => {
    expect(largestRemainder(-1, [1, 1]).map((x) => Object.is(x, -0))).toEqual([false, false]);
  });
  it('returns [] for invalid input', () => {
    expect(largestRemainder(10, [])).toEqual([]);
    expect(largestRemainder(10, [0, 0])).toEqual([]);
    expect(largestRemainder(10, [1, -1])).toEqual([]);
    expect(largestRemainder(10, [1, NaN])).toEqual([]);
    expect(largestRemainder(10, [1, Infinity])).toEqual([]);
    expect(largestRemainder(NaN, [1])).toEqual([]);
    expect(largestRemainder(10, [1], 0)).toEqual([]);
    expect(largestRemainder(10, [1], -1)).toEqual([]);
    expect(largestRemainder(10, [1], NaN)).toEqual([]);
    expect(largestRemainder(1050, [1, 1], 100)).toEqual([]);
    expect(largestRemainder(1e300, [1, 1], 1)).toEqual([]);
  });
  it('huge weights do not overflow', () => {
    expect(largestRemainder(10, [1e308, 1e308])).toEqual([5, 5]);
  });
});

describe('seasonalShares', () => {
  it('averages each row share', () => {
    const s = seasonalShares([
      [1, 1, 2],
      [1, 2, 7],
    ]);
    expect(s[0]).toBeCloseTo(0.175, 12);
    expect(s[1]).toBeCloseTo(0.225, 12);
    expect(s[2]).toBeCloseTo(0.6, 12);
  });
  it('ignores rows with total 0, pads short rows, treats non-finite as 0', () => {
    expect(seasonalShares([[1, 1, 2], [0, 0, 0], [1, 1], [NaN, 2, 2]])).toEqual([0.25, 0.5, 0.25].map((_, j) => {
      const rows = [[0.25, 0.25, 0.5], [0.5, 0.5, 0], [0, 0.5, 0.5]];
      return (rows[0][j] + rows[1][j] + rows[2][j]) / 3;
    })); // prettier-ignore
  });
  it('all zeros when no row can be used; [] for no rows', () => {
    expect(seasonalShares([[0, 0, 0]])).toEqual([0, 0, 0]);
    expect(seasonalShares([])).toEqual([]);
  });
  it('ignores rows whose total is floating-point noise', () => {
    expect(
      seasonalShares([
        [0.1, 0.2, -0.3],
        [1, 1, 2],
      ]),
    ).toEqual([0.25, 0.25, 0.5]);
  });
});

describe('mean / median', () => {
  it('works', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('lastAtOrBelow', () => {
  it('the last index ≤ x, the last of equal ones, -1 below the first or for an empty list', () => {
    expect(lastAtOrBelow([1, 2, 3], 2.5)).toBe(1);
    expect(lastAtOrBelow([1, 2, 3], 3)).toBe(2);
    expect(lastAtOrBelow([1, 2, 3], 99)).toBe(2);
    expect(lastAtOrBelow([1, 2, 2, 3], 2)).toBe(2);
    expect(lastAtOrBelow([1, 2, 3], 0.5)).toBe(-1);
    expect(lastAtOrBelow([1, 2, 3], NaN)).toBe(-1);
    expect(lastAtOrBelow([], 1)).toBe(-1);
  });
});

describe('tiered commission', () => {
  const t = [0, 10, 20];
  const r = [0.1, 0.2, 0.5];
  it('marginal: each rate on its slice', () => {
    expect(marginalCommission(5, t, r)).toBeCloseTo(0.5, 12);
    expect(marginalCommission(15, t, r)).toBeCloseTo(1 + 1, 12);
    expect(marginalCommission(30, t, r)).toBeCloseTo(1 + 2 + 5, 12);
    expect(marginalCommission(-1, t, r)).toBe(0);
    expect(marginalCommission(7, [5], [1])).toBe(2);
  });
  it('flat: the reached rate on everything', () => {
    expect(flatCommission(15, t, r)).toBeCloseTo(3, 12);
    expect(flatCommission(20, t, r)).toBeCloseTo(10, 12);
    expect(flatCommission(4, [5], [1])).toBe(0);
  });
});

describe('piecewiseLinear', () => {
  it('0 below, linear between, the last value above; a step at a repeated x', () => {
    const xs = [1, 2, 2, 4];
    const ys = [1, 3, 5, 6];
    expect(piecewiseLinear(xs, ys, 0.5)).toBe(0);
    expect(piecewiseLinear(xs, ys, 1)).toBe(1);
    expect(piecewiseLinear(xs, ys, 1.5)).toBe(2);
    expect(piecewiseLinear(xs, ys, 2)).toBe(5);
    expect(piecewiseLinear(xs, ys, 3)).toBe(5.5);
    expect(piecewiseLinear(xs, ys, 100)).toBe(6);
  });
});
