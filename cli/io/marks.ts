/**
 * Which sheets of a workbook the command line made. Each sheet it writes is marked by a workbook-level defined
 * name, `_sga_<kind>` (e.g. `_sga_breakdown`), referring to the sheet's A1: 'Goal Breakdown'!$A$1. Excel
 * rewrites the name when the user renames the sheet and makes it #REF! when the sheet is deleted; a copy of
 * the sheet is not what the name refers to (Excel gives a copy a sheet-level name of its own, with
 * localSheetId, which is not a mark), so a copy stays the user's. A re-run finds its sheets by these names and
 * replaces them in place. The add-ins' marks (a worksheet custom property, developer metadata) cannot be read
 * through ExcelJS and are not used here.
 *
 * The marks are read from xl/workbook.xml itself: ExcelJS folds sheet-level names into workbook-level ones and
 * drops a reference it cannot parse. Host code (Node, ExcelJS).
 */
import type ExcelJS from 'exceljs';
import { quoteSheet } from '../../core/spec/a1';
import type { SheetSpec } from '../../core/spec/types';
import { sharedStrings, stringItem, workbookIndex, xmlDecode } from './xlsx-stream';
import { ZipReader } from './zip';

/** What made a sheet (a SheetSpec's kind). */
export type SheetKind = SheetSpec['kind'];

/** Our sheets of a workbook, by kind: the sheet's name. */
export type Marks = Map<SheetKind, string>;

const KINDS: readonly SheetKind[] = ['breakdown', 'quadrant', 'scorecard', 'tracking', 'incentives', 'data'];
const PREFIX = '_sga_';

/** The defined name that marks our sheet of `kind`. */
export const markName = (kind: SheetKind): string => `${PREFIX}${kind}`;

const isMark = (name: string): boolean => name.toLowerCase().startsWith(PREFIX);

/**
 * The marks in workbook.xml's text: workbook-level `_sga_<kind>` names (case-insensitive, as Excel's names are)
 * whose reference names a sheet of `sheetNames`. A sheet is claimed by the first kind that names it.
 */
export function parseMarks(workbookXml: string, sheetNames: readonly string[]): Marks {
  const marks: Marks = new Map();
  const byLower = new Map(sheetNames.map((n) => [n.toLowerCase(), n]));
  const claimed = new Set<string>();
  for (const m of workbookXml.matchAll(/<definedName\b([^>]*)>([^<]*)<\/definedName>/g)) {
    const attrs = m[1];
    if (/\blocalSheetId="/.test(attrs)) continue;
    const name = xmlDecode(/\bname="([^"]*)"/.exec(attrs)?.[1] ?? '').toLowerCase();
    const kind = KINDS.find((k) => markName(k) === name);
    const sheet = kind && sheetOf(xmlDecode(m[2]));
    const actual = sheet !== undefined ? byLower.get(sheet.toLowerCase()) : undefined;
    if (!kind || actual === undefined || marks.has(kind) || claimed.has(actual)) continue;
    marks.set(kind, actual);
    claimed.add(actual);
  }
  return marks;
}

/** The sheet a reference names ('Goal Breakdown'!$A$1, Sales!$A$1; even 'X'!#REF! after row 1 was deleted). */
function sheetOf(ref: string): string | undefined {
  const m = /^=?\s*(?:'((?:[^']|'')+)'|([^'!]+))!/.exec(ref);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2] === '#REF' ? undefined : m[2];
}

/** The marks of the .xlsx `file` whose sheets are `sheetNames` (none when the package cannot be read). */
export async function readMarks(file: string, sheetNames: readonly string[]): Promise<Marks> {
  let zip: ZipReader | undefined;
  try {
    zip = await ZipReader.open(file);
    const xml = (await zip.read('xl/workbook.xml'))?.toString('utf8') ?? '';
    return parseMarks(xml, sheetNames);
  } catch {
    return new Map();
  } finally {
    await zip?.close();
  }
}

/**
 * Mark the sheets of `marks` (those the workbook has) as ours, and only them: every other `_sga_` name goes.
 * Returns a function that puts the workbook's names back as they were.
 */
export function setMarks(wb: ExcelJS.Workbook, marks: ReadonlyMap<SheetKind, string>): () => void {
  const names = wb.definedNames;
  const old = names.model.filter((n) => isMark(n.name));
  for (const n of old) for (const r of n.ranges) names.remove(r, n.name);
  const sheets = new Set(wb.worksheets.map((ws) => ws.name));
  const added: [string, string][] = [];
  for (const [kind, sheet] of marks)
    if (sheets.has(sheet)) added.push([`${quoteSheet(sheet)}!$A$1`, markName(kind)]);
  for (const [ref, name] of added) names.add(ref, name);
  return () => {
    for (const [ref, name] of added) names.remove(ref, name);
    for (const n of old) for (const r of n.ranges) names.add(r, n.name);
  };
}

/**
 * A sheet of the .xlsx `file` as a grid from A1 (rows and columns 0-based): a formula as "=" and its text, any
 * other cell as its value (what readBreakdownLocks reads). Read from the package, so that it works for a
 * workbook read in a stream too; meant for our sheets, which are small.
 */
export async function readSheetGrid(file: string, sheetName: string): Promise<unknown[][]> {
  const zip = await ZipReader.open(file);
  try {
    const part = (await workbookIndex(zip)).sheets.find((s) => s.name === sheetName)?.part;
    const xml = part ? (await zip.read(part))?.toString('utf8') : undefined;
    return xml ? gridOf(xml, await sharedStrings(zip)) : [];
  } finally {
    await zip.close();
  }
}

/** The cells of a sheet part's XML as a grid (see readSheetGrid). */
export function gridOf(xml: string, strings: readonly string[]): unknown[][] {
  const grid: unknown[][] = [];
  for (const m of xml.matchAll(/<c\s([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const at = /\br="([A-Z]+)(\d+)"/.exec(m[1]);
    if (!at) continue;
    const col = [...at[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    (grid[Number(at[2]) - 1] ??= [])[col - 1] = cellOf(m[1], m[2] ?? '', strings);
  }
  for (let r = 0; r < grid.length; r++) grid[r] ??= [];
  return grid;
}

/** One <c>: its attributes and content. */
function cellOf(attrs: string, body: string, strings: readonly string[]): unknown {
  const f = /<f\b[^>]*?(?:\/>|>([\s\S]*?)<\/f>)/.exec(body);
  if (f) return `=${xmlDecode(f[1] ?? '')}`;
  const t = /\bt="([^"]*)"/.exec(attrs)?.[1] ?? 'n';
  if (t === 'inlineStr') return stringItem(body);
  const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
  if (v === undefined) return null;
  if (t === 's') return strings[Number(v)] ?? null;
  if (t === 'b') return v === '1';
  if (t === 'str' || t === 'e') return xmlDecode(v);
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}
