/**
 * Apps Script's limits, on the BUILT add-on in the fake (test/fake-gas.ts): every call costs simulated time,
 * an execution past 6 minutes is stopped wherever it is, a spreadsheet holds 10,000,000 cells. A run from the
 * sidebar works in steps (server/run.ts): here the client's loop is `drive` (run, then continueRun while
 * pending; a stopped step is continued, as sheets-addon/client/backend.ts does).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { runJob, type JobKind } from '../core/analysis/job';
import type { SheetSpec } from '../core/spec/types';
import { readSalesTable } from '../core/table';
import type { Cell } from '../core/types';
import {
  buildSampleCells,
  generateLargeTable,
  generateSalesRows,
  ORDER_FORMATS,
  sampleLayout,
} from '../samples/data';
import { ALIVE_MS } from '../sheets-addon/server/run-state';
import {
  CELL_LIMIT,
  CELL_LIMIT_MESSAGE,
  EXCEEDED,
  FakeGas,
  LATENCY,
  raw,
  zonedMidnight,
  type FakeSheet,
} from './fake-gas';
import { ENTRY_POINTS } from './sheets-entry';

type Fn = (...args: unknown[]) => unknown;
type Addon = Record<string, Fn>;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
interface Answer {
  ok: boolean;
  sheets: string[];
  summary: string[];
  error?: string;
  pending?: boolean;
}

let CODE = '';

beforeAll(() => {
  CODE = readFileSync(join(inject('sheetsDist'), 'Code.js'), 'utf8');
});

const GENERATED_AT = '2026-10-01';
const TODAY = 46355; // 2026-11-29
const OPTIONS = { lang: 'en', generatedAt: GENERATED_AT, today: TODAY };

function load(opts: ConstructorParameters<typeof FakeGas>[0] = {}): { gas: FakeGas; addon: Addon } {
  const gas = new FakeGas(opts);
  return { gas, addon: gas.load([{ code: CODE, filename: 'Code.js' }], ENTRY_POINTS) as unknown as Addon };
}

function sampleFormats(cells: readonly (readonly Cell[])[]): (string | null)[][] {
  const { firstDataRow, totalRow } = sampleLayout(generateSalesRows().orders.length);
  return cells.map((row, i) =>
    i >= firstDataRow && i < totalRow ? [...ORDER_FORMATS] : new Array<string | null>(row.length).fill(null),
  );
}

/**
 * The English sample as "Sales", one amount as text (so the quadrant writes a Clean Data sheet too);
 * `every` > 1 keeps one order row in `every` (a small table of the same years, for the many runs below).
 */
function withSample(every = 1): { gas: FakeGas; addon: Addon } {
  const { gas, addon } = load();
  const cells = buildSampleCells('en');
  cells[10][6] = String(cells[10][6]);
  const { firstDataRow, totalRow } = sampleLayout(generateSalesRows().orders.length);
  const keep = (i: number): boolean =>
    i < firstDataRow || i >= totalRow || i === 10 || (i - firstDataRow) % every === 0;
  const zoned = cells.map((row) =>
    row.map((v) =>
      v instanceof Date
        ? zonedMidnight(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate(), 'Etc/UTC')
        : v,
    ),
  );
  gas.ss.addSheet(
    'Sales',
    zoned.filter((_, i) => keep(i)),
    sampleFormats(cells).filter((_, i) => keep(i)),
  );
  return { gas, addon };
}

/** `rows` rows of the large table as "Big"; every 1,000th amount is text (a Clean Data copy of every row). */
function withLarge(rows: number): { gas: FakeGas; addon: Addon; cells: Cell[][] } {
  const { gas, addon } = load();
  const cells = generateLargeTable(rows).map((row, i) =>
    i > 0 && i % 1000 === 7 ? row.map((v, j) => (j === 6 ? String(v) : v)) : row,
  );
  gas.ss.addSheet('Big', cells);
  return { gas, addon, cells };
}

const request = (gas: FakeGas, kind: JobKind, sheet: string, options: object = {}): object => ({
  kind,
  sourceId: `sheet:${gas.ss.sheet(sheet).id}`,
  overrides: {},
  options: { ...OPTIONS, ...options },
});

const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/**
 * The sidebar's loop: run, then continueRun while the answer is pending; a step stopped by the host is
 * continued (at most `retries` times in a row). The answer and the executions it took.
 */
function drive(addon: Addon, req: object, runId: string, retries = 2): Answer {
  let failures = 0;
  let step: () => unknown = () => addon.run(req, runId);
  for (;;) {
    let res: Answer;
    try {
      res = plain(step()) as Answer;
      failures = 0;
    } catch (e) {
      expect(String(e)).toContain(EXCEEDED);
      if (++failures > retries) throw e;
      step = () => addon.continueRun(runId);
      continue;
    }
    if (!res.pending) return res;
    step = () => addon.continueRun(runId);
  }
}

/** Every sheet that was not there before is ours (its kind and its own id marked) or a temporary one. */
function expectNoStranger(gas: FakeGas, before: FakeSheet[]): void {
  for (const s of gas.ss.sheets) {
    if (before.includes(s)) continue;
    const marks = gas.ss.metadataOf(s);
    const ours = !!marks['sga-kind'] && marks['sga-sheet-id'] === String(s.id);
    expect(ours || /^~sga-/.test(s.name), `${s.name}: ${JSON.stringify(marks)}`).toBe(true);
  }
}

/** What a user sees of the sheets: names in order, cells, rules, charts, panes, widths, hidden columns. */
function workbook(gas: FakeGas): unknown {
  return plain(
    gas.ss.sheets.map((s) => ({
      name: s.name,
      kind: gas.ss.metadataOf(s)['sga-kind'] ?? null,
      size: [s.maxRows, s.maxCols],
      cells: s.cells,
      rules: s.rules,
      charts: s.charts,
      frozen: [s.frozenRows, s.frozenCols],
      widths: Array.from({ length: s.maxCols }, (_, c) => s.getColumnWidth(c + 1)),
      hidden: [...s.hiddenColumns].sort((a, b) => a - b),
    })),
  );
}

/** Nothing of a run is left over: no run marks, no temporary sheets. */
function expectSettled(gas: FakeGas): void {
  expect(gas.ss.metadata.filter((m) => m.key === 'sga-run')).toEqual([]);
  expect(gas.ss.sheets.filter((s) => /^~sga-/.test(s.name))).toEqual([]);
}

/** Steps for a small table: every block of cells "takes" this long, so that a run needs several executions. */
function slowBlocks(gas: FakeGas, ms = 200_000): void {
  gas.meter.onServiceCall = (key) => {
    if (key === 'Range.setValues') gas.meter.advance(ms);
  };
}

describe('the fake is as strict as Apps Script', () => {
  it('each call costs simulated time; an execution past 6 minutes is stopped with its error, its later calls fail, its lock is released', () => {
    const { gas } = load();
    const sheet = gas.wrapSheet(gas.ss.addSheet('S')) as Sheet;
    (raw(sheet) as unknown as FakeSheet).maxCols = 100;
    const t0 = gas.meter.now;
    gas.execute(() => sheet.getRange(1, 1, 1000, 100).getValues());
    expect(gas.meter.now - t0).toBeCloseTo(LATENCY.callMs * 2 + 100_000 * (LATENCY.readUsPerCell / 1000), 6);
    const values = Array.from({ length: 1000 }, () => new Array(100).fill(1));
    const styles = gas.execute(() => {
      const range = sheet.getRange(1, 1, 1000, 100);
      range.setValues(values);
      return range.getTextStyles();
    });
    expect(gas.meter.done.at(-1)!.ms).toBeCloseTo(3 * LATENCY.callMs + (100 * 1000 * 13) / 1000, 6);

    // setTextStyles of 100,000 cells: 10 s; the 37th in one execution passes 6 minutes.
    let calls = 0;
    let afterwards = '';
    const lock = (): unknown =>
      (gas.globals.LockService as { getDocumentLock(): { tryLock(ms: number): boolean } })
        .getDocumentLock()
        .tryLock(1);
    const stopped = (): void =>
      gas.execute(() => {
        lock();
        try {
          for (;;) {
            sheet.getRange(1, 1, 1000, 100).setTextStyles(styles);
            calls++;
          }
        } catch {
          try {
            sheet.getRange(1, 1).setValue('x'); // a catch block cannot touch the spreadsheet any more
          } catch (e) {
            afterwards = String(e);
          }
        }
      });
    expect(stopped).toThrow(EXCEEDED);
    expect(calls).toBe(35); // the 36th call ends past 360 s: it happened, but the script never saw it return
    expect(afterwards).toContain(EXCEEDED);
    expect(gas.meter.done.at(-1)).toMatchObject({ killed: true });
    expect(gas.meter.done.at(-1)!.ms).toBeGreaterThan(360_000);
    expect(gas.lock.heldByUs).toBe(false);
    // The next execution starts its own 6 minutes.
    expect(gas.execute(() => sheet.getRange(1, 1).getValue())).toBe(1);
  });

  it("the add-on's Date is the simulated clock (standing still within an execution with hideTime)", () => {
    const { gas } = load();
    const ctx = gas.context();
    const at = (): number => vm.runInContext('Date.now()', ctx) as number;
    expect(at()).toBe(Math.floor(gas.meter.now));
    gas.meter.advance(90_000);
    expect(at()).toBe(Math.floor(gas.meter.now));
    expect(vm.runInContext('new Date().getTime()', ctx)).toBe(Math.floor(gas.meter.now));
    gas.meter.hideTime = true;
    gas.execute(() => {
      const start = at();
      gas.meter.advance(60_000);
      expect(at()).toBe(start);
    });
  });

  it(`a spreadsheet holds ${CELL_LIMIT.toLocaleString('en-US')} cells: an insert beyond throws Sheets' message`, () => {
    const { gas } = load();
    const filler = gas.ss.addSheet('Filler');
    filler.maxRows = 384_000; // × 26 columns = 9,984,000 cells
    const ss = gas.wrapSpreadsheet() as GoogleAppsScript.Spreadsheet.Spreadsheet;
    expect(() => ss.insertSheet('More')).toThrow(CELL_LIMIT_MESSAGE);
    filler.maxRows = 383_000; // 9,958,000: a new sheet (26,000) fits
    const more = ss.insertSheet('More');
    expect(() => more.insertRowsAfter(1000, 1000)).toThrow(CELL_LIMIT_MESSAGE);
    expect(() => more.insertColumnsAfter(26, 20)).toThrow(CELL_LIMIT_MESSAGE);
    more.insertRowsAfter(1000, 600);
    expect(gas.ss.cellCount()).toBe(9_958_000 + 1600 * 26);
  });
});

describe('a long run works in steps', () => {
  it('an unchunked 200,000-row run would have been stopped at 6 minutes; in steps it completes in several executions', () => {
    const { gas, addon, cells } = withLarge(200_000);
    const req = request(gas, 'quadrant', 'Big');
    const before = [...gas.ss.sheets];

    // An add-on that does not watch the time (hideTime): one execution, stopped half way by the host.
    gas.meter.hideTime = true;
    expect(() => addon.run(req, 'at-once')).toThrow(EXCEEDED);
    const once = gas.meter.done.at(-1)!;
    expect(once.killed).toBe(true);
    expect(once.ms).toBeGreaterThan(LATENCY.limitMs);
    expectNoStranger(gas, before); // what it left is marked: ours, and the stopped run's
    const left = gas.ss.sheets.filter((s) => !before.includes(s));
    expect(left.map((s) => gas.ss.metadataOf(s)['sga-run'])).toEqual(['at-once:0:new']);
    expect(left[0].lastRow()).toBeLessThan(200_001); // half written

    // The add-on as it is: steps of at most 5.5 minutes; the stopped run's sheet is cleaned up first.
    gas.meter.hideTime = false;
    const first = gas.meter.done.length;
    const res = drive(addon, req, 'steps');
    const steps = gas.meter.done.slice(first);
    expect(res.ok, res.error).toBe(true);
    expect(res.sheets).toEqual(['Clean Data', 'Quadrant Analysis']);
    expect(res.summary[0]).toBe('Cleaned up after an interrupted generation: 1 unfinished sheet removed.');
    expect(steps.length).toBeGreaterThanOrEqual(2);
    for (const s of steps) {
      expect(s.killed).toBe(false);
      expect(s.ms).toBeLessThan(330_000 + 60_000);
    }
    console.log(
      '200k rows in steps, simulated s per execution:',
      steps.map((s) => Math.round(s.ms / 1000)),
    );
    expectSettled(gas);
    expect(gas.ss.sheets.map((s) => s.name)).toEqual(['Big', 'Clean Data', 'Quadrant Analysis']);
    // The sheets are the core's: the quadrant whole, the Clean Data rows at the blocks' edges.
    const specs = coreSpecs('quadrant', cells, 'Big');
    const data = gas.ss.sheet('Clean Data');
    expect(data.maxCols).toBe(specs[0].cells[0]!.length); // a long new sheet keeps only its columns
    for (const r of [1, 2, 22_222, 22_223, 100_000, 200_001])
      expect(data.grid(r, 1, 1, 9)[0], `row ${r}`).toEqual(Array.from(specs[0].cells[r - 1]!, input));
    const q = gas.ss.sheet('Quadrant Analysis');
    specs[1].cells.forEach((row, i) =>
      expect(q.grid(i + 1, 1, 1, row?.length ?? 0)[0], `row ${i + 1}`).toEqual(Array.from(row ?? [], input)),
    );
  }, 600_000);
});

interface Scenario {
  name: string;
  /** Every sheet of the run is one of ours rewritten in place (the run makes no new sheet). */
  rewrites: boolean;
  /** The spreadsheet before the run (a first run may make sheets of ours that the run rewrites). */
  setup(): { gas: FakeGas; addon: Addon };
  req(gas: FakeGas): object;
}

/** One order row in 8: 370 rows, two new sheets, three executions in steps (slowBlocks). */
const SMALL = 8;

const SCENARIOS: Scenario[] = [
  {
    name: 'new sheets (Clean Data, Quadrant Analysis)',
    rewrites: false,
    setup: () => withSample(SMALL),
    req: (gas) => request(gas, 'quadrant', 'Sales'),
  },
  {
    name: 'our sheets rewritten in place (by Rep after by Region)',
    rewrites: true,
    setup: () => {
      const env = withSample(SMALL);
      expect((env.addon.run(request(env.gas, 'quadrant', 'Sales')) as Answer).ok).toBe(true);
      return env;
    },
    req: (gas) => request(gas, 'quadrant', 'Sales', { by: 'Rep' }),
  },
];

/** The workbook a one-shot run of the scenario leaves (one execution, no step). */
function oneShot(sc: Scenario): unknown {
  const { gas, addon } = sc.setup();
  const res = drive(addon, sc.req(gas), 'one-shot');
  expect(res.ok, res.error).toBe(true);
  return workbook(gas);
}

/**
 * The scenario's run in steps (slowBlocks), stopped where `stop` says: by the host at its n-th service call,
 * or by the user after its n-th step (the sidebar closed). Then what a user does: continue it (the sidebar's
 * retry; a new run if there was nothing to continue from), or (`abandon`) generate again. The workbook is
 * checked right after the stop.
 */
function stoppedRun(
  sc: Scenario,
  stop: { call: number } | { steps: number },
  abandon: boolean,
): { gas: FakeGas; res: Answer; left: boolean } {
  const { gas, addon } = sc.setup();
  const before = [...gas.ss.sheets];
  slowBlocks(gas);
  if ('call' in stop) gas.meter.killAfter(stop.call);
  let res: Answer | null = null;
  let steps = 0;
  try {
    res = plain(addon.run(sc.req(gas), 'stopped')) as Answer;
    while (res.pending && (!('steps' in stop) || ++steps < stop.steps))
      res = plain(addon.continueRun('stopped')) as Answer;
    if (!res.pending) return { gas, res, left: false };
  } catch (e) {
    expect(String(e)).toContain(EXCEEDED);
  }
  expectNoStranger(gas, before);
  // Something of the stopped run's to clean up: a sheet it was writing (marked), or making (temporary name).
  const left =
    gas.ss.metadata.some((m) => m.key === 'sga-run') || gas.ss.sheets.some((s) => /^~sga-/.test(s.name));
  res = abandon ? null : (plain(addon.continueRun('stopped')) as Answer);
  if (res && (res as { code?: string }).code === 'expired') res = null;
  res = res ?? drive(addon, sc.req(gas), 'again');
  while (res.pending) res = plain(addon.continueRun('stopped')) as Answer;
  return { gas, res, left };
}

describe('a run stopped at any point', () => {
  for (const sc of SCENARIOS)
    it(`${sc.name}: stopped at any call, continued or generated again, it leaves the sheets of a one-shot run`, () => {
      const expected = oneShot(sc);
      // The calls of the run in steps, and its executions.
      const { gas, addon } = sc.setup();
      slowBlocks(gas);
      const first = gas.meter.done.length;
      expect(drive(addon, sc.req(gas), 'count').ok).toBe(true);
      const execs = gas.meter.done.slice(first);
      expect(execs.length).toBeGreaterThanOrEqual(3);
      const calls = execs.reduce((n, e) => n + e.calls, 0);
      // Stopped by the host at every other call (then continued, or generated again, in turn); stopped by
      // the user after each step but the last.
      const stops: [{ call: number } | { steps: number }, boolean][] = [];
      for (let k = 1; k <= calls; k += 2) stops.push([{ call: k }, k % 4 === 3]);
      for (let n = 1; n < execs.length; n++) stops.push([{ steps: n }, false], [{ steps: n }, true]);
      for (const [stop, abandon] of stops) {
        const { gas: g, res, left } = stoppedRun(sc, stop, abandon);
        const how = abandon ? 'generated again' : 'continued';
        const at = `stopped at ${JSON.stringify(stop)} of ${calls} calls, ${how}`;
        expect(res.ok, `${at}: ${res.error}`).toBe(true);
        expect(workbook(g), at).toEqual(expected);
        expectSettled(g);
        const cleaned = res.summary[0]?.startsWith('Cleaned up after an interrupted generation');
        if (abandon) expect(cleaned, at).toBe(left && !sc.rewrites);
      }
    }, 600_000);
});

/** A spec cell as the fake holds it after setValues (formulas as written, text without its apostrophe). */
function input(c: SheetSpec['cells'][number][number] | undefined): unknown {
  if (!c) return '';
  if (c.f) return c.f.startsWith('=') ? c.f : `=${c.f}`;
  return c.v ?? '';
}

function coreSpecs(kind: JobKind, cells: Cell[][], sheet: string): SheetSpec[] {
  // The fake's number format of a cell without one (what the add-on reads with the values).
  const formats = cells.map((row) => row.map(() => '0.###############'));
  const read = readSalesTable(cells, { lang: 'en', formats, originRow: 1 });
  if (!read.ok) throw new Error(read.error.message);
  const job = runJob(
    kind,
    read.table,
    { sheet, originRow: 1, originCol: 1, bounded: false },
    OPTIONS as never,
    [sheet],
  );
  if (!job.ok) throw new Error(job.error);
  return job.specs;
}

describe('before and between steps', () => {
  it("another editor's run in progress is waited for; abandoned (no step for two minutes), it is cleaned up in one line", () => {
    const { gas, addon } = withSample();
    slowBlocks(gas);
    const req = request(gas, 'quadrant', 'Sales');
    expect(plain(addon.run(req, 'theirs'))).toMatchObject({ pending: true });
    const made = gas.ss.sheets.filter((s) => s.name !== 'Sales').map((s) => s.name);
    expect(made).toEqual(['Clean Data']);
    gas.meter.onServiceCall = null;

    gas.userKey = 'user-2'; // another editor, between the first editor's steps
    for (const [lang, msg] of [
      ['en', 'Another editor’s generation is still writing sheets here; try again in two minutes.'],
      ['zh', '另一位编辑者的生成仍在写入本表格，请两分钟后再试。'],
    ])
      expect(plain(addon.run(request(gas, 'quadrant', 'Sales', { lang }), 'mine'))).toEqual({
        ok: false,
        sheets: [],
        summary: [],
        error: msg,
      });
    expect(gas.ss.sheets.map((s) => s.name)).toEqual(['Sales', ...made]);

    gas.meter.advance(ALIVE_MS); // the first editor closed the sidebar
    const res = drive(addon, request(gas, 'quadrant', 'Sales'), 'mine');
    expect(res.ok, res.error).toBe(true);
    expect(res.summary[0]).toBe('Cleaned up after an interrupted generation: 1 unfinished sheet removed.');
    expect(res.sheets).toEqual(['Clean Data', 'Quadrant Analysis']);
    expectSettled(gas);
    // The first editor's sidebar comes back: its run is gone, and it says so.
    expect(plain(addon.continueRun('theirs'))).toMatchObject({
      ok: false,
      code: 'expired',
      error:
        'This generation cannot go on any more (it was stopped, or another one replaced it). Generate again.',
    });
  });

  it('the zh clean-up line; a sheet of ours left partly rewritten is named when this run does not rewrite it', () => {
    const { gas, addon } = withSample();
    expect((addon.run(request(gas, 'breakdown', 'Sales')) as Answer).ok).toBe(true);
    // A breakdown run stopped just after it started rewriting our Goal Breakdown (its first block).
    gas.meter.onServiceCall = (key) => {
      if (key === 'Range.setValues') gas.meter.killAfter(1);
    };
    expect(() => addon.run(request(gas, 'breakdown', 'Sales', { uplift: 0.2 }), 'stopped')).toThrow(EXCEEDED);
    gas.meter.onServiceCall = null;
    const res = drive(addon, request(gas, 'quadrant', 'Sales', { lang: 'zh' }), 'next');
    expect(res.ok, res.error).toBe(true);
    expect(res.summary[0]).toBe('已清理上次中断的生成：“Goal Breakdown”只重写了一部分，请重新生成。');
    expectSettled(gas);
  });

  it('the data changed between two steps: the run stops and removes its unfinished sheets', () => {
    const { gas, addon } = withSample();
    slowBlocks(gas);
    const req = request(gas, 'quadrant', 'Sales');
    expect(plain(addon.run(req, 'r'))).toMatchObject({ pending: true });
    gas.ss.sheet('Sales').put(12, 7, { value: 1234.5 }); // a user edits an amount
    expect(plain(addon.continueRun('r'))).toEqual({
      ok: false,
      sheets: [],
      summary: [],
      error:
        'The data changed while the sheets were being written: the unfinished sheets were removed. Generate again.',
    });
    expect(gas.ss.sheets.map((s) => s.name)).toEqual(['Sales']);
    expectSettled(gas);
  });

  it('a cancel between two steps: the next step undoes the run; after the first sheet is complete, the run finishes', () => {
    const { gas, addon } = withSample();
    slowBlocks(gas);
    const req = request(gas, 'quadrant', 'Sales');
    expect(plain(addon.run(req, 'c1'))).toMatchObject({ pending: true }); // Clean Data started
    addon.cancelRun('c1');
    expect(plain(addon.continueRun('c1'))).toMatchObject({
      ok: false,
      error: 'Cancelled. Nothing was written.',
    });
    expect(gas.ss.sheets.map((s) => s.name)).toEqual(['Sales']);
    expectSettled(gas);

    let res = plain(addon.run(req, 'c2')) as Answer;
    res = plain(addon.continueRun('c2')) as Answer; // Clean Data complete: committed
    expect(res.pending).toBe(true);
    addon.cancelRun('c2');
    while (res.pending) res = plain(addon.continueRun('c2')) as Answer;
    expect(res).toMatchObject({ ok: true, sheets: ['Clean Data', 'Quadrant Analysis'] });
    expectSettled(gas);
  });
});

describe('limits said before anything is written', () => {
  it('sheets that would take the spreadsheet over 10,000,000 cells: refused in one line (en, zh), nothing written', () => {
    const { gas, addon } = withSample();
    gas.ss.addSheet('Filler').maxRows = 380_000; // 9,880,000 cells: room for one new sheet, not for two
    const before = workbook(gas);
    for (const [lang, msg] of [
      [
        'en',
        'Nothing was written: the new sheets need 101,192 cells and the spreadsheet has 9,955,322, over Google Sheets’ limit of 10,000,000 cells. Delete unused sheets, rows or columns, or choose a smaller range.',
      ],
      [
        'zh',
        '未写入任何内容：新工作表需要 101,192 个单元格，表格已有 9,955,322 个，超出 Google 表格 10,000,000 个单元格的上限。请删除不用的工作表、行或列，或选择较小的区域。',
      ],
    ])
      expect(plain(addon.run(request(gas, 'quadrant', 'Sales', { lang }), `x${lang}`))).toEqual({
        ok: false,
        sheets: [],
        summary: [],
        error: msg,
      });
    expect(workbook(gas)).toEqual(before);
    expectSettled(gas);
  });

  it('the menu writes a small table at once and refuses, before writing, sheets too large for one execution', () => {
    const { gas, addon } = withLarge(30_000);
    gas.ss.active = gas.ss.sheet('Big');
    addon.sgaMenuBreakdown(); // a small sheet from a large table: at once
    expect(gas.ui.alerts).toEqual([]);
    expect(gas.ss.toasts.at(-1)!.msg.split('\n')[0]).toBe('Written: Goal Breakdown');
    gas.ss.active = gas.ss.sheet('Big');
    const before = workbook(gas);
    addon.sgaMenuQuadrant(); // a Clean Data copy of 30,001 rows: the panel's job
    expect(gas.ui.alerts.map((a) => a[1])).toEqual([
      'Nothing was written: these sheets are too large to write from the menu in one go (Apps Script stops a menu command after 6 minutes). Generate them from the panel (Open panel), which writes in steps.',
    ]);
    expect(workbook(gas)).toEqual(before);
    expectSettled(gas);
  });
});
