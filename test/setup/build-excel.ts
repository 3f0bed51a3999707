/**
 * Global setup: runs the production build of the Excel add-in (webpack.config.js) once per test run and
 * tells the tests where it is (`inject('excelDist')`). It builds into a private temporary folder, not
 * dist/: several people and test runs share this tree, and webpack cleans its output folder, so a shared
 * dist/ could be emptied under a running test. The build is the same as `npm run build`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of the production build of the Excel add-in (what `npm run build` puts in dist/). */
    excelDist: string;
  }
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export default function setup(project: TestProject): () => void {
  const out = mkdtempSync(join(tmpdir(), 'excel-dist-'));
  const env = { ...process.env };
  delete env.ADDIN_URL; // the tests read the dev-server URLs
  const r = spawnSync('npx', ['webpack', '--mode', 'production', '--output-path', out], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error || r.status !== 0) {
    rmSync(out, { recursive: true, force: true });
    const why = r.error ? String(r.error) : `exit code ${r.status}`;
    throw new Error(
      `Excel add-in build failed (npx webpack --mode production: ${why})\n${r.stdout ?? ''}\n${r.stderr ?? ''}`,
    );
  }
  project.provide('excelDist', out);
  return () => rmSync(out, { recursive: true, force: true });
}
