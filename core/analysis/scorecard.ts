/**
 * KPI scorecard (绩效看板): per entity (default rep, else region) the period's KPIs, rank and reward tier.
 * Sums, counts and ratios are SUMIFS/COUNTIFS formulas on the source; distinct counts (customers, new
 * customers, repeat share) and the sales cycle are values written by the add-in, marked with *.
 */
import type { SheetSpec } from '../spec/types';
import { findHeader, keyColumn } from '../table/labels';
import type { Lang, SalesTable } from '../types';
import { fiscalMonthStart, type Period } from './calendar';
import type { BreakdownTargets } from './tracking';
import {
  dimensionAndPeriods,
  entities as entitiesOf,
  periodSums,
  type PeriodAnalysisOptions,
} from './context';
import { labels } from './i18n';
import { bindSource, type SourceRef } from './source';

export interface ScorecardOptions extends PeriodAnalysisOptions {
  /**
   * Reward tiers by sales: ascending thresholds and their labels. Default: by attainment (80%, 100%, 120%) when
   * there are targets, else by sales from the median, the 75th and the 90th percentile.
   */
  tiers?: { thresholds: number[]; labels: string[] };
  /** Shown in the note about values written by the add-in (e.g. "2026-11-23"). */
  generatedAt?: string;
  /**
   * A separate leads table (read with `measure: 'leads'`, e.g. one row per month and rep with Leads, Won,
   * Lost) for the conversion when the sales table has no leads column. Matched by the dimension's role
   * (or header text) and the period.
   */
  leadsTable?: { table: SalesTable; source: SourceRef } | null;
  /**
   * Targets from a Goal Breakdown sheet (when the sales table has no Target column): each entity's month
   * targets times the share of each month inside the period (a to-date period takes part of its last month).
   */
  breakdown?: BreakdownTargets | null;
}

export interface ScorecardRow {
  name: string;
  sales: number;
  previous: number;
  growth: number | null;
  orders: number;
  aov: number | null;
  customers: number | null;
  newCustomers: number | null;
  repeatShare: number | null;
  leads: number | null;
  won: number | null;
  conversion: number | null;
  cycleDays: number | null;
  /** Mean customer satisfaction of the period's records that have a score (a Satisfaction column). */
  satisfaction: number | null;
  target: number | null;
  attainment: number | null;
  rank: number;
  tier: string;
}

export interface ScorecardResult {
  dimension: string;
  current: Period;
  previous: Period;
  rows: ScorecardRow[];
  /** The team as one row (sums, and ratios of the sums). */
  team: ScorecardRow;
  /** Reward tiers: thresholds of sales, or of attainment when there are targets. */
  tiers: { thresholds: number[]; labels: string[]; basis: 'sales' | 'attainment' };
  /** Where the targets come from, when there are any. */
  targetSource: 'column' | 'breakdown' | null;
  live: boolean;
  /** One line when the data ends well before a closed period does (a truncated export?), else null. */
  periodNote: string | null;
  /** What the user should know (e.g. a leads table that cannot be matched), in the user's language. */
  warnings: string[];
}

/** What the KPI Scorecard sheet needs besides the result (scorecard-sheet.ts lays it out). */
export interface ScorecardSheetCtx {
  lang: Lang;
  binding: ReturnType<typeof bindSource>;
  table: SalesTable;
  dimIndex: number;
  ordersCol: boolean;
  ordersAreValues: boolean;
  customers: boolean;
  leads: boolean;
  won: boolean;
  leadsFrom: { t: SalesTable; dim: number; binding: ReturnType<typeof bindSource> } | null;
  cycle: boolean;
  satisfaction: boolean;
  bdT: ReturnType<typeof breakdownTargets>;
  generatedAt?: string;
  leadsUnmatched: string | null;
}

/** The numbers and what their layout needs; job.ts composes compute -> layout. */
export type ScorecardComputed =
  | { ok: true; result: ScorecardResult; layout: ScorecardSheetCtx; dataSheet?: SheetSpec }
  | { ok: false; error: string };

export type ScorecardOutput =
  | { ok: true; result: ScorecardResult; sheet: SheetSpec; dataSheet?: SheetSpec }
  | { ok: false; error: string };

/**
 * Per entity: the number of distinct codes among the records that pass `keep` (code -1 = blank, skipped),
 * and (`marked`, per code) how many of them are marked. A code's first entity is kept in an array; only the
 * pairs of a code met under a second entity (an order split between reps, a customer served by several) go
 * through a set.
 */
function distinctPairs(
  entity: Int32Array,
  codes: Int32Array,
  E: number,
  K: number,
  keep: (i: number) => boolean,
  marked?: Uint8Array,
): { all: Float64Array; marked: Float64Array } {
  const all = new Float64Array(E);
  const inMarked = new Float64Array(E);
  const first = new Int32Array(K).fill(-1);
  let more: Set<number> | null = null;
  for (let i = 0; i < entity.length; i++) {
    const e = entity[i];
    const k = codes[i];
    if (e < 0 || k < 0) continue;
    const f = first[k];
    if (f === e || !keep(i)) continue;
    if (f >= 0) {
      const key = k * E + e;
      if ((more ??= new Set()).has(key)) continue;
      more.add(key);
    } else first[k] = e;
    all[e]++;
    if (marked && marked[k]) inMarked[e]++;
  }
  return { all, marked: inMarked };
}

/** Team-level values the add-in writes (distinct counts and means over every entity's records). */
interface TeamDistinct {
  customers: number | null;
  newCustomers: number | null;
  cycle: number | null;
  satisfaction: number | null;
}

/** The team as one row: sums of the entities, ratios of the sums, distinct counts over the team. */
function teamRow(rows: ScorecardRow[], name: string, t: TeamDistinct): ScorecardRow {
  const sum = (f: (r: ScorecardRow) => number | null): number | null =>
    rows.some((r) => f(r) !== null) ? rows.reduce((a, r) => a + (f(r) ?? 0), 0) : null;
  const sales = sum((r) => r.sales)!;
  const previous = sum((r) => r.previous)!;
  const orders = sum((r) => r.orders)!;
  const leads = sum((r) => r.leads);
  const won = sum((r) => r.won);
  const target = sum((r) => r.target);
  return {
    name,
    sales,
    previous,
    growth: previous === 0 ? null : (sales - previous) / Math.abs(previous),
    orders,
    aov: orders ? sales / orders : null,
    customers: t.customers,
    newCustomers: t.newCustomers,
    repeatShare:
      t.customers !== null && t.newCustomers !== null && t.customers
        ? (t.customers - t.newCustomers) / t.customers
        : null,
    leads,
    won,
    conversion: leads ? (won !== null ? won : orders) / leads : null,
    cycleDays: t.cycle,
    satisfaction: t.satisfaction,
    target,
    attainment: target ? sales / target : null,
    rank: 0,
    tier: '',
  };
}

/**
 * Default reward tiers: by attainment (Bronze from 80%, Silver from 100%, Gold from 120%) when there are targets;
 * else by sales from the median, the 75th and the 90th percentile of the entities (two significant digits),
 * strictly ascending (MATCH needs them so). Below the first tier there is no tier.
 */
export function defaultTiers(
  rows: readonly { sales: number }[],
  hasTargets: boolean,
  names: readonly string[],
): { thresholds: number[]; labels: string[]; basis: 'sales' | 'attainment' } {
  if (hasTargets) return { thresholds: [0.8, 1, 1.2], labels: [...names], basis: 'attainment' };
  const sorted = rows.map((r) => r.sales).sort((a, b) => a - b);
  // Percentiles as Excel's PERCENTILE.INC: interpolated between the two nearest ranks.
  const pct = (p: number): number => {
    const pos = p * (sorted.length - 1);
    const lo = Math.floor(pos);
    return lo + 1 < sorted.length ? sorted[lo] + (pos - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
  };
  const cuts = [nice(pct(0.5)), nice(pct(0.75)), nice(pct(0.9))];
  const thresholds: number[] = [];
  const labels: string[] = [];
  cuts.forEach((t, i) => {
    if (!thresholds.length || t > thresholds[thresholds.length - 1]) {
      thresholds.push(t);
      labels.push(names[i]);
    }
  });
  return { thresholds, labels, basis: 'sales' };
}

/** Targets of the period from a Goal Breakdown: each month's target × the share of the month inside the period. */
export function breakdownTargets(
  bd: BreakdownTargets | null,
  dimension: string,
  p: Period,
): {
  months: { from: number; to: number; share: number }[];
  target: (name: string) => number;
  bd: BreakdownTargets;
} | null {
  const same = (d: string): boolean => d.trim().toLowerCase() === dimension.trim().toLowerCase();
  // The level of the plan in this dimension: the breakdown's own, or its second level (reps within regions).
  if (bd && !same(bd.dimension) && bd.children && same(bd.children.dimension))
    bd = { ...bd, ...bd.children, children: null };
  if (!bd || !same(bd.dimension)) return null;
  const fs = bd.fiscalStart ?? 1;
  const months = Array.from({ length: 12 }, (_, m) => {
    const from = fiscalMonthStart(bd.year, m, fs);
    const to = fiscalMonthStart(bd.year, m + 1, fs) - 1;
    return {
      from,
      to,
      share: Math.max(0, Math.min(p.end, to) - Math.max(p.start, from) + 1) / (to - from + 1),
    };
  });
  if (!months.some((x) => x.share > 0)) return null;
  const byName = new Map(bd.entities.map((e) => [e.name.trim().toLowerCase(), e.months]));
  return {
    months,
    bd,
    target: (name) => {
      const ms = byName.get(name.trim().toLowerCase());
      if (!ms) return 0;
      let t = 0;
      months.forEach((x, m) => (t += (ms[m] ?? 0) * x.share));
      return t;
    },
  };
}

/** Rounded to two significant digits (0 for a value that is not positive). */
export function nice(x: number): number {
  if (!(x > 0)) return 0;
  const p = Math.pow(10, Math.floor(Math.log10(x)) - 1);
  return Math.round(x / p) * p;
}

type LeadsFrom = { t: SalesTable; dim: number; binding: ReturnType<typeof bindSource> };

/**
 * Leads and won per entity in [start, end] from a separate leads table, matched by the dimension's role (or
 * header text) and the entity's name; without that dimension, the sheet's note why there is no conversion.
 */
function leadsFromTable(
  table: SalesTable,
  dimIndex: number,
  ent: ReturnType<typeof entitiesOf>,
  side: { table: SalesTable; source: SourceRef },
  start: number,
  end: number,
  lang: Lang,
):
  | { ok: true; leads: Float64Array; won: Float64Array | null; from: LeadsFrom }
  | { ok: false; unmatched: string } {
  const lt = side.table;
  const m = table.mapping;
  const role = (Object.keys(m) as (keyof typeof m)[]).find((k) => m[k] === dimIndex && k !== 'amount');
  const ldim = role && lt.mapping[role] !== undefined ? lt.mapping[role]! : findHeader(lt, ent.header);
  if (ldim < 0)
    return {
      ok: false,
      unmatched: labels(lang).leadsTableNoDim(
        side.source.sheet,
        ent.header,
        lt.headers.filter((h) => h).join(', '),
      ),
    };
  const E = ent.names.length;
  const lent = entitiesOf(lt, ldim);
  const codeOf = new Map(ent.names.map((nm, i) => [nm.toLowerCase(), i]));
  const map = lent.names.map((nm) => codeOf.get(nm.toLowerCase()) ?? -1);
  const leads = new Float64Array(E);
  const lw = lt.numbers.won;
  const won = lw ? new Float64Array(E) : null;
  for (let i = 0; i < lt.length; i++) {
    const c = lent.codes[i] >= 0 ? map[lent.codes[i]] : -1;
    if (c < 0 || lt.date[i] < start || lt.date[i] >= end + 1) continue;
    leads[c] += lt.amount[i];
    if (won && lw && !Number.isNaN(lw[i])) won[c] += lw[i];
  }
  const cols = [
    lt.mapping.date!,
    lt.mapping.amount!,
    ldim,
    ...(lt.mapping.won !== undefined ? [lt.mapping.won] : []),
  ];
  return {
    ok: true,
    leads,
    won,
    from: { t: lt, dim: ldim, binding: bindSource(lt, side.source, cols, lang, undefined) },
  };
}

/**
 * Customers per entity in the period (distinct), and the new ones (whose first order ever falls in the period);
 * the team's counts too (a customer served by two reps counts once).
 */
function customerCounts(
  table: SalesTable,
  column: number,
  codes: Int32Array,
  E: number,
  start: number,
  end: number,
  inCur: (i: number) => boolean,
): { customers: number[]; newCustomers: number[]; team: number; teamNew: number } {
  const n = table.length;
  const cust = keyColumn(table, column);
  const K = cust.count;
  const firstDate = new Float64Array(K).fill(Infinity);
  for (let i = 0; i < n; i++) {
    const k = cust.codes[i];
    if (k >= 0 && table.date[i] < firstDate[k]) firstDate[k] = table.date[i];
  }
  const isNew = new Uint8Array(K);
  for (let k = 0; k < K; k++) isNew[k] = firstDate[k] >= start && firstDate[k] < end + 1 ? 1 : 0;
  const { all: counts, marked: fresh } = distinctPairs(codes, cust.codes, E, K, inCur, isNew);
  const seen = new Uint8Array(K);
  let team = 0;
  let teamNew = 0;
  for (let i = 0; i < n; i++) {
    const k = cust.codes[i];
    if (k < 0 || codes[i] < 0 || seen[k] || !inCur(i)) continue;
    seen[k] = 1;
    team++;
    teamNew += isNew[k];
  }
  return { customers: Array.from(counts), newCustomers: Array.from(fresh), team, teamNew };
}

/** Per entity and for the team: the mean of a record value (NaN = no value) over the period's records. */
function periodMeans(
  codes: Int32Array,
  E: number,
  n: number,
  inCur: (i: number) => boolean,
  valueOf: (i: number) => number,
): { entities: (number | null)[]; team: number | null } {
  const s = new Float64Array(E);
  const k = new Float64Array(E);
  for (let i = 0; i < n; i++) {
    const c = codes[i];
    if (c < 0 || !inCur(i)) continue;
    const v = valueOf(i);
    if (Number.isNaN(v)) continue;
    s[c] += v;
    k[c]++;
  }
  const ks = k.reduce((a, b) => a + b, 0);
  return {
    entities: Array.from(s, (v, e) => (k[e] ? v / k[e] : null)),
    team: ks ? s.reduce((a, b) => a + b, 0) / ks : null,
  };
}

export function computeScorecard(table: SalesTable, opts: ScorecardOptions): ScorecardComputed {
  const lang = opts.lang ?? 'en';
  const L = labels(lang);
  const dp = dimensionAndPeriods(table, opts, ['rep', 'region', 'product']);
  if (!dp.ok) return dp;
  const { per, ent } = dp;
  const dim = { index: dp.dim };
  const E = ent.names.length;
  const { start, end } = per.current;
  const cur = periodSums(table, ent.codes, E, per.current);
  const prev = periodSums(table, ent.codes, E, per.previous);
  const m = table.mapping;
  const n = table.length;
  const inCur = (i: number): boolean => table.date[i] >= start && table.date[i] < end + 1;

  // Numeric columns summed per entity in the period.
  const sumCol = (arr: Float64Array | undefined): Float64Array | null => {
    if (!arr) return null;
    const out = new Float64Array(E);
    for (let i = 0; i < n; i++) {
      const c = ent.codes[i];
      if (c >= 0 && inCur(i) && !Number.isNaN(arr[i])) out[c] += arr[i];
    }
    return out;
  };
  const ordersCol = sumCol(table.numbers.orders);
  let leads = sumCol(table.numbers.leads);
  let won = sumCol(table.numbers.won);
  // Or from a separate leads table (it wins over the sales table's columns): per entity (by name) in the
  // same period. A leads table without the dimension gives no conversion, and the sheet says why.
  let leadsFrom: LeadsFrom | null = null;
  let leadsUnmatched: string | null = null;
  if (opts.leadsTable) {
    const lf = leadsFromTable(table, dim.index, ent, opts.leadsTable, start, end, lang);
    if (lf.ok) ({ leads, won, from: leadsFrom } = lf);
    else if (!leads) leadsUnmatched = lf.unmatched;
  }
  const columnTargets = sumCol(table.numbers.target);
  const bdT = columnTargets ? null : breakdownTargets(opts.breakdown ?? null, ent.header, per.current);
  const targets: Float64Array | null =
    columnTargets ?? (bdT ? Float64Array.from(ent.names, (nm) => bdT.target(nm)) : null);

  // Orders: an orders column, else distinct order IDs (a formula when every row is one order), else rows.
  let orderIdsDistinct: Float64Array | null = null;
  let idsAreRows = true;
  if (!ordersCol && m.orderId !== undefined) {
    const ids = keyColumn(table, m.orderId, inCur); // only the period's IDs are counted
    const rowsPer = new Float64Array(E);
    for (let i = 0; i < n; i++) if (ent.codes[i] >= 0 && inCur(i)) rowsPer[ent.codes[i]]++;
    orderIdsDistinct = distinctPairs(ent.codes, ids.codes, E, ids.count, inCur).all;
    for (let e = 0; e < E; e++) if (orderIdsDistinct[e] !== rowsPer[e]) idsAreRows = false;
  }

  // Customers: distinct in the period; new = first order ever falls in the period; repeat = the others.
  const teamDistinct: TeamDistinct = { customers: null, newCustomers: null, cycle: null, satisfaction: null };
  let customers: number[] | null = null;
  let newCustomers: number[] | null = null;
  if (m.customer !== undefined) {
    const c = customerCounts(table, m.customer, ent.codes, E, start, end, inCur);
    customers = c.customers;
    newCustomers = c.newCustomers;
    teamDistinct.customers = c.team;
    teamDistinct.newCustomers = c.teamNew;
  }

  // Sales cycle: mean days from first contact to close, over the period's records with both dates. Without a
  // close-date column the record's own date (the order date) is the close.
  let cycle: (number | null)[] | null = null;
  const contact = table.dates.contactDate;
  const close = m.closeDate !== undefined && m.closeDate !== m.date ? table.dates.closeDate : table.date;
  if (contact && close) {
    const c = periodMeans(ent.codes, E, n, inCur, (i) =>
      Number.isNaN(contact[i]) || Number.isNaN(close[i]) || close[i] < contact[i]
        ? NaN
        : close[i] - contact[i],
    );
    cycle = c.entities;
    teamDistinct.cycle = c.team;
  }

  // Customer satisfaction: the mean score of the period's records that have one.
  let satisfaction: (number | null)[] | null = null;
  const sat = table.numbers.satisfaction;
  if (sat) {
    const c = periodMeans(ent.codes, E, n, inCur, (i) => sat[i]);
    satisfaction = c.entities;
    teamDistinct.satisfaction = c.team;
  }

  const rows: ScorecardRow[] = [];
  for (let e = 0; e < E; e++) {
    if (cur.counts[e] === 0) continue;
    const sales = cur.sums[e];
    const p = prev.sums[e];
    const orders = ordersCol ? ordersCol[e] : orderIdsDistinct ? orderIdsDistinct[e] : cur.counts[e];
    const conv = leads ? (leads[e] ? (won ? won[e] : orders) / leads[e] : null) : null;
    rows.push({
      name: ent.names[e],
      sales,
      previous: p,
      growth: p === 0 ? null : (sales - p) / Math.abs(p),
      orders,
      aov: orders ? sales / orders : null,
      customers: customers ? customers[e] : null,
      newCustomers: newCustomers ? newCustomers[e] : null,
      repeatShare:
        customers && newCustomers && customers[e] ? (customers[e] - newCustomers[e]) / customers[e] : null,
      leads: leads ? leads[e] : null,
      won: won ? won[e] : null,
      conversion: conv,
      cycleDays: cycle ? cycle[e] : null,
      satisfaction: satisfaction ? satisfaction[e] : null,
      target: targets ? targets[e] : null,
      attainment: targets ? (targets[e] ? sales / targets[e] : null) : null,
      rank: 0,
      tier: '',
    });
  }
  if (!rows.length) return { ok: false, error: L.errNoSalesIn(per.current.label) };
  rows.sort((a, b) => b.sales - a.sales || a.name.localeCompare(b.name));
  for (const r of rows) r.rank = rows.filter((o) => o.sales > r.sales).length + 1;
  const tiers = opts.tiers
    ? { ...opts.tiers, basis: 'sales' as const }
    : defaultTiers(rows, targets !== null, L.tierNames);
  // MATCH(x, thresholds, 1) semantics: the last threshold <= x.
  for (const r of rows) {
    const x = tiers.basis === 'sales' ? r.sales : r.attainment;
    let t = -1;
    if (x !== null) for (let i = 0; i < tiers.thresholds.length; i++) if (tiers.thresholds[i] <= x) t = i;
    r.tier = t >= 0 ? (tiers.labels[t] ?? '') : '';
  }
  const team = teamRow(rows, L.teamTotal, teamDistinct);

  const used = [m.date!, m.amount!, dim.index];
  for (const role of ['orders', 'leads', 'won', 'target', 'satisfaction'] as const)
    if (m[role] !== undefined) used.push(m[role]!);
  const binding = bindSource(table, opts.source, used, lang, opts.dataSheetName);
  const result: ScorecardResult = {
    dimension: ent.header,
    current: per.current,
    previous: per.previous,
    rows,
    team,
    tiers,
    targetSource: columnTargets ? 'column' : bdT ? 'breakdown' : null,
    live: binding.live,
    periodNote: per.note,
    warnings: leadsUnmatched ? [leadsUnmatched] : [],
  };

  const layout: ScorecardSheetCtx = {
    lang,
    binding,
    table,
    dimIndex: dim.index,
    ordersCol: ordersCol !== null,
    ordersAreValues: !ordersCol && orderIdsDistinct !== null && !idsAreRows,
    customers: customers !== null,
    leads: leads !== null,
    won: won !== null,
    leadsFrom,
    cycle: cycle !== null,
    satisfaction: satisfaction !== null,
    bdT,
    generatedAt: opts.generatedAt,
    leadsUnmatched,
  };
  return { ok: true, result, layout, dataSheet: binding.dataSheet };
}
