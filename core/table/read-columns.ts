/**
 * The reader's fast path for cells held by column (columns.ts): a row whose cells are all plain (a day in the
 * date column, a finite number as the amount, finite numbers or blanks in the number columns, days or blanks
 * in the other date columns, texts that are neither blank nor a totals label) becomes a record straight from
 * the typed arrays, as the row scan would make it. Any other row is left to the row scan, which explains it.
 * Per distinct text and per day the work is done once.
 */
import { coerceDate } from './coerce';
import * as codes from './columns';
import type { ColumnarCells } from './columns';

// The codes as module constants: hot loops read them without a property load (or a getter, under a bundler).
const { BLANK, DAY, NUMBER } = codes;

/** What the fast path writes, and where: the row scan's columns and output arrays. */
export interface FastTarget {
  c0: number;
  c1: number;
  dateCol: number;
  amountCol: number;
  numCols: readonly { col: number; out: Float64Array }[];
  dateCols: readonly { col: number; out: Float64Array }[];
  index: Int32Array;
  date: Float64Array;
  amount: Float64Array;
  maxAmount: number;
  /** Whether a text is a value the scan keeps as it is (not blank, not a totals label). */
  plainText(s: string): boolean;
}

/** A function that reads row r as record n and says whether it did (false: the row scan must look at it). */
export type FastRow = (r: number, n: number) => boolean;

export function columnarFastPath(cells: ColumnarCells, t: FastTarget): FastRow {
  const cols = cells.columns;
  /** Per column and distinct text: 0 not known yet, 1 plain, 2 not. */
  const plain = cols.map((c) => new Uint8Array(c.texts.length));
  const serials = new Map<number, number | null>();
  let lastTime = NaN;
  let lastSerial: number | null = null;
  const serialOf = (time: number): number | null => {
    if (time === lastTime) return lastSerial; // rows of one day come together
    let s = serials.get(time);
    if (s === undefined) serials.set(time, (s = coerceDate(cells.day(time))));
    lastTime = time;
    return (lastSerial = s);
  };
  const dateColumn = cols[t.dateCol];
  const amountColumn = cols[t.amountCol];
  if (dateColumn === undefined || amountColumn === undefined) return () => false;
  const { c0, c1, numCols, dateCols, index, date, amount, maxAmount } = t;
  const last = Math.min(c1, cols.length);

  /** Whether every cell of the row in the table's columns is plain. */
  const plainRow = (r: number): boolean => {
    for (let c = c0; c < last; c++) {
      const col = cols[c];
      const k = col.codes[r];
      if (k >= 0) {
        const p = plain[c];
        if (p[k] === 0) p[k] = t.plainText(col.texts[k]) ? 1 : 2;
        if (p[k] !== 1) return false;
      } else if (k === NUMBER || k === DAY) {
        const v = col.values![r];
        if (v - v !== 0) return false;
      } else if (k !== BLANK) return false;
    }
    return true;
  };

  return (r, n) => {
    if (dateColumn.codes[r] !== DAY || amountColumn.codes[r] !== NUMBER || !plainRow(r)) return false;
    const serial = serialOf(dateColumn.values![r]);
    const amt = amountColumn.values![r];
    if (serial === null || amt > maxAmount || amt < -maxAmount) return false;
    // Slot n is written in full by whichever row finally takes it, so a row refused halfway leaves nothing.
    for (const nc of numCols) {
      const col = cols[nc.col];
      const k = col === undefined ? BLANK : col.codes[r];
      if (k === NUMBER) nc.out[n] = col.values![r];
      else if (k === BLANK) nc.out[n] = NaN;
      else return false;
    }
    for (const dc of dateCols) {
      if (dc.col === t.dateCol) {
        dc.out[n] = serial;
        continue;
      }
      const col = cols[dc.col];
      const k = col === undefined ? BLANK : col.codes[r];
      if (k === BLANK) dc.out[n] = NaN;
      else if (k !== DAY) return false;
      else {
        const s = serialOf(col.values![r]);
        if (s === null) return false;
        dc.out[n] = s;
      }
    }
    index[n] = r;
    date[n] = serial;
    amount[n] = amt;
    return true;
  };
}
