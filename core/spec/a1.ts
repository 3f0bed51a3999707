/** A1-reference helpers for building native formulas. */

/** 1-based column number -> letters (1 -> A, 27 -> AA). */
export function colLetter(col: number): string {
  let s = '';
  let n = Math.floor(col);
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A1 address of a 1-based row and column; `abs` adds $ to both parts. */
export function a1(row: number, col: number, abs = false): string {
  return abs ? `$${colLetter(col)}$${row}` : `${colLetter(col)}${row}`;
}

/** A1 range between two 1-based cells. */
export function range(r1: number, c1: number, r2: number, c2: number, abs = false): string {
  return `${a1(r1, c1, abs)}:${a1(r2, c2, abs)}`;
}

/** A sheet name as it must appear in a formula: always quoted, quotes doubled. */
export function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** A string as a formula literal ("a""b"). */
export function strLit(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
