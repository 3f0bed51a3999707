/**
 * Test helper: load generated SheetSpecs with their source cells into HyperFormula (a real formula engine)
 * and compare every formula cell with the number the core computed.
 */
import { HyperFormula, DetailedCellError } from 'hyperformula';
import type { SheetSpec } from '../core/spec/types';
import { dateToSerial } from '../core/table/coerce';
import { rowOf, type CellRows } from '../core/table/columns';

export interface SourceSheet {
  name: string;
  cells: CellRows;
  originRow?: number;
  originCol?: number;
}

type HfCell = string | number | boolean | null;

const text = (s: string): string => (/^[=']/.test(s) ? `'${s}` : s);

function sourceToHf(src: SourceSheet): HfCell[][] {
  const r0 = (src.originRow ?? 1) - 1;
  const c0 = (src.originCol ?? 1) - 1;
  const out: HfCell[][] = Array.from({ length: r0 }, () => []);
  for (let i = 0; i < src.cells.length; i++) {
    const row = rowOf(src.cells, i);
    const r: HfCell[] = new Array(c0).fill(null);
    for (const v of row ?? []) {
      if (v instanceof Date) r.push(Number.isNaN(v.getTime()) ? null : dateToSerial(v));
      else if (typeof v === 'string') r.push(text(v));
      else if (typeof v === 'number' && !Number.isFinite(v)) r.push(null);
      else r.push(v ?? null);
    }
    out.push(r);
  }
  return out;
}

function specToHf(spec: SheetSpec): HfCell[][] {
  return spec.cells.map((row) =>
    Array.from(row ?? [], (c) => {
      if (!c) return null;
      if (c.f !== undefined) return c.f;
      if (typeof c.v === 'string') return text(c.v);
      return c.v ?? null;
    }),
  );
}

export function buildEngine(sources: SourceSheet[], specs: SheetSpec[]): HyperFormula {
  const sheets: Record<string, HfCell[][]> = {};
  for (const s of sources) sheets[s.name] = sourceToHf(s);
  for (const s of specs) sheets[s.name] = specToHf(s);
  return HyperFormula.buildFromSheets(sheets, { licenseKey: 'gpl-v3', maxRows: 1_100_000, maxColumns: 200 });
}

export interface Mismatch {
  sheet: string;
  cell: string;
  formula: string;
  expected: unknown;
  actual: unknown;
}

/** Every formula cell of `spec` against its `expect` (relative tolerance 1e-9). Returns the mismatches and the count checked. */
export function checkSpec(hf: HyperFormula, spec: SheetSpec): { mismatches: Mismatch[]; checked: number } {
  const sheet = hf.getSheetId(spec.name)!;
  const mismatches: Mismatch[] = [];
  let checked = 0;
  spec.cells.forEach((row, r) =>
    (row ?? []).forEach((c, col) => {
      if (!c || c.f === undefined) return;
      checked++;
      const actual = hf.getCellValue({ sheet, row: r, col });
      const expected = c.expect;
      let ok: boolean;
      if (actual instanceof DetailedCellError) ok = actual.value === expected;
      else if (typeof expected === 'number' && typeof actual === 'number')
        ok = Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
      else ok = actual === expected;
      if (!ok)
        mismatches.push({
          sheet: spec.name,
          cell: `${String.fromCharCode(65 + col)}${r + 1}`,
          formula: c.f,
          expected,
          actual: actual instanceof DetailedCellError ? `${actual.value} ${actual.message}` : actual,
        });
    }),
  );
  return { mismatches, checked };
}

/** Value of an A1 cell on a sheet. */
export function valueAt(hf: HyperFormula, sheet: string, ref: string): unknown {
  const addr = hf.simpleCellAddressFromString(ref, hf.getSheetId(sheet)!);
  if (!addr) throw new Error(`bad ref ${ref}`);
  const v = hf.getCellValue(addr);
  return v instanceof DetailedCellError ? v.value : v;
}

export function setAt(hf: HyperFormula, sheet: string, ref: string, value: HfCell | HfCell[][]): void {
  const addr = hf.simpleCellAddressFromString(ref, hf.getSheetId(sheet)!);
  if (!addr) throw new Error(`bad ref ${ref}`);
  hf.setCellContents(addr, Array.isArray(value) ? value : [[value]]);
}
