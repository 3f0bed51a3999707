import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSource } from '../cli/io/read';
import { headRows } from '../core/table/columns';
import {
  AMOUNT_COLUMN,
  buildLeadCells,
  buildSampleCells,
  generateLargeTable,
  generateSalesRows,
  LARGE_HEADERS,
  NA_TEXT,
  ORDER_HEADERS,
  SAMPLE_PRODUCTS,
  SAMPLE_REGIONS,
  SAMPLE_REPS,
  SAMPLE_TITLE,
  sampleLayout,
  sampleTotal,
  SHEET_NAMES,
  TOTAL_LABEL,
} from '../samples/data';
import { SAMPLE_FILES, writeSamples } from '../samples/workbook';

const SAMPLES = path.join(__dirname, '..', 'samples');
const { orders, leads } = generateSalesRows();
const iso = (d: Date): string => d.toISOString().slice(0, 10);
const ym = (d: Date): string => iso(d).slice(0, 7);

describe('generateSalesRows', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateSalesRows(42)).toEqual(generateSalesRows(42));
    expect(generateSalesRows()).toEqual(generateSalesRows(42));
    const other = generateSalesRows(7).orders;
    expect(other.map((o) => o.amount)).not.toEqual(orders.map((o) => o.amount));
  });

  it('covers two full years and a partial 2026 ending 2026-09-30', () => {
    expect(orders.length).toBeGreaterThanOrEqual(2500);
    expect(orders.length).toBeLessThanOrEqual(4000);
    const months = new Set(orders.map((o) => ym(o.date)));
    for (const y of [2024, 2025])
      for (let m = 1; m <= 12; m++) expect(months.has(`${y}-${String(m).padStart(2, '0')}`)).toBe(true);
    for (let m = 1; m <= 9; m++) expect(months.has(`2026-0${m}`)).toBe(true);
    expect([...months].filter((m) => m > '2026-09')).toEqual([]);
    expect(iso(orders[0].date) >= '2024-01-01').toBe(true);
    expect(iso(orders[0].date) <= '2024-01-05').toBe(true);
    expect(iso(orders[orders.length - 1].date)).toBe('2026-09-30');
    // Sorted by date, unique Order IDs.
    for (let i = 1; i < orders.length; i++) expect(orders[i].date >= orders[i - 1].date).toBe(true);
    expect(new Set(orders.map((o) => o.orderId)).size).toBe(orders.length);
    // Dates at UTC midnight.
    for (const o of orders) expect(o.date.getTime() % 86_400_000).toBe(0);
  });

  it('has 4 regions, 9 reps each in one region, 5 products, ~150 customers', () => {
    const regions = new Set(orders.map((o) => o.region));
    expect([...regions].sort()).toEqual(['East', 'North', 'South', 'West']);
    expect(new Set(orders.map((o) => o.regionZh))).toEqual(new Set(SAMPLE_REGIONS.map((r) => r.zh)));
    expect(new Set(orders.map((o) => o.product))).toEqual(new Set(SAMPLE_PRODUCTS.map((p) => p.en)));
    const repRegion = new Map<string, Set<string>>();
    for (const o of orders) {
      if (!repRegion.has(o.rep)) repRegion.set(o.rep, new Set());
      repRegion.get(o.rep)!.add(o.region);
    }
    expect(repRegion.size).toBeGreaterThanOrEqual(8);
    expect(repRegion.size).toBe(SAMPLE_REPS.length);
    for (const r of repRegion.values()) expect(r.size).toBe(1);
    const customers = new Set(orders.map((o) => o.customer));
    expect(customers.size).toBeGreaterThanOrEqual(140);
    expect(customers.size).toBeLessThanOrEqual(150);
    // Returning customers (orders in 2024 and 2025) and new ones (first order in 2025 or later).
    const years = new Map<string, Set<number>>();
    for (const o of orders) {
      if (!years.has(o.customer)) years.set(o.customer, new Set());
      years.get(o.customer)!.add(o.date.getUTCFullYear());
    }
    const returning = [...years.values()].filter((s) => s.has(2024) && s.has(2025)).length;
    const newer = [...years.values()].filter((s) => !s.has(2024)).length;
    expect(returning).toBeGreaterThan(60);
    expect(newer).toBeGreaterThan(20);
    // A few big accounts carry a large share.
    const big = orders.filter((o) => o.bigAccount);
    expect(new Set(big.map((o) => o.customer)).size).toBe(8);
    expect(big.length / orders.length).toBeGreaterThan(0.1);
  });

  it('has exactly one rep who starts in 2026', () => {
    const first = new Map<string, string>();
    for (const o of orders) if (!first.has(o.rep)) first.set(o.rep, iso(o.date));
    const newReps = [...first].filter(([, d]) => d >= '2026-01-01').map(([r]) => r);
    expect(newReps).toEqual(['Ivy']);
    expect(SAMPLE_REPS.find((r) => r.en === 'Ivy')!.from).toBe(2026);
  });

  it('is seasonal: Q4 above the rest, February the lowest month of each full year', () => {
    for (const y of [2024, 2025]) {
      const m = new Array<number>(12).fill(0);
      for (const o of orders) if (o.date.getUTCFullYear() === y) m[o.date.getUTCMonth()] += o.amount ?? 0;
      expect(Math.min(...m)).toBe(m[1]);
      const q4 = (m[9] + m[10] + m[11]) / 3;
      const rest = m.slice(0, 9).reduce((a, b) => a + b, 0) / 9;
      expect(q4).toBeGreaterThan(rest * 1.15);
    }
  });

  it('puts each region in its intended quadrant, 2026 Jan–Sep vs 2025 Jan–Sep', () => {
    const sum = (region: string, y: number): number =>
      orders
        .filter((o) => o.region === region && o.date.getUTCFullYear() === y && o.date.getUTCMonth() < 9)
        .reduce((a, o) => a + (o.amount ?? 0), 0);
    const pts = SAMPLE_REGIONS.map((r) => {
      const cur = sum(r.en, 2026);
      const prev = sum(r.en, 2025);
      return { r, cur, growth: (cur - prev) / prev };
    });
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const median = (xs: number[]): number => {
      const s = [...xs].sort((a, b) => a - b);
      return (s[1] + s[2]) / 2;
    };
    for (const center of [mean, median]) {
      const xT = center(pts.map((p) => p.cur));
      const yT = center(pts.map((p) => p.growth));
      for (const p of pts) {
        const q = `${p.cur >= xT ? 'high' : 'low'}-${p.growth >= yT ? 'high' : 'low'}`;
        expect(q, p.r.en).toBe(p.r.quadrant);
      }
    }
    // The story: West shrinks, South grows fastest.
    const by = Object.fromEntries(pts.map((p) => [p.r.en, p.growth]));
    expect(by.West).toBeLessThan(0);
    expect(by.South).toBeGreaterThan(by.North);
    expect(Math.abs(by.East)).toBeLessThan(0.06);
  });

  it('has realistic order fields', () => {
    const prices = new Map(SAMPLE_PRODUCTS.map((p) => [p.en, p.price]));
    let walkIns = 0;
    for (const o of orders) {
      expect(o.closeDate).toEqual(o.date);
      if (o.contactDate === null) walkIns++;
      else expect(o.contactDate.getTime()).toBeLessThan(o.date.getTime());
      expect(Number.isInteger(o.quantity) && o.quantity > 0).toBe(true);
      if (o.amount !== null) {
        expect(o.amount).toBeGreaterThan(0);
        expect(Math.round(o.amount * 100) / 100).toBe(o.amount);
        expect(o.amount).toBeLessThanOrEqual(prices.get(o.product)! * o.quantity + 1e-6);
      }
      expect(o.date.getUTCDay() % 6).not.toBe(0); // weekdays
    }
    expect(walkIns).toBeGreaterThan(50);
    expect(walkIns).toBeLessThan(orders.length / 5);
    expect(orders.filter((o) => o.amount === null)).toHaveLength(1);
  });

  it('has one leads row per month and active rep, consistent with the orders', () => {
    expect(leads).toHaveLength(24 * 8 + 9 * 9);
    const won = new Map<string, number>();
    for (const o of orders) won.set(`${ym(o.date)}|${o.rep}`, (won.get(`${ym(o.date)}|${o.rep}`) ?? 0) + 1);
    for (const l of leads) {
      expect(l.won).toBe(won.get(`${ym(l.month)}|${l.rep}`) ?? 0);
      expect(l.leads).toBeGreaterThanOrEqual(l.won);
      expect(l.lost).toBeLessThanOrEqual(l.leads - l.won);
      expect(l.month.getUTCDate()).toBe(1);
    }
    expect(leads.filter((l) => l.rep === 'Ivy').every((l) => l.month.getUTCFullYear() === 2026)).toBe(true);
  });
});

describe('buildSampleCells', () => {
  const en = buildSampleCells('en');
  const zh = buildSampleCells('zh');
  const layout = sampleLayout(orders.length);

  it('lays the orders out like a messy export', () => {
    expect(en[0][0]).toBe(SAMPLE_TITLE.en);
    expect(en[1].every((c) => c === null)).toBe(true);
    expect(en[2]).toEqual([...ORDER_HEADERS.en]);
    expect(layout.headerRow).toBe(2);
    const blanks = en.map((r, i) => (r.every((c) => c === null) ? i : -1)).filter((i) => i > 2);
    expect(blanks).toEqual([layout.blankRow]);
    expect(layout.blankRow).toBeGreaterThan(1000);
    expect(en[layout.naRow][AMOUNT_COLUMN]).toBe(NA_TEXT);
    expect(en.filter((r) => r[AMOUNT_COLUMN] === NA_TEXT)).toHaveLength(1);
    const total = en[en.length - 1];
    expect(layout.totalRow).toBe(en.length - 1);
    expect(total[0]).toBe(TOTAL_LABEL.en);
    expect(total[AMOUNT_COLUMN]).toBe(sampleTotal(orders));
    expect(en.length).toBe(orders.length + 5);
    // Every order once, in order.
    const rows = layout.orderRows.map((i) => en[i][1]);
    expect(rows).toEqual(orders.map((o) => o.orderId));
    // Amounts are numbers except the "n/a"; labels are clean.
    for (const i of layout.orderRows) {
      const r = en[i];
      expect(r[0]).toBeInstanceOf(Date);
      if (i !== layout.naRow) expect(typeof r[AMOUNT_COLUMN]).toBe('number');
      for (const j of [2, 3, 4, 5]) expect(String(r[j])).toBe(String(r[j]).trim());
    }
  });

  it('has the same numbers and dates in English and Chinese, Chinese labels in zh', () => {
    expect(zh.length).toBe(en.length);
    expect(zh[2]).toEqual([...ORDER_HEADERS.zh]);
    expect(zh[en.length - 1][0]).toBe(TOTAL_LABEL.zh);
    const cjk = /[\u4e00-\u9fff]/;
    for (const i of layout.orderRows) {
      for (const j of [0, 1, 6, 7, 8, 9]) expect(zh[i][j]).toEqual(en[i][j]);
      for (const j of [2, 3, 4, 5]) expect(cjk.test(String(zh[i][j]))).toBe(true);
    }
    expect(zh[en.length - 1][AMOUNT_COLUMN]).toBe(en[en.length - 1][AMOUNT_COLUMN]);
  });

  it('builds the leads sheet', () => {
    const l = buildLeadCells('zh');
    expect(l[0]).toEqual(['月份', '销售员', '线索', '赢单', '丢单']);
    expect(l).toHaveLength(leads.length + 1);
    expect(l[1][0]).toBeInstanceOf(Date);
  });
});

describe('sample files', () => {
  let tmp = '';
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'samples-'));
    await writeSamples(tmp);
  });
  afterAll(async () => {
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  it('exist, are small, and match a re-generation cell by cell', async () => {
    for (const f of SAMPLE_FILES) {
      const committed = path.join(SAMPLES, f);
      const { size } = await fs.stat(committed);
      expect(size, f).toBeLessThan(400 * 1024);
      const fresh = path.join(tmp, f);
      if (f.endsWith('.csv')) {
        expect(await fs.readFile(committed, 'utf8')).toBe(await fs.readFile(fresh, 'utf8'));
        continue;
      }
      const a = await readSource(committed);
      const b = await readSource(fresh);
      expect(a.sheetNames).toEqual(b.sheetNames);
      for (const sheet of a.sheetNames) {
        const x = await readSource(committed, sheet);
        const y = await readSource(fresh, sheet);
        expect(x.cells, `${f} ${sheet}`).toEqual(y.cells);
        expect(x.formats, `${f} ${sheet}`).toEqual(y.formats);
      }
    }
  });

  it('hold the generated data: order sheet first, leads second, same numbers in both languages', async () => {
    const en = await readSource(path.join(SAMPLES, 'sales-en.xlsx'));
    const zh = await readSource(path.join(SAMPLES, 'sales-zh.xlsx'));
    expect(en.sheetNames).toEqual([SHEET_NAMES.en.orders, SHEET_NAMES.en.leads]);
    expect(zh.sheetNames).toEqual([SHEET_NAMES.zh.orders, SHEET_NAMES.zh.leads]);
    expect(en.cells).toEqual(buildSampleCells('en'));
    expect(zh.cells).toEqual(buildSampleCells('zh'));
    const csv = await readSource(path.join(SAMPLES, 'sales-en.csv'));
    expect(headRows(csv.cells, csv.cells.length)).toEqual(buildSampleCells('en'));
    const leadsEn = await readSource(path.join(SAMPLES, 'sales-en.xlsx'), 'Leads');
    expect(leadsEn.cells).toEqual(buildLeadCells('en'));
    expect(leadsEn.formats[1][0]).toBe('yyyy-mm');
    // The totals row is a SUM formula over the amount column with its cached result.
    const wbCell = en.workbook!.getWorksheet('Sales')!.getCell(orders.length + 5, AMOUNT_COLUMN + 1);
    expect(wbCell.formula).toBe(`SUM(G4:G${orders.length + 4})`);
    expect(wbCell.result).toBe(sampleTotal(orders));
  });
});

describe('generateLargeTable', () => {
  it('builds a header and typed rows over three years', () => {
    const t = generateLargeTable(10_000);
    expect(t).toHaveLength(10_001);
    expect(t[0]).toEqual(LARGE_HEADERS);
    expect(generateLargeTable(100, 3)).toEqual(generateLargeTable(100, 3));
    let prev = 0;
    const regions = new Set<unknown>();
    for (let i = 1; i < t.length; i++) {
      const [date, id, rep, region, product, customer, sales, qty] = t[i];
      expect(typeof date).toBe('number');
      expect(date as number).toBeGreaterThanOrEqual(prev);
      prev = date as number;
      expect(typeof id).toBe('string');
      expect(typeof rep).toBe('string');
      expect(typeof product).toBe('string');
      expect(typeof customer).toBe('string');
      expect(typeof sales).toBe('number');
      expect(typeof qty).toBe('number');
      regions.add(region);
    }
    expect(t[1][0]).toBe(45292); // 2024-01-01
    expect(prev).toBeGreaterThan(46000); // into 2026
    expect(prev).toBeLessThanOrEqual(46387); // 2026-12-31
    expect(regions.size).toBe(4);
    // The 2026 rep has no rows before 2026.
    for (let i = 1; i < t.length; i++)
      if (t[i][2] === 'Ivy') expect(t[i][0] as number).toBeGreaterThanOrEqual(46023);
  });

  it('builds 1,048,576 rows in a few seconds', () => {
    const t0 = performance.now();
    const t = generateLargeTable(1_048_576);
    const ms = performance.now() - t0;
    expect(t).toHaveLength(1_048_577);
    expect(ms).toBeLessThan(10_000);
  });
});
