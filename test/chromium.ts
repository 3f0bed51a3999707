/**
 * Headless Chromium for the browser tests, driven by playwright-core (`npx playwright install` downloads a
 * browser and cannot work here). Which Chromium:
 *  - CHROMIUM_PATH=/path/to/chrome: that one (an error if it is not there);
 *  - PACKAGED_CHROMIUM=1: the packaged one below, whatever browsers the machine has (what CI runs);
 *  - else the machine's Chromium or Chrome at a usual path (Debian's /usr/bin/chromium, ...);
 *  - else the packaged one: the Chromium that the devDependency @sparticuz/chromium ships inside its npm
 *    tarball (Linux x64), brotli-compressed with the few libraries it needs (NSS, expat) and a font. It is
 *    unpacked once into node_modules/.cache/, so a machine with only Node and npm runs the browser tests.
 */
import { spawn } from 'node:child_process';
import {
  accessSync,
  constants,
  createReadStream,
  createWriteStream,
  existsSync,
  promises as fs,
} from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where Linux distributions and macOS put Chromium or Chrome, in order of preference. */
export const SYSTEM_CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

export type ChromiumChoice = { kind: 'system'; path: string } | { kind: 'packaged' };

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Which Chromium the tests use, by the rules at the top of this file. */
export function chooseChromium(env = process.env, executable = isExecutable): ChromiumChoice {
  const explicit = env.CHROMIUM_PATH;
  if (explicit) {
    if (!executable(explicit)) throw new Error(`CHROMIUM_PATH=${explicit}: no executable there`);
    return { kind: 'system', path: explicit };
  }
  if (env.PACKAGED_CHROMIUM !== '1') {
    const found = SYSTEM_CHROMIUM_PATHS.find((p) => executable(p));
    if (found) return { kind: 'system', path: found };
  }
  return { kind: 'packaged' };
}

const ROOT = path.join(__dirname, '..');
const PACKAGE_DIR = path.join(ROOT, 'node_modules', '@sparticuz', 'chromium');

export interface PackagedChromium {
  version: string;
  executablePath: string;
  /** Environment of the browser process: the packaged libraries and fonts. */
  env: Record<string, string>;
}

async function unbrotli(file: string, to: string): Promise<void> {
  await pipeline(createReadStream(file), createBrotliDecompress(), createWriteStream(to, { mode: 0o755 }));
}

async function untarBrotli(file: string, dir: string): Promise<void> {
  const tarFile = path.join(dir, `${path.basename(file, '.br')}`);
  await unbrotli(file, tarFile);
  await new Promise<void>((ok, fail) => {
    const tar = spawn('tar', ['-xf', tarFile, '--no-same-owner', '-C', dir], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    tar.on('error', fail);
    tar.on('close', (code) => (code === 0 ? ok() : fail(new Error(`tar -xf ${tarFile}: exit code ${code}`))));
  });
  await fs.rm(tarFile);
}

/**
 * Unpacks the package's bin/ into dir: chromium, lib/ (NSS and expat built for Amazon Linux 2023, which
 * the binary links to), fonts/ (Open Sans) and the SwiftShader libraries.
 */
async function unpack(bin: string, dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  await Promise.all([
    unbrotli(path.join(bin, 'chromium.br'), path.join(dir, 'chromium')),
    untarBrotli(path.join(bin, 'al2023.tar.br'), dir),
    untarBrotli(path.join(bin, 'fonts.tar.br'), dir),
    untarBrotli(path.join(bin, 'swiftshader.tar.br'), dir),
  ]);
}

/**
 * The fontconfig file naming dir/fonts: the package's names /tmp/fonts, and Chromium aborts when it finds
 * no font. Rewritten when the folder has moved (a copied or renamed checkout), by a rename.
 */
async function fontsConf(dir: string): Promise<string> {
  // CHROMIUM_SYSTEM_FONTS=1 (the snapshots set it) adds the machine's fonts, e.g. fonts-noto-cjk, so that a
  // Chinese screenshot shows its characters; the tests keep the packaged font alone.
  const system = process.env.CHROMIUM_SYSTEM_FONTS === '1' ? '\n  <dir>/usr/share/fonts</dir>' : '';
  const file = path.join(dir, system ? 'fonts-system.conf' : 'fonts.conf');
  const conf = `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>
  <dir>${path.join(dir, 'fonts')}</dir>${system}\n  <cachedir>${path.join(dir, 'fonts-cache')}</cachedir>\n</fontconfig>\n`;
  if ((await fs.readFile(file, 'utf8').catch(() => '')) !== conf) {
    const tmp = `${file}.${process.pid}`;
    await fs.writeFile(tmp, conf);
    await fs.rename(tmp, file);
  }
  return file;
}

/**
 * The packaged Chromium, unpacked on first use into node_modules/.cache/packaged-chromium/VERSION/: into a
 * private folder first, then renamed, so test files that start at once never see half a browser.
 */
export async function packagedChromium(): Promise<PackagedChromium> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      'No Chromium found: install Chromium or Chrome, or set CHROMIUM_PATH (the packaged one is Linux x64)',
    );
  }
  const { version } = JSON.parse(await fs.readFile(path.join(PACKAGE_DIR, 'package.json'), 'utf8'));
  const cache = path.join(ROOT, 'node_modules', '.cache', 'packaged-chromium');
  const dir = path.join(cache, String(version));
  const executablePath = path.join(dir, 'chromium');
  if (!existsSync(executablePath)) {
    const tmp = path.join(cache, `.${version}-${process.pid}-${Date.now()}`);
    try {
      await unpack(path.join(PACKAGE_DIR, 'bin'), tmp);
      await fs.rename(tmp, dir);
    } catch (e) {
      await fs.rm(tmp, { recursive: true, force: true });
      if (!existsSync(executablePath)) throw e; // else another process unpacked it first
    }
  }
  const libs = [path.join(dir, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return {
    version: String(version),
    executablePath,
    env: { LD_LIBRARY_PATH: libs, FONTCONFIG_FILE: await fontsConf(dir) },
  };
}

/** Launches the chosen Chromium, or the packaged one when `packaged` is set. */
export async function launchChromium(opts: { packaged?: boolean } = {}): Promise<Browser> {
  const choice: ChromiumChoice = opts.packaged ? { kind: 'packaged' } : chooseChromium();
  if (choice.kind === 'system') {
    return chromium.launch({ executablePath: choice.path, args: CHROMIUM_ARGS });
  }
  const p = await packagedChromium();
  return chromium.launch({
    executablePath: p.executablePath,
    args: CHROMIUM_ARGS,
    env: { ...process.env, ...p.env },
  });
}
