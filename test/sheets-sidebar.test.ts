/**
 * The BUILT sidebar (dist/sheets/Sidebar.html) in headless Chromium, with a fake google.script.run that
 * answers listSources / inspect / run from the English sample: the detected mapping is shown, and
 * Generate calls the server function `run` with the chosen options (with today, the fiscal start, the ramp
 * and to-date), the first screen at 300x800 shows the four Generate buttons, and a field in error is
 * marked at the field and summed up at the top; while `run` is pending the bar follows getProgress, and
 * Cancel sends cancelRun. No request leaves the page.
 * Screenshot: test-results/sheets-sidebar.png.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { inspectCells } from '../core/analysis/inspect';
import type { Cell } from '../core/types';
import { buildSampleCells, generateSalesRows, ORDER_FORMATS, sampleLayout } from '../samples/data';
import { FakeGas, zonedMidnight, type Execution } from './fake-gas';
import { ENTRY_POINTS } from './sheets-entry';

const PAGE_URL = 'https://sidebar.test/';
const SOURCE_ID = 'sheet:1001';

interface Call {
  name: string;
  args: unknown[];
}

let browser: Browser;
let html = '';
let DIST = '';

/** What the server would answer for the sample (its inspect is the core's summary plus id and sheet). */
function answers(): Record<string, unknown> {
  const cells: Cell[][] = buildSampleCells('en');
  const { firstDataRow, totalRow } = sampleLayout(generateSalesRows().orders.length);
  const formats = cells.map((row, i) =>
    i >= firstDataRow && i < totalRow ? [...ORDER_FORMATS] : row.map(() => null),
  );
  const { summary } = inspectCells(cells, { lang: 'en', formats, originRow: 1 });
  return {
    listSources: {
      sources: [
        { id: SOURCE_ID, label: 'Sales' },
        { id: 'sheet:77', label: 'Plan' },
      ],
      selected: SOURCE_ID,
    },
    inspect: JSON.parse(JSON.stringify({ ...summary, id: SOURCE_ID, sheet: 'Sales' })),
    run: {
      ok: true,
      sheets: ['Goal Breakdown'],
      summary: ['Goal breakdown 2026 by quarter, month and Region: Annual target 5,000,000'],
    },
    selectRow: null,
    getProgress: null,
    cancelRun: null,
  };
}

/**
 * The fake google.script.run, as Apps Script injects it into the sidebar's frame: withSuccessHandler /
 * withFailureHandler return a new runner; each server function records its arguments and answers
 * asynchronously (a Date among the arguments fails, as it does in Apps Script) after `__delay` ms, or
 * `__delays[name]`; getProgress answers the steps of `__steps` one per poll (the last one repeats).
 */
function fakeScriptRun(data: { answers: Record<string, unknown>; delay: number }): void {
  const w = window as unknown as {
    __calls: Call[];
    google: unknown;
    __delay: number;
    __delays: Record<string, number>;
    __steps: unknown[];
  };
  w.__calls = [];
  w.__delay = data.delay;
  w.__delays = {};
  w.__steps = [];
  const hasDate = (v: unknown): boolean =>
    v instanceof Date ||
    (Array.isArray(v) ? v.some(hasDate) : !!v && typeof v === 'object' && Object.values(v).some(hasDate));
  const runner = (ok: ((v: unknown) => void) | null, fail: ((e: unknown) => void) | null): object => {
    const r: Record<string, unknown> = {
      withSuccessHandler: (f: (v: unknown) => void) => runner(f, fail),
      withFailureHandler: (f: (e: unknown) => void) => runner(ok, f),
    };
    for (const name of Object.keys(data.answers)) {
      r[name] = (...args: unknown[]) => {
        w.__calls.push({ name, args: JSON.parse(JSON.stringify(args)) });
        const answer =
          name === 'getProgress' && w.__steps.length
            ? w.__steps.length > 1
              ? w.__steps.shift()
              : w.__steps[0]
            : data.answers[name];
        setTimeout(() => {
          if (hasDate(args)) fail?.(new Error('Failed due to illegal value in property: 0'));
          else ok?.(JSON.parse(JSON.stringify(answer)));
        }, w.__delays[name] ?? w.__delay);
      };
    }
    return r;
  };
  w.google = { script: { run: runner(null, null) } };
}

async function openSidebar(lang: 'en' | 'zh', delay = 30): Promise<{ page: Page; blocked: string[] }> {
  const page = await browser.newPage({ viewport: { width: 300, height: 800 } });
  const blocked: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === PAGE_URL)
      return route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: html.replace('__SGA_LANG__', lang),
      });
    blocked.push(url);
    return route.abort();
  });
  await page.addInitScript(fakeScriptRun, { answers: answers(), delay });
  // The sidebar's clock: 29 Nov 2026 (JobOptions.today is the local date).
  await page.clock.setFixedTime(new Date(2026, 10, 29, 10, 0));
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(PAGE_URL);
  await page.waitForSelector('select[data-role="date"]', { state: 'attached' });
  expect(errors).toEqual([]);
  return { page, blocked };
}

const calls = (page: Page): Promise<Call[]> =>
  page.evaluate(() => (window as unknown as { __calls: Call[] }).__calls);

beforeAll(async () => {
  DIST = inject('sheetsDist');
  html = readFileSync(join(DIST, 'Sidebar.html'), 'utf8');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('the Sheets sidebar', () => {
  it('shows the mapping and sends Generate (Goal breakdown) to the server function run with the chosen options', async () => {
    const { page, blocked } = await openSidebar('en');
    // The mapping the server detected.
    const selected = (role: string): Promise<string> =>
      page.$eval(
        `select[data-role="${role}"]`,
        (s) => (s as HTMLSelectElement).selectedOptions[0]?.text ?? '',
      );
    await expect.poll(() => selected('date')).toBe('Order Date');
    expect(await selected('amount')).toBe('Sales Amount');
    expect(await selected('region')).toBe('Region');
    expect(await selected('rep')).toBe('Rep');
    await expect.poll(async () => (await calls(page)).map((c) => c.name)).toEqual(['listSources', 'inspect']);
    expect((await calls(page))[1].args).toEqual([SOURCE_ID, {}, 'en']);

    // The first screen: the four Generate buttons without scrolling, in Google's look.
    for (const kind of ['breakdown', 'quadrant', 'scorecard', 'tracking']) {
      const box = await page.locator(`button[data-kind="${kind}"]`).boundingBox();
      expect(box!.y + box!.height, kind).toBeLessThanOrEqual(800);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(300);
    expect(await page.getAttribute('.sga', 'class')).toContain('sga-google');

    // Options: April fiscal year, a rounding unit of 1,000 and a 60% ramp (under More options), then Generate.
    await page.selectOption('select[id$="-fiscal"]', '4');
    expect(await page.inputValue('input[id$="-breakdown-year"]')).toBe('FY2027');
    await page.click('button[data-more="breakdown"]');
    await page.selectOption('select[id$="-breakdown-unit"]', '1000');
    await page.fill('input[id$="-breakdown-uplift"]', '10');
    await page.fill('input[id$="-breakdown-ramp"]', '60');
    await page.click('button[data-kind="breakdown"]');
    await page.waitForSelector('.sga-ok');
    const run = (await calls(page)).find((c) => c.name === 'run')!;
    expect(run.args).toHaveLength(2);
    expect(run.args[1]).toMatch(/^[a-z0-9]+-[a-z0-9]+$/); // the run id of its progress and cancel
    const req = run.args[0] as {
      kind: string;
      sourceId: string;
      overrides: object;
      options: Record<string, unknown>;
    };
    expect(req.kind).toBe('breakdown');
    expect(req.sourceId).toBe(SOURCE_ID);
    expect(req.overrides).toEqual({});
    expect(req.options).toMatchObject({
      lang: 'en',
      unit: 1000,
      uplift: 0.1,
      seasonality: 'last',
      year: 2027,
      fiscalStart: 4,
      ramp: 0.6,
      today: 46355, // 2026-11-29
    });
    expect(await page.textContent('.sga-ok')).toContain('Goal Breakdown');

    // Goal tracking with an as-of date and the target table on "Plan": run with kind tracking, the date
    // as a serial (plain JSON) and the target table's source id.
    await page.fill('input[id$="-tracking-asof"]', '2026-08-15');
    await page.selectOption('select[id$="-tracking-targets"]', 'sheet:77');
    await page.click('button[data-kind="tracking"]');
    await expect.poll(async () => (await calls(page)).filter((c) => c.name === 'run').length).toBe(2);
    const track = (await calls(page)).filter((c) => c.name === 'run')[1].args[0] as {
      kind: string;
      options: Record<string, unknown>;
    };
    expect(track).toMatchObject({
      kind: 'tracking',
      sourceId: SOURCE_ID,
      targetSourceId: 'sheet:77',
      options: { lang: 'en', asOf: 46249 },
    });

    // The quadrant to date: toDate, with the fiscal year's period.
    await page.check('input[id$="-quadrant-todate"]');
    await page.click('button[data-kind="quadrant"]');
    await expect.poll(async () => (await calls(page)).filter((c) => c.name === 'run').length).toBe(3);
    expect((await calls(page)).filter((c) => c.name === 'run')[2].args[0]).toMatchObject({
      kind: 'quadrant',
      options: { toDate: true, period: 'FY2027', fiscalStart: 4, today: 46355 },
    });

    // A bad percentage: refused at the field and summed up at the top; nothing sent.
    await page.fill('input[id$="-breakdown-uplift"]', '0.2');
    await page.click('button[data-kind="breakdown"]');
    await page.waitForSelector('.sga-summary:not([hidden])');
    expect(await page.getAttribute('input[id$="-breakdown-uplift"]', 'aria-invalid')).toBe('true');
    expect(await page.textContent('[id$="-breakdown-uplift-error"]')).toBe(
      '"0.2" is ambiguous: write 0.2% or 20.',
    );
    expect(await page.textContent('.sga-summary li')).toBe('Uplift %: "0.2" is ambiguous: write 0.2% or 20.');
    expect((await calls(page)).filter((c) => c.name === 'run')).toHaveLength(3);

    // A skipped row's link asks the server to select it.
    await page.click('text=2 rows skipped');
    await page.click('button[data-row]');
    await expect.poll(async () => (await calls(page)).filter((c) => c.name === 'selectRow').length).toBe(1);

    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/sheets-sidebar.png', fullPage: true });
    expect(blocked).toEqual([]);
    await page.close();
  });

  it('while run is pending the bar follows the server steps (getProgress each second), then stops polling', async () => {
    const { page } = await openSidebar('zh', 30);
    await expect.poll(async () => (await calls(page)).length).toBe(2);
    await page.evaluate(() => {
      const w = window as unknown as { __delays: Record<string, number>; __steps: unknown[] };
      w.__delays.run = 6000; // room for three polls a second apart on a busy machine
      w.__steps = [
        { step: 'read', done: 25000, total: 26001 },
        { step: 'write', sheet: '象限分析', done: 100, total: 400 },
        { step: 'finish' },
      ];
    });
    const bar = async (): Promise<[number, string]> => [
      Number(await page.getAttribute('.sga-progress [role="progressbar"]', 'aria-valuenow')),
      (await page.textContent('.sga-progress [aria-live]')) ?? '',
    ];
    await page.click('button[data-kind="quadrant"]');
    await page.waitForSelector('.sga-progress:not([hidden])');
    const seen: [number, string][] = [];
    await expect
      .poll(
        async () => {
          const b = await bar();
          if (seen[seen.length - 1]?.[1] !== b[1]) seen.push(b);
          return b[1];
        },
        { timeout: 9000, interval: 50 },
      )
      .toBe('即将完成…');
    expect(seen.map(([, m]) => m)).toEqual([
      '正在处理…',
      '正在读取：第 25,000 行，共 26,001 行',
      '正在写入“象限分析”：第 100 行，共 400 行',
      '即将完成…',
    ]);
    const pct = seen.map(([p]) => p);
    expect(pct).toEqual([...pct].sort((a, b) => a - b));
    expect(pct[pct.length - 1]).toBe(97);
    await page.waitForSelector('.sga-ok');
    const runId = (await calls(page)).find((c) => c.name === 'run')!.args[1];
    const polls = (await calls(page)).filter((c) => c.name === 'getProgress');
    expect(polls.length).toBeGreaterThanOrEqual(3);
    expect(polls.every((c) => c.args[0] === runId)).toBe(true);
    await page.waitForTimeout(1500); // the run answered: no more polls
    expect((await calls(page)).filter((c) => c.name === 'getProgress')).toHaveLength(polls.length);
    await page.close();
  });

  it('Cancel stops waiting for the server, asks it to stop (cancelRun with the run id) and ignores its answer', async () => {
    const { page } = await openSidebar('en', 30);
    await expect.poll(async () => (await calls(page)).length).toBe(2);
    await page.evaluate(() => void ((window as unknown as { __delay: number }).__delay = 1500));
    await page.click('button[data-kind="quadrant"]');
    await page.waitForSelector('.sga-progress:not([hidden])');
    await page.click('.sga-progress button');
    await page.waitForSelector('.sga-progress', { state: 'hidden' });
    await page.waitForTimeout(1700); // the server answers meanwhile: ignored
    expect(await page.$('.sga-ok')).toBeNull();
    const all = await calls(page);
    const runs = all.filter((c) => c.name === 'run');
    expect(runs).toHaveLength(1);
    expect(all.filter((c) => c.name === 'cancelRun').map((c) => c.args)).toEqual([[runs[0].args[1]]]);
    await page.close();
  });

  it('is in Chinese when the server says zh', async () => {
    const { page } = await openSidebar('zh');
    expect(await page.getAttribute('.sga', 'lang')).toBe('zh-CN');
    await expect.poll(async () => (await calls(page))[1]?.args[2]).toBe('zh');
    expect(await page.textContent('button[data-kind="breakdown"]')).toMatch(/[\u4e00-\u9fff]/);
    await page.close();
  });
});

// ---------------------------------------------------------------------------------------------
// The sidebar driving the real server (the built Code.js on the Apps Script fake)
// ---------------------------------------------------------------------------------------------

/** google.script.run in the page, each call sent to the server in Node (`__gas`, exposed by the test). */
function realScriptRun(names: string[]): void {
  const w = window as unknown as {
    __calls: Call[];
    google: unknown;
    __gas(name: string, args: string): Promise<{ value?: unknown; error?: string }>;
  };
  w.__calls = [];
  const runner = (ok: ((v: unknown) => void) | null, fail: ((e: unknown) => void) | null): object => {
    const r: Record<string, unknown> = {
      withSuccessHandler: (f: (v: unknown) => void) => runner(f, fail),
      withFailureHandler: (f: (e: unknown) => void) => runner(ok, f),
    };
    for (const name of names)
      r[name] = (...args: unknown[]) => {
        w.__calls.push({ name, args: JSON.parse(JSON.stringify(args)) });
        void w
          .__gas(name, JSON.stringify(args))
          .then((a) => (a.error !== undefined ? fail?.(new Error(a.error)) : ok?.(a.value)));
      };
    return r;
  };
  w.google = { script: { run: runner(null, null) } };
}

/**
 * The sidebar on a fake spreadsheet holding the English sample (one amount as text: the quadrant writes a
 * Clean Data sheet too), every block of cells "taking" 200 s so that a run needs several executions, and
 * each run step answering `stepMs` after its work (the time a real step takes: the page polls meanwhile).
 */
async function openRealSidebar(stepMs: number): Promise<{ page: Page; gas: FakeGas; steps: Execution[] }> {
  const steps: Execution[] = [];
  const gas = new FakeGas();
  const addon = gas.load(
    [{ code: readFileSync(join(DIST, 'Code.js'), 'utf8'), filename: 'Code.js' }],
    ENTRY_POINTS,
  ) as unknown as Record<string, (...a: unknown[]) => unknown>;
  const cells = buildSampleCells('en');
  cells[10][6] = String(cells[10][6]);
  const { firstDataRow, totalRow } = sampleLayout(generateSalesRows().orders.length);
  const formats = cells.map((row, i) =>
    i >= firstDataRow && i < totalRow ? [...ORDER_FORMATS] : row.map(() => null),
  );
  const zoned = cells.map((row) =>
    row.map((v) =>
      v instanceof Date
        ? zonedMidnight(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate(), 'Etc/UTC')
        : v,
    ),
  );
  gas.ss.addSheet('Sales', zoned, formats);
  gas.meter.onServiceCall = (key) => {
    if (key === 'Range.setValues') gas.meter.advance(200_000);
  };
  const page = await browser.newPage({ viewport: { width: 300, height: 800 } });
  await page.route('**/*', (route) =>
    route.request().url() === PAGE_URL
      ? route.fulfill({ contentType: 'text/html; charset=utf-8', body: html.replace('__SGA_LANG__', 'en') })
      : route.abort(),
  );
  await page.exposeFunction('__gas', async (name: string, args: string) => {
    let answer: { value?: unknown; error?: string };
    try {
      answer = { value: JSON.parse(JSON.stringify(addon[name](...(JSON.parse(args) as unknown[])) ?? null)) };
    } catch (e) {
      answer = { error: e instanceof Error ? e.message : String(e) };
    }
    if (name !== 'run' && name !== 'continueRun') return answer;
    steps.push(gas.meter.done.at(-1)!);
    await new Promise((r) => setTimeout(r, stepMs));
    return answer;
  });
  await page.addInitScript(realScriptRun, ENTRY_POINTS);
  await page.clock.setFixedTime(new Date(2026, 10, 29, 10, 0));
  await page.goto(PAGE_URL);
  await expect
    .poll(() =>
      page.$eval('select[data-role="date"]', (s) => (s as HTMLSelectElement).selectedOptions[0]?.text ?? ''),
    )
    .toBe('Order Date');
  return { page, gas, steps };
}

const progressText = (page: Page): Promise<string> =>
  page.textContent('.sga-progress [aria-live]').then((t) => t ?? '');

describe('the Sheets sidebar with the real server', () => {
  it('generates in steps: run, then continueRun while pending, the bar following the server', async () => {
    const { page, gas, steps: execs } = await openRealSidebar(1200);
    await page.click('button[data-kind="quadrant"]');
    const seen: string[] = [];
    const pct: number[] = [];
    await expect
      .poll(
        async () => {
          const t = (await page.$('.sga-ok')) ? 'done' : await progressText(page);
          if (t && seen[seen.length - 1] !== t) {
            seen.push(t);
            const now = await page.getAttribute('.sga-progress [role="progressbar"]', 'aria-valuenow');
            if (t !== 'done') pct.push(Number(now));
          }
          return t;
        },
        { timeout: 30_000, interval: 100 },
      )
      .toBe('done');
    expect(await page.textContent('.sga-ok')).toContain('Quadrant Analysis');
    const all = await calls(page);
    const run = all.filter((c) => c.name === 'run');
    const steps = all.filter((c) => c.name === 'continueRun');
    expect(run).toHaveLength(1);
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(steps.every((c) => c.args[0] === run[0].args[1])).toBe(true);
    expect(execs.length).toBe(1 + steps.length);
    expect(execs.every((e) => !e.killed && e.ms < 330_000)).toBe(true);
    // The bar went through both sheets, never backwards.
    // The bar followed the server through the steps (the small quadrant sheet is written in the same step as
    // the end of Clean Data: its rows show as "Finishing"), never backwards.
    expect(seen.join(' | ')).toMatch(
      /^Working… \| Writing "Clean Data": rows [\d,]+ of [\d,]+ \| .*Finishing… \| done$/,
    );
    expect(pct).toEqual([...pct].sort((a, b) => a - b));
    expect(gas.ss.sheets.map((s) => s.name)).toEqual(['Sales', 'Clean Data', 'Quadrant Analysis']);
    expect(gas.ss.metadata.filter((m) => m.key === 'sga-run')).toEqual([]);
    await page.close();
  });

  it('Cancel during a step: cancelRun, then the next step undoes the run; nothing is left', async () => {
    const { page, gas } = await openRealSidebar(3000);
    await page.click('button[data-kind="quadrant"]');
    await expect
      .poll(() => progressText(page), { timeout: 10_000, interval: 50 })
      .toMatch(/^Writing "Clean Data"/);
    await page.click('.sga-progress button');
    await page.waitForSelector('.sga-progress', { state: 'hidden' });
    // The step in flight answers "pending"; the next one, after the cancel reached the server, undoes the run.
    await expect
      .poll(
        async () =>
          (await calls(page))
            .map((c) => c.name)
            .filter((n) => n !== 'getProgress' && n !== 'listSources' && n !== 'inspect'),
        { timeout: 15_000 },
      )
      .toEqual(['run', 'cancelRun', 'continueRun']);
    await expect.poll(() => gas.ss.sheets.map((s) => s.name), { timeout: 10_000 }).toEqual(['Sales']);
    expect(gas.ss.metadata).toEqual([]);
    expect(await page.$('.sga-ok')).toBeNull();
    await page.close();
  });
});
