/// <reference types="google-apps-script" />
/**
 * The server side of the sidebar (google.script.run) and of the menu: list and inspect sources, run an
 * analysis and write its sheets. Everything in and out is plain JSON (the panel/backend.ts contract).
 */
import { readBreakdownLocks, readBreakdownTargets } from '../../core/analysis';
import { failedSummary, inspectCells } from '../../core/analysis/inspect';
import { ALL_JOB_KINDS, runJob, sideTableOptions, type JobOptions } from '../../core/analysis/job';
import { labels } from '../../core/analysis/i18n';
import { quoteSheet } from '../../core/spec/a1';
import type { SheetSpec } from '../../core/spec/types';
import { readSalesTable } from '../../core/table';
import { ymdToSerial } from '../../core/table/coerce';
import type { Lang } from '../../core/types';
import {
  sideSourceOf,
  type MappingOverrides,
  type RunRequest,
  type RunResult,
  type SourceChoice,
  type SourceInfo,
} from '../../panel/backend';
import { langOf, messages } from './i18n';
import { findOurSheets, markOurs, type OurSheet } from './ours';
import { Cancelled, NO_TRACKER, tracker, type Tracker } from './progress';
import { clearSheet, renderSpec, specHeight } from './render';
import {
  listSources,
  readSource,
  resolveSource,
  SourceMissing,
  sourceRef,
  type ResolvedSource,
} from './source';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** How long a generation waits for another editor's generation to finish. */
export const LOCK_WAIT_MS = 10_000;

/** The user's UI language (Session.getActiveUserLocale: zh* → Chinese, else English). */
export function userLang(): Lang {
  try {
    return langOf(Session.getActiveUserLocale());
  } catch {
    return 'en';
  }
}

/** The spreadsheet's time zone (the zone its date cells are midnight in). */
export function spreadsheetZone(ss: Spreadsheet): string {
  try {
    return ss.getSpreadsheetTimeZone() || Session.getScriptTimeZone() || 'Etc/UTC';
  } catch {
    return 'Etc/UTC';
  }
}

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
 * Backend.run: run one analysis and write its sheets, under the document lock (one generation at a time
 * per spreadsheet; a second editor gets a clear message and nothing is written). With a `runId` (the
 * sidebar's) the run records its progress and stops between blocks when asked to (progress.ts).
 */
export function apiRun(req: RunRequest, runId?: string): RunResult {
  const lang: Lang =
    req?.options?.lang === 'zh' || req?.options?.lang === 'en' ? req.options.lang : userLang();
  const M = messages(lang);
  const fail = (error: string): RunResult => ({ ok: false, sheets: [], summary: [], error });
  if (!req || !ALL_JOB_KINDS.includes(req.kind) || typeof req.sourceId !== 'string')
    return fail(M.failed(`unknown analysis ${JSON.stringify(req?.kind ?? null)}`));
  const lock = LockService.getDocumentLock();
  if (lock && !lock.tryLock(LOCK_WAIT_MS)) return fail(M.busy);
  try {
    return generate(SpreadsheetApp.getActive(), req, lang, tracker(runId));
  } catch (e) {
    if (e instanceof Cancelled) return fail(M.cancelled);
    if (e instanceof SourceMissing) return fail(M.noSource(req.sourceId));
    return fail(M.failed(errorText(e)));
  } finally {
    if (lock) lock.releaseLock();
  }
}

function generate(ss: Spreadsheet, req: RunRequest, lang: Lang, track: Tracker): RunResult {
  const M = messages(lang);
  const fail = (error: string): RunResult => ({ ok: false, sheets: [], summary: [], error });
  const tz = spreadsheetZone(ss);
  const src = resolveSource(ss, req.sourceId);
  const ours = findOurSheets(ss);
  if (ours.has(src.sheet.getSheetId())) return fail(M.ownSheet(src.sheetName));

  const { cells, formats } = readSource(src, tz, (done, total) => track.step({ step: 'read', done, total }));
  if (!cells.length) return fail(M.emptySource(src.sheetName));
  track.step({ step: 'analyse' });
  const read = readSalesTable(cells, { lang, formats, originRow: src.row, overrides: req.overrides ?? {} });
  if (!read.ok) return fail(read.error.message);

  const taken = ss
    .getSheets()
    .filter((s) => !ours.has(s.getSheetId()))
    .map((s) => s.getName());
  const todayIso = Utilities.formatDate(new Date(), tz, 'yyyy-MM-dd');
  const opts: JobOptions = {
    ...(req.options ?? {}),
    lang,
    generatedAt: req.options?.generatedAt ?? todayIso,
  };
  // "Today" decides which periods have ended: the sidebar sends the user's date; the menu has none, so the
  // spreadsheet's date (in its time zone) stands in.
  if (opts.today === undefined) {
    const [y, m, d] = todayIso.split('-').map(Number);
    opts.today = ymdToSerial(y, m, d);
  }
  // Our Goal Breakdown: the sheet a breakdown is rewritten into (its locks kept), the targets of the others.
  const breakdownName = freeName(labels(lang).breakdownSheet, new Set(taken.map((n) => n.toLowerCase())));
  const oldBreakdown = ourSheetOf(ours, 'breakdown', breakdownName);
  if (req.kind === 'breakdown' && !opts.locks && oldBreakdown)
    opts.locks = readBreakdownLocks(sheetGrid(oldBreakdown.sheet));
  // A side table the user chose: the targets of tracking, or the leads of the scorecard.
  const sideId = sideSourceOf(req);
  if (sideId) {
    let tsrc;
    try {
      tsrc = resolveSource(ss, sideId);
    } catch (e) {
      if (e instanceof SourceMissing) return fail(M.noSource(sideId));
      throw e;
    }
    if (ours.has(tsrc.sheet.getSheetId())) return fail(M.ownSheet(tsrc.sheetName));
    const t = readSource(tsrc, tz);
    const side = sideTableOptions(req.kind, t.cells, t.formats, sourceRef(tsrc), lang);
    if (!side.ok) return fail(side.error);
    Object.assign(opts, side.options);
  }
  const bdKinds = ['scorecard', 'incentives'];
  if ((bdKinds.includes(req.kind) || (req.kind === 'tracking' && !sideId)) && opts.breakdown === undefined) {
    // Targets from our Goal Breakdown sheet, if there is one (else the core looks for a Target column); the
    // scorecard takes its months' share of the period.
    const bd = oldBreakdown?.sheet;
    const t = bd ? readBreakdownTargets(bd.getDataRange().getValues()) : null;
    opts.breakdown = t && bd ? { ...t, sheet: bd.getName() } : null;
  }
  const job = runJob(req.kind, read.table, sourceRef(src), opts, taken);
  if (!job.ok) return fail(job.error);
  const sheets = writeSpecs(ss, job.specs, ours, taken, track);
  return { ok: true, sheets, summary: job.summary };
}

/** A generated sheet as formulas where it has them and values elsewhere (what readBreakdownLocks reads). */
export function sheetGrid(sheet: Sheet): unknown[][] {
  const range = sheet.getDataRange();
  const formulas = range.getFormulas();
  const values = range.getValues();
  return values.map((row, r) => row.map((v, c) => (formulas[r]?.[c] ? formulas[r][c] : v)));
}

/** `name`, or "name (2)", "name (3)", ... when a sheet that is not ours has it (case-insensitive). */
export function freeName(name: string, taken: ReadonlySet<string>): string {
  const base = name.slice(0, 90);
  if (!taken.has(base.toLowerCase())) return base;
  for (let k = 2; ; k++) {
    const candidate = `${base} (${k})`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/**
 * Our sheet of `kind` that a spec goes into: the one named `name` (case-insensitive) if there is one,
 * else the first. Our other sheets of that kind are left alone (deleting one would break its readers).
 */
export function ourSheetOf(
  ours: ReadonlyMap<number, OurSheet>,
  kind: string,
  name: string,
): OurSheet | undefined {
  const all = [...ours.values()].filter((o) => o.kind === kind);
  if (all.length < 2) return all[0];
  return all.find((o) => o.sheet.getName().toLowerCase() === name.toLowerCase()) ?? all[0];
}

/**
 * `spec` with its formulas' references to sheets of this run that have another name than their spec's
 * (`moved`: spec name -> sheet name, e.g. a Clean Data sheet of ours that the user renamed) following them.
 * The core writes every sheet reference quoted ('Clean Data'!); text in string literals is left as it is.
 */
export function retarget(spec: SheetSpec, moved: ReadonlyMap<string, string>): SheetSpec {
  if (!moved.size) return spec;
  const swaps = [...moved].map(([from, to]) => [`${quoteSheet(from)}!`, `${quoteSheet(to)}!`]);
  const swap = (part: string): string => swaps.reduce((p, [from, to]) => p.split(from).join(to), part);
  const fix = (f: string): string =>
    f
      .split(/("(?:[^"]|"")*")/)
      .map((part, i) => (i % 2 ? part : swap(part)))
      .join('');
  const cells = spec.cells.map((row) =>
    row?.map((c) => (c && typeof c.f === 'string' ? { ...c, f: fix(c.f) } : c)),
  );
  return { ...spec, cells };
}

/**
 * Write the specs in order. A spec whose kind has a sheet of ours (ourSheetOf) is written into that sheet
 * in place: cleared and rendered, keeping its id, name and place, so that every formula that reads it (our
 * other sheets', a user's) keeps working; deleting it would turn them into #REF! for good. A spec without
 * one gets a new sheet at the end, marked ours before anything is written into it. Never touches a sheet
 * that is not ours.
 *
 * Cancel (`track`): honoured before a sheet starts and between the blocks of a new sheet (then removed),
 * until the first sheet is committed: a rewrite commits as it starts (it cannot be undone, so it
 * completes), a new sheet once it is complete; from then on the run finishes. `track` gets the rows
 * written after each block, then "finishing" once every block is written.
 */
export function writeSpecs(
  ss: Spreadsheet,
  specs: SheetSpec[],
  ours: Map<number, OurSheet>,
  taken: string[],
  track: Tracker = NO_TRACKER,
): string[] {
  const lower = (n: string): string => n.toLowerCase();
  const notOurs = new Set(taken.map(lower));
  const names = new Set([...notOurs, ...[...ours.values()].map((o) => lower(o.sheet.getName()))]);
  const moved = new Map<string, string>();
  const written: string[] = [];
  const total = specs.reduce((n, s) => n + specHeight(s), 0);
  let done = 0;
  for (const given of specs) {
    const spec = retarget(given, moved);
    const old = ourSheetOf(ours, spec.kind, freeName(spec.name, notOurs));
    const name = old ? old.sheet.getName() : freeName(spec.name, names);
    track.step({ step: 'write', sheet: name, done, total });
    const onBlock = (rows: number): void => {
      done += rows;
      track.step(done < total ? { step: 'write', sheet: name, done, total } : { step: 'finish' });
    };
    if (old) rewriteSheet(old.sheet, spec, onBlock, track);
    else writeNewSheet(ss, spec, name, onBlock, track);
    names.add(lower(name));
    if (name !== spec.name) moved.set(spec.name, name);
    written.push(name);
  }
  return written;
}

/** Regenerate our sheet in place; from its first change on, no cancel is honoured (it completes). */
function rewriteSheet(sheet: Sheet, spec: SheetSpec, onBlock: (rows: number) => void, track: Tracker): void {
  track.commit();
  clearSheet(sheet);
  renderSpec(sheet, spec, onBlock);
  // As a new sheet would be (insertSheet activates it): the user sees what was written.
  sheet.activate();
}

/** A new sheet for `spec`, marked ours first; removed if the run stops (cancel, error) before it is complete. */
function writeNewSheet(
  ss: Spreadsheet,
  spec: SheetSpec,
  name: string,
  onBlock: (rows: number) => void,
  track: Tracker,
): void {
  const sheet = ss.insertSheet(name, ss.getNumSheets());
  try {
    markOurs(sheet, spec.kind);
    renderSpec(sheet, spec, onBlock);
  } catch (e) {
    ss.deleteSheet(sheet);
    throw e;
  }
  track.commit();
}
