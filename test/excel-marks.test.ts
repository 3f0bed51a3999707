/// <reference types="office-js" />
/**
 * Which sheets are ours in Excel: a copy a user makes of one of our sheets carries our custom properties (Excel
 * copies them), but not our recorded id, so regenerating never replaces, renames or deletes it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ExcelBackend } from '../excel-addin/adapter/backend';
import { ID_KEY, listSheets, PROP_KEY, type SheetEntry } from '../excel-addin/adapter/marks';
import { buildSampleCells, ORDER_FORMATS } from '../samples/data';
import { FakeExcel } from './fake-excel';

let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});

function setup(apiVersion: string): FakeExcel {
  const fake = new FakeExcel({ apiVersion });
  restore = fake.install();
  const cells = buildSampleCells('en');
  fake.workbook.addSheet('Sales').setCells(
    1,
    1,
    cells,
    cells.map((_, i) => (i >= 3 ? ORDER_FORMATS : [])),
  );
  fake.workbook.select('Sales', 'A1');
  return fake;
}

async function quadrant(be: ExcelBackend): Promise<void> {
  const r = await be.run(
    { kind: 'quadrant', sourceId: 'sheet:Sales', overrides: {}, options: {} },
    () => undefined,
    new AbortController().signal,
  );
  expect(r.error).toBeUndefined();
}

describe("Excel: a user's copy of our sheet is the user's", () => {
  for (const version of ['1.12', '1.10']) {
    it(`is never replaced or deleted on regenerate, with or without the original (ExcelApi ${version})`, async () => {
      const fake = setup(version);
      const wb = fake.workbook;
      const be = new ExcelBackend('en');
      await quadrant(be);
      const ours = wb.sheet('Quadrant Analysis')!;
      if (version === '1.12') {
        expect(ours.customProperties.get(PROP_KEY)).toBe('quadrant');
        expect(ours.customProperties.get(ID_KEY)).toBe(ours.id);
      }
      // The user copies our sheet (Excel copies its custom properties along) and types into the copy.
      const copy = wb.copySheet(ours);
      expect(copy.name).toBe('Quadrant Analysis (2)');
      expect([...copy.customProperties]).toEqual([...ours.customProperties]);
      copy.setCells(40, 1, [['my own note']]);
      const kept = copy.snapshot();
      const sheetsOf = async (): Promise<(string | null)[][]> => {
        const { sheets }: { sheets: SheetEntry[] } = await fake.Excel.run((ctx: Excel.RequestContext) =>
          listSheets(ctx),
        );
        return sheets.map((s) => [s.name, s.kind]);
      };
      expect(await sheetsOf()).toEqual([
        ['Sales', null],
        ['Quadrant Analysis', 'quadrant'],
        ['Quadrant Analysis (2)', null],
      ]);

      // Regenerate with the original there: the original is rewritten in place, the copy untouched.
      ours.setCells(60, 1, [['typed into ours']]);
      await quadrant(be);
      expect(wb.sheetNames()).toEqual(['Sales', 'Quadrant Analysis', 'Quadrant Analysis (2)']);
      expect(wb.sheet('Quadrant Analysis')).toBe(ours);
      expect(ours.cell('A60').value).toBe('');
      expect(copy.snapshot()).toBe(kept);

      // The original gone, regenerate: a new sheet of ours; the copy is still the user's, as it was.
      wb.deleteSheet(wb.sheet('Quadrant Analysis')!);
      await quadrant(be);
      expect(copy.deleted).toBe(false);
      expect(copy.snapshot()).toBe(kept);
      expect(await sheetsOf()).toEqual([
        ['Sales', null],
        ['Quadrant Analysis (2)', null],
        ['Quadrant Analysis', 'quadrant'],
      ]);
    });
  }

  it('Worksheet.copy in the fake copies the custom properties, as Excel does', async () => {
    const fake = setup('1.12');
    await quadrant(new ExcelBackend('en'));
    const copied = await fake.Excel.run(async (ctx: Excel.RequestContext) => {
      const c = ctx.workbook.worksheets.getItem('Quadrant Analysis').copy();
      const kind = c.customProperties.getItem(PROP_KEY);
      c.load('name,id');
      kind.load('value');
      await ctx.sync();
      return { name: c.name, id: c.id, kind: kind.value };
    });
    expect(copied.name).toBe('Quadrant Analysis (2)');
    expect(copied.kind).toBe('quadrant');
    expect(copied.id).not.toBe(fake.workbook.sheet('Quadrant Analysis')!.id);
  });
});
