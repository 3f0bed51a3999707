/**
 * The panel alone, in Chromium, against a scripted Backend (no Office, no Sheets): what it sends to the
 * backend (overrides, options, fiscal start, today), what it shows (the first screen at 300 and 340 px,
 * mapping folded or open, notes, skipped rows, errors at the field and at the top, progress, results,
 * cancel), that workbook strings stay text, and the Chinese strings.
 */
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from '../test/chromium';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Backend, RunRequest } from './backend';
import type { PanelHandle, PanelOptions } from './panel';

/** What the page's script tags put on window. */
interface TestWindow {
  mountPanel: (root: HTMLElement, backend: Backend, opts?: PanelOptions) => PanelHandle;
  makeBackend: (lang: string, mode: string, sources: unknown) => Backend;
  handle: PanelHandle;
  calls: unknown[][];
  aborted: boolean;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PAGE_URL = 'https://panel.test/';

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
      years: [2025, 2026], fullYears: [2025], lastDate: '2026-06-30', firstDate: '2025-01-03',
      months: Array.from({ length: 18 }, (_, i) => 2025 * 12 + i), counts: { region: 4 }, uncertain: [],
      dimensions: [{ index: 1, header: 'Region' }, { index: 3, header: '<b>bold</b>' }],
      defaults: { by: 1, then: 3, scorecardBy: 3, year: 2026, period: '2026' },
    };
    if (overrides.amount === null)
      return { ...base, ok: false, error: 'No amount column. Columns: Date, Region, Sales, <b>bold</b>.', mapping: { date: 0 },
        notes: [], rows: 0, skipped: [], dimensions: [], defaults: { by: null, then: null, scorecardBy: null, year: null, period: null } };
    if (id === 'sheet:B') return { ...base, uncertain: ['date'], notes: ['Date: used "Date", not "Ship date".'] };
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

  /** Today as the panel's fixed clock gives it: 29 Nov 2026, local. */
  const TODAY = 46355;

  async function mount(
    lang: 'en' | 'zh' = 'en',
    mode = 'ok',
    sources?: unknown,
    view: { width?: number; theme?: 'fluent' | 'google' } = {},
  ): Promise<void> {
    page = await browser.newPage({ viewport: { width: view.width ?? 340, height: 800 } });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // A page of its own origin (localStorage works there, unlike about:blank).
    await page.route(PAGE_URL, (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: '<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0}</style></head><body><div id="root"></div></body></html>',
      }),
    );
    await page.goto(PAGE_URL);
    await page.addScriptTag({ content: bundle });
    await page.addScriptTag({ content: BACKEND });
    await page.evaluate(
      ([l, m, s, theme]) => {
        const w = window as unknown as TestWindow;
        w.handle = w.mountPanel(document.getElementById('root')!, w.makeBackend(l, m, s), {
          theme,
          now: () => new Date(2026, 10, 29, 23, 30),
        });
      },
      [lang, mode, sources, view.theme ?? 'fluent'] as const,
    );
    await idle();
  }
  const idle = (): Promise<void> => page.evaluate(() => (window as unknown as TestWindow).handle.idle());
  const calls = (): Promise<unknown[][]> => page.evaluate(() => (window as unknown as TestWindow).calls);
  const lastRun = async (): Promise<RunRequest | undefined> =>
    (await calls()).filter((c) => c[0] === 'run').pop()?.[1] as RunRequest | undefined;
  const byId = (suffix: string): string => `[id$="-${suffix}"]`;
  const valueOf = (suffix: string): Promise<string> =>
    page.$eval(byId(suffix), (e) => (e as HTMLInputElement).value);
  /** A select's options as [value, text]. */
  const optionsOf = (suffix: string): Promise<string[][]> =>
    page.$$eval(`${byId(suffix)} option`, (o) =>
      o.map((x) => [(x as HTMLOptionElement).value, x.textContent ?? '']),
    );
  /** Open an analysis's "More options". */
  const more = async (kind: string): Promise<void> => {
    if ((await page.getAttribute(`button[data-more="${kind}"]`, 'aria-expanded')) !== 'true')
      await page.click(`button[data-more="${kind}"]`);
  };
  /** The Columns toggle. */
  const columns = (): Locator => page.locator('.sga-toggles button').first();
  /** Generate `kind` and answer the request sent (undefined when nothing was sent). */
  const generate = async (kind: string): Promise<RunRequest | undefined> => {
    const before = (await calls()).filter((c) => c[0] === 'run').length;
    await page.click(`button[data-kind="${kind}"]`);
    await idle();
    const runs = (await calls()).filter((c) => c[0] === 'run');
    return runs.length > before ? (runs.pop()![1] as RunRequest) : undefined;
  };
  /** Pick `value` in a side-table select, run the analysis, and answer the request sent. */
  const runWith = async (suffix: string, value: string, kind: string): Promise<RunRequest | undefined> => {
    await page.selectOption(byId(suffix), value);
    return generate(kind);
  };

  beforeEach(async () => {
    dialogs.length = 0;
    await page?.close();
  });

  for (const [width, theme] of [
    [340, 'fluent'],
    [300, 'google'],
    [300, 'fluent'],
  ] as const)
    for (const lang of ['en', 'zh'] as const)
      it(`shows the four Generate buttons without scrolling at ${width}x800 (${theme}, ${lang})`, async () => {
        await mount(lang, 'ok', undefined, { width, theme });
        // The four analyses of the first screen (another may follow below).
        const boxes = await page.$$eval('button[data-kind]', (bs) =>
          bs.map((b) => {
            const r = b.getBoundingClientRect();
            return { kind: (b as HTMLElement).dataset.kind, top: r.top, bottom: r.bottom, right: r.right };
          }),
        );
        const four = boxes.slice(0, 4);
        expect(four.map((b) => b.kind)).toEqual(['breakdown', 'quadrant', 'scorecard', 'tracking']);
        for (const b of four) {
          expect(b.top).toBeGreaterThan(0);
          expect(b.bottom).toBeLessThanOrEqual(800);
          expect(b.right).toBeLessThanOrEqual(width);
        }
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        // What was detected, in one line; one primary button (the first analysis until another is used).
        const line =
          lang === 'en'
            ? '1,234 rows · Jan 2025 – Jun 2026 · 4 regions'
            : '1,234 行 · 2025年1月 – 2026年6月 · 4 个地区';
        expect(await page.textContent('.sga-line')).toBe(line);
        expect(
          await page.$$eval('button.sga-primary', (b) => b.map((x) => (x as HTMLElement).dataset.kind)),
        ).toEqual(['breakdown']);
        expect(await page.getAttribute('.sga', 'class')).toContain(`sga-${theme}`);
      });

  it('folds the mapping when the reader is sure, opens it when a required column is missing or guessed', async () => {
    await mount();
    expect(await columns().getAttribute('aria-expanded')).toBe('false');
    expect(await page.isHidden('select[data-role="amount"]')).toBe(true);
    // Missing amount: the reader's message, the mapping open with the amount marked.
    await columns().click();
    await page.selectOption('select[data-role="amount"]', '');
    await idle();
    expect(await page.textContent('.sga-status [role="alert"]')).toContain('No amount column.');
    expect(await columns().getAttribute('aria-expanded')).toBe('true');
    expect(await page.isVisible('select[data-role="amount"]')).toBe(true);
    expect(await page.getAttribute('select[data-role="amount"]', 'aria-invalid')).toBe('true');
    expect(await page.isDisabled('button[data-kind="breakdown"]')).toBe(true);
    // Another source whose date column was chosen among several: open, with the reader's note.
    await page.selectOption(byId('source'), 'sheet:B');
    await idle();
    expect(await columns().getAttribute('aria-expanded')).toBe('true');
    expect(await page.textContent('.sga-notes')).toContain('not "Ship date"');
    // Back to a source the reader is sure of: folded again.
    await page.selectOption(byId('source'), 'sheet:A');
    await idle();
    expect(await columns().getAttribute('aria-expanded')).toBe('false');
  });

  it('shows the mapping, notes and skipped rows as text, and selects a skipped row', async () => {
    await mount();
    expect(await page.$eval('select[data-role="region"]', (s) => (s as HTMLSelectElement).value)).toBe('1');
    expect(await page.$eval('select[data-role="customer"]', (s) => (s as HTMLSelectElement).value)).toBe('');
    const text = await page.textContent('.sga');
    expect(text).toContain('1,234 rows');
    expect(text).toContain('Note with <i>markup</i>');
    expect(text).toContain('B <u>x</u>');
    expect(
      await page.$$eval('b, i, u, script:not([src])', (e) => e.filter((x) => x.closest('.sga')).length),
    ).toBe(0);
    await page.click('text=1 row skipped');
    const row = page.locator('.sga-skipped button');
    expect(await row.textContent()).toBe('Row 7: amount "<script>" is not a number');
    expect(await row.locator('.sga-rownum').textContent()).toBe('Row 7');
    await row.click();
    await idle();
    expect(await calls()).toContainEqual(['selectRow', 'sheet:A', 7]);
    // Defaults: the breakdown by region, the scorecard by its own default column.
    expect(await valueOf('breakdown-by')).toBe('1');
    expect(await valueOf('scorecard-by')).toBe('3');
    expect(await valueOf('breakdown-year')).toBe('2026');

    await page.fill(byId('tracking-asof'), '2026-08-15');
    expect(await generate('tracking')).toMatchObject({
      kind: 'tracking',
      options: { lang: 'en', by: 1, asOf: 46249, today: TODAY, fiscalStart: 1 },
    });
    expect(await lastRun()).not.toHaveProperty('targetSourceId');
    // Targets from: automatic, or any other source (never the sales table itself).
    expect(await optionsOf('tracking-targets')).toEqual([
      ['', 'Automatic'],
      ['sheet:B', 'B <u>x</u>'],
    ]);
    expect(await runWith('tracking-targets', 'sheet:B', 'tracking')).toMatchObject({
      kind: 'tracking',
      sourceId: 'sheet:A',
      targetSourceId: 'sheet:B',
    });
    await page.fill(byId('tracking-asof'), '15/08/2026');
    expect(await generate('tracking')).toBeUndefined();
    expect(await page.getAttribute(byId('tracking-asof'), 'aria-invalid')).toBe('true');
    expect(dialogs).toEqual([]);
  });

  it('re-inspects with overrides as header indexes, shows the reader’s error, and resets', async () => {
    await mount();
    await columns().click();
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
    const alert = page.locator('.sga-status [role="alert"]');
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

  it('sends the options as typed, with today, the fiscal start, the ramp and to-date', async () => {
    await mount();
    await page.fill(byId('breakdown-year'), '2027');
    await page.fill(byId('breakdown-target'), '1,000,000');
    await more('breakdown');
    await page.fill(byId('breakdown-uplift'), '10');
    await page.selectOption(byId('breakdown-seasonality'), 'even');
    await page.selectOption(byId('breakdown-unit'), '1000');
    await page.fill(byId('breakdown-ramp'), '50%');
    expect((await generate('breakdown'))?.options).toEqual({
      lang: 'en',
      today: TODAY,
      fiscalStart: 1,
      by: 1,
      then: 3,
      year: 2027,
      target: 1_000_000,
      uplift: 0.1,
      seasonality: 'even',
      unit: 1000,
      ramp: 0.5,
    });
    // "Then by: none" asks for one level only.
    await page.selectOption(byId('breakdown-then'), '');
    expect((await generate('breakdown'))?.options).toMatchObject({ by: 1, then: null });
    // The team table from another source: sent as teamSourceId (none by default).
    expect(await lastRun()).not.toHaveProperty('teamSourceId');
    expect(await optionsOf('breakdown-team')).toEqual([
      ['', 'No team table'],
      ['sheet:B', 'B <u>x</u>'],
    ]);
    expect(await runWith('breakdown-team', 'sheet:B', 'breakdown')).toMatchObject({
      kind: 'breakdown',
      teamSourceId: 'sheet:B',
    });
    expect(await lastRun()).toMatchObject({ kind: 'breakdown', sourceId: 'sheet:A', overrides: {} });
    const ok = page.locator('.sga-ok');
    expect(await ok.textContent()).toContain('<img src=x onerror=alert(1)>: 2');
    expect(await ok.textContent()).toContain('Sheets written: Goal Breakdown (2)');
    expect(await page.$$eval('img', (i) => i.length)).toBe(0);
    // The analysis used last has the primary button.
    expect(await page.getAttribute('button[data-kind="breakdown"]', 'class')).toBe('sga-primary');

    await more('quadrant');
    await page.selectOption(byId('quadrant-threshold'), 'custom');
    await page.fill(byId('quadrant-x'), '500000');
    await page.fill(byId('quadrant-y'), '5%');
    await page.fill(byId('quadrant-period'), '2026-Q2');
    await page.check(byId('quadrant-todate'));
    expect((await generate('quadrant'))?.options).toEqual({
      lang: 'en',
      today: TODAY,
      fiscalStart: 1,
      by: 1,
      period: '2026-Q2',
      toDate: true,
      threshold: { x: 500000, y: 0.05 },
    });
    expect(
      await page.$$eval('button.sga-primary', (b) => b.map((x) => (x as HTMLElement).dataset.kind)),
    ).toEqual(['quadrant']);

    await more('scorecard');
    await page.fill(byId('scorecard-tiers'), '0, 50,000; 100000');
    expect((await generate('scorecard'))?.options).toEqual({
      lang: 'en',
      today: TODAY,
      fiscalStart: 1,
      by: 3,
      period: '2026',
      toDate: false,
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

  it('follows the fiscal year start: defaults, periods and the request', async () => {
    await mount();
    expect(await valueOf('quadrant-period')).toBe('2026');
    await page.fill(byId('scorecard-period'), '2025-Q4');
    await page.selectOption(byId('fiscal'), '4');
    // Data Jan 2025 .. Jun 2026: FY2026 (Apr 2025 .. Mar 2026) is the last full fiscal year.
    expect(await valueOf('breakdown-year')).toBe('FY2027');
    expect(await valueOf('quadrant-period')).toBe('FY2027');
    expect(await valueOf('scorecard-period')).toBe('2025-Q4'); // typed: kept
    expect(await generate('breakdown')).toMatchObject({ options: { fiscalStart: 4, year: 2027 } });
    expect(await generate('quadrant')).toMatchObject({ options: { fiscalStart: 4, period: 'FY2027' } });
    await page.fill(byId('quadrant-period'), 'FY2026-Q2');
    expect(await generate('quadrant')).toMatchObject({ options: { period: 'FY2026-Q2' } });
    // Kept for the next time the panel opens.
    await page.reload();
    await page.addScriptTag({ content: bundle });
    await page.addScriptTag({ content: BACKEND });
    await page.evaluate(() => {
      const w = window as unknown as TestWindow;
      w.handle = w.mountPanel(document.getElementById('root')!, w.makeBackend('en', 'ok', undefined));
    });
    await idle();
    expect(await valueOf('fiscal')).toBe('4');
    expect(await valueOf('breakdown-year')).toBe('FY2027');
  });

  it('refuses bad input at the field, lists it at the top, and sends nothing', async () => {
    await mount();
    await page.fill(byId('breakdown-year'), 'abc');
    await page.fill(byId('breakdown-target'), '5 million');
    await more('breakdown');
    await page.fill(byId('breakdown-uplift'), '0.1');
    await page.click(`button[data-more="breakdown"]`); // fold the options again: an error opens them
    expect(await generate('breakdown')).toBeUndefined();
    // At the field: red state, the message, described by it.
    for (const [name, msg] of [
      ['breakdown-year', 'Enter a year, e.g. 2026.'],
      ['breakdown-target', 'Enter a number, e.g. 1,200,000.'],
      ['breakdown-uplift', '"0.1" is ambiguous: write 0.1% or 10.'],
    ]) {
      expect(await page.getAttribute(byId(name), 'aria-invalid')).toBe('true');
      expect(await page.textContent(byId(`${name}-error`))).toBe(msg);
      expect(await page.getAttribute(byId(name), 'aria-describedby')).toContain(`${name}-error`);
      expect(await page.isVisible(byId(`${name}-error`))).toBe(true);
    }
    // At the top: the summary, above the source, naming each field.
    const summary = page.locator('.sga-summary');
    expect(await summary.getAttribute('role')).toBe('alert');
    expect(await summary.evaluate((e) => e === e.parentElement!.firstElementChild)).toBe(true);
    expect(await summary.locator('li').allTextContents()).toEqual([
      'Target year: Enter a year, e.g. 2026.',
      'Annual target: Enter a number, e.g. 1,200,000.',
      'Uplift %: "0.1" is ambiguous: write 0.1% or 10.',
    ]);
    expect(await page.evaluate(() => document.activeElement?.id)).toMatch(/breakdown-year$/);
    // The summary's entry takes you to the field.
    await summary.locator('li button').nth(2).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toMatch(/breakdown-uplift$/);
    // Fixing a field clears its message and its line in the summary.
    await page.fill(byId('breakdown-uplift'), '0.1%');
    expect(await page.getAttribute(byId('breakdown-uplift'), 'aria-invalid')).toBeNull();
    expect(await page.isHidden(byId('breakdown-uplift-error'))).toBe(true);
    expect(await summary.locator('li').count()).toBe(2);
    await page.fill(byId('breakdown-year'), '2027');
    await page.fill(byId('breakdown-target'), '');
    expect((await generate('breakdown'))?.options).toMatchObject({ year: 2027, uplift: 0.001 });
    expect(await summary.isHidden()).toBe(true);

    await more('scorecard');
    await page.fill(byId('scorecard-tiers'), '100, 50');
    expect(await generate('scorecard')).toBeUndefined();
    expect(await page.textContent(byId('scorecard-tiers-error'))).toContain('ascending');
    await page.fill(byId('quadrant-period'), '2026-Q5');
    expect(await generate('quadrant')).toBeUndefined();
    expect(await page.textContent(byId('quadrant-period-error'))).toContain('2026-Q2');
    expect(await page.textContent('.sga-summary')).toContain('Period: Enter a year, quarter or month');
  });

  it('reads percentages one way: 10% and 10 are ten percent, 0.1 is refused', async () => {
    await mount();
    await more('breakdown');
    await more('quadrant');
    await page.selectOption(byId('quadrant-threshold'), 'custom');
    await page.fill(byId('quadrant-x'), '1000');
    const cases: [string, number | null][] = [
      ['10%', 0.1],
      ['10', 0.1],
      ['-5', -0.05],
      ['0', 0],
      ['0.5%', 0.005],
      ['1', 0.01],
      ['0.5', null],
      ['-0.2', null],
    ];
    for (const [typed, want] of cases) {
      await page.fill(byId('breakdown-uplift'), typed);
      await page.fill(byId('quadrant-y'), typed);
      const b = await generate('breakdown');
      const q = await generate('quadrant');
      if (want === null) {
        expect(b, typed).toBeUndefined();
        expect(q, typed).toBeUndefined();
        expect(await page.textContent(byId('quadrant-y-error'))).toContain('ambiguous');
      } else {
        expect(b?.options.uplift, typed).toBeCloseTo(want, 12);
        expect((q?.options.threshold as { y: number }).y, typed).toBeCloseTo(want, 12);
      }
    }
    await page.fill(byId('breakdown-uplift'), '');
    await page.fill(byId('breakdown-ramp'), '0.8');
    expect(await generate('breakdown')).toBeUndefined();
    expect(await page.textContent(byId('breakdown-ramp-error'))).toBe(
      '"0.8" is ambiguous: write 0.8% or 80.',
    );
    await page.fill(byId('breakdown-ramp'), '150');
    expect(await generate('breakdown')).toBeUndefined();
    expect(await page.textContent(byId('breakdown-ramp-error'))).toContain('from 0 to 100');
    await page.fill(byId('breakdown-ramp'), '80');
    expect((await generate('breakdown'))?.options.ramp).toBe(0.8);
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
    expect(await page.textContent('.sga')).toContain(
      'Cancelled. Sheets not finished were removed; finished ones were kept.',
    );
    expect(await page.isHidden('[role="progressbar"]')).toBe(true);
    expect(await page.isEnabled('button[data-kind="breakdown"]')).toBe(true);
  });

  it('shows a failed run and an exception as errors under the analysis', async () => {
    await mount('en', 'fail');
    await page.click('button[data-kind="breakdown"]');
    await idle();
    const under = '.sga-analysis[data-analysis="breakdown"] .sga-error';
    expect(await page.textContent(under)).toContain('No sales in the chosen period <x>.');
    await page.close();
    await mount('en', 'throw');
    await page.click('button[data-kind="breakdown"]');
    await idle();
    expect(await page.textContent(under)).toContain('Unexpected error: boom');
  });

  it('speaks Chinese when the host does', async () => {
    await mount('zh');
    expect(await page.textContent('button[data-kind="breakdown"]')).toBe('生成目标分解');
    expect(await page.textContent(`label[for$="-map-date"]`)).toBe('日期');
    expect(await page.textContent('.sga')).toContain('1,234 行');
    await page.click('text=跳过 1 行');
    expect(await page.textContent('.sga-skipped button')).toBe('第 7 行：amount "<script>" is not a number');
    expect(await page.getAttribute('.sga', 'lang')).toBe('zh-CN');
    await page.fill(byId('breakdown-year'), '明年');
    await generate('breakdown');
    expect(await page.textContent(byId('breakdown-year-error'))).toBe('请输入年份，例如 2026。');
    expect(await page.textContent('.sga-summary li')).toBe('目标年度：请输入年份，例如 2026。');
  });

  it('says so when the workbook has nothing to analyse', async () => {
    await mount('en', 'ok', { sources: [], selected: null });
    expect(await page.textContent('.sga')).toContain('No table or sheet with data');
    expect(await page.isDisabled('button[data-kind="scorecard"]')).toBe(true);
    expect((await calls()).filter((c) => c[0] === 'inspect')).toEqual([]);
  });
});
