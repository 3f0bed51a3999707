/**
 * Writing the command line's output workbook: the source workbook as it was loaded (an .xlsx keeps its
 * sheets; a .csv becomes one sheet of typed cells at A1) plus one new worksheet per SheetSpec, rendered
 * as it is: values, native formulas with their cached results, number formats, styles, column widths,
 * frozen panes and conditional formats. Host code: Node and ExcelJS are fine here.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type ExcelJS from 'exceljs';
import { a1 } from '../../core/spec/a1';
import { specTo1904 } from '../../core/spec/date1904';
import { cutText, MAX_CELL_TEXT, MAX_SHEET_COLUMNS } from '../../core/spec/excel-limits';
import { hasWideText, headerRowLines, printSetup, rowLooks, tint } from '../../core/spec/look';
import { formatsRowOf, rowOf } from '../../core/table/columns';
import type { CellStyle, ConditionalFormat, SheetSpec, SpecCell } from '../../core/spec/types';
import { addChartsToXlsx, type SheetCharts } from './charts';
import { setMarks, type SheetKind } from './marks';
import { uniqueSheetName } from './names';
import { sanitizeSheetName, SourceError } from './read';
import type { SourceData } from './read';

export interface WriteOptions {
  source: SourceData;
  specs: SheetSpec[];
  outFile: string;
  /** Our sheets in the output, by kind: marked as ours (cli/io/marks.ts); every other sheet is the user's. */
  marks?: ReadonlyMap<SheetKind, string>;
  /** Our sheets of the loaded workbook from an earlier run that `specs` of the same names replace: left out. */
  replaces?: readonly string[];
  /** The tab order by sheet name (the source workbook's): named sheets first in this order, the others after. */
  order?: readonly string[];
}

/**
 * Write `source` plus the sheets of `specs` to `outFile` (.xlsx). The output folder is created; the file is
 * written to a temporary name first and then renamed, so a failed write leaves no half file. Writing over
 * the source file is refused (SourceError 'unsupported'). A loaded source workbook is left as it was
 * (the generated sheets are removed from it again after writing).
 */
export async function writeWorkbook(opts: WriteOptions): Promise<void> {
  const { source, specs } = opts;
  const outFile = path.resolve(opts.outFile);
  if (path.extname(outFile).toLowerCase() !== '.xlsx')
    throw new SourceError(
      'unsupported',
      path.extname(outFile) || outFile,
      `The output must be an .xlsx file: ${outFile}`,
    );
  if (source.file && (await samePath(source.file, outFile)))
    throw new SourceError(
      'unsupported',
      `${outFile} (the source file)`,
      `Refusing to write over the source file ${outFile}; choose another output file`,
    );

  const ownWorkbook = !source.workbook;
  const wb = source.workbook ?? (await workbookFromCells(source));
  const added: ExcelJS.Worksheet[] = [];
  const calcBefore = wb.calcProperties ? { ...wb.calcProperties } : undefined;
  const putBack = ownWorkbook ? () => undefined : repairForExcel(wb);
  const undo: (() => void)[] = [detachSheets(wb, opts.replaces ?? [])];
  try {
    const charted: SheetCharts[] = [];
    const taken = new Set(wb.worksheets.map((ws) => ws.name.toLowerCase()));
    taken.add('history'); // reserved by Excel
    for (const spec of specs) {
      const name = uniqueSheetName(spec.name, taken);
      taken.add(name.toLowerCase());
      const ws = wb.addWorksheet(name);
      added.push(ws);
      if (spec.charts?.length) charted.push({ sheetName: name, spec });
      // A workbook of the 1904 date system (Mac Excel) numbers days 1462 lower than the core does.
      renderSpec(ws, wb.properties?.date1904 === true ? specTo1904(spec) : spec);
    }
    if (opts.order) undo.push(orderSheets(wb, opts.order));
    if (opts.marks) undo.push(setMarks(wb, opts.marks));
    // Let Excel recompute every formula on open; the cached results serve viewers that do not calculate.
    wb.calcProperties = { ...(wb.calcProperties ?? {}), fullCalcOnLoad: true };

    await fs.mkdir(path.dirname(outFile), { recursive: true });
    const tmp = path.join(
      path.dirname(outFile),
      `.${path.basename(outFile)}.${process.pid}.${Date.now()}.tmp`,
    );
    try {
      await wb.xlsx.writeFile(tmp);
      // ExcelJS cannot write charts: add them to the written package (cli/io/charts.ts).
      await addChartsToXlsx(tmp, charted);
      await fs.rename(tmp, outFile);
    } catch (e) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      throw new Error(`Cannot write ${outFile}: ${(e as Error).message}`);
    }
  } finally {
    if (!ownWorkbook) {
      putBack();
      for (const ws of added) wb.removeWorksheet(ws.id);
      for (const f of undo.reverse()) f();
      if (calcBefore) wb.calcProperties = calcBefore as ExcelJS.CalculationProperties;
    }
  }
}

/** ExcelJS's own fields that it has no public way to set: a sheet's place in the tab order, the sheets by id. */
type WithOrder = ExcelJS.Worksheet & { orderNo: number };
type WithSlots = ExcelJS.Workbook & { _worksheets: (ExcelJS.Worksheet | undefined)[] };

/** Take the sheets named `names` out of the workbook; the returned function puts them back (ids and places). */
function detachSheets(wb: ExcelJS.Workbook, names: readonly string[]): () => void {
  const gone = wb.worksheets.filter((ws) => names.includes(ws.name));
  for (const ws of gone) wb.removeWorksheet(ws.id);
  return () => {
    for (const ws of gone) (wb as WithSlots)._worksheets[ws.id] = ws;
  };
}

/**
 * Put the sheets named in `order` in that order (a generated sheet that replaces one of ours takes its place),
 * the others after them as they were. The returned function puts the old order back.
 */
function orderSheets(wb: ExcelJS.Workbook, order: readonly string[]): () => void {
  const rank = new Map(order.map((n, i) => [n.toLowerCase(), i]));
  const sheets = wb.worksheets as WithOrder[];
  const before = sheets.map((ws) => ws.orderNo);
  const key = (ws: WithOrder, i: number): number => rank.get(ws.name.toLowerCase()) ?? order.length + i;
  sheets
    .map((ws, i) => ({ ws, k: key(ws, i) }))
    .sort((x, y) => x.k - y.k)
    .forEach(({ ws }, i) => (ws.orderNo = i));
  return () => sheets.forEach((ws, i) => (ws.orderNo = before[i]));
}

/**
 * Cells of the loaded workbook that Excel would not open cleanly, made writable: ExcelJS reads a date-formatted
 * number that is no day at all (1e20: Excel shows ####) as an invalid Date and would write it back as "NaN",
 * a file Excel has to repair: such values and cached formula results are written as #NUM! (the reader
 * reported them). A text longer than a cell holds (written by another tool) is cut, with a note. The returned
 * function puts the loaded cells back as they were.
 */
function repairForExcel(wb: ExcelJS.Workbook): () => void {
  const undo: { cell: ExcelJS.Cell; model: ExcelJS.CellModel }[] = [];
  const bad = (v: unknown): boolean => v instanceof Date && Number.isNaN(v.getTime());
  const NUM: ExcelJS.CellErrorValue = { error: '#NUM!' };
  for (const ws of wb.worksheets)
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const v = cell.value;
        const formula = v && typeof v === 'object' && 'formula' in v;
        const long = typeof v === 'string' && v.length > MAX_CELL_TEXT;
        if (!bad(v) && !long && !(formula && bad(v.result))) return;
        undo.push({ cell, model: { ...cell.model } });
        if (long) putText(cell, v);
        else cell.value = formula ? { ...v, result: NUM } : NUM;
      }),
    );
  return () => {
    for (const u of undo) {
      u.cell.model = u.model;
      // ExcelJS has no public way to remove a note: drop the one we added to a cell that had none.
      if (!u.model.comment) delete (u.cell as unknown as { _comment?: unknown })._comment;
    }
  };
}

async function samePath(a: string, b: string): Promise<boolean> {
  const real = async (p: string): Promise<string> => {
    const abs = path.resolve(p);
    try {
      return await fs.realpath(abs);
    } catch {
      // The output may not exist yet: resolve its folder instead.
      try {
        return path.join(await fs.realpath(path.dirname(abs)), path.basename(abs));
      } catch {
        return abs;
      }
    }
  };
  const [x, y] = await Promise.all([real(a), real(b)]);
  const fold = process.platform === 'win32' || process.platform === 'darwin';
  return fold ? x.toLowerCase() === y.toLowerCase() : x === y;
}

/** A workbook with one sheet holding the source cells at A1 (for a CSV source). */
async function workbookFromCells(source: SourceData): Promise<ExcelJS.Workbook> {
  // ExcelJS is loaded only when a workbook is written (a --json run of a CSV does not need it).
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  const ws = wb.addWorksheet(sanitizeSheetName(source.sheetName));
  const { cells, formats } = source;
  for (let i = 0; i < cells.length; i++) {
    const row = rowOf(cells, i) ?? [];
    const rowFormats = formatsRowOf(cells, formats, i);
    for (let j = 0; j < row.length; j++) {
      const v = row[j];
      if (v === null || v === undefined) continue;
      const cell = ws.getCell(source.originRow + i, source.originCol + j);
      if (typeof v === 'string') putText(cell, v);
      else cell.value = typeof v === 'number' && !Number.isFinite(v) ? { error: '#NUM!' } : v;
      const fmt = rowFormats?.[j];
      if (fmt) cell.numFmt = fmt;
    }
  }
  return wb;
}

export { uniqueSheetName } from './names';

// ---------------------------------------------------------------------------------------------
// Rendering a SheetSpec
// ---------------------------------------------------------------------------------------------

const GREY_BORDER: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FFBFBFBF' } };
const DARK_BORDER: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF595959' } };
/** Between header cells: a white line keeps two adjacent headers ("Conversion", "Sales cycle") apart. */
const WHITE_BORDER: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FFFFFFFF' } };
const solid = (argb: string): ExcelJS.Fill => ({
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb },
  bgColor: { argb },
});

/** Fonts, fills and borders of each cell style. */
const STYLES: Record<
  CellStyle,
  { font?: Partial<ExcelJS.Font>; fill?: ExcelJS.Fill; border?: Partial<ExcelJS.Borders> }
> = {
  title: { font: { bold: true, size: 14 } },
  subtitle: { font: { italic: true, color: { argb: 'FF595959' } } },
  header: {
    font: { bold: true },
    fill: solid('FFE7E6E6'),
    border: { bottom: DARK_BORDER, left: WHITE_BORDER, right: WHITE_BORDER },
  },
  input: {
    fill: solid('FFFFF2CC'),
    border: { top: GREY_BORDER, left: GREY_BORDER, bottom: GREY_BORDER, right: GREY_BORDER },
  },
  locked: { fill: solid('FFDDEBF7') },
  total: { font: { bold: true }, border: { top: DARK_BORDER } },
  note: { font: { italic: true, color: { argb: 'FF808080' } } },
  warning: { font: { color: { argb: 'FFC65911' } } },
};

const ERROR_TEXTS = new Set(['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A']);

/** Render one spec onto an empty worksheet. */
export function renderSpec(ws: ExcelJS.Worksheet, specIn: SheetSpec): void {
  // A sheet ends at column XFD: what lies beyond is left out, and the sheet says so.
  const { spec, beyond } = withinColumns(specIn);
  spec.cells.forEach((row, i) => {
    if (!row) return;
    row.forEach((sc, j) => {
      if (!sc) return;
      renderCell(ws.getCell(i + 1, j + 1), sc);
    });
  });
  if (beyond > 0) ws.getCell(1, 1).note = beyondNote(beyond);

  for (const ref of spec.inputs ?? [])
    forEachCellOf(ref, (r, c) => {
      const cell = ws.getCell(r, c);
      if (!spec.cells[r - 1]?.[c - 1]?.style) applyStyle(cell, 'input');
    });

  spec.columnWidths?.forEach((w, j) => {
    // ExcelJS leaves out a column exactly 9 characters wide (its own default), and Excel would then draw it
    // 8.43 wide; 9.01 draws the same as 9.
    if (Number.isFinite(w) && w > 0) ws.getColumn(j + 1).width = w === 9 ? 9.01 : w;
  });

  if (spec.freeze && (spec.freeze.rows > 0 || (spec.freeze.columns ?? 0) > 0)) {
    const ySplit = Math.max(0, Math.floor(spec.freeze.rows));
    const xSplit = Math.max(0, Math.floor(spec.freeze.columns ?? 0));
    ws.views = [{ state: 'frozen', xSplit, ySplit, topLeftCell: a1(ySplit + 1, xSplit + 1) }];
  }

  let priority = 1;
  for (const cf of spec.conditionalFormats ?? []) {
    const rule = conditionalRule(cf, priority);
    if (!rule) continue;
    priority++;
    ws.addConditionalFormatting({ ref: cf.range, rules: [rule] });
  }
  applyLooks(ws, spec);
  applyPrintSetup(ws, spec);
}

/**
 * The font of every cell written. Calibri 11 is Excel's own default (every Excel, Mac and the web included;
 * LibreOffice maps it to the metric-equal Carlito), but it has no Chinese glyphs, and a font cannot fall back
 * per cell; a sheet with Chinese, Japanese or Korean text gets Microsoft YaHei, which has both Latin and CJK
 * glyphs, ships with Windows and Office for Mac, and at 10 points keeps a CJK character within two digit
 * widths (core/spec/grid.ts counts it double for the column widths). family 2 (swiss): a viewer without the
 * font falls back to a sans-serif, not to a serif.
 */
const FONTS = {
  latin: { name: 'Calibri', size: 11, family: 2 },
  wide: { name: 'Microsoft YaHei', size: 10, family: 2, charset: 134 },
} satisfies Record<string, Partial<ExcelJS.Font>>;
/** Points per line of wrapped header text, and the height of a title row (14-point text). */
const LINE_POINTS = 15;
const TITLE_ROW_POINTS = 21;

/**
 * Font, alignment and wrapping of the written cells (core/spec/look.ts): numbers right, text left (indented
 * after a number), header cells wrapped in rows tall enough for their lines; title rows tall enough for
 * their 14-point text.
 */
function applyLooks(ws: ExcelJS.Worksheet, spec: SheetSpec): void {
  const base = hasWideText(spec) ? FONTS.wide : FONTS.latin;
  const font = (cell: ExcelJS.Cell): void => {
    cell.font = { ...base, ...(cell.font ?? {}) };
  };
  spec.cells.forEach((row, i) => {
    const looks = rowLooks(spec, i);
    row?.forEach((sc, j) => {
      if (!sc) return;
      const cell = ws.getCell(i + 1, j + 1);
      font(cell);
      const look = looks[j];
      const alignment: Partial<ExcelJS.Alignment> = { vertical: 'bottom' };
      if (look?.align) alignment.horizontal = look.align;
      if (look?.indent) alignment.indent = 1;
      if (look?.wrap) alignment.wrapText = true;
      cell.alignment = alignment;
      if (sc.style === 'title') ws.getRow(i + 1).height = TITLE_ROW_POINTS;
    });
  });
  for (const ref of spec.inputs ?? [])
    forEachCellOf(ref, (r, c) => {
      if (!spec.cells[r - 1]?.[c - 1]) font(ws.getCell(r, c));
    });
  for (const [i, lines] of headerRowLines(spec)) ws.getRow(i + 1).height = lines * LINE_POINTS + 1;
}

/**
 * Landscape, one page wide (as many pages down as it takes), the print area of core/spec/look.ts printSetup
 * (cells, charts, data text that runs over), the title rows repeated on every page, and the sheet name and
 * page number in the footer.
 */
function applyPrintSetup(ws: ExcelJS.Worksheet, spec: SheetSpec): void {
  const p = printSetup(spec);
  Object.assign(ws.pageSetup, {
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    // ExcelJS writes "A1:U34" as 'Sheet'!$A1:$U34 (a relative row); "A$1:U$34" comes out absolute.
    printArea: p.area.replace(/(\d+)/g, '$$$1'),
    printTitlesRow: p.titleRows ? `${p.titleRows[0]}:${p.titleRows[1]}` : undefined,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  } satisfies Partial<ExcelJS.PageSetup>);
  ws.headerFooter.oddFooter = '&L&A&R&P / &N';
}

function renderCell(cell: ExcelJS.Cell, sc: SpecCell): void {
  if (typeof sc.f === 'string' && sc.f !== '') {
    const formula = sc.f.startsWith('=') ? sc.f.slice(1) : sc.f;
    const value: ExcelJS.CellFormulaValue = { formula };
    const e = sc.expect;
    if (typeof e === 'number') {
      if (Number.isFinite(e)) value.result = e;
    } else if (typeof e === 'string') {
      value.result = ERROR_TEXTS.has(e) ? { error: e as ExcelJS.CellErrorValue['error'] } : cutText(e);
    }
    cell.value = value;
  } else if (sc.v !== undefined && sc.v !== null) {
    const v = sc.v;
    // Strings are assigned as string values: ExcelJS stores them as text (shared strings), so "=...",
    // "+1" or "@x" stay text and never become formulas.
    if (typeof v === 'number') cell.value = Number.isFinite(v) ? v : { error: '#NUM!' };
    else if (typeof v === 'string') putText(cell, v);
    else cell.value = v;
  }
  if (sc.fmt) cell.numFmt = sc.fmt;
  if (sc.style) applyStyle(cell, sc.style);
}

/**
 * A text value. Excel holds at most 32,767 characters in a cell (ExcelJS would write more, and Excel would have
 * to repair the file): a longer text is cut, and a note on the cell says so, in English and Chinese.
 */
function putText(cell: ExcelJS.Cell, s: string): void {
  if (s.length <= MAX_CELL_TEXT) {
    cell.value = s;
    return;
  }
  cell.value = cutText(s);
  const n = s.length.toLocaleString('en-US');
  cell.note =
    `Cut to Excel's limit of 32,767 characters (the text had ${n}).\n` +
    `已截断至 Excel 单元格的上限 32,767 个字符（原文 ${n} 个字符）。`;
}

/** `spec` without its cells beyond column XFD, and how many there were. */
function withinColumns(spec: SheetSpec): { spec: SheetSpec; beyond: number } {
  let beyond = 0;
  for (const row of spec.cells)
    for (let j = MAX_SHEET_COLUMNS; j < (row?.length ?? 0); j++) if (row![j]) beyond++;
  if (beyond === 0) return { spec, beyond };
  return { spec: { ...spec, cells: spec.cells.map((row) => row?.slice(0, MAX_SHEET_COLUMNS)) }, beyond };
}

const beyondNote = (n: number): string =>
  `${n.toLocaleString('en-US')} cells beyond column XFD (16,384, the last an Excel sheet has) are not written.\n` +
  `${n.toLocaleString('en-US')} 个单元格超出 Excel 工作表的最后一列 XFD（第 16,384 列），未写入。`;

function applyStyle(cell: ExcelJS.Cell, style: CellStyle): void {
  const s = STYLES[style];
  if (!s) return;
  if (s.font) cell.font = { ...s.font };
  if (s.fill) cell.fill = { ...s.fill } as ExcelJS.Fill;
  if (s.border) cell.border = { ...s.border };
}

/** "#5B9BD5", "5B9BD5", "#ABC" or "FF5B9BD5" -> ARGB "FF5B9BD5". */
export function toArgb(color: string | undefined, fallback = 'FF5B9BD5'): string {
  if (!color) return fallback;
  let h = color.trim().replace(/^#/, '').toUpperCase();
  if (/^[0-9A-F]{3}$/.test(h)) h = h.replace(/./g, (c) => c + c);
  if (/^[0-9A-F]{6}$/.test(h)) return `FF${h}`;
  if (/^[0-9A-F]{8}$/.test(h)) return h;
  return fallback;
}

function conditionalRule(cf: ConditionalFormat, priority: number): ExcelJS.ConditionalFormattingRule | null {
  switch (cf.type) {
    case 'dataBar': {
      // gradient: false makes ExcelJS write the data bar the way Excel 2010+ does (the 2007 rule plus its
      // x14 extension with a matching id); with gradient: true ExcelJS 4.4 writes an empty x14:id reference
      // that Excel may flag for repair (exceljs issue #3015). The bars are solid, so they are a light tint
      // of the colour (the digits stay readable over them) outlined in the colour itself; they start at
      // zero (not at the lowest value, which would show no bar) and run the full width of the cell.
      const color = cf.color ?? '#5B9BD5';
      return {
        type: 'dataBar',
        priority,
        gradient: false,
        border: true,
        minLength: 0,
        maxLength: 100,
        cfvo: [{ type: 'num', value: 0 }, { type: 'max' }],
        color: { argb: toArgb(tint(color)) },
        borderColor: { argb: toArgb(color) },
      } as ExcelJS.DataBarRuleType;
    }
    case 'colorScale': {
      const [lo, mid, hi] = cf.colors ?? ['#F8696B', '#FFEB84', '#63BE7B'];
      return {
        type: 'colorScale',
        priority,
        cfvo: [{ type: 'min' }, { type: 'percentile', value: 50 }, { type: 'max' }],
        color: [{ argb: toArgb(lo) }, { argb: toArgb(mid) }, { argb: toArgb(hi) }],
      };
    }
    case 'textEquals': {
      if (cf.text === undefined) return null;
      const topLeft = cf.range.split(/[\s,]/)[0].split(':')[0].replace(/\$/g, '');
      const style: Partial<ExcelJS.Style> = {};
      if (cf.fill) style.fill = solid(toArgb(cf.fill));
      if (cf.font) style.font = { color: { argb: toArgb(cf.font) } };
      // Cell equals the text (case-insensitive, like Excel's "Cell Value equal to"); the reference is
      // relative to the range's top-left cell.
      return {
        type: 'expression',
        priority,
        formulae: [`${topLeft}="${cf.text.replace(/"/g, '""')}"`],
        style,
      };
    }
    default:
      return null;
  }
}

/** Call `f(row, col)` (1-based) for each cell of an A1 cell or range reference on this sheet. */
function forEachCellOf(ref: string, f: (r: number, c: number) => void): void {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(ref.trim());
  if (!m) return;
  const col = (s: string): number =>
    [...s.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const r1 = Number(m[2]);
  const c1 = col(m[1]);
  const r2 = m[4] ? Number(m[4]) : r1;
  const c2 = m[3] ? col(m[3]) : c1;
  for (let r = Math.min(r1, r2); r <= Math.max(r1, r2); r++)
    for (let c = Math.min(c1, c2); c <= Math.max(c1, c2); c++) f(r, c);
}
