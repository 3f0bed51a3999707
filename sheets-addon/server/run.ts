/// <reference types="google-apps-script" />
/**
 * A run from the sidebar works in steps, one execution each, so that none comes near Apps Script's 6 minutes:
 * `run` starts it (reads, analyses, plans, writes what fits in its time), then the sidebar calls
 * `continueRun(runId)` while the answer says `pending`. Every step reads and analyses again (the specs of a
 * later step must be those of the first, which the plan's fingerprint checks) and writes on from the cursor
 * (steps.ts); run-state.ts says where the state lives and why.
 *
 * A run from the menu (no run id) is one execution and keeps nothing: it refuses, before writing, a table
 * whose sheets are larger than MENU_MAX_WRITE_CELLS (the panel writes those in steps), and if its time runs
 * out all the same it undoes what it can and says so instead of being stopped half way.
 *
 * Before a new run: another editor's run still going on (its heartbeat is recent) is waited for; a run that
 * was abandoned (the sidebar closed, an execution stopped), or the user's own earlier run, is cleaned up:
 * its unfinished new sheets deleted, its marks removed, in one line of the summary.
 */
import type { Lang } from '../../core/types';
import type { RunRequest, RunResult } from '../../panel/backend';
import { Clock } from './clock';
import { userKey } from './host';
import { messages } from './i18n';
import { makePlan } from './plan';
import { prepare, RunFailure } from './prepare';
import { Cancelled, tracker } from './progress';
import { RunStore } from './run-state';
import { advance, newCursor, removeRuns, undo, type Run } from './steps';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** A step's answer: the run's result, or `pending` (call continueRun). `code` "expired": no such run. */
export interface StepResult extends RunResult {
  pending?: boolean;
  code?: 'expired';
}

/**
 * The most cells the menu writes in its one execution: about a minute at the rates of test/fake-gas.ts
 * (values, text styles and alignments of every cell), whatever the size of the table read.
 */
export const MENU_MAX_WRITE_CELLS = 200_000;

const fail = (error: string): StepResult => ({ ok: false, sheets: [], summary: [], error });
const PENDING: StepResult = { ok: true, sheets: [], summary: [], pending: true };

/** An id for a run of one execution (the menu), of the run ids' letters. */
const oneShotId = (): string =>
  `m${Math.floor(Date.now()).toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`;

/** Start a run: `runId` is the sidebar's (null: the menu, one execution). Throws RunFailure with a message. */
export function startRun(ss: Spreadsheet, req: RunRequest, lang: Lang, runId: string | null): StepResult {
  const M = messages(lang);
  const id = runId ?? oneShotId();
  const store = new RunStore();
  const gone = takeOver(ss, store, id, lang);
  const track = tracker(runId);
  const clock = new Clock();
  const prep = prepare(ss, req, lang, track, clock);
  const { plan, cells } = makePlan(ss, id, req, lang, prep, []);
  // A sheet that this run rewrites anyway needs no word.
  const rewrites = new Set(plan.entries.filter((e) => e.mode === 'rewrite').map((e) => e.name));
  const half = gone.halfWritten.filter((n) => !rewrites.has(n));
  if (gone.deleted || half.length) plan.notes.push(M.cleaned(gone.deleted, half));
  if (!runId && cells > MENU_MAX_WRITE_CELLS) throw new RunFailure(M.tooLargeForMenu);
  const cur = newCursor();
  if (runId) {
    store.savePlan(plan);
    store.saveCursor(id, cur);
    store.setActive({ runId: id, user: userKey() });
  }
  const run: Run = {
    ss,
    plan,
    cur,
    specs: prep.specs,
    track,
    clock,
    store: runId ? store : null,
    resumed: false,
    painters: new Map(),
    sheets: new Map(),
  };
  return go(run);
}

/** The next step of the sidebar's run `runId`. */
export function continueRun(ss: Spreadsheet, runId: string, lang: Lang): StepResult {
  const store = new RunStore();
  const plan = store.loadPlan(runId);
  const cur = store.loadCursor(runId);
  const active = store.active();
  if (!plan || !cur || (active && active.runId !== runId))
    return { ...fail(messages(lang).expired), code: 'expired' };
  const track = tracker(runId, cur.committed);
  const clock = new Clock();
  const run: Run = {
    ss,
    plan,
    cur,
    specs: [],
    track,
    clock,
    store,
    resumed: true,
    painters: new Map(),
    sheets: new Map(),
  };
  if (cur.phase !== 'done') reanalyse(run);
  return go(run);
}

/** Read and analyse again, as the first step did; a run that cannot is undone. */
function reanalyse(run: Run): void {
  const { plan } = run;
  let prep;
  try {
    prep = prepare(run.ss, plan.req, plan.lang, run.track, run.clock, { opts: plan.opts, taken: plan.taken });
  } catch (e) {
    undo(run);
    throw e;
  }
  if (prep.fingerprint !== plan.fingerprint) throw new RunFailure(messages(plan.lang).dataChanged(undo(run)));
  run.specs = prep.specs;
}

/** Write what fits in this execution; the result, or PENDING. Undoes the run when it stops on the way. */
function go(run: Run): StepResult {
  const M = messages(run.plan.lang);
  let done: boolean;
  try {
    done = advance(run);
  } catch (e) {
    if (e instanceof Cancelled) {
      undo(run);
      return fail(M.cancelled);
    }
    const half = undo(run);
    if (e instanceof RunFailure || !half.length) throw e;
    throw new RunFailure(M.stopped(e instanceof Error ? e.message : String(e), half));
  }
  if (done) {
    const { entries, notes, summary } = run.plan;
    return { ok: true, sheets: entries.map((e) => e.name), summary: [...notes, ...summary] };
  }
  if (run.store) return PENDING;
  // The menu's one execution is spent: stop here, not at Apps Script's limit.
  const half = undo(run);
  throw new RunFailure(half.length ? M.stopped(M.tooLargeForMenu, half) : M.tooLargeForMenu);
}

/**
 * Before run `runId`: wait for another editor's run that is still going on (RunFailure "busy"); clean up
 * after an abandoned one, or after this user's own earlier run (removeRuns).
 */
function takeOver(
  ss: Spreadsheet,
  store: RunStore,
  runId: string,
  lang: Lang,
): { deleted: number; halfWritten: string[] } {
  const active = store.active();
  if (active && active.runId !== runId) {
    if (active.user !== userKey() && store.alive(active.runId)) throw new RunFailure(messages(lang).busyRun);
    store.drop(active.runId);
  }
  return removeRuns(ss, (id) => id !== runId);
}
