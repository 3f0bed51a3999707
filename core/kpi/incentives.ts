/**
 * The incentive functions of the registry: COMMISSION (tiered commission) and PAYOUT (quota-plan payout
 * curve). The arithmetic is in math.ts; here the arguments are read and checked.
 *
 * Decisions:
 * - COMMISSION: thresholds are the lower bounds of the tiers (strictly ascending, not negative, usually
 *   starting at 0); rates are fractions, one per threshold, not negative (5% typed as 5% or 0.05; 5 is
 *   500%). A value below the first threshold earns 0. So does a net negative value (refunds larger than
 *   sales): the commission is never negative, because which rate a refunded sale earned depends on the
 *   tier it reached when it was paid, which the function cannot know; clawbacks are worked out apart
 *   (−rate × refund), or refunds are netted from the period's amount before the call, as plans usually do.
 *   method "marginal" (default) or "flat". Trailing blanks of thresholds and rates are dropped (as TIER).
 * - PAYOUT: target_incentive × curve(attainment), curve piecewise linear through its points, 0 below the
 *   first point (the threshold), the last point's payout % from the last point on (the cap); payout %s not
 *   negative and never going down as attainment goes up; two points at one attainment make a step (the
 *   second holds from that attainment on). Default curve: DEFAULT_PAYOUT_CURVE.
 */
import {
  elementwise,
  errorOf,
  flatten,
  isBlank,
  isScalar,
  numbers0,
  readKeyword,
  readNumber,
  readThresholds,
  scalarOf,
  shapeText,
  show,
  toGrid,
  trimTrailing,
} from './args';
import { flatCommission, marginalCommission, piecewiseLinear } from './math';
import { KpiError, type KpiResult } from './types';

const value = (msg: string): KpiError => new KpiError('#VALUE!', msg);

// ---------------------------------------------------------------------------------------------
// COMMISSION
// ---------------------------------------------------------------------------------------------

const MARGINAL_WORDS = ['', 'marginal', '超额', '超额累进', '分段累进'];
const FLAT_WORDS = ['flat', '全额', '全额累进'];

/** The tier table of COMMISSION, checked. */
function readTiers(thresholds: unknown, rates: unknown): { t: number[]; r: number[] } | KpiError {
  const ts = trimTrailing(flatten(toGrid(thresholds)));
  const rs = trimTrailing(flatten(toGrid(rates)));
  const t = readThresholds('COMMISSION', ts);
  if (t instanceof KpiError) return t;
  if (t[0] < 0) {
    return value(`COMMISSION: threshold 1 is ${t[0]}; thresholds are lower bounds and must not be negative`);
  }
  if (rs.length !== t.length) {
    return value(
      `COMMISSION: there are ${t.length} threshold${t.length === 1 ? '' : 's'} but ${rs.length} rate${rs.length === 1 ? '' : 's'}; give one rate per threshold`,
    );
  }
  const r: number[] = [];
  for (let i = 0; i < rs.length; i++) {
    const n = readNumber(rs[i], `rate ${i + 1}`);
    if (n === null) return value(`COMMISSION: rate ${i + 1} is blank`);
    if (n instanceof KpiError) return new KpiError(n.code, `COMMISSION: ${n.message}`);
    if (n < 0) return value(`COMMISSION: rate ${i + 1} is ${n}; rates must not be negative`);
    r.push(n);
  }
  return { t, r };
}

export function commission(val: unknown, thresholds: unknown, rates: unknown, method?: unknown): KpiResult {
  const m = readKeyword(method);
  const flat = FLAT_WORDS.includes(m);
  if (!flat && !MARGINAL_WORDS.includes(m)) {
    const e = errorOf(scalarOf(method), 'method');
    if (e) return e;
    return value(`COMMISSION: method must be "marginal" or "flat", not ${show(scalarOf(method))}`);
  }
  const tiers = readTiers(thresholds, rates);
  if (tiers instanceof KpiError) return tiers;
  const { t, r } = tiers;
  const f = flat ? flatCommission : marginalCommission;
  return elementwise('COMMISSION', ['value'], [val], (cells) => {
    const v = numbers0(cells, ['value']);
    return v instanceof KpiError ? v : f(v[0], t, r);
  });
}

// ---------------------------------------------------------------------------------------------
// PAYOUT
// ---------------------------------------------------------------------------------------------

/**
 * The default payout curve, as (attainment, payout %) points: nothing below 50% attainment; payout % =
 * attainment from 50% to 100% (1:1); 2% more payout per 1% of attainment above 100% (an accelerator of
 * 2×); capped at 200% payout, reached at 150% attainment.
 */
export const DEFAULT_PAYOUT_CURVE: readonly (readonly [number, number])[] = Object.freeze([
  Object.freeze([0.5, 0.5] as const),
  Object.freeze([1, 1] as const),
  Object.freeze([1.5, 2] as const),
]);

interface Curve {
  xs: number[];
  ys: number[];
}

/** The rows of a curve range as [attainment, payout %] pairs: n×2, or 2×n (n > 2) laid out in rows. */
function curveRows(curve: unknown): unknown[][] | KpiError {
  const g = toGrid(curve);
  if (g[0].length === 2) return g;
  if (g.length === 2 && g[0].length > 2) return g[0].map((x, j) => [x, g[1][j]]);
  return value(
    `PAYOUT: curve must be a range of 2 columns, attainment then payout %, but it is ${shapeText(g)}`,
  );
}

/** One number of a curve point. */
function curveNumber(v: unknown, what: string, i: number): number | KpiError {
  const n = readNumber(v, `${what} of curve point ${i + 1}`);
  if (n === null) return value(`PAYOUT: ${what} of curve point ${i + 1} is blank`);
  if (n instanceof KpiError) return new KpiError(n.code, `PAYOUT: ${n.message}`);
  return n;
}

/** Checks that point i follows point i − 1 (and i − 2) as a payout curve must. */
function curveOrder(xs: number[], ys: number[], i: number): KpiError | null {
  const [x, y] = [xs[i], ys[i]];
  if (y < 0) return value(`PAYOUT: the payout % of curve point ${i + 1} is ${y}; it must not be negative`);
  if (i === 0) return null;
  if (x < xs[i - 1]) {
    return value(
      `PAYOUT: curve attainments must be in ascending order, but point ${i + 1} (${x}) is below point ${i} (${xs[i - 1]})`,
    );
  }
  if (i > 1 && x === xs[i - 2]) {
    return value(
      `PAYOUT: curve points ${i - 1} to ${i + 1} have the same attainment (${x}); at most two may (a step)`,
    );
  }
  if (y < ys[i - 1]) {
    return value(
      `PAYOUT: the payout % must not go down as attainment goes up, but point ${i + 1} (${y}) is below point ${i} (${ys[i - 1]})`,
    );
  }
  return null;
}

/** The curve argument, checked; the default curve when it is left out. */
function readCurve(curve: unknown): Curve | KpiError {
  if (isScalar(curve) && isBlank(scalarOf(curve))) {
    return { xs: DEFAULT_PAYOUT_CURVE.map((p) => p[0]), ys: DEFAULT_PAYOUT_CURVE.map((p) => p[1]) };
  }
  const rows = curveRows(curve);
  if (rows instanceof KpiError) return rows;
  let n = rows.length;
  while (n > 0 && isBlank(rows[n - 1][0]) && isBlank(rows[n - 1][1])) n--;
  if (n === 0) return value('PAYOUT: curve is empty');
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = curveNumber(rows[i][0], 'the attainment', i);
    if (x instanceof KpiError) return x;
    const y = curveNumber(rows[i][1], 'the payout %', i);
    if (y instanceof KpiError) return y;
    xs.push(x);
    ys.push(y);
    const e = curveOrder(xs, ys, i);
    if (e) return e;
  }
  return { xs, ys };
}

export function payout(attainment: unknown, targetIncentive: unknown, curve?: unknown): KpiResult {
  const c = readCurve(curve);
  if (c instanceof KpiError) return c;
  const names = ['attainment', 'target_incentive'];
  return elementwise('PAYOUT', names, [attainment, targetIncentive], (cells) => {
    const v = numbers0(cells, names);
    if (v instanceof KpiError) return v;
    const [a, ti] = v;
    if (ti < 0) return new KpiError('#NUM!', `PAYOUT: target_incentive must not be negative (got ${ti})`);
    return ti * piecewiseLinear(c.xs, c.ys, a);
  });
}
