/** Layout pieces that several analysis sheets share. */
import { FMT_DATE } from '../spec/grid';
import type { SpecCell } from '../spec/types';
import type { Period } from './calendar';
import type { Labels } from './i18n';

type Put = (row: number, col: number, cell: SpecCell) => void;

/** Rows 3 and 4: the current and previous period's dates as inputs (the dates compared) and their labels. */
export function periodRows(put: Put, current: Period, previous: Period, L: Labels): void {
  const rows: [number, string, Period][] = [
    [3, L.currentPeriod, current],
    [4, L.previousPeriod, previous],
  ];
  for (const [row, head, p] of rows) {
    put(row, 1, { v: head, style: 'header' });
    put(row, 2, { v: p.start, fmt: FMT_DATE, style: 'input' });
    put(row, 3, { v: p.end, fmt: FMT_DATE, style: 'input' });
    put(row, 4, { v: p.label });
  }
}
