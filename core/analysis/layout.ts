/** Layout pieces that several analysis sheets share. */
import { a1 } from '../spec/a1';
import { FMT_DATE } from '../spec/grid';
import type { SpecCell } from '../spec/types';
import type { SalesTable } from '../types';
import type { Period } from './calendar';
import type { Labels } from './i18n';
import { dateCriteria, type Binding } from './source';

type Put = (row: number, col: number, cell: SpecCell) => void;

/** Rows 3 and 4: the current and previous period's dates as inputs (the dates compared) and their labels. */
export function periodRows(put: Put, current: Period, previous: Period, L: Labels): void {
  const rows: [number, string, Period][] = [
    [3, L.currentPeriod, current],
    [4, L.previousPeriod, previous],
  ];
  for (const [row, head, p] of rows) {
    put(row, 1, { v: head, style: 'header' });
    put(row, 2, { v: p.start, fmt: FMT_DATE, style: 'input' });
    put(row, 3, { v: p.end, fmt: FMT_DATE, style: 'input' });
    put(row, 4, { v: p.label });
  }
}

/*
 * Spans: what a period's SUMIFS scan. A SUMIFS over whole columns visits every row of the source for each of its
 * criteria (LibreOffice 7.4 at 100,000 rows: about 11 ms for entity + two date criteria, whatever the period), so
 * a sheet with an entity per row and a SUMIFS per entity and period costs entities × periods × rows. When the
 * records of a period sit together (a source sorted by date, as exports are), its formulas read only that block
 * of rows: IF(guard=0, SUMIFS(the block), SUMIFS(whole columns)). The guard, one cell per period, counts the
 * rows the same date criteria match in the whole columns minus in the block: 0 exactly when no row of the
 * period lies outside the block, and then the two SUMIFS add up the same rows in the same order. Rows inserted
 * inside the block widen it (the references move), rows typed below it or a changed period date make the count
 * positive and the formulas read every row again, and a deleted block makes it -1: never a wrong number.
 */

/** Below this many records a whole-column SUMIFS costs about a millisecond: the formulas stay plain. */
export const SPAN_MIN_RECORDS = 10_000;

/** Sheet rows `first`..`last` that hold every record of a period, and the absolute reference of its guard cell. */
export interface Span {
  first: number;
  last: number;
  guard: string;
}

/**
 * The rows that hold every record dated in [start, end] (whole days), when that block is at most half the table
 * (else the block saves little: null). A period without records gets the first record's row (its guard says
 * whether rows of that period appear later). Null for small tables, and for a live source with skipped rows
 * that a date criterion might match (their dates are not known here, so the guard's value could not be).
 */
export function periodSpan(
  table: SalesTable,
  b: Binding,
  start: number,
  end: number,
): { first: number; last: number } | null {
  const n = table.length;
  if (n < SPAN_MIN_RECORDS) return null;
  if (b.live && table.skipped.some((s) => s.code !== 'blank-date')) return null;
  let lo = Infinity;
  let hi = -Infinity;
  const d = table.date;
  for (let i = 0; i < n; i++) {
    if (d[i] < start || d[i] >= end + 1) continue;
    const r = b.rowOf(i);
    if (r < lo) lo = r;
    if (r > hi) hi = r;
  }
  if (lo === Infinity) lo = hi = b.rowOf(0);
  return hi - lo + 1 <= n / 2 ? { first: lo, last: hi } : null;
}

/**
 * The guard cell's formula: rows of the whole date column in [startRef, endRef] minus those in the block (0 while
 * the block holds them all; -1 when the block's rows were deleted and its references broke).
 */
export function spanGuardF(
  b: Binding,
  dateIdx: number,
  span: { first: number; last: number },
  startRef: string,
  endRef: string,
): string {
  const count = (col: string): string => `COUNTIFS(${dateCriteria(col, startRef, endRef)})`;
  return `=IFERROR(${count(b.col(dateIdx))}-${count(b.colRows(dateIdx, span.first, span.last))},-1)`;
}

/**
 * Writes a guard cell at (row, col) for a period of `table` ([start, end] now, [startRef, endRef] in the sheet)
 * and returns its span, or null (no cell written) when the period's formulas had better read whole columns.
 */
export function spanGuard(
  put: Put,
  row: number,
  col: number,
  table: SalesTable,
  b: Binding,
  period: { start: number; end: number },
  startRef: string,
  endRef: string,
): Span | null {
  const s = periodSpan(table, b, period.start, period.end);
  if (!s) return null;
  put(row, col, { f: spanGuardF(b, table.mapping.date!, s, startRef, endRef), expect: 0, fmt: '0' });
  return { ...s, guard: a1(row, col, true) };
}

/**
 * `build` over whole columns; with a span, guarded: the block while the guard is 0 (and `within`, a condition that
 * the formula's dates lie inside the guard's, when they are other cells), else whole columns.
 */
export function spanned(
  b: Binding,
  span: Span | null,
  build: (col: (idx: number) => string) => string,
  within?: string,
): string {
  if (!span) return build((i) => b.col(i));
  const test = within ? `AND(${span.guard}=0,${within})` : `${span.guard}=0`;
  return `IF(${test},${build((i) => b.colRows(i, span.first, span.last))},${build((i) => b.col(i))})`;
}
