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
 * Differences from Excel: Sheets has no data bars, so a dataBar becomes a white-to-colour gradient; cell
 * borders are not drawn. The scatter chart reads a small block of formulas (hidden columns right of the
 * spec) that stacks the series one under another, because a Sheets chart has one x column for all series.
 */
import type { CellStyle, ChartSpec, ConditionalFormat, SheetSpec, SpecCell } from '../../core/spec/types';

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

function specHeight(spec: SheetSpec): number {
  let h = spec.cells.length;
  for (const ref of spec.inputs ?? []) {
    const b = parseA1(ref);
    if (b) h = Math.max(h, b.r2);
  }
  return Math.max(1, h);
}

/** The chart helper block: one row per point of every series, x in the first column, y in the series'. */
function chartBlock(chart: ChartSpec): { head: string[]; rows: string[][] } | null {
  const series = chart.series.filter((s) => parseA1(s.x) && parseA1(s.y));
  if (!series.length) return null;
  const head = [chart.xTitle, ...series.map((s) => s.name)];
  const rows: string[][] = [];
  series.forEach((s, k) => {
    const x = parseA1(s.x)!;
    const y = parseA1(s.y)!;
    const n = Math.min(x.r2 - x.r1 + 1, y.r2 - y.r1 + 1);
    for (let i = 0; i < n; i++) {
      const row = new Array<string>(series.length + 1).fill('');
      row[0] = `=${colLetters(x.c1)}${x.r1 + i}`;
      row[k + 1] = `=${colLetters(y.c1)}${y.r1 + i}`;
      rows.push(row);
    }
  });
  return { head, rows };
}

export interface RenderStats {
  blocks: number;
}

/**
 * Render `spec` onto `sheet`, a sheet the add-in has just inserted (empty, default size).
 */
export function renderSpec(sheet: Sheet, spec: SheetSpec): RenderStats {
  const width = specWidth(spec);
  const height = specHeight(spec);
  const first = spec.charts?.[0];
  const chart = first && first.series.length ? first : undefined;
  const helperCol = width + 2;
  const helper = chart ? chartBlock(chart) : null;
  const needCols = helper ? helperCol + helper.head.length - 1 : width;
  const needRows = Math.max(height, helper ? helper.rows.length + 1 : 0);

  // Room: a new sheet has 1,000 rows and 26 columns; ranges beyond them do not exist.
  const maxRows = sheet.getMaxRows();
  if (needRows > maxRows) sheet.insertRowsAfter(maxRows, needRows - maxRows);
  const maxCols = sheet.getMaxColumns();
  if (needCols > maxCols) sheet.insertColumnsAfter(maxCols, needCols - maxCols);

  // Styles, cached per style name (inputs without a style of their own look like inputs).
  const inputCells = new Set<number>();
  for (const ref of spec.inputs ?? []) {
    const b = parseA1(ref);
    if (!b) continue;
    for (let r = b.r1; r <= b.r2; r++)
      for (let c = b.c1; c <= b.c2; c++) inputCells.add((r - 1) * width + c - 1);
  }
  const styleCache = new Map<string, TextStyle>();
  const textStyle = (style: CellStyle | undefined): TextStyle => {
    const key = style ?? '';
    let ts = styleCache.get(key);
    if (!ts) {
      const look = style ? LOOKS[style] : {};
      let b = SpreadsheetApp.newTextStyle();
      if (look.bold !== undefined) b = b.setBold(look.bold);
      if (look.italic !== undefined) b = b.setItalic(look.italic);
      if (look.size !== undefined) b = b.setFontSize(look.size);
      if (look.color !== undefined) b = b.setForegroundColor(look.color);
      ts = b.build();
      styleCache.set(key, ts);
    }
    return ts;
  };

  // Cells, block by block.
  const perBlock = Math.max(1, Math.floor(WRITE_BLOCK_CELLS / width));
  let blocks = 0;
  for (let r0 = 0; r0 < height; r0 += perBlock) {
    const n = Math.min(perBlock, height - r0);
    const values: (string | number | boolean)[][] = [];
    const styles: TextStyle[][] = [];
    const fills: (string | null)[][] = [];
    let anyStyle = false;
    for (let i = 0; i < n; i++) {
      const r = r0 + i;
      const row = spec.cells[r] ?? [];
      const vr = new Array<string | number | boolean>(width);
      const sr = new Array<TextStyle>(width);
      const br = new Array<string | null>(width);
      for (let c = 0; c < width; c++) {
        const sc = row[c];
        vr[c] = cellInput(sc);
        const style = sc?.style ?? (inputCells.has(r * width + c) ? 'input' : undefined);
        if (style) anyStyle = true;
        sr[c] = textStyle(style);
        br[c] = style ? (LOOKS[style].fill ?? null) : null;
      }
      values.push(vr);
      styles.push(sr);
      fills.push(br);
    }
    const range = sheet.getRange(r0 + 1, 1, n, width);
    range.setValues(values);
    if (anyStyle) {
      range.setTextStyles(styles);
      range.setBackgrounds(fills);
    }
    blocks++;
  }

  for (const [fmt, a1s] of formatRanges(spec)) sheet.getRangeList(a1s).setNumberFormat(fmt);

  // Column widths (characters → pixels), one call per run of equal widths.
  const widths = (spec.columnWidths ?? []).map((w) =>
    Number.isFinite(w) && w > 0 ? Math.round(w * 7 + 10) : 0,
  );
  for (let j = 0; j < widths.length;) {
    let k = j + 1;
    while (k < widths.length && widths[k] === widths[j]) k++;
    if (widths[j] > 0) {
      if (k - j === 1) sheet.setColumnWidth(j + 1, widths[j]);
      else sheet.setColumnWidths(j + 1, k - j, widths[j]);
    }
    j = k;
  }

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

  if (chart && helper) {
    const block = sheet.getRange(1, helperCol, helper.rows.length + 1, helper.head.length);
    block.setValues([helper.head.map((h) => `'${h}`), ...helper.rows]);
    sheet.hideColumns(helperCol, helper.head.length);
    const anchor = parseA1(chart.anchor) ?? { r1: 1, c1: width + 1 };
    const seriesOptions: Record<number, object> = {};
    chart.series.forEach((s, k) => {
      seriesOptions[k] = s.line ? { lineWidth: 2, pointSize: 0 } : { pointSize: 7, lineWidth: 0 };
    });
    const built = sheet
      .newChart()
      .setChartType(Charts.ChartType.SCATTER)
      .addRange(block)
      .setNumHeaders(1)
      .setHiddenDimensionStrategy(Charts.ChartHiddenDimensionStrategy.SHOW_BOTH)
      .setPosition(anchor.r1, anchor.c1, 0, 0)
      .setOption('title', chart.title)
      .setOption('hAxis', { title: chart.xTitle })
      .setOption('vAxis', { title: chart.yTitle, format: 'percent' })
      .setOption('series', seriesOptions)
      .setOption('legend', { position: 'bottom' })
      .setOption('width', Math.round(chart.width * 100))
      .setOption('height', Math.round(chart.height * 21))
      .build();
    sheet.insertChart(built);
  }
  return { blocks };
}

function conditionalRule(sheet: Sheet, cf: ConditionalFormat): Rule | null {
  if (!parseA1(cf.range)) return null;
  const b = SpreadsheetApp.newConditionalFormatRule().setRanges([sheet.getRange(cf.range)]);
  switch (cf.type) {
    case 'dataBar':
      // Sheets has no data bars: a gradient from white to the bar colour says the same.
      return b
        .setGradientMinpoint('#FFFFFF')
        .setGradientMaxpoint(cf.color ?? '#5B9BD5')
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
