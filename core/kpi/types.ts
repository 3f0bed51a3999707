/**
 * Types of the KPI function registry: what a KPI custom function is, what it takes and what it answers.
 * Both hosts (Excel `=KPI.X(...)`, Google Sheets `=KPI_X(...)`) and the CLI read these definitions.
 */
import type { Bilingual } from '../types';

/** The spreadsheet errors a KPI function may answer with. Hosts turn them into their native errors. */
export type KpiErrorCode = '#DIV/0!' | '#NUM!' | '#N/A' | '#VALUE!';

/** All error codes, for checks. */
export const KPI_ERROR_CODES: readonly KpiErrorCode[] = ['#DIV/0!', '#NUM!', '#N/A', '#VALUE!'];

/** A spreadsheet error with an English message that names the problem. */
export class KpiError {
  constructor(
    readonly code: KpiErrorCode,
    readonly message: string,
  ) {}
}

/** One cell of an answer. */
export type KpiScalar = number | string | boolean | KpiError;

/** An answer: one value, or a 2D array that spills (rows of cells). */
export type KpiResult = KpiScalar | KpiScalar[][];

/**
 * One parameter of a KPI function.
 *
 * `type` tells a host wrapper what to declare:
 * - `number`: one number (text such as "¥1,234" is read as a number too);
 * - `text`: one text (or number) value;
 * - `range`: a range (a single value is read as a 1×1 range);
 * - `any`: a single value or a range; element-wise parameters are `any`.
 */
export interface KpiParam {
  /** snake_case, a valid JS identifier, e.g. "first_contact_dates". */
  name: string;
  type: 'number' | 'range' | 'text' | 'any';
  /** Optional parameters come after all required ones. */
  optional: boolean;
  description: Bilingual;
}

/** One KPI custom function. */
export interface KpiFunction {
  /** UPPERCASE, valid as an Excel custom function name, e.g. "GROWTH". */
  name: string;
  description: Bilingual;
  params: KpiParam[];
  /** `array` = may spill (when given ranges, or always for functions that answer a list). */
  returns: 'number' | 'text' | 'array';
  /** An example formula in Excel syntax, e.g. "=KPI.GROWTH(B2, C2)". */
  example: string;
  /**
   * The implementation. Arguments arrive as hosts deliver them (numbers, text, booleans, blanks as
   * null / undefined / "", JS Dates, 2D arrays for ranges). May throw only on a bug: call it through
   * `callKpi`, which never throws.
   */
  impl: (...args: unknown[]) => KpiResult;
}
