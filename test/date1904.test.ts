/**
 * Workbooks in the 1904 date system (Mac Excel): the command line reads their dates as the days they show and
 * writes every generated date so that the workbook shows that day too; HyperFormula, set up like a 1904
 * workbook (nullDate 1904-01-01), recalculates every formula of the output to the core's numbers.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { DetailedCellError, HyperFormula } from 'hyperformula';
import { describe, expect, it } from 'vitest';
import { ExcelBackend } from '../excel-addin/adapter/backend';
import { readSource as readExcelSource } from '../excel-addin/adapter/read';
import { runCli } from '../cli/run';
import { readSource } from '../cli/io/read';
import { specTo1904 } from '../core/spec/date1904';
import type { SheetSpec } from '../core/spec/types';
import { cellsFrom1904, DATE1904_OFFSET } from '../core/table/datesystem';
import { coerceDate, isDateFormat } from '../core/table/coerce';
import type { Cell } from '../core/types';
import { buildSampleCells, ORDER_FORMATS } from '../samples/data';
import { FakeExcel, type SheetModel, type WorkbookModel } from './fake-excel';

const SAMPLE = path.join(__dirname, '..', 'samples', 'sales-en.xlsx');
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'sga-1904-'));

/** The English sample saved as a 1904 workbook: the same dates, stored as 1904 serials. */
async function sample1904(dir: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(SAMPLE);
  wb.properties.date1904 = true;
  const file = path.join(dir, 'mac.xlsx');
  await wb.xlsx.writeFile(file);
  return file;
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    out: (s) => (out += s),
    err: (s) => (err += s),
    cwd: process.cwd(),
    env: {},
  });
  return { code, out, err };
}

type HfCell = string | number | boolean | null;
type Formula = { formula: string; result?: unknown };
const isFormula = (v: unknown): v is Formula => typeof v === 'object' && v !== null && 'formula' in v;

/** A cell of an .xlsx as the workbook's own engine sees it: Dates as serials of its date system. */
function serialOf(v: unknown, date1904: boolean): unknown {
  if (v instanceof Date) return v.getTime() / 86400000 + 25569 - (date1904 ? DATE1904_OFFSET : 0);
  if (typeof v === 'object' && v !== null && 'error' in v) return (v as { error: string }).error;
  if (typeof v === 'object' && v !== null && 'richText' in v)
    return (v as { richText: { text: string }[] }).richText.map((r) => r.text).join('');
  return v;
}

/** Load every sheet of `wb` into HyperFormula with the workbook's date system; list the formula cells. */
function recalc(wb: ExcelJS.Workbook): {
  hf: HyperFormula;
  formulas: { sheet: string; r: number; c: number; want: unknown }[];
} {
  const date1904 = wb.properties.date1904 === true;
  const sheets: Record<string, HfCell[][]> = {};
  const formulas: { sheet: string; r: number; c: number; want: unknown }[] = [];
  for (const ws of wb.worksheets) {
    const grid: HfCell[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      const out: HfCell[] = (grid[r - 1] = []);
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const v = cell.value;
        if (isFormula(v)) {
          out[c - 1] = `=${v.formula}`;
          formulas.push({ sheet: ws.name, r: r - 1, c: c - 1, want: serialOf(v.result, date1904) });
        } else {
          const x = serialOf(v, date1904);
          out[c - 1] = typeof x === 'string' && /^[=']/.test(x) ? `'${x}` : ((x as HfCell) ?? null);
        }
      });
    });
    for (let i = 0; i < grid.length; i++) grid[i] = Array.from(grid[i] ?? [], (x) => x ?? null);
    sheets[ws.name] = grid;
  }
  const hf = HyperFormula.buildFromSheets(sheets, {
    licenseKey: 'gpl-v3',
    maxColumns: 200,
    ...(date1904 ? { nullDate: { year: 1904, month: 1, day: 1 } } : {}),
  });
  return { hf, formulas };
}

/**
 * Every formula of `wb` recalculated: those with a cached result (the core's number) against it, and the
 * value of each (date-formatted ones as 1900 serials) by sheet!R1C1, to compare two outputs cell by cell.
 */
function disagreements(wb: ExcelJS.Workbook): {
  checked: number;
  wrong: string[];
  values: Map<string, unknown>;
} {
  const { hf, formulas } = recalc(wb);
  const shift = wb.properties.date1904 === true ? DATE1904_OFFSET : 0;
  const wrong: string[] = [];
  const values = new Map<string, unknown>();
  let checked = 0;
  for (const f of formulas) {
    const got = hf.getCellValue({ sheet: hf.getSheetId(f.sheet)!, row: f.r, col: f.c });
    const v = got instanceof DetailedCellError ? got.value : (got ?? '');
    const dated =
      typeof v === 'number' && isDateFormat(wb.getWorksheet(f.sheet)!.getCell(f.r + 1, f.c + 1).numFmt);
    values.set(`${f.sheet}!R${f.r + 1}C${f.c + 1}`, dated ? v + shift : v);
    if (f.want === undefined) continue; // no cached result: compared across outputs only
    checked++;
    const ok =
      typeof f.want === 'number' && typeof v === 'number'
        ? Math.abs(v - f.want) <= 1e-9 * Math.max(1, Math.abs(f.want))
        : v === f.want;
    if (!ok)
      wrong.push(`${f.sheet}!R${f.r + 1}C${f.c + 1}: core ${String(f.want)}, recalculated ${String(v)}`);
  }
  hf.destroy();
  return { checked, wrong, values };
}

describe('the 1904 date system at the boundary', () => {
  it('cellsFrom1904 shifts only numbers in date-formatted cells, in place', () => {
    const cells: Cell[][] = [
      ['Date', 'Amount', 'Note'],
      [44561, 44561, '44561'],
      [new Date(Date.UTC(2026, 0, 1)), 12.5, null],
    ];
    const formats = [[], ['yyyy-mm-dd', '#,##0', 'yyyy-mm-dd'], ['m/d/yyyy', '0.00', null]];
    expect(cellsFrom1904(cells, formats)).toBe(1);
    expect(cells[1]).toEqual([44561 + 1462, 44561, '44561']);
    expect(coerceDate(cells[1][0], true)).toBe(coerceDate('2026-01-01'));
    expect((cells[2][0] as Date).toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('specTo1904 shifts date values and the expected results of date formulas, nothing else', () => {
    const spec: SheetSpec = {
      kind: 'quadrant',
      name: 'Q',
      cells: [
        [{ v: 'Current' }, { v: 46023, fmt: 'yyyy-mm-dd', style: 'input' }, { v: 46023, fmt: '#,##0' }],
        [{ f: '=B1+1', expect: 46024, fmt: 'yyyy-mm-dd' }, { f: '=C1*2', expect: 92046 }, null],
        [],
      ],
    };
    const before = JSON.stringify(spec);
    const out = specTo1904(spec);
    expect(JSON.stringify(spec)).toBe(before);
    expect(out.cells[0]).toEqual([
      { v: 'Current' },
      { v: 46023 - 1462, fmt: 'yyyy-mm-dd', style: 'input' },
      { v: 46023, fmt: '#,##0' },
    ]);
    expect(out.cells[1]![0]).toEqual({ f: '=B1+1', expect: 46024 - 1462, fmt: 'yyyy-mm-dd' });
    expect(out.cells[1]![1]).toBe(spec.cells[1]![1]);
    expect(out.cells[2]).toBe(spec.cells[2]);
  });
});

describe('the command line on a 1904 workbook', () => {
  it('reads the same dates, writes dates the workbook shows right, and HyperFormula (1904) agrees with the core', async () => {
    const dir = tmp();
    try {
      const mac = await sample1904(dir);
      const src = await readSource(mac);
      expect(src.date1904).toBe(true);
      const pc = await readSource(SAMPLE);
      expect(src.cells).toEqual(pc.cells);

      const out = path.join(dir, 'out.xlsx');
      const outPc = path.join(dir, 'out-pc.xlsx');
      const a = await cli([mac, '--track', '--as-of', '2026-08-15', '--json', '--out', out]);
      const b = await cli([SAMPLE, '--track', '--as-of', '2026-08-15', '--json', '--out', outPc]);
      expect(a.code, a.err).toBe(0);
      expect(b.code, b.err).toBe(0);
      const ja = JSON.parse(a.out);
      const jb = JSON.parse(b.out);
      expect({ ...ja, file: 0, out: 0 }).toEqual({ ...jb, file: 0, out: 0 });

      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      expect(wb.properties.date1904).toBe(true);
      // The period inputs show the days the core meant (ExcelJS reads them in the workbook's system).
      const q = wb.getWorksheet('Quadrant Analysis')!;
      expect((q.getCell('B3').value as Date).toISOString().slice(0, 10)).toBe(ja.quadrant.currentRange[0]);
      expect((q.getCell('C3').value as Date).toISOString().slice(0, 10)).toBe(ja.quadrant.currentRange[1]);
      const t = wb.getWorksheet('Goal Tracking')!;
      expect((t.getCell('B3').value as Date).toISOString().slice(0, 10)).toBe('2026-08-15');

      const mac1904 = disagreements(wb);
      expect(mac1904.checked).toBeGreaterThan(150);
      expect(mac1904.wrong).toEqual([]);
      // The same check on the 1900 output: the harness itself is sound.
      const pcWb = new ExcelJS.Workbook();
      await pcWb.xlsx.readFile(outPc);
      const pc1900 = disagreements(pcWb);
      expect(pc1900.checked).toBe(mac1904.checked);
      expect(pc1900.wrong).toEqual([]);
      // And every formula, cached or not, comes to the same value in both workbooks.
      expect([...mac1904.values.keys()]).toEqual([...pc1900.values.keys()]);
      const differ = [...pc1900.values].filter(([k, v]) => mac1904.values.get(k) !== v).map(([k]) => k);
      expect(differ).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

/** A fake Excel workbook with the English sample on "Sales", its Dates stored as serials of `date1904`'s system. */
function fakeWorkbook(date1904: boolean, apiVersion = '1.12'): { fake: FakeExcel; restore: () => void } {
  const fake = new FakeExcel({ apiVersion });
  const restore = fake.install();
  fake.workbook.date1904 = date1904;
  const cells = buildSampleCells('en').map((row) =>
    row.map((v) =>
      v instanceof Date ? v.getTime() / 86400000 + 25569 - (date1904 ? DATE1904_OFFSET : 0) : v,
    ),
  );
  fake.workbook.addSheet('Sales').setCells(
    1,
    1,
    cells,
    cells.map((_, i) => (i >= 3 ? ORDER_FORMATS : [])),
  );
  fake.workbook.select('Sales', 'A1');
  return { fake, restore };
}

/** Every sheet of a fake workbook in HyperFormula, with the workbook's date system. */
function fakeToHf(wb: WorkbookModel): HyperFormula {
  const sheets: Record<string, HfCell[][]> = {};
  for (const sh of wb.sheets) {
    const grid: HfCell[][] = [];
    const used = sh.usedRect(false);
    for (let r = 0; used && r <= used.r1; r++) {
      grid.push([]);
      for (let c = 0; c <= used.c1; c++) {
        const x = sh.get(r, c);
        grid[r].push(
          x.formula ??
            (typeof x.value === 'string' && /^[=']/.test(x.value)
              ? `'${x.value}`
              : x.value === ''
                ? null
                : x.value),
        );
      }
    }
    sheets[sh.name] = grid;
  }
  return HyperFormula.buildFromSheets(sheets, {
    licenseKey: 'gpl-v3',
    maxColumns: 200,
    ...(wb.date1904 ? { nullDate: { year: 1904, month: 1, day: 1 } } : {}),
  });
}

/** Formula results of our sheets in `wb`, recalculated, by sheet!R1C1; date cells as ISO days. */
function results(wb: WorkbookModel, ours: SheetModel[]): Map<string, unknown> {
  const hf = fakeToHf(wb);
  const out = new Map<string, unknown>();
  for (const sh of ours) {
    const id = hf.getSheetId(sh.name)!;
    const used = sh.usedRect(false)!;
    for (let r = 0; r <= used.r1; r++)
      for (let c = 0; c <= used.c1; c++) {
        const x = sh.get(r, c);
        const v = x.formula ? hf.getCellValue({ sheet: id, row: r, col: c }) : x.value;
        const asDate = typeof v === 'number' && /yyyy/.test(x.numberFormat);
        out.set(
          `${sh.name}!R${r + 1}C${c + 1}`,
          asDate
            ? new Date((v + (wb.date1904 ? DATE1904_OFFSET : 0) - 25569) * 86400000)
                .toISOString()
                .slice(0, 10)
            : v instanceof DetailedCellError
              ? v.value
              : v,
        );
      }
  }
  hf.destroy();
  return out;
}

describe('a 1904 workbook whose dates are plain numbers (1900 serials, no date format)', () => {
  it('reads them as the reader does everywhere, and its formulas read the cleaned copy so they agree', async () => {
    const dir = tmp();
    try {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(SAMPLE);
      wb.properties.date1904 = true;
      const ws = wb.getWorksheet('Sales')!;
      ws.getColumn(1).eachCell((cell) => {
        if (cell.value instanceof Date) {
          cell.value = cell.value.getTime() / 86400000 + 25569;
          cell.numFmt = 'General';
        }
      });
      const file = path.join(dir, 'plain.xlsx');
      await wb.xlsx.writeFile(file);
      const out = path.join(dir, 'out.xlsx');
      const a = await cli([file, '--json', '--out', out]);
      const b = await cli([SAMPLE, '--json', '--out', path.join(dir, 'pc.xlsx')]);
      expect(a.code, a.err).toBe(0);
      const [ja, jb] = [JSON.parse(a.out), JSON.parse(b.out)];
      expect(ja.quadrant.live).toBe(false); // the formulas read the cleaned copy
      expect({ ...ja.quadrant, live: true }).toEqual(jb.quadrant);
      expect(ja.breakdown).toEqual(jb.breakdown);
      const written = new ExcelJS.Workbook();
      await written.xlsx.readFile(out);
      const { checked, wrong } = disagreements(written);
      expect(checked).toBeGreaterThan(100);
      expect(wrong).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('Excel on a 1904 workbook', () => {
  it('asks the workbook its date system in the sync it already makes, and reads its dates as the days they show', async () => {
    // 1.12: the question rides on the sync that locates the source; 1.1 (no Workbook.functions): one more.
    for (const [version, syncs] of [
      ['1.12', 2],
      ['1.1', 3],
    ] as const) {
      const read = async (date1904: boolean) => {
        const { fake, restore } = fakeWorkbook(date1904, version);
        try {
          const data = await fake.Excel.run((ctx: Excel.RequestContext) =>
            readExcelSource(ctx, 'sheet:Sales'),
          );
          return { data, syncs: fake.stats.syncs };
        } finally {
          restore();
        }
      };
      const pc = await read(false);
      const mac = await read(true);
      expect(pc.data.date1904).toBe(false);
      expect(mac.data.date1904, version).toBe(true);
      expect(mac.data.cells).toEqual(pc.data.cells);
      expect([pc.syncs, mac.syncs], version).toEqual([syncs, syncs]);
    }
  });

  it('writes dates the workbook shows right: every formula recalculates (HyperFormula, 1904) as in a 1900 workbook', async () => {
    const runs: { wb: WorkbookModel; summary: string[][] }[] = [];
    for (const date1904 of [false, true]) {
      const { fake, restore } = fakeWorkbook(date1904);
      try {
        const be = new ExcelBackend('en');
        const summary: string[][] = [];
        for (const kind of ['breakdown', 'quadrant', 'scorecard', 'tracking'] as const) {
          const r = await be.run(
            {
              kind,
              sourceId: 'sheet:Sales',
              overrides: {},
              options: kind === 'tracking' ? { asOf: coerceDate('2026-08-15')! } : {},
            },
            () => undefined,
            new AbortController().signal,
          );
          expect(r.error, kind).toBeUndefined();
          summary.push(r.summary);
        }
        runs.push({ wb: fake.workbook, summary });
      } finally {
        restore();
      }
    }
    const [pc, mac] = runs;
    expect(mac.summary).toEqual(pc.summary);
    const q = mac.wb.sheet('Quadrant Analysis')!;
    expect(q.cell('B3')).toMatchObject({
      value: coerceDate('2026-01-01')! - DATE1904_OFFSET,
      numberFormat: 'yyyy-mm-dd',
    });
    const ours = (wb: WorkbookModel) => wb.sheets.filter((s) => s.name !== 'Sales');
    const a = results(pc.wb, ours(pc.wb));
    const b = results(mac.wb, ours(mac.wb));
    expect(b.get('Quadrant Analysis!R3C2')).toBe('2026-01-01');
    expect([...b.keys()]).toEqual([...a.keys()]);
    const differ = [...a.keys()]
      .filter((k) => a.get(k) !== b.get(k))
      .map((k) => `${k}: ${String(a.get(k))} vs ${String(b.get(k))}`);
    expect(differ).toEqual([]);
    expect([...a.values()].filter((v) => typeof v === 'number' && v > 0).length).toBeGreaterThan(200);
  }, 120_000);
});
