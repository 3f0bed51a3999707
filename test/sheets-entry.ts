/** The Apps Script entry points the built add-on exposes (sheets-addon/entry-points.json), for the vm loader. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ENTRY_POINTS: string[] = (
  JSON.parse(readFileSync(join(__dirname, '..', 'sheets-addon', 'entry-points.json'), 'utf8')) as {
    functions: { name: string }[];
  }
).functions.map((f) => f.name);
