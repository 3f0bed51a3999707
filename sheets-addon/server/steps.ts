/// <reference types="google-apps-script" />
/**
 * Writing a run's sheets in units that an execution can stop between: per spec, "start" (a new sheet made
 * and marked, or our sheet marked and cleared; room made), "cells" (one block of rows), "finish" (formats,
 * widths, panes, rules, chart); then "done" (the run's marks removed). After each unit the cursor is saved
 * (run-state.ts), so a stopped execution loses at most the unit it was in, and every unit can be done again:
 * a block overwrites its own rows, the finish replaces rules and charts, a new sheet made by a stopped
 * execution is found by its marks (or, still under its temporary name, deleted and made again).
 *
 * Never touches a sheet that is not ours. A new sheet is made under a temporary name, marked ours and as
 * this run's, and only then named and written; our sheet is marked as this run's before it is cleared.
 *
 * Cancel (`track`): honoured before a sheet starts and after each block until the run commits: a rewrite
 * commits as it starts (it cannot be undone), a new sheet once it is complete; from then on the run finishes.
 */
import type { SheetSpec } from '../../core/spec/types';
import { OutOfTime, STEP_HARD_MS, type Clock } from './clock';
import { messages } from './i18n';
import { retarget } from './naming';
import { markOurs, markRun, runMarks, tempName, tempRunId } from './ours';
import { RunFailure } from './prepare';
import type { Tracker } from './progress';
import { clearSheet, fitNewSheet, makeRoom, Painter, renderFinish, renderRows } from './render';
import type { RunCursor, RunPlan, RunStore } from './run-state';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface Run {
  ss: Spreadsheet;
  plan: RunPlan;
  cur: RunCursor;
  /** The specs as the core made them (not needed once the cursor is "done"). */
  specs: SheetSpec[];
  track: Tracker;
  clock: Clock;
  /** Where the cursor is saved; null for a run of one execution (the menu), which keeps nothing. */
  store: RunStore | null;
  /** This execution continues an earlier one (which may have been stopped inside a unit). */
  resumed: boolean;
  painters: Map<number, Painter>;
  sheets: Map<number, Sheet>;
}

export function newCursor(): RunCursor {
  return { spec: 0, phase: 'start', row: 0, done: 0, committed: false, ids: [], beat: 0 };
}

/**
 * Do units until the run is complete (true) or this execution's time is spent (false). Every execution does
 * at least one unit, so that a run always moves on; one that has no time left even for that (reading and
 * analysing took it all) throws OutOfTime.
 */
export function advance(run: Run): boolean {
  // A cancel that came between two steps.
  if (run.resumed) run.track.check();
  for (let units = 0; run.cur.phase !== 'done'; units++) {
    if (run.clock.spent()) {
      if (units > 0) return false;
      if (run.clock.elapsed() >= STEP_HARD_MS) throw new OutOfTime('out of time');
    }
    run.clock.time(() => unit(run));
    run.store?.saveCursor(run.plan.runId, run.cur);
  }
  complete(run);
  return true;
}

function unit(run: Run): void {
  if (run.cur.phase === 'start') startSheet(run);
  else if (run.cur.phase === 'cells') writeBlock(run);
  else finishSheet(run);
}

/** The spec of sheet `i`, its references to the run's earlier sheets following their names. */
function specAt(run: Run, i: number): SheetSpec {
  const moved = new Map<string, string>();
  for (let j = 0; j < i; j++) {
    const name = run.plan.entries[j].name;
    if (name !== run.specs[j].name) moved.set(run.specs[j].name, name);
  }
  return retarget(run.specs[i], moved);
}

function painter(run: Run, i: number): Painter {
  let p = run.painters.get(i);
  if (!p) run.painters.set(i, (p = new Painter(specAt(run, i))));
  return p;
}

function sheetOf(run: Run, i: number): Sheet {
  let sheet = run.sheets.get(i) ?? null;
  const id = run.cur.ids[i];
  if (!sheet && id !== null && id !== undefined) sheet = run.ss.getSheetById(id);
  if (!sheet) throw new RunFailure(messages(run.plan.lang).sheetGone(run.plan.entries[i].name));
  run.sheets.set(i, sheet);
  return sheet;
}

function startSheet(run: Run): void {
  const { cur, plan } = run;
  const i = cur.spec;
  run.track.step({ step: 'write', sheet: plan.entries[i].name, done: cur.done, total: plan.total });
  const rewrite = plan.entries[i].mode === 'rewrite';
  const sheet = rewrite ? beginRewrite(run, i) : beginNew(run, i);
  if (!rewrite) fitNewSheet(sheet, painter(run, i));
  makeRoom(sheet, painter(run, i));
  run.sheets.set(i, sheet);
  cur.ids[i] = sheet.getSheetId();
  cur.phase = 'cells';
  cur.row = 0;
}

/** Our sheet of the spec, marked as this run's, then cleared: from here the run cannot be undone. */
function beginRewrite(run: Run, i: number): Sheet {
  const id = run.plan.entries[i].sheetId;
  const sheet = id === null ? null : run.ss.getSheetById(id);
  if (!sheet) throw new RunFailure(messages(run.plan.lang).sheetGone(run.plan.entries[i].name));
  run.track.commit();
  run.cur.committed = true;
  markRun(sheet, run.plan.runId, i, 'rewrite');
  clearSheet(sheet);
  return sheet;
}

/** A new sheet for spec `i`: made under a temporary name, marked ours and this run's, then named. */
function beginNew(run: Run, i: number): Sheet {
  const { ss, plan } = run;
  const made = run.resumed ? leftBehind(run, i) : null;
  if (made) return made;
  const sheet = ss.insertSheet(tempName(plan.runId, i), ss.getNumSheets());
  markOurs(sheet, run.specs[i].kind);
  markRun(sheet, plan.runId, i, 'new');
  sheet.setName(plan.entries[i].name);
  return sheet;
}

/**
 * In a continued run, the sheet an earlier execution made for spec `i` before it could save its cursor:
 * marked and named, it is taken as it is (nothing was written into it yet); still under its temporary
 * name, it is deleted and made again.
 */
function leftBehind(run: Run, i: number): Sheet | null {
  const { ss, plan } = run;
  const temp = ss.getSheetByName(tempName(plan.runId, i));
  if (temp) ss.deleteSheet(temp);
  const mark = runMarks(ss).find((m) => m.runId === plan.runId && m.spec === i && m.mode === 'new');
  return mark?.sheet ?? null;
}

function writeBlock(run: Run): void {
  const { cur, plan } = run;
  const i = cur.spec;
  const p = painter(run, i);
  const n = Math.min(p.perBlock, p.height - cur.row);
  renderRows(sheetOf(run, i), p, cur.row, n);
  cur.row += n;
  cur.done += n;
  if (cur.row >= p.height) cur.phase = 'finish';
  run.track.step(
    cur.done < plan.total
      ? { step: 'write', sheet: plan.entries[i].name, done: cur.done, total: plan.total }
      : { step: 'finish' },
  );
}

function finishSheet(run: Run): void {
  const { cur, plan } = run;
  const i = cur.spec;
  const sheet = sheetOf(run, i);
  renderFinish(sheet, painter(run, i));
  if (plan.entries[i].mode === 'rewrite') {
    // As a new sheet would be (insertSheet activates it): the user sees what was written.
    sheet.activate();
  } else {
    run.track.commit();
    cur.committed = true;
  }
  cur.spec = i + 1;
  cur.row = 0;
  cur.phase = i + 1 < plan.entries.length ? 'start' : 'done';
}

/** The run is complete: its marks come off (its sheets are now just ours), its state goes. */
function complete(run: Run): void {
  for (const m of runMarks(run.ss)) if (m.runId === run.plan.runId) m.remove();
  run.store?.drop(run.plan.runId);
}

/**
 * Remove what the runs `which` left: their new sheets (marked, or still under a temporary name) are
 * deleted; the mark comes off the sheets they were rewriting, which stay as they are (half-written: their
 * names are returned). A sheet that is not ours is never touched.
 */
export function removeRuns(
  ss: Spreadsheet,
  which: (runId: string) => boolean,
): { deleted: number; halfWritten: string[] } {
  let deleted = 0;
  const half = new Set<string>();
  const gone = new Set<number>();
  for (const m of runMarks(ss)) {
    if (!which(m.runId)) continue;
    if (m.mode === 'new') {
      const id = m.sheet.getSheetId();
      if (gone.has(id)) continue;
      gone.add(id);
      ss.deleteSheet(m.sheet);
      deleted++;
    } else {
      m.remove();
      half.add(m.sheet.getName());
    }
  }
  for (const s of ss.getSheets()) {
    const id = tempRunId(s.getName());
    if (id !== null && which(id)) {
      ss.deleteSheet(s);
      deleted++;
    }
  }
  return { deleted, halfWritten: [...half] };
}

/** Undo a run that stops (cancel, error): see removeRuns; its state goes. The half-written sheets' names. */
export function undo(run: Run): string[] {
  const { halfWritten } = removeRuns(run.ss, (id) => id === run.plan.runId);
  run.store?.drop(run.plan.runId);
  return halfWritten;
}
