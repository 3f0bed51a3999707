/**
 * Running again on a workbook the command line made: its sheets from the earlier run are found by their marks
 * (cli/io/marks.ts), never read as the table, and replaced in place: under their names (so that formulas of
 * the user's that read them stay right) and at their places; the numbers a user typed over the breakdown's
 * formulas are kept as locks. A sheet of the user's, even one named like ours, is never replaced.
 */
import type { BreakdownResult, JobOptions } from '../core/analysis';
import { readBreakdownLocks, readBreakdownTargets } from '../core/analysis';
import { quoteSheet } from '../core/spec/a1';
import type { SheetSpec } from '../core/spec/types';
import { OptionError } from './args';
import { readMarks, readSheetGrid, type Marks } from './io/marks';
import type { SourceData } from './io/read';

type Locks = NonNullable<JobOptions['locks']>;

/**
 * Our sheets in the source workbook (none for a CSV). The source sheet must not be one of them: `option` is
 * --sheet when the user named it (else the sheet was the first one).
 */
export async function oursIn(src: SourceData, option: '--sheet' | undefined): Promise<Marks> {
  if (src.file === undefined || !/\.xls[xm]$/i.test(src.file)) return new Map();
  const marks = await readMarks(src.file, src.sheetNames);
  refuseOurs(marks, src.sheetName, option);
  return marks;
}

/** A sheet of ours named where a table of the user's is expected: refused with one line. */
export function refuseOurs(marks: Marks, sheet: string, option: string | undefined): void {
  if ([...marks.values()].includes(sheet)) throw new OptionError({ kind: 'ownSheet', option, given: sheet });
}

/** Our breakdown sheet of the earlier run: its plan, and the numbers typed over its formulas (locks). */
export interface OldBreakdown {
  locks: Locks;
  year: number;
  fiscalStart: number;
  dimension: string;
}

/** Our old breakdown sheet, when it has locks (else undefined). */
export async function oldBreakdown(src: SourceData, marks: Marks): Promise<OldBreakdown | undefined> {
  const sheet = marks.get('breakdown');
  if (sheet === undefined || src.file === undefined) return undefined;
  const grid = await readSheetGrid(src.file, sheet);
  const locks = readBreakdownLocks(grid);
  const plan = readBreakdownTargets(grid);
  if (!plan || lockCount(locks) === 0) return undefined;
  return { locks, year: plan.year, fiscalStart: plan.fiscalStart, dimension: plan.dimension };
}

/** The old locks belong to this breakdown: the same year, fiscal start and dimension (a month of 2026 is no month of 2027). */
export const samePlan = (old: OldBreakdown, r: BreakdownResult): boolean =>
  old.year === r.year && old.fiscalStart === r.fiscalStart && old.dimension === r.dimension;

export const lockCount = (l: Locks | undefined): number =>
  l ? Object.keys(l.entities ?? {}).length + Object.keys(l.months ?? {}).length + (l.cells ?? []).length : 0;

/** The names the analyses must not give their clean-data sheet: every sheet's but that of our old one. */
export const takenForData = (sheetNames: readonly string[], marks: Marks): string[] =>
  sheetNames.filter((n) => n !== marks.get('data'));

/**
 * Our clean-data sheet under the name of the one it replaces when they differ (the user renamed it, or the
 * language changed): the formulas that read it, and the notes that name it, follow.
 */
export function renameDataSheet(specs: SheetSpec[], marks: Marks): void {
  const data = specs.find((s) => s.kind === 'data');
  const to = marks.get('data');
  if (!data || to === undefined || data.name === to) return;
  const swap = (s: string, pairs: [string, string][]): string =>
    pairs.reduce((x, [a, b]) => x.split(a).join(b), s);
  const inFormulas: [string, string][] = [[`${quoteSheet(data.name)}!`, `${quoteSheet(to)}!`]];
  const inNotes: [string, string][] = [
    [`"${data.name}"`, `"${to}"`],
    [`“${data.name}”`, `“${to}”`],
  ];
  for (const spec of specs)
    for (const row of spec.cells)
      for (const c of row ?? []) {
        if (typeof c?.f === 'string') c.f = swap(c.f, inFormulas);
        else if (spec !== data && typeof c?.v === 'string') c.v = swap(c.v, inNotes);
      }
  data.name = to;
}

/** Our old sheets that this run's sheets replace (same kind). */
export const replacedBy = (marks: Marks, specs: readonly SheetSpec[]): string[] =>
  [...marks].filter(([kind]) => specs.some((s) => s.kind === kind)).map(([, name]) => name);

/** The marks of the output: this run's sheets, and our old sheets that stay (their analysis did not run). */
export function outputMarks(marks: Marks, specs: readonly SheetSpec[]): Marks {
  const out: Marks = new Map(marks);
  for (const s of specs) out.set(s.kind, s.name);
  return out;
}
