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
import { isRequestTooLarge } from './limits';
import { planWriteBlocks, queueBlock, queueSheetParts, splitBlock, type WriteBlock } from './render';

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
 * (or the settings map when ExcelApi 1.12 is missing). A block that Excel refuses as too large is sent again
 * in halves (writeSheet).
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
  try {
    for (let k = 0; k < specs.length; k++) {
      if (opts.signal?.aborted) throw new Cancelled();
      const job = { spec: specs[k], blocks: plans[k], old: olds[k], charts: charts[k], name: '' };
      job.name = job.old ? job.old.name : newSheetName(job.spec, taken);
      taken.add(job.name.toLowerCase());
      const { sheet, isMarked } = await writeSheet(ctx, job, created, opts.signal, (rows) => {
        done += rows;
        opts.progress?.(job.name, done, total);
      });
      if (!job.old && isMarked) marked.push(sheet);
      else if (!job.old) unmarked.push({ sheet, kind: job.spec.kind });
      written.push(job.name);
    }
  } catch (e) {
    for (const s of created) s.delete();
    await ctx.sync().catch(() => undefined); // best effort: the error that brought us here is the one to report
    throw e;
  }
  await recordIds(ctx, marked, unmarked, sheets, map);
  return written;
}

/** The name of a new sheet for `spec`; the clean-data sheet keeps its name (the analyses' formulas use it). */
function newSheetName(spec: SheetSpec, taken: ReadonlySet<string>): string {
  if (spec.kind !== 'data') return uniqueSheetName(spec.name, taken);
  if (taken.has(spec.name.toLowerCase())) throw new Error(`A sheet named "${spec.name}" exists already.`);
  return spec.name;
}

interface SheetJob {
  spec: SheetSpec;
  blocks: readonly WriteBlock[];
  /** Our sheet to rewrite in place, or null for a new sheet. */
  old: SheetEntry | null;
  charts: Excel.ChartCollection | null;
  name: string;
}

/**
 * Write one spec, one sync per block; the last block's sync also queues the sheet-level parts, activates the
 * sheet and, for a new sheet, loads its id and marks it. When Excel refuses a block's request as too large
 * (its real size beyond the estimate: nothing of the request ran) the same block is queued again in halves on
 * the same sheet, and the sheet's later blocks are cut to that size too; cells, formats and styles of a block are
 * idempotent, so writing a block again is safe. If the refused sync was the sheet's first, the sheet's
 * creation (or clearing) is queued again with it. `created` collects the new sheet (for the caller's rollback).
 */
async function writeSheet(
  ctx: Excel.RequestContext,
  job: SheetJob,
  created: Excel.Worksheet[],
  signal: AbortSignal | undefined,
  onBlock: (rows: number) => void,
): Promise<{ sheet: Excel.Worksheet; isMarked: boolean }> {
  const queue = [...job.blocks];
  let sheet = openSheet(ctx, job, created);
  let started = false;
  let maxRows = Infinity;
  let isMarked = false;
  while (queue.length > 0) {
    const block = takeBlock(queue, maxRows);
    const last = queue.length === 0;
    queueBlock(sheet, job.spec, block);
    if (last) isMarked = queueFinish(sheet, job);
    try {
      await ctx.sync();
    } catch (e) {
      const refused = isRequestTooLarge(e); // nothing of the request ran
      if (refused && !started && !job.old) created.pop(); // the sheet was never added: nothing to roll back
      if (!refused || block.rows < 2) throw e;
      maxRows = Math.ceil(block.rows / 2);
      queue.unshift(block);
      if (!started) sheet = openSheet(ctx, job, created);
      continue;
    }
    started = true;
    onBlock(block.rows);
    // Between blocks of a new sheet: a cancel removes what this run created.
    if (!last && !job.old && signal?.aborted) throw new Cancelled();
  }
  return { sheet, isMarked };
}

/** Queue what starts a sheet's write: our old sheet emptied in place, or a new sheet added (and recorded). */
function openSheet(ctx: Excel.RequestContext, job: SheetJob, created: Excel.Worksheet[]): Excel.Worksheet {
  if (job.old) {
    const sheet = ctx.workbook.worksheets.getItem(job.old.name);
    queueClearSheet(sheet, job.charts);
    return sheet;
  }
  const sheet = ctx.workbook.worksheets.add(job.name);
  created.push(sheet);
  return sheet;
}

/** The next block of `queue`, cut to `maxRows` rows (the rest stays first in the queue). */
function takeBlock(queue: WriteBlock[], maxRows: number): WriteBlock {
  const block = queue.shift()!;
  if (block.rows <= maxRows) return block;
  const [head, rest] = splitBlock(block, maxRows);
  queue.unshift(rest);
  return head;
}

/** Queue the parts that end a sheet's write; returns whether a new sheet got its kind mark (ExcelApi 1.12). */
function queueFinish(sheet: Excel.Worksheet, job: SheetJob): boolean {
  queueSheetParts(sheet, job.spec);
  if (job.spec.kind !== 'data') sheet.activate();
  if (job.old) return false;
  sheet.load('id');
  return queueMark(sheet, job.spec.kind);
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
  // RangeFormat.useStandardWidth / useStandardHeight are ExcelApi 1.7 (queueSheetParts sets the widths again).
  if (supports('1.7')) {
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
