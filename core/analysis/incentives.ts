/**
 * Incentives (销售激励): per entity (default rep) the period's sales, target, attainment, reward tier,
 * commission and payout; the best of each month and fiscal quarter (月度最佳 / 季度冠军); the team's totals and
 * its attainment distribution. The layout (incentives-sheet.ts) writes all of it as live native formulas.
 *
 * Decisions:
 * - Periods, entities, targets and reward tiers are the scorecard's: targets from a Target column, else a Goal
 *   Breakdown's months × each month's share of the period; tiers from `defaultTiers` (by attainment with
 *   targets, else by sales), so the two sheets always name the same tier.
 * - Commission is on sales, marginal by default, with a tier table of sales thresholds: 3% from 0, then 5%, 7%
 *   and 10% from the scorecard's sales tiers (the median, 75th and 90th percentile of the entities' sales,
 *   two significant digits), or from the sales tiers given.
 * - Payout = target incentive × the payout curve (the registry's DEFAULT_PAYOUT_CURVE) at the attainment; the
 *   target incentive is one value for all, by default 5% of the median target (two significant digits).
 * - Awards: per calendar month and per fiscal quarter inside the period (cut at its end), the highest value by
 *   sales or by attainment wins; equal values are all winners; no award while the best is 0 or less.
 */
import { DEFAULT_PAYOUT_CURVE } from '../kpi/incentives';
import { flatCommission, lastAtOrBelow, marginalCommission, median, piecewiseLinear } from '../kpi/math';
import type { SheetSpec } from '../spec/types';
import { serialToYMD, ymdToSerial } from '../table/coerce';
import type { Lang, SalesTable } from '../types';
import {
  calendarOf,
  dayMonth,
  fiscalMonthStart,
  fiscalYearOf,
  monthId,
  periodText,
  quarterLabel,
  toFiscalKey,
  type Period,
} from './calendar';
import {
  dataSpan,
  dimensionAndPeriods,
  periodSums,
  type Entities,
  type PeriodAnalysisOptions,
} from './context';
import { labels } from './i18n';
import { breakdownTargets, defaultTiers, nice, type ScorecardResult } from './scorecard';
import { bindSource } from './source';
import type { BreakdownTargets } from './tracking';

/** Default commission rates: from 0, then from each sales tier. */
export const DEFAULT_COMMISSION_RATES: readonly number[] = [0.03, 0.05, 0.07, 0.1];
/** Lower bounds of the attainment bands after the first (below 50%, 50–80%, 80–100%, 100–120%, 120%+). */
export const ATTAINMENT_BANDS: readonly number[] = [0.5, 0.8, 1, 1.2];

export interface IncentivesOptions extends PeriodAnalysisOptions {
  /** Reward tiers by sales (as the scorecard's option). */
  tiers?: { thresholds: number[]; labels: string[] };
  generatedAt?: string;
  breakdown?: BreakdownTargets | null;
  /** Commission tier table (sales thresholds ascending from 0, one rate each) and method. */
  commission?: { thresholds: number[]; rates: number[]; method?: 'marginal' | 'flat' };
  /** Target incentive of every entity (paid at 100% attainment). */
  targetIncentive?: number;
  /** Payout curve points (attainment, payout %), as PAYOUT reads them. */
  curve?: readonly (readonly [number, number])[];
  /** What the awards compare (default attainment when there are targets, else sales). */
  awardBasis?: 'sales' | 'attainment';
}

export interface IncentiveRow {
  name: string;
  sales: number;
  target: number | null;
  attainment: number | null;
  tier: string;
  commission: number;
  /** Null without targets. */
  targetIncentive: number | null;
  payoutPct: number | null;
  payout: number | null;
}

export interface AwardPeriod {
  kind: 'month' | 'quarter';
  label: string;
  start: number;
  end: number;
  /** Per row of the result (same order): sales, target (null without targets), the compared value. */
  sales: number[];
  targets: number[] | null;
  values: (number | null)[];
  /** Highest value (0 when no value is a number, as MAX). */
  best: number;
  /** Names of the winners in row order (empty while best <= 0). */
  winners: string[];
}

export interface IncentivesResult {
  dimension: string;
  current: Period;
  rows: IncentiveRow[];
  team: {
    sales: number;
    target: number | null;
    attainment: number | null;
    commission: number;
    targetIncentive: number | null;
    payout: number | null;
    commissionShare: number | null;
    payoutShare: number | null;
    atTarget: number | null;
  };
  tiers: ScorecardResult['tiers'];
  commission: { thresholds: number[]; rates: number[]; method: 'marginal' | 'flat' };
  curve: { xs: number[]; ys: number[] };
  targetIncentive: number | null;
  targetSource: 'column' | 'breakdown' | null;
  awardBasis: 'sales' | 'attainment';
  awards: AwardPeriod[];
  /** Entities per attainment band (5 bands) and those without an attainment. */
  bands: { bounds: number[]; counts: number[]; noTarget: number };
  live: boolean;
  periodNote: string | null;
}

/** What the Incentives sheet needs besides the result (incentives-sheet.ts lays it out). */
export interface IncentivesSheetCtx {
  lang: Lang;
  binding: ReturnType<typeof bindSource>;
  table: SalesTable;
  dimIndex: number;
  bdT: ReturnType<typeof breakdownTargets>;
}

/** The numbers and what their layout needs; job.ts composes compute -> layout. */
export type IncentivesComputed =
  | { ok: true; result: IncentivesResult; layout: IncentivesSheetCtx; dataSheet?: SheetSpec }
  | { ok: false; error: string };

export type IncentivesOutput =
  | { ok: true; result: IncentivesResult; sheet: SheetSpec; dataSheet?: SheetSpec }
  | { ok: false; error: string };

/** Commission table: 0 then the sales tiers (strictly ascending, positive), with the default rates. */
function defaultCommission(tiers: ScorecardResult['tiers'], rows: readonly { sales: number }[]) {
  const sales =
    tiers.basis === 'sales' ? tiers.thresholds : defaultTiers(rows, false, ['', '', '']).thresholds;
  const thresholds = [0];
  for (const t of sales)
    if (t > thresholds[thresholds.length - 1] && thresholds.length < DEFAULT_COMMISSION_RATES.length)
      thresholds.push(t);
  return { thresholds, rates: DEFAULT_COMMISSION_RATES.slice(0, thresholds.length) };
}

/** The calendar months and fiscal quarters inside the period, each cut at the period's end. */
export function awardSpans(
  p: Period,
  fs: number,
  lang: Lang,
): { kind: 'month' | 'quarter'; label: string; start: number; end: number }[] {
  const cut = (label: string, end: number, fullEnd: number): string =>
    end < fullEnd ? periodText(lang).toDate(label, dayMonth(end, lang)) : label;
  const out: { kind: 'month' | 'quarter'; label: string; start: number; end: number }[] = [];
  for (let s = p.start; s <= p.end;) {
    const { y, m } = serialToYMD(s);
    const full = ymdToSerial(y, m + 1, 1) - 1;
    const end = Math.min(full, p.end);
    out.push({ kind: 'month', label: cut(monthId(y, m), end, full), start: s, end });
    s = full + 1;
  }
  if (out.length < 2) return out;
  for (let s = p.start; s <= p.end;) {
    const fy = fiscalYearOf(s, fs);
    const { y, m } = serialToYMD(s);
    const q = Math.floor((toFiscalKey(y * 12 + m - 1, fs) % 12) / 3);
    const full = fiscalMonthStart(fy, q * 3 + 3, fs) - 1;
    const end = Math.min(full, p.end);
    out.push({ kind: 'quarter', label: cut(quarterLabel(fy, q + 1, fs, lang), end, full), start: s, end });
    s = full + 1;
  }
  return out;
}

/** The awards of one span: sums per entity row, the compared values, the best and its winners. */
function award(
  span: { kind: 'month' | 'quarter'; label: string; start: number; end: number },
  sums: (start: number, end: number) => { sales: number[]; targets: number[] | null },
  names: string[],
  basis: 'sales' | 'attainment',
): AwardPeriod {
  const { sales, targets } = sums(span.start, span.end);
  const values = sales.map((s, i) =>
    basis === 'sales' || !targets ? s : targets[i] === 0 ? null : s / targets[i],
  );
  const nums = values.filter((v): v is number => v !== null);
  const best = nums.length ? Math.max(...nums) : 0; // as MAX: 0 over no numbers
  const winners = best > 0 ? names.filter((_, i) => values[i] === best) : [];
  return { ...span, sales, targets, values, best, winners };
}

/** What the per-entity sums need: the table, the entities (rows in `codes` order) and the targets' source. */
interface Scope {
  table: SalesTable;
  ent: Entities;
  codes: number[];
  period: Period;
  breakdown: BreakdownTargets | null;
  targetSource: 'column' | 'breakdown' | null;
}

/** Per row (entity in `codes` order): sales and targets over [start, end] (whole days), as the sheet's formulas. */
function spanSums(s: Scope, start: number, end: number): { sales: number[]; targets: number[] | null } {
  const { table, ent } = s;
  const E = ent.names.length;
  const sales = new Float64Array(E);
  const target = new Float64Array(E);
  const tcol = table.numbers.target;
  for (let i = 0; i < table.length; i++) {
    const c = ent.codes[i];
    if (c < 0 || table.date[i] < start || table.date[i] >= end + 1) continue;
    sales[c] += table.amount[i];
    if (tcol && !Number.isNaN(tcol[i])) target[c] += tcol[i];
  }
  const bd = breakdownTargets(s.breakdown, ent.header, { ...s.period, start, end });
  const targetOf = (e: number): number =>
    s.targetSource === 'column' ? target[e] : bd ? bd.target(ent.names[e]) : 0;
  return { sales: s.codes.map((e) => sales[e]), targets: s.targetSource ? s.codes.map(targetOf) : null };
}

/** The rows: tier, commission and payout of each entity. */
function incentiveRows(
  base: { name: string; sales: number; target: number | null; attainment: number | null }[],
  tiers: ScorecardResult['tiers'],
  com: { thresholds: readonly number[]; rates: readonly number[]; method: 'marginal' | 'flat' },
  curve: { xs: number[]; ys: number[] },
  ti: number | null,
): IncentiveRow[] {
  const f = com.method === 'flat' ? flatCommission : marginalCommission;
  return base.map((r) => {
    const x = tiers.basis === 'sales' ? r.sales : r.attainment;
    const k = x === null ? -1 : lastAtOrBelow(tiers.thresholds, x);
    const payoutPct = r.attainment === null ? null : piecewiseLinear(curve.xs, curve.ys, r.attainment);
    return {
      ...r,
      tier: k >= 0 ? (tiers.labels[k] ?? '') : '',
      commission: f(r.sales, com.thresholds, com.rates),
      targetIncentive: ti,
      payoutPct,
      payout: payoutPct === null || ti === null ? null : ti * payoutPct,
    };
  });
}

export function computeIncentives(table: SalesTable, opts: IncentivesOptions): IncentivesComputed {
  const lang = opts.lang ?? 'en';
  const L = labels(lang);
  const dp = dimensionAndPeriods(table, opts, ['rep', 'region', 'product']);
  if (!dp.ok) return dp;
  const { per, ent } = dp;
  const dim = { index: dp.dim };
  const cur = periodSums(table, ent.codes, ent.names.length, per.current);
  const codes = ent.names.map((_, e) => e).filter((e) => cur.counts[e] > 0);
  if (!codes.length) return { ok: false, error: L.errNoSalesIn(per.current.label) };
  codes.sort((a, b) => cur.sums[b] - cur.sums[a] || ent.names[a].localeCompare(ent.names[b]));
  // Targets as the scorecard's: a Target column, else the breakdown's months' shares of the period.
  const breakdown = opts.breakdown ?? null;
  const bdT = table.numbers.target ? null : breakdownTargets(breakdown, ent.header, per.current);
  const targetSource = table.numbers.target ? 'column' : bdT ? 'breakdown' : null;
  const scope: Scope = { table, ent, codes, period: per.current, breakdown, targetSource };
  const whole = spanSums(scope, per.current.start, per.current.end);
  const base = codes.map((e, i) => {
    const target = whole.targets ? whole.targets[i] : null;
    return {
      name: ent.names[e],
      sales: whole.sales[i],
      target,
      attainment: target ? whole.sales[i] / target : null,
    };
  });
  const tiers = opts.tiers
    ? { ...opts.tiers, basis: 'sales' as const }
    : defaultTiers(base, targetSource !== null, L.tierNames);
  const com = {
    ...(opts.commission ?? defaultCommission(tiers, base)),
    method: opts.commission?.method ?? 'marginal',
  };
  const curvePts = opts.curve ?? DEFAULT_PAYOUT_CURVE;
  const curve = { xs: curvePts.map((p) => p[0]), ys: curvePts.map((p) => p[1]) };
  const positive = base.map((r) => r.target ?? 0).filter((t) => t > 0);
  const ti = targetSource
    ? (opts.targetIncentive ?? (positive.length ? nice(0.05 * median(positive)) : 0))
    : null;
  const rows = incentiveRows(base, tiers, com, curve, ti);
  const basis = targetSource ? (opts.awardBasis ?? 'attainment') : 'sales';
  const fs = calendarOf(opts, dataSpan(table).last).fiscalStart;
  const names = rows.map((r) => r.name);
  const awards = awardSpans(per.current, fs, lang).map((sp) =>
    award(sp, (a, b) => spanSums(scope, a, b), names, basis),
  );
  const used = [table.mapping.date!, table.mapping.amount!, dim.index];
  if (table.mapping.target !== undefined) used.push(table.mapping.target);
  const binding = bindSource(table, opts.source, used, lang, opts.dataSheetName);
  const result: IncentivesResult = {
    dimension: ent.header,
    current: per.current,
    rows,
    team: teamOf(rows, targetSource !== null),
    tiers,
    commission: { thresholds: [...com.thresholds], rates: [...com.rates], method: com.method },
    curve,
    targetIncentive: ti,
    targetSource,
    awardBasis: basis,
    awards,
    bands: bandsOf(rows),
    live: binding.live,
    periodNote: per.note,
  };
  const layout: IncentivesSheetCtx = { lang, binding, table, dimIndex: dim.index, bdT };
  return { ok: true, result, layout, dataSheet: binding.dataSheet };
}

function teamOf(rows: IncentiveRow[], hasTargets: boolean): IncentivesResult['team'] {
  const sum = (f: (r: IncentiveRow) => number | null): number => rows.reduce((a, r) => a + (f(r) ?? 0), 0);
  const sales = sum((r) => r.sales);
  const target = hasTargets ? sum((r) => r.target) : null;
  const commission = sum((r) => r.commission);
  const payout = hasTargets ? sum((r) => r.payout) : null;
  return {
    sales,
    target,
    attainment: target ? sales / target : null,
    commission,
    targetIncentive: hasTargets ? sum((r) => r.targetIncentive) : null,
    payout,
    commissionShare: sales ? commission / sales : null,
    payoutShare: payout !== null && sales ? payout / sales : null,
    atTarget: hasTargets ? rows.filter((r) => r.attainment !== null && r.attainment >= 1).length : null,
  };
}

function bandsOf(rows: IncentiveRow[]): IncentivesResult['bands'] {
  const bounds = [...ATTAINMENT_BANDS];
  const counts = new Array<number>(bounds.length + 1).fill(0);
  let noTarget = 0;
  for (const r of rows) {
    if (r.attainment === null) noTarget++;
    else counts[lastAtOrBelow(bounds, r.attainment) + 1]++;
  }
  return { bounds, counts, noTarget };
}
