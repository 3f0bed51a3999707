import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeText,
  parseCsv,
  readSource,
  readWorksheet,
  sanitizeSheetName,
  SourceError,
  typeCsvField,
} from '../cli/io/read';
import type { SourceData } from '../cli/io/read';
import { toArgb, uniqueSheetName, writeWorkbook } from '../cli/io/write';
import { ZipReader } from '../cli/io/zip';
import type { SheetSpec } from '../core/spec/types';
import { formatsRowOf, headRows } from '../core/table/columns';
import type { Cell } from '../core/types';
import {
  AMOUNT_COLUMN,
  buildSampleCells,
  generateSalesRows,
  NA_TEXT,
  ORDER_HEADERS,
  sampleLayout,
} from '../samples/data';
import { csvText, WESTERN_CITIES, WESTERN_REPS, westernRows, windows1252 } from './odd-files';

const SAMPLES = path.join(__dirname, '..', 'samples');
let tmp = '';
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'cli-io-'));
});
afterAll(async () => {
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

const utc = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));

/** A source with its cells as rows (a CSV's are held by column), to look at them by index. */
async function readRows(
  ...args: Parameters<typeof readSource>
): Promise<SourceData & { cells: Cell[][]; formats: (string | null)[][] }> {
  const s = await readSource(...args);
  const cells = headRows(s.cells, s.cells.length);
  const formats = cells.map((_, r) => [...(formatsRowOf(s.cells, s.formats, r) ?? [])]);
  return { ...s, cells, formats };
}

async function expectSourceError(p: Promise<unknown>, code: SourceError['code']): Promise<SourceError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SourceError);
    expect((e as SourceError).code).toBe(code);
    return e as SourceError;
  }
  throw new Error(`expected a SourceError ${code}`);
}

describe('readSource: the samples', () => {
  const { orders } = generateSalesRows();
  const layout = sampleLayout(orders.length);

  it('reads the English workbook: header on row 3, dates as Dates, the "n/a", formats', async () => {
    const s = await readRows(path.join(SAMPLES, 'sales-en.xlsx'));
    expect(s.sheetName).toBe('Sales');
    expect(s.sheetNames).toEqual(['Sales', 'Leads']);
    expect(s.originRow).toBe(1);
    expect(s.originCol).toBe(1);
    expect(s.workbook).toBeInstanceOf(ExcelJS.Workbook);
    expect(s.file).toBe(path.join(SAMPLES, 'sales-en.xlsx'));
    expect(s.cells[0][0]).toBe('Sales orders 2024–2026');
    expect(s.cells[2]).toEqual([...ORDER_HEADERS.en]);
    const first = s.cells[layout.firstDataRow];
    expect(first[0]).toBeInstanceOf(Date);
    expect((first[0] as Date).toISOString()).toBe(orders[0].date.toISOString());
    expect(first[AMOUNT_COLUMN]).toBe(orders[0].amount);
    expect(s.cells[layout.naRow][AMOUNT_COLUMN]).toBe(NA_TEXT);
    expect(s.cells[layout.blankRow].every((c) => c === null)).toBe(true);
    expect(s.formats[layout.firstDataRow][0]).toBe('yyyy-mm-dd');
    expect(s.formats[layout.firstDataRow][AMOUNT_COLUMN]).toBe('"¥"#,##0.00');
    expect(s.formats[2][0]).toBeNull();
    // Dense: all rows as wide as the used range.
    for (const r of s.cells) expect(r).toHaveLength(10);
    expect(s.formats).toHaveLength(s.cells.length);
    // The totals row: the formula's cached result.
    expect(s.cells[s.cells.length - 1][0]).toBe('Total');
    expect(typeof s.cells[s.cells.length - 1][AMOUNT_COLUMN]).toBe('number');
  });

  it('reads the Chinese workbook and picks sheets by name, case-insensitively', async () => {
    const s = await readRows(path.join(SAMPLES, 'sales-zh.xlsx'));
    expect(s.sheetName).toBe('销售数据');
    expect(s.cells[2]).toEqual([...ORDER_HEADERS.zh]);
    const l = await readRows(path.join(SAMPLES, 'sales-zh.xlsx'), '线索');
    expect(l.sheetName).toBe('线索');
    expect(l.cells[0]).toEqual(['月份', '销售员', '线索', '赢单', '丢单']);
    const en = await readRows(path.join(SAMPLES, 'sales-en.xlsx'), 'leADS');
    expect(en.sheetName).toBe('Leads');
    expect(en.cells[1][0]).toEqual(utc(2024, 1, 1));
  });

  it('reads the CSV sample with Excel-like typing', async () => {
    const s = await readRows(path.join(SAMPLES, 'sales-en.csv'));
    expect(s.sheetName).toBe('sales-en');
    expect(s.sheetNames).toEqual(['sales-en']);
    expect(s.workbook).toBeUndefined();
    expect(s.cells[0][0]).toBe('Sales orders 2024–2026'); // BOM dropped
    expect(s.cells[2]).toEqual([...ORDER_HEADERS.en]);
    expect(s.cells[layout.firstDataRow][0]).toEqual(orders[0].date);
    expect(s.formats[layout.firstDataRow][0]).toBe('yyyy-mm-dd');
    expect(s.cells[layout.naRow][AMOUNT_COLUMN]).toBe('n/a');
  });
});

describe('CSV parsing and typing', () => {
  it('parses quotes, escaped quotes, embedded commas and line breaks, CRLF, BOM', () => {
    const text = '\uFEFFa,b,c\r\n"x, y","say ""hi""","line1\r\nline2"\r\n1,,"" \r\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'line1\r\nline2'],
      ['1', '', ' '],
    ]);
  });

  it('handles LF, lone CR, a missing final newline, empty lines and stray quotes', () => {
    expect(parseCsv('a,b\nc,d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseCsv('a\rb\r')).toEqual([['a'], ['b']]);
    expect(parseCsv('a\n\nb\n')).toEqual([['a'], [''], ['b']]);
    expect(parseCsv('5" screen,x')).toEqual([['5" screen', 'x']]);
    expect(parseCsv('"unterminated,x')).toEqual([['unterminated,x']]);
    expect(parseCsv('a,')).toEqual([['a', '']]);
    expect(parseCsv('')).toEqual([]);
  });

  it('sniffs tab and semicolon delimiters when the first line has no comma', () => {
    expect(parseCsv('a;b\n1,5;2')).toEqual([
      ['a', 'b'],
      ['1,5', '2'],
    ]);
    expect(parseCsv('a\tb\n1\t2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('types fields like Excel: numbers, ISO dates, the rest text', () => {
    const t = (s: string): unknown => typeCsvField(s).value;
    expect(t('1234')).toBe(1234);
    expect(t('-12.5')).toBe(-12.5);
    expect(t('+3')).toBe(3);
    expect(t('.5')).toBe(0.5);
    expect(t('0')).toBe(0);
    expect(t('1e3')).toBe(1000);
    expect(t(' 42 ')).toBe(42);
    expect(typeCsvField('1,234.50')).toEqual({ value: 1234.5, format: '#,##0.00' });
    expect(typeCsvField('1,234')).toEqual({ value: 1234, format: '#,##0' });
    expect(typeCsvField('2024-03-01')).toEqual({ value: utc(2024, 3, 1), format: 'yyyy-mm-dd' });
    expect(t('2024-02-30')).toBe('2024-02-30');
    expect(t('2024/3/1')).toBe('2024/3/1');
    expect(t('2024年3月')).toBe('2024年3月');
    expect(t('¥1,234')).toBe('¥1,234');
    expect(t('$5')).toBe('$5');
    expect(t('12%')).toBe('12%');
    expect(t('12,34')).toBe('12,34');
    expect(t('1.2.3')).toBe('1.2.3');
    expect(t('00123')).toBe('00123');
    expect(t('12345678901234567890')).toBe('12345678901234567890');
    expect(t('n/a')).toBe('n/a');
    expect(t('-')).toBe('-');
    expect(t('TRUE')).toBe('TRUE');
    expect(t('=1+1')).toBe('=1+1');
    expect(t('')).toBeNull();
    expect(t('  ')).toBe('  ');
    expect(typeCsvField('1234').format).toBeNull();
  });

  it('reads a CSV file into a dense, typed range', async () => {
    const f = path.join(tmp, 'My: data.csv');
    await fs.writeFile(
      f,
      '\uFEFFDate,Rep,Sales,Note\r\n2024-01-05,"Wang, Li","1,200.50","multi\r\nline"\r\n2024-01-06,Bob,300\r\n,,,\r\n',
    );
    const s = await readRows(f);
    expect(s.sheetName).toBe('My_ data');
    expect(s.originRow).toBe(1);
    expect(s.cells).toEqual([
      ['Date', 'Rep', 'Sales', 'Note'],
      [utc(2024, 1, 5), 'Wang, Li', 1200.5, 'multi\r\nline'],
      [utc(2024, 1, 6), 'Bob', 300, null],
    ]);
    expect(s.formats).toEqual([
      [null, null, null, null],
      ['yyyy-mm-dd', null, '#,##0.00', null],
      ['yyyy-mm-dd', null, null, null],
    ]);
  });

  it('decodes UTF-8 with or without BOM, UTF-16 and GB18030', () => {
    const zh = '日期,销售额';
    const sure = (name: string) => ({ name, certain: true });
    expect(decodeText(Buffer.from(zh, 'utf8'))).toEqual({ text: zh, encoding: sure('utf-8') });
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(zh, 'utf8')]))).toEqual({
      text: zh,
      encoding: sure('utf-8'),
    });
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(zh, 'utf16le')]))).toEqual({
      text: zh,
      encoding: sure('utf-16le'),
    });
    // "日期" in GBK/GB18030: four bytes are little to go on, so the guess says it is one.
    expect(decodeText(Buffer.from([0xc8, 0xd5, 0xc6, 0xda]))).toEqual({
      text: '日期',
      encoding: { name: 'gb18030', certain: false },
    });
  });
});

describe('CSV text encodings', () => {
  it('reads a windows-1252 CSV (Western European Excel) with its names intact, and says it guessed', async () => {
    const f = path.join(tmp, 'western.csv');
    await fs.writeFile(f, windows1252(csvText(westernRows())));
    const s = await readRows(f);
    expect(s.encoding).toEqual({ name: 'windows-1252', certain: false });
    expect(s.cells[0]).toEqual(['Date', 'Rep', 'City', 'Sales']);
    const names = new Set(s.cells.slice(1).map((r) => r[1]));
    const cities = new Set(s.cells.slice(1).map((r) => r[2]));
    expect([...names].sort()).toEqual([...WESTERN_REPS].sort());
    expect([...cities].sort()).toEqual([...WESTERN_CITIES].sort());
    expect(s.cells[1][0]).toEqual(utc(2025, 1, 1));
  });

  it('reads the Chinese sample saved as GB18030 as GB18030 for certain; a small Big5 file as Big5', async () => {
    const text = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v ?? ''));
    const zh = csvText(buildSampleCells('zh').map((r) => r.map(text)));
    const gb = path.join(tmp, 'zh.csv');
    await fs.writeFile(
      gb,
      new Uint8Array(execFileSync('iconv', ['-f', 'utf-8', '-t', 'gb18030'], { input: zh })),
    );
    const a = await readRows(gb);
    expect(a.encoding).toEqual({ name: 'gb18030', certain: true });
    expect(a.cells[2]).toEqual([...ORDER_HEADERS.zh]);
    const tw = csvText([
      ['日期', '銷售員', '地區', '銷售額'],
      ...westernRows(60)
        .slice(1)
        .map((r, i) => [
          r[0],
          ['張偉', '王芳', '李娜', '劉洋'][i % 4],
          ['華東', '華北', '華南', '西部'][i % 4],
          r[3],
        ]),
    ]);
    const big5 = path.join(tmp, 'tw.csv');
    await fs.writeFile(
      big5,
      new Uint8Array(execFileSync('iconv', ['-f', 'utf-8', '-t', 'big5'], { input: tw })),
    );
    const b = await readRows(big5);
    expect(b.encoding?.name).toBe('big5');
    expect(b.cells[0]).toEqual(['日期', '銷售員', '地區', '銷售額']);
    expect(b.cells[1][1]).toBe('張偉');
  });

  it('--encoding reads the file as named; an unknown name or bytes that do not fit are refused', async () => {
    const f = path.join(tmp, 'named.csv');
    await fs.writeFile(f, windows1252('Date,Rep,Sales\r\n2026-01-02,Müller,10\r\n'));
    const s = await readRows(f, undefined, 'latin1');
    expect(s.encoding).toEqual({ name: 'windows-1252', certain: true, named: true });
    expect(s.cells[1][1]).toBe('Müller');
    const bad = await expectSourceError(readSource(f, undefined, 'klingon'), 'unreadable');
    expect(bad.detail).toContain('klingon');
    const wrong = await expectSourceError(readSource(f, undefined, 'utf-8'), 'unreadable');
    expect(wrong.detail).toContain('utf-8');
  });
});

describe('readSource: errors', () => {
  it('reports a missing file', async () => {
    const f = path.join(tmp, 'nope.xlsx');
    const e = await expectSourceError(readSource(f), 'not-found');
    expect(e.detail).toBe(f);
    expect(e.message).toContain(f);
  });

  it('reports an unknown sheet with the sheets there are', async () => {
    const e = await expectSourceError(
      readSource(path.join(SAMPLES, 'sales-en.xlsx'), 'Orders'),
      'unknown-sheet',
    );
    expect(e.detail).toContain('Orders');
    expect(e.detail).toContain('Sales, Leads');
    expect(e.message).toContain('Sales, Leads');
    expect(e.sheetNames).toEqual(['Sales', 'Leads']);
  });

  it('reports unsupported and unreadable files', async () => {
    const xls = path.join(tmp, 'old.xls');
    await fs.writeFile(xls, 'x');
    const u = await expectSourceError(readSource(xls), 'unsupported');
    expect(u.detail).toBe('.xls');
    const bad = path.join(tmp, 'broken.xlsx');
    await fs.writeFile(bad, 'this is not a zip file');
    const b = await expectSourceError(readSource(bad), 'unreadable');
    expect(b.detail).toContain(bad);
    await expectSourceError(readSource(tmp), 'unreadable');
    const bin = path.join(tmp, 'binary.csv');
    await fs.writeFile(bin, Buffer.from([0x80, 0x81, 0xff, 0x00, 0xfe]));
    await expectSourceError(readSource(bin), 'unreadable');
  });
});

describe('readSource: cell kinds', () => {
  it('reads formulas, rich text, hyperlinks, errors, merges and an offset used range', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data');
    ws.getCell('C5').value = 'Title';
    ws.mergeCells('C5:E5');
    ws.getCell('C6').value = { richText: [{ text: 'Rich ' }, { text: 'text', font: { bold: true } }] };
    ws.getCell('D6').value = { text: 'link', hyperlink: 'https://example.com' };
    ws.getCell('E6').value = { error: '#N/A' };
    ws.getCell('C7').value = 2;
    ws.getCell('D7').value = 3;
    ws.getCell('E7').value = { formula: 'C7*D7', result: 6 };
    ws.getCell('C8').value = { formula: 'C7/0', result: { error: '#DIV/0!' } };
    ws.getCell('D8').value = true;
    ws.getCell('E8').value = utc(2024, 3, 1);
    ws.getCell('E8').numFmt = 'yyyy-mm-dd';
    ws.getCell('F9').numFmt = '0.00'; // styled but empty: not part of the used range
    const f = path.join(tmp, 'kinds.xlsx');
    await wb.xlsx.writeFile(f);

    const s = await readRows(f);
    expect(s.originRow).toBe(5);
    expect(s.originCol).toBe(3);
    expect(s.cells).toEqual([
      ['Title', null, null],
      ['Rich text', 'link', '#N/A'],
      [2, 3, 6],
      ['#DIV/0!', true, utc(2024, 3, 1)],
    ]);
    expect(s.formats[3][2]).toBe('yyyy-mm-dd');
  });

  it('reads an empty sheet as an empty range', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Empty');
    const f = path.join(tmp, 'empty.xlsx');
    await wb.xlsx.writeFile(f);
    const s = await readRows(f);
    expect(s.cells).toEqual([]);
    expect(s.originRow).toBe(1);
  });
});

describe('sheet names', () => {
  it('sanitises and de-duplicates', () => {
    expect(sanitizeSheetName('Q1/Q2: [draft]*?\\')).toBe('Q1_Q2_ _draft____');
    expect(sanitizeSheetName("'quoted'")).toBe('quoted');
    expect(sanitizeSheetName('')).toBe('Sheet');
    expect(sanitizeSheetName('x'.repeat(40))).toHaveLength(31);
    const taken = new Set(['sales', 'sales (2)', 'history']);
    expect(uniqueSheetName('Sales', taken)).toBe('Sales (3)');
    expect(uniqueSheetName('History', taken)).toBe('History_');
    const long = 'A very long analysis sheet name!!';
    const n = uniqueSheetName(long, new Set([sanitizeSheetName(long).toLowerCase()]));
    expect(n).toHaveLength(31);
    expect(n.endsWith(' (2)')).toBe(true);
    expect(toArgb('#5B9BD5')).toBe('FF5B9BD5');
    expect(toArgb('abc')).toBe('FFAABBCC');
  });
});

describe('writeWorkbook', () => {
  const spec: SheetSpec = {
    kind: 'scorecard',
    name: 'report',
    cells: [
      [{ v: 'Report title', style: 'title' }],
      [{ v: 'as of today', style: 'subtitle' }],
      [
        { v: 'Name', style: 'header' },
        { v: 'Sales', style: 'header' },
        { v: 'Share', style: 'header' },
        { v: 'Quadrant', style: 'header' },
      ],
      [
        { v: 'East' },
        { v: 1200.5, fmt: '#,##0.00' },
        { f: '=B4/B6', expect: 0.75, fmt: '0.0%' },
        { v: 'High-High' },
      ],
      [
        { v: '=HYPERLINK("x")' },
        { v: 400, fmt: '#,##0.00' },
        { f: '=B5/B6', expect: 0.25, fmt: '0.0%' },
        { v: 'Low-Low' },
      ],
      [
        { v: 'Total', style: 'total' },
        { f: '=SUM(B4:B5)', expect: 1600.5, style: 'total' },
        null,
        { v: true },
      ],
      [{ v: '+1' }, { v: '@x' }, { v: '-1+2' }, { f: '=NA()', expect: '#N/A' }],
      [
        { v: 100000, style: 'input', fmt: '#,##0' },
        { v: 'locked', style: 'locked' },
        { v: 'a note', style: 'note' },
      ],
      [
        { v: 'careful', style: 'warning' },
        { f: 'B4*2', expect: 2401 },
      ],
    ],
    columnWidths: [20, 12, 10, 14],
    freeze: { rows: 3, columns: 1 },
    conditionalFormats: [
      { range: 'B4:B5', type: 'dataBar', color: '#5B9BD5' },
      { range: 'C4:C5', type: 'colorScale', colors: ['#F8696B', '#FFEB84', '#63BE7B'] },
      { range: 'D4:D5', type: 'textEquals', text: 'High-High', fill: '#C6EFCE', font: '#006100' },
    ],
    charts: [
      {
        type: 'scatter',
        title: 't',
        xTitle: 'x',
        yTitle: 'y',
        series: [{ name: 's', x: 'B4:B5', y: 'C4:C5' }],
        anchor: 'F2',
        width: 8,
        height: 16,
        dataRange: 'A3:C5',
      },
    ],
    inputs: ['A8', 'D9'],
  };

  async function makeSource(): Promise<string> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Report');
    ws.getCell('A1').value = 'Month';
    ws.getCell('B1').value = 'Sales';
    ws.getCell('A2').value = utc(2024, 1, 1);
    ws.getCell('A2').numFmt = 'yyyy-mm';
    ws.getCell('B2').value = 1234.5;
    ws.getCell('B2').numFmt = '"¥"#,##0.00';
    ws.getCell('B3').value = { formula: 'B2*2', result: 2469 };
    ws.getCell('C1').value = '=not a formula';
    ws.mergeCells('D1:E1');
    ws.getCell('D1').value = 'merged';
    const other = wb.addWorksheet('Other');
    other.getCell('A1').value = 'keep me';
    const f = path.join(tmp, 'source.xlsx');
    await wb.xlsx.writeFile(f);
    return f;
  }

  it('adds rendered sheets and leaves the source sheets as they were', async () => {
    const srcFile = await makeSource();
    const source = await readSource(srcFile);
    const out = path.join(tmp, 'nested', 'dir', 'out.xlsx');
    await writeWorkbook({
      source,
      specs: [spec, { kind: 'data', name: 'Q1/Q2: [draft]', cells: [[{ v: 1 }]] }],
      outFile: out,
    });
    // The loaded source workbook is as it was.
    expect(source.workbook!.worksheets.map((w) => w.name)).toEqual(['Report', 'Other']);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Report', 'Other', 'report (2)', 'Q1_Q2_ _draft_']);

    // Source sheets unchanged, cell by cell.
    const original = new ExcelJS.Workbook();
    await original.xlsx.readFile(srcFile);
    for (const name of ['Report', 'Other']) {
      const a = readWorksheet(original.getWorksheet(name)!);
      const b = readWorksheet(wb.getWorksheet(name)!);
      expect(b, name).toEqual(a);
    }
    const rep = wb.getWorksheet('Report')!;
    expect(rep.getCell('B3').formula).toBe('B2*2');
    expect(rep.getCell('C1').value).toBe('=not a formula');
    expect(rep.getCell('E1').isMerged).toBe(true);

    const ws = wb.getWorksheet('report (2)')!;
    // Values and formulas.
    expect(ws.getCell('A1').value).toBe('Report title');
    expect(ws.getCell('B4').value).toBe(1200.5);
    expect(ws.getCell('C4').formula).toBe('B4/B6');
    expect(ws.getCell('C4').result).toBe(0.75);
    expect(ws.getCell('B6').formula).toBe('SUM(B4:B5)');
    expect(ws.getCell('B6').result).toBe(1600.5);
    expect(ws.getCell('B9').formula).toBe('B4*2');
    expect(ws.getCell('D7').formula).toBe('NA()');
    expect(ws.getCell('D7').result).toEqual({ error: '#N/A' });
    expect(ws.getCell('D6').value).toBe(true);
    // Text that looks like a formula stays text.
    for (const [addr, text] of [
      ['A5', '=HYPERLINK("x")'],
      ['A7', '+1'],
      ['B7', '@x'],
      ['C7', '-1+2'],
    ]) {
      const c = ws.getCell(addr);
      expect(c.type, addr).toBe(ExcelJS.ValueType.String);
      expect(c.value, addr).toBe(text);
      expect(c.formula, addr).toBeUndefined();
    }
    // Formats and styles.
    expect(ws.getCell('B4').numFmt).toBe('#,##0.00');
    expect(ws.getCell('C4').numFmt).toBe('0.0%');
    expect(ws.getCell('A8').numFmt).toBe('#,##0');
    expect(ws.getCell('A1').font).toMatchObject({ bold: true, size: 14 });
    expect(ws.getCell('A2').font).toMatchObject({ italic: true });
    expect(ws.getCell('A3').font).toMatchObject({ bold: true });
    expect(ws.getCell('A3').fill).toMatchObject({
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: 'FFE7E6E6' },
    });
    expect(ws.getCell('A3').border?.bottom?.style).toBe('thin');
    expect(ws.getCell('A8').fill).toMatchObject({ fgColor: { argb: 'FFFFF2CC' } });
    expect(ws.getCell('A8').border?.left?.style).toBe('thin');
    expect(ws.getCell('D9').fill).toMatchObject({ fgColor: { argb: 'FFFFF2CC' } }); // from `inputs`
    expect(ws.getCell('B8').fill).toMatchObject({ fgColor: { argb: 'FFDDEBF7' } });
    expect(ws.getCell('A6').font).toMatchObject({ bold: true });
    expect(ws.getCell('A6').border?.top?.style).toBe('thin');
    expect(ws.getCell('C8').font).toMatchObject({ italic: true, color: { argb: 'FF808080' } });
    expect(ws.getCell('A9').font).toMatchObject({ color: { argb: 'FFC65911' } });
    expect(ws.getColumn(1).width).toBe(20);
    expect(ws.getColumn(4).width).toBe(14);
    // Frozen panes.
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 3 });
    // Conditional formats.
    // ExcelJS keeps a sheet's conditional formats in `conditionalFormattings` (not in its typings).
    const cfs = (ws as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] })
      .conditionalFormattings;
    expect(cfs.map((c) => c.ref)).toEqual(['B4:B5', 'C4:C5', 'D4:D5']);
    expect(cfs[0].rules[0].type).toBe('dataBar');
    const scale = cfs[1].rules[0] as ExcelJS.ColorScaleRuleType;
    expect(scale.type).toBe('colorScale');
    expect(scale.color?.map((c) => c.argb)).toEqual(['FFF8696B', 'FFFFEB84', 'FF63BE7B']);
    const text = cfs[2].rules[0] as ExcelJS.ExpressionRuleType;
    expect(text.type).toBe('expression');
    expect(text.formulae).toEqual(['D4="High-High"']);
    // The chart: a DrawingML part whose series read the sheet (test/charts.test.ts checks it in full).
    const zip = await ZipReader.open(out);
    try {
      const chart = (await zip.read('xl/charts/chart1.xml'))!.toString('utf8');
      expect(chart).toContain("<c:f>'report (2)'!$B$4:$B$5</c:f>");
      expect(chart).toContain("<c:f>'report (2)'!$C$4:$C$5</c:f>");
    } finally {
      await zip.close();
    }
    expect(wb.getWorksheet('Q1_Q2_ _draft_')!.getCell('A1').value).toBe(1);

    // The same source can be written again.
    const out2 = path.join(tmp, 'out2.xlsx');
    await writeWorkbook({ source, specs: [spec], outFile: out2 });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.readFile(out2);
    expect(wb2.worksheets.map((w) => w.name)).toEqual(['Report', 'Other', 'report (2)']);
  });

  it('writes sheets that read and print cleanly: font, alignment, wrapped headers, bars from zero, page setup', async () => {
    const source = await readSource(await makeSource());
    const zh: SheetSpec = {
      kind: 'tracking',
      name: '跟踪',
      cells: [
        [{ v: '目标跟踪', style: 'title' }],
        [
          { v: '地区', style: 'header' },
          { v: '按比例折算的目标', style: 'header' },
        ],
        [{ v: '华东' }, { v: 1234, fmt: '#,##0' }],
      ],
      columnWidths: [10, 9],
      print: { titleRows: [1, 2] },
    };
    const out = path.join(tmp, 'look.xlsx');
    await writeWorkbook({ source, specs: [spec, zh], outFile: out });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('report (2)')!;
    // One named sans-serif font on every cell written (no nameless font a viewer draws as a serif).
    for (const addr of ['A1', 'A2', 'A3', 'B4', 'C4', 'D7', 'A8', 'C8', 'A9', 'D9'])
      expect(ws.getCell(addr).font, addr).toMatchObject({
        name: 'Calibri',
        size: addr === 'A1' ? 14 : 11,
        family: 2,
      });
    expect(ws.getCell('A1').font.bold).toBe(true);
    // Numbers right, text left; text right after a number is indented; headers follow their column.
    const align = (a: string): Partial<ExcelJS.Alignment> => ws.getCell(a).alignment ?? {};
    expect(align('A4').horizontal).toBe('left');
    expect(align('B4').horizontal).toBe('right');
    expect(align('C4').horizontal).toBe('right');
    expect(align('D4')).toMatchObject({ horizontal: 'left', indent: 1 });
    expect(align('D7').horizontal).toBe('right'); // #N/A in a number column
    expect(align('A3')).toMatchObject({ horizontal: 'left', wrapText: true });
    expect(align('B3')).toMatchObject({ horizontal: 'right', wrapText: true });
    expect(align('D3')).toMatchObject({ horizontal: 'left', indent: 1, wrapText: true });
    expect(align('A1').wrapText).toBeFalsy(); // titles run over the empty cells to their right
    expect(ws.getRow(1).height).toBeGreaterThanOrEqual(20);
    // Widths as the spec says.
    expect([1, 2, 3, 4].map((c) => ws.getColumn(c).width)).toEqual([20, 12, 10, 14]);
    // Data bars from zero, not from the lowest value.
    const cfs = (ws as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] })
      .conditionalFormattings;
    const bar = cfs[0].rules[0] as ExcelJS.DataBarRuleType & { cfvo: { type: string; value?: number }[] };
    expect(bar.cfvo).toEqual([{ type: 'num', value: 0 }, { type: 'max' }]);
    // Page setup: landscape, one page wide, print area over the cells and the chart (F2, 8 x 16 cells),
    // the frozen rows repeated.
    expect(ws.pageSetup).toMatchObject({
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:3',
    });
    expect(ws.pageSetup.printArea).toBe('A1:M17');
    const zip = await ZipReader.open(out);
    try {
      const book = (await zip.read('xl/workbook.xml'))!.toString('utf8');
      expect(book).toContain('&apos;report (2)&apos;!$A$1:$M$17</definedName>');
      expect(book).toContain('&apos;跟踪&apos;!$1:$2</definedName>');
    } finally {
      await zip.close();
    }
    // A sheet with Chinese text: Microsoft YaHei, a wrapped header's row two lines tall, the spec's title rows.
    const z = wb.getWorksheet('跟踪')!;
    for (const addr of ['A1', 'A2', 'B2', 'A3', 'B3'])
      expect(z.getCell(addr).font, addr).toMatchObject({
        name: 'Microsoft YaHei',
        size: addr === 'A1' ? 14 : 10,
      });
    expect(z.getRow(2).height).toBeGreaterThanOrEqual(30);
    expect(z.getColumn(2).width).toBeCloseTo(9, 1); // not left to the default (ExcelJS drops exactly 9)
    expect(z.pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 1, printTitlesRow: '1:2' });
    expect(z.pageSetup.printArea).toBe('A1:B3');
  });

  it('numbers clashing names among the new sheets too', async () => {
    const source = await readSource(path.join(SAMPLES, 'sales-en.csv'));
    const out = path.join(tmp, 'clash.xlsx');
    await writeWorkbook({
      source,
      specs: [
        { kind: 'data', name: 'Sales-EN', cells: [[{ v: 1 }]] },
        { kind: 'data', name: 'sales-en', cells: [[{ v: 2 }]] },
      ],
      outFile: out,
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['sales-en', 'Sales-EN (2)', 'sales-en (3)']);
  });

  it('writes a CSV source as a typed sheet at A1', async () => {
    const csv = path.join(tmp, 'orders.csv');
    await fs.writeFile(csv, 'Date,Sales,Text\n2024-01-05,"1,200.50",=SUM(1)\n2024-01-06,300,+1\n');
    const source = await readSource(csv);
    const out = path.join(tmp, 'from-csv.xlsx');
    await writeWorkbook({ source, specs: [spec], outFile: out });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['orders', 'report']);
    const back = readWorksheet(wb.getWorksheet('orders')!);
    const rows = await readRows(csv);
    expect(back.cells).toEqual(rows.cells);
    expect(back.formats).toEqual(rows.formats);
    expect(back.originRow).toBe(1);
    expect(wb.getWorksheet('orders')!.getCell('C2').type).toBe(ExcelJS.ValueType.String);
  });

  it('refuses to write over the source file, or to a non-.xlsx file', async () => {
    const srcFile = await makeSource();
    const source: SourceData = await readSource(srcFile);
    await expectSourceError(writeWorkbook({ source, specs: [spec], outFile: srcFile }), 'unsupported');
    const rel = path.relative(process.cwd(), srcFile);
    await expectSourceError(writeWorkbook({ source, specs: [spec], outFile: rel }), 'unsupported');
    await expectSourceError(
      writeWorkbook({ source, specs: [spec], outFile: path.join(tmp, 'x.csv') }),
      'unsupported',
    );
    // The source is untouched.
    const again = await readSource(srcFile);
    expect(again.cells).toEqual(source.cells);
    expect(again.sheetNames).toEqual(['Report', 'Other']);
  });
});
