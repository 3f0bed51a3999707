/**
 * Dimension grouping: the label of each record in a text column (rep, region, product, ...).
 */
import type { Role, SalesTable } from '../types';
import { ROLES } from '../types';
import { dateToSerial, isDate, serialToISO } from './coerce';
import { findHeaderIndex, matchHeader } from './headers';

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

/**
 * Groups the records of a table by the labels of one column (`headerIndex` into `table.headers`).
 *
 * `codes[i]` is the index into `labels` of record i's label, or -1 when its cell is blank (or when
 * `keep` is given and refuses record i). Labels are compared trimmed and case-insensitively (as SUMIFS
 * compares them); each label is spelled as first seen. Labels are listed in order of first appearance.
 */
export function labelColumn(
  table: SalesTable,
  headerIndex: number,
  keep?: (i: number) => boolean,
): { codes: Int32Array; labels: string[] } {
  const n = table.length;
  const codes = new Int32Array(n).fill(-1);
  const labels: string[] = [];
  if (!Number.isInteger(headerIndex) || headerIndex < 0 || headerIndex >= table.headers.length) {
    return { codes, labels };
  }
  const col = table.columnOffset + headerIndex;
  const cells = table.cells;
  const index = table.index;
  const byKey = new Map<string, number>();
  /** Exact raw text → code, to skip trimming and folding repeated strings. */
  const byRaw = new Map<string, number>();
  // The raw cache pays off for repeated labels (regions, reps); for unique ones (order IDs) it only
  // doubles the work, so it is switched off when it misses most of the time.
  let useRaw = true;
  let seen = 0;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    if (keep && !keep(i)) continue;
    if (useRaw && ++seen === 4096 && hits < 1024) useRaw = false;
    const row = cells[index[i]] as readonly unknown[] | undefined;
    const v = Array.isArray(row) ? row[col] : undefined;
    if (useRaw && typeof v === 'string') {
      const hit = byRaw.get(v);
      if (hit !== undefined) {
        codes[i] = hit;
        hits++;
        continue;
      }
    }
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
    if (useRaw && typeof v === 'string' && byRaw.size < 1_000_000) byRaw.set(v, code);
    codes[i] = code;
  }
  return { codes, labels };
}

/**
 * The index of a header of the table: by its text (trimmed, case-insensitive), or by a role name
 * ("region", "orderId") or a header synonym ("地区", "Territory") of a mapped role. -1 when absent.
 */
export function findHeader(table: SalesTable, name: string): number {
  if (typeof name !== 'string') return -1;
  const direct = findHeaderIndex(table.headers, name);
  if (direct >= 0) return direct;
  const want = name.trim().toLowerCase();
  const role = (ROLES as readonly string[]).find((r) => r.toLowerCase() === want) as Role | undefined;
  if (role !== undefined) return table.mapping[role] ?? -1;
  const cands = matchHeader(name.trim());
  if (cands.length > 0 && cands[0].exact) return table.mapping[cands[0].role] ?? -1;
  return -1;
}
