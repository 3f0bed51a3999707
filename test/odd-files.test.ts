/**
 * The command line on odd but real files (issue 16): each file is generated here, run through `runCli` as a
 * user would (`npm start -- FILE --out x.xlsx`), and the workbook it wrote is read back.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run';
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
    const xml = execFileSync('unzip', ['-p', out, 'xl/worksheets/*.xml'], { maxBuffer: 1 << 28 }).toString();
    expect(xml).not.toContain('>NaN<');
  });
});
