/**
 * The Sheets backend of the shared panel: every Backend call is a typed google.script.run call to the
 * Apps Script server (sheets-addon/server/index.ts), promisified with withSuccessHandler /
 * withFailureHandler. Arguments cross as plain JSON: google.script.run rejects Dates (and class
 * instances), so Dates become "yyyy-mm-dd" text and undefined members are dropped.
 *
 * Progress is coarse (start, end): the server writes in one call. Cancel stops waiting at once and the
 * result is ignored; a generation the server has already started still completes there (Apps Script cannot
 * be interrupted), and nothing is sent when the signal is aborted before the call.
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
import type * as Server from '../server/index';

/** The server functions the sidebar calls (top-level functions of Code.js, see entry-points.json). */
export interface ServerApi {
  listSources(): { sources: SourceChoice[]; selected: string | null };
  inspect(sourceId: string, overrides: MappingOverrides, lang: Lang): SourceInfo;
  run(request: RunRequest): RunResult;
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

function abortError(): Error {
  const e = new Error('Cancelled');
  e.name = 'AbortError';
  return e;
}

export class SheetsBackend implements Backend {
  constructor(
    readonly lang: Lang,
    private readonly runner: () => ScriptRunner = defaultRunner,
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

  async run(req: RunRequest, progress: Progress, signal: AbortSignal): Promise<RunResult> {
    const L = this.lang === 'zh';
    progress(0.05, L ? '正在生成工作表…' : 'Generating sheets…');
    const res = await this.call('run', [req], signal);
    progress(1, L ? '完成' : 'Done');
    return res;
  }

  async selectRow(sourceId: string, row: number): Promise<void> {
    await this.call('selectRow', [sourceId, row]);
  }
}
