/**
 * The second level of the goal breakdown (目标分解到人): each top-level entity's target (a region's) split
 * over the entities of a second column within it (its reps), so that one plan runs from the company to every
 * rep. Compute only; the sheet lays it out below the top level (cascade-sheet.ts) with live formulas that use
 * the same arithmetic in the same order:
 * - weights within a region: the rep's basis in that region (base-year sales; a rep who started during the
 *   base year annualised × the ramp) × an ability factor (default 100%); reps with no base-year sales in the
 *   region share the reserve, none more than the median established rep (the top level's rules);
 * - annual targets: rounded running totals of the region's target by those shares (locks kept), so the reps
 *   of a region add up exactly to it;
 * - months: two-dimensional running totals against the region's month targets, so each rep's months add up
 *   to the rep's target and the reps' months to the region's months, exactly.
 * A rep who sold in two regions has a row under each (the region owns the target); the rep's plan is the sum.
 */
import type { Lang, SalesTable } from '../types';
// breakdown.ts imports this module too: only functions are shared, used at call time, never at load.
import {
  entityOf,
  entityWeights,
  runningGrid,
  runningSpread,
  type BreakdownEntity,
  type BreakdownOptions,
} from './breakdown';
import type { Entities, MonthlyCube } from './context';
import { labels } from './i18n';

/** What the cascade needs of the top level, as goalBreakdown computed it. */
export interface CascadeInput {
  table: SalesTable;
  /** Calendar month key per record (monthKeys) and the fiscal shift of the keys. */
  keys: Int32Array;
  kmin: number;
  kmax: number;
  /** Fiscal month keys of the cube = calendar keys + shift. */
  shift: number;
  top: Entities;
  child: Entities;
  /** The base window (fiscal month keys) and its year. */
  b1: number;
  b2: number;
  baseYear: number | null;
  unit: number;
  lang: Lang;
}

export interface CascadeLevel {
  /** The second column's header. */
  dimension: string;
  /** Per top-level entity (by name, lower-case trimmed): its children. */
  children: Map<string, BreakdownEntity[]>;
  /** Per child name: the sum over the regions it has rows in (annual and months). */
  totals: { name: string; target: number; months: number[] }[];
  warnings: string[];
}

const norm = (s: string): string => s.trim().toLowerCase();

/**
 * Split each top-level entity of `parents` over its children. `locks` are the children's fixed annual targets
 * per parent name; `ability` the factors per child name (1 when absent). Returns null when the locks of a
 * parent cannot be honoured (they exceed its target, or every child is locked and they do not add up).
 */
export function cascade(
  x: CascadeInput,
  parents: readonly BreakdownEntity[],
  opts: BreakdownOptions,
): CascadeLevel | null {
  const L = labels(x.lang);
  const warnings: string[] = [];
  const rowsOf = rowsByParent(x.top.codes, x.top.names.length);
  const abilities = new Map(Object.entries(opts.ability ?? {}).map(([k, v]) => [norm(k), v]));
  const ability = (name: string): number => {
    const a = abilities.get(norm(name));
    return a !== undefined && Number.isFinite(a) && a >= 0 ? a : 1;
  };
  const children = new Map<string, BreakdownEntity[]>();
  let blank = 0;
  for (const p of parents) {
    const code = x.top.names.findIndex((n) => norm(n) === norm(p.name));
    const rows = code >= 0 ? rowsOf[code] : new Int32Array(0);
    const cube = childCube(x, rows);
    blank += countBlank(cube);
    const ws = entityWeights(
      { ...opts, split: 'share' },
      cube,
      x.child.names.length,
      x.child.names,
      x.b1,
      x.b2,
      x.baseYear,
      [],
      x.lang,
      ability,
    );
    const locks = lockOf(opts.locks?.children, p.name);
    const locked = ws.map((w) => {
      const v = locks ? lockOf(locks, w.name) : undefined;
      return v !== undefined && Number.isFinite(v) ? v : undefined;
    });
    const T = runningSpread(
      p.target,
      ws.map((w) => w.share),
      locked,
      x.unit,
    );
    const lockedSum = locked.reduce<number>((a, v) => a + (v ?? 0), 0);
    if ((T.last < 0 && ws.length > 0 && lockedSum !== p.target) || (p.target >= 0 && T.rest < 0)) return null;
    const cum: number[] = [];
    p.months.forEach((v, j) => cum.push(j === 0 ? v : cum[j - 1] + v));
    const grid = ws.length ? runningGrid(p.target, T.values, cum, x.unit) : [];
    children.set(
      norm(p.name),
      ws.map((w, i) => ({
        ...entityOf(w, T.values[i], grid[i], locked[i] !== undefined),
        ability: ability(w.name),
        split: ws.split,
      })),
    );
    if (ws.length === 0 && p.target !== 0) warnings.push(L.warnNoChildren(p.name, x.child.header));
  }
  if (blank > 0) warnings.push(L.warnBlankChild(blank, x.child.header));
  return { dimension: x.child.header, children, totals: totalsOf(parents, children), warnings };
}

/** A value of a record keyed by name, case- and space-insensitively. */
function lockOf<T>(rec: Record<string, T> | undefined, name: string): T | undefined {
  if (!rec) return undefined;
  if (name in rec) return rec[name];
  const k = Object.keys(rec).find((n) => norm(n) === norm(name));
  return k === undefined ? undefined : rec[k];
}

/** The records of each top-level entity code (a counting sort of the codes). */
function rowsByParent(codes: Int32Array, n: number): Int32Array[] {
  const count = new Int32Array(n);
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) count[codes[i]]++;
  const out = Array.from({ length: n }, (_, e) => new Int32Array(count[e]));
  const at = new Int32Array(n);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c >= 0) out[c][at[c]++] = i;
  }
  return out;
}

/** Sales and row counts per child and fiscal month over `rows` (a blank child last), as monthlyCube does. */
function childCube(x: CascadeInput, rows: Int32Array): MonthlyCube {
  const months = Math.max(0, x.kmax - x.kmin + 1);
  const E = x.child.names.length;
  const sums = new Float64Array((E + 1) * months);
  const counts = new Float64Array((E + 1) * months);
  const a = x.table.amount;
  const codes = x.child.codes;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    const c = codes[i];
    const j = (c < 0 ? E : c) * months + (x.keys[i] - x.kmin);
    sums[j] += a[i];
    counts[j] += 1;
  }
  return { kmin: x.kmin + x.shift, kmax: x.kmax + x.shift, months, entities: E, sums, counts };
}

function countBlank(c: MonthlyCube): number {
  let n = 0;
  for (let k = 0; k < c.months; k++) n += c.counts[c.entities * c.months + k];
  return n;
}

/** Each child's plan over the parents it has rows under, in order of first appearance. */
function totalsOf(
  parents: readonly BreakdownEntity[],
  children: Map<string, BreakdownEntity[]>,
): CascadeLevel['totals'] {
  const byName = new Map<string, { name: string; target: number; months: number[] }>();
  for (const p of parents)
    for (const c of children.get(norm(p.name)) ?? []) {
      const t = byName.get(norm(c.name)) ?? {
        name: c.name,
        target: 0,
        months: new Array<number>(12).fill(0),
      };
      t.target += c.target;
      c.months.forEach((v, j) => (t.months[j] += v));
      byName.set(norm(c.name), t);
    }
  return [...byName.values()];
}
