/// <reference types="office-js" />
/**
 * Which sheets are ours. A generated sheet carries the worksheet custom property `sga-kind` = its spec kind
 * (ExcelApi 1.12). Without 1.12 the workbook setting `sga-sheets` (ExcelApi 1.4) maps worksheet ids to
 * kinds. Both are read, so a workbook marked by an older Excel is still understood by a newer one.
 * A sheet without a mark is the user's: we never change, rename or delete it.
 */
import { supports } from './api';

export const PROP_KEY = 'sga-kind';
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
  return { sheets, setting, props: null };
}

/** Second batch (1.12 only): each sheet's custom property. Returns false when there is nothing to sync. */
export function queueProps(q: SheetQuery): boolean {
  if (!supports('1.12')) return false;
  q.props = q.sheets.items.map((s) => {
    const p = s.customProperties.getItemOrNullObject(PROP_KEY);
    p.load('value');
    return p;
  });
  return true;
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
    const p = q.props?.[i];
    const fromProp = p && !p.isNullObject && typeof p.value === 'string' && p.value !== '' ? p.value : null;
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

/** Queue the mark of a new sheet (1.12: a custom property; the settings map is written by `queueSettings`). */
export function queueMark(sheet: Excel.Worksheet, kind: string): boolean {
  if (!supports('1.12')) return false;
  sheet.customProperties.add(PROP_KEY, kind);
  return true;
}

/** Queue writing the settings map (ExcelApi 1.4). */
export function queueSettings(ctx: Excel.RequestContext, map: Record<string, string>): void {
  if (!supports('1.4')) return;
  ctx.workbook.settings.add(SETTING_KEY, JSON.stringify(map));
}
