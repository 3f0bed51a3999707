/**
 * What an Excel sheet can hold: 32,767 characters of text per cell, 16,384 columns (A..XFD), 1,048,576 rows.
 * Text beyond the cell limit is written by ExcelJS as it is (a file Excel opens only after a repair) and is
 * refused by Office.js, so hosts cut it first, saying so (`fitCellText`).
 */
import type { SheetSpec, SpecCell } from './types';

export const MAX_CELL_TEXT = 32767;
export const MAX_SHEET_COLUMNS = 16384;
export const MAX_SHEET_ROWS = 1048576;

/** `s` cut to `max` UTF-16 units (as Excel counts), never splitting a surrogate pair, ending in "…" when cut. */
export function cutText(s: string, max = MAX_CELL_TEXT): string {
  if (s.length <= max) return s;
  let end = max - 1;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${s.slice(0, end)}…`;
}

/**
 * A copy of `spec` whose text values fit an Excel cell (longer ones cut by `cutText`), and the cells cut
 * (0-based row and column, with the length they had). Rows without a long text are shared with the input.
 */
export function fitCellText(spec: SheetSpec): {
  spec: SheetSpec;
  cut: { row: number; col: number; length: number }[];
} {
  const cut: { row: number; col: number; length: number }[] = [];
  const long = (sc: SpecCell | null | undefined): boolean =>
    !!sc && typeof sc.v === 'string' && sc.v.length > MAX_CELL_TEXT;
  const cells = spec.cells.map((row, i) => {
    if (!row || !row.some(long)) return row;
    return row.map((sc, j) => {
      if (!sc || !long(sc)) return sc;
      const text = sc.v as string;
      cut.push({ row: i, col: j, length: text.length });
      return { ...sc, v: cutText(text) };
    });
  });
  return { spec: cut.length ? { ...spec, cells } : spec, cut };
}
