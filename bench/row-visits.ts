/**
 * What a spreadsheet scans to recalculate a generated sheet: every SUMIFS / COUNTIFS / AVERAGEIFS call over the
 * source, and the rows of the range it reads. A guarded call, IF($E$3=0, SUMIFS(a block), SUMIFS(whole
 * columns)), counts as the branch taken while its guard is 0 (the block), which is what the tests check it is;
 * so do IF(AND($E$3=0, dates inside the guard's), ...) and IF(AND($B$3=$C$40, ...), SUM(months), SUMIFS(...)):
 * counted as the sheet is generated, its dates as written.
 */
import type { SheetSpec } from '../core/spec/types';

export interface Visits {
  /** Source-scanning calls that read whole columns (or the table's full rows). */
  whole: number;
  /** Source-scanning calls that read a block of rows. */
  block: number;
  /** Rows visited: whole calls × `rows` + each block call's rows. */
  rows: number;
}

/** `f` with every IF($X$n=0,A,B) and IF(AND($X$n=...,...),A,B) replaced by A. */
export function takenBranch(f: string): string {
  const guard = /IF\((\$[A-Z]+\$\d+=0,|AND\(\$[A-Z]+\$\d+=)/;
  for (let m = guard.exec(f); m; m = guard.exec(f)) {
    let a0 = m.index + m[0].length;
    if (m[1].startsWith('AND')) {
      // Past the AND's conditions, its ")" and the ",".
      for (let e = argEnd(f, a0); ; e = argEnd(f, e + 1))
        if (f[e] === ')') {
          a0 = e + 2;
          break;
        }
    }
    const a1 = argEnd(f, a0);
    const b1 = argEnd(f, a1 + 1);
    f = f.slice(0, m.index) + f.slice(a0, a1) + f.slice(b1 + 1);
  }
  return f;
}

/** Index of the comma or closing parenthesis that ends the argument starting at `i`. */
function argEnd(f: string, i: number): number {
  let depth = 0;
  let quoted: string | null = null;
  for (; i < f.length; i++) {
    const ch = f[i];
    if (quoted) {
      if (ch === quoted) quoted = null;
    } else if (ch === '"' || ch === "'") quoted = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') {
      if (depth === 0) return i;
      depth--;
    } else if (ch === ',' && depth === 0) return i;
  }
  throw new Error(`unbalanced formula: ${f}`);
}

/**
 * The source-scanning calls of `spec` on `sheet` (the source's name as formulas quote it, e.g. 'Sales') and the rows
 * they visit, `rows` being the source's rows (what a whole column costs).
 */
export function rowVisits(spec: SheetSpec, sheet: string, rows: number): Visits {
  const out: Visits = { whole: 0, block: 0, rows: 0 };
  const quoted = `'${sheet.replace(/'/g, "''")}'!`;
  for (const row of spec.cells)
    for (const c of row ?? []) {
      if (!c?.f) continue;
      const f = takenBranch(c.f);
      const call = /\b(?:SUMIFS|COUNTIFS|AVERAGEIFS)\(/g;
      for (let m = call.exec(f); m; m = call.exec(f)) {
        const start = m.index + m[0].length;
        const first = f.slice(start, argEnd(f, start));
        if (!first.startsWith(quoted)) continue;
        const block = /^\$[A-Z]+\$(\d+):\$[A-Z]+\$(\d+)$/.exec(first.slice(quoted.length));
        if (block) {
          out.block++;
          out.rows += Number(block[2]) - Number(block[1]) + 1;
        } else {
          out.whole++;
          out.rows += rows;
        }
      }
    }
  return out;
}
