/// <reference types="office-js" />
/**
 * The task pane page: mount the shared panel with the Excel backend once Office is ready. The same page
 * also loads the custom functions code (shared runtime); see webpack.config.js.
 */
import { mountPanel } from '../../panel/panel';
import { ExcelBackend, langOf } from '../adapter/backend';

function start(): void {
  const root = document.getElementById('app');
  if (!root) return;
  Office.onReady((info) => {
    const lang = langOf(Office.context?.displayLanguage);
    if (info.host !== Office.HostType.Excel) {
      const p = document.createElement('p');
      p.id = 'app-loading';
      p.textContent = lang === 'zh' ? '请在 Excel 中打开此加载项。' : 'Open this add-in in Excel.';
      root.replaceChildren(p);
      return;
    }
    mountPanel(root, new ExcelBackend(lang));
  });
}

start();
