/**
 * The command line: read an .xlsx/.csv sales table, run the analyses, write a workbook with live sheets
 * and print a summary (or JSON). `runCli` is the whole program minus process handling, for tests.
 * An analysis that cannot run does not take the others down: its message takes its place.
 */
import * as path from 'node:path';
import { JOB_KINDS, readSideTable, runJob } from '../core/analysis';
import type {
  BreakdownResult,
  JobOptions,
  QuadrantResult,
  ScorecardResult,
  TrackingResult,
  IncentivesResult,
} from '../core/analysis';
import { targetsOf } from '../core/analysis';
import { readTeamTable } from '../core/table/team';
import { resolveDimension } from '../core/analysis/context';
import type { SheetSpec } from '../core/spec/types';
import { a1 } from '../core/spec/a1';
import { MAX_CELL_TEXT } from '../core/spec/excel-limits';
import { dateToSerial, serialToISO, ymdToSerial } from '../core/table/coerce';
import { formatsRowOf, headRows, isColumnar, rowOf } from '../core/table/columns';
import { readSalesTable } from '../core/table';
import type { Lang, SalesTable } from '../core/types';
import {
  envLang,
  headersLang,
  langInArgv,
  OptionError,
  parseAmount,
  parseChoice,
  parseDate,
  parseFiscalStart,
  parseLang,
  parseOut,
  parsePercent,
  parsePeriodOption,
  parseThreshold,
  parseYear,
  tokenize,
  type OptionSpec,
  type Threshold,
  type Tokens,
} from './args';
import { isEncodingLabel, readSource, readWorksheet, SourceError, type SourceData } from './io/read';
import { readXlsxStreamed } from './io/xlsx-stream';
import { uniqueSheetName } from './io/names';
import type { Marks } from './io/marks';
import { writeWorkbookStreamed } from './io/source-sheet';
import { MESSAGES } from './messages';
import { jsonReport, summary, type Outcome, type Report } from './output';
import {
  lockCount,
  oldBreakdown,
  oursIn,
  outputMarks,
  refuseOurs,
  renameDataSheet,
  replacedBy,
  samePlan,
  takenForData,
  type OldBreakdown,
} from './regenerate';

export interface CliIO {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
}

export const DEFAULT_SAMPLE = path.join(__dirname, '..', 'samples', 'sales-en.xlsx');

/** The options and what their values accept; cli/args.ts checks each value. */
const OPTIONS: Record<string, OptionSpec> = {
  sheet: { type: 'string' },
  by: { type: 'string', accepts: 'column' },
  year: { type: 'string', accepts: 'year' },
  target: { type: 'string', accepts: 'target' },
  uplift: { type: 'string', accepts: 'uplift' },
  seasonality: { type: 'string', accepts: 'seasonality' },
  unit: { type: 'string', accepts: 'unit' },
  ramp: { type: 'string', accepts: 'ramp' },
  threshold: { type: 'string', accepts: 'threshold' },
  period: { type: 'string', accepts: 'period' },
  'to-date': { type: 'boolean' },
  'fiscal-start': { type: 'string', accepts: 'fiscalStart' },
  today: { type: 'string', accepts: 'date' },
  track: { type: 'boolean' },
  incentives: { type: 'boolean' },
  'as-of': { type: 'string', accepts: 'date' },
  targets: { type: 'string' },
  team: { type: 'string' },
  lang: { type: 'string', accepts: 'lang' },
  out: { type: 'string', accepts: 'outFile' },
  json: { type: 'boolean' },
  encoding: { type: 'string', accepts: 'encoding' },
  help: { type: 'boolean', short: 'h' },
};

interface CliOptions {
  file?: string;
  sheet?: string;
  by?: string;
  year?: number;
  target?: number;
  uplift?: number;
  seasonality?: 'last' | 'average' | 'even';
  unit?: number;
  ramp?: number;
  threshold?: Threshold;
  period?: string;
  toDate: boolean;
  fiscalStart?: number;
  today: number;
  track: boolean;
  incentives: boolean;
  asOf?: number;
  targets?: string;
  team?: string;
  out?: string;
  json: boolean;
  /** A CSV's text encoding (default: detected). */
  encoding?: string;
  help: boolean;
}

/** The analyses the command line runs. */
type CliKind = 'breakdown' | 'quadrant' | 'scorecard' | 'tracking' | 'incentives';
type ResultOf<K extends CliKind> = {
  breakdown: BreakdownResult;
  quadrant: QuadrantResult;
  scorecard: ScorecardResult;
  tracking: TrackingResult;
  incentives: IncentivesResult;
}[K];

/** The machine's local date as a serial day. */
function localToday(): number {
  const d = new Date();
  return ymdToSerial(d.getFullYear(), d.getMonth() + 1, d.getDate());
}

/** Check every option value (OptionError on the first bad one). */
function readOptions(t: Tokens): CliOptions {
  const v = t.values as Record<string, string | undefined>;
  const opt = <T>(name: string, f: (s: string) => T): T | undefined =>
    typeof v[name] === 'string' ? f(v[name]) : undefined;
  const fiscalStart = opt('fiscal-start', parseFiscalStart);
  return {
    file: t.positionals[0],
    sheet: v.sheet,
    by: v.by,
    year: opt('year', (s) => parseYear('--year', s)),
    target: opt('target', (s) => parseAmount('--target', s, 'target')),
    uplift: opt('uplift', (s) => parsePercent('--uplift', s, { min: -1, max: 100, accepts: 'uplift' })),
    seasonality: opt('seasonality', (s) =>
      parseChoice('--seasonality', s, ['last', 'average', 'even'] as const, 'seasonality'),
    ),
    unit: opt('unit', (s) => parseAmount('--unit', s, 'unit')),
    ramp: opt('ramp', (s) => parsePercent('--ramp', s, { min: 0, max: 1, accepts: 'ramp' })),
    threshold: opt('threshold', parseThreshold),
    period: opt('period', (s) => parsePeriodOption(s, fiscalStart ?? 1)),
    toDate: t.values['to-date'] === true,
    fiscalStart,
    today: opt('today', (s) => parseDate('--today', s)) ?? localToday(),
    track: t.values.track === true,
    incentives: t.values.incentives === true,
    asOf: opt('as-of', (s) => parseDate('--as-of', s)),
    targets: v.targets,
    team: v.team,
    out: opt('out', parseOut),
    json: t.values.json === true,
    encoding: opt('encoding', (s) => {
      if (!isEncodingLabel(s))
        throw new OptionError({ kind: 'bad', option: '--encoding', given: s, accepts: 'encoding' });
      return s;
    }),
    help: t.values.help === true,
  };
}

/** The headers of the table in a source, found in its first rows (to choose the language before reading it all). */
function peekHeaders(src: SourceData): string[] {
  const head = headRows(src.cells, 60);
  const formats = head.map((_, i) => formatsRowOf(src.cells, src.formats, i) ?? []);
  const r = readSalesTable(head, { formats });
  return r.ok ? r.table.headers : r.error.headers;
}

/** The language of the file's headers, for an option error when neither --lang nor the environment gives one. */
async function fileLang(io: CliIO, tokens: Tokens | undefined): Promise<Lang> {
  if (!tokens) return 'en';
  try {
    const named = tokens.positionals.find((p) => /\.(xlsx|xlsm|csv)$/i.test(p)) ?? tokens.positionals[0];
    if (named === undefined) return 'en'; // the bundled sample's headers are English
    const file = path.resolve(io.cwd, named);
    const str = (k: string): string | undefined => {
      const v = tokens.values[k];
      return typeof v === 'string' ? v : undefined;
    };
    return headersLang(peekHeaders(await readSource(file, str('sheet'), str('encoding'))));
  } catch {
    return 'en';
  }
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const state: { lang: Lang | null } = { lang: langInArgv(argv) ?? envLang(io.env) };
  let tokens: Tokens | undefined;
  try {
    tokens = tokenize(argv, OPTIONS);
    if (tokens.problem) throw new OptionError(tokens.problem);
    if (typeof tokens.values.lang === 'string') state.lang = parseLang(tokens.values.lang);
    const o = readOptions(tokens);
    if (o.help) {
      io.out(MESSAGES[state.lang ?? 'en'].help);
      return 0;
    }
    return await analyse(o, state, io);
  } catch (e) {
    const M = MESSAGES[state.lang ?? (e instanceof OptionError ? await fileLang(io, tokens) : 'en')];
    if (e instanceof OptionError) {
      io.err(M.prefix + M.problem(e.problem));
      return 2;
    }
    if (e instanceof SourceError) {
      const d = e.detail;
      const say =
        e.code === 'not-found' ? M.notFound : e.code === 'unsupported' ? M.unsupported : M.unreadable;
      io.err(M.prefix + say(d));
      return 1;
    }
    io.err(M.prefix + oneLine(e));
    return 1;
  }
}

const oneLine = (e: unknown): string =>
  (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ');

/** Read, check the options that need the table, run every analysis, write the workbook, print. */
async function analyse(o: CliOptions, state: { lang: Lang | null }, io: CliIO): Promise<number> {
  const file = path.resolve(io.cwd, o.file ?? DEFAULT_SAMPLE);
  if (o.out !== undefined && path.resolve(io.cwd, o.out) === file)
    throw new OptionError({ kind: 'outIsSource', given: o.out });
  const src = await readSource(file, o.sheet, o.encoding).catch((e: unknown) => {
    if (!(e instanceof SourceError && e.code === 'unknown-sheet' && o.sheet !== undefined)) throw e;
    const sheets = e.sheetNames ?? [];
    throw new OptionError({ kind: 'sheet', option: '--sheet', given: o.sheet, sheets });
  });
  const lang: Lang = (state.lang ??= headersLang(peekHeaders(src)));
  const M = MESSAGES[lang];
  // Our sheets from an earlier run: never the table; replaced in place, the breakdown's locks kept.
  const marks = await oursIn(src, o.sheet !== undefined ? '--sheet' : undefined);
  const read = readSalesTable(src.cells, {
    lang,
    formats: src.formats,
    originRow: src.originRow,
    date1904: src.date1904,
  });
  if (!read.ok) {
    io.err(M.prefix + read.error.message);
    return 1;
  }
  const table = read.table;
  checkBy(table, o.by, lang);
  const sideSheets: SideSheets = [];
  const targetTable =
    o.targets !== undefined ? await targetTableOf(src, o.targets, lang, sideSheets, marks) : null;
  const jobOpts = jobOptionsOf(o, lang, await leadsTableOf(src, table, sideSheets, marks));
  if (o.team !== undefined) jobOpts.team = await teamTableOf(src, o.team, io.cwd, lang, marks);
  const specs: SheetSpec[] = [];
  const source = { sheet: src.sheetName, originRow: src.originRow, originCol: src.originCol };
  const run = <K extends CliKind>(kind: K, opts: JobOptions) =>
    runOne(kind, table, source, opts, takenForData(src.sheetNames, marks), specs);
  // Our sheets get their final names as they are made (a user's sheet of the same name keeps its own), so
  // that the scorecard and the tracking sheet can reference the breakdown sheet by the name it will have.
  const taken = new Set(src.sheetNames.map((n) => n.toLowerCase()));
  const { breakdown, locks } = runBreakdown(run, jobOpts, await oldBreakdown(src, marks), specs);
  const quadrant = run('quadrant', jobOpts);
  nameSheets(specs, taken, marks);
  const named = specs.length;
  // The scorecard's targets: a Target column of the source, else the breakdown's (same dimension only).
  const scorecard = run('scorecard', {
    ...jobOpts,
    ...scorecardBy(jobOpts),
    breakdown: breakdownTargets(breakdown, specs),
  });
  nameSheets(specs.slice(named), taken, marks);
  const outcomes = { breakdown, quadrant, scorecard };
  if (JOB_KINDS.every((k) => !outcomes[k as keyof typeof outcomes].ok)) return allFailed(outcomes, lang, io);
  let tracking: Outcome<TrackingResult> | undefined;
  if (o.track || o.targets !== undefined) {
    const before = specs.length;
    tracking =
      targetTable && !targetTable.ok
        ? { ok: false, error: targetTable.error }
        : run('tracking', {
            ...jobOpts,
            asOf: o.asOf,
            targetTable: targetTable?.ok ? targetTable.result : null,
            breakdown: targetTable ? null : breakdownTargets(outcomes.breakdown, specs),
          });
    nameSheets(specs.slice(before), taken, marks);
  }
  // --incentives: targets as the scorecard's (a Target column, else the breakdown's).
  const incentives = o.incentives
    ? run('incentives', {
        ...jobOpts,
        ...scorecardBy(jobOpts),
        breakdown: breakdownTargets(breakdown, specs),
      })
    : undefined;
  nameSheets(
    specs.filter((x) => x.kind === 'incentives'),
    taken,
    marks,
  );
  // Our sheets after the source, the clean copy (if any) last (or where our sheets of an earlier run were).
  specs.sort((x, y) => Number(x.kind === 'data') - Number(y.kind === 'data'));
  renameDataSheet(specs, marks);
  const outFile =
    !o.json || o.out !== undefined
      ? path.resolve(io.cwd, o.out ?? path.join('out', 'sales-analysis.xlsx'))
      : null;
  const streamed = outFile !== null && isStreamedXlsx(src);
  const others = outFile
    ? await writeOutput(src, specs, sideSheets, marks, outFile)
    : { copied: [], left: [] };
  const report: Report = {
    file,
    out: outFile,
    lang,
    today: o.today,
    fiscalStart: o.fiscalStart ?? 1,
    targetGiven: o.target !== undefined,
    table: {
      ...tableReport(src, table),
      ...(streamed ? { valuesOnly: true, sheetsLeftOut: others.left } : {}),
    },
    ...outcomes,
    tracking,
    incentives,
    ...(marks.size > 0
      ? {
          regenerated: {
            replaced: outFile ? replacedBy(marks, specs) : [],
            locksKept: lockCount(locks),
            breakdownSheet: marks.get('breakdown'),
          },
        }
      : {}),
  };
  if (!o.json) io.out(summary(report));
  else {
    io.out(jsonReport(report));
    // stdout holds the JSON: say on stderr which analyses could not run.
    for (const [kind, x] of Object.entries({ ...outcomes, tracking, incentives }))
      if (x && !x.ok) io.err(M.notMade(M.names[kind as keyof typeof M.names], x.error));
  }
  return 0;
}

/**
 * Write the workbook: the source's, with our sheets of an earlier run replaced in place (same names and places)
 * and this run's sheets marked as ours. A workbook read in a stream is not loaded whole: its other sheets go
 * along as values (the side tables our formulas read first, not our replaced sheets), up to a size; the summary
 * says so.
 */
async function writeOutput(
  src: SourceData,
  specs: SheetSpec[],
  sideSheets: SideSheets,
  marks: Marks,
  outFile: string,
): Promise<{ copied: SideSheets; left: string[] }> {
  const streamed = isStreamedXlsx(src);
  const replaces = replacedBy(marks, specs);
  const others = streamed ? await otherSheetsOf(src, sideSheets, replaces) : { copied: [], left: [] };
  await writeWorkbookStreamed({
    source: src,
    specs: [...specs, ...(streamed ? sideSheets : []).map(copySpec), ...others.copied.map(copySpec)],
    outFile,
    marks: outputMarks(marks, specs),
    replaces,
    order: src.sheetNames,
  });
  return others;
}

/** The options of every analysis (today always set: the host's date, never the data's). */
function jobOptionsOf(o: CliOptions, lang: Lang, leadsTable: JobOptions['leadsTable']): JobOptions {
  return {
    leadsTable,
    lang,
    ...levelsOf(o.by),
    period: o.period,
    year: o.year,
    target: o.target,
    uplift: o.uplift,
    seasonality: o.seasonality,
    unit: o.unit,
    ramp: o.ramp,
    threshold: o.threshold,
    today: o.today,
    fiscalStart: o.fiscalStart,
    toDate: o.toDate,
    generatedAt: serialToISO(o.today),
  };
}

/**
 * The breakdown, keeping the numbers typed over our old breakdown sheet's formulas as locks when it is the same
 * plan (else made afresh, without them).
 */
function runBreakdown(
  run: (kind: 'breakdown', opts: JobOptions) => Outcome<BreakdownResult>,
  jobOpts: JobOptions,
  old: OldBreakdown | undefined,
  specs: SheetSpec[],
): { breakdown: Outcome<BreakdownResult>; locks?: JobOptions['locks'] } {
  if (old) {
    const locked = run('breakdown', { ...jobOpts, locks: old.locks });
    if (!locked.ok || samePlan(old, locked.result))
      return { breakdown: locked, locks: locked.ok ? old.locks : undefined };
    specs.splice(
      specs.findIndex((x) => x.kind === 'breakdown'),
      1,
    );
  }
  return { breakdown: run('breakdown', jobOpts) };
}

/** Tracking's targets from the breakdown just made (null when it could not run). */
function breakdownTargets(b: Outcome<BreakdownResult>, specs: SheetSpec[]): JobOptions['breakdown'] {
  const sheet = specs.find((x) => x.kind === 'breakdown');
  if (!b.ok || !sheet) return null;
  // Both levels of a cascade: the scorecard and incentives by rep take the reps' targets.
  return targetsOf(b.result, sheet.name);
}

/** What the report says about the table read. */
function tableReport(src: SourceData, table: SalesTable): Report['table'] {
  const columns: Record<string, string> = {};
  for (const [role, idx] of Object.entries(table.mapping))
    if (idx !== undefined) columns[role] = table.headers[idx];
  return {
    sheet: src.sheetName,
    rows: table.length,
    skippedRows: table.skipped.map((s) => ({ row: s.row, reason: s.reason })),
    columns,
    encoding: src.encoding,
    cutCells: longCells(src),
  };
}

/**
 * The source cells longer than an Excel cell holds (32,767 characters): the output's copy of the source has them
 * cut (a loaded workbook's copy also gets a note on the cell; a CSV's streamed copy cannot), so the summary names
 * them. A1 references, at most 20.
 */
function longCells(src: SourceData): string[] {
  const found: [number, number][] = [];
  const { cells } = src;
  if (isColumnar(cells)) {
    // Only texts can be too long: look at each column's texts once, then at the rows of the long ones.
    cells.columns.forEach((col, c) => {
      const long = col.texts.map((t) => t.length > MAX_CELL_TEXT);
      if (!long.includes(true)) return;
      for (let r = 0, n = 0; r < cells.length && n < 20; r++)
        if (col.codes[r] >= 0 && long[col.codes[r]]) n = found.push([r, c]);
    });
    found.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  } else
    cells.forEach((row, r) =>
      row.forEach((v, c) => {
        if (found.length < 20 && typeof v === 'string' && v.length > MAX_CELL_TEXT) found.push([r, c]);
      }),
    );
  return found.slice(0, 20).map(([r, c]) => a1(src.originRow + r, src.originCol + c));
}

/** Run one analysis; its sheets join `specs` (a clean-data sheet shared by two analyses once). */
function runOne<K extends CliKind>(
  kind: K,
  table: SalesTable,
  source: { sheet: string; originRow: number; originCol: number },
  opts: JobOptions,
  sheetNames: string[],
  specs: SheetSpec[],
): Outcome<ResultOf<K>> {
  let job;
  try {
    job = runJob(kind, table, source, opts, sheetNames);
  } catch (e) {
    return { ok: false, error: oneLine(e) };
  }
  if (!job.ok) return { ok: false, error: oneLine(job.error) };
  for (const spec of job.specs) if (!specs.some((x) => x.name === spec.name)) specs.push(spec);
  return { ok: true, result: job.out.result as ResultOf<K> };
}

/**
 * Name our sheets: the name of our sheet of the same kind from an earlier run (which it replaces), else a free
 * name (the user's sheets keep theirs). The clean-data sheet is named by the analyses (renameDataSheet).
 */
function nameSheets(specs: SheetSpec[], taken: Set<string>, marks: Marks): void {
  for (const spec of specs) {
    if (spec.kind !== 'data') spec.name = marks.get(spec.kind) ?? uniqueSheetName(spec.name, taken);
    taken.add(spec.name.toLowerCase());
  }
}

/** No analysis could run: one line per distinct reason, naming the analyses; nothing written. */
function allFailed(outcomes: Record<string, Outcome<unknown>>, lang: Lang, io: CliIO): number {
  const M = MESSAGES[lang];
  const byReason = new Map<string, string[]>();
  for (const [kind, x] of Object.entries(outcomes))
    if (!x.ok)
      byReason.set(x.error, [...(byReason.get(x.error) ?? []), M.names[kind as keyof typeof M.names]]);
  for (const [why, names] of byReason)
    io.err(M.prefix + M.notMade(names.join(lang === 'zh' ? '、' : ', '), why));
  return 1;
}

/** --by must name one column of the table. */
function checkBy(table: SalesTable, by: string | undefined, lang: Lang): void {
  if (by === undefined) return;
  for (const part of splitBy(by)) {
    if (part.toLowerCase() === 'none') continue;
    const r = resolveDimension(table, part, [], lang);
    if (r.ok) continue;
    const headers = table.headers.filter((h) => h);
    throw new OptionError({ kind: 'by', given: part, candidates: r.candidates ?? [], headers });
  }
}

/** `--by Region,Rep`: the levels of the breakdown, top first (a comma of either width between them). */
const splitBy = (by: string): string[] =>
  by
    .split(/[,，]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

/**
 * The breakdown's levels from --by: `Region` (its reps below it by default), `Region,Rep`, `Region,none` (one
 * level). The quadrant takes the first; the scorecard and incentives the last (see scorecardBy).
 */
function levelsOf(by: string | undefined): Pick<JobOptions, 'by' | 'then'> {
  if (by === undefined) return {};
  const [top, then] = splitBy(by);
  if (then === undefined) return { by: top };
  return { by: top, then: then.toLowerCase() === 'none' ? null : then };
}

/** The scorecard's and incentives' dimension: the breakdown's lowest level, else the core's default (reps). */
function scorecardBy(opts: JobOptions): Pick<JobOptions, 'by'> {
  return typeof opts.then === 'string' ? { by: opts.then } : {};
}

/** --targets SHEET: the target table on that sheet (a sheet that does not exist, or a .csv, is a bad option). */
async function targetTableOf(
  src: SourceData,
  name: string,
  lang: Lang,
  sideSheets: SideSheets,
  marks: Marks,
): Promise<Outcome<NonNullable<JobOptions['targetTable']>>> {
  const want = name.trim().toLowerCase();
  const sheet = src.sheetNames.find((n) => n.trim().toLowerCase() === want);
  if (!src.workbook && !isStreamedXlsx(src)) throw new OptionError({ kind: 'targetsCsv', given: name });
  if (sheet === undefined)
    throw new OptionError({ kind: 'sheet', option: '--targets', given: name, sheets: src.sheetNames });
  refuseOurs(marks, sheet, '--targets');
  const other = await otherSheet(src, sheet);
  const at = { sheet, originRow: other.originRow, originCol: other.originCol };
  const tt = readSideTable('target', other.cells, other.formats, at, lang);
  if (tt.ok) sideSheets.push({ ...other, name: sheet });
  return tt.ok ? { ok: true, result: tt.value } : { ok: false, error: tt.error };
}

/**
 * --team SHEET|FILE: the team table on a sheet of the source workbook, else in a .csv or .xlsx file (its first
 * sheet). A table the reader refuses stops the run with its message.
 */
async function teamTableOf(
  src: SourceData,
  name: string,
  cwd: string,
  lang: Lang,
  marks: Marks,
): Promise<NonNullable<JobOptions['team']>> {
  const want = name.trim().toLowerCase();
  const sheet = src.sheetNames.find((n) => n.trim().toLowerCase() === want);
  let cells: SourceData['cells'];
  let where = name;
  if (sheet !== undefined && (src.workbook || isStreamedXlsx(src))) {
    refuseOurs(marks, sheet, '--team');
    cells = (await otherSheet(src, sheet)).cells;
  } else if (/\.(csv|xlsx|xlsm|txt)$/i.test(name)) {
    const file = path.resolve(cwd, name);
    cells = (await readSource(file)).cells;
    where = path.basename(file);
  } else throw new OptionError({ kind: 'sheet', option: '--team', given: name, sheets: src.sheetNames });
  const team = readTeamTable(cells, lang);
  if (!team.ok) throw new Error(`${where}: ${team.error}`);
  return team.members;
}

/** A large .xlsx read in a stream has no loaded workbook, but its other sheets can be streamed too. */
const isStreamedXlsx = (src: SourceData): boolean =>
  !src.workbook && src.file !== undefined && /\.xls[xm]$/i.test(src.file);

type SheetCells = {
  cells: SourceData['cells'];
  formats: SourceData['formats'];
  originRow: number;
  originCol: number;
};

/** The side tables a run reads from another sheet, by sheet name (copied into the output by copySpec). */
type SideSheets = (SheetCells & { name: string })[];

/** The cells of another sheet of the source workbook (loaded, or streamed from the file). */
async function otherSheet(src: SourceData, name: string): Promise<SheetCells> {
  if (src.workbook) return readWorksheet(src.workbook.getWorksheet(name)!);
  return readXlsxStreamed(src.file!, name);
}

/** The largest other sheet of a streamed workbook copied into the output (its values become spec cells). */
const MAX_COPIED_CELLS = 1_000_000;

/**
 * The sheets of a streamed workbook other than the source, the side tables and our sheets that this run
 * replaces, in workbook order, read as values to copy into the output; those over MAX_COPIED_CELLS cells are
 * left out and named.
 */
async function otherSheetsOf(
  src: SourceData,
  side: SideSheets,
  replaced: readonly string[],
): Promise<{ copied: SideSheets; left: string[] }> {
  const copied: SideSheets = [];
  const left: string[] = [];
  const max = Number(process.env.SGA_COPY_SHEET_CELLS) || MAX_COPIED_CELLS; // the tests make it small
  const skip = new Set([src.sheetName, ...side.map((x) => x.name), ...replaced]);
  for (const name of src.sheetNames) {
    if (skip.has(name)) continue;
    const other = await otherSheet(src, name);
    const width = isColumnar(other.cells) ? other.cells.width : (other.cells[0]?.length ?? 0);
    if (other.cells.length * width > max) left.push(name);
    else if (other.cells.length > 0) copied.push({ ...other, name });
  }
  return { copied, left };
}

/** A sheet of a streamed workbook as a sheet of values under its own name (where our formulas find a side table). */
function copySpec(x: SheetCells & { name: string }): SheetSpec {
  const cells: SheetSpec['cells'] = [];
  for (let r = 0; r < x.cells.length; r++) {
    const row = rowOf(x.cells, r) ?? [];
    const formats = formatsRowOf(x.cells, x.formats, r);
    const out: SheetSpec['cells'][number] = new Array(x.originCol - 1).fill(null);
    row.forEach((v, c) => {
      const fmt = formats?.[c] ?? undefined;
      if (v instanceof Date) {
        const serial = dateToSerial(v);
        out.push(
          Number.isNaN(serial) ? null : { v: serial, fmt: fmt && fmt !== 'General' ? fmt : 'yyyy-mm-dd' },
        );
      } else if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v)))
        out.push(null);
      else out.push(fmt && typeof v === 'number' ? { v, fmt } : { v });
    });
    cells[x.originRow - 1 + r] = out;
  }
  for (let i = 0; i < cells.length; i++) cells[i] ??= [];
  return { kind: 'data', name: x.name, cells };
}

/**
 * A leads table on another sheet of the workbook (e.g. "Leads": month, rep, leads, won, lost) gives the
 * scorecard its conversion when the sales table has no leads column.
 */
async function leadsTableOf(
  src: SourceData,
  table: SalesTable,
  sideSheets: SideSheets,
  marks: Marks,
): Promise<JobOptions['leadsTable']> {
  if (table.mapping.leads !== undefined || (!src.workbook && !isStreamedXlsx(src))) return null;
  const ours = new Set(marks.values());
  for (const name of src.sheetNames) {
    if (name === src.sheetName || ours.has(name)) continue;
    const other = await otherSheet(src, name);
    const at = { sheet: name, originRow: other.originRow, originCol: other.originCol };
    const lr = readSideTable('leads', other.cells, other.formats, at);
    if (lr.ok) {
      sideSheets.push({ ...other, name });
      return lr.value;
    }
  }
  return null;
}
