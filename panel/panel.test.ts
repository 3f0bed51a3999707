/**
 * The panel alone, in Chromium, against a scripted Backend (no Office, no Sheets): what it sends to the
 * backend (overrides, options), what it shows (mapping, notes, skipped rows, errors, progress, results,
 * cancel), that workbook strings stay text, and the Chinese strings.
 */
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../test/chromium';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Backend, RunRequest } from './backend';
import { parseNumber, type PanelHandle } from './panel';

/** What the page's script tags put on window. */
interface TestWindow {
  mountPanel: (root: HTMLElement, backend: Backend) => PanelHandle;
  makeBackend: (lang: string, mode: string, sources: unknown) => Backend;
  handle: PanelHandle;
  calls: unknown[][];
  aborted: boolean;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The panel as an IIFE exposing window.mountPanel. */
function panelBundle(): string {
  return buildSync({
    stdin: {
      contents:
        "import { mountPanel } from './panel/panel'; (window as unknown as TestWindow).mountPanel = mountPanel;",
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

/** A scripted backend in the page: records calls; `mode` says how run() behaves. */
const BACKEND = `
window.calls = [];
window.makeBackend = (lang, mode, sources) => {
  const info = (id, overrides) => {
    const base = {
      id, sheet: id.slice(6), ok: true,
      headers: ['Date', 'Region', 'Sales', '<b>bold</b>'],
      mapping: { date: 0, region: 1, amount: 2 },
      notes: ['Note with <i>markup</i>'],
      rows: 1234,
      skipped: [{ row: 7, reason: (lang === 'zh' ? '第 7 行：' : 'Row 7: ') + 'amount "<script>" is not a number' }],
      years: [2025, 2026], fullYears: [2025], lastDate: '2026-06-30',
      dimensions: [{ index: 1, header: 'Region' }, { index: 3, header: '<b>bold</b>' }],
      defaults: { by: 1, scorecardBy: 3, year: 2026, period: '2026' },
    };
    if (overrides.amount === null)
      return { ...base, ok: false, error: 'No amount column. Columns: Date, Region, Sales, <b>bold</b>.', mapping: { date: 0 },
        notes: [], rows: 0, skipped: [], dimensions: [], defaults: { by: null, scorecardBy: null, year: null, period: null } };
    if (overrides.region !== undefined) return { ...base, mapping: { ...base.mapping, region: overrides.region ?? undefined } };
    return base;
  };
  return {
    lang,
    async listSources() {
      calls.push(['listSources']);
      return sources ?? { sources: [{ id: 'sheet:A', label: 'A (A1:D99)' }, { id: 'sheet:B', label: 'B <u>x</u>' }], selected: 'sheet:A' };
    },
    async inspect(id, overrides) {
      calls.push(['inspect', id, overrides]);
      await new Promise((r) => setTimeout(r, 5));
      return info(id, overrides);
    },
    async run(req, progress, signal) {
      calls.push(['run', req]);
      progress(0.25, 'Reading rows: 10 of 40');
      if (mode === 'wait-abort') {
        await new Promise((r) => signal.addEventListener('abort', r));
        window.aborted = signal.aborted;
        return { ok: false, sheets: [], summary: [], error: 'cancelled' };
      }
      await new Promise((r) => setTimeout(r, 20));
      progress(0.75, 'Writing');
      if (mode === 'fail') return { ok: false, sheets: [], summary: [], error: 'No sales in the chosen period <x>.' };
      if (mode === 'throw') throw new Error('boom');
      return { ok: true, sheets: ['Goal Breakdown (2)'], summary: ['East: 1,000', '<img src=x onerror=alert(1)>: 2'] };
    },
    async selectRow(id, row) { calls.push(['selectRow', id, row]); },
  };
};
`;

describe('panel', () => {
  let browser: Browser;
  let page: Page;
  let bundle: string;
  const dialogs: string[] = [];

  beforeAll(async () => {
    bundle = panelBundle();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function mount(lang: 'en' | 'zh' = 'en', mode = 'ok', sources?: unknown): Promise<void> {
    page = await browser.newPage({ viewport: { width: 320, height: 800 } });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.setContent(
      '<!doctype html><html><head><meta charset="utf-8"></head><body><div id="root"></div></body></html>',
    );
    await page.addScriptTag({ content: bundle });
    await page.addScriptTag({ content: BACKEND });
    await page.evaluate(
      ([l, m, s]) => {
        const w = window as unknown as TestWindow;
        w.handle = w.mountPanel(document.getElementById('root')!, w.makeBackend(l, m, s));
      },
      [lang, mode, sources] as const,
    );
    await idle();
  }
  const idle = (): Promise<void> => page.evaluate(() => (window as unknown as TestWindow).handle.idle());
  const calls = (): Promise<unknown[][]> => page.evaluate(() => (window as unknown as TestWindow).calls);
  const lastRun = async (): Promise<RunRequest | undefined> =>
    (await calls()).filter((c) => c[0] === 'run').pop()?.[1] as RunRequest | undefined;
  const byId = (suffix: string): string => `[id$="-${suffix}"]`;
  /** A select's options as [value, text]. */
  const optionsOf = (suffix: string): Promise<string[][]> =>
    page.$$eval(`${byId(suffix)} option`, (o) =>
      o.map((x) => [(x as HTMLOptionElement).value, x.textContent ?? '']),
    );
  /** Pick `value` in a side-table select, run the analysis, and answer the request sent. */
  const runWith = async (suffix: string, value: string, kind: string): Promise<RunRequest | undefined> => {
    await page.selectOption(byId(suffix), value);
    await page.click(`button[data-kind="${kind}"]`);
    await idle();
    return lastRun();
  };

  beforeEach(async () => {
    dialogs.length = 0;
    await page?.close();
  });

  it('shows the mapping, notes and skipped rows as text, and selects a skipped row', async () => {
    await mount();
    expect(await page.$eval('select[data-role="region"]', (s) => (s as HTMLSelectElement).value)).toBe('1');
    expect(await page.$eval('select[data-role="customer"]', (s) => (s as HTMLSelectElement).value)).toBe('');
    const text = await page.textContent('.sga');
    expect(text).toContain('1,234 rows read');
    expect(text).toContain('Note with <i>markup</i>');
    expect(text).toContain('B <u>x</u>');
    expect(
      await page.$$eval('b, i, u, script:not([src])', (e) => e.filter((x) => x.closest('.sga')).length),
    ).toBe(0);
    const row = page.locator('.sga-skipped button');
    expect(await row.textContent()).toBe('Row 7: amount "<script>" is not a number');
    expect(await row.locator('.sga-rownum').textContent()).toBe('Row 7');
    await row.click();
    await idle();
    expect(await calls()).toContainEqual(['selectRow', 'sheet:A', 7]);
    // Defaults: the breakdown by region, the scorecard by its own default column.
    expect(await page.$eval(byId('breakdown-by'), (s) => (s as HTMLSelectElement).value)).toBe('1');
    expect(await page.$eval(byId('scorecard-by'), (s) => (s as HTMLSelectElement).value)).toBe('3');
    expect(await page.$eval(byId('breakdown-year'), (s) => (s as HTMLInputElement).value)).toBe('2026');

    await page.fill(byId('tracking-asof'), '2026-08-15');
    await page.click('button[data-kind="tracking"]');
    await idle();
    expect(await lastRun()).toMatchObject({ kind: 'tracking', options: { lang: 'en', by: 1, asOf: 46249 } });
    expect(await lastRun()).not.toHaveProperty('targetSourceId');
    // Targets from: automatic, or any other source (never the sales table itself).
    expect(await optionsOf('tracking-targets')).toEqual([
      ['', 'Goal Breakdown sheet or Target column'],
      ['sheet:B', 'B <u>x</u>'],
    ]);
    expect(await runWith('tracking-targets', 'sheet:B', 'tracking')).toMatchObject({
      kind: 'tracking',
      sourceId: 'sheet:A',
      targetSourceId: 'sheet:B',
    });
    await page.fill(byId('tracking-asof'), '15/08/2026');
    const runs = (await calls()).filter((c) => c[0] === 'run').length;
    await page.click('button[data-kind="tracking"]');
    await idle();
    expect((await calls()).filter((c) => c[0] === 'run').length).toBe(runs);
    expect(await page.getAttribute(byId('tracking-asof'), 'aria-invalid')).toBe('true');
    expect(dialogs).toEqual([]);
  });

  it('re-inspects with overrides as header indexes, shows the reader’s error, and resets', async () => {
    await mount();
    await page.selectOption('select[data-role="region"]', '3');
    await idle();
    expect((await calls()).filter((c) => c[0] === 'inspect').pop()).toEqual([
      'inspect',
      'sheet:A',
      { region: 3 },
    ]);
    await page.selectOption('select[data-role="amount"]', '');
    await idle();
    expect((await calls()).filter((c) => c[0] === 'inspect').pop()).toEqual([
      'inspect',
      'sheet:A',
      { region: 3, amount: null },
    ]);
    const alert = page.locator('[role="alert"]');
    expect(await alert.textContent()).toContain(
      'No amount column. Columns: Date, Region, Sales, <b>bold</b>.',
    );
    expect(await page.isDisabled('button[data-kind="breakdown"]')).toBe(true);
    await page.click('text=Use the detected columns');
    await idle();
    expect((await calls()).filter((c) => c[0] === 'inspect').pop()).toEqual(['inspect', 'sheet:A', {}]);
    expect(await page.isEnabled('button[data-kind="breakdown"]')).toBe(true);
    // Another source: inspected without overrides.
    await page.selectOption(byId('source'), 'sheet:B');
    await idle();
    expect((await calls()).filter((c) => c[0] === 'inspect').pop()).toEqual(['inspect', 'sheet:B', {}]);
  });

  it('sends the options as typed: breakdown, quadrant with custom thresholds, scorecard tiers', async () => {
    await mount();
    await page.fill(byId('breakdown-year'), '2027');
    await page.fill(byId('breakdown-target'), '1,000,000');
    await page.fill(byId('breakdown-uplift'), '10');
    await page.selectOption(byId('breakdown-seasonality'), 'even');
    await page.selectOption(byId('breakdown-unit'), '1000');
    await page.click('button[data-kind="breakdown"]');
    await idle();
    expect((await lastRun())?.options).toEqual({
      lang: 'en',
      by: 1,
      year: 2027,
      target: 1_000_000,
      uplift: 0.1,
      seasonality: 'even',
      unit: 1000,
    });
    expect(await lastRun()).toMatchObject({ kind: 'breakdown', sourceId: 'sheet:A', overrides: {} });
    const ok = page.locator('.sga-ok');
    expect(await ok.textContent()).toContain('<img src=x onerror=alert(1)>: 2');
    expect(await ok.textContent()).toContain('Sheets written: Goal Breakdown (2)');
    expect(await page.$$eval('img', (i) => i.length)).toBe(0);

    await page.selectOption(byId('quadrant-threshold'), 'custom');
    await page.fill(byId('quadrant-x'), '500000');
    await page.fill(byId('quadrant-y'), '5%');
    await page.fill(byId('quadrant-period'), '2026-Q2');
    await page.click('button[data-kind="quadrant"]');
    await idle();
    expect((await lastRun())?.options).toEqual({
      lang: 'en',
      by: 1,
      period: '2026-Q2',
      threshold: { x: 500000, y: 0.05 },
    });

    await page.fill(byId('scorecard-tiers'), '0, 50,000; 100000');
    await page.click('button[data-kind="scorecard"]');
    await idle();
    expect((await lastRun())?.options).toEqual({
      lang: 'en',
      by: 3,
      period: '2026',
      tiers: { thresholds: [0, 50000, 100000], labels: ['Bronze', 'Silver', 'Gold'] },
    });
    expect(await lastRun()).not.toHaveProperty('leadsSourceId');
    // Leads from another source: sent as leadsSourceId.
    expect(await optionsOf('scorecard-leads')).toEqual([
      ['', 'Leads column of the sales table'],
      ['sheet:B', 'B <u>x</u>'],
    ]);
    expect(await runWith('scorecard-leads', 'sheet:B', 'scorecard')).toMatchObject({
      kind: 'scorecard',
      sourceId: 'sheet:A',
      leadsSourceId: 'sheet:B',
    });
    expect(dialogs).toEqual([]);
  });

  it('refuses bad input next to the field, without running', async () => {
    await mount();
    await page.fill(byId('breakdown-year'), 'abc');
    await page.click('button[data-kind="breakdown"]');
    await idle();
    expect(await lastRun()).toBeUndefined();
    expect(await page.getAttribute(byId('breakdown-year'), 'aria-invalid')).toBe('true');
    expect(await page.textContent('[role="alert"]')).toContain('Target year: enter a number.');
    expect(await page.evaluate(() => document.activeElement?.id)).toMatch(/breakdown-year$/);
    await page.fill(byId('scorecard-tiers'), '100, 50');
    await page.click('button[data-kind="scorecard"]');
    await idle();
    expect(await lastRun()).toBeUndefined();
    expect(await page.textContent('[role="alert"]')).toContain('ascending');
    await page.fill(byId('quadrant-period'), 'last year');
    await page.click('button[data-kind="quadrant"]');
    await idle();
    expect(await lastRun()).toBeUndefined();
  });

  it('shows progress and cancels the run', async () => {
    await mount('en', 'wait-abort');
    await page.click('button[data-kind="quadrant"]');
    const bar = page.locator('[role="progressbar"]');
    await bar.waitFor();
    expect(await bar.getAttribute('aria-valuenow')).toBe('25');
    expect(await page.textContent('.sga-progress')).toContain('Reading rows: 10 of 40');
    expect(await page.isDisabled('button[data-kind="breakdown"]')).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await page.keyboard.press('Enter'); // Cancel has the focus
    await idle();
    expect(await page.evaluate(() => (window as unknown as TestWindow).aborted)).toBe(true);
    expect(await page.textContent('.sga')).toContain('Cancelled. Nothing was written.');
    expect(await page.isHidden('[role="progressbar"]')).toBe(true);
    expect(await page.isEnabled('button[data-kind="breakdown"]')).toBe(true);
  });

  it('shows a failed run and an exception as errors', async () => {
    await mount('en', 'fail');
    await page.click('button[data-kind="breakdown"]');
    await idle();
    expect(await page.textContent('[role="alert"]')).toContain('No sales in the chosen period <x>.');
    await page.close();
    await mount('en', 'throw');
    await page.click('button[data-kind="breakdown"]');
    await idle();
    expect(await page.textContent('[role="alert"]')).toContain('Unexpected error: boom');
  });

  it('speaks Chinese when the host does', async () => {
    await mount('zh');
    expect(await page.textContent('button[data-kind="breakdown"]')).toBe('生成目标分解');
    expect(await page.textContent(`label[for$="-map-date"]`)).toBe('日期');
    expect(await page.textContent('.sga')).toContain('已读取 1,234 行');
    expect(await page.textContent('.sga-skipped button')).toBe('第 7 行：amount "<script>" is not a number');
    expect(await page.getAttribute('.sga', 'lang')).toBe('zh-CN');
  });

  it('says so when the workbook has nothing to analyse', async () => {
    await mount('en', 'ok', { sources: [], selected: null });
    expect(await page.textContent('.sga')).toContain('No table or sheet with data');
    expect(await page.isDisabled('button[data-kind="scorecard"]')).toBe(true);
    expect((await calls()).filter((c) => c[0] === 'inspect')).toEqual([]);
  });
});

describe('parseNumber', () => {
  it('reads what people type', () => {
    expect(parseNumber('1,234.5')).toBe(1234.5);
    expect(parseNumber(' 12% ')).toBe(12);
    expect(parseNumber('1 000')).toBe(1000);
    expect(parseNumber('-3')).toBe(-3);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('abc')).toBeUndefined();
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber('1.2.3')).toBeUndefined();
  });
});
