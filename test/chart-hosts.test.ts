/// <reference types="office-js" />
/// <reference types="google-apps-script" />
/**
 * The same ChartSpecs drawn by the two add-ins: Excel through Office.js (against the strict fake, which
 * rejects unknown members, wrong enums and members newer than the host's requirement set) and Sheets
 * through EmbeddedChartBuilder (against the GAS fake, which records the builder calls and checks the
 * series options). The quadrant scatter is checked end to end in excel-adapter.test.ts and
 * sheets-addon.test.ts; these are the category charts of the breakdown and tracking analyses.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { queueSheetParts } from '../excel-addin/adapter/render';
import { chartNumberFormat, renderSpec } from '../sheets-addon/server/render';
import type { SheetSpec } from '../core/spec/types';
import { categorySpec } from './chart-specs';
import { describeChart, FakeExcel } from './fake-excel';
import { FakeGas, isServiceCall, type FakeSheet } from './fake-gas';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});

/** Queue the spec's sheet parts in one Excel.run on a new sheet; the fake's sync count and the sheet. */
async function drawInExcel(spec: SheetSpec, apiVersion: string) {
  const fake = new FakeExcel({ apiVersion });
  restore = fake.install();
  await fake.Excel.run(async (ctx: Excel.RequestContext) => {
    const sheet = ctx.workbook.worksheets.add(spec.name);
    queueSheetParts(sheet, spec);
    await ctx.sync();
  });
  return { fake, sheet: fake.workbook.sheet(spec.name)! };
}

describe('Excel (Office.js): category charts', () => {
  it('stacked month targets and a combo of columns, a line and a dashed line, queued in the same batch', async () => {
    const spec = categorySpec('Goal Tracking');
    const { fake, sheet } = await drawInExcel(spec, '1.8');
    expect(fake.stats.syncs).toBe(1);
    expect(sheet.charts).toHaveLength(2);
    const [stacked, combo] = sheet.charts.map(describeChart);
    expect(stacked).toMatchObject({
      type: 'ColumnStacked',
      title: 'Monthly targets by region',
      xTitle: 'Month',
      yTitle: 'Target',
      yFormat: '#,##0',
      legendPosition: 'Bottom',
      position: { start: 'I2', end: null },
      width: 8 * 48,
      height: 16 * 15,
    });
    expect(stacked.series.map((s) => [s.name, s.chartType, s.x, s.y])).toEqual([
      ['North', 'ColumnStacked', 'Goal Tracking!A2:A13', 'Goal Tracking!B2:B13'],
      ['South', 'ColumnStacked', 'Goal Tracking!A2:A13', 'Goal Tracking!C2:C13'],
      ['East', 'ColumnStacked', 'Goal Tracking!A2:A13', 'Goal Tracking!D2:D13'],
    ]);
    expect(combo).toMatchObject({ type: 'ColumnClustered', yTitle: 'Sales', position: { start: 'I20' } });
    // No yFormat in the spec: the value axis takes the format of the cells.
    expect(combo.yFormat).toBe('#,##0');
    expect(combo.series.map((s) => [s.name, s.chartType, s.markerStyle, s.line.lineStyle, s.y])).toEqual([
      ['Cumulative actual', 'ColumnClustered', 'Automatic', 'Automatic', 'Goal Tracking!E2:E13'],
      ['Cumulative target', 'Line', 'None', 'Automatic', 'Goal Tracking!F2:F13'],
      ['Forecast', 'Line', 'None', 'Dash', 'Goal Tracking!G2:G13'],
    ]);
    expect(combo.series[0].fill).toBe('#2E75B6');
  });

  it('ExcelApi 1.7 draws the charts without axis number formats; 1.6 draws none', async () => {
    const spec = categorySpec('Goal Tracking');
    const v17 = await drawInExcel(spec, '1.7');
    expect(v17.sheet.charts.map((c) => [c.type, c.series.length, c.yFormat])).toEqual([
      ['ColumnStacked', 3, 'General'],
      ['ColumnClustered', 3, 'General'],
    ]);
    restore?.();
    const v16 = await drawInExcel(spec, '1.6');
    expect(v16.sheet.charts).toHaveLength(0);
  });

  it('a chart without series is not drawn', async () => {
    const spec = categorySpec('Goal Tracking');
    spec.charts![1].series = [];
    const { sheet } = await drawInExcel(spec, '1.8');
    expect(sheet.charts.map((c) => c.title)).toEqual(['Monthly targets by region']);
  });
});

/** Render the spec with the Sheets renderer on a new sheet of a fake spreadsheet. */
function drawInSheets(spec: SheetSpec): { gas: FakeGas; sheet: FakeSheet; calls: number } {
  const gas = new FakeGas();
  const g = globalThis as Record<string, unknown>;
  const saved = { SpreadsheetApp: g.SpreadsheetApp, Charts: g.Charts };
  g.SpreadsheetApp = gas.globals.SpreadsheetApp;
  g.Charts = gas.globals.Charts;
  restore = () => Object.assign(g, saved);
  const sheet = gas.ss.addSheet(spec.name);
  gas.calls.reset();
  renderSpec(gas.wrapSheet(sheet) as Sheet, spec);
  return { gas, sheet, calls: gas.calls.total(isServiceCall) };
}

describe('Sheets (EmbeddedChartBuilder): category charts', () => {
  it('a stacked COLUMN chart and a COMBO with bars, a line and a dashed line, categories first', () => {
    const spec = categorySpec('Goal Tracking');
    const { sheet } = drawInSheets(spec);
    expect(sheet.charts).toHaveLength(2);
    const [stacked, combo] = sheet.charts;
    expect(stacked.type).toBe('ChartType.COLUMN');
    expect(stacked.options).toMatchObject({
      title: 'Monthly targets by region',
      isStacked: true,
      hAxis: { title: 'Month' },
      vAxis: { title: 'Target', format: '#,##0' },
      legend: { position: 'bottom' },
      width: 800,
      height: 16 * 21,
    });
    expect(stacked.position).toEqual([2, 9, 0, 0]);
    expect(combo.type).toBe('ChartType.COMBO');
    expect(combo.options.isStacked).toBeUndefined();
    expect(combo.options.series).toEqual({
      0: { type: 'bars', color: '#2E75B6' },
      1: { type: 'line', lineWidth: 2, pointSize: 0 },
      2: { type: 'line', lineWidth: 2, pointSize: 0, lineDashStyle: [6, 4] },
    });
    // Each chart reads one hidden helper block: the categories in its first column, then one column per
    // series, by formulas on the spec's cells, under a header row of the legend names.
    for (const [chart, cols] of [
      [stacked, ['B', 'C', 'D']],
      [combo, ['E', 'F', 'G']],
    ] as const) {
      expect(chart.ranges).toHaveLength(1);
      expect(chart.numHeaders).toBe(1);
      const m = /^([A-Z]+)1:([A-Z]+)(\d+)$/.exec(chart.ranges[0])!;
      const c0 = colNumber(m[1]);
      const grid = sheet.grid(1, c0, Number(m[3]), colNumber(m[2]) - c0 + 1);
      const specChart = spec.charts![chart === stacked ? 0 : 1];
      expect(grid[0]).toEqual(['Month', ...specChart.series.map((s) => s.name)]);
      expect(grid[1]).toEqual(['=A2', ...cols.map((c) => `=${c}2`)]);
      expect(grid).toHaveLength(13);
      for (let c = c0; c <= colNumber(m[2]); c++) expect(sheet.hiddenColumns.has(c)).toBe(true);
    }
  });

  it('the service calls for the charts do not grow with the categories', () => {
    const few = drawInSheets(categorySpec('T', 12));
    restore?.();
    const many = drawInSheets(categorySpec('T', 120));
    expect(many.sheet.charts[1].ranges[0]).toMatch(/\d+$/);
    expect(Number(/(\d+)$/.exec(many.sheet.charts[1].ranges[0])![1])).toBe(121);
    expect(many.calls).toBe(few.calls);
  });

  it('axis formats for Sheets: ICU patterns, "short" for thousands and millions, nothing for dates', () => {
    expect(chartNumberFormat('#,##0')).toBe('#,##0');
    expect(chartNumberFormat('0.0%')).toBe('0.0%');
    expect(chartNumberFormat('"¥"#,##0;[Red]-"¥"#,##0')).toBe('¥#,##0');
    expect(chartNumberFormat('#,##0.0,,"M"')).toBe('short');
    expect(chartNumberFormat('#,##0,"K"')).toBe('short');
    expect(chartNumberFormat('yyyy-mm')).toBeUndefined();
    expect(chartNumberFormat('General')).toBeUndefined();
    expect(chartNumberFormat(undefined)).toBeUndefined();
  });

  it('the fake refuses series options Sheets does not know', () => {
    const gas = new FakeGas();
    const b = (gas.wrapSheet(gas.ss.addSheet('X')) as Sheet).newChart();
    expect(() => b.setOption('series', { 0: { type: 'column' } })).toThrow(/Invalid series option type/);
    expect(() => b.setOption('series', { 0: { dashStyle: [4] } })).toThrow(/Unknown series option/);
    expect(() => b.setOption('isStacked', 'yes')).toThrow(/isStacked/);
  });
});

function colNumber(letters: string): number {
  return [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
}
