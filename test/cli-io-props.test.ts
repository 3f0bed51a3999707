/** Property tests of the parts of the command line that read user files. */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, readWorksheet, typeCsv, typeCsvField } from '../cli/io/read';
import { renderSpec } from '../cli/io/write';
import { bindSource } from '../core/analysis/source';
import { specTo1904 } from '../core/spec/date1904';
import { readSalesTable } from '../core/table';
import { toCsv } from '../samples/workbook';
import { EXTREME } from './odd-files';

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

describe('extreme magnitudes', () => {
  it('CSV typing never throws on number- and date-like text of any size', () => {
    fc.assert(
      fc.property(fc.oneof(EXTREME.map(String), fc.double().map(String), fc.bigInt().map(String)), (t) => {
        const { value } = typeCsvField(t);
        expect(value === null || typeof value !== 'number' || Number.isFinite(value)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('a worksheet of extreme cells is read, analysed into a clean copy and rendered without an exception', () => {
    const cell = fc.oneof(
      EXTREME,
      fc.integer({ min: 40000, max: 50000 }),
      fc.constantFrom('Ann', '1,200', null),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(cell, cell, cell, fc.boolean()), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (rows, date1904) => {
          const wb = new ExcelJS.Workbook();
          wb.properties.date1904 = date1904;
          const ws = wb.addWorksheet('Sales');
          ws.addRow(['Date', 'Amount', 'Follow-up']);
          for (const [d, a, x, dateFmt] of rows) {
            const row = ws.addRow([d, a, x]);
            if (dateFmt) row.getCell(1).numFmt = row.getCell(3).numFmt = 'yyyy-mm-dd';
          }
          const src = readWorksheet(ws);
          const read = readSalesTable(src.cells, { formats: src.formats });
          if (!read.ok) return;
          const b = bindSource(read.table, { sheet: 'Sales', originRow: 1, originCol: 1 }, [0, 1, 2]);
          const spec = b.dataSheet ?? { kind: 'data' as const, name: 'x', cells: [] };
          for (const row of spec.cells)
            for (const c of row ?? [])
              if (c && typeof c.v === 'number') expect(Number.isFinite(c.v)).toBe(true);
          renderSpec(new ExcelJS.Workbook().addWorksheet('Clean'), date1904 ? specTo1904(spec) : spec);
        },
      ),
      { numRuns: 400 },
    );
  });
});
