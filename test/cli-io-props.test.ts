/** Property tests of the parts of the command line that read user files. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, typeCsv } from '../cli/io/read';
import { readSalesTable } from '../core/table';
import { toCsv } from '../samples/workbook';

const field = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '',
    ' ',
    '"',
    '""',
    ',',
    '\n',
    '\r\n',
    'a,b',
    'say "hi"',
    '¥1,234.50',
    '2024-03-01',
    '销售额',
    '合计',
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
);
// At least two fields per row: a one-field row whose only field is "" is written as an empty line.
const table = fc.array(fc.array(field, { minLength: 2, maxLength: 6 }), { minLength: 1, maxLength: 20 });

describe('CSV reading', () => {
  it('parses back exactly what a CSV writer wrote (quotes, commas, line breaks, BOM)', () => {
    fc.assert(
      fc.property(table, (rows) => {
        const width = Math.max(...rows.map((r) => r.length));
        const square = rows.map((r) => [...r, ...new Array(width - r.length).fill('')]);
        expect(parseCsv(toCsv(square), ',')).toEqual(square);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on any text, and the reader never throws on what it makes of it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const rows = parseCsv(text);
        const { cells, formats } = typeCsv(rows);
        const res = readSalesTable(cells, { formats });
        expect(typeof res.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});
