/**
 * The command-line part shared by the wrapper generators: write a generated file when it changed, or with
 * --check exit 1 when the committed file is out of date. Runs `main` only when the script is run directly.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KPI_FUNCTIONS } from '../core/kpi';

export async function writeGenerated(
  file: string,
  generate: () => Promise<string>,
  script: string,
): Promise<void> {
  const src = await generate();
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // not written yet
  }
  const rel = relative(resolve(fileURLToPath(import.meta.url), '..', '..'), file);
  const count = `${KPI_FUNCTIONS.length} functions`;
  if (current === src) console.log(`${rel} is up to date (${count})`);
  else if (process.argv.includes('--check')) {
    console.error(`${rel} is out of date: run npm run ${script}`);
    process.exit(1);
  } else {
    writeFileSync(file, src);
    console.log(`wrote ${rel} (${count})`);
  }
}

/** Run `main` when `moduleUrl` is the script node was started with. */
export function runIfMain(moduleUrl: string, main: () => Promise<void>): void {
  if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(moduleUrl))
    main().catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
