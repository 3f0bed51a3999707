/// <reference types="google-apps-script" />
/**
 * A run's plan, made once before anything is written: which sheet each spec goes into (our sheet of its
 * kind, rewritten in place, or a new sheet with a free name), and whether the spreadsheet has room for them.
 */
import type { SheetSpec } from '../../core/spec/types';
import type { Lang } from '../../core/types';
import type { RunRequest } from '../../panel/backend';
import { messages } from './i18n';
import { freeName, ourSheetOf } from './naming';
import type { OurSheet } from './ours';
import { RunFailure, type Prepared } from './prepare';
import { newSheetCells, Painter } from './render';
import type { PlanEntry, RunPlan } from './run-state';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** The most cells a spreadsheet holds (Google Sheets: 10 million, every sheet's rows × columns). */
export const CELL_LIMIT = 10_000_000;

/**
 * The sheet of each spec: our sheet of its kind (ourSheetOf) keeps its name and is rewritten in place; any
 * other spec gets a new sheet, named as the spec unless a sheet has that name ("name (2)", ...).
 */
export function nameSheets(
  specs: readonly SheetSpec[],
  ours: ReadonlyMap<number, OurSheet>,
  taken: readonly string[],
): PlanEntry[] {
  const lower = (n: string): string => n.toLowerCase();
  const notOurs = new Set(taken.map(lower));
  const names = new Set([...notOurs, ...[...ours.values()].map((o) => lower(o.sheet.getName()))]);
  return specs.map((spec) => {
    const old = ourSheetOf(ours, spec.kind, freeName(spec.name, notOurs));
    const name = old ? old.sheet.getName() : freeName(spec.name, names);
    names.add(lower(name));
    return { name, mode: old ? 'rewrite' : 'new', sheetId: old ? old.id : null };
  });
}

/**
 * Refuse, before anything is written, sheets that would take the spreadsheet over CELL_LIMIT: Sheets counts
 * every sheet's max rows × max columns; a new sheet is at least 1,000 × 26 (a longer one keeps only the
 * columns it needs: render.ts fitNewSheet), a rewritten one only grows.
 */
export function checkCells(ss: Spreadsheet, entries: PlanEntry[], painters: Painter[], lang: Lang): void {
  let now = 0;
  const size = new Map<number, [number, number]>();
  for (const s of ss.getSheets()) {
    const dims: [number, number] = [s.getMaxRows(), s.getMaxColumns()];
    now += dims[0] * dims[1];
    size.set(s.getSheetId(), dims);
  }
  let add = 0;
  entries.forEach((e, i) => {
    const p = painters[i];
    const [r, c] = (e.sheetId !== null && size.get(e.sheetId)) || [0, 0];
    add += e.mode === 'new' ? newSheetCells(p) : Math.max(r, p.rows) * Math.max(c, p.cols) - r * c;
  });
  if (now + add > CELL_LIMIT) throw new RunFailure(messages(lang).tooManyCells(now, add));
}

/** The plan of a run, and the cells it will write (what decides whether the menu may run it at once). */
export function makePlan(
  ss: Spreadsheet,
  runId: string,
  req: RunRequest,
  lang: Lang,
  prep: Prepared,
  notes: string[],
): { plan: RunPlan; cells: number } {
  const entries = nameSheets(prep.specs, prep.ours, prep.taken);
  const painters = prep.specs.map((s) => new Painter(s));
  checkCells(ss, entries, painters, lang);
  const plan: RunPlan = {
    runId,
    req,
    lang,
    opts: prep.opts,
    taken: prep.taken,
    fingerprint: prep.fingerprint,
    entries,
    total: painters.reduce((n, p) => n + p.height, 0),
    notes,
    summary: prep.summary,
  };
  return { plan, cells: painters.reduce((n, p) => n + p.height * p.width, 0) };
}
