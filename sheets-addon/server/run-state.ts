/// <reference types="google-apps-script" />
/**
 * What a run that works in several executions keeps between them, in the document cache
 * (CacheService.getDocumentCache()):
 * - shared by every editor of the spreadsheet, so another editor's run sees a run in progress (and waits) or
 *   an abandoned one (and cleans up after it); the user cache is per user, PropertiesService never expires and
 *   holds 9 KB per value, 500 KB for the whole document;
 * - up to 100 KB per value and 6 hours: the plan (the request, the options decided once, the sheet names)
 *   is written once, in parts of at most 30,000 characters (90 KB even in three-byte UTF-8); the cursor (where
 *   the run is, a heartbeat) after every unit of work, a few hundred bytes;
 * - it expires by itself: an abandoned run leaves no state behind. A cache may also drop an entry early: the
 *   run then cannot be continued and says so; what it wrote is marked in the document (ours.ts RUN_KEY), so
 *   the next run cleans it up all the same.
 *
 * The read cells are not kept: each execution reads the source again (a fraction of its time, see steps.ts)
 * and checks that it is what the first one read (the plan's fingerprint).
 */
import type { JobOptions } from '../../core/analysis/job';
import type { Lang } from '../../core/types';
import type { RunRequest } from '../../panel/backend';

/** Seconds the state lives (Apps Script's most). */
export const STATE_TTL = 21_600;

/** A run whose last heartbeat is older than this is no longer driven by anyone: abandoned. */
export const ALIVE_MS = 120_000;

const PART_CHARS = 30_000;

export interface PlanEntry {
  /** The sheet's name: our sheet's own, or a free name for a new one. */
  name: string;
  mode: 'new' | 'rewrite';
  /** The sheet rewritten in place (mode "rewrite"). */
  sheetId: number | null;
}

/** What the first execution decides, for the others to do the same. */
export interface RunPlan {
  runId: string;
  req: RunRequest;
  lang: Lang;
  /** The job options decided once ("today", the locks and targets read from our sheets), JSON only. */
  opts: JobOptions;
  /** The names of the sheets that are not ours when the run started. */
  taken: string[];
  /** Of the cells read (source and side table): each execution must read the same. */
  fingerprint: string;
  entries: PlanEntry[];
  /** Rows to write in all (the progress bar's total). */
  total: number;
  /** Lines for the summary: the clean-up after an abandoned run, then the analysis's. */
  notes: string[];
  summary: string[];
}

/** Where a run is, after its last unit of work. */
export interface RunCursor {
  spec: number;
  phase: 'start' | 'cells' | 'finish' | 'done';
  /** Rows of the current spec written. */
  row: number;
  /** Rows written in all. */
  done: number;
  /** A sheet is being rewritten in place, or a new one is complete: a cancel no longer undoes the run. */
  committed: boolean;
  /** The sheet ids of the specs started so far. */
  ids: (number | null)[];
  /** Date.now() at the last save. */
  beat: number;
}

/** The run that was last started in the spreadsheet, and by whom (Session.getTemporaryActiveUserKey). */
export interface ActiveRun {
  runId: string;
  user: string;
}

const planKey = (id: string): string => `sga-plan-${id}`;
const cursorKey = (id: string): string => `sga-cursor-${id}`;
const ACTIVE_KEY = 'sga-active';

/** The document cache holding runs' state. */
export class RunStore {
  private readonly cache: GoogleAppsScript.Cache.Cache;

  constructor() {
    const cache = CacheService.getDocumentCache();
    // Null only for a script that is not bound to a document: never an editor add-on.
    if (!cache) throw new Error('CacheService.getDocumentCache() is not available');
    this.cache = cache;
  }

  savePlan(plan: RunPlan): void {
    const json = JSON.stringify(plan);
    const parts = Math.max(1, Math.ceil(json.length / PART_CHARS));
    for (let i = 0; i < parts; i++)
      this.cache.put(
        `${planKey(plan.runId)}-${i}`,
        json.slice(i * PART_CHARS, (i + 1) * PART_CHARS),
        STATE_TTL,
      );
    this.cache.put(planKey(plan.runId), String(parts), STATE_TTL);
  }

  loadPlan(runId: string): RunPlan | null {
    const parts = Number(this.cache.get(planKey(runId)));
    if (!(parts >= 1)) return null;
    let json = '';
    for (let i = 0; i < parts; i++) {
      const part = this.cache.get(`${planKey(runId)}-${i}`);
      if (part === null) return null;
      json += part;
    }
    return JSON.parse(json) as RunPlan;
  }

  saveCursor(runId: string, cursor: RunCursor): void {
    cursor.beat = Date.now();
    this.cache.put(cursorKey(runId), JSON.stringify(cursor), STATE_TTL);
  }

  loadCursor(runId: string): RunCursor | null {
    const v = this.cache.get(cursorKey(runId));
    return v === null ? null : (JSON.parse(v) as RunCursor);
  }

  active(): ActiveRun | null {
    const v = this.cache.get(ACTIVE_KEY);
    return v === null ? null : (JSON.parse(v) as ActiveRun);
  }

  setActive(run: ActiveRun): void {
    this.cache.put(ACTIVE_KEY, JSON.stringify(run), STATE_TTL);
  }

  /** True while run `runId` is driven: its last heartbeat is recent. */
  alive(runId: string): boolean {
    const cursor = this.loadCursor(runId);
    return cursor !== null && Date.now() - cursor.beat < ALIVE_MS;
  }

  /** Forget a run (the parts of its plan expire by themselves). */
  drop(runId: string): void {
    this.cache.remove(cursorKey(runId));
    this.cache.remove(planKey(runId));
    const active = this.active();
    if (active?.runId === runId) this.cache.remove(ACTIVE_KEY);
  }
}
