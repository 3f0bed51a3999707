/**
 * What the fakes of Excel (fake-excel.ts) and Apps Script (fake-gas.ts) share to behave like the hosts with
 * formulas:
 * - `calculateSheets`: the workbook's formulas evaluated by a real engine (HyperFormula), as Excel and Sheets
 *   calculate them, so that a test reading a generated sheet sees numbers, not "";
 * - `refOnDelete`: a reference to a deleted sheet becomes #REF! in every formula that had it (Excel:
 *   `='Goal Breakdown'!B5` turns into `=#REF!B5`), and stays so when another sheet later takes the name;
 * - `refOnRename`: renaming a sheet rewrites the references to it (both hosts do).
 * It imports nothing from Node, so the browser tests can bundle the fakes with it.
 */
import { DetailedCellError, HyperFormula } from 'hyperformula';

/** A cell as the fakes hold it: a constant, or a formula as its text starting with "=". */
export type CalcInput = string | number | boolean | null;
export type CalcValue = string | number | boolean;

export interface CalcSheet {
  name: string;
  /** Rows of cells; `formula(r, c)` says which cells hold a formula (their text is in `cells`). */
  cells: CalcInput[][];
  isFormula: (r: number, c: number) => boolean;
}

/** How a sheet name is written in a formula: quoted unless it is a plain identifier. */
export function sheetRef(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name)
    ? name
    : `'${name.replace(/'/g, "''")}'`;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The pattern of a reference prefix to sheet `name` in a formula (quoted or not, any case), outside string
 * literals: group 1 is what comes before it.
 */
function prefixPattern(name: string): RegExp {
  const quoted = `'${escapeRe(name.replace(/'/g, "''"))}'!`;
  const plain = `${escapeRe(name)}!`;
  // Before a reference: start, an operator, a parenthesis, a comma or a space (never a letter, digit or quote
  // that would make it part of another name).
  return new RegExp(`(^=|[=(,;:+\\-*/^&<>\\s{])(?:${quoted}|${plain})`, 'gi');
}

/** Apply `f` to the parts of a formula that are outside string literals ("..."). */
function outsideStrings(formula: string, f: (part: string, first: boolean) => string): string {
  const parts = formula.split(/("(?:[^"]|"")*")/);
  return parts.map((p, i) => (i % 2 === 1 ? p : f(p, i === 0))).join('');
}

/** A formula after sheet `name` is deleted: each reference to it becomes #REF! (Excel's rewrite). */
export function refOnDelete(formula: string, name: string): string {
  const re = prefixPattern(name);
  return outsideStrings(formula, (part) => part.replace(re, (_m, before: string) => `${before}#REF!`));
}

/** A formula after sheet `from` is renamed `to`: its references follow. */
export function refOnRename(formula: string, from: string, to: string): string {
  const re = prefixPattern(from);
  return outsideStrings(formula, (part) =>
    part.replace(re, (_m, before: string) => `${before}${sheetRef(to)}!`),
  );
}

/** Does the formula reference sheet `name`? */
export function refersTo(formula: string, name: string): boolean {
  let found = false;
  outsideStrings(formula, (part) => {
    if (prefixPattern(name).test(part)) found = true;
    return part;
  });
  return found;
}

const LOST_REF = /#REF!\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?/gi;
const ERROR_TEXT = /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A)$/;

/**
 * Evaluate every formula of a workbook. Returns, per sheet index, the values of its formula cells (keyed
 * "r,c", 0-based); an error is its code as text ("#REF!", "#DIV/0!", ...; a formula the engine cannot parse
 * is "#NAME?", as Excel shows an unknown function).
 */
export function calculateSheets(sheets: readonly CalcSheet[]): Map<string, CalcValue>[] {
  const data: Record<string, CalcInput[][]> = {};
  const names: string[] = [];
  let maxCols = 1;
  for (const s of sheets) {
    const rows = s.cells.map((row, r) =>
      Array.from(row, (v, c) => {
        if (v === null || v === undefined || v === '') return null;
        // Excel writes a lost reference as #REF!B5 (the cell kept): the engine takes the error itself.
        if (typeof v === 'string' && s.isFormula(r, c))
          return outsideStrings(v, (p) => p.replace(LOST_REF, '#REF!'));
        if (typeof v === 'string' && !s.isFormula(r, c) && /^[='"]/.test(v)) return `'${v}`;
        if (typeof v === 'string' && ERROR_TEXT.test(v) && !s.isFormula(r, c))
          return `=${v === '#N/A' ? 'NA()' : v}`;
        return v;
      }),
    );
    for (const row of rows) maxCols = Math.max(maxCols, row.length);
    data[s.name] = rows;
    names.push(s.name);
  }
  const hf = HyperFormula.buildFromSheets(data, {
    licenseKey: 'gpl-v3',
    maxRows: 1_048_576,
    maxColumns: Math.max(18_278, maxCols),
  });
  try {
    return sheets.map((s) => {
      const out = new Map<string, CalcValue>();
      const id = hf.getSheetId(s.name);
      s.cells.forEach((row, r) =>
        row.forEach((_v, c) => {
          if (!s.isFormula(r, c)) return;
          const v = id === undefined ? null : hf.getCellValue({ sheet: id, row: r, col: c });
          if (v instanceof DetailedCellError)
            out.set(`${r},${c}`, v.value === '#ERROR!' ? '#NAME?' : v.value);
          else out.set(`${r},${c}`, v ?? 0);
        }),
      );
      return out;
    });
  } finally {
    hf.destroy();
  }
}
