/**
 * A table held by column: what a reader that types cells as it goes (a CSV, and later a SQL result) gives
 * the core, instead of one array per row. Each column keeps its texts once (a dictionary and a code per
 * row), its numbers and days in one Float64Array and its number formats as small codes, so a million rows
 * cost a few typed arrays rather than a million arrays and their boxed numbers.
 *
 * The reader (`readSalesTable`) and the label groupings take either form (`CellRows`); a row of a
 * `ColumnarCells` is made on demand and holds the same cells the row form would (a day is a Date, one per
 * day, shared: treat cells as read-only). Labels group by the dictionary codes directly.
 */
import type { Cell } from '../types';

/** Codes of a cell that is not a text (texts have codes >= 0: their index in `texts`). */
export const BLANK = -1;
/** A number: `values[r]`. */
export const NUMBER = -2;
/** A day: `values[r]` is its time in ms (a Date's getTime()). */
export const DAY = -3;
/** Anything else (a boolean, a Date with a time of day): `other.get(r)`. */
export const OTHER = -4;

export interface CellColumn {
  /** Per row: the index of its text in `texts` (>= 0), or BLANK, NUMBER, DAY or OTHER. */
  codes: Int32Array;
  /** The column's texts, in order of first appearance: each once, except in a column of IDs (mostly distinct). */
  texts: string[];
  /** Per row: the number (NUMBER) or the day's time (DAY); null when the column has neither. */
  values: Float64Array | null;
  /** Per row: the index of its number format in the table's `formats` (0: none); null when none has one. */
  fmt: Uint8Array | Uint16Array | null;
  /** The cells coded OTHER, by row. */
  other: Map<number, Cell> | null;
}

/** The cells of a table, by row (as a host delivers a range) or by column. */
export type CellRows = readonly (readonly Cell[])[] | ColumnarCells;

export class ColumnarCells {
  /** The Date of each day met, shared by every cell of that day. */
  private readonly days = new Map<number, Date>();
  /** Rows of formats by their codes ("1,0,3"), shared by the rows that have the same. */
  private readonly formatRows = new Map<string, (string | null)[]>();

  /**
   * @param length rows
   * @param columns the columns, left to right (all as long as `length`)
   * @param formats number formats by code; formats[0] is null (none)
   */
  constructor(
    readonly length: number,
    readonly columns: readonly CellColumn[],
    readonly formats: readonly (string | null)[],
  ) {}

  get width(): number {
    return this.columns.length;
  }

  cell(r: number, c: number): Cell {
    const col = this.columns[c];
    if (col === undefined || r < 0 || r >= this.length) return undefined;
    const code = col.codes[r];
    if (code >= 0) return col.texts[code];
    if (code === NUMBER) return col.values![r];
    if (code === DAY) return this.day(col.values![r]);
    if (code === OTHER) return col.other!.get(r);
    return null;
  }

  /** The row's cells as an array of `width` (a new array each time). */
  row(r: number): Cell[] {
    const out: Cell[] = [];
    for (const col of this.columns) {
      const code = col.codes[r];
      if (code >= 0) out.push(col.texts[code]);
      else if (code === BLANK) out.push(null);
      else if (code === NUMBER) out.push(col.values![r]);
      else if (code === DAY) out.push(this.day(col.values![r]));
      else out.push(col.other!.get(r));
    }
    return out;
  }

  format(r: number, c: number): string | null {
    const f = this.columns[c]?.fmt;
    return f ? (this.formats[f[r]] ?? null) : null;
  }

  /** The row's number formats, one array shared by the rows with the same formats: treat it as read-only. */
  formatsRow(r: number): readonly (string | null)[] {
    let key = '';
    for (const col of this.columns) key += `${col.fmt ? col.fmt[r] : 0},`;
    let out = this.formatRows.get(key);
    if (out === undefined) {
      out = this.columns.map((_, c) => this.format(r, c));
      this.formatRows.set(key, out);
    }
    return out;
  }

  /** Whether a cell is a Date without a number format. */
  hasBareDates(): boolean {
    return this.columns.some((col) => col.codes.some((k, r) => k === DAY && !col.fmt?.[r]));
  }

  /** The one Date of a day (its time in ms). */
  day(time: number): Date {
    let d = this.days.get(time);
    if (d === undefined) this.days.set(time, (d = new Date(time)));
    return d;
  }
}

/** `a` copied into a longer array of its kind, the new part filled with `fill` (a column growing as it is read). */
export function grown<T extends Int32Array | Float64Array | Uint8Array | Uint16Array>(
  a: T,
  capacity: number,
  fill = 0,
): T {
  const out = new (a.constructor as new (n: number) => T)(capacity);
  if (fill !== 0) out.fill(fill);
  out.set(a);
  return out;
}

export function isColumnar(cells: unknown): cells is ColumnarCells {
  return cells instanceof ColumnarCells;
}

/** Row r (null when it is not an array: a hole in a host's range). */
export function rowOf(cells: CellRows, r: number): readonly Cell[] | null {
  if (isColumnar(cells)) return r >= 0 && r < cells.length ? cells.row(r) : null;
  const row = (cells as readonly unknown[])[r];
  return Array.isArray(row) ? (row as readonly Cell[]) : null;
}

/** The cell at row r, column c. */
export function cellOf(cells: CellRows, r: number, c: number): Cell {
  if (isColumnar(cells)) return cells.cell(r, c);
  const row = (cells as readonly unknown[])[r];
  return Array.isArray(row) ? (row[c] as Cell) : undefined;
}

/** The number formats of row r (null when unknown): `formats` holds those of cells held as rows. */
export function formatsRowOf(
  cells: CellRows,
  formats: readonly (readonly (string | null)[] | undefined)[],
  r: number,
): readonly (string | null)[] | undefined {
  return isColumnar(cells) ? cells.formatsRow(r) : formats[r];
}

/** The first `n` rows as arrays (for a preview or a small side read). */
export function headRows(cells: CellRows, n: number): Cell[][] {
  const out: Cell[][] = [];
  for (let r = 0; r < Math.min(n, cells.length); r++) out.push([...(rowOf(cells, r) ?? [])]);
  return out;
}

/**
 * The rows of `a` then the rows of `b`, as one table (a large CSV read in two parts). Both use the same
 * `formats`. The texts of b follow a's in each column (a text of both parts is there twice: codes still say
 * which text a cell holds, and groupings compare texts, not codes).
 */
export function concatRows(a: ColumnarCells, b: ColumnarCells): ColumnarCells {
  const na = a.length;
  const n = na + b.length;
  const width = Math.max(a.width, b.width);
  const columns: CellColumn[] = [];
  for (let c = 0; c < width; c++) {
    const ca = a.columns[c];
    const cb = b.columns[c];
    const codes = new Int32Array(n).fill(BLANK);
    if (ca) codes.set(ca.codes);
    const shift = ca ? ca.texts.length : 0;
    if (cb && (shift === 0 || cb.texts.length === 0)) codes.set(cb.codes, na);
    else if (cb) {
      const from = cb.codes;
      for (let r = 0; r < from.length; r++) {
        const k = from[r];
        codes[na + r] = k >= 0 ? k + shift : k;
      }
    }
    const both = (
      x: ArrayLike<number> | null | undefined,
      y: ArrayLike<number> | null | undefined,
      make: (n: number) => Float64Array | Uint16Array,
    ) => {
      if (!x && !y) return null;
      const out = make(n);
      if (x) out.set(x);
      if (y) out.set(y, na);
      return out;
    };
    let other: Map<number, Cell> | null = ca?.other ? new Map(ca.other) : null;
    if (cb?.other) for (const [r, v] of cb.other) (other ??= new Map()).set(na + r, v);
    columns.push({
      codes,
      texts: ca && cb ? ca.texts.concat(cb.texts) : (ca ?? cb)!.texts,
      values: both(ca?.values, cb?.values, (k) => new Float64Array(k)) as Float64Array | null,
      fmt: both(ca?.fmt, cb?.fmt, (k) => new Uint16Array(k)) as Uint16Array | null,
      other,
    });
  }
  return new ColumnarCells(n, columns, a.formats);
}
