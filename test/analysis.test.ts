import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goalBreakdown, kpiScorecard, quadrantAnalysis } from '../core/analysis';
import { trimmable } from '../core/table/labels';
import { readSalesTable } from '../core/table';
import type { Cell, SalesTable } from '../core/types';
import { buildEngine, checkSpec, setAt, valueAt } from './hf';
import { fixtureCells, fixtureRecords, inRange, sumWhere, type FxRecord } from './fixtures';

const SRC = { sheet: 'Sales', originRow: 1, originCol: 1 };

function load(recs: FxRecord[]): SalesTable {
  const res = readSalesTable(fixtureCells(recs));
  if (!res.ok) throw new Error(res.error.message);
  return res.table;
}

describe('goal breakdown', () => {
  const recs = fixtureRecords();
  const table = load(recs);

  it('defaults: target year after the last full year, target = last full year actual, seasonality of that year', () => {
    const out = goalBreakdown(table, { by: 'Region' });
    if (!out.ok) throw new Error(out.error);
    const r = out.result;
    expect(r.baseYear).toBe(2025);
    expect(r.year).toBe(2026);
    const actual2025 = sumWhere(recs, (x) => x.date.getUTCFullYear() === 2025);
    expect(r.baseActual).toBeCloseTo(actual2025, 6);
    expect(r.target).toBe(Math.round(actual2025));
    // Month weights are 2025's monthly shares.
    const dec = sumWhere(recs, (x) => x.date.getUTCFullYear() === 2025 && x.date.getUTCMonth() === 11);
    expect(r.monthWeights[11]).toBeCloseTo(dec / actual2025, 12);
    // Months sum to the target, quarters are sums of months.
    expect(r.months.reduce((a, b) => a + b, 0)).toBe(r.target);
    expect(r.quarters[3]).toBe(r.months[9] + r.months[10] + r.months[11]);
    // Every month and every quarter within one unit of its exact share.
    r.months.forEach((v, m) => expect(Math.abs(v - r.target * r.monthWeights[m])).toBeLessThan(1));
    r.quarters.forEach((v, q) => {
      const exact =
        r.target * (r.monthWeights[q * 3] + r.monthWeights[q * 3 + 1] + r.monthWeights[q * 3 + 2]);
      expect(Math.abs(v - exact)).toBeLessThan(1);
    });
  });

  it('the grid sums exactly both ways, new entities share the reserve, all numbers integer multiples of the unit', () => {
    for (const unit of [1, 100, 1000]) {
      const out = goalBreakdown(table, { by: 'Region', uplift: 0.2, unit });
      if (!out.ok) throw new Error(out.error);
      const r = out.result;
      expect(r.target % unit).toBe(0);
      expect(r.entities.map((e) => e.name).sort()).toEqual(['East', 'North', 'South', 'West']);
      const west = r.entities.find((e) => e.name === 'West')!;
      expect(west.isNew).toBe(true);
      expect(west.weight).toBeCloseTo(0.1, 12);
      expect(r.warnings.join(' ')).toMatch(/West/);
      expect(r.entities.reduce((a, e) => a + e.target, 0)).toBe(r.target);
      for (const e of r.entities) {
        expect(e.months.reduce((a, b) => a + b, 0)).toBe(e.target);
        for (const v of e.months) expect(v % unit).toBe(0);
      }
      for (let m = 0; m < 12; m++) expect(r.entities.reduce((a, e) => a + e.months[m], 0)).toBe(r.months[m]);
    }
  });

  it('locks: a locked entity, month and cell keep their values and the totals still hold', () => {
    const out = goalBreakdown(table, {
      by: 'Region',
      target: 1_000_000,
      unit: 100,
      locks: {
        entities: { east: 400_000 },
        months: { 12: 150_000 },
        cells: [{ entity: 'North', month: 1, value: 5_000 }],
      },
    });
    if (!out.ok) throw new Error(out.error);
    const r = out.result;
    expect(r.target).toBe(1_000_000);
    expect(r.entities.find((e) => e.name === 'East')!.target).toBe(400_000);
    expect(r.months[11]).toBe(150_000);
    expect(r.entities.find((e) => e.name === 'North')!.months[0]).toBe(5_000);
    expect(r.entities.reduce((a, e) => a + e.target, 0)).toBe(1_000_000);
    expect(r.months.reduce((a, b) => a + b, 0)).toBe(1_000_000);
    for (let m = 0; m < 12; m++) expect(r.entities.reduce((a, e) => a + e.months[m], 0)).toBe(r.months[m]);
    for (const e of r.entities) expect(e.months.reduce((a, b) => a + b, 0)).toBe(e.target);
    const hf = buildEngine([], [out.sheet]);
    expect(checkSpec(hf, out.sheet).mismatches).toEqual([]);
  });

  it('locks that exceed the total are refused with a clear message', () => {
    const out = goalBreakdown(table, { by: 'Region', target: 1000, locks: { entities: { East: 5000 } } });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toMatch(/locked/i);
  });

  it('HyperFormula evaluates every formula to the core numbers, and editing the target recomputes with exact sums', () => {
    for (const seasonality of ['last', 'average', 'even'] as const) {
      const out = goalBreakdown(table, { by: 'Rep', uplift: 0.15, seasonality, unit: 100 });
      if (!out.ok) throw new Error(out.error);
      const hf = buildEngine([], [out.sheet]);
      const { mismatches, checked } = checkSpec(hf, out.sheet);
      expect(mismatches).toEqual([]);
      expect(checked).toBeGreaterThan(100);
      const name = out.sheet.name;
      expect(valueAt(hf, name, 'E4')).toBe('OK');
      setAt(hf, name, 'B4', 1_234_500);
      const n = out.result.entities.length;
      const totalRow = 26 + n;
      expect(valueAt(hf, name, `F${totalRow}`)).toBe(1_234_500);
      expect(valueAt(hf, name, 'C22')).toBe(1_234_500);
      for (let c = 0; c < 12; c++) {
        const col = String.fromCharCode(71 + c);
        expect(valueAt(hf, name, `${col}${totalRow + 1}`)).toBe(0); // column check
      }
      for (let e = 0; e < n; e++) expect(valueAt(hf, name, `S${26 + e}`)).toBe(0); // row check
      expect(valueAt(hf, name, 'E4')).toBe('OK');
    }
  });

  it('custom weights and even split', () => {
    const out = goalBreakdown(table, {
      by: 'Region',
      target: 120_000,
      seasonality: new Array(12).fill(1),
      split: 'even',
    });
    if (!out.ok) throw new Error(out.error);
    expect(out.result.months).toEqual(new Array(12).fill(10_000));
    expect(out.result.entities.map((e) => e.target)).toEqual([30_000, 30_000, 30_000, 30_000]);
    const custom = goalBreakdown(table, {
      by: 'Region',
      target: 100,
      split: { East: 3, North: 1, South: 1, West: 0 },
    });
    if (!custom.ok) throw new Error(custom.error);
    expect(custom.result.entities.find((e) => e.name === 'East')!.target).toBe(60);
  });

  it('an unknown dimension gets a message naming the columns, in Chinese when asked', () => {
    const out = goalBreakdown(table, { by: 'Industry', lang: 'zh' });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toContain('Region');
  });
});

describe('quadrant analysis', () => {
  const recs = fixtureRecords();
  const table = load(recs);

  it('like-for-like growth on the partial latest year, mean thresholds, quadrants and actions, new entities apart', () => {
    const out = quadrantAnalysis(table, { by: 'Region', source: SRC });
    if (!out.ok) throw new Error(out.error);
    const r = out.result;
    // The year in progress (today defaults to the day after the data) is compared to date, and says so.
    expect(r.current.label).toMatch(/^2026 to \d+ \w{3}$/);
    expect(r.previous.label).toBe(r.current.label.replace('2026', '2025'));
    expect(r.current.whole).toBe(false);
    const lastIso = recs
      .reduce((a, x) => (x.date.toISOString() > a ? x.date.toISOString() : a), '')
      .slice(0, 10);
    const prevEnd = `2025${lastIso.slice(4)}`;
    for (const p of r.points) {
      const s = sumWhere(recs, (x) => x.region === p.name && inRange(x.date, '2026-01-01', lastIso));
      const q = sumWhere(recs, (x) => x.region === p.name && inRange(x.date, '2025-01-01', prevEnd));
      expect(p.sales).toBeCloseTo(s, 6);
      expect(p.previous).toBeCloseTo(q, 6);
      expect(p.growth!).toBeCloseTo((s - q) / Math.abs(q), 12);
    }
    expect(r.apart.map((p) => p.name)).toEqual(['West']);
    expect(r.apart[0].growth).toBeNull();
    const xs = r.points.map((p) => p.sales);
    expect(r.xThreshold).toBeCloseTo(xs.reduce((a, b) => a + b, 0) / xs.length, 6);
    for (const p of r.points) {
      const hi = p.sales >= r.xThreshold ? 'high' : 'low';
      const gy = p.growth! >= r.yThreshold ? 'high' : 'low';
      expect(p.quadrant).toBe(`${hi}-${gy}`);
      expect(p.action.length).toBeGreaterThan(5);
    }
    expect(r.points.find((p) => p.name === 'North')!.growth!).toBeGreaterThan(0);
    expect(r.live).toBe(true);
    expect(out.dataSheet).toBeUndefined();
    expect(out.sheet.charts?.[0]?.series.length).toBe(3);
  });

  it('HyperFormula agrees on every formula, for mean, median and custom thresholds, and a quarter period', () => {
    const cells = fixtureCells(recs);
    for (const [threshold, period] of [
      ['mean', undefined],
      ['median', '2026-Q1'],
      [{ x: 50_000, y: 0 }, '2026-03'],
    ] as const) {
      const out = quadrantAnalysis(table, { by: 'Region', source: SRC, threshold, period });
      if (!out.ok) throw new Error(out.error);
      const hf = buildEngine([{ name: 'Sales', cells }], [out.sheet]);
      const { mismatches, checked } = checkSpec(hf, out.sheet);
      expect(mismatches).toEqual([]);
      expect(checked).toBeGreaterThan(20);
    }
  });

  it('is live: a row typed into the source later changes the sales on recalculation', () => {
    const cells = fixtureCells(recs);
    const out = quadrantAnalysis(table, { by: 'Region', source: SRC });
    if (!out.ok) throw new Error(out.error);
    const hf = buildEngine([{ name: 'Sales', cells }], [out.sheet]);
    const before = valueAt(hf, out.sheet.name, 'B9') as number;
    const name = out.sheet.cells[8]![0]!.v as string;
    const lastRow = cells.length + 2;
    setAt(hf, 'Sales', `A${lastRow}`, [[out.result.current.start + 3, name, 'Ann', 'C1', 1000]]);
    expect(valueAt(hf, out.sheet.name, 'B9')).toBeCloseTo(before + 1000, 6);
  });

  it('speaks Chinese when asked', () => {
    const out = quadrantAnalysis(table, { by: 'Region', source: SRC, lang: 'zh' });
    if (!out.ok) throw new Error(out.error);
    expect(out.sheet.name).toBe('象限分析');
    expect(out.result.points[0].action).toMatch(/[\u4e00-\u9fff]/);
    const hf = buildEngine([{ name: 'Sales', cells: fixtureCells(recs) }], [out.sheet]);
    expect(checkSpec(hf, out.sheet).mismatches).toEqual([]);
  });
});

describe('KPI scorecard', () => {
  const recs = fixtureRecords();
  const table = load(recs);

  it('per rep: sales, growth, orders, AOV, customers, new customers, cycle, rank, tier', () => {
    const out = kpiScorecard(table, { source: SRC });
    if (!out.ok) throw new Error(out.error);
    const r = out.result;
    expect(r.dimension).toBe('Rep');
    const lastIso = recs
      .reduce((a, x) => (x.date.toISOString() > a ? x.date.toISOString() : a), '')
      .slice(0, 10);
    for (const row of r.rows) {
      const mine = recs.filter((x) => x.rep === row.name && inRange(x.date, '2026-01-01', lastIso));
      expect(row.sales).toBeCloseTo(
        sumWhere(mine, () => true),
        6,
      );
      expect(row.orders).toBe(mine.length);
      expect(row.aov!).toBeCloseTo(row.sales / mine.length, 9);
      const custs = new Set(mine.map((x) => x.customer));
      expect(row.customers).toBe(custs.size);
      const firstOrder = new Map<string, string>();
      for (const x of recs) {
        const iso = x.date.toISOString();
        if (!firstOrder.has(x.customer) || iso < firstOrder.get(x.customer)!) firstOrder.set(x.customer, iso);
      }
      expect(row.newCustomers).toBe(
        [...custs].filter((c) => firstOrder.get(c)!.slice(0, 10) >= '2026-01-01').length,
      );
      const pairs = mine.filter((x) => x.contact);
      const days = pairs.reduce((a, x) => a + (x.date.getTime() - x.contact!.getTime()) / 86400000, 0);
      expect(row.cycleDays!).toBeCloseTo(days / pairs.length, 9);
    }
    expect(r.rows.map((x) => x.rank)).toEqual(r.rows.map((_, i) => i + 1));
    expect(r.rows.find((x) => x.name === 'Gus')!.growth).toBeNull();
    expect(r.rows[0].tier).toBe('Gold');
  });

  it('HyperFormula agrees on every formula cell', () => {
    const out = kpiScorecard(table, { source: SRC, by: 'Region' });
    if (!out.ok) throw new Error(out.error);
    const hf = buildEngine([{ name: 'Sales', cells: fixtureCells(recs) }], [out.sheet]);
    const { mismatches, checked } = checkSpec(hf, out.sheet);
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(20);
    // Tier thresholds are inputs: raising the top one changes the tier formula.
    const tierCells = out.sheet.cells.flatMap((row, r) => (row ?? []).map((c, col) => ({ c, r, col })));
    const top = tierCells
      .filter((x) => x.c?.style === 'input' && typeof x.c.v === 'number' && x.r > 6)
      .pop()!;
    setAt(hf, out.sheet.name, `${String.fromCharCode(65 + top.col)}${top.r + 1}`, 1e12);
    const tierCol = out.sheet.cells[6]!.findIndex((c) => c?.v === 'Reward tier');
    expect(valueAt(hf, out.sheet.name, `${String.fromCharCode(65 + tierCol)}8`)).toBe('Silver');
  });
});

describe('KPI scorecard: distinct orders and customers', () => {
  // Order lines: one order may have lines under two reps, a customer may buy from several reps.
  const line = fc.record({
    day: fc.integer({ min: 0, max: 700 }), // 2025-01-01 + day
    rep: fc.constantFrom('Ann', 'Bob', 'Cy'),
    order: fc.constantFrom('SO1', 'SO2', 'so2', 'SO3', 'SO03', 'X-9', ' SO1'),
    customer: fc.constantFrom('Acme', 'acme', 'Beta', 'C 7', 'Delta'),
  });
  it('per rep, the distinct orders and customers of the period and the new customers (property)', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 40 }), (lines) => {
        const serial = (day: number): number => 45658 + day; // 2025-01-01
        const cells: Cell[][] = [['Date', 'Order ID', 'Rep', 'Customer', 'Sales']];
        for (const l of lines) cells.push([serial(l.day), l.order, l.rep, l.customer, 10]);
        const r = readSalesTable(cells);
        if (!r.ok) throw new Error(r.error.message);
        const out = kpiScorecard(r.table, { source: SRC });
        if (!out.ok) throw new Error(out.error);
        const last = Math.max(...lines.map((l) => l.day));
        const start = last >= 365 ? 365 : 0; // the latest year in the data
        const key = (s: string): string => s.trim().toLowerCase();
        const first = new Map<string, number>();
        for (const l of lines) first.set(key(l.customer), Math.min(first.get(key(l.customer)) ?? 1e9, l.day));
        for (const row of out.result.rows) {
          const mine = lines.filter((l) => l.rep === row.name && l.day >= start);
          const custs = new Set(mine.map((l) => key(l.customer)));
          expect(row.orders).toBe(new Set(mine.map((l) => key(l.order))).size);
          expect(row.customers).toBe(custs.size);
          expect(row.newCustomers).toBe([...custs].filter((c) => first.get(c)! >= start).length);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('KPI scorecard: a leads table', () => {
  it('without the dimension it gives no conversion and the sheet says why', () => {
    const recs = fixtureRecords();
    const lt = readSalesTable(
      [
        ['Month', 'Product', 'Leads'],
        [new Date(Date.UTC(2026, 0, 1)), 'Widgets', 40],
      ],
      { measure: 'leads' },
    );
    if (!lt.ok) throw new Error(lt.error.message);
    const out = kpiScorecard(load(recs), {
      source: SRC,
      by: 'Region',
      leadsTable: { table: lt.table, source: { sheet: 'Leads', originRow: 1, originCol: 1 } },
    });
    if (!out.ok) throw new Error(out.error);
    expect(out.result.rows.every((r) => r.conversion === null)).toBe(true);
    expect(out.result.warnings).toHaveLength(1);
    const notes = out.sheet.cells.flatMap((row) =>
      (row ?? []).filter((c) => c?.style === 'warning').map((c) => c!.v),
    );
    expect(notes).toContain(
      'The leads table on sheet "Leads" has no "Region" column (its columns: Month, Product, Leads), so there is no conversion by Region.',
    );
  });
});

describe('KPI scorecard: customer satisfaction (客户满意度)', () => {
  const recs = fixtureRecords();
  /** The fixture with a Satisfaction column: a 1-5 score on most orders, blank or "n/a" on some. */
  function cellsWithScores(textual: boolean): Cell[][] {
    return fixtureCells(recs).map((row, i) => {
      if (i < 2) return row;
      if (i === 2) return [...row, '客户满意度'];
      if (i === recs.length + 3) return [...row, null];
      const k = i % 7;
      if (textual && k === 1) return [...row, 'n/a'];
      if (textual && k === 2) return [...row, '４']; // a full-width 4, typed as text
      return [...row, k === 0 ? null : 1 + (i % 5)];
    });
  }

  it('mean score per entity in the period, live by SUMIFS/COUNTIFS, blanks not counted; HyperFormula agrees', () => {
    const cells = cellsWithScores(false);
    const res = readSalesTable(cells);
    if (!res.ok) throw new Error(res.error.message);
    expect(res.table.mapping.satisfaction).toBe(6);
    const out = kpiScorecard(res.table, { source: SRC, by: 'Region' });
    if (!out.ok) throw new Error(out.error);
    const lastIso = recs
      .reduce((a, x) => (x.date.toISOString() > a ? x.date.toISOString() : a), '')
      .slice(0, 10);
    for (const row of out.result.rows) {
      const scores: number[] = [];
      recs.forEach((x, j) => {
        const v = cells[j + 3][6];
        if (x.region === row.name && inRange(x.date, '2026-01-01', lastIso) && typeof v === 'number')
          scores.push(v);
      });
      expect(row.satisfaction!).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / scores.length, 9);
    }
    const head = out.sheet.cells[6]!.findIndex((c) => c?.v === 'Satisfaction');
    expect(head).toBeGreaterThan(0);
    expect(out.sheet.cells[7]![head]!.f).toMatch(/^=IF\(\(COUNTIFS\(.*\)=0,"",SUMIFS\('Sales'!\$G:\$G,/);
    const hf = buildEngine([{ name: 'Sales', cells }], [out.sheet]);
    expect(checkSpec(hf, out.sheet).mismatches).toEqual([]);
  });

  it('"n/a" is no score; a score typed as text ("４") counts, through the clean-data sheet; HyperFormula agrees', () => {
    const cells = cellsWithScores(true);
    const res = readSalesTable(cells, { lang: 'zh' });
    if (!res.ok) throw new Error(res.error.message);
    const out = kpiScorecard(res.table, { source: SRC, by: 'Region', lang: 'zh' });
    if (!out.ok) throw new Error(out.error);
    expect(out.dataSheet).toBeDefined();
    expect(out.sheet.cells[6]!.some((c) => c?.v === '满意度')).toBe(true);
    const east = out.result.rows.find((r) => r.name === 'East')!;
    const plain = kpiScorecard(load(recs), { source: SRC, by: 'Region' });
    if (!plain.ok) throw new Error(plain.error);
    expect(east.sales).toBe(plain.result.rows.find((r) => r.name === 'East')!.sales);
    expect(east.satisfaction).toBeGreaterThanOrEqual(1);
    expect(east.satisfaction).toBeLessThanOrEqual(5);
    const hf = buildEngine([{ name: 'Sales', cells }], [out.dataSheet!, out.sheet]);
    expect(checkSpec(hf, out.sheet).mismatches).toEqual([]);
  });
});

describe('sources that formulas cannot read live', () => {
  it('a label counts as untrimmed exactly when trim() would change it (every UTF-16 code unit at either end)', () => {
    for (let c = 0; c <= 0xffff; c++)
      expect(trimmable(c), `U+${c.toString(16)}`).toBe(String.fromCharCode(c).trim() === '');
  });

  it('text amounts: a clean-data sheet is written, the sheets say so, and HyperFormula still agrees', () => {
    const recs = fixtureRecords(3);
    const cells = fixtureCells(recs);
    cells[5][4] = `¥${(cells[5][4] as number).toLocaleString('en-US')}`;
    const res = readSalesTable(cells);
    if (!res.ok) throw new Error(res.error.message);
    const q = quadrantAnalysis(res.table, { by: 'Region', source: SRC });
    const s = kpiScorecard(res.table, { source: SRC });
    if (!q.ok || !s.ok) throw new Error('analysis failed');
    expect(q.result.live).toBe(false);
    expect(q.dataSheet?.name).toBe('Clean Data');
    expect(String(q.sheet.cells[1]![0]!.v)).toMatch(/1 source cells are text/);
    const hf = buildEngine([{ name: 'Sales', cells }], [q.dataSheet!, q.sheet, s.sheet]);
    expect(checkSpec(hf, q.sheet).mismatches).toEqual([]);
    expect(checkSpec(hf, s.sheet).mismatches).toEqual([]);
  });

  it('a bounded source (a table with other rows below it on its sheet) is read by its rows: HyperFormula agrees', () => {
    const recs = fixtureRecords();
    const block = fixtureCells(recs).slice(2, -1); // header + data, no title and no totals
    // The sheet: the table at row 1, a blank row, then an archive copy of the same rows below it.
    const sheetCells: Cell[][] = [...block, [], ...block.slice(1)];
    const res = readSalesTable(block);
    if (!res.ok) throw new Error(res.error.message);
    const run = (bounded: boolean) => {
      const out = quadrantAnalysis(res.table, {
        source: { sheet: 'Sales', originRow: 1, originCol: 1, bounded },
        by: 'Region',
      });
      if (!out.ok) throw new Error(out.error);
      return checkSpec(buildEngine([{ name: 'Sales', cells: sheetCells }], [out.sheet]), out.sheet);
    };
    expect(run(true).mismatches).toEqual([]);
    // Whole columns would count the archive rows too.
    expect(run(false).mismatches.length).toBeGreaterThan(0);
  });

  it('labels with wildcards or spaces are matched exactly', () => {
    const recs = fixtureRecords(3).map((x) => ({
      ...x,
      region: x.region === 'East' ? 'East*' : x.region === 'North' ? 'N?rth' : x.region,
    }));
    const cells = fixtureCells(recs);
    const res = readSalesTable(cells);
    if (!res.ok) throw new Error(res.error.message);
    const q = quadrantAnalysis(res.table, { by: 'Region', source: SRC });
    if (!q.ok) throw new Error(q.error);
    expect(q.result.live).toBe(true);
    const hf = buildEngine([{ name: 'Sales', cells }], [q.sheet]);
    expect(checkSpec(hf, q.sheet).mismatches).toEqual([]);
  });
});

describe('regenerating keeps the user overrides', () => {
  it('a number typed over a formula on the breakdown sheet becomes a lock', async () => {
    const { readBreakdownLocks } = await import('../core/analysis');
    const table = load(fixtureRecords());
    const first = goalBreakdown(table, { by: 'Region', target: 1_000_000 });
    if (!first.ok) throw new Error(first.error);
    const grid = first.sheet.cells.map((row) => (row ?? []).map((c) => (c ? (c.f ?? c.v ?? null) : null)));
    expect(readBreakdownLocks(grid)).toEqual({ entities: {}, months: {}, cells: [], children: {} });
    grid[10][2] = 90_000; // C11: February target
    grid[26][5] = 300_000; // F27: second entity's target
    grid[25][7] = 7_000; // H26: first entity, February
    const locks = readBreakdownLocks(grid);
    const names = first.result.entities.map((e) => e.name);
    expect(locks).toEqual({
      entities: { [names[1]]: 300_000 },
      months: { 2: 90_000 },
      cells: [{ entity: names[0], month: 2, value: 7_000 }],
      children: {},
    });
    const again = goalBreakdown(table, { by: 'Region', target: 1_000_000, locks });
    if (!again.ok) throw new Error(again.error);
    expect(again.result.months[1]).toBe(90_000);
    expect(again.result.entities[1].target).toBe(300_000);
    expect(again.result.entities[0].months[1]).toBe(7_000);
    expect(
      readBreakdownLocks(
        again.sheet.cells.map((row) => (row ?? []).map((c) => (c ? (c.f ?? c.v ?? null) : null))),
      ),
    ).toEqual(locks);
  });
});

describe('little data', () => {
  const cells = [
    ['Date', 'Region', 'Sales'],
    [new Date(Date.UTC(2026, 0, 5)), 'East', 100],
    [new Date(Date.UTC(2026, 1, 5)), 'West', 200],
    [new Date(Date.UTC(2026, 2, 5)), 'East', 300],
  ];
  const table = load2(cells);
  function load2(c: unknown[][]): SalesTable {
    const res = readSalesTable(c as never);
    if (!res.ok) throw new Error(res.error.message);
    return res.table;
  }

  it('breakdown without a full year: this year, the months there are annualised, even seasonality, a warning', () => {
    const out = goalBreakdown(table, {});
    if (!out.ok) throw new Error(out.error);
    expect(out.result).toMatchObject({ year: 2026, baseYear: null, baseActual: 2400, target: 2400 });
    expect(out.result.months).toEqual(new Array(12).fill(200));
    // West started in February: its two months annualised (× 12 / 2) times the 80% ramp weigh 960 against
    // East's 1,600 (three months annualised).
    expect(out.result.entities.map((e) => [e.name, e.status, e.basis, e.target])).toEqual([
      ['East', 'established', 1600, 1500],
      ['West', 'ramping', 960, 900],
    ]);
    expect(out.result.warnings[0]).toMatch(/last 3 months annualised/);
  });

  it('quadrant without a previous period: everyone listed apart, a plain warning, no formula over an empty range', () => {
    const out = quadrantAnalysis(table, { source: SRC });
    if (!out.ok) throw new Error(out.error);
    expect(out.result.points).toEqual([]);
    expect(out.result.apart.map((p) => p.name)).toEqual(['East', 'West']);
    expect(String(out.sheet.cells[6]![0]!.v)).toMatch(/previous period/);
    const hf = buildEngine([{ name: 'Sales', cells: cells as never }], [out.sheet]);
    expect(checkSpec(hf, out.sheet).mismatches).toEqual([]);
  });

  it('scorecard default tiers stay strictly ascending', () => {
    const out = kpiScorecard(table, { source: SRC, by: 'Region' });
    if (!out.ok) throw new Error(out.error);
    const t = out.result.tiers.thresholds;
    for (let i = 1; i < t.length; i++) expect(t[i]).toBeGreaterThan(t[i - 1]);
    expect(out.result.rows.map((r) => [r.name, r.tier])).toEqual([
      ['East', 'Gold'],
      ['West', ''], // below the median: no tier (the lowest tier no longer starts at 0)
    ]);
  });
});
