/**
 * Recalculation cost of the generated sheets (issue 13): on a table of SPAN_MIN_RECORDS rows or more, sorted by
 * date as exports are, each period's SUMIFS read only the block of source rows that holds its records, under a
 * guard that sends them back to whole columns when that stops being true. Checked here: HyperFormula agrees with
 * the core on every formula; the source-scanning calls over whole columns do not grow with the entities (one
 * guard per period); the rows visited stay under bounds that follow from the table's shape; quarters sum their
 * months; and the numbers stay right when the source is edited (a row appended, a row inserted in a block, a
 * block deleted, a period moved). Behaviour, not timing: the timing is `check-libreoffice.ts --time`.
 */
import { DetailedCellError, type HyperFormula } from 'hyperformula';
import { describe, expect, it } from 'vitest';
import {
  goalBreakdown,
  goalTracking,
  incentives,
  kpiScorecard,
  labels,
  quadrantAnalysis,
} from '../core/analysis';
import { SPAN_MIN_RECORDS } from '../core/analysis/layout';
import type { SheetSpec } from '../core/spec/types';
import { readSalesTable } from '../core/table';
import { ymdToSerial } from '../core/table/coerce';
import type { Cell, SalesTable } from '../core/types';
import { mulberry32 } from '../samples/data';
import { buildEngine, checkSpec, setAt, valueAt } from './hf';
import { rowVisits, takenBranch } from '../bench/row-visits';

const SRC = { sheet: 'Sales', originRow: 1, originCol: 1 };
const d = (y: number, m: number, day: number): number => ymdToSerial(y, m, day);
const REGIONS = ['East', 'North', 'South', 'West'];
const REPS = REGIONS.flatMap((r) => [1, 2, 3].map((k) => ({ name: `${r} ${k}`, region: r })));
const FIRST = d(2023, 1, 1);
const DAYS = d(2025, 12, 31) - FIRST + 1;
const N = 12_000;

interface Row {
  day: number;
  rep: string;
  region: string;
  amount: number;
}

/** N orders over 2023-2025 in date order (a year is a third of the rows), 12 reps in 4 regions, amounts in cents. */
function rows(n = N, seed = 5): Row[] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const rep = REPS[Math.floor(rand() * REPS.length)];
    const day = FIRST + Math.floor((i * DAYS) / n);
    return { day, rep: rep.name, region: rep.region, amount: Math.round(5000 + 100_000 * rand()) / 100 };
  });
}

const date = (serial: number): Date => new Date((serial - 25569) * 86_400_000);
function cells(rs: Row[]): Cell[][] {
  return [
    ['Date', 'Rep', 'Region', 'Sales'],
    ...rs.map((r): Cell[] => [date(r.day), r.rep, r.region, r.amount]),
  ];
}

function read(c: Cell[][]): SalesTable {
  const r = readSalesTable(c);
  if (!r.ok) throw new Error(r.error.message);
  return r.table;
}

function ok<T>(out: { ok: true; sheet: SheetSpec; result: T } | { ok: false; error: string }): {
  sheet: SheetSpec;
  result: T;
} {
  if (!out.ok) throw new Error(out.error);
  return out;
}

/** Cells of the sheets that evaluate to an error. */
function errorCells(hf: HyperFormula, specs: SheetSpec[]): string[] {
  const out: string[] = [];
  for (const s of specs) {
    const id = hf.getSheetId(s.name)!;
    s.cells.forEach((row, r) =>
      (row ?? []).forEach((_, col) => {
        const v = hf.getCellValue({ sheet: id, row: r, col });
        if (v instanceof DetailedCellError) out.push(`${s.name}!R${r + 1}C${col + 1} ${v.value}`);
      }),
    );
  }
  return out;
}

/** Formula cells of a spec, by A1 address. */
function formulas(spec: SheetSpec): Map<string, string> {
  const out = new Map<string, string>();
  spec.cells.forEach((row, r) =>
    (row ?? []).forEach((c, col) => {
      if (c?.f) out.set(`${String.fromCharCode(65 + col)}${r + 1}`, c.f);
    }),
  );
  return out;
}

/** The row (1-based) of the first cell of column A holding `text`. */
function rowOf(spec: SheetSpec, text: string, from = 0): number {
  const i = spec.cells.findIndex((row, r) => r >= from && row?.[0]?.v === text);
  if (i < 0) throw new Error(`${text} not found`);
  return i + 1;
}

const rs = rows();
const src = cells(rs);
const table = read(src);
const today = d(2026, 11, 28);
const sumOf = (f: (r: Row) => boolean): number => rs.filter(f).reduce((a, r) => a + r.amount, 0);

function targetsOf(by: string): { bd: SheetSpec; targets: Parameters<typeof goalTracking>[1]['breakdown'] } {
  const out = ok(goalBreakdown(table, { by, year: 2025, today }));
  const r = out.result;
  return {
    bd: out.sheet,
    targets: {
      sheet: out.sheet.name,
      year: r.year,
      fiscalStart: r.fiscalStart,
      dimension: r.dimension,
      months: r.months,
      entities: r.entities.map((e) => ({ name: e.name, months: e.months })),
    },
  };
}

describe('recalculation cost on a large table sorted by date', () => {
  const byRep = targetsOf('Rep');
  const byRegion = targetsOf('Region');
  const opts = { source: SRC, today, period: '2025' };
  const quadrant = ok(quadrantAnalysis(table, { ...opts, by: 'Region' }));
  const scorecard = ok(kpiScorecard(table, { ...opts, by: 'Rep', breakdown: byRep.targets }));
  const scorecardRegion = ok(kpiScorecard(table, { ...opts, by: 'Region' }));
  const tracking = ok(
    goalTracking(table, { source: SRC, breakdown: byRegion.targets, asOf: d(2025, 8, 15) }),
  );
  const bonus = ok(incentives(table, { ...opts, breakdown: byRep.targets }));
  const bonusNoTargets = ok(incentives(table, opts));
  // Each sheet with the breakdown it reads (both are named Goal Breakdown).
  const sheets = {
    quadrant: [quadrant, null],
    scorecard: [scorecard, byRep.bd],
    scorecardRegion: [scorecardRegion, null],
    tracking: [tracking, byRegion.bd],
    bonus: [bonus, byRep.bd],
    bonusNoTargets: [bonusNoTargets, null],
  } as const;

  it(`the table is large enough for blocks (${N} >= ${SPAN_MIN_RECORDS} rows)`, () => {
    expect(table.length).toBe(N);
    expect(N).toBeGreaterThanOrEqual(SPAN_MIN_RECORDS);
  });

  for (const [name, [out, bd]] of Object.entries(sheets))
    it(`${name}: HyperFormula agrees with the core on every formula, guards at 0, no error cell`, () => {
      const hf = buildEngine([{ name: 'Sales', cells: src }], bd ? [bd, out.sheet] : [out.sheet]);
      const { mismatches, checked } = checkSpec(hf, out.sheet);
      expect(mismatches).toEqual([]);
      expect(checked).toBeGreaterThan(20);
      expect(errorCells(hf, [out.sheet])).toEqual([]);
      const guards = [...formulas(out.sheet).values()].filter((f) => f.startsWith('=IFERROR(COUNTIFS('));
      expect(guards.length).toBeGreaterThan(0);
    });

  it('whole-column scans: one per period, whatever the number of entities', () => {
    const whole = (s: SheetSpec): number => rowVisits(s, 'Sales', N).whole;
    // The guards of the current and the previous period.
    expect(whole(quadrant.sheet)).toBe(2);
    expect(whole(scorecard.sheet)).toBe(2);
    expect(whole(scorecardRegion.sheet)).toBe(2);
    // The guards of the 12 months (a quarter, and the main table's year, add up their months).
    expect(whole(bonus.sheet)).toBe(12);
    expect(whole(bonusNoTargets.sheet)).toBe(12);
    // The year to date, shared by the entities, the months and the weeks.
    expect(whole(tracking.sheet)).toBe(1);
  });

  it('row visits per sheet: a whole column per guard, the period block per entity formula', () => {
    // Bounds from the table's shape: a year is a third of the rows (4,000), a month a 36th (about 334), a
    // quarter a twelfth. Each bound is what the formulas need plus 1% for the blocks' uneven edges; reading
    // whole columns again (the cost before blocks) would exceed each by 2.5× or more.
    const year = N / 3;
    const month = N / 36;
    const bound = (x: number): number => Math.ceil(x * 1.01);
    const visits = (s: SheetSpec): number => rowVisits(s, 'Sales', N).rows;
    const E = 4; // regions
    const R = 12; // reps
    // Quadrant: 2 guards; sales and previous per region, each over a year's block; the guards' block counts.
    expect(visits(quadrant.sheet)).toBeLessThanOrEqual(bound(2 * N + (2 * E + 2) * year));
    // Scorecard: the same per rep, and the orders (no order ID: numeric amounts counted, >= 0 and < 0) over the
    // current year; its targets come from the breakdown sheet, not the source.
    expect(visits(scorecard.sheet)).toBeLessThanOrEqual(bound(2 * N + (4 * R + 2) * year));
    // Incentives: 12 month guards and a month block per rep and month; the year and the quarters are sums of months.
    expect(visits(bonus.sheet)).toBeLessThanOrEqual(bound(12 * N + 12 * (R + 1) * month));
    // Tracking, as of 15 August 2025: the year-to-date guard; the year to date per region and its block count,
    // the months and the weeks of the quarter each over the year-to-date block (7.5 months).
    const ytd = (N * 7.5) / 36;
    const periods = 12 + tracking.result.weeks.length;
    expect(visits(tracking.sheet)).toBeLessThanOrEqual(bound(N + (E + 1 + periods) * ytd));
    // The same calls without the guards, all over whole columns (as before the blocks), cost several times more:
    // 1.4× for 4 regions (two guards weigh against 8 calls), 2.5× for the rep scorecard, 7× for the months of
    // the incentives, 4× for tracking.
    const plain = (s: SheetSpec): number => {
      const v = rowVisits(s, 'Sales', N);
      const guards = [...formulas(s).values()].filter((f) => f.startsWith('=IFERROR(COUNTIFS(')).length;
      return (v.whole + v.block - 2 * guards) * N;
    };
    const gains: [SheetSpec, number][] = [
      [quadrant.sheet, 1.4],
      [scorecard.sheet, 2.5],
      [bonus.sheet, 7],
      [tracking.sheet, 4],
    ];
    for (const [s, k] of gains) expect(visits(s) * k, s.name).toBeLessThan(plain(s));
  });

  it('a quarter and a year add up their months (incentives and tracking), never reading the source again', () => {
    const L = labels('en');
    const sales = rowOf(bonus.sheet, L.workings(L.sales, 'Rep'));
    const head = bonus.sheet.cells[sales]!; // the header row, under the title
    const quarters = head.flatMap((c, j) => (typeof c?.v === 'string' && /Q\d/.test(c.v) ? [j] : []));
    expect(quarters.length).toBe(4);
    for (const j of quarters)
      expect(bonus.sheet.cells[sales + 1]![j]!.f).toMatch(/^=SUM\([A-Z]+\d+:[A-Z]+\d+\)$/);
    // The main table's sales: the months of the first rep's workings row, while B3:C3 are the months' dates.
    expect(takenBranch(bonus.sheet.cells[9]![1]!.f!)).toBe(`=SUM(B${sales + 2}:M${sales + 2})`);
    const row = (label: string): number => tracking.sheet.cells.findIndex((x) => x?.[0]?.v === label);
    expect(tracking.sheet.cells[row(tracking.result.quarters[0].label)]![2]!.f).toBe('=SUM(C8:C10)');
    expect(tracking.sheet.cells[row(tracking.result.total.label)]![2]!.f).toBe('=SUM(C8:C19)');
    // A month reads the year-to-date block while it lies inside the year.
    expect(takenBranch(tracking.sheet.cells[7]![2]!.f!)).toMatch(
      /^=IF\(M8>\$B\$3,0,SUMIFS\('Sales'!\$D\$\d+:\$D\$\d+,/,
    );
  });

  it('the numbers stay right when the source changes: rows typed below, inserted inside, a block deleted, a period moved', () => {
    const sc = scorecard.sheet;
    const hf = buildEngine([{ name: 'Sales', cells: src }], [byRep.bd, sc]);
    const at = (ref: string): unknown => valueAt(hf, sc.name, ref);
    const rowOfRep = (rep: string): number => rowOf(sc, rep, 7);
    const ann = rowOfRep('East 1');
    const in2025 = (r: Row): boolean => r.day >= d(2025, 1, 1) && r.day <= d(2025, 12, 31);
    const in2024 = (r: Row): boolean => r.day >= d(2024, 1, 1) && r.day <= d(2024, 12, 31);
    let sales = sumOf((r) => r.rep === 'East 1' && in2025(r));
    expect(at('E3')).toBe(0);
    expect(at(`B${ann}`)).toBeCloseTo(sales, 6);

    // A row typed below the table, dated in 2025: outside the block, so the guard counts it and every formula
    // of the period reads whole columns.
    setAt(hf, 'Sales', `A${N + 2}`, [[d(2025, 6, 1), 'East 1', 'East', 1000]]);
    sales += 1000;
    expect(at('E3')).toBe(1);
    expect(at(`B${ann}`)).toBeCloseTo(sales, 6);

    // A row inserted inside the block: its references grow with it, the guard stays at 0 for the previous period.
    const sheet = hf.getSheetId('Sales')!;
    const inside = 2 + rs.findIndex((r) => r.day >= d(2024, 6, 1));
    hf.addRows(sheet, [inside - 1, 1]);
    setAt(hf, 'Sales', `A${inside}`, [[d(2024, 6, 1), 'East 1', 'East', 500]]);
    expect(at('E4')).toBe(0);
    expect(at(`C${ann}`)).toBeCloseTo(sumOf((r) => r.rep === 'East 1' && in2024(r)) + 500, 6);

    // The previous period moved to 2023: its rows lie outside the 2024 block, so the formulas read every row.
    setAt(hf, sc.name, 'B4', [[d(2023, 1, 1), d(2023, 12, 31)]]);
    expect(at('E4')).toBeGreaterThan(0);
    expect(at(`C${ann}`)).toBeCloseTo(
      sumOf((r) => r.rep === 'East 1' && r.day >= d(2023, 1, 1) && r.day <= d(2023, 12, 31)),
      6,
    );

    // The rows of the 2025 block deleted: its references break, the guard says -1, the formulas read every row.
    const first = 3 + rs.findIndex(in2025); // the header, and the row inserted above
    hf.removeRows(sheet, [first - 1, N + 3 - first]); // up to the last row of the table, N + 2 now
    expect(at('E3')).toBe(-1);
    expect(at(`B${ann}`)).toBeCloseTo(1000, 6);
    expect(errorCells(hf, [sc])).toEqual([]);
  });

  it('incentives and tracking follow their inputs past the blocks: the period and the as-of date moved', () => {
    const east1 = (from: number, to: number): number =>
      sumOf((r) => r.rep === 'East 1' && r.day >= from && r.day <= to);
    // Incentives: B3 moved to July, so the year is no longer its 12 months: SUMIFS over whole columns.
    const s = bonusNoTargets.sheet;
    const hf = buildEngine([{ name: 'Sales', cells: src }], [s]);
    const r = rowOf(s, 'East 1', 8);
    expect(valueAt(hf, s.name, `B${r}`)).toBeCloseTo(east1(d(2025, 1, 1), d(2025, 12, 31)), 6);
    setAt(hf, s.name, 'B3', d(2025, 7, 1));
    expect(valueAt(hf, s.name, `B${r}`)).toBeCloseTo(east1(d(2025, 7, 1), d(2025, 12, 31)), 6);
    // Tracking: the as-of date moved from 15 August to the year's end, past the block of the year to date.
    const t = tracking.sheet;
    const hf2 = buildEngine([{ name: 'Sales', cells: src }], [byRegion.bd, t]);
    setAt(hf2, t.name, 'B3', d(2025, 12, 31));
    expect(valueAt(hf2, t.name, 'C3')).toBeGreaterThan(0);
    const east = rowOf(t, 'East', 30);
    const eastYear = sumOf((x) => x.region === 'East' && x.day >= d(2025, 1, 1) && x.day <= d(2025, 12, 31));
    expect(valueAt(hf2, t.name, `C${east}`)).toBeCloseTo(eastYear, 6);
    const all = (from: number, to: number): number => sumOf((x) => x.day >= from && x.day <= to);
    expect(valueAt(hf2, t.name, 'C19')).toBeCloseTo(all(d(2025, 12, 1), d(2025, 12, 31)), 6);
    expect(errorCells(hf2, [t])).toEqual([]);
  });

  it('small or unsorted tables keep whole-column formulas', () => {
    const small = ok(kpiScorecard(read(cells(rows(SPAN_MIN_RECORDS - 1))), { ...opts, by: 'Rep' }));
    const rand = mulberry32(11);
    const shuffled = [...rs];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    const unsorted = ok(kpiScorecard(read(cells(shuffled)), { ...opts, by: 'Rep' }));
    for (const s of [small.sheet, unsorted.sheet]) {
      expect(rowVisits(s, 'Sales', N).block).toBe(0);
      expect(s.cells[7]![1]!.f).toMatch(/^=SUMIFS\('Sales'!\$D:\$D,/);
    }
  });
});
