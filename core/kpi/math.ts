/**
 * Pure numeric helpers behind the KPI functions, reused by the analyses (goal breakdown).
 * Nothing here throws.
 */

/** Relative tolerance used to snap floating-point noise (e.g. 2.9999999999999996 → 3). */
const SNAP = 1e-9;

/** Number of decimals of a unit such as 0.01 (→ 2) or 5e-7 (→ 7); 0 for integers; at most 15. */
function decimalsOf(unit: number): number {
  if (Number.isInteger(unit)) return 0;
  for (let d = 1; d <= 15; d++) {
    const scaled = unit * Math.pow(10, d);
    if (Math.abs(scaled - Math.round(scaled)) <= SNAP * Math.max(1, Math.abs(scaled))) return d;
  }
  return 15;
}

/**
 * Splits `total` into parts proportional to `weights` that are multiples of `unit` and sum exactly
 * to `total`: the largest-remainder (Hamilton) method.
 *
 * Works in whole units: with N = total / unit, each part first gets floor(N × w / Σw) units, and the
 * units left over go one each to the parts with the largest remainders (ties: the earliest position).
 * Every part is therefore within one unit of its exact share. A negative total is split as its absolute
 * value and negated (so negating the total negates every part). With a fractional unit (0.01), parts are
 * rounded to the unit's decimals so they print cleanly; their floating-point sum may then differ from
 * `total` by rounding noise only.
 *
 * Returns [] when the input is invalid: no weights, a weight that is negative or not finite, all weights
 * zero, a unit that is not a positive finite number, a total that is not finite, or a total that is not
 * a whole multiple of the unit (within 1e-9 relative).
 */
export function largestRemainder(total: number, weights: number[], unit = 1): number[] {
  const n = weights.length;
  if (n === 0 || !Number.isFinite(total) || !Number.isFinite(unit) || !(unit > 0)) return [];
  let maxW = 0;
  for (const w of weights) {
    if (!Number.isFinite(w) || w < 0) return [];
    if (w > maxW) maxW = w;
  }
  if (maxW === 0) return [];
  const units = total / unit;
  const N = Math.round(units);
  if (!Number.isFinite(units) || Math.abs(units - N) > SNAP * Math.max(1, Math.abs(N))) return [];
  if (Math.abs(N) > Number.MAX_SAFE_INTEGER) return [];
  const sign = N < 0 ? -1 : 1;
  const M = Math.abs(N);

  // Scale weights by the largest so that the sum cannot overflow.
  const w = weights.map((x) => x / maxW);
  let W = 0;
  for (const x of w) W += x;

  const base = new Array<number>(n);
  const rem = new Array<number>(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    let q = (M * w[i]) / W;
    const r = Math.round(q);
    if (Math.abs(q - r) <= SNAP * Math.max(1, Math.abs(q))) q = r;
    base[i] = Math.floor(q);
    // Remainders compared at a 1e-9 grain, so that floating-point noise does not break ties.
    rem[i] = Math.round((q - base[i]) * 1e9);
    given += base[i];
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => rem[b] - rem[a] || a - b);
  let left = M - given;
  // Normally 0 <= left < n; the loops also cover pathological floating-point cases.
  for (let k = 0; left > 0; k = (k + 1) % n, left--) base[order[k]]++;
  for (let k = n - 1; left < 0; k = (k - 1 + n) % n) {
    if (base[order[k]] > 0) {
      base[order[k]]--;
      left++;
    }
  }

  const d = decimalsOf(unit);
  return base.map((b) => {
    let v = sign * b * unit;
    if (d > 0) v = Number(v.toFixed(d));
    return v === 0 ? 0 : v;
  });
}

/**
 * Seasonal weights from history: each row is one series (a year), each column a position (a month).
 * Returns, for each position, the mean over rows of that position's share of the row's total, so the
 * weights sum to 1. Rows shorter than the longest are padded with 0, values that are not finite count
 * as 0, and rows whose total is 0 (or is floating-point noise next to their values) are ignored.
 * When no row can be used the answer is all zeros (of the longest row's width).
 */
export function seasonalShares(rows: number[][]): number[] {
  return seasonalSharesUsed(rows).shares;
}

/** `seasonalShares` plus the number of rows used. */
export function seasonalSharesUsed(rows: number[][]): { shares: number[]; used: number } {
  let width = 0;
  for (const r of rows) width = Math.max(width, r.length);
  const acc = new Array<number>(width).fill(0);
  let used = 0;
  for (const row of rows) {
    let total = 0;
    let abs = 0;
    for (let j = 0; j < width; j++) {
      const v = Number.isFinite(row[j]) ? row[j] : 0;
      total += v;
      abs += Math.abs(v);
    }
    if (total === 0 || Math.abs(total) <= 1e-12 * abs) continue;
    used++;
    for (let j = 0; j < width; j++) {
      const v = Number.isFinite(row[j]) ? row[j] : 0;
      acc[j] += v / total;
    }
  }
  if (used === 0) return { shares: acc, used };
  return { shares: acc.map((x) => (x / used === 0 ? 0 : x / used)), used };
}

/** Arithmetic mean; NaN for an empty list. */
export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Median (mean of the two middle values for an even count); NaN for an empty list. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Index of the last element of `sorted` (ascending) that is ≤ x, or -1 when x is below the first (or the
 * list is empty). With equal elements, the last of them.
 */
export function lastAtOrBelow(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  if (hi < 0 || !(x >= sorted[0])) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Marginal (income-tax style) tiered commission: tier i runs from thresholds[i] up to thresholds[i + 1]
 * (the last is open-ended), and rates[i] applies to the slice of `value` inside it. Below the first
 * threshold nothing is earned. Thresholds strictly ascending, rates not negative, same lengths (the
 * caller checks). Summing slice by slice keeps the answer non-decreasing in `value` even in floating
 * point (every term is), and continuous: it moves by at most max(rates) × the change in value.
 */
export function marginalCommission(
  value: number,
  thresholds: readonly number[],
  rates: readonly number[],
): number {
  let sum = 0;
  for (let i = 0; i < thresholds.length && value > thresholds[i]; i++) {
    const next = i + 1 < thresholds.length ? thresholds[i + 1] : Infinity;
    sum += rates[i] * (Math.min(value, next) - thresholds[i]);
  }
  return sum;
}

/**
 * Flat tiered commission: the rate of the highest tier reached (threshold ≤ value) applies to the whole
 * value; below the first threshold nothing is earned.
 */
export function flatCommission(
  value: number,
  thresholds: readonly number[],
  rates: readonly number[],
): number {
  const k = lastAtOrBelow(thresholds, value);
  return k < 0 ? 0 : rates[k] * value;
}

/**
 * A piecewise-linear curve through points (xs[i], ys[i]), xs non-decreasing: 0 below the first point,
 * linear between points, the last y from the last point on (a cap). Two points at the same x make a step:
 * the curve reaches the first from below and takes the second from that x on.
 */
export function piecewiseLinear(xs: readonly number[], ys: readonly number[], x: number): number {
  const k = lastAtOrBelow(xs, x);
  if (k < 0) return 0;
  if (k === xs.length - 1) return ys[k];
  return ys[k] + ((ys[k + 1] - ys[k]) * (x - xs[k])) / (xs[k + 1] - xs[k]);
}
