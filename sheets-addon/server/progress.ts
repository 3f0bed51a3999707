/// <reference types="google-apps-script" />
/**
 * Progress and cancel of a generation started from the sidebar. A google.script.run call answers only when
 * it ends, so the server records where it is in the user's cache (CacheService.getUserCache(), under a key
 * of the run id the sidebar chose) and the sidebar polls getProgress(runId) while its `run` and
 * `continueRun` calls are pending. Cancel goes the other way: cancelRun(runId) puts a flag that the run reads
 * between blocks (read, write), in this step or the next, until the run is committed (an old sheet of ours
 * starts being rewritten in place, or a new sheet is complete): from then on the run finishes (steps.ts).
 *
 * Best effort: a cache that fails costs a progress report, never the generation. Runs from the menu have no
 * run id and record no progress.
 */

/** Where a run is: what the sidebar's bar shows (panel/i18n.ts progress messages). */
export type RunStep =
  | { step: 'read'; done: number; total: number }
  | { step: 'analyse' }
  | { step: 'write'; sheet: string; done: number; total: number }
  | { step: 'finish' };

/** Seconds an entry stays in the cache (refreshed at each step; Apps Script allows 1 .. 21,600). */
export const PROGRESS_TTL = 600;

const RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A run id: 1 to 64 letters, digits, "_" or "-" (the sidebar's; it names cache keys and sheet marks). */
export const validRunId = (id: unknown): id is string => typeof id === 'string' && RUN_ID.test(id);
const validId = validRunId;
const progressKey = (id: string): string => `sga-progress-${id}`;
const cancelKey = (id: string): string => `sga-cancel-${id}`;

/** Thrown between blocks when the sidebar asked to stop. */
export class Cancelled extends Error {}

export interface Tracker {
  /** Record the step; between blocks. Throws Cancelled when the sidebar asked to stop (before commit()). */
  step(s: RunStep): void;
  /** Throws Cancelled as step() does, recording nothing (a step that goes on from an earlier one). */
  check(): void;
  /** The run is about to change the spreadsheet for good: a cancel is no longer honoured. */
  commit(): void;
}

export const NO_TRACKER: Tracker = { step: () => undefined, check: () => undefined, commit: () => undefined };

/** The tracker of a run (NO_TRACKER without a valid run id); `committed` for a run that already has. */
export function tracker(runId: unknown, committed = false): Tracker {
  if (!validId(runId)) return NO_TRACKER;
  let cache: GoogleAppsScript.Cache.Cache | null = null;
  const look = (s: RunStep | null): void => {
    let cancel = false;
    try {
      cache ??= CacheService.getUserCache();
      if (s) cache.put(progressKey(runId), JSON.stringify(s), PROGRESS_TTL);
      cancel = !committed && cache.get(cancelKey(runId)) !== null;
    } catch {
      // No progress this time; the generation goes on.
    }
    if (cancel) throw new Cancelled('Cancelled');
  };
  return {
    step: (s: RunStep): void => look(s),
    check: (): void => look(null),
    commit(): void {
      committed = true;
    },
  };
}

/** The sidebar's poll: the last step recorded for the run, or null. */
export function getProgress(runId: string): RunStep | null {
  if (!validId(runId)) return null;
  const v = CacheService.getUserCache().get(progressKey(runId));
  if (v === null) return null;
  try {
    return JSON.parse(v) as RunStep;
  } catch {
    return null;
  }
}

/** The sidebar's cancel: the run stops at its next block (if it has not committed yet). */
export function cancelRun(runId: string): void {
  if (validId(runId)) CacheService.getUserCache().put(cancelKey(runId), '1', PROGRESS_TTL);
}
