/**
 * The Goal Breakdown sheet: the layout of a BreakdownResult as live formulas (see breakdown.ts for the
 * arithmetic they share with the core), and the readers of a sheet we generated earlier (its locks, its
 * targets for goal tracking, where things are).
 */
import { a1, range, strLit } from '../spec/a1';
import { autoWidths, FMT_MONEY, grid } from '../spec/grid';
import { serialToISO } from '../table/coerce';
import type { ChartSpec, SheetSpec, SpecCell } from '../spec/types';
import { fiscalYearEnd, fiscalYearStart } from './calendar';
import type { BreakdownEntity, BreakdownResult, BreakdownSheetCtx } from './breakdown';
import type { BreakdownTargets } from './tracking';
import {
  C_ANNUAL,
  C_BASE,
  C_BASIS,
  C_CHECK,
  C_GRID,
  C_NOTE,
  C_Q,
  C_SHARE,
  minus,
  R_E1,
  R_EHEAD,
  R_ESUB,
  R_FISCAL,
  R_M1,
  R_MHEAD,
  R_RAMP,
  R_RESERVE,
  R_TARGET,
  R_UNIT,
  RAMP,
  RESERVE,
  roundF,
  sumOf,
  T,
  U,
  type Put,
} from './breakdown-cells';
import { childBlock, childRows } from './cascade-sheet';
import { labels, type Labels } from './i18n';

export function breakdownSheet(r: BreakdownResult, c: BreakdownSheetCtx): SheetSpec {
  const L = labels(c.lang);
  const { cells, put } = grid();
  const fmtN = r.unit >= 1 ? FMT_MONEY : '#,##0.00';
  const n = r.entities.length;
  const n0 = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 0 });

  put(1, 1, { v: L.breakdownTitle(r.yearLabel, r.dimension), style: 'title' });
  put(2, 1, {
    v: c.given
      ? L.givenTarget
      : L.basisTarget(r.baseLabel, n0(r.baseActual), `${+(c.uplift * 100).toFixed(4)}%`),
    style: 'subtitle',
  });
  if (c.fs !== 1)
    put(R_FISCAL, 1, {
      v: L.fiscalInfo(
        r.yearLabel,
        serialToISO(fiscalYearStart(r.year, c.fs)),
        serialToISO(fiscalYearEnd(r.year, c.fs)),
      ),
      style: 'note',
    });
  put(R_TARGET, 1, { v: L.annualTarget, style: 'header' });
  put(R_TARGET, 2, { v: r.target, fmt: fmtN, style: 'input' });
  put(R_UNIT, 1, { v: L.unit, style: 'header' });
  put(R_UNIT, 2, { v: r.unit, fmt: fmtN, style: 'input' });
  const byShare = r.split === 'share';
  if (byShare) {
    put(R_RAMP, 1, { v: L.ramp, style: 'header' });
    put(R_RAMP, 2, { v: r.ramp, fmt: '0%', style: 'input' });
    put(R_RESERVE, 1, { v: L.reserveNew, style: 'header' });
    put(R_RESERVE, 2, { v: r.reserve, fmt: '0%', style: 'input' });
  }

  monthBlock(r, c, put, fmtN);
  const eLast = entityBlock(r, c, put, fmtN);
  const second = r.levels.length > 1 ? childBlock(r, L, put, fmtN) : null;
  checks(r, put, eLast, second?.checks ?? [], L);

  let row = second ? second.end + 1 : eLast + 4;
  if (byShare) put(row++, 1, { v: L.rulesShare, style: 'note' });
  if (second)
    for (const line of L.rulesCascade(r.levels[1], r.levels[0]).split('\n'))
      put(row++, 1, { v: line, style: 'note' });
  put(row++, 1, { v: c.cellLock.size ? L.rulesRoundingLocked : L.rulesRounding, style: 'note' });
  for (const w of r.warnings) put(row++, 1, { v: w, style: 'warning' });

  const inputs = [a1(R_TARGET, 2), a1(R_UNIT, 2), range(R_M1, 2, R_M1 + 11, 2)];
  if (byShare) inputs.push(range(R_RAMP, 2, R_RESERVE, 2));
  if (n) inputs.push(range(R_E1, C_BASIS, R_E1 + n - 1, C_BASIS));
  if (second) inputs.push(...second.inputs);
  return {
    kind: 'breakdown',
    name: L.breakdownSheet,
    cells,
    columnWidths: autoWidths(cells, { min: 9, max: 28, first: 12 }),
    freeze: { rows: 0, columns: 1 },
    conditionalFormats: n
      ? [
          {
            range: range(R_E1, C_GRID, R_E1 + n - 1, C_GRID + 11),
            type: 'colorScale',
            colors: ['#FFFFFF', '#DDEBF7', '#5B9BD5'],
          },
        ]
      : [],
    charts: [breakdownChart(r, L.breakdownChart(r.dimension), L.monthlyTargets)],
    inputs,
  };
}

/** Months (weights, targets by rounded running totals, cumulative) and quarters. */
function monthBlock(r: BreakdownResult, c: BreakdownSheetCtx, put: Put, fmtN: string): void {
  const L = labels(c.lang);
  [L.month, L.weight, L.target, L.cumulative].forEach((h, i) =>
    put(R_MHEAD, i + 1, { v: h, style: 'header' }),
  );
  put(R_MHEAD, C_Q, { v: L.quarter, style: 'header' });
  put(R_MHEAD, C_Q + 1, { v: L.target, style: 'header' });
  const wRef = (m: number): string => a1(R_M1 + m, 2);
  const tRef = (m: number): string => a1(R_M1 + m, 3);
  const locked = c.monLock.map((v, m) => (v === undefined ? -1 : m)).filter((m) => m >= 0);
  const free = [...Array(12).keys()].filter((m) => c.monLock[m] === undefined);
  const last = free.length ? free[free.length - 1] : -1;
  const rest = minus(T, locked.map(tRef));
  const W = minus(
    `SUM(${range(R_M1, 2, R_M1 + 11, 2, true)})`,
    locked.map((m) => a1(R_M1 + m, 2, true)),
  );
  /** Running total of the free months up to free month j. */
  const running = (j: number): string | null => {
    if (j < 0) return null;
    if (j === last) return rest;
    const cw = minus(`SUM(${a1(R_M1, 2, true)}:${wRef(j)})`, locked.filter((m) => m <= j).map(wRef));
    return roundF(`${rest}*${cw}`, W);
  };
  for (let m = 0; m < 12; m++) {
    const row = R_M1 + m;
    put(row, 1, { v: r.monthPeriods[m] });
    put(row, 2, { v: r.monthWeights[m], fmt: '0.00%', style: 'input' });
    if (c.monLock[m] !== undefined) put(row, 3, { v: r.months[m], fmt: fmtN, style: 'locked' });
    else put(row, 3, { f: m === 0 ? `=D${row}` : `=D${row}-D${row - 1}`, expect: r.months[m], fmt: fmtN });
    const lockedUpTo = locked.filter((j) => j <= m).map(tRef);
    const lastFree = free.filter((j) => j <= m).pop() ?? -1;
    const parts = [...lockedUpTo];
    const run = running(lastFree);
    if (run) parts.push(run);
    put(row, 4, { f: `=${parts.length ? parts.join('+') : '0'}`, expect: r.cumulative[m], fmt: fmtN });
  }
  const tot = R_M1 + 12;
  put(tot, 1, { v: L.total, style: 'total' });
  put(tot, 2, {
    f: `=SUM(${range(R_M1, 2, R_M1 + 11, 2)})`,
    expect: sumOf(r.monthWeights),
    fmt: '0.00%',
    style: 'total',
  });
  put(tot, 3, {
    f: `=SUM(${range(R_M1, 3, R_M1 + 11, 3)})`,
    expect: sumOf(r.months),
    fmt: fmtN,
    style: 'total',
  });
  for (let q = 0; q < 4; q++) {
    put(R_M1 + q, C_Q, { v: r.quarterLabels[q] });
    put(R_M1 + q, C_Q + 1, {
      f: `=SUM(${range(R_M1 + q * 3, 3, R_M1 + q * 3 + 2, 3)})`,
      expect: r.quarters[q],
      fmt: fmtN,
    });
  }
  put(R_M1 + 4, C_Q, { v: L.total, style: 'total' });
  put(R_M1 + 4, C_Q + 1, {
    f: `=SUM(${range(R_M1, C_Q + 1, R_M1 + 3, C_Q + 1)})`,
    expect: sumOf(r.quarters),
    fmt: fmtN,
    style: 'total',
  });
}

/** Entities (note, base sales, basis, share, annual target) and the month × entity grid. Returns the last entity row. */
function entityBlock(r: BreakdownResult, c: BreakdownSheetCtx, put: Put, fmtN: string): number {
  const L = labels(c.lang);
  const n = r.entities.length;
  put(R_ESUB, 1, { v: L.byDim(r.dimension), style: 'subtitle' });
  const heads = [r.dimension, L.note, L.baseSales, L.basis, L.share, L.annual];
  heads.forEach((h, i) => put(R_EHEAD, i + 1, { v: h, style: 'header' }));
  for (let m = 0; m < 12; m++) put(R_EHEAD, C_GRID + m, { v: r.monthPeriods[m], style: 'header' });
  put(R_EHEAD, C_CHECK, { v: L.check, style: 'note' });
  const eLast = R_E1 + Math.max(n, 1) - 1;
  const rowOf = (e: number): number => R_E1 + e;
  const rows = r.entities.map((_, e) => rowOf(e));
  const isNew = r.entities.map((e) => e.status === 'new');
  const nonNew = rows.filter((_, e) => !isNew[e]);
  const newRows = rows.filter((_, e) => isNew[e]);
  const est = rows.filter((_, e) => r.entities[e].status === 'established');
  const span = (rs: number[], col: number): string => range(rs[0], col, rs[rs.length - 1], col, true);
  const byShare = r.split === 'share';

  // Shares, as entityWeights computes them.
  const shareF = (e: number): string => {
    const row = rowOf(e);
    if (!byShare) return `=D${row}/SUM(${span(rows, C_BASIS)})`;
    const Wnn = `SUM(${span(nonNew, C_BASIS)})`;
    if (isNew[e]) {
      const med = `MEDIAN(${span(est.length ? est : nonNew, C_BASIS)})`;
      return `=MIN(${RESERVE}/${newRows.length},${med}/(${Wnn}+${newRows.length}*${med}))`;
    }
    return newRows.length ? `=(1-SUM(${span(newRows, C_SHARE)}))*D${row}/${Wnn}` : `=D${row}/${Wnn}`;
  };

  // Annual targets by rounded running totals of the free entities' shares.
  const lockedE = r.entities.map((_, e) => (c.entLock[e] === undefined ? -1 : e)).filter((e) => e >= 0);
  const freeE = r.entities.map((_, e) => e).filter((e) => c.entLock[e] === undefined);
  const lastE = freeE.length ? freeE[freeE.length - 1] : -1;
  const restE = minus(
    T,
    lockedE.map((e) => a1(rowOf(e), C_ANNUAL)),
  );
  const SE = minus(
    `SUM(${range(R_E1, C_SHARE, eLast, C_SHARE, true)})`,
    lockedE.map((e) => a1(rowOf(e), C_SHARE, true)),
  );
  const runningE = (e: number): string => {
    if (e === lastE) return restE;
    const cs = minus(
      `SUM(${a1(R_E1, C_SHARE, true)}:${a1(rowOf(e), C_SHARE)})`,
      lockedE.filter((j) => j <= e).map((j) => a1(rowOf(j), C_SHARE)),
    );
    return roundF(`${restE}*${cs}`, SE);
  };

  r.entities.forEach((en, e) => {
    const row = rowOf(e);
    put(row, 1, { v: en.name });
    const note =
      en.status === 'ramping'
        ? L.statusRamping(en.monthsActive ?? 0)
        : en.status === 'new'
          ? L.statusNew
          : '';
    if (byShare && note) put(row, C_NOTE, { v: note, style: 'note' });
    put(row, C_BASE, { v: en.baseSales, fmt: fmtN });
    if (en.basis !== null) {
      if (byShare && en.status === 'ramping')
        put(row, C_BASIS, {
          f: `=MAX(0,C${row})*12/${en.monthsActive}*${RAMP}`,
          expect: en.basis,
          fmt: fmtN,
        });
      else put(row, C_BASIS, { v: en.basis, fmt: byShare ? fmtN : '0.00', style: 'input' });
    }
    put(row, C_SHARE, { f: shareF(e), expect: en.weight, fmt: '0.00%' });
    if (c.entLock[e] !== undefined) put(row, C_ANNUAL, { v: en.target, fmt: fmtN, style: 'locked' });
    else {
      const prev = freeE.filter((j) => j < e).pop();
      put(row, C_ANNUAL, {
        f: prev === undefined ? `=${runningE(e)}` : `=${runningE(e)}-${runningE(prev)}`,
        expect: en.target,
        fmt: fmtN,
      });
    }
    for (let m = 0; m < 12; m++) put(row, C_GRID + m, gridCell(r, c, e, m, fmtN));
    put(row, C_CHECK, {
      f: `=ROUND(SUM(${range(row, C_GRID, row, C_GRID + 11)})-${a1(row, C_ANNUAL)},6)`,
      expect: 0,
      fmt: fmtN,
      style: 'note',
    });
  });
  const tRow = eLast + 1;
  put(tRow, 1, { v: L.total, style: 'total' });
  put(tRow, C_SHARE, {
    f: `=SUM(${range(R_E1, C_SHARE, eLast, C_SHARE)})`,
    expect: sumOf(r.entities.map((e) => e.weight)),
    fmt: '0.00%',
    style: 'total',
  });
  put(tRow, C_ANNUAL, {
    f: `=SUM(${range(R_E1, C_ANNUAL, eLast, C_ANNUAL)})`,
    expect: sumOf(r.entities.map((e) => e.target)),
    fmt: fmtN,
    style: 'total',
  });
  for (let m = 0; m < 12; m++) {
    const col = C_GRID + m;
    put(tRow, col, {
      f: `=SUM(${range(R_E1, col, eLast, col)})`,
      expect: sumOf(r.entities.map((e) => e.months[m])),
      fmt: fmtN,
      style: 'total',
    });
  }
  return eLast;
}

/** One cell of the month × entity grid (see runningGrid and balancedGrid in breakdown.ts). */
function gridCell(r: BreakdownResult, c: BreakdownSheetCtx, e: number, m: number, fmtN: string): SpecCell {
  const n = r.entities.length;
  const v = r.entities[e].months[m];
  const row = R_E1 + e;
  const monthCum = (j: number): string => a1(R_M1 + j, 4, true);
  if (!c.cellLock.size) {
    const G = (i: number, j: number): string | null => {
      if (i < 0 || j < 0) return null;
      const ce = `SUM(${a1(R_E1, C_ANNUAL, true)}:${a1(R_E1 + i, C_ANNUAL, true)})`;
      if (i === n - 1) return monthCum(j);
      if (j === 11) return ce;
      return `IFERROR(ROUND(${ce}*${monthCum(j)}/${T}/${U},0)*${U},0)`;
    };
    const terms = [G(e, m)!, G(e - 1, m), G(e, m - 1), G(e - 1, m - 1)];
    let f = `=${terms[0]}`;
    if (terms[1]) f += `-${terms[1]}`;
    if (terms[2]) f += `-${terms[2]}`;
    if (terms[3]) f += `+${terms[3]}`;
    return { f, expect: v, fmt: fmtN };
  }
  // Locked grid cells: balancing row and column (as balancedGrid chooses them).
  const key = `${e}:${m}`;
  if (c.cellLock.has(key)) return { v, fmt: fmtN, style: 'locked' };
  const { pr, pc } = balancing(r, c);
  const rowCells = Array.from({ length: 12 }, (_, j) => a1(row, C_GRID + j));
  const colCells = r.entities.map((_, i) => a1(R_E1 + i, C_GRID + m));
  const others = (refs: string[], except: number): string =>
    refs.filter((_, i) => i !== except).join('+') || '0';
  if (m === pc || (e === pr && m === pc))
    return { f: `=$F${row}-(${others(rowCells, m)})`, expect: v, fmt: fmtN };
  if (e === pr) return { f: `=${a1(R_M1 + m, 3, true)}-(${others(colCells, e)})`, expect: v, fmt: fmtN };
  const locks = [...c.cellLock.keys()].map((k) => {
    const [le, lm] = k.split(':').map(Number);
    return { e: le, m: lm, ref: a1(R_E1 + le, C_GRID + lm) };
  });
  const Re = minus(
    `$F${row}`,
    locks.filter((l) => l.e === e).map((l) => l.ref),
  );
  const Cm = minus(
    a1(R_M1 + m, 3, true),
    locks.filter((l) => l.m === m).map((l) => l.ref),
  );
  const S = minus(
    T,
    locks.map((l) => l.ref),
  );
  return { f: `=${roundF(`${Re}*${Cm}`, S)}`, expect: v, fmt: fmtN };
}

/** The balancing row and column of a grid with locked cells (the same choice as balancedGrid). */
function balancing(r: BreakdownResult, c: BreakdownSheetCtx): { pr: number; pc: number } {
  const n = r.entities.length;
  const colHasLock = (m: number): boolean => r.entities.some((_, e) => c.cellLock.has(`${e}:${m}`));
  const rowHasLock = (e: number): boolean => [...Array(12).keys()].some((m) => c.cellLock.has(`${e}:${m}`));
  let pc = -1;
  for (let m = 0; m < 12; m++)
    if (!colHasLock(m) && (pc < 0 || r.monthWeights[m] > r.monthWeights[pc])) pc = m;
  let pr = -1;
  for (let e = 0; e < n; e++)
    if (!rowHasLock(e) && (pr < 0 || r.entities[e].weight > r.entities[pr].weight)) pr = e;
  return { pr, pc };
}

/** The checks that totals add up: a grey row and column at the edge, and one "OK" cell at the top. */
function checks(r: BreakdownResult, put: Put, eLast: number, more: string[], L: Labels): void {
  const { checkOk: ok, checkBad: bad, totalsCheck: title, check: checkLabel } = L;
  const n = r.entities.length;
  const tRow = eLast + 1;
  const cRow = tRow + 1;
  const parts = [`ROUND(${a1(R_M1 + 12, 3)}-${T},6)=0`];
  if (n) {
    put(cRow, 1, { v: checkLabel, style: 'note' });
    put(cRow, C_ANNUAL, { f: `=ROUND(${a1(tRow, C_ANNUAL)}-${T},6)`, expect: 0, style: 'note' });
    for (let m = 0; m < 12; m++)
      put(cRow, C_GRID + m, {
        f: `=ROUND(${a1(tRow, C_GRID + m)}-${a1(R_M1 + m, 3)},6)`,
        expect: 0,
        style: 'note',
      });
    const checkCol = range(R_E1, C_CHECK, eLast, C_CHECK);
    const checkRow = range(cRow, C_GRID, cRow, C_GRID + 11);
    parts.push(
      `${a1(cRow, C_ANNUAL)}=0`,
      `MAX(${checkCol})=0`,
      `MIN(${checkCol})=0`,
      `MAX(${checkRow})=0`,
      `MIN(${checkRow})=0`,
    );
  }
  parts.push(...more);
  const fine = r.entities.every(
    (e) => r.levels.length < 2 || e.target === 0 || (e.children ?? []).length > 0,
  );
  put(R_TARGET, 4, { v: title, style: 'header' });
  put(R_TARGET, 5, {
    f: `=IF(AND(${parts.join(',')}),${strLit(ok)},${strLit(bad)})`,
    expect: fine ? ok : bad,
  });
}

function breakdownChart(r: BreakdownResult, title: string, monthly: string): ChartSpec {
  const n = r.entities.length;
  const byEntity = n > 0 && n <= 12;
  const cats = byEntity ? range(R_EHEAD, C_GRID, R_EHEAD, C_GRID + 11) : range(R_M1, 1, R_M1 + 11, 1);
  return {
    type: 'category',
    stacked: byEntity,
    title,
    xTitle: '',
    yTitle: '',
    yFormat: '#,##0',
    series: byEntity
      ? r.entities.map((e, i) => ({
          name: e.name,
          x: cats,
          y: range(R_E1 + i, C_GRID, R_E1 + i, C_GRID + 11),
          kind: 'column' as const,
        }))
      : [{ name: monthly, x: cats, y: range(R_M1, 3, R_M1 + 11, 3), kind: 'column' as const }],
    anchor: a1(2, C_Q + 3),
    width: 10,
    height: 21,
  };
}

/**
 * The user's overrides on a Goal Breakdown sheet that we generated earlier, so regenerating keeps them:
 * a month target, an entity target or a grid cell where the sheet now holds a number instead of our
 * formula (or a cell we wrote as a lock) is a lock. `formulas` is the sheet's formulas grid from A1 (as
 * Office.js `range.formulas` or Apps Script `getFormulas()` merged with values: a formula is a string
 * starting with "=", anything else is a constant).
 */
export function readBreakdownLocks(formulas: readonly (readonly unknown[])[]): {
  entities: Record<string, number>;
  months: Record<number, number>;
  cells: { entity: string; month: number; value: number }[];
  children: Record<string, Record<string, number>>;
} {
  const at = (r: number, c: number): unknown => formulas[r - 1]?.[c - 1];
  const isConst = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const locks = {
    entities: {} as Record<string, number>,
    months: {} as Record<number, number>,
    cells: [] as { entity: string; month: number; value: number }[],
    children: {} as Record<string, Record<string, number>>,
  };
  for (let m = 0; m < 12; m++) {
    const v = at(R_M1 + m, 3);
    if (isConst(v)) locks.months[m + 1] = v;
  }
  for (const { row, name } of entityRows(at, formulas.length)) {
    const t = at(row, C_ANNUAL);
    if (isConst(t)) locks.entities[name] = t;
    for (let m = 0; m < 12; m++) {
      const v = at(row, C_GRID + m);
      if (isConst(v)) locks.cells.push({ entity: name, month: m + 1, value: v });
    }
  }
  for (const { row, parent, name } of childRowsOf(at, formulas.length)?.rows ?? []) {
    const t = at(row, C_ANNUAL);
    if (isConst(t)) (locks.children[parent] ??= {})[name] = t;
  }
  return locks;
}

/**
 * The second level of a breakdown sheet (cascade-sheet.ts), if it has one: its column's header and its rows,
 * each child row with its parent. A parent row has no ability (column B) and names a top-level entity.
 */
function childRowsOf(
  at: (r: number, c: number) => unknown,
  rows: number,
): {
  dimension: string;
  first: number;
  last: number;
  rows: { row: number; parent: string; name: string }[];
} | null {
  const top = entityRows(at, rows);
  const { head, first } = childRows({ entities: top.map(() => ({}) as BreakdownEntity) });
  const abilities = new Set([labels('en').ability, labels('zh').ability]);
  const dimension = at(head, 1);
  if (typeof dimension !== 'string' || !abilities.has(at(head, 2) as string)) return null;
  const parents = new Set(top.map((t) => t.name));
  const out: { row: number; parent: string; name: string }[] = [];
  const totals = new Set([labels('en').total, labels('zh').total]);
  let parent = '';
  let row = first;
  for (; row <= rows; row++) {
    const name = at(row, 1);
    if (typeof name !== 'string' || name === '' || totals.has(name)) break;
    const b = at(row, 2);
    if (parents.has(name) && (b === '' || b === null || b === undefined)) parent = name;
    else out.push({ row, parent, name });
  }
  return { dimension, first, last: Math.max(first, row - 1), rows: out };
}

/** The entity rows of a breakdown sheet: from the first entity row to the total row. */
function entityRows(at: (r: number, c: number) => unknown, rows: number): { row: number; name: string }[] {
  const out: { row: number; name: string }[] = [];
  const totals = new Set([labels('en').total, labels('zh').total]);
  for (let row = R_E1; row <= rows; row++) {
    const name = at(row, 1);
    // The total row ends the entities (no entity is named like it: the reader skips totals rows).
    if (typeof name !== 'string' || name === '' || totals.has(name)) break;
    out.push({ row, name });
  }
  return out;
}

/**
 * Where things are on a Goal Breakdown sheet (for sheets that reference it): the targets of `bd`, the top
 * level's (n entities from the first entity row) or the second level's rows.
 */
export function breakdownLayout(bd: {
  entities: readonly unknown[];
  rows?: { first: number; last: number };
}): {
  /** A1 of fiscal month m's (0-based) target. */
  monthTarget: (m: number) => string;
  /** A1 range of the entity names. */
  names: string;
  /** A1 range of fiscal month m's (0-based) grid column. */
  gridColumn: (m: number) => string;
} {
  const first = bd.rows?.first ?? R_E1;
  const last = bd.rows?.last ?? R_E1 + Math.max(bd.entities.length, 1) - 1;
  return {
    monthTarget: (m) => a1(R_M1 + m, 3, true),
    names: range(first, 1, last, 1, true),
    gridColumn: (m) => range(first, C_GRID + m, last, C_GRID + m, true),
  };
}

/**
 * The targets on a Goal Breakdown sheet we generated (its values grid from A1), so that tracking can
 * reference a breakdown that is already in the workbook. Null when the grid is not such a sheet.
 * The fiscal year and its start come from the first month's label ("2025-04" -> start 4, FY2026).
 */
export function readBreakdownTargets(values: readonly (readonly unknown[])[]): {
  year: number;
  fiscalStart: number;
  dimension: string;
  months: number[];
  entities: { name: string; months: number[] }[];
  children: ChildTargets | null;
} | null {
  const at = (r: number, c: number): unknown => values[r - 1]?.[c - 1];
  const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const first = at(R_M1, 1);
  const m = typeof first === 'string' ? first.match(/^(\d{4})-(\d{2})$/) : null;
  const dimension = at(R_EHEAD, 1);
  if (!m || typeof dimension !== 'string' || !(+m[2] >= 1 && +m[2] <= 12)) return null;
  const fiscalStart = +m[2];
  const year = +m[1] + (fiscalStart === 1 ? 0 : 1);
  const months = Array.from({ length: 12 }, (_, i) => num(at(R_M1 + i, 3)));
  const monthsAt = (row: number): number[] => Array.from({ length: 12 }, (_, i) => num(at(row, C_GRID + i)));
  const entities = entityRows(at, values.length).map(({ row, name }) => ({ name, months: monthsAt(row) }));
  const kids = childRowsOf(at, values.length);
  let children: ChildTargets | null = null;
  if (kids) {
    // A child under two parents: its plan is the sum of its rows.
    const byName = new Map<string, { name: string; months: number[] }>();
    for (const k of kids.rows) {
      const t = byName.get(k.name.trim().toLowerCase()) ?? { name: k.name, months: new Array(12).fill(0) };
      monthsAt(k.row).forEach((v, i) => (t.months[i] += v));
      byName.set(k.name.trim().toLowerCase(), t);
    }
    const rows = { first: kids.first, last: kids.last };
    children = { dimension: kids.dimension, entities: [...byName.values()], rows };
  }
  return { year, fiscalStart, dimension, months, entities, children };
}

/**
 * The targets of a breakdown just computed, laid out on a sheet named `sheet`, as the sheets that reference it
 * take them (what readBreakdownTargets reads back from the sheet), the second level included.
 */
export function targetsOf(r: BreakdownResult, sheet: string): BreakdownTargets {
  const at = childRows(r);
  return {
    sheet,
    year: r.year,
    fiscalStart: r.fiscalStart,
    dimension: r.dimension,
    months: r.months,
    entities: r.entities.map((e) => ({ name: e.name, months: e.months })),
    children:
      r.levels.length > 1 && r.childTotals
        ? {
            dimension: r.levels[1],
            entities: r.childTotals.map((t) => ({ name: t.name, months: t.months })),
            rows: { first: at.first, last: at.last },
          }
        : null,
  };
}

/** The second level's targets as the sheets that reference them need them. */
export interface ChildTargets {
  dimension: string;
  entities: { name: string; months: number[] }[];
  /** The sheet rows of the second level (parent rows included: they have no months). */
  rows: { first: number; last: number };
}

export { R_E1 as BREAKDOWN_FIRST_ENTITY_ROW };
