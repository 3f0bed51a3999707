/**
 * One plan from the company to every rep: the breakdown's second level (reps within regions), its sums, its
 * live formulas (HyperFormula), its locks and ability factors, and the scorecard judging every rep against it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  goalBreakdown,
  goalTracking,
  kpiScorecard,
  readBreakdownLocks,
  readBreakdownTargets,
  targetsOf,
} from '../core/analysis';
import type { SheetSpec } from '../core/spec/types';
import { readSalesTable } from '../core/table';
import { ymdToSerial } from '../core/table/coerce';
import type { SalesTable } from '../core/types';
import { buildSampleCells } from '../samples/data';
import { buildEngine, checkSpec, valueAt } from './hf';

type Cell = string | number | Date | null;
const SRC = { sheet: 'Sales', originRow: 1, originCol: 1 };
const TODAY = ymdToSerial(2026, 11, 30);

function load(cells: Cell[][]): SalesTable {
  const r = readSalesTable(cells as never, { lang: 'en' });
  if (!r.ok) throw new Error(r.error.message);
  return r.table;
}

/** The sheet's cells as a host reads them back: formulas' values are the core's numbers. */
const valuesOf = (s: SheetSpec): unknown[][] =>
  s.cells.map((row) => (row ?? []).map((c) => (c ? (c.f !== undefined ? c.expect : c.v) : null)));
const formulasOf = (s: SheetSpec): unknown[][] =>
  s.cells.map((row) => (row ?? []).map((c) => (c ? (c.f ?? c.v ?? null) : null)));

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** Orders of 2024-01 .. 2025-12: East (Ann, Bob), West (Cy, Di); Bob moves to West for 2025; Eve joins East in 2025-07. */
function movers(): Cell[][] {
  const cells: Cell[][] = [['Date', 'Region', 'Rep', 'Sales']];
  for (let y = 2024; y <= 2025; y++)
    for (let m = 1; m <= 12; m++) {
      const d = new Date(Date.UTC(y, m - 1, 10));
      cells.push([d, 'East', 'Ann', 1000 + m * 10]);
      cells.push([d, y === 2024 ? 'East' : 'West', 'Bob', 600 + m * 5]);
      cells.push([d, 'West', 'Cy', 800]);
      cells.push([d, 'West', 'Di', 300 + m]);
      if (y === 2025 && m >= 7) cells.push([d, 'East', 'Eve', 400]);
      if (y === 2025 && m >= 10) cells.push([d, 'West', 'Bob', 50]);
    }
  return cells;
}

describe('the cascade: region -> rep', () => {
  it('by default splits each region over its reps; every level adds up exactly; a rep under two regions sums', () => {
    const table = load(movers());
    const out = goalBreakdown(table, { today: TODAY, unit: 10 });
    if (!out.ok) throw new Error(out.error);
    const r = out.result;
    expect(r.levels).toEqual(['Region', 'Rep']);
    expect(r.baseYear).toBe(2025);
    for (const e of r.entities) {
      const kids = e.children!;
      expect(sum(kids.map((k) => k.target))).toBe(e.target);
      for (let m = 0; m < 12; m++) expect(sum(kids.map((k) => k.months[m]))).toBe(e.months[m]);
      for (const k of kids) expect(sum(k.months)).toBe(k.target);
    }
    const east = r.entities.find((e) => e.name === 'East')!.children!;
    const west = r.entities.find((e) => e.name === 'West')!.children!;
    expect(east.map((k) => [k.name, k.status])).toEqual([
      ['Ann', 'established'],
      ['Eve', 'ramping'],
    ]);
    // Bob moved to West for 2025, the base year: established there, by his 2025 sales; no row under East, where
    // he sold only before the base year.
    expect(west.map((k) => [k.name, k.status])).toEqual([
      ['Cy', 'established'],
      ['Bob', 'established'],
      ['Di', 'established'],
    ]);
    const bob = r.childTotals!.find((t) => t.name === 'Bob')!;
    expect(bob.target).toBe(west.find((k) => k.name === 'Bob')!.target);
    expect(sum(r.childTotals!.map((t) => t.target))).toBe(r.target);
  });

  it('the sheet computes the same numbers live (HyperFormula), with ability factors and locks at both levels', () => {
    const cells = buildSampleCells('en');
    const table = load(cells as Cell[][]);
    const cases = [
      { today: TODAY, unit: 1000 },
      { today: TODAY, fiscalStart: 4, unit: 100 },
      {
        today: TODAY,
        ability: { Alice: 1.2, Ivy: 0.8 },
        locks: { entities: { West: 3_000_000 }, children: { East: { Brian: 2_000_000 } } },
      },
    ];
    for (const opts of cases) {
      const out = goalBreakdown(table, opts);
      if (!out.ok) throw new Error(out.error);
      const hf = buildEngine([{ name: 'Sales', cells: cells as never }], [out.sheet]);
      const { mismatches, checked } = checkSpec(hf, out.sheet);
      expect(mismatches).toEqual([]);
      expect(checked).toBeGreaterThan(250);
      expect(valueAt(hf, out.sheet.name, 'E4')).toBe('OK');
      if (opts.locks) {
        const east = out.result.entities.find((e) => e.name === 'East')!;
        expect(east.children!.find((k) => k.name === 'Brian')!.target).toBe(2_000_000);
        expect(out.result.entities.find((e) => e.name === 'West')!.children!.map((k) => k.target)).toSatisfy(
          (ts: number[]) => sum(ts) === 3_000_000,
        );
      }
    }
  });

  it('an ability factor typed on the sheet re-spreads the region live, and a rep target typed there is a lock', () => {
    const cells = buildSampleCells('en');
    const table = load(cells as Cell[][]);
    const out = goalBreakdown(table, { today: TODAY, unit: 1000 });
    if (!out.ok) throw new Error(out.error);
    const grid = formulasOf(out.sheet);
    const aliceRow = grid.findIndex((row, i) => i > 30 && row[0] === 'Alice');
    expect(aliceRow).toBeGreaterThan(30);
    expect(grid[aliceRow][1]).toBe(1); // ability 100%
    // The same ability typed into the sheet: the core with that factor agrees with HyperFormula.
    const hf = buildEngine([{ name: 'Sales', cells: cells as never }], [out.sheet]);
    hf.setCellContents({ sheet: hf.getSheetId(out.sheet.name)!, row: aliceRow, col: 1 }, [[1.5]]);
    const again = goalBreakdown(table, { today: TODAY, unit: 1000, ability: { Alice: 1.5 } });
    if (!again.ok) throw new Error(again.error);
    const alice = again.result.entities
      .find((e) => e.name === 'East')!
      .children!.find((k) => k.name === 'Alice')!;
    expect(valueAt(hf, out.sheet.name, `F${aliceRow + 1}`)).toBe(alice.target);
    expect(alice.target).toBeGreaterThan(
      out.result.entities.find((e) => e.name === 'East')!.children!.find((k) => k.name === 'Alice')!.target,
    );
    // A rep's target typed over the formula: read back as a lock of that rep within that region.
    grid[aliceRow][5] = 3_000_000;
    const locks = readBreakdownLocks(grid);
    expect(locks.children).toEqual({ East: { Alice: 3_000_000 } });
    const locked = goalBreakdown(table, { today: TODAY, unit: 1000, locks });
    if (!locked.ok) throw new Error(locked.error);
    const east = locked.result.entities.find((e) => e.name === 'East')!;
    expect(east.children!.map((k) => [k.name, k.locked])).toContainEqual(['Alice', true]);
    expect(sum(east.children!.map((k) => k.target))).toBe(east.target);
    expect(readBreakdownLocks(formulasOf(locked.sheet)).children).toEqual(locks.children);
  });

  it('the scorecard by rep takes every rep`s target from the cascade (no rep without a target), live', () => {
    const cells = buildSampleCells('en');
    const table = load(cells as Cell[][]);
    const bd = goalBreakdown(table, { today: TODAY, year: 2026 });
    if (!bd.ok) throw new Error(bd.error);
    const back = readBreakdownTargets(valuesOf(bd.sheet))!;
    expect(back.children!.dimension).toBe('Rep');
    expect(back.children!.entities.map((e) => e.name).sort()).toEqual(
      bd.result.childTotals!.map((t) => t.name).sort(),
    );
    const targets = { ...targetsOf(bd.result, bd.sheet.name) };
    expect(back.children).toEqual(targets.children);
    const sc = kpiScorecard(table, { source: SRC, today: TODAY, period: '2026', breakdown: targets });
    if (!sc.ok) throw new Error(sc.error);
    expect(sc.result.dimension).toBe('Rep');
    const reps = sc.result.rows.filter((r) => r.name !== '');
    expect(reps.length).toBe(9);
    for (const r of reps) expect(r.target).toBeGreaterThan(0);
    const hf = buildEngine([{ name: 'Sales', cells: cells as never }], [bd.sheet, sc.sheet]);
    expect(checkSpec(hf, sc.sheet).mismatches).toEqual([]);
  });

  it('goal tracking has a rep block under the regions: each rep against the cascade, furthest behind first, live', () => {
    const cells = buildSampleCells('en');
    const table = load(cells as Cell[][]);
    const bd = goalBreakdown(table, { today: TODAY, year: 2026 });
    if (!bd.ok) throw new Error(bd.error);
    const asOf = ymdToSerial(2026, 8, 15);
    const tr = goalTracking(table, { source: SRC, asOf, breakdown: targetsOf(bd.result, bd.sheet.name) });
    if (!tr.ok) throw new Error(tr.error);
    const kids = tr.result.children!;
    expect(kids.dimension).toBe('Rep');
    expect(kids.entities.map((e) => e.name).sort()).toEqual(bd.result.childTotals!.map((t) => t.name).sort());
    const att = kids.entities.map((e) => e.attainment!);
    expect(att).toEqual([...att].sort((x, y) => x - y));
    // Each rep's year target is the cascade's, and their sales to date the source's.
    for (const e of kids.entities) {
      expect(e.target).toBe(bd.result.childTotals!.find((t) => t.name === e.name)!.target);
      const sales = (cells as Cell[][])
        .slice(3)
        .filter((r) => r[2] === e.name && r[0] instanceof Date)
        .filter((r) => {
          const d = r[0] as Date;
          const serial = ymdToSerial(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
          return serial >= ymdToSerial(2026, 1, 1) && serial <= asOf;
        })
        .reduce((a, r) => a + (typeof r[6] === 'number' ? r[6] : 0), 0);
      expect(e.actual).toBeCloseTo(sales, 6);
    }
    const hf = buildEngine([{ name: 'Sales', cells: cells as never }], [bd.sheet, tr.sheet]);
    const { mismatches } = checkSpec(hf, tr.sheet);
    expect(mismatches).toEqual([]);
    const names = tr.sheet.cells.map((row) => row?.[0]?.v);
    const first = names.indexOf(kids.entities[0].name);
    expect(first).toBeGreaterThan(names.indexOf(tr.result.entities[0].name));
  });

  it('the base of a target year is a year before it, never the target year itself', () => {
    const table = load(movers());
    const out = goalBreakdown(table, { today: TODAY, year: 2025 });
    if (!out.ok) throw new Error(out.error);
    expect(out.result.baseYear).toBe(2024);
    expect(out.result.baseLabel).toBe('2024');
  });

  it('any table, fiscal start, unit and locks: every level adds up exactly both ways, parts within one unit', () => {
    const rep = fc.constantFrom('Ann', 'Bob', 'Cy', 'Di', 'Eve', 'Fay');
    const region = fc.constantFrom('East', 'West', 'North');
    const order = fc.record({
      month: fc.integer({ min: 0, max: 35 }),
      region,
      rep,
      amount: fc.integer({ min: -50, max: 5000 }),
    });
    fc.assert(
      fc.property(
        fc.array(order, { minLength: 30, maxLength: 120 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom(1, 100, 1000),
        fc.boolean(),
        (orders, fs, unit, lockSome) => {
          const cells: Cell[][] = [['Date', 'Region', 'Rep', 'Sales']];
          for (const o of orders)
            cells.push([new Date(Date.UTC(2023, o.month, 15)), o.region, o.rep, o.amount]);
          // Every region sells every month of 2023..2025 so that a base year exists.
          for (let m = 0; m < 36; m++) cells.push([new Date(Date.UTC(2023, m, 1)), 'East', 'Ann', 100]);
          const table = load(cells);
          const target = 1_000_000;
          const first = goalBreakdown(table, { today: TODAY, fiscalStart: fs, unit, target });
          if (!first.ok) return;
          const east = first.result.entities.find((e) => e.name === 'East')!;
          // A lock on one rep of a region with others to re-spread (a lone rep locked off its region's target is refused).
          const locks =
            lockSome && east.children!.length > 1
              ? {
                  children: { East: { [east.children![0].name]: Math.round(east.target / 3 / unit) * unit } },
                }
              : undefined;
          const out = goalBreakdown(table, { today: TODAY, fiscalStart: fs, unit, target, locks });
          if (!out.ok) throw new Error(out.error);
          for (const e of out.result.entities) {
            const kids = e.children!;
            if (!kids.length) continue;
            expect(sum(kids.map((k) => k.target))).toBe(e.target);
            for (let m = 0; m < 12; m++) expect(sum(kids.map((k) => k.months[m]))).toBe(e.months[m]);
            const free = kids.filter((k) => !k.locked);
            const rest = e.target - sum(kids.filter((k) => k.locked).map((k) => k.target));
            const W = sum(free.map((k) => k.weight));
            for (const k of kids) {
              expect(sum(k.months)).toBe(k.target);
              if (!k.locked && W > 0)
                expect(Math.abs(k.target - (rest * k.weight) / W)).toBeLessThanOrEqual(unit);
            }
          }
          const totals = out.result.childTotals!;
          for (const t of totals) {
            const rows = out.result.entities.flatMap((e) => e.children!.filter((k) => k.name === t.name));
            expect(t.target).toBe(sum(rows.map((k) => k.target)));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
