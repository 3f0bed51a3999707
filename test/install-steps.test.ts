/**
 * The install steps as a user runs them: `npm run start:excel`, `npm run push:sheets` and the dev server's
 * certificates. Every failing step prints one line on standard error (what failed and what to do) and exits
 * with 1, with npm quiet (.npmrc) and without the network. Nothing here sideloads, logs in or installs a
 * certificate: the machine's home, temporary folder and tools are replaced by temporary ones.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const { usableCertificates } = require('../scripts/dev-certs.cjs') as {
  usableCertificates: (dir: string, now?: number) => { ca?: Buffer; why?: string };
};

const temp = mkdtempSync(join(tmpdir(), 'install-steps-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A folder of its own under the test's temporary folder. */
function dir(name: string): string {
  const d = join(temp, name);
  mkdirSync(d, { recursive: true });
  return d;
}

/** Development certificates as office-addin-dev-certs makes them (not installed anywhere), valid `days` days. */
async function makeCertificates(home: string, days = 30): Promise<string> {
  const certs = join(home, '.office-addin-dev-certs');
  mkdirSync(certs, { recursive: true });
  const { generateCertificates } = require('office-addin-dev-certs/lib/generate') as {
    generateCertificates: (ca: string, cert: string, key: string, days: number) => Promise<void>;
  };
  await generateCertificates(
    join(certs, 'ca.crt'),
    join(certs, 'localhost.crt'),
    join(certs, 'localhost.key'),
    days,
  );
  return certs;
}

/**
 * `npm run <script> [-- args]` as a user types it, with a home and temporary folder of its own, npm's registry
 * unreachable and `env` on top (asynchronous: a test's own server must keep answering meanwhile).
 */
function npmRun(
  script: string,
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ status: number | null; stdout: string; lines: string[] }> {
  const home = env.HOME ?? dir(`home-${script}-${Math.random().toString(36).slice(2)}`);
  // A user's shell: none of the variables npm sets for the script running the tests.
  const user = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_|^INIT_CWD$/i.test(k)));
  const child = spawn('npm', ['run', script, ...(args.length ? ['--', ...args] : [])], {
    cwd: ROOT,
    env: {
      ...user,
      HOME: home,
      USERPROFILE: home,
      TMPDIR: dir('tmp'),
      npm_config_registry: 'http://127.0.0.1:9/',
      npm_config_offline: 'true',
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, lines: stderr.split('\n').filter(Boolean) }));
  });
}

/** One line `task: what failed; what to do`. */
const reason = (task: string) => new RegExp(`^${task}: [^\\n]+; [^\\n]+$`);

describe('npm run start:excel', () => {
  const desktop = process.platform === 'win32' || process.platform === 'darwin';

  it.skipIf(desktop)('where nothing can be sideloaded: one line with the reason, exit code 1', async () => {
    const r = await npmRun('start:excel', []);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(reason('start:excel'));
    expect(r.lines[0]).toMatch(/office-addin-debugging is not installed|no Excel desktop/);
  });

  it('without office-addin-debugging: says so and what to do instead, exit code 1', async () => {
    const r = await npmRun('start:excel', [], { SGA_OFFICE_DEBUGGING: join(temp, 'missing', 'cli.js') });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.lines).toEqual([expect.stringMatching(reason('start:excel'))]);
    expect(r.lines[0]).toContain('office-addin-debugging is not installed');
    expect(r.lines[0]).toContain('npm install --loglevel=verbose');
  });

  it('a failed sideload: one line naming the tool’s error; the certificates in use are left as they are', async (ctx) => {
    const home = dir('home-sideload');
    const certs = await makeCertificates(home);
    const before = ['ca.crt', 'localhost.crt', 'localhost.key'].map((f) =>
      readFileSync(join(certs, f), 'utf8'),
    );
    // A dev server that answers (this test's own, with those certificates).
    const server = createServer({ key: before[2], cert: before[1] }, (_q, res) => res.end('ok'));
    const listening = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(3000, 'localhost', () => resolve(true));
    });
    if (!listening) ctx.skip(); // port 3000 is someone else's
    try {
      // office-addin-debugging as it fails: "Error: ..." on standard error, exit code 0.
      const tool = join(dir('tool'), 'cli.js');
      const argsFile = join(temp, 'tool-args.json');
      writeFileSync(
        tool,
        `require('fs').writeFileSync(${JSON.stringify(argsFile)}, JSON.stringify(process.argv.slice(2)));\n` +
          `console.error('Error: Unable to start debugging.\\nError: Unable to sideload the Office Add-in.');\n`,
      );
      const r = await npmRun('start:excel', ['desktop'], { HOME: home, SGA_OFFICE_DEBUGGING: tool });
      expect(r.status).toBe(1);
      expect(JSON.parse(readFileSync(argsFile, 'utf8'))).toEqual([
        'start',
        'manifest.xml',
        'desktop',
        '--dev-server-port',
        '3000',
      ]);
      const last = r.lines[r.lines.length - 1];
      expect(last).toMatch(reason('start:excel'));
      expect(last).toContain('could not sideload manifest.xml (Error: Unable to start debugging.)');
      const after = ['ca.crt', 'localhost.crt', 'localhost.key'].map((f) =>
        readFileSync(join(certs, f), 'utf8'),
      );
      expect(after).toEqual(before);
    } finally {
      server.close();
    }
  }, 60_000);
});

describe('npm run push:sheets', () => {
  const project = (scriptId: string) => {
    const file = join(dir('project'), `clasp-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify({ scriptId, rootDir: join(ROOT, 'dist', 'sheets') }));
    return file;
  };

  it('without a project: one line saying how to create the standalone project, exit code 1', async () => {
    const r = await npmRun('push:sheets', [], { clasp_config_project: join(temp, 'none', '.clasp.json') });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.lines).toEqual([expect.stringMatching(reason('push:sheets'))]);
    expect(r.lines[0]).toContain('clasp create --type standalone');
    expect(r.lines[0]).toContain('--rootDir dist/sheets');
  });

  it('with the example file as it is, or not logged in: one line each, exit code 1, before anything is built', async () => {
    const example = await npmRun('push:sheets', [], {
      clasp_config_project: join(ROOT, '.clasp.json.example'),
    });
    expect(example.status).toBe(1);
    expect(example.lines).toEqual([expect.stringMatching(/^push:sheets: .*has no script id; .*scriptId/)]);
    const r = await npmRun('push:sheets', [], {
      clasp_config_project: project('1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijk'),
      clasp_config_auth: join(temp, 'no-login', '.clasprc.json'),
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.lines).toEqual([expect.stringMatching(reason('push:sheets'))]);
    expect(r.lines[0]).toContain('npx clasp login');
  });
});

describe('development certificates (scripts/dev-certs.cjs)', () => {
  it('keeps certificates that are valid, and tells why others are not usable', async () => {
    const good = await makeCertificates(dir('certs-good'));
    expect(usableCertificates(good).ca?.toString()).toBe(readFileSync(join(good, 'ca.crt'), 'utf8'));
    // Valid for 30 days: not usable once less than a day is left.
    expect(usableCertificates(good, Date.now() + 29.5 * 86_400_000).why).toMatch(/expires/);
    const other = await makeCertificates(dir('certs-other'));
    writeFileSync(join(good, 'localhost.key'), readFileSync(join(other, 'localhost.key')));
    expect(usableCertificates(good).why).toMatch(/localhost\.key is not the key of/);
    writeFileSync(join(good, 'ca.crt'), readFileSync(join(other, 'ca.crt')));
    expect(usableCertificates(good).why).toMatch(/is not signed by/);
    expect(usableCertificates(dir('certs-none')).why).toMatch(
      /^no ca\.crt, localhost\.crt, localhost\.key in /,
    );
  });

  it('the dev server takes the certificates in ~/.office-addin-dev-certs/ as they are: no new CA, nothing installed', async () => {
    const home = dir('home-devserver');
    const certs = await makeCertificates(home);
    const ca = readFileSync(join(certs, 'ca.crt'), 'utf8');
    const script =
      "require('./scripts/dev-certs.cjs').httpsOptions().then((o) => process.stdout.write(String(o.ca)))";
    const child = spawn(process.execPath, ['-e', script], {
      cwd: ROOT,
      env: { ...process.env, HOME: home, USERPROFILE: home },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const status = await new Promise((resolve) => child.on('close', resolve));
    expect(status).toBe(0);
    expect(err).toBe('');
    expect(out).toBe(ca);
    expect(readFileSync(join(certs, 'ca.crt'), 'utf8')).toBe(ca);
  });
});

describe('the README’s install commands', () => {
  it('name npm scripts that exist, and the clasp and office-addin tools the package pins', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      devDependencies: Record<string, string>;
      optionalDependencies: Record<string, string>;
    };
    const scripts = [...readme.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]);
    expect(scripts).toEqual(
      expect.arrayContaining(['start:excel', 'stop:excel', 'push:sheets', 'dev-server']),
    );
    for (const s of new Set(scripts)) expect(pkg.scripts[s], `npm run ${s}`).toBeDefined();
    // Pinned, run from node_modules: no "@latest", no npx --yes download.
    expect(pkg.devDependencies['@google/clasp']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.optionalDependencies['office-addin-debugging']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Object.values(pkg.scripts).join('\n')).not.toMatch(/npx --yes|@latest/);
    expect(readme).not.toMatch(/npx @google\/clasp|@latest/);
    expect(readme).toContain(
      'npx clasp create --type standalone --title "Sales Goals" --rootDir dist/sheets',
    );
  });
});
