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
