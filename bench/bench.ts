/**
 * npm run bench (first part): the command line end to end on a realistic generated table (bench/table.ts:
 * 2023-2025, 8 regions, 120 reps, 40 products, a customer per ten rows, orders of 1-3 lines) at 10,000,
 * 100,000 and 1,048,575 rows (Excel's limit), from a CSV and from an XLSX. For each size and format:
 * - phases, in a fresh process (the functions `npm start` calls, in its order): read (readSource), core
 *   (readSalesTable and the breakdown, quadrant and scorecard), write (the workbook); wall and CPU time and
 *   the peak RSS after each phase; and the SUMIFS/COUNTIFS row visits of each generated sheet (formulas ×
 *   source rows: what a spreadsheet scans to recalculate it);
 * - the command as a user runs it: `npm start -- FILE --json` and `npm start -- FILE --out X.xlsx`, wall
 *   time and peak RSS of the command line's process (measured by a preload, bench/rss.cjs);
 * - for the CSV: a hand-written single pass in Node doing the same aggregates (sums per region and month,
 *   per rep and month, distinct orders, customers and new customers per rep and year), and, when
 *   @duckdb/node-api is installed (optional: `npm install --no-save @duckdb/node-api`), the same aggregates
 *   in DuckDB from the same CSV, with the ratio of `--json` to DuckDB.
 * Generated files are kept in out/bench/ (made once). `npm run bench -- 10000,100000` picks sizes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { SheetSpec } from '../core/spec/types';
import { rowVisits } from './row-visits';
import { benchFiles } from './table';

const ROOT = path.join(__dirname, '..');
const DIR = path.join(ROOT, 'out', 'bench');
const SIZES = [10_000, 100_000, 1_048_575];
const TODAY = 46355; // 2026-11-28: the table's three years are closed

interface Phase {
  ms: number;
  cpuMs: number;
  rssMb: number;
}
interface Phases {
  read: Phase;
  core: Phase;
  write: Phase;
  visits: Record<string, number>;
}

/** Child: read, core and write of one file, as the command line runs them. */
async function phases(file: string, out: string): Promise<Phases> {
  let t0 = performance.now();
  let c0 = process.cpuUsage();
  const lap = (): Phase => {
    const c = process.cpuUsage(c0);
    const p = {
      ms: performance.now() - t0,
      cpuMs: (c.user + c.system) / 1000,
      rssMb: process.resourceUsage().maxRSS / 1024,
    };
    t0 = performance.now();
    c0 = process.cpuUsage();
    return p;
  };
  // The built modules, as `npm start` runs them (a large CSV is read on two cores only there).
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { readSource } = require('../dist-cli/cli/io/read.js') as typeof import('../cli/io/read');
  const { readSalesTable } = require('../dist-cli/core/table/index.js') as typeof import('../core/table');
  const { runJob } = require('../dist-cli/core/analysis/index.js') as typeof import('../core/analysis');
  const { writeWorkbookStreamed } =
    require('../dist-cli/cli/io/source-sheet.js') as typeof import('../cli/io/source-sheet');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const src = await readSource(file);
  const read = lap();
  const r = readSalesTable(src.cells, {
    formats: src.formats,
    originRow: src.originRow,
    date1904: src.date1904,
  });
  if (!r.ok) throw new Error(r.error.message);
  const at = { sheet: src.sheetName, originRow: src.originRow, originCol: src.originCol };
  const specs: SheetSpec[] = [];
  for (const kind of ['breakdown', 'quadrant', 'scorecard'] as const) {
    const job = runJob(kind, r.table, at, { today: TODAY, lang: 'en' }, src.sheetNames);
    if (!job.ok) throw new Error(`${kind}: ${job.error}`);
    specs.push(...job.specs);
  }
  const core = lap();
  await writeWorkbookStreamed({ source: src, specs, outFile: out });
  const write = lap();
  return { read, core, write, visits: visitsBySheet(specs, src.sheetName, r.table.length) };
}

/** Per sheet: the source rows its SUMIFS/COUNTIFS/AVERAGEIFS calls scan (bench/row-visits.ts). */
function visitsBySheet(specs: SheetSpec[], sheet: string, rows: number): Record<string, number> {
  return Object.fromEntries(specs.map((s) => [s.name, rowVisits(s, sheet, rows).rows]));
}

/** Child: the same aggregates as the analyses need, in one hand-written pass over the CSV bytes. */
function leastPass(file: string): { ms: number; cpuMs: number; groups: number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const buf = readFileSync(file);
  const ids = new Map<string, number>();
  const id = (a: number, b: number): number => {
    const k = buf.toString('latin1', a, b);
    let v = ids.get(k);
    if (v === undefined) ids.set(k, (v = ids.size));
    return v;
  };
  const byRegion = new Map<number, number>();
  const byRep = new Map<number, number>();
  const orders = new Set<number>();
  const repYearOrders = new Map<number, number>();
  const repYearCustomers = new Set<number>();
  const firstYear = new Map<number, number>();
  let i = buf.indexOf(10) + 1;
  const starts = new Int32Array(9);
  while (i < buf.length) {
    let f = 0;
    starts[0] = i;
    while (buf[i] !== 10 && i < buf.length) {
      if (buf[i] === 44) starts[++f] = i + 1;
      i++;
    }
    starts[8] = i + 1;
    i++;
    const d = starts[0];
    const year = (buf[d] - 48) * 1000 + (buf[d + 1] - 48) * 100 + (buf[d + 2] - 48) * 10 + buf[d + 3] - 48;
    const month = year * 12 + (buf[d + 5] - 48) * 10 + buf[d + 6] - 49;
    let order = 0;
    for (let k = starts[1] + 2; k < starts[2] - 1; k++) order = order * 10 + buf[k] - 48;
    const customer = id(starts[2], starts[3] - 1);
    const region = id(starts[3], starts[4] - 1);
    const rep = id(starts[4], starts[5] - 1);
    const amount = parseFloat(buf.toString('latin1', starts[7], starts[8] - 1));
    byRegion.set(region * 100000 + month, (byRegion.get(region * 100000 + month) ?? 0) + amount);
    byRep.set(rep * 100000 + month, (byRep.get(rep * 100000 + month) ?? 0) + amount);
    if (!orders.has(order)) {
      orders.add(order);
      repYearOrders.set(rep * 10000 + year, (repYearOrders.get(rep * 10000 + year) ?? 0) + 1);
    }
    repYearCustomers.add((rep * 10000 + year) * 1e7 + customer);
    if (!firstYear.has(customer)) firstYear.set(customer, year);
  }
  const c = process.cpuUsage(c0);
  const groups = byRegion.size + byRep.size + repYearCustomers.size + repYearOrders.size + firstYear.size;
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, groups };
}

/**
 * DuckDB on the same aggregates from the same CSV (bench/duck.cjs): its queries alone (in the process, the
 * module loaded) and the whole process as a user runs such a script; null when @duckdb/node-api is not installed.
 */
function duck(file: string): { query: Timing; processMs: number } | null {
  let best: { query: Timing; processMs: number } | null = null;
  for (let k = 0; k < 2; k++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [path.join(__dirname, 'duck.cjs'), file], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const processMs = performance.now() - t0;
    if (r.status === 2) return null;
    if (r.status !== 0) throw new Error(`DuckDB: ${String(r.stderr).slice(0, 300)}`);
    const q = JSON.parse(r.stdout) as Timing;
    if (best === null || processMs < best.processMs)
      best = { query: { ms: q.ms, cpuMs: q.cpuMs }, processMs };
  }
  return best;
}

/**
 * A SQL source feeding the analyses (bench/sql-source.cjs): DuckDB's result handed to the core as columns gives
 * the results the command line's CSV reader gives. Prints one line (nothing when DuckDB is not installed).
 */
function sqlSource(file: string): void {
  const r = spawnSync(process.execPath, [path.join(__dirname, 'sql-source.cjs'), file, String(TODAY)], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 22,
  });
  if (r.status === 2) return;
  if (r.status !== 0) throw new Error(`SQL source: ${String(r.stderr).slice(0, 300)}`);
  const x = JSON.parse(r.stdout) as { queryMs: number; columnsMs: number; analysesMs: number; same: boolean };
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `A SQL source: DuckDB's result as the core's columns (core/table/columns.ts) gives the breakdown, quadrant and ` +
      `scorecard of the CSV reader: ${x.same ? 'yes' : 'NO'} (query ${s(x.queryMs)}, columns ${s(x.columnsMs)}, ` +
      `analyses ${s(x.analysesMs)})`,
  );
}

/** The command as a user runs it: wall time and the peak RSS of its largest process. */
function cli(args: string[], via: 'npm' | 'node' = 'npm'): { ms: number; cpuMs: number; rssMb: number } {
  // `npm start` builds the command line first when its sources changed (someone edited them): such a run is
  // measured again, since the build is not part of the command's cost.
  for (let attempt = 1; ; attempt++) {
    const r = cliOnce(args, via);
    if (!r.built || attempt === 3) return r;
  }
}

/** One run of `npm start -- ARGS`, or of `node dist-cli/cli/main.js ARGS` (the same without npm's own start). */
function cliOnce(
  args: string[],
  via: 'npm' | 'node',
): { ms: number; cpuMs: number; rssMb: number; built: boolean } {
  const log = path.join(DIR, `rss-${process.pid}.log`);
  rmSync(log, { force: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  spawnSync(npm, ['start', '--silent', '--', '--help'], { cwd: ROOT, stdio: 'ignore' });
  const [cmd, pre] =
    via === 'npm'
      ? [npm, ['start', '--silent', '--']]
      : [process.execPath, [path.join(ROOT, 'dist-cli', 'cli', 'main.js')]];
  const t0 = performance.now();
  const r = spawnSync(cmd, [...pre, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      BENCH_RSS_LOG: log,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require "${path.join(__dirname, 'rss.cjs')}"`,
    },
    maxBuffer: 1 << 26,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`npm start ${args.join(' ')}: ${String(r.stderr).slice(0, 500)}`);
  const procs = readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(' ').map(Number));
  rmSync(log, { force: true });
  return {
    ms,
    cpuMs: procs.reduce((a, p) => a + p[1], 0),
    rssMb: Math.max(...procs.map((p) => p[0])) / 1024,
    built: String(r.stderr).includes('Building the command line'),
  };
}

function childRun(args: string[]): unknown {
  const out = execFileSync(process.execPath, [...process.execArgv, __filename, '--child', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 22,
  });
  return JSON.parse(out);
}

async function child(args: string[]): Promise<unknown> {
  const [what, file, out] = args;
  if (what === 'phases') return phases(file, out);
  if (what === 'least') {
    const runs = [0, 1, 2].map(() => leastPass(file));
    return { ms: Math.min(...runs.map((r) => r.ms)), cpuMs: Math.min(...runs.map((r) => r.cpuMs)) };
  }
  throw new Error(`unknown child ${what}`);
}

interface Timing {
  ms: number;
  cpuMs: number;
}
/** "12.34/  9.87": wall and CPU seconds. */
const t = (x: Timing): string =>
  `${(x.ms / 1000).toFixed(2).padStart(6)}/${(x.cpuMs / 1000).toFixed(2).padStart(6)}`;
const mb = (x: number): string => x.toFixed(0).padStart(6);

async function main(): Promise<void> {
  const at = process.argv.indexOf('--child');
  if (at >= 0) {
    process.stdout.write(JSON.stringify(await child(process.argv.slice(at + 1))));
    return;
  }
  // The phases load the built command line: build it first when its sources changed.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('../scripts/build-cli.cjs') as { ensureBuilt: () => boolean }).ensureBuilt();
  const pick = process.argv.slice(2).find((a) => /^\d[\d,_]*$/.test(a));
  const sizes = pick ? pick.split(',').map((x) => Number(x.replace(/_/g, ''))) : SIZES;
  console.log(
    'Seconds as wall / CPU (CPU: all threads of the process; on a busy machine wall time waits for the CPU).',
  );
  console.log(
    'rows       fmt   read          core          write       peak MB | npm --json     MB | node --json   | npm --out      MB | 1 pass        DuckDB query  DuckDB proc | --json / DuckDB',
  );
  const perRow: number[] = [];
  let visits: Record<string, number> = {};
  for (const n of sizes) {
    const files = await benchFiles(DIR, n);
    for (const fmt of ['csv', 'xlsx'] as const) {
      const file = files[fmt];
      const p = childRun(['phases', file, path.join(DIR, `phases-${n}-${fmt}.xlsx`)]) as Phases;
      const json = cli([file, '--json']);
      const node = cli([file, '--json'], 'node');
      const out = cli([file, '--out', path.join(DIR, `cli-${n}-${fmt}.xlsx`)]);
      let tail = '';
      if (fmt === 'csv') {
        const least = childRun(['least', file]) as Timing;
        const d = duck(file);
        const x = (a: number, b: number): string => `×${(a / b).toFixed(2)}`;
        const ratio = d
          ? `npm ${x(json.ms, d.processMs)}, node ${x(node.ms, d.processMs)} of its process; node ${x(node.ms, d.query.ms)} of its query`
          : '';
        const dd = d ? `${t(d.query)}  ${(d.processMs / 1000).toFixed(2).padStart(6)}` : '(not installed)';
        tail = `${t(least)}  ${dd}      | ${ratio}`;
        perRow.push((p.read.cpuMs + p.core.cpuMs) / n);
        visits = p.visits;
      }
      console.log(
        `${String(n).padEnd(10)} ${fmt.padEnd(4)} ${t(p.read)} ${t(p.core)} ${t(p.write)} ${mb(p.write.rssMb)} | ${t(json)} ${mb(json.rssMb)} | ${t(node)} | ${t(out)} ${mb(out.rssMb)} | ${tail}`,
      );
    }
  }
  sqlSource((await benchFiles(DIR, sizes[sizes.length - 1])).csv);
  // Per-row cost from the two largest sizes: at 10k rows the fixed costs (startup, sheets) dominate.
  if (perRow.length > 1)
    console.log(
      `CPU per row (read + core), ${sizes[sizes.length - 1]} vs ${sizes[sizes.length - 2]} rows: ` +
        `×${(perRow[perRow.length - 1] / perRow[perRow.length - 2]).toFixed(2)} (1.00 = linear)`,
    );
  console.log(
    `SUMIFS/COUNTIFS row visits at ${sizes[sizes.length - 1].toLocaleString('en-US')} rows: ` +
      Object.entries(visits)
        .map(([k, v]) => `${k} ${(v / 1e6).toFixed(1)}M`)
        .join(', '),
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
