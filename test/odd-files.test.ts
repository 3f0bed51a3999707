/**
 * The command line on odd but real files (issue 16): each file is generated here, run through `runCli` as a
 * user would (`npm start -- FILE --out x.xlsx`), and the workbook it wrote is read back.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { readSource } from '../cli/io/read';
import { ZipReader } from '../cli/io/zip';
import { renderSpec, writeWorkbook } from '../cli/io/write';
import { runCli } from '../cli/run';
import { cutText, fitCellText, MAX_CELL_TEXT } from '../core/spec/excel-limits';
import type { SheetSpec } from '../core/spec/types';
import { readSalesTable } from '../core/table';
import { ExcelBackend } from '../excel-addin/adapter/backend';
import { FakeExcel } from './fake-excel';
import { csvText, impossibleDateWorkbook, WESTERN_REPS, westernRows, windows1252 } from './odd-files';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sga-odd-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    out: (s) => (out += `${s}\n`),
    err: (s) => (err += `${s}\n`),
    cwd: dir,
    env: {},
  });
  return { code, out, err };
}

async function readBack(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** Every text of a worksheet's cells (values and cached formula results). */
function texts(ws: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  ws.eachRow((row) =>
    row.eachCell((c) => {
      const v = c.value as unknown;
      if (typeof v === 'string') out.push(v);
      else if (v && typeof v === 'object' && 'result' in v && typeof v.result === 'string')
        out.push(v.result);
    }),
  );
  return out;
}

describe('a windows-1252 CSV (Western European Excel)', () => {
  it('keeps Müller and Zürich, says which encoding it guessed, and --encoding makes it certain', async () => {
    const csv = path.join(dir, 'western.csv');
    fs.writeFileSync(csv, windows1252(csvText(westernRows())));
    const out = path.join(dir, 'western.xlsx');
    const r = await cli(csv, '--by', 'Rep', '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Read as windows-1252 (a guess');
    for (const name of WESTERN_REPS) expect(r.out).toContain(name);
    const wb = await readBack(out);
    expect(texts(wb.getWorksheet('western')!)).toEqual(expect.arrayContaining([...WESTERN_REPS, 'Zürich']));
    expect(texts(wb.getWorksheet('KPI Scorecard')!)).toEqual(expect.arrayContaining(WESTERN_REPS));
    const named = await cli(csv, '--by', 'Rep', '--encoding', 'windows-1252', '--out', out);
    expect(named.code).toBe(0);
    expect(named.out).not.toContain('a guess');
    const json = JSON.parse((await cli(csv, '--json')).out);
    expect(json.table.encoding).toEqual({ name: 'windows-1252', certain: false });
    const bad = await cli(csv, '--encoding', 'klingon', '--out', out);
    expect(bad.code).not.toBe(0);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toContain('klingon');
  });
});

describe('an impossible date in an unrelated column, with an amount typed as text', () => {
  it('writes every sheet, reports the cell, and writes no broken value', async () => {
    const file = path.join(dir, 'impossible.xlsx');
    await impossibleDateWorkbook(ExcelJS).xlsx.writeFile(file);
    const out = path.join(dir, 'impossible-out.xlsx');
    const r = await cli(file, '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Row 9: "Follow-up" value "Invalid Date" is not a date; treated as blank');
    expect(r.out).not.toMatch(/not made|Invalid time value/i);
    const wb = await readBack(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(
      expect.arrayContaining(['Sales', 'Goal Breakdown', 'Quadrant Analysis', 'KPI Scorecard']),
    );
    // The clean copy the formulas read (the text amount) leaves the impossible cell empty.
    const clean = wb.worksheets.find(
      (w) => !['Sales', 'Goal Breakdown', 'Quadrant Analysis', 'KPI Scorecard'].includes(w.name),
    )!;
    expect(clean).toBeDefined();
    expect(wb.getWorksheet('Sales')!.getCell('D9').value).toEqual({ error: '#NUM!' });
    // Every worksheet part of the package, read with the project's own zip reader (no system unzip).
    const zip = await ZipReader.open(out);
    try {
      const parts = zip.entries.filter((e) => /^xl\/worksheets\/[^/]+\.xml$/.test(e.name));
      expect(parts.length).toBeGreaterThan(3);
      for (const e of parts) expect((await zip.read(e.name))!.toString()).not.toContain('>NaN<');
    } finally {
      await zip.close();
    }
  });
});

describe("Excel's limits", () => {
  it('cuts text to 32,767 characters without splitting a surrogate pair, and says which cells', () => {
    const long = `${'a'.repeat(MAX_CELL_TEXT - 2)}😀${'b'.repeat(10)}`;
    expect(cutText(long)).toHaveLength(MAX_CELL_TEXT - 1);
    expect(cutText(long).endsWith('a…')).toBe(true);
    expect(cutText('short')).toBe('short');
    const spec: SheetSpec = {
      kind: 'data',
      name: 'D',
      cells: [[{ v: 'x' }], [null, { v: 'y'.repeat(40000), style: 'note' }]],
    };
    const fit = fitCellText(spec);
    expect(fit.cut).toEqual([{ row: 1, col: 1, length: 40000 }]);
    expect(fit.spec.cells[1][1]).toEqual({ v: `${'y'.repeat(MAX_CELL_TEXT - 1)}…`, style: 'note' });
    expect(fit.spec.cells[0]).toBe(spec.cells[0]);
    expect(spec.cells[1][1]!.v).toHaveLength(40000);
  });

  it('a CSV cell of 40,000 characters is written cut to 32,767, and the summary names the cell', async () => {
    const csv = path.join(dir, 'long.csv');
    const rows = [
      ['Date', 'Rep', 'Amount', 'Note'],
      ...westernRows(30)
        .slice(1)
        .map((r, i) => [r[0], 'Ann', r[3], i === 3 ? 'x'.repeat(40000) : 'ok']),
    ];
    fs.writeFileSync(csv, csvText(rows));
    const out = path.join(dir, 'long.xlsx');
    const r = await cli(csv, '--out', out);
    expect(r.err).toBe('');
    const cell = (await readBack(out)).getWorksheet('long')!.getCell('D5');
    expect(cell.value).toBe(`${'x'.repeat(MAX_CELL_TEXT - 1)}…`);
    expect(r.out).toMatch(/32,767 characters are cut in the output's copy of the source: D5\./);
  });

  it('a CSV wider than an Excel sheet is refused with one clear line; a spec wider than XFD is written up to XFD with a note', async () => {
    const csv = path.join(dir, 'wide.csv');
    const header = ['Date', 'Rep', 'Amount', ...Array.from({ length: 16397 }, (_, i) => `X${i}`)];
    fs.writeFileSync(csv, csvText([header, ['2026-01-02', 'Ann', '10', ...new Array(16397).fill('1')]]));
    const r = await cli(csv, '--out', path.join(dir, 'wide.xlsx'));
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('16,400 columns, more than an Excel sheet has (16,384');
    expect(fs.existsSync(path.join(dir, 'wide.xlsx'))).toBe(false);
    const ws = new ExcelJS.Workbook().addWorksheet('Clean');
    renderSpec(ws, {
      kind: 'data',
      name: 'Clean',
      cells: [Array.from({ length: 16390 }, (_, j) => ({ v: j }))],
    });
    expect(ws.getCell(1, 16384).value).toBe(16383);
    expect(String(ws.getCell(1, 1).note)).toContain('6 cells beyond column XFD');
  });

  it('headers with NUL and other control characters are read by their visible text', async () => {
    const read = readSalesTable([
      ['Date\u0000', 'Rep\u0007', '\u200bSales\u001f'],
      [new Date(Date.UTC(2026, 0, 2)), 'Ann', 10],
    ]);
    if (!read.ok) throw new Error(read.error.message);
    expect(read.table.headers).toEqual(['Date', 'Rep', 'Sales']);
    expect(read.table.mapping).toMatchObject({ date: 0, rep: 1, amount: 2 });
    const csv = path.join(dir, 'controls.csv');
    const rows = westernRows(40);
    rows[0] = ['Date\u0000', 'Rep\u0001', 'City\u007f', 'Sales\u0000\u0000'];
    fs.writeFileSync(csv, csvText(rows));
    const r = await cli(csv, '--out', path.join(dir, 'controls.xlsx'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('date=Date, rep=Rep');
    expect(r.out).toContain('amount=Sales');
  });

  it('Excel: a label longer than a cell holds is written cut, and the summary says where', async () => {
    const fake = new FakeExcel();
    const restore = fake.install();
    try {
      const long = `East ${'e'.repeat(40000)}`;
      const cells = [
        ['Date', 'Region', 'Sales'],
        ...Array.from({ length: 40 }, (_, i) => [
          new Date(Date.UTC(2025 + (i % 2), i % 12, 3)),
          i % 4 ? 'West' : long,
          100 + i,
        ]),
      ];
      fake.workbook.addSheet('Sales').setCells(1, 1, cells);
      fake.workbook.select('Sales', 'A1');
      const r = await new ExcelBackend('en').run(
        { kind: 'quadrant', sourceId: 'sheet:Sales', overrides: {}, options: {} },
        () => undefined,
        new AbortController().signal,
      );
      expect(r.error).toBeUndefined();
      expect(r.summary.at(-1)).toMatch(
        /^Quadrant Analysis!\w+\d+.*: text longer than an Excel cell holds \(32,767 characters\), cut\.$/,
      );
      const q = fake.workbook.sheet('Quadrant Analysis')!;
      const texts = q
        .valuesOf('A1:H30')
        .flat()
        .filter((v): v is string => typeof v === 'string');
      expect(texts.some((t) => t.length === MAX_CELL_TEXT && t.startsWith('East e'))).toBe(true);
      expect(Math.max(...texts.map((t) => t.length))).toBeLessThanOrEqual(MAX_CELL_TEXT);
    } finally {
      restore();
    }
  });
});

describe('a workbook written by another tool with a cell longer than Excel allows', () => {
  it('is written with that cell cut and noted, and the loaded workbook is left as it was', async () => {
    const wb = impossibleDateWorkbook(ExcelJS);
    wb.getWorksheet('Sales')!.getCell('D3').value = 'z'.repeat(40000);
    const file = path.join(dir, 'long-cell.xlsx');
    await wb.xlsx.writeFile(file);
    const src = await readSource(file);
    const out = path.join(dir, 'long-cell-out.xlsx');
    const read = readSalesTable(src.cells, { formats: src.formats });
    if (!read.ok) throw new Error(read.error.message);
    await writeWorkbook({ source: src, specs: [], outFile: out });
    const cell = (await readBack(out)).getWorksheet('Sales')!.getCell('D3');
    expect(cell.value).toBe(`${'z'.repeat(MAX_CELL_TEXT - 1)}…`);
    expect(String(cell.note)).toContain('40,000');
    const loaded = src.workbook!.getWorksheet('Sales')!;
    expect(loaded.getCell('D3').value).toBe('z'.repeat(40000));
    expect(loaded.getCell('D3').note).toBeUndefined();
    expect(loaded.getCell('D9').value).toBeInstanceOf(Date);
  });
});
