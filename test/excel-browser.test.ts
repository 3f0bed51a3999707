/**
 * The built task pane (dist/taskpane.html from the globalSetup's production build) in a real Chromium, with
 * Office.js replaced by the fake of test/fake-excel.ts bundled as an IIFE. Checks the detected mapping, a
 * mapping change, the four analyses written into the fake workbook with progress and summary, that a
 * header like `<img src=x onerror=alert(1)>` stays text, the first screen at 340x800 (the four Generate
 * buttons without scrolling), a field in error, and keyboard access.
 * Saves test-results/excel-taskpane.png.
 */
import { createServer, type Server } from 'node:http';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// esbuild comes with vite (vitest's bundler): it bundles the fake and the sample for the browser.
import { buildSync } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FakeExcel } from './fake-excel';

/** What the fake office.js and the test put on window. */
interface TestWindow {
  __fake: FakeExcel;
  __progress: number[];
  __obs: MutationObserver;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const XSS = '<img src=x onerror=alert(1)>';

/** The fake Office.js: the fake Excel over the English sample plus a column headed by XSS. */
function fakeOfficeScript(): string {
  const entry = `
    import { FakeExcel } from './test/fake-excel';
    import { buildSampleCells, ORDER_FORMATS } from './samples/data';
    const fake = new FakeExcel({ latencyMs: 25, displayLanguage: 'en-US' });
    const cells = buildSampleCells('en');
    cells[2].push(${JSON.stringify(XSS)});
    for (let i = 3; i < cells.length - 1; i++) if (cells[i].some((c) => c !== null)) cells[i].push('note ' + (i % 3));
    const sheet = fake.workbook.addSheet('Sales');
    sheet.setCells(1, 1, cells, cells.map((_, i) => (i >= 3 ? ORDER_FORMATS : [])));
    fake.workbook.select('Sales', 'B5');
    fake.install(window);
    // The functions bundle of the shared runtime registers its functions.
    class CfError { constructor(code, message) { this.code = code; this.message = message; } }
    window.CustomFunctions = {
      associate() {},
      Error: CfError,
      ErrorCode: { invalidValue: '#VALUE!', notAvailable: '#N/A', divisionByZero: '#DIV/0!', invalidNumber: '#NUM!', nullReference: '#NULL!', invalidName: '#NAME?', invalidReference: '#REF!' },
    };
    window.__fake = fake;
  `;
  const out = buildSync({
    stdin: { contents: entry, resolveDir: ROOT, loader: 'ts', sourcefile: 'fake-office.ts' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.xml': 'application/xml',
};

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0])).replace(/^([/\\])+/, '');
    const file = resolve(dir, path || 'taskpane.html');
    if (!file.startsWith(resolve(dir)) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      ok({ server, url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}` });
    }),
  );
}

describe('Excel task pane in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let server: Server;
  let url: string;
  const dialogs: string[] = [];
  const errors: string[] = [];
  const external: string[] = [];

  beforeAll(async () => {
    const dist = inject('excelDist');
    ({ server, url } = await serve(dist));
    const script = fakeOfficeScript();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 340, height: 800 } });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.route('**/*', async (route) => {
      const u = route.request().url();
      if (u === OFFICE_JS) return route.fulfill({ body: script, contentType: 'text/javascript' });
      if (u.startsWith(url)) return route.continue();
      external.push(u);
      return route.abort();
    });
    await page.goto(`${url}/taskpane.html`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
  });

  const sheetNames = (): Promise<string[]> =>
    page.evaluate(() => (window as unknown as TestWindow).__fake.workbook.sheetNames());
  const selectedText = (sel: string): Promise<string> =>
    page.$eval(sel, (e) => {
      const s = e as HTMLSelectElement;
      return s.options[s.selectedIndex]?.text ?? '';
    });

  it('shows what was detected in one line, the mapping folded, and the skipped rows', async () => {
    await page.waitForFunction(() => {
      const s = document.querySelector('select[data-role="amount"]') as HTMLSelectElement | null;
      return !!s && s.value !== '';
    });
    expect(await selectedText('select[data-role="date"]')).toBe('Order Date');
    expect(await selectedText('select[data-role="amount"]')).toBe('Sales Amount');
    expect(await selectedText('select[data-role="region"]')).toBe('Region');
    expect(await page.textContent('.sga-line')).toBe('2,891 rows · Jan 2024 – Sep 2026 · 9 reps · 4 regions');
    // The reader is sure of the columns: the mapping is folded away.
    expect(await page.getAttribute('.sga-toggles button >> nth=0', 'aria-expanded')).toBe('false');
    expect(await page.isHidden('select[data-role="amount"]')).toBe(true);
    expect(await page.textContent('.sga')).toMatch(/Row 1074/);
    expect(await page.$$eval('.sga-skipped button', (b) => b.length)).toBe(2);
  });

  it('shows the four Generate buttons on the first screen at 340x800', async () => {
    const boxes = await page.$$eval('button[data-kind]', (bs) =>
      bs
        .map((b) => ({ kind: (b as HTMLElement).dataset.kind, ...b.getBoundingClientRect().toJSON() }))
        .slice(0, 4),
    );
    expect(boxes.map((b) => b.kind)).toEqual(['breakdown', 'quadrant', 'scorecard', 'tracking']);
    for (const b of boxes) {
      expect(b.top).toBeGreaterThan(0);
      expect(b.bottom).toBeLessThanOrEqual(800);
    }
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(await page.getAttribute('.sga', 'class')).toContain('sga-fluent');
  });

  it('marks a field in error at the field and sums it up at the top, writing nothing', async () => {
    const before = await sheetNames();
    await page.fill('[id$="-quadrant-period"]', '2026-Q5');
    await page.click('button[data-kind="quadrant"]');
    await page.waitForSelector('.sga-summary:not([hidden])');
    expect(await page.getAttribute('[id$="-quadrant-period"]', 'aria-invalid')).toBe('true');
    expect(await page.textContent('[id$="-quadrant-period-error"]')).toBe(
      'Enter a year, quarter or month, e.g. 2026, 2026-Q2, 2026-03.',
    );
    expect(await page.textContent('.sga-summary li')).toBe(
      'Period: Enter a year, quarter or month, e.g. 2026, 2026-Q2, 2026-03.',
    );
    expect(await sheetNames()).toEqual(before);
    await page.fill('[id$="-quadrant-period"]', '2026');
    expect(await page.getAttribute('[id$="-quadrant-period"]', 'aria-invalid')).toBeNull();
    expect(await page.isHidden('.sga-summary')).toBe(true);
  });

  it('renders a header like <img src=x onerror=alert(1)> as literal text', async () => {
    const literal = await page.$$eval(
      'select[data-role="date"] option',
      (os, xss) => os.some((o) => o.textContent === xss),
      XSS,
    );
    expect(literal).toBe(true);
    expect(await page.$$eval('img', (i) => i.length)).toBe(0);
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => document.body.innerHTML.includes('<img'))).toBe(false);
  });

  it('re-inspects when a column is changed, and goes back to the detected columns', async () => {
    await page.click('.sga-toggles button >> nth=0');
    await page.selectOption('select[data-role="region"]', { label: 'Product' });
    await page.waitForFunction(() => {
      const s = document.querySelector('select[id$="breakdown-by"]') as HTMLSelectElement | null;
      return !!s && s.options[s.selectedIndex]?.text === 'Product' && !s.disabled;
    });
    expect(await selectedText('select[data-role="region"]')).toBe('Product');
    expect(await page.isVisible('text=Use the detected columns')).toBe(true);
    await page.click('text=Use the detected columns');
    await page.waitForFunction(() => {
      const s = document.querySelector('select[data-role="region"]') as HTMLSelectElement | null;
      return !!s && s.options[s.selectedIndex]?.text === 'Region' && !s.disabled;
    });
  });

  it('selects a skipped row in the sheet from the keyboard', async () => {
    await page.click('text=2 rows skipped');
    await page.focus('.sga-skipped button');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => (window as unknown as TestWindow).__fake.workbook.selection?.rect.r0 === 1073,
    );
  });

  for (const [kind, label, sheet] of [
    ['breakdown', 'Generate goal breakdown', 'Goal Breakdown'],
    ['quadrant', 'Generate quadrant analysis', 'Quadrant Analysis'],
    ['scorecard', 'Generate KPI scorecard', 'KPI Scorecard'],
    // Tracking after the breakdown: its targets are the Goal Breakdown sheet's.
    ['tracking', 'Generate goal tracking', 'Goal Tracking'],
    // The fifth analysis (below the first screen): the breakdown above is by region, the incentives by rep.
    ['incentives', 'Generate incentives', 'Incentives'],
  ] as const) {
    it(`generates the ${kind} with progress and a summary`, async () => {
      await page.evaluate(() => {
        const w = window as unknown as TestWindow;
        w.__progress = [];
        // The progress UI is moved under the clicked analysis when a run starts: watch the whole pane.
        const obs = new MutationObserver(() => {
          const bar = document.querySelector('[role="progressbar"]');
          if (bar && !bar.parentElement!.hidden) w.__progress.push(Number(bar.getAttribute('aria-valuenow')));
        });
        obs.observe(document.body, { attributes: true, subtree: true, childList: true });
        w.__obs = obs;
      });
      const button = page.locator(`button[data-kind="${kind}"]`);
      expect(await button.textContent()).toBe(label);
      await button.click();
      const box = `.sga-analysis[data-analysis="${kind}"]`;
      await page.waitForSelector(`${box} .sga-ok, ${box} .sga-error`);
      const progress: number[] = await page.evaluate(() => {
        const w = window as unknown as TestWindow;
        w.__obs.disconnect();
        return w.__progress;
      });
      expect(progress.length).toBeGreaterThan(2);
      expect(Math.max(...progress)).toBeGreaterThan(40);
      const summary = await page.textContent(`${box} .sga-ok`);
      expect(summary).toContain('Done');
      expect(summary).toContain(sheet);
      expect(await sheetNames()).toContain(sheet);
      expect(await page.isHidden('[role="progressbar"]')).toBe(true);
      // Focus returns to the button that started the run.
      expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.kind)).toBe(
        kind,
      );
    });
  }

  it('wrote the five sheets into the workbook and nothing into the source', async () => {
    expect(await sheetNames()).toEqual([
      'Sales',
      'Goal Breakdown',
      'Quadrant Analysis',
      'KPI Scorecard',
      'Goal Tracking',
      'Incentives',
    ]);
    const q = await page.evaluate(() => {
      const s = (window as unknown as TestWindow).__fake.workbook.sheet('Quadrant Analysis')!;
      return { b9: s.cell('B9').formula, charts: s.charts.length, series: s.charts[0].series.length };
    });
    expect(q.b9).toMatch(/^=SUMIFS\('Sales'!/);
    expect(q).toMatchObject({ charts: 1, series: 3 });
    const written = await page.evaluate(
      () => (window as unknown as TestWindow).__fake.workbook.sheet('Sales')!.cell('A3').value,
    );
    expect(written).toBe('Order Date');
  });

  it('fits 340 px without horizontal scrolling, reaches every button by Tab, and makes no remote request', async () => {
    const widths = await page.evaluate(() => ({
      doc: document.documentElement.scrollWidth,
      body: document.body.scrollWidth,
      inner: window.innerWidth,
    }));
    expect(widths.inner).toBe(340);
    expect(widths.doc).toBeLessThanOrEqual(340);
    expect(widths.body).toBeLessThanOrEqual(340);
    // Tab from the top through the pane.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const reached = new Set<string>();
    let unlabeled = 0;
    for (let i = 0; i < 120; i++) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(() => {
        const e = document.activeElement as HTMLElement | null;
        if (!e || e === document.body) return null;
        const labelled =
          e.tagName === 'BUTTON'
            ? (e.textContent ?? '').trim() !== '' || !!e.getAttribute('aria-label')
            : !!(e.id && document.querySelector(`label[for="${e.id}"]`));
        return { kind: e.dataset.kind ?? '', tag: e.tagName, labelled };
      });
      if (!info) continue;
      if (!info.labelled) unlabeled++;
      if (info.kind) reached.add(info.kind);
    }
    expect([...reached]).toEqual(expect.arrayContaining(['breakdown', 'quadrant', 'scorecard', 'tracking']));
    expect(unlabeled).toBe(0);
    // A visible focus style on the focused button.
    await page.focus('button[data-kind="breakdown"]');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const outline = await page.$eval(
      'button[data-kind="breakdown"]',
      (b) => getComputedStyle(b).outlineStyle,
    );
    expect(outline).not.toBe('none');
    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ROOT, 'test-results', 'excel-taskpane.png'), fullPage: true });
  });
});
