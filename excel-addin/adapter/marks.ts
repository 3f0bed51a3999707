/// <reference types="office-js" />
/**
 * Which sheets are ours. A generated sheet carries two worksheet custom properties (ExcelApi 1.12): `sga-kind`
 * = its spec kind and `sga-sheet-id` = its own worksheet id, recorded when we made it. Excel copies custom
 * properties with a sheet, so a user's copy of one of our sheets carries both, but its id is not the one
 * recorded: it is the user's sheet, never replaced or deleted (the Sheets add-on does the same with its
 * DeveloperMetadata). Without 1.12 the workbook setting `sga-sheets` (ExcelApi 1.4) maps worksheet ids to
 * kinds, which a copy (a new id) is not in either. Both are read, so a workbook marked by an older Excel is
 * still understood by a newer one. A sheet without a valid mark is the user's: we never change, rename or
 * delete it.
 */
import { supports } from './api';

export const PROP_KEY = 'sga-kind';
export const ID_KEY = 'sga-sheet-id';
export const SETTING_KEY = 'sga-sheets';

export interface SheetEntry {
  name: string;
  id: string;
  position: number;
  visibility: string;
  /** Our spec kind, or null for a user's sheet. */
  kind: string | null;
}

export interface SheetQuery {
  sheets: Excel.WorksheetCollection;
  setting: Excel.Setting | null;
  props: Excel.WorksheetCustomProperty[] | null;
  /** Each sheet's recorded id (1.12). */
  ids: Excel.WorksheetCustomProperty[] | null;
}

/** First batch: the sheets and the settings map (sync after this). */
export function queueSheets(ctx: Excel.RequestContext): SheetQuery {
  const sheets = ctx.workbook.worksheets;
  sheets.load('items/name,items/id,items/position,items/visibility');
  let setting: Excel.Setting | null = null;
  if (supports('1.4')) {
    setting = ctx.workbook.settings.getItemOrNullObject(SETTING_KEY);
    setting.load('value');
  }
  return { sheets, setting, props: null, ids: null };
}

/** Second batch (1.12 only): each sheet's custom properties. Returns false when there is nothing to sync. */
export function queueProps(q: SheetQuery): boolean {
  if (!supports('1.12')) return false;
  const prop = (s: Excel.Worksheet, key: string): Excel.WorksheetCustomProperty => {
    const p = s.customProperties.getItemOrNullObject(key);
    p.load('value');
    return p;
  };
  q.props = q.sheets.items.map((s) => prop(s, PROP_KEY));
  q.ids = q.sheets.items.map((s) => prop(s, ID_KEY));
  return true;
}

/** A loaded property's text, or null. */
function textOf(p: Excel.WorksheetCustomProperty | undefined): string | null {
  return p && !p.isNullObject && typeof p.value === 'string' && p.value !== '' ? p.value : null;
}

/** The settings map (sheet id -> kind) as read. */
export function settingsMap(q: SheetQuery): Record<string, string> {
  if (!q.setting || q.setting.isNullObject) return {};
  const v: unknown = q.setting.value;
  try {
    const o: unknown = typeof v === 'string' ? JSON.parse(v) : v;
    if (o && typeof o === 'object' && !Array.isArray(o)) {
      const out: Record<string, string> = {};
      for (const [k, kind] of Object.entries(o as Record<string, unknown>))
        if (typeof kind === 'string') out[k] = kind;
      return out;
    }
  } catch {
    // A setting we cannot parse is treated as empty (and rewritten on the next mark).
  }
  return {};
}

/** After the syncs: every sheet with its kind. */
export function collectSheets(q: SheetQuery): SheetEntry[] {
  const map = settingsMap(q);
  return q.sheets.items.map((s, i) => {
    // The kind property counts on the sheet whose id it recorded, not on a copy of it.
    const fromProp = textOf(q.ids?.[i]) === s.id ? textOf(q.props?.[i]) : null;
    return {
      name: s.name,
      id: s.id,
      position: s.position,
      visibility: String(s.visibility),
      kind: fromProp ?? map[s.id] ?? null,
    };
  });
}

/** Read all sheets with their marks: 2 syncs with ExcelApi 1.12, else 1. */
export async function listSheets(
  ctx: Excel.RequestContext,
): Promise<{ sheets: SheetEntry[]; map: Record<string, string> }> {
  const q = queueSheets(ctx);
  await ctx.sync();
  if (queueProps(q)) await ctx.sync();
  return { sheets: collectSheets(q), map: settingsMap(q) };
}

/**
 * Queue the kind mark of a new sheet (1.12: a custom property; the settings map is written by `queueSettings`).
 * It counts once `queueOwnId` has recorded the sheet's id, which is known only after a sync.
 */
export function queueMark(sheet: Excel.Worksheet, kind: string): boolean {
  if (!supports('1.12')) return false;
  sheet.customProperties.add(PROP_KEY, kind);
  return true;
}

/** Queue recording a new sheet's own id (1.12), `id` as loaded after its creation. */
export function queueOwnId(sheet: Excel.Worksheet, id: string): void {
  sheet.customProperties.add(ID_KEY, id);
}

/** Queue writing the settings map (ExcelApi 1.4). */
export function queueSettings(ctx: Excel.RequestContext, map: Record<string, string>): void {
  if (!supports('1.4')) return;
  ctx.workbook.settings.add(SETTING_KEY, JSON.stringify(map));
}
