/**
 * Goal tracking (目标跟踪): actual vs target by month, quarter, entity and week, with pacing, live in the
 * sheet. Targets come from the Goal Breakdown sheet (referenced by formula) or from a target column of
 * the source; actuals are SUMIFS over the source, so rows typed there tomorrow show up with no add-in.
 *
 * Pacing: the pro-rated target of a period is its target × elapsed days / days, where elapsed days run
 * to the "as of" date (one input cell). Status: on track when actual ≥ 99% of the pro-rated target,
 * behind from 81%, at risk below (both thresholds are input cells). The weekly view covers the quarter of
 * the as-of date with weeks starting on Monday (the ISO 8601 week, also the usual week in China), cut at
 * the quarter's edges; a week's target is the days it takes from each month's target.
 */
import { a1, range, strLit } from '../spec/a1';
import { FMT_DATE, FMT_MONEY, FMT_PCT, grid } from '../spec/grid';
import type { SheetSpec } from '../spec/types';
import { serialToYMD, ymdToSerial } from '../table/coerce';
import type { Lang, SalesTable } from '../types';
import { breakdownLayout } from './breakdown';
import { findHeader } from '../table/labels';
import type { Role } from '../types';
import { entities as entitiesOf, lastDate, resolveDimension } from './context';
import { labels } from './i18n';
import { bindSource, dateCriteria, type SourceRef } from './source';

export type TrackStatus = 'on-track' | 'behind' | 'at-risk' | 'not-started';

/** Targets already laid out on a Goal Breakdown sheet of this workbook. */
export interface BreakdownTargets {
  sheet: string;
  year: number;
  dimension: string;
  months: number[];
  entities: { name: string; months: number[] }[];
}

export interface TrackingOptions {
  lang?: Lang;
  by?: string | number;
  /** Target year; default the breakdown's year, else the as-of date's year. */
  year?: number;
  /** Serial day of the "as of" date; default the latest date in the source. */
  asOf?: number;
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
  period: string;
  start: number;
  end: number;
  target: number;
  actual: number;
  attainment: number | null;
  gap: number;
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
  year: number;
  asOf: number;
  dimension: string;
  targetSource: 'breakdown' | 'table' | 'column';
  months: TrackRow[];
  quarters: TrackRow[];
  weeks: TrackRow[];
  entities: TrackEntity[];
  live: boolean;
}

/** Where targets are read from when not on a breakdown sheet. */
interface TargetSource {
  kind: 'table' | 'column';
  table: SalesTable;
  /** Per record of `table`: the target (NaN when blank). */
  values: Float64Array;
  /** Header indexes in `table`. */
  valueCol: number;
  dimCol: number;
  source: SourceRef;
}

export type TrackingOutput =
  | { ok: true; result: TrackingResult; sheet: SheetSpec; dataSheet?: SheetSpec }
  | { ok: false; error: string };

const ON_TRACK = 0.99;
const AT_RISK = 0.81;

export function trackStatus(
  actual: number,
  prorated: number,
  elapsed: number,
  onTrack: number,
  atRisk: number,
): TrackStatus {
  if (elapsed <= 0) return 'not-started';
  if (actual >= onTrack * prorated) return 'on-track';
  if (actual >= atRisk * prorated) return 'behind';
  return 'at-risk';
}

export function goalTracking(table: SalesTable, opts: TrackingOptions): TrackingOutput {
  const lang = opts.lang ?? 'en';
  const L = labels(lang);
  const bd = opts.breakdown ?? null;
  const dim = resolveDimension(table, opts.by ?? bd?.dimension, ['region', 'rep', 'product'], lang);
  if (!dim.ok) return { ok: false, error: dim.message };
  const last = lastDate(table);
  const asOf = opts.asOf ?? last;
  const year = opts.year ?? bd?.year ?? serialToYMD(asOf).y;
  const onTrack = opts.onTrack ?? ON_TRACK;
  const atRisk = opts.atRisk ?? AT_RISK;
  const ent = entitiesOf(table, dim.index);
  const E = ent.names.length;
  const yStart = ymdToSerial(year, 1, 1);
  const yEnd = ymdToSerial(year + 1, 1, 1) - 1;
  const mStart = (m: number): number => ymdToSerial(year, m + 1, 1);
  const mEnd = (m: number): number => ymdToSerial(year, m + 2, 1) - 1;

  // Where the targets are when not on a breakdown sheet: a target table, or the source's target column.
  let ts: TargetSource | null = null;
  if (!bd) {
    const tt = opts.targetTable;
    if (tt) {
      const role = (Object.keys(table.mapping) as Role[]).find(
        (k) => table.mapping[k] === dim.index && k !== 'amount',
      );
      const tdim =
        role && tt.table.mapping[role] !== undefined
          ? tt.table.mapping[role]!
          : findHeader(tt.table, ent.header);
      if (tdim < 0)
        return {
          ok: false,
          error: L.errTargetTableDim(
            tt.source.sheet,
            ent.header,
            tt.table.headers.filter((h) => h).join(', '),
          ),
        };
      ts = {
        kind: 'table',
        table: tt.table,
        values: tt.table.amount,
        valueCol: tt.table.mapping.amount!,
        dimCol: tdim,
        source: tt.source,
      };
    }
    if (!ts && table.mapping.target !== undefined && table.numbers.target)
      ts = {
        kind: 'column',
        table,
        values: table.numbers.target,
        valueCol: table.mapping.target,
        dimCol: dim.index,
        source: opts.source,
      };
    if (!ts) return { ok: false, error: L.errNoTargets };
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

  // Entities and their month targets.
  const names: string[] = [];
  const entMonths: number[][] = [];
  const codeOf = new Map(ent.names.map((n, i) => [n.trim().toLowerCase(), i]));
  let monthTargets: number[];
  if (bd) {
    for (const e of bd.entities) {
      names.push(e.name);
      entMonths.push(e.months.slice(0, 12));
    }
    monthTargets = bd.months.slice(0, 12);
  } else {
    // Sum the target values per month and entity name (case-insensitive, as SUMIFS matches).
    const t = ts!;
    const tent = t.kind === 'column' ? ent : entitiesOf(t.table, t.dimCol);
    const byName = new Map<string, number[]>();
    monthTargets = new Array(12).fill(0);
    for (let i = 0; i < t.table.length; i++) {
      const v = t.values[i];
      const d = t.table.date[i];
      if (Number.isNaN(v) || d < yStart || d > yEnd) continue;
      const m = serialToYMD(d).m - 1;
      monthTargets[m] += v;
      const code = tent.codes[i];
      if (code < 0) continue;
      const key = tent.names[code].trim().toLowerCase();
      let months = byName.get(key);
      if (!months) byName.set(key, (months = new Array(12).fill(0)));
      months[m] += v;
    }
    const seen = new Set<string>();
    const add = (name: string): void => {
      const key = name.trim().toLowerCase();
      if (seen.has(key)) return;
      seen.add(key);
      names.push(name);
      entMonths.push(byName.get(key) ?? new Array(12).fill(0));
    };
    for (const n of tent.names) if (byName.has(n.trim().toLowerCase())) add(n);
    for (let e = 0; e < E; e++) if (sumDays(dailyEnt, e * days, yStart, yEnd) !== 0) add(ent.names[e]);
  }

  const row = (
    period: string,
    s: number,
    e: number,
    target: number,
    actual: number,
    ytdT: number,
    ytdA: number,
  ): TrackRow => {
    const len = e - s + 1;
    const elapsed = Math.max(0, Math.min(e, asOf) - s + 1);
    const prorated = (target * elapsed) / len;
    return {
      period,
      start: s,
      end: e,
      target,
      actual,
      attainment: target === 0 ? null : actual / target,
      gap: actual - target,
      ytdTarget: ytdT,
      ytdActual: ytdA,
      elapsed,
      days: len,
      prorated,
      forecast:
        elapsed === 0 ? null : elapsed >= len ? actual : prorated === 0 ? null : (actual / prorated) * target,
      projection: elapsed === 0 ? null : (actual / elapsed) * len,
      requiredPerDay: len - elapsed === 0 ? null : (target - actual) / (len - elapsed),
      status: trackStatus(actual, prorated, elapsed, onTrack, atRisk),
    };
  };
  const actualIn = (s: number, e: number): number => sumDays(daily, 0, s, Math.min(e, asOf));
  const months: TrackRow[] = [];
  let ytdT = 0;
  let ytdA = 0;
  for (let m = 0; m < 12; m++) {
    const a = actualIn(mStart(m), mEnd(m));
    ytdT += monthTargets[m];
    ytdA += a;
    months.push(
      row(`${year}-${String(m + 1).padStart(2, '0')}`, mStart(m), mEnd(m), monthTargets[m], a, ytdT, ytdA),
    );
  }
  const quarters: TrackRow[] = [];
  for (let q = 0; q < 4; q++) {
    const t = monthTargets[q * 3] + monthTargets[q * 3 + 1] + monthTargets[q * 3 + 2];
    const s = mStart(q * 3);
    const e = mEnd(q * 3 + 2);
    quarters.push(
      row(
        `${year}-Q${q + 1}`,
        s,
        e,
        t,
        actualIn(s, e),
        months[q * 3 + 2].ytdTarget,
        months[q * 3 + 2].ytdActual,
      ),
    );
  }
  // Weeks of the as-of quarter (Monday to Sunday, cut at the quarter's edges).
  const asOfYmd = serialToYMD(Math.min(Math.max(asOf, yStart), yEnd));
  const q0 = Math.floor((asOfYmd.m - 1) / 3);
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
    weeks.push(row(isoWeekLabel(ws), s, e, t, actualIn(s, e), 0, 0));
  }
  const yearElapsed = Math.max(0, Math.min(yEnd, asOf) - yStart + 1);
  const entities: TrackEntity[] = names.map((name, i) => {
    const code = codeOf.get(name.trim().toLowerCase());
    const actual = code === undefined ? 0 : sumDays(dailyEnt, code * days, yStart, Math.min(yEnd, asOf));
    const target = entMonths[i].reduce((a, b) => a + b, 0);
    let prorated = 0;
    for (let m = 0; m < 12; m++) prorated += (entMonths[i][m] * months[m].elapsed) / months[m].days;
    return {
      name,
      months: entMonths[i],
      target,
      prorated,
      actual,
      attainment: prorated === 0 ? null : actual / prorated,
      gap: actual - prorated,
      forecast: yearElapsed === 0 || prorated === 0 ? null : (actual / prorated) * target,
      projection: yearElapsed === 0 ? null : (actual / yearElapsed) * days,
      requiredPerDay: days - yearElapsed === 0 ? null : (target - actual) / (days - yearElapsed),
      status: trackStatus(actual, prorated, yearElapsed, onTrack, atRisk),
    };
  });

  const binding = bindSource(
    table,
    opts.source,
    [table.mapping.date!, table.mapping.amount!, dim.index, ...(ts?.kind === 'column' ? [ts.valueCol] : [])],
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
    asOf,
    dimension: ent.header,
    targetSource: bd ? 'breakdown' : ts!.kind,
    months,
    quarters,
    weeks,
    entities,
    live: binding.live,
  };
  const sheet = trackingSheet(result, {
    lang,
    binding,
    ts,
    tBinding,
    table,
    dimIndex: dim.index,
    bd,
    onTrack,
    atRisk,
    weekParts,
  });
  return { ok: true, result, sheet, dataSheet: binding.dataSheet };
}

/** ISO 8601 week label of the week starting on Monday `ws`, e.g. "2026-W37". */
function isoWeekLabel(ws: number): string {
  const thursday = ws + 3;
  const { y } = serialToYMD(thursday);
  const jan4 = ymdToSerial(y, 1, 4);
  const week1 = jan4 - ((((jan4 - 2) % 7) + 7) % 7);
  return `${y}-W${String(Math.floor((ws - week1) / 7) + 1).padStart(2, '0')}`;
}

interface SheetCtx {
  lang: Lang;
  binding: ReturnType<typeof bindSource>;
  ts: TargetSource | null;
  tBinding: ReturnType<typeof bindSource> | null;
  table: SalesTable;
  dimIndex: number;
  bd: BreakdownTargets | null;
  onTrack: number;
  atRisk: number;
  weekParts: { m: number; days: number }[][];
}

const C = {
  period: 1,
  start: 2,
  end: 3,
  target: 4,
  actual: 5,
  attain: 6,
  gap: 7,
  ytdT: 8,
  ytdA: 9,
  elapsed: 10,
  days: 11,
  prorated: 12,
  projection: 13,
  required: 14,
  status: 15,
};

function trackingSheet(r: TrackingResult, c: SheetCtx): SheetSpec {
  const L = labels(c.lang);
  const { cells, put } = grid();
  const t = c.table;
  const amt = c.binding.col(t.mapping.amount!);
  const date = c.binding.col(t.mapping.date!);
  const dimCol = c.binding.col(c.dimIndex);
  // Targets not on a breakdown sheet: SUMIFS of the target column or table (values when it is not live).
  const tb = c.ts?.kind === 'table' ? c.tBinding! : c.binding;
  const tLive = !c.ts || tb.live;
  const tValue = c.ts ? tb.col(c.ts.valueCol) : '';
  const tDate = c.ts ? tb.col(c.ts.table.mapping.date!) : '';
  const tDim = c.ts ? tb.col(c.ts.dimCol) : '';
  const ASOF = '$B$3';
  const ON = '$B$4';
  const RISK = '$B$5';
  const statusF = (actual: string, prorated: string, elapsed: string): string =>
    `IF(${elapsed}<=0,${strLit(L.status['not-started'])},IF(${actual}>=${ON}*${prorated},${strLit(L.status['on-track'])},IF(${actual}>=${RISK}*${prorated},${strLit(L.status.behind)},${strLit(L.status['at-risk'])})))`;
  const naIf = (cond: string, expr: string): string => `IF(${cond},NA(),${expr})`;

  put(1, 1, { v: L.trackingTitle(r.year, r.dimension), style: 'title' });
  put(2, 1, {
    v: `${c.binding.note} ${
      c.bd
        ? L.targetsFromBreakdown(c.bd.sheet)
        : c.ts?.kind === 'table'
          ? L.targetsFromTable(c.ts.source.sheet) + (tLive ? '' : ` ${L.targetTableValues(tb.textCells)}`)
          : L.targetsFromColumn
    }`,
    style: c.binding.live ? 'subtitle' : 'warning',
  });
  put(3, 1, { v: L.asOf, style: 'header' });
  put(3, 2, { v: r.asOf, fmt: FMT_DATE, style: 'input' });
  put(4, 1, { v: L.onTrackFrom, style: 'header' });
  put(4, 2, { v: c.onTrack, fmt: '0%', style: 'input' });
  put(5, 1, { v: L.atRiskBelow, style: 'header' });
  put(5, 2, { v: c.atRisk, fmt: '0%', style: 'input' });

  const heads = [
    L.period,
    L.from,
    L.to,
    L.target,
    L.actual,
    L.attainment,
    L.gapToTarget,
    L.ytdTarget,
    L.ytdActual,
    L.elapsedDays,
    L.days,
    L.proratedTarget,
    L.projection,
    L.requiredPerDay,
    L.statusHead,
  ];
  const writeHead = (row: number): void =>
    heads.forEach((h, i) => put(row, i + 1, { v: h, style: 'header' }));
  const layout = c.bd ? breakdownLayout(c.bd.entities.length) : null;
  const bdSheet = c.bd ? `'${c.bd.sheet.replace(/'/g, "''")}'!` : '';

  /** One tracking row; `targetF` is the target formula; ytd formulas given or null. */
  const writeRow = (row: number, x: TrackRow, targetF: string | null, ytd: [string, string] | null): void => {
    const ref = (col: number): string => a1(row, col);
    put(row, C.period, { v: x.period });
    put(row, C.start, { v: x.start, fmt: FMT_DATE });
    put(row, C.end, { v: x.end, fmt: FMT_DATE });
    put(
      row,
      C.target,
      targetF === null
        ? { v: x.target, fmt: FMT_MONEY }
        : { f: `=${targetF}`, expect: x.target, fmt: FMT_MONEY },
    );
    put(row, C.actual, {
      f: `=IF(${ref(C.start)}>${ASOF},0,SUMIFS(${amt},${dateCriteria(date, ref(C.start), `MIN(${ref(C.end)},${ASOF})`)}))`,
      expect: x.actual,
      fmt: FMT_MONEY,
    });
    put(row, C.attain, {
      f: `=${naIf(`${ref(C.target)}=0`, `${ref(C.actual)}/${ref(C.target)}`)}`,
      expect: x.attainment ?? '#N/A',
      fmt: FMT_PCT,
    });
    put(row, C.gap, { f: `=${ref(C.actual)}-${ref(C.target)}`, expect: x.gap, fmt: FMT_MONEY });
    if (ytd) {
      put(row, C.ytdT, { f: `=${ytd[0]}`, expect: x.ytdTarget, fmt: FMT_MONEY });
      put(row, C.ytdA, { f: `=${ytd[1]}`, expect: x.ytdActual, fmt: FMT_MONEY });
    }
    put(row, C.elapsed, {
      f: `=MAX(0,MIN(${ref(C.end)},${ASOF})-${ref(C.start)}+1)`,
      expect: x.elapsed,
      fmt: '0',
    });
    put(row, C.days, { f: `=${ref(C.end)}-${ref(C.start)}+1`, expect: x.days, fmt: '0' });
    put(row, C.prorated, {
      f: `=${ref(C.target)}*${ref(C.elapsed)}/${ref(C.days)}`,
      expect: x.prorated,
      fmt: FMT_MONEY,
    });
    put(row, C.projection, {
      f: `=${naIf(`${ref(C.elapsed)}=0`, `${ref(C.actual)}/${ref(C.elapsed)}*${ref(C.days)}`)}`,
      expect: x.projection ?? '#N/A',
      fmt: FMT_MONEY,
    });
    put(row, C.required, {
      f: `=${naIf(`${ref(C.days)}-${ref(C.elapsed)}=0`, `(${ref(C.target)}-${ref(C.actual)})/(${ref(C.days)}-${ref(C.elapsed)})`)}`,
      expect: x.requiredPerDay ?? '#N/A',
      fmt: FMT_MONEY,
    });
    put(row, C.status, {
      f: `=${statusF(ref(C.actual), ref(C.prorated), ref(C.elapsed))}`,
      expect: L.status[x.status],
    });
  };

  // Months.
  const MH = 7;
  put(MH - 1, 1, { v: L.byMonth, style: 'subtitle' });
  writeHead(MH);
  const M1 = MH + 1;
  r.months.forEach((x, m) => {
    const row = M1 + m;
    const targetF = c.bd
      ? `${bdSheet}${layout!.monthTarget(m)}`
      : tLive
        ? `SUMIFS(${tValue},${dateCriteria(tDate, a1(row, C.start), a1(row, C.end))})`
        : null;
    const ytd: [string, string] = [
      `SUM(${a1(M1, C.target, true)}:${a1(row, C.target)})`,
      `SUM(${a1(M1, C.actual, true)}:${a1(row, C.actual)})`,
    ];
    writeRow(row, x, targetF, ytd);
  });
  // Quarters.
  const QH = M1 + 13;
  put(QH - 1, 1, { v: L.byQuarter, style: 'subtitle' });
  writeHead(QH);
  r.quarters.forEach((x, q) => {
    const row = QH + 1 + q;
    const m0 = M1 + q * 3;
    writeRow(row, x, `SUM(${range(m0, C.target, m0 + 2, C.target)})`, [
      a1(m0 + 2, C.ytdT),
      a1(m0 + 2, C.ytdA),
    ]);
  });
  // Entities.
  const EH = QH + 7;
  put(EH - 1, 1, { v: L.byEntity(r.dimension), style: 'subtitle' });
  const eHeads = [
    r.dimension,
    L.yearTarget,
    L.proratedTarget,
    L.actual,
    L.attainment,
    L.gapToTarget,
    L.projection,
    L.requiredPerDay,
    L.statusHead,
  ];
  eHeads.forEach((h, i) => put(EH, i + 1, { v: h, style: 'header' }));
  for (let m = 0; m < 12; m++) put(EH, 11 + m, { v: r.months[m].period, style: 'header' });
  const ySt = a1(M1, C.start, true);
  const yEn = a1(M1 + 11, C.end, true);
  const elapsedRow = range(M1, C.elapsed, M1 + 11, C.elapsed, true);
  const daysRow = range(M1, C.days, M1 + 11, C.days, true);
  r.entities.forEach((x, i) => {
    const row = EH + 1 + i;
    const name = a1(row, 1);
    put(row, 1, { v: x.name });
    // Month targets of the entity in K..V.
    for (let m = 0; m < 12; m++) {
      const f = c.bd
        ? `SUMIFS(${bdSheet}${layout!.gridColumn(m)},${bdSheet}${layout!.names},${c.binding.crit(`$A${row}`)})`
        : tLive
          ? `SUMIFS(${tValue},${tDim},${tb.crit(`$A${row}`)},${dateCriteria(tDate, a1(M1 + m, C.start, true), a1(M1 + m, C.end, true))})`
          : null;
      put(
        row,
        11 + m,
        f === null ? { v: x.months[m], fmt: FMT_MONEY } : { f: `=${f}`, expect: x.months[m], fmt: FMT_MONEY },
      );
    }
    const monthsRange = range(row, 11, row, 22);
    put(row, 2, { f: `=SUM(${monthsRange})`, expect: x.target, fmt: FMT_MONEY });
    // Pro-rated: each month's target × its elapsed share (the month rows' elapsed / days columns).
    const pr = Array.from(
      { length: 12 },
      (_, m) => `${a1(row, 11 + m)}*${a1(M1 + m, C.elapsed, true)}/${a1(M1 + m, C.days, true)}`,
    ).join('+');
    put(row, 3, { f: `=${pr}`, expect: x.prorated, fmt: FMT_MONEY });
    put(row, 4, {
      f: `=SUMIFS(${amt},${dimCol},${c.binding.crit(name)},${dateCriteria(date, ySt, `MIN(${yEn},${ASOF})`)})`,
      expect: x.actual,
      fmt: FMT_MONEY,
    });
    put(row, 5, {
      f: `=${naIf(`C${row}=0`, `D${row}/C${row}`)}`,
      expect: x.attainment ?? '#N/A',
      fmt: FMT_PCT,
    });
    put(row, 6, { f: `=D${row}-C${row}`, expect: x.gap, fmt: FMT_MONEY });
    const el = `SUM(${elapsedRow})`;
    put(row, 7, {
      f: `=${naIf(`${el}=0`, `D${row}/${el}*SUM(${daysRow})`)}`,
      expect: x.projection ?? '#N/A',
      fmt: FMT_MONEY,
    });
    put(row, 8, {
      f: `=${naIf(`SUM(${daysRow})-${el}=0`, `(B${row}-D${row})/(SUM(${daysRow})-${el})`)}`,
      expect: x.requiredPerDay ?? '#N/A',
      fmt: FMT_MONEY,
    });
    put(row, 9, { f: `=${statusF(`D${row}`, `C${row}`, el)}`, expect: L.status[x.status] });
  });
  // Weeks of the as-of quarter.
  const WH = EH + r.entities.length + 4;
  put(WH - 1, 1, { v: L.byWeek, style: 'subtitle' });
  writeHead(WH);
  r.weeks.forEach((x, w) => {
    const row = WH + 1 + w;
    const parts = c.weekParts[w].map(
      (p) => `${a1(M1 + p.m, C.target, true)}*${p.days}/${a1(M1 + p.m, C.days, true)}`,
    );
    writeRow(row, x, parts.length ? parts.join('+') : '0', null);
  });
  const lastRow = WH + r.weeks.length;
  put(lastRow + 2, 1, { v: L.weekNote, style: 'note' });

  const statusRanges = [
    range(M1, C.status, M1 + 11, C.status),
    range(QH + 1, C.status, QH + 4, C.status),
    range(WH + 1, C.status, lastRow, C.status),
  ];
  if (r.entities.length) statusRanges.push(range(EH + 1, 9, EH + r.entities.length, 9));
  const colours: [keyof typeof L.status, string][] = [
    ['on-track', '#C6EFCE'],
    ['behind', '#FFEB9C'],
    ['at-risk', '#FFC7CE'],
  ];
  return {
    kind: 'tracking',
    name: L.trackingSheet,
    cells,
    columnWidths: [14, 11, 11, 12, 12, 10, 12, 12, 12, 8, 6, 12, 12, 12, 12, ...new Array(8).fill(11)],
    freeze: { rows: 0, columns: 1 },
    conditionalFormats: statusRanges.flatMap((rg) =>
      colours.map(([k, fill]) => ({ range: rg, type: 'textEquals' as const, text: L.status[k], fill })),
    ),
    inputs: ['B3:B5'],
  };
}
