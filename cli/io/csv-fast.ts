/**
 * CSV text to typed columns in one pass (core/table/columns.ts): row by row the same cells and number formats
 * as `typeCsv(parseCsv(text))` (cli/io/read.ts: RFC 4180 fields, Excel-like typing), but without an array per
 * row or per field:
 * - a field is typed as it is cut from the text; plain numbers ("596.80", "-12", "3") and ISO dates are typed
 *   on the spot, anything else goes through `typeCsvField` itself (so the rules live in one place);
 * - a column's texts are kept once each, in a dictionary, with a code per row; its numbers and days in one
 *   Float64Array, its number formats as one byte per row.
 * Host code (Node-free, but only the command line uses it).
 */
import * as codes from '../../core/table/columns';
import { ColumnarCells, grown, type CellColumn } from '../../core/table/columns';
import type { Cell } from '../../core/types';
import { typeCsvField } from './read';

// The codes as module constants: hot loops read them without a property load (or a getter, under a bundler).
const { BLANK, DAY, NUMBER, OTHER } = codes;
const DATE_FORMAT = 'yyyy-mm-dd';
/** The number formats a CSV's cells get, by code (0: none). */
const FORMATS: (string | null)[] = [null, DATE_FORMAT, '#,##0', '#,##0.00'];
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** The delimiter of a CSV: a comma, or a tab or semicolon when the first line has no comma outside quotes. */
export function sniffDelimiter(text: string): number {
  let commas = 0;
  let tabs = 0;
  let semis = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) quoted = !quoted;
    else if (!quoted) {
      if (ch === 10 || ch === 13) break;
      if (ch === 44) commas++;
      else if (ch === 9) tabs++;
      else if (ch === 59) semis++;
    }
  }
  return commas > 0 ? 44 : tabs > 0 ? 9 : semis > 0 ? 59 : 44;
}

/**
 * The texts of one column as a dictionary: an open-addressing table keyed by a hash of the characters, so that a
 * text seen before costs no new string, only its code (its index in `texts`).
 */
class TextDict {
  readonly texts: string[] = [];
  private size = 256;
  private codes = new Int32Array(256).fill(-1);
  private hashes = new Int32Array(256);
  private last = -1;
  /** False once most texts were new (IDs): a text is then added without looking for it. */
  private dedupe = true;
  private seen = 0;
  private hits = 0;

  /** The code of text[from, to). Texts met again get the same code (in a column of IDs they need not). */
  code(text: string, from: number, to: number): number {
    const len = to - from;
    const texts = this.texts;
    if (this.last >= 0) {
      const s = texts[this.last];
      if (s.length === len && same(s, text, from, len)) return this.last;
    }
    if (!this.dedupe) {
      texts.push(text.slice(from, to));
      return (this.last = texts.length - 1);
    }
    if (++this.seen === 8192 && this.hits < 2048) this.dedupe = false;
    const h = hashOf(text, from, to);
    const mask = this.size - 1;
    let slot = h & mask;
    for (;;) {
      const k = this.codes[slot];
      if (k < 0) break;
      if (this.hashes[slot] === h) {
        const s = texts[k];
        if (s.length === len && same(s, text, from, len)) {
          this.hits++;
          return (this.last = k);
        }
      }
      slot = (slot + 1) & mask;
    }
    const k = texts.length;
    texts.push(text.slice(from, to));
    this.codes[slot] = k;
    this.hashes[slot] = h;
    if (texts.length * 2 > this.size) this.grow();
    return (this.last = k);
  }

  private grow(): void {
    const oldCodes = this.codes;
    const oldHashes = this.hashes;
    this.size *= 2;
    this.codes = new Int32Array(this.size).fill(-1);
    this.hashes = new Int32Array(this.size);
    const mask = this.size - 1;
    for (let k = 0; k < oldCodes.length; k++) {
      if (oldCodes[k] < 0) continue;
      let g = oldHashes[k] & mask;
      while (this.codes[g] >= 0) g = (g + 1) & mask;
      this.codes[g] = oldCodes[k];
      this.hashes[g] = oldHashes[k];
    }
  }
}

/**
 * A hash of text[from, to) for the dictionary: FNV-1a of its length, its first character and its last eight
 * (where IDs and names differ), so that a long text costs no more than a short one. Texts that share all of
 * those only meet in the same chain of the table, where they are compared whole.
 */
function hashOf(text: string, from: number, to: number): number {
  let h = Math.imul(FNV_SEED ^ (to - from), FNV_PRIME);
  if (to > from) h = Math.imul(h ^ text.charCodeAt(from), FNV_PRIME);
  for (let i = Math.max(from + 1, to - 8); i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}
const FNV_SEED = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** Whether s equals text[from, from + len) (s.length === len). */
function same(s: string, text: string, from: number, len: number): boolean {
  return len < 8 ? sameChars(s, text, from, len) : text.startsWith(s, from);
}

function sameChars(s: string, text: string, from: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (s.charCodeAt(k) !== text.charCodeAt(from + k)) return false;
  return true;
}

/** yyyymmdd as written -> the time of that day (UTC midnight), or NaN when it is no day. */
type DayTimes = Map<number, number>;

/** text[from, to) as a plain number "-?digits(.digits)?" read as Number() reads it; NaN when it is not that plain. */
function plainNumber(text: string, from: number, to: number): number {
  let i = text.charCodeAt(from) === 45 ? from + 1 : from;
  const intStart = i;
  let m = 0;
  let sig = 0;
  while (i < to) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    m = m * 10 + d;
    if (sig > 0 || d > 0) sig++;
    i++;
  }
  const intLen = i - intStart;
  if (intLen === 0 || (intLen > 1 && text.charCodeAt(intStart) === 48)) return NaN;
  let k = 0;
  if (i < to) {
    if (text.charCodeAt(i) !== 46) return NaN;
    i++;
    while (i < to) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return NaN;
      m = m * 10 + d;
      if (sig > 0 || d > 0) sig++;
      i++;
      k++;
    }
    if (k === 0) return NaN;
  }
  // Up to 15 significant digits the mantissa is exact, and one correctly rounded division by an exact power
  // of ten gives the double nearest the decimal, as Number() does.
  if (sig > 15 || k > 22) return NaN;
  const v = k === 0 ? m : m / POW10[k];
  return intStart > from ? -v : v;
}

/** text[from, to) as "yyyy-mm-dd": the time of that day (UTC midnight), or NaN when it is not one. */
function isoDay(text: string, from: number, to: number, days: DayTimes): number {
  if (to - from !== 10 || text.charCodeAt(from + 4) !== 45 || text.charCodeAt(from + 7) !== 45) return NaN;
  let y = 0;
  let md = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const d = text.charCodeAt(from + i) - 48;
    if (d < 0 || d > 9) return NaN;
    if (i < 4) y = y * 10 + d;
    else md = md * 10 + d;
  }
  // Keyed by the digits as written (2024-02-30 must not find 2024-03-01): NaN for no such day.
  const key = y * 10000 + md;
  let time = days.get(key);
  if (time === undefined) {
    const m = Math.floor(md / 100);
    const day = md % 100;
    const probe = new Date(Date.UTC(y, m - 1, day));
    const ok =
      y >= 1900 &&
      probe.getUTCFullYear() === y &&
      probe.getUTCMonth() === m - 1 &&
      probe.getUTCDate() === day;
    time = ok ? probe.getTime() : NaN;
    days.set(key, time);
  }
  return time;
}

/** Whether a field starting with `c` is text as written: not a space that trim() removes, not + or . of a number. */
function plainTextStart(c: number): boolean {
  if (c <= 32 || c === 43 || c === 46 || c === 160 || c === 0x1680 || c === 0xfeff) return false;
  return (
    c < 0x2000 || (c > 0x200a && c !== 0x2028 && c !== 0x2029 && c !== 0x202f && c !== 0x205f && c !== 0x3000)
  );
}

/** One column as it is read: a code per row (columns.ts), the numbers and days, the formats, the texts. */
class ColumnBuilder {
  codes: Int32Array;
  values: Float64Array | null = null;
  fmt: Uint8Array | null = null;
  other: Map<number, Cell> | null = null;
  readonly dict = new TextDict();

  constructor(capacity: number) {
    this.codes = new Int32Array(capacity).fill(BLANK);
  }

  grow(capacity: number): void {
    this.codes = grown(this.codes, capacity, BLANK);
    this.values = this.values && grown(this.values, capacity);
    this.fmt = this.fmt && grown(this.fmt, capacity);
  }

  /** Row r holds a number (or a day's time, `code` DAY) with the format `format` (index into FORMATS). */
  number(r: number, v: number, code: number, format: number): void {
    this.codes[r] = code;
    (this.values ??= new Float64Array(this.codes.length))[r] = v;
    if (format !== 0) (this.fmt ??= new Uint8Array(this.codes.length))[r] = format;
  }

  /** The field text[from, to) typed as typeCsvField types it, at row r. */
  field(r: number, text: string, from: number, to: number, days: DayTimes): void {
    if (from === to) return;
    const c = text.charCodeAt(from);
    if ((c >= 48 && c <= 57) || c === 45) {
      const v = plainNumber(text, from, to);
      if (v === v) return this.number(r, v, NUMBER, 0);
      const t = isoDay(text, from, to, days);
      if (t === t) return this.number(r, t, DAY, 1);
    } else if (plainTextStart(c)) {
      this.codes[r] = this.dict.code(text, from, to);
      return;
    }
    const typed = typeCsvField(text.slice(from, to));
    const v = typed.value;
    const format = typed.format === null ? 0 : Math.max(0, FORMATS.indexOf(typed.format));
    if (typeof v === 'number') this.number(r, v, NUMBER, format);
    else if (v instanceof Date) this.number(r, v.getTime(), DAY, 1);
    else if (typeof v === 'string') this.codes[r] = this.dict.code(v, 0, v.length);
    else if (v !== null && v !== undefined) {
      this.codes[r] = OTHER;
      (this.other ??= new Map()).set(r, v);
    }
  }

  finish(rows: number): CellColumn {
    // Sized from the line count, the arrays are nearly always the right length: a view, not a copy, then.
    const fit = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T =>
      (rows >= a.length * 0.9 ? a.subarray(0, rows) : a.slice(0, rows)) as T;
    return {
      codes: fit(this.codes),
      texts: this.dict.texts,
      values: this.values && fit(this.values),
      fmt: this.fmt && fit(this.fmt),
      other: this.other,
    };
  }
}

/** The columns of a CSV as its rows are read; rows made only of empty fields at the end are dropped. */
class Columns {
  readonly cols: ColumnBuilder[] = [];
  capacity: number;
  rows = 0;
  /** Rows up to the last one with a field that is not empty. */
  used = 0;
  width = 0;

  constructor(capacity: number) {
    this.capacity = Math.max(16, capacity);
  }

  column(j: number): ColumnBuilder {
    while (this.cols.length <= j) this.cols.push(new ColumnBuilder(this.capacity));
    return this.cols[j];
  }

  /** Makes room for one more row; the next row is `rows`. */
  room(): void {
    if (this.rows < this.capacity) return;
    this.capacity *= 2;
    for (const c of this.cols) c.grow(this.capacity);
  }

  endRow(lastFilled: number): void {
    this.rows++;
    if (lastFilled >= 0) {
      this.used = this.rows;
      if (lastFilled + 1 > this.width) this.width = lastFilled + 1;
    }
  }

  /** The columns; with `keepEmptyEnd` the rows made only of empty fields at the end are kept too. */
  finish(keepEmptyEnd = false): ColumnarCells {
    const rows = keepEmptyEnd ? this.rows : this.used;
    const cols = this.cols.slice(0, this.width).map((c) => c.finish(rows));
    return new ColumnarCells(rows, cols, FORMATS);
  }
}

/**
 * A quoted field starting at text[at] (the quote): its text ("" read as one quote; characters after the closing
 * quote belong to the field, as in parseCsv) and where it ends (the delimiter, a line end or the end).
 */
function quoted(text: string, at: number, sep: number): { text: string; end: number } {
  const n = text.length;
  let s = '';
  let i = at + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return { text: s + text.slice(i), end: n };
    s += text.slice(i, q);
    if (text.charCodeAt(q + 1) === 34) {
      s += '"';
      i = q + 2;
    } else {
      i = q + 1;
      break;
    }
  }
  const from = i;
  while (i < n) {
    const ch = text.charCodeAt(i);
    if (ch === sep || ch === 10 || ch === 13) break;
    i++;
  }
  return { text: from < i ? s + text.slice(from, i) : s, end: i };
}

/** Number of line feeds in text (a CSV's rows, near enough to size its columns at once). */
function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n + 1;
}

/**
 * CSV text to typed columns (core/table/columns.ts): row by row, the same cells and number formats as
 * `typeCsv(parseCsv(text, delimiter))`, each field typed as it is cut from the text.
 */
export function csvColumns(text: string, delimiter?: string): ColumnarCells {
  const sep = delimiter !== undefined ? delimiter.charCodeAt(0) : sniffDelimiter(text);
  return csvPart(text, sep, false).cells;
}

/**
 * A run of a CSV's lines to typed columns, with the delimiter's code `sep` (cli/io/csv-parallel.ts reads a large
 * CSV in two parts). With `keepEmptyEnd` the part keeps its rows of empty fields at the end (more rows follow).
 * `clean`: the part ended with a line break outside quotes, so the next part starts where a row starts.
 */
export function csvPart(
  text: string,
  sep: number,
  keepEmptyEnd: boolean,
): { cells: ColumnarCells; used: number; clean: boolean } {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let clean = false;
  const sepChar = String.fromCharCode(sep);
  const out = new Columns(lineCount(text));
  const days: DayTimes = new Map();
  const n = text.length;
  let lastFilled = -1;
  let i = 0;
  let j = 0;
  // The next delimiter, line feed and carriage return at or after i (n: none), found by indexOf (memchr).
  let nextSep = -1;
  let nextLF = -1;
  let nextCR = -1;
  const after = (cached: number, ch: string): number => {
    if (cached >= i) return cached;
    const k = text.indexOf(ch, i);
    return k < 0 ? n : k;
  };
  out.room();
  const put = (src: string, from: number, to: number): void => {
    if (to > from) {
      out.column(j).field(out.rows, src, from, to, days);
      lastFilled = j;
    }
    j++;
  };
  const endRow = (): void => {
    out.endRow(lastFilled);
    out.room();
    j = 0;
    lastFilled = -1;
  };
  while (i < n) {
    // One field, from its first character.
    if (text.charCodeAt(i) === 34) {
      const field = quoted(text, i, sep);
      put(field.text, 0, field.text.length);
      i = field.end;
    } else {
      nextSep = after(nextSep, sepChar);
      nextLF = after(nextLF, '\n');
      nextCR = after(nextCR, '\r');
      const end = Math.min(nextSep, nextLF, nextCR);
      put(text, i, end);
      i = end;
    }
    if (i >= n) {
      endRow();
      break;
    }
    const ch = text.charCodeAt(i);
    if (ch === sep) {
      i++;
      if (i >= n) {
        put('', 0, 0);
        endRow();
      }
    } else {
      i += ch === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      endRow();
      clean = i >= n;
    }
  }
  return { cells: out.finish(keepEmptyEnd), used: out.used, clean };
}

/**
 * CSV text to a dense array of typed cells and their number formats: deep-equal to
 * `typeCsv(parseCsv(text, delimiter))` (the rows of `csvColumns`). Cells of the same day share one Date: treat
 * them as read-only.
 */
export function typeCsvText(
  text: string,
  delimiter?: string,
): { cells: Cell[][]; formats: (string | null)[][] } {
  const cols = csvColumns(text, delimiter);
  const cells: Cell[][] = [];
  const formats: (string | null)[][] = [];
  for (let r = 0; r < cols.length; r++) {
    cells.push(cols.row(r));
    formats.push([...cols.formatsRow(r)]);
  }
  return { cells, formats };
}
