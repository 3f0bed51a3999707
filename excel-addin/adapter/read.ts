/// <reference types="office-js" />
/**
 * Reading from the workbook: the list of sources (tables and used ranges) and a source's cells and number
 * formats, in row blocks sized to Excel on the web's limits (see limits.ts). Never writes.
 */
import { cellsFrom1904 } from '../../core/table/datesystem';
import type { Cell } from '../../core/types';
import type { SourceChoice } from '../../panel/backend';
import { parseRect, qualified, rectAddress, splitAddress, type Rect } from './address';
import { supports, throwIfAborted } from './api';
import {
  INITIAL_READ_BYTES_PER_CELL,
  PAYLOAD_BUDGET,
  gridBytes,
  isPayloadError,
  readRowsPerBlock,
} from './limits';
import { collectSheets, queueProps, queueSheets, type SheetEntry } from './marks';

export const TABLE_PREFIX = 'table:';
export const SHEET_PREFIX = 'sheet:';

export interface SourceData {
  id: string;
  sheet: string;
  /** Where cells[0][0] is (0-based) and the size. */
  rect: Rect;
  cells: Cell[][];
  formats: string[][];
  /** A table whose sheet has other cells in rows above or below it (see SourceRef.bounded). */
  bounded: boolean;
  /**
   * The workbook uses the 1904 date system. `cells` hold 1900-system serials all the same (the core's); specs
   * written into this workbook go through specTo1904 first.
   */
  date1904: boolean;
}

/**
 * Queue the question "does this workbook use the 1904 date system?" (answered after the next sync by
 * `answerDate1904`). Workbook.use1904DateSystem is still a preview API (ExcelApi BETA), so the add-in asks the
 * workbook's own engine instead: DATE(1904,1,1) through Workbook.functions (ExcelApi 1.2, read-only, no cell
 * written) is 0 in a 1904 workbook and 1462 in a 1900 one.
 */
function queueDate1904(ctx: Excel.RequestContext): Excel.FunctionResult<number> | null {
  if (!supports('1.2')) return null;
  const r = ctx.workbook.functions.date(1904, 1, 1);
  r.load('value');
  return r;
}

/**
 * The answer to `queueDate1904`. Below ExcelApi 1.2 (Excel 2016 without updates) one more sync tries the
 * preview property use1904DateSystem; a host that has neither is taken to use the 1900 system (the default
 * everywhere but in old Mac workbooks), and such a workbook's dates would read 1462 days early.
 */
async function answerDate1904(
  ctx: Excel.RequestContext,
  probe: Excel.FunctionResult<number> | null,
): Promise<boolean> {
  if (probe) return probe.value === 0;
  try {
    ctx.workbook.load('use1904DateSystem');
    await ctx.sync();
    return (ctx.workbook as unknown as { use1904DateSystem?: unknown }).use1904DateSystem === true;
  } catch {
    return false;
  }
}

/**
 * A sheet's used range by values (a null object for an empty sheet from ExcelApi 1.4). The valuesOnly argument is
 * ExcelApi 1.2: an older host is not given it, and its used range counts formatted cells too.
 */
function usedByValues(ws: Excel.Worksheet): Excel.Range {
  if (supports('1.4')) return ws.getUsedRangeOrNullObject(true);
  return supports('1.2') ? ws.getUsedRange(true) : ws.getUsedRange();
}

/** The range of a source (a table's whole range, or a sheet's used range by values, or a null object). */
function sourceRange(ctx: Excel.RequestContext, id: string): Excel.Range {
  if (id.startsWith(TABLE_PREFIX))
    return ctx.workbook.tables.getItem(id.slice(TABLE_PREFIX.length)).getRange();
  if (id.startsWith(SHEET_PREFIX)) {
    return usedByValues(ctx.workbook.worksheets.getItem(id.slice(SHEET_PREFIX.length)));
  }
  throw new Error(`Unknown source ${id}`);
}

/**
 * Where a source is: its sheet and rectangle, or null for an empty sheet; for a table, whether its sheet
 * has cells in other rows too (its used range reaches above or below the table). One sync.
 */
export async function locateSource(
  ctx: Excel.RequestContext,
  id: string,
): Promise<{ sheet: string; rect: Rect; bounded: boolean; date1904: boolean } | null> {
  const r = sourceRange(ctx, id);
  r.load('address,rowIndex,columnIndex,rowCount,columnCount');
  const probe = queueDate1904(ctx);
  let sheetUsed: Excel.Range | null = null;
  const table = id.startsWith(TABLE_PREFIX);
  if (table && supports('1.2')) {
    sheetUsed = ctx.workbook.tables.getItem(id.slice(TABLE_PREFIX.length)).worksheet.getUsedRange(true);
    sheetUsed.load('rowIndex,rowCount');
  }
  await ctx.sync();
  if (r.isNullObject) return null;
  const sheet = splitAddress(r.address).sheet ?? id.slice(SHEET_PREFIX.length);
  // Without ExcelApi 1.2 (Table.worksheet) a table's sheet cannot be seen: assume it has other rows.
  const bounded = !table
    ? false
    : sheetUsed === null ||
      sheetUsed.rowIndex < r.rowIndex ||
      sheetUsed.rowIndex + sheetUsed.rowCount > r.rowIndex + r.rowCount;
  return {
    sheet,
    rect: { row: r.rowIndex, col: r.columnIndex, rows: r.rowCount, cols: r.columnCount },
    bounded,
    date1904: await answerDate1904(ctx, probe),
  };
}

export interface ReadOptions {
  /** Called after each batch with the rows read so far. */
  progress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Read a source: 1 sync for its address and size, then one sync per batch of row blocks. Each block is at
 * most MAX_BLOCK_CELLS cells and an estimated PAYLOAD_BUDGET bytes of values + number formats; several
 * blocks share a sync while their estimated response stays under the budget. The bytes per cell are
 * measured on what came back; a payload error halves the batch and retries.
 */
export async function readSource(
  ctx: Excel.RequestContext,
  id: string,
  opts: ReadOptions = {},
): Promise<SourceData> {
  const where = await locateSource(ctx, id);
  if (!where)
    return {
      id,
      sheet: id.slice(SHEET_PREFIX.length),
      rect: { row: 0, col: 0, rows: 0, cols: 0 },
      cells: [],
      formats: [],
      bounded: false,
      date1904: false,
    };
  const { sheet, rect, bounded, date1904 } = where;
  const ws = ctx.workbook.worksheets.getItem(sheet);
  const cells: Cell[][] = new Array<Cell[]>(rect.rows);
  const formats: string[][] = new Array<string[]>(rect.rows);
  let bytesPerCell = INITIAL_READ_BYTES_PER_CELL;
  let pos = 0;
  opts.progress?.(0, rect.rows);
  while (pos < rect.rows) {
    throwIfAborted(opts.signal);
    const per = readRowsPerBlock(rect.cols, bytesPerCell);
    const blockBytes = per * rect.cols * bytesPerCell;
    const blocks = Math.max(1, Math.floor(PAYLOAD_BUDGET / blockBytes));
    const queued: { at: number; n: number; range: Excel.Range }[] = [];
    for (let p = pos; queued.length < blocks && p < rect.rows;) {
      const n = Math.min(per, rect.rows - p);
      const range = ws.getRange(rectAddress({ row: rect.row + p, col: rect.col, rows: n, cols: rect.cols }));
      range.load('values,numberFormat');
      queued.push({ at: p, n, range });
      p += n;
    }
    try {
      await ctx.sync();
    } catch (e) {
      // Bigger cells than estimated: halve and retry (down to one row).
      if (isPayloadError(e) && (per > 1 || queued.length > 1)) {
        bytesPerCell *= 2;
        continue;
      }
      throw e;
    }
    let bytes = 0;
    let count = 0;
    for (const q of queued) {
      const values = q.range.values as Cell[][];
      const fmts = q.range.numberFormat as string[][];
      for (let i = 0; i < q.n; i++) {
        cells[q.at + i] = values[i];
        formats[q.at + i] = fmts[i];
      }
      bytes += gridBytes(values) + gridBytes(fmts);
      count += q.n * rect.cols;
    }
    // Plan the next batch on what this one weighed (with a margin), never below a floor.
    bytesPerCell = Math.max(8, Math.ceil((bytes / Math.max(1, count)) * 1.25));
    pos = queued[queued.length - 1].at + queued[queued.length - 1].n;
    opts.progress?.(pos, rect.rows);
  }
  // Range.values gives a date cell's serial as stored: in a 1904 workbook, 1462 below the core's.
  if (date1904) cellsFrom1904(cells, formats);
  return { id, sheet, rect, cells, formats, bounded, date1904 };
}

/** The sources to offer (tables, then sheets with data that are not ours) and the one under the selection. */
export async function listSources(
  ctx: Excel.RequestContext,
): Promise<{ sources: SourceChoice[]; selected: string | null; sheets: SheetEntry[] }> {
  const wb = ctx.workbook;
  const q = queueSheets(ctx);
  const tables = wb.tables;
  tables.load('items/name');
  const active = wb.worksheets.getActiveWorksheet();
  active.load('name');
  let cell: Excel.Range | null = null;
  if (supports('1.7')) {
    cell = wb.getActiveCell();
    cell.load('address');
  }
  try {
    await ctx.sync();
  } catch (e) {
    // No active cell (e.g. a chart is selected): go on without it.
    if (!cell) throw e;
    cell = null;
    q.sheets.load('items/name,items/id,items/position,items/visibility');
    tables.load('items/name');
    active.load('name');
    await ctx.sync();
  }
  queueProps(q);
  const tableRanges = tables.items.map((t) => {
    const r = t.getRange();
    r.load('address');
    return { name: t.name, range: r };
  });
  const used = q.sheets.items.map((s) => {
    const r = usedByValues(s);
    r.load('address');
    return r;
  });
  await ctx.sync();
  const sheets = collectSheets(q);
  const sources: SourceChoice[] = [];
  const spans: { id: string; sheet: string; local: string }[] = [];
  for (const t of tableRanges) {
    const { sheet, local } = splitAddress(t.range.address);
    const owner = sheets.find((s) => s.name === sheet);
    if (owner?.kind) continue;
    const id = TABLE_PREFIX + t.name;
    sources.push({ id, label: `${t.name} (${qualified(sheet ?? '', local)})` });
    spans.push({ id, sheet: sheet ?? '', local });
  }
  sheets.forEach((s, i) => {
    if (s.kind || s.visibility !== 'Visible') return;
    const r = used[i];
    if (r.isNullObject) return;
    const { local } = splitAddress(r.address);
    sources.push({ id: SHEET_PREFIX + s.name, label: `${s.name} (${local})` });
  });
  let selected: string | null = null;
  if (cell) {
    const { sheet, local } = splitAddress(cell.address);
    const hit = spans.find((sp) => sp.sheet === sheet && inside(local, sp.local));
    if (hit) selected = hit.id;
  }
  if (!selected && sources.some((s) => s.id === SHEET_PREFIX + active.name))
    selected = SHEET_PREFIX + active.name;
  return { sources, selected, sheets };
}

function inside(cellLocal: string, rangeLocal: string): boolean {
  const at = parseRect(cellLocal.split(':')[0]);
  const r = parseRect(rangeLocal);
  if (!at || !r) return false;
  return at.row >= r.row && at.row < r.row + r.rows && at.col >= r.col && at.col < r.col + r.cols;
}
