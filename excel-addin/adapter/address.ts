/** A1 addresses as Office.js returns them ("Sales!A3:J600", "'My sheet'!B2") and as we build them. */
import { colLetter, quoteSheet } from '../../core/spec/a1';

export interface Rect {
  /** 0-based first row and column. */
  row: number;
  col: number;
  rows: number;
  cols: number;
}

/** "AB" -> 28 (1-based). */
export function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

/** Split "Sheet!A1:B2" / "'It''s'!A1" into the sheet name and the local address. */
export function splitAddress(address: string): { sheet: string | null; local: string } {
  if (address.startsWith("'")) {
    let i = 1;
    let name = '';
    while (i < address.length) {
      if (address[i] === "'") {
        if (address[i + 1] === "'") {
          name += "'";
          i += 2;
          continue;
        }
        break;
      }
      name += address[i++];
    }
    return { sheet: name, local: address.slice(i + 2) };
  }
  const k = address.lastIndexOf('!');
  return k < 0
    ? { sheet: null, local: address }
    : { sheet: address.slice(0, k), local: address.slice(k + 1) };
}

/** Parse a local A1 cell or range ("B3", "$B$3:$J$600") to a 0-based rectangle. */
export function parseRect(local: string): Rect | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(local.trim());
  if (!m) return null;
  const c1 = colNumber(m[1]);
  const r1 = Number(m[2]);
  const c2 = m[3] ? colNumber(m[3]) : c1;
  const r2 = m[4] ? Number(m[4]) : r1;
  return {
    row: Math.min(r1, r2) - 1,
    col: Math.min(c1, c2) - 1,
    rows: Math.abs(r2 - r1) + 1,
    cols: Math.abs(c2 - c1) + 1,
  };
}

/** 0-based rectangle -> "B3:J600" (or "B3"). */
export function rectAddress(r: Rect): string {
  const a = `${colLetter(r.col + 1)}${r.row + 1}`;
  if (r.rows === 1 && r.cols === 1) return a;
  return `${a}:${colLetter(r.col + r.cols)}${r.row + r.rows}`;
}

/** A sheet-qualified address for messages and source labels. */
export function qualified(sheet: string, local: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) && !/^[A-Za-z]{1,3}\d+$/.test(sheet)
    ? `${sheet}!${local}`
    : `${quoteSheet(sheet)}!${local}`;
}
