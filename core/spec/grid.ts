/** A sparse grid of spec cells that analyses fill by 1-based row and column. */
import type { SpecCell } from './types';

export const FMT_MONEY = '#,##0';
export const FMT_PCT = '0.0%';
export const FMT_DATE = 'yyyy-mm-dd';

export function grid(): {
  cells: (SpecCell | null)[][];
  put: (row: number, col: number, cell: SpecCell) => void;
} {
  const cells: (SpecCell | null)[][] = [];
  return {
    cells,
    put: (row, col, cell) => {
      while (cells.length < row) cells.push([]);
      cells[row - 1][col - 1] = cell;
    },
  };
}
