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
import type { TeamMember } from '../table/team';
import { serialToYMD } from '../table/coerce';
import { fiscalMonthStart } from './calendar';
import {
  entityOf,
  entityWeights,
  roundShare,
  type EntityWeight,
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
  /** The target fiscal year and the fiscal start (the months a rep of the team table works). */
  year: number;
  fiscalStart: number;
}

export interface CascadeLevel {
  /** The second column's header. */
  dimension: string;
  /** Per top-level entity (by name, lower-case trimmed): its children. */
  children: Map<string, BreakdownEntity[]>;
  /** Per child name: the sum over the regions it has rows in (annual and months). */
  totals: { name: string; target: number; months: number[] }[];
  warnings: string[];
  /** With a team table: the plan against the capacity it gives (reps with a capacity only). */
  team: { capacity: number; target: number; gap: number; moreReps: number; counted: number } | null;
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
  const team = teamIndex(opts.team ?? null, x);
  const ability = (name: string): number => {
    const a = lockOf(opts.ability, name) ?? team.get(norm(name))?.ability ?? undefined;
    return a !== undefined && a !== null && Number.isFinite(a) && a >= 0 ? a : 1;
  };
  // New hires of the team table who have no sales yet: listed under the region the table gives them.
  const names = [...x.child.names, ...[...team.values()].filter((t) => t.extra).map((t) => t.rep)];
  const children = new Map<string, BreakdownEntity[]>();
  let blank = 0;
  let ignoredLocks = false;
  for (const p of parents) {
    const code = x.top.names.findIndex((n) => norm(n) === norm(p.name));
    const cube = childCube(x, code >= 0 ? rowsOf[code] : new Int32Array(0), names.length);
    blank += countBlank(cube);
    const hires = new Set(
      names.flatMap((n, i) => (norm(team.get(norm(n))?.region ?? '') === norm(p.name) ? [i] : [])),
    );
    const ws = entityWeights(
      { ...opts, split: 'share' },
      cube,
      names.length,
      names,
      x.b1,
      x.b2,
      x.baseYear,
      [],
      x.lang,
      ability,
      hires,
    );
    const kids = opts.team
      ? byAvailability(p, ws, team, x.unit)
      : byRunningTotals(p, ws, lockOf(opts.locks?.children, p.name), x.unit);
    if (!kids) return null;
    if (opts.team && lockOf(opts.locks?.children, p.name)) ignoredLocks = true;
    children.set(
      norm(p.name),
      kids.map((k, i) => ({
        ...k,
        ability: ability(ws[i].name),
        split: ws.split,
        ...capacityOf(team, ws[i].name, k.availability),
      })),
    );
    if (ws.length === 0 && p.target !== 0) warnings.push(L.warnNoChildren(p.name, x.child.header));
  }
  if (blank > 0) warnings.push(L.warnBlankChild(blank, x.child.header));
  if (ignoredLocks) warnings.push(L.warnTeamLocks(x.child.header));
  return {
    dimension: x.child.header,
    children,
    totals: totalsOf(parents, children),
    warnings,
    team: opts.team ? teamSummary(children) : null,
  };
}

/**
 * Without a team table: annual targets are rounded running totals of the parent's target by share (locks kept),
 * months two-dimensional running totals against the parent's months. Null when the locks cannot be honoured.
 */
function byRunningTotals(
  p: BreakdownEntity,
  ws: readonly EntityWeight[],
  locks: Record<string, number> | undefined,
  unit: number,
): BreakdownEntity[] | null {
  const locked = ws.map((w) => {
    const v = locks ? lockOf(locks, w.name) : undefined;
    return v !== undefined && Number.isFinite(v) ? v : undefined;
  });
  const T = runningSpread(
    p.target,
    ws.map((w) => w.share),
    locked,
    unit,
  );
  const lockedSum = locked.reduce<number>((a, v) => a + (v ?? 0), 0);
  if ((T.last < 0 && ws.length > 0 && lockedSum !== p.target) || (p.target >= 0 && T.rest < 0)) return null;
  const cum: number[] = [];
  p.months.forEach((v, j) => cum.push(j === 0 ? v : cum[j - 1] + v));
  const grid = ws.length ? runningGrid(p.target, T.values, cum, unit) : [];
  return ws.map((w, i) => entityOf(w, T.values[i], grid[i], locked[i] !== undefined));
}

/**
 * With a team table: each month of the parent is split over the children by share × the share of the month they
 * work (start and end dates, the ramp), by rounded running totals down the month, so no one gets a target in a
 * month they do not work and the children add up to the parent's month exactly; a child's annual target is the
 * sum of its months (within one unit a month of its exact share).
 */
function byAvailability(
  p: BreakdownEntity,
  ws: readonly EntityWeight[],
  team: Map<string, TeamEntry>,
  unit: number,
): BreakdownEntity[] {
  // A rep the team table places in another region works none of this one's months (a mover keeps a row here,
  // for the base-year sales the region's share rests on, with no target).
  const avail = ws.map((w) => {
    const t = team.get(norm(w.name));
    if (t?.region && norm(t.region) !== norm(p.name)) return NONE;
    return t?.availability ?? FULL;
  });
  const grid = ws.map(() => new Array<number>(12).fill(0));
  for (let m = 0; m < 12; m++) {
    let W = 0;
    for (let i = 0; i < ws.length; i++) W += ws[i].share * avail[i][m];
    let cum = 0;
    let prev = 0;
    for (let i = 0; i < ws.length; i++) {
      cum += ws[i].share * avail[i][m];
      const c = i === ws.length - 1 ? p.months[m] : roundShare(p.months[m] * cum, W, unit);
      grid[i][m] = c - prev;
      prev = c;
    }
  }
  return ws.map((w, i) => ({
    ...entityOf(
      w,
      grid[i].reduce((a, b) => a + b, 0),
      grid[i],
      false,
    ),
    availability: [...avail[i]],
  }));
}

const FULL: readonly number[] = new Array<number>(12).fill(1);
const NONE: readonly number[] = new Array<number>(12).fill(0);

interface TeamEntry {
  rep: string;
  region: string | null;
  ability: number | null;
  capacity: number | null;
  /** Share of each fiscal month of the target year worked (days employed × the ramp). */
  availability: number[];
  /** In the table but not in the sales: listed as a new child under its region. */
  extra: boolean;
}

/** The team table by rep name, with each rep's months worked in the target year. */
function teamIndex(team: readonly TeamMember[] | null, x: CascadeInput): Map<string, TeamEntry> {
  const out = new Map<string, TeamEntry>();
  const known = new Set(x.child.names.map(norm));
  for (const t of team ?? [])
    out.set(norm(t.rep), {
      rep: t.rep,
      region: t.region,
      ability: t.ability,
      capacity: t.capacity,
      availability: availabilityOf(t, x.year, x.fiscalStart),
      extra: !known.has(norm(t.rep)) && t.region !== null,
    });
  return out;
}

/**
 * Share of each fiscal month of year `fy` that a rep works: the days employed in the month (start and end
 * inclusive) ÷ the days of the month, × the ramp (k ÷ ramp months in the k-th month from the start month).
 */
export function availabilityOf(t: TeamMember, fy: number, fs: number): number[] {
  return Array.from({ length: 12 }, (_, m) => {
    const s = fiscalMonthStart(fy, m, fs);
    const e = fiscalMonthStart(fy, m + 1, fs) - 1;
    const from = Math.max(s, t.start ?? s);
    const to = Math.min(e, t.end ?? e);
    if (to < from) return 0;
    const days = (to - from + 1) / (e - s + 1);
    if (!t.rampMonths || t.start === null) return days;
    const startYM = serialToYMD(t.start);
    const here = serialToYMD(s);
    const k = (here.y - startYM.y) * 12 + (here.m - startYM.m) + 1;
    return days * Math.min(1, Math.max(0, k) / t.rampMonths);
  });
}

/** A child's capacity from the team table: per month, and over the months it works in the year. */
function capacityOf(
  team: Map<string, TeamEntry>,
  name: string,
  worked: readonly number[] | undefined,
): Partial<BreakdownEntity> {
  const t = team.get(norm(name));
  if (!t || t.capacity === null) return {};
  // The months this row works (none in a region the table does not place the rep in).
  const months = (worked ?? t.availability).reduce((a, b) => a + b, 0);
  return { capacity: t.capacity, capacityYear: t.capacity * months };
}

/** The plan against the team's capacity: the gap and how many more reps of average capacity would close it. */
function teamSummary(children: Map<string, BreakdownEntity[]>): CascadeLevel['team'] {
  const kids = [...children.values()].flat().filter((k) => k.capacityYear !== undefined);
  const capacity = kids.reduce((a, k) => a + k.capacityYear!, 0);
  const target = kids.reduce((a, k) => a + k.target, 0);
  const positive = kids.filter((k) => k.capacityYear! > 0);
  const average = positive.length ? positive.reduce((a, k) => a + k.capacityYear!, 0) / positive.length : 0;
  const gap = target - capacity;
  return {
    capacity,
    target,
    gap,
    moreReps: average > 0 && gap > 0 ? gap / average : 0,
    counted: new Set(kids.map((k) => norm(k.name))).size,
  };
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
function childCube(x: CascadeInput, rows: Int32Array, E: number): MonthlyCube {
  const months = Math.max(0, x.kmax - x.kmin + 1);
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
