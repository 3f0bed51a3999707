/**
 * The Sheets backend of the shared panel: every Backend call is a typed google.script.run call to the
 * Apps Script server (sheets-addon/server/index.ts), promisified with withSuccessHandler /
 * withFailureHandler. Arguments cross as plain JSON: google.script.run rejects Dates (and class
 * instances), so Dates become "yyyy-mm-dd" text and undefined members are dropped.
 *
 * Steps: a generation is `run`, then `continueRun(runId)` for as long as the server answers `pending`: each
 * call is one Apps Script execution that stops well before Apps Script's 6 minutes (server/run.ts). A step
 * that fails all the same (stopped at the limit, a service error) is continued from where the server last
 * saved, up to MAX_STEP_RETRIES times in a row.
 *
 * Progress: the run carries a run id; the server records its steps in the user's cache under that id
 * (server/progress.ts) and, while the steps go on, the sidebar polls getProgress(runId) about once a second
 * and shows each step with the panel's progress messages (the same as Excel's). Polling stops when the run
 * answers or fails; a failed poll is ignored.
 *
 * Cancel stops waiting at once (the result is ignored) and sends cancelRun(runId): the server stops at its
 * next block of rows and removes what it wrote, unless it has committed its first sheet already (then it
 * finishes). The steps go on unseen until then. Nothing is sent when the signal is aborted before the call.
 */
import type { Lang } from '../../core/types';
import type {
  Backend,
  MappingOverrides,
  Progress,
  RunRequest,
  RunResult,
  SourceChoice,
  SourceInfo,
} from '../../panel/backend';
import { fmtInt, panelText } from '../../panel/i18n';
import type * as Server from '../server/index';
import type { RunStep } from '../server/progress';
import type { StepResult } from '../server/run';

/** The server functions the sidebar calls (top-level functions of Code.js, see entry-points.json). */
export interface ServerApi {
  listSources(): { sources: SourceChoice[]; selected: string | null };
  inspect(sourceId: string, overrides: MappingOverrides, lang: Lang): SourceInfo;
  run(request: RunRequest, runId: string): StepResult;
  continueRun(runId: string): StepResult;
  getProgress(runId: string): RunStep | null;
  cancelRun(runId: string): void;
  selectRow(sourceId: string, row: number): void;
}

// The server really has these functions: it accepts these arguments and answers these types (a
// compile-time check; nothing of the server is bundled into the sidebar).
type Fits<K extends keyof ServerApi> = [Parameters<ServerApi[K]>] extends [Parameters<(typeof Server)[K]>]
  ? [ReturnType<(typeof Server)[K]>] extends [ReturnType<ServerApi[K]>]
    ? true
    : false
  : false;
const serverMatches: { [K in keyof ServerApi]: Fits<K> } = {
  listSources: true,
  inspect: true,
  run: true,
  continueRun: true,
  getProgress: true,
  cancelRun: true,
  selectRow: true,
};
void serverMatches;

/** The google.script.run runner as the sidebar page sees it. */
export interface ScriptRunner {
  withSuccessHandler(handler: (value: unknown) => void): ScriptRunner;
  withFailureHandler(handler: (error: unknown) => void): ScriptRunner;
  [fn: string]: unknown;
}

declare const google: { script: { run: ScriptRunner } } | undefined;

/** The page's google.script.run (injected by Apps Script into the sidebar's frame). */
function defaultRunner(): ScriptRunner {
  if (typeof google === 'undefined' || !google?.script?.run) {
    throw new Error('google.script.run is not available: this page runs inside a Google Sheets sidebar.');
  }
  return google.script.run;
}

/** A value made safe for google.script.run: Dates as "yyyy-mm-dd", no undefined, functions or classes. */
export function toPlain(v: unknown): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v instanceof Date || Object.prototype.toString.call(v) === '[object Date]') {
    const d = v as Date;
    if (Number.isNaN(d.getTime())) return null;
    const p = (n: number): string => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  }
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : toPlain(x)));
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (x === undefined || typeof x === 'function') continue;
      out[k] = toPlain(x);
    }
    return out;
  }
  return null;
}

/** A server failure (withFailureHandler gets an Error, or sometimes a string) as an Error. */
function asError(e: unknown): Error {
  if (e instanceof Error) return e;
  if (e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string')
    return new Error((e as { message: string }).message);
  return new Error(String(e));
}

/** How often the sidebar asks for the progress of a pending run (ms). */
export const POLL_MS = 1000;

/** The bar before the server has reported anything. */
const STARTED = 0.02;

/**
 * A server step as the bar shows it: reading 2–45%, analysing 50%, writing 55–95%, finishing 97% (the
 * proportions of the Excel pane). Null for anything else.
 */
export function stepProgress(step: unknown, lang: Lang): { fraction: number; message: string } | null {
  if (!step || typeof step !== 'object') return null;
  const s = step as Partial<{ step: string; done: number; total: number; sheet: string }>;
  const T = panelText(lang);
  const share = (): number =>
    Math.min(1, Math.max(0, Number(s.done) || 0) / Math.max(1, Number(s.total) || 0));
  const rows = (): [string, string] => [fmtInt(Number(s.done) || 0), fmtInt(Number(s.total) || 0)];
  switch (s.step) {
    case 'read':
      return { fraction: STARTED + 0.43 * share(), message: T.progressReading(...rows()) };
    case 'analyse':
      return { fraction: 0.5, message: T.progressAnalysing };
    case 'write':
      return { fraction: 0.55 + 0.4 * share(), message: T.progressWriting(String(s.sheet ?? ''), ...rows()) };
    case 'finish':
      return { fraction: 0.97, message: T.progressFinishing };
    default:
      return null;
  }
}

/** A run id: scopes a run's progress and cancel in the user's cache (letters, digits, "-"). */
function newRunId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

function abortError(): Error {
  const e = new Error('Cancelled');
  e.name = 'AbortError';
  return e;
}

/** `p`, or an AbortError as soon as `signal` aborts (`p` goes on; its answer is then ignored). */
function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    const off = (): void => signal.removeEventListener('abort', onAbort);
    p.then(
      (v) => (off(), resolve(v)),
      (e: unknown) => (off(), reject(e)),
    );
  });
}

/** Failed steps in a row that the client tries to continue before it gives up. */
export const MAX_STEP_RETRIES = 2;

export class SheetsBackend implements Backend {
  constructor(
    readonly lang: Lang,
    private readonly runner: () => ScriptRunner = defaultRunner,
    private readonly pollMs = POLL_MS,
  ) {}

  /** Call a server function; resolves with its answer, rejects with its error (or on abort). */
  call<K extends keyof ServerApi>(
    name: K,
    args: Parameters<ServerApi[K]>,
    signal?: AbortSignal,
  ): Promise<ReturnType<ServerApi[K]>> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError());
        return;
      }
      let settled = false;
      const onAbort = (): void => {
        if (settled) return;
        settled = true;
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done =
        <T>(f: (x: T) => void) =>
        (x: T): void => {
          signal?.removeEventListener('abort', onAbort);
          if (settled) return; // aborted meanwhile: the answer is ignored
          settled = true;
          f(x);
        };
      const r = this.runner()
        .withSuccessHandler(done((v: unknown) => resolve(v as ReturnType<ServerApi[K]>)))
        .withFailureHandler(done((e: unknown) => reject(asError(e))));
      const fn = r[name];
      if (typeof fn !== 'function') {
        done(reject)(new Error(`The server has no function ${name}`));
        return;
      }
      (fn as (...a: unknown[]) => void).apply(r, args.map(toPlain));
    });
  }

  listSources(): Promise<{ sources: SourceChoice[]; selected: string | null }> {
    return this.call('listSources', []);
  }

  inspect(sourceId: string, overrides: MappingOverrides): Promise<SourceInfo> {
    return this.call('inspect', [sourceId, overrides, this.lang]);
  }

  /**
   * Run an analysis: `run`, then `continueRun` while the server answers `pending` (each step is one Apps
   * Script execution, see server/run.ts), polling the progress throughout. Cancel rejects at once and sends
   * cancelRun; the steps go on unseen until the server has undone the run (or finished one that had
   * committed), so that nothing is left half done while the sidebar is open.
   */
  async run(req: RunRequest, progress: Progress, signal: AbortSignal): Promise<RunResult> {
    const runId = newRunId();
    if (signal.aborted) return this.call('run', [req, runId], signal); // rejects; nothing sent
    const poller = this.poll(runId, progress);
    let cancelled: Promise<unknown> = Promise.resolve();
    const onAbort = (): void => {
      poller.stop();
      cancelled = this.call('cancelRun', [runId]).catch(() => undefined);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const res = await abortable(
        this.steps(req, runId, () => cancelled),
        signal,
      );
      poller.stop();
      if (res.ok) progress(1, panelText(this.lang).done);
      return res;
    } finally {
      poller.stop();
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** The run's steps until its result; a cancel reaches the server before the next step. */
  private async steps(req: RunRequest, runId: string, cancelled: () => Promise<unknown>): Promise<RunResult> {
    let res = await this.step(() => this.call('run', [req, runId]), runId);
    while (res.pending) {
      await cancelled();
      res = await this.step(() => this.call('continueRun', [runId]), runId);
    }
    const out: RunResult = { ok: res.ok, sheets: res.sheets, summary: res.summary };
    if (res.error !== undefined) out.error = res.error;
    return out;
  }

  /**
   * One step. When it fails (Apps Script stopped it at its time limit, a service error), continueRun picks
   * the run up where it last saved, up to MAX_STEP_RETRIES times; if the server has nothing to continue
   * from, the failure stands.
   */
  private async step(first: () => Promise<StepResult>, runId: string): Promise<StepResult> {
    let error: unknown;
    try {
      return await first();
    } catch (e) {
      error = e;
    }
    for (let i = 0; i < MAX_STEP_RETRIES; i++) {
      let res: StepResult;
      try {
        res = await this.call('continueRun', [runId]);
      } catch (e) {
        error = e;
        continue;
      }
      if (res?.code !== 'expired') return res;
      break;
    }
    throw error;
  }

  /** Poll getProgress(runId) every pollMs until stopped: the bar follows the server, never backwards. */
  private poll(runId: string, progress: Progress): { stop(): void } {
    let shown = STARTED;
    progress(shown, panelText(this.lang).working);
    let stopped = false;
    let polling = false;
    const tick = (): void => {
      if (stopped || polling) return;
      polling = true;
      this.call('getProgress', [runId]).then(
        (step) => {
          polling = false;
          const p = stopped ? null : stepProgress(step, this.lang);
          // Never backwards (a late answer of an earlier poll, the small side table's read).
          if (p && p.fraction >= shown) progress((shown = p.fraction), p.message);
        },
        () => void (polling = false), // a failed poll is ignored: the next one may work
      );
    };
    const timer = setInterval(tick, this.pollMs);
    return {
      stop: () => {
        stopped = true;
        clearInterval(timer);
      },
    };
  }

  async selectRow(sourceId: string, row: number): Promise<void> {
    await this.call('selectRow', [sourceId, row]);
  }
}
