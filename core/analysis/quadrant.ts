/**
 * Quadrant analysis (象限分析): entities placed by sales (x) and like-for-like growth (y) into four
 * quadrants, each with a recommended action. The sheet reads the source with SUMIFS, so it stays live;
 * the period dates and (custom) thresholds are input cells.
 */
import { a1, range, strLit } from '../spec/a1';
import { autoWidths, FMT_MONEY, FMT_PCT, grid } from '../spec/grid';
import type { SheetSpec } from '../spec/types';
import type { SalesTable } from '../types';
import { mean, median } from '../kpi/math';
import type { Period } from './calendar';
import { dimensionAndPeriods, periodSums, type PeriodAnalysisOptions } from './context';
import { labels } from './i18n';
import { periodRows, spanGuard, spanned, type Span } from './layout';
import { bindSource, dateCriteria } from './source';

export type Quadrant = 'high-high' | 'high-low' | 'low-high' | 'low-low';
export const QUADRANTS: Quadrant[] = ['high-high', 'high-low', 'low-high', 'low-low'];

export interface QuadrantOptions extends PeriodAnalysisOptions {
  /** Thresholds: mean of the entities (default), median, or custom values (growth as a fraction). */
  threshold?: 'mean' | 'median' | { x: number; y: number };
}

export interface QuadrantPoint {
  name: string;
  sales: number;
  previous: number;
  /** Growth as a fraction; null when there is no previous period (#N/A in the sheet). */
  growth: number | null;
  quadrant: Quadrant | null;
  action: string;
}

export interface QuadrantResult {
  dimension: string;
  current: Period;
  previous: Period;
  method: 'mean' | 'median' | 'custom';
  xThreshold: number;
  yThreshold: number;
  /** Entities with a previous period, by sales descending. */
  points: QuadrantPoint[];
  /** Entities without a previous period, listed apart. */
  apart: QuadrantPoint[];
  live: boolean;
  /** One line when the data ends well before a closed period does (a truncated export?), else null. */
  periodNote: string | null;
}

export type QuadrantOutput =
  | { ok: true; result: QuadrantResult; sheet: SheetSpec; dataSheet?: SheetSpec }
  | { ok: false; error: string };

export function classify(x: number, y: number, tx: number, ty: number): Quadrant {
  return x >= tx ? (y >= ty ? 'high-high' : 'high-low') : y >= ty ? 'low-high' : 'low-low';
}

export function quadrantAnalysis(table: SalesTable, opts: QuadrantOptions): QuadrantOutput {
  const lang = opts.lang ?? 'en';
  const L = labels(lang);
  const dp = dimensionAndPeriods(table, opts, ['region', 'rep', 'product']);
  if (!dp.ok) return dp;
  const { per, ent } = dp;
  const dim = { index: dp.dim };
  const E = ent.names.length;
  const cur = periodSums(table, ent.codes, E, per.current);
  const prev = periodSums(table, ent.codes, E, per.previous);
  const rows: QuadrantPoint[] = [];
  for (let e = 0; e < E; e++) {
    if (cur.counts[e] === 0 && prev.counts[e] === 0) continue;
    const s = cur.sums[e];
    const p = prev.sums[e];
    rows.push({
      name: ent.names[e],
      sales: s,
      previous: p,
      growth: p === 0 ? null : (s - p) / Math.abs(p),
      quadrant: null,
      action: '',
    });
  }
  if (!rows.length) return { ok: false, error: L.errNoSalesIn(per.current.label) };
  const bySales = (a: QuadrantPoint, b: QuadrantPoint): number =>
    b.sales - a.sales || a.name.localeCompare(b.name);
  const points = rows.filter((r) => r.growth !== null).sort(bySales);
  const apart = rows.filter((r) => r.growth === null).sort(bySales);
  const t = opts.threshold ?? 'mean';
  const method = typeof t === 'object' ? 'custom' : t;
  const xs = points.map((p) => p.sales);
  const ys = points.map((p) => p.growth!);
  const xThreshold = typeof t === 'object' ? t.x : t === 'median' ? median(xs) : mean(xs);
  const yThreshold = typeof t === 'object' ? t.y : t === 'median' ? median(ys) : mean(ys);
  for (const p of points) {
    p.quadrant = classify(p.sales, p.growth!, xThreshold, yThreshold);
    p.action = L.actions[p.quadrant];
  }
  const binding = bindSource(
    table,
    opts.source,
    [table.mapping.date!, table.mapping.amount!, dim.index],
    lang,
    opts.dataSheetName,
  );
  const result: QuadrantResult = {
    dimension: ent.header,
    current: per.current,
    previous: per.previous,
    method,
    xThreshold,
    yThreshold,
    points,
    apart,
    live: binding.live,
    periodNote: per.note,
  };

  // ---- The sheet ----
  const { cells, put } = grid();
  put(1, 1, { v: L.quadrantTitle(ent.header, per.current.label, per.previous.label), style: 'title' });
  put(2, 1, { v: binding.note, style: binding.live ? 'subtitle' : 'warning' });
  periodRows(put, per.current, per.previous, L);
  // Each period's SUMIFS read only the block of source rows that holds its records while its guard (E3, E4)
  // says no row of the period lies outside it (see layout.ts).
  const spans = new Map<string, Span | null>([
    ['$B$3', spanGuard(put, 3, 5, table, binding, per.current, '$B$3', '$C$3')],
    ['$B$4', spanGuard(put, 4, 5, table, binding, per.previous, '$B$4', '$C$4')],
  ]);
  if ([...spans.values()].some((x) => x)) put(3, 6, { v: L.spanNote, style: 'note' });
  const sumifs = (nameRef: string, startRef: string, endRef: string): string =>
    spanned(
      binding,
      spans.get(startRef) ?? null,
      (k) =>
        `SUMIFS(${k(table.mapping.amount!)},${k(dim.index)},${binding.crit(nameRef)},${dateCriteria(k(table.mapping.date!), startRef, endRef)})`,
    );
  const first = 9;
  const last = first + points.length - 1;
  const salesRange = range(first, 2, last, 2, true);
  const growthRange = range(first, 4, last, 4, true);
  const methodText =
    method === 'custom' ? L.thresholdCustom : method === 'median' ? L.thresholdMedian : L.thresholdMean;
  put(5, 1, { v: L.xThreshold, style: 'header' });
  put(6, 1, { v: L.yThreshold, style: 'header' });
  const row7 = [!points.length ? L.noThresholds : '', per.note ?? ''].filter((x) => x).join(' ');
  put(7, 1, row7 ? { v: row7, style: 'warning' } : { v: L.byDim(ent.header), style: 'subtitle' });
  if (!points.length) {
    // Nobody to place: said in row 7 instead of averaging an empty range.
  } else if (method === 'custom') {
    put(5, 2, { v: xThreshold, fmt: FMT_MONEY, style: 'input' });
    put(6, 2, { v: yThreshold, fmt: FMT_PCT, style: 'input' });
  } else {
    const fn = method === 'median' ? 'MEDIAN' : 'AVERAGE';
    put(5, 2, { f: `=${fn}(${salesRange})`, expect: xThreshold, fmt: FMT_MONEY });
    put(6, 2, { f: `=${fn}(${growthRange})`, expect: yThreshold, fmt: FMT_PCT });
  }
  put(5, 3, { v: methodText, style: 'note' });
  put(6, 3, { v: methodText, style: 'note' });

  const head = [ent.header, L.sales, L.previous, L.growth, L.quadrant, L.action];
  head.forEach((h, i) => put(8, i + 1, { v: h, style: 'header' }));
  // Below the table (and the entities listed apart): the legend that the action column looks up, under the
  // quadrant and action columns, and the chart's threshold lines under the sales and growth columns.
  const tableEnd = Math.max(last, first - 1) + (apart.length ? 2 + apart.length : 0);
  // The chart under the table (the sheet stays six columns wide and prints large), then the legend.
  const CHART_AT = tableEnd + 2;
  const CHART_ROWS = 20;
  const LH = CHART_AT + CHART_ROWS + 2;
  put(LH - 1, 5, { v: L.legendTitle, style: 'subtitle' });
  put(LH, 5, { v: L.quadrant, style: 'header' });
  put(LH, 6, { v: L.action, style: 'header' });
  QUADRANTS.forEach((q, i) => {
    put(LH + 1 + i, 5, { v: L.quadrants[q] });
    put(LH + 1 + i, 6, { v: L.actions[q] });
  });
  const legend = range(LH + 1, 5, LH + 4, 6, true);
  const ql = (q: Quadrant): string => strLit(L.quadrants[q]);
  const writeRow = (row: number, p: QuadrantPoint, placed: boolean): void => {
    put(row, 1, { v: p.name });
    put(row, 2, { f: `=${sumifs(`$A${row}`, '$B$3', '$C$3')}`, expect: p.sales, fmt: FMT_MONEY });
    put(row, 3, { f: `=${sumifs(`$A${row}`, '$B$4', '$C$4')}`, expect: p.previous, fmt: FMT_MONEY });
    put(row, 4, {
      f: `=IF(C${row}=0,${strLit(L.newGrowth)},(B${row}-C${row})/ABS(C${row}))`,
      expect: p.growth ?? L.newGrowth,
      fmt: FMT_PCT,
    });
    if (placed) {
      put(row, 5, {
        f: `=IF(B${row}>=$B$5,IF(D${row}>=$B$6,${ql('high-high')},${ql('high-low')}),IF(D${row}>=$B$6,${ql('low-high')},${ql('low-low')}))`,
        expect: L.quadrants[p.quadrant!],
      });
      put(row, 6, { f: `=VLOOKUP(E${row},${legend},2,0)`, expect: p.action });
    }
  };
  points.forEach((p, i) => writeRow(first + i, p, true));
  let row = last + 2;
  if (apart.length) {
    put(row++, 1, { v: L.noPrevious, style: 'subtitle' });
    for (const p of apart) writeRow(row++, p, false);
  }

  // Chart data: the two threshold lines.
  // Under the legend, so that the two blocks do not read as one.
  const CD = LH + 7;
  if (points.length) {
    put(CD - 1, 1, { v: L.chartData, style: 'subtitle' });
    put(CD, 1, { v: L.thresholdLine, style: 'header' });
    put(CD, 2, { v: L.sales, style: 'header' });
    put(CD, 4, { v: L.growth, style: 'header' });
  }
  const minX = Math.min(...xs, xThreshold);
  const maxX = Math.max(...xs, xThreshold);
  const minY = Math.min(...ys, yThreshold);
  const maxY = Math.max(...ys, yThreshold);
  const lines: [string, string, number, string, number][] = [
    [L.xThreshold, '=$B$5', xThreshold, `=MIN(${growthRange},$B$6)`, minY],
    [L.xThreshold, '=$B$5', xThreshold, `=MAX(${growthRange},$B$6)`, maxY],
    [L.yThreshold, `=MIN(${salesRange},$B$5)`, minX, '=$B$6', yThreshold],
    [L.yThreshold, `=MAX(${salesRange},$B$5)`, maxX, '=$B$6', yThreshold],
  ];
  if (points.length)
    lines.forEach(([name, fx, ex, fy, ey], i) => {
      put(CD + 1 + i, 1, { v: name });
      put(CD + 1 + i, 2, { f: fx, expect: ex, fmt: FMT_MONEY });
      put(CD + 1 + i, 4, { f: fy, expect: ey, fmt: FMT_PCT });
    });

  const sheet: SheetSpec = {
    kind: 'quadrant',
    name: L.quadrantSheet,
    cells,
    columnWidths: autoWidths(cells, { min: 8, max: 64, first: 12 }),
    freeze: { rows: 8, columns: 1 },
    conditionalFormats: points.length
      ? [
          { range: range(first, 2, last, 2), type: 'dataBar', color: '#5B9BD5' },
          { range: range(first, 4, last, 4), type: 'colorScale', colors: ['#F8696B', '#FFEB84', '#63BE7B'] },
          ...QUADRANTS.map((q, i) => ({
            range: range(first, 5, last, 5),
            type: 'textEquals' as const,
            text: L.quadrants[q],
            fill: ['#C6EFCE', '#FFEB9C', '#DDEBF7', '#FFC7CE'][i],
          })),
        ]
      : [],
    charts: [
      {
        type: 'scatter',
        title: L.chartTitle,
        xTitle: L.sales,
        yTitle: L.growth,
        series: points.length
          ? [
              {
                name: ent.header,
                x: range(first, 2, last, 2),
                y: range(first, 4, last, 4),
                labels: range(first, 1, last, 1),
              },
              {
                name: L.xThreshold,
                x: range(CD + 1, 2, CD + 2, 2),
                y: range(CD + 1, 4, CD + 2, 4),
                line: true,
              },
              {
                name: L.yThreshold,
                x: range(CD + 3, 2, CD + 4, 2),
                y: range(CD + 3, 4, CD + 4, 4),
                line: true,
              },
            ]
          : [],
        anchor: a1(CHART_AT, 1),
        width: 10,
        height: CHART_ROWS,
        dataRange: range(CD, 1, CD + 4, 4),
      },
    ],
    inputs: ['B3:C4', ...(method === 'custom' ? ['B5:B6'] : [])],
  };
  return { ok: true, result, sheet, dataSheet: binding.dataSheet };
}
