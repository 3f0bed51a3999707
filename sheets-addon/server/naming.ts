/// <reference types="google-apps-script" />
/** The names of the sheets a run writes, and the references between them. */
import { quoteSheet } from '../../core/spec/a1';
import type { SheetSpec } from '../../core/spec/types';
import type { OurSheet } from './ours';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** A generated sheet as formulas where it has them and values elsewhere (what readBreakdownLocks reads). */
export function sheetGrid(sheet: Sheet): unknown[][] {
  const range = sheet.getDataRange();
  const formulas = range.getFormulas();
  const values = range.getValues();
  return values.map((row, r) => row.map((v, c) => (formulas[r]?.[c] ? formulas[r][c] : v)));
}

/** `name`, or "name (2)", "name (3)", ... when a sheet that is not ours has it (case-insensitive). */
export function freeName(name: string, taken: ReadonlySet<string>): string {
  const base = name.slice(0, 90);
  if (!taken.has(base.toLowerCase())) return base;
  for (let k = 2; ; k++) {
    const candidate = `${base} (${k})`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/**
 * Our sheet of `kind` that a spec goes into: the one named `name` (case-insensitive) if there is one,
 * else the first. Our other sheets of that kind are left alone (deleting one would break its readers).
 */
export function ourSheetOf(
  ours: ReadonlyMap<number, OurSheet>,
  kind: string,
  name: string,
): OurSheet | undefined {
  const all = [...ours.values()].filter((o) => o.kind === kind);
  if (all.length < 2) return all[0];
  return all.find((o) => o.sheet.getName().toLowerCase() === name.toLowerCase()) ?? all[0];
}

/**
 * `spec` with its formulas' references to sheets of this run that have another name than their spec's
 * (`moved`: spec name -> sheet name, e.g. a Clean Data sheet of ours that the user renamed) following them.
 * The core writes every sheet reference quoted ('Clean Data'!); text in string literals is left as it is.
 */
export function retarget(spec: SheetSpec, moved: ReadonlyMap<string, string>): SheetSpec {
  if (!moved.size) return spec;
  const swaps = [...moved].map(([from, to]) => [`${quoteSheet(from)}!`, `${quoteSheet(to)}!`]);
  const swap = (part: string): string => swaps.reduce((p, [from, to]) => p.split(from).join(to), part);
  const fix = (f: string): string =>
    f
      .split(/("(?:[^"]|"")*")/)
      .map((part, i) => (i % 2 ? part : swap(part)))
      .join('');
  const cells = spec.cells.map((row) =>
    row?.map((c) => (c && typeof c.f === 'string' ? { ...c, f: fix(c.f) } : c)),
  );
  return { ...spec, cells };
}
