/// <reference types="google-apps-script" />
/** What the server asks Apps Script about the user and the spreadsheet. */
import type { Lang } from '../../core/types';
import { langOf } from './i18n';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** The user's UI language (Session.getActiveUserLocale: zh* → Chinese, else English). */
export function userLang(): Lang {
  try {
    return langOf(Session.getActiveUserLocale());
  } catch {
    return 'en';
  }
}

/** Who is calling, without saying who (Session.getTemporaryActiveUserKey: no scope needed); '' if unknown. */
export function userKey(): string {
  try {
    return Session.getTemporaryActiveUserKey() || '';
  } catch {
    return '';
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
