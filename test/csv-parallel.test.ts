/**
 * A large CSV read on two cores (cli/io/csv-parallel.ts) gives the rows one pass gives, or nothing (the caller
 * then reads it in one pass): cut inside a quoted field, bytes that are not UTF-8, only empty rows after the
 * cut. The worker thread runs from the built command line (dist-cli/), so that is what is tested here.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { typeCsvText } from '../cli/io/csv-fast';
import type { ColumnarCells } from '../core/table/columns';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureBuilt } = require('../scripts/build-cli.cjs') as { ensureBuilt: () => boolean };

type Parallel = (buf: Uint8Array) => Promise<ColumnarCells | null>;
let parallel: Parallel;

beforeAll(() => {
  ensureBuilt();
  process.env.SGA_PARALLEL_CSV_BYTES = '1';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  parallel = (require('../dist-cli/cli/io/csv-parallel.js') as { csvColumnsParallel: Parallel })
    .csvColumnsParallel;
});

const rowsOf = (c: ColumnarCells) => ({
  cells: Array.from({ length: c.length }, (_, r) => c.row(r)),
  formats: Array.from({ length: c.length }, (_, r) => [...c.formatsRow(r)]),
});

const lines = (n: number, eol = '\n'): string =>
  [
    'Date,Customer,Region,Sales',
    ...Array.from(
      { length: n },
      (_, i) =>
        `2024-01-${String((i % 28) + 1).padStart(2, '0')},C${i % 7},"East, ${i % 3}",${(i * 12.5).toFixed(2)}`,
    ),
  ].join(eol) + eol;

describe('a CSV read on two cores', () => {
  it('gives the cells and formats of one pass, CRLF, a BOM and texts met in both halves included', async () => {
    for (const text of [
      lines(200),
      lines(201, '\r\n'),
      `\uFEFF${lines(50)}`,
      `${lines(30)}x,,,\n,,,\n2024-02-01,C1,West,5\n`,
    ]) {
      const got = await parallel(Buffer.from(text));
      expect(got).not.toBeNull();
      expect(rowsOf(got!)).toEqual(typeCsvText(text));
    }
  });

  it('gives nothing when the cut falls in a quoted field, the bytes are not UTF-8 or only empty rows follow', async () => {
    const quotedMiddle = `Date,Note\n2024-01-01,"${'a\n'.repeat(40)}"\n2024-01-02,b\n`;
    expect(await parallel(Buffer.from(quotedMiddle))).toBeNull();
    const latin1 = Buffer.from(lines(100).replace(/East/g, 'Köln'), 'latin1');
    expect(await parallel(latin1)).toBeNull();
    expect(await parallel(Buffer.from(`${lines(3)}${',,,\n'.repeat(200)}`))).toBeNull();
  });

  it('never gives other rows than one pass, for any CSV', async () => {
    const field = fc.oneof(
      fc.constantFrom(
        '',
        ' ',
        '12',
        '-3.50',
        '2024-03-01',
        'East',
        '"q"',
        'a"b',
        '1,234',
        '华东',
        'l1\nl2',
        'x\r\n',
      ),
      fc.string({ maxLength: 4 }),
    );
    const quote = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(field, { maxLength: 4 }), { minLength: 2, maxLength: 30 }),
        fc.constantFrom('\n', '\r\n'),
        async (rows, eol) => {
          const text = rows.map((r) => r.map(quote).join(',')).join(eol) + eol;
          const got = await parallel(Buffer.from(text));
          if (got !== null) expect(rowsOf(got)).toEqual(typeCsvText(text));
        },
      ),
      { numRuns: 60 },
    );
  });
});
