/**
 * Re-running the command line on a workbook it made: its sheets (marked by `_sga_<kind>` defined names) are
 * replaced in place, the user's sheets and formulas are kept, a number typed over a breakdown formula stays
 * a lock, and HyperFormula, built from the written workbook's cells, gets the new data's numbers.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { DetailedCellError, HyperFormula } from 'hyperformula';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseMarks, readMarks } from '../cli/io/marks';
import { rewriteZip, ZipReader } from '../cli/io/zip';
import { runCli, type CliIO } from '../cli/run';
import { dateToSerial } from '../core/table/coerce';

const SAMPLE_EN = path.join(__dirname, '..', 'samples', 'sales-en.xlsx');
const TODAY = '2026-10-15';
const OURS = ['Goal Breakdown', 'Quadrant Analysis', 'KPI Scorecard'];

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'sga-regen-'));

async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`), cwd, env: {} };
  const code = await runCli([...args, '--today', TODAY], io);
  return { code, out, err };
}

/** Run and read the JSON report (the workbook written too with --out). */
async function runJson(args: string[], cwd: string): Promise<Json> {
  const r = await run([...args, '--json'], cwd);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Json;
}

interface Json {
  breakdown: { target: number; months: { target: number }[] };
  scorecard: { rows: { name: string; sales: number }[] };
  regenerated?: { replaced: string[]; locksKept: number };
  table: { sheetsLeftOut?: string[] };
}

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

const names = (wb: ExcelJS.Workbook): string[] => wb.worksheets.map((ws) => ws.name);
const formulaOf = (v: ExcelJS.CellValue): string | undefined =>
  v && typeof v === 'object' && 'formula' in v ? v.formula : undefined;

/** Workbook.xml's text of an .xlsx. */
async function workbookXml(file: string): Promise<string> {
  const zip = await ZipReader.open(file);
  try {
    return (await zip.read('xl/workbook.xml'))!.toString('utf8');
  } finally {
    await zip.close();
  }
}

/** Edit workbook.xml of `file` in place (what Excel does to defined names that ExcelJS cannot write). */
async function patchWorkbookXml(file: string, edit: (xml: string) => string): Promise<void> {
  const xml = edit(await workbookXml(file));
  const zip = await ZipReader.open(file);
  try {
    await rewriteZip(zip, `${file}.tmp`, new Map([['xl/workbook.xml', Buffer.from(xml, 'utf8')]]));
  } finally {
    await zip.close();
  }
  fs.renameSync(`${file}.tmp`, file);
}

// ---------------------------------------------------------------------------------------------
// HyperFormula over a written workbook
// ---------------------------------------------------------------------------------------------

type HfCell = string | number | boolean | null;

function hfCell(v: ExcelJS.CellValue): HfCell {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return dateToSerial(v);
  if (typeof v === 'string') return /^[=']/.test(v) ? `'${v}` : v;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if ('formula' in v) return `=${v.formula}`;
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  return null;
}

/** A formula engine holding every sheet of `wb`: its values, and its formulas as formulas. */
function engineOf(wb: ExcelJS.Workbook): HyperFormula {
  const sheets: Record<string, HfCell[][]> = {};
  for (const ws of wb.worksheets) {
    const rows: HfCell[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      const out: HfCell[] = [];
      row.eachCell({ includeEmpty: false }, (cell, c) => (out[c - 1] = hfCell(cell.value)));
      rows[r - 1] = Array.from(out, (x) => x ?? null);
    });
    sheets[ws.name] = Array.from(rows, (x) => x ?? []);
  }
  return HyperFormula.buildFromSheets(sheets, { licenseKey: 'gpl-v3', maxRows: 1_100_000, maxColumns: 200 });
}

function valueAt(hf: HyperFormula, sheet: string, ref: string): unknown {
  const v = hf.getCellValue(hf.simpleCellAddressFromString(ref, hf.getSheetId(sheet)!)!);
  return v instanceof DetailedCellError ? v.value : v;
}

/** The formula cells of `sheet` whose value in `hf` differs from the result written with them; and how many. */
function mismatches(hf: HyperFormula, ws: ExcelJS.Worksheet): { bad: string[]; checked: number } {
  const bad: string[] = [];
  let checked = 0;
  ws.eachRow((row) =>
    row.eachCell((cell) => {
      const v = cell.value;
      if (!v || typeof v !== 'object' || !('formula' in v)) return;
      checked++;
      const want =
        v.result instanceof Date
          ? dateToSerial(v.result)
          : v.result && typeof v.result === 'object' && 'error' in v.result
            ? v.result.error
            : v.result;
      const got = valueAt(hf, ws.name, cell.address);
      // ExcelJS reads a cached 0 or empty text as no result.
      const same =
        typeof want === 'number' && typeof got === 'number'
          ? Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want))
          : want === undefined
            ? got === 0 || got === ''
            : got === want;
      if (!same) bad.push(`${ws.name}!${cell.address} ${v.formula}: ${String(want)} vs ${String(got)}`);
    }),
  );
  return { bad, checked };
}

// ---------------------------------------------------------------------------------------------
// The user's month: a workbook made by the command line, then edited
// ---------------------------------------------------------------------------------------------

/** The breakdown's annual target and March's target (the first test checks them by their labels). */
const TARGET = 'B4';
const MARCH = 'C12';
const LOCK = 1_234_567;

/** New orders: two in the base year 2025 (the target grows), one for David in 2026 (his sales grow). */
function appendOrders(ws: ExcelJS.Worksheet): void {
  const orders: [Date, string, string, string, number][] = [
    [new Date(Date.UTC(2025, 5, 11)), 'David', 'East', 'CRM Basic', 400_000],
    [new Date(Date.UTC(2025, 7, 20)), 'Emma', 'North', 'CRM Basic', 300_000],
    [new Date(Date.UTC(2026, 2, 5)), 'David', 'East', 'CRM Basic', 900_000],
  ];
  const last = ws.rowCount;
  orders.forEach(([date, rep, region, product, amount], i) => {
    const row = ws.getRow(last + 1 + i);
    const cells = [date, `SO-NEW-${i}`, rep, region, product, 'Acme', amount, 1];
    cells.forEach((v, j) => (row.getCell(j + 1).value = v));
  });
}

/** out1's workbook edited as a user would: new orders, a sheet of notes between ours, a lock typed. */
async function editedMonth(out1: string, in2: string): Promise<void> {
  const wb = await load(out1);
  appendOrders(wb.getWorksheet('Sales')!);
  const notes = wb.addWorksheet('My notes');
  notes.getCell('A1').value = { formula: `'Goal Breakdown'!${TARGET}` } as ExcelJS.CellFormulaValue;
  notes.getCell('A2').value = { formula: "'KPI Scorecard'!B8" } as ExcelJS.CellFormulaValue;
  notes.getCell('B1').value = 'target, from the breakdown';
  // Moved between our sheets: after Goal Breakdown.
  (notes as unknown as { orderNo: number }).orderNo = 2.5;
  wb.getWorksheet('Goal Breakdown')!.getCell(MARCH).value = LOCK;
  await wb.xlsx.writeFile(in2);
}

describe('re-running on a workbook the command line made', () => {
  const dir = tmp();
  const out1 = path.join(dir, 'out1.xlsx');
  const in2 = path.join(dir, 'in2.xlsx');
  const out2 = path.join(dir, 'out2.xlsx');
  let json1: Json;
  let json2: Json;
  let wb2: ExcelJS.Workbook;

  beforeAll(async () => {
    json1 = await runJson([SAMPLE_EN, '--out', out1], dir);
    await editedMonth(out1, in2);
    json2 = await runJson([in2, '--out', out2], dir);
    wb2 = await load(out2);
  }, 60_000);

  it('marks our sheets in the first output', async () => {
    const wb1 = await load(out1);
    expect(names(wb1)).toEqual(['Sales', 'Leads', ...OURS]);
    const bd = wb1.getWorksheet('Goal Breakdown')!;
    expect(bd.getCell(TARGET).value).toBe(json1.breakdown.target);
    expect(bd.getCell(TARGET.replace('B', 'A')).value).toBe('Annual target');
    expect(bd.getCell(MARCH.replace('C', 'A')).value).toBe('2026-03');
    expect(formulaOf(bd.getCell(MARCH).value)).toBeDefined();
    const marks = await readMarks(out1, names(wb1));
    expect([...marks]).toEqual([
      ['breakdown', 'Goal Breakdown'],
      ['quadrant', 'Quadrant Analysis'],
      ['scorecard', 'KPI Scorecard'],
    ]);
  });

  it('replaces our sheets in place: same names and places, no " (2)", the user\'s sheet kept where it was', async () => {
    expect(names(wb2)).toEqual([
      'Sales',
      'Leads',
      'Goal Breakdown',
      'My notes',
      'Quadrant Analysis',
      'KPI Scorecard',
    ]);
    expect(json2.regenerated).toEqual({ replaced: OURS, locksKept: 1 });
    // Marked again, so that next month's run finds them too.
    expect([...(await readMarks(out2, names(wb2))).values()]).toEqual(OURS);
    const text = await run([in2, '--out', path.join(dir, 'text.xlsx')], dir);
    expect(text.out).toContain(
      'Replaced in place the sheets an earlier run made: Goal Breakdown, Quadrant Analysis, KPI Scorecard.',
    );
    expect(text.out).toContain('Kept 1 number typed over the formulas of "Goal Breakdown" as a lock.');
  });

  it("keeps the user's formulas, which now read the new numbers (HyperFormula over the whole workbook)", () => {
    const notes = wb2.getWorksheet('My notes')!;
    expect(formulaOf(notes.getCell('A1').value)).toBe(`'Goal Breakdown'!${TARGET}`);
    expect(formulaOf(notes.getCell('A2').value)).toBe("'KPI Scorecard'!B8");
    expect(notes.getCell('B1').value).toBe('target, from the breakdown');
    const hf = engineOf(wb2);
    for (const name of OURS) {
      const { bad, checked } = mismatches(hf, wb2.getWorksheet(name)!);
      expect(bad, name).toEqual([]);
      expect(checked, name).toBeGreaterThan(20);
    }
    // The new orders: a higher target than last month's, and the user's formula reads it.
    expect(json2.breakdown.target).toBeGreaterThan(json1.breakdown.target + 600_000);
    expect(valueAt(hf, 'Goal Breakdown', TARGET)).toBe(json2.breakdown.target);
    expect(valueAt(hf, 'My notes', 'A1')).toBe(json2.breakdown.target);
    const first = wb2.getWorksheet('KPI Scorecard')!.getCell('A8').value;
    const row = json2.scorecard.rows.find((x) => x.name === first)!;
    expect(first).toBe('David');
    expect(row.sales).toBeGreaterThan(json1.scorecard.rows.find((x) => x.name === 'David')!.sales);
    expect(valueAt(hf, 'My notes', 'A2')).toBeCloseTo(row.sales, 6);
  });

  it('keeps a number typed over a month target as a lock', () => {
    expect(wb2.getWorksheet('Goal Breakdown')!.getCell(MARCH).value).toBe(LOCK);
    expect(json2.breakdown.months[2].target).toBe(LOCK);
    expect(json2.breakdown.months.reduce((a, m) => a + m.target, 0)).toBe(json2.breakdown.target);
  });

  it('keeps no lock when the plan changed: a lock typed on a month of 2026 is no lock on 2027', async () => {
    const r = await runJson([in2, '--year', '2027'], dir);
    expect(r.regenerated).toEqual({ replaced: [], locksKept: 0 });
    expect(r.breakdown.months[2].target).not.toBe(LOCK);
    expect((await runJson([in2], dir)).breakdown.months[2].target).toBe(LOCK);
  });

  it('a workbook read in a stream: our sheets replaced in place (not copied as values), the lock and the marks kept', async () => {
    const out3 = path.join(dir, 'out3.xlsx');
    process.env.SGA_STREAM_XLSX_BYTES = '1'; // every workbook counts as large: read in a stream
    let json3: Json;
    try {
      json3 = await runJson([in2, '--out', out3], dir);
    } finally {
      delete process.env.SGA_STREAM_XLSX_BYTES;
    }
    const wb3 = await load(out3);
    expect(names(wb3)).toEqual(names(wb2));
    expect(json3.regenerated).toEqual({ replaced: OURS, locksKept: 1 });
    expect(json3.breakdown.target).toBe(json2.breakdown.target);
    expect(wb3.getWorksheet('Goal Breakdown')!.getCell(MARCH).value).toBe(LOCK);
    expect([...(await readMarks(out3, names(wb3))).values()]).toEqual(OURS);
    const hf = engineOf(wb3);
    for (const name of OURS) expect(mismatches(hf, wb3.getWorksheet(name)!).bad, name).toEqual([]);
  });
});

describe("sheets that are the user's", () => {
  it('a sheet of the user\'s named "Goal Breakdown" (unmarked) makes ours "Goal Breakdown (2)", run after run', async () => {
    const dir = tmp();
    const wb = await load(SAMPLE_EN);
    wb.addWorksheet('Goal Breakdown').getCell('A1').value = 'my own plan';
    const src = path.join(dir, 'src.xlsx');
    await wb.xlsx.writeFile(src);
    const a = path.join(dir, 'a.xlsx');
    const b = path.join(dir, 'b.xlsx');
    expect((await run([src, '--out', a], dir)).code).toBe(0);
    const want = [
      'Sales',
      'Leads',
      'Goal Breakdown',
      'Goal Breakdown (2)',
      'Quadrant Analysis',
      'KPI Scorecard',
    ];
    expect(names(await load(a))).toEqual(want);
    expect((await run([a, '--out', b], dir)).code).toBe(0);
    const wbB = await load(b);
    expect(names(wbB)).toEqual(want);
    expect(wbB.getWorksheet('Goal Breakdown')!.getCell('A1').value).toBe('my own plan');
    expect((await readMarks(b, want)).get('breakdown')).toBe('Goal Breakdown (2)');
  });

  it("a copy of our sheet stays the user's (Excel's sheet-level copy of the name is no mark); ours renamed is replaced under its new name", async () => {
    const dir = tmp();
    const a = path.join(dir, 'a.xlsx');
    expect((await run([SAMPLE_EN, '--out', a], dir)).code).toBe(0);
    const wb = await load(a);
    // The user renames our breakdown (Excel rewrites the mark's reference) and copies it.
    wb.getWorksheet('Goal Breakdown')!.name = 'Plan 2026';
    const copy = wb.addWorksheet('Plan 2026 (copy)');
    wb.getWorksheet('Plan 2026')!.eachRow((row, r) =>
      row.eachCell((cell, c) => (copy.getCell(r, c).value = cell.value)),
    );
    wb.addWorksheet('Mine').getCell('A1').value = {
      formula: `'Plan 2026'!${TARGET}`,
    } as ExcelJS.CellFormulaValue;
    const edited = path.join(dir, 'edited.xlsx');
    await wb.xlsx.writeFile(edited);
    const copyId = names(wb).indexOf('Plan 2026 (copy)');
    await patchWorkbookXml(edited, (xml) =>
      xml
        .replace(/'Goal Breakdown'|&apos;Goal Breakdown&apos;/, '&apos;Plan 2026&apos;')
        .replace(
          '</definedNames>',
          `<definedName name="_sga_breakdown" localSheetId="${copyId}">&apos;Plan 2026 (copy)&apos;!$A$1</definedName></definedNames>`,
        ),
    );
    const out = path.join(dir, 'out.xlsx');
    const r = await runJson([edited, '--out', out], dir);
    expect(r.regenerated?.replaced).toEqual(['Plan 2026', 'Quadrant Analysis', 'KPI Scorecard']);
    const wbOut = await load(out);
    expect(names(wbOut)).toEqual([
      'Sales',
      'Leads',
      'Plan 2026',
      'Quadrant Analysis',
      'KPI Scorecard',
      'Plan 2026 (copy)',
      'Mine',
    ]);
    const marks = await readMarks(out, names(wbOut));
    expect(marks.get('breakdown')).toBe('Plan 2026');
    expect((await workbookXml(out)).match(/_sga_breakdown/g)).toHaveLength(1);
    // The copy keeps its content; the user's formula reads the new breakdown.
    expect(wbOut.getWorksheet('Plan 2026 (copy)')!.getCell('A1').value).toMatch(/^Goal breakdown 2026/);
    const hf = engineOf(wbOut);
    expect(valueAt(hf, 'Mine', 'A1')).toBe(r.breakdown.target);
    expect(mismatches(hf, wbOut.getWorksheet('KPI Scorecard')!).bad).toEqual([]);
  });

  it('the clean-data sheet is replaced in place too, under the name the user gave it; the formulas follow', async () => {
    const dir = tmp();
    const wb = await load(SAMPLE_EN);
    wb.getWorksheet('Sales')!.getCell('G10').value = '1,234.50'; // a number as text: formulas read a clean copy
    const src = path.join(dir, 'src.xlsx');
    await wb.xlsx.writeFile(src);
    const a = path.join(dir, 'a.xlsx');
    expect((await run([src, '--out', a], dir)).code).toBe(0);
    const wbA = await load(a);
    expect(names(wbA)).toEqual(['Sales', 'Leads', ...OURS, 'Clean Data']);
    // Renamed, moved before the scorecard, and read by a formula of the user's.
    const clean = wbA.getWorksheet('Clean Data')!;
    clean.name = 'Cleaned';
    (clean as unknown as { orderNo: number }).orderNo = 3.5;
    wbA.addWorksheet('Mine').getCell('A1').value = {
      formula: "COUNTA('Cleaned'!A:A)",
    } as ExcelJS.CellFormulaValue;
    appendOrders(wbA.getWorksheet('Sales')!);
    const edited = path.join(dir, 'edited.xlsx');
    await wbA.xlsx.writeFile(edited);
    await patchWorkbookXml(edited, (xml) =>
      xml.replace('&apos;Clean Data&apos;!$A$1', '&apos;Cleaned&apos;!$A$1'),
    );
    const out = path.join(dir, 'out.xlsx');
    expect((await run([edited, '--out', out], dir)).code).toBe(0);
    const wbOut = await load(out);
    expect(names(wbOut)).toEqual([
      'Sales',
      'Leads',
      'Goal Breakdown',
      'Quadrant Analysis',
      'Cleaned',
      'KPI Scorecard',
      'Mine',
    ]);
    expect(formulaOf(wbOut.getWorksheet('Quadrant Analysis')!.getCell('B9').value)).toMatch(/'Cleaned'!/);
    const hf = engineOf(wbOut);
    for (const name of OURS) expect(mismatches(hf, wbOut.getWorksheet(name)!).bad, name).toEqual([]);
    // The clean copy holds the new orders: a header and one row per order read.
    expect(valueAt(hf, 'Mine', 'A1')).toBe(2891 + 3 + 1);
  });
});

describe('our sheet is never read as the table', () => {
  it('--sheet naming our sheet, or our sheet first, is refused with one line in English and Chinese', async () => {
    const dir = tmp();
    const a = path.join(dir, 'a.xlsx');
    expect((await run([SAMPLE_EN, '--out', a], dir)).code).toBe(0);
    const named = await run([a, '--sheet', 'Goal Breakdown', '--out', 'x.xlsx'], dir);
    expect(named.code).toBe(2);
    expect(named.err).toBe(
      'Error: --sheet "Goal Breakdown" is a sheet this command line made (a re-run replaces it); name the sheet that holds your sales data.\n',
    );
    const zh = await run([a, '--sheet', 'Goal Breakdown', '--lang', 'zh'], dir);
    expect(zh.err).toBe(
      '错误：--sheet“Goal Breakdown”是本命令行生成的工作表（重新运行时会被替换）；请指定存放销售数据的工作表。\n',
    );
    const wb = await load(a);
    (wb.getWorksheet('KPI Scorecard') as unknown as { orderNo: number }).orderNo = -1;
    const first = path.join(dir, 'first.xlsx');
    await wb.xlsx.writeFile(first);
    const auto = await run([first, '--out', 'y.xlsx'], dir);
    expect(auto.code).toBe(2);
    expect(auto.err).toMatch(
      /^Error: The first sheet, "KPI Scorecard", is a sheet this command line made .*--sheet NAME/,
    );
    expect(fs.existsSync(path.join(dir, 'x.xlsx'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'y.xlsx'))).toBe(false);
  });
});

describe('parseMarks', () => {
  const xml = (names: string): string => `<workbook><definedNames>${names}</definedNames></workbook>`;
  const sheets = ['Sales', 'Goal Breakdown', "Bob's Plan", 'Copy'];

  it('reads workbook-level _sga_ names that name a sheet; sheet-level copies, #REF! and strangers are not marks', () => {
    const m = parseMarks(
      xml(
        '<definedName name="_sga_breakdown">&apos;Goal Breakdown&apos;!$A$1</definedName>' +
          '<definedName name="_sga_breakdown" localSheetId="3">&apos;Copy&apos;!$A$1</definedName>' +
          '<definedName name="_SGA_QUADRANT">&apos;Bob&apos;&apos;s Plan&apos;!#REF!</definedName>' +
          '<definedName name="_sga_scorecard">#REF!$A$1</definedName>' +
          '<definedName name="_sga_tracking">Nope!$A$1</definedName>' +
          '<definedName name="_sga_other">Sales!$A$1</definedName>' +
          '<definedName name="_sga_data">Sales!$A$1</definedName>',
      ),
      sheets,
    );
    expect([...m]).toEqual([
      ['breakdown', 'Goal Breakdown'],
      ['quadrant', "Bob's Plan"],
      ['data', 'Sales'],
    ]);
  });

  it('one sheet is claimed by one kind only', () => {
    const m = parseMarks(
      xml(
        '<definedName name="_sga_breakdown">Sales!$A$1</definedName>' +
          '<definedName name="_sga_quadrant">Sales!$A$1</definedName>',
      ),
      sheets,
    );
    expect([...m]).toEqual([['breakdown', 'Sales']]);
  });
});
