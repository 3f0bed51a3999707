/**
 * Chart specs for the host tests: the category charts that the breakdown and tracking analyses draw
 * (stacked month targets per entity; cumulative actual columns with the cumulative target as a line and the
 * forecast as a dashed line), on a small tracking-like sheet.
 */
import type { ChartSpec, SheetSpec, SpecCell } from '../core/spec/types';

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A tracking-like sheet: n categories (months) in A2:A(n+1), targets of three entities in B:D, cumulative
 * figures in E:G (actual to the eighth, forecast from the eighth).
 */
export function categorySpec(name: string, n = 12): SheetSpec {
  const cells: (SpecCell | null)[][] = [
    ['Month', 'North', 'South', 'East', 'Cum actual', 'Cum target', 'Forecast'].map((v) => ({
      v,
      style: 'header',
    })),
  ];
  let actual = 0;
  let target = 0;
  const labels = Array.from({ length: n }, (_, i) => MONTHS[i] ?? `M${i + 1}`);
  labels.forEach((m, i) => {
    const t = [100 + i, 200 + i, 300 + i];
    target += t[0] + t[1] + t[2];
    if (i < 8) actual += 580 + i;
    cells.push([
      { v: m },
      ...t.map((v) => ({ v, fmt: '#,##0' })),
      i < 8 ? { f: `=SUM(B$2:D${i + 2})*0.95`, expect: actual, fmt: '#,##0' } : null,
      { v: target, fmt: '#,##0' },
      i >= 7 ? { v: (actual * 12) / 8, fmt: '#,##0' } : null,
    ]);
  });
  const stacked: ChartSpec = {
    type: 'category',
    stacked: true,
    title: 'Monthly targets by region',
    xTitle: 'Month',
    yTitle: 'Target',
    yFormat: '#,##0',
    series: ['North', 'South', 'East'].map((entity, k) => {
      const col = 'BCD'[k];
      return { name: entity, x: `A2:A${n + 1}`, y: `${col}2:${col}${n + 1}` };
    }),
    anchor: 'I2',
    width: 8,
    height: 16,
  };
  const combo: ChartSpec = {
    type: 'category',
    title: 'Cumulative actual vs target',
    xTitle: 'Month',
    yTitle: 'Sales',
    series: [
      { name: 'Cumulative actual', x: `A2:A${n + 1}`, y: `E2:E${n + 1}`, color: '#2E75B6' },
      { name: 'Cumulative target', x: `A2:A${n + 1}`, y: `F2:F${n + 1}`, kind: 'line' },
      { name: 'Forecast', x: `A2:A${n + 1}`, y: `G2:G${n + 1}`, kind: 'line', dashed: true },
    ],
    anchor: 'I20',
    width: 8,
    height: 16,
  };
  return {
    kind: 'tracking',
    name,
    cells,
    columnWidths: [12, 10, 10, 10, 12, 12, 12],
    charts: [stacked, combo],
  };
}
