/**
 * npm run bench (second part): the two host adapters on a 200,000-row source, against the same fakes the
 * tests use (test/fake-excel.ts, test/fake-gas.ts), so the counts are those of the real call sequence:
 * - Excel: context.sync() calls to read the source and to write each analysis, and the JavaScript time
 *   in Node (a real Excel adds the round trip of each sync).
 * - Google Sheets: the BUILT server bundle (webpack.sheets.config.js, production) in the Apps Script fake,
 *   driven as the sidebar drives it (run, then continueRun while pending). Apps Script's 6-minute limit is
 *   what matters there: the fake charges each call its latency (test/fake-gas.ts LATENCY: 20 ms a call,
 *   3 µs a cell read, 10 µs a value and 100 µs a format or formula written) plus the script's own time at
 *   CPU_FACTOR × Node's, and the table shows the executions a run takes and the simulated seconds of each.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ExcelBackend } from '../excel-addin/adapter/backend';
import type { JobKind } from '../core/analysis/job';
import { generateLargeTable } from '../samples/data';
import { FakeExcel } from '../test/fake-excel';
import { FakeGas, isServiceCall, LATENCY, type Execution } from '../test/fake-gas';
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

/** Script time (Node time between service calls) counted at this many times Node's: Apps Script is slower. */
const CPU_FACTOR = 3;

type Addon = Record<string, (...a: unknown[]) => unknown>;
type Step = { ok: boolean; error?: string; pending?: boolean };

/** The sidebar's loop: run, then continueRun while pending. The executions it took. */
function inSteps(gas: FakeGas, addon: Addon, req: object, runId: string): Execution[] {
  const first = gas.meter.done.length;
  let res = addon.run(req, runId) as Step;
  while (res.pending) res = addon.continueRun(runId) as Step;
  if (!res.ok) throw new Error(res.error);
  return gas.meter.done.slice(first);
}

/** The built add-on on the fake with a 200,000-row table ("Big"); `text`: 1 amount in 1,000 as text. */
function sheetsEnv(dist: string, text: boolean): { gas: FakeGas; addon: Addon; id: number } {
  const gas = new FakeGas({ latency: { cpuFactor: CPU_FACTOR } });
  const names = JSON.parse(readFileSync(join(__dirname, '..', 'sheets-addon', 'entry-points.json'), 'utf8'));
  const entry = (names.functions as { name: string }[]).map((f) => f.name);
  const addon = gas.load([{ code: readFileSync(join(dist, 'Code.js'), 'utf8'), filename: 'Code.js' }], entry);
  const cells = generateLargeTable(ROWS).map((row, i) =>
    text && i > 0 && i % 1000 === 7 ? row.map((v, j) => (j === 6 ? String(v) : v)) : row,
  );
  return { gas, addon: addon as unknown as Addon, id: gas.ss.addSheet('Big', cells).id };
}

function sheetsRows(dist: string, text: boolean): (string | number)[][] {
  const { gas, addon, id } = sheetsEnv(dist, text);
  const out: (string | number)[][] = [];
  for (const kind of KINDS) {
    const req = { kind, sourceId: `sheet:${id}`, overrides: {}, options: { lang: 'en' } };
    gas.calls.reset();
    const t0 = performance.now();
    const execs = inSteps(gas, addon, req, `bench-${kind}`);
    const label = `${kind}${text ? ' (+ Clean Data copy)' : ''}`;
    const secs = execs.map((e) => Math.round(e.ms / 1000)).join(' + ');
    out.push([label, execs.length, secs, gas.calls.total(isServiceCall), Math.round(performance.now() - t0)]);
  }
  return out;
}

/** The quadrant with a Clean Data copy in one execution (an add-on that does not watch the clock). */
function unchunked(dist: string): (string | number)[] {
  const { gas, addon, id } = sheetsEnv(dist, true);
  gas.meter.hideTime = true;
  const req = { kind: 'quadrant', sourceId: `sheet:${id}`, overrides: {}, options: { lang: 'en' } };
  try {
    addon.run(req, 'bench-once');
  } catch {
    // Exceeded maximum execution time
  }
  const x = gas.meter.done.at(-1)!;
  const what = x.killed ? `stopped at ${Math.round(x.ms / 1000)} s` : `${Math.round(x.ms / 1000)} s`;
  return ['quadrant (+ Clean Data), one execution', 1, what, x.calls, ''];
}

/**
 * The Sheets add-on through the fake with its per-call latencies (test/fake-gas.ts LATENCY) and the
 * script's own time at CPU_FACTOR × Node's: executions per run (each stops before Apps Script's 6 minutes),
 * simulated seconds of each, service calls.
 */
function sheets(): (string | number)[][] {
  const dist = buildSheetsToTemp();
  try {
    const head = [
      'Google Sheets (fake, 200k rows)',
      'executions',
      'simulated s',
      'service calls',
      'ms (Node)',
    ];
    return [head, ...sheetsRows(dist, false), ...sheetsRows(dist, true), unchunked(dist)];
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(fmt(await excel()));
  console.log('');
  console.log(fmt(sheets()));
  const L = LATENCY;
  console.log(
    `Sheets latencies: ${L.callMs} ms a call, ${L.readUsPerCell} µs a cell read, ${L.valueUsPerCell} µs a value / ${L.formatUsPerCell} µs a format or formula written, script time × ${CPU_FACTOR}; an execution stops at ${L.limitMs / 1000} s.`,
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
