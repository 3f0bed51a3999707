/**
 * npm run start:excel [-- PLATFORM [OPTIONS]]   serve the add-in and sideload manifest.xml into Excel
 * npm run stop:excel                            remove the sideloaded add-in and stop the dev server
 *
 * start, step by step (each failing step prints one line: what failed and what to do, exit code 1):
 * 1. office-addin-debugging, pinned in package.json (an optional dependency: npm skips it where one of its
 *    dependencies cannot be built), run from node_modules;
 * 2. the platform: Excel desktop on Windows and macOS; elsewhere only what is asked for, e.g.
 *    `npm run start:excel -- web --document URL` (office-addin-debugging's own options);
 * 3. the development certificates (scripts/dev-certs.cjs: kept while valid, made once when missing);
 * 4. the dev server (webpack serve, https://localhost:3000), started here in the background unless one
 *    answers already; its output goes to a log file in the temporary folder;
 * 5. office-addin-debugging start manifest.xml: sideloads and opens Excel.
 * The dev server is started here, not by office-addin-debugging, so that its own certificate check (which makes
 * a new CA whenever it does not find the CA in the system's store) never replaces a CA trusted by hand.
 */
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const https = require('https');
const os = require('os');
const path = require('path');
const { setTimeout: sleep } = require('timers/promises');
const { httpsOptions } = require('./dev-certs.cjs');
const { ROOT, StepError, errorLine, oneLine, runNode, runTask, toolPath } = require('./tools.cjs');

const PORT = 3000;
const STATE = path.join(os.tmpdir(), 'sales-goal-addin-dev-server.json');
const LOG = path.join(os.tmpdir(), 'sales-goal-addin-dev-server.log');
const BY_HAND = 'sideload manifest.xml by hand (README, Excel add-in)';

/** office-addin-debugging's command file (SGA_OFFICE_DEBUGGING names another one, e.g. in the tests). */
function debuggingTool() {
  const file = toolPath('office-addin-debugging', 'office-addin-debugging', process.env.SGA_OFFICE_DEBUGGING);
  if (file) return file;
  throw new StepError(
    'office-addin-debugging is not installed (an optional dependency: npm leaves it out where it cannot build it)',
    `run \`npm install --loglevel=verbose\` (it tries again; "failed optional dependency" says why), or ${BY_HAND}`,
  );
}

/** office-addin-debugging's platform and options: as given, else desktop where Excel desktop runs. */
function platformArgs(given) {
  if (given.length) return given;
  if (process.platform === 'win32' || process.platform === 'darwin') return ['desktop'];
  throw new StepError(
    `there is no Excel desktop on ${process.platform} to sideload into`,
    'run `npm run dev-server` and upload manifest.xml in Excel on the web (README, Excel add-in)',
  );
}

async function certificates() {
  try {
    await httpsOptions();
  } catch (e) {
    throw new StepError(
      `no development certificate for https://localhost:${PORT} (${oneLine(e)})`,
      'run `npx office-addin-dev-certs install` and trust its CA (README, Troubleshooting)',
    );
  }
}

/** True when https://localhost:PORT/ answers (any certificate). */
function answers() {
  return new Promise((resolve) => {
    const req = https.get({
      host: 'localhost',
      port: PORT,
      path: '/',
      rejectUnauthorized: false,
      timeout: 2000,
    });
    req.on('response', (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/** The dev server in the background, unless one answers already; resolves once it answers (true: started here). */
async function devServer() {
  if (await answers()) return false;
  const webpack = toolPath('webpack', 'webpack');
  const log = fs.openSync(LOG, 'w');
  const child = spawn(process.execPath, [webpack, 'serve', '--mode', 'development'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', log, log],
    windowsHide: true,
  });
  child.unref();
  fs.writeFileSync(STATE, JSON.stringify({ pid: child.pid, root: ROOT }));
  let exited = false;
  child.on('exit', () => (exited = true));
  for (const until = Date.now() + 180_000; !exited && Date.now() < until;) {
    if (await answers()) return true;
    await sleep(1000);
  }
  stopDevServer();
  throw new StepError(
    `the dev server did not start at https://localhost:${PORT} (its output: ${LOG})`,
    'run `npm run dev-server` to see why',
  );
}

/** Stop the dev server this script started (its process group), if it still runs. */
function stopDevServer() {
  let state;
  try {
    state = JSON.parse(fs.readFileSync(STATE, 'utf8'));
  } catch {
    return false;
  }
  fs.rmSync(STATE, { force: true });
  if (state.root !== ROOT || !Number.isInteger(state.pid)) return false;
  try {
    if (process.platform === 'win32') spawnSync('taskkill', ['/pid', String(state.pid), '/T', '/F']);
    else process.kill(-state.pid, 'SIGTERM');
    return true;
  } catch {
    return false; // gone already
  }
}

async function sideload(tool, platform) {
  const args = ['start', 'manifest.xml', ...platform, '--dev-server-port', String(PORT)];
  const { code, stderr } = await runNode(tool, args);
  // office-addin-debugging reports "Error: Unable to start debugging..." and still exits with 0.
  const error = errorLine(stderr);
  if (code === 0 && !error) return;
  throw new StepError(
    `office-addin-debugging could not sideload manifest.xml (${error ?? `exit code ${code}`})`,
    `close Excel and run \`npm run start:excel\` again, or ${BY_HAND}`,
  );
}

async function start(given) {
  const tool = debuggingTool();
  const platform = platformArgs(given);
  await certificates();
  const started = await devServer();
  try {
    await sideload(tool, platform);
  } catch (e) {
    if (started) stopDevServer();
    throw e;
  }
}

async function stop() {
  const stopped = stopDevServer();
  const tool = toolPath('office-addin-debugging', 'office-addin-debugging', process.env.SGA_OFFICE_DEBUGGING);
  if (tool) {
    const { code, stderr } = await runNode(tool, ['stop', 'manifest.xml']);
    const error = errorLine(stderr);
    if (code !== 0 || error)
      throw new StepError(
        `office-addin-debugging could not remove the sideloaded add-in (${error ?? `exit code ${code}`})`,
        'close Excel and run `npm run stop:excel` again',
      );
  }
  process.stderr.write(
    `stop:excel: ${stopped ? 'dev server stopped' : 'no dev server of ours was running'}\n`,
  );
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'start') runTask('start:excel', () => start(rest));
else if (command === 'stop') runTask('stop:excel', () => stop());
else
  runTask('excel', () => Promise.reject(new StepError(`unknown command "${command}"`, 'use start or stop')));
