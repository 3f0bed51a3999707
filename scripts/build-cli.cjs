'use strict';
/**
 * Builds the command line (cli/ and the core/ it imports) into dist-cli/ with TypeScript's compiler
 * (tsconfig.cli.json: emit only, like tsx; `npm run typecheck` checks the types), when anything in cli/,
 * core/ or the tsconfigs is newer than the last build, or a file was added or removed there (a folder's
 * mtime). `npm install` and `npm ci` run it (prepare); `npm start` runs it first (start-cli.cjs), so an
 * edit is never run stale, and a fresh build costs a few stat calls. `node scripts/build-cli.cjs` by hand.
 *
 * dist-cli/ mirrors the tree (dist-cli/cli/main.js, dist-cli/core/...) and links dist-cli/samples to
 * samples/, so cli/run.ts finds the bundled sample at __dirname/../samples as it does under tsx.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.join(__dirname, '..');
const OUT = 'dist-cli';
const STAMP = '.built';
const SOURCES = ['cli', 'core', 'tsconfig.json', 'tsconfig.cli.json', 'scripts/build-cli.cjs'];

/** The newest mtime (ms) of a file, or of a folder and everything in it; 0 when missing. */
function newestMtime(p) {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, name)));
  return newest;
}

/** Whether dist-cli/ is missing or older than a source (see the stamp's time in build). */
function isStale(root = ROOT) {
  const stamp = fs.statSync(path.join(root, OUT, STAMP), { throwIfNoEntry: false });
  if (!stamp) return true;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > stamp.mtimeMs);
}

/**
 * Compiles into a private folder, then puts it in place of dist-cli/ by a rename: a concurrent start
 * never loads half a build. tsc's output goes to stderr (standard output is the command line's).
 */
function build(root = ROOT) {
  // The stamp's time: when the build started (an edit made during the build is newer), or the newest
  // source if that is later (a file dated in the future does not rebuild at every start).
  const newest = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
  const started = new Date(Math.max(Date.now(), newest));
  const tmp = path.join(root, `${OUT}.tmp-${process.pid}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  const config = path.join(root, 'tsconfig.cli.json');
  const r = spawnSync(process.execPath, [tsc, '-p', config, '--outDir', tmp], { stdio: ['ignore', 2, 2] });
  if (r.status !== 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(`Building the command line failed (tsc -p tsconfig.cli.json: ${r.error ?? r.status})`);
  }
  const samples = process.platform === 'win32' ? path.join(root, 'samples') : path.join('..', 'samples');
  fs.symlinkSync(samples, path.join(tmp, 'samples'), 'junction');
  fs.writeFileSync(path.join(tmp, STAMP), `${started.toISOString()}\n`);
  fs.utimesSync(path.join(tmp, STAMP), started, started);
  if (!isStale(root)) {
    fs.rmSync(tmp, { recursive: true, force: true }); // a concurrent start built it meanwhile: keep that one
    return;
  }
  fs.rmSync(path.join(root, OUT), { recursive: true, force: true });
  try {
    fs.renameSync(tmp, path.join(root, OUT));
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true }); // another start put its build there first
    if (!fs.existsSync(path.join(root, OUT, STAMP))) throw e;
  }
}

/** Builds when stale; true when it built. `say` gets a line for the user (on stderr). */
function ensureBuilt(root = ROOT, say = () => {}) {
  if (!isStale(root)) return false;
  const t0 = Date.now();
  say(`Building the command line into ${OUT}/ ...`);
  build(root);
  say(`Built the command line into ${OUT}/ in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
  return true;
}

module.exports = { ensureBuilt, isStale, build, newestMtime, SOURCES };

if (require.main === module) {
  try {
    if (!ensureBuilt(ROOT, (s) => process.stderr.write(`${s}\n`))) {
      process.stderr.write(`The command line in ${OUT}/ is up to date.\n`);
    }
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
