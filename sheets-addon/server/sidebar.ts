/// <reference types="google-apps-script" />
/** The sidebar: the shared panel, built into one self-contained Sidebar.html, in the user's language. */
import { userLang } from './app';
import { messages } from './i18n';

/** The placeholder in Sidebar.html that the server replaces with the UI language ("en" or "zh"). */
export const LANG_PLACEHOLDER = '__SGA_LANG__';

export function openPanel(): void {
  const lang = userLang();
  // Not a template (createTemplateFromFile would parse "<?" inside the inlined script): a plain
  // replacement of the one placeholder in the page's <meta name="sga-lang">.
  const html = HtmlService.createHtmlOutputFromFile('Sidebar').getContent().replace(LANG_PLACEHOLDER, lang);
  const out = HtmlService.createHtmlOutput(html).setTitle(messages(lang).sidebarTitle);
  SpreadsheetApp.getUi().showSidebar(out);
}
