/**
 * Dimension grouping: the label of each record in a text column (rep, region, product, ...).
 */
import type { Role, SalesTable } from '../types';
import { ROLES } from '../types';
import { dateToSerial, isDate, serialToISO } from './coerce';
import { cellOf, isColumnar, type CellColumn, type ColumnarCells } from './columns';
import { findHeaderIndex, matchHeader, normalizeHeader } from './headers';

/** A cell as a label: trimmed text; numbers as String(n); Dates as YYYY-MM-DD; blank → "". */
function labelText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return v - v === 0 ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (isDate(v)) {
    const s = dateToSerial(v);
    return s === s ? serialToISO(s) : '';
  }
  return '';
}

/** ASCII without lower-case letters: its own case-insensitive key. */
// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included
const ASCII_NO_LOWER = /^[\x00-\x60\x7b-\x7f]*$/;
// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

/**
 * The case-insensitive key of a trimmed label: two labels get the same key exactly when their
 * `toLowerCase()` agree. ASCII folds to upper case, so the usual IDs and codes ("SO1000004", "EAST")
 * are their own key and cost no new string; other text folds to lower case (and to upper case again
 * when that makes it ASCII, e.g. the Kelvin sign, so that it meets its ASCII twin).
 */
export function labelKey(text: string): string {
  if (ASCII_NO_LOWER.test(text)) return text;
  if (ASCII.test(text)) return text.toUpperCase();
  const lower = text.toLowerCase();
  return ASCII.test(lower) ? lower.toUpperCase() : lower;
}

/** The characters String.prototype.trim removes (WhiteSpace and LineTerminator of ECMAScript). */
export function trimmable(c: number): boolean {
  return c <= 32
    ? c === 32 || (c >= 9 && c <= 13)
    : c === 160 ||
        c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0x202f ||
        c === 0x205f ||
        c === 0x3000 ||
        c === 0xfeff;
}

/** Flags of a raw text cell: 1 = it has spaces around it (trim() would change it), 2 = it holds * ? or ~. */
function textFlags(v: string): number {
  if (v.length === 0) return 0;
  if (trimmable(v.charCodeAt(0)) || trimmable(v.charCodeAt(v.length - 1))) return 1;
  return v.includes('*') || v.includes('?') || v.includes('~') ? 2 : 0;
}

/**
 * Exact raw text → a number (a label's code), to skip trimming and folding repeated strings. It pays off for
 * repeated labels (regions, reps); for unique ones (order IDs) it only doubles the work, so it switches
 * itself off when it misses most of the time.
 */
class RawCache {
  private readonly map = new Map<string, number>();
  private on = true;
  private seen = 0;
  private hits = 0;

  get(v: string): number | undefined {
    if (!this.on) return undefined;
    if (++this.seen === 4096 && this.hits < 1024) {
      this.on = false;
      return undefined;
    }
    const hit = this.map.get(v);
    if (hit !== undefined) this.hits++;
    return hit;
  }

  set(v: string, x: number): void {
    if (this.on && this.map.size < 1_000_000) this.map.set(v, x);
  }
}

/**
 * A number per distinct text of a column held by column (`ColumnarCells`): what a grouping worked out for that
 * text, found by the row's dictionary code instead of by the string.
 */
class DictMemo {
  private readonly memo: Int32Array;
  private readonly hasMemo: Uint8Array;

  private constructor(
    private readonly cells: ColumnarCells,
    private readonly col: number,
    private readonly column: CellColumn,
  ) {
    this.memo = new Int32Array(column.texts.length);
    this.hasMemo = new Uint8Array(column.texts.length);
  }

  static of(cells: SalesTable['cells'], col: number): DictMemo | null {
    if (!isColumnar(cells)) return null;
    const column = cells.columns[col];
    return column ? new DictMemo(cells, col, column) : null;
  }

  /** The number kept for row r's text; undefined when r holds no text or none was kept. */
  get(r: number): number | undefined {
    const k = this.column.codes[r];
    return k >= 0 && this.hasMemo[k] === 1 ? this.memo[k] : undefined;
  }

  set(r: number, x: number): void {
    const k = this.column.codes[r];
    if (k < 0) return;
    this.memo[k] = x;
    this.hasMemo[k] = 1;
  }

  value(r: number): unknown {
    return this.cells.cell(r, this.col);
  }
}

export interface LabelColumn {
  /** Per record: the index into `labels` of its label, -1 when blank (or refused by `keep`). */
  codes: Int32Array;
  labels: string[];
  /** Records whose cell is text with spaces around it (formulas compare it untrimmed). */
  untrimmed: number;
  /** Whether a text cell without spaces around it holds a wildcard character (* ? ~) of SUMIFS criteria. */
  wildcard: boolean;
}

/**
 * Groups the records of a table by the labels of one column (`headerIndex` into `table.headers`).
 *
 * `codes[i]` is the index into `labels` of record i's label, or -1 when its cell is blank (or when
 * `keep` is given and refuses record i). Labels are compared trimmed and case-insensitively (as SUMIFS
 * compares them); each label is spelled as first seen. Labels are listed in order of first appearance.
 * On the way it counts the text cells that formulas would read differently (see `LabelColumn`).
 */
export function labelColumn(
  table: SalesTable,
  headerIndex: number,
  keep?: (i: number) => boolean,
): LabelColumn {
  const n = table.length;
  const codes = new Int32Array(n).fill(-1);
  const labels: string[] = [];
  const out: LabelColumn = { codes, labels, untrimmed: 0, wildcard: false };
  if (!Number.isInteger(headerIndex) || headerIndex < 0 || headerIndex >= table.headers.length) return out;
  const col = table.columnOffset + headerIndex;
  const cells = table.cells;
  const index = table.index;
  const byKey = new Map<string, number>();
  /** Raw text → (code + 1) * 4 + its textFlags. */
  const byRaw = new RawCache();
  let untrimmed = 0;
  let flagsSeen = 0;
  const dict = DictMemo.of(cells, col);
  for (let i = 0; i < n; i++) {
    if (keep && !keep(i)) continue;
    let v: unknown;
    let hit: number | undefined;
    if (dict !== null) {
      hit = dict.get(index[i]);
      v = hit === undefined ? dict.value(index[i]) : undefined;
    } else {
      v = cellOf(cells, index[i], col);
      if (typeof v === 'string') hit = byRaw.get(v);
    }
    if (hit !== undefined) {
      codes[i] = (hit >> 2) - 1;
      untrimmed += hit & 1;
      continue;
    }
    const flags = typeof v === 'string' ? textFlags(v) : 0;
    untrimmed += flags & 1;
    flagsSeen |= flags;
    const text = labelText(v);
    let code = -1;
    if (text !== '') {
      const key = labelKey(text);
      const known = byKey.get(key);
      if (known !== undefined) code = known;
      else {
        code = labels.length;
        labels.push(text);
        byKey.set(key, code);
      }
    }
    if (typeof v === 'string') {
      if (dict !== null) dict.set(index[i], (code + 1) * 4 + flags);
      else byRaw.set(v, (code + 1) * 4 + flags);
    }
    codes[i] = code;
  }
  out.untrimmed = untrimmed;
  out.wildcard = (flagsSeen & 2) !== 0;
  return out;
}

/**
 * Distinct keys of one column (order IDs, customers): `codes[i]` numbers record i's label so that two
 * records get the same code exactly when `labelColumn` would give them the same label (trimmed,
 * case-insensitive; -1 when blank or refused by `keep`); `count` is the number of codes. It does not keep
 * the labels: it is for counting. IDs made of a common ASCII prefix and up to 14 digits ("SO1000004",
 * "1000004", 1000004) are keyed by their number in a hash table of their own, without a string key;
 * other labels go through a Map as in `labelColumn`.
 */
export function keyColumn(
  table: SalesTable,
  headerIndex: number,
  keep?: (i: number) => boolean,
): { codes: Int32Array; count: number } {
  const n = table.length;
  const codes = new Int32Array(n).fill(-1);
  let count = 0;
  if (!Number.isInteger(headerIndex) || headerIndex < 0 || headerIndex >= table.headers.length) {
    return { codes, count };
  }
  const col = table.columnOffset + headerIndex;
  const cells = table.cells;
  const index = table.index;

  // The codes of the common prefix (upper-case ASCII without digits), learned from the first key of that form.
  let pre: number[] | null = null;
  // Open addressing over number keys: digits value + digit count × 1e14 (so "007" and "7" differ).
  let size = 1024;
  let keys = new Float64Array(size);
  let vals = new Int32Array(size).fill(-1);
  let visited = 0;
  // The bits of the key mixed (murmur3's finaliser): IDs are runs of consecutive numbers, and unmixed they fill
  // runs of consecutive slots, into which the keys of another run (another digit count) then probe linearly:
  // quadratic (27 s for 100,000 customers "Customer 1" .. "Customer 104122").
  const slot = (k: number, mask: number): number => {
    let h = (k | 0) ^ Math.imul((k / 4294967296) | 0, 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) & mask;
  };
  // IDs are mostly runs of consecutive numbers: their codes sit in blocks of 4,096 keys (found by block, no
  // hashing, and the next ID is in the block just used). Blocks stop being made once there are 256 of them (4 MB)
  // holding far more slots than keys (IDs spread thin); keys without a block then go to the hash table. A key is in its block
  // when the block exists, else in the table: never in both.
  const blocks = new Map<number, Int32Array>();
  let lastBlock = NaN;
  let lastCodes: Int32Array | undefined;
  let sparse = false;
  /** Keys in the hash table. */
  let filled = 0;
  const numCode = (k: number): number => {
    const b = Math.floor(k / 4096);
    let codes = b === lastBlock ? lastCodes : blocks.get(b);
    if (codes === undefined && !sparse) {
      if (blocks.size >= 256 && blocks.size * 4096 > 16 * (count + 1)) sparse = true;
      else blocks.set(b, (codes = new Int32Array(4096).fill(-1)));
    }
    if (codes !== undefined) {
      lastBlock = b;
      lastCodes = codes;
      const at = k - b * 4096;
      return codes[at] >= 0 ? codes[at] : (codes[at] = count++);
    }
    return hashCode(k);
  };
  const hashCode = (k: number): number => {
    let mask = size - 1;
    let h = slot(k, mask);
    while (vals[h] >= 0) {
      if (keys[h] === k) return vals[h];
      h = (h + 1) & mask;
    }
    const code = count++;
    keys[h] = k;
    vals[h] = code;
    if (++filled * 2 > size) {
      const ok = keys;
      const ov = vals;
      // Growing: when nearly every ID so far was new (one row per order), size the table at once for the
      // rows still to come instead of doubling (and rehashing) again and again.
      let grow = size * 2;
      if (filled * 10 > visited * 9) {
        let rows = 0;
        for (let j = 0; j < n; j++) if (!keep || keep(j)) rows++;
        while (grow < 2 * rows && grow < 1 << 26) grow *= 2;
      }
      size = grow;
      mask = size - 1;
      keys = new Float64Array(size);
      vals = new Int32Array(size).fill(-1);
      for (let j = 0; j < ok.length; j++) {
        if (ov[j] < 0) continue;
        let g = slot(ok[j], mask);
        while (vals[g] >= 0) g = (g + 1) & mask;
        keys[g] = ok[j];
        vals[g] = ov[j];
      }
    }
    return code;
  };
  /** The number key of a text made of the prefix `pre` (ASCII letters folded) and digits; -1 if it is not. */
  const digitsKey = (s: string, pre: number[]): number => {
    const p = pre.length;
    const len = s.length;
    if (len <= p || len - p > 14) return -1;
    for (let j = 0; j < p; j++) {
      let c = s.charCodeAt(j);
      if (c >= 97 && c <= 122) c -= 32;
      if (c !== pre[j]) return -1;
    }
    let x = 0;
    for (let j = p; j < len; j++) {
      const d = s.charCodeAt(j) - 48;
      if (d < 0 || d > 9) return -1;
      x = x * 10 + d;
    }
    return x + (len - p) * 1e14;
  };
  /** Learns the prefix from a canonical key ending in 1 to 14 digits after an ASCII prefix. */
  const learn = (key: string): void => {
    let j = key.length;
    while (j > 0 && key.charCodeAt(j - 1) >= 48 && key.charCodeAt(j - 1) <= 57) j--;
    if (j === key.length || key.length - j > 14) return;
    for (let q = 0; q < j; q++) if (key.charCodeAt(q) > 127) return;
    pre = Array.from(key.slice(0, j), (ch) => ch.charCodeAt(0));
  };
  const byKey = new Map<string, number>();
  const byRaw = new RawCache();
  const dict = DictMemo.of(cells, col);
  for (let i = 0; i < n; i++) {
    if (keep && !keep(i)) continue;
    let v: unknown;
    if (dict !== null) {
      const hit = dict.get(index[i]);
      if (hit !== undefined) {
        codes[i] = hit;
        continue;
      }
      v = dict.value(index[i]);
    } else v = cellOf(cells, index[i], col);
    if (typeof v === 'string') {
      const k = pre !== null ? digitsKey(v, pre) : -1;
      if (k >= 0) {
        visited++;
        codes[i] = numCode(k);
        dict?.set(index[i], codes[i]);
        continue;
      }
      const hit = dict === null ? byRaw.get(v) : undefined;
      if (hit !== undefined) {
        codes[i] = hit;
        continue;
      }
    }
    const text = labelText(v);
    let code = -1;
    if (text !== '') {
      const key = labelKey(text);
      if (pre === null) learn(key);
      const k = pre !== null ? digitsKey(key, pre) : -1;
      if (k >= 0) {
        visited++;
        code = numCode(k);
      } else {
        const known = byKey.get(key);
        if (known !== undefined) code = known;
        else byKey.set(key, (code = count++));
      }
    }
    if (typeof v === 'string') {
      if (dict !== null) dict.set(index[i], code);
      else byRaw.set(v, code);
    }
    codes[i] = code;
  }
  return { codes, count };
}

/**
 * The index of a header of the table: by its text (trimmed, case-insensitive), or by a role name
 * ("region", "orderId") or a header synonym ("地区", "Territory") of a mapped role. A name that is not a
 * header's whole text and is part of several headers ("销售" in 销售员 and 销售额) is ambiguous: -1, and
 * the columns it fits are pushed to `ambiguous` (in header order). -1 when absent.
 */
export function findHeader(table: SalesTable, name: string, ambiguous?: number[]): number {
  if (typeof name !== 'string') return -1;
  const direct = findHeaderIndex(table.headers, name);
  if (direct >= 0) return direct;
  const want = name.trim().toLowerCase();
  const role = (ROLES as readonly string[]).find((r) => r.toLowerCase() === want) as Role | undefined;
  if (role !== undefined) return table.mapping[role] ?? -1;
  const cands = matchHeader(name.trim());
  const bySynonym = cands.length > 0 && cands[0].exact ? (table.mapping[cands[0].role] ?? -1) : -1;
  // Headers that contain the name: as a substring for Chinese, as whole words otherwise.
  const norm = normalizeHeader(name);
  const cjk = /[\u3400-\u9fff\uf900-\ufaff]/.test(norm);
  const fits = new Set<number>(bySynonym >= 0 ? [bySynonym] : []);
  if (norm !== '')
    table.headers.forEach((h, i) => {
      const hn = normalizeHeader(h);
      if (cjk ? hn.includes(norm) : ` ${hn} `.includes(` ${norm} `)) fits.add(i);
    });
  if (fits.size > 1) {
    ambiguous?.push(...[...fits].sort((a, b) => a - b));
    return -1;
  }
  return bySynonym;
}
