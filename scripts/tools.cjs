/**
 * Shared by the install scripts (excel.cjs, push-sheets.cjs): the pinned tools run from node_modules (never
 * downloaded on the fly), and a failing step says in one line on standard error what failed and what to do.
 * npm is quiet in this project (.npmrc loglevel=silent), so that line is all a user sees of a failure.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

/** A failing step: `task: what failed; what to do`, on one line, then exit code 1. */
class StepError extends Error {
  constructor(what, todo) {
    super(`${what}; ${todo}`);
    this.name = 'StepError';
  }
}

/**
 * Run `main` as the task `task` (the npm script's name): a StepError or any other error ends it with one line
 * on standard error and exit code 1.
 */
function runTask(task, main) {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (e) => {
      const line = e instanceof StepError ? e.message : `unexpected error: ${oneLine(e)}; please report it`;
      process.stderr.write(`${task}: ${line}\n`);
      process.exit(1);
    },
  );
}

/** The first line of an error's message. */
function oneLine(e) {
  return String(e instanceof Error ? e.message : e)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)[0];
}

/**
 * The JavaScript file of the command `bin` of the installed package `pkg` (from its package.json), or null when
 * the package is not installed. `override` (an environment variable's value) names the file instead.
 */
function toolPath(pkg, bin, override) {
  if (override) return fs.existsSync(override) ? override : null;
  // node_modules/<pkg>/package.json itself: a package's "exports" may not export its package.json.
  const manifest = path.join(ROOT, 'node_modules', ...pkg.split('/'), 'package.json');
  if (!fs.existsSync(manifest)) return null;
  const { bin: bins } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  const rel = typeof bins === 'string' ? bins : bins?.[bin];
  return rel ? path.join(path.dirname(manifest), rel) : null;
}

/**
 * Run `node file ...args` in the project folder, standard input and output shared with the user (tools may ask
 * questions). Standard error is shown as it comes and also kept: resolves to { code, stderr }.
 */
function runNode(file, args, env = process.env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], {
      cwd: ROOT,
      env,
      stdio: ['inherit', 'inherit', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
      process.stderr.write(d);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), stderr }));
  });
}

/** The first line of a tool's standard error that reads as an error ("Error: ...", "error: ..."), or null. */
function errorLine(stderr) {
  const line = stderr.split('\n').find((l) => /^\s*(error\b|\S*Error:)/i.test(l));
  return line ? line.trim() : null;
}

module.exports = { ROOT, StepError, runTask, oneLine, toolPath, runNode, errorLine };
