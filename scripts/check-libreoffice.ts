/**
 * npm run check:libreoffice — a second real spreadsheet engine on the command line's output: write the
 * sample workbook (all four analyses), replace every cached formula result with a wrong number, let
 * LibreOffice Calc (headless, forced to recalculate on load) recompute the workbook, and compare every
 * formula cell with the number the core computed. Needs `soffice` (Debian: libreoffice-calc-nogui); not
 * part of `npm test`, which checks the same formulas with HyperFormula.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { runCli } from '../cli/run';

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
  // An input file may be named (e.g. a 1904 workbook); the default is the English sample.
  const input = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const code = await runCli([...input, '--track', '--as-of', '2026-08-15', '--out', out], {
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
  const profile = path.join(dir, 'profile', 'user');
  fs.mkdirSync(profile, { recursive: true });
  fs.writeFileSync(
    path.join(profile, 'registrymodifications.xcu'),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>`,
  );
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
  for (const ws of ours.worksheets) {
    const other = lo.getWorksheet(ws.name);
    if (!other) continue;
    let n = 0;
    let wrong = 0;
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
  console.log(`${total} formulas recalculated by LibreOffice, ${bad} differ from the core`);
  fs.rmSync(dir, { recursive: true, force: true });
  process.exitCode = bad === 0 && total > 0 ? 0 : 1;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
