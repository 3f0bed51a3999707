/** The panel's field readers and fiscal defaults (pure: no browser). */
import { describe, expect, it } from 'vitest';
import { failedSummary, inspectCells, type TableSummary } from '../core/analysis/inspect';
import { ymdToSerial } from '../core/table/coerce';
import { fiscalDefaults, fullFiscalYears, localToday, sourceLine } from './fiscal';
import { panelText } from './i18n';
import { parseNumber, readDate, readPercent, readPeriod, readTiers, readYear } from './parse';

const T = panelText('en');
const key = (y: number, m: number): number => y * 12 + m - 1;
/** Calendar month keys from (y0, m0) to (y1, m1). */
const span = (y0: number, m0: number, y1: number, m1: number): number[] =>
  Array.from({ length: key(y1, m1) - key(y0, m0) + 1 }, (_, i) => key(y0, m0) + i);

describe('parseNumber', () => {
  it('reads what people type', () => {
    expect(parseNumber('1,234.5')).toBe(1234.5);
    expect(parseNumber(' 12% ')).toBe(12);
    expect(parseNumber('1 000')).toBe(1000);
    expect(parseNumber('-3')).toBe(-3);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('abc')).toBeUndefined();
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber('1.2.3')).toBeUndefined();
  });
});

describe('readPercent', () => {
  it('reads 10% and 10 as ten percent, refuses a bare fraction as ambiguous', () => {
    expect(readPercent('10%', T)).toEqual({ value: 0.1 });
    expect(readPercent('10', T)).toEqual({ value: 0.1 });
    expect(readPercent(' 12.5 ％', T)).toEqual({ value: 0.125 });
    expect(readPercent('0', T)).toEqual({ value: 0 });
    expect(readPercent('1', T)).toEqual({ value: 0.01 });
    expect(readPercent('-1', T)).toEqual({ value: -0.01 });
    expect(readPercent('0.1%', T)).toEqual({ value: 0.001 });
    expect(readPercent('', T)).toEqual({ value: null });
    expect(readPercent('0.1', T)).toEqual({ error: '"0.1" is ambiguous: write 0.1% or 10.' });
    expect(readPercent('-0.35', T)).toEqual({ error: '"-0.35" is ambiguous: write -0.35% or -35.' });
    expect(readPercent('ten', T)).toEqual({ error: T.enterNumber });
    expect(readPercent('0.1', panelText('zh'))).toEqual({ error: '“0.1”有歧义：请写 0.1% 或 10。' });
  });
});

describe('readYear, readPeriod, readDate, readTiers', () => {
  it('reads years with or without FY', () => {
    expect(readYear('2027', T, '2027')).toEqual({ value: 2027 });
    expect(readYear('FY2027', T, '2027')).toEqual({ value: 2027 });
    expect(readYear('2027财年', T, '2027')).toEqual({ value: 2027 });
    expect(readYear('27', T, 'FY2027')).toEqual({ error: 'Enter a year, e.g. FY2027.' });
  });

  it('validates periods with the core’s parser', () => {
    for (const p of ['2026', 'FY2026', '2026-Q2', 'FY2026-Q2', '2026-03'])
      expect(readPeriod(p, 4, T, 'x')).toEqual({ value: p });
    for (const p of ['2026-Q5', '2026-13', 'last year', '26'])
      expect(readPeriod(p, 1, T, 'x')).toHaveProperty('error');
  });

  it('reads dates as serials and tiers in ascending order', () => {
    expect(readDate('2026-08-15', T)).toEqual({ value: ymdToSerial(2026, 8, 15) });
    expect(readDate('15/08/2026', T)).toEqual({ error: T.enterDate });
    expect(readTiers('0, 50,000; 100000', T)).toEqual({ value: [0, 50000, 100000] });
    expect(readTiers('100, 50', T)).toEqual({ error: T.enterTiers });
  });
});

describe('fiscal defaults', () => {
  const summary = (months: number[], lastDate: string): TableSummary => ({
    ...failedSummary(''),
    ok: true,
    months,
    lastDate,
    firstDate: '2024-01-02',
    rows: 2891,
    counts: { rep: 9, region: 4, product: 5 },
  });

  it('finds the full fiscal years from the months with data', () => {
    const months = span(2024, 1, 2026, 9);
    expect(fullFiscalYears(months, 1)).toEqual([2024, 2025]);
    // April start: FY2025 = Apr 2024 .. Mar 2025, FY2026 = Apr 2025 .. Mar 2026.
    expect(fullFiscalYears(months, 4)).toEqual([2025, 2026]);
    expect(fullFiscalYears(months, 10)).toEqual([2025, 2026]);
    // A missing month breaks its fiscal year only.
    expect(
      fullFiscalYears(
        months.filter((k) => k !== key(2025, 2)),
        4,
      ),
    ).toEqual([2026]);
  });

  it('gives the target year and the period for a fiscal start', () => {
    const s = summary(span(2024, 1, 2026, 9), '2026-09-30');
    expect(fiscalDefaults(s, 1)).toEqual({ year: '2026', period: '2026' });
    expect(fiscalDefaults(s, 4)).toEqual({ year: 'FY2027', period: 'FY2027' });
    expect(fiscalDefaults(s, 7)).toEqual({ year: 'FY2027', period: 'FY2027' });
    // Less than a full year: the year after the latest date's.
    expect(fiscalDefaults(summary(span(2026, 3, 2026, 9), '2026-09-30'), 1)).toEqual({
      year: '2027',
      period: '2026',
    });
  });

  it('says today as a local serial and the source in one line', () => {
    expect(localToday(new Date(2026, 10, 29, 23, 59))).toBe(ymdToSerial(2026, 11, 29));
    const s = summary(span(2024, 1, 2026, 9), '2026-09-30');
    expect(sourceLine(s, T).join(' · ')).toBe('2,891 rows · Jan 2024 – Sep 2026 · 9 reps · 4 regions');
    expect(sourceLine(s, panelText('zh')).join(' · ')).toBe(
      '2,891 行 · 2024年1月 – 2026年9月 · 9 名销售员 · 4 个地区',
    );
  });
});

describe('inspectCells for the panel', () => {
  it('summarises months, first date, distinct reps and regions, and guessed roles', () => {
    const cells = [
      ['Date', 'Rep', 'Region', 'Sales'],
      ['2025-12-30', 'Ann', 'East', 100],
      ['2026-01-05', 'Bob', 'East', 200],
      ['2026-02-10', 'ann', 'West', 300],
    ];
    const { summary } = inspectCells(cells, { lang: 'en' });
    expect(summary).toMatchObject({
      ok: true,
      firstDate: '2025-12-30',
      lastDate: '2026-02-10',
      months: [key(2025, 12), key(2026, 1), key(2026, 2)],
      counts: { rep: 2, region: 2 },
      uncertain: [],
    });
  });

  it('names the missing required column and keeps the columns it knows', () => {
    const cells = [
      ['Order Date', 'Region', 'Notes'],
      ['2026-01-05', 'East', 'x'],
    ];
    const { summary } = inspectCells(cells, { lang: 'en' });
    expect(summary.ok).toBe(false);
    expect(summary.missing).toEqual(['amount']);
    expect(summary.mapping).toEqual({ date: 0, region: 1 });
  });
});
