/// <reference types="office-js" />
/**
 * Writing a job's sheets into the workbook, safely:
 * - our sheet of the spec's kind, when there is one, is rewritten in place (same sheet, id, name and
 *   position), so that every formula reading it keeps working: deleting a sheet turns every reference to it
 *   into #REF!, for good, even when another sheet later takes its name;
 * - a new sheet is removed again when the run is cancelled between its blocks or fails;
 * - a name clash with a user's sheet gives ours " (2)", " (3)", ... (case-insensitive); user sheets are
 *   never overwritten, renamed or deleted;
 * - every new sheet is marked as ours (marks.ts): its kind in the sync that commits it, its own id (known once
 *   it exists) in one more sync at the end, so that a copy a user makes of it is never taken for ours.
 */
import type { SheetSpec } from '../../core/spec/types';
import { Cancelled, supports } from './api';
import { queueMark, queueOwnId, queueSettings, type SheetEntry } from './marks';
import { planWriteBlocks, queueBlock, queueSheetParts } from './render';

export interface WriteOptions {
  /** Called after each block with the spec's name and the rows written of all specs. */
  progress?: (sheet: string, done: number, total: number) => void;
  signal?: AbortSignal;
}

const BAD_CHARS = /[[\]:*?/\\]/g;

/** A valid sheet name (no []:*?/\, no leading or trailing apostrophe, 31 characters at most). */
export function sanitizeSheetName(name: string): string {
  const s = name
    .replace(BAD_CHARS, ' ')
    .replace(/^'+|'+$/g, '')
    .trim();
  return (s === '' ? 'Sheet' : s).slice(0, 31);
}

/** `name`, or "name (2)", "name (3)", ... : the first that is not in `taken` (lower-case names). */
export function uniqueSheetName(name: string, taken: ReadonlySet<string>): string {
  const base = sanitizeSheetName(name);
  if (!taken.has(base.toLowerCase())) return base;
  for (let k = 2; ; k++) {
    const suffix = ` (${k})`;
    const candidate = base.slice(0, 31 - suffix.length).replace(/'+$/, '') + suffix;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/** Our existing sheet to replace with `spec`: same kind, preferring the spec's own name, then "name (n)". */
export function findOurs(
  sheets: readonly SheetEntry[],
  spec: Pick<SheetSpec, 'kind' | 'name'>,
): SheetEntry | null {
  const ours = sheets.filter((s) => s.kind === spec.kind);
  const lower = spec.name.toLowerCase();
  if (spec.kind === 'data') return ours.find((s) => s.name.toLowerCase() === lower) ?? null;
  return (
    ours.find((s) => s.name.toLowerCase() === lower) ??
    ours.find((s) => s.name.toLowerCase().startsWith(`${lower} (`)) ??
    ours[0] ??
    null
  );
}

/**
 * Write `specs` (in order: a clean-data sheet before the sheets whose formulas read it). `sheets` and
 * `map` are the workbook's sheets with their marks and the settings map, as read before the job ran.
 * Returns the names written. One sync for the charts of the sheets rewritten in place (when there are any),
 * one sync per block (the last block's sync also commits the sheet), plus one sync for the new sheets' ids
 * (or the settings map when ExcelApi 1.12 is missing).
 *
 * Our sheet of a spec's kind is rewritten in place: the same sheet (its id, name and position) is cleared and
 * written, so that every formula that reads it, ours (tracking, scorecard and incentives read the breakdown)
 * or the user's, still points at it (deleting it would turn them into #REF! for good). Once an existing
 * sheet's rewrite has started it is finished (a cancel is honoured before it); a new sheet is removed when
 * cancelled between its blocks or when anything fails.
 */
export async function writeSpecs(
  ctx: Excel.RequestContext,
  specs: readonly SheetSpec[],
  sheets: readonly SheetEntry[],
  map: Readonly<Record<string, string>>,
  opts: WriteOptions = {},
): Promise<string[]> {
  const wb = ctx.workbook;
  const taken = new Set(sheets.map((s) => s.name.toLowerCase()));
  taken.add('history'); // reserved by Excel
  const unmarked: { sheet: Excel.Worksheet; kind: string }[] = [];
  const marked: Excel.Worksheet[] = [];
  const created: Excel.Worksheet[] = [];
  const written: string[] = [];
  const plans = specs.map((s) => planWriteBlocks(s));
  const total = plans.reduce((a, p) => a + p.reduce((b, x) => b + x.rows, 0), 0);
  const olds = specs.map((s) => findOurs(sheets, s));
  const charts = await loadCharts(ctx, olds);
  let done = 0;

  const rollback = async (): Promise<void> => {
    for (const s of created) s.delete();
    created.length = 0;
    try {
      await ctx.sync();
    } catch {
      // Best effort: the error that brought us here is the one to report.
    }
  };

  try {
    for (let k = 0; k < specs.length; k++) {
      const spec = specs[k];
      const blocks = plans[k];
      const old = olds[k];
      if (opts.signal?.aborted) throw new Cancelled();
      let target: Excel.Worksheet;
      let finalName: string;
      if (old) {
        finalName = old.name;
        target = wb.worksheets.getItem(old.name);
        queueClearSheet(target, charts[k]);
      } else {
        // The clean-data sheet keeps its name: the analysis sheets' formulas reference it by that name.
        if (spec.kind === 'data' && taken.has(spec.name.toLowerCase()))
          throw new Error(`A sheet named "${spec.name}" exists already.`);
        finalName = spec.kind === 'data' ? spec.name : uniqueSheetName(spec.name, taken);
        target = wb.worksheets.add(finalName);
        created.push(target);
      }
      taken.add(finalName.toLowerCase());
      for (let b = 0; b < blocks.length; b++) {
        queueBlock(target, spec, blocks[b]);
        const last = b === blocks.length - 1;
        if (last) {
          queueSheetParts(target, spec);
          if (spec.kind !== 'data') target.activate();
          if (!old) {
            target.load('id');
            if (queueMark(target, spec.kind)) marked.push(target);
            else unmarked.push({ sheet: target, kind: spec.kind });
          }
        }
        await ctx.sync();
        done += blocks[b].rows;
        opts.progress?.(finalName, done, total);
        // Between blocks of a new sheet: a cancel removes what this run created.
        if (!last && !old && opts.signal?.aborted) throw new Cancelled();
      }
      written.push(finalName);
    }
  } catch (e) {
    await rollback();
    throw e;
  }
  await recordIds(ctx, marked, unmarked, sheets, map);
  return written;
}

/**
 * The charts of each sheet to be rewritten in place (null for a new sheet), loaded in one sync (none when no
 * sheet is rewritten): a chart can only be deleted once its collection is loaded.
 */
async function loadCharts(
  ctx: Excel.RequestContext,
  olds: readonly (SheetEntry | null)[],
): Promise<(Excel.ChartCollection | null)[]> {
  const charts = olds.map((o) => {
    if (!o) return null;
    const c = ctx.workbook.worksheets.getItem(o.name).charts;
    c.load('items/name');
    return c;
  });
  if (charts.some((c) => c !== null)) await ctx.sync();
  return charts;
}

/**
 * Queue what empties one of our sheets for its rewrite, keeping the sheet itself: its charts, cells and formats
 * (conditional formats with them), frozen panes, column widths and row heights (back to the standard ones).
 */
function queueClearSheet(sheet: Excel.Worksheet, charts: Excel.ChartCollection | null): void {
  for (const c of charts?.items ?? []) c.delete();
  const all = sheet.getRange();
  all.clear();
  if (supports('1.6')) all.conditionalFormats.clearAll();
  if (supports('1.7')) sheet.freezePanes.unfreeze();
  if (supports('1.2')) {
    all.format.useStandardWidth = true;
    all.format.useStandardHeight = true;
  }
}

/** Record the new sheets' own ids (1.12) or, without custom properties, their kinds in the settings map. */
async function recordIds(
  ctx: Excel.RequestContext,
  marked: readonly Excel.Worksheet[],
  unmarked: readonly { sheet: Excel.Worksheet; kind: string }[],
  sheets: readonly SheetEntry[],
  map: Readonly<Record<string, string>>,
): Promise<void> {
  for (const m of marked) queueOwnId(m, m.id);
  if (unmarked.length > 0) {
    const newMap: Record<string, string> = { ...map };
    for (const u of unmarked) newMap[u.sheet.id] = u.kind;
    // Drop entries of sheets that are gone.
    const ids = new Set([...sheets.map((s) => s.id), ...unmarked.map((u) => u.sheet.id)]);
    for (const id of Object.keys(newMap)) if (!ids.has(id)) delete newMap[id];
    queueSettings(ctx, newMap);
  }
  if (unmarked.length > 0 || marked.length > 0) await ctx.sync();
}
