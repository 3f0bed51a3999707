/**
 * Numbers an analyst signs off: periods as the calendar counts them, fiscal years, fair targets for new reps,
 * one pacing story. Calendar rules, properties of the breakdown on any fiscal start, and HyperFormula agreement
 * on every sheet for fiscal starts 1 and 4, a closed and an in-progress period.
 */
import fc from 'fast-check';
import { DetailedCellError } from 'hyperformula';
import { describe, expect, it } from 'vitest';
import {
  fiscalYearOf,
  goalBreakdown,
  goalTracking,
  kpiScorecard,
  parsePeriod,
  quadrantAnalysis,
  resolvePeriods,
  type BreakdownResult,
} from '../core/analysis';
import type { SheetSpec } from '../core/spec/types';
import { readSalesTable } from '../core/table';
import { serialToISO, ymdToSerial } from '../core/table/coerce';
import type { Cell, SalesTable } from '../core/types';
import { mulberry32 } from '../samples/data';
import { buildEngine, checkSpec } from './hf';
import { fixtureCells, fixtureRecords, type FxRecord } from './fixtures';

const SRC = { sheet: 'Sales', originRow: 1, originCol: 1 };
const d = (y: number, m: number, day: number): number => ymdToSerial(y, m, day);
const iso = serialToISO;

describe('calendar: fiscal years and periods', () => {
  it('names a fiscal year by the year it ends in', () => {
    expect(fiscalYearOf(d(2017, 4, 1), 4)).toBe(2018);
    expect(fiscalYearOf(d(2018, 3, 31), 4)).toBe(2018);
    expect(fiscalYearOf(d(2018, 4, 1), 4)).toBe(2019);
    expect(fiscalYearOf(d(2018, 12, 31), 1)).toBe(2018);
    expect(fiscalYearOf(d(2018, 6, 30), 7)).toBe(2018);
    expect(fiscalYearOf(d(2018, 7, 1), 7)).toBe(2019);
  });

  it('parses fiscal years, fiscal quarters and calendar months; refuses impossible periods', () => {
    const q = parsePeriod('FY2018-Q1', 4)!;
    expect([iso(q.start), iso(q.end), q.id, q.label]).toEqual([
      '2017-04-01',
      '2017-06-30',
      'FY2018-Q1',
      'FY2018-Q1',
    ]);
    expect(parsePeriod('2018-Q1', 4)!.id).toBe('FY2018-Q1');
    expect(parsePeriod('2018', 4, 'zh')!.label).toBe('2018财年');
    const y = parsePeriod('2018', 1)!;
    expect([iso(y.start), iso(y.end), y.label]).toEqual(['2018-01-01', '2018-12-31', '2018']);
    const m = parsePeriod('2024-02', 4)!;
    expect([iso(m.start), iso(m.end), iso(m.prevStart), iso(m.prevEnd)]).toEqual([
      '2024-02-01',
      '2024-02-29',
      '2023-02-01',
      '2023-02-28',
    ]);
    for (const bad of ['2026-Q5', '2026-13', '2026-00', '99999', '2026.5', '-3', 'soon', ''])
      expect(parsePeriod(bad, 1)).toBeNull();
  });

  const span = (first: number, last: number, monthly = false) => ({ first, last, monthly });

  it('a closed period is compared whole, with the whole period a year earlier', () => {
    // The last order is on 30 December of a year long over: both years whole, 31 December included.
    const r = resolvePeriods('2025', span(d(2023, 1, 2), d(2025, 12, 30)), {
      today: d(2026, 11, 29),
      fiscalStart: 1,
    });
    if ('error' in r) throw new Error(r.error);
    expect([iso(r.current.start), iso(r.current.end), r.current.label, r.current.whole]).toEqual([
      '2025-01-01',
      '2025-12-31',
      '2025',
      true,
    ]);
    expect([iso(r.previous.start), iso(r.previous.end), r.previous.label]).toEqual([
      '2024-01-01',
      '2024-12-31',
      '2024',
    ]);
    expect(r.note).toBeNull();
    // Default period: the year of the latest date, here over, so whole as well.
    const dflt = resolvePeriods(undefined, span(d(2023, 1, 2), d(2025, 12, 30)), {
      today: d(2026, 1, 5),
      fiscalStart: 1,
    });
    if ('error' in dflt) throw new Error(dflt.error);
    expect(dflt.current.whole).toBe(true);
  });

  it('the period in progress is compared to date, like for like, and its labels say so (en, zh)', () => {
    const data = span(d(2024, 1, 3), d(2026, 9, 30));
    const today = { today: d(2026, 11, 29), fiscalStart: 1 };
    const en = resolvePeriods(undefined, data, today);
    if ('error' in en) throw new Error(en.error);
    expect([en.current.label, en.previous.label]).toEqual(['2026 to 30 Sep', '2025 to 30 Sep']);
    expect([iso(en.current.end), iso(en.previous.end)]).toEqual(['2026-09-30', '2025-09-30']);
    const zh = resolvePeriods(undefined, data, today, { lang: 'zh' });
    if ('error' in zh) throw new Error(zh.error);
    expect([zh.current.label, zh.previous.label]).toEqual(['2026年截至9月30日', '2025年同期']);
    // Fiscal (April) year in progress.
    const fy = resolvePeriods(undefined, data, { today: d(2026, 11, 29), fiscalStart: 4 });
    if ('error' in fy) throw new Error(fy.error);
    expect([fy.current.label, iso(fy.current.start), iso(fy.previous.start)]).toEqual([
      'FY2027 to 30 Sep',
      '2026-04-01',
      '2025-04-01',
    ]);
  });

  it('"to date" on a closed period cuts it at the same day; a truncated export is noted', () => {
    const data = span(d(2024, 1, 3), d(2026, 9, 30));
    const r = resolvePeriods('2025', data, { today: d(2026, 11, 29), fiscalStart: 1 }, { toDate: true });
    if ('error' in r) throw new Error(r.error);
    expect([iso(r.current.end), iso(r.previous.end), r.current.whole]).toEqual([
      '2025-09-30',
      '2024-09-30',
      false,
    ]);
    const cut = resolvePeriods('2025', span(d(2024, 1, 3), d(2025, 10, 15)), {
      today: d(2026, 2, 1),
      fiscalStart: 1,
    });
    if ('error' in cut) throw new Error(cut.error);
    expect(cut.current.whole).toBe(true);
    expect(cut.note).toMatch(/2025-10-15, 77 days before the end of 2025/);
    // A table of one row per month dated the 1st is complete when its last month is there.
    const monthly = resolvePeriods('2025', span(d(2024, 1, 1), d(2025, 12, 1), true), {
      today: d(2026, 2, 1),
      fiscalStart: 1,
    });
    if ('error' in monthly) throw new Error(monthly.error);
    expect(monthly.note).toBeNull();
  });

  it('invalid periods and periods without data are said plainly', () => {
    const data = span(d(2024, 1, 3), d(2026, 9, 30));
    const cal = { today: d(2026, 11, 29), fiscalStart: 1 };
    expect(resolvePeriods('2026-Q5', data, cal)).toEqual({
      error: expect.stringMatching(/Invalid period "2026-Q5"/),
    });
    expect(resolvePeriods('2030', data, cal)).toEqual({ error: 'No sales in 2030.' });
    expect(resolvePeriods('2026-13', data, cal, { lang: 'zh' })).toEqual({
      error: expect.stringMatching(/无效的期间/),
    });
  });

  it('property: with today before, inside or after the period, it is whole iff it has ended', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 2021, max: 2026 }),
        fc.constantFrom('year', 'q1', 'q2', 'q3', 'q4', 'month'),
        fc.integer({ min: -400, max: 400 }),
        fc.integer({ min: 0, max: 500 }),
        (fs, y, kind, todayOffset, lastOffset) => {
          const spec = kind === 'year' ? `${y}` : kind === 'month' ? `${y}-06` : `${y}-Q${kind[1]}`;
          const p = parsePeriod(spec, fs)!;
          const last = Math.min(p.end + 200, p.start + lastOffset);
          const today = p.start + todayOffset;
          const r = resolvePeriods(spec, span(p.start - 800, last), { today, fiscalStart: fs });
          if ('error' in r) throw new Error(r.error);
          if (p.end < today || last >= p.end) {
            expect(r.current.whole).toBe(true);
            expect([r.current.start, r.current.end, r.previous.start, r.previous.end]).toEqual([
              p.start,
              p.end,
              p.prevStart,
              p.prevEnd,
            ]);
          } else {
            expect(r.current.whole).toBe(false);
            expect(r.current.end).toBe(last);
            expect(r.previous.start).toBe(p.prevStart);
            expect(r.previous.end - r.previous.start).toBeLessThanOrEqual(
              r.current.end - r.current.start + 1,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** Random order lines over 2022..2025 for 3..8 reps, some starting late, some only in the target year. */
function randomTable(seed: number): SalesTable {
  const r = mulberry32(seed);
  const reps = 3 + Math.floor(r() * 6);
  const cells: Cell[][] = [['Date', 'Rep', 'Sales']];
  for (let k = 0; k < reps; k++) {
    const from = d(2022, 1, 1) + Math.floor(r() * 1300);
    for (let day = from; day < d(2026, 1, 1); day += 1 + Math.floor(r() * 9))
      cells.push([iso(day), `Rep ${k}`, Math.round(r() * 5000 * (1 + (day % 365) / 365))]);
  }
  const res = readSalesTable(cells);
  if (!res.ok) throw new Error(res.error.message);
  return res.table;
}

function checkRounding(r: BreakdownResult): void {
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  expect(sum(r.months)).toBe(r.target);
  r.months.forEach((v, m) => {
    expect(Math.abs(v - r.target * r.monthWeights[m])).toBeLessThanOrEqual(r.unit);
    expect(v % r.unit).toBe(0);
  });
  r.quarters.forEach((v, q) => {
    expect(v).toBe(r.months[q * 3] + r.months[q * 3 + 1] + r.months[q * 3 + 2]);
    const exact = r.target * sum(r.monthWeights.slice(q * 3, q * 3 + 3));
    expect(Math.abs(v - exact)).toBeLessThanOrEqual(r.unit);
  });
  if (!r.entities.length) return;
  expect(sum(r.entities.map((e) => e.target))).toBe(r.target);
  for (const e of r.entities) {
    expect(Math.abs(e.target - r.target * e.weight)).toBeLessThanOrEqual(r.unit * (1 + 1e-9));
    expect(sum(e.months)).toBe(e.target);
    e.months.forEach((v, m) =>
      expect(Math.abs(v - (e.target * r.months[m]) / r.target)).toBeLessThanOrEqual(2 * r.unit),
    );
  }
  for (let m = 0; m < 12; m++) expect(sum(r.entities.map((e) => e.months[m]))).toBe(r.months[m]);
}

describe('goal breakdown on any fiscal year', () => {
  it('property: months add up to the target, quarters to their months, every part within one unit (grid: two)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.constantFrom(1, 100, 1000),
        fc.integer({ min: -20, max: 50 }),
        (fs, seed, unit, upliftPct) => {
          const out = goalBreakdown(randomTable(seed), {
            fiscalStart: fs,
            unit,
            uplift: upliftPct / 100,
            today: d(2026, 11, 29),
          });
          if (!out.ok) throw new Error(out.error);
          checkRounding(out.result);
          expect(out.result.months.length).toBe(12);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('fiscal order: April first, FY quarters, the last full fiscal year as the base', () => {
    const out = goalBreakdown(randomTable(5), { fiscalStart: 4, today: d(2026, 11, 29) });
    if (!out.ok) throw new Error(out.error);
    const r = out.result;
    // Data to Dec 2025: the last ended full fiscal year is FY2025 (Apr 2024 - Mar 2025); the target is FY2026.
    expect([r.baseYear, r.year, r.yearLabel]).toEqual([2025, 2026, 'FY2026']);
    expect(r.monthPeriods[0]).toBe('2025-04');
    expect(r.monthPeriods[11]).toBe('2026-03');
    expect(r.quarterIds).toEqual(['FY2026-Q1', 'FY2026-Q2', 'FY2026-Q3', 'FY2026-Q4']);
    expect(out.sheet.cells[9]![0]!.v).toBe('2025-04');
  });
});

/** The fixture plus Hal, who joined East in August 2025 (the base year) and sells well. */
function withNewRep(): FxRecord[] {
  const recs = fixtureRecords(6);
  const r = mulberry32(11);
  for (let day = d(2025, 8, 4); day < d(2026, 7, 1); day += 5)
    recs.push({
      date: new Date(Date.UTC(1899, 11, 30) + day * 86400000),
      region: 'East',
      rep: 'Hal',
      customer: `C${1 + Math.floor(r() * 25)}`,
      amount: 900 + Math.round(r() * 400),
      contact: null,
    });
  return recs.sort((a, b) => a.date.getTime() - b.date.getTime());
}

describe('fair targets for new reps', () => {
  const table = (() => {
    const res = readSalesTable(fixtureCells(withNewRep()));
    if (!res.ok) throw new Error(res.error.message);
    return res.table;
  })();

  it('a rep who started in the base year is weighted by annualised sales × ramp; one without history by the capped reserve', () => {
    const out = goalBreakdown(table, { by: 'Rep', today: d(2026, 11, 29), ramp: 0.5 });
    if (!out.ok) throw new Error(out.error);
    const r = out.result;
    const hal = r.entities.find((e) => e.name === 'Hal')!;
    expect(hal.status).toBe('ramping');
    expect(hal.monthsActive).toBe(5); // Aug..Dec 2025
    expect(hal.basis).toBeCloseTo(((hal.baseSales * 12) / 5) * 0.5, 6);
    const gus = r.entities.find((e) => e.name === 'Gus')!;
    expect(gus.status).toBe('new');
    const est = r.entities
      .filter((e) => e.status === 'established')
      .map((e) => e.target)
      .sort((a, b) => a - b);
    const med = est.length % 2 ? est[est.length >> 1] : (est[est.length / 2 - 1] + est[est.length / 2]) / 2;
    expect(gus.target).toBeLessThanOrEqual(med + 1);
    // Alone with a 50% reserve, the new rep is capped at the median established target.
    const big = goalBreakdown(table, { by: 'Rep', today: d(2026, 11, 29), reserve: 0.5 });
    if (!big.ok) throw new Error(big.error);
    const gusBig = big.result.entities.find((e) => e.name === 'Gus')!;
    const estBig = big.result.entities.filter((e) => e.status === 'established').map((e) => e.target);
    expect(gusBig.target).toBeLessThanOrEqual(Math.max(...estBig));
    expect(gusBig.weight).toBeLessThan(0.5);
    checkRounding(big.result);
    // The sheet says which rows are new or ramping.
    const notes = out.sheet.cells
      .flatMap((row) => (row ?? []).map((c) => c?.v))
      .filter((v) => typeof v === 'string');
    expect(notes).toContain('new');
    expect(notes).toContain('ramping · 5 mo');
  });
});

/** Every cell of every spec evaluated: none may be an error. */
function errorCells(hf: ReturnType<typeof buildEngine>, specs: SheetSpec[]): string[] {
  const out: string[] = [];
  for (const s of specs) {
    const id = hf.getSheetId(s.name)!;
    s.cells.forEach((row, r) =>
      (row ?? []).forEach((c, col) => {
        if (!c) return;
        const v = hf.getCellValue({ sheet: id, row: r, col });
        if (v instanceof DetailedCellError)
          out.push(`${s.name}!R${r + 1}C${col + 1} ${v.value} ${c.f ?? ''}`);
      }),
    );
  }
  return out;
}

describe('HyperFormula agrees on every sheet, fiscal starts 1 and 4, closed and in-progress periods', () => {
  const cells = fixtureCells(withNewRep());
  const table = (() => {
    const res = readSalesTable(cells);
    if (!res.ok) throw new Error(res.error.message);
    return res.table;
  })();
  const cases = [
    { fs: 1, today: d(2026, 7, 15), period: undefined },
    { fs: 1, today: d(2026, 11, 29), period: '2025' },
    { fs: 4, today: d(2026, 7, 15), period: undefined },
    { fs: 4, today: d(2026, 11, 29), period: 'FY2026-Q3' },
  ];
  for (const c of cases)
    it(`fiscal start ${c.fs}, today ${iso(c.today)}, period ${c.period ?? 'default'}`, () => {
      const opts = { fiscalStart: c.fs, today: c.today, period: c.period, source: SRC };
      const bd = goalBreakdown(table, { ...opts, by: 'Rep' });
      const q = quadrantAnalysis(table, { ...opts, by: 'Region' });
      const sc = kpiScorecard(table, opts);
      if (!bd.ok || !q.ok || !sc.ok) throw new Error('analysis failed');
      const tr = goalTracking(table, {
        ...opts,
        asOf: d(2026, 6, 20),
        breakdown: { sheet: bd.sheet.name, ...bd.result, entities: bd.result.entities },
      });
      if (!tr.ok) throw new Error(tr.error);
      const specs = [bd.sheet, q.sheet, sc.sheet, tr.sheet];
      const hf = buildEngine([{ name: 'Sales', cells }], specs);
      for (const s of specs) expect(checkSpec(hf, s).mismatches).toEqual([]);
      expect(errorCells(hf, specs)).toEqual([]);
      if (c.fs === 4) expect(tr.result.months[0].period).toBe(bd.result.monthPeriods[0]);
      // One pacing story: status and forecast agree everywhere.
      for (const x of [...tr.result.months, ...tr.result.quarters, tr.result.total]) {
        if (x.status === 'on-track') expect(x.forecast!).toBeGreaterThanOrEqual(0.99 * x.target - 1e-6);
        if (x.status === 'behind' || x.status === 'at-risk')
          expect(x.forecast!).toBeLessThan(0.99 * x.target);
        if (x.status === 'achieved' || x.status === 'missed') expect(x.forecast).toBe(x.actual);
      }
      for (const e of tr.result.entities)
        if (e.status === 'on-track') expect(e.forecast!).toBeGreaterThanOrEqual(0.99 * e.target - 1e-6);
    });
});

describe('scorecard: a team row, targets from the breakdown, tiers by attainment', () => {
  const cells = fixtureCells(withNewRep());
  const table = (() => {
    const res = readSalesTable(cells);
    if (!res.ok) throw new Error(res.error.message);
    return res.table;
  })();
  for (const fs of [1, 4])
    it(`fiscal start ${fs}: targets are the breakdown months' shares of the period, live; HyperFormula agrees`, () => {
      const today = d(2026, 7, 15);
      const bd = goalBreakdown(table, { by: 'Rep', today, fiscalStart: fs, target: 1_200_000 });
      if (!bd.ok) throw new Error(bd.error);
      const breakdown = { sheet: bd.sheet.name, ...bd.result };
      const sc = kpiScorecard(table, { source: SRC, today, fiscalStart: fs, breakdown });
      if (!sc.ok) throw new Error(sc.error);
      const r = sc.result;
      expect(r.targetSource).toBe('breakdown');
      expect(r.tiers.basis).toBe('attainment');
      expect(r.tiers.thresholds).toEqual([0.8, 1, 1.2]);
      // Each rep's target: the breakdown months, each counted for its days inside the period.
      const p = r.current;
      for (const row of r.rows) {
        const e = bd.result.entities.find((x) => x.name === row.name);
        let t = 0;
        for (let m = 0; m < 12; m++) {
          const [y, mm] = bd.result.monthPeriods[m].split('-').map(Number);
          const from = d(y, mm, 1);
          const to = d(y, mm + 1, 1) - 1;
          t +=
            (e?.months[m] ?? 0) *
            (Math.max(0, Math.min(p.end, to) - Math.max(p.start, from) + 1) / (to - from + 1));
        }
        expect(row.target).toBeCloseTo(t, 6);
        const tier =
          row.attainment === null
            ? ''
            : row.attainment >= 1.2
              ? 'Gold'
              : row.attainment >= 1
                ? 'Silver'
                : row.attainment >= 0.8
                  ? 'Bronze'
                  : '';
        expect(row.tier).toBe(tier);
      }
      expect(r.team.sales).toBeCloseTo(
        r.rows.reduce((a, x) => a + x.sales, 0),
        6,
      );
      expect(r.team.target).toBeCloseTo(
        r.rows.reduce((a, x) => a + (x.target ?? 0), 0),
        6,
      );
      const hf = buildEngine([{ name: 'Sales', cells }], [bd.sheet, sc.sheet]);
      expect(checkSpec(hf, sc.sheet).mismatches).toEqual([]);
      expect(errorCells(hf, [bd.sheet, sc.sheet])).toEqual([]);
      const teamCell = sc.sheet.cells.flat().find((x) => x?.v === 'Team total');
      expect(teamCell?.style).toBe('total');
    });

  it('without targets, tiers by sales start at the median: not everyone gets a tier', () => {
    const sc = kpiScorecard(table, { source: SRC, today: d(2026, 7, 15) });
    if (!sc.ok) throw new Error(sc.error);
    expect(sc.result.tiers.basis).toBe('sales');
    expect(sc.result.rows.filter((x) => x.tier === '').length).toBeGreaterThan(0);
    expect(sc.result.rows[0].tier).toBe('Gold');
  });
});

describe('a closed period whose data ends early says so on the sheets and in the summary', () => {
  it('quadrant and scorecard carry the note', () => {
    const recs = fixtureRecords(6).filter((x) => x.date < new Date(Date.UTC(2025, 9, 16)));
    const res = readSalesTable(fixtureCells(recs));
    if (!res.ok) throw new Error(res.error.message);
    const opts = { source: SRC, today: d(2026, 11, 29), period: '2025' };
    const q = quadrantAnalysis(res.table, { ...opts, by: 'Region' });
    const sc = kpiScorecard(res.table, opts);
    if (!q.ok || !sc.ok) throw new Error('analysis failed');
    expect(q.result.current.whole).toBe(true);
    expect(q.result.periodNote).toMatch(/days before the end of 2025/);
    const texts = (s: SheetSpec): unknown[] => s.cells.flatMap((row) => (row ?? []).map((c) => c?.v));
    expect(
      texts(q.sheet).some((v) => typeof v === 'string' && v.includes('days before the end of 2025')),
    ).toBe(true);
    expect(texts(sc.sheet)).toContain(sc.result.periodNote);
  });
});

/** Every cell of an A1 range of a spec (A1:B2 -> 4 cells). */
function cellsOf(spec: SheetSpec, ref: string): { v: unknown }[] {
  const m = /^\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)$/.exec(ref);
  if (!m) throw new Error(`bad range ${ref}`);
  const col = (s: string): number => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const out: { v: unknown }[] = [];
  for (let r = +m[2]; r <= +m[4]; r++)
    for (let c = col(m[1]); c <= col(m[3]); c++) {
      const cell = spec.cells[r - 1]?.[c - 1];
      out.push({ v: cell ? (cell.f !== undefined ? cell.expect : cell.v) : undefined });
    }
  return out;
}

describe('charts point at the numbers they draw', () => {
  const cells = fixtureCells(withNewRep());
  const table = (() => {
    const res = readSalesTable(cells);
    if (!res.ok) throw new Error(res.error.message);
    return res.table;
  })();
  it('every series of every chart: its values are numbers of the sheet, its categories or x the right kind', () => {
    const opts = { today: d(2026, 7, 15), source: SRC };
    const bd = goalBreakdown(table, { ...opts, by: 'Rep' });
    const q = quadrantAnalysis(table, { ...opts, by: 'Region' });
    if (!bd.ok || !q.ok) throw new Error('analysis failed');
    const tr = goalTracking(table, { ...opts, breakdown: { sheet: bd.sheet.name, ...bd.result } });
    if (!tr.ok) throw new Error(tr.error);
    const specs = [bd.sheet, q.sheet, tr.sheet];
    for (const spec of specs) {
      expect(spec.charts?.length, spec.name).toBeGreaterThan(0);
      for (const chart of spec.charts!)
        for (const s of chart.series) {
          const ys = cellsOf(spec, s.y).map((c) => c.v);
          const xs = cellsOf(spec, s.x).map((c) => c.v);
          expect(xs.length, `${spec.name} ${s.name}`).toBe(ys.length);
          // Values: numbers (a cumulative actual may be blank for months not started).
          for (const v of ys)
            expect(typeof v === 'number' || v === '', `${spec.name} ${s.name} ${s.y}`).toBe(true);
          expect(
            ys.some((v) => typeof v === 'number'),
            `${spec.name} ${s.name}`,
          ).toBe(true);
          if (chart.type === 'scatter')
            for (const v of xs) expect(typeof v, `${spec.name} ${s.name} ${s.x}`).toBe('number');
          else for (const v of xs) expect(typeof v, `${spec.name} ${s.name} ${s.x}`).toBe('string');
        }
    }
    // The quadrant's threshold lines: a vertical one at the sales threshold, a horizontal one at the growth one.
    const [, vertical, horizontal] = q.sheet.charts![0].series;
    expect(cellsOf(q.sheet, vertical.x).map((c) => c.v)).toEqual([q.result.xThreshold, q.result.xThreshold]);
    expect(cellsOf(q.sheet, horizontal.y).map((c) => c.v)).toEqual([
      q.result.yThreshold,
      q.result.yThreshold,
    ]);
  });
});
