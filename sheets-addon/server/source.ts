/// <reference types="google-apps-script" />
/**
 * Sources and reading. A source is a sheet ("sheet:<sheetId>", its data range) or a named range
 * ("range:<name>"). Reading costs one getValues() and one getNumberFormats() per block of rows (blocks of
 * READ_BLOCK_CELLS cells), never a call per row or cell; dates become serials in the spreadsheet's zone.
 */
import type { SourceRef } from '../../core/analysis/source';
import type { Cell } from '../../core/types';
import type { SourceChoice } from '../../panel/backend';
import { dateSerializer, serializeDates } from './dates';
import { findOurSheets, tempRunId } from './ours';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** Cells read per getValues() call (and getNumberFormats()): 200,000 rows × 10 columns = 10 blocks. */
export const READ_BLOCK_CELLS = 200_000;

export interface ResolvedSource {
  id: string;
  sheet: Sheet;
  sheetName: string;
  /** 1-based position of the block's top-left cell, and its size (0 rows for an empty sheet). */
  row: number;
  col: number;
  rows: number;
  cols: number;
  /** A named range with other rows of its sheet above or below it (see SourceRef.bounded). */
  bounded: boolean;
}

export class SourceMissing extends Error {}

/** The sources to choose from: every sheet that is not ours, then the named ranges. */
export function listSources(ss: Spreadsheet): { sources: SourceChoice[]; selected: string | null } {
  const ours = findOurSheets(ss);
  const sources: SourceChoice[] = [];
  for (const sheet of ss.getSheets()) {
    const id = sheet.getSheetId();
    if (ours.has(id)) continue;
    const name = sheet.getName();
    if (tempRunId(name) !== null) continue; // a sheet of ours still being made
    sources.push({ id: `sheet:${id}`, label: name });
  }
  for (const nr of ss.getNamedRanges()) {
    const r = nr.getRange();
    const name = nr.getName();
    sources.push({ id: `range:${name}`, label: `${name} (${r.getSheet().getName()}!${r.getA1Notation()})` });
  }
  const active = ss.getActiveSheet();
  const activeId = active ? `sheet:${active.getSheetId()}` : null;
  const selected = sources.some((s) => s.id === activeId) ? activeId : (sources[0]?.id ?? null);
  return { sources, selected };
}

/** Find a source by id; throws SourceMissing when it is gone. */
export function resolveSource(ss: Spreadsheet, id: string): ResolvedSource {
  if (id.startsWith('sheet:')) {
    const sheet = ss.getSheetById(Number(id.slice(6)));
    if (!sheet) throw new SourceMissing(id);
    return {
      id,
      sheet,
      sheetName: sheet.getName(),
      row: 1,
      col: 1,
      rows: sheet.getLastRow(),
      cols: sheet.getLastColumn(),
      bounded: false,
    };
  }
  if (id.startsWith('range:')) {
    const range = ss.getRangeByName(id.slice(6));
    if (!range) throw new SourceMissing(id);
    const sheet = range.getSheet();
    const row = range.getRow();
    const rows = range.getNumRows();
    return {
      id,
      sheet,
      sheetName: sheet.getName(),
      row,
      col: range.getColumn(),
      rows,
      cols: range.getNumColumns(),
      bounded: row > 1 || row + rows - 1 < sheet.getLastRow(),
    };
  }
  throw new SourceMissing(id);
}

/**
 * The source's cells (dates as serials in the spreadsheet's zone) and number formats, block by block;
 * `progress` is called before the first block and after each (rows read, rows in all), and may throw to stop.
 */
export function readSource(
  src: ResolvedSource,
  tz: string,
  progress?: (done: number, total: number) => void,
  toSerial = dateSerializer(tz, (d, z, p) => Utilities.formatDate(d, z, p)),
): { cells: Cell[][]; formats: string[][] } {
  const cells: Cell[][] = [];
  const formats: string[][] = [];
  if (src.rows <= 0 || src.cols <= 0) return { cells, formats };
  const per = Math.max(1, Math.floor(READ_BLOCK_CELLS / src.cols));
  progress?.(0, src.rows);
  for (let r = 0; r < src.rows; r += per) {
    const n = Math.min(per, src.rows - r);
    const range = src.sheet.getRange(src.row + r, src.col, n, src.cols);
    const values = range.getValues() as Cell[][];
    const fmts = range.getNumberFormats();
    serializeDates(values, fmts, toSerial);
    for (let i = 0; i < n; i++) {
      cells.push(values[i]);
      formats.push(fmts[i]);
    }
    progress?.(r + n, src.rows);
  }
  return { cells, formats };
}

/** Where the cells sit, for the formulas of the generated sheets. */
export function sourceRef(src: ResolvedSource): SourceRef {
  return { sheet: src.sheetName, originRow: src.row, originCol: src.col, bounded: src.bounded };
}
