/// <reference types="google-apps-script" />
/**
 * Rendering a SheetSpec with SpreadsheetApp, in blocks of rows: per block one setValues() (constants and
 * formulas together: a string that starts with "=" is a formula in Apps Script; every text constant is
 * written with a leading apostrophe so that Sheets keeps it as text, never a formula, number or date:
 * "=HYPERLINK(...)", "+1", "-x", "@x", "00123", "2024-03"), and one setTextStyles() plus one
 * setBackgrounds() when the block has styled cells. Number formats go once per distinct format, as one
 * RangeList of the rectangles that carry it (cells without a format keep Sheets' "Automatic"). Then per
 * sheet: column widths, frozen panes, all conditional-format rules in one setConditionalFormatRules(), and
 * the scatter chart.
 *
 * Every cell is in Arial, aligned (numbers right, text left) and header cells wrap (core/spec/look.ts): one
 * setHorizontalAlignments() and, when the block has headers, one setWrapStrategies() per block.
 *
 * renderSpec writes a spec at once; a run in steps (steps.ts) calls its parts itself, each safe to do again:
 * makeRoom, renderRows (one block), renderFinish (everything outside the cells).
 *
 * Differences from Excel: Sheets has no data bars, so a dataBar becomes a gradient from white at zero to a
 * light tint of the colour at the highest value; cell borders are not drawn; Sheets has no indent, so text
 * after a number keeps only the cell padding; there is no print setup API (a user prints from the menu). The scatter chart reads a small block of formulas (hidden columns right of the
 * spec) that stacks the series one under another, because a Sheets chart has one x column for all series.
 */
import { rowLooks, tint } from '../../core/spec/look';
import { axisFormat } from '../../core/spec/chart-box';
import type {
  CellStyle,
  ChartSeries,
  ChartSpec,
  ConditionalFormat,
  SheetSpec,
  SpecCell,
} from '../../core/spec/types';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type TextStyle = GoogleAppsScript.Spreadsheet.TextStyle;
type Rule = GoogleAppsScript.Spreadsheet.ConditionalFormatRule;

/** Cells written per setValues() call. */
export const WRITE_BLOCK_CELLS = 200_000;

/**
 * The rectangles (A1) of the cells that carry each number format: vertical runs per column, merged with
 * the runs of the next columns that span the same rows. Cost: one RangeList per format, whatever the rows.
 */
export function formatRanges(spec: SheetSpec): Map<string, string[]> {
  // column -> runs [fmt, r1, r2] (1-based rows)
  const runs = new Map<number, [string, number, number][]>();
  spec.cells.forEach((row, i) =>
    (row ?? []).forEach((sc, j) => {
      if (!sc?.fmt) return;
      let list = runs.get(j + 1);
      if (!list) runs.set(j + 1, (list = []));
      const last = list[list.length - 1];
      if (last && last[0] === sc.fmt && last[2] === i) last[2] = i + 1;
      else list.push([sc.fmt, i + 1, i + 1]);
    }),
  );
  const out = new Map<string, string[]>();
  const done = new Set<string>();
  const cols = [...runs.keys()].sort((a, b) => a - b);
  for (const c of cols) {
    for (const [fmt, r1, r2] of runs.get(c)!) {
      const key = `${c}|${fmt}|${r1}|${r2}`;
      if (done.has(key)) continue;
      let c2 = c;
      while (runs.get(c2 + 1)?.some(([f, a, b]) => f === fmt && a === r1 && b === r2)) {
        c2++;
        done.add(`${c2}|${fmt}|${r1}|${r2}`);
      }
      const a1 = `${colLetters(c)}${r1}:${colLetters(c2)}${r2}`;
      let list = out.get(fmt);
      if (!list) out.set(fmt, (list = []));
      list.push(a1);
    }
  }
  return out;
}

interface Look {
  bold?: boolean;
  italic?: boolean;
  size?: number;
  color?: string;
  fill?: string;
}

const LOOKS: Record<CellStyle, Look> = {
  title: { bold: true, size: 14 },
  subtitle: { italic: true, color: '#595959' },
  header: { bold: true, fill: '#E7E6E6' },
  input: { fill: '#FFF2CC' },
  locked: { fill: '#DDEBF7' },
  total: { bold: true },
  note: { italic: true, color: '#808080' },
  warning: { color: '#C65911' },
};

/**
 * The font of every cell: Arial, Sheets' own default, which every browser has; Sheets draws Chinese text in
 * it with the browser's CJK fallback, so one family serves both languages.
 */
export const FONT_FAMILY = 'Arial';

/** Pixels of a column `chars` characters wide: an Arial 10 digit is 7.4 pixels, plus the cell padding. */
export function columnPixels(chars: number): number {
  return Math.round(chars * 7.5 + 5);
}

/** A cell's value for setValues(): formulas as "=...", text with a leading apostrophe. */
export function cellInput(sc: SpecCell | null | undefined): string | number | boolean {
  if (!sc) return '';
  if (typeof sc.f === 'string' && sc.f !== '') return sc.f.startsWith('=') ? sc.f : `=${sc.f}`;
  const v = sc.v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : "'#NUM!";
  if (typeof v === 'boolean') return v;
  return v === '' ? '' : `'${v}`;
}

/** 1-based bounds of an A1 cell or range on this sheet ("B9:B12", "$K$8", "C5"). */
export function parseA1(ref: string): { r1: number; c1: number; r2: number; c2: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(ref.trim());
  if (!m) return null;
  const col = (s: string): number =>
    [...s.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const ra = Number(m[2]);
  const ca = col(m[1]);
  const rb = m[4] ? Number(m[4]) : ra;
  const cb = m[3] ? col(m[3]) : ca;
  return { r1: Math.min(ra, rb), c1: Math.min(ca, cb), r2: Math.max(ra, rb), c2: Math.max(ca, cb) };
}

function colLetters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Width of the spec: the widest row, conditional-format ranges and inputs included. */
function specWidth(spec: SheetSpec): number {
  let w = 0;
  for (const row of spec.cells) if (row) w = Math.max(w, row.length);
  for (const ref of [...(spec.inputs ?? []), ...(spec.conditionalFormats ?? []).map((c) => c.range)]) {
    const b = parseA1(ref);
    if (b) w = Math.max(w, b.c2);
  }
  return Math.max(1, w, spec.columnWidths?.length ?? 0);
}

/** Rows of the spec's cells (inputs included): what renderSpec writes in blocks. */
export function specHeight(spec: SheetSpec): number {
  let h = spec.cells.length;
  for (const ref of spec.inputs ?? []) {
    const b = parseA1(ref);
    if (b) h = Math.max(h, b.r2);
  }
  return Math.max(1, h);
}

/** A chart of the spec with its helper block: hidden columns at `col`, a header row, one row per point. */
export interface ChartPlan {
  chart: ChartSpec;
  col: number;
  head: string[];
  rows: string[][];
}

/**
 * The helper block of a chart: a Sheets chart takes its data as one block whose first column is the domain
 * (categories first), so the block holds the x values (scatter: every series' points one under another, as
 * a Sheets scatter has one x column) or the categories, then one column per series, by formulas on the
 * spec's cells; the header row gives the legend its names.
 */
function chartBlock(chart: ChartSpec): { head: string[]; rows: string[][] } | null {
  const series = chart.series.filter((s) => parseA1(s.x) && parseA1(s.y));
  if (!series.length) return null;
  const head = [chart.xTitle, ...series.map((s) => s.name)];
  const rows: string[][] = [];
  const ref = (b: { r1: number; c1: number }, i: number): string => `=${colLetters(b.c1)}${b.r1 + i}`;
  const length = (b: { r1: number; r2: number }): number => b.r2 - b.r1 + 1;
  if (chart.type === 'category') {
    const x = parseA1(series[0].x)!;
    for (let i = 0; i < length(x); i++) rows.push([ref(x, i), ...series.map((s) => ref(parseA1(s.y)!, i))]);
    return { head, rows };
  }
  series.forEach((s, k) => {
    const x = parseA1(s.x)!;
    const y = parseA1(s.y)!;
    for (let i = 0; i < Math.min(length(x), length(y)); i++) {
      const row = new Array<string>(series.length + 1).fill('');
      row[0] = ref(x, i);
      row[k + 1] = ref(y, i);
      rows.push(row);
    }
  });
  return { head, rows };
}

/** The charts of the spec that have series, their helper blocks side by side from column `first`. */
export function planCharts(spec: SheetSpec, first: number): ChartPlan[] {
  const plans: ChartPlan[] = [];
  let col = first;
  for (const chart of spec.charts ?? []) {
    const block = chartBlock(chart);
    if (!block) continue;
    plans.push({ chart, col, ...block });
    col += block.head.length + 1;
  }
  return plans;
}

export interface RenderStats {
  blocks: number;
}

/** The width of a column Sheets gives a new sheet (pixels). */
export const DEFAULT_COLUMN_PIXELS = 100;

/**
 * Reset a sheet we generated before to what renderSpec starts from, keeping the sheet itself (its id, name
 * and place: every formula that reads it, ours or a user's, keeps working): contents and formats, then each
 * thing renderSpec sets outside the cells (conditional-format rules, charts, frozen panes, the chart
 * helper's hidden columns, column widths). Row heights are left alone: renderSpec sets none. The rows and
 * columns stay: deleting one would turn a formula that reads it into #REF!. A constant number of calls.
 */
export function clearSheet(sheet: Sheet): void {
  sheet.clear();
  sheet.clearConditionalFormatRules();
  for (const chart of sheet.getCharts()) sheet.removeChart(chart);
  sheet.setFrozenRows(0);
  sheet.setFrozenColumns(0);
  const cols = sheet.getMaxColumns();
  sheet.showColumns(1, cols);
  sheet.setColumnWidths(1, cols, DEFAULT_COLUMN_PIXELS);
}

/**
 * A spec ready to be written in blocks: its size, the room it needs (the charts' helper blocks included), the
 * rows per block and the text styles of its roles (built once, in the script: no service call).
 */
export class Painter {
  readonly width: number;
  readonly height: number;
  readonly charts: ChartPlan[];
  readonly rows: number;
  readonly cols: number;
  readonly perBlock: number;
  private readonly inputCells = new Set<number>();
  private readonly styles = new Map<string, TextStyle>();

  constructor(readonly spec: SheetSpec) {
    this.width = specWidth(spec);
    this.height = specHeight(spec);
    this.charts = planCharts(spec, this.width + 2);
    this.cols = Math.max(this.width, ...this.charts.map((p) => p.col + p.head.length - 1));
    this.rows = Math.max(this.height, ...this.charts.map((p) => p.rows.length + 1));
    this.perBlock = Math.max(1, Math.floor(WRITE_BLOCK_CELLS / this.width));
    for (const ref of spec.inputs ?? []) {
      const b = parseA1(ref);
      if (!b) continue;
      for (let r = b.r1; r <= b.r2; r++)
        for (let c = b.c1; c <= b.c2; c++) this.inputCells.add((r - 1) * this.width + c - 1);
    }
  }

  /** The role of a cell: its own style, else "input" for the spec's input cells. */
  styleAt(r: number, c: number): CellStyle | undefined {
    return this.spec.cells[r]?.[c]?.style ?? (this.inputCells.has(r * this.width + c) ? 'input' : undefined);
  }

  /** The text style of a role (unstyled cells too: every cell is in Arial). */
  textStyle(style: CellStyle | undefined): TextStyle {
    const key = style ?? '';
    let ts = this.styles.get(key);
    if (!ts) {
      const look = style ? LOOKS[style] : {};
      let b = SpreadsheetApp.newTextStyle().setFontFamily(FONT_FAMILY);
      if (look.bold !== undefined) b = b.setBold(look.bold);
      if (look.italic !== undefined) b = b.setItalic(look.italic);
      if (look.size !== undefined) b = b.setFontSize(look.size);
      if (look.color !== undefined) b = b.setForegroundColor(look.color);
      ts = b.build();
      this.styles.set(key, ts);
    }
    return ts;
  }
}

/** Rows and columns of a new sheet. */
export const NEW_SHEET_ROWS = 1000;
export const NEW_SHEET_COLS = 26;

/** Unused columns of a new sheet cost at most this many cells (rows × unused columns); beyond, they go. */
export const SPARE_CELLS = 100_000;

/** True when a new sheet for the spec keeps only the columns it needs (see fitNewSheet). */
const trimmed = (p: Painter): boolean =>
  (NEW_SHEET_COLS - p.cols) * Math.max(NEW_SHEET_ROWS, p.rows) > SPARE_CELLS;

/**
 * A long new sheet first loses the columns the spec does not need: Sheets counts every row × column against
 * the spreadsheet's 10,000,000 cells, and a 200,000-row copy would take 5.2 million cells with a new sheet's
 * 26 columns where its 9 columns need 1.8 million. Only for a sheet the run has just made.
 */
export function fitNewSheet(sheet: Sheet, p: Painter): void {
  if (!trimmed(p)) return;
  const cols = sheet.getMaxColumns();
  if (p.cols < cols) sheet.deleteColumns(p.cols + 1, cols - p.cols);
}

/** The cells a new sheet for the spec takes (after fitNewSheet and makeRoom). */
export function newSheetCells(p: Painter): number {
  const rows = Math.max(NEW_SHEET_ROWS, p.rows);
  return rows * (trimmed(p) ? p.cols : Math.max(NEW_SHEET_COLS, p.cols));
}

/**
 * Give `sheet` the rows and columns the spec needs: a new sheet has 1,000 rows and 26 columns (a cleared one
 * may have more); ranges beyond them do not exist. Does nothing when the room is there (safe to repeat).
 */
export function makeRoom(sheet: Sheet, p: Painter): void {
  const maxRows = sheet.getMaxRows();
  if (p.rows > maxRows) sheet.insertRowsAfter(maxRows, p.rows - maxRows);
  const maxCols = sheet.getMaxColumns();
  if (p.cols > maxCols) sheet.insertColumnsAfter(maxCols, p.cols - maxCols);
}

/** Write rows [r0, r0 + n) of the spec's cells: values, text styles, fills, alignments, wraps (one call each). */
export function renderRows(sheet: Sheet, p: Painter, r0: number, n: number): void {
  const { spec, width } = p;
  const values: (string | number | boolean)[][] = [];
  const styles: TextStyle[][] = [];
  const fills: (string | null)[][] = [];
  const aligns = new Aligns(width);
  let anyStyle = false;
  for (let r = r0; r < r0 + n; r++) {
    const row = spec.cells[r] ?? [];
    const vr = new Array<string | number | boolean>(width);
    const sr = new Array<TextStyle>(width);
    const br = new Array<string | null>(width);
    for (let c = 0; c < width; c++) {
      vr[c] = cellInput(row[c]);
      const style = p.styleAt(r, c);
      if (style) anyStyle = true;
      sr[c] = p.textStyle(style);
      br[c] = style ? (LOOKS[style].fill ?? null) : null;
    }
    values.push(vr);
    styles.push(sr);
    fills.push(br);
    aligns.addRow(spec, r);
  }
  const range = sheet.getRange(r0 + 1, 1, n, width);
  range.setValues(values);
  range.setTextStyles(styles);
  if (anyStyle) range.setBackgrounds(fills);
  aligns.apply(range);
}

/**
 * Everything of the spec outside its cells: number formats (one RangeList per format), column widths,
 * frozen panes, the conditional-format rules (one call) and the charts. Safe to repeat: a chart of an
 * earlier attempt is removed before the spec's charts are inserted.
 */
export function renderFinish(sheet: Sheet, p: Painter): void {
  const { spec } = p;
  for (const [fmt, a1s] of formatRanges(spec)) sheet.getRangeList(a1s).setNumberFormat(fmt);
  setWidths(sheet, spec);
  if (spec.freeze) {
    const rows = Math.max(0, Math.floor(spec.freeze.rows));
    const cols = Math.max(0, Math.floor(spec.freeze.columns ?? 0));
    if (rows > 0) sheet.setFrozenRows(rows);
    if (cols > 0) sheet.setFrozenColumns(cols);
  }
  const rules: Rule[] = [];
  for (const cf of spec.conditionalFormats ?? []) {
    const rule = conditionalRule(sheet, cf);
    if (rule) rules.push(rule);
  }
  if (rules.length) sheet.setConditionalFormatRules(rules);
  if (p.charts.length) for (const chart of sheet.getCharts()) sheet.removeChart(chart);
  for (const plan of p.charts) insertChart(sheet, plan, spec);
}

/** Column widths (characters → pixels), one call per run of equal widths. */
function setWidths(sheet: Sheet, spec: SheetSpec): void {
  const widths = (spec.columnWidths ?? []).map((w) => (Number.isFinite(w) && w > 0 ? columnPixels(w) : 0));
  for (let j = 0; j < widths.length;) {
    let k = j + 1;
    while (k < widths.length && widths[k] === widths[j]) k++;
    if (widths[j] > 0) {
      if (k - j === 1) sheet.setColumnWidth(j + 1, widths[j]);
      else sheet.setColumnWidths(j + 1, k - j, widths[j]);
    }
    j = k;
  }
}

/**
 * Render `spec` onto `sheet`, an empty sheet: just inserted (1,000 rows, 26 columns) or cleared by
 * clearSheet (it may have more). `onBlock` is called after each block of cells with its rows (it may throw
 * to stop between blocks). A run that works in steps calls the parts itself (server/steps.ts).
 */
export function renderSpec(sheet: Sheet, spec: SheetSpec, onBlock?: (rows: number) => void): RenderStats {
  const p = new Painter(spec);
  makeRoom(sheet, p);
  let blocks = 0;
  for (let r0 = 0; r0 < p.height; r0 += p.perBlock) {
    const n = Math.min(p.perBlock, p.height - r0);
    renderRows(sheet, p, r0, n);
    blocks++;
    onBlock?.(n);
  }
  renderFinish(sheet, p);
  return { blocks };
}

/**
 * Write a chart's helper block (one setValues, one hideColumns) and insert the chart: SCATTER (points and
 * straight threshold lines), or COLUMN / LINE / COMBO over the categories, columns stacked when asked, line
 * series dashed where asked (lineDashStyle), one series option per column of the block.
 */
function insertChart(sheet: Sheet, plan: ChartPlan, spec: SheetSpec): void {
  const { chart, col, head, rows } = plan;
  const block = sheet.getRange(1, col, rows.length + 1, head.length);
  block.setValues([head.map((h) => `'${h}`), ...rows]);
  sheet.hideColumns(col, head.length);
  const anchor = parseA1(chart.anchor) ?? { r1: 1, c1: 1 };
  const scatter = chart.type === 'scatter';
  const lines = chart.series.map((s) => (scatter ? !!s.line : s.kind === 'line'));
  const type = scatter
    ? Charts.ChartType.SCATTER
    : lines.every(Boolean)
      ? Charts.ChartType.LINE
      : lines.some(Boolean)
        ? Charts.ChartType.COMBO
        : Charts.ChartType.COLUMN;
  const series: Record<number, object> = {};
  chart.series.forEach(
    (s, k) => (series[k] = seriesOption(chart, s, lines[k], type === Charts.ChartType.COMBO)),
  );
  const hAxis = scatter
    ? axisOption(chart.xTitle, axisFormat(chart, 'x', spec.cells).code)
    : { title: chart.xTitle };
  let b = sheet
    .newChart()
    .setChartType(type)
    .addRange(block)
    .setNumHeaders(1)
    .setHiddenDimensionStrategy(Charts.ChartHiddenDimensionStrategy.SHOW_BOTH)
    .setPosition(anchor.r1, anchor.c1, 0, 0)
    .setOption('title', chart.title)
    .setOption('hAxis', hAxis)
    .setOption('vAxis', axisOption(chart.yTitle, axisFormat(chart, 'y', spec.cells).code))
    .setOption('series', series)
    .setOption('legend', { position: 'bottom' })
    .setOption('width', Math.round(chart.width * 100))
    .setOption('height', Math.round(chart.height * 21));
  if (!scatter && chart.stacked) b = b.setOption('isStacked', true);
  sheet.insertChart(b.build());
}

function seriesOption(chart: ChartSpec, s: ChartSeries, line: boolean, combo: boolean): object {
  const o: Record<string, unknown> = line ? { lineWidth: 2, pointSize: 0 } : {};
  if (chart.type === 'scatter' && !line) Object.assign(o, { pointSize: 7, lineWidth: 0 });
  if (combo) o.type = line ? 'line' : 'bars';
  if (line && (s.dashed ?? chart.type === 'scatter')) o.lineDashStyle = [6, 4];
  if (s.color) o.color = s.color;
  return o;
}

function axisOption(title: string, format: string | undefined): object {
  const f = chartNumberFormat(format);
  return f ? { title, format: f } : { title };
}

/**
 * An Excel number format as a Sheets chart axis format (an ICU decimal pattern, or a preset): the first
 * section, quoted literals unquoted, colours and padding dropped; a format scaled to thousands or millions
 * ("#,##0.0,,\"M\"") becomes the "short" preset (1.5M). Dates and General: undefined (Sheets' default).
 */
export function chartNumberFormat(format: string | undefined): string | undefined {
  const first = format?.split(';')[0];
  if (!first || /^general$/i.test(first)) return undefined;
  if (/0,+("[^"]*")?$/.test(first)) return 'short';
  const plain = first
    .replace(/\[[^\]]*\]/g, '')
    .replace(/[_*]./g, '')
    .replace(/\\(.)/g, '$1')
    .replace(/"([^"]*)"/g, '$1');
  return /[dmyhs]/i.test(plain.replace(/[#0.,%]/g, '')) ? undefined : plain;
}

/** The alignments and wrap strategies of a block's cells, written with one call each. */
class Aligns {
  readonly horizontal: ('left' | 'right' | null)[][] = [];
  readonly wrap: GoogleAppsScript.Spreadsheet.WrapStrategy[][] = [];
  anyAlign = false;
  anyWrap = false;
  constructor(readonly width: number) {}

  addRow(spec: SheetSpec, r: number): void {
    const looks = rowLooks(spec, r);
    const hr = new Array<'left' | 'right' | null>(this.width).fill(null);
    const wr = new Array<GoogleAppsScript.Spreadsheet.WrapStrategy>(this.width).fill(
      SpreadsheetApp.WrapStrategy.OVERFLOW,
    );
    for (let c = 0; c < Math.min(this.width, looks.length); c++) {
      const look = looks[c];
      if (look?.align) {
        hr[c] = look.align;
        this.anyAlign = true;
      }
      if (look?.wrap) {
        wr[c] = SpreadsheetApp.WrapStrategy.WRAP;
        this.anyWrap = true;
      }
    }
    this.horizontal.push(hr);
    this.wrap.push(wr);
  }

  apply(range: GoogleAppsScript.Spreadsheet.Range): void {
    if (this.anyAlign) range.setHorizontalAlignments(this.horizontal);
    if (this.anyWrap) range.setWrapStrategies(this.wrap);
  }
}

function conditionalRule(sheet: Sheet, cf: ConditionalFormat): Rule | null {
  if (!parseA1(cf.range)) return null;
  const b = SpreadsheetApp.newConditionalFormatRule().setRanges([sheet.getRange(cf.range)]);
  switch (cf.type) {
    case 'dataBar':
      // Sheets has no data bars: a gradient from white at zero (not at the lowest value, which would look
      // like nothing) to a light tint of the bar colour at the highest value, light enough to read the digits.
      return b
        .setGradientMinpointWithValue('#FFFFFF', SpreadsheetApp.InterpolationType.NUMBER, '0')
        .setGradientMaxpoint(tint(cf.color ?? '#5B9BD5'))
        .build();
    case 'colorScale': {
      const [lo, mid, hi] = cf.colors ?? ['#F8696B', '#FFEB84', '#63BE7B'];
      return b
        .setGradientMinpoint(lo)
        .setGradientMidpointWithValue(mid, SpreadsheetApp.InterpolationType.PERCENTILE, '50')
        .setGradientMaxpoint(hi)
        .build();
    }
    case 'textEquals': {
      if (cf.text === undefined) return null;
      let t = b.whenTextEqualTo(cf.text);
      if (cf.fill) t = t.setBackground(cf.fill);
      if (cf.font) t = t.setFontColor(cf.font);
      return t.build();
    }
    default:
      return null;
  }
}
