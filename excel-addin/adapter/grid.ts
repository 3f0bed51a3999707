/// <reference types="office-js" />
/**
 * Reading one of our sheets back (the user's overrides on our breakdown, its targets): its used range as grids
 * from A1, in one sync while Excel returns it at once, else in row blocks sized to Excel on the web's limits
 * (see limits.ts), as read.ts reads a source. Never writes.
 */
import { parseRect, rectAddress, type Rect } from './address';
import { INITIAL_READ_BYTES_PER_CELL, isPayloadError, readRowsPerBlock } from './limits';

export interface Grids {
  /** Formulas where there are formulas, else values (null for an empty cell). */
  cells: unknown[][];
  /** The values (null for an empty cell). */
  values: unknown[][];
}

/**
 * One of our sheets as grids from A1. One sync loads the used range's formulas and values; when Excel refuses
 * that as too large (a response over 5 MB, or too many cells), one more sync loads its address and the rows are
 * read in blocks, one sync each; a block refused in turn is halved, and so are the blocks after it.
 */
export async function readGrid(ctx: Excel.RequestContext, sheetName: string): Promise<Grids> {
  const used = ctx.workbook.worksheets.getItem(sheetName).getUsedRange();
  used.load('address,formulas,values');
  try {
    await ctx.sync();
  } catch (e) {
    if (!isPayloadError(e)) throw e;
    return readInBlocks(ctx, sheetName);
  }
  const at = rectOf(used.address);
  const out: Grids = { cells: [], values: [] };
  if (at) putRows(out, at, 0, used.formulas, used.values);
  return fill(out);
}

/** The used range of `sheetName` read in row blocks (after one sync for its address). */
async function readInBlocks(ctx: Excel.RequestContext, sheetName: string): Promise<Grids> {
  const ws = ctx.workbook.worksheets.getItem(sheetName);
  const used = ws.getUsedRange();
  used.load('address');
  await ctx.sync();
  const at = rectOf(used.address);
  const out: Grids = { cells: [], values: [] };
  // Formulas and values: two grids, so twice the bytes per cell a source read starts from.
  let maxRows = at ? readRowsPerBlock(at.cols, 2 * INITIAL_READ_BYTES_PER_CELL) : 0;
  for (let pos = 0; at && pos < at.rows;) {
    const n = Math.min(maxRows, at.rows - pos);
    const range = ws.getRange(rectAddress({ row: at.row + pos, col: at.col, rows: n, cols: at.cols }));
    range.load('formulas,values');
    try {
      await ctx.sync();
    } catch (e) {
      if (!isPayloadError(e) || n === 1) throw e;
      maxRows = Math.ceil(n / 2); // this block and the ones after it
      continue;
    }
    putRows(out, at, pos, range.formulas, range.values);
    pos += n;
  }
  return fill(out);
}

function rectOf(address: string): Rect | null {
  return parseRect(address.slice(address.lastIndexOf('!') + 1));
}

/**
 * Rows read from the used range at `at` (`pos` rows below its top) into the grids, from column A. range.formulas
 * drops a text cell's apostrophe prefix (a text "=x" reads as "=x"), so a cell is a formula only when its formula
 * differs from its value.
 */
function putRows(out: Grids, at: Rect, pos: number, formulas: unknown[][], values: unknown[][]): void {
  for (let i = 0; i < formulas.length; i++) {
    const row: unknown[] = new Array(at.col).fill(null);
    const vrow: unknown[] = new Array(at.col).fill(null);
    for (let j = 0; j < at.cols; j++) {
      const f = formulas[i][j];
      const v = values[i][j];
      row.push(typeof f === 'string' && f.startsWith('=') && f !== v ? f : v === '' ? null : v);
      vrow.push(v === '' ? null : v);
    }
    out.cells[at.row + pos + i] = row;
    out.values[at.row + pos + i] = vrow;
  }
}

/** Empty rows above the used range as empty arrays. */
function fill(out: Grids): Grids {
  for (let i = 0; i < out.cells.length; i++) {
    out.cells[i] ??= [];
    out.values[i] ??= [];
  }
  return out;
}
