/**
 * Argument normalisation for KPI functions: arguments arrive exactly as hosts deliver them (numbers,
 * text, booleans, blanks as null / undefined / "", JS Dates, 2D arrays for ranges) and leave as
 * numbers, dates (serial days), text or a `KpiError` that says what was wrong.
 *
 * Rules shared by every function:
 * - A value that is not an array, and an array of one cell (1×1, or [] / [[]] which count as blank), is a
 *   scalar. A 1D array is read as one row. Ragged 2D arrays are padded with blanks.
 * - Blank = null, undefined, "" or text of white space only.
 * - Numbers: finite numbers; text read by `coerceNumber` ("1,234", "¥1,234", "12%", "1.2万"); a JS Date
 *   is its serial day number (what Excel itself delivers for a date cell). Booleans are not numbers
 *   (#VALUE!), nor is unreadable text.
 * - An error passed in (a `KpiError`, an object with an error `code` such as Office's
 *   `CustomFunctions.Error`, or the exact text of a spreadsheet error such as "#N/A") is passed on:
 *   #DIV/0!, #NUM!, #N/A and #VALUE! keep their code, other errors (#REF!, #NAME?, ...) become #VALUE!.
 */
import { coerceDate, coerceNumber } from '../table/coerce';
import { KPI_ERROR_CODES, KpiError, type KpiErrorCode, type KpiResult, type KpiScalar } from './types';

/** A rectangular 2D array of raw cells. */
export type Grid = unknown[][];

const RE_ERROR_TEXT = /^#(?:N\/A|[A-Z0-9/_]+[!?])$/;

/** True for null, undefined, "" and text of white space only. */
export function isBlank(v: unknown): boolean {
  if (v === null || v === undefined || v === '') return true;
  return typeof v === 'string' && v.trim() === '';
}

/** True for a JS Date, also one made in another realm (Apps Script). */
export function isDateObject(v: unknown): v is Date {
  return v instanceof Date || Object.prototype.toString.call(v) === '[object Date]';
}

/** True for a KpiError. */
export function isKpiError(v: unknown): v is KpiError {
  return v instanceof KpiError;
}

/** Short, quoted rendering of a raw value for messages. */
export function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return 'blank';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 37) + '...' : v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (isDateObject(v)) return Number.isNaN(v.getTime()) ? 'an invalid date' : 'a date';
  if (Array.isArray(v)) return 'a range';
  if (typeof v === 'number') return String(v);
  return 'a value of type ' + typeof v;
}

/**
 * The error carried by a raw value, if it is one: a KpiError, an object with a spreadsheet error code
 * (Office `CustomFunctions.Error`), or the exact text of a spreadsheet error.
 */
export function errorOf(v: unknown, name: string): KpiError | null {
  if (v instanceof KpiError) return v;
  let code: string | null = null;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t.length <= 16 && RE_ERROR_TEXT.test(t)) code = t;
  } else if (typeof v === 'object' && v !== null && !Array.isArray(v) && !isDateObject(v)) {
    const c = (v as { code?: unknown }).code;
    if (typeof c === 'string' && c.startsWith('#')) code = c;
  }
  if (code === null) return null;
  const known = (KPI_ERROR_CODES as readonly string[]).includes(code);
  return new KpiError(known ? (code as KpiErrorCode) : '#VALUE!', `${name} is an error (${code})`);
}

/** The rows of an argument: a scalar is [[v]], a 1D array one row, a ragged array padded with null. */
export function toGrid(v: unknown): Grid {
  if (!Array.isArray(v)) return [[v]];
  if (v.length === 0) return [[null]];
  if (!v.some((r) => Array.isArray(r))) return [v.slice()];
  let width = 0;
  for (const r of v) width = Math.max(width, Array.isArray(r) ? r.length : 1);
  if (width === 0) return [[null]];
  return v.map((r) => {
    const row: unknown[] = Array.isArray(r) ? r.slice() : [r];
    while (row.length < width) row.push(null);
    return row;
  });
}

/** True when an argument is a single value (not an array, or an array of one cell). */
export function isScalar(v: unknown): boolean {
  if (!Array.isArray(v)) return true;
  const g = toGrid(v);
  return g.length === 1 && g[0].length === 1;
}

/** The single value of a scalar argument (the cell of a 1×1 range). */
export function scalarOf(v: unknown): unknown {
  return Array.isArray(v) ? toGrid(v)[0][0] : v;
}

/** "3×1" */
export function shapeText(g: Grid): string {
  return `${g.length}×${g[0].length}`;
}

/** Where a cell is inside a range, for messages: "row 3", "column 2" or "row 3, column 2" (1-based). */
export function positionText(r: number, c: number, rows: number, cols: number): string {
  if (cols === 1) return `row ${r + 1}`;
  if (rows === 1) return `column ${c + 1}`;
  return `row ${r + 1}, column ${c + 1}`;
}

/** The cells of a grid, row by row. */
export function flatten(g: Grid): unknown[] {
  const out: unknown[] = [];
  for (const row of g) for (const v of row) out.push(v);
  return out;
}

/**
 * Reads a number from one cell: a number, null when blank, or a KpiError naming `name`.
 */
export function readNumber(v: unknown, name: string): number | null | KpiError {
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return v === 0 ? 0 : v;
    return new KpiError('#VALUE!', `${name} is not a finite number (${v})`);
  }
  if (isBlank(v)) return null;
  const err = errorOf(v, name);
  if (err) return err;
  if (typeof v === 'string') {
    const n = coerceNumber(v);
    return n === null ? new KpiError('#VALUE!', `${name} is ${show(v)}, which is not a number`) : n;
  }
  if (typeof v === 'boolean') return new KpiError('#VALUE!', `${name} is ${show(v)}, not a number`);
  if (isDateObject(v)) {
    const s = coerceDate(v, true);
    return s === null ? new KpiError('#VALUE!', `${name} is an invalid date`) : s;
  }
  return new KpiError('#VALUE!', `${name} is ${show(v)}, not a number`);
}

/** Reads a number from one cell; blank counts as 0. */
export function readNumber0(v: unknown, name: string): number | KpiError {
  const n = readNumber(v, name);
  return n === null ? 0 : n;
}

/**
 * Reads a date from one cell as an Excel serial day (integer): null when blank, or a KpiError.
 * Numbers are serials (any serial 1..2958465, time of day dropped), Dates and date text are read by
 * `coerceDate` ("2024-03-01", "2024/3/1", "2024年3月1日", ...).
 */
export function readDate(v: unknown, name: string): number | null | KpiError {
  if (isBlank(v)) return null;
  const err = errorOf(v, name);
  if (err) return err;
  if (typeof v === 'number' || typeof v === 'string' || isDateObject(v)) {
    const s = coerceDate(v, true);
    if (s !== null) return s;
  }
  return new KpiError('#VALUE!', `${name} is ${show(v)}, which is not a date`);
}

/** A number as a result cell: non-finite → #NUM!, -0 → 0. */
export function finite(x: number, what: string): number | KpiError {
  if (!Number.isFinite(x)) return new KpiError('#NUM!', `${what}: the result is too large to be a number`);
  return x === 0 ? 0 : x;
}

/**
 * Applies `f` element-wise. When every argument is a scalar, `f` gets the scalars and its answer is
 * returned as is. When some arguments are ranges larger than 1×1, they must all have the same shape
 * (scalars and 1×1 ranges broadcast); the answer is a 2D array of that shape, each cell `f` of the
 * corresponding cells (an error in one cell stays in that cell). Mismatched shapes → one #VALUE!.
 * Numbers in the answer are checked with `finite` (#NUM! for overflow).
 */
export function elementwise(
  fn: string,
  names: readonly string[],
  args: readonly unknown[],
  f: (cells: unknown[]) => KpiScalar,
): KpiResult {
  const grids: (Grid | null)[] = [];
  let shapeOf = -1;
  for (let i = 0; i < names.length; i++) {
    const v = args[i];
    if (isScalar(v)) {
      grids.push(null);
      continue;
    }
    const g = toGrid(v);
    grids.push(g);
    if (shapeOf < 0) shapeOf = i;
    else {
      const s = grids[shapeOf] as Grid;
      if (g.length !== s.length || g[0].length !== s[0].length) {
        return new KpiError(
          '#VALUE!',
          `${fn}: ranges must have the same size, but ${names[shapeOf]} is ${shapeText(s)} and ${names[i]} is ${shapeText(g)}`,
        );
      }
    }
  }
  const cellOf = (i: number, r: number, c: number): unknown => {
    const g = grids[i];
    return g === null ? scalarOf(args[i]) : g[r][c];
  };
  const one = (r: number, c: number): KpiScalar => {
    const cells = names.map((_, i) => cellOf(i, r, c));
    const out = f(cells);
    return typeof out === 'number' ? finite(out, fn) : out;
  };
  if (shapeOf < 0) return one(0, 0);
  const shape = grids[shapeOf] as Grid;
  const out: KpiScalar[][] = [];
  for (let r = 0; r < shape.length; r++) {
    const row: KpiScalar[] = [];
    for (let c = 0; c < shape[0].length; c++) row.push(one(r, c));
    out.push(row);
  }
  return out;
}

/**
 * Reads every cell of `cells` as a number with blank = 0, or returns the first error. Convenience
 * for element-wise formulas: `const v = numbers(cells, names); if (v instanceof KpiError) return v;`.
 */
export function numbers0(cells: readonly unknown[], names: readonly string[]): number[] | KpiError {
  const out: number[] = [];
  for (let i = 0; i < cells.length; i++) {
    const n = readNumber0(cells[i], names[i]);
    if (n instanceof KpiError) return n;
    out.push(n);
  }
  return out;
}

/** Text of a scalar argument, trimmed and lower-cased; "" when blank; numbers as their text. */
export function readKeyword(v: unknown): string {
  const s = scalarOf(v);
  if (isBlank(s)) return '';
  if (typeof s === 'string') return s.trim().toLowerCase();
  if (typeof s === 'number' || typeof s === 'boolean') return String(s).toLowerCase();
  return '\u0000'; // never a keyword
}

/** Drops trailing blank cells of a list (so that a selection larger than the table works). */
export function trimTrailing(xs: readonly unknown[]): unknown[] {
  let n = xs.length;
  while (n > 0 && isBlank(xs[n - 1])) n--;
  return xs.slice(0, n);
}

/**
 * Reads the thresholds of a tier table (TIER, COMMISSION): numbers, none blank, strictly ascending, or a
 * #VALUE! (or the error passed in) that names `fn` and the first bad threshold. `cells` are trimmed already.
 */
export function readThresholds(fn: string, cells: readonly unknown[]): number[] | KpiError {
  if (cells.length === 0) return new KpiError('#VALUE!', `${fn}: thresholds is empty`);
  const t: number[] = [];
  for (let i = 0; i < cells.length; i++) {
    const n = readNumber(cells[i], `threshold ${i + 1}`);
    if (n === null) return new KpiError('#VALUE!', `${fn}: threshold ${i + 1} is blank`);
    if (n instanceof KpiError) return new KpiError(n.code, `${fn}: ${n.message}`);
    if (i > 0 && !(n > t[i - 1])) {
      return new KpiError(
        '#VALUE!',
        `${fn}: thresholds must be in ascending order, but threshold ${i + 1} (${n}) is not above threshold ${i} (${t[i - 1]})`,
      );
    }
    t.push(n);
  }
  return t;
}
