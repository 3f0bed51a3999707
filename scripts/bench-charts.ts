/**
 * npx tsx scripts/bench-charts.ts [ROWS] — the cost of the command line's chart step on a large workbook:
 * ExcelJS's streaming writer writes a source sheet of ROWS rows (default 1,048,575, Excel's last row less the
 * header) and a small tracking sheet; then cli/io/charts.ts adds that sheet's two charts. Prints the time of
 * the chart step, the file size and the process memory before and at its peak: the big sheet is copied as
 * its compressed bytes, so neither grows with the rows. Run with `node --expose-gc --import tsx` for a
 * steadier baseline.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { addChartsToXlsx } from '../cli/io/charts';
import { ZipReader } from '../cli/io/zip';
import { categorySpec } from '../test/chart-specs';

async function writeBig(file: string, rows: number): Promise<ReturnType<typeof categorySpec>> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: false,
    useStyles: false,
  });
  const ws = wb.addWorksheet('Sales');
  ws.addRow(['Date', 'Rep', 'Region', 'Amount', 'Order']).commit();
  for (let i = 0; i < rows; i++)
    ws.addRow([45000 + (i % 900), `Rep ${i % 9}`, `Region ${i % 4}`, 100 + (i % 1000), i]).commit();
  ws.commit();
  const spec = categorySpec('Goal Tracking');
  const t = wb.addWorksheet(spec.name);
  for (const r of spec.cells) t.addRow((r ?? []).map((c) => (c ? (c.v ?? c.expect ?? null) : null))).commit();
  t.commit();
  await wb.commit();
  return spec;
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 1_048_575);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sga-charts-'));
  const file = path.join(dir, 'big.xlsx');
  try {
    const t0 = Date.now();
    const spec = await writeBig(file, rows);
    const mb = async (): Promise<string> => `${((await fs.stat(file)).size / 1e6).toFixed(1)} MB`;
    console.log(
      `ExcelJS (streaming) wrote ${rows} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${await mb()}`,
    );
    (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
    const t1 = process.hrtime.bigint();
    await addChartsToXlsx(file, [{ sheetName: spec.name, spec }]);
    const ms = Number(process.hrtime.bigint() - t1) / 1e6;
    clearInterval(timer);
    const zip = await ZipReader.open(file);
    const charts = zip.entries.filter((e) => /^xl\/charts\/chart\d+\.xml$/.test(e.name)).length;
    await zip.close();
    console.log(
      `chart step: ${ms.toFixed(0)} ms, ${charts} charts added, ${await mb()}, ` +
        `RSS ${(before / 1e6).toFixed(0)} MB before, ${(peak / 1e6).toFixed(0)} MB at the peak`,
    );
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
