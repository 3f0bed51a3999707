/**
 * Where things are on the Goal Breakdown sheet, and the formula pieces its blocks share (breakdown-sheet.ts
 * lays out the top level, cascade-sheet.ts the second level below it).
 */
import { a1 } from '../spec/a1';
import type { SpecCell } from '../spec/types';

export type Put = (row: number, col: number, cell: SpecCell) => void;

/** Layout rows and columns (1-based). */
export const R_FISCAL = 3;
export const R_TARGET = 4;
export const R_UNIT = 5;
export const R_RAMP = 6;
export const R_RESERVE = 7;
export const R_MHEAD = 9;
export const R_M1 = 10; // months 10..21, total 22
export const C_Q = 6; // quarter label; its target in the next column
export const R_ESUB = 24;
export const R_EHEAD = 25;
export const R_E1 = 26;
export const C_NOTE = 2;
export const C_BASE = 3;
export const C_BASIS = 4;
export const C_SHARE = 5;
export const C_ANNUAL = 6;
export const C_GRID = 7; // first month of the grid; 12 months to C_GRID + 11
export const C_CHECK = C_GRID + 12;

export const T = a1(R_TARGET, 2, true);
export const U = a1(R_UNIT, 2, true);
export const RAMP = a1(R_RAMP, 2, true);
export const RESERVE = a1(R_RESERVE, 2, true);
/** IFERROR(ROUND(x / W / U, 0) * U, 0): the rounding every running total goes through. */
export const roundF = (x: string, W: string): string => `IFERROR(ROUND(${x}/${W}/${U},0)*${U},0)`;
export const minus = (base: string, refs: string[]): string =>
  refs.length ? `(${base}-${refs.join('-')})` : base;

export const sumOf = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
