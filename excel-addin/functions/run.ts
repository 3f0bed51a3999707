/**
 * The one bridge between Excel's custom-function calls and the KPI registry in core/kpi. The generated
 * wrappers in functions.ts are one line each: `return run('GROWTH', [current, previous]);`.
 *
 * In: Excel passes a range or an array as a 2D array, a single value as itself (or as a 1×1 array for
 * `any[][]` parameters), a blank cell as null or "", an omitted optional argument as null or undefined,
 * and an error cell as a CustomFunctions.Error-like object. The core reads all of these; undefined is
 * made null so that the core sees one kind of "left out".
 *
 * Out: always a 2D array so the answer spills (a single value becomes [[v]]), with each KpiError turned
 * into Excel's own error: #DIV/0!, #NUM!, #N/A, #VALUE!. Excel shows a custom message only for #VALUE!
 * and #N/A (the other codes take none), so the message goes with those two only. Never throws.
 */
/// <reference types="custom-functions-runtime" />
import { callKpi, KpiError, type KpiErrorCode, type KpiScalar } from '../../core/kpi';

/** One cell of an answer as Excel takes it. */
export type ExcelCell = number | string | boolean | CustomFunctions.Error;

/** Error codes that Excel shows with a custom message. */
const WITH_MESSAGE: ReadonlySet<KpiErrorCode> = new Set<KpiErrorCode>(['#VALUE!', '#N/A']);

/** The Excel error code of a KPI error code (looked up when used: the enum lives in Excel's runtime). */
function errorCode(code: KpiErrorCode): CustomFunctions.ErrorCode {
  const E = CustomFunctions.ErrorCode;
  switch (code) {
    case '#DIV/0!':
      return E.divisionByZero;
    case '#NUM!':
      return E.invalidNumber;
    case '#N/A':
      return E.notAvailable;
    default:
      return E.invalidValue;
  }
}

/** Excel's error for a KPI error. */
export function toExcelError(e: KpiError): CustomFunctions.Error {
  return WITH_MESSAGE.has(e.code)
    ? new CustomFunctions.Error(errorCode(e.code), e.message)
    : new CustomFunctions.Error(errorCode(e.code));
}

function toExcelCell(v: KpiScalar): ExcelCell {
  return v instanceof KpiError ? toExcelError(v) : v;
}

/** Calls KPI function `name` with the arguments as Excel passed them; answers a 2D array for Excel. */
export function run(name: string, args: unknown[]): ExcelCell[][] {
  try {
    const result = callKpi(
      name,
      args.map((a) => (a === undefined ? null : a)),
    );
    if (Array.isArray(result)) return result.map((row) => row.map(toExcelCell));
    return [[toExcelCell(result)]];
  } catch (e) {
    // callKpi never throws; this guards the conversion itself.
    const msg = e instanceof Error ? e.message : String(e);
    return [[toExcelError(new KpiError('#VALUE!', `${name}: ${msg}`))]];
  }
}
