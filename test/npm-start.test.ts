/**
 * `npm start` as a user types it: standard output holds the command line's output alone (no npm banner,
 * see .npmrc), and it runs the JavaScript build in dist-cli/, rebuilt when the sources changed.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.join(__dirname, '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureBuilt } = require('../scripts/build-cli.cjs') as { ensureBuilt: (root?: string) => boolean };

/** The environment of a user's shell: none of the variables npm sets for the script running the tests. */
function userEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^npm_|^INIT_CWD$/i.test(k)) delete env[k];
  return env;
}

function run(cmd: string, args: string[], cwd = ROOT) {
  return spawnSync(cmd, args, { cwd, env: userEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'npm-start-'));

describe('npm start', () => {
  beforeAll(() => {
    ensureBuilt(); // up to date before the tests read stderr
  });

  for (const start of [['start'], ['run', 'start']]) {
    it(`npm ${start.join(' ')} -- FILE --json writes one JSON document to standard output`, () => {
      const out = path.join(tmp(), 'result.xlsx');
      const r = run('npm', [...start, '--', 'samples/sales-en.csv', '--json', '--out', out]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const json = JSON.parse(r.stdout);
      expect(json.table.rows).toBe(2891);
      expect(fs.statSync(out).size).toBeGreaterThan(10_000);
    });
  }

  it('the built command line reads an .xlsx (ExcelJS loaded on demand) and writes its workbook', () => {
    const out = path.join(tmp(), 'result.xlsx');
    const r = run('npm', ['start', '--', 'samples/sales-en.xlsx', '--json', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).table.rows).toBe(2891);
    expect(fs.statSync(out).size).toBeGreaterThan(10_000);
  });

  it('on bad input: nothing on standard output, the message on stderr and no npm noise, exit code 1', () => {
    const r = run('npm', ['start', '--', 'missing.csv', '--json']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('missing.csv');
    expect(r.stderr).not.toMatch(/npm (error|ERR)/);
  });

  it('runs node on dist-cli/, not tsx, and npm install builds it (prepare)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.start).toBe('node scripts/start-cli.cjs');
    expect(pkg.scripts.prepare).toBe('node scripts/build-cli.cjs');
    expect(fs.existsSync(path.join(ROOT, 'dist-cli', 'cli', 'main.js'))).toBe(true);
  });
});

describe('the dist-cli/ build', () => {
  it('is reused while fresh, and rebuilt before it runs after a new file in cli/ or an edit to core/', () => {
    ensureBuilt();
    const dir = tmp();
    const copy = ['cli', 'core', 'dist-cli', 'scripts/build-cli.cjs', 'scripts/start-cli.cjs'];
    for (const p of [...copy, 'tsconfig.json', 'tsconfig.cli.json']) {
      fs.cpSync(path.join(ROOT, p), path.join(dir, p), { recursive: true, preserveTimestamps: true });
    }
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    fs.symlinkSync(path.join(ROOT, 'samples'), path.join(dir, 'samples'));
    ensureBuilt(dir); // builds only if a source changed in ROOT since the build above
    const start = () => run(process.execPath, ['scripts/start-cli.cjs', '--help'], dir);

    const fresh = start();
    expect(fresh.status).toBe(0);
    expect(fresh.stderr).toBe('');
    expect(fresh.stdout).toMatch(/^Usage: npm start/);

    fs.writeFileSync(path.join(dir, 'cli', 'extra.ts'), 'export const extra = 1;\n');
    const added = start();
    expect(added.stderr).toMatch(
      /^Building the command line into dist-cli\/ \.\.\.\nBuilt .* in [\d.]+ s\.\n$/,
    );
    expect(added.stdout).toBe(fresh.stdout);
    expect(start().stderr).toBe('');

    fs.appendFileSync(path.join(dir, 'core', 'types.ts'), '\n// edited after the build\n');
    expect(start().stderr).toMatch(/^Building/);
    expect(fs.readFileSync(path.join(dir, 'dist-cli', 'core', 'types.js'), 'utf8')).toContain(
      '// edited after',
    );
  });
});
