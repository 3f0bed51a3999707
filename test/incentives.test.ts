/**
 * The Incentives sheet: numbers by hand on a small table (commission marginal and flat, payout on the curve,
 * awards with ties, attainment bands), HyperFormula agreement on every formula with targets from a Target
 * column, from a Goal Breakdown and without targets, no error cells, live inputs, the scorecard's tiers.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DetailedCellError, type HyperFormula } from 'hyperformula';
import { describe, expect, it } from 'vitest';
import { goalBreakdown, incentives, kpiScorecard, runJob } from '../core/analysis';
import type { SheetSpec } from '../core/spec/types';
import { readSalesTable } from '../core/table';
import { ymdToSerial } from '../core/table/coerce';
import type { Cell, SalesTable } from '../core/types';
import { fixtureCells, fixtureRecords } from './fixtures';
import { buildEngine, checkSpec, setAt, valueAt } from './hf';

const SRC = { sheet: 'Sales', originRow: 1, originCol: 1 };
const d = (y: number, m: number, day: number): number => ymdToSerial(y, m, day);
const utc = (y: number, m: number, day: number): Date => new Date(Date.UTC(y, m - 1, day));

function read(cells: Cell[][]): SalesTable {
  const r = readSalesTable(cells);
  if (!r.ok) throw new Error(r.error.message);
  return r.table;
}

/** Three reps, one row per rep and month of 2026-Q1, with a Target column. */
const HAND: Cell[][] = [
  ['Date', 'Rep', 'Sales', 'Target'],
  ...(
    [
      ['Ann', [100_000, 50_000, 100_000], [100_000, 100_000, 100_000]],
      ['Bob', [80_000, 50_000, 20_000], [50_000, 50_000, 50_000]],
      ['Cai', [100_000, 30_000, 20_000], [80_000, 80_000, 80_000]],
    ] as [string, number[], number[]][]
  ).flatMap(([rep, sales, targets]) =>
    sales.map((s, m): Cell[] => [utc(2026, m + 1, 15), rep, s, targets[m]]),
  ),
];

const README_RATES = { thresholds: [0, 100_000, 200_000], rates: [0.03, 0.05, 0.08] };

/** Cells of the sheets that evaluate to an error. */
function errorCells(hf: HyperFormula, specs: SheetSpec[]): string[] {
  const out: string[] = [];
  for (const s of specs) {
    const id = hf.getSheetId(s.name)!;
    s.cells.forEach((row, r) =>
      (row ?? []).forEach((c, col) => {
        const v = hf.getCellValue({ sheet: id, row: r, col });
        if (v instanceof DetailedCellError)
          out.push(`${s.name}!R${r + 1}C${col + 1} ${v.value} ${c?.f ?? ''}`);
      }),
    );
  }
  return out;
}

/** The A1 address of the first cell of `spec` whose value is `text`, moved `dc` columns right. */
function addrOf(spec: SheetSpec, text: string, dc = 0): string {
  for (let r = 0; r < spec.cells.length; r++) {
    const c = (spec.cells[r] ?? []).findIndex((x) => x?.v === text);
    if (c >= 0) return `${String.fromCharCode(65 + c + dc)}${r + 1}`;
  }
  throw new Error(`no cell ${text}`);
}

describe('incentives: numbers by hand', () => {
  const table = read(HAND);
  const run = (extra = {}) => {
    const o = incentives(table, {
      source: SRC,
      period: '2026-Q1',
      today: d(2026, 6, 1),
      commission: README_RATES,
      targetIncentive: 10_000,
      ...extra,
    });
    if (!o.ok) throw new Error(o.error);
    return o;
  };

  it('per rep: sales, target, attainment, tier, marginal commission, payout on the default curve', () => {
    const r = run().result;
    expect(r.targetSource).toBe('column');
    expect(r.rows.map((x) => [x.name, x.sales, x.target, x.tier])).toEqual([
      ['Ann', 250_000, 300_000, 'Bronze'],
      ['Bob', 150_000, 150_000, 'Silver'],
      ['Cai', 150_000, 240_000, ''],
    ]);
    // Marginal: 3% of 100,000 + 5% of 100,000 + 8% of 50,000; 3,000 + 2,500.
    expect(r.rows.map((x) => x.commission)).toEqual([12_000, 5_500, 5_500]);
    // Payout % = attainment between 50% and 100% on the default curve.
    expect(r.rows[0].payout).toBeCloseTo((10_000 * 250) / 300, 9);
    expect(r.rows[1].payout).toBe(10_000);
    expect(r.rows[2].payout).toBeCloseTo(6_250, 9);
    expect(r.team.commission).toBe(23_000);
    expect(r.team.payoutShare).toBeCloseTo(r.team.payout! / 550_000, 12);
    // Bands: below 50%, 50–80%, 80–100%, 100–120%, 120%+.
    expect(r.bands.counts).toEqual([0, 1, 1, 1, 0]);
    expect(r.bands.noTarget).toBe(0);
  });

  it('flat commission: the reached tier’s rate on all of the sales', () => {
    const r = run({ commission: { ...README_RATES, method: 'flat' } }).result;
    expect(r.rows.map((x) => x.commission)).toEqual([20_000, 7_500, 7_500]);
  });

  it('awards by attainment per month and quarter; by sales a tie shows both', () => {
    const byAtt = run().result.awards;
    expect(byAtt.map((a) => [a.kind, a.label, a.winners])).toEqual([
      ['month', '2026-01', ['Bob']],
      ['month', '2026-02', ['Bob']],
      ['month', '2026-03', ['Ann']],
      ['quarter', '2026-Q1', ['Bob']],
    ]);
    const bySales = run({ awardBasis: 'sales' }).result.awards;
    expect(bySales.map((a) => a.winners)).toEqual([['Ann', 'Cai'], ['Ann', 'Bob'], ['Ann'], ['Ann']]);
  });

  it('the sheet is live: HyperFormula agrees, and the inputs drive commission, payout and awards', () => {
    const o = run();
    const s = o.sheet;
    const hf = buildEngine([{ name: 'Sales', cells: HAND }], [s]);
    const { mismatches, checked } = checkSpec(hf, s);
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(60);
    expect(errorCells(hf, [s])).toEqual([]);
    const jan = addrOf(s, '2026-01', 3); // the first winner of January
    expect(valueAt(hf, s.name, jan)).toBe('Bob');
    setAt(hf, s.name, 'B6', 'Sales');
    expect([valueAt(hf, s.name, jan), valueAt(hf, s.name, addrOf(s, '2026-01', 4))]).toEqual(['Ann', 'Cai']);
    expect(valueAt(hf, s.name, addrOf(s, '2026-01', 6))).toBe(2);
    setAt(hf, s.name, 'B4', 'flat');
    expect([valueAt(hf, s.name, 'F10'), valueAt(hf, s.name, 'F11')]).toEqual([20_000, 7_500]);
    setAt(hf, s.name, 'B5', 20_000);
    expect(valueAt(hf, s.name, 'I11')).toBe(20_000);
    expect(errorCells(hf, [s])).toEqual([]);
  });

  it('the README example shows these numbers', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const head = readme.indexOf('| Rep | Sales   | Target');
    expect(head).toBeGreaterThan(0);
    const rows = readme
      .slice(head)
      .split('\n')
      .slice(2, 5)
      .map((l) =>
        l
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim()),
      );
    const n = (x: number): string => Math.round(x).toLocaleString('en-US');
    const p = (x: number | null): string => `${(x! * 100).toFixed(1)}%`;
    const marginal = run().result;
    const flat = run({ commission: { ...README_RATES, method: 'flat' } }).result;
    expect(rows).toEqual(
      marginal.rows.map((x, i) => [
        x.name,
        n(x.sales),
        n(x.target!),
        p(x.attainment),
        x.tier,
        n(x.commission),
        n(flat.rows[i].commission),
        p(x.payoutPct),
        n(x.payout!),
      ]),
    );
    const t = marginal.team;
    expect(readme).toContain(`total payout ${n(t.payout!)} (${p(t.payoutShare)} of sales)`);
  });

  it('Chinese labels', () => {
    const o = incentives(table, { source: SRC, period: '2026-Q1', today: d(2026, 6, 1), lang: 'zh' });
    if (!o.ok) throw new Error(o.error);
    const texts = o.sheet.cells.flat().map((c) => c?.v);
    expect(o.sheet.name).toBe('销售激励');
    for (const t of ['月度最佳', '季度冠军', '提成', '奖金', '达成率区间', '超额累进', '铜牌'])
      expect(texts).toContain(t);
    expect(o.sheet.charts?.[0].title).toContain('达成率分布');
  });
});

describe('incentives: HyperFormula agrees on every formula, no error cells, tiers as the scorecard', () => {
  const cells = fixtureCells(fixtureRecords(9));
  const table = read(cells);
  for (const fs of [1, 4])
    it(`targets from a Goal Breakdown, fiscal start ${fs}, the year in progress`, () => {
      const today = d(2026, 9, 20);
      const bd = goalBreakdown(table, { by: 'Rep', today, fiscalStart: fs, target: 1_200_000 });
      if (!bd.ok) throw new Error(bd.error);
      const breakdown = { sheet: bd.sheet.name, ...bd.result };
      const opts = { source: SRC, today, fiscalStart: fs, breakdown };
      const o = incentives(table, opts);
      const sc = kpiScorecard(table, opts);
      if (!o.ok || !sc.ok) throw new Error('analysis failed');
      expect(o.result.targetSource).toBe('breakdown');
      expect(o.result.awards.filter((a) => a.kind === 'quarter').length).toBeGreaterThan(0);
      const hf = buildEngine([{ name: 'Sales', cells }], [bd.sheet, o.sheet]);
      expect(checkSpec(hf, o.sheet).mismatches).toEqual([]);
      expect(errorCells(hf, [bd.sheet, o.sheet])).toEqual([]);
      expect(o.result.tiers).toEqual(sc.result.tiers);
      for (const x of sc.result.rows) expect(o.result.rows.find((y) => y.name === x.name)?.tier).toBe(x.tier);
    });

  it('without targets: commission on sales, attainment and payout say so, tiers by sales as the scorecard', () => {
    const opts = { source: SRC, today: d(2026, 12, 1), period: '2025' };
    const o = incentives(table, opts);
    const sc = kpiScorecard(table, opts);
    if (!o.ok || !sc.ok) throw new Error('analysis failed');
    const r = o.result;
    expect(r.targetSource).toBeNull();
    expect(r.tiers).toEqual(sc.result.tiers);
    expect(r.rows.map((x) => x.tier)).toEqual(sc.result.rows.map((x) => x.tier));
    // Default commission: 3% from 0, then 5% / 7% / 10% from the scorecard's sales tiers.
    expect(r.commission.thresholds).toEqual([0, ...sc.result.tiers.thresholds]);
    expect(r.commission.rates).toEqual([0.03, 0.05, 0.07, 0.1]);
    expect(r.rows.every((x) => x.commission > 0 && x.payout === null)).toBe(true);
    expect(o.sheet.cells[9][3]?.v).toBe('no target');
    expect(r.awards.length).toBe(16); // 12 months and 4 quarters
    const hf = buildEngine([{ name: 'Sales', cells }], [o.sheet]);
    expect(checkSpec(hf, o.sheet).mismatches).toEqual([]);
    expect(errorCells(hf, [o.sheet])).toEqual([]);
  });

  it('a month of net refunds: one award row and no winner (the best is below 0), commission 0, no error cells', () => {
    const cells: Cell[][] = [
      ['Date', 'Rep', 'Sales'],
      [utc(2026, 1, 5), 'Ann', 300],
      [utc(2026, 1, 9), 'Ann', -800],
      [utc(2026, 1, 12), 'Bob', -200],
    ];
    const o = incentives(read(cells), { source: SRC, period: '2026-01', today: d(2026, 3, 1) });
    if (!o.ok) throw new Error(o.error);
    const r = o.result;
    expect(r.awards.map((a) => [a.kind, a.label, a.best, a.winners])).toEqual([
      ['month', '2026-01', -200, []],
    ]);
    expect(r.rows.map((x) => x.commission)).toEqual([0, 0]);
    const hf = buildEngine([{ name: 'Sales', cells }], [o.sheet]);
    expect(checkSpec(hf, o.sheet).mismatches).toEqual([]);
    expect(errorCells(hf, [o.sheet])).toEqual([]);
  });

  it('targets from a Target column: HyperFormula agrees; the job writes a summary', () => {
    const job = runJob('incentives', read(HAND), SRC, { period: '2026-Q1', today: d(2026, 6, 1) });
    if (!job.ok) throw new Error(job.error);
    expect(job.specs.map((s) => s.kind)).toEqual(['incentives']);
    expect(job.summary.some((l) => l.startsWith('Best of the month 2026-01: Bob'))).toBe(true);
    const hf = buildEngine([{ name: 'Sales', cells: HAND }], job.specs);
    expect(checkSpec(hf, job.specs[0]).mismatches).toEqual([]);
    expect(errorCells(hf, job.specs)).toEqual([]);
  });
});
