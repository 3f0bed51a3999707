/**
 * npm run bench (second part): the two host adapters on a 200,000-row source, against the same fakes the
 * tests use (test/fake-excel.ts, test/fake-gas.ts), so the counts are those of the real call sequence:
 * - Excel: context.sync() calls to read the source and to write each analysis, and the JavaScript time
 *   in Node (a real Excel adds the round trip of each sync).
 * - Google Sheets: the BUILT server bundle (webpack.sheets.config.js, production) in a node:vm context;
 *   Apps Script service calls per analysis and the script time in Node. Apps Script's 6-minute limit
 *   is what matters there: each service call costs roughly 10-100 ms on Google's side.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { ExcelBackend } from '../excel-addin/adapter/backend';
import type { JobKind } from '../core/analysis/job';
import { generateLargeTable } from '../samples/data';
import { FakeExcel } from '../test/fake-excel';
import { FakeGas, isServiceCall } from '../test/fake-gas';
import { buildSheetsToTemp } from '../test/setup/build-sheets';

const ROWS = 200_000;
const KINDS: JobKind[] = ['breakdown', 'quadrant', 'scorecard', 'tracking'];

function fmt(rows: (string | number)[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)) + 2);
  return rows.map((r) => r.map((v, c) => String(v).padEnd(widths[c])).join('')).join('\n');
}

async function excel(): Promise<(string | number)[][]> {
  // The bench counts syncs and times the adapter, not a formula engine over 200,000 rows.
  const fake = new FakeExcel({ calculate: false });
  const restore = fake.install();
  try {
    const cells = generateLargeTable(ROWS);
    const fmtRow = ['yyyy-mm-dd', null, null, null, null, null, '#,##0.00', '0'];
    fake.workbook.addSheet('Sales').setCells(1, 1, cells, [[], ...new Array(ROWS).fill(fmtRow)]);
    fake.workbook.select('Sales', 'A1');
    const be = new ExcelBackend('en');
    fake.resetStats();
    let t0 = performance.now();
    const info = await be.inspect('sheet:Sales', {});
    if (!info.ok) throw new Error(info.error);
    const out: (string | number)[][] = [
      ['Excel (fake, 200k rows)', 'syncs', 'ms (Node)'],
      ['read the source', fake.stats.syncs, Math.round(performance.now() - t0)],
    ];
    const readSyncs = fake.stats.syncs;
    for (const kind of KINDS) {
      fake.resetStats();
      t0 = performance.now();
      const r = await be.run(
        { kind, sourceId: 'sheet:Sales', overrides: {}, options: {} },
        () => undefined,
        new AbortController().signal,
      );
      if (!r.ok) throw new Error(`${kind}: ${r.error}`);
      out.push([
        `${kind} (read + write)`,
        `${readSyncs} + ${fake.stats.syncs - readSyncs}`,
        Math.round(performance.now() - t0),
      ]);
    }
    return out;
  } finally {
    restore();
  }
}

function sheets(): (string | number)[][] {
  const dist = buildSheetsToTemp();
  try {
    const gas = new FakeGas({ htmlFiles: { Sidebar: readFileSync(join(dist, 'Sidebar.html'), 'utf8') } });
    const ctx = vm.createContext({ ...gas.globals, console });
    vm.runInContext(readFileSync(join(dist, 'Code.js'), 'utf8'), ctx, { filename: 'Code.js' });
    const addon = ctx as unknown as { run(req: unknown): { ok: boolean; error?: string } };
    const sheet = gas.ss.addSheet('Big', generateLargeTable(ROWS));
    const out: (string | number)[][] = [['Google Sheets (fake, 200k rows)', 'service calls', 'ms (Node)']];
    for (const kind of KINDS) {
      gas.calls.reset();
      const t0 = performance.now();
      const r = addon.run({ kind, sourceId: `sheet:${sheet.id}`, overrides: {}, options: { lang: 'en' } });
      if (!r.ok) throw new Error(`${kind}: ${r.error}`);
      out.push([kind, gas.calls.total(isServiceCall), Math.round(performance.now() - t0)]);
    }
    return out;
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(fmt(await excel()));
  console.log('');
  console.log(fmt(sheets()));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
