/// <reference types="google-apps-script" />
/**
 * Which sheets the add-in made. Each generated sheet carries two DeveloperMetadata entries: "sga-kind"
 * (breakdown, quadrant, scorecard, data) and "sga-sheet-id" (its own sheet id, so that a user's copy of
 * one of our sheets, which may carry the metadata along, is not taken for ours and never deleted).
 */
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export const KIND_KEY = 'sga-kind';
export const ID_KEY = 'sga-sheet-id';

export interface OurSheet {
  sheet: Sheet;
  id: number;
  kind: string;
}

/** Our sheets, by sheet id. Two finder queries plus a few calls per generated sheet (never per row). */
export function findOurSheets(ss: Spreadsheet): Map<number, OurSheet> {
  const ids = new Map<number, string>();
  for (const md of ss.createDeveloperMetadataFinder().withKey(ID_KEY).find()) {
    const sheet = md.getLocation().getSheet();
    if (sheet) ids.set(sheet.getSheetId(), md.getValue() ?? '');
  }
  const out = new Map<number, OurSheet>();
  if (ids.size === 0) return out;
  for (const md of ss.createDeveloperMetadataFinder().withKey(KIND_KEY).find()) {
    const sheet = md.getLocation().getSheet();
    if (!sheet) continue;
    const id = sheet.getSheetId();
    if (ids.get(id) === String(id) && !out.has(id)) out.set(id, { sheet, id, kind: md.getValue() ?? '' });
  }
  return out;
}

/** Mark a sheet we just made as ours. */
export function markOurs(sheet: Sheet, kind: string): void {
  sheet.addDeveloperMetadata(KIND_KEY, kind);
  sheet.addDeveloperMetadata(ID_KEY, String(sheet.getSheetId()));
}

/**
 * A sheet a run is writing carries a third mark, "sga-run" = "<run id>:<spec index>:new" (a sheet the run
 * made) or ":rewrite" (our sheet it rewrites in place); the run removes it when it completes. A run that
 * was stopped (the 6-minute limit, a closed sidebar) leaves it behind, so the next run knows what to clean.
 */
export const RUN_KEY = 'sga-run';

/**
 * A sheet is made under a temporary name of this prefix, marked, then renamed: if the run is stopped
 * between insertSheet and the marks, the name alone says that the sheet is an unfinished one of ours.
 */
export const TEMP_PREFIX = '~sga-';

export const tempName = (runId: string, spec: number): string => `${TEMP_PREFIX}${runId}-${spec}`;

/** The run id in a temporary sheet name, or null for any other name. */
export function tempRunId(name: string): string | null {
  const m = /^~sga-([A-Za-z0-9_-]+)-\d+$/.exec(name);
  return m ? m[1] : null;
}

export interface RunMark {
  runId: string;
  spec: number;
  mode: 'new' | 'rewrite';
  sheet: Sheet;
  remove(): void;
}

/** Every run mark of the spreadsheet (one finder query, a few calls per marked sheet). */
export function runMarks(ss: Spreadsheet): RunMark[] {
  const out: RunMark[] = [];
  for (const md of ss.createDeveloperMetadataFinder().withKey(RUN_KEY).find()) {
    const m = /^([A-Za-z0-9_-]+):(\d+):(new|rewrite)$/.exec(md.getValue() ?? '');
    const sheet = md.getLocation().getSheet();
    if (!m || !sheet) continue;
    out.push({
      runId: m[1],
      spec: Number(m[2]),
      mode: m[3] as RunMark['mode'],
      sheet,
      remove: () => md.remove(),
    });
  }
  return out;
}

/** Mark a sheet as being written by run `runId` (spec `spec`). */
export function markRun(sheet: Sheet, runId: string, spec: number, mode: RunMark['mode']): void {
  sheet.addDeveloperMetadata(RUN_KEY, `${runId}:${spec}:${mode}`);
}
