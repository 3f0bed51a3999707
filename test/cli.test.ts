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
import { generateSalesRows } from '../samples/data';
import { buildEngine, checkSpec } from './hf';

const ROOT = path.join(__dirname, '..');
const SAMPLE_EN = path.join(ROOT, 'samples', 'sales-en.xlsx');
const SAMPLE_ZH = path.join(ROOT, 'samples', 'sales-zh.xlsx');
const SAMPLE_CSV = path.join(ROOT, 'samples', 'sales-en.csv');

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sga-'));
}

async function run(
  args: string[],
  cwd = tmp(),
): Promise<{ code: number; out: string; err: string; cwd: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`), cwd, env: {} };
  const code = await runCli(args, io);
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
    expect(r.out).toMatch(/Quadrant analysis by Region: 2026 vs 2025/);
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
    const c10 = bd.getCell('C10').value as { formula: string; result: number };
    expect(c10.formula).toMatch(/ROUND/);
    expect(typeof c10.result).toBe('number');
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
    expect(je.quadrant).toMatchObject({ current: '2026', previous: '2025' });
    expect(new Set(je.quadrant.points.map((p: { quadrant: string }) => p.quadrant))).toEqual(
      new Set(['high-high', 'high-low', 'low-high', 'low-low']),
    );
    expect(jz.quadrant.points.map((p: { growth: number }) => p.growth)).toEqual(
      je.quadrant.points.map((p: { growth: number }) => p.growth),
    );
    expect(je.scorecard[0]).toEqual(
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
    const r = await run(['--json', '--track', '--as-of', '2026-08-15'], dir);
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
    expect((ws.getCell('D8').value as { formula: string }).formula).toBe("'Goal Breakdown'!$C$9");
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
    const r = await run([file, '--json', '--targets', 'plan 2026', '--as-of', '2026-08-15'], dir);
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
    const f = (out.getWorksheet('Goal Tracking')!.getCell('D8').value as { formula: string }).formula;
    expect(f).toMatch(/^SUMIFS\('Plan 2026'!\$C:\$C,/);
    const csv = await run([SAMPLE_CSV, '--targets', 'Plan'], dir);
    expect(csv.code).toBe(2);
    expect(csv.err).toMatch(/--targets names a sheet of an .xlsx workbook/);
    const none = await run([file, '--targets', 'Nope'], dir);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/No such sheet: Nope \(Sales, Leads, Plan 2026\)/);
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
    expect(sheet.code).toBe(1);
    expect(sheet.err).toMatch(/Nope/);
    expect(sheet.err).toMatch(/Sales/);
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
      [path.join(ROOT, 'cli', 'main.ts'), '--json', '--out', path.join(tmp(), 'x.xlsx')],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(ok).breakdown.year).toBe(2026);
    const bad = spawnSync(tsx, [path.join(ROOT, 'cli', 'main.ts'), 'missing.csv'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toMatch(/^File not found: .*missing\.csv$/);
    expect(bad.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
