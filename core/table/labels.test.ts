import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cell, SalesTable } from '../types';
import { readSalesTable } from './read';
import { findHeader, keyColumn, labelColumn, labelKey } from './labels';

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

describe('labelColumn counts what formulas read differently', () => {
  it('text cells with spaces around them, and wildcard characters in the others', () => {
    const t = table([
      ['Date', 'Rep', 'Sales'],
      ...['Ann', ' Ann', 'Ann ', 'Bo', 'Ann', '\u3000Cy', 'Bo', ' Ann'].map((r) => ['2024-01-01', r, 1]),
    ]);
    const rep = labelColumn(t, 1);
    expect(rep.untrimmed).toBe(4);
    expect(rep.wildcard).toBe(false);
    for (const w of ['A*', 'B?', 'C~']) {
      const tw = table([
        ['Date', 'Rep', 'Sales'],
        ['2024-01-01', 'Ann', 1],
        ['2024-01-01', w, 1],
      ]);
      expect(labelColumn(tw, 1).wildcard, w).toBe(true);
    }
    // A wildcard in an untrimmed cell is not counted twice: that cell alone already rules formulas out.
    const tu = table([
      ['Date', 'Rep', 'Sales'],
      ['2024-01-01', ' A* ', 1],
    ]);
    expect(labelColumn(tu, 1)).toMatchObject({ untrimmed: 1, wildcard: false });
  });
});

describe('keyColumn', () => {
  /** Two records share a key exactly when labelColumn gives them the same label. */
  function samePartition(cells: Cell[], keep?: (i: number) => boolean): void {
    const t = table([['Date', 'ID', 'Sales'], ...cells.map((c) => ['2024-01-01', c, 1] as Cell[])]);
    const byLabel = labelColumn(t, 1, keep);
    const byKey = keyColumn(t, 1, keep);
    const K = new Set(Array.from(byKey.codes).filter((c) => c >= 0)).size;
    expect(byKey.count).toBe(K);
    expect(K).toBe(byLabel.labels.length);
    for (let i = 0; i < t.length; i++) {
      expect(byKey.codes[i] < 0, `record ${i}`).toBe(byLabel.codes[i] < 0);
      for (let j = 0; j < i; j++)
        expect(byKey.codes[i] === byKey.codes[j], `${String(cells[i])} / ${String(cells[j])}`).toBe(
          byLabel.codes[i] === byLabel.codes[j],
        );
    }
  }

  it('keys order IDs by their number, with their spellings, blanks and other labels', () => {
    samePartition([
      'SO1000004',
      'so1000004',
      ' SO1000004 ',
      'SO01000004',
      'SO1000005',
      'SO1000004',
      'SO-1',
      '',
      null,
      'Refund',
      'S\u212a1',
      'SK1',
      'sk1',
      'SO123456789012345',
      'SO123456789012345',
      'SO12345678901234',
      'SO１',
      'SO1',
    ]);
    samePartition([
      1000004,
      '1000004',
      '01000004',
      ' 1000004',
      1000004.5,
      '1000004.5',
      -3,
      '-3',
      true,
      'TRUE',
    ]);
    samePartition(['Acme', 7, '7', 'Customer 001', 'customer 001', 'CUSTOMER 1', 'Customer 001 ']);
    samePartition(['SO1', 'SO2', 'SO1', 'SO3', 'SO2'], (i) => i !== 2);
  });

  it('numbers fifteen thousand distinct IDs met twice each (the hash table grows)', () => {
    const n = 30_000;
    const cells: Cell[][] = [['Date', 'ID', 'Sales']];
    for (let i = 0; i < n; i++) cells.push(['2024-01-01', `SO${(i * 7919) % (n / 2)}`, 1]);
    const t = table(cells);
    const k = keyColumn(t, 1);
    expect(k.count).toBe(n / 2);
    expect(k.codes[0]).toBe(k.codes[n / 2]);
  });

  it('keys IDs spread thin (no blocks of consecutive numbers) as it keys runs of them', () => {
    // Far apart: after 256 blocks each holding two IDs, the rest go to the hash table; those of a block made
    // before stay in it (SO3000000002 beside SO3000000000), and each ID is numbered once, wherever it is.
    const ids: string[] = [];
    for (let i = 0; i < 300; i++) ids.push(`SO${i * 1_000_000_000}`, `SO${i * 1_000_000_000 + 1}`);
    for (let i = 0; i < 300; i += 7) ids.push(`SO${i * 1_000_000_000}`, `so${i * 1_000_000_000 + 2}`);
    samePartition(ids);
  });

  it('gives the same partition as labelColumn on any cells (property)', () => {
    const id = fc.oneof(
      fc.integer({ min: 0, max: 30 }).map((x) => `SO${x}`),
      fc.integer({ min: 0, max: 30 }).map((x) => `so${String(x).padStart(3, '0')}`),
      fc.integer({ min: 0, max: 30 }),
      fc.constantFrom(
        ' SO1',
        'SO1 ',
        '\u212a7',
        'K7',
        'k7',
        '',
        ' ',
        'X',
        'x',
        '1e3',
        '007',
        7.5,
        true,
        null,
      ),
      fc.string({ maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(id, { minLength: 1, maxLength: 25 }), (cells) => samePartition(cells as Cell[])),
      { numRuns: 400 },
    );
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

  it('a name that is part of several headers is ambiguous: -1 and the candidates, in header order', () => {
    const zh = table([
      ['下单日期', '销售员', '地区', '销售额'],
      ['2024-01-01', 'A', 'N', 1],
    ]);
    const fits: number[] = [];
    expect(findHeader(zh, '销售', fits)).toBe(-1);
    expect(fits).toEqual([1, 3]);
    expect(findHeader(zh, '销售员')).toBe(1);
    expect(findHeader(zh, 'rep')).toBe(1);
    const en = table([
      ['Date', 'Sales Rep', 'Sales Amount', 'Wholesales'],
      ['2024-01-01', 'A', 1, 2],
    ]);
    const more: number[] = [];
    expect(findHeader(en, 'sales', more)).toBe(-1);
    expect(more).toEqual([1, 2]); // whole words only: not Wholesales
    expect(findHeader(en, 'Sales Amount')).toBe(2);
  });
});
