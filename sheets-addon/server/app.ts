/// <reference types="google-apps-script" />
/**
 * The server side of the sidebar (google.script.run) and of the menu: list and inspect sources, run an
 * analysis and write its sheets (in steps: run.ts). Everything in and out is plain JSON (the
 * panel/backend.ts contract).
 */
import { failedSummary, inspectCells } from '../../core/analysis/inspect';
import { ALL_JOB_KINDS } from '../../core/analysis/job';
import type { Lang } from '../../core/types';
import type { MappingOverrides, RunRequest, SourceChoice, SourceInfo } from '../../panel/backend';
import { OutOfTime } from './clock';
import { spreadsheetZone, userLang } from './host';
import { messages } from './i18n';
import { RunFailure } from './prepare';
import { Cancelled, validRunId } from './progress';
import { continueRun, startRun, type StepResult } from './run';
import { listSources, readSource, resolveSource, SourceMissing, type ResolvedSource } from './source';

export { spreadsheetZone, userLang };

/** How long a generation waits for another editor's generation to finish. */
export const LOCK_WAIT_MS = 10_000;

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function emptyInfo(id: string, sheet: string, error: string): SourceInfo {
  return { ...failedSummary(error), id, sheet };
}

/** Backend.listSources. */
export function apiListSources(): { sources: SourceChoice[]; selected: string | null } {
  return listSources(SpreadsheetApp.getActive());
}

/** Backend.inspect: read a source and summarise it. */
export function apiInspect(
  sourceId: string,
  overrides: MappingOverrides = {},
  lang: Lang = userLang(),
): SourceInfo {
  const ss = SpreadsheetApp.getActive();
  const M = messages(lang);
  let src: ResolvedSource;
  try {
    src = resolveSource(ss, sourceId);
  } catch (e) {
    if (e instanceof SourceMissing) return emptyInfo(sourceId, '', M.noSource(sourceId));
    throw e;
  }
  const { cells, formats } = readSource(src, spreadsheetZone(ss));
  if (!cells.length) return emptyInfo(sourceId, src.sheetName, M.emptySource(src.sheetName));
  const { summary } = inspectCells(cells, { lang, formats, originRow: src.row, overrides: overrides ?? {} });
  return { ...summary, id: sourceId, sheet: src.sheetName };
}

/** Backend.selectRow: select a row of the source (from the skipped-rows report). */
export function apiSelectRow(sourceId: string, row: number): void {
  const ss = SpreadsheetApp.getActive();
  const src = resolveSource(ss, sourceId);
  const r = Math.max(1, Math.floor(Number(row) || 1));
  ss.setActiveSheet(src.sheet);
  src.sheet.getRange(r, src.col, 1, Math.max(1, src.cols)).activate();
}

/**
 * Backend.run, the first step: start a run under the document lock (one generation at a time per
 * spreadsheet; a second editor gets a clear message and nothing is written). With a `runId` (the
 * sidebar's) the run records its progress, stops between blocks when asked to (progress.ts) and goes on in
 * continueRun steps while the answer is `pending`; without one (the menu) it is one execution.
 */
export function apiRun(req: RunRequest, runId?: string): StepResult {
  const lang: Lang =
    req?.options?.lang === 'zh' || req?.options?.lang === 'en' ? req.options.lang : userLang();
  const M = messages(lang);
  if (!req || !ALL_JOB_KINDS.includes(req.kind) || typeof req.sourceId !== 'string')
    return fail(M.failed(`unknown analysis ${JSON.stringify(req?.kind ?? null)}`));
  const id = validRunId(runId) ? runId : null;
  return locked(lang, () => startRun(SpreadsheetApp.getActive(), req, lang, id));
}

/** Backend.run, the next steps: go on with the sidebar's run `runId`. */
export function apiContinue(runId: string): StepResult {
  const lang = userLang();
  if (!validRunId(runId)) return { ...fail(messages(lang).expired), code: 'expired' };
  return locked(lang, () => continueRun(SpreadsheetApp.getActive(), runId, lang));
}

const fail = (error: string): StepResult => ({ ok: false, sheets: [], summary: [], error });

/** `step` under the document lock, its failures as answers (no uncaught exception reaches the user). */
function locked(lang: Lang, step: () => StepResult): StepResult {
  const M = messages(lang);
  const lock = LockService.getDocumentLock();
  if (lock && !lock.tryLock(LOCK_WAIT_MS)) return fail(M.busy);
  try {
    return step();
  } catch (e) {
    if (e instanceof RunFailure) return fail(e.message);
    if (e instanceof Cancelled) return fail(M.cancelled);
    if (e instanceof SourceMissing) return fail(M.noSource(e.message));
    if (e instanceof OutOfTime) return fail(M.tooSlow);
    return fail(M.failed(errorText(e)));
  } finally {
    if (lock) lock.releaseLock();
  }
}
