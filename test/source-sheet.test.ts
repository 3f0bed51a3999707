import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { typeCsvText } from '../cli/io/csv-fast';
import { readSource, readWorksheet, type SourceData } from '../cli/io/read';
import { isColumnar } from '../core/table/columns';
import { writeWorkbookStreamed, xmlText } from '../cli/io/source-sheet';
import { ZipReader } from '../cli/io/zip';
import type { SheetSpec } from '../core/spec/types';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'source-sheet-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const day = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));
const spec: SheetSpec = {
  name: 'Totals',
  kind: 'quadrant',
  cells: [[{ v: 'Total' }, { f: '=SUM(Orders!C:C)', expect: 1501, fmt: '#,##0' }]],
} as SheetSpec;

function source(cells: SourceData['cells'], formats: SourceData['formats'], file?: string): SourceData {
  return { sheetName: 'Orders', cells, formats, originRow: 2, originCol: 2, sheetNames: ['Orders'], file };
}

describe('writeWorkbookStreamed', () => {
  it('writes the source cells into their sheet beside the generated ones, as ExcelJS reads them back', async () => {
    const long = 'x'.repeat(40000);
    const cells: SourceData['cells'] = [
      ['Date', 'Note', 'Sales', 'Flag'],
      [day(2024, 1, 5), 'a < b & c > d', 1200.5, true],
      [day(2024, 1, 6), '  spaced  ', 300.5, false],
      [45300, 'bell\u0007 _x0041_ 华东', NaN, null],
      [null, long, 0, 'ok'],
    ];
    const f = ['yyyy-mm-dd', null, '#,##0.00', null];
    const formats = [
      [null, null, null, null],
      f,
      f,
      ['yyyy-mm-dd', null, null, null],
      [null, null, null, null],
    ];
    const out = path.join(tmp, 'out.xlsx');
    await writeWorkbookStreamed({ source: source(cells, formats), specs: [spec], outFile: out });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Orders', 'Totals']);
    const ws = wb.getWorksheet('Orders')!;
    expect(ws.getCell('B2').value).toBe('Date');
    expect(ws.getCell('B3').value).toEqual(day(2024, 1, 5));
    expect(ws.getCell('B3').numFmt).toBe('yyyy-mm-dd');
    expect(ws.getCell('C3').value).toBe('a < b & c > d');
    expect(ws.getCell('D3').value).toBe(1200.5);
    expect(ws.getCell('D3').numFmt).toBe('#,##0.00');
    expect(ws.getCell('E3').value).toBe(true);
    expect(ws.getCell('E4').value).toBe(false);
    expect(ws.getCell('C4').value).toBe('  spaced  ');
    expect(ws.getCell('B5').value).toEqual(day(2024, 1, 9)); // serial 45300 in a date format
    expect(ws.getCell('D5').value).toEqual({ error: '#NUM!' });
    expect(ws.getCell('C6').value).toHaveLength(32767);
    expect(ws.getCell('A1').value).toBeNull();
    expect(wb.getWorksheet('Totals')!.getCell('B1').value).toEqual({
      formula: 'SUM(Orders!C:C)',
      result: 1501,
    });
    const zip = await ZipReader.open(out);
    expect((await zip.read('xl/workbook.xml'))!.toString()).toContain('fullCalcOnLoad="1"');
    await zip.close();
    expect((await fs.readdir(tmp)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('writes a CSV held by column as its rows: each cell, number format and blank where it was', async () => {
    const csv = path.join(tmp, 'by-column.csv');
    const text = 'Date,Rep,Sales,Flag\n2024-01-05,Wang,"1,200.50",TRUE\n,,,\n2024-01-06, Li ,300,\n';
    await fs.writeFile(csv, text);
    const src = await readSource(csv);
    expect(isColumnar(src.cells)).toBe(true);
    const out = path.join(tmp, 'by-column.xlsx');
    await writeWorkbookStreamed({ source: src, specs: [spec], outFile: out });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const back = readWorksheet(wb.getWorksheet('by-column')!);
    const rows = typeCsvText(text);
    expect(back.cells).toEqual(rows.cells);
    expect(back.formats).toEqual(rows.formats);
    expect(back.cells[1]).toEqual([day(2024, 1, 5), 'Wang', 1200.5, 'TRUE']);
    expect(back.cells[2]).toEqual([null, null, null, null]);
    // Columns as wide as what they show: a date needs 10 characters (narrower, a spreadsheet shows ###).
    const ws = wb.getWorksheet('by-column')!;
    expect(ws.getColumn(1).width).toBe(12);
    expect(ws.getColumn(3).width).toBe(10); // "1,200.50"
    expect(ws.getColumn(4).width).toBe(6); // "Flag", "TRUE": the narrowest kept
  });

  it('writes characters XML cannot hold the way Excel escapes them, and keeps look-alike escapes literal', () => {
    expect(xmlText('a\u0007b')).toBe('a_x0007_b');
    expect(xmlText('_x0041_')).toBe('_x005F_x0041_');
    expect(xmlText('<&>')).toBe('&lt;&amp;&gt;');
  });

  it('refuses to write over the source file, and leaves no file behind', async () => {
    const csv = path.join(tmp, 'src.csv');
    await fs.writeFile(csv, 'Date,Sales\n2024-01-05,10\n');
    const src = await readSource(csv);
    await expect(writeWorkbookStreamed({ source: src, specs: [spec], outFile: csv })).rejects.toThrow(
      /source file/,
    );
    expect(await fs.readFile(csv, 'utf8')).toBe('Date,Sales\n2024-01-05,10\n');
  });
});
