/**
 * Odd but real source files, generated for the tests (and for trying the command line by hand): a CSV saved
 * by Western European Excel (windows-1252), a table with an impossible date and amounts typed as text, a cell
 * longer than Excel allows, a sheet wider than Excel allows, headers with control characters.
 */
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
