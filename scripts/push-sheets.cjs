/**
 * npm run push:sheets: build the Google Sheets add-on into dist/sheets/ and push it with clasp to its Apps Script
 * project, a standalone project (an editor add-on is not bound to one spreadsheet) linked by .clasp.json:
 *
 *   npx clasp login
 *   npx clasp create --type standalone --title "Sales Goals" --rootDir dist/sheets   (once: writes .clasp.json)
 *   npm run push:sheets
 *
 * Step by step, each failing step printing one line (what failed and what to do) and exit code 1: clasp (pinned
 * in package.json, run from node_modules), .clasp.json with a script id and rootDir dist/sheets, clasp's login,
 * the build, `clasp push --force` (the build owns appsscript.json: the remote manifest is overwritten).
 * SGA_CLASP names another clasp command file (the tests); clasp's own clasp_config_project and
 * clasp_config_auth name another .clasp.json or login file.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ROOT, StepError, errorLine, runNode, runTask, toolPath } = require('./tools.cjs');

const SEE = 'README, Google Sheets add-on';
const CREATE = 'npx clasp create --type standalone --title "Sales Goals" --rootDir dist/sheets';

function claspTool() {
  const file = toolPath('@google/clasp', 'clasp', process.env.SGA_CLASP);
  if (file) return file;
  throw new StepError('clasp is not installed', 'run `npm install --loglevel=warn` (it is a devDependency)');
}

/** The project file: .clasp.json (or clasp_config_project), with a script id and rootDir dist/sheets. */
function project() {
  const file = process.env.clasp_config_project || path.join(ROOT, '.clasp.json');
  if (!fs.existsSync(file))
    throw new StepError(
      `no ${file}: no Apps Script project to push to`,
      `create one once: \`${CREATE}\` (${SEE})`,
    );
  let p;
  try {
    p = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new StepError(
      `${file} is not JSON (${e instanceof Error ? e.message : e})`,
      `fix it, or remove it and run \`${CREATE}\``,
    );
  }
  if (typeof p.scriptId !== 'string' || !/^[\w-]{20,}$/.test(p.scriptId))
    throw new StepError(
      `${file} has no script id`,
      `put the id of your Apps Script project in "scriptId" (${SEE})`,
    );
  const rootDir = path.resolve(path.dirname(file), p.rootDir ?? '.');
  if (rootDir !== path.join(ROOT, 'dist', 'sheets'))
    throw new StepError(`${file} pushes ${rootDir}, not the build`, 'set "rootDir": "dist/sheets" in it');
  return p.scriptId;
}

function loggedIn() {
  const auth = process.env.clasp_config_auth || path.join(os.homedir(), '.clasprc.json');
  if (fs.existsSync(auth)) return;
  throw new StepError(
    'clasp is not logged in to Google',
    'turn on the Apps Script API at https://script.google.com/home/usersettings, then run `npx clasp login`',
  );
}

async function build() {
  const webpack = toolPath('webpack', 'webpack');
  const { code } = await runNode(webpack, ['--config', 'webpack.sheets.config.js', '--mode', 'production']);
  if (code !== 0)
    throw new StepError('the build of dist/sheets/ failed', 'run `npm run build:sheets` to see why');
}

async function push(clasp, scriptId) {
  const { code, stderr } = await runNode(clasp, ['push', '--force']);
  const error = errorLine(stderr);
  if (code === 0 && !error) return;
  const why = error ?? `exit code ${code}`;
  const todo = /Apps Script API/i.test(stderr)
    ? 'turn on the Apps Script API at https://script.google.com/home/usersettings and try again'
    : /auth|credential|token|login|invalid_grant/i.test(stderr)
      ? 'run `npx clasp login` again'
      : `check that your account can edit script ${scriptId} (${SEE})`;
  throw new StepError(`clasp push failed (${why})`, todo);
}

runTask('push:sheets', async () => {
  const clasp = claspTool();
  const scriptId = project();
  loggedIn();
  await build();
  await push(clasp, scriptId);
  process.stderr.write(
    `push:sheets: pushed dist/sheets/ to https://script.google.com/d/${scriptId}/edit; ` +
      'try it there: Deploy > Test deployments > Editor add-on (README)\n',
  );
});
