/// <reference types="office-js" />
/**
 * Rendering a SheetSpec with Office.js: the same spec the command line writes with ExcelJS
 * (cli/io/write.ts). Everything is queued; the caller syncs once per block of rows:
 * - values and formulas in ONE `range.formulas` 2D assignment per block (constants as values, "=..." only for
 *   spec.f; text that Excel could read as a formula, number, date or boolean gets the apostrophe prefix, which
 *   Excel stores as a text prefix, so data can never run as a formula);
 * - number formats in one `range.numberFormat` 2D assignment per block;
 * - styles as one call per rectangle of same-styled cells (runs in a row, merged down identical rows), the
 *   font of the sheet once per block, alignment and wrap per rectangle of same-looking cells
 *   (core/spec/look.ts);
 * - after the last block: column widths, then the rows of wrapped headers and titles auto-fitted, frozen
 *   panes, conditional formats, the page layout and the chart.
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
import { hasWideText, lookKey, printSetup, rowLooks, tint, type CellLook } from '../../core/spec/look';
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

/** Estimated request bytes of row i: formulas + number formats + its style and alignment calls. */
function rowBytes(spec: SheetSpec, i: number, cols: number): number {
  const row = spec.cells[i];
  const looks = rowLooks(spec, i);
  let n = 8;
  let styles = 0;
  let prev: CellStyle | undefined;
  let prevLook: string | undefined;
  for (let j = 0; j < cols; j++) {
    const sc = row?.[j];
    n += cellBytes(formulaOf(sc)) + (sc?.fmt ? cellBytes(sc.fmt) : 5);
    if (sc?.style && sc.style !== prev) styles++;
    prev = sc?.style;
    const look = lookKey(looks[j]);
    if (look && look !== prevLook) styles++;
    prevLook = look;
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
    const nb = bytes + (nc - cols) * (i - start) * 10 + rowBytes(spec, i, nc);
    if (i > start && ((i - start + 1) * nc > MAX_BLOCK_CELLS || nb > budget)) {
      blocks.push({ row: start, rows: i - start, cols, bytes });
      start = i;
      cols = w;
      bytes = rowBytes(spec, i, w);
    } else {
      cols = nc;
      bytes = nb;
    }
  }
  if (rows > start) blocks.push({ row: start, rows: rows - start, cols, bytes });
  return blocks;
}

/** A block cut after its first `rows` rows (0 < rows < block.rows): the two parts, bytes shared pro rata. */
export function splitBlock(block: WriteBlock, rows: number): [WriteBlock, WriteBlock] {
  const share = rows / block.rows;
  return [
    { ...block, rows, bytes: Math.ceil(block.bytes * share) },
    { ...block, row: block.row + rows, rows: block.rows - rows, bytes: Math.ceil(block.bytes * (1 - share)) },
  ];
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
      // A white line keeps two adjacent headers ("Conversion", "Sales cycle") apart.
      if (rect.cols > 1) border('InsideVertical', '#FFFFFF');
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
  return keyRects(
    block,
    (i, j) => spec.cells[i]?.[j]?.style ?? (inputs.has(i * 16384 + j) ? 'input' : undefined),
  ).map(({ rect, key }) => ({ rect, style: key }));
}

/** Rectangles of same-looking cells (alignment, indent, wrap) in the block, like styleRects. */
export function lookRects(
  spec: SheetSpec,
  block: { row: number; rows: number; cols: number },
): { rect: Rect; look: CellLook }[] {
  const looks = new Map<string, CellLook>();
  let row = -1;
  let cur: (CellLook | undefined)[] = [];
  const rects = keyRects(block, (i, j) => {
    if (i !== row) cur = rowLooks(spec, (row = i));
    const key = lookKey(cur[j]);
    if (key && !looks.has(key)) looks.set(key, cur[j]!);
    return key;
  });
  return rects.map(({ rect, key }) => ({ rect, look: looks.get(key)! }));
}

/** Rectangles of cells with the same key: runs within a row, merged down rows with the same runs. */
function keyRects<K extends string>(
  block: { row: number; rows: number; cols: number },
  keyAt: (i: number, j: number) => K | undefined,
): { rect: Rect; key: K }[] {
  const open = new Map<string, { rect: Rect; key: K }>();
  const done: { rect: Rect; key: K }[] = [];
  for (let i = block.row; i < block.row + block.rows; i++) {
    const runs: { c0: number; c1: number; key: K }[] = [];
    for (let j = 0; j < block.cols; j++) {
      const k = keyAt(i, j);
      if (!k) continue;
      const last = runs[runs.length - 1];
      if (last && last.key === k && last.c1 === j - 1) last.c1 = j;
      else runs.push({ c0: j, c1: j, key: k });
    }
    const next = new Map<string, { rect: Rect; key: K }>();
    for (const r of runs) {
      const id = `${r.c0}:${r.c1}:${r.key}`;
      const prev = open.get(id);
      if (prev && prev.rect.row + prev.rect.rows === i) {
        prev.rect.rows++;
        next.set(id, prev);
        open.delete(id);
      } else next.set(id, { rect: { row: i, col: r.c0, rows: 1, cols: r.c1 - r.c0 + 1 }, key: r.key });
    }
    for (const v of open.values()) done.push(v);
    open.clear();
    for (const [k, v] of next) open.set(k, v);
  }
  for (const v of open.values()) done.push(v);
  return done;
}

/**
 * The font of every cell written. Calibri 11 is Excel's own default (Windows, Mac and the web), but it has no
 * Chinese glyphs and a font cannot fall back per cell: a sheet with Chinese, Japanese or Korean text gets
 * Microsoft YaHei (Latin and CJK glyphs; Windows and Office for Mac), at 10 points so that a CJK character
 * stays within two digit widths, as the column widths count it. The same choice as the command line's.
 */
export function sheetFont(spec: SheetSpec): { name: string; size: number } {
  return hasWideText(spec) ? { name: 'Microsoft YaHei', size: 10 } : { name: 'Calibri', size: 11 };
}

/** Queue alignment, indent and wrap of one rectangle of same-looking cells. */
function queueLook(range: Excel.Range, look: CellLook): void {
  const f = range.format;
  if (look.align) f.horizontalAlignment = look.align === 'right' ? 'Right' : 'Left';
  // indentLevel is ExcelApi 1.9; without it the text sits next to the number, as before.
  if (look.indent && supports('1.9')) f.indentLevel = 1;
  if (look.wrap) f.wrapText = true;
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
  const font = sheetFont(spec);
  range.format.font.name = font.name;
  range.format.font.size = font.size;
  for (const s of styleRects(spec, block)) queueStyle(sheet.getRange(rectAddress(s.rect)), s.style, s.rect);
  for (const l of lookRects(spec, block)) queueLook(sheet.getRange(rectAddress(l.rect)), l.look);
}

/** Runs of rows (1-based, first and last) holding header or title cells: rows to fit to their text. */
export function tallRows(spec: SheetSpec): [number, number][] {
  const runs: [number, number][] = [];
  spec.cells.forEach((row, i) => {
    if (!row?.some((sc) => sc?.style === 'header' || sc?.style === 'title')) return;
    const last = runs[runs.length - 1];
    if (last && last[1] === i) last[1] = i + 1;
    else runs.push([i + 1, i + 1]);
  });
  return runs;
}

/**
 * Points of a column `chars` characters wide, as Excel counts them (the width of a digit of the default font,
 * 7 pixels for Calibri 11, plus 5 pixels of padding; 3/4 point per pixel): 8.43 characters are 48 points.
 */
export function columnPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 4) / 4;
}

/**
 * Queue column widths (runs of equal widths, one call each) and then the rows of wrapped headers and of 14-point
 * titles auto-fitted to their text. RangeFormat.columnWidth and autofitRows are ExcelApi 1.2: an older host keeps
 * Excel's standard widths and heights.
 */
function queueWidths(sheet: Excel.Worksheet, spec: SheetSpec): void {
  if (!supports('1.2')) return;
  const widths = spec.columnWidths ?? [];
  for (let j = 0; j < widths.length;) {
    const w = widths[j];
    let k = j;
    while (k + 1 < widths.length && widths[k + 1] === w) k++;
    if (Number.isFinite(w) && w > 0)
      sheet.getRange(`${colLetter(j + 1)}:${colLetter(k + 1)}`).format.columnWidth = columnPoints(w);
    j = k + 1;
  }
  for (const [a, b] of tallRows(spec)) sheet.getRange(`${a}:${b}`).format.autofitRows();
}

/** Queue column widths, frozen panes, conditional formats, the page layout and the chart. */
export function queueSheetParts(sheet: Excel.Worksheet, spec: SheetSpec): void {
  queueWidths(sheet, spec);
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
  // The page layout API is ExcelApi 1.9: older hosts print with Excel's defaults.
  if (supports('1.9')) queuePageLayout(sheet, spec);
  for (const chart of spec.charts ?? []) if (chart.series.length) queueChart(sheet, spec, chart);
}

function queueConditionalFormat(sheet: Excel.Worksheet, cf: ConditionalFormat): void {
  const range = sheet.getRange(cf.range);
  switch (cf.type) {
    case 'dataBar': {
      // Bars from zero (the lowest value would show no bar) to the highest value, in a light tint of the
      // colour outlined in the colour itself, so that the digits stay readable over them.
      const color = cf.color ?? '#5B9BD5';
      const f = range.conditionalFormats.add(Excel.ConditionalFormatType.dataBar);
      f.dataBar.lowerBoundRule = { type: 'Number', formula: '0' };
      f.dataBar.upperBoundRule = { type: 'HighestValue' };
      f.dataBar.positiveFormat.fillColor = tint(color);
      f.dataBar.positiveFormat.gradientFill = false;
      f.dataBar.positiveFormat.borderColor = color;
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

/**
 * Landscape, one page wide and as many down as it takes, the print area of core/spec/look.ts printSetup, the
 * title rows on every page, the sheet name and page number in the footer.
 */
function queuePageLayout(sheet: Excel.Worksheet, spec: SheetSpec): void {
  const p = printSetup(spec);
  const layout = sheet.pageLayout;
  layout.orientation = 'Landscape';
  layout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
  layout.setPrintArea(p.area);
  if (p.titleRows) layout.setPrintTitleRows(`$${p.titleRows[0]}:$${p.titleRows[1]}`);
  const footer = layout.headersFooters.defaultForAllPages;
  footer.leftFooter = '&A';
  footer.rightFooter = '&P / &N';
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
