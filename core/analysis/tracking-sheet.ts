/**
 * The Goal Tracking sheet: the layout of a TrackingResult as live formulas (actuals by SUMIFS of the source,
 * targets by reference to the breakdown or SUMIFS of a target table or column), with no cell that evaluates to
 * an error, and the cumulative actual / target / forecast chart.
 */
import { a1, range, strLit } from '../spec/a1';
import { autoWidths, FMT_DATE, FMT_MONEY, FMT_PCT, grid } from '../spec/grid';
import type { ChartSpec, SheetSpec, SpecCell } from '../spec/types';
import { breakdownLayout } from './breakdown-sheet';
import { labels } from './i18n';
import { spanGuard, spanned, type Span } from './layout';
import { dateCriteria, type bindSource } from './source';
import type { TrackEntity, TrackingResult, TrackingSheetCtx, TrackRow, TrackStatus } from './tracking';

/** Columns of the period tables: what a manager reads first, then the pacing, then the dates it rests on. */
const C = {
  period: 1,
  target: 2,
  actual: 3,
  attain: 4,
  gap: 5,
  forecast: 6,
  status: 7,
  required: 8,
  prorated: 9,
  projection: 10,
  ytdT: 11,
  ytdA: 12,
  start: 13,
  end: 14,
  elapsed: 15,
  days: 16,
};
/** The chart sits under the quarters, its data (cumulative target, actual, forecast) beside it. */
const C_CHART = 11;
const CHART_ROWS = 18;
const ASOF = '$B$3';
const ON = '$B$4';
const RISK = '$B$5';
const MH = 7;
const M1 = MH + 1;
const QH = M1 + 13;
/** The year's first and last day: the first month's start, the last month's end. */
const Y_START = a1(M1, C.start, true);
const Y_END = a1(M1 + 11, C.end, true);

type Put = (row: number, col: number, cell: SpecCell) => void;
const blank = (x: number | null): number | string => (x === null ? '' : x);

export function trackingSheet(r: TrackingResult, c: TrackingSheetCtx): SheetSpec {
  const L = labels(c.lang);
  const { cells, put } = grid();
  put(1, 1, { v: L.trackingTitle(r.yearLabel, r.dimension), style: 'title' });
  put(2, 1, { v: `${c.binding.note} ${targetsNote(c)}`, style: c.binding.live ? 'subtitle' : 'warning' });
  put(3, 1, { v: L.asOf, style: 'header' });
  put(3, 2, { v: r.asOf, fmt: FMT_DATE, style: 'input' });
  put(4, 1, { v: L.onTrackFrom, style: 'header' });
  put(4, 2, { v: c.onTrack, fmt: '0%', style: 'input' });
  put(5, 1, { v: L.atRiskBelow, style: 'header' });
  put(5, 2, { v: c.atRisk, fmt: '0%', style: 'input' });

  // The year to date reads only the block of source rows that holds it while the guard (C3) is 0: the entities'
  // formulas, and the months' and weeks' when their dates lie inside the year (see layout.ts).
  const ytd = { start: r.months[0].start, end: Math.min(r.months[11].end, r.asOf) };
  const span = spanGuard(put, 3, 3, c.table, c.binding, ytd, Y_START, `MIN(${Y_END},${ASOF})`);
  if (span) put(3, 4, { v: L.spanNote, style: 'note' });
  const write = rowWriter(c, put, span);
  put(MH - 1, 1, { v: L.byMonth, style: 'subtitle' });
  write.head(MH);
  const layout = c.bd ? breakdownLayout(c.bd) : null;
  const bdSheet = c.bd ? `'${c.bd.sheet.replace(/'/g, "''")}'!` : '';
  const { tLive, tValue, tDate } = targetRefs(c);
  r.months.forEach((x, m) => {
    const row = M1 + m;
    const targetF = c.bd
      ? `${bdSheet}${layout!.monthTarget(m)}`
      : tLive
        ? `SUMIFS(${tValue},${dateCriteria(tDate, a1(row, C.start), a1(row, C.end))})`
        : null;
    write.row(row, x, targetF, [
      `SUM(${a1(M1, C.target, true)}:${a1(row, C.target)})`,
      `SUM(${a1(M1, C.actual, true)}:${a1(row, C.actual)})`,
    ]);
  });
  put(QH - 1, 1, { v: L.byQuarter, style: 'subtitle' });
  write.head(QH);
  // Quarters and the year add up their months (pro-rated targets and actuals: each month's actual is its part up
  // to the as-of date, so three of them are the quarter's), instead of reading the source again.
  const monthSum = (col: number, m0: number, m1: number): string =>
    `SUM(${range(M1 + m0, col, M1 + m1, col)})`;
  r.quarters.forEach((x, q) => {
    const m0 = M1 + q * 3;
    write.row(
      QH + 1 + q,
      x,
      `SUM(${range(m0, C.target, m0 + 2, C.target)})`,
      [a1(m0 + 2, C.ytdT), a1(m0 + 2, C.ytdA)],
      monthSum(C.prorated, q * 3, q * 3 + 2),
      undefined,
      monthSum(C.actual, q * 3, q * 3 + 2),
    );
  });
  const yearRow = QH + 5;
  write.row(
    yearRow,
    r.total,
    `SUM(${range(QH + 1, C.target, QH + 4, C.target)})`,
    [a1(M1 + 11, C.ytdT), a1(M1 + 11, C.ytdA)],
    monthSum(C.prorated, 0, 11),
    'total',
    monthSum(C.actual, 0, 11),
  );

  const CH = yearRow + 3; // the chart's first row
  put(CH - 1, 1, { v: L.trackingChart(r.yearLabel), style: 'subtitle' });
  chartData(r, put, CH, L.chartDataPlain, L.month, L.cumTarget, L.cumActual, L.cumForecast);
  const EH = CH + CHART_ROWS + 2;
  const top: Level = { entities: r.entities, dimension: r.dimension, dimIndex: c.dimIndex, layout };
  let gridHead = entityBlock(r, c, put, EH, bdSheet, top, span);
  let WH = gridHead + r.entities.length + 4;
  // The reps within the regions (the breakdown's second level), furthest behind first, under the regions.
  const kids = r.children && c.childIndex !== null && c.bd?.children ? r.children : null;
  const KH = WH;
  if (kids) {
    const lv: Level = {
      entities: kids.entities,
      dimension: kids.dimension,
      dimIndex: c.childIndex!,
      layout: breakdownLayout(c.bd!.children!),
    };
    gridHead = entityBlock(r, c, put, KH, bdSheet, lv, span);
    WH = gridHead + kids.entities.length + 4;
  }
  put(WH - 1, 1, { v: L.byWeek, style: 'subtitle' });
  write.head(WH);
  r.weeks.forEach((x, w) => {
    const parts = c.weekParts[w].map(
      (p) => `${a1(M1 + p.m, C.target, true)}*${p.days}/${a1(M1 + p.m, C.days, true)}`,
    );
    write.row(WH + 1 + w, x, parts.length ? parts.join('+') : '0', null);
  });
  const lastRow = WH + r.weeks.length;
  L.paceNote.forEach((line, i) => put(lastRow + 2 + i, 1, { v: line, style: 'note' }));
  put(lastRow + 2 + L.paceNote.length, 1, { v: L.weekNote, style: 'note' });

  const statusRanges = [
    range(M1, C.status, M1 + 11, C.status),
    range(QH + 1, C.status, yearRow, C.status),
    range(WH + 1, C.status, lastRow, C.status),
  ];
  if (r.entities.length) statusRanges.push(range(EH + 1, E.status, EH + r.entities.length, E.status));
  if (kids?.entities.length) statusRanges.push(range(KH + 1, E.status, KH + kids.entities.length, E.status));
  const colours: [TrackStatus, string][] = [
    ['on-track', '#C6EFCE'],
    ['achieved', '#C6EFCE'],
    ['behind', '#FFEB9C'],
    ['at-risk', '#FFC7CE'],
    ['missed', '#FFC7CE'],
  ];
  return {
    kind: 'tracking',
    name: L.trackingSheet,
    cells,
    columnWidths: autoWidths(cells, { min: 8, max: 24, first: 12 }),
    freeze: { rows: 0, columns: 1 },
    conditionalFormats: statusRanges.flatMap((rg) =>
      colours.map(([k, fill]) => ({ range: rg, type: 'textEquals' as const, text: L.status[k], fill })),
    ),
    charts: [trackingChart(CH, L.trackingChart(r.yearLabel), L.cumTarget, L.cumActual, L.cumForecast)],
    inputs: ['B3:B5'],
    print: { titleRows: [1, 2] },
  };
}

function targetsNote(c: TrackingSheetCtx): string {
  const L = labels(c.lang);
  if (c.bd) return L.targetsFromBreakdown(c.bd.sheet);
  if (c.ts?.kind === 'table') {
    const { tLive, tb } = targetRefs(c);
    return L.targetsFromTable(c.ts.source.sheet) + (tLive ? '' : ` ${L.targetTableValues(tb.textCells)}`);
  }
  return L.targetsFromColumn;
}

/** References of the targets when they are not on a breakdown sheet (values when not live). */
function targetRefs(c: TrackingSheetCtx): {
  tb: ReturnType<typeof bindSource>;
  tLive: boolean;
  tValue: string;
  tDate: string;
  tDim: string;
} {
  const tb = c.ts?.kind === 'table' ? c.tBinding! : c.binding;
  return {
    tb,
    tLive: !c.ts || tb.live,
    tValue: c.ts ? tb.col(c.ts.valueCol) : '',
    tDate: c.ts ? tb.col(c.ts.table.mapping.date!) : '',
    tDim: c.ts ? tb.col(c.ts.dimCol) : '',
  };
}

/** The status formula: same rules as trackStatus. */
function statusF(
  L: ReturnType<typeof labels>,
  actual: string,
  prorated: string,
  target: string,
  elapsed: string,
  days: string,
): string {
  const s = (k: TrackStatus): string => strLit(L.status[k]);
  return `IF(${elapsed}<=0,${s('not-started')},IF(${elapsed}>=${days},IF(${actual}>=${target},${s('achieved')},${s('missed')}),IF(${actual}>=${ON}*${prorated},${s('on-track')},IF(${actual}>=${RISK}*${prorated},${s('behind')},${s('at-risk')}))))`;
}

/** The forecast formula: same rules as seasonalForecast. */
const forecastF = (actual: string, prorated: string, target: string, elapsed: string, days: string): string =>
  `IF(${elapsed}<=0,"",IF(OR(${elapsed}>=${days},${prorated}=0),${actual},${actual}/${prorated}*${target}))`;

/** Writes the header and the rows of a period table (months, quarters, the year, weeks). */
function rowWriter(
  c: TrackingSheetCtx,
  put: Put,
  span: Span | null,
): {
  head: (row: number) => void;
  row: (
    row: number,
    x: TrackRow,
    targetF: string | null,
    ytd: [string, string] | null,
    proratedF?: string,
    style?: 'total',
    actualF?: string,
  ) => void;
} {
  const L = labels(c.lang);
  const t = c.table;
  const heads: Record<keyof typeof C, string> = {
    period: L.period,
    start: L.from,
    end: L.to,
    target: L.target,
    actual: L.actual,
    attain: L.attainment,
    gap: L.gapToTarget,
    ytdT: L.ytdTarget,
    ytdA: L.ytdActual,
    elapsed: L.elapsedDays,
    days: L.days,
    prorated: L.proratedTarget,
    forecast: L.forecast,
    projection: L.projection,
    required: L.requiredPerDay,
    status: L.statusHead,
  };
  return {
    head: (row) =>
      (Object.keys(C) as (keyof typeof C)[]).forEach((k) => put(row, C[k], { v: heads[k], style: 'header' })),
    row: (row, x, targetF, ytd, proratedF, style, actualF) => {
      const ref = (col: number): string => a1(row, col);
      const cell = (col: number, v: SpecCell): void => put(row, col, style ? { ...v, style } : v);
      cell(C.period, { v: x.label });
      cell(C.start, { v: x.start, fmt: FMT_DATE });
      cell(C.end, { v: x.end, fmt: FMT_DATE });
      cell(
        C.target,
        targetF === null
          ? { v: x.target, fmt: FMT_MONEY }
          : { f: `=${targetF}`, expect: x.target, fmt: FMT_MONEY },
      );
      cell(C.actual, {
        f: actualF
          ? `=${actualF}`
          : `=IF(${ref(C.start)}>${ASOF},0,${spanned(
              c.binding,
              span,
              (k) =>
                `SUMIFS(${k(t.mapping.amount!)},${dateCriteria(k(t.mapping.date!), ref(C.start), `MIN(${ref(C.end)},${ASOF})`)})`,
              `${ref(C.start)}>=${Y_START},${ref(C.end)}<=${Y_END}`,
            )})`,
        expect: x.actual,
        fmt: FMT_MONEY,
      });
      cell(C.attain, {
        f: `=IF(OR(${ref(C.target)}=0,${ref(C.elapsed)}<=0),"",${ref(C.actual)}/${ref(C.target)})`,
        expect: blank(x.attainment),
        fmt: FMT_PCT,
      });
      cell(C.gap, {
        f: `=IF(${ref(C.elapsed)}<=0,"",${ref(C.actual)}-${ref(C.target)})`,
        expect: blank(x.gap),
        fmt: FMT_MONEY,
      });
      if (ytd) {
        cell(C.ytdT, { f: `=${ytd[0]}`, expect: x.ytdTarget, fmt: FMT_MONEY });
        cell(C.ytdA, { f: `=${ytd[1]}`, expect: x.ytdActual, fmt: FMT_MONEY });
      }
      cell(C.elapsed, {
        f: `=MAX(0,MIN(${ref(C.end)},${ASOF})-${ref(C.start)}+1)`,
        expect: x.elapsed,
        fmt: '0',
      });
      cell(C.days, { f: `=${ref(C.end)}-${ref(C.start)}+1`, expect: x.days, fmt: '0' });
      cell(C.prorated, {
        f: proratedF ? `=${proratedF}` : `=${ref(C.target)}*${ref(C.elapsed)}/${ref(C.days)}`,
        expect: x.prorated,
        fmt: FMT_MONEY,
      });
      const [a, p, tg, el, d] = [C.actual, C.prorated, C.target, C.elapsed, C.days].map(ref);
      cell(C.forecast, { f: `=${forecastF(a, p, tg, el, d)}`, expect: blank(x.forecast), fmt: FMT_MONEY });
      cell(C.projection, {
        f: `=IF(${el}<=0,"",${a}/${el}*${d})`,
        expect: blank(x.projection),
        fmt: FMT_MONEY,
      });
      cell(C.required, {
        f: `=IF(${el}>=${d},"",(${tg}-${a})/(${d}-${el}))`,
        expect: blank(x.requiredPerDay),
        fmt: FMT_MONEY,
      });
      cell(C.status, { f: `=${statusF(L, a, p, tg, el, d)}`, expect: L.status[x.status] });
    },
  };
}

/** One level of entities: the breakdown's (regions) or its second level's (reps within them). */
interface Level {
  entities: TrackEntity[];
  dimension: string;
  /** The column of the table that names them. */
  dimIndex: number;
  /** Where their targets are on the breakdown sheet (null: a target table or column). */
  layout: ReturnType<typeof breakdownLayout> | null;
}

/** Columns of the entity table: the same as the period tables', the name in the period's place. */
const E = C;

/**
 * Per entity, the year to date; below it, the entities' month targets under their own title. Returns the row of
 * the month targets' header.
 */
function entityBlock(
  r: TrackingResult,
  c: TrackingSheetCtx,
  put: Put,
  EH: number,
  bdSheet: string,
  lv: Level,
  span: Span | null,
): number {
  const { layout } = lv;
  const L = labels(c.lang);
  const t = c.table;
  const { tb, tLive, tValue, tDate, tDim } = targetRefs(c);
  const n = lv.entities.length;
  const GH = EH + n + 3; // the month targets' header row
  const G = 2; // their first month column
  put(EH - 1, 1, { v: L.byEntity(lv.dimension), style: 'subtitle' });
  const heads: [number, string][] = [
    [E.period, lv.dimension],
    [E.target, L.yearTarget],
    [E.prorated, L.proratedTarget],
    [E.actual, L.actual],
    [E.attain, L.attainment],
    [E.gap, L.gapToTarget],
    [E.forecast, L.forecast],
    [E.projection, L.projection],
    [E.required, L.requiredPerDay],
    [E.status, L.statusHead],
  ];
  for (const [col, h] of heads) put(EH, col, { v: h, style: 'header' });
  put(GH - 1, 1, { v: L.monthTargetsOf(lv.dimension), style: 'subtitle' });
  put(GH, 1, { v: lv.dimension, style: 'header' });
  for (let m = 0; m < 12; m++) put(GH, G + m, { v: r.months[m].period, style: 'header' });
  const [ySt, yEn] = [Y_START, Y_END];
  const el = `SUM(${range(M1, C.elapsed, M1 + 11, C.elapsed, true)})`;
  const days = `SUM(${range(M1, C.days, M1 + 11, C.days, true)})`;
  lv.entities.forEach((x, i) => {
    const row = EH + 1 + i;
    const gRow = GH + 1 + i;
    const ref = (col: number): string => a1(row, col);
    put(row, E.period, { v: x.name });
    put(gRow, 1, { f: `=${a1(row, E.period)}`, expect: x.name });
    for (let m = 0; m < 12; m++) {
      const f = layout
        ? `SUMIFS(${bdSheet}${layout.gridColumn(m)},${bdSheet}${layout.names},${c.binding.crit(`$A${row}`)})`
        : tLive
          ? `SUMIFS(${tValue},${tDim},${tb.crit(`$A${row}`)},${dateCriteria(tDate, a1(M1 + m, C.start, true), a1(M1 + m, C.end, true))})`
          : null;
      put(
        gRow,
        G + m,
        f === null ? { v: x.months[m], fmt: FMT_MONEY } : { f: `=${f}`, expect: x.months[m], fmt: FMT_MONEY },
      );
    }
    put(row, E.target, { f: `=SUM(${range(gRow, G, gRow, G + 11)})`, expect: x.target, fmt: FMT_MONEY });
    // Pro-rated: each month's target × its elapsed share (the month rows' elapsed / days columns).
    const pr = Array.from(
      { length: 12 },
      (_, m) => `${a1(gRow, G + m)}*${a1(M1 + m, C.elapsed, true)}/${a1(M1 + m, C.days, true)}`,
    ).join('+');
    put(row, E.prorated, { f: `=${pr}`, expect: x.prorated, fmt: FMT_MONEY });
    put(row, E.actual, {
      f: `=${spanned(c.binding, span, (k) => `SUMIFS(${k(t.mapping.amount!)},${k(lv.dimIndex)},${c.binding.crit(`$A${row}`)},${dateCriteria(k(t.mapping.date!), ySt, `MIN(${yEn},${ASOF})`)})`)}`,
      expect: x.actual,
      fmt: FMT_MONEY,
    });
    const [tg, a, p] = [E.target, E.actual, E.prorated].map(ref);
    put(row, E.attain, { f: `=IF(${p}=0,"",${a}/${p})`, expect: blank(x.attainment), fmt: FMT_PCT });
    put(row, E.gap, { f: `=${a}-${p}`, expect: x.gap, fmt: FMT_MONEY });
    put(row, E.forecast, {
      f: `=${forecastF(a, p, tg, el, days)}`,
      expect: blank(x.forecast),
      fmt: FMT_MONEY,
    });
    put(row, E.projection, {
      f: `=IF(${el}<=0,"",${a}/${el}*${days})`,
      expect: blank(x.projection),
      fmt: FMT_MONEY,
    });
    put(row, E.required, {
      f: `=IF(${el}>=${days},"",(${tg}-${a})/(${days}-${el}))`,
      expect: blank(x.requiredPerDay),
      fmt: FMT_MONEY,
    });
    put(row, E.status, { f: `=${statusF(L, a, p, tg, el, days)}`, expect: L.status[x.status] });
  });
  return GH;
}

/**
 * Cumulative target, actual (blank for months not started) and forecast by month, for the chart: the forecast
 * is the actual for months over, then the cumulative target × the year's pace (actual ÷ pro-rated target).
 */
function chartData(
  r: TrackingResult,
  put: Put,
  CH: number,
  chartDataTitle: string,
  month: string,
  cumT: string,
  cumA: string,
  cumF: string,
): void {
  put(CH - 1, C_CHART, { v: chartDataTitle, style: 'subtitle' });
  [month, cumT, cumA, cumF].forEach((h, i) => put(CH, C_CHART + i, { v: h, style: 'header' }));
  const yearRow = QH + 5;
  const pace = `IF(${a1(yearRow, C.prorated, true)}=0,1,${a1(yearRow, C.actual, true)}/${a1(yearRow, C.prorated, true)})`;
  const p = r.total.prorated === 0 ? 1 : r.total.actual / r.total.prorated;
  r.months.forEach((x, m) => {
    const row = CH + 1 + m;
    const src = M1 + m;
    put(row, C_CHART, { f: `=${a1(src, C.period)}`, expect: x.label });
    put(row, C_CHART + 1, { f: `=${a1(src, C.ytdT)}`, expect: x.ytdTarget, fmt: FMT_MONEY });
    put(row, C_CHART + 2, {
      f: `=IF(${a1(src, C.start)}>${ASOF},"",${a1(src, C.ytdA)})`,
      expect: x.start > r.asOf ? '' : x.ytdActual,
      fmt: FMT_MONEY,
    });
    put(row, C_CHART + 3, {
      f: `=IF(${a1(src, C.end)}<=${ASOF},${a1(src, C.ytdA)},${a1(src, C.ytdT)}*${pace})`,
      expect: x.end <= r.asOf ? x.ytdActual : x.ytdTarget * p,
      fmt: FMT_MONEY,
    });
  });
}

function trackingChart(CH: number, title: string, cumT: string, cumA: string, cumF: string): ChartSpec {
  const col = (k: number): string => range(CH + 1, C_CHART + k, CH + 12, C_CHART + k);
  const cats = col(0);
  return {
    type: 'category',
    title,
    xTitle: '',
    yTitle: '',
    yFormat: '#,##0',
    series: [
      { name: cumA, x: cats, y: col(2), kind: 'column', color: '#5B9BD5' },
      { name: cumT, x: cats, y: col(1), kind: 'line', color: '#404040' },
      { name: cumF, x: cats, y: col(3), kind: 'line', dashed: true, color: '#ED7D31' },
    ],
    anchor: a1(CH, 1),
    width: C_CHART - 2,
    height: CHART_ROWS,
  };
}
