/**
 * Workbook date systems. The core works in the 1900 date system (see coerce.ts). A workbook flagged "Use 1904
 * date system" (Mac Excel's default until Excel 2011, and still kept by such files) numbers its days from
 * 1904-01-01 = 0, which is 1900 serial 1462: the same cell shows the same date, but its number is 1462 lower.
 * Hosts convert at their boundary, so that nothing inside the core knows: serials read from a 1904 workbook's
 * date cells become 1900 serials before the reader (`cellsFrom1904`), and the date values of a SheetSpec are
 * shifted back before they are written into such a workbook (core/spec/date1904.ts).
 */
import type { Cell } from '../types';
import { isDateFormat } from './coerce';

/** 1904-01-01 as a 1900-system serial: add it to a 1904 serial to get the 1900 serial of the same day. */
export const DATE1904_OFFSET = 1462;

/**
 * Turn the date serials of cells read from a 1904 workbook into 1900 serials, in place: every finite number
 * whose number format is a date format (`isDateFormat`) gets `DATE1904_OFFSET` added. Dates (host Date
 * objects), text and numbers of other formats are left as they are. Returns how many cells changed.
 */
export function cellsFrom1904(
  cells: Cell[][],
  formats: readonly (readonly (string | null | undefined)[] | null | undefined)[],
): number {
  let changed = 0;
  const memo = new Map<string, boolean>();
  for (let r = 0; r < cells.length; r++) {
    const row = cells[r];
    const fr = formats[r];
    if (!Array.isArray(row) || !Array.isArray(fr)) continue;
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      const f = fr[c];
      if (typeof v !== 'number' || v - v !== 0 || typeof f !== 'string') continue;
      let isDate = memo.get(f);
      if (isDate === undefined) memo.set(f, (isDate = isDateFormat(f)));
      if (!isDate) continue;
      row[c] = v + DATE1904_OFFSET;
      changed++;
    }
  }
  return changed;
}
