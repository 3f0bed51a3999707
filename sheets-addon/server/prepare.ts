/// <reference types="google-apps-script" />
/**
 * The part of a run that every execution does: read the source (and the side table), analyse, and make the
 * specs. The options that come from our own sheets (a breakdown's locks, its targets) and "today" are
 * decided by the first execution and kept in the plan (run-state.ts): a later execution may find those
 * sheets half-rewritten. The cells read are fingerprinted, so that a later execution knows it writes the
 * rest of the same sheets.
 */
import { readBreakdownLocks, readBreakdownTargets } from '../../core/analysis';
import { labels } from '../../core/analysis/i18n';
import { runJob, sideTableOptions, type JobOptions } from '../../core/analysis/job';
import type { SheetSpec } from '../../core/spec/types';
import { readSalesTable } from '../../core/table';
import { ymdToSerial } from '../../core/table/coerce';
import type { Cell, Lang } from '../../core/types';
import { sideSourceOf, type RunRequest } from '../../panel/backend';
import type { Clock } from './clock';
import { spreadsheetZone } from './host';
import { messages } from './i18n';
import { freeName, ourSheetOf, sheetGrid } from './naming';
import { findOurSheets, type OurSheet } from './ours';
import type { Tracker } from './progress';
import { readSource, resolveSource, SourceMissing, sourceRef } from './source';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** A run that cannot go on, with the message for the user. */
export class RunFailure extends Error {}

/** What a run decides once: the options (JSON only) and the names of the sheets that are not ours. */
export interface Inputs {
  opts: JobOptions;
  taken: string[];
}

export interface Prepared extends Inputs {
  specs: SheetSpec[];
  summary: string[];
  fingerprint: string;
  ours: Map<number, OurSheet>;
}

/**
 * Read, analyse, make the specs. `saved`: the inputs the first execution decided (a later execution reads
 * nothing of our sheets and reports no read progress). Throws RunFailure with the user's message.
 */
export function prepare(
  ss: Spreadsheet,
  req: RunRequest,
  lang: Lang,
  track: Tracker,
  clock: Clock,
  saved?: Inputs,
): Prepared {
  const M = messages(lang);
  const tz = spreadsheetZone(ss);
  const src = resolveSource(ss, req.sourceId);
  const ours = findOurSheets(ss);
  if (ours.has(src.sheet.getSheetId())) throw new RunFailure(M.ownSheet(src.sheetName));
  const { cells, formats } = readSource(src, tz, (done, total) => {
    clock.checkRead();
    if (!saved) track.step({ step: 'read', done, total });
  });
  if (!cells.length) throw new RunFailure(M.emptySource(src.sheetName));
  if (!saved) track.step({ step: 'analyse' });
  const read = readSalesTable(cells, { lang, formats, originRow: src.row, overrides: req.overrides ?? {} });
  if (!read.ok) throw new RunFailure(read.error.message);
  // Through JSON as the plan keeps them: every execution analyses with exactly the same inputs.
  const inputs = saved ?? (JSON.parse(JSON.stringify(decide(ss, req, lang, ours, tz))) as Inputs);
  const side = sideTable(ss, req, lang, ours, tz);
  const job = runJob(req.kind, read.table, sourceRef(src), { ...inputs.opts, ...side.options }, inputs.taken);
  if (!job.ok) throw new RunFailure(job.error);
  const fingerprint = hashCells([[[JSON.stringify(sourceRef(src))]], cells, formats, ...side.cells]);
  return { ...inputs, specs: job.specs, summary: job.summary, fingerprint, ours };
}

/** The options of the request completed once: today, the breakdown's locks and targets from our sheets. */
function decide(
  ss: Spreadsheet,
  req: RunRequest,
  lang: Lang,
  ours: Map<number, OurSheet>,
  tz: string,
): Inputs {
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
  const old = ourSheetOf(ours, 'breakdown', breakdownName)?.sheet;
  if (req.kind === 'breakdown' && !opts.locks && old) opts.locks = readBreakdownLocks(sheetGrid(old));
  const withTargets =
    ['scorecard', 'incentives'].includes(req.kind) || (req.kind === 'tracking' && !sideSourceOf(req));
  if (withTargets && opts.breakdown === undefined) {
    // Targets from our Goal Breakdown sheet, if there is one (else the core looks for a Target column); the
    // scorecard takes its months' share of the period.
    const t = old ? readBreakdownTargets(old.getDataRange().getValues()) : null;
    opts.breakdown = t && old ? { ...t, sheet: old.getName() } : null;
  }
  return { opts, taken };
}

/** The side table the user chose (tracking's targets, the scorecard's leads), read again in every execution. */
function sideTable(
  ss: Spreadsheet,
  req: RunRequest,
  lang: Lang,
  ours: Map<number, OurSheet>,
  tz: string,
): { options: Partial<JobOptions>; cells: unknown[][][] } {
  const M = messages(lang);
  const id = sideSourceOf(req);
  if (!id) return { options: {}, cells: [] };
  let src;
  try {
    src = resolveSource(ss, id);
  } catch (e) {
    if (e instanceof SourceMissing) throw new RunFailure(M.noSource(id));
    throw e;
  }
  if (ours.has(src.sheet.getSheetId())) throw new RunFailure(M.ownSheet(src.sheetName));
  const t = readSource(src, tz);
  const side = sideTableOptions(req.kind, t.cells, t.formats, sourceRef(src), lang);
  if (!side.ok) throw new RunFailure(side.error);
  return { options: side.options, cells: [[[JSON.stringify(sourceRef(src))]], t.cells, t.formats] };
}

/**
 * A fingerprint of blocks of cells: two 32-bit FNV-1a hashes of their rows as JSON. (Math.imul is held in
 * a local: a global looked up in a hot loop is slow in some hosts, node:vm among them.)
 */
export function hashCells(blocks: readonly (readonly (readonly (Cell | unknown)[])[])[]): string {
  const imul = Math.imul;
  let a = 0x811c9dc5 | 0;
  let b = 0x5ad1fa86 | 0;
  for (const rows of blocks)
    for (const row of rows) {
      const s = JSON.stringify(row);
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        a = imul(a ^ c, 0x01000193);
        b = imul(b ^ c, 0x5bd1e995);
      }
      a = imul(a ^ 10, 0x01000193);
    }
  return `${(a >>> 0).toString(16)}${(b >>> 0).toString(16)}`;
}
