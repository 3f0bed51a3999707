/**
 * Where the generated formulas read the sales data from: the user's source sheet itself when
 * spreadsheet formulas see its cells as the reader does (live), otherwise a cleaned copy that the
 * add-in writes on a sheet of its own (and says so on every sheet that uses it).
 */
import { quoteSheet, colLetter } from '../spec/a1';
import { FMT_DATE } from '../spec/grid';
import type { SheetSpec, SpecCell } from '../spec/types';
import { cellOf, rowOf } from '../table/columns';
import { coerceDate, dateToSerial, isDate, MAX_SERIAL, serialToISO } from '../table/coerce';
import type { Lang, SalesTable } from '../types';
import { DATE_ROLES, NUMERIC_ROLES } from '../types';
import { entities } from './context';
import { labels } from './i18n';

/** Where the reader's input cells sit: the sheet and the 1-based coordinates of cells[0][0]. */
export interface SourceRef {
  sheet: string;
  originRow: number;
  originCol: number;
  /**
   * The cells are a block (an Excel table, a named range) of a sheet that has other cells in rows above or
   * below it: formulas then read the block's own rows, never whole columns (which would count those too).
   */
  bounded?: boolean;
}

export interface Binding {
  /** True when the formulas read the source sheet. */
  live: boolean;
  /** A1 reference (with sheet) of a table column, by header index: "'Sales'!$F:$F". */
  col(headerIndex: number): string;
  /** A1 reference (with sheet) of sheet rows `first`..`last` of a table column: "'Sales'!$F$20:$F$90". */
  colRows(headerIndex: number, first: number, last: number): string;
  /** The sheet row that holds record `i` (in the source, or in the cleaned copy). */
  rowOf(i: number): number;
  /** The criterion expression matching a label cell exactly (SUMIFS/COUNTIFS), e.g. `"="&$A5`. */
  crit(cellRef: string): string;
  /** Number of source cells that made the source unreadable by formulas (0 when live). */
  textCells: number;
  /** The cleaned copy to add to the workbook when not live. */
  dataSheet?: SheetSpec;
  /** The note to show on sheets that use this binding. */
  note: string;
}

/**
 * Decide how formulas read `columns` (header indexes) of the table and build the binding.
 * `dataSheetName` is the final name of the clean-data sheet (hosts resolve clashes first).
 */
export function bindSource(
  table: SalesTable,
  src: SourceRef,
  columns: number[],
  lang: Lang = 'en',
  dataSheetName?: string,
): Binding {
  const L = labels(lang);
  const used = [...new Set(columns)];
  const dateCol = table.mapping.date!;
  const amountCol = table.mapping.amount!;
  const roleOf = new Map<number, string>();
  for (const [role, idx] of Object.entries(table.mapping))
    if (idx !== undefined && !roleOf.has(idx)) roleOf.set(idx, role);

  // 1. Cells that formulas read differently from the reader.
  let textCells = 0;
  for (const idx of used) {
    const role = roleOf.get(idx);
    if (role && role in table.coerced)
      textCells += table.coerced[role as keyof typeof table.coerced]?.length ?? 0;
  }
  let wildcard = false;
  const off = table.columnOffset;
  for (const idx of used) {
    const role = roleOf.get(idx);
    if (
      role &&
      ((NUMERIC_ROLES as readonly string[]).includes(role) ||
        (DATE_ROLES as readonly string[]).includes(role))
    )
      continue;
    const scan = entities(table, idx); // the grouping counts them on its way
    textCells += scan.untrimmed;
    wildcard ||= scan.wildcard;
  }
  // Totals rows that carry a real date and amount would be summed by SUMIFS.
  for (const s of table.skipped) {
    if (s.code !== 'totals') continue;
    const d = cellOf(table.cells, s.index, off + dateCol);
    if (
      typeof cellOf(table.cells, s.index, off + amountCol) === 'number' &&
      (d instanceof Date || (typeof d === 'number' && coerceDate(d) !== null))
    )
      textCells++;
  }

  const crit = (ref: string): string =>
    wildcard ? `"="&SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(${ref},"~","~~"),"*","~*"),"?","~?")` : `"="&${ref}`;

  if (textCells === 0) {
    // 2. Whole columns when nothing outside the table could match a date criterion; else the table's rows.
    let whole = src.bounded !== true;
    for (let r = 0; r < table.cells.length && whole; r++) {
      if (r > table.headerIndex && r <= table.lastIndex) continue;
      const d = cellOf(table.cells, r, off + dateCol);
      if (typeof d === 'number' || d instanceof Date) whole = false;
    }
    const first = src.originRow + table.headerIndex + 1;
    const last = src.originRow + table.lastIndex;
    const sheet = quoteSheet(src.sheet);
    return {
      live: true,
      col: (idx) => {
        const c = colLetter(src.originCol + off + idx);
        return whole ? `${sheet}!$${c}:$${c}` : `${sheet}!$${c}$${first}:$${c}$${Math.max(first, last)}`;
      },
      colRows: (idx, r1, r2) => {
        const c = colLetter(src.originCol + off + idx);
        return `${sheet}!$${c}$${r1}:$${c}$${r2}`;
      },
      rowOf: (i) => src.originRow + table.index[i],
      crit,
      textCells: 0,
      note: whole ? L.liveNote : L.liveRowsNote(first, Math.max(first, last)),
    };
  }

  // 3. The cleaned copy: one row per record, the source row first, then every column of the table.
  const name = dataSheetName ?? L.dataSheet;
  const H = table.headers.length;
  const colIndex = (idx: number): number => idx + 2; // A = source row
  const cells: (SpecCell | null)[][] = [];
  cells.push([
    { v: L.sourceRow, style: 'header' },
    ...table.headers.map((h) => ({ v: h, style: 'header' as const })),
  ]);
  const dateRoles = new Map<number, Float64Array>();
  dateRoles.set(dateCol, table.date);
  for (const r of DATE_ROLES)
    if (r !== 'date' && table.mapping[r] !== undefined && table.dates[r])
      dateRoles.set(table.mapping[r]!, table.dates[r]!);
  const numRoles = new Map<number, Float64Array>();
  numRoles.set(amountCol, table.amount);
  for (const r of NUMERIC_ROLES)
    if (r !== 'amount' && table.mapping[r] !== undefined && table.numbers[r])
      numRoles.set(table.mapping[r]!, table.numbers[r]!);
  for (let i = 0; i < table.length; i++) {
    const rowIdx = table.index[i];
    const raw = rowOf(table.cells, rowIdx) ?? [];
    const out: (SpecCell | null)[] = new Array(H + 1);
    out[0] = { v: src.originRow + rowIdx };
    for (let c = 0; c < H; c++) {
      const d = dateRoles.get(c);
      const num = numRoles.get(c);
      if (d) out[c + 1] = Number.isNaN(d[i]) ? null : { v: d[i], fmt: FMT_DATE };
      else if (num) out[c + 1] = Number.isNaN(num[i]) ? null : { v: num[i] };
      else out[c + 1] = copyCell(raw[off + c]);
    }
    cells.push(out);
  }
  const sheet = quoteSheet(name);
  return {
    live: false,
    col: (idx) => {
      const c = colLetter(colIndex(idx));
      return `${sheet}!$${c}:$${c}`;
    },
    colRows: (idx, r1, r2) => {
      const c = colLetter(colIndex(idx));
      return `${sheet}!$${c}$${r1}:$${c}$${r2}`;
    },
    rowOf: (i) => i + 2, // a header row, then one row per record
    crit,
    textCells,
    dataSheet: {
      kind: 'data',
      name,
      cells,
      freeze: { rows: 1 },
      columnWidths: [10, ...table.headers.map((h) => Math.min(30, Math.max(10, h.length + 2)))],
    },
    note: L.cleanNote(textCells, name),
  };
}

/**
 * A cell of a column without a role, for the cleaned copy: text trimmed, a Date as its day; blank, and a cell no
 * sheet can hold (an invalid Date, NaN, an infinity: the reader reported it), as an empty cell.
 */
function copyCell(v: unknown): SpecCell | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'string') return { v: v.trim() };
  if (typeof v === 'number') return v - v === 0 ? { v } : null;
  if (typeof v === 'boolean') return { v };
  if (isDate(v)) {
    const s = dateToSerial(v);
    return s >= 1 && s <= MAX_SERIAL ? { v: serialToISO(s) } : null;
  }
  return null;
}

/** SUMIFS criteria pair limiting a date column to [startRef, endRef] (whole days; times on the end day count). */
export function dateCriteria(dateColRef: string, startRef: string, endRef: string): string {
  return `${dateColRef},">="&${startRef},${dateColRef},"<"&(${endRef}+1)`;
}
