import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goalBreakdown, goalTracking, readBreakdownTargets, type BreakdownTargets } from '../core/analysis';
import { targetsOf } from '../core/analysis';
import { ymdToSerial } from '../core/table/coerce';
import { readSalesTable } from '../core/table';
import type { Cell, SalesTable } from '../core/types';
import { buildEngine, checkSpec, setAt, valueAt } from './hf';
import { fixtureCells, fixtureRecords, inRange, sumWhere } from './fixtures';

const SRC = { sheet: 'Sales', originRow: 1, originCol: 1 };
const recs = fixtureRecords(6);
const cells = fixtureCells(recs);

function load(c: Cell[][]): SalesTable {
  const res = readSalesTable(c);
  if (!res.ok) throw new Error(res.error.message);
  return res.table;
}
const table = load(cells);

function breakdown(): { targets: BreakdownTargets; sheet: ReturnType<typeof goalBreakdown> } {
  const out = goalBreakdown(table, { by: 'Region', uplift: 0.1, unit: 100 });
  if (!out.ok) throw new Error(out.error);
  const r = out.result;
  return {
    sheet: out,
    targets: {
      sheet: out.sheet.name,
      year: r.year,
      dimension: r.dimension,
      months: r.months,
      entities: r.entities.map((e) => ({ name: e.name, months: e.months })),
    },
  };
}

describe('goal tracking', () => {
  const { targets, sheet: bdOut } = breakdown();
  if (!bdOut.ok) throw new Error('breakdown');

  it('HyperFormula evaluates every formula to the core numbers at the start, middle and end of a quarter', () => {
    for (const iso of ['2026-04-01', '2026-05-15', '2026-06-30']) {
      const [y, m, d] = iso.split('-').map(Number);
      const out = goalTracking(table, { source: SRC, breakdown: targets, asOf: ymdToSerial(y, m, d) });
      if (!out.ok) throw new Error(out.error);
      const hf = buildEngine([{ name: 'Sales', cells }], [bdOut.sheet, out.sheet]);
      const { mismatches, checked } = checkSpec(hf, out.sheet);
      expect(mismatches, iso).toEqual([]);
      expect(checked).toBeGreaterThan(300);
    }
  });

  it('actuals, targets, pacing and status per month, quarter, entity and week', () => {
    const asOf = ymdToSerial(2026, 5, 15);
    const out = goalTracking(table, { source: SRC, breakdown: targets, asOf });
    if (!out.ok) throw new Error(out.error);
    const r = out.result;
    expect(r.year).toBe(2026);
    expect(r.targetSource).toBe('breakdown');
    // March: full month.
    const mar = r.months[2];
    expect(mar.actual).toBeCloseTo(
      sumWhere(recs, (x) => inRange(x.date, '2026-03-01', '2026-03-31')),
      6,
    );
    expect(mar.target).toBe(targets.months[2]);
    expect(mar.elapsed).toBe(31);
    expect(mar.prorated).toBe(mar.target);
    // May: to the 15th.
    const may = r.months[4];
    expect(may.actual).toBeCloseTo(
      sumWhere(recs, (x) => inRange(x.date, '2026-05-01', '2026-05-15')),
      6,
    );
    expect(may.elapsed).toBe(15);
    expect(may.prorated).toBeCloseTo((may.target * 15) / 31, 9);
    expect(may.projection!).toBeCloseTo((may.actual / 15) * 31, 9);
    expect(may.requiredPerDay!).toBeCloseTo((may.target - may.actual) / 16, 9);
    const pace = may.actual / may.prorated;
    expect(may.status).toBe(pace >= 0.99 ? 'on-track' : pace >= 0.81 ? 'behind' : 'at-risk');
    expect(r.months[6].status).toBe('not-started');
    expect(r.months[6].actual).toBe(0);
    expect(r.months[4].ytdTarget).toBe(targets.months.slice(0, 5).reduce((a, b) => a + b, 0));
    // Quarters.
    expect(r.quarters[1].target).toBe(targets.months[3] + targets.months[4] + targets.months[5]);
    // Entities: year to date.
    const east = r.entities.find((e) => e.name === 'East')!;
    expect(east.actual).toBeCloseTo(
      sumWhere(recs, (x) => x.region === 'East' && inRange(x.date, '2026-01-01', '2026-05-15')),
      6,
    );
    expect(east.target).toBe(
      targets.entities.find((e) => e.name === 'East')!.months.reduce((a, b) => a + b, 0),
    );
    // Weeks of Q2: Monday-based, cut at the quarter; their targets add up to the quarter's.
    expect(r.weeks[0].period).toBe('2026-W14');
    expect(r.weeks[0].start).toBe(ymdToSerial(2026, 4, 1));
    expect(r.weeks[1].start).toBe(ymdToSerial(2026, 4, 6)); // a Monday
    expect(r.weeks[r.weeks.length - 1].end).toBe(ymdToSerial(2026, 6, 30));
    expect(r.weeks.reduce((a, w) => a + w.target, 0)).toBeCloseTo(r.quarters[1].target, 6);
  });

  it('is live: a row added to the source later changes the actuals on recalculation', () => {
    const out = goalTracking(table, { source: SRC, breakdown: targets, asOf: ymdToSerial(2026, 6, 30) });
    if (!out.ok) throw new Error(out.error);
    const hf = buildEngine([{ name: 'Sales', cells }], [bdOut.sheet, out.sheet]);
    const name = out.sheet.name;
    const before = valueAt(hf, name, 'C13') as number; // June actual
    setAt(hf, 'Sales', `A${cells.length + 3}`, [[ymdToSerial(2026, 6, 10), 'East', 'Ann', 'C1', 5000]]);
    expect(valueAt(hf, name, 'C13')).toBeCloseTo(before + 5000, 6);
    // Editing a target on the breakdown sheet flows into tracking.
    setAt(hf, bdOut.sheet.name, 'B4', 2_000_000);
    expect(valueAt(hf, name, 'B8')).toBe(valueAt(hf, bdOut.sheet.name, 'C10'));
    // The as-of date is an input: moving it to June 1 re-reads the sheet for that day.
    setAt(hf, name, 'B3', ymdToSerial(2026, 6, 1));
    expect(valueAt(hf, name, 'O13')).toBe(1); // elapsed days of June
  });

  it('reads the targets back from a breakdown sheet already in the workbook', () => {
    const values = bdOut.sheet.cells.map((row) =>
      (row ?? []).map((c) => (c ? (c.f !== undefined ? c.expect : c.v) : null)),
    );
    const back = readBreakdownTargets(values);
    expect(back).toEqual({
      year: targets.year,
      fiscalStart: 1,
      dimension: targets.dimension,
      months: targets.months,
      entities: targets.entities,
      // The reps within the regions (the cascade's second level), as the core laid them out.
      children: targetsOf(bdOut.result, bdOut.sheet.name).children,
    });
    expect(back!.children!.entities).toHaveLength(bdOut.result.childTotals!.length);
  });

  it('targets from a target column of a per-month table; Chinese labels', () => {
    const c: Cell[][] = [['月份', '销售员', '销售额', '目标']];
    for (let m = 1; m <= 12; m++)
      for (const rep of ['王芳', '李强'])
        c.push([
          `2026-${String(m).padStart(2, '0')}`,
          rep,
          m <= 9 ? 1000 * m + (rep === '王芳' ? 500 : 0) : null,
          8000,
        ]);
    const t = load(c);
    // Text months are coerced: formulas read a clean copy.
    const out = goalTracking(t, { source: SRC, lang: 'zh', asOf: ymdToSerial(2026, 9, 30) });
    if (!out.ok) throw new Error(out.error);
    expect(out.result.targetSource).toBe('column');
    // January is over: its final actual, missed; September (the as-of month) too.
    expect(out.result.months[0]).toMatchObject({
      target: 16000,
      actual: 2500,
      status: 'missed',
      forecast: 2500,
    });
    expect(out.result.months[0].requiredPerDay).toBeNull();
    expect(out.result.months[11]).toMatchObject({
      target: 16000,
      actual: 0,
      status: 'not-started',
      forecast: null,
    });
    expect(out.sheet.name).toBe('目标跟踪');
    expect(out.dataSheet).toBeDefined();
    const hf = buildEngine([{ name: 'Sales', cells: c }], [out.dataSheet!, out.sheet]);
    expect(checkSpec(hf, out.sheet).mismatches).toEqual([]);
  });

  it('targets from a separate target table (Month, Region, Target) on its own sheet, live by SUMIFS', () => {
    const tcells: Cell[][] = [['Month', 'Region', 'Target']];
    for (let m = 1; m <= 12; m++)
      for (const [region, t] of [
        ['East', 30000],
        ['North', 20000],
        ['South', 10000],
        ['West', 5000],
      ] as const)
        tcells.push([new Date(Date.UTC(2026, m - 1, 1)), region, t + m * 100]);
    const tr = readSalesTable(tcells, { measure: 'target' });
    if (!tr.ok) throw new Error(tr.error.message);
    const out = goalTracking(table, {
      source: SRC,
      asOf: ymdToSerial(2026, 5, 15),
      targetTable: { table: tr.table, source: { sheet: 'Targets', originRow: 1, originCol: 1 } },
    });
    if (!out.ok) throw new Error(out.error);
    const r = out.result;
    expect(r.targetSource).toBe('table');
    expect(r.months[0].target).toBe(65000 + 400);
    expect(r.entities.find((e) => e.name === 'East')!.months[11]).toBe(31200);
    expect(String(out.sheet.cells[1]![0]!.v)).toMatch(/target table on sheet "Targets"/);
    expect(out.sheet.cells[7]![1]!.f).toMatch(/^=SUMIFS\('Targets'!\$C:\$C,'Targets'!\$A:\$A,/);
    const hf = buildEngine(
      [
        { name: 'Sales', cells },
        { name: 'Targets', cells: tcells },
      ],
      [out.sheet],
    );
    expect(checkSpec(hf, out.sheet).mismatches).toEqual([]);
    // A target typed into the target table later changes tracking on recalculation.
    setAt(hf, 'Targets', `A${tcells.length + 1}`, [[ymdToSerial(2026, 1, 1), 'East', 1000]]);
    expect(valueAt(hf, out.sheet.name, 'B8')).toBe(66400);
  });

  it('any target table a user types: never throws, and the month targets add up to its targets of the year', () => {
    const start2025 = ymdToSerial(2025, 1, 1);
    const dateArb = fc.oneof(
      fc.integer({ min: start2025, max: start2025 + 3 * 365 }),
      fc.constantFrom('2026-03', '2026年5月', 'Q3', '', null, 'soon'),
    );
    const nameArb = fc.constantFrom('East', 'east ', ' NORTH', 'South', '', null, 'Nowhere', 42);
    const valueArb = fc.oneof(
      fc.integer({ min: -5000, max: 50000 }),
      fc.double({ min: 0, max: 1e6, noNaN: true }),
      fc.constantFrom('¥1,000', '1.2万', '', null, 'n/a', true),
    );
    const header = fc.constantFrom(
      ['Month', 'Region', 'Target'],
      ['月份', '地区', '目标'],
      ['Date', 'Region', 'Quota'],
    );
    fc.assert(
      fc.property(header, fc.array(fc.tuple(dateArb, nameArb, valueArb), { maxLength: 30 }), (h, rows) => {
        const read = readSalesTable([h, ...rows] as Cell[][], { measure: 'target' });
        if (!read.ok) return;
        const tt = read.table;
        const out = goalTracking(table, {
          source: SRC,
          asOf: ymdToSerial(2026, 5, 15),
          by: 'Region',
          targetTable: { table: tt, source: { sheet: 'Targets', originRow: 1, originCol: 1 } },
        });
        if (!out.ok) {
          expect(out.error.length).toBeGreaterThan(0);
          return;
        }
        let inYear = 0;
        for (let i = 0; i < tt.length; i++)
          if (tt.date[i] >= ymdToSerial(2026, 1, 1) && tt.date[i] <= ymdToSerial(2026, 12, 31))
            inYear += tt.amount[i];
        const months = out.result.months.reduce((a, m) => a + m.target, 0);
        expect(months).toBeCloseTo(inYear, 6);
        for (const m of out.result.months) expect(Number.isFinite(m.target)).toBe(true);
        for (const e of out.result.entities) expect(Number.isFinite(e.target)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a target table without the dimension is refused by name; one with months typed as text gives values and says why', () => {
    const byRep = readSalesTable(
      [
        ['Month', 'Rep', 'Target'],
        [new Date(Date.UTC(2026, 0, 1)), 'Ann', 100],
      ],
      { measure: 'target' },
    );
    if (!byRep.ok) throw new Error(byRep.error.message);
    const refused = goalTracking(table, {
      source: SRC,
      by: 'Region',
      targetTable: { table: byRep.table, source: { sheet: 'Plan', originRow: 1, originCol: 1 } },
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.error).toBe(
        'The target table on sheet "Plan" has no "Region" column (its columns: Month, Rep, Target). Add one, or track by a dimension it has.',
      );
    const textMonths: Cell[][] = [['Month', 'Region', 'Target']];
    for (let m = 1; m <= 12; m++) textMonths.push([`2026-${String(m).padStart(2, '0')}`, 'East', 1000 + m]);
    const tm = readSalesTable(textMonths, { measure: 'target' });
    if (!tm.ok) throw new Error(tm.error.message);
    const out = goalTracking(table, {
      source: SRC,
      by: 'Region',
      asOf: ymdToSerial(2026, 5, 15),
      targetTable: { table: tm.table, source: { sheet: 'Plan', originRow: 1, originCol: 1 } },
    });
    if (!out.ok) throw new Error(out.error);
    expect(String(out.sheet.cells[1]![0]!.v)).toMatch(
      /target table on sheet "Plan"\. 12 of its cells are text that formulas cannot read/,
    );
    expect(out.sheet.cells[7]![1]).toMatchObject({ v: 1001 });
    expect(out.sheet.cells[7]![1]!.f).toBeUndefined();
    const hf = buildEngine([{ name: 'Sales', cells }], [out.sheet]);
    expect(checkSpec(hf, out.sheet).mismatches).toEqual([]);
  });

  it('a target table without a target column is refused with a message naming the headers', () => {
    const r = readSalesTable(
      [
        ['Month', 'Rep', 'Notes'],
        ['2026-01', 'Ann', 3],
      ],
      { measure: 'target' },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/No target column found. Headers found: Month, Rep, Notes/);
  });

  it('without targets it asks for one', () => {
    const out = goalTracking(table, { source: SRC });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toMatch(/Goal Breakdown/);
  });
});
