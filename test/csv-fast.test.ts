import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvColumns, typeCsvText } from '../cli/io/csv-fast';
import { keyColumn, labelColumn, readSalesTable } from '../core/table';
import { parseCsv, typeCsv } from '../cli/io/read';

const reference = (text: string, sep?: string) => typeCsv(parseCsv(text, sep));

/** Field texts that exercise every branch of the typing: numbers plain and not, dates, codes, spaces, quotes. */
const FIELDS = [
  '',
  ' ',
  '12',
  '-12.50',
  '596.80',
  '0',
  '-0',
  '0.5',
  '00123',
  '-05',
  '12.',
  '.5',
  '+3',
  '1e3',
  '1,234.50',
  '1,234',
  '123456789012345',
  '1234567890123456',
  '0.000000000000000000000001',
  '2024-03-01',
  '2024-02-30',
  '1899-12-31',
  ' 2024-03-01',
  '2024-03-01 ',
  '2024/3/1',
  '¥1,234',
  '12%',
  'n/a',
  'East',
  '华东',
  '\u3000东',
  '\u00a012',
  'a"b',
  '=SUM(1)',
  'Total',
];

const field = fc.oneof(
  fc.constantFrom(...FIELDS),
  fc.string({ maxLength: 6 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer({ min: -1e6, max: 1e6 }).map((n) => (n / 100).toFixed(2)),
);

/** A field as a CSV writer puts it: quoted when it holds a delimiter, quote or line break (or at random). */
const quote = (s: string, sep: string, force: boolean): string =>
  force || s.includes(sep) || s.includes('"') || /[\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;

describe('typeCsvText', () => {
  it('reads the cells and formats that typeCsv(parseCsv(text)) reads, for any CSV', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.tuple(field, fc.boolean()), { minLength: 0, maxLength: 6 }), { maxLength: 8 }),
        fc.constantFrom(',', ';', '\t'),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        (rows, sep, eol, finalEol) => {
          const text =
            rows.map((r) => r.map(([s, q]) => quote(s, sep, q)).join(sep)).join(eol) + (finalEol ? eol : '');
          expect(typeCsvText(text)).toEqual(reference(text));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('reads raw text the way parseCsv does, odd quoting included', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', '1', '-', '.', ',', '"', '\n', '\r', ';', ' ', '2') }),
        (text) => {
          expect(typeCsvText(text)).toEqual(reference(text));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('types an export: shared Dates per day, numbers, texts, formats, trailing blank lines dropped', () => {
    const text =
      '\uFEFFDate,Rep,Sales,Qty\r\n2024-01-05,"Wang, Li","1,200.50",2\r\n2024-01-05,Bob,300,\r\n,,,\r\n,,,\r\n';
    const { cells, formats } = typeCsvText(text);
    expect(cells).toEqual([
      ['Date', 'Rep', 'Sales', 'Qty'],
      [new Date(Date.UTC(2024, 0, 5)), 'Wang, Li', 1200.5, 2],
      [new Date(Date.UTC(2024, 0, 5)), 'Bob', 300, null],
    ]);
    expect(cells[1][0]).toBe(cells[2][0]);
    expect(formats).toEqual([
      [null, null, null, null],
      ['yyyy-mm-dd', null, '#,##0.00', null],
      ['yyyy-mm-dd', null, null, null],
    ]);
    expect(reference(text)).toEqual({ cells, formats });
  });

  it('keeps digits that a number would lose, as text, like the reference', () => {
    const text = 'ID,Amount\n00123,1234567890123456\n';
    expect(typeCsvText(text).cells[1]).toEqual(['00123', '1234567890123456']);
  });
});

/** A sales row's fields, plain most of the time, odd now and then (blank, text amounts, totals, bad dates). */
const salesField = (kind: 'date' | 'amount' | 'qty' | 'label' | 'id'): fc.Arbitrary<string> => {
  const odd = fc.constantFrom(
    '',
    ' ',
    'Total',
    'n/a',
    '1,234.50',
    '¥12',
    '2024/3/1',
    '2024-02-30',
    '1e300',
    '12%',
  );
  const plain = {
    date: fc
      .date({ min: new Date('2023-01-01'), max: new Date('2026-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
    amount: fc.integer({ min: -1e6, max: 1e7 }).map((n) => (n / 100).toFixed(2)),
    qty: fc.integer({ min: 0, max: 9 }).map(String),
    label: fc.constantFrom('East', 'west ', 'WEST', '华东', ' East', 'Sum', 'Grand total'),
    id: fc.integer({ min: 1, max: 40 }).map((n) => `SO${1000 + n}`),
  }[kind];
  return fc.oneof({ weight: 8, arbitrary: plain }, { weight: 1, arbitrary: odd });
};

describe('cells held by column', () => {
  it('read into the same sales table, labels and keys as the same cells held as rows', () => {
    const row = fc.tuple(
      salesField('date'),
      salesField('id'),
      salesField('label'),
      salesField('amount'),
      salesField('qty'),
    );
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), fc.integer({ min: 0, max: 3 }), (rows, blanks) => {
        const lines = ['Order Date,Order ID,Region,Sales,Quantity', ...rows.map((r) => r.join(','))];
        lines.splice(Math.min(lines.length, 3), 0, ...Array<string>(blanks).fill(','));
        const text = lines.join('\n');
        const columns = csvColumns(text);
        const { cells, formats } = typeCsvText(text);
        const a = readSalesTable(columns);
        const b = readSalesTable(cells, { formats });
        expect(a.ok).toBe(b.ok);
        if (!a.ok || !b.ok) {
          expect(a).toEqual(b);
          return;
        }
        const { cells: _a, ...ta } = a.table;
        const { cells: _b, ...tb } = b.table;
        expect(ta).toEqual(tb);
        for (let h = 0; h < a.table.headers.length; h++) {
          expect(labelColumn(a.table, h)).toEqual(labelColumn(b.table, h));
          expect(keyColumn(a.table, h)).toEqual(keyColumn(b.table, h));
          const keep = (i: number): boolean => i % 3 !== 1;
          expect(keyColumn(a.table, h, keep)).toEqual(keyColumn(b.table, h, keep));
        }
      }),
      { numRuns: 300 },
    );
  });
});
