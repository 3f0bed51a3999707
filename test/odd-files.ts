/**
 * Odd but real source files, generated for the tests (and for trying the command line by hand): a CSV saved
 * by Western European Excel (windows-1252), a table with an impossible date and amounts typed as text, a cell
 * longer than Excel allows, a sheet wider than Excel allows, headers with control characters.
 */
import fc from 'fast-check';
import { MAX_SERIAL } from '../core/table/coerce';
import type { Cell } from '../core/types';
import { mulberry32 } from '../samples/data';

export const WESTERN_REPS = ['Müller', 'Jürgen Groß', 'Françoise Lefèvre', 'Søren Ågård'];
export const WESTERN_CITIES = ['Zürich', 'Genève', 'Köln', 'Málaga'];

/** Orders 2025-01 .. 2026-06 of four reps in four cities: header row first, ISO dates, plain amounts. */
export function westernRows(rows = 240, seed = 7): string[][] {
  const rand = mulberry32(seed);
  const out: string[][] = [['Date', 'Rep', 'City', 'Sales']];
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(2025, 0, 1) + Math.floor((i / rows) * 546) * 86400000);
    const k = Math.floor(rand() * 4);
    out.push([
      day.toISOString().slice(0, 10),
      WESTERN_REPS[k],
      WESTERN_CITIES[k],
      String(100 + Math.floor(rand() * 900)),
    ]);
  }
  return out;
}

/** Text as windows-1252 bytes (every character used here is in it). */
export function windows1252(text: string): Buffer {
  const high: Record<string, number> = {
    '€': 0x80,
    '–': 0x96,
    '—': 0x97,
    '‘': 0x91,
    '’': 0x92,
    '“': 0x93,
    '”': 0x94,
  };
  return Buffer.from(
    [...text].map((ch) => {
      const c = ch.charCodeAt(0);
      if (c < 0x80 || (c >= 0xa0 && c <= 0xff)) return c;
      if (high[ch] !== undefined) return high[ch];
      throw new Error(`not in windows-1252: ${ch}`);
    }),
  );
}

export const csvText = (rows: string[][]): string => rows.map((r) => r.join(',')).join('\r\n') + '\r\n';

/** A small sales table as a host delivers it: header, then rows of Date, Rep, Amount (numbers). */
export function salesCells(rows = 48): Cell[][] {
  const out: Cell[][] = [['Date', 'Rep', 'Amount', 'Note']];
  for (let i = 0; i < rows; i++)
    out.push([new Date(Date.UTC(2025, i % 18, 1 + (i % 27))), ['Ann', 'Bob', 'Cid'][i % 3], 100 + i, null]);
  return out;
}

/**
 * A workbook (ExcelJS) with a sales table whose "Follow-up" column is date-formatted, one of its cells holding
 * 1e20 (no day: Excel shows ####), and one amount typed as text ("1,200").
 */
export function impossibleDateWorkbook(ExcelJS: typeof import('exceljs')): import('exceljs').Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sales');
  ws.addRow(['Date', 'Rep', 'Amount', 'Follow-up']);
  salesCells()
    .slice(1)
    .forEach((r, i) => {
      const row = ws.addRow([r[0], r[1], i === 5 ? '1,200' : r[2], i === 7 ? 1e20 : r[0]]);
      row.getCell(1).numFmt = 'yyyy-mm-dd';
      row.getCell(4).numFmt = 'yyyy-mm-dd';
    });
  return wb;
}

/** Cells of extreme magnitude, as hosts can deliver them: huge and tiny numbers, Dates beyond any day, number-like text. */
export const EXTREME: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    1e20,
    -1e20,
    1e308,
    -1e308,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    -Number.MIN_VALUE,
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
    MAX_SERIAL + 1,
    -1,
    -0,
    NaN,
    Infinity,
    -Infinity,
    '1e308',
    '1e309',
    '-1e999',
    '99999999999999999999',
    '9999-12-31',
    '10000-01-01',
    '0000-01-01',
    '1e20',
    '¥1e300万',
  ),
  fc.double({ min: -1e300, max: 1e300 }).map((x) => x * 1e8),
  fc.integer({ min: -8.64e15, max: 8.64e15 }).map((t) => new Date(t)),
  fc.constantFrom(new Date(NaN), new Date(8.64e15), new Date(-8.64e15)),
);
