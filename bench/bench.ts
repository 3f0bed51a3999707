/**
 * npm run bench: the core (read + breakdown + quadrant + scorecard) on generated tables of 10k, 100k and
 * 1,048,576 rows, each size in a fresh child process so that its peak memory is its own. For each size it
 * prints the time of each step, rows/s, the peak RSS and heap of the process, and the floor: a bare single
 * pass that only sums the amount column of the same cells, and a "lower bound": one hand-written pass over
 * the same cells that does only the least the three analyses need per row (the month of the date, the
 * region, rep and customer of the row looked up by their text, sums per region and month and per rep and
 * month, and the distinct order IDs counted by their number in a hash table sized for them), with no checks,
 * no coercion and no other distinct counts. Each child starts timing after a full GC
 * (node --expose-gc), so that the garbage of generating the table is not billed to the core.
 */
import { execFileSync } from 'node:child_process';
import * as v8 from 'node:v8';
import { goalBreakdown, kpiScorecard, quadrantAnalysis } from '../core/analysis';
import { readSalesTable } from '../core/table';
import { generateLargeTable } from '../samples/data';
import type { Cell } from '../core/types';

const SIZES = [10_000, 100_000, 1_048_576];

interface Row {
  rows: number;
  read: number;
  breakdown: number;
  quadrant: number;
  scorecard: number;
  total: number;
  floor: number;
  lowerBound: number;
  peakRssMb: number;
  heapMb: number;
}

/** The least work per row, hand-fused into one pass (see the header); returns its time in ms. */
function leastPass(cells: Cell[][]): number {
  const h = cells[0] as string[];
  const [cD, cRep, cReg, cCus, cAmt, cId] = ['Date', 'Rep', 'Region', 'Customer', 'Sales', 'Order ID'].map(
    (x) => h.indexOf(x),
  );
  const t0 = performance.now();
  const rep = new Map<unknown, number>();
  const reg = new Map<unknown, number>();
  const cus = new Map<unknown, number>();
  const id = (m: Map<unknown, number>, v: unknown): number => {
    let k = m.get(v);
    if (k === undefined) m.set(v, (k = m.size));
    return k;
  };
  const lo = 45292; // the generated dates: 2024-01-01 .. 2026-12-31
  const month = new Int32Array(1200);
  for (let d = 0; d < month.length; d++) month[d] = Math.floor(d / 30.44);
  const byRegion = new Float64Array(64 * 40);
  const byRep = new Float64Array(64 * 40);
  let size = 1024;
  while (size < 2 * cells.length) size *= 2;
  const ids = new Float64Array(size);
  let orders = 0;
  for (let i = 1; i < cells.length; i++) {
    const row = cells[i];
    const d = row[cD] as number;
    const a = row[cAmt] as number;
    const m = month[d - lo];
    byRegion[id(reg, row[cReg]) * 40 + m] += a;
    byRep[id(rep, row[cRep]) * 40 + m] += a;
    id(cus, row[cCus]);
    const o = row[cId] as string; // "SO1000004"
    let k = 0;
    for (let j = 2; j < o.length; j++) k = k * 10 + o.charCodeAt(j) - 48;
    let slot = k & (size - 1);
    while (ids[slot] !== 0 && ids[slot] !== k) slot = (slot + 1) & (size - 1);
    if (ids[slot] === 0) {
      ids[slot] = k;
      orders++;
    }
  }
  const ms = performance.now() - t0;
  if (!(byRegion[0] + byRep[0] >= 0) || cus.size === 0 || orders !== cells.length - 1)
    throw new Error('lower bound pass');
  return ms;
}

function child(rows: number): Row {
  const cells = generateLargeTable(rows, 1);
  (globalThis as { gc?: () => void }).gc?.();
  const amountCol = (cells[0] as string[]).indexOf('Sales');
  const t = (): number => performance.now();
  // Floor: one pass summing the amount column of the same cells (best of 5).
  let floor = Infinity;
  let sink = 0;
  for (let k = 0; k < 5; k++) {
    const t0 = t();
    let s = 0;
    for (let i = 1; i < cells.length; i++) {
      const v = cells[i][amountCol];
      if (typeof v === 'number') s += v;
    }
    sink += s;
    floor = Math.min(floor, t() - t0);
  }
  const lowerBound = Math.min(...[0, 1, 2, 3, 4].map(() => leastPass(cells)));
  const src = { sheet: 'Sales', originRow: 1, originCol: 1 };
  const t0 = t();
  const res = readSalesTable(cells);
  const t1 = t();
  if (!res.ok) throw new Error(res.error.message);
  const bd = goalBreakdown(res.table, { by: 'Region' });
  const t2 = t();
  const qd = quadrantAnalysis(res.table, { by: 'Region', source: src });
  const t3 = t();
  const sc = kpiScorecard(res.table, { source: src });
  const t4 = t();
  if (!bd.ok || !qd.ok || !sc.ok) throw new Error('analysis failed');
  if (res.table.length !== rows) throw new Error(`read ${res.table.length} of ${rows} rows`);
  void sink;
  return {
    rows,
    read: t1 - t0,
    breakdown: t2 - t1,
    quadrant: t3 - t2,
    scorecard: t4 - t3,
    total: t4 - t0,
    floor,
    lowerBound,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    heapMb: v8.getHeapStatistics().used_heap_size / 1048576,
  };
}

function main(): void {
  const arg = process.argv.indexOf('--child');
  if (arg >= 0) {
    process.stdout.write(JSON.stringify(child(Number(process.argv[arg + 1]))));
    return;
  }
  const results: Row[] = [];
  for (const n of SIZES) {
    const out = execFileSync(
      process.execPath,
      [...process.execArgv, '--expose-gc', __filename, '--child', String(n)],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      },
    );
    results.push(JSON.parse(out) as Row);
  }
  const f = (x: number): string => x.toFixed(0).padStart(7);
  console.log(
    'rows        read  breakdown quadrant scorecard  total(ms)  rows/s      floor(ms)  ×floor  lower bound(ms) ×floor  peak RSS(MB)  heap(MB)',
  );
  for (const r of results)
    console.log(
      `${String(r.rows).padEnd(9)}${f(r.read)}${f(r.breakdown)}${f(r.quadrant)}${f(r.scorecard)}    ${f(r.total)}   ${String(Math.round(r.rows / (r.total / 1000))).padStart(10)}  ${r.floor.toFixed(2).padStart(8)}  ${(r.total / r.floor).toFixed(0).padStart(6)}  ${r.lowerBound.toFixed(1).padStart(15)} ${(r.lowerBound / r.floor).toFixed(1).padStart(6)}  ${f(r.peakRssMb)}       ${f(r.heapMb)}`,
    );
  const [a, , c] = results;
  console.log(
    `time per row, 1,048,576 vs 10,000 rows: ×${(c.total / c.rows / (a.total / a.rows)).toFixed(2)} (1.00 = linear)`,
  );
}

main();
