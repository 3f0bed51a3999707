/**
 * npm run snapshots [-- --only panel,workbook] [--out DIR]
 *
 * Pictures to look at before a change lands, written to out/snapshots/ (or --out):
 * - panel: the shared panel in headless Chromium, as the Excel task pane (Fluent, 340 px) and as the Sheets
 *   sidebar (Google, 300 px), in English and Chinese, 800 px high: the first screen, a Generate refused
 *   for bad input (errors at the fields and the summary at the top), a run the core refuses (no sales in the
 *   period asked), a finished run, a run in progress and the same run cancelled, and a source whose
 *   amount column is missing (the mapping opens). The backend is scripted in the page from the bundled
 *   sample, read by the real core (inspectCells, runJob), so the numbers are the sample's.
 * - workbook: the command line's workbook (all four analyses) rendered to PNG pages with LibreOffice
 *   (`soffice`) and `pdftoppm`, when both are installed (skipped with a note otherwise); long sheets (the
 *   source table) print their first 40 rows only.
 * Each part is one function below; add a part by adding it to PARTS.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { inspectCells } from '../core/analysis/inspect';
import { runJob } from '../core/analysis/job';
import type { Cell, Lang } from '../core/types';
import { buildSampleCells, generateSalesRows, ORDER_FORMATS, sampleLayout } from '../samples/data';
import { runCli } from '../cli/run';
import { launchChromium } from '../test/chromium';
import type { Backend } from '../panel/backend';
import { panelText } from '../panel/i18n';
import type { mountPanel, PanelHandle } from '../panel/panel';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Args {
  only: string[] | null;
  out: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { only: null, out: path.join(ROOT, 'out', 'snapshots') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--only') args.only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (argv[i] === '--out') args.out = path.resolve(argv[++i] ?? args.out);
    else throw new Error(`Unknown argument ${argv[i]} (use --only panel,workbook and --out DIR)`);
  }
  return args;
}

// ----- Part: panel -----

/** The panel as an IIFE exposing window.mountPanel. */
function panelBundle(): string {
  return buildSync({
    stdin: {
      contents: "import { mountPanel } from './panel/panel'; Object.assign(window, { mountPanel });",
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  }).outputFiles[0].text;
}

/** What the scripted backend answers: the sample read by the core, a copy without its amount column. */
function sampleAnswers(lang: Lang): object {
  const cells: Cell[][] = buildSampleCells(lang);
  const { firstDataRow, totalRow } = sampleLayout(generateSalesRows().orders.length);
  const formats = cells.map((row, i) =>
    i >= firstDataRow && i < totalRow ? [...ORDER_FORMATS] : row.map(() => null),
  );
  const read = inspectCells(cells, { lang, formats, originRow: 1 });
  const amountCol = read.summary.mapping.amount!;
  const noAmount = cells.map((row, i) =>
    i === firstDataRow - 1
      ? row.map((c, j) => (j === amountCol ? (lang === 'zh' ? '备注' : 'Notes') : c))
      : row,
  );
  const broken = inspectCells(noAmount, { lang, formats, originRow: 1 }).summary;
  const sheet = lang === 'zh' ? '销售' : 'Sales';
  const source = { sheet, originRow: 1, originCol: 1, bounded: false };
  const job = runJob('breakdown', read.table!, source, { lang, uplift: 0.1, unit: 1000 });
  const noSales = runJob('quadrant', read.table!, source, { lang, period: '2030' });
  return {
    sources: {
      sources: [
        { id: 'sheet:1', label: `${sheet} (A1:J2897)` },
        { id: 'sheet:2', label: lang === 'zh' ? '计划 (A1:D40)' : 'Plan (A1:D40)' },
      ],
      selected: 'sheet:1',
    },
    infos: {
      'sheet:1': { ...read.summary, id: 'sheet:1', sheet },
      'sheet:2': { ...broken, id: 'sheet:2', sheet },
    },
    // The Sheets server's steps as the sidebar shows them while a scorecard is being written.
    writing: panelText(lang).progressWriting(
      lang === 'zh' ? 'KPI 考核表' : 'KPI Scorecard',
      '120,000',
      '1,048,575',
    ),
    run: job.ok
      ? { ok: true, sheets: job.specs.map((s) => s.name), summary: job.summary }
      : { ok: false, sheets: [], summary: [], error: job.error },
    // The core's own answer to a period without sales.
    fail: { ok: false, sheets: [], summary: [], error: noSales.ok ? '' : noSales.error },
  };
}

/** The scripted Backend, in the page. */
const BACKEND = `
window.makeBackend = (lang, data) => ({
  lang,
  async listSources() { return data.sources; },
  async inspect(id) { return data.infos[id]; },
  async run(req, progress, signal) {
    if (req.kind === 'scorecard') {
      // A long run: it stays at its step until Cancel.
      progress(0.62, data.writing);
      await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
      throw new Error('Cancelled');
    }
    progress(0.5, '…');
    await new Promise((r) => setTimeout(r, 10));
    return req.kind === 'quadrant' ? data.fail : data.run;
  },
  async selectRow() {},
});
`;

/** What the page's scripts put on window. */
interface PanelWindow {
  mountPanel: typeof mountPanel;
  makeBackend: (lang: Lang, data: object) => Backend;
  handle: PanelHandle;
}

interface Host {
  name: 'excel' | 'sheets';
  width: number;
  theme: 'fluent' | 'google';
}
const HOSTS: Host[] = [
  { name: 'excel', width: 340, theme: 'fluent' },
  { name: 'sheets', width: 300, theme: 'google' },
];

async function openPanel(browser: Browser, host: Host, lang: Lang, bundle: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: host.width, height: 800 } });
  await page.setContent(
    '<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0}</style></head>' +
      '<body><div id="root"></div></body></html>',
  );
  await page.addScriptTag({ content: bundle });
  await page.addScriptTag({ content: BACKEND });
  await page.evaluate(
    ([l, theme, data]) => {
      const w = window as unknown as PanelWindow;
      w.handle = w.mountPanel(document.getElementById('root')!, w.makeBackend(l, data), { theme });
    },
    [lang, host.theme, sampleAnswers(lang)] as const,
  );
  await idle(page);
  return page;
}

const idle = (page: Page): Promise<void> =>
  page.evaluate(() => (window as unknown as { handle: { idle(): Promise<void> } }).handle.idle());

/** The states pictured: each takes a freshly mounted panel to the state and says whether to shoot the page. */
const STATES: Record<string, (page: Page) => Promise<'viewport' | 'full'>> = {
  first: async () => 'viewport',
  'field-errors': async (page) => {
    await page.fill('[id$="-breakdown-year"]', '26');
    await page.fill('[id$="-breakdown-target"]', '5 million');
    await page.click('button[data-more="breakdown"]');
    await page.fill('[id$="-breakdown-uplift"]', '0.1');
    await page.click('button[data-kind="breakdown"]');
    await idle(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    return 'viewport';
  },
  'breakdown-options': async (page) => {
    await page.click('button[data-more="breakdown"]');
    await page.locator('[id$="-breakdown-then"]').scrollIntoViewIfNeeded();
    return 'viewport';
  },
  'period-error': async (page) => {
    await page.fill('[id$="-quadrant-period"]', '2026-Q5');
    await page.click('button[data-kind="quadrant"]');
    await idle(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    return 'viewport';
  },
  'run-error': async (page) => {
    await page.fill('[id$="-quadrant-period"]', '2030');
    await page.click('button[data-kind="quadrant"]');
    await idle(page);
    return 'viewport';
  },
  done: async (page) => {
    await page.click('button[data-kind="breakdown"]');
    await idle(page);
    return 'full';
  },
  running: async (page) => {
    await page.click('button[data-kind="scorecard"]');
    await page.waitForTimeout(100);
    return 'viewport';
  },
  cancelled: async (page) => {
    await page.click('button[data-kind="scorecard"]');
    await page.waitForTimeout(100);
    await page.click('.sga-progress button');
    await idle(page);
    return 'viewport';
  },
  'missing-column': async (page) => {
    await page.selectOption('[id$="-source"]', 'sheet:2');
    await idle(page);
    return 'viewport';
  },
};

async function panelPart(out: string): Promise<string[]> {
  // The packaged Chromium has one Latin font: the machine's fonts (fonts-noto-cjk) draw the Chinese pictures.
  process.env.CHROMIUM_SYSTEM_FONTS ??= '1';
  const bundle = panelBundle();
  const browser = await launchChromium();
  const files: string[] = [];
  try {
    for (const host of HOSTS)
      for (const lang of ['en', 'zh'] as const)
        for (const [state, go] of Object.entries(STATES)) {
          const page = await openPanel(browser, host, lang, bundle);
          const shot = await go(page);
          const file = path.join(out, `panel-${host.name}-${host.width}-${lang}-${state}.png`);
          await page.screenshot({ path: file, fullPage: shot === 'full' });
          files.push(file);
          await page.close();
        }
  } finally {
    await browser.close();
  }
  return files;
}

// ----- Part: workbook -----

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** Print only the first rows of long sheets (the source table), so that the pages show the analyses. */
async function shortenLongSheets(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  // Hidden rows are not printed, and formulas still see them (a print area is not honoured by LibreOffice).
  for (const ws of wb.worksheets)
    if (ws.rowCount > 200) for (let r = 41; r <= ws.rowCount; r++) ws.getRow(r).hidden = true;
  await wb.xlsx.writeFile(file);
}

async function workbookPart(out: string): Promise<string[]> {
  if (!has('soffice') || !has('pdftoppm')) {
    console.log('workbook: skipped (needs soffice and pdftoppm)');
    return [];
  }
  const dir = fs.mkdtempSync(path.join(out, 'tmp-'));
  try {
    const xlsx = path.join(dir, 'sales-analysis.xlsx');
    const code = await runCli(['--track', '--out', xlsx], {
      out: () => undefined,
      err: (s) => process.stderr.write(`${s}\n`),
      cwd: ROOT,
      env: {},
    });
    if (code !== 0) throw new Error('the command line failed');
    await shortenLongSheets(xlsx);
    execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, xlsx], {
      stdio: 'ignore',
    });
    for (const f of fs.readdirSync(out)) if (/^workbook-\d+\.png$/.test(f)) fs.rmSync(path.join(out, f));
    const prefix = path.join(out, 'workbook');
    execFileSync('pdftoppm', ['-png', '-r', '90', path.join(dir, 'sales-analysis.pdf'), prefix]);
    return fs
      .readdirSync(out)
      .filter((f) => f.startsWith('workbook') && f.endsWith('.png'))
      .map((f) => path.join(out, f));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const PARTS: Record<string, (out: string) => Promise<string[]>> = {
  panel: panelPart,
  workbook: workbookPart,
};

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  fs.mkdirSync(args.out, { recursive: true });
  for (const [name, part] of Object.entries(PARTS)) {
    if (args.only && !args.only.includes(name)) continue;
    const files = await part(args.out);
    console.log(`${name}: ${files.length} picture(s) in ${path.relative(ROOT, args.out) || '.'}`);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
