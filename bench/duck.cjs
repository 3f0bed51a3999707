'use strict';
/**
 * npm run bench: the aggregates the analyses need, in DuckDB (@duckdb/node-api, optional: not a dependency),
 * from a CSV, as a script a user would run: `node bench/duck.cjs FILE`. Prints JSON: the time to load the
 * module, and the wall and CPU time of the queries (loading the CSV included). Exit code 2 when DuckDB is not
 * installed. The bench times the whole process too (Node's start and the module load included), which is what
 * `npm start -- FILE --json` is compared with.
 */
const { performance } = require('node:perf_hooks');

(async () => {
  const t0 = performance.now();
  let api;
  try {
    api = await import('@duckdb/node-api');
  } catch {
    process.exit(2);
  }
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const file = process.argv[2].replace(/'/g, "''");
  const db = await api.DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(`CREATE TABLE t AS SELECT * FROM read_csv('${file}')`);
  const q = [
    `SELECT Region, date_trunc('month', "Order Date") m, sum(Sales), count(*) FROM t GROUP BY ALL`,
    `SELECT "Sales Rep", date_trunc('month', "Order Date") m, sum(Sales), sum(Quantity) FROM t GROUP BY ALL`,
    `SELECT "Sales Rep", year("Order Date") y, count(DISTINCT "Order ID"), count(DISTINCT Customer) FROM t GROUP BY ALL`,
    `SELECT "Sales Rep", y, count(*) FROM (SELECT Customer, any_value("Sales Rep" ORDER BY "Order Date") "Sales Rep",
       year(min("Order Date")) y FROM t GROUP BY Customer) GROUP BY ALL`,
  ];
  for (const sql of q) await (await con.runAndReadAll(sql)).getRows();
  const c = process.cpuUsage(c1);
  con.closeSync();
  process.stdout.write(
    JSON.stringify({ importMs: t1 - t0, ms: performance.now() - t1, cpuMs: (c.user + c.system) / 1000 }),
  );
})();
