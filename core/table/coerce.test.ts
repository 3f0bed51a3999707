import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  coerceDate,
  coerceNumber,
  dateToSerial,
  isDateFormat,
  MAX_SERIAL,
  serialToISO,
  serialToYMD,
  toHalfWidth,
  ymdToSerial,
} from './coerce';
import type { Cell } from '../types';
import { EXTREME } from '../../test/odd-files';

describe('coerceNumber', () => {
  it('passes finite numbers through and rejects the rest', () => {
    expect(coerceNumber(1234.5)).toBe(1234.5);
    expect(coerceNumber(-3)).toBe(-3);
    expect(coerceNumber(0)).toBe(0);
    expect(coerceNumber(NaN)).toBeNull();
    expect(coerceNumber(Infinity)).toBeNull();
    expect(coerceNumber(-Infinity)).toBeNull();
    expect(coerceNumber(true)).toBeNull();
    expect(coerceNumber(false)).toBeNull();
    expect(coerceNumber(null)).toBeNull();
    expect(coerceNumber(undefined)).toBeNull();
    expect(coerceNumber('')).toBeNull();
    expect(coerceNumber('   ')).toBeNull();
    expect(coerceNumber(new Date(2024, 2, 1))).toBeNull();
  });

  it.each([
    ['1234', 1234],
    ['-17', -17],
    ['1234.5', 1234.5],
    ['  42  ', 42],
    ['+5', 5],
    ['.5', 0.5],
    ['¥1,234.50', 1234.5],
    ['￥1,234', 1234],
    ['$1,234', 1234],
    ['€12.30', 12.3],
    ['£3', 3],
    ['US$12', 12],
    ['HK$ 1,000', 1000],
    ['RMB 1,234', 1234],
    ['CNY1234', 1234],
    ['USD 12', 12],
    ['12 USD', 12],
    ['1,234元', 1234],
    ['100 美元', 100],
    ['人民币 500', 500],
    ['1 234', 1234],
    ['1\u00a0234', 1234],
    ['1\u2009234', 1234],
    ['1\u202f234\u202f567', 1234567],
    ["1'234.50", 1234.5],
    ['1,234,567.89', 1234567.89],
    ['1,23,456', 123456],
    ['(1,234)', -1234],
    ['($1,234.50)', -1234.5],
    ['¥(1,234)', -1234],
    ['-1,234', -1234],
    ['-$1,234', -1234],
    ['$-1,234', -1234],
    ['−5', -5],
    ['1,234-', -1234],
    ['12%', 0.12],
    ['-12.5%', -0.125],
    ['12 %', 0.12],
    ['１２３，４５６．７', 123456.7],
    ['－１２', -12],
    ['１２％', 0.12],
    ['1.2万', 12000],
    ['1.2万元', 12000],
    ['3亿', 300000000],
    ['5千', 5000],
    ['2百万', 2000000],
    ['1.5e3', 1500],
    ['1.234,5', 1234.5],
    ['1.234.567,89', 1234567.89],
  ])('reads %j as %d', (text, value) => {
    expect(coerceNumber(text)).toBe(value);
  });

  it.each([
    'abc',
    'n/a',
    'N/A',
    '-',
    '—',
    '--',
    '$',
    '¥',
    '%',
    '12,5',
    '1.2.3',
    'Infinity',
    '0x10',
    '1e999',
    '2024-03-01',
    '#N/A',
    'TRUE',
    '12abc',
    '1,2345',
  ])('rejects %j', (text) => {
    expect(coerceNumber(text)).toBeNull();
  });

  it('reads decimal commas when asked', () => {
    expect(coerceNumber('12,5', true)).toBe(12.5);
    expect(coerceNumber('1.234,5', true)).toBe(1234.5);
    expect(coerceNumber('1.234', true)).toBe(1234);
    expect(coerceNumber('1 234,50 €', true)).toBe(1234.5);
    expect(coerceNumber('-0,75', true)).toBe(-0.75);
    expect(coerceNumber('1,5%', true)).toBe(0.015);
    // without the flag a lone comma groups thousands
    expect(coerceNumber('1,234')).toBe(1234);
    expect(coerceNumber('12,5')).toBeNull();
  });

  it('never returns -0 and never throws on huge or odd text', () => {
    expect(Object.is(coerceNumber('-0'), 0)).toBe(true);
    expect(Object.is(coerceNumber('(0)'), 0)).toBe(true);
    expect(coerceNumber('9'.repeat(10_000))).toBeNull();
    expect(coerceNumber('1'.repeat(400))).toBeNull();
    expect(coerceNumber({} as never)).toBeNull();
    expect(coerceNumber([] as never)).toBeNull();
  });

  it('round-trips numbers formatted with en-US grouping and currency signs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.constantFrom('', '$', '¥', '￥', '€', '£', 'RMB ', 'USD '),
        fc.constantFrom('', '元', ' USD'),
        (cents, prefix, suffix) => {
          const n = cents / 100;
          const text = n.toLocaleString('en-US', { maximumFractionDigits: 2 });
          const neg = text.startsWith('-');
          const body = neg ? text.slice(1) : text;
          const formatted = (neg ? '-' : '') + prefix + body + suffix;
          expect(coerceNumber(formatted)).toBe(n === 0 ? 0 : n);
          // accounting negatives
          if (n > 0) expect(coerceNumber(`(${prefix}${body})`)).toBe(-n);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('round-trips comma-decimal text (de-DE) with decimalComma', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e11, max: 1e11 }), (cents) => {
        const n = cents / 100;
        const text = n.toLocaleString('de-DE', { maximumFractionDigits: 2 });
        expect(coerceNumber(text, true)).toBe(n === 0 ? 0 : n);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.boolean(), (s, dc) => {
        const v = coerceNumber(s, dc);
        expect(v === null || Number.isFinite(v)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('Excel serial arithmetic', () => {
  it('matches Excel at the 1900 boundaries', () => {
    expect(ymdToSerial(1900, 1, 1)).toBe(1);
    expect(ymdToSerial(1900, 2, 28)).toBe(59);
    expect(ymdToSerial(1900, 2, 29)).toBe(60); // Excel's phantom leap day
    expect(ymdToSerial(1900, 3, 1)).toBe(61);
    expect(ymdToSerial(2024, 3, 1)).toBe(45352);
    expect(ymdToSerial(1970, 1, 1)).toBe(25569);
    expect(ymdToSerial(9999, 12, 31)).toBe(MAX_SERIAL);
    expect(serialToYMD(1)).toEqual({ y: 1900, m: 1, d: 1 });
    expect(serialToYMD(59)).toEqual({ y: 1900, m: 2, d: 28 });
    expect(serialToYMD(60)).toEqual({ y: 1900, m: 2, d: 29 });
    expect(serialToYMD(61)).toEqual({ y: 1900, m: 3, d: 1 });
    expect(serialToYMD(45352)).toEqual({ y: 2024, m: 3, d: 1 });
    expect(serialToYMD(45352.75)).toEqual({ y: 2024, m: 3, d: 1 });
    expect(serialToISO(45352)).toBe('2024-03-01');
  });

  it('overflows months like DATE()', () => {
    expect(ymdToSerial(2023, 13, 1)).toBe(ymdToSerial(2024, 1, 1));
    expect(ymdToSerial(2024, 0, 1)).toBe(ymdToSerial(2023, 12, 1));
    expect(ymdToSerial(2024, 2, 30)).toBe(ymdToSerial(2024, 3, 1));
  });

  it('round-trips every serial', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_SERIAL }), (s) => {
        const { y, m, d } = serialToYMD(s);
        expect(ymdToSerial(y, m, d)).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads UTC-midnight Dates by their UTC date and other Dates by their local date', () => {
    expect(dateToSerial(new Date(Date.UTC(2024, 2, 1)))).toBe(45352);
    expect(dateToSerial(new Date(2024, 2, 1, 15, 30))).toBe(45352);
    expect(dateToSerial(new Date(2024, 2, 1, 0, 0, 0, 1))).toBe(45352);
    expect(dateToSerial(new Date(Date.UTC(1900, 0, 1)))).toBe(1);
    expect(dateToSerial(new Date(Date.UTC(1900, 2, 1)))).toBe(61);
    expect(Number.isNaN(dateToSerial(new Date(NaN)))).toBe(true);
  });
});

describe('coerceDate', () => {
  it.each([
    ['2024-03-01', 45352],
    ['2024/3/1', 45352],
    ['2024.3.1', 45352],
    ['2024-3-1', 45352],
    ['3/1/2024', 45352],
    ['03/01/2024', 45352],
    ['13/3/2024', ymdToSerial(2024, 3, 13)],
    ['1.3.2024', 45352],
    ['3/1/24', 45352],
    ['2024年3月1日', 45352],
    ['2024年3月1号', 45352],
    ['2024 年 3 月 1 日', 45352],
    ['2024年3月', 45352],
    ['2024-03', 45352],
    ['2024/03', 45352],
    ['2024/3', 45352],
    ['Mar 2024', 45352],
    ['March 2024', 45352],
    ['mar 2024', 45352],
    ['Sept 2024', ymdToSerial(2024, 9, 1)],
    ['Mar-24', 45352],
    ["Mar '24", 45352],
    ['2024 Mar', 45352],
    ['March 1, 2024', 45352],
    ['1 Mar 2024', 45352],
    ['01-Mar-2024', 45352],
    ['2024Q1', 45292],
    ['2024-Q1', 45292],
    ['2024 Q1', 45292],
    ['2024q3', ymdToSerial(2024, 7, 1)],
    ['Q1 2024', 45292],
    ['Q4-2024', ymdToSerial(2024, 10, 1)],
    ['2024年Q2', ymdToSerial(2024, 4, 1)],
    ['2024年第1季度', 45292],
    ['2024年第二季度', ymdToSerial(2024, 4, 1)],
    ['2024-03-01T10:00:00', 45352],
    ['2024-03-01T23:59:59.999Z', 45352],
    ['2024-03-01 10:00', 45352],
    ['２０２４－０３－０１', 45352],
    ['２０２４年３月１日', 45352],
    ['20240301', 45352],
    ['202403', 45352],
    ['45352', 45352],
    ['1900-03-01', 61],
    ['1900-02-28', 59],
    ['2024-02-29', ymdToSerial(2024, 2, 29)],
  ])('reads %j', (text, serial) => {
    expect(coerceDate(text)).toBe(serial);
  });

  it.each([
    '2024-02-30',
    '2023-02-29',
    '2024-13-01',
    '2024-00-10',
    '13/13/2024',
    'abc',
    'n/a',
    '',
    ' ',
    '2024',
    'Foo 2024',
    '2024Q5',
    '1899-12-31',
    '12345',
    '3/1',
    'Q1',
  ])('rejects %j', (text) => {
    expect(coerceDate(text)).toBeNull();
  });

  it('reads serial numbers: any under a date format, plausible integers otherwise', () => {
    expect(coerceDate(45352)).toBe(45352);
    expect(coerceDate(45352.5)).toBeNull(); // a fraction without a date format is an amount
    expect(coerceDate(45352.5, true)).toBe(45352);
    expect(coerceDate(60, true)).toBe(60);
    expect(coerceDate(61, true)).toBe(61);
    expect(coerceDate(1, true)).toBe(1);
    expect(coerceDate(MAX_SERIAL, true)).toBe(MAX_SERIAL);
    expect(coerceDate(MAX_SERIAL + 1, true)).toBeNull();
    expect(coerceDate(0, true)).toBeNull();
    expect(coerceDate(-5, true)).toBeNull();
    expect(coerceDate(61)).toBeNull(); // too small to be a plausible date without a format
    expect(coerceDate(19999)).toBeNull();
    expect(coerceDate(20000)).toBe(20000);
    expect(coerceDate(80000)).toBe(80000);
    expect(coerceDate(80001)).toBeNull();
    expect(coerceDate(2024)).toBeNull();
    expect(coerceDate(20240301)).toBe(45352);
    expect(coerceDate(NaN, true)).toBeNull();
    expect(coerceDate(Infinity)).toBeNull();
  });

  it('reads Dates and rejects the rest', () => {
    expect(coerceDate(new Date(Date.UTC(2024, 2, 1)))).toBe(45352);
    expect(coerceDate(new Date(2024, 2, 1))).toBe(45352);
    expect(coerceDate(new Date(NaN))).toBeNull();
    expect(coerceDate(new Date(Date.UTC(1800, 0, 1)))).toBeNull();
    expect(coerceDate(true)).toBeNull();
    expect(coerceDate(null)).toBeNull();
    expect(coerceDate(undefined)).toBeNull();
    expect(coerceDate({} as never)).toBeNull();
    expect(coerceDate('2'.repeat(100_000))).toBeNull();
  });

  it('round-trips y/m/d through YYYY-MM-DD, YYYY/M/D and YYYY年M月D日', () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: MAX_SERIAL }), (s) => {
        const { y, m, d } = serialToYMD(s);
        const pad = (k: number) => String(k).padStart(2, '0');
        for (const text of [`${y}-${pad(m)}-${pad(d)}`, `${y}/${m}/${d}`, `${y}年${m}月${d}日`]) {
          const got = coerceDate(text);
          expect(got).toBe(s);
          expect(serialToYMD(got!)).toEqual({ y, m, d });
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary strings and returns integers in range', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.double(), EXTREME), fc.boolean(), (v, f) => {
        const s = coerceDate(v as Cell, f);
        expect(s === null || (Number.isInteger(s) && s >= 1 && s <= MAX_SERIAL)).toBe(true);
        const n = coerceNumber(v as Cell, f);
        expect(n === null || Number.isFinite(n)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('isDateFormat', () => {
  it.each([
    'yyyy-mm-dd',
    'm/d/yy',
    'M/d/yyyy',
    '[$-804]yyyy"年"m"月"d"日"',
    'yyyy"年"m"月"',
    'yyyy年m月d日',
    'mmm-yy',
    'mmmm yyyy',
    'd-mmm',
    'dd/mm/yyyy hh:mm',
    'yyyy-mm-dd;@',
    '[$-F800]dddd, mmmm dd, yyyy',
  ])('%j is a date format', (f) => {
    expect(isDateFormat(f)).toBe(true);
  });
  it.each([
    '0.00',
    '#,##0',
    '[Red]0',
    '0%',
    'General',
    '@',
    'h:mm',
    '[h]:mm:ss',
    'mm:ss',
    'h:mm AM/PM',
    '_($* #,##0.00_)',
    '0.00 "days"',
    '¥#,##0;[Red]-¥#,##0',
    '0.00E+00',
    '',
    null,
    undefined,
  ])('%j is not a date format', (f) => {
    expect(isDateFormat(f)).toBe(false);
  });
});

describe('toHalfWidth', () => {
  it('folds full-width ASCII and the ideographic space', () => {
    expect(toHalfWidth('ＡＢＣ　１２３（元）')).toBe('ABC 123(元)');
    const s = 'plain';
    expect(toHalfWidth(s)).toBe(s);
  });
});
