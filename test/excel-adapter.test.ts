/// <reference types="office-js" />
/**
 * The Excel backend and adapter against the strict fake of Office.js (test/fake-excel.ts): sync counts,
 * payload limits, the specs as written, injection-safe text, name clashes, regeneration with locks, the
 * ExcelApi 1.12 fallback, cancelling, and the source left untouched.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ExcelBackend, langOf } from '../excel-addin/adapter/backend';
import { safeText } from '../excel-addin/adapter/render';
import { MAX_BLOCK_CELLS } from '../excel-addin/adapter/limits';
import type { RunRequest } from '../panel/backend';
import {
  AMOUNT_COLUMN,
  buildLeadCells,
  buildSampleCells,
  LEAD_FORMATS,
  generateLargeTable,
  ORDER_FORMATS,
  sampleLayout,
  generateSalesRows,
} from '../samples/data';
import {
  describeChart,
  FAKE_PAYLOAD_LIMIT,
  FakeExcel,
  FakeOfficeError,
  parseInput,
  type FakeExcelOptions,
  type SheetModel,
} from './fake-excel';

type Kind = 'breakdown' | 'quadrant' | 'scorecard' | 'tracking' | 'incentives';
const KINDS: Kind[] = ['breakdown', 'quadrant', 'scorecard'];

let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});

/** A fake workbook with the English sample on sheet "Sales" at A1 (title, blank, header on row 3). */
function setup(
  opts: FakeExcelOptions = {},
  cells = buildSampleCells('en'),
): { fake: FakeExcel; sales: SheetModel } {
  const fake = new FakeExcel(opts);
  restore = fake.install();
  const sales = fake.workbook.addSheet('Sales');
  sales.setCells(
    1,
    1,
    cells,
    cells.map((_, i) => (i >= 3 ? ORDER_FORMATS : [])),
  );
  fake.workbook.select('Sales', 'A1');
  return { fake, sales };
}

function largeSetup(rows: number, opts: FakeExcelOptions = {}): { fake: FakeExcel; sales: SheetModel } {
  const fake = new FakeExcel(opts);
  restore = fake.install();
  const cells = generateLargeTable(rows);
  const sales = fake.workbook.addSheet('Sales');
  const fmt = ['yyyy-mm-dd', null, null, null, null, null, '#,##0.00', '0'];
  sales.setCells(1, 1, cells, [[], ...new Array(rows).fill(fmt)]);
  fake.workbook.select('Sales', 'A1');
  return { fake, sales };
}

const req = (kind: Kind, options: RunRequest['options'] = {}): RunRequest => ({
  kind,
  sourceId: 'sheet:Sales',
  overrides: {},
  options,
});

async function run(be: ExcelBackend, kind: Kind, options: RunRequest['options'] = {}, signal?: AbortSignal) {
  const messages: string[] = [];
  const r = await be.run(
    req(kind, options),
    (_f, m) => messages.push(m),
    signal ?? new AbortController().signal,
  );
  return { ...r, messages };
}

describe('fake Excel (strictness)', () => {
  it('calculates formulas, turns references to a deleted sheet into #REF! for good and follows a rename', async () => {
    const { fake } = setup();
    const wb = fake.workbook;
    const plan = wb.addSheet('Plan').setCells(1, 1, [[100, 200]]);
    const notes = wb.addSheet('Notes');
    notes.put(0, 0, parseInput("=Plan!A1+'Plan'!B1")!);
    notes.put(1, 0, parseInput('=IFERROR(Plan!A1,"gone")&"Plan!A1"')!);
    expect(notes.valuesOf('A1:A2')).toEqual([[300], ['100Plan!A1']]);
    await fake.Excel.run(async (ctx: Excel.RequestContext) => {
      ctx.workbook.worksheets.getItem('Plan').name = 'Budget';
      await ctx.sync();
    });
    expect(notes.cell('A1')).toMatchObject({ formula: '=Budget!A1+Budget!B1', value: 300 });
    wb.deleteSheet(plan);
    wb.addSheet('Budget').setCells(1, 1, [[1, 2]]);
    expect(notes.cell('A1')).toMatchObject({ formula: '=#REF!A1+#REF!B1', value: '#REF!' });
    expect(notes.cell('A2')).toMatchObject({
      formula: '=IFERROR(#REF!A1,"gone")&"Plan!A1"',
      value: 'gonePlan!A1',
    });
  });

  it('throws on unloaded properties, unknown members, oversized payloads; parses typed input like Excel', async () => {
    const { fake } = setup();
    const E = fake.Excel;
    await E.run(async (ctx: Excel.RequestContext) => {
      const r = ctx.workbook.worksheets.getItem('Sales').getRange('A3');
      expect(() => r.values).toThrow(/not available/);
      const loose = r as unknown as Record<string, () => unknown>;
      expect(() => loose.valuez).toThrow(TypeError);
      expect(() => loose.getRangeSomething()).toThrow(TypeError);
      r.load('values');
      await ctx.sync();
      expect(r.values).toEqual([['Order Date']]);
      const big = ctx.workbook.worksheets.getItem('Sales').getRange('A1:A60000');
      big.values = Array.from({ length: 60000 }, () => ['x'.repeat(100)]);
      await expect(ctx.sync()).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
      const w = ctx.workbook.worksheets.add('Scratch');
      w.getRange('A1:E1').formulas = [['=1+1', "'=1+1", '+1', '-x', '2026-03']];
      await ctx.sync();
    });
    const s = fake.workbook.sheet('Scratch')!;
    expect(s.cell('A1').formula).toBe('=1+1');
    expect(s.cell('B1')).toMatchObject({ value: '=1+1', formula: null, quotePrefix: true });
    expect(s.cell('C1').value).toBe(1);
    expect(s.cell('D1').formula).toBe('=-x');
    expect(typeof s.cell('E1').value).toBe('number');
    expect(new FakeOfficeError('X', 'y').code).toBe('X');
    // Members of a newer requirement set do not exist below it.
    const old = new FakeExcel({ apiVersion: '1.11' });
    old.workbook.addSheet('S');
    await old.Excel.run(async (ctx: Excel.RequestContext) => {
      const ws = ctx.workbook.worksheets.getItem('S');
      expect(ws.customProperties).toBeUndefined();
      expect(ws.getRange).toBeTypeOf('function');
    });
  });
});

describe('fake Excel (page layout and cell looks)', () => {
  it('has them from ExcelApi 1.9 only and refuses what Office.js refuses', async () => {
    const { fake } = setup({ apiVersion: '1.9' });
    const run = (f: (ws: Excel.Worksheet) => void): Promise<void> =>
      fake.Excel.run(async (ctx: Excel.RequestContext) => {
        f(ctx.workbook.worksheets.getItem('Sales'));
        await ctx.sync();
      });
    await expect(run((ws) => (ws.pageLayout.orientation = 'Sideways' as 'Landscape'))).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
    await expect(
      run((ws) => (ws.pageLayout.zoom = { scale: 80, horizontalFitToPages: 1 })),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(run((ws) => ws.pageLayout.setPrintTitleRows('1:0'))).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
    await expect(
      run(
        (ws) =>
          (ws.getRange('A1').conditionalFormats.add('DataBar').dataBar.lowerBoundRule = { type: 'Number' }),
      ),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(
      run((ws) => (ws.getRange('A1').format.horizontalAlignment = 'left' as 'Left')),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
    await run((ws) => {
      ws.pageLayout.setPrintArea('A1:C3');
      ws.getRange('A1').format.indentLevel = 1;
    });
    expect(fake.workbook.sheet('Sales')!.pageLayout.printArea).toBe('A1:C3');
    const old = new FakeExcel({ apiVersion: '1.8' });
    old.workbook.addSheet('S');
    await old.Excel.run(async (ctx: Excel.RequestContext) => {
      const ws = ctx.workbook.worksheets.getItem('S');
      expect(ws.pageLayout).toBeUndefined();
      expect(() => (ws.getRange('A1').format.indentLevel = 1)).toThrow(TypeError);
    });
  });
});

describe('ExcelBackend: sources and inspection', () => {
  it('lists sheets and tables, selects the table under the active cell, and reports sheet row numbers', async () => {
    const { fake } = setup();
    const other = fake.workbook.addSheet('Orders 2');
    const cells = buildSampleCells('en').slice(2); // header first
    other.setCells(
      5,
      3,
      cells,
      cells.map((_, i) => (i >= 1 ? ORDER_FORMATS : [])),
    );
    fake.workbook.addTable('Orders', 'Orders 2', `C5:L${4 + cells.length - 1}`); // without the totals row
    fake.workbook.select('Orders 2', 'D10');
    const be = new ExcelBackend('en');
    const list = await be.listSources();
    expect(list.sources.map((s) => s.id)).toEqual(['table:Orders', 'sheet:Sales', 'sheet:Orders 2']);
    expect(list.sources[0].label).toContain("'Orders 2'!C5:L");
    expect(list.selected).toBe('table:Orders');
    const info = await be.inspect('table:Orders', {});
    expect(info.ok).toBe(true);
    expect(info.sheet).toBe('Orders 2');
    // The "n/a" amount: its row number is the sheet's (the table starts on row 5, header included).
    const { orders } = generateSalesRows();
    const naRow = sampleLayout(orders.length).naRow; // 0-based in the sample, whose header is row index 2
    expect(info.skipped.map((s) => s.row)).toContain(5 + (naRow - 2));
    // On the sample sheet: header on row 3, the totals row at the end.
    const s = await be.inspect('sheet:Sales', {});
    expect(s.mapping).toMatchObject({ date: 0, amount: AMOUNT_COLUMN });
    expect(s.skipped.map((x) => x.row)).toEqual([naRow + 1, sampleLayout(orders.length).totalRow + 1]);
    // Overrides are header indexes.
    const o = await be.inspect('sheet:Sales', { region: 4, amount: null });
    expect(o.ok).toBe(false);
    expect(o.error).toMatch(/amount|Sales Amount/i);
  });

  it('a table among other rows of its sheet is read by its own rows; a table alone on its sheet by whole columns', async () => {
    const { fake } = setup();
    const cells = buildSampleCells('en').slice(2); // header first
    const formats = cells.map((_, i) => (i >= 1 ? ORDER_FORMATS : []));
    // "Orders 2": the table without the sample's totals row, which stays below it on the sheet.
    fake.workbook.addSheet('Orders 2').setCells(5, 3, cells, formats);
    const lastRow = 4 + cells.length - 1;
    fake.workbook.addTable('Orders', 'Orders 2', `C5:L${lastRow}`);
    // "Alone": a table that is all its sheet holds.
    const alone = cells.slice(0, -1);
    fake.workbook.addSheet('Alone').setCells(1, 1, alone, formats.slice(0, -1));
    fake.workbook.addTable('AloneTable', 'Alone', `A1:J${alone.length}`);
    const be = new ExcelBackend('en');
    const run = async (sourceId: string) => {
      const r = await be.run(
        { kind: 'quadrant', sourceId, overrides: {}, options: { by: 3 } },
        () => undefined,
        new AbortController().signal,
      );
      expect(r.error).toBeUndefined();
      return fake.workbook.sheet(r.sheets[0])!;
    };
    const q1 = await run('table:Orders');
    const f1 = JSON.stringify(q1.snapshot());
    expect(f1).toContain(`'Orders 2'!$I$6:$I$${lastRow}`);
    expect(f1).not.toContain("'Orders 2'!$I:$I");
    expect(String(q1.cell('A2').value)).toBe(
      `Formulas read rows 6–${lastRow} of the source sheet: rows inserted inside that block show up here; regenerate after adding rows below it.`,
    );
    const q2 = await run('table:AloneTable');
    const f2 = JSON.stringify(q2.snapshot());
    expect(f2).toContain("'Alone'!$G:$G");
    expect(String(q2.cell('A2').value)).toBe(
      'Formulas read the source sheet: new rows typed there show up here.',
    );
  });

  it('selects a skipped row in the sheet', async () => {
    const { fake } = setup();
    const be = new ExcelBackend('en');
    await be.selectRow('sheet:Sales', 57);
    expect(fake.workbook.selection?.rect).toEqual({ r0: 56, c0: 0, r1: 56, c1: 9 });
    expect(fake.workbook.active?.name).toBe('Sales');
  });

  it('picks the language from the display language', () => {
    expect(langOf('zh-CN')).toBe('zh');
    expect(langOf('zh-TW')).toBe('zh');
    expect(langOf('en-US')).toBe('en');
    expect(langOf(undefined)).toBe('en');
  });
});

describe('ExcelBackend: 200,000 rows', () => {
  it('reads in a bounded number of syncs and writes each analysis in a number of syncs independent of the rows', async () => {
    const rows = 200_000;
    // Syncs are what this test counts: no formula engine over 200,000 rows (a minute; the values are checked on
    // the sample elsewhere).
    const { fake, sales } = largeSetup(rows, { calculate: false });
    const before = sales.snapshot();
    const be = new ExcelBackend('en');
    fake.resetStats();
    const info = await be.inspect('sheet:Sales', {});
    expect(info.ok).toBe(true);
    expect(info.rows).toBe(rows);
    const cells = (rows + 1) * 8;
    const readBound = 2 + Math.ceil(cells / MAX_BLOCK_CELLS);
    const readSyncs = fake.stats.syncs;
    expect(readSyncs).toBeLessThanOrEqual(readBound);
    expect(fake.stats.maxReadCells).toBeLessThanOrEqual(MAX_BLOCK_CELLS);
    expect(fake.stats.maxResponseBytes).toBeLessThan(FAKE_PAYLOAD_LIMIT);
    console.log(`read ${rows} rows × 8 columns: ${readSyncs} syncs (bound ${readBound})`);

    const writeSyncs: Record<string, number> = {};
    const ALL: Kind[] = [...KINDS, 'tracking']; // tracking after the breakdown: it reads its targets
    for (const kind of ALL) {
      fake.resetStats();
      const r = await run(be, kind);
      expect(r.error).toBeUndefined();
      expect(r.ok).toBe(true);
      // A run = the read + listing our sheets (2) + [breakdown: its old sheet's formulas] + writing + recording
      // the new sheets' ids (1).
      writeSyncs[kind] = fake.stats.syncs - readSyncs;
      expect(fake.stats.maxRequestBytes).toBeLessThan(FAKE_PAYLOAD_LIMIT);
      expect(fake.stats.maxResponseBytes).toBeLessThan(FAKE_PAYLOAD_LIMIT);
      expect(sales.snapshot()).toBe(before);
    }
    console.log(`run syncs beyond the read, 200k rows: ${JSON.stringify(writeSyncs)}`);
    // The same analyses on the 2,900-row sample take the same number of syncs beyond the read.
    const small = setup();
    const beSmall = new ExcelBackend('en');
    small.fake.resetStats();
    await beSmall.inspect('sheet:Sales', {});
    const smallRead = small.fake.stats.syncs;
    for (const kind of ALL) {
      small.fake.resetStats();
      expect((await run(beSmall, kind)).ok).toBe(true);
      expect(small.fake.stats.syncs - smallRead).toBe(writeSyncs[kind]);
      expect(writeSyncs[kind]).toBeLessThanOrEqual(5);
    }
  }, 180_000);

  it('shrinks its blocks when cells are bigger than estimated (never over 5 MB)', async () => {
    const fake = new FakeExcel();
    restore = fake.install();
    const s = fake.workbook.addSheet('Sales');
    const long = '销'.repeat(300);
    const cells: unknown[][] = [
      ['Date', 'Region', 'Sales', ...Array.from({ length: 7 }, (_, i) => `Note ${i}`)],
    ];
    for (let i = 0; i < 2000; i++)
      cells.push([45300 + (i % 300), i % 2 ? 'East' : 'West', 100 + i, ...new Array(7).fill(long)]);
    s.setCells(1, 1, cells, [[], ...new Array(2000).fill(['yyyy-mm-dd'])]);
    const be = new ExcelBackend('en');
    const info = await be.inspect('sheet:Sales', {});
    expect(info.ok).toBe(true);
    expect(info.rows).toBe(2000);
    // The first attempts were refused by the (fake) host; every sync that went through was under the limit.
    expect(fake.stats.log.filter((l) => l.responseBytes > FAKE_PAYLOAD_LIMIT).length).toBeGreaterThan(0);
    expect(fake.stats.log.filter((l) => l.responseBytes <= FAKE_PAYLOAD_LIMIT).length).toBeGreaterThan(3);
  });
});

describe('ExcelBackend: the analyses as written', () => {
  it('writes each analysis sheet: title, SUMIFS on the source, number formats, frozen panes, conditional formats, the chart', async () => {
    const { fake, sales } = setup();
    const before = sales.snapshot();
    const be = new ExcelBackend('en');
    for (const kind of KINDS) {
      const r = await run(be, kind);
      expect(r.error).toBeUndefined();
      expect(r.ok).toBe(true);
      expect(r.summary.length).toBeGreaterThan(2);
      expect(r.messages.some((m) => m.startsWith('Reading rows'))).toBe(true);
      expect(r.messages.some((m) => m.startsWith('Writing'))).toBe(true);
      expect(sales.snapshot()).toBe(before);
    }
    const wb = fake.workbook;
    expect(wb.sheetNames()).toEqual(['Sales', 'Goal Breakdown', 'Quadrant Analysis', 'KPI Scorecard']);

    const gb = wb.sheet('Goal Breakdown')!;
    expect(gb.cell('A1').value).toMatch(/^Goal breakdown 2026 by quarter, month and Region/);
    expect(gb.cell('A1').style).toMatchObject({ bold: true, size: 14 });
    expect(gb.cell('B4')).toMatchObject({ numberFormat: '#,##0', formula: null });
    expect(typeof gb.cell('B4').value).toBe('number');
    expect(gb.cell('B4').style.fill).toBe('#FFF2CC');
    expect(gb.cell('A10')).toMatchObject({ value: '2026-01', formula: null, quotePrefix: true }); // text, not a date
    expect(gb.cell('D10').formula).toMatch(/^=IFERROR\(ROUND\(/); // the running total
    expect(gb.cell('C10').formula).toBe('=D10');
    expect(gb.cell('B10').numberFormat).toBe('0.00%');
    expect(gb.freeze).toEqual({ rows: 0, columns: 1 });
    expect(gb.columnWidths.get(0)).toBeGreaterThan(48);
    expect(gb.customProperties.get('sga-kind')).toBe('breakdown');

    const q = wb.sheet('Quadrant Analysis')!;
    expect(q.cell('B9').formula).toMatch(/^=SUMIFS\('Sales'!\$G:\$G,'Sales'!\$D:\$D,/);
    expect(q.cell('B9').numberFormat).toMatch(/#,##0/);
    expect(q.cell('D9').numberFormat).toMatch(/%/);
    expect(q.freeze).toEqual({ rows: 8, columns: 1 });
    const cfTypes = q.conditionalFormats.map((c) => c.type);
    expect(cfTypes).toEqual(['DataBar', 'ColorScale', 'Custom', 'Custom', 'Custom', 'Custom']);
    expect(q.conditionalFormats[2].custom!.formula).toBe('=E9="High sales, high growth"');
    expect(q.conditionalFormats[1].colorScale!.criteria).toMatchObject({
      midpoint: { type: 'Percentile', formula: '50' },
    });
    expect(q.charts).toHaveLength(1);
    const chart = describeChart(q.charts[0]);
    expect(chart.type).toBe('XYScatter');
    expect(chart.title).toBe('Sales vs growth');
    expect(chart.series).toHaveLength(3);
    expect(chart.series[0]).toMatchObject({
      name: 'Region',
      x: 'Quadrant Analysis!B9:B12',
      y: 'Quadrant Analysis!D9:D12',
    });
    expect(chart.series[0].points.map((p) => p.label.text)).toEqual(q.valuesOf('A9:A12').map((r) => r[0]));
    // The threshold lines: straight dashed lines from the sheet's threshold block (sales in B, growth in D).
    for (const s of chart.series.slice(1)) {
      expect(s).toMatchObject({ chartType: 'XYScatterLinesNoMarkers', line: { lineStyle: 'Dash' } });
      expect(s.x).toMatch(/^Quadrant Analysis!B\d+:B\d+$/);
      expect(s.y).toMatch(/^Quadrant Analysis!D\d+:D\d+$/);
    }
    expect(chart.series.map((s) => s.name)).toEqual(['Region', 'Sales threshold', 'Growth threshold']);
    // Axes: sales in millions (compact), growth in the cells' percent format; size in default cells.
    expect([chart.xTitle, chart.xFormat, chart.yTitle, chart.yFormat]).toEqual([
      'Sales',
      '#,##0.0,,"M"',
      'Growth',
      '0.0%',
    ]);
    expect(chart.width % 48).toBe(0);
    expect(chart.height % 15).toBe(0);

    const sc = wb.sheet('KPI Scorecard')!;
    expect(sc.cell('A7')).toMatchObject({ value: 'Rep', style: { bold: true, fill: '#E7E6E6' } });
    expect(sc.cell('B8').formula).toMatch(/^=SUMIFS\('Sales'!\$G:\$G,'Sales'!\$C:\$C,/);
    expect(sc.cell('D8').numberFormat).toMatch(/%/);
    expect(sc.freeze.rows).toBeGreaterThan(0);
    expect(sc.conditionalFormats.length).toBeGreaterThan(0);
    expect(sc.customProperties.get('sga-kind')).toBe('scorecard');
  });

  it('goal tracking: asks for targets first, then references our Goal Breakdown sheet by formula', async () => {
    const { fake, sales } = setup();
    const before = sales.snapshot();
    const be = new ExcelBackend('en');
    const none = await run(be, 'tracking');
    expect(none.ok).toBe(false);
    expect(none.error).toMatch(/Goal Breakdown first|Target column/);
    expect((await run(be, 'breakdown')).ok).toBe(true);
    const r = await run(be, 'tracking', { asOf: 46249 }); // 2026-08-15
    expect(r.error).toBeUndefined();
    expect(r.ok).toBe(true);
    const t = fake.workbook.sheet('Goal Tracking')!;
    expect(t.cell('B3').value).toBe(46249);
    expect(t.cell('B8').formula).toBe("='Goal Breakdown'!$C$10");
    expect(t.cell('C8').formula).toMatch(/^=IF\(M8>\$B\$3,0,SUMIFS\('Sales'!\$G:\$G,/);
    expect(t.cell('G8').formula).toMatch(/On track/);
    expect(t.customProperties.get('sga-kind')).toBe('tracking');
    expect(sales.snapshot()).toBe(before);
  });

  it("regenerating rewrites our sheet in place: every formula that reads it, ours and the user's, keeps its numbers", async () => {
    const { fake } = setup();
    const wb = fake.workbook;
    const be = new ExcelBackend('en');
    expect((await run(be, 'breakdown')).ok).toBe(true);
    expect((await run(be, 'tracking', { asOf: 46249 })).ok).toBe(true);
    const breakdown = wb.sheet('Goal Breakdown')!;
    const tracking = wb.sheet('Goal Tracking')!;
    const id = breakdown.id;
    // A sheet of the user's that reads the annual target (B4) and a month's target of the breakdown.
    const notes = wb.addSheet('My notes');
    notes.put(0, 0, parseInput("='Goal Breakdown'!B4*2")!);
    notes.put(1, 0, parseInput("=SUM('Goal Breakdown'!C10:C12)")!);
    const first = breakdown.cell('B4').value as number;
    expect(first).toBeGreaterThan(0);
    expect(notes.cell('A1').value).toBe(first * 2);
    for (const target of [12_000_000, 15_000_000]) {
      const r = await run(be, 'breakdown', { target });
      expect(r.error).toBeUndefined();
      expect(wb.sheetNames()).toEqual(['Sales', 'Goal Breakdown', 'Goal Tracking', 'My notes']);
      expect(wb.sheet('Goal Breakdown')).toBe(breakdown);
      expect(breakdown.id).toBe(id);
      expect(breakdown.charts).toHaveLength(1);
      expect(notes.cell('A1')).toMatchObject({ formula: "='Goal Breakdown'!B4*2", value: target * 2 });
      const q1 = [10, 11, 12].reduce((a, r) => a + (breakdown.cell(`C${r}`).value as number), 0);
      expect(notes.cell('A2').value).toBeCloseTo(q1, 6);
      // Tracking reads the breakdown by formula: its targets are the new ones, no #REF!.
      expect(tracking.cell('B8').formula).toBe("='Goal Breakdown'!$C$10");
      expect(tracking.cell('B8').value).toBe(breakdown.cell('C10').value);
    }
    // The months of the breakdown add up to the last target typed, and no generated cell shows an error.
    const months = Array.from({ length: 12 }, (_, m) => breakdown.cell(`C${10 + m}`).value as number);
    expect(months.reduce((a, b) => a + b, 0)).toBeCloseTo(15_000_000, 6);
    const errors: string[] = [];
    for (const sheet of [breakdown, tracking])
      for (const [r, d] of sheet.rows)
        d.f?.forEach((f, c) => {
          const v = sheet.get(r, c).value;
          if (f !== undefined && typeof v === 'string' && v.startsWith('#'))
            errors.push(`${sheet.name} ${f} ${v}`);
        });
    expect(errors).toEqual([]);
  });

  it("the default breakdown cascades to every rep, and the scorecard by rep reads each rep's target from it", async () => {
    const { fake } = setup();
    const be = new ExcelBackend('en');
    const bd = await run(be, 'breakdown', { by: 3, then: 2 }); // Region, then Rep
    expect(bd.error).toBeUndefined();
    expect(bd.summary.some((l) => /^East: [\d,]+ \(3 × Rep\)$/.test(l))).toBe(true);
    const sc = await run(be, 'scorecard', { period: '2026' });
    expect(sc.error).toBeUndefined();
    const sheet = fake.workbook.sheet('KPI Scorecard')!;
    const head = sheet.valuesOf('A7:Z7')[0];
    const col = head.findIndex((h) => h === 'Target');
    expect(col).toBeGreaterThan(0);
    const rows = sheet.valuesOf(`A8:${String.fromCharCode(65 + col)}16`);
    expect(rows.map((r) => r[0]).sort()).toEqual([
      'Alice',
      'Brian',
      'Carol',
      'David',
      'Emma',
      'Frank',
      'Grace',
      'Henry',
      'Ivy',
    ]);
    for (const r of rows) expect(r[col]).toBeGreaterThan(0);
  });

  it('a team table the user picks: no target for a rep after they leave, the team sheet untouched', async () => {
    const { fake } = setup();
    const team = fake.workbook.addSheet('Team');
    team.setCells(1, 1, [
      ['Rep', 'Region', 'End date', 'Capacity per month'],
      ['Brian', 'East', '2026-06-30', 150000],
    ]);
    const before = team.snapshot();
    const be = new ExcelBackend('en');
    const r = await be.run(
      { ...req('breakdown', { by: 3, then: 2 }), teamSourceId: 'sheet:Team' },
      () => {},
      new AbortController().signal,
    );
    expect(r.error).toBeUndefined();
    expect(r.summary.some((l) => l.startsWith('Plan vs capacity of the 1 Reps with one'))).toBe(true);
    const sheet = fake.workbook.sheet('Goal Breakdown')!;
    const row = [...sheet.rows.keys()].find((k) => sheet.get(k, 0).value === 'Brian' && k > 30)!;
    const months = sheet.valuesOf(`G${row + 1}:R${row + 1}`)[0] as number[];
    expect(months.slice(6)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(months.slice(0, 6).every((v) => v > 0)).toBe(true);
    expect(team.snapshot()).toBe(before);
  });

  it('incentives: targets from our Goal Breakdown (same dimension), live formulas, the band chart; regenerating replaces it', async () => {
    const { fake, sales } = setup();
    const before = sales.snapshot();
    const be = new ExcelBackend('en');
    expect((await run(be, 'breakdown', { by: 2 })).ok).toBe(true); // by Rep, as the incentives
    for (let k = 0; k < 2; k++) {
      const r = await run(be, 'incentives');
      expect(r.error).toBeUndefined();
      expect(r.summary.some((l) => l.startsWith('Best of the month 2026-01: '))).toBe(true);
    }
    expect(fake.workbook.sheetNames()).toEqual(['Sales', 'Goal Breakdown', 'Incentives']);
    const s = fake.workbook.sheet('Incentives')!;
    expect(s.customProperties.get('sga-kind')).toBe('incentives');
    // The months' sum while the period is the months' (B3:C3), else the source's rows.
    expect(s.cell('B10').formula).toMatch(
      /^=IF\(AND\(\$B\$3=\$C\$\d+,\$C\$3=\$D\$\d+\),SUM\(B\d+:[A-Z]+\d+\),SUMIFS\('Sales'!\$G:\$G,'Sales'!\$C:\$C,/,
    );
    expect(s.cell('C10').formula).toContain("SUMIFS('Goal Breakdown'!");
    expect(s.cell('F10').formula).toMatch(/^=IF\(OR\(\$B\$4="flat"/);
    expect(s.cell('B4')).toMatchObject({ value: 'marginal', style: { fill: '#FFF2CC' } });
    expect(s.charts).toHaveLength(1);
    expect(describeChart(s.charts[0]).title).toMatch(/^Attainment distribution/);
    expect(sales.snapshot()).toBe(before);
  });

  it('goal tracking against a target table the user chose: SUMIFS of that sheet, both sheets untouched', async () => {
    const { fake, sales } = setup();
    const plan = fake.workbook.addSheet('Plan');
    const rows: unknown[][] = [['Month', 'Region', 'Target']];
    const regions = ['East', 'North', 'South', 'West'];
    for (let m = 1; m <= 12; m++)
      for (const [i, region] of regions.entries())
        rows.push([
          46023 + [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334][m - 1],
          region,
          1000 * (i + 1) + m,
        ]);
    plan.setCells(
      2,
      2,
      rows,
      rows.map((_, i) => (i ? ['yyyy-mm', 'General', '#,##0'] : [])),
    );
    const salesBefore = sales.snapshot();
    const planBefore = plan.snapshot();
    const be = new ExcelBackend('en');
    const r = await be.run(
      { ...req('tracking', { asOf: 46249, by: 3 }), targetSourceId: 'sheet:Plan' },
      () => undefined,
      new AbortController().signal,
    );
    expect(r.error).toBeUndefined();
    expect(r.ok).toBe(true);
    expect(r.summary.join(' ')).toMatch(/2026/);
    const t = fake.workbook.sheet('Goal Tracking')!;
    expect(String(t.cell('A2').value)).toMatch(/target table on sheet "Plan"/);
    expect(t.cell('B8').formula).toMatch(/^=SUMIFS\('Plan'!\$D:\$D,'Plan'!\$B:\$B,/);
    expect(fake.workbook.sheet('Goal Breakdown')).toBeUndefined();
    expect(sales.snapshot()).toBe(salesBefore);
    expect(plan.snapshot()).toBe(planBefore);
    // A table without a target column: the reader's message, with the sheet's name.
    const bad = fake.workbook.addSheet('Notes');
    bad.setCells(1, 1, [
      ['Month', 'Region', 'Comment'],
      [46023, 'East', 'x'],
    ]);
    const r2 = await be.run(
      { ...req('tracking', { by: 3 }), targetSourceId: 'sheet:Notes' },
      () => undefined,
      new AbortController().signal,
    );
    expect(r2.ok).toBe(false);
    expect(r2.error).toMatch(/^Notes: No target column found/);
  });

  it('scorecard with a leads table the user chose: leads, won and conversion per rep by SUMIFS of that sheet', async () => {
    const { fake, sales } = setup();
    const leadCells = buildLeadCells('en');
    const leadsSheet = fake.workbook.addSheet('Leads');
    leadsSheet.setCells(
      1,
      1,
      leadCells,
      leadCells.map((_, i) => (i ? [...LEAD_FORMATS] : [])),
    );
    const before = [sales.snapshot(), leadsSheet.snapshot()];
    const be = new ExcelBackend('en');
    const r = await be.run(
      { ...req('scorecard'), leadsSourceId: 'sheet:Leads' },
      () => undefined,
      new AbortController().signal,
    );
    expect(r.error).toBeUndefined();
    const sc = fake.workbook.sheet('KPI Scorecard')!;
    const head = [...'ABCDEFGHIJKLMNOPQR'].map((c) => sc.cell(`${c}7`).value);
    expect(head).toEqual(expect.arrayContaining(['Leads', 'Won', 'Conversion']));
    const leadsCol = 'ABCDEFGHIJKLMNOPQR'[head.indexOf('Leads')];
    expect(sc.cell(`${leadsCol}8`).formula).toMatch(/^=SUMIFS\('Leads'!\$C:\$C,'Leads'!\$B:\$B,/);
    expect([sales.snapshot(), leadsSheet.snapshot()]).toEqual(before);
    // Without the choice there is no conversion (the sales table has no leads column).
    await be.run(req('scorecard'), () => undefined, new AbortController().signal);
    const plain = fake.workbook.sheet('KPI Scorecard')!;
    expect([...'ABCDEFGHIJKLMNOPQR'].map((c) => plain.cell(`${c}7`).value)).not.toContain('Conversion');
  });

  it('writes text from the data as text: formula-like names never become formulas', async () => {
    const cells = buildSampleCells('en');
    const evil: Record<string, string> = {
      East: '=HYPERLINK("http://x","y")',
      North: '+1',
      South: '-x',
      West: '@x',
    };
    for (let i = 3; i < cells.length; i++) {
      const region = cells[i][3];
      if (typeof region === 'string' && evil[region]) cells[i][3] = evil[region];
    }
    const { fake, sales } = setup({}, cells);
    const before = sales.snapshot();
    const be = new ExcelBackend('en');
    for (const kind of KINDS) {
      const r = await run(be, kind, { by: 3 });
      expect(r.error).toBeUndefined();
      expect(r.ok).toBe(true);
    }
    expect(sales.snapshot()).toBe(before);
    const names = Object.values(evil);
    const check = (sheet: SheetModel, col: number, from: number, to: number): void => {
      const found: string[] = [];
      for (let r = from; r <= to; r++) {
        const c = sheet.get(r, col);
        if (typeof c.value === 'string' && names.includes(c.value)) {
          expect(c.formula).toBeNull();
          expect(c.quotePrefix).toBe(true);
          found.push(c.value);
        }
      }
      expect(found.sort()).toEqual([...names].sort());
    };
    const wb = fake.workbook;
    check(wb.sheet('Goal Breakdown')!, 0, 24, 30);
    check(wb.sheet('Quadrant Analysis')!, 0, 8, 14);
    check(wb.sheet('KPI Scorecard')!, 0, 5, 12);
    // No cell anywhere got a formula made of a name.
    for (const s of wb.sheets)
      for (const [, row] of s.rows)
        for (const f of row.f ?? []) if (f) expect(names.map((n) => `=${n}`)).not.toContain(f);
    expect(safeText('=1')).toBe("'=1");
    expect(safeText('plain')).toBe('plain');
    expect(safeText('2026-01')).toBe("'2026-01");
    expect(safeText('TRUE')).toBe("'TRUE");
  });

  it('never touches a user sheet of the same name; regenerating replaces only ours and keeps the user’s overrides', async () => {
    const { fake, sales } = setup();
    const user = fake.workbook.addSheet('goal breakdown'); // case-insensitive clash
    user.setCells(1, 1, [['my own plan'], [123]]);
    const userBefore = user.snapshot();
    const salesBefore = sales.snapshot();
    const be = new ExcelBackend('en');
    const r1 = await run(be, 'breakdown');
    expect(r1.ok).toBe(true);
    expect(r1.sheets).toEqual(['Goal Breakdown (2)']);
    const ours = fake.workbook.sheet('Goal Breakdown (2)')!;
    const firstId = ours.id;
    // The user types a month target (C11, February) and an entity's annual target (F26) into our sheet.
    ours.setCells(11, 3, [[1_000_000]]);
    const entity = ours.cell('A26').value as string;
    ours.setCells(26, 6, [[2_500_000]]);
    const r2 = await run(be, 'breakdown');
    expect(r2.error).toBeUndefined();
    expect(r2.sheets).toEqual(['Goal Breakdown (2)']);
    const names = fake.workbook.sheetNames();
    expect(names.filter((n) => /goal breakdown/i.test(n))).toEqual(['goal breakdown', 'Goal Breakdown (2)']);
    expect(names.indexOf('Goal Breakdown (2)')).toBe(2); // where the old one was
    const again = fake.workbook.sheet('Goal Breakdown (2)')!;
    expect(again.id).toBe(firstId); // rewritten in place
    expect(again.cell('C11')).toMatchObject({ value: 1_000_000, formula: null });
    expect(again.cell('C11').style.fill).toBe('#DDEBF7'); // shown as locked
    expect(again.cell('C10').formula).toMatch(/^=/);
    expect(again.cell('A26').value).toBe(entity);
    expect(again.cell('F26')).toMatchObject({ value: 2_500_000, formula: null });
    expect(user.snapshot()).toBe(userBefore);
    expect(sales.snapshot()).toBe(salesBefore);
  });

  it('marks through the workbook settings without ExcelApi 1.12', async () => {
    const { fake } = setup({ apiVersion: '1.11' });
    const be = new ExcelBackend('en');
    expect((await run(be, 'breakdown')).ok).toBe(true);
    const gb = fake.workbook.sheet('Goal Breakdown')!;
    expect(gb.customProperties.size).toBe(0);
    expect(JSON.parse(fake.workbook.settings.get('sga-sheets') as string)).toEqual({ [gb.id]: 'breakdown' });
    expect((await run(be, 'quadrant')).ok).toBe(true);
    const r = await run(be, 'breakdown');
    expect(r.sheets).toEqual(['Goal Breakdown']);
    const gb2 = fake.workbook.sheet('Goal Breakdown')!;
    const q = fake.workbook.sheet('Quadrant Analysis')!;
    expect(JSON.parse(fake.workbook.settings.get('sga-sheets') as string)).toEqual({
      [gb2.id]: 'breakdown',
      [q.id]: 'quadrant',
    });
    expect(fake.workbook.sheetNames()).toEqual(['Sales', 'Goal Breakdown', 'Quadrant Analysis']);
  });

  it('scorecard reads and prints cleanly: Calibri, numbers right, text left, wrapped headers, bars from zero, page layout', async () => {
    const { fake } = setup({ apiVersion: '1.9' });
    const be = new ExcelBackend('en');
    const syncs0 = fake.stats.syncs;
    expect((await run(be, 'scorecard')).ok).toBe(true);
    const syncs = fake.stats.syncs - syncs0;
    const sc = fake.workbook.sheet('KPI Scorecard')!;
    const used = sc.usedRect(true)!;
    let numbers = 0;
    let texts = 0;
    let head = -1;
    for (let r = used.r0; r <= used.r1; r++)
      for (let c = used.c0; c <= used.c1; c++) {
        const cell = sc.get(r, c);
        if (cell.value === '' && cell.formula === null) continue;
        expect(cell.style.fontName, `${r},${c}`).toBe('Calibri');
        if (cell.style.fill === '#E7E6E6') {
          expect(cell.style.wrap, `${r},${c}`).toBe(true);
          if (cell.value === 'Reward tier') head = r;
          continue;
        }
        if (cell.formula !== null) continue;
        if (typeof cell.value === 'number') {
          numbers++;
          expect(cell.style.hAlign, `${r},${c}`).toBe('Right');
        } else if (typeof cell.value === 'string') {
          texts++;
          expect(cell.style.hAlign, `${r},${c} ${cell.value}`).toBe('Left');
        }
      }
    expect(numbers + texts).toBeGreaterThan(10);
    expect(head).toBeGreaterThan(0);
    // The rank (a number) and the tier (text) next to it: the tier is indented ("1 Gold", not "1Gold").
    const rankCol = [...Array(used.c1 + 1).keys()].find((c) => sc.get(head, c).value === 'Rank')!;
    expect(sc.get(head + 1, rankCol).style.hAlign).toBe('Right');
    expect(sc.get(head + 1, rankCol + 1).style).toMatchObject({ hAlign: 'Left', indent: 1 });
    // Header rows and the title row are auto-fitted (wrapped headers are never clipped), after the widths.
    expect(sc.autofitRows.map((a) => a.row)).toEqual(expect.arrayContaining([0, head]));
    for (const a of sc.autofitRows) expect(a.widths).toBe(sc.columnWidths.size);
    // Widths in points as Excel counts characters: (7 px a digit × chars + 5 px) × 3/4 (8.43 chars = 48 pt).
    expect(sc.columnWidths.size).toBeGreaterThan(10);
    for (const pt of sc.columnWidths.values())
      expect(Number.isInteger((pt / 0.75 - 5) / 7), String(pt)).toBe(true);
    // The sales data bar starts at zero, in a tint of its colour outlined in the colour.
    const bar = sc.conditionalFormats.find((c) => c.type === 'DataBar')!;
    expect(bar.dataBar).toMatchObject({
      lowerBoundRule: { type: 'Number', formula: '0' },
      upperBoundRule: { type: 'HighestValue' },
      gradientFill: false,
    });
    expect(bar.dataBar!.fillColor).not.toBe(bar.dataBar!.borderColor);
    // Printed landscape, one page wide, with the header rows on every page.
    expect(sc.pageLayout).toMatchObject({
      orientation: 'Landscape',
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 },
      printTitleRows: `$1:$${head + 1}`,
      footers: { leftFooter: '&A', rightFooter: '&P / &N' },
    });
    expect(sc.pageLayout.printArea).toMatch(/^A1:[A-Z]+\d+$/);
    // All of it queued with the rest: ExcelApi 1.8 (no page layout, no indent) takes as many syncs.
    const old = setup({ apiVersion: '1.8' });
    const before = old.fake.stats.syncs;
    expect((await run(new ExcelBackend('en'), 'scorecard')).ok).toBe(true);
    expect(old.fake.stats.syncs - before).toBe(syncs);
    const sc8 = old.fake.workbook.sheet('KPI Scorecard')!;
    expect(sc8.pageLayout).toMatchObject({ orientation: 'Portrait', printArea: null });
    expect(sc8.get(head + 1, rankCol + 1).style).toMatchObject({ hAlign: 'Left' });
    expect(sc8.get(head + 1, rankCol + 1).style.indent).toBeUndefined();
  });

  it('degrades on an old host (ExcelApi 1.4): no frozen panes, conditional formats or chart, still marked', async () => {
    const { fake, sales } = setup({ apiVersion: '1.4' });
    const before = sales.snapshot();
    const be = new ExcelBackend('en');
    const list = await be.listSources();
    expect(list.selected).toBe('sheet:Sales');
    for (const kind of KINDS) expect((await run(be, kind)).ok).toBe(true);
    const q = fake.workbook.sheet('Quadrant Analysis')!;
    expect(q.charts).toHaveLength(0);
    expect(q.conditionalFormats).toHaveLength(0);
    expect(q.freeze).toEqual({ rows: 0, columns: 0 });
    expect(q.cell('B9').formula).toMatch(/^=SUMIFS/);
    expect(Object.values(JSON.parse(fake.workbook.settings.get('sga-sheets') as string)).sort()).toEqual([
      'breakdown',
      'quadrant',
      'scorecard',
    ]);
    expect(sales.snapshot()).toBe(before);
  });

  it('writes nothing when cancelled before writing, and removes a half-written sheet when cancelled between blocks', async () => {
    const { fake } = setup();
    const be = new ExcelBackend('en');
    const ctrl = new AbortController();
    ctrl.abort();
    const r = await run(be, 'breakdown', {}, ctrl.signal);
    expect(r.ok).toBe(false);
    expect(fake.workbook.sheetNames()).toEqual(['Sales']);

    // Amounts typed as text ("¥1,234.50") make the analyses read a clean copy: a large sheet in many blocks.
    const rows = 30_000;
    const big = largeSetup(rows);
    for (const [r0, d] of big.sales.rows) if (r0 > 0) d.v[6] = `¥${(d.v[6] as number).toFixed(2)}`;
    const be2 = new ExcelBackend('en');
    const c2 = new AbortController();
    const r2 = await be2.run(
      req('quadrant'),
      (_f, m) => {
        if (/^Writing .*rows [1-9]/.test(m)) c2.abort();
      },
      c2.signal,
    );
    expect(r2.ok).toBe(false);
    expect(big.fake.workbook.sheetNames()).toEqual(['Sales']);
    // Not cancelled: the clean copy and the analysis; the scorecard then rewrites the copy in place.
    const r3 = await run(be2, 'quadrant');
    expect(r3.ok).toBe(true);
    expect(r3.sheets).toEqual(['Clean Data', 'Quadrant Analysis']);
    const dataId = big.fake.workbook.sheet('Clean Data')!.id;
    expect(big.fake.workbook.sheet('Clean Data')!.cell(`A${rows + 1}`).value).toBe(rows + 1);
    expect(big.fake.workbook.sheet('Quadrant Analysis')!.cell('B9').formula).toContain("'Clean Data'!");
    const r4 = await run(be2, 'scorecard');
    expect(r4.sheets).toEqual(['Clean Data', 'KPI Scorecard']);
    expect(big.fake.workbook.sheet('Clean Data')!.id).toBe(dataId);
    expect(big.fake.workbook.sheetNames()).toEqual([
      'Sales',
      'Clean Data',
      'Quadrant Analysis',
      'KPI Scorecard',
    ]);
  }, 120_000);

  it('reports a missing source and a reader error clearly', async () => {
    setup();
    const be = new ExcelBackend('zh');
    await expect(be.inspect('sheet:Nope', {})).rejects.toThrow(/数据源/);
    const r = await be.run(
      { ...req('breakdown'), sourceId: 'sheet:Nope' },
      () => {},
      new AbortController().signal,
    );
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/数据源/);
  });
});
