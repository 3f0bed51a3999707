/**
 * Goal breakdown (目标分解): an annual target split into quarters, months and the entities of a dimension.
 *
 * The sheet is live: the annual target, the rounding unit and every weight are input cells, and every
 * derived number is a native formula of them. Rounding keeps totals exact with "balancing" cells: each
 * target is ROUND(share, unit) except one per block (the one with the largest weight), which takes the
 * total minus the others. The grid has one balancing month column and one balancing entity row, so rows
 * sum to entity targets and columns to month targets exactly. The core computes the same numbers by the
 * same arithmetic (checked by HyperFormula in the tests).
 */
import { seasonalShares } from '../kpi/math';
import { a1, range } from '../spec/a1';
import { grid } from '../spec/grid';
import type { SheetSpec } from '../spec/types';
import type { Lang, SalesTable } from '../types';
import {
  cubeSum,
  entities as entitiesOf,
  excelRound,
  fullYears,
  keyYear,
  monthKey,
  monthKeys,
  monthlyCube,
  resolveDimension,
} from './context';
import { labels } from './i18n';

export interface BreakdownLocks {
  /** Entity name -> fixed annual target. */
  entities?: Record<string, number>;
  /** Month 1..12 -> fixed month target. */
  months?: Record<number, number>;
  /** Fixed grid cells. */
  cells?: { entity: string; month: number; value: number }[];
}

export interface BreakdownOptions {
  lang?: Lang;
  /** Dimension: header text, role name or header index. Default: region, then rep, then product. */
  by?: string | number;
  /** Target year. Default: the year after the last full year. */
  year?: number;
  /** Annual target. Default: last full year's actual × (1 + uplift), rounded to the unit. */
  target?: number;
  /** Uplift as a fraction (0.1 = 10%). Default 0. */
  uplift?: number;
  seasonality?: 'last' | 'average' | 'even' | number[];
  /** Entity split: by base-year share (default), even, or custom weights by entity name. */
  split?: 'share' | 'even' | Record<string, number>;
  /** Rounding unit (1, 100, 1000, ...). Default 1. */
  unit?: number;
  /**
   * Fraction of the target reserved for entities without base-year history (e.g. a new rep), shared
   * evenly among them. Default 0.1 when there are such entities; 0 gives them a zero target and a warning.
   */
  reserve?: number;
  locks?: BreakdownLocks;
}

export interface BreakdownEntity {
  name: string;
  weight: number;
  target: number;
  months: number[];
  isNew: boolean;
  locked: boolean;
}

export interface BreakdownResult {
  year: number;
  baseYear: number | null;
  baseActual: number;
  target: number;
  unit: number;
  dimension: string;
  monthWeights: number[];
  months: number[];
  quarters: number[];
  entities: BreakdownEntity[];
  warnings: string[];
}

export type BreakdownOutput =
  { ok: true; result: BreakdownResult; sheet: SheetSpec } | { ok: false; error: string };

/** Spread `total` over weights: ROUND(rest × w / W, unit) for all but the plug, which balances. Mirrors the sheet. */
function spread(
  total: number,
  weights: number[],
  locked: (number | undefined)[],
  unit: number,
): { values: number[]; plug: number; wSum: number; rest: number } {
  const n = weights.length;
  let wAll = 0;
  for (const w of weights) wAll += w;
  let wSum = wAll;
  let rest = total;
  let plug = -1;
  for (let i = 0; i < n; i++) {
    if (locked[i] !== undefined) {
      wSum -= weights[i];
      rest -= locked[i]!;
    } else if (plug < 0 || weights[i] > weights[plug]) plug = i;
  }
  const values = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    if (locked[i] !== undefined) values[i] = locked[i]!;
    else if (i !== plug) values[i] = wSum === 0 ? 0 : excelRound((rest * weights[i]) / wSum / unit) * unit;
  }
  if (plug >= 0) {
    let others = 0;
    for (let i = 0; i < n; i++) if (i !== plug) others += values[i];
    values[plug] = total - others;
  }
  return { values, plug, wSum, rest };
}

const clamp0 = (x: number): number => (x > 0 && Number.isFinite(x) ? x : 0);

export function goalBreakdown(table: SalesTable, opts: BreakdownOptions = {}): BreakdownOutput {
  const lang = opts.lang ?? 'en';
  const L = labels(lang);
  const dim = resolveDimension(table, opts.by, ['region', 'rep', 'product'], lang);
  if (!dim.ok) return { ok: false, error: dim.message };
  const unit = opts.unit && opts.unit > 0 ? opts.unit : 1;
  const warnings: string[] = [];

  const { keys, min, max } = monthKeys(table);
  if (table.length === 0) return { ok: false, error: L.errNoData };
  const ent = entitiesOf(table, dim.index);
  const cube = monthlyCube(table, keys, min, max, ent);
  const E = ent.names.length;
  const full = fullYears(keys);
  const baseYear = full.length ? full[full.length - 1] : null;
  // Base window: the last full year, else the last 12 months of data.
  const b1 = baseYear !== null ? monthKey(baseYear, 1) : Math.max(min, max - 11);
  const b2 = baseYear !== null ? monthKey(baseYear, 12) : max;
  if (baseYear === null) warnings.push(L.warnNoFullYear(b2 - b1 + 1));
  const year = opts.year ?? (baseYear !== null ? baseYear + 1 : keyYear(max));

  // Base actual: all records in the base window (blank entities included).
  let baseActual = 0;
  for (let r = 0; r <= E; r++) baseActual += cubeSum(cube, r, b1, b2);
  // Without a full year the base is the months there are, annualised.
  if (baseYear === null) baseActual = (baseActual * 12) / (b2 - b1 + 1);
  const uplift = opts.uplift ?? 0;
  const target =
    opts.target !== undefined && Number.isFinite(opts.target)
      ? opts.target
      : excelRound((baseActual * (1 + uplift)) / unit) * unit;

  // Month weights.
  let monthWeights: number[];
  const s = opts.seasonality ?? 'last';
  if (Array.isArray(s)) {
    monthWeights = Array.from({ length: 12 }, (_, i) => clamp0(s[i] ?? 0));
  } else if (s === 'even' || baseYear === null) {
    monthWeights = new Array(12).fill(1 / 12);
  } else {
    const yearsUsed = s === 'average' ? full : [baseYear];
    const rows = yearsUsed.map((y) =>
      Array.from({ length: 12 }, (_, m) => {
        let v = 0;
        for (let r = 0; r <= E; r++) v += cubeSum(cube, r, monthKey(y, m + 1), monthKey(y, m + 1));
        return v;
      }),
    );
    monthWeights = seasonalShares(rows).map(clamp0);
  }
  let mwSum = monthWeights.reduce((a, b) => a + b, 0);
  if (mwSum <= 0) {
    monthWeights = new Array(12).fill(1 / 12);
    mwSum = 1;
  }
  monthWeights = monthWeights.map((w) => w / mwSum);

  // Entities: those with base-window sales, plus those that appear only after it (new).
  const baseSales = Array.from({ length: E }, (_, e) => cubeSum(cube, e, b1, b2));
  const later = Array.from({ length: E }, (_, e) => cubeSum(cube, e, b2 + 1, max, 'counts') > 0);
  const blankRows = cubeSum(cube, E, min, max, 'counts');
  if (blankRows > 0) warnings.push(L.warnBlankEntity(blankRows));
  const included: number[] = [];
  for (let e = 0; e < E; e++) if (baseSales[e] !== 0 || later[e]) included.push(e);
  const isNew = included.map((e) => clamp0(baseSales[e]) === 0);
  const names = included.map((e) => ent.names[e]);
  const nNew = isNew.filter(Boolean).length;
  let entityWeights: number[];
  const split = opts.split ?? 'share';
  if (split === 'even') entityWeights = names.map(() => 1 / Math.max(1, names.length));
  else if (typeof split === 'object') {
    const lower = new Map(Object.entries(split).map(([k, v]) => [k.trim().toLowerCase(), v]));
    entityWeights = names.map((n) => clamp0(lower.get(n.trim().toLowerCase()) ?? 0));
    const sw = entityWeights.reduce((a, b) => a + b, 0);
    if (sw > 0) entityWeights = entityWeights.map((w) => w / sw);
  } else {
    const reserve = nNew > 0 ? Math.min(1, Math.max(0, opts.reserve ?? 0.1)) : 0;
    let hist = 0;
    included.forEach((e, i) => {
      if (!isNew[i]) hist += clamp0(baseSales[e]);
    });
    entityWeights = included.map((e, i) =>
      isNew[i] ? reserve / nNew : hist > 0 ? (clamp0(baseSales[e]) / hist) * (1 - reserve) : 0,
    );
    const newNames = names.filter((_, i) => isNew[i]).join(', ');
    if (nNew > 0)
      warnings.push(
        reserve > 0
          ? L.warnNewEntities(newNames, `${+(reserve * 100).toFixed(2)}%`)
          : L.warnZeroNew(newNames),
      );
  }

  // Locks.
  const findEntity = (name: string): number =>
    names.findIndex((n) => n.trim().toLowerCase() === name.trim().toLowerCase());
  const entLock: (number | undefined)[] = names.map(() => undefined);
  for (const [n, v] of Object.entries(opts.locks?.entities ?? {})) {
    const i = findEntity(n);
    if (i >= 0 && Number.isFinite(v)) entLock[i] = v;
  }
  const monLock: (number | undefined)[] = new Array(12).fill(undefined);
  for (const [m, v] of Object.entries(opts.locks?.months ?? {})) {
    const i = Number(m) - 1;
    if (i >= 0 && i < 12 && Number.isFinite(v)) monLock[i] = v;
  }
  const cellLock = new Map<string, number>();
  for (const c of opts.locks?.cells ?? []) {
    const i = findEntity(c.entity);
    if (i >= 0 && c.month >= 1 && c.month <= 12 && Number.isFinite(c.value))
      cellLock.set(`${i}:${c.month - 1}`, c.value);
  }

  const M = spread(target, monthWeights, monLock, unit);
  const T = spread(target, entityWeights, entLock, unit);
  const lockedSum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
  if (
    (M.plug < 0 && lockedSum(M.values) !== target) ||
    (T.plug < 0 && names.length > 0 && lockedSum(T.values) !== target) ||
    M.rest < 0 ||
    T.rest < 0
  )
    return { ok: false, error: L.errLocks };

  // Grid: plug column = largest-weight month without locked cells; plug row = largest-weight entity likewise.
  const n = names.length;
  const rowHasLock = names.map((_, e) => [...Array(12).keys()].some((m) => cellLock.has(`${e}:${m}`)));
  const colHasLock = [...Array(12).keys()].map((m) => names.some((_, e) => cellLock.has(`${e}:${m}`)));
  let pc = -1;
  for (let m = 0; m < 12; m++) if (!colHasLock[m] && (pc < 0 || monthWeights[m] > monthWeights[pc])) pc = m;
  let pr = -1;
  for (let e = 0; e < n; e++) if (!rowHasLock[e] && (pr < 0 || entityWeights[e] > entityWeights[pr])) pr = e;
  if (n > 0 && (pc < 0 || pr < 0)) return { ok: false, error: L.errLocks };
  // Residuals after cell locks (same order as the formulas: total, then minus each lock).
  let lockAll = target;
  const rowRes = T.values.slice();
  const colRes = M.values.slice();
  for (const [k, v] of cellLock) {
    const [e, m] = k.split(':').map(Number);
    rowRes[e] -= v;
    colRes[m] -= v;
    lockAll -= v;
  }
  const grid: number[][] = names.map(() => new Array(12).fill(0));
  for (let e = 0; e < n; e++)
    for (let m = 0; m < 12; m++) {
      const k = `${e}:${m}`;
      if (cellLock.has(k)) grid[e][m] = cellLock.get(k)!;
      else if (e !== pr && m !== pc)
        grid[e][m] = lockAll === 0 ? 0 : excelRound((rowRes[e] * colRes[m]) / lockAll / unit) * unit;
    }
  for (let e = 0; e < n; e++) {
    if (e === pr) continue;
    let o = 0;
    for (let m = 0; m < 12; m++) if (m !== pc) o += grid[e][m];
    grid[e][pc] = T.values[e] - o;
  }
  if (pr >= 0) {
    for (let m = 0; m < 12; m++) {
      if (m === pc) continue;
      let o = 0;
      for (let e = 0; e < n; e++) if (e !== pr) o += grid[e][m];
      grid[pr][m] = M.values[m] - o;
    }
    let o = 0;
    for (let m = 0; m < 12; m++) if (m !== pc) o += grid[pr][m];
    grid[pr][pc] = T.values[pr] - o;
  }
  if (grid.some((r) => r.some((v) => v < 0))) warnings.push(L.warnNegativePlug);

  const quarters = [0, 1, 2, 3].map((q) => M.values[q * 3] + M.values[q * 3 + 1] + M.values[q * 3 + 2]);
  const result: BreakdownResult = {
    year,
    baseYear,
    baseActual,
    target,
    unit,
    dimension: ent.header,
    monthWeights,
    months: M.values,
    quarters,
    entities: names.map((name, i) => ({
      name,
      weight: entityWeights[i],
      target: T.values[i],
      months: grid[i],
      isNew: isNew[i],
      locked: entLock[i] !== undefined,
    })),
    warnings,
  };

  const sheet = breakdownSheet(result, {
    lang,
    uplift,
    given: opts.target !== undefined,
    monLock,
    entLock,
    cellLock,
    plugs: { month: M.plug, entity: T.plug, col: pc, row: pr },
  });
  return { ok: true, result, sheet };
}

interface SheetCtx {
  lang: Lang;
  uplift: number;
  given: boolean;
  monLock: (number | undefined)[];
  entLock: (number | undefined)[];
  cellLock: Map<string, number>;
  plugs: { month: number; entity: number; col: number; row: number };
}

/** Layout rows (1-based). */
const R_TARGET = 4;
const R_UNIT = 5;
const R_MHEAD = 8;
const R_M1 = 9; // months 9..20, total 21
const R_EHEAD = 24;
const R_E1 = 25;
const C_GRID = 4; // D = month 1

function breakdownSheet(r: BreakdownResult, c: SheetCtx): SheetSpec {
  const L = labels(c.lang);
  const n = r.entities.length;
  const { cells: rows, put } = grid();
  const fmtN = r.unit >= 1 ? '#,##0' : '#,##0.00';
  const T = a1(R_TARGET, 2, true);
  const U = a1(R_UNIT, 2, true);
  const round = (expr: string): string => `IFERROR(ROUND(${expr}/${U},0)*${U},0)`;
  const sumExcept = (cells: string[], except: number): string => {
    const parts = cells.filter((_, i) => i !== except);
    return parts.length ? parts.join('+') : '0';
  };

  put(1, 1, { v: L.breakdownTitle(r.year, r.dimension), style: 'title' });
  put(2, 1, {
    v: c.given
      ? L.givenTarget
      : L.basisTarget(
          `${r.baseActual.toLocaleString('en-US', { maximumFractionDigits: 2 })}`,
          `${+(c.uplift * 100).toFixed(4)}%`,
        ),
    style: 'subtitle',
  });
  put(R_TARGET, 1, { v: L.annualTarget, style: 'header' });
  put(R_TARGET, 2, { v: r.target, fmt: fmtN, style: 'input' });
  put(R_UNIT, 1, { v: L.unit, style: 'header' });
  put(R_UNIT, 2, { v: r.unit, fmt: fmtN, style: 'input' });

  // Months block.
  put(R_MHEAD, 1, { v: L.month, style: 'header' });
  put(R_MHEAD, 2, { v: L.weight, style: 'header' });
  put(R_MHEAD, 3, { v: L.target, style: 'header' });
  put(R_MHEAD, 5, { v: L.quarter, style: 'header' });
  put(R_MHEAD, 6, { v: L.target, style: 'header' });
  const wRange = range(R_M1, 2, R_M1 + 11, 2, true);
  const monthCells = Array.from({ length: 12 }, (_, m) => a1(R_M1 + m, 3));
  const lockedMonths = c.monLock.map((v, m) => (v === undefined ? -1 : m)).filter((m) => m >= 0);
  const restM = lockedMonths.length ? `(${T}-${lockedMonths.map((m) => monthCells[m]).join('-')})` : T;
  const wM = lockedMonths.length
    ? `(SUM(${wRange})-${lockedMonths.map((m) => a1(R_M1 + m, 2)).join('-')})`
    : `SUM(${wRange})`;
  for (let m = 0; m < 12; m++) {
    const row = R_M1 + m;
    put(row, 1, { v: `${r.year}-${String(m + 1).padStart(2, '0')}` });
    put(row, 2, { v: r.monthWeights[m], fmt: '0.00%', style: 'input' });
    if (c.monLock[m] !== undefined) put(row, 3, { v: r.months[m], fmt: fmtN, style: 'locked' });
    else if (m === c.plugs.month)
      put(row, 3, { f: `=${T}-(${sumExcept(monthCells, m)})`, expect: r.months[m], fmt: fmtN });
    else put(row, 3, { f: `=${round(`${restM}*B${row}/${wM}`)}`, expect: r.months[m], fmt: fmtN });
  }
  put(R_M1 + 12, 1, { v: L.total, style: 'total' });
  put(R_M1 + 12, 2, {
    f: `=SUM(${wRange})`,
    expect: r.monthWeights.reduce((a, b) => a + b, 0),
    fmt: '0.00%',
    style: 'total',
  });
  put(R_M1 + 12, 3, {
    f: `=SUM(${range(R_M1, 3, R_M1 + 11, 3)})`,
    expect: r.target,
    fmt: fmtN,
    style: 'total',
  });
  for (let q = 0; q < 4; q++) {
    put(R_M1 + q, 5, { v: `${r.year}-Q${q + 1}` });
    put(R_M1 + q, 6, {
      f: `=SUM(${range(R_M1 + q * 3, 3, R_M1 + q * 3 + 2, 3)})`,
      expect: r.quarters[q],
      fmt: fmtN,
    });
  }
  put(R_M1 + 4, 5, { v: L.total, style: 'total' });
  put(R_M1 + 4, 6, {
    f: `=SUM(${range(R_M1, 6, R_M1 + 3, 6)})`,
    expect: r.target,
    fmt: fmtN,
    style: 'total',
  });

  // Entities block and grid.
  put(R_EHEAD, 1, { v: r.dimension, style: 'header' });
  put(R_EHEAD, 2, { v: L.weight, style: 'header' });
  put(R_EHEAD, 3, { v: L.annual, style: 'header' });
  for (let m = 0; m < 12; m++)
    put(R_EHEAD, C_GRID + m, { v: `${r.year}-${String(m + 1).padStart(2, '0')}`, style: 'header' });
  put(R_EHEAD, C_GRID + 12, { v: L.check, style: 'header' });
  const eLast = R_E1 + Math.max(n, 1) - 1;
  const ewRange = range(R_E1, 2, eLast, 2, true);
  const entCells = r.entities.map((_, e) => a1(R_E1 + e, 3));
  const lockedEnts = c.entLock.map((v, e) => (v === undefined ? -1 : e)).filter((e) => e >= 0);
  const restE = lockedEnts.length ? `(${T}-${lockedEnts.map((e) => entCells[e]).join('-')})` : T;
  const wE = lockedEnts.length
    ? `(SUM(${ewRange})-${lockedEnts.map((e) => a1(R_E1 + e, 2)).join('-')})`
    : `SUM(${ewRange})`;
  // Residual expressions of the grid after cell locks.
  const lockRefs = [...c.cellLock.keys()].map((k) => {
    const [e, m] = k.split(':').map(Number);
    return { e, m, ref: a1(R_E1 + e, C_GRID + m) };
  });
  const S = lockRefs.length ? `(${T}-${lockRefs.map((l) => l.ref).join('-')})` : T;
  r.entities.forEach((en, e) => {
    const row = R_E1 + e;
    put(row, 1, { v: en.name });
    put(row, 2, { v: en.weight, fmt: '0.00%', style: 'input' });
    if (c.entLock[e] !== undefined) put(row, 3, { v: en.target, fmt: fmtN, style: 'locked' });
    else if (e === c.plugs.entity)
      put(row, 3, { f: `=${T}-(${sumExcept(entCells, e)})`, expect: en.target, fmt: fmtN });
    else put(row, 3, { f: `=${round(`${restE}*B${row}/${wE}`)}`, expect: en.target, fmt: fmtN });
    const rowLocks = lockRefs.filter((l) => l.e === e).map((l) => l.ref);
    const Re = rowLocks.length ? `($C${row}-${rowLocks.join('-')})` : `$C${row}`;
    const rowCells = Array.from({ length: 12 }, (_, m) => a1(row, C_GRID + m));
    for (let m = 0; m < 12; m++) {
      const col = C_GRID + m;
      const key = `${e}:${m}`;
      const v = en.months[m];
      if (c.cellLock.has(key)) {
        put(row, col, { v, fmt: fmtN, style: 'locked' });
        continue;
      }
      let f: string;
      if (e === c.plugs.row) {
        if (m === c.plugs.col) f = `=$C${row}-(${sumExcept(rowCells, m)})`;
        else {
          const colCells = r.entities.map((_, i) => a1(R_E1 + i, col));
          f = `=${a1(R_M1 + m, 3, true)}-(${sumExcept(colCells, e)})`;
        }
      } else if (m === c.plugs.col) f = `=$C${row}-(${sumExcept(rowCells, m)})`;
      else {
        const colLocks = lockRefs.filter((l) => l.m === m).map((l) => l.ref);
        const Cm = colLocks.length
          ? `(${a1(R_M1 + m, 3, true)}-${colLocks.join('-')})`
          : a1(R_M1 + m, 3, true);
        f = `=${round(`${Re}*${Cm}/${S}`)}`;
      }
      put(row, col, { f, expect: v, fmt: fmtN });
    }
    put(row, C_GRID + 12, {
      f: `=SUM(${range(row, C_GRID, row, C_GRID + 11)})-C${row}`,
      expect: 0,
      fmt: fmtN,
    });
  });
  const tRow = eLast + 1;
  put(tRow, 1, { v: L.total, style: 'total' });
  put(tRow, 2, {
    f: `=SUM(${ewRange})`,
    expect: r.entities.reduce((a, b) => a + b.weight, 0),
    fmt: '0.00%',
    style: 'total',
  });
  put(tRow, 3, { f: `=SUM(${range(R_E1, 3, eLast, 3)})`, expect: r.target, fmt: fmtN, style: 'total' });
  for (let m = 0; m < 12; m++) {
    const col = C_GRID + m;
    put(tRow, col, {
      f: `=SUM(${range(R_E1, col, eLast, col)})`,
      expect: r.months[m],
      fmt: fmtN,
      style: 'total',
    });
  }
  put(tRow + 1, 1, { v: L.check, style: 'note' });
  put(tRow + 1, 3, { f: `=C${tRow}-${T}`, expect: 0, fmt: fmtN, style: 'note' });
  for (let m = 0; m < 12; m++) {
    const col = C_GRID + m;
    put(tRow + 1, col, { f: `=${a1(tRow, col)}-${a1(R_M1 + m, 3)}`, expect: 0, fmt: fmtN, style: 'note' });
  }
  let wr = tRow + 3;
  for (const w of r.warnings) put(wr++, 1, { v: w, style: 'warning' });

  const inputs = [a1(R_TARGET, 2), a1(R_UNIT, 2), range(R_M1, 2, R_M1 + 11, 2), range(R_E1, 2, eLast, 2)];
  return {
    kind: 'breakdown',
    name: L.breakdownSheet,
    cells: rows,
    columnWidths: [
      Math.max(14, Math.min(30, Math.max(...r.entities.map((e) => e.name.length), 10) + 2)),
      11,
      14,
      ...new Array(12).fill(11),
      16,
    ],
    freeze: { rows: 0, columns: 1 },
    conditionalFormats: n
      ? [
          {
            range: range(R_E1, C_GRID, eLast, C_GRID + 11),
            type: 'colorScale',
            colors: ['#FFFFFF', '#DDEBF7', '#5B9BD5'],
          },
        ]
      : [],
    inputs,
  };
}

/**
 * The user's overrides on a Goal Breakdown sheet that we generated earlier, so regenerating keeps them:
 * a month target, an entity target or a grid cell where the sheet now holds a number instead of our
 * formula (or a cell we wrote as a lock) is a lock. `formulas` is the sheet's formulas grid from A1 (as
 * Office.js `range.formulas` or Apps Script `getFormulas()` merged with values: a formula is a string
 * starting with "=", anything else is a constant).
 */
export function readBreakdownLocks(formulas: readonly (readonly unknown[])[]): BreakdownLocks {
  const at = (r: number, c: number): unknown => formulas[r - 1]?.[c - 1];
  const isConst = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const locks: Required<BreakdownLocks> = { entities: {}, months: {}, cells: [] };
  for (let m = 0; m < 12; m++) {
    const v = at(R_M1 + m, 3);
    if (isConst(v)) locks.months[m + 1] = v;
  }
  for (let row = R_E1; row < formulas.length + 1; row++) {
    const name = at(row, 1);
    const weight = at(row, 2);
    // Entity rows have a name and a numeric weight; the total row has a formula there.
    if (typeof name !== 'string' || name === '' || !isConst(weight)) break;
    const t = at(row, 3);
    if (isConst(t)) locks.entities[name] = t;
    for (let m = 0; m < 12; m++) {
      const v = at(row, C_GRID + m);
      if (isConst(v)) locks.cells.push({ entity: name, month: m + 1, value: v });
    }
  }
  return locks;
}

/** Where things are on a Goal Breakdown sheet with `n` entities (for sheets that reference it). */
export function breakdownLayout(n: number): {
  /** A1 of month m's (0-based) target. */
  monthTarget: (m: number) => string;
  /** A1 range of the entity names. */
  names: string;
  /** A1 range of month m's (0-based) grid column. */
  gridColumn: (m: number) => string;
} {
  const last = R_E1 + Math.max(n, 1) - 1;
  return {
    monthTarget: (m) => a1(R_M1 + m, 3, true),
    names: range(R_E1, 1, last, 1, true),
    gridColumn: (m) => range(R_E1, C_GRID + m, last, C_GRID + m, true),
  };
}

/**
 * The targets on a Goal Breakdown sheet we generated (its values grid from A1), so that tracking can
 * reference a breakdown that is already in the workbook. Null when the grid is not such a sheet.
 */
export function readBreakdownTargets(values: readonly (readonly unknown[])[]): {
  year: number;
  dimension: string;
  months: number[];
  entities: { name: string; months: number[] }[];
} | null {
  const at = (r: number, c: number): unknown => values[r - 1]?.[c - 1];
  const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const first = at(R_M1, 1);
  const year = typeof first === 'string' ? Number(first.slice(0, 4)) : NaN;
  const dimension = at(R_EHEAD, 1);
  if (!Number.isInteger(year) || typeof dimension !== 'string') return null;
  const months = Array.from({ length: 12 }, (_, m) => num(at(R_M1 + m, 3)));
  const entities: { name: string; months: number[] }[] = [];
  for (let row = R_E1; row <= values.length; row++) {
    const name = at(row, 1);
    // The total row ends the entities (no entity can be named like it: the reader skips totals rows).
    if (typeof name !== 'string' || name === '' || name === labels('en').total || name === labels('zh').total)
      break;
    entities.push({ name, months: Array.from({ length: 12 }, (_, m) => num(at(row, C_GRID + m))) });
  }
  return { year, dimension, months, entities };
}
