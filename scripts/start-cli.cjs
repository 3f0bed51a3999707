'use strict';
/**
 * `npm start`: the command line, run from its JavaScript build in dist-cli/, rebuilt first when cli/ or
 * core/ changed since (build-cli.cjs says so on stderr). Standard output is the command line's alone.
 */
const { ensureBuilt } = require('./build-cli.cjs');

try {
  ensureBuilt(undefined, (s) => process.stderr.write(`${s}\n`));
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
require('../dist-cli/cli/main.js');
