/**
 * Writes the sample files (samples/sales-en.xlsx, samples/sales-zh.xlsx, samples/sales-en.csv) from the
 * generated data in samples/data.ts. Node + ExcelJS; run through samples/generate.ts.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import type { Cell, Lang } from '../core/types';
import {
  AMOUNT_COLUMN,
  buildLeadCells,
  buildSampleCells,
  generateSalesRows,
  LEAD_FORMATS,
  ORDER_FORMATS,
  sampleLayout,
  SHEET_NAMES,
} from './data';

export const SAMPLE_FILES = ['sales-en.xlsx', 'sales-zh.xlsx', 'sales-en.csv'] as const;

/** A fixed timestamp for the workbook properties, so that a re-generation differs in nothing. */
const STAMP = new Date(Date.UTC(2026, 9, 1));
const ORDER_WIDTHS = [12, 13, 10, 9, 16, 24, 15, 9, 18, 12];
const LEAD_WIDTHS = [10, 10, 8, 8, 8];

/** The sample workbook of a language: the order sheet (messy export layout) then the leads sheet. */
export function buildSampleWorkbook(lang: Lang, seed = 42): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'samples/generate.ts';
  wb.lastModifiedBy = 'samples/generate.ts';
  wb.created = STAMP;
  wb.modified = STAMP;

  const cells = buildSampleCells(lang, seed);
  const layout = sampleLayout(generateSalesRows(seed).orders.length);
  const ws = wb.addWorksheet(SHEET_NAMES[lang].orders);
  cells.forEach((row, i) => {
    row.forEach((v, j) => {
      if (v === null || v === undefined) return;
      const cell = ws.getCell(i + 1, j + 1);
      if (i === layout.totalRow && j === AMOUNT_COLUMN) {
        // The export's totals row sums the amount column (the "n/a" text is ignored by SUM).
        cell.value = { formula: `SUM(G${layout.firstDataRow + 1}:G${layout.totalRow})`, result: v as number };
      } else cell.value = v;
      if ((i > layout.headerRow && i < layout.totalRow) || (i === layout.totalRow && j === AMOUNT_COLUMN)) {
        const fmt = ORDER_FORMATS[j];
        if (fmt) cell.numFmt = fmt;
      }
      if (i === layout.titleRow) cell.font = { bold: true, size: 13 };
      if (i === layout.headerRow || i === layout.totalRow) cell.font = { bold: true };
    });
  });
  ORDER_WIDTHS.forEach((w, j) => (ws.getColumn(j + 1).width = w));

  const leads = wb.addWorksheet(SHEET_NAMES[lang].leads);
  buildLeadCells(lang, seed).forEach((row, i) => {
    row.forEach((v, j) => {
      if (v === null || v === undefined) return;
      const cell = leads.getCell(i + 1, j + 1);
      cell.value = v;
      if (i === 0) cell.font = { bold: true };
      else if (LEAD_FORMATS[j]) cell.numFmt = LEAD_FORMATS[j]!;
    });
  });
  LEAD_WIDTHS.forEach((w, j) => (leads.getColumn(j + 1).width = w));
  return wb;
}

const csvDate = (d: Date): string => d.toISOString().slice(0, 10);

function csvField(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return csvDate(v);
  const s = typeof v === 'number' ? String(v) : typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : v;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Cells as CSV text: UTF-8 with a BOM (as Excel's "CSV UTF-8" saves it), CRLF line ends, ISO dates. */
export function toCsv(cells: readonly (readonly Cell[])[]): string {
  return '\uFEFF' + cells.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Write the three sample files into `dir`; returns their paths. */
export async function writeSamples(dir: string, seed = 42): Promise<string[]> {
  await fs.mkdir(dir, { recursive: true });
  const out: string[] = [];
  for (const lang of ['en', 'zh'] as const) {
    const file = path.join(dir, `sales-${lang}.xlsx`);
    await buildSampleWorkbook(lang, seed).xlsx.writeFile(file);
    out.push(file);
  }
  const csv = path.join(dir, 'sales-en.csv');
  await fs.writeFile(csv, toCsv(buildSampleCells('en', seed)), 'utf8');
  out.push(csv);
  return out;
}
