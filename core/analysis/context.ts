/**
 * What every analysis needs from a SalesTable: month keys per record, the entities of a dimension,
 * and fast sums. Month key = year * 12 + (month - 1).
 */
import { serialToYMD, ymdToSerial } from '../table/coerce';
import { findHeader, labelColumn } from '../table/labels';
import type { Lang, Role, SalesTable } from '../types';
import type { SourceRef } from './source';
import { calendarOf, periodText, resolvePeriods, type Period, type ResolvedPeriods } from './calendar';
import { labels } from './i18n';

export const monthKey = (y: number, m: number): number => y * 12 + (m - 1);
export const keyYear = (k: number): number => Math.floor(k / 12);
export const keyMonth = (k: number): number => (k % 12) + 1;
export const monthLabel = (k: number): string => `${keyYear(k)}-${String(keyMonth(k)).padStart(2, '0')}`;

/** First day (serial) of a month key. */
export const keyStart = (k: number): number => ymdToSerial(keyYear(k), keyMonth(k), 1);

/** Per record: its month key. Uses a lookup over the table's date span (dates are integer serials). */
export function monthKeys(table: SalesTable): { keys: Int32Array; min: number; max: number } {
  const n = table.length;
  const keys = new Int32Array(n);
  if (n === 0) return { keys, min: 0, max: -1 };
  let lo = Infinity;
  let hi = -Infinity;
  const d = table.date;
  for (let i = 0; i < n; i++) {
    const v = d[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi - lo + 1;
  const lut = new Int32Array(span);
  for (let s = 0; s < span; s++) {
    const { y, m } = serialToYMD(lo + s);
    lut[s] = monthKey(y, m);
  }
  let kmin = Infinity;
  let kmax = -Infinity;
  for (let i = 0; i < n; i++) {
    const k = lut[d[i] - lo];
    keys[i] = k;
    if (k < kmin) kmin = k;
    if (k > kmax) kmax = k;
  }
  return { keys, min: kmin, max: kmax };
}

/**
 * The header index of the analysis dimension: given by name / role / index, or the first of `prefer`.
 * A name that fits several headers is refused with the candidates (`candidates`, header texts).
 */
export function resolveDimension(
  table: SalesTable,
  by: string | number | undefined,
  prefer: Role[],
  lang: Lang,
): { ok: true; index: number } | { ok: false; message: string; candidates?: string[] } {
  const L = labels(lang);
  if (typeof by === 'number') {
    if (by >= 0 && by < table.headers.length) return { ok: true, index: by };
  } else if (typeof by === 'string' && by.trim() !== '') {
    const fits: number[] = [];
    const i = findHeader(table, by, fits);
    if (i >= 0) return { ok: true, index: i };
    if (fits.length > 1) {
      const candidates = fits.map((j) => table.headers[j]);
      return { ok: false, message: L.errDimensionAmbiguous(by.trim(), candidates.join(', ')), candidates };
    }
  } else {
    for (const r of prefer) {
      const i = table.mapping[r];
      if (i !== undefined) return { ok: true, index: i };
    }
  }
  const name = by === undefined ? prefer.join(' / ') : String(by);
  return { ok: false, message: L.errDimension(name, table.headers.filter((h) => h).join(', ')) };
}

export interface Entities {
  /** Header index of the dimension column. */
  readonly column: number;
  readonly header: string;
  /** Per record: entity code, -1 when blank. */
  readonly codes: Int32Array;
  readonly names: readonly string[];
  /** Records whose cell is text with spaces around it, and whether a text cell holds * ? or ~. */
  readonly untrimmed: number;
  readonly wildcard: boolean;
}

/** Groupings already made, per table and column (the analyses of one table share them). */
const groupings = new WeakMap<SalesTable, Map<number, Entities>>();

/** The entities of a dimension column. The result is shared between callers: read it, never change it. */
export function entities(table: SalesTable, column: number): Entities {
  let byColumn = groupings.get(table);
  if (!byColumn) groupings.set(table, (byColumn = new Map()));
  const known = byColumn.get(column);
  if (known) return known;
  const { codes, labels: names, untrimmed, wildcard } = labelColumn(table, column);
  const out = {
    column,
    header: table.headers[column] || `#${column + 1}`,
    codes,
    names,
    untrimmed,
    wildcard,
  };
  byColumn.set(column, out);
  return out;
}

/**
 * Sales per entity and month: a dense matrix [entity][month key - kmin] plus a blank-entity row at the end.
 */
export interface MonthlyCube {
  kmin: number;
  kmax: number;
  months: number;
  entities: number;
  /** (entities + 1) × months; the last row collects records with a blank entity. */
  sums: Float64Array;
  /** Records per cell, same layout. */
  counts: Float64Array;
}

export function monthlyCube(
  table: SalesTable,
  keys: Int32Array,
  kmin: number,
  kmax: number,
  ent: Entities,
): MonthlyCube {
  const months = Math.max(0, kmax - kmin + 1);
  const E = ent.names.length;
  const sums = new Float64Array((E + 1) * months);
  const counts = new Float64Array((E + 1) * months);
  const a = table.amount;
  const codes = ent.codes;
  for (let i = 0, n = table.length; i < n; i++) {
    const c = codes[i];
    const row = c < 0 ? E : c;
    const j = row * months + (keys[i] - kmin);
    sums[j] += a[i];
    counts[j] += 1;
  }
  return { kmin, kmax, months, entities: E, sums, counts };
}

/** Sum of the cube over month keys [k1, k2] (inclusive) for one entity row (E = blank row). */
export function cubeSum(
  c: MonthlyCube,
  row: number,
  k1: number,
  k2: number,
  which: 'sums' | 'counts' = 'sums',
): number {
  const arr = c[which];
  let s = 0;
  const a = Math.max(k1, c.kmin);
  const b = Math.min(k2, c.kmax);
  for (let k = a; k <= b; k++) s += arr[row * c.months + (k - c.kmin)];
  return s;
}

/** Years that have rows in all 12 months. */
export function fullYears(keys: Int32Array): number[] {
  if (keys.length === 0) return [];
  let lo = keys[0];
  let hi = keys[0];
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i];
    if (k < lo) lo = k;
    else if (k > hi) hi = k;
  }
  const seen = new Uint8Array(hi - lo + 1);
  for (let i = 0; i < keys.length; i++) seen[keys[i] - lo] = 1;
  const out: number[] = [];
  for (let y = keyYear(lo); y <= keyYear(hi); y++) {
    let all = true;
    for (let m = 1; m <= 12 && all; m++) {
      const j = monthKey(y, m) - lo;
      all = j >= 0 && j < seen.length && seen[j] === 1;
    }
    if (all) out.push(y);
  }
  return out;
}

/** Excel's ROUND(x, 0): half away from zero. */
export function excelRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

export type { Period } from './calendar';

/** The first and latest dates of a table, and whether every date is the first of a month (one row per month). */
export function dataSpan(table: SalesTable): { first: number; last: number; monthly: boolean } {
  const known = spans.get(table);
  if (known) return known;
  let first = Infinity;
  let last = -Infinity;
  let monthly = table.length > 0;
  const d = table.date;
  for (let i = 0; i < table.length; i++) {
    const v = d[i];
    if (v < first) first = v;
    if (v > last) last = v;
  }
  // Day 1 of a month: check each distinct day once (dates are integer serials).
  if (monthly) {
    const seen = new Set<number>();
    for (let i = 0; i < table.length && monthly; i++) {
      const v = d[i];
      if (seen.has(v)) continue;
      seen.add(v);
      monthly = serialToYMD(v).d === 1;
      if (seen.size > 400) break; // more distinct days than a monthly table of 30 years has
    }
    if (seen.size > 400) monthly = false;
  }
  const out = { first, last, monthly };
  spans.set(table, out);
  return out;
}
const spans = new WeakMap<SalesTable, { first: number; last: number; monthly: boolean }>();

/** Largest date in the table. */
export function lastDate(table: SalesTable): number {
  return dataSpan(table).last;
}

/**
 * The periods an analysis compares, from the job's options: the period asked for (or the fiscal year of the
 * latest date), whole when it has ended before today, else to date (see calendar.ts resolvePeriods).
 */
export function tablePeriods(
  table: SalesTable,
  opts: { period?: string; today?: number; fiscalStart?: number; toDate?: boolean; lang?: Lang },
): ResolvedPeriods | { error: string } {
  const span = dataSpan(table);
  if (!Number.isFinite(span.last)) return { error: periodText(opts.lang ?? 'en').noSales('') };
  const cal = calendarOf(opts, span.last);
  return resolvePeriods(opts.period, span, cal, { toDate: opts.toDate, lang: opts.lang });
}

/** Per entity: amount sums and record counts within [start, end] (whole days). Index E collects blank entities. */
export function periodSums(
  table: SalesTable,
  codes: Int32Array,
  E: number,
  p: Period,
): { sums: Float64Array; counts: Float64Array } {
  const sums = new Float64Array(E + 1);
  const counts = new Float64Array(E + 1);
  const d = table.date;
  const a = table.amount;
  const lo = p.start;
  const hi = p.end + 1;
  for (let i = 0, n = table.length; i < n; i++) {
    const v = d[i];
    if (v >= lo && v < hi) {
      const c = codes[i] < 0 ? E : codes[i];
      sums[c] += a[i];
      counts[c] += 1;
    }
  }
  return { sums, counts };
}

/** The options of an analysis that compares a period with the same period a year earlier. */
export interface PeriodAnalysisOptions {
  lang?: Lang;
  /** Dimension: header text, role name or header index. */
  by?: string | number;
  /** "2026", "2026-Q2", "FY2026", "2026-03"; default the fiscal year of the latest date (see tablePeriods). */
  period?: string;
  /** The host's date (serial): periods that ended before it are compared whole. */
  today?: number;
  fiscalStart?: number;
  /** Compare to date (like-for-like) even when the period has ended. */
  toDate?: boolean;
  /** Where the source cells sit, for the formulas. */
  source: SourceRef;
  /** Final name of the clean-data sheet, if one is needed (hosts resolve clashes). */
  dataSheetName?: string;
}

/** The dimension (default: the first of `prefer` the table has), its entities and the periods compared. */
export function dimensionAndPeriods(
  table: SalesTable,
  opts: PeriodAnalysisOptions,
  prefer: Role[],
): { ok: true; dim: number; ent: Entities; per: ResolvedPeriods } | { ok: false; error: string } {
  const lang = opts.lang ?? 'en';
  const dim = resolveDimension(table, opts.by, prefer, lang);
  if (!dim.ok) return { ok: false, error: dim.message };
  const per = tablePeriods(table, { ...opts, lang });
  if ('error' in per) return { ok: false, error: per.error };
  return { ok: true, dim: dim.index, ent: entities(table, dim.index), per };
}
