/**
 * Regenerating a generated sheet in the BUILT Google Sheets add-on (as test/sheets-addon.test.ts loads it)
 * never breaks a formula that reads it: our sheet is rewritten in place (same id, name, position), so our
 * other sheets' formulas (Goal Tracking reads 'Goal Breakdown'!...) and a user's own formulas keep their
 * numbers. The fake (test/fake-gas.ts) is as strict as Sheets: a deleted sheet's references become #REF!
 * for good, and formulas are calculated, so a delete-and-replace would show here as it would to a user.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { readBreakdownTargets } from '../core/analysis';
import { runJob, type JobKind, type JobOptions } from '../core/analysis/job';
import type { SheetSpec } from '../core/spec/types';
import { readSalesTable } from '../core/table';
import type { Cell } from '../core/types';
import { buildSampleCells, generateSalesRows, ORDER_FORMATS, sampleLayout } from '../samples/data';
import type { RunStep } from '../sheets-addon/server/progress';
import { clearSheet } from '../sheets-addon/server/render';
import {
  FakeGas,
  FakeMetadata,
  isServiceCall,
  serialInZone,
  zonedMidnight,
  type FakeSheet,
} from './fake-gas';
import { ENTRY_POINTS } from './sheets-entry';

type Fn = (...args: unknown[]) => unknown;
type Addon = Record<string, Fn>;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type RunResult = { ok: boolean; sheets: string[]; summary: string[]; error?: string };

let CODE = '';

beforeAll(() => {
  CODE = readFileSync(join(inject('sheetsDist'), 'Code.js'), 'utf8');
});

const GENERATED_AT = '2026-10-01';
const TODAY = 46355; // 2026-11-29
const AS_OF = 46249; // 2026-08-15
const BASE: JobOptions = { lang: 'en', generatedAt: GENERATED_AT, today: TODAY };

/** Number formats of the sample order sheet (the order columns' formats on the data rows). */
function sampleFormats(cells: readonly (readonly Cell[])[]): (string | null)[][] {
  const { firstDataRow, totalRow } = sampleLayout(generateSalesRows().orders.length);
  return cells.map((row, i) =>
    i >= firstDataRow && i < totalRow ? [...ORDER_FORMATS] : new Array<string | null>(row.length).fill(null),
  );
}

/**
 * The built add-on over a fake spreadsheet holding the English sample as sheet "Sales". `textAmount`: one
 * amount is text, so that the analyses' formulas read a Clean Data sheet.
 */
function withSample(textAmount = false): { gas: FakeGas; addon: Addon; source: FakeSheet; cells: Cell[][] } {
  const gas = new FakeGas();
  const ctx = gas.load([{ code: CODE, filename: 'Code.js' }], ENTRY_POINTS);
  const cells = buildSampleCells('en');
  if (textAmount) cells[10][6] = String(cells[10][6]);
  const zoned = cells.map((row) =>
    row.map((v) =>
      v instanceof Date
        ? zonedMidnight(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate(), 'Etc/UTC')
        : v,
    ),
  );
  const source = gas.ss.addSheet('Sales', zoned, sampleFormats(cells));
  return { gas, addon: ctx as unknown as Addon, source, cells };
}

function run(addon: Addon, gas: FakeGas, kind: JobKind, options: object = {}, runId?: string): RunResult {
  const req = {
    kind,
    sourceId: `sheet:${gas.ss.sheet('Sales').id}`,
    overrides: {},
    options: { ...BASE, ...options },
  };
  return JSON.parse(JSON.stringify(addon.run(req, runId))) as RunResult;
}

/** The specs (and summary) the core makes for the sample with these options: what the add-on must write. */
function coreJob(
  kind: JobKind,
  cells: Cell[][],
  options: JobOptions = {},
): { specs: SheetSpec[]; summary: string[] } {
  const read = readSalesTable(cells, { lang: 'en', formats: sampleFormats(cells), originRow: 1 });
  if (!read.ok) throw new Error(read.error.message);
  const source = { sheet: 'Sales', originRow: 1, originCol: 1 };
  const job = runJob(kind, read.table, source, { ...BASE, ...options }, ['Sales']);
  if (!job.ok) throw new Error(job.error);
  return job;
}

const coreSpecs = (kind: JobKind, cells: Cell[][], options: JobOptions = {}): SheetSpec[] =>
  coreJob(kind, cells, options).specs;

/** A spec's cells as the core computed them (formulas as their expected values): what a reader sees. */
function expectedGrid(spec: SheetSpec): unknown[][] {
  return spec.cells.map((row) => Array.from(row ?? [], (c) => (c ? (c.f ? c.expect : c.v) : '')));
}

/** Every formula cell of `spec` on `sheet` calculates to what the core computed (its `expect`). */
function expectCalculated(gas: FakeGas, sheet: FakeSheet, spec: SheetSpec): void {
  const problems: string[] = [];
  let checked = 0;
  spec.cells.forEach((row, i) =>
    row?.forEach((sc, j) => {
      if (!sc?.f || sc.expect === undefined) return;
      checked++;
      const raw = sheet.valueAt(i + 1, j + 1);
      const got = raw instanceof Date ? serialInZone(raw, gas.ss.timeZone) : raw;
      const want = sc.expect;
      const ok =
        typeof want === 'number' && typeof got === 'number'
          ? Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want))
          : got === want;
      if (!ok) problems.push(`${sheet.name}!R${i + 1}C${j + 1} ${sc.f}: ${JSON.stringify(got)} != ${want}`);
    }),
  );
  expect(problems.slice(0, 8)).toEqual([]);
  expect(checked).toBeGreaterThan(10);
}

/** What a user types into a sheet (parsed as Sheets parses typing: "=..." is a formula). */
function type(gas: FakeGas, sheet: FakeSheet, a1: string, rows: unknown[][]): void {
  (gas.wrapSheet(sheet) as Sheet).getRange(a1).setValues(rows);
}

/** Everything of a sheet a render sets, to compare a rewritten sheet with a fresh one. */
function look(sheet: FakeSheet, cols: number): unknown {
  const widths = Array.from({ length: cols }, (_, c) => sheet.getColumnWidth(c + 1));
  return JSON.parse(
    JSON.stringify({
      cells: sheet.cells,
      rules: sheet.rules,
      charts: sheet.charts,
      frozen: [sheet.frozenRows, sheet.frozenCols],
      hidden: [...sheet.hiddenColumns].sort((a, b) => a - b),
      widths,
    }),
  );
}

const kindOf = (gas: FakeGas, s: FakeSheet): string | null => gas.ss.metadataOf(s)['sga-kind'] ?? null;

describe('the fake is as strict as Sheets with formulas', () => {
  it('a deleted sheet: its references become #REF! for good (a new sheet of the name does not repair them); a rename follows', () => {
    const gas = new FakeGas();
    const data = gas.ss.addSheet('Data', [[40], [2]]);
    const user = gas.ss.addSheet('Mine');
    type(gas, user, 'A1:A2', [["='Data'!A1+Data!A2"], ['=SUM(\'Data\'!A1:A2)&" units"']]);
    expect([user.valueAt(1, 1), user.valueAt(2, 1)]).toEqual([42, '42 units']);
    const ss = gas.wrapSpreadsheet() as GoogleAppsScript.Spreadsheet.Spreadsheet;
    (gas.wrapSheet(data) as Sheet).setName('Numbers');
    expect(user.cell(1, 1)!.formula).toBe('=Numbers!A1+Numbers!A2');
    expect(user.valueAt(1, 1)).toBe(42);
    ss.deleteSheet(gas.wrapSheet(data) as Sheet);
    expect(user.cell(1, 1)!.formula).toBe('=#REF!A1+#REF!A2');
    expect(user.valueAt(1, 1)).toBe('#REF!');
    const again = ss.insertSheet('Numbers');
    again.getRange('A1:A2').setValues([[40], [2]]);
    expect([user.valueAt(1, 1), user.valueAt(2, 1)]).toEqual(['#REF!', '#REF!']);
  });

  it('formulas are calculated lazily (a read of plain cells calculates nothing), once per write, with dates as serials of the zone', () => {
    const gas = new FakeGas({ timeZone: 'Asia/Shanghai' });
    const day = zonedMidnight(2026, 3, 31, 'Asia/Shanghai');
    const plain = gas.ss.addSheet('Plain', [[day, 5]]);
    const calc = gas.ss.addSheet('Calc');
    type(gas, calc, 'A1:C1', [['=Plain!A1+1', '=YEAR(Plain!A1)*100+MONTH(Plain!A1)', '=Plain!B1*2']]);
    const read = (s: FakeSheet, a1: string): unknown[][] =>
      (gas.wrapSheet(s) as Sheet).getRange(a1).getValues();
    expect(read(plain, 'A1:B1')).toEqual([[day, 5]]);
    expect(gas.ss.calculations).toBe(0);
    // 31 March in Shanghai is serial 46112 (16:00 UTC the day before: read in UTC it would be the 30th).
    expect(read(calc, 'A1:C1')).toEqual([[46113, 202603, 10]]);
    expect(read(calc, 'B1')).toEqual([[202603]]);
    expect(gas.ss.calculations).toBe(1); // cached until a write
    // A date-formatted result is a Date, as Sheets hands it: midnight of 1 April in Shanghai.
    calc.put(1, 1, { value: '', format: 'yyyy-mm-dd' });
    expect(read(calc, 'A1')).toEqual([[zonedMidnight(2026, 4, 1, 'Asia/Shanghai')]]);
    type(gas, plain, 'B1', [[7]]);
    expect(read(calc, 'C1')).toEqual([[14]]);
    expect(gas.ss.calculations).toBe(3);
  });

  it('Sheet.clear() clears contents and formats only: rules, charts, frozen rows and widths stay for their own calls', () => {
    const { gas, addon } = withSample();
    expect(run(addon, gas, 'quadrant').ok).toBe(true);
    const q = gas.ss.sheet('Quadrant Analysis');
    const before = [q.rules.length, q.charts.length, q.frozenRows, q.hiddenColumns.size, q.columnWidths.size];
    expect(before.every((n) => n > 0)).toBe(true);
    (gas.wrapSheet(q) as Sheet).clear();
    expect(q.cells).toEqual([]);
    expect([
      q.rules.length,
      q.charts.length,
      q.frozenRows,
      q.hiddenColumns.size,
      q.columnWidths.size,
    ]).toEqual(before);
  });
});

describe('regenerating in place', () => {
  it("regenerating the breakdown keeps its sheet: the user's formulas and Goal Tracking's targets keep the core's numbers", () => {
    const { gas, addon, cells } = withSample();
    expect(run(addon, gas, 'breakdown').ok).toBe(true);
    const bd = gas.ss.sheet('Goal Breakdown');
    const place = { id: bd.id, name: bd.name, index: gas.ss.sheets.indexOf(bd) };
    expect(run(addon, gas, 'tracking', { asOf: AS_OF }).sheets).toEqual(['Goal Tracking']);
    // The user's own sheet reads the breakdown: the annual target (an input), Q1 (a formula), the months.
    const mine = gas.ss.addSheet('My numbers');
    const mineFormulas = [
      ["='Goal Breakdown'!B4"],
      ["='Goal Breakdown'!G10*2"],
      ["=SUM('Goal Breakdown'!C10:C21)"],
    ];
    type(gas, mine, 'A1:A3', mineFormulas);

    const [bdSpec] = coreSpecs('breakdown', cells);
    const want = expectedGrid(bdSpec);
    const targets = readBreakdownTargets(want)!;
    const core = coreJob('tracking', cells, {
      asOf: AS_OF,
      breakdown: { ...targets, sheet: 'Goal Breakdown' },
    });
    const [trSpec] = core.specs;
    const annual = want[3][1] as number;
    expect(annual).toBeGreaterThan(1_000_000);
    const expectMine = (): void =>
      expect([1, 2, 3].map((r) => mine.valueAt(r, 1))).toEqual([annual, (want[9][6] as number) * 2, annual]);
    expectMine();

    for (let k = 0; k < 2; k++) {
      const res = run(addon, gas, 'breakdown');
      expect(res.ok, res.error).toBe(true);
      expect(res.sheets).toEqual(['Goal Breakdown']);
      // What a user sees first: their formulas and Goal Tracking's still read the breakdown's numbers
      // (nobody's formulas were rewritten to #REF!).
      expectMine();
      expect(mine.grid(1, 1, 3, 1)).toEqual(mineFormulas);
      expectCalculated(gas, gas.ss.sheet('Goal Tracking'), trSpec);
      // Because the breakdown is the same sheet, in the same place, with the core's numbers.
      const now = gas.ss.sheet('Goal Breakdown');
      expect({ id: now.id, name: now.name, index: gas.ss.sheets.indexOf(now) }).toEqual(place);
      expect(gas.ss.sheets.map((s) => s.name)).toEqual([
        'Sales',
        'Goal Breakdown',
        'Goal Tracking',
        'My numbers',
      ]);
      expect(gas.ss.sheets.filter((s) => kindOf(gas, s) === 'breakdown').map((s) => s.id)).toEqual([
        place.id,
      ]);
      expectCalculated(gas, now, bdSpec);
    }
    expect(gas.ss.sheet('Goal Tracking').cell(8, 2)!.formula).toBe("='Goal Breakdown'!$C$10");

    const tracking = gas.ss.sheet('Goal Tracking');
    // The add-on read the breakdown's calculated targets: its summary is the core's (attainment included).
    expect(run(addon, gas, 'tracking', { asOf: AS_OF })).toEqual({
      ok: true,
      sheets: ['Goal Tracking'],
      summary: core.summary,
    });
    expect(gas.ss.sheet('Goal Tracking').id).toBe(tracking.id);
    expectCalculated(gas, tracking, trSpec);
    expectMine();
    // Reading the source calculates nothing, however many formulas the workbook holds.
    const calcs = gas.ss.calculations;
    addon.inspect(`sheet:${gas.ss.sheet('Sales').id}`, {}, 'en');
    expect(gas.ss.calculations).toBe(calcs);
  });

  it('a rewritten sheet is what a fresh generation writes: no cells, formats, rules, charts, widths, frozen panes or hidden columns left', () => {
    const { gas, addon } = withSample(true);
    // By Rep first: more rows (and another chart) than the by-Region sheets that replace them.
    expect(run(addon, gas, 'quadrant', { by: 'Rep' }).sheets).toEqual(['Clean Data', 'Quadrant Analysis']);
    const ours = ['Clean Data', 'Quadrant Analysis'].map((n) => gas.ss.sheet(n));
    for (const s of ours) {
      // What a user may do to our sheets: freeze, widen, hide, paint and write right of the spec, add a rule.
      [s.frozenRows, s.frozenCols] = [12, 3];
      s.columnWidths.set(26, 300);
      s.hiddenColumns.add(24);
      type(gas, s, 'Z40', [['a note']]);
      s.put(40, 26, { value: 'a note', background: '#FF0000' });
      s.rules.push({ ranges: ['A1:A5'], background: '#00FF00' });
    }
    expect(run(addon, gas, 'quadrant', { by: 'Region' }).ok).toBe(true);
    expect(['Clean Data', 'Quadrant Analysis'].map((n) => gas.ss.sheet(n).id)).toEqual(ours.map((s) => s.id));

    const fresh = withSample(true);
    expect(run(fresh.addon, fresh.gas, 'quadrant', { by: 'Region' }).ok).toBe(true);
    for (const s of ours) {
      const f = fresh.gas.ss.sheet(s.name);
      const cols = Math.max(s.maxCols, f.maxCols);
      expect(look(s, cols), s.name).toEqual(look(f, cols));
    }
  });

  it('clearSheet leaves our sheet as a new one (each thing renderSpec sets reset), in a few calls whatever its size', () => {
    const { gas, addon } = withSample(true);
    expect(run(addon, gas, 'quadrant').ok).toBe(true);
    const blank = look(gas.ss.addSheet('New'), 26); // what a new sheet has
    for (const name of ['Clean Data', 'Quadrant Analysis']) {
      const s = gas.ss.sheet(name);
      [s.frozenRows, s.frozenCols] = [12, 3];
      s.hiddenColumns.add(24);
      gas.calls.reset();
      clearSheet(gas.wrapSheet(s) as Sheet);
      expect(gas.calls.total(isServiceCall)).toBeLessThanOrEqual(10);
      expect(look(s, s.maxCols), name).toEqual({
        ...(blank as object),
        widths: new Array(s.maxCols).fill(100),
      });
    }
  });

  it('a sheet the user renamed is still ours: rewritten in place under its name, and the formulas that read it follow', () => {
    const { gas, addon, cells } = withSample(true);
    expect(run(addon, gas, 'breakdown').ok).toBe(true);
    expect(run(addon, gas, 'quadrant').sheets).toEqual(['Clean Data', 'Quadrant Analysis']);
    const bd = gas.ss.sheet('Goal Breakdown');
    const data = gas.ss.sheet('Clean Data');
    (gas.wrapSheet(bd) as Sheet).setName('Plan 2026');
    (gas.wrapSheet(data) as Sheet).setName('Cleaned');
    const mine = gas.ss.addSheet('Mine');
    type(gas, mine, 'A1', [["='Plan 2026'!B4"]]);
    const ids = gas.ss.sheets.map((s) => s.id);

    expect(run(addon, gas, 'breakdown').sheets).toEqual(['Plan 2026']);
    expect(run(addon, gas, 'quadrant').sheets).toEqual(['Cleaned', 'Quadrant Analysis']);
    expect(run(addon, gas, 'tracking', { asOf: AS_OF }).sheets).toEqual(['Cleaned', 'Goal Tracking']);
    expect(gas.ss.sheets.map((s) => s.name)).toEqual([
      'Sales',
      'Plan 2026',
      'Cleaned',
      'Quadrant Analysis',
      'Mine',
      'Goal Tracking',
    ]);
    expect(gas.ss.sheets.slice(0, 5).map((s) => s.id)).toEqual(ids);
    expect(gas.ss.metadataOf(bd)).toEqual({ 'sga-kind': 'breakdown', 'sga-sheet-id': String(bd.id) });

    const [bdSpec] = coreSpecs('breakdown', cells);
    expectCalculated(gas, bd, bdSpec);
    expect(mine.valueAt(1, 1)).toBe(expectedGrid(bdSpec)[3][1]);
    // The quadrant reads the renamed Clean Data, and calculates what the core computed.
    const [, qSpec] = coreSpecs('quadrant', cells);
    const q = gas.ss.sheet('Quadrant Analysis');
    const formulas = JSON.stringify(q.grid());
    expect(formulas).toContain("'Cleaned'!");
    expect(formulas).not.toContain("'Clean Data'!");
    expectCalculated(gas, q, qSpec);
    // Tracking takes its targets from the renamed breakdown.
    expect(gas.ss.sheet('Goal Tracking').cell(8, 2)!.formula).toBe("='Plan 2026'!$C$10");
  });

  it("a user's copy of our sheet (our marks carried along) is not ours: untouched, and ours is rewritten in place", () => {
    const { gas, addon } = withSample();
    run(addon, gas, 'breakdown');
    const ours = gas.ss.sheet('Goal Breakdown');
    const copy = gas.ss.addSheet('Copy of Goal Breakdown', ours.grid());
    copy.frozenRows = 3;
    gas.ss.metadata.push(
      new FakeMetadata(gas, 'sga-kind', 'breakdown', copy),
      new FakeMetadata(gas, 'sga-sheet-id', String(ours.id), copy),
    );
    const before = JSON.stringify([copy.name, copy.cells, copy.rules, copy.charts, copy.frozenRows]);
    expect(run(addon, gas, 'breakdown', { by: 'Rep' }).sheets).toEqual(['Goal Breakdown']);
    expect(JSON.stringify([copy.name, copy.cells, copy.rules, copy.charts, copy.frozenRows])).toBe(before);
    expect(gas.ss.sheets.map((s) => s.id)).toEqual([gas.ss.sheet('Sales').id, ours.id, copy.id]);
    expect(ours.cell(25, 1)!.value).toBe('Rep');
  });

  it('of two sheets of ours of a kind, the one with the sheet name is rewritten; the other is left as it is', () => {
    const { gas, addon } = withSample();
    run(addon, gas, 'breakdown');
    const ours = gas.ss.sheet('Goal Breakdown');
    // An older breakdown of ours under another name (found first), that a user's formula reads.
    const old = gas.ss.addSheet('Old plan', ours.grid());
    gas.ss.metadata.unshift(
      new FakeMetadata(gas, 'sga-sheet-id', String(old.id), old),
      new FakeMetadata(gas, 'sga-kind', 'breakdown', old),
    );
    const mine = gas.ss.addSheet('Mine');
    type(gas, mine, 'A1', [["='Old plan'!B4"]]);
    const before = JSON.stringify(old.cells);
    expect(run(addon, gas, 'breakdown', { target: 2_000_000 }).sheets).toEqual(['Goal Breakdown']);
    expect(ours.valueAt(4, 2)).toBe(2_000_000);
    expect(JSON.stringify(old.cells)).toBe(before);
    expect(mine.valueAt(1, 1)).toBe(old.valueAt(4, 2));
    expect(gas.ss.sheets.map((s) => s.name)).toEqual(['Sales', 'Goal Breakdown', 'Old plan', 'Mine']);
  });

  it('cancel: a new sheet is removed when cancelled between its blocks; the rewrite of an existing sheet, once started, completes', () => {
    const { gas, addon, cells } = withSample(true);
    const cancelOnBlock = (runId: string): void => {
      // After Clean Data's block, before the quadrant sheet: the first point a cancel can be read in the write.
      gas.onCachePut = (put) => {
        const s = JSON.parse(put.value) as RunStep;
        if (put.key === `sga-progress-${runId}` && s.step === 'write' && s.done > 0) addon.cancelRun(runId);
      };
    };
    const cancelled = { ok: false, sheets: [], summary: [], error: 'Cancelled. Nothing was written.' };
    cancelOnBlock('new');
    gas.calls.reset();
    expect(run(addon, gas, 'quadrant', {}, 'new')).toEqual(cancelled);
    expect(gas.ss.sheets.map((s) => s.name)).toEqual(['Sales']);
    expect(gas.ss.metadata).toEqual([]);
    // The new sheet was marked ours before anything was written into it (a run that dies midway leaves a
    // sheet that the next run rewrites, not a stranger).
    const order = gas.calls.order;
    expect(order.indexOf('Spreadsheet.insertSheet')).toBeLessThan(
      order.indexOf('Sheet.addDeveloperMetadata'),
    );
    expect(order.indexOf('Sheet.addDeveloperMetadata')).toBeLessThan(order.indexOf('Range.setValues'));

    gas.onCachePut = null;
    expect(run(addon, gas, 'quadrant').ok).toBe(true);
    const ids = gas.ss.sheets.map((s) => s.id);
    const mine = gas.ss.addSheet('Mine');
    type(gas, mine, 'A1', [["=COUNT('Clean Data'!A:A)"]]);
    const count = mine.valueAt(1, 1);
    expect(count).toBeGreaterThan(2000);

    cancelOnBlock('existing');
    const res = run(addon, gas, 'quadrant', { by: 'Rep' }, 'existing');
    expect(res.ok, res.error).toBe(true);
    expect(res.sheets).toEqual(['Clean Data', 'Quadrant Analysis']);
    expect(gas.ss.sheets.map((s) => s.id)).toEqual([...ids, mine.id]);
    expectCalculated(gas, gas.ss.sheet('Quadrant Analysis'), coreSpecs('quadrant', cells, { by: 'Rep' })[1]);
    expect(mine.valueAt(1, 1)).toBe(count);

    // A cancel that arrives before the run starts writing is honoured: nothing changes.
    gas.onCachePut = null;
    const before = JSON.stringify(gas.ss.sheets.map((s) => [s.name, s.cells]));
    addon.cancelRun('early');
    expect(run(addon, gas, 'quadrant', {}, 'early')).toEqual(cancelled);
    expect(JSON.stringify(gas.ss.sheets.map((s) => [s.name, s.cells]))).toBe(before);
  });
});
