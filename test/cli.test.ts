import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { JOB_KINDS, readBreakdownTargets, runJob } from '../core/analysis';
import type { SheetSpec } from '../core/spec/types';
import { coerceDate } from '../core/table/coerce';
import { readSalesTable } from '../core/table';
import { readSource } from '../cli/io/read';
import { runCli, type CliIO } from '../cli/run';
import { generateSalesRows, mulberry32 } from '../samples/data';
import { buildEngine, checkSpec } from './hf';

const ROOT = path.join(__dirname, '..');
const SAMPLE_EN = path.join(ROOT, 'samples', 'sales-en.xlsx');
const SAMPLE_ZH = path.join(ROOT, 'samples', 'sales-zh.xlsx');
const SAMPLE_CSV = path.join(ROOT, 'samples', 'sales-en.csv');

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sga-'));
}

/** The samples' data ends on 2026-09-30; the tests run "today" = TODAY unless they give --today. */
const TODAY = '2026-10-15';

async function run(
  args: string[],
  cwd = tmp(),
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string; cwd: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`), cwd, env };
  const code = await runCli(args.includes('--today') ? args : [...args, '--today', TODAY], io);
  return { code, out, err, cwd };
}

describe('HyperFormula checks every generated sheet on the samples', () => {
  for (const [file, lang] of [
    [SAMPLE_EN, 'en'],
    [SAMPLE_ZH, 'zh'],
    [SAMPLE_CSV, 'en'],
  ] as const) {
    it(`${path.basename(file)}: all four analyses`, async () => {
      const src = await readSource(file);
      const read = readSalesTable(src.cells, { formats: src.formats, lang });
      if (!read.ok) throw new Error(read.error.message);
      const source = { sheet: src.sheetName, originRow: src.originRow, originCol: src.originCol };
      const sourceSheet = {
        name: src.sheetName,
        cells: src.cells,
        originRow: src.originRow,
        originCol: src.originCol,
      };
      let breakdown: SheetSpec | undefined;
      for (const kind of JOB_KINDS) {
        const job = runJob(kind, read.table, source, { lang }, src.sheetNames);
        if (!job.ok) throw new Error(job.error);
        if (job.out.kind === 'breakdown') breakdown = job.specs[0];
        const hf = buildEngine([sourceSheet], job.specs);
        for (const spec of job.specs) {
          const { mismatches, checked } = checkSpec(hf, spec);
          expect(mismatches, `${kind} ${spec.name}`).toEqual([]);
          if (spec.kind !== 'data') expect(checked).toBeGreaterThan(20);
        }
      }
      // Tracking on the breakdown sheet, its targets read back from its values as a host would.
      const values = breakdown!.cells.map((row) =>
        (row ?? []).map((c) => (c ? (c.f !== undefined ? c.expect : c.v) : null)),
      );
      const targets = readBreakdownTargets(values)!;
      for (const asOf of ['2026-07-01', '2026-08-15', '2026-09-30']) {
        const job = runJob('tracking', read.table, source, {
          lang,
          asOf: coerceDate(asOf)!,
          breakdown: { ...targets, sheet: breakdown!.name },
        });
        if (!job.ok) throw new Error(job.error);
        const hf = buildEngine([sourceSheet], [breakdown!, ...job.specs]);
        for (const spec of job.specs) expect(checkSpec(hf, spec).mismatches, `tracking ${asOf}`).toEqual([]);
      }
    });
  }
});

describe('conversion from the Leads sheet of the sample', () => {
  it('the scorecard sums leads and won per rep from the leads table, live, and HyperFormula agrees', async () => {
    const src = await readSource(SAMPLE_EN);
    const leadsSrc = await readSource(SAMPLE_EN, 'Leads');
    const read = readSalesTable(src.cells, { formats: src.formats, originRow: src.originRow });
    const lread = readSalesTable(leadsSrc.cells, {
      measure: 'leads',
      formats: leadsSrc.formats,
      originRow: leadsSrc.originRow,
    });
    if (!read.ok || !lread.ok) throw new Error('read');
    const source = { sheet: src.sheetName, originRow: src.originRow, originCol: src.originCol };
    const leadsTable = {
      table: lread.table,
      source: { sheet: 'Leads', originRow: leadsSrc.originRow, originCol: leadsSrc.originCol },
    };
    const job = runJob('scorecard', read.table, source, { leadsTable }, src.sheetNames);
    if (!job.ok || job.out.kind !== 'scorecard') throw new Error('scorecard');
    const { leads } = generateSalesRows();
    for (const row of job.out.result.rows) {
      const mine = leads.filter((l) => l.rep === row.name && l.month.getUTCFullYear() === 2026);
      expect(row.leads).toBe(mine.reduce((a, l) => a + l.leads, 0));
      expect(row.won).toBe(mine.reduce((a, l) => a + l.won, 0));
      expect(row.conversion!).toBeCloseTo(row.won! / row.leads!, 12);
    }
    const spec = job.specs[job.specs.length - 1];
    expect(spec.cells[6]!.map((c) => c?.v)).toEqual(expect.arrayContaining(['Leads', 'Won', 'Conversion']));
    const hf = buildEngine(
      [
        { name: src.sheetName, cells: src.cells, originRow: src.originRow, originCol: src.originCol },
        {
          name: 'Leads',
          cells: leadsSrc.cells,
          originRow: leadsSrc.originRow,
          originCol: leadsSrc.originCol,
        },
      ],
      job.specs,
    );
    const { mismatches, checked } = checkSpec(hf, spec);
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(90);
  });

  it('a leads table without a leads column is refused with a message naming the headers', () => {
    const r = readSalesTable(
      [
        ['Month', 'Rep', 'Calls'],
        ['2026-01', 'Ann', 3],
      ],
      { measure: 'leads', lang: 'zh' },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/线索.*Month, Rep, Calls|Month, Rep, Calls.*线索/);
  });
});

describe('command line', () => {
  it('no arguments: analyses the English sample, writes out/sales-analysis.xlsx with live sheets, prints a summary', async () => {
    const r = await run([]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Goal breakdown 2026: annual target [\d,]+/);
    expect(r.out).toMatch(/2026-Q4/);
    expect(r.out).toMatch(/Quadrant analysis by Region: 2026 to 30 Sep vs 2025 to 30 Sep/);
    for (const q of [
      'High sales, high growth',
      'High sales, low growth',
      'Low sales, high growth',
      'Low sales, low growth',
    ])
      expect(r.out).toContain(q);
    const file = path.join(r.cwd, 'out', 'sales-analysis.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toEqual(
      expect.arrayContaining(['Sales', 'Goal Breakdown', 'Quadrant Analysis', 'KPI Scorecard']),
    );
    const bd = wb.getWorksheet('Goal Breakdown')!;
    // The month targets are live: ROUND formulas with their cached results.
    const rounded: { formula: string; result: unknown }[] = [];
    bd.eachRow((row) =>
      row.eachCell((c) => {
        const v = c.value as { formula?: string; result?: unknown } | null;
        if (v && typeof v.formula === 'string' && /ROUND\(/.test(v.formula))
          rounded.push({ formula: v.formula, result: v.result });
      }),
    );
    expect(rounded.length).toBeGreaterThanOrEqual(12);
    expect(rounded.filter((c) => typeof c.result === 'number').length).toBeGreaterThanOrEqual(12);
    const qa = wb.getWorksheet('Quadrant Analysis')!;
    expect((qa.getCell('B9').value as { formula: string }).formula).toMatch(
      /^SUMIFS\('Sales'!\$[A-Z]:\$[A-Z]/,
    );
    expect(qa.views[0]).toMatchObject({ state: 'frozen', ySplit: 8 });
    // The source sheet is the user's, unchanged.
    const orig = new ExcelJS.Workbook();
    await orig.xlsx.readFile(SAMPLE_EN);
    const a = orig.getWorksheet('Sales')!;
    const b = wb.getWorksheet('Sales')!;
    expect(b.rowCount).toBe(a.rowCount);
    for (const r of [1, 3, 4, 500, a.rowCount])
      expect(JSON.stringify(b.getRow(r).values)).toBe(JSON.stringify(a.getRow(r).values));
  });

  it('--json on the English and Chinese samples gives the same numbers; the CSV reads the same', async () => {
    const en = await run(['--json', SAMPLE_EN]);
    const zh = await run(['--json', '--lang', 'zh', SAMPLE_ZH]);
    const csv = await run(['--json', SAMPLE_CSV]);
    expect(en.code).toBe(0);
    expect(zh.code).toBe(0);
    expect(csv.code).toBe(0);
    const je = JSON.parse(en.out);
    const jz = JSON.parse(zh.out);
    const jc = JSON.parse(csv.out);
    expect(je.table.columns).toMatchObject({ date: 'Order Date', amount: 'Sales Amount', region: 'Region' });
    expect(jz.table.columns).toMatchObject({ date: '下单日期', amount: '销售额', region: '地区' });
    expect(je.table.skipped).toBe(2);
    expect(je.table.rows).toBe(jz.table.rows);
    expect(jc.table.rows).toBe(je.table.rows);
    expect(je.breakdown.year).toBe(2026);
    expect(je.breakdown.target).toBe(jz.breakdown.target);
    expect(je.breakdown.quarters.map((q: { target: number }) => q.target)).toEqual(
      jz.breakdown.quarters.map((q: { target: number }) => q.target),
    );
    expect(je.breakdown.quarters.reduce((s: number, q: { target: number }) => s + q.target, 0)).toBe(
      je.breakdown.target,
    );
    expect(je.breakdown.months).toHaveLength(12);
    for (const e of je.breakdown.entities)
      expect(e.months.reduce((s: number, v: number) => s + v, 0)).toBe(e.target);
    expect(je.quadrant).toMatchObject({ current: '2026 to 30 Sep', previous: '2025 to 30 Sep' });
    expect(new Set(je.quadrant.points.map((p: { quadrant: string }) => p.quadrant))).toEqual(
      new Set(['high-high', 'high-low', 'low-high', 'low-low']),
    );
    expect(jz.quadrant.points.map((p: { growth: number }) => p.growth)).toEqual(
      je.quadrant.points.map((p: { growth: number }) => p.growth),
    );
    expect(je.scorecard.rows[0]).toEqual(
      expect.objectContaining({
        name: expect.any(String),
        sales: expect.any(Number),
        orders: expect.any(Number),
      }),
    );
    expect(jc.quadrant.points).toEqual(je.quadrant.points);
  });

  it('--by, --year, --target, --uplift, --unit, --seasonality and --threshold change the analyses', async () => {
    const r = await run([
      '--json',
      '--by',
      'Rep',
      '--year',
      '2027',
      '--target',
      '12000000',
      '--unit',
      '1000',
      '--seasonality',
      'even',
      '--threshold',
      '1000000,10%',
    ]);
    expect(r.err).toBe('');
    const j = JSON.parse(r.out);
    expect(j.breakdown).toMatchObject({ year: 2027, target: 12_000_000, dimension: 'Rep' });
    expect(j.breakdown.months.map((m: { target: number }) => m.target)).toEqual(
      new Array(12).fill(1_000_000),
    );
    expect(j.quadrant).toMatchObject({
      dimension: 'Rep',
      xThreshold: 1_000_000,
      yThreshold: 0.1,
      method: 'custom',
    });
    for (const p of j.quadrant.points.filter((x: { growth: number | null }) => x.growth !== null))
      expect(p.quadrant).toBe(`${p.sales >= 1e6 ? 'high' : 'low'}-${p.growth >= 0.1 ? 'high' : 'low'}`);
    const up = JSON.parse((await run(['--json', '--uplift', '20', '--unit', '100'])).out);
    const base = JSON.parse((await run(['--json'])).out);
    expect(up.breakdown.target).toBe(Math.round((base.breakdown.target * 1.2) / 100) * 100);
  });

  it('--track adds the Goal Tracking sheet (live, on the breakdown) and "tracking" to --json', async () => {
    const dir = tmp();
    const r = await run(
      ['--json', '--track', '--as-of', '2026-08-15', '--out', 'out/sales-analysis.xlsx'],
      dir,
    );
    expect(r.err).toBe('');
    const j = JSON.parse(r.out);
    expect(j.tracking.asOf).toBe('2026-08-15');
    expect(j.tracking.targets).toBe('breakdown');
    expect(j.tracking.months).toHaveLength(12);
    expect(j.tracking.months.map((m: { target: number }) => m.target)).toEqual(
      j.breakdown.months.map((m: { target: number }) => m.target),
    );
    const aug = j.tracking.months[7];
    expect(aug).toMatchObject({
      period: '2026-08',
      status: expect.stringMatching(/^(on-track|behind|at-risk)$/),
    });
    expect(j.tracking.months[8]).toMatchObject({ period: '2026-09', status: 'not-started', actual: 0 });
    expect(j.tracking.entities.map((e: { name: string }) => e.name).sort()).toEqual([
      'East',
      'North',
      'South',
      'West',
    ]);
    expect(j.tracking.weeks[0]).toMatchObject({ period: '2026-W27', start: '2026-07-01' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'out', 'sales-analysis.xlsx'));
    const ws = wb.getWorksheet('Goal Tracking')!;
    expect((ws.getCell('B8').value as { formula: string }).formula).toMatch(
      /^'Goal Breakdown'!\$[A-Z]+\$\d+$/,
    );
    expect(ws.getCell('B3').value).toEqual(new Date(Date.UTC(2026, 7, 15)));
    const bad = await run(['--track', '--as-of', '15/08/2026'], dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/YYYY-MM-DD/);
  });

  it('--targets SHEET tracks against a target table of the workbook (live), and is refused for a .csv', async () => {
    const dir = tmp();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(SAMPLE_EN);
    const ts = wb.addWorksheet('Plan 2026');
    ts.addRow(['Month', 'Region', 'Target']);
    const regions = ['East', 'North', 'South', 'West'];
    for (let m = 1; m <= 12; m++)
      for (const [i, region] of regions.entries())
        ts.addRow([new Date(Date.UTC(2026, m - 1, 1)), region, 10000 * (i + 1) + m]);
    const file = path.join(dir, 'with-plan.xlsx');
    await wb.xlsx.writeFile(file);
    const r = await run(
      [file, '--json', '--targets', 'plan 2026', '--as-of', '2026-08-15', '--out', 'out/sales-analysis.xlsx'],
      dir,
    );
    expect(r.err).toBe('');
    const j = JSON.parse(r.out);
    expect(j.tracking.targets).toBe('table');
    expect(j.tracking.months[0].target).toBe(100000 + 4);
    expect(j.tracking.months[11].target).toBe(100000 + 48);
    const east = j.tracking.entities.find((e: { name: string }) => e.name === 'East');
    expect(east.target).toBe(10000 * 12 + 78);
    const out = new ExcelJS.Workbook();
    await out.xlsx.readFile(path.join(dir, 'out', 'sales-analysis.xlsx'));
    expect(out.getWorksheet('Plan 2026')).toBeDefined();
    const f = (out.getWorksheet('Goal Tracking')!.getCell('B8').value as { formula: string }).formula;
    expect(f).toMatch(/^SUMIFS\('Plan 2026'!\$C:\$C,/);
    const csv = await run([SAMPLE_CSV, '--targets', 'Plan'], dir);
    expect(csv.code).toBe(2);
    expect(csv.err).toMatch(/^Error: --targets "Plan": a .csv file has one table only/);
    const none = await run([file, '--targets', 'Nope'], dir);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(
      /^Error: --targets "Nope": no such sheet; the sheets are Sales, Leads, Plan 2026\.$/m,
    );
  });

  it('a workbook read in a stream still finds its target and leads tables, and the output carries them', async () => {
    const dir = tmp();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(SAMPLE_EN);
    const ts = wb.addWorksheet('Plan 2026');
    ts.addRow(['Month', 'Region', 'Target']);
    for (let m = 1; m <= 12; m++)
      for (const [i, region] of ['East', 'North', 'South', 'West'].entries())
        ts.addRow([new Date(Date.UTC(2026, m - 1, 1)), region, 10000 * (i + 1) + m]);
    const notes = wb.addWorksheet('Notes');
    notes.getCell('A1').value = 'Plan reviewed';
    notes.getCell('B2').value = { formula: '1+1', result: 2 };
    const file = path.join(dir, 'big.xlsx');
    await wb.xlsx.writeFile(file);
    process.env.SGA_STREAM_XLSX_BYTES = '1'; // every workbook counts as large: read in a stream
    try {
      const r = await run(
        [file, '--json', '--targets', 'Plan 2026', '--as-of', '2026-08-15', '--out', 'out/x.xlsx'],
        dir,
      );
      expect(r.err).toBe('');
      const j = JSON.parse(r.out);
      expect(j.tracking.targets).toBe('table');
      expect(j.tracking.months[0].target).toBe(100000 + 4);
      // The Leads sheet gives the scorecard its conversion.
      expect(j.scorecard.rows.some((x: { conversion: number | null }) => x.conversion !== null)).toBe(true);
      const out = new ExcelJS.Workbook();
      await out.xlsx.readFile(path.join(dir, 'out', 'x.xlsx'));
      // The side tables our formulas read are in the output, under their own names, as values.
      expect(out.getWorksheet('Plan 2026')!.getCell('C2').value).toBe(10001);
      expect(out.getWorksheet('Leads')).toBeDefined();
      const f = (out.getWorksheet('Goal Tracking')!.getCell('B8').value as { formula: string }).formula;
      expect(f).toMatch(/^SUMIFS\('Plan 2026'!\$C:\$C,/);
      // The workbook's other sheets go along as values (a formula as its last result), and the run says so.
      expect(out.getWorksheet('Notes')!.getCell('A1').value).toBe('Plan reviewed');
      expect(out.getWorksheet('Notes')!.getCell('B2').value).toBe(2);
      expect(j.table.valuesOnly).toBe(true);
      expect(j.table.sheetsLeftOut).toEqual([]);
      const text = await run([file, '--out', 'out/y.xlsx'], dir);
      expect(text.out).toMatch(/read in a stream: the output holds its sheets as values/);
      const zh = await run([file, '--out', 'out/z.xlsx', '--lang', 'zh'], dir);
      expect(zh.out).toMatch(/已按流式读取：输出中的各工作表只保留数值/);
      // A sheet over the size copied is left out and named (the side tables always go along).
      process.env.SGA_COPY_SHEET_CELLS = '3';
      const small = await run([file, '--out', 'out/w.xlsx', '--targets', 'Plan 2026'], dir);
      expect(small.out).toMatch(/Sheets too large to copy into the output \(over 1,000,000 cells\): Notes\./);
      const w = new ExcelJS.Workbook();
      await w.xlsx.readFile(path.join(dir, 'out', 'w.xlsx'));
      expect(w.getWorksheet('Notes')).toBeUndefined();
      expect(w.getWorksheet('Plan 2026')).toBeDefined();
    } finally {
      delete process.env.SGA_STREAM_XLSX_BYTES;
      delete process.env.SGA_COPY_SHEET_CELLS;
    }
  });

  it('bad input: one line in the chosen language, exit code non-zero, nothing written', async () => {
    const dir = tmp();
    const missing = await run(['nope.xlsx'], dir);
    expect(missing.code).toBe(1);
    expect(missing.err.trim().split('\n')).toHaveLength(1);
    expect(missing.err).toMatch(/File not found/);
    const zh = await run(['nope.xlsx', '--lang', 'zh'], dir);
    expect(zh.err).toMatch(/找不到文件/);
    const sheet = await run([SAMPLE_EN, '--sheet', 'Nope'], dir);
    expect(sheet.code).toBe(2);
    expect(sheet.err).toBe('Error: --sheet "Nope": no such sheet; the sheets are Sales, Leads.\n');
    const csv = path.join(dir, 'bad.csv');
    fs.writeFileSync(csv, 'Name,City\nAnn,Paris\n');
    const noAmount = await run([csv], dir);
    expect(noAmount.code).toBe(1);
    expect(noAmount.err).toMatch(/amount/i);
    expect(noAmount.err.trim().split('\n')).toHaveLength(1);
    const noAmountZh = await run([csv, '--lang', 'zh'], dir);
    expect(noAmountZh.err).toMatch(/金额/);
    const badFlag = await run(['--unit', 'abc'], dir);
    expect(badFlag.code).toBe(2);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('npm start runs as a process: exit code and no stack trace on error', () => {
    const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
    const ok = execFileSync(
      tsx,
      [path.join(ROOT, 'cli', 'main.ts'), '--json', '--today', TODAY, '--out', path.join(tmp(), 'x.xlsx')],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(ok).breakdown.year).toBe(2026);
    const bad = spawnSync(tsx, [path.join(ROOT, 'cli', 'main.ts'), 'missing.csv'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toMatch(/^Error: File not found: .*missing\.csv$/);
    expect(bad.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});

/** A CSV file in `dir` from a header line and rows. */
function csvFile(dir: string, name: string, header: string, rows: (string | number)[][]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, [header, ...rows.map((r) => r.join(','))].join('\n') + '\n');
  return file;
}

/** Every number in a parsed JSON value, with its path. */
function numbersIn(v: unknown, at = '$'): [string, number][] {
  if (typeof v === 'number') return [[at, v]];
  if (Array.isArray(v)) return v.flatMap((x, i) => numbersIn(x, `${at}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => numbersIn(x, `${at}.${k}`));
  return [];
}

describe('command line: one line per bad option, in the chosen language', () => {
  // [arguments, English line, Chinese line]: each names the option, what was given and what is accepted.
  const cases: [string[], RegExp, RegExp][] = [
    [['--bogus'], /^Error: unknown option --bogus; --help lists the options\.$/, /^错误：未知选项 --bogus；/],
    [['--thresh', 'mean'], /unknown option --thresh \(did you mean --threshold\?\)/, /是不是 --threshold？/],
    [
      ['--unit', '0'],
      /^Error: --unit "0" is not accepted: use a number above 0 and at most 1e15/,
      /^错误：--unit“0”无效：请使用大于 0/,
    ],
    [
      ['--target', '-5'],
      /^Error: --target "-5" is not accepted: use an amount above 0/,
      /^错误：--target“-5”无效：请使用大于 0 且不超过 1e15 的金额/,
    ],
    [['--target', '1e308'], /^Error: --target "1e308" is not accepted/, /^错误：--target“1e308”无效/],
    [
      ['--uplift', '1e308'],
      /^Error: --uplift "1e308" is not accepted: use a percentage above -100 and at most 10000/,
      /^错误：--uplift“1e308”无效/,
    ],
    [
      ['--period', '2026-Q5'],
      /^Error: --period "2026-Q5" is an invalid period: use a year \(2026\), a quarter/,
      /^错误：--period“2026-Q5”是无效的期间/,
    ],
    [
      ['--period', '2026-13'],
      /^Error: --period "2026-13" is an invalid period/,
      /^错误：--period“2026-13”是无效的期间/,
    ],
    [
      ['--fiscal-start', '4', '--period', 'FY2026-Q0'],
      /^Error: --period "FY2026-Q0" is an invalid period/,
      /是无效的期间/,
    ],
    [
      ['--uplift', '0.1'],
      /^Error: --uplift "0.1" is ambiguous: write 0.1% for 0.1 percent or 10 for 10 percent/,
      /^错误：--uplift“0.1”有歧义：表示 0.1% 请写 0.1%，表示 10% 请写 10/,
    ],
    [['--uplift', '-0.5'], /write -0.5% for -0.5 percent or -50 for -50 percent/, /表示 -50% 请写 -50/],
    [
      ['--ramp', '0.8'],
      /^Error: --ramp "0.8" is ambiguous: write 0.8% for 0.8 percent or 80 for 80 percent/,
      /^错误：--ramp“0.8”有歧义/,
    ],
    [
      ['--ramp', '0'],
      /^Error: --ramp "0" is not accepted: use a percentage above 0 and at most 100/,
      /^错误：--ramp“0”无效/,
    ],
    [
      ['--threshold', '1000000,0.1'],
      /^Error: --threshold "1000000,0.1" is ambiguous: write 1000000,0.1% for 0.1 percent or 1000000,10 for 10 percent/,
      /表示 10% 请写 1000000,10/,
    ],
    [
      ['--threshold', '10'],
      /^Error: --threshold "10" is not accepted: use mean, median or SALES,GROWTH/,
      /^错误：--threshold“10”无效/,
    ],
    [
      ['--seasonality', 'weekly'],
      /^Error: --seasonality "weekly" is not accepted: use last, average or even\.$/,
      /^错误：--seasonality“weekly”无效：请使用 last、average 或 even。$/,
    ],
    [
      ['--fiscal-start', '13'],
      /^Error: --fiscal-start "13" is not accepted: use a month from 1 to 12/,
      /^错误：--fiscal-start“13”无效/,
    ],
    [
      ['--today', '2026-02-30'],
      /^Error: --today "2026-02-30" is not accepted: use a date YYYY-MM-DD/,
      /^错误：--today“2026-02-30”无效/,
    ],
    [
      ['--as-of', '15/08/2026'],
      /^Error: --as-of "15\/08\/2026" is not accepted: use a date YYYY-MM-DD/,
      /^错误：--as-of“15\/08\/2026”无效/,
    ],
    [
      ['--out', 'result.json'],
      /^Error: --out "result.json" is not accepted: use a file name ending in .xlsx/,
      /^错误：--out“result.json”无效/,
    ],
    [['--json=yes'], /^Error: --json takes no value, got "yes"\.$/, /^错误：--json 不带值，收到“yes”。$/],
    [['--by'], /^Error: --by needs a value: a column header or role/, /^错误：--by 需要一个值：列名或角色/],
    [
      ['a.xlsx', 'b.xlsx'],
      /^Error: unexpected argument "b.xlsx": give one file/,
      /^错误：多余的参数“b.xlsx”/,
    ],
    [
      ['--by', 'Nope'],
      /^Error: --by "Nope": no such column; the columns are Order Date, Order ID, Rep, Region/,
      /^错误：--by“Nope”：没有这一列；现有列：Order Date、Order ID、Rep/,
    ],
    [
      ['--sheet', 'Nope'],
      /^Error: --sheet "Nope": no such sheet; the sheets are Sales, Leads\.$/,
      /^错误：--sheet“Nope”：没有这个工作表；现有工作表：Sales、Leads。$/,
    ],
  ];
  for (const year of ['99999', '0', '-3', '2026.5', '1e300', '1899'])
    cases.push([
      ['--year', year],
      new RegExp(
        `^Error: --year "${year.replace('.', '\\.')}" is not accepted: use a whole year from 1900 to 9999`,
      ),
      new RegExp(`^错误：--year“${year.replace('.', '\\.')}”无效：请使用1900 到 9999 之间的整数年份`),
    ]);

  it.each(cases)('%j', async (args, en, zh) => {
    const dir = tmp();
    for (const [lang, want] of [
      ['en', en],
      ['zh', zh],
    ] as const) {
      const r = await run([...args, '--lang', lang], dir);
      expect(r.code, r.err).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.endsWith('\n') && r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err.trim()).toMatch(want);
    }
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('--out naming the file being read is refused before anything is read (en, zh)', async () => {
    const dir = tmp();
    const src = path.join(dir, 'sales.xlsx');
    fs.copyFileSync(SAMPLE_EN, src);
    const before = fs.readFileSync(src);
    const en = await run(['sales.xlsx', '--out', './sales.xlsx'], dir);
    expect(en.code).toBe(2);
    expect(en.err).toBe(
      'Error: --out "./sales.xlsx" is the file being read, which is never written over; choose another file, e.g. out/sales-analysis.xlsx.\n',
    );
    const zh = await run(['sales.xlsx', '--out', 'sales.xlsx', '--lang', 'zh'], dir);
    expect(zh.err).toMatch(/^错误：--out“sales.xlsx”是正在读取的源文件/);
    expect(fs.readFileSync(src).equals(before)).toBe(true);
  });

  it('--by that fits several columns lists them and asks (en, zh); the whole header works', async () => {
    const dir = tmp();
    const zh = await run([SAMPLE_ZH, '--by', '销售'], dir);
    expect(zh.code).toBe(2);
    expect(zh.err).toBe('错误：--by“销售”对应多个列：销售员、销售额；请写出其中一列的完整列名。\n');
    const file = csvFile(dir, 'two.csv', 'Date,Sales Rep,Region,Sales Amount', [
      ['2025-01-05', 'Ann', 'East', 100],
      ['2026-01-05', 'Ann', 'East', 120],
    ]);
    const en = await run([file, '--by', 'sales'], dir);
    expect(en.code).toBe(2);
    expect(en.err).toBe(
      'Error: --by "sales" fits several columns: Sales Rep, Sales Amount; which one? Give its whole header.\n',
    );
    const ok = await run([SAMPLE_ZH, '--by', '销售员', '--json'], dir);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).quadrant.dimension).toBe('销售员');
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('the language: --lang, else LC_ALL / LC_MESSAGES / LANG, else the headers (C and POSIX say nothing)', async () => {
    const dir = tmp();
    const msg = async (env: Record<string, string>, file = SAMPLE_EN, extra: string[] = []) =>
      (await run([file, '--unit', '0', ...extra], dir, env)).err;
    expect(await msg({ LANG: 'zh_CN.UTF-8' })).toMatch(/^错误：--unit“0”/);
    expect(await msg({ LANG: 'zh_CN.UTF-8', LC_ALL: 'en_US.UTF-8' })).toMatch(/^Error: --unit "0"/);
    expect(await msg({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_TW' })).toMatch(/^错误：/);
    expect(await msg({ LANG: 'zh_CN.UTF-8' }, SAMPLE_EN, ['--lang', 'en'])).toMatch(/^Error: /);
    // No language from the environment: the headers decide, also for an option error.
    const none: Record<string, string>[] = [
      {},
      { LANG: 'C' },
      { LANG: 'POSIX', LC_ALL: '' },
      { LANG: 'C.UTF-8' },
    ];
    for (const env of none) expect(await msg(env, SAMPLE_ZH)).toMatch(/^错误：--unit“0”/);
    expect(await msg({}, SAMPLE_EN)).toMatch(/^Error: --unit "0"/);
    // Also when argv itself cannot be read (an unknown option, a value missing).
    expect((await run([SAMPLE_ZH, '--bogus'], dir)).err).toMatch(/^错误：未知选项 --bogus；/);
    expect((await run([SAMPLE_ZH, '--year'], dir)).err).toMatch(/^错误：--year 需要一个值/);
    // Chinese headers give Chinese sheets and summary without --lang.
    const r = await run([SAMPLE_ZH], dir, { LANG: 'C' });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^从“销售数据”读取 \d+ 行/);
    expect(r.out).toMatch(/按地区的象限分析/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'out', 'sales-analysis.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(
      expect.arrayContaining(['目标分解', '象限分析', '绩效看板']),
    );
    // A bad --lang: the environment, else English, tells.
    expect(await msg({ LANG: 'zh_CN' }, SAMPLE_EN, ['--lang', 'fr'])).toBe(
      '错误：--lang“fr”无效：请使用 en 或 zh。\n',
    );
    expect(await msg({}, SAMPLE_EN, ['--lang', 'fr'])).toBe(
      'Error: --lang "fr" is not accepted: use en or zh.\n',
    );
    // --lang en on Chinese headers: English sheets.
    const en = await run([SAMPLE_ZH, '--lang', 'en', '--out', 'en.xlsx'], dir, { LANG: 'zh_CN' });
    expect(en.out).toMatch(/Quadrant analysis by 地区/);
  });

  it('--help: the options, the percent and language rules, and examples of the common jobs (en, zh)', async () => {
    const en = await run(['--help']);
    expect(en.code).toBe(0);
    for (const s of [
      '--fiscal-start',
      '--today',
      '--to-date',
      '--ramp',
      '10 and 10% both mean ten percent',
      'write 0.1% or 10',
      'C, POSIX, another language or unset',
      '--target 12000000 --unit 1000',
      '--by Rep --period 2026-Q2',
      '--track --as-of 2026-08-15',
      '--fiscal-start 4 --period FY2026',
      'no workbook unless --out is given',
    ])
      expect(en.out).toContain(s);
    const zh = await run(['-h'], tmp(), { LANG: 'zh_CN.UTF-8' });
    expect(zh.out).toContain('10 和 10% 都表示百分之十');
    expect(zh.out).toContain('--fiscal-start 4 --period FY2026');
  });
});

describe('command line: percentages, periods, fiscal years, today', () => {
  it('10 and 10% are both ten percent for --uplift and the growth threshold; 10,20 means a 20% growth threshold', async () => {
    const base = JSON.parse((await run(['--json'])).out);
    const a = JSON.parse((await run(['--json', '--uplift', '10'])).out);
    const b = JSON.parse((await run(['--json', '--uplift', '10%'])).out);
    expect(a.breakdown.target).toBe(b.breakdown.target);
    expect(a.breakdown.target).toBe(Math.round(base.breakdown.target * 1.1));
    const t1 = JSON.parse((await run(['--json', '--threshold', '3000000,10'])).out);
    const t2 = JSON.parse((await run(['--json', '--threshold', '3000000,10%'])).out);
    expect(t1.quadrant).toMatchObject({ xThreshold: 3_000_000, yThreshold: 0.1, method: 'custom' });
    expect(t2.quadrant.points).toEqual(t1.quadrant.points);
    const t3 = JSON.parse((await run(['--json', '--threshold', '10,20'])).out);
    expect(t3.quadrant).toMatchObject({ xThreshold: 10, yThreshold: 0.2 });
    // North grows 24.6%: high growth against 20%, not "low growth" as with a 2000% threshold.
    expect(t3.quadrant.points.find((p: { name: string }) => p.name === 'North').quadrant).toBe('high-high');
    const down = JSON.parse((await run(['--json', '--uplift', '-10'])).out);
    expect(down.breakdown.target).toBe(Math.round(base.breakdown.target * 0.9));
  });

  it('--today decides whether a period has ended: whole periods then, to date while in progress', async () => {
    const during = JSON.parse((await run(['--json', '--today', '2026-10-15'])).out);
    expect(during.today).toBe('2026-10-15');
    expect(during.quadrant).toMatchObject({
      current: '2026 to 30 Sep',
      previous: '2025 to 30 Sep',
      currentRange: ['2026-01-01', '2026-09-30'],
      previousRange: ['2025-01-01', '2025-09-30'],
      periodNote: null,
    });
    expect(during.scorecard).toMatchObject({
      current: '2026 to 30 Sep',
      currentRange: ['2026-01-01', '2026-09-30'],
    });
    expect(during.breakdown.year).toBe(2026);
    const after = await run(['--json', '--today', '2027-01-10']);
    const j = JSON.parse(after.out);
    expect(j.quadrant).toMatchObject({
      current: '2026',
      previous: '2025',
      currentRange: ['2026-01-01', '2026-12-31'],
      previousRange: ['2025-01-01', '2025-12-31'],
    });
    // The data ends three months before the closed year does: the note says so, in JSON and the summary.
    expect(j.quadrant.periodNote).toMatch(/2026-09-30/);
    expect(j.scorecard.periodNote).toBe(j.quadrant.periodNote);
    const text = await run(['--today', '2027-01-10']);
    expect(text.out).toContain(`  ! ${j.quadrant.periodNote}`);
    // --to-date compares the closed year to date.
    const toDate = JSON.parse((await run(['--json', '--today', '2027-01-10', '--to-date'])).out);
    expect(toDate.quadrant.currentRange).toEqual(['2026-01-01', '2026-09-30']);
  });

  it('--period takes years, quarters, months and fiscal periods; --fiscal-start 4 gives FY labels', async () => {
    const q2 = JSON.parse((await run(['--json', '--by', 'Rep', '--period', '2026-Q2'])).out);
    expect(q2.quadrant).toMatchObject({
      dimension: 'Rep',
      current: '2026-Q2',
      currentRange: ['2026-04-01', '2026-06-30'],
    });
    expect(q2.scorecard).toMatchObject({
      dimension: 'Rep',
      previous: '2025-Q2',
      previousRange: ['2025-04-01', '2025-06-30'],
    });
    const fy = JSON.parse((await run(['--json', '--fiscal-start', '4', '--period', 'FY2026'])).out);
    expect(fy.fiscalStart).toBe(4);
    expect(fy.quadrant).toMatchObject({
      current: 'FY2026',
      previous: 'FY2025',
      currentRange: ['2025-04-01', '2026-03-31'],
    });
    expect(fy.breakdown.quarters.map((q: { period: string }) => q.period)).toEqual(
      [1, 2, 3, 4].map((n) => `FY${fy.breakdown.year}-Q${n}`),
    );
    expect(fy.breakdown.months[0].period).toBe(`${fy.breakdown.year - 1}-04`);
    expect(fy.breakdown.months[11].period).toBe(`${fy.breakdown.year}-03`);
    for (const alias of ['Apr', 'april', '4月', '四月'])
      expect(
        JSON.parse((await run(['--json', '--fiscal-start', alias, '--period', 'FY2026'])).out).quadrant
          .currentRange,
      ).toEqual(fy.quadrant.currentRange);
    const fq = JSON.parse((await run(['--json', '--fiscal-start', '4', '--period', 'FY2026-Q1'])).out);
    expect(fq.quadrant).toMatchObject({ current: 'FY2026-Q1', currentRange: ['2025-04-01', '2025-06-30'] });
    const summary = await run(['--fiscal-start', '4']);
    expect(summary.out).toMatch(/^ {2}FY\d{4}-Q1 +[\d,]+$/m);
  });

  it('--ramp scales a rep who started during the base year (80 and 80% alike)', async () => {
    const dir = tmp();
    const rows: (string | number)[][] = [];
    for (const y of [2024, 2025, 2026])
      for (let m = 1; m <= (y < 2026 ? 12 : 3); m++) {
        const d = `${y}-${String(m).padStart(2, '0')}`;
        rows.push([`${d}-10`, 'East', 'Ann', 1000]);
        if (y === 2026 || (y === 2025 && m >= 7)) rows.push([`${d}-12`, 'West', 'Cal', 1000]);
      }
    const file = csvFile(dir, 'ramp.csv', 'Date,Region,Rep,Sales', rows);
    const targets = async (...extra: string[]) => {
      const r = await run([file, '--json', '--by', 'Rep', '--today', '2026-04-15', ...extra], dir);
      expect(r.code, r.err).toBe(0);
      const j = JSON.parse(r.out);
      return Object.fromEntries(
        j.breakdown.entities.map((e: { name: string; target: number }) => [e.name, e.target]),
      );
    };
    // Cal sold 6 months of 2025 at Ann's pace: annualised × ramp.
    expect(await targets('--ramp', '100')).toEqual({ Ann: 9000, Cal: 9000 });
    expect(await targets('--ramp', '50')).toEqual({ Ann: 12000, Cal: 6000 });
    expect(await targets('--ramp', '80%')).toEqual(await targets('--ramp', '80'));
    expect(await targets('--ramp', '80')).toEqual(await targets());
  });

  it('--json writes no workbook unless --out is given', async () => {
    const dir = tmp();
    const r = await run(['--json'], dir);
    expect(JSON.parse(r.out).out).toBeNull();
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
    const w = await run(['--json', '--out', 'o/r.xlsx'], dir);
    expect(JSON.parse(w.out).out).toBe(path.join(dir, 'o', 'r.xlsx'));
    expect(fs.existsSync(path.join(dir, 'o', 'r.xlsx'))).toBe(true);
  });
});

describe('command line: one analysis that cannot run does not take the others down', () => {
  /** 2025: refunds exceed sales in every month; 2026: sales. */
  function refundsTable(dir: string): string {
    const rows: (string | number)[][] = [];
    for (const y of [2025, 2026])
      for (let m = 1; m <= (y === 2025 ? 12 : 6); m++)
        for (const [region, rep] of [
          ['East', 'Ann'],
          ['West', 'Bob'],
        ]) {
          const d = `${y}-${String(m).padStart(2, '0')}`;
          rows.push([`${d}-05`, region, rep, y === 2025 ? 100 : 500 + m]);
          if (y === 2025) rows.push([`${d}-20`, region, rep, -300]);
        }
    return csvFile(dir, 'refunds.csv', 'Date,Region,Rep,Sales', rows);
  }

  it('a base year with more refunds than sales: the breakdown says why and asks for --target; quadrant and scorecard are written', async () => {
    const dir = tmp();
    const file = refundsTable(dir);
    const r = await run([file], dir);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^Goal breakdown: not made\. .*-4,800.*$/m);
    expect(r.out).toContain('  Give the annual target with --target N');
    expect(r.out).toMatch(/Quadrant analysis by Region/);
    expect(r.out).toMatch(/KPI scorecard by Rep/);
    expect(r.out).toMatch(/Not made: Goal breakdown \(see above\)\.$/m);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'out', 'sales-analysis.xlsx'));
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toEqual(expect.arrayContaining(['refunds', 'Quadrant Analysis', 'KPI Scorecard']));
    expect(names).not.toContain('Goal Breakdown');
    const j = await run([file, '--json', '--lang', 'zh'], dir);
    expect(j.code).toBe(0);
    const json = JSON.parse(j.out);
    expect(Object.keys(json.breakdown)).toEqual(['error']);
    expect(json.breakdown.error).toMatch(/-4,800/);
    expect(json.quadrant.points).toHaveLength(2);
    expect(json.scorecard.rows).toHaveLength(2);
    expect(j.err).toMatch(/^目标分解：未生成。/);
    // With --target the breakdown runs.
    const t = JSON.parse((await run([file, '--json', '--target', '12000'], dir)).out);
    expect(t.breakdown.target).toBe(12000);
  });

  it('no analysis can run: one line per reason naming the analyses, exit 1, nothing written', async () => {
    const dir = tmp();
    const file = refundsTable(dir);
    const r = await run([file, '--period', '2020'], dir);
    expect(r.code).toBe(1);
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Error: Goal breakdown: not made\. /);
    expect(lines[1]).toMatch(/^Error: Quadrant analysis, KPI scorecard: not made\. .*2020/);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });
});

describe('command line: numbers in the output', () => {
  it('--json: money in cents, ratios without float noise, never -0, NaN or Infinity (sample and a fuzzed table)', async () => {
    const dir = tmp();
    const rand = mulberry32(11);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    const rows: (string | number)[][] = [];
    for (let i = 0; i < 600; i++) {
      const y = 2024 + Math.floor(rand() * 3);
      const amount = pick([
        () => (rand() - 0.3) * 1e4,
        () => -(rand() * 1e-9),
        () => 0,
        () => '-0',
        () => 0.1 + 0.2,
        () => rand() * 9e14,
        () => -rand() * 1e5,
        () => 1e-300,
      ])();
      rows.push([
        `${y}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`,
        pick(['East', 'West', 'North', 'South']),
        pick(['Ann', 'Bob', 'Cai', 'Dee', 'Eve']),
        pick(['C1', 'C2', 'C3', 'C4']),
        typeof amount === 'number' ? amount.toPrecision(17) : amount,
      ]);
    }
    const fuzz = csvFile(dir, 'fuzz.csv', 'Date,Region,Rep,Customer,Sales', rows);
    // Amounts near the largest double: their sums overflow inside the analyses.
    const huge = csvFile(dir, 'huge.csv', 'Date,Region,Rep,Customer,Sales', [
      ...rows.slice(0, 200),
      ['2025-03-04', 'East', 'Ann', 'C1', '1.7e308'],
      ['2025-03-05', 'East', 'Ann', 'C1', '1.7e308'],
      ['2026-03-04', 'West', 'Bob', 'C2', '-1.7e308'],
      ['2026-03-05', 'West', 'Bob', 'C2', '-1.7e308'],
    ]);
    for (const args of [
      ['--json', '--track'],
      ['--json', '--track', fuzz],
      ['--json', '--track', huge],
      ['--json', fuzz, '--by', 'Customer', '--uplift', '10000', '--target', '1e15'],
      ['--json', fuzz, '--period', '2025-Q3', '--threshold', '0,-9999'],
    ]) {
      const r = await run(args, dir);
      expect(r.code, r.err).toBe(0);
      expect(r.out).not.toMatch(/NaN|Infinity|-0(?![.\d])/);
      const json = JSON.parse(r.out);
      const nums = numbersIn(json);
      expect(nums.length).toBeGreaterThan(50);
      for (const [at, n] of nums) {
        expect(Number.isFinite(n), at).toBe(true);
        expect(Object.is(n, -0), at).toBe(false);
        const money =
          /\.(target|sales|previous|actual|prorated|forecast|projection|requiredPerDay|aov|xThreshold|basis|baseSales)$|\.months\[\d+\]$/;
        if (Math.abs(n) >= 1e15) continue;
        if (money.test(at))
          expect(Math.abs(n * 100 - Math.round(n * 100)), `${at} = ${n}`).toBeLessThan(
            1e-6 * Math.max(1, Math.abs(n)),
          );
        else expect(Number(n.toPrecision(10)), `${at} = ${n}`).toBe(n);
      }
      const text = await run(
        args.filter((a) => a !== '--json'),
        dir,
      );
      expect(text.code).toBe(0);
      expect(text.out).not.toMatch(/NaN|Infinity|(?<![\w.])-0(?![.\d,])|-0\.0%/);
    }
  });

  it('the sample: no float noise (David 2,296,128.65, not 2296128.6500000004)', async () => {
    const j = JSON.parse((await run(['--json'])).out);
    const david = j.scorecard.rows.find((r: { name: string }) => r.name === 'David');
    expect(String(david.sales)).toMatch(/^\d+(\.\d{1,2})?$/);
    expect(Number(david.growth.toPrecision(10))).toBe(david.growth);
  });
});

describe('command line: --incentives', () => {
  it('adds the Incentives sheet (live, targets from the breakdown, the scorecard’s tiers), "incentives" to --json and its summary', async () => {
    const dir = tmp();
    const r = await run(['--json', '--incentives', '--by', 'Rep', '--out', 'out/x.xlsx'], dir);
    expect(r.err).toBe('');
    const j = JSON.parse(r.out);
    const inc = j.incentives;
    expect(inc.targets).toBe('breakdown');
    expect(inc.current).toBe(j.scorecard.current);
    const tierOf = new Map(j.scorecard.rows.map((x: { name: string; tier: string }) => [x.name, x.tier]));
    expect(inc.rows).toHaveLength(j.scorecard.rows.length);
    for (const x of inc.rows) {
      expect(x.tier).toBe(tierOf.get(x.name));
      expect(x.commission).toBeGreaterThan(0);
      expect(x.payout).toBeCloseTo(x.targetIncentive * x.payoutPct, 2);
    }
    // 2026 to 30 Sep: nine months and three quarters, each with a winner.
    expect(inc.awards.map((a: { period: string }) => a.period)).toEqual([
      ...Array.from({ length: 9 }, (_, i) => `2026-0${i + 1}`),
      '2026-Q1',
      '2026-Q2',
      '2026-Q3',
    ]);
    expect(inc.awards.every((a: { winners: string[] }) => a.winners.length >= 1)).toBe(true);
    expect(inc.bands.counts.reduce((a: number, b: number) => a + b, 0) + inc.bands.noTarget).toBe(
      inc.rows.length,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'out', 'x.xlsx'));
    const ws = wb.getWorksheet('Incentives')!;
    // The months' sum while the period is the months' (B3:C3), else the source's rows.
    expect((ws.getCell('B10').value as { formula: string }).formula).toMatch(
      /^IF\(AND\(\$B\$3=\$C\$\d+,\$C\$3=\$D\$\d+\),SUM\(B\d+:[A-Z]+\d+\),SUMIFS\('Sales'!/,
    );
    expect((ws.getCell('C10').value as { formula: string }).formula).toContain("'Goal Breakdown'!");
    const text = await run(['--incentives', '--by', 'Rep', '--out', 'out/y.xlsx'], dir);
    expect(text.out).toMatch(/^Incentives by Rep: 2026 to 30 Sep$/m);
    expect(text.out).toMatch(/Best of the month 2026-01: \S/);
    const without = await run(['--json', '--out', 'out/z.xlsx'], dir);
    expect(JSON.parse(without.out).incentives).toBeUndefined();
  });
});
