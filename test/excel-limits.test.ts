/// <reference types="office-js" />
/**
 * Excel's limits, against the strict fake of Office.js (test/fake-excel.ts, which refuses a request or a response
 * over 5 MB like Excel on the web): a write block whose real size exceeds the estimate is sent again in halves
 * and the sheet comes out as a normal write makes it; our sheet's used range too large for one read is read in
 * blocks; and the ExcelApi 1.2 / 1.7 members the adapter uses are left out on hosts without them.
 *
 * The write estimate is patched (limits.ts cellBytes, which render.ts planWriteBlocks sizes blocks by) to count
 * `estimate.scale` times too little, as long texts an estimate undercounts would.
 */
import { describe, expect, it, vi } from 'vitest';
import type { SheetSpec, SpecCell } from '../core/spec/types';
import { readGrid } from '../excel-addin/adapter/grid';
import { listSheets } from '../excel-addin/adapter/marks';
import { planWriteBlocks } from '../excel-addin/adapter/render';
import { writeSpecs } from '../excel-addin/adapter/write';
import { FAKE_PAYLOAD_LIMIT, FakeExcel, parseInput, type FakeExcelOptions } from './fake-excel';

const estimate = vi.hoisted(() => ({ scale: 1 }));
vi.mock('../excel-addin/adapter/limits', async (importOriginal) => {
  const real = await importOriginal<typeof import('../excel-addin/adapter/limits')>();
  return {
    ...real,
    cellBytes: (v: unknown) => Math.ceil(real.cellBytes(v) / estimate.scale),
    get OP_OVERHEAD() {
      return real.OP_OVERHEAD / estimate.scale;
    },
  };
});

/** A sheet of `rows` data rows: title, header, numbers, long Chinese texts, formulas, formats, styles, a data bar. */
function bigSpec(rows: number, name = 'Big'): SheetSpec {
  const cells: SpecCell[][] = [
    [{ v: 'Notes', style: 'title' }],
    ['Row', 'Text', 'Amount', 'Double'].map((v) => ({ v, style: 'header' as const })),
  ];
  for (let i = 0; i < rows; i++)
    cells.push([
      { v: i + 1 },
      { v: `${'销售目标分解'.repeat(160)} #${i}` },
      { v: i * 1.5, fmt: '#,##0.00' },
      { f: `C${i + 3}*2`, fmt: '#,##0', style: i % 1000 === 999 ? 'total' : undefined },
    ]);
  return {
    kind: 'scorecard',
    name,
    cells,
    columnWidths: [6, 60, 12, 12],
    freeze: { rows: 2 },
    conditionalFormats: [{ type: 'dataBar', range: `C3:C${rows + 2}` }],
  };
}

/** Write `specs` into `fake` as the backend does (its sheets and marks listed first); the names written. */
async function write(fake: FakeExcel, specs: SheetSpec[], scale = 1): Promise<string[]> {
  estimate.scale = scale;
  const restore = fake.install(); // Office.context.requirements for supports()
  try {
    return await fake.Excel.run(async (ctx: Excel.RequestContext) => {
      const { sheets, map } = await listSheets(ctx);
      return writeSpecs(ctx, specs, sheets, map);
    });
  } finally {
    restore();
    estimate.scale = 1;
  }
}

function workbook(opts: FakeExcelOptions = {}): FakeExcel {
  const fake = new FakeExcel({ calculate: false, ...opts });
  fake.workbook.addSheet('Sales').setCells(1, 1, [
    ['Date', 'Sales'],
    [45300, 100],
  ]);
  return fake;
}

/**
 * The sheet as the user sees it (cells, styles, formats, widths, panes, rules, print, its marks) and its auto-fitted
 * rows; its own id (recorded in a mark) as "<id>", to compare sheets of two workbooks.
 */
function look(fake: FakeExcel, name: string): string {
  const s = fake.workbook.sheet(name)!;
  return (s.snapshot() + JSON.stringify(s.autofitRows)).replaceAll(s.id, '<id>');
}

const refused = (fake: FakeExcel) => fake.stats.log.filter((l) => l.requestBytes > FAKE_PAYLOAD_LIMIT);

describe('writing: a block Excel refuses as too large is sent again in halves', () => {
  const ROWS = 3_000;
  const spec = bigSpec(ROWS);

  it('a new sheet comes out as a normal write makes it, in a bounded number of syncs', async () => {
    const normal = workbook();
    expect(await write(normal, [spec])).toEqual(['Big']);
    expect(refused(normal)).toEqual([]);
    const normalSyncs = normal.stats.syncs;
    const normalBlocks = planWriteBlocks(spec).length;

    // Estimated at an eighth of its size, the sheet is planned in blocks of about 8 MB: refused.
    estimate.scale = 8;
    const planned = planWriteBlocks(spec);
    estimate.scale = 1;
    expect(planned.length).toBeLessThan(normalBlocks / 4);
    const retried = workbook();
    expect(await write(retried, [spec], 8)).toEqual(['Big']);
    expect(look(retried, 'Big')).toBe(look(normal, 'Big'));
    expect(retried.workbook.sheetNames()).toEqual(['Sales', 'Big']);
    // Refused: the planned block (about 8 MB), and its halves while still too large: with an estimate 8 times too
    // low, at most 1 + log2(8) refusals; the later blocks are cut to the size that went through before they go.
    const r = refused(retried).length;
    expect(r).toBeGreaterThan(0);
    expect(r).toBeLessThanOrEqual(1 + Math.log2(8));
    const accepted = retried.stats.syncs - r;
    // Accepted: the listing and the ids (as in a normal write) and blocks of more than a quarter of the limit each
    // (but the sheet's last): no more syncs than the write planned on an honest estimate.
    const sent = retried.stats.log.filter((l) => l.requestBytes <= FAKE_PAYLOAD_LIMIT);
    const blocks = sent.filter((l) => l.requestBytes > 1024 * 1024);
    for (const l of blocks.slice(0, -1)) expect(l.requestBytes).toBeGreaterThan(FAKE_PAYLOAD_LIMIT / 4);
    expect(accepted).toBeLessThanOrEqual(normalSyncs);
    console.log(
      `write of ${ROWS} rows: normal ${normalSyncs} syncs (${normalBlocks} blocks); ` +
        `with an estimate 8x too low ${retried.stats.syncs} syncs (${r} refused)`,
    );
  });

  it('our sheet rewritten in place: the same sheet, cleared and written again in halves', async () => {
    const normal = workbook();
    await write(normal, [bigSpec(50)]);
    await write(normal, [spec]);
    expect(refused(normal)).toEqual([]);
    const fake = workbook();
    await write(fake, [bigSpec(50)]);
    const sheet = fake.workbook.sheet('Big')!;
    const id = sheet.id;
    fake.resetStats();
    expect(await write(fake, [spec], 8)).toEqual(['Big']);
    expect(refused(fake).length).toBeGreaterThan(0);
    expect(fake.workbook.sheet('Big')).toBe(sheet);
    expect(sheet.id).toBe(id);
    expect(look(fake, 'Big')).toBe(look(normal, 'Big'));
  });

  it('a single row too large for one request fails the run and leaves no new sheet behind', async () => {
    const fake = workbook();
    const wide: SheetSpec = {
      kind: 'quadrant',
      name: 'Wide',
      cells: [Array.from({ length: 200 }, (_, j) => ({ v: `${'x'.repeat(30_000)}${j}` }))],
    };
    await expect(write(fake, [bigSpec(10, 'Small'), wide])).rejects.toMatchObject({
      code: 'RequestPayloadSizeLimitExceeded',
    });
    expect(fake.workbook.sheetNames()).toEqual(['Sales']);
  });
});

describe('reading our sheet back: a used range too large for one read', () => {
  it('is read in row blocks, every response under the limit, the same grids as one read', async () => {
    const fake = workbook();
    const s = fake.workbook.addSheet('Plan');
    const long = '目标'.repeat(5_000); // 30,000 bytes a cell, as values and again as formulas
    const rows = 300;
    for (let i = 0; i < rows; i++) {
      s.put(i + 2, 1, parseInput(`=C${i + 3}*2`)!);
      s.setCells(i + 3, 3, [[i, long]]);
    }
    const restore = fake.install();
    const grids = await fake.Excel.run((ctx: Excel.RequestContext) => readGrid(ctx, 'Plan')).finally(restore);
    // Refused: the one read of the whole used range (18 MB), then blocks halved until one fits (log2 of 18 / 5).
    const size = rows * 2 * 30_000;
    const gone = fake.stats.log.filter((l) => l.responseBytes > FAKE_PAYLOAD_LIMIT);
    expect(gone.length).toBeGreaterThan(0);
    expect(gone.length).toBeLessThanOrEqual(1 + Math.ceil(Math.log2(size / FAKE_PAYLOAD_LIMIT)));
    // Read: the address, then blocks of more than a quarter of the limit each (the last may be smaller).
    const through = fake.stats.log.filter((l) => l.responseBytes <= FAKE_PAYLOAD_LIMIT);
    expect(through.length).toBeGreaterThan(2);
    expect(through.length).toBeLessThanOrEqual(2 + Math.ceil(size / (FAKE_PAYLOAD_LIMIT / 4)));
    expect(grids.cells).toHaveLength(rows + 2);
    expect(grids.cells[0]).toEqual([]);
    expect(grids.cells[2]).toEqual([null, '=C3*2', 0, long]);
    expect(grids.cells[rows + 1]).toEqual([null, `=C${rows + 2}*2`, rows - 1, long]);
    expect(grids.values[rows + 1].slice(2)).toEqual([rows - 1, long]);
  });
});

describe('ExcelApi members newer than 1.1 are left out on hosts without them', () => {
  it('ExcelApi 1.1: no column widths or row auto-fit (RangeFormat.columnWidth, autofitRows are 1.2)', async () => {
    const fake = workbook({ apiVersion: '1.1' });
    expect(await write(fake, [bigSpec(20)])).toEqual(['Big']);
    const s = fake.workbook.sheet('Big')!;
    expect(s.columnWidths.size).toBe(0);
    expect(s.autofitRows).toEqual([]);
    expect(s.cell('B3').value).toMatch(/^销售目标/);
    const modern = workbook();
    await write(modern, [bigSpec(20)]);
    expect(modern.workbook.sheet('Big')!.columnWidths.size).toBe(4);
  });

  it('ExcelApi 1.4: our sheet is rewritten in place without useStandardWidth / useStandardHeight (1.7)', async () => {
    const fake = workbook({ apiVersion: '1.4' });
    await write(fake, [bigSpec(40)]);
    const id = fake.workbook.sheet('Big')!.id;
    expect(await write(fake, [bigSpec(20)])).toEqual(['Big']);
    const s = fake.workbook.sheet('Big')!;
    expect(s.id).toBe(id);
    expect(s.cell('A22').value).toBe(20);
    expect(s.cell('A23').value).toBe(''); // the old rows are gone
  });
});
