/**
 * npm run check:libreoffice — a second real spreadsheet engine on the command line's output: write the
 * sample workbook (all four analyses), replace every cached formula result with a wrong number, let
 * LibreOffice Calc (headless, forced to recalculate on load) recompute the workbook, and compare every
 * formula cell with the number the core computed. Then the charts: LibreOffice opens the workbook as the
 * command line wrote it, saves it again as .xlsx (every chart it could read is in that copy, series by
 * series) and converts it to PDF (every chart's title must be drawn). Needs `soffice` (Debian:
 * libreoffice-calc-nogui; `pdftotext` from poppler-utils for the titles); not part of `npm test`, which
 * checks the same formulas with HyperFormula and the chart parts by reading them back.
 *
 * With --time (e.g. `npx tsx scripts/check-libreoffice.ts out/bench/bench-100000.csv --today 2026-11-28 --time`):
 * also how long LibreOffice takes to open the workbook as written (cached values, no recalculation) and to open it
 * recalculating every formula, each the best of three headless conversions to CSV (which saves the first sheet
 * only) less the same conversion of an empty workbook (the start-up): the recalculation's cost next to the load's.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { runCli } from '../cli/run';
import { ZipReader } from '../cli/io/zip';

type FormulaValue = { formula: string; result?: unknown };
const isFormula = (v: unknown): v is FormulaValue => typeof v === 'object' && v !== null && 'formula' in v;
const norm = (v: unknown): unknown => {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'object' && v !== null && 'error' in v) return (v as { error: string }).error;
  if (v instanceof Date) return v.getTime() / 86400000 + 25569;
  return v;
};

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sga-lo-'));
  const out = path.join(dir, 'analysis.xlsx');
  // An input file may be named (e.g. a 1904 workbook; the default is the English sample), and options passed
  // on (e.g. --fiscal-start 4 --today 2026-11-29 --by Rep).
  const input = process.argv.slice(2).filter((a) => a !== '--time');
  const timing = process.argv.includes('--time');
  const asOf = input.includes('--as-of') ? [] : ['--as-of', '2026-08-15'];
  const code = await runCli([...input, '--track', ...asOf, '--out', out], {
    out: () => undefined,
    err: (s) => process.stderr.write(`${s}\n`),
    cwd: process.cwd(),
    env: {},
  });
  if (code !== 0) throw new Error('the command line failed');
  const ours = new ExcelJS.Workbook();
  await ours.xlsx.readFile(out);
  // Poison every cached result so that only a real recalculation can bring the numbers back.
  const poisoned = path.join(dir, 'poisoned.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  for (const ws of wb.worksheets)
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (isFormula(cell.value))
          cell.value = { formula: cell.value.formula, result: 12345 } as ExcelJS.CellValue;
      }),
    );
  await wb.xlsx.writeFile(poisoned);
  recalcProfile(dir, 'profile', 0);
  const conv = path.join(dir, 'recalculated');
  execFileSync(
    'soffice',
    [
      `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
      '--headless',
      '--calc',
      '--convert-to',
      'xlsx',
      '--outdir',
      conv,
      poisoned,
    ],
    { stdio: 'ignore', timeout: 300_000 },
  );
  const lo = new ExcelJS.Workbook();
  await lo.xlsx.readFile(path.join(conv, 'poisoned.xlsx'));
  let total = 0;
  let bad = 0;
  let errors = 0;
  for (const ws of ours.worksheets) {
    const other = lo.getWorksheet(ws.name);
    if (!other) continue;
    let n = 0;
    let wrong = 0;
    // Error values LibreOffice computed anywhere on our sheets (a generated sheet should show none).
    other.eachRow((row) =>
      row.eachCell((cell) => {
        const v = isFormula(cell.value) ? cell.value.result : cell.value;
        if (typeof v === 'object' && v !== null && 'error' in v) {
          errors++;
          if (errors <= 5)
            console.log(`  error cell ${ws.name}!${cell.address}: ${(v as { error: string }).error}`);
        }
      }),
    );
    ws.eachRow((row, r) =>
      row.eachCell((cell, c) => {
        if (!isFormula(cell.value)) return;
        n++;
        const want = norm(cell.value.result);
        const v = other.getCell(r, c).value;
        const got = norm(isFormula(v) ? v.result : v);
        const ok =
          typeof want === 'number' && typeof got === 'number'
            ? Math.abs(want - got) <= 1e-9 * Math.max(1, Math.abs(want))
            : want === got;
        if (!ok) {
          wrong++;
          if (wrong <= 5)
            console.log(
              `  ${ws.name}!${cell.address} ${cell.value.formula}: core ${String(want)}, LibreOffice ${String(got)}`,
            );
        }
      }),
    );
    if (n) console.log(`${ws.name}: ${n} formulas, ${wrong} differ`);
    total += n;
    bad += wrong;
  }
  console.log(
    `${total} formulas recalculated by LibreOffice, ${bad} differ from the core, ${errors} error cells`,
  );
  const chartsOk = await checkCharts(dir, out);
  if (timing) await timeRecalc(dir, out);
  fs.rmSync(dir, { recursive: true, force: true });
  process.exitCode = bad === 0 && total > 0 && chartsOk ? 0 : 1;
}

/** A LibreOffice user profile in dir/name whose .xlsx formulas are recalculated on load (mode 0) or never (1). */
function recalcProfile(dir: string, name: string, mode: 0 | 1): string {
  const profile = path.join(dir, name, 'user');
  fs.mkdirSync(profile, { recursive: true });
  fs.writeFileSync(
    path.join(profile, 'registrymodifications.xcu'),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>${mode}</value></prop></item>
</oor:items>`,
  );
  return path.join(dir, name);
}

/** Seconds LibreOffice takes to open `out` as written and recalculating everything, start-up subtracted. */
async function timeRecalc(dir: string, out: string): Promise<void> {
  const empty = path.join(dir, 'empty.xlsx');
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Sheet1').getCell('A1').value = 1;
  await wb.xlsx.writeFile(empty);
  const best = (profile: string, file: string): number => {
    const times: number[] = [];
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      execFileSync(
        'soffice',
        [
          `-env:UserInstallation=file://${profile}`,
          '--headless',
          '--calc',
          '--convert-to',
          'csv',
          '--outdir',
          path.join(dir, 'timed'),
          file,
        ],
        { stdio: 'ignore', timeout: 900_000 },
      );
      times.push((performance.now() - t0) / 1000);
    }
    return Math.min(...times);
  };
  const never = recalcProfile(dir, 'never', 1);
  const always = recalcProfile(dir, 'always', 0);
  best(never, empty); // the profiles' first start sets them up
  best(always, empty);
  const start = best(never, empty);
  const load = best(never, out) - start;
  const full = best(always, out) - start;
  console.log(
    `LibreOffice (best of 3, start-up ${start.toFixed(2)} s subtracted): open as written ${load.toFixed(2)} s, ` +
      `open and recalculate every formula ${full.toFixed(2)} s: recalculation ${(full - load).toFixed(2)} s = ` +
      `${((full - load) / load).toFixed(2)}× the load`,
  );
}

/** Title and series count of every chart part of an .xlsx. */
async function chartsOf(file: string): Promise<{ title: string; series: number }[]> {
  const zip = await ZipReader.open(file);
  try {
    const names = zip.entries.map((e) => e.name).filter((n) => /^xl\/charts\/chart\d+\.xml$/.test(n));
    const out: { title: string; series: number }[] = [];
    for (const n of names) {
      const xml = (await zip.read(n))!.toString('utf8');
      const title = /<c:title>.*?<a:t>([^<]*)<\/a:t>/.exec(xml)?.[1] ?? '';
      out.push({
        title: title.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'),
        series: (xml.match(/<c:ser>/g) ?? []).length,
      });
    }
    return out.sort((a, b) => a.title.localeCompare(b.title));
  } finally {
    await zip.close();
  }
}

/** LibreOffice reads every chart of `out` (its own .xlsx copy has them, series for series) and draws them in a PDF. */
async function checkCharts(dir: string, out: string): Promise<boolean> {
  const ours = await chartsOf(out);
  const conv = path.join(dir, 'as-written');
  const soffice = (to: string): void =>
    void execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
        '--headless',
        '--convert-to',
        to,
        '--outdir',
        conv,
        out,
      ],
      { stdio: 'ignore', timeout: 300_000 },
    );
  soffice('xlsx');
  const theirs = await chartsOf(path.join(conv, path.basename(out)));
  const same = JSON.stringify(theirs) === JSON.stringify(ours);
  console.log(
    `${ours.length} charts written (${ours.map((c) => `${c.title}: ${c.series} series`).join('; ')})`,
  );
  console.log(
    same ? 'LibreOffice read every chart and series' : `LibreOffice read: ${JSON.stringify(theirs)}`,
  );
  soffice('pdf');
  const pdf = path.join(conv, path.basename(out).replace(/\.xlsx$/, '.pdf'));
  const size = fs.existsSync(pdf) ? fs.statSync(pdf).size : 0;
  let text = '';
  try {
    text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  } catch {
    console.log('pdftotext not found: the chart titles in the PDF are not checked');
  }
  // A chart wider than the page is printed in parts and a long title wraps: look for the title's start.
  const flat = (t: string): string => t.replace(/\s+/g, ' ');
  const found = (t: string): boolean => flat(text).includes(flat(t).slice(0, 16));
  const missing = text ? ours.filter((c) => !found(c.title)).map((c) => c.title) : [];
  console.log(
    `PDF: ${size} bytes${text ? `, chart titles missing: ${missing.length ? missing.join(', ') : 'none'}` : ''}`,
  );
  return ours.length > 0 && same && size > 0 && missing.length === 0;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
