/**
 * Where a chart of a SheetSpec sits in cells. A ChartSpec's width and height count default-size cells, so a
 * chart is the same size whatever the widths of the columns it covers; this walks the spec's column widths
 * to find the cell (and the offset in it) where the chart ends. Excel's grid: a default column is 64 px
 * (8.43 characters of Calibri 11), a column of w characters about 7w px, a row 20 px (15 points).
 */
import type { ChartSpec, SheetSpec } from './types';

export const DEFAULT_COL_PX = 64;
export const DEFAULT_ROW_PX = 20;

/** Pixels of column j (0-based) for the spec's widths in characters. */
export function columnPx(columnWidths: readonly number[] | undefined, j: number): number {
  const w = columnWidths?.[j];
  return w !== undefined && Number.isFinite(w) && w > 0 ? Math.round(w * 7) : DEFAULT_COL_PX;
}

export interface ChartBox {
  /** 0-based cell of the top-left corner. */
  from: { col: number; row: number };
  /** 0-based cell where the bottom-right corner falls, and its offset into that cell in pixels. */
  to: { col: number; colOffPx: number; row: number };
  /** The size in pixels of Excel's grid. */
  widthPx: number;
  heightPx: number;
}

/** The box of `chart` on a sheet with `columnWidths` (characters, from column A). */
export function chartBox(chart: ChartSpec, columnWidths?: readonly number[]): ChartBox {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(chart.anchor.trim());
  const col = m ? [...m[1].toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1 : 0;
  const from = { col, row: m ? Number(m[2]) - 1 : 0 };
  const widthPx = Math.max(1, chart.width) * DEFAULT_COL_PX;
  const rows = Math.max(1, Math.round(chart.height));
  let left = widthPx;
  let c = from.col;
  while (left >= columnPx(columnWidths, c)) left -= columnPx(columnWidths, c++);
  return {
    from,
    to: { col: c, colOffPx: left, row: from.row + rows },
    widthPx,
    heightPx: rows * DEFAULT_ROW_PX,
  };
}

/** The number format of a range's first formatted cell and the numbers in it (constants or computed values). */
function rangeCells(range: string, cells: SheetSpec['cells']): { fmt?: string; numbers: number[] } {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(range.trim());
  if (!m) return { numbers: [] };
  const col = (s: string): number =>
    [...s.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const [c1, r1, c2, r2] = [col(m[1]), Number(m[2]), col(m[3] ?? m[1]), Number(m[4] ?? m[2])];
  let fmt: string | undefined;
  const numbers: number[] = [];
  for (let r = Math.min(r1, r2); r <= Math.max(r1, r2); r++)
    for (let c = Math.min(c1, c2); c <= Math.max(c1, c2); c++) {
      const sc = cells[r - 1]?.[c - 1];
      fmt ??= sc?.fmt;
      const v = sc?.f ? sc.expect : sc?.v;
      if (typeof v === 'number' && Number.isFinite(v)) numbers.push(v);
    }
  return { fmt, numbers };
}

/**
 * A horizontal value axis of millions in the cells' "#,##0" reads as a row of long, crowded numbers: show it
 * in millions (or thousands) instead, as an analyst formats it by hand. Undefined when the format stays.
 */
export function compactFormat(fmt: string | undefined, numbers: number[]): string | undefined {
  const first = fmt?.split(';')[0];
  if (!first || /[%dDyYhHsS]/.test(first.replace(/"[^"]*"/g, '')) || !/#,##0/.test(first)) return undefined;
  const max = Math.max(0, ...numbers.map(Math.abs));
  if (max >= 1e6) return first.replace(/#,##0(\.0+)?/, '#,##0.0,,"M"');
  if (max >= 1e4) return first.replace(/#,##0(\.0+)?/, '#,##0,"K"');
  return undefined;
}

/**
 * The number format of a chart's axis: the spec's (xFormat / yFormat); else, for the horizontal value axis
 * of a scatter chart, a compact one for large numbers; else the format of the first series' cells
 * (`fromCells`: a host may link the axis to its cells). Undefined code: General. Category axes: undefined.
 */
export function axisFormat(
  chart: ChartSpec,
  axis: 'x' | 'y',
  cells: SheetSpec['cells'],
): { code?: string; fromCells: boolean } {
  const own = axis === 'x' ? chart.xFormat : chart.yFormat;
  if (own) return { code: own, fromCells: false };
  const first = chart.series[0];
  if (!first || (axis === 'x' && chart.type !== 'scatter')) return { fromCells: false };
  const { fmt, numbers } = rangeCells(axis === 'x' ? first.x : first.y, cells);
  const compact = axis === 'x' ? compactFormat(fmt, numbers) : undefined;
  return compact ? { code: compact, fromCells: false } : { code: fmt, fromCells: fmt !== undefined };
}
