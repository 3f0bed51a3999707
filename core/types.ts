/**
 * Types shared by every room of the core. Nothing here knows about a host.
 */
import type { CellRows } from './table/columns';

/** A cell exactly as a host delivers it (Office.js values, Apps Script getValues, ExcelJS, CSV text). */
export type Cell = string | number | boolean | Date | null | undefined;

/** The two UI languages. */
export type Lang = 'en' | 'zh';

/** Text in both languages. */
export interface Bilingual {
  en: string;
  zh: string;
}

/** Numeric roles besides the amount: counts, targets and scores read per record. */
export const EXTRA_NUMERIC_ROLES = [
  'orders',
  'quantity',
  'leads',
  'won',
  'lost',
  'target',
  'satisfaction',
] as const;

/** The column roles the reader recognises. */
export const ROLES = [
  'date',
  'rep',
  'region',
  'product',
  'customer',
  'amount',
  'orderId',
  ...EXTRA_NUMERIC_ROLES,
  'contactDate',
  'closeDate',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose cells are numbers. */
export const NUMERIC_ROLES = ['amount', ...EXTRA_NUMERIC_ROLES] as const;
export type NumericRole = (typeof NUMERIC_ROLES)[number];

/** Roles whose cells are dates. */
export const DATE_ROLES = ['date', 'contactDate', 'closeDate'] as const;
export type DateRole = (typeof DATE_ROLES)[number];

/** Roles whose cells are labels (possible dimensions of an analysis). */
export const TEXT_ROLES = ['rep', 'region', 'product', 'customer', 'orderId'] as const;
export type TextRole = (typeof TEXT_ROLES)[number];

/** A row or cell the reader could not use, as the user sees it in the sheet. */
export interface SkippedRow {
  /** 1-based row number in the sheet (input row index + originRow). */
  row: number;
  /** 0-based index of the row in the input 2D array. */
  index: number;
  /** The header of the offending column, when one cell is the reason. */
  column?: string;
  /** Machine-readable reason code. */
  code:
    | 'blank-date'
    | 'bad-date'
    | 'blank-amount'
    | 'bad-amount'
    | 'huge-amount'
    | 'totals'
    | 'bad-number'
    | 'bad-cell';
  /** Localised, human-readable reason. */
  reason: string;
}

/** Why a role got the column it got (e.g. when two columns competed). */
export interface MappingNote {
  role: Role;
  chosen: string;
  rejected: string[];
  message: string;
}

/**
 * A sales table, stored column-wise so that a million rows stay fast and small.
 * Records are the data rows the reader kept (skipped rows are not records).
 */
export interface SalesTable {
  /** All header texts of the table, left to right (trimmed; empty header -> ""). */
  headers: string[];
  /** Role -> index into `headers`. `date` and `amount` are always present. */
  mapping: Partial<Record<Role, number>>;
  /** Notes about competing columns and overrides. */
  mappingNotes: MappingNote[];
  /** 0-based index, in the input 2D array, of the header row. */
  headerIndex: number;
  /** 0-based index, in the input 2D array, of the table's first column. */
  columnOffset: number;
  /** 0-based index, in the input 2D array, of the last row that belongs to the table (data, blank or totals). */
  lastIndex: number;
  /** Number of records. */
  length: number;
  /** Per record: 0-based index of its row in the input 2D array. */
  index: Int32Array;
  /** Per record: the date as an Excel serial day number (1900 system, integer). */
  date: Float64Array;
  /** Per record: the sales amount. */
  amount: Float64Array;
  /** Per record, for each mapped numeric role other than amount: the number, NaN when blank or unreadable. */
  numbers: Partial<Record<Exclude<NumericRole, 'amount'>, Float64Array>>;
  /** Per record, for each mapped date role other than date: the serial day, NaN when blank or unreadable. */
  dates: Partial<Record<Exclude<DateRole, 'date'>, Float64Array>>;
  /** The input cells, kept by reference (never copied, never changed), for label columns read on demand. */
  cells: CellRows;
  /** Rows and cells skipped, with reasons. */
  skipped: SkippedRow[];
  /**
   * For each role, the 0-based input row indexes of records whose cell in that column was text that the
   * reader converted (e.g. "¥1,234", "2024年3月"). Spreadsheet formulas such as SUMIFS do not see such
   * cells the way the reader does, so analyses use this to decide whether formulas can read the source.
   */
  coerced: Partial<Record<Role, number[]>>;
}

/** Options of the reader. */
export interface ReadOptions {
  lang?: Lang;
  /** Sheet row number of the input's first row, for the row numbers in messages (default 1). */
  originRow?: number;
  /** Number formats of the cells, same shape as the cells (or shorter); used to know that a serial is a date. */
  formats?: readonly (readonly (string | null | undefined)[])[];
  /** Force a role to a header (by header text, case-insensitive) or a 0-based column index within the table. Null unmaps. */
  overrides?: Partial<Record<Role, string | number | null>>;
  /**
   * What the table measures: sales (default: an amount column is required) or leads (a leads table,
   * e.g. one row per month and rep with Leads, Won, Lost: the leads column is required and is read as
   * the table's measure, `amount`) or targets (a target table: Month, Rep or Region, Target: the target
   * column is required and read as `amount`).
   */
  measure?: 'sales' | 'leads' | 'target';
  /** Heuristic: treat "1.234,5" as comma-decimal. Default: detected per column. */
  decimalComma?: boolean;
  /**
   * The cells come from a workbook in the 1904 date system, its date-formatted serials already turned into
   * 1900 serials (core/table/datesystem.ts). A number read as a date without a date format (45352) is still
   * a 1900 serial to the reader, but that workbook's formulas would read it 1462 days later: such cells count
   * as coerced, so that the formulas read the cleaned copy.
   */
  date1904?: boolean;
}

/** The reader's answer: a table, or a clear, localised reason why there is none. */
export type ReadResult =
  | { ok: true; table: SalesTable }
  | {
      ok: false;
      error: {
        code: 'empty' | 'no-header' | 'no-amount' | 'no-leads' | 'no-target' | 'no-date' | 'no-rows';
        message: string;
        headers: string[];
      };
    };
