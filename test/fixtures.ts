/** Small deterministic sales tables for analysis tests, with the plain records to check against. */
import type { Cell } from '../core/types';
import { mulberry32 } from '../samples/data';

export interface FxRecord {
  date: Date;
  region: string;
  rep: string;
  customer: string;
  amount: number;
  contact: Date | null;
}

const REPS: [string, string, number][] = [
  ['Ann', 'East', 2024],
  ['Bob', 'East', 2024],
  ['Cai', 'North', 2024],
  ['Dee', 'North', 2024],
  ['Eve', 'South', 2024],
  ['Fay', 'South', 2024],
  ['Gus', 'West', 2026],
];

/** Orders Jan 2024 .. `endMonth` 2026; West (rep Gus) starts in 2026. */
export function fixtureRecords(endMonth = 6, seed = 7): FxRecord[] {
  const r = mulberry32(seed);
  const out: FxRecord[] = [];
  for (let y = 2024; y <= 2026; y++)
    for (let m = 1; m <= (y === 2026 ? endMonth : 12); m++)
      for (const [rep, region, from] of REPS) {
        if (y < from) continue;
        const orders = 2 + Math.floor(r() * 3);
        for (let k = 0; k < orders; k++) {
          const day = 1 + Math.floor(r() * 28);
          const growth =
            region === 'East' ? 1 : region === 'North' ? 1 + 0.3 * (y - 2024) : 1 - 0.1 * (y - 2024);
          const season = m === 12 ? 1.6 : m === 2 ? 0.6 : 1;
          const amount = Math.round((region === 'East' ? 900 : 400) * growth * season * (0.5 + r())) + 0.25;
          const date = new Date(Date.UTC(y, m - 1, day));
          const contact =
            r() < 0.2 ? null : new Date(Date.UTC(y, m - 1, day) - Math.floor(r() * 40) * 86400000);
          out.push({ date, region, rep, customer: `C${1 + Math.floor(r() * 25)}`, amount, contact });
        }
      }
  return out;
}

export const HEADERS = ['Order Date', 'Region', 'Rep', 'Customer', 'Sales', 'First Contact Date'];

/** The records as sheet cells: a title row, a blank row, the header, the data, a totals row. */
export function fixtureCells(recs: FxRecord[]): Cell[][] {
  const cells: Cell[][] = [['Orders export'], [], HEADERS];
  for (const x of recs) cells.push([x.date, x.region, x.rep, x.customer, x.amount, x.contact]);
  cells.push(['Total', null, null, null, recs.reduce((a, b) => a + b.amount, 0), null]);
  return cells;
}

export const inRange = (d: Date, from: string, to: string): boolean => {
  const iso = d.toISOString().slice(0, 10);
  return iso >= from && iso <= to;
};

export function sumWhere(recs: FxRecord[], f: (x: FxRecord) => boolean): number {
  let s = 0;
  for (const x of recs) if (f(x)) s += x.amount;
  return s;
}
