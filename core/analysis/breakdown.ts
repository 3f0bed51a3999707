/**
 * Goal breakdown (目标分解): an annual target split into quarters, months and the entities of a dimension,
 * on the fiscal year.
 *
 * Compute, then lay out (breakdown-sheet.ts). The numbers here are computed with the same arithmetic, in the
 * same order, as the live formulas of the sheet (checked by HyperFormula in the tests):
 * - Rounding: running totals are rounded to the unit and each part is the difference of two rounded running
 *   totals, so every month, quarter and entity is within one unit of its exact share and the parts add up
 *   exactly. The month × entity grid rounds two-dimensional running totals (rows and columns add up exactly,
 *   each cell within two units); with locked grid cells one row and one column balance it instead.
 * - Entities: established ones are weighted by base-year sales; one that started during the base year by its
 *   sales since its first sale, annualised, times a ramp factor; those without base-year sales share a reserve,
 *   none getting more than the median established entity, the rest returning to everyone by weight.
 */
import { median, seasonalShares } from '../kpi/math';
import type { SheetSpec } from '../spec/types';
import type { Lang, SalesTable } from '../types';
import {
  calendarOf,
  fiscalYearEnd,
  monthId,
  quarterId,
  quarterLabel,
  toCalendarKey,
  toFiscalKey,
  yearLabel,
} from './calendar';
import {
  cubeSum,
  entities as entitiesOf,
  excelRound,
  lastDate,
  monthKeys,
  monthlyCube,
  resolveDimension,
  type MonthlyCube,
} from './context';
import { cascade } from './cascade';
import { labels } from './i18n';
import type { TeamMember } from '../table/team';

export interface BreakdownLocks {
  /** Entity name -> fixed annual target. */
  entities?: Record<string, number>;
  /** Fiscal month 1..12 (1 = the first month of the fiscal year) -> fixed month target. */
  months?: Record<number, number>;
  /** Fixed grid cells (month: fiscal month 1..12). */
  cells?: { entity: string; month: number; value: number }[];
  /** The second level: parent name -> child name -> fixed annual target of the child within that parent. */
  children?: Record<string, Record<string, number>>;
}

export interface BreakdownOptions {
  lang?: Lang;
  /** Dimension: header text, role name or header index. Default: region, then rep, then product. */
  by?: string | number;
  /**
   * The second level, split within each entity of `by`: a header, role or index; null for none. Default: the
   * rep column under the region column (when the top level is the region column and the table has a rep
   * column), else none.
   */
  then?: string | number | null;
  /** Ability factors of the second level's entities by name (1 = 100%, the default; before the team table's). */
  ability?: Record<string, number>;
  /**
   * The team table (core/table/team.ts): start and end dates and ramp months decide the months each rep of the
   * second level works (each month is then split by share × the month worked), ability, capacity, and the
   * region of a new hire who has no sales yet.
   */
  team?: TeamMember[] | null;
  /** Target (fiscal) year. Default: the year after the last full fiscal year. */
  year?: number;
  /** Annual target. Default: the base year's actual × (1 + uplift), rounded to the unit. */
  target?: number;
  /** Uplift as a fraction (0.1 = 10%). Default 0. */
  uplift?: number;
  seasonality?: 'last' | 'average' | 'even' | number[];
  /** Entity split: by base-year sales (default), even, or custom weights by entity name. */
  split?: 'share' | 'even' | Record<string, number>;
  /** Rounding unit (1, 100, 1000, ...). Default 1. */
  unit?: number;
  /** Share of the target reserved for entities without base-year sales (default 0.1). */
  reserve?: number;
  /** Ramp factor for entities that started during the base year (0..1, default 0.8). */
  ramp?: number;
  locks?: BreakdownLocks;
  /** The host's date (serial): a fiscal year is a base only once it has ended. */
  today?: number;
  /** First month of the fiscal year (1..12, default 1). */
  fiscalStart?: number;
}

export type EntityStatus = 'established' | 'ramping' | 'new';

export interface BreakdownEntity {
  name: string;
  status: EntityStatus;
  /** Sales in the base window. */
  baseSales: number;
  /** Months from the first sale to the end of the base window (ramping entities), else null. */
  monthsActive: number | null;
  /** The weight basis (base-year sales, annualised × ramp, 1 for even, a custom weight); null for new ones. */
  basis: number | null;
  /** Share of the target (0..1). */
  weight: number;
  target: number;
  /** Month targets in fiscal order. */
  months: number[];
  isNew: boolean;
  locked: boolean;
  /** The second level under this entity, when there is one. */
  children?: BreakdownEntity[];
  /** A second-level entity's ability factor (1 = 100%). */
  ability?: number;
  /** How a second-level entity's siblings were weighted (even when none of them had base-year sales). */
  split?: 'share' | 'even' | 'custom';
  /** With a team table: the share of each fiscal month the entity works (1 = all of it). */
  availability?: number[];
  /** With a team table's capacity: per month, and over the months worked in the year. */
  capacity?: number;
  capacityYear?: number;
}

export interface BreakdownResult {
  /** The target fiscal year (named by the calendar year it ends in). */
  year: number;
  fiscalStart: number;
  /** "2026" or "FY2026" / "2026财年". */
  yearLabel: string;
  baseYear: number | null;
  baseLabel: string;
  /** Months of the base window (12 with a base year; fewer when the data has no full year). */
  baseMonths: number;
  baseActual: number;
  target: number;
  unit: number;
  ramp: number;
  reserve: number;
  split: 'share' | 'even' | 'custom';
  dimension: string;
  /** Month weights in fiscal order. */
  monthWeights: number[];
  /** Month targets in fiscal order. */
  months: number[];
  /** Running totals of the month targets. */
  cumulative: number[];
  /** Calendar months "YYYY-MM" of the target year, in fiscal order. */
  monthPeriods: string[];
  quarters: number[];
  /** "2026-Q1", or "FY2026-Q1" with a fiscal start. */
  quarterIds: string[];
  quarterLabels: string[];
  entities: BreakdownEntity[];
  /** The columns of the levels, top first (one or two). */
  levels: string[];
  /** With a second level: each of its entities' plan summed over the top-level entities it is under. */
  childTotals: { name: string; target: number; months: number[] }[] | null;
  /** With a team table: the plan of the reps with a capacity against it (see cascade.ts teamSummary). */
  team: { capacity: number; target: number; gap: number; moreReps: number; counted: number } | null;
  /** True when locked grid cells made the grid use balancing cells. */
  gridLocked: boolean;
  warnings: string[];
}

/** What the Goal Breakdown sheet needs besides the result (breakdown-sheet.ts lays it out). */
export interface BreakdownSheetCtx {
  lang: Lang;
  uplift: number;
  given: boolean;
  monLock: (number | undefined)[];
  entLock: (number | undefined)[];
  cellLock: Map<string, number>;
  fs: number;
}

/** The numbers and what their layout needs; job.ts composes compute -> layout. */
export type BreakdownComputed =
  { ok: true; result: BreakdownResult; layout: BreakdownSheetCtx } | { ok: false; error: string };

export type BreakdownOutput =
  { ok: true; result: BreakdownResult; sheet: SheetSpec } | { ok: false; error: string };

const clamp0 = (x: number): number => (x > 0 && Number.isFinite(x) ? x : 0);
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/**
 * Spread `total` over `weights` by rounded running totals, skipping locked parts, exactly as the sheet does:
 * rest = total − the locks, W = Σ weights − the locked weights, running(i) = ROUND(rest × cw(i) / W / unit) ×
 * unit with cw(i) the unlocked weights up to i, and the last unlocked part's running total = rest.
 * Returns the parts and, per index, the running total of unlocked parts (`running`, for the sheet).
 */
export function runningSpread(
  total: number,
  weights: readonly number[],
  locked: readonly (number | undefined)[],
  unit: number,
): { values: number[]; running: number[]; rest: number; last: number } {
  const n = weights.length;
  let W = sum(weights);
  let rest = total;
  let last = -1;
  for (let i = 0; i < n; i++) {
    if (locked[i] !== undefined) {
      W -= weights[i];
      rest -= locked[i]!;
    } else last = i;
  }
  const values = new Array<number>(n).fill(0);
  const running = new Array<number>(n).fill(0);
  let cw = 0;
  const lockedW: number[] = [];
  let prev = 0;
  for (let i = 0; i < n; i++) {
    cw += weights[i];
    if (locked[i] !== undefined) {
      lockedW.push(weights[i]);
      values[i] = locked[i]!;
      running[i] = prev;
      continue;
    }
    // As the sheet writes it: SUM(weights up to i) - each locked weight, in order.
    let cwFree = cw;
    for (const w of lockedW) cwFree -= w;
    const r = i === last ? rest : roundShare(rest * cwFree, W, unit);
    values[i] = r - prev;
    running[i] = r;
    prev = r;
  }
  return { values, running, rest, last };
}

/** IFERROR(ROUND(x / W / unit, 0) * unit, 0), as the sheet computes it. */
export function roundShare(x: number, W: number, unit: number): number {
  if (W === 0) return 0;
  const v = excelRound(x / W / unit) * unit;
  return Number.isFinite(v) ? v : 0;
}

interface Base {
  baseYear: number | null;
  /** Fiscal month keys of the base window. */
  b1: number;
  b2: number;
  year: number;
}

/** The base window: the last fiscal year that has ended with sales in all 12 months, else the last 12 months. */
function baseWindow(
  counts: (k: number) => number,
  kmin: number,
  kmax: number,
  fs: number,
  today: number,
  last: number,
  year: number | undefined,
): Base {
  let baseYear: number | null = null;
  // The base of target year Y comes before it: the last full fiscal year that ended before Y starts.
  const top = year !== undefined ? Math.min(kmax, year * 12 - 1) : kmax;
  for (let y = Math.floor(top / 12); y >= Math.floor(kmin / 12) && baseYear === null; y--) {
    const end = fiscalYearEnd(y, fs);
    if (!(end < today || last >= end)) continue;
    let full = true;
    for (let i = 0; i < 12 && full; i++) full = counts(y * 12 + i) > 0;
    if (full) baseYear = y;
  }
  const b1 = baseYear !== null ? baseYear * 12 : Math.max(kmin, top - 11);
  const b2 = baseYear !== null ? baseYear * 12 + 11 : top;
  return { baseYear, b1, b2, year: year ?? (baseYear !== null ? baseYear + 1 : Math.floor(kmax / 12)) };
}

export function computeBreakdown(table: SalesTable, opts: BreakdownOptions = {}): BreakdownComputed {
  const lang = opts.lang ?? 'en';
  const L = labels(lang);
  const dim = resolveDimension(table, opts.by, ['region', 'rep', 'product'], lang);
  if (!dim.ok) return { ok: false, error: dim.message };
  if (table.length === 0) return { ok: false, error: L.errNoData };
  const unit = opts.unit && opts.unit > 0 && Number.isFinite(opts.unit) ? opts.unit : 1;
  const warnings: string[] = [];
  const last = lastDate(table);
  const cal = calendarOf(opts, last);
  const fs = cal.fiscalStart;

  // The cube of sales per entity and fiscal month.
  const { keys, min, max } = monthKeys(table);
  const ent = entitiesOf(table, dim.index);
  const cube = monthlyCube(table, keys, min, max, ent);
  cube.kmin = toFiscalKey(cube.kmin, fs);
  cube.kmax = toFiscalKey(cube.kmax, fs);
  const E = ent.names.length;
  const all = (k1: number, k2: number, which: 'sums' | 'counts' = 'sums'): number => {
    let v = 0;
    for (let r = 0; r <= E; r++) v += cubeSum(cube, r, k1, k2, which);
    return v;
  };
  const base = baseWindow((k) => all(k, k, 'counts'), cube.kmin, cube.kmax, fs, cal.today, last, opts.year);
  const { baseYear, b1, b2, year } = base;
  const windowMonths = b2 - b1 + 1;
  if (baseYear === null) warnings.push(L.warnNoFullYear(windowMonths));
  const baseLabel =
    baseYear !== null
      ? yearLabel(baseYear, fs, lang)
      : `${monthId(...ymOf(b1, fs))} – ${monthId(...ymOf(b2, fs))}`;

  // Base actual and target.
  let baseActual = all(b1, b2);
  if (baseYear === null) baseActual = (baseActual * 12) / windowMonths;
  const uplift = opts.uplift ?? 0;
  const given = opts.target !== undefined && Number.isFinite(opts.target);
  if (!given && !(baseActual > 0))
    return {
      ok: false,
      error: L.errBaseNotPositive(
        baseLabel,
        baseActual.toLocaleString('en-US', { maximumFractionDigits: 0 }),
      ),
    };
  const target = given ? opts.target! : excelRound((baseActual * (1 + uplift)) / unit) * unit;

  const monthWeights = seasonality(opts.seasonality, baseYear, base, cube.kmin, cube.kmax, all, fs);
  const ents = entityWeights(opts, cube, E, ent.names, b1, b2, baseYear, warnings, lang);

  // Locks.
  const names = ents.map((e) => e.name);
  const findEntity = (name: string): number =>
    names.findIndex((n) => n.trim().toLowerCase() === name.trim().toLowerCase());
  const entLock: (number | undefined)[] = names.map(() => undefined);
  for (const [n, v] of Object.entries(opts.locks?.entities ?? {})) {
    const i = findEntity(n);
    if (i >= 0 && Number.isFinite(v)) entLock[i] = v;
  }
  const monLock: (number | undefined)[] = new Array(12).fill(undefined);
  for (const [m, v] of Object.entries(opts.locks?.months ?? {})) {
    const i = Number(m) - 1;
    if (i >= 0 && i < 12 && Number.isFinite(v)) monLock[i] = v;
  }
  const cellLock = new Map<string, number>();
  for (const c of opts.locks?.cells ?? []) {
    const i = findEntity(c.entity);
    if (i >= 0 && c.month >= 1 && c.month <= 12 && Number.isFinite(c.value))
      cellLock.set(`${i}:${c.month - 1}`, c.value);
  }

  const M = runningSpread(target, monthWeights, monLock, unit);
  const shares = ents.map((e) => e.share);
  const T = runningSpread(target, shares, entLock, unit);
  const allLockedOk = (s: { last: number; values: number[] }, n: number): boolean =>
    s.last >= 0 || n === 0 || sum(s.values) === target;
  const overLocked = (x: { rest: number }): boolean => target >= 0 && x.rest < 0;
  if (!allLockedOk(M, 12) || !allLockedOk(T, names.length) || overLocked(M) || overLocked(T))
    return { ok: false, error: L.errLocks };
  // The cumulative column of the sheet: the locks up to m plus the running total of the others.
  const cumulative = M.values.map((_, m) => {
    let lockedSum = 0;
    let any = false;
    for (let j = 0; j <= m; j++)
      if (monLock[j] !== undefined) {
        lockedSum = any ? lockedSum + monLock[j]! : monLock[j]!;
        any = true;
      }
    return any ? lockedSum + M.running[m] : M.running[m];
  });
  const months = cumulative.map((c, m) =>
    monLock[m] !== undefined ? monLock[m]! : m === 0 ? c : c - cumulative[m - 1],
  );

  const grid = cellLock.size
    ? balancedGrid(target, T.values, months, monthWeights, shares, cellLock, unit)
    : runningGrid(target, T.values, cumulative, unit);
  if (!grid) return { ok: false, error: L.errLocks };
  if (grid.some((r) => r.some((v) => v < 0))) warnings.push(L.warnNegativePlug);

  const quarters = [0, 1, 2, 3].map((q) => months[q * 3] + months[q * 3 + 1] + months[q * 3 + 2]);
  const result: BreakdownResult = {
    year,
    fiscalStart: fs,
    yearLabel: yearLabel(year, fs, lang),
    baseYear,
    baseLabel,
    baseMonths: windowMonths,
    baseActual,
    target,
    unit,
    ramp: rampOf(opts),
    reserve: reserveOf(opts),
    split: ents.split,
    dimension: ent.header,
    monthWeights,
    months,
    cumulative,
    monthPeriods: Array.from({ length: 12 }, (_, i) => monthId(...ymOf(year * 12 + i, fs))),
    quarters,
    quarterIds: [1, 2, 3, 4].map((q) => quarterId(year, q, fs)),
    quarterLabels: [1, 2, 3, 4].map((q) => quarterLabel(year, q, fs, lang)),
    entities: ents.map((e, i) => entityOf(e, T.values[i], grid[i], entLock[i] !== undefined)),
    levels: [ent.header],
    childTotals: null,
    team: null,
    gridLocked: cellLock.size > 0,
    warnings,
  };
  const child = childDimension(table, opts, dim.index, lang);
  if (!child.ok) return { ok: false, error: child.message };
  if (child.index !== null) {
    const shift = toFiscalKey(min, fs) - min;
    const input = {
      table,
      keys,
      kmin: min,
      kmax: max,
      shift,
      top: ent,
      b1,
      b2,
      baseYear,
      unit,
      lang,
      year,
      fiscalStart: fs,
    };
    const level = cascade({ ...input, child: entitiesOf(table, child.index) }, result.entities, opts);
    if (!level) return { ok: false, error: L.errLocks };
    for (const e of result.entities) e.children = level.children.get(e.name.trim().toLowerCase()) ?? [];
    result.levels.push(level.dimension);
    result.childTotals = level.totals;
    result.team = level.team;
    warnings.push(...level.warnings);
  }
  return { ok: true, result, layout: { lang, uplift, given, monLock, entLock, cellLock, fs } };
}

/**
 * The column of the second level: `then` when given (null: none); by default the rep column under the region
 * column, when the top level is the region column and the table has a rep column too.
 */
function childDimension(
  table: SalesTable,
  opts: BreakdownOptions,
  top: number,
  lang: Lang,
): { ok: true; index: number | null } | { ok: false; message: string } {
  if (opts.then === null) return { ok: true, index: null };
  if (opts.then === undefined) {
    const { region, rep } = table.mapping;
    const byDefault = top === region && rep !== undefined && rep !== region;
    return { ok: true, index: byDefault ? rep! : null };
  }
  const d = resolveDimension(table, opts.then, [], lang);
  if (!d.ok) return d;
  return { ok: true, index: d.index === top ? null : d.index };
}

/** A breakdown entity from its weight, its target and months, and whether its target is locked. */
export function entityOf(
  w: EntityWeight,
  target: number,
  months: number[],
  locked: boolean,
): BreakdownEntity {
  return {
    name: w.name,
    status: w.status,
    baseSales: w.baseSales,
    monthsActive: w.monthsActive,
    basis: w.basis,
    weight: w.share,
    target,
    months,
    isNew: w.status === 'new',
    locked,
  };
}

/** [calendar year, calendar month] of a fiscal month key. */
function ymOf(fk: number, fs: number): [number, number] {
  const k = toCalendarKey(fk, fs);
  return [Math.floor(k / 12), (k % 12) + 1];
}

const rampOf = (o: BreakdownOptions): number =>
  o.ramp !== undefined && Number.isFinite(o.ramp) ? Math.min(1, Math.max(0, o.ramp)) : 0.8;
const reserveOf = (o: BreakdownOptions): number =>
  o.reserve !== undefined && Number.isFinite(o.reserve) ? Math.min(1, Math.max(0, o.reserve)) : 0.1;

/** Month weights in fiscal order, normalised to 1. */
function seasonality(
  s: BreakdownOptions['seasonality'],
  baseYear: number | null,
  base: Base,
  kmin: number,
  kmax: number,
  all: (k1: number, k2: number, which?: 'sums' | 'counts') => number,
  fs: number,
): number[] {
  let w: number[];
  const choice = s ?? 'last';
  if (Array.isArray(choice)) w = Array.from({ length: 12 }, (_, i) => clamp0(choice[i] ?? 0));
  else if (choice === 'even' || baseYear === null) w = new Array(12).fill(1 / 12);
  else {
    const years: number[] = [];
    if (choice === 'average') {
      for (let y = Math.floor(kmin / 12); y <= baseYear; y++) {
        let full = y * 12 >= kmin && y * 12 + 11 <= kmax;
        for (let i = 0; i < 12 && full; i++) full = all(y * 12 + i, y * 12 + i, 'counts') > 0;
        if (full) years.push(y);
      }
    } else years.push(baseYear);
    const rows = years.map((y) => Array.from({ length: 12 }, (_, i) => all(y * 12 + i, y * 12 + i)));
    w = seasonalShares(rows).map(clamp0);
  }
  void base;
  void fs;
  const total = sum(w);
  return total > 0 ? w.map((x) => x / total) : new Array(12).fill(1 / 12);
}

export interface EntityWeight {
  name: string;
  status: EntityStatus;
  baseSales: number;
  monthsActive: number | null;
  basis: number | null;
  share: number;
}

/**
 * The entities of the breakdown in sheet order (established, ramping, new; each by basis, then name) with
 * their basis and share of the target, as the sheet's formulas compute them.
 */
export function entityWeights(
  opts: BreakdownOptions,
  cube: MonthlyCube,
  E: number,
  allNames: readonly string[],
  b1: number,
  b2: number,
  baseYear: number | null,
  warnings: string[],
  lang: Lang,
  ability?: (name: string) => number,
  keep?: ReadonlySet<number>,
): EntityWeight[] & { split: BreakdownResult['split'] } {
  const L = labels(lang);
  const windowMonths = b2 - b1 + 1;
  const list: EntityWeight[] = [];
  const blankRows = cubeSum(cube, E, cube.kmin, cube.kmax, 'counts');
  if (blankRows > 0) warnings.push(L.warnBlankEntity(blankRows));
  const ramp = rampOf(opts);
  for (let e = 0; e < E; e++) {
    const baseCount = cubeSum(cube, e, b1, b2, 'counts');
    const later = cubeSum(cube, e, b2 + 1, cube.kmax, 'counts');
    // An entity without rows is listed only when asked (a new hire of the team table, as new).
    if (baseCount === 0 && later === 0 && !keep?.has(e)) continue;
    let first = cube.kmin;
    while (first <= cube.kmax && cube.counts[e * cube.months + (first - cube.kmin)] === 0) first++;
    const baseSales = cubeSum(cube, e, b1, b2);
    const status: EntityStatus = baseCount === 0 ? 'new' : first > b1 ? 'ramping' : 'established';
    const monthsActive = status === 'ramping' ? b2 - first + 1 : null;
    const plain =
      status === 'new'
        ? null
        : status === 'ramping'
          ? ((clamp0(baseSales) * 12) / monthsActive!) * ramp
          : baseYear === null
            ? (clamp0(baseSales) * 12) / windowMonths
            : clamp0(baseSales);
    // The second level's ability factor multiplies the basis (the sheet: basis formula × the ability cell).
    const basis = plain !== null && ability ? plain * ability(allNames[e]) : plain;
    list.push({ name: allNames[e], status, baseSales, monthsActive, basis, share: 0 });
  }
  const rank = { established: 0, ramping: 1, new: 2 };
  list.sort(
    (a, b) =>
      rank[a.status] - rank[b.status] || (b.basis ?? 0) - (a.basis ?? 0) || a.name.localeCompare(b.name),
  );
  const split = opts.split ?? 'share';
  const nonNew = list.filter((x) => x.status !== 'new');
  const W = sum(nonNew.map((x) => x.basis!));
  if (split === 'even' || (split === 'share' && !(W > 0) && list.length > 0)) {
    for (const x of list) x.basis = ability ? ability(x.name) : 1;
    const n = list.length;
    const sw = sum(list.map((x) => x.basis!));
    for (const x of list) x.share = ability ? (sw === 0 ? 0 : x.basis! / sw) : 1 / n;
    return Object.assign(list, { split: 'even' as const });
  }
  if (typeof split === 'object') {
    const lower = new Map(Object.entries(split).map(([k, v]) => [k.trim().toLowerCase(), v]));
    for (const x of list) x.basis = clamp0(lower.get(x.name.trim().toLowerCase()) ?? 0);
    const sw = sum(list.map((x) => x.basis!));
    for (const x of list) x.share = sw === 0 ? 0 : x.basis! / sw;
    return Object.assign(list, { split: 'custom' as const });
  }
  // By share: new entities split the reserve, capped at the median established basis's share.
  const newOnes = list.filter((x) => x.status === 'new');
  const n = newOnes.length;
  const est = list.filter((x) => x.status === 'established').map((x) => x.basis!);
  const med = median(est.length ? est : nonNew.map((x) => x.basis!));
  const reserve = reserveOf(opts);
  const sNew = n === 0 ? 0 : Math.min(reserve / n, med / (W + n * med));
  for (const x of newOnes) x.share = ability ? sNew * ability(x.name) : sNew;
  const newTotal = sum(newOnes.map((x) => x.share));
  for (const x of nonNew) x.share = ((1 - newTotal) * x.basis!) / W;
  if (n > 0) {
    const names = newOnes.map((x) => x.name).join(', ');
    warnings.push(
      reserve > 0 ? L.warnNewEntities(names, `${+(reserve * 100).toFixed(2)}%`) : L.warnZeroNew(names),
    );
  }
  return Object.assign(list, { split: 'share' as const });
}

/**
 * The month × entity grid from two-dimensional running totals: G(e, m) = ROUND(CE(e) × CM(m) / T / unit) × unit
 * where CE and CM are the running totals of the entity and month targets; G on the last row is CM and on the
 * last column CE, so rows and columns add up exactly; cell = G(e,m) − G(e−1,m) − G(e,m−1) + G(e−1,m−1).
 */
export function runningGrid(
  total: number,
  entTargets: number[],
  cumMonths: number[],
  unit: number,
): number[][] {
  const n = entTargets.length;
  const CE: number[] = [];
  entTargets.forEach((t, e) => CE.push(e === 0 ? t : CE[e - 1] + t));
  const G = (e: number, m: number): number => {
    if (e < 0 || m < 0) return 0;
    if (e === n - 1) return cumMonths[m];
    if (m === 11) return CE[e];
    return roundShare(CE[e] * cumMonths[m], total, unit);
  };
  return entTargets.map((_, e) =>
    Array.from({ length: 12 }, (_, m) => G(e, m) - G(e - 1, m) - G(e, m - 1) + G(e - 1, m - 1)),
  );
}

/**
 * With locked grid cells: each free cell is ROUND(row rest × column rest / rest of all); one balancing column (the
 * largest-weight month without locks) and one balancing row (likewise) make rows and columns add up.
 */
function balancedGrid(
  target: number,
  entTargets: number[],
  months: number[],
  monthWeights: number[],
  shares: number[],
  cellLock: Map<string, number>,
  unit: number,
): number[][] | null {
  const n = entTargets.length;
  const rowHasLock = entTargets.map((_, e) => [...Array(12).keys()].some((m) => cellLock.has(`${e}:${m}`)));
  const colHasLock = [...Array(12).keys()].map((m) => entTargets.some((_, e) => cellLock.has(`${e}:${m}`)));
  let pc = -1;
  for (let m = 0; m < 12; m++) if (!colHasLock[m] && (pc < 0 || monthWeights[m] > monthWeights[pc])) pc = m;
  let pr = -1;
  for (let e = 0; e < n; e++) if (!rowHasLock[e] && (pr < 0 || shares[e] > shares[pr])) pr = e;
  if (n > 0 && (pc < 0 || pr < 0)) return null;
  let lockAll = target;
  const rowRes = entTargets.slice();
  const colRes = months.slice();
  for (const [k, v] of cellLock) {
    const [e, m] = k.split(':').map(Number);
    rowRes[e] -= v;
    colRes[m] -= v;
    lockAll -= v;
  }
  const g: number[][] = entTargets.map(() => new Array(12).fill(0));
  for (let e = 0; e < n; e++)
    for (let m = 0; m < 12; m++) {
      const k = `${e}:${m}`;
      if (cellLock.has(k)) g[e][m] = cellLock.get(k)!;
      else if (e !== pr && m !== pc)
        g[e][m] = lockAll === 0 ? 0 : excelRound((rowRes[e] * colRes[m]) / lockAll / unit) * unit;
    }
  for (let e = 0; e < n; e++) {
    if (e === pr) continue;
    let o = 0;
    for (let m = 0; m < 12; m++) if (m !== pc) o += g[e][m];
    g[e][pc] = entTargets[e] - o;
  }
  if (pr >= 0) {
    for (let m = 0; m < 12; m++) {
      if (m === pc) continue;
      let o = 0;
      for (let e = 0; e < n; e++) if (e !== pr) o += g[e][m];
      g[pr][m] = months[m] - o;
    }
    let o = 0;
    for (let m = 0; m < 12; m++) if (m !== pc) o += g[pr][m];
    g[pr][pc] = entTargets[pr] - o;
  }
  return g;
}
