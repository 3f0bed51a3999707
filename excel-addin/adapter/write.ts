/// <reference types="office-js" />
/**
 * Writing a job's sheets into the workbook, safely:
 * - an analysis sheet is written into a new sheet under a temporary name; only in the sync of its last
 *   block is our old sheet of the same kind deleted and the new one renamed to the old one's name (and put
 *   at its position), so a failure or a cancel before that leaves the workbook as it was;
 * - a name clash with a user's sheet gives ours " (2)", " (3)", ... (case-insensitive); user sheets are
 *   never overwritten, renamed or deleted;
 * - the clean-data sheet (kind "data", read by the formulas of the quadrant and scorecard sheets by name)
 *   is rewritten in place when it is ours already, so that the other analysis's formulas keep working
 *   (deleting a sheet turns every reference to it into #REF!);
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
 * Returns the names written. One sync per block (the last block's sync also commits the sheet), plus one
 * sync for the new sheets' ids (or the settings map when ExcelApi 1.12 is missing).
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
  const newMap: Record<string, string> = { ...map };
  let mapDirty = false;
  const unmarked: { sheet: Excel.Worksheet; kind: string }[] = [];
  const marked: Excel.Worksheet[] = [];
  const created: Excel.Worksheet[] = [];
  const written: string[] = [];
  const plans = specs.map((s) => planWriteBlocks(s));
  const total = plans.reduce((a, p) => a + p.reduce((b, x) => b + x.rows, 0), 0);
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
      if (opts.signal?.aborted) throw new Cancelled();
      const old = findOurs(sheets, spec);
      let target: Excel.Worksheet;
      let finalName: string;
      let temp = false;
      let inPlace = false;
      if (spec.kind === 'data') {
        // Formulas of the analysis sheet reference this sheet by this name: it must exist under it first.
        finalName = spec.name;
        if (old) {
          target = wb.worksheets.getItem(old.name);
          target.getRange().clear();
          if (supports('1.7')) target.freezePanes.unfreeze();
          inPlace = true;
        } else {
          if (taken.has(finalName.toLowerCase()))
            throw new Error(`A sheet named "${finalName}" exists already.`);
          target = wb.worksheets.add(finalName);
          created.push(target);
          taken.add(finalName.toLowerCase());
        }
      } else {
        finalName = old ? old.name : uniqueSheetName(spec.name, taken);
        taken.add(finalName.toLowerCase());
        const tempName = uniqueSheetName(`~sga ${spec.kind} ${Date.now().toString(36)}`, taken);
        taken.add(tempName.toLowerCase());
        target = wb.worksheets.add(tempName);
        created.push(target);
        temp = true;
      }
      for (let b = 0; b < blocks.length; b++) {
        queueBlock(target, spec, blocks[b]);
        const last = b === blocks.length - 1;
        if (last) {
          queueSheetParts(target, spec);
          if (temp) {
            if (old) {
              wb.worksheets.getItem(old.name).delete();
              if (old.id in newMap) {
                delete newMap[old.id];
                mapDirty = true;
              }
            }
            target.name = finalName;
            if (old) target.position = old.position;
            target.activate();
          }
          if (!inPlace) {
            target.load('id');
            if (queueMark(target, spec.kind)) marked.push(target);
            else unmarked.push({ sheet: target, kind: spec.kind });
          }
        }
        await ctx.sync();
        done += blocks[b].rows;
        opts.progress?.(finalName, done, total);
        // Between blocks: a cancel removes what this run created (the in-place data sheet is finished).
        if (!last && !inPlace && opts.signal?.aborted) throw new Cancelled();
      }
      written.push(finalName);
    }
  } catch (e) {
    await rollback();
    throw e;
  }
  for (const m of marked) queueOwnId(m, m.id);
  const settings = unmarked.length > 0 || (mapDirty && supports('1.4'));
  if (settings) {
    for (const u of unmarked) newMap[u.sheet.id] = u.kind;
    // Drop entries of sheets that are gone.
    const ids = new Set([...sheets.map((s) => s.id), ...unmarked.map((u) => u.sheet.id)]);
    for (const id of Object.keys(newMap)) if (!ids.has(id)) delete newMap[id];
    queueSettings(ctx, newMap);
  }
  if (settings || marked.length > 0) await ctx.sync();
  return written;
}
