/**
 * npm run samples (or npx tsx samples/generate.ts [DIR]): writes samples/sales-en.xlsx,
 * samples/sales-zh.xlsx and samples/sales-en.csv from the seeded data in samples/data.ts.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeSamples } from './workbook';

async function main(): Promise<void> {
  const dir = path.resolve(process.argv[2] ?? __dirname);
  for (const file of await writeSamples(dir)) {
    const { size } = await fs.stat(file);
    console.log(`${path.relative(process.cwd(), file) || file}  ${(size / 1024).toFixed(0)} KB`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
