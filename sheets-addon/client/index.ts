/** The sidebar page: the shared panel with the Sheets backend, in the language the server put in the page. */
import { mountPanel } from '../../panel/panel';
import { SheetsBackend } from './backend';

const meta = document.querySelector('meta[name="sga-lang"]');
const lang = meta?.getAttribute('content') === 'zh' ? 'zh' : 'en';
const root = document.getElementById('app');
if (root) mountPanel(root, new SheetsBackend(lang), { theme: 'google' });
