/**
 * The sales-table reader: finds the header row, maps columns to roles, reads the data rows into
 * typed columns, and explains every row it could not use.
 */
import type {
  Cell,
  DateRole,
  Lang,
  NumericRole,
  ReadOptions,
  ReadResult,
  Role,
  SalesTable,
  SkippedRow,
} from '../types';
import { EXTRA_NUMERIC_ROLES } from '../types';
import {
  coerceDate,
  coerceNumber,
  dateToSerial,
  isDate,
  isDateFormat,
  serialToISO,
  toHalfWidth,
} from './coerce';
import { cellOf, isColumnar, rowOf, type CellRows } from './columns';
import { columnarFastPath, type FastRow } from './read-columns';
import { cleanHeaderText, detectRoles, isTotalsLabel, matchHeader, type ColumnProfile } from './headers';
import { clip, errorMessage, internalErrorMessage, skipReason } from './messages';

/** How many non-blank rows from the top may hold the header. */
const HEADER_SCAN_ROWS = 30;
/** Rows sampled below the header to learn what each column holds. */
const PROFILE_ROWS = 200;
const PROFILE_SCAN_LIMIT = 1000;
/** No sheet is wider than this (Excel 16,384, Sheets 18,278 columns). */
const MAX_COLUMNS = 20000;
const DATE_CACHE_LIMIT = 100000;

type Row = readonly Cell[];

/** A cell as short text, for headers and messages. Never throws. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return (v.length > 1000 ? v.slice(0, 1000) : v).trim();
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (isDate(v)) {
    const s = dateToSerial(v);
    return s === s ? serialToISO(s) : 'Invalid Date';
  }
  try {
    return String(v).slice(0, 1000).trim();
  } catch {
    return '';
  }
}

/** A text cell the row scan keeps as it is: not blank and not a totals label. */
function isPlainText(v: string): boolean {
  return v.trim() !== '' && !(v.length <= 64 && mayBeTotals(v) && isTotalsLabel(v));
}

function isBlank(v: unknown): boolean {
  if (v === null || v === undefined || v === '') return true;
  return typeof v === 'string' && v.trim() === '';
}

/**
 * Cheap test that a text may be a totals label (its last letters are "tal", "als", "sum", or it ends
 * in 计 / 計 / 和 / 总 / 總), so that the full test runs on few cells.
 */
function mayBeTotals(s: string): boolean {
  let end = s.length - 1;
  while (end >= 0) {
    const c = s.charCodeAt(end);
    if (c === 32 || c === 58 || c === 0xff1a || c === 9 || c === 160 || c === 0x3000) end--;
    else break;
  }
  if (end < 1) return false;
  const last = s.charCodeAt(end);
  if (last === 0x8ba1 || last === 0x8a08 || last === 0x548c || last === 0x603b || last === 0x7e3d)
    return true;
  if (end < 2) return false;
  const l = foldLetter(last);
  if (l !== 108 && l !== 115 && l !== 109) return false;
  const a = foldLetter(s.charCodeAt(end - 2));
  const b = foldLetter(s.charCodeAt(end - 1));
  return (
    (a === 116 && b === 97 && l === 108) ||
    (a === 97 && b === 108 && l === 115) ||
    (a === 115 && b === 117 && l === 109)
  );
}

/** Lower-cases an ASCII or full-width letter code (enough for the totals pre-filter). */
function foldLetter(c: number): number {
  return (c >= 0xff01 && c <= 0xff5e ? c - 0xfee0 : c) | 0x20;
}

/** The input's rows and number formats, whichever form it comes in. */
interface Rows {
  length: number;
  row(r: number): Row | null;
  /** The number format at (r, c); undefined when unknown. Null when no format is known at all. */
  format: ((r: number, c: number) => string | null | undefined) | null;
}

function rowsOf(cells: CellRows, formatsIn: unknown): Rows {
  if (isColumnar(cells))
    return { length: cells.length, row: (r) => rowOf(cells, r), format: (r, c) => cells.format(r, c) };
  const formats = Array.isArray(formatsIn) ? (formatsIn as Formats) : null;
  const arr = cells as readonly unknown[];
  return {
    length: arr.length,
    row: (r) => {
      const row = arr[r];
      return Array.isArray(row) ? (row as Row) : null;
    },
    format:
      formats === null
        ? null
        : (r, c) => {
            const fr = formats[r];
            return Array.isArray(fr) ? fr[c] : undefined;
          },
  };
}

function fail(
  code: 'empty' | 'no-header' | 'no-amount' | 'no-leads' | 'no-target' | 'no-date' | 'no-rows',
  lang: Lang,
  headers: string[],
  reasons: string[] = [],
): ReadResult {
  return { ok: false, error: { code, message: errorMessage(lang, code, headers, reasons), headers } };
}

/**
 * Reads a sales table from a 2D array of cells (as a host delivers a used range).
 *
 * The header row is the best-scoring of the first 30 non-blank rows; titles, notes and blank rows
 * above it are ignored. The table spans from the header's first to its last non-empty cell and runs
 * down to the end of the input or to a block of two or more blank rows not followed by a data row.
 * Totals rows are skipped (code 'totals'); rows without a usable date or amount are skipped with a
 * reason. Skipped-row numbers are sheet rows: the input index + `originRow` (default 1).
 * Never throws and never changes the input.
 */
/** The largest amount the reader takes (beyond it a cell is skipped and reported). */
export const MAX_AMOUNT = 1e15;

export function readSalesTable(cells: CellRows, options?: ReadOptions): ReadResult {
  let lang: Lang = 'en';
  try {
    const opts: ReadOptions = options && typeof options === 'object' ? options : {};
    lang = opts.lang === 'zh' ? 'zh' : 'en';
    return read(cells, opts, lang);
  } catch (e) {
    let detail = 'unknown error';
    try {
      detail = e instanceof Error ? e.message : String(e);
    } catch {
      /* keep the default */
    }
    return {
      ok: false,
      error: { code: 'no-rows', message: internalErrorMessage(lang, detail), headers: [] },
    };
  }
}

interface NumCol {
  role: Exclude<NumericRole, 'amount'>;
  col: number;
  header: string;
  out: Float64Array;
  decimalComma: boolean;
  coerced: number[];
}
interface DateCol {
  role: Exclude<DateRole, 'date'>;
  col: number;
  header: string;
  out: Float64Array;
  coerced: number[];
}

function read(cellsIn: CellRows, opts: ReadOptions, lang: Lang): ReadResult {
  if ((!isColumnar(cellsIn) && !Array.isArray(cellsIn)) || cellsIn.length === 0)
    return fail('empty', lang, []);
  const cells = rowsOf(cellsIn, opts.formats);
  const total = cells.length;

  // ---- header row ------------------------------------------------------------------------------
  let firstNonBlank = -1;
  let headerIndex = -1;
  let bestScore = 0;
  for (let r = 0, seen = 0; r < total && seen < HEADER_SCAN_ROWS; r++) {
    const row = cells.row(r);
    if (!row) continue;
    const len = Math.min(row.length, MAX_COLUMNS);
    let nonEmpty = 0;
    let texts = 0;
    let score = 0;
    let hasAmount = false;
    let hasDate = false;
    for (let c = 0; c < len; c++) {
      const v = row[c];
      if (isBlank(v)) continue;
      nonEmpty++;
      if (typeof v === 'string') {
        texts++;
        const cands = matchHeader(v.length > 200 ? v.slice(0, 200) : v);
        if (cands.length > 0) {
          score += cands[0].exact ? 2 : 1;
          const role = cands[0].role;
          if (role === 'amount') hasAmount = true;
          else if (role === 'date' || role === 'closeDate' || role === 'contactDate') hasDate = true;
        }
      }
    }
    // A row naming both a date and an amount column is most likely the header.
    if (hasAmount && hasDate) score += 4;
    if (nonEmpty === 0) continue;
    seen++;
    if (firstNonBlank < 0) firstNonBlank = r;
    if (nonEmpty >= 2 && texts * 2 >= nonEmpty && score > bestScore) {
      bestScore = score;
      headerIndex = r;
    }
  }
  if (firstNonBlank < 0) return fail('empty', lang, []);
  if (headerIndex < 0) {
    const first = cells.row(firstNonBlank)!;
    const found = first
      .slice(0, MAX_COLUMNS)
      .map((v) => cleanHeaderText(cellText(v)))
      .filter((t) => t !== '');
    return fail('no-header', lang, found);
  }

  const headerRow = cells.row(headerIndex)!;
  const hlen = Math.min(headerRow.length, MAX_COLUMNS);
  let columnOffset = 0;
  while (columnOffset < hlen && isBlank(headerRow[columnOffset])) columnOffset++;
  let lastCol = hlen - 1;
  while (lastCol > columnOffset && isBlank(headerRow[lastCol])) lastCol--;
  const width = lastCol - columnOffset + 1;
  const headers: string[] = new Array(width);
  for (let c = 0; c < width; c++) headers[c] = cleanHeaderText(cellText(headerRow[columnOffset + c]));

  // ---- formats -----------------------------------------------------------------------------------
  const fmtMemo = new Map<string, boolean>();
  const dateFmtAt = (r: number, c: number): boolean | undefined => fmtIsDate(cells, fmtMemo, r, c);

  // ---- column profiles (content checks) -----------------------------------------------------------
  const sampleRows: number[] = [];
  for (let r = headerIndex + 1; r < total && r <= headerIndex + PROFILE_SCAN_LIMIT; r++) {
    const row = cells.row(r);
    if (!row) continue;
    let any = false;
    for (let c = columnOffset; c <= lastCol && !any; c++) any = !isBlank(row[c]);
    if (any) sampleRows.push(r);
    if (sampleRows.length >= PROFILE_ROWS) break;
  }
  const profiles: (ColumnProfile | undefined)[] = new Array(width);
  const profile = (col: number): ColumnProfile | undefined => {
    if (col < 0 || col >= width) return undefined;
    let p = profiles[col];
    if (p) return p;
    p = { nonBlank: 0, numeric: 0, dateStrong: 0, dateWeak: 0 };
    const c = columnOffset + col;
    for (const r of sampleRows) {
      const v = cells.row(r)![c];
      if (isBlank(v)) continue;
      p.nonBlank++;
      if (typeof v === 'number') {
        const df = dateFmtAt(r, c);
        if (df) {
          if (coerceDate(v, true) !== null) p.dateStrong++;
        } else {
          if (v - v === 0) p.numeric++;
          if (coerceDate(v) !== null) p.dateWeak++;
        }
      } else if (typeof v === 'string') {
        if (coerceNumber(v) !== null || coerceNumber(v, true) !== null) p.numeric++;
        if (coerceDate(v) !== null) p.dateStrong++;
      } else if (isDate(v)) {
        if (coerceDate(v) !== null) p.dateStrong++;
      }
    }
    profiles[col] = p;
    return p;
  };

  const { mapping, notes } = detectRoles(headers, { lang, overrides: opts.overrides, profile });
  if (opts.measure === 'leads') {
    // A leads table: its measure is the leads column.
    if (mapping.leads === undefined) return fail('no-leads', lang, headers);
    mapping.amount = mapping.leads;
  }
  if (opts.measure === 'target') {
    // A target table: its measure is the target column.
    if (mapping.target === undefined) return fail('no-target', lang, headers);
    mapping.amount = mapping.target;
  }
  if (mapping.amount === undefined) return fail('no-amount', lang, headers);
  if (mapping.date === undefined) return fail('no-date', lang, headers);

  // ---- decimal comma per numeric column ------------------------------------------------------------
  const decimalCommaOf = (col: number): boolean => {
    if (typeof opts.decimalComma === 'boolean') return opts.decimalComma;
    return detectDecimalComma(cellsIn, headerIndex + 1, columnOffset + col);
  };

  // ---- output columns ------------------------------------------------------------------------------
  const cap = Math.max(0, total - headerIndex - 1);
  const index = new Int32Array(cap);
  const date = new Float64Array(cap);
  const amount = new Float64Array(cap);
  const amountDC = decimalCommaOf(mapping.amount);
  const coerced: Partial<Record<Role, number[]>> = {};
  const dateCoerced: number[] = [];
  const amountCoerced: number[] = [];
  coerced.date = dateCoerced;
  coerced.amount = amountCoerced;
  const numCols: NumCol[] = [];
  const dateCols: DateCol[] = [];
  for (const role of EXTRA_NUMERIC_ROLES) {
    const h = mapping[role];
    if (h === undefined) continue;
    const list: number[] = [];
    coerced[role] = list;
    numCols.push({
      role,
      col: columnOffset + h,
      header: headers[h],
      out: new Float64Array(cap),
      decimalComma: decimalCommaOf(h),
      coerced: list,
    });
  }
  for (const role of ['contactDate', 'closeDate'] as const) {
    const h = mapping[role];
    if (h === undefined) continue;
    const list: number[] = [];
    coerced[role] = list;
    dateCols.push({
      role,
      col: columnOffset + h,
      header: headers[h],
      out: new Float64Array(cap),
      coerced: list,
    });
  }
  const skipped: SkippedRow[] = [];
  const scan: Scan = {
    cells,
    start: headerIndex + 1,
    c0: columnOffset,
    c1: lastCol + 1,
    dateCol: columnOffset + mapping.date,
    amountCol: columnOffset + mapping.amount,
    amountDC,
    dateHeader: headers[mapping.date],
    amountHeader: headers[mapping.amount],
    headers,
    numCols,
    dateCols,
    index,
    date,
    amount,
    dateCoerced,
    amountCoerced,
    fmtMemo,
    skipped,
    lang,
    origin:
      typeof opts.originRow === 'number' && Number.isFinite(opts.originRow) ? Math.floor(opts.originRow) : 1,
    date1904: opts.date1904 === true,
    fast: null,
  };
  if (isColumnar(cellsIn))
    scan.fast = columnarFastPath(cellsIn, { ...scan, maxAmount: MAX_AMOUNT, plainText: isPlainText });
  const { n, lastIndex } = scanRows(scan, headerIndex);

  if (n === 0) {
    const reasons = skipped.filter((s) => s.code !== 'totals').map((s) => s.reason);
    return fail('no-rows', lang, headers, reasons);
  }

  const fit = <T extends Int32Array | Float64Array>(a: T): T =>
    (n >= a.length * 0.9 ? a.subarray(0, n) : a.slice(0, n)) as T;
  const numbers: SalesTable['numbers'] = {};
  for (const nc of numCols) numbers[nc.role] = fit(nc.out);
  const dates: SalesTable['dates'] = {};
  for (const dc of dateCols) dates[dc.role] = fit(dc.out);

  const table: SalesTable = {
    headers,
    mapping,
    mappingNotes: notes,
    headerIndex,
    columnOffset,
    lastIndex,
    length: n,
    index: fit(index),
    date: fit(date),
    amount: fit(amount),
    numbers,
    dates,
    cells: cellsIn,
    skipped,
    coerced,
  };
  return { ok: true, table };
}

type Formats = readonly (readonly (string | null | undefined)[] | undefined)[];

/** Whether the number format at (r, c) is a date format; undefined when the format is unknown. */
function fmtIsDate(cells: Rows, memo: Map<string, boolean>, r: number, c: number): boolean | undefined {
  if (cells.format === null) return undefined;
  const f = cells.format(r, c);
  if (typeof f !== 'string') return undefined;
  let v = memo.get(f);
  if (v === undefined) {
    v = isDateFormat(f);
    memo.set(f, v);
  }
  return v;
}

function addSkip(
  skipped: SkippedRow[],
  lang: Lang,
  origin: number,
  r: number,
  code: SkippedRow['code'],
  v: unknown,
  column?: string,
): void {
  const row = r + origin;
  const text = clip(cellText(v), 60);
  const entry: SkippedRow = { row, index: r, code, reason: skipReason(lang, code, row, text, column ?? '') };
  if (column !== undefined) entry.column = column;
  skipped.push(entry);
}

/** Everything the row scan needs, so that its hot loop works on plain locals. */
interface Scan {
  cells: Rows;
  start: number;
  c0: number;
  c1: number;
  dateCol: number;
  amountCol: number;
  amountDC: boolean;
  dateHeader: string;
  amountHeader: string;
  /** The table's headers, by column from c0. */
  headers: string[];
  numCols: NumCol[];
  dateCols: DateCol[];
  index: Int32Array;
  date: Float64Array;
  amount: Float64Array;
  dateCoerced: number[];
  amountCoerced: number[];
  fmtMemo: Map<string, boolean>;
  skipped: SkippedRow[];
  lang: Lang;
  /** Sheet row number of the input's first row (for messages). */
  origin: number;
  /** The cells come from a 1904 workbook (see ReadOptions.date1904). */
  date1904: boolean;
  /** For cells held by column: reads a plain row straight from the columns (read-columns.ts). */
  fast: FastRow | null;
}

/** Reads the data rows below the header; returns the record count and the table's last row. */
function scanRows(s: Scan, headerIndex: number): { n: number; lastIndex: number } {
  const { cells, c0, c1, dateCol, amountCol, amountDC, dateHeader, amountHeader, numCols, dateCols } = s;
  const { index, date, amount, dateCoerced, amountCoerced, fmtMemo, skipped, lang, origin } = s;
  const date1904 = s.date1904;
  const total = cells.length;
  const nNum = numCols.length;
  const nDate = dateCols.length;
  const hasFormats = cells.format !== null;
  const dateCache = new Map<string, number | null>();
  let n = 0;
  let blankRun = 0;
  let lastIndex = headerIndex;
  const fast = s.fast;
  for (let r = s.start; r < total; r++) {
    if (fast !== null && fast(r, n)) {
      blankRun = 0;
      lastIndex = r;
      n++;
      continue;
    }
    const row = cells.row(r);
    if (row === null) {
      blankRun++;
      continue;
    }
    let nonBlank = false;
    let totalsCell: string | null = null;
    let unusable: number[] | null = null;
    for (let c = c0; c < c1; c++) {
      const v = row[c];
      if (v === null || v === undefined) continue;
      if (typeof v === 'number') {
        nonBlank = true;
        if (v - v !== 0) (unusable ??= []).push(c);
      } else if (typeof v === 'string') {
        const len = v.length;
        if (len === 0) continue;
        const ch = v.charCodeAt(0);
        if ((ch <= 32 || ch === 160 || ch === 0x3000 || ch === 0xfeff) && v.trim() === '') continue;
        nonBlank = true;
        if (totalsCell === null && len <= 64 && mayBeTotals(v) && isTotalsLabel(v)) totalsCell = v;
      } else {
        nonBlank = true;
        if (isDate(v) && v.getTime() !== v.getTime()) (unusable ??= []).push(c);
      }
    }
    if (!nonBlank) {
      blankRun++;
      continue;
    }
    if (blankRun >= 2) {
      // After a blank block, only a data row continues the table.
      const dv = row[dateCol];
      const d =
        typeof dv === 'number' ? coerceDate(dv, fmtIsDate(cells, fmtMemo, r, dateCol)) : coerceDate(dv);
      if (d === null || coerceNumber(row[amountCol], amountDC) === null) break;
    }
    blankRun = 0;
    lastIndex = r;
    if (totalsCell !== null) {
      addSkip(skipped, lang, origin, r, 'totals', totalsCell);
      continue;
    }

    // date
    const dv = row[dateCol];
    let serial: number | null = null;
    let dCoerced = false;
    if (typeof dv === 'number') {
      const df = hasFormats ? fmtIsDate(cells, fmtMemo, r, dateCol) : undefined;
      serial = coerceDate(dv, df);
      dCoerced = serial !== null && (serial !== Math.floor(dv) || (date1904 && df !== true));
    } else if (typeof dv === 'string') {
      if (!isBlank(dv)) {
        serial = dateCache.get(dv) ?? null;
        if (serial === null && !dateCache.has(dv)) {
          serial = coerceDate(dv);
          if (dateCache.size < DATE_CACHE_LIMIT) dateCache.set(dv, serial);
        }
        dCoerced = true;
      }
    } else if (dv !== null && dv !== undefined) {
      serial = coerceDate(dv);
    }
    if (serial === null) {
      addSkip(skipped, lang, origin, r, isBlank(dv) ? 'blank-date' : 'bad-date', dv, dateHeader);
      continue;
    }

    // amount
    const av = row[amountCol];
    let amt: number | null = null;
    let aCoerced = false;
    if (typeof av === 'number') {
      if (av - av === 0) amt = av;
    } else if (typeof av === 'string') {
      amt = coerceNumber(av, amountDC);
      aCoerced = true;
    }
    if (amt === null && isBlank(av)) {
      // A period row with a target and no sales yet (a plan for the months ahead) is a record of 0 sales.
      for (let k = 0; k < nNum; k++) {
        const nc = numCols[k];
        if (nc.role === 'target' && !isBlank(row[nc.col])) amt = 0;
      }
    }
    if (amt === null) {
      addSkip(skipped, lang, origin, r, isBlank(av) ? 'blank-amount' : 'bad-amount', av, amountHeader);
      continue;
    }
    // No sales amount reaches 10^15 (a spreadsheet keeps 15 significant digits); larger ones would overflow
    // the sums into Infinity and NaN.
    if (amt > MAX_AMOUNT || amt < -MAX_AMOUNT) {
      addSkip(skipped, lang, origin, r, 'huge-amount', av, amountHeader);
      continue;
    }

    // the record
    index[n] = r;
    date[n] = serial;
    amount[n] = amt;
    if (dCoerced) dateCoerced.push(r);
    if (aCoerced) amountCoerced.push(r);
    for (let k = 0; k < nNum; k++) {
      const nc = numCols[k];
      const v = row[nc.col];
      let x = NaN;
      if (typeof v === 'number') {
        if (v - v === 0) x = v;
        else addSkip(skipped, lang, origin, r, 'bad-number', v, nc.header);
      } else if (v !== null && v !== undefined && !isBlank(v)) {
        const got = coerceNumber(v as Cell, nc.decimalComma);
        if (got === null) addSkip(skipped, lang, origin, r, 'bad-number', v, nc.header);
        else {
          x = got;
          if (typeof v === 'string') nc.coerced.push(r);
        }
      }
      nc.out[n] = x;
    }
    for (let k = 0; k < nDate; k++) {
      const dc = dateCols[k];
      let x = NaN;
      if (dc.col === dateCol) {
        x = serial;
        if (dCoerced) dc.coerced.push(r);
      } else {
        const v = row[dc.col];
        if (v !== null && v !== undefined && !isBlank(v)) {
          let got: number | null;
          let plain = false;
          if (typeof v === 'number') {
            const df = hasFormats ? fmtIsDate(cells, fmtMemo, r, dc.col) : undefined;
            got = coerceDate(v, df);
            plain = date1904 && df !== true;
          } else got = coerceDate(v as Cell);
          if (got === null) addSkip(skipped, lang, origin, r, 'bad-cell', v, dc.header);
          else {
            x = got;
            if (typeof v === 'string' || (typeof v === 'number' && (got !== Math.floor(v) || plain)))
              dc.coerced.push(r);
          }
        }
      }
      dc.out[n] = x;
    }
    if (unusable !== null) reportUnusable(s, r, row, unusable);
    n++;
  }
  return { n, lastIndex };
}

/**
 * Cells of a kept row that no column can use (an invalid Date, as ExcelJS makes of a date-formatted 1e20; a
 * NaN or an infinity) in columns the role checks above did not report already: each is reported, and left
 * out of what is written (never thrown on).
 */
function reportUnusable(s: Scan, r: number, row: Row, cols: number[]): void {
  for (const c of cols) {
    if (c === s.dateCol || c === s.amountCol) continue;
    if (s.numCols.some((nc) => nc.col === c) || s.dateCols.some((dc) => dc.col === c)) continue;
    const v = row[c];
    addSkip(
      s.skipped,
      s.lang,
      s.origin,
      r,
      typeof v === 'number' ? 'bad-number' : 'bad-cell',
      v,
      s.headers[c - s.c0],
    );
  }
}

const RE_NUM_CHARS = /[^\d.,]/g;

/**
 * Whether the text amounts of a column use a decimal comma: "1.234,5" or "12,5" style cells are
 * present and outnumber the "12.5" style, and none looks like "1,234.50".
 */
export function detectDecimalComma(cells: CellRows, from: number, col: number): boolean {
  let comma = 0;
  let point = 0;
  let pointStrict = 0;
  let seen = 0;
  const end = Math.min(cells.length, from + 5000);
  for (let r = from; r < end && seen < 500; r++) {
    const v = cellOf(cells, r, col);
    if (typeof v !== 'string' || v.length > 100) continue;
    const t = toHalfWidth(v).replace(RE_NUM_CHARS, '');
    if (t.length === 0) continue;
    seen++;
    const lastDot = t.lastIndexOf('.');
    const lastComma = t.lastIndexOf(',');
    if (lastDot >= 0 && lastComma >= 0) {
      if (lastComma > lastDot) comma++;
      else pointStrict++;
    } else if (lastComma >= 0) {
      if (t.indexOf(',') === lastComma && t.length - lastComma - 1 !== 3) comma++;
    } else if (lastDot >= 0) {
      if (t.indexOf('.') !== lastDot) comma++;
      else if (t.length - lastDot - 1 !== 3) point++;
    }
  }
  return comma > 0 && pointStrict === 0 && comma > point;
}
