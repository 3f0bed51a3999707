/**
 * Dates at the Apps Script boundary. `Range.getValues()` and custom-function arguments deliver a date cell
 * as a JS Date at midnight *in the spreadsheet's time zone* (which may differ from the script's zone and
 * from UTC), so the calendar date is read with `Utilities.formatDate(d, spreadsheetZone, ...)` and turned
 * into the Excel serial the core works with. Results are memoised per instant: a column of dates costs one
 * formatDate per distinct date (a few hundred days), not one per row.
 */
import { isDateFormat, ymdToSerial } from '../../core/table/coerce';
import type { Cell } from '../../core/types';

/** (date, zone, pattern) -> text: Utilities.formatDate. */
export type FormatDate = (d: Date, tz: string, pattern: string) => string;

const RE_STAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** True for a Date, also one made in another realm. */
export function isDate(v: unknown): v is Date {
  return v instanceof Date || Object.prototype.toString.call(v) === '[object Date]';
}

/**
 * A converter from Date to the Excel serial of its date and time in zone `tz` (time as the fraction of
 * the day); NaN for an invalid Date.
 */
export function dateSerializer(tz: string, formatDate: FormatDate): (d: Date) => number {
  const memo = new Map<number, number>();
  return (d: Date): number => {
    const t = d.getTime();
    if (t !== t) return NaN;
    const hit = memo.get(t);
    if (hit !== undefined) return hit;
    const m = RE_STAMP.exec(formatDate(d, tz, 'yyyy-MM-dd HH:mm:ss'));
    let s = NaN;
    if (m) {
      const secs = +m[4] * 3600 + +m[5] * 60 + +m[6];
      s = ymdToSerial(+m[1], +m[2], +m[3]) + secs / 86400;
    }
    memo.set(t, s);
    return s;
  };
}

/**
 * Replace, in place, every Date of `cells` by its serial in the spreadsheet's zone, and make sure its
 * number format (if `formats` is given) reads as a date so that the reader knows the serial is one.
 * Returns the number of cells converted.
 */
export function serializeDates(
  cells: Cell[][],
  formats: string[][] | null,
  toSerial: (d: Date) => number,
): number {
  let n = 0;
  for (let r = 0; r < cells.length; r++) {
    const row = cells[r];
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (v === null || typeof v !== 'object' || !isDate(v)) continue;
      const s = toSerial(v);
      if (Number.isNaN(s)) {
        row[c] = null;
        continue;
      }
      row[c] = s;
      n++;
      if (formats) {
        const f = formats[r];
        if (f && !isDateFormat(f[c])) f[c] = 'yyyy-mm-dd';
      }
    }
  }
  return n;
}

/** Deep copy of a custom-function argument with its Dates replaced by serials (ranges are 2D arrays). */
export function serializeArg(v: unknown, toSerial: () => (d: Date) => number): unknown {
  if (isDate(v)) {
    const s = toSerial()(v);
    return Number.isNaN(s) ? v : s;
  }
  if (Array.isArray(v)) {
    let has = false;
    for (const row of v) {
      if (isDate(row)) has = true;
      else if (Array.isArray(row)) for (const x of row) if (isDate(x)) has = true;
      if (has) break;
    }
    if (!has) return v;
    return v.map((row) =>
      Array.isArray(row) ? row.map((x) => serializeArg(x, toSerial)) : serializeArg(row, toSerial),
    );
  }
  return v;
}
