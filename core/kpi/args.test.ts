import { describe, expect, it } from 'vitest';
import {
  elementwise,
  errorOf,
  isBlank,
  isScalar,
  numbers0,
  positionText,
  readDate,
  readNumber,
  readNumber0,
  scalarOf,
  toGrid,
} from './args';
import { KpiError } from './types';

describe('toGrid / isScalar / scalarOf', () => {
  it('wraps single values and keeps 2D arrays', () => {
    expect(toGrid(5)).toEqual([[5]]);
    expect(toGrid(null)).toEqual([[null]]);
    expect(toGrid([[1, 2], [3, 4]])).toEqual([[1, 2], [3, 4]]); // prettier-ignore
  });
  it('reads a 1D array as one row and pads ragged rows', () => {
    expect(toGrid([1, 2, 3])).toEqual([[1, 2, 3]]);
    expect(toGrid([[1, 2], [3]])).toEqual([[1, 2], [3, null]]); // prettier-ignore
  });
  it('treats empty arrays as one blank cell', () => {
    expect(toGrid([])).toEqual([[null]]);
    expect(toGrid([[]])).toEqual([[null]]);
    expect(isScalar([])).toBe(true);
  });
  it('1×1 ranges are scalars', () => {
    expect(isScalar([[7]])).toBe(true);
    expect(scalarOf([[7]])).toBe(7);
    expect(isScalar([[7, 8]])).toBe(false);
    expect(isScalar('x')).toBe(true);
  });
});

describe('readNumber', () => {
  it('reads numbers, text numbers and dates', () => {
    expect(readNumber(12.5, 'x')).toBe(12.5);
    expect(readNumber('1,234', 'x')).toBe(1234);
    expect(readNumber('¥1,234', 'x')).toBe(1234);
    expect(readNumber('12%', 'x')).toBeCloseTo(0.12, 12);
    expect(readNumber('1.2万', 'x')).toBe(12000);
    expect(readNumber(new Date(Date.UTC(2024, 2, 1)), 'x')).toBe(45352);
  });
  it('blank is null (or 0 with readNumber0)', () => {
    for (const b of [null, undefined, '', '   ']) {
      expect(isBlank(b)).toBe(true);
      expect(readNumber(b, 'x')).toBeNull();
      expect(readNumber0(b, 'x')).toBe(0);
    }
  });
  it('text that is not a number, booleans, NaN and objects are #VALUE! naming the argument', () => {
    for (const v of ['abc', true, false, NaN, Infinity, {}, [[1]]]) {
      const r = readNumber(v, 'previous');
      expect(r).toBeInstanceOf(KpiError);
      expect((r as KpiError).code).toBe('#VALUE!');
      expect((r as KpiError).message).toContain('previous');
    }
    expect((readNumber('abc', 'x') as KpiError).message).toContain('"abc"');
  });
  it('passes errors on', () => {
    expect((readNumber('#N/A', 'x') as KpiError).code).toBe('#N/A');
    expect((readNumber('#DIV/0!', 'x') as KpiError).code).toBe('#DIV/0!');
    expect((readNumber('#REF!', 'x') as KpiError).code).toBe('#VALUE!');
    expect((readNumber({ code: '#NUM!' }, 'x') as KpiError).code).toBe('#NUM!');
    const e = new KpiError('#NUM!', 'boom');
    expect(readNumber(e, 'x')).toBe(e);
    expect(errorOf('hello', 'x')).toBeNull();
  });
  it('normalises -0', () => {
    expect(Object.is(readNumber(-0, 'x'), 0)).toBe(true);
  });
});

describe('readDate', () => {
  it('reads serials (with time), Dates and date text', () => {
    expect(readDate(45352, 'd')).toBe(45352);
    expect(readDate(45352.75, 'd')).toBe(45352);
    expect(readDate('2024-03-01', 'd')).toBe(45352);
    expect(readDate('2024年3月1日', 'd')).toBe(45352);
    expect(readDate(new Date(Date.UTC(2024, 2, 1)), 'd')).toBe(45352);
    expect(readDate('', 'd')).toBeNull();
  });
  it('non-dates are #VALUE!', () => {
    expect((readDate('soon', 'd') as KpiError).code).toBe('#VALUE!');
    expect((readDate(true, 'd') as KpiError).code).toBe('#VALUE!');
    expect((readDate(-5, 'd') as KpiError).code).toBe('#VALUE!');
  });
});

describe('elementwise', () => {
  const add = (a: unknown[]) => elementwise('ADD', ['a', 'b'], a, (c) => {
    const v = numbers0(c, ['a', 'b']);
    return v instanceof KpiError ? v : v[0] + v[1];
  }); // prettier-ignore
  it('scalars give a scalar, 1×1 ranges too', () => {
    expect(add([1, 2])).toBe(3);
    expect(add([[[1]], 2])).toBe(3);
  });
  it('broadcasts scalars over ranges', () => {
    expect(add([[[1], [2]], 10])).toEqual([[11], [12]]);
    expect(add([[[1, 2]], [[10, 20]]])).toEqual([[11, 22]]);
  });
  it('mismatched shapes give one #VALUE! naming both', () => {
    const r = add([[[1], [2]], [[1, 2]]]) as KpiError;
    expect(r).toBeInstanceOf(KpiError);
    expect(r.code).toBe('#VALUE!');
    expect(r.message).toMatch(/a is 2×1 and b is 1×2/);
  });
  it('overflow becomes #NUM!', () => {
    expect((add([1e308, 1e308]) as KpiError).code).toBe('#NUM!');
  });
});

describe('positionText', () => {
  it('names rows in a column, columns in a row, both otherwise', () => {
    expect(positionText(2, 0, 5, 1)).toBe('row 3');
    expect(positionText(0, 1, 1, 5)).toBe('column 2');
    expect(positionText(1, 2, 3, 3)).toBe('row 2, column 3');
  });
});
