/**
 * Goal tracking (目标跟踪): actual vs target by month, quarter, entity and week, with pacing, live in the
 * sheet. Targets come from the Goal Breakdown sheet (referenced by formula) or from a target column of
 * the source; actuals are SUMIFS over the source, so rows typed there tomorrow show up with no add-in.
 *
 * Months, quarters, the year to date and the weekly view follow the fiscal year (of the breakdown, or the
 * fiscalStart option).
 *
 * One pacing story: the pro-rated target of a month is its target × elapsed days / days (to the "as of" date,
 * an input cell); of a quarter, the year or an entity, the sum of its months' pro-rated targets, so it follows
 * the targets' seasonality. The forecast is actual ÷ pro-rated × target, and the status reads the same ratio:
 * on track when forecast ≥ 99% of the target (actual ≥ 99% of the pro-rated target), behind from 81%, at risk
 * below (both thresholds are input cells). A finished period shows its final actual, achieved or missed; a
 * period not started shows its target and the rate required. No cell evaluates to an error.
 * The weekly view covers the fiscal quarter of the as-of date with weeks starting on Monday (the ISO 8601
 * week, also the usual week in China), cut at the quarter's edges; a week's target is the days it takes from
 * each month's target.
 */
import type { SheetSpec } from '../spec/types';
import { serialToYMD, ymdToSerial } from '../table/coerce';
import { findHeader } from '../table/labels';
import type { Lang, Role, SalesTable } from '../types';
import {
  calendarOf,
  fiscalMonthStart,
  fiscalYearEnd,
  fiscalYearOf,
  fiscalYearStart,
  monthId,
  quarterId,
  quarterLabel,
  yearLabel,
} from './calendar';
import { entities as entitiesOf, lastDate, resolveDimension } from './context';
import { labels } from './i18n';
import { bindSource, type SourceRef } from './source';

export type TrackStatus = 'on-track' | 'behind' | 'at-risk' | 'not-started' | 'achieved' | 'missed';

/** Targets already laid out on a Goal Breakdown sheet of this workbook. */
export interface BreakdownTargets {
  sheet: string;
  year: number;
  /** First month of the breakdown's fiscal year (1..12; default 1). Its months are in fiscal order. */
  fiscalStart?: number;
  dimension: string;
  months: number[];
  entities: { name: string; months: number[] }[];
  /** The sheet rows of these entities when they are not the top level's (the second level of a cascade). */
  rows?: { first: number; last: number };
  /** The second level of a cascade (reps within regions): the targets of its own dimension. */
  children?: {
    dimension: string;
    entities: { name: string; months: number[] }[];
    rows: { first: number; last: number };
  } | null;
}

export interface TrackingOptions {
  lang?: Lang;
  by?: string | number;
  /** Target (fiscal) year; default the breakdown's year, else the fiscal year of the as-of date. */
  year?: number;
  /** Serial day of the "as of" date; default the latest date in the source. */
  asOf?: number;
  /** First month of the fiscal year (1..12); a breakdown's own fiscal start wins. */
  fiscalStart?: number;
  source: SourceRef;
  dataSheetName?: string;
  /** Targets from a Goal Breakdown sheet; without it a separate target table, else the source's target column. */
  breakdown?: BreakdownTargets | null;
  /**
   * A separate target table of the workbook (read with `measure: 'target'`: per month and entity, e.g.
   * Month, Rep, Target), matched to the entities by the dimension's role or header.
   */
  targetTable?: { table: SalesTable; source: SourceRef } | null;
  onTrack?: number;
  atRisk?: number;
}

export interface TrackRow {
  /** Language-neutral id: "2026-04", "FY2026-Q1", "2026-W37", "FY2026". */
  period: string;
  /** What the sheet shows (localised: "2026财年Q1"). */
  label: string;
  start: number;
  end: number;
  target: number;
  actual: number;
  attainment: number | null;
  /** Actual − target; null before the period starts (as attainment). */
  gap: number | null;
  ytdTarget: number;
  ytdActual: number;
  elapsed: number;
  days: number;
  prorated: number;
  /**
   * Forecast for the whole period on the targets' seasonality: actual ÷ (share of the target due by the
   * as-of date) × target; the final actual once the period is over; null before it starts.
   */
  forecast: number | null;
  /** Linear run rate: actual / elapsed days × days (null before the period starts). */
  projection: number | null;
  /** Rate still needed per remaining day; null once the period is over. */
  requiredPerDay: number | null;
  status: TrackStatus;
}

export interface TrackEntity {
  name: string;
  months: number[];
  target: number;
  prorated: number;
  actual: number;
  attainment: number | null;
  gap: number;
  /** Year-end forecast on the targets' seasonality (see TrackRow.forecast). */
  forecast: number | null;
  projection: number | null;
  requiredPerDay: number | null;
  status: TrackStatus;
}

export interface TrackingResult {
  /** The fiscal year tracked. */
  year: number;
  fiscalStart: number;
  /** "2026" or "FY2026" / "2026财年". */
  yearLabel: string;
  asOf: number;
  dimension: string;
  targetSource: 'breakdown' | 'table' | 'column';
  /** The whole year as one row (its forecast is the year-end forecast). */
  total: TrackRow;
  months: TrackRow[];
  quarters: TrackRow[];
  weeks: TrackRow[];
  entities: TrackEntity[];
  /**
   * The breakdown's second level (the reps within the regions), each against their plan summed over the regions
   * they are under, furthest behind first (lowest attainment to date); null without one.
   */
  children: { dimension: string; entities: TrackEntity[] } | null;
  live: boolean;
}

/** Where targets are read from when not on a breakdown sheet. */
export interface TargetSource {
  kind: 'table' | 'column';
  table: SalesTable;
  /** Per record of `table`: the target (NaN when blank). */
  values: Float64Array;
  /** Header indexes in `table`. */
  valueCol: number;
  dimCol: number;
  source: SourceRef;
}

/** What the Goal Tracking sheet needs besides the result (tracking-sheet.ts lays it out). */
export interface TrackingSheetCtx {
  lang: Lang;
  binding: ReturnType<typeof bindSource>;
  ts: TargetSource | null;
  tBinding: ReturnType<typeof bindSource> | null;
  table: SalesTable;
  dimIndex: number;
  bd: BreakdownTargets | null;
  /** The column of the breakdown's second level in the table (the reps), when the result has children. */
  childIndex: number | null;
  onTrack: number;
  atRisk: number;
  weekParts: { m: number; days: number }[][];
}

/** The numbers and what their layout needs; job.ts composes compute -> layout. */
export type TrackingComputed =
  | { ok: true; result: TrackingResult; layout: TrackingSheetCtx; dataSheet?: SheetSpec }
  | { ok: false; error: string };

export type TrackingOutput =
  | { ok: true; result: TrackingResult; sheet: SheetSpec; dataSheet?: SheetSpec }
  | { ok: false; error: string };

const ON_TRACK = 0.99;
const AT_RISK = 0.81;

/**
 * The status of a period: not started; over (achieved when the actual reached the target, else missed); or on
 * its way, judged on the seasonal forecast: on track when forecast ≥ onTrack × target (that is actual ≥ onTrack ×
 * pro-rated target), behind from atRisk, at risk below.
 */
export function trackStatus(
  actual: number,
  prorated: number,
  elapsed: number,
  onTrack: number,
  atRisk: number,
  days = Infinity,
  target = 0,
): TrackStatus {
  if (elapsed <= 0) return 'not-started';
  if (elapsed >= days) return actual >= target ? 'achieved' : 'missed';
  if (actual >= onTrack * prorated) return 'on-track';
  if (actual >= atRisk * prorated) return 'behind';
  return 'at-risk';
}

/** Seasonal forecast (see TrackRow.forecast), as the sheet computes it. */
export function seasonalForecast(
  actual: number,
  prorated: number,
  target: number,
  elapsed: number,
  days: number,
): number | null {
  if (elapsed <= 0) return null;
  if (elapsed >= days || prorated === 0) return actual;
  return (actual / prorated) * target;
}

/**
 * A quarter's or the year's pro-rated target is the sum of its months' (each month's target × its elapsed
 * share), so it follows the targets' seasonality; its forecast and status follow.
 */
function reseason(x: TrackRow, months: TrackRow[], onTrack: number, atRisk: number): void {
  x.prorated = months.reduce((a, m) => a + (m.target * m.elapsed) / m.days, 0);
  x.forecast = seasonalForecast(x.actual, x.prorated, x.target, x.elapsed, x.days);
  x.status = trackStatus(x.actual, x.prorated, x.elapsed, onTrack, atRisk, x.days, x.target);
}

/** Resolve where the targets come from when there is no breakdown sheet (null and an error when none). */
function targetSource(
  table: SalesTable,
  dimIndex: number,
  header: string,
  opts: TrackingOptions,
  lang: Lang,
): { ts: TargetSource } | { error: string } {
  const L = labels(lang);
  const tt = opts.targetTable;
  if (tt) {
    const role = (Object.keys(table.mapping) as Role[]).find(
      (k) => table.mapping[k] === dimIndex && k !== 'amount',
    );
    const tdim =
      role && tt.table.mapping[role] !== undefined ? tt.table.mapping[role]! : findHeader(tt.table, header);
    if (tdim < 0)
      return {
        error: L.errTargetTableDim(tt.source.sheet, header, tt.table.headers.filter((h) => h).join(', ')),
      };
    return {
      ts: {
        kind: 'table',
        table: tt.table,
        values: tt.table.amount,
        valueCol: tt.table.mapping.amount!,
        dimCol: tdim,
        source: tt.source,
      },
    };
  }
  if (table.mapping.target !== undefined && table.numbers.target)
    return {
      ts: {
        kind: 'column',
        table,
        values: table.numbers.target,
        valueCol: table.mapping.target,
        dimCol: dimIndex,
        source: opts.source,
      },
    };
  return { error: L.errNoTargets };
}

/** One period's row: its pacing, forecast, required rate and status as of `p.asOf`. */
function periodRow(
  p: { asOf: number; onTrack: number; atRisk: number },
  x: Pick<TrackRow, 'period' | 'label' | 'start' | 'end' | 'target' | 'actual' | 'ytdTarget' | 'ytdActual'>,
): TrackRow {
  const { start: s, end: e, target, actual } = x;
  const len = e - s + 1;
  const elapsed = Math.max(0, Math.min(e, p.asOf) - s + 1);
  const prorated = (target * elapsed) / len;
  return {
    ...x,
    attainment: target === 0 || elapsed === 0 ? null : actual / target,
    gap: elapsed === 0 ? null : actual - target,
    elapsed,
    days: len,
    prorated,
    forecast: seasonalForecast(actual, prorated, target, elapsed, len),
    projection: elapsed === 0 ? null : (actual / elapsed) * len,
    requiredPerDay: elapsed >= len ? null : (target - actual) / (len - elapsed),
    status: trackStatus(actual, prorated, elapsed, p.onTrack, p.atRisk, len, target),
  };
}

/** An entity's year to date: its months' pro-rated targets (seasonal), forecast and status. */
function trackEntity(
  p: { onTrack: number; atRisk: number },
  name: string,
  months: number[],
  actual: number,
  monthRows: TrackRow[],
  yearElapsed: number,
  days: number,
): TrackEntity {
  const target = months.reduce((a, b) => a + b, 0);
  let prorated = 0;
  for (let m = 0; m < 12; m++) prorated += (months[m] * monthRows[m].elapsed) / monthRows[m].days;
  return {
    name,
    months,
    target,
    prorated,
    actual,
    attainment: prorated === 0 ? null : actual / prorated,
    gap: actual - prorated,
    forecast: seasonalForecast(actual, prorated, target, yearElapsed, days),
    projection: yearElapsed === 0 ? null : (actual / yearElapsed) * days,
    requiredPerDay: yearElapsed >= days ? null : (target - actual) / (days - yearElapsed),
    status: trackStatus(actual, prorated, yearElapsed, p.onTrack, p.atRisk, days, target),
  };
}

export function computeTracking(table: SalesTable, opts: TrackingOptions): TrackingComputed {
  const lang = opts.lang ?? 'en';
  const bd = opts.breakdown ?? null;
  const dim = resolveDimension(table, opts.by ?? bd?.dimension, ['region', 'rep', 'product'], lang);
  if (!dim.ok) return { ok: false, error: dim.message };
  const last = lastDate(table);
  const asOf = opts.asOf ?? last;
  const fs = calendarOf({ fiscalStart: bd?.fiscalStart ?? opts.fiscalStart }, last).fiscalStart;
  const year = opts.year ?? bd?.year ?? fiscalYearOf(asOf, fs);
  const onTrack = opts.onTrack ?? ON_TRACK;
  const atRisk = opts.atRisk ?? AT_RISK;
  const ent = entitiesOf(table, dim.index);
  const E = ent.names.length;
  const yStart = fiscalYearStart(year, fs);
  const yEnd = fiscalYearEnd(year, fs);
  const mStart = (m: number): number => fiscalMonthStart(year, m, fs);
  const mEnd = (m: number): number => fiscalMonthStart(year, m + 1, fs) - 1;
  const fiscalIndex = (serial: number): number => (serialToYMD(serial).m - fs + 12) % 12;

  let ts: TargetSource | null = null;
  if (!bd) {
    const t = targetSource(table, dim.index, ent.header, opts, lang);
    if ('error' in t) return { ok: false, error: t.error };
    ts = t.ts;
  }

  // Daily sums of the year (overall and per entity).
  const days = yEnd - yStart + 1;
  const daily = new Float64Array(days);
  const dailyEnt = new Float64Array((E + 1) * days);
  for (let i = 0; i < table.length; i++) {
    const d = table.date[i] - yStart;
    if (d < 0 || d >= days) continue;
    const c = ent.codes[i] < 0 ? E : ent.codes[i];
    daily[d] += table.amount[i];
    dailyEnt[c * days + d] += table.amount[i];
  }
  const sumDays = (arr: Float64Array, off: number, s: number, e: number): number => {
    let t = 0;
    for (let d = Math.max(s, yStart); d <= Math.min(e, yEnd); d++) t += arr[off + d - yStart];
    return t;
  };

  const { names, entMonths, monthTargets } = bd
    ? {
        names: bd.entities.map((e) => e.name),
        entMonths: bd.entities.map((e) => e.months.slice(0, 12)),
        monthTargets: bd.months.slice(0, 12),
      }
    : tableTargets(ts!, ent, yStart, yEnd, fiscalIndex, (e) => sumDays(dailyEnt, e * days, yStart, yEnd));

  const pace = { asOf, onTrack, atRisk };
  const row = (
    period: string,
    label: string,
    s: number,
    e: number,
    target: number,
    actual: number,
    ytdT: number,
    ytdA: number,
  ): TrackRow =>
    periodRow(pace, { period, label, start: s, end: e, target, actual, ytdTarget: ytdT, ytdActual: ytdA });
  const actualIn = (s: number, e: number): number => sumDays(daily, 0, s, Math.min(e, asOf));
  const months: TrackRow[] = [];
  let ytdT = 0;
  let ytdA = 0;
  for (let m = 0; m < 12; m++) {
    const a = actualIn(mStart(m), mEnd(m));
    ytdT += monthTargets[m];
    ytdA += a;
    const { y, m: cm } = serialToYMD(mStart(m));
    const id = monthId(y, cm);
    months.push(row(id, id, mStart(m), mEnd(m), monthTargets[m], a, ytdT, ytdA));
  }
  const quarters = [0, 1, 2, 3].map((q) => {
    const t = monthTargets[q * 3] + monthTargets[q * 3 + 1] + monthTargets[q * 3 + 2];
    const last3 = months[q * 3 + 2];
    return row(
      quarterId(year, q + 1, fs),
      quarterLabel(year, q + 1, fs, lang),
      mStart(q * 3),
      mEnd(q * 3 + 2),
      t,
      actualIn(mStart(q * 3), mEnd(q * 3 + 2)),
      last3.ytdTarget,
      last3.ytdActual,
    );
  });
  quarters.forEach((q, k) => reseason(q, months.slice(k * 3, k * 3 + 3), onTrack, atRisk));
  const yearT = quarters.reduce((a, q) => a + q.target, 0);
  const total = row(
    fs === 1 ? String(year) : `FY${year}`,
    yearLabel(year, fs, lang),
    yStart,
    yEnd,
    yearT,
    actualIn(yStart, yEnd),
    months[11].ytdTarget,
    months[11].ytdActual,
  );
  reseason(total, months, onTrack, atRisk);

  const { weeks, weekParts } = weekRows(asOf, yStart, yEnd, fiscalIndex, mStart, mEnd, monthTargets, (x) =>
    row(x.id, x.id, x.s, x.e, x.t, actualIn(x.s, x.e), 0, 0),
  );
  const codeOf = new Map(ent.names.map((n, i) => [n.trim().toLowerCase(), i]));
  const yearElapsed = total.elapsed;
  const entities: TrackEntity[] = names.map((name, i) => {
    const code = codeOf.get(name.trim().toLowerCase());
    const actual = code === undefined ? 0 : sumDays(dailyEnt, code * days, yStart, Math.min(yEnd, asOf));
    return trackEntity(pace, name, entMonths[i], actual, months, yearElapsed, days);
  });

  const kids = bd?.children ? childEntities(table, bd.children, lang, yStart, Math.min(yEnd, asOf)) : null;
  const children = kids && {
    dimension: bd!.children!.dimension,
    entities: kids.actuals
      .map((x) => trackEntity(pace, x.name, x.months, x.actual, months, yearElapsed, days))
      .sort(behindFirst),
  };
  const binding = bindSource(
    table,
    opts.source,
    [
      table.mapping.date!,
      table.mapping.amount!,
      dim.index,
      ...(ts?.kind === 'column' ? [ts.valueCol] : []),
      ...(kids ? [kids.index] : []),
    ],
    lang,
    opts.dataSheetName,
  );
  // The target table's own binding (live, or its targets written as values).
  const tBinding =
    ts?.kind === 'table'
      ? bindSource(ts.table, ts.source, [ts.table.mapping.date!, ts.valueCol, ts.dimCol], lang)
      : null;
  const result: TrackingResult = {
    year,
    fiscalStart: fs,
    yearLabel: yearLabel(year, fs, lang),
    asOf,
    dimension: ent.header,
    targetSource: bd ? 'breakdown' : ts!.kind,
    total,
    months,
    quarters,
    weeks,
    entities,
    children,
    live: binding.live,
  };
  const layout: TrackingSheetCtx = {
    lang,
    binding,
    ts,
    tBinding,
    table,
    dimIndex: dim.index,
    bd,
    childIndex: kids?.index ?? null,
    onTrack,
    atRisk,
    weekParts,
  };
  return { ok: true, result, layout, dataSheet: binding.dataSheet };
}

/** Lowest attainment to date first (the furthest behind); those without a target to date last, by name. */
function behindFirst(a: TrackEntity, b: TrackEntity): number {
  if (a.attainment === null || b.attainment === null)
    return Number(a.attainment === null) - Number(b.attainment === null) || a.name.localeCompare(b.name);
  return a.attainment - b.attainment || a.name.localeCompare(b.name);
}

/**
 * The second level's entities (the reps) with their plan and their sales from `from` to `to` (the year to
 * date); null when the table has no column of that name.
 */
function childEntities(
  table: SalesTable,
  kids: NonNullable<BreakdownTargets['children']>,
  lang: Lang,
  from: number,
  to: number,
): { index: number; actuals: { name: string; months: number[]; actual: number }[] } | null {
  const dim = resolveDimension(table, kids.dimension, [], lang);
  if (!dim.ok) return null;
  const ent = entitiesOf(table, dim.index);
  const sums = new Float64Array(ent.names.length);
  for (let i = 0; i < table.length; i++) {
    const d = table.date[i];
    if (d >= from && d <= to && ent.codes[i] >= 0) sums[ent.codes[i]] += table.amount[i];
  }
  const codeOf = new Map(ent.names.map((n, i) => [n.trim().toLowerCase(), i]));
  const actuals = kids.entities.map((k) => {
    const code = codeOf.get(k.name.trim().toLowerCase());
    return { name: k.name, months: k.months.slice(0, 12), actual: code === undefined ? 0 : sums[code] };
  });
  return { index: dim.index, actuals };
}

/** Month targets (fiscal order) per entity and in all, summed from a target table or column. */
function tableTargets(
  t: TargetSource,
  ent: ReturnType<typeof entitiesOf>,
  yStart: number,
  yEnd: number,
  fiscalIndex: (serial: number) => number,
  yearSales: (e: number) => number,
): { names: string[]; entMonths: number[][]; monthTargets: number[] } {
  const tent = t.kind === 'column' ? ent : entitiesOf(t.table, t.dimCol);
  const byName = new Map<string, number[]>();
  const monthTargets = new Array<number>(12).fill(0);
  for (let i = 0; i < t.table.length; i++) {
    const v = t.values[i];
    const d = t.table.date[i];
    if (Number.isNaN(v) || d < yStart || d > yEnd) continue;
    const m = fiscalIndex(d);
    monthTargets[m] += v;
    const code = tent.codes[i];
    if (code < 0) continue;
    const key = tent.names[code].trim().toLowerCase();
    let months = byName.get(key);
    if (!months) byName.set(key, (months = new Array(12).fill(0)));
    months[m] += v;
  }
  // Sum the target values per month and entity name (case-insensitive, as SUMIFS matches).
  const names: string[] = [];
  const entMonths: number[][] = [];
  const seen = new Set<string>();
  const add = (name: string): void => {
    const key = name.trim().toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    names.push(name);
    entMonths.push(byName.get(key) ?? new Array(12).fill(0));
  };
  for (const n of tent.names) if (byName.has(n.trim().toLowerCase())) add(n);
  for (let e = 0; e < ent.names.length; e++) if (yearSales(e) !== 0) add(ent.names[e]);
  return { names, entMonths, monthTargets };
}

/** Weeks of the as-of fiscal quarter (Monday to Sunday, cut at the quarter's edges) and the days they take from each month. */
function weekRows(
  asOf: number,
  yStart: number,
  yEnd: number,
  fiscalIndex: (serial: number) => number,
  mStart: (m: number) => number,
  mEnd: (m: number) => number,
  monthTargets: number[],
  make: (x: { id: string; s: number; e: number; t: number }) => TrackRow,
): { weeks: TrackRow[]; weekParts: { m: number; days: number }[][] } {
  const q0 = Math.floor(fiscalIndex(Math.min(Math.max(asOf, yStart), yEnd)) / 3);
  const qs = mStart(q0 * 3);
  const qe = mEnd(q0 * 3 + 2);
  const weeks: TrackRow[] = [];
  // Excel serial 2 (1900-01-01 is a Sunday in Excel's calendar: serial 1) -> Monday is (serial - 2) % 7 === 0 for dates after 1900-03-01.
  const monday = (s: number): number => s - ((((s - 2) % 7) + 7) % 7);
  const weekParts: { m: number; days: number }[][] = [];
  for (let ws = monday(qs); ws <= qe; ws += 7) {
    const s = Math.max(ws, qs);
    const e = Math.min(ws + 6, qe);
    const parts: { m: number; days: number }[] = [];
    let t = 0;
    for (let m = q0 * 3; m < q0 * 3 + 3; m++) {
      const o = Math.min(e, mEnd(m)) - Math.max(s, mStart(m)) + 1;
      if (o > 0) {
        parts.push({ m, days: o });
        t += (monthTargets[m] * o) / (mEnd(m) - mStart(m) + 1);
      }
    }
    weekParts.push(parts);
    weeks.push(make({ id: isoWeekLabel(ws), s, e, t }));
  }
  return { weeks, weekParts };
}

/** ISO 8601 week label of the week starting on Monday `ws`, e.g. "2026-W37". */
export function isoWeekLabel(ws: number): string {
  const thursday = ws + 3;
  const { y } = serialToYMD(thursday);
  const jan4 = ymdToSerial(y, 1, 4);
  const week1 = jan4 - ((((jan4 - 2) % 7) + 7) % 7);
  return `${y}-W${String(Math.floor((ws - week1) / 7) + 1).padStart(2, '0')}`;
}
