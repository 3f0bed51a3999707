/// <reference types="office-js" />
/**
 * Rendering a SheetSpec with Office.js: the same spec the command line writes with ExcelJS
 * (cli/io/write.ts). Everything is queued; the caller syncs once per block of rows:
 * - values and formulas in ONE `range.formulas` 2D assignment per block (constants as values, "=..." only for
 *   spec.f; text that Excel could read as a formula, number, date or boolean gets the apostrophe prefix, which
 *   Excel stores as a text prefix, so data can never run as a formula);
 * - number formats in one `range.numberFormat` 2D assignment per block;
 * - styles as one call per rectangle of same-styled cells (runs in a row, merged down identical rows);
 * - after the last block: column widths, frozen panes, conditional formats and every chart of the spec.
 */
import { axisFormat } from '../../core/spec/chart-box';
import type {
  CellStyle,
  ChartSeries,
  ChartSpec,
  ConditionalFormat,
  SheetSpec,
  SpecCell,
} from '../../core/spec/types';
import { colLetter, strLit } from '../../core/spec/a1';
import { parseRect, rectAddress, type Rect } from './address';
import { supports } from './api';
import { MAX_BLOCK_CELLS, OP_OVERHEAD, PAYLOAD_BUDGET, cellBytes } from './limits';

/**
 * A string as Excel must receive it to store exactly that text. Excel parses what is written to
 * `range.formulas`/`values` like typed input: "=..." "+..." "-..." "@..." become formulas, "12", "3%",
 * "2026-03", "TRUE", "#N/A" become numbers, dates, booleans or errors. A leading apostrophe makes the rest
 * text (Excel keeps it as the cell's text prefix, it is not part of the value).
 */
export function safeText(s: string): string {
  if (s === '') return s;
  const t = s.trimStart();
  if (
    /^[=+\-@'#]/.test(t) ||
    /^[=+\-@'\t\r\n]/.test(s) ||
    /\p{Nd}/u.test(s) ||
    /^(true|false)$/i.test(s.trim())
  )
    return `'${s}`;
  return s;
}

/** What goes into `range.formulas` for one spec cell (null leaves the cell as it is). */
export function formulaOf(sc: SpecCell | null | undefined): string | number | boolean | null {
  if (!sc) return null;
  if (typeof sc.f === 'string' && sc.f !== '') return sc.f.startsWith('=') ? sc.f : `=${sc.f}`;
  const v = sc.v;
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : '#NUM!';
  if (typeof v === 'boolean') return v;
  return v === '' ? null : safeText(v);
}

// ---------------------------------------------------------------------------------------------
// Blocks
// ---------------------------------------------------------------------------------------------

export interface WriteBlock {
  /** 0-based first row and number of rows; columns are 0..cols-1. */
  row: number;
  rows: number;
  cols: number;
  /** Estimated request size. */
  bytes: number;
}

function rowWidth(row: (SpecCell | null | undefined)[] | null | undefined): number {
  if (!row) return 0;
  let w = row.length;
  while (w > 0 && !row[w - 1]) w--;
  return w;
}

/** Estimated request bytes of one row: formulas + number formats + its style calls. */
function rowBytes(row: (SpecCell | null | undefined)[] | null | undefined, cols: number): number {
  let n = 8;
  let styles = 0;
  let prev: CellStyle | undefined;
  for (let j = 0; j < cols; j++) {
    const sc = row?.[j];
    n += cellBytes(formulaOf(sc)) + (sc?.fmt ? cellBytes(sc.fmt) : 5);
    if (sc?.style && sc.style !== prev) styles++;
    prev = sc?.style;
  }
  return n + styles * 4 * OP_OVERHEAD;
}

/**
 * Split a spec's rows into blocks of at most MAX_BLOCK_CELLS cells and an estimated PAYLOAD_BUDGET / 2
 * request bytes (the other half is headroom for the sheet-level calls of the last block).
 */
export function planWriteBlocks(spec: SheetSpec): WriteBlock[] {
  const rows = spec.cells.length;
  const blocks: WriteBlock[] = [];
  const budget = PAYLOAD_BUDGET / 2;
  let start = 0;
  let cols = 0;
  let bytes = 0;
  for (let i = 0; i < rows; i++) {
    const w = Math.max(1, rowWidth(spec.cells[i]));
    const nc = Math.max(cols, w);
    // Widening the block pads the rows already in it with nulls (about 10 bytes per cell).
    const nb = bytes + (nc - cols) * (i - start) * 10 + rowBytes(spec.cells[i], nc);
    if (i > start && ((i - start + 1) * nc > MAX_BLOCK_CELLS || nb > budget)) {
      blocks.push({ row: start, rows: i - start, cols, bytes });
      start = i;
      cols = w;
      bytes = rowBytes(spec.cells[i], w);
    } else {
      cols = nc;
      bytes = nb;
    }
  }
  if (rows > start) blocks.push({ row: start, rows: rows - start, cols, bytes });
  return blocks;
}

// ---------------------------------------------------------------------------------------------
// Styles
// ---------------------------------------------------------------------------------------------

const DARK = '#595959';
const GREY = '#BFBFBF';

/** Queue the format of one style on a range (the same look as the command line's ExcelJS styles). */
export function queueStyle(range: Excel.Range, style: CellStyle, rect: Rect): void {
  const f = range.format;
  const border = (edge: Excel.BorderIndex | `${Excel.BorderIndex}`, color: string): void => {
    const b = f.borders.getItem(edge);
    b.style = 'Continuous';
    b.color = color;
  };
  switch (style) {
    case 'title':
      f.font.bold = true;
      f.font.size = 14;
      break;
    case 'subtitle':
      f.font.italic = true;
      f.font.color = DARK;
      break;
    case 'header':
      f.font.bold = true;
      f.fill.color = '#E7E6E6';
      border('EdgeBottom', DARK);
      break;
    case 'input':
      f.fill.color = '#FFF2CC';
      border('EdgeTop', GREY);
      border('EdgeBottom', GREY);
      border('EdgeLeft', GREY);
      border('EdgeRight', GREY);
      if (rect.rows > 1) border('InsideHorizontal', GREY);
      if (rect.cols > 1) border('InsideVertical', GREY);
      break;
    case 'locked':
      f.fill.color = '#DDEBF7';
      break;
    case 'total':
      f.font.bold = true;
      border('EdgeTop', DARK);
      break;
    case 'note':
      f.font.italic = true;
      f.font.color = '#808080';
      break;
    case 'warning':
      f.font.color = '#C65911';
      break;
  }
}

/** Cells (row*16384+col) of the spec's input ranges, for the 'input' look of unstyled input cells. */
function inputCells(spec: SheetSpec): Set<number> {
  const out = new Set<number>();
  for (const ref of spec.inputs ?? []) {
    const r = parseRect(ref.replace(/\$/g, ''));
    if (!r) continue;
    for (let i = r.row; i < r.row + r.rows; i++)
      for (let j = r.col; j < r.col + r.cols; j++) out.add(i * 16384 + j);
  }
  return out;
}

/** Rectangles of same-styled cells in rows [row, row + rows): runs within a row, merged down identical rows. */
export function styleRects(
  spec: SheetSpec,
  block: { row: number; rows: number; cols: number },
): { rect: Rect; style: CellStyle }[] {
  const inputs = inputCells(spec);
  const styleAt = (i: number, j: number): CellStyle | undefined =>
    spec.cells[i]?.[j]?.style ?? (inputs.has(i * 16384 + j) ? 'input' : undefined);
  const open = new Map<string, { rect: Rect; style: CellStyle }>();
  const done: { rect: Rect; style: CellStyle }[] = [];
  for (let i = block.row; i < block.row + block.rows; i++) {
    const runs: { c0: number; c1: number; style: CellStyle }[] = [];
    for (let j = 0; j < block.cols; j++) {
      const s = styleAt(i, j);
      if (!s) continue;
      const last = runs[runs.length - 1];
      if (last && last.style === s && last.c1 === j - 1) last.c1 = j;
      else runs.push({ c0: j, c1: j, style: s });
    }
    const next = new Map<string, { rect: Rect; style: CellStyle }>();
    for (const r of runs) {
      const key = `${r.c0}:${r.c1}:${r.style}`;
      const prev = open.get(key);
      if (prev && prev.rect.row + prev.rect.rows === i) {
        prev.rect.rows++;
        next.set(key, prev);
        open.delete(key);
      } else next.set(key, { rect: { row: i, col: r.c0, rows: 1, cols: r.c1 - r.c0 + 1 }, style: r.style });
    }
    for (const v of open.values()) done.push(v);
    open.clear();
    for (const [k, v] of next) open.set(k, v);
  }
  for (const v of open.values()) done.push(v);
  return done;
}

// ---------------------------------------------------------------------------------------------
// Queueing a block and the sheet-level parts
// ---------------------------------------------------------------------------------------------

/** Queue one block: one formulas assignment, at most one numberFormat assignment, the style rectangles. */
export function queueBlock(sheet: Excel.Worksheet, spec: SheetSpec, block: WriteBlock): void {
  const rect: Rect = { row: block.row, col: 0, rows: block.rows, cols: block.cols };
  const formulas: (string | number | boolean | null)[][] = [];
  const formats: (string | null)[][] = [];
  let anyValue = false;
  let anyFormat = false;
  for (let i = block.row; i < block.row + block.rows; i++) {
    const src = spec.cells[i];
    const fr: (string | number | boolean | null)[] = new Array(block.cols);
    const nr: (string | null)[] = new Array(block.cols);
    for (let j = 0; j < block.cols; j++) {
      const sc = src?.[j];
      fr[j] = formulaOf(sc);
      nr[j] = sc?.fmt ?? null;
      if (fr[j] !== null) anyValue = true;
      if (nr[j] !== null) anyFormat = true;
    }
    formulas.push(fr);
    formats.push(nr);
  }
  const range = sheet.getRange(rectAddress(rect));
  if (anyValue) range.formulas = formulas;
  if (anyFormat) range.numberFormat = formats;
  for (const s of styleRects(spec, block)) queueStyle(sheet.getRange(rectAddress(s.rect)), s.style, s.rect);
}

/** Queue column widths (chars × 7 points), frozen panes, conditional formats and the chart. */
export function queueSheetParts(sheet: Excel.Worksheet, spec: SheetSpec): void {
  const widths = spec.columnWidths ?? [];
  for (let j = 0; j < widths.length;) {
    const w = widths[j];
    let k = j;
    while (k + 1 < widths.length && widths[k + 1] === w) k++;
    if (Number.isFinite(w) && w > 0)
      sheet.getRange(`${colLetter(j + 1)}:${colLetter(k + 1)}`).format.columnWidth = Math.round(w * 7);
    j = k + 1;
  }
  const rows = Math.max(0, Math.floor(spec.freeze?.rows ?? 0));
  const cols = Math.max(0, Math.floor(spec.freeze?.columns ?? 0));
  // Frozen panes need ExcelApi 1.7, conditional formats 1.6: older hosts get the sheet without them.
  if (supports('1.7')) {
    const panes = sheet.freezePanes;
    if (rows > 0 && cols > 0) panes.freezeAt(sheet.getRange(rectAddress({ row: 0, col: 0, rows, cols })));
    else if (rows > 0) panes.freezeRows(rows);
    else if (cols > 0) panes.freezeColumns(cols);
  }
  if (supports('1.6')) for (const cf of spec.conditionalFormats ?? []) queueConditionalFormat(sheet, cf);
  for (const chart of spec.charts ?? []) if (chart.series.length) queueChart(sheet, spec, chart);
}

function queueConditionalFormat(sheet: Excel.Worksheet, cf: ConditionalFormat): void {
  const range = sheet.getRange(cf.range);
  switch (cf.type) {
    case 'dataBar': {
      const f = range.conditionalFormats.add(Excel.ConditionalFormatType.dataBar);
      f.dataBar.positiveFormat.fillColor = cf.color ?? '#5B9BD5';
      f.dataBar.positiveFormat.gradientFill = false;
      break;
    }
    case 'colorScale': {
      const [lo, mid, hi] = cf.colors ?? ['#F8696B', '#FFEB84', '#63BE7B'];
      const f = range.conditionalFormats.add(Excel.ConditionalFormatType.colorScale);
      f.colorScale.criteria = {
        minimum: { formula: undefined, type: 'LowestValue', color: lo },
        midpoint: { formula: '50', type: 'Percentile', color: mid },
        maximum: { formula: undefined, type: 'HighestValue', color: hi },
      };
      break;
    }
    case 'textEquals': {
      if (cf.text === undefined) return;
      // Cell equals the text (case-insensitive like Excel's "equal to"); relative to the top-left cell.
      const topLeft = cf.range.split(/[\s,]/)[0].split(':')[0].replace(/\$/g, '');
      const f = range.conditionalFormats.add(Excel.ConditionalFormatType.custom);
      f.custom.rule.formula = `=${topLeft}=${strLit(cf.text)}`;
      if (cf.fill) f.custom.format.fill.color = cf.fill;
      if (cf.font) f.custom.format.font.color = cf.font;
      break;
    }
  }
}

/** Excel's default cell in points (64 x 20 px): a ChartSpec's size counts default cells (core/spec/chart-box.ts). */
const CELL_PT = { width: 48, height: 15 };

/**
 * Queue one chart of the spec (no sync): XY scatter with its threshold lines, or columns (clustered or
 * stacked) with line series on the same axes; titles, axis number formats (ExcelApi 1.8), legend, position
 * and size. Series need ExcelApi 1.7 (setXAxisValues / setValues / series.add / per-series chartType);
 * without it the chart data stays laid out on the sheet, as in the analyses.
 */
function queueChart(sheet: Excel.Worksheet, spec: SheetSpec, c: ChartSpec): void {
  if (!supports('1.7')) return;
  const type: Excel.ChartType =
    c.type === 'scatter'
      ? Excel.ChartType.xyscatter
      : c.stacked
        ? Excel.ChartType.columnStacked
        : Excel.ChartType.columnClustered;
  const [first, ...rest] = c.series;
  const chart = sheet.charts.add(type, sheet.getRange(first.y), Excel.ChartSeriesBy.columns);
  chart.title.text = c.title;
  queueAxis(
    chart.axes.categoryAxis,
    c.xTitle,
    c.type === 'scatter' ? axisFormat(c, 'x', spec.cells).code : undefined,
  );
  queueAxis(chart.axes.valueAxis, c.yTitle, axisFormat(c, 'y', spec.cells).code);
  chart.legend.position = 'Bottom';
  const at = parseRect(c.anchor.replace(/\$/g, ''));
  if (at) chart.setPosition(rectAddress({ ...at, rows: 1, cols: 1 }));
  chart.width = Math.max(1, c.width) * CELL_PT.width;
  chart.height = Math.max(1, Math.round(c.height)) * CELL_PT.height;
  queueSeries(chart.series.getItemAt(0), sheet, spec, c, first);
  for (const s of rest) queueSeries(chart.series.add(s.name), sheet, spec, c, s);
}

function queueAxis(axis: Excel.ChartAxis, title: string, format: string | undefined): void {
  if (title) axis.title.text = title;
  if (format && supports('1.8')) axis.numberFormat = format;
}

/** One series: name, ranges, line or column, dashes, colour, point labels. */
function queueSeries(
  series: Excel.ChartSeries,
  sheet: Excel.Worksheet,
  spec: SheetSpec,
  c: ChartSpec,
  s: ChartSeries,
): void {
  series.name = s.name;
  series.setXAxisValues(sheet.getRange(s.x));
  series.setValues(sheet.getRange(s.y));
  const line = c.type === 'scatter' ? !!s.line : s.kind === 'line';
  if (line) series.chartType = c.type === 'scatter' ? 'XYScatterLinesNoMarkers' : 'Line';
  if (line && c.type !== 'scatter') series.markerStyle = 'None';
  if (line && (s.dashed ?? c.type === 'scatter')) series.format.line.lineStyle = 'Dash';
  if (s.color && line) series.format.line.color = s.color;
  else if (s.color && c.type === 'scatter') series.markerBackgroundColor = s.color;
  else if (s.color) series.format.fill.setSolidColor(s.color);
  if (s.labels && supports('1.8')) queuePointLabels(series, spec, s.labels);
}

/** Data labels from the label range's texts (ExcelApi 1.8), as plain text. */
function queuePointLabels(series: Excel.ChartSeries, spec: SheetSpec, labels: string): void {
  const r = parseRect(labels.replace(/\$/g, ''));
  if (!r) return;
  const n = Math.max(r.rows, r.cols);
  for (let i = 0; i < n; i++) {
    const sc = r.rows >= r.cols ? spec.cells[r.row + i]?.[r.col] : spec.cells[r.row]?.[r.col + i];
    const text = sc?.v;
    if (text === null || text === undefined || text === '') continue;
    const p = series.points.getItemAt(i);
    p.hasDataLabel = true;
    p.dataLabel.text = String(text);
    p.dataLabel.position = 'Right';
  }
}
