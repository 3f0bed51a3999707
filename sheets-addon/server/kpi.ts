/// <reference types="google-apps-script" />
/**
 * The bridge behind the `=KPI_X(...)` custom functions (sheets-addon/custom-functions.js calls
 * `SGA.kpi('X', [args])`). Arguments arrive as Sheets delivers them: single cells as scalars, ranges as
 * 2D arrays, empty cells as "", dates as JS Dates at midnight in the spreadsheet's zone (converted here to
 * serials in that zone, so the day is right whatever the script's or the server's zone).
 *
 * Errors (Sheets custom functions cannot return error values):
 * - a single-value result that is an error throws `Error("#DIV/0! GROWTH: previous is 0 ...")`: the cell
 *   shows #ERROR! and the message, code first, on hover; IFERROR() catches it;
 * - in an array result each error cell becomes the text of its code ("#DIV/0!", "#NUM!", "#N/A", "#VALUE!")
 *   so the other cells still spill; the KPI functions read such text back as that error when it is passed
 *   on to them. ISERROR() does not see these texts as errors.
 */
import { callKpi } from '../../core/kpi/registry';
import { KpiError, type KpiResult, type KpiScalar } from '../../core/kpi/types';
import { dateSerializer, serializeArg } from './dates';

/** A value a custom function may return: a number, text, boolean, or rows of them. */
export type SheetsResult = number | string | boolean | (number | string | boolean)[][];

/** A KpiError as the exception a custom function throws. */
export class KpiCellError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code} ${message}`);
    this.name = 'Error';
  }
}

let serializer: ((d: Date) => number) | null = null;

function zoneSerializer(): (d: Date) => number {
  if (!serializer) {
    let tz = 'Etc/UTC';
    try {
      tz = SpreadsheetApp.getActive().getSpreadsheetTimeZone() || Session.getScriptTimeZone() || tz;
    } catch {
      try {
        tz = Session.getScriptTimeZone() || tz;
      } catch {
        // keep UTC
      }
    }
    serializer = dateSerializer(tz, (d, z, p) => Utilities.formatDate(d, z, p));
  }
  return serializer;
}

/** Forget the cached zone (tests switch spreadsheets within one loaded script). */
export function resetKpiZone(): void {
  serializer = null;
}

/** A core answer in the form a custom function returns. */
export function toSheets(r: KpiResult): SheetsResult {
  if (r instanceof KpiError) throw new KpiCellError(r.code, r.message);
  if (!Array.isArray(r)) return r as number | string | boolean;
  return r.map((row: KpiScalar[]) => row.map((c) => (c instanceof KpiError ? c.code : c)));
}

/** `=KPI_<name>(args...)`: call the core registry and answer the way Sheets can show it. */
export function kpi(name: string, args: unknown[]): SheetsResult {
  const list = Array.isArray(args) ? args.map((a) => serializeArg(a, zoneSerializer)) : [];
  return toSheets(callKpi(name, list));
}
