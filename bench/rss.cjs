'use strict';
/**
 * Preloaded by npm run bench (NODE_OPTIONS=--require) into every Node process of an `npm start` run: at exit
 * it appends the process's peak resident set size (KB) and its CPU time (ms) to the file named by BENCH_RSS_LOG.
 */
const fs = require('node:fs');

const log = process.env.BENCH_RSS_LOG;
if (log)
  process.on('exit', () => {
    const u = process.resourceUsage();
    fs.appendFileSync(log, `${u.maxRSS} ${Math.round((u.userCPUTime + u.systemCPUTime) / 1000)}\n`);
  });
