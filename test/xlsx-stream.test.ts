import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWorksheet } from '../cli/io/read';
import { readSheetStream } from '../cli/io/xlsx-stream';
import { formatsRowOf, headRows, type CellRows } from '../core/table/columns';

const SAMPLES = path.join(__dirname, '..', 'samples');
let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'xlsx-stream-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

/** Cells and formats as rows (a streamed sheet holds them by column). */
function asRows(got: { cells: CellRows; formats: (string | null)[][] }) {
  const cells = headRows(got.cells, got.cells.length);
  return { cells, formats: cells.map((_, r) => [...(formatsRowOf(got.cells, got.formats, r) ?? [])]) };
}

/** Every sheet of `file` read in a stream equals readWorksheet on the workbook ExcelJS loads. */
async function expectSameAsExcelJS(file: string): Promise<number> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  for (const ws of wb.worksheets) {
    const want = readWorksheet(ws);
    const got = await readSheetStream(file, (ix) => ix.sheets.find((s) => s.name === ws.name));
    expect(got.sheet?.name).toBe(ws.name);
    expect({ ...got, ...asRows(got), index: undefined, sheet: undefined }).toEqual({
      ...want,
      index: undefined,
      sheet: undefined,
    });
  }
  return wb.worksheets.length;
}

describe('readSheetStream', () => {
  it('reads the samples as ExcelJS does (dates, formats, the totals formula, the leads sheet)', async () => {
    expect(await expectSameAsExcelJS(path.join(SAMPLES, 'sales-en.xlsx'))).toBe(2);
    expect(await expectSameAsExcelJS(path.join(SAMPLES, 'sales-zh.xlsx'))).toBe(2);
  });

  it('reads odd cells as ExcelJS does: rich text, inline text, booleans, errors, formulas, blanks, offsets, escapes', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Odd & "x"');
    ws.getCell('C3').value = 'Date';
    ws.getCell('D3').value = { richText: [{ text: 'Sa' }, { text: 'les', font: { bold: true } }] };
    ws.getCell('E3').value = 'a < b & "c"';
    ws.getCell('C4').value = new Date(Date.UTC(2024, 1, 29));
    ws.getCell('C4').numFmt = 'yyyy-mm-dd';
    ws.getCell('D4').value = 1234.5;
    ws.getCell('D4').numFmt = '#,##0.00';
    ws.getCell('E4').value = true;
    ws.getCell('F4').value = { error: '#N/A' };
    ws.getCell('C5').value = { formula: 'C4+1', result: new Date(Date.UTC(2024, 2, 1)) };
    ws.getCell('C5').numFmt = 'd-mmm-yy';
    ws.getCell('D5').value = { formula: 'D4*2', result: 2469 };
    ws.getCell('E5').value = { formula: 'E3&""', result: 'a < b & "c"' };
    ws.getCell('F5').value = { formula: 'F4' };
    ws.getCell('G6').numFmt = '0%'; // styled blank: outside the used range
    ws.getCell('D7').value = '  spaced  ';
    ws.getCell('D8').value = 0.25;
    ws.getCell('D8').numFmt = '0%';
    const file = path.join(tmp, 'odd.xlsx');
    await wb.xlsx.writeFile(file);
    expect(await expectSameAsExcelJS(file)).toBe(1);
    const got = await readSheetStream(file, (ix) => ix.sheets[0]);
    expect(got.originRow).toBe(3);
    expect(got.originCol).toBe(3);
    expect(asRows(got).cells[0]).toEqual(['Date', 'Sales', 'a < b & "c"', null]);
  });

  it('reads a 1904 workbook as ExcelJS and cellsFrom1904 do', async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('Mac');
    ws.addRow(['Date', 'Sales']);
    ws.addRow([new Date(Date.UTC(2024, 0, 5)), 10]);
    ws.getCell('A2').numFmt = 'yyyy-mm-dd';
    ws.addRow([44000, 20]);
    ws.getCell('A3').numFmt = '[$-409]yyyy/mm/dd';
    const file = path.join(tmp, 'mac.xlsx');
    await wb.xlsx.writeFile(file);
    await expectSameAsExcelJS(file);
  });
});
