'use strict';
/**
 * npm run bench: a SQL source feeding the analyses. DuckDB (@duckdb/node-api, optional) reads the CSV and hands
 * its result to the core as columns (core/table/columns.ts: a dictionary of texts per column, numbers and days
 * in typed arrays), which the reader and the analyses take as they take a CSV read by the command line. Prints
 * JSON: the time of the query, of building the columns and of the analyses, and whether the breakdown,
 * quadrant and scorecard results equal those from the command line's own CSV reader. Uses the built command
 * line (dist-cli/). Exit code 2 when DuckDB is not installed. `node bench/sql-source.cjs FILE TODAY`.
 */
const { performance } = require('node:perf_hooks');
const { isDeepStrictEqual } = require('node:util');
const { ColumnarCells, BLANK, NUMBER, DAY } = require('../dist-cli/core/table/columns.js');
const { readSalesTable } = require('../dist-cli/core/table/index.js');
const { runJob } = require('../dist-cli/core/analysis/index.js');
const { readSource } = require('../dist-cli/cli/io/read.js');

/** A result column (JS values) as a column of the core, row 0 its name. */
function column(name, values, isDay) {
  const n = values.length + 1;
  const codes = new Int32Array(n).fill(BLANK);
  const texts = [name];
  codes[0] = 0;
  let nums = null;
  const dict = new Map();
  for (let r = 1; r < n; r++) {
    const v = values[r - 1];
    if (v === null || v === undefined) continue;
    if (typeof v === 'string') {
      let k = dict.get(v);
      if (k === undefined) dict.set(v, (k = texts.push(v) - 1));
      codes[r] = k;
    } else {
      (nums ??= new Float64Array(n))[r] = Number(v);
      codes[r] = isDay ? DAY : NUMBER;
    }
  }
  return { codes, texts, values: nums, fmt: null, other: null };
}

async function analyses(cells, today) {
  const r = readSalesTable(cells, {});
  if (!r.ok) throw new Error(r.error.message);
  const at = { sheet: 'Sales', originRow: 1, originCol: 1 };
  const out = {};
  for (const kind of ['breakdown', 'quadrant', 'scorecard']) {
    const job = runJob(kind, r.table, at, { today, lang: 'en' }, ['Sales']);
    if (!job.ok) throw new Error(job.error);
    out[kind] = job.out;
  }
  return out;
}

(async () => {
  let api;
  try {
    api = await import('@duckdb/node-api');
  } catch {
    process.exit(2);
  }
  const [file, today] = [process.argv[2], Number(process.argv[3])];
  const t0 = performance.now();
  const db = await api.DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const reader = await con.runAndReadAll(
    `SELECT * REPLACE (epoch_ms("Order Date")::DOUBLE AS "Order Date") FROM read_csv('${file.replace(/'/g, "''")}')`,
  );
  const names = reader.columnNames();
  const values = reader.getColumnsJS();
  const t1 = performance.now();
  const cols = names.map((name, c) => column(name, values[c], name === 'Order Date'));
  const cells = new ColumnarCells(values[0].length + 1, cols, [null, 'yyyy-mm-dd']);
  // The days carry a date format, as a date column from any source does.
  cells.columns[names.indexOf('Order Date')].fmt = new Uint8Array(cells.length).fill(1);
  const t2 = performance.now();
  const fromSql = await analyses(cells, today);
  const t3 = performance.now();
  const src = await readSource(file);
  const fromCsv = await analyses(src.cells, today);
  process.stdout.write(
    JSON.stringify({
      queryMs: t1 - t0,
      columnsMs: t2 - t1,
      analysesMs: t3 - t2,
      same: isDeepStrictEqual(fromSql, fromCsv),
    }),
  );
})().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
