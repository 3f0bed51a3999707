/**
 * CSV text to typed cells in one pass, for large files: the same cells and number formats as
 * `typeCsv(parseCsv(text))` (cli/io/read.ts: RFC 4180 fields, Excel-like typing), deep-equal to them, but
 * without an intermediate array of raw fields and with few objects per row:
 * - a field is typed as it is cut from the text; plain numbers ("596.80", "-12", "3") and ISO dates are typed
 *   on the spot, anything else goes through `typeCsvField` itself (so the rules live in one place);
 * - one Date per distinct day, shared by every cell of that day (a CSV's dates repeat: 1,096 days in a
 *   million rows); nothing here or downstream changes a cell;
 * - repeated texts (regions, reps, products, an order ID on its consecutive lines) are one string each;
 * - rows with the same number formats share one formats row (most rows: a date and nothing else).
 * Host code (Node-free, but only the command line uses it).
 */
import type { Cell } from '../../core/types';
import { typeCsvField } from './read';

const DATE_FORMAT = 'yyyy-mm-dd';
/** Format codes of the signature of a formats row (0: none). */
const FORMATS: (string | null)[] = [null, DATE_FORMAT, '#,##0', '#,##0.00'];
const MAX_SIG_COLUMNS = 26; // 4^26 < 2^53: a row's format codes fit one number
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
 * Repeated texts of one column as one string: an open-addressing table keyed by a hash of the characters, so
 * that a text seen before costs no new string. It stops interning when most texts are new (IDs).
 */
class TextPool {
  private size = 256;
  private strings: (string | undefined)[] = new Array<string | undefined>(256);
  private hashes = new Int32Array(256);
  private count = 0;
  private on = true;
  private seen = 0;
  private hits = 0;
  private last = '';

  /** The text of text[from, to), whose hash (hashOf) is `h`. */
  get(text: string, from: number, to: number, h: number): string {
    const len = to - from;
    const last = this.last;
    if (last.length === len && same(last, text, from, len)) return last;
    if (!this.on) return (this.last = text.slice(from, to));
    const mask = this.size - 1;
    let slot = h & mask;
    for (;;) {
      const s = this.strings[slot];
      if (s === undefined) break;
      if (this.hashes[slot] === h && s.length === len && same(s, text, from, len)) {
        this.hits++;
        this.seen++;
        return (this.last = s);
      }
      slot = (slot + 1) & mask;
    }
    const s = text.slice(from, to);
    if (++this.seen === 8192 && this.hits < 2048) this.on = false;
    else if (this.count < 1 << 20) this.insert(s, h, slot);
    return (this.last = s);
  }

  private insert(s: string, h: number, slot: number): void {
    this.strings[slot] = s;
    this.hashes[slot] = h;
    if (++this.count * 2 <= this.size) return;
    const old = this.strings;
    const oldHashes = this.hashes;
    this.size *= 2;
    this.strings = new Array<string | undefined>(this.size);
    this.hashes = new Int32Array(this.size);
    const mask = this.size - 1;
    for (let k = 0; k < old.length; k++) {
      const x = old[k];
      if (x === undefined) continue;
      let g = oldHashes[k] & mask;
      while (this.strings[g] !== undefined) g = (g + 1) & mask;
      this.strings[g] = x;
      this.hashes[g] = oldHashes[k];
    }
  }
}

/** FNV-1a of text[from, to), as the field scan computes it on its way. */
function hashOf(text: string, from: number, to: number): number {
  let h = FNV_SEED;
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}
const FNV_SEED = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** Whether s equals text[from, from + len) (s.length === len). */
function same(s: string, text: string, from: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (s.charCodeAt(k) !== text.charCodeAt(from + k)) return false;
  return true;
}

/** What typing a field gave: the cell, and its format code (index into FORMATS) in `format`. */
interface Typer {
  /** yyyymmdd as written -> its Date, or null when it is no day. */
  dates: Map<number, Date | null>;
  /** A day's time -> its one Date. */
  byTime: Map<number, Date>;
  format: number;
}

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

/** text[from, to) as "yyyy-mm-dd": the shared Date of that day (UTC midnight), or null when it is not one. */
function isoDate(text: string, from: number, to: number, t: Typer): Date | null {
  if (to - from !== 10 || text.charCodeAt(from + 4) !== 45 || text.charCodeAt(from + 7) !== 45) return null;
  let y = 0;
  let md = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const d = text.charCodeAt(from + i) - 48;
    if (d < 0 || d > 9) return null;
    if (i < 4) y = y * 10 + d;
    else md = md * 10 + d;
  }
  // Keyed by the digits as written (2024-02-30 must not find 2024-03-01's Date): null for no such day.
  const key = y * 10000 + md;
  let date = t.dates.get(key);
  if (date === undefined) {
    const m = Math.floor(md / 100);
    const day = md % 100;
    const probe = new Date(Date.UTC(y, m - 1, day));
    const ok =
      y >= 1900 &&
      probe.getUTCFullYear() === y &&
      probe.getUTCMonth() === m - 1 &&
      probe.getUTCDate() === day;
    date = ok ? (t.byTime.get(probe.getTime()) ?? probe) : null;
    t.dates.set(key, date);
    if (date) t.byTime.set(date.getTime(), date);
  }
  return date;
}

/** Whether a field starting with `c` is text as written: not a space that trim() removes, not + or . of a number. */
function plainTextStart(c: number): boolean {
  if (c <= 32 || c === 43 || c === 46 || c === 160 || c === 0x1680 || c === 0xfeff) return false;
  return (
    c < 0x2000 || (c > 0x200a && c !== 0x2028 && c !== 0x2029 && c !== 0x202f && c !== 0x205f && c !== 0x3000)
  );
}

/** The field text[from, to) typed as typeCsvField types it; its format code goes to `t.format`. */
function typeField(text: string, from: number, to: number, h: number, pool: TextPool, t: Typer): Cell {
  t.format = 0;
  if (from === to) return null;
  const c = text.charCodeAt(from);
  if ((c >= 48 && c <= 57) || c === 45) {
    const v = plainNumber(text, from, to);
    if (v === v) return v;
    const d = isoDate(text, from, to, t);
    if (d !== null) {
      t.format = 1;
      return d;
    }
  } else if (plainTextStart(c)) return pool.get(text, from, to, h);
  const r = typeCsvField(text.slice(from, to));
  if (r.value instanceof Date) {
    t.format = 1;
    const known = t.byTime.get(r.value.getTime());
    if (known) return known;
    t.byTime.set(r.value.getTime(), r.value);
    return r.value;
  }
  t.format = r.format === null ? 0 : Math.max(0, FORMATS.indexOf(r.format));
  const v = r.value;
  return typeof v === 'string' ? pool.get(v, 0, v.length, hashOf(v, 0, v.length)) : v;
}

/** Collects the rows and their format signatures, then builds the dense result. */
class Sheet {
  readonly rows: Cell[][] = [];
  /** Per row: its format signature (0: no formats), or -1 with the codes in `wide`. */
  readonly sigs: number[] = [];
  readonly wide = new Map<number, Uint8Array>();
  /** Per row: whether every field was empty (such rows at the end are dropped). */
  readonly empty: boolean[] = [];
  width = 0;

  add(row: Cell[], codes: Uint8Array, allEmpty: boolean, lastFilled: number): void {
    const r = this.rows.length;
    this.rows.push(row);
    this.empty.push(allEmpty);
    let sig = 0;
    let wide = false;
    for (let j = row.length - 1; j >= 0; j--) {
      if (codes[j] === 0) continue;
      if (j >= MAX_SIG_COLUMNS) wide = true;
      else sig += codes[j] * 4 ** j;
    }
    if (wide) this.wide.set(r, codes.slice(0, row.length));
    this.sigs.push(wide ? -1 : sig);
    if (!allEmpty && lastFilled + 1 > this.width) this.width = lastFilled + 1;
  }

  finish(): { cells: Cell[][]; formats: (string | null)[][] } {
    let end = this.rows.length;
    while (end > 0 && this.empty[end - 1]) end--;
    const width = this.width;
    const cells = this.rows;
    cells.length = end;
    const formats: (string | null)[][] = new Array<(string | null)[]>(end);
    const shared = new Map<number, (string | null)[]>();
    const rowOf = (codes: ArrayLike<number>): (string | null)[] => {
      const f = new Array<string | null>(width).fill(null);
      for (let j = 0; j < width && j < codes.length; j++) f[j] = FORMATS[codes[j]];
      return f;
    };
    for (let i = 0; i < end; i++) {
      const row = cells[i];
      if (row.length > width) row.length = width;
      while (row.length < width) row.push(null);
      const sig = this.sigs[i];
      if (sig < 0) {
        formats[i] = rowOf(this.wide.get(i)!);
        continue;
      }
      let f = shared.get(sig);
      if (!f) {
        const codes: number[] = [];
        for (let s = sig; s > 0; s = Math.floor(s / 4)) codes.push(s % 4);
        shared.set(sig, (f = rowOf(codes)));
      }
      formats[i] = f;
    }
    return { cells, formats };
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

/**
 * CSV text to a dense array of typed cells and their number formats: deep-equal to
 * `typeCsv(parseCsv(text, delimiter))`. Rows with the same formats share one formats array, and cells of
 * the same day one Date: treat both as read-only.
 */
export function typeCsvText(
  text: string,
  delimiter?: string,
): { cells: Cell[][]; formats: (string | null)[][] } {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const sep = delimiter !== undefined ? delimiter.charCodeAt(0) : sniffDelimiter(text);
  const sheet = new Sheet();
  const pools: TextPool[] = [];
  const t: Typer = { dates: new Map(), byTime: new Map(), format: 0 };
  const n = text.length;
  let codes = new Uint8Array(64);
  let row: Cell[] = [];
  let allEmpty = true;
  let lastFilled = -1;
  let i = 0;
  let j = 0;
  const put = (src: string, from: number, to: number, h: number): void => {
    const v = typeField(src, from, to, h, (pools[j] ??= new TextPool()), t);
    if (j >= codes.length) {
      const grown = new Uint8Array(codes.length * 2);
      grown.set(codes);
      codes = grown;
    }
    codes[j] = t.format;
    if (j < row.length) row[j] = v;
    else row.push(v);
    if (to > from) {
      allEmpty = false;
      lastFilled = j;
    }
    j++;
  };
  const endRow = (): void => {
    // Rows are made as long as the previous one (most rows of a CSV are), then fitted.
    const width = j;
    if (row.length > width) row.length = width;
    sheet.add(row, codes, allEmpty, lastFilled);
    codes.fill(0, 0, width);
    row = new Array<Cell>(width);
    j = 0;
    allEmpty = true;
    lastFilled = -1;
  };
  while (i < n) {
    // One field, from its first character.
    if (text.charCodeAt(i) === 34) {
      const field = quoted(text, i, sep);
      put(field.text, 0, field.text.length, hashOf(field.text, 0, field.text.length));
      i = field.end;
    } else {
      const from = i;
      let h = FNV_SEED;
      while (i < n) {
        const ch = text.charCodeAt(i);
        if (ch === sep || ch === 10 || ch === 13) break;
        h = Math.imul(h ^ ch, FNV_PRIME);
        i++;
      }
      put(text, from, i, h);
    }
    if (i >= n) {
      endRow();
      break;
    }
    const ch = text.charCodeAt(i);
    if (ch === sep) {
      i++;
      if (i >= n) {
        put('', 0, 0, FNV_SEED);
        endRow();
      }
    } else {
      i += ch === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      endRow();
    }
  }
  return sheet.finish();
}
