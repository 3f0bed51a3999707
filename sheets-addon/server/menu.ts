/// <reference types="google-apps-script" />
/**
 * The add-on menu and its callbacks. In AuthMode.NONE (the add-on is not yet used in this document)
 * onOpen only adds menu items: no service that needs authorization is called, so the labels are
 * bilingual; otherwise they are in the user's language.
 */
import type { JobKind } from '../../core/analysis/job';
import { apiRun, userLang } from './app';
import { messages } from './i18n';
import { findOurSheets } from './ours';

/** The global function names the menu items call (top-level functions in the pushed code). */
export const MENU_FUNCTIONS = {
  openPanel: 'sgaOpenPanel',
  breakdown: 'sgaMenuBreakdown',
  quadrant: 'sgaMenuQuadrant',
  scorecard: 'sgaMenuScorecard',
  tracking: 'sgaMenuTracking',
  incentives: 'sgaMenuIncentives',
  help: 'sgaMenuHelp',
} as const;

interface OpenEvent {
  authMode?: GoogleAppsScript.Script.AuthMode | string;
}

/** onOpen(e) / onInstall(e): add the add-on menu. */
export function onOpen(e?: OpenEvent): void {
  const none = !!e && e.authMode === ScriptApp.AuthMode.NONE;
  const en = messages('en');
  const zh = messages('zh');
  const L = none ? null : messages(userLang());
  const label = (
    k:
      | 'menuOpenPanel'
      | 'menuBreakdown'
      | 'menuQuadrant'
      | 'menuScorecard'
      | 'menuTracking'
      | 'menuIncentives'
      | 'menuHelp',
  ): string => (L ? L[k] : `${en[k]} · ${zh[k]}`);
  SpreadsheetApp.getUi()
    .createAddonMenu()
    .addItem(label('menuOpenPanel'), MENU_FUNCTIONS.openPanel)
    .addSeparator()
    .addItem(label('menuBreakdown'), MENU_FUNCTIONS.breakdown)
    .addItem(label('menuQuadrant'), MENU_FUNCTIONS.quadrant)
    .addItem(label('menuScorecard'), MENU_FUNCTIONS.scorecard)
    .addItem(label('menuTracking'), MENU_FUNCTIONS.tracking)
    .addItem(label('menuIncentives'), MENU_FUNCTIONS.incentives)
    .addSeparator()
    .addItem(label('menuHelp'), MENU_FUNCTIONS.help)
    .addToUi();
}

/** Run an analysis with its defaults on the active sheet's data range; toast the summary or alert the error. */
export function runFromMenu(kind: JobKind): void {
  const lang = userLang();
  const M = messages(lang);
  const title = {
    breakdown: M.menuBreakdown,
    quadrant: M.menuQuadrant,
    scorecard: M.menuScorecard,
    tracking: M.menuTracking,
    incentives: M.menuIncentives,
  }[kind];
  const ui = SpreadsheetApp.getUi();
  try {
    const ss = SpreadsheetApp.getActive();
    const sheet = ss.getActiveSheet();
    if (findOurSheets(ss).has(sheet.getSheetId())) {
      ui.alert(title, M.ownSheet(sheet.getName()), ui.ButtonSet.OK);
      return;
    }
    const res = apiRun({ kind, sourceId: `sheet:${sheet.getSheetId()}`, overrides: {}, options: { lang } });
    if (!res.ok) {
      ui.alert(title, res.error ?? '', ui.ButtonSet.OK);
      return;
    }
    const lines = [M.written(res.sheets), ...res.summary.slice(0, 6)];
    if (res.summary.length > 6) lines.push('…');
    ss.toast(lines.join('\n'), title, 10);
  } catch (e) {
    // No uncaught exception reaches the user: say what happened.
    ui.alert(title, M.failed(e instanceof Error ? e.message : String(e)), ui.ButtonSet.OK);
  }
}

export function menuHelp(): void {
  const M = messages(userLang());
  const ui = SpreadsheetApp.getUi();
  ui.alert(M.menuHelp, M.help, ui.ButtonSet.OK);
}
