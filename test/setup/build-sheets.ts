/**
 * Global setup: runs the production build of the Google Sheets add-on (webpack.sheets.config.js, the same
 * as `npm run build:sheets`) once per test run, into a private temporary folder (not dist/sheets/, which
 * other people and runs share and which the build cleans), and tells the tests where it is
 * (`inject('sheetsDist')`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of the production build of the Sheets add-on (what `npm run build:sheets` writes). */
    sheetsDist: string;
  }
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The production build of the Sheets add-on into a new temporary folder (returned); on failure the folder
 * is removed and the build's output thrown. Also used by bench/hosts.ts.
 */
export function buildSheetsToTemp(): string {
  const out = mkdtempSync(join(tmpdir(), 'sheets-dist-'));
  const args = [
    'webpack',
    '--config',
    'webpack.sheets.config.js',
    '--mode',
    'production',
    '--env',
    `out=${out}`,
  ];
  const r = spawnSync('npx', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error || r.status !== 0) {
    rmSync(out, { recursive: true, force: true });
    const why = r.error ? String(r.error) : `exit code ${r.status}`;
    throw new Error(
      `Sheets add-on build failed (npx ${args.join(' ')}: ${why})\n${r.stdout ?? ''}\n${r.stderr ?? ''}`,
    );
  }
  return out;
}

export default function setup(project: TestProject): () => void {
  const out = buildSheetsToTemp();
  project.provide('sheetsDist', out);
  return () => rmSync(out, { recursive: true, force: true });
}
