import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cell, SalesTable } from '../types';
import { readSalesTable } from './read';
import { findHeader, labelColumn, labelKey } from './labels';

function table(cells: Cell[][]): SalesTable {
  const r = readSalesTable(cells);
  if (!r.ok) throw new Error(r.error.message);
  return r.table;
}

describe('labelColumn', () => {
  const t = table([
    ['Report'],
    [null, 'Date', 'Rep', 'Region', 'Sales', 'Code'],
    [null, '2024-01-01', ' Alice ', 'North', 10, 7],
    [null, '2024-01-02', 'ALICE', 'north ', 20, 7],
    [null, null, 'Skipped', 'West', 30, 1],
    [null, '2024-01-03', 'Bob', '', 40, new Date(Date.UTC(2024, 0, 5))],
    [null, '2024-01-04', 'alice', null, 50, true],
    [null, '2024-01-05', 'bob', '  ', 60, 7.5],
  ]);

  it('groups trimmed, case-insensitively, spelled as first seen, blank → -1', () => {
    const rep = labelColumn(t, 1);
    expect(rep.labels).toEqual(['Alice', 'Bob']);
    expect(Array.from(rep.codes)).toEqual([0, 0, 1, 0, 1]);
    const region = labelColumn(t, 2);
    expect(region.labels).toEqual(['North']);
    expect(Array.from(region.codes)).toEqual([0, 0, -1, -1, -1]);
  });

  it('turns numbers, Dates and booleans into text', () => {
    const code = labelColumn(t, 4);
    expect(code.labels).toEqual(['7', '2024-01-05', 'TRUE', '7.5']);
    expect(Array.from(code.codes)).toEqual([0, 0, 1, 2, 3]);
  });

  it('with `keep`, codes only the records it keeps', () => {
    const rep = labelColumn(t, 1, (i) => i >= 2);
    expect(rep.labels).toEqual(['Bob', 'alice']);
    expect(Array.from(rep.codes)).toEqual([-1, -1, 0, 1, 0]);
  });

  it('labelKey: two labels share a key exactly when their lower case agrees (property)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 6 });
    const cased = fc.constantFrom(
      'K',
      'k',
      '\u212a',
      'ß',
      'SS',
      'İ',
      'i̇',
      'Σ',
      'σ',
      'ς',
      'ǅ',
      'ǆ',
      'Ǆ',
      'É',
      'é',
      'A',
      'a',
    );
    const label = fc.array(fc.oneof(text, cased), { maxLength: 4 }).map((p) => p.join(''));
    fc.assert(
      fc.property(label, label, (a, b) => {
        expect(labelKey(a) === labelKey(b)).toBe(a.toLowerCase() === b.toLowerCase());
      }),
      { numRuns: 3000 },
    );
    expect(labelKey('SO1000004')).toBe('SO1000004');
    expect(labelKey('east')).toBe(labelKey('EAST'));
    expect(labelKey('\u212a')).toBe(labelKey('k'));
  });

  it('answers an empty grouping for a column that does not exist', () => {
    for (const bad of [-1, 5, 99, 1.5, NaN]) {
      const r = labelColumn(t, bad);
      expect(r.labels).toEqual([]);
      expect(Array.from(r.codes)).toEqual([-1, -1, -1, -1, -1]);
    }
  });
});

describe('findHeader', () => {
  const t = table([
    ['Order Date', 'Sales Rep', 'Territory', 'Revenue (USD)', 'Notes'],
    ['2024-01-01', 'A', 'N', 1, ''],
  ]);
  it('finds by header text, role name or synonym', () => {
    expect(findHeader(t, 'territory')).toBe(2);
    expect(findHeader(t, '  SALES REP ')).toBe(1);
    expect(findHeader(t, 'Revenue(USD)')).toBe(3);
    expect(findHeader(t, 'notes')).toBe(4);
    expect(findHeader(t, 'region')).toBe(2);
    expect(findHeader(t, 'Rep')).toBe(1);
    expect(findHeader(t, 'amount')).toBe(3);
    expect(findHeader(t, '地区')).toBe(2);
    expect(findHeader(t, '销售员')).toBe(1);
    expect(findHeader(t, 'product')).toBe(-1);
    expect(findHeader(t, 'nothing')).toBe(-1);
    expect(findHeader(t, '')).toBe(-1);
  });
});
