/**
 * The BUILT Google Sheets add-on (dist/sheets from webpack.sheets.config.js, built once per run by
 * test/setup/build-sheets.ts) loaded into a node:vm context whose globals are the Apps Script fakes of
 * test/fake-gas.ts: the pushed files, the menu, the custom functions, the analyses written into a fake
 * spreadsheet (cells, formulas, formats, styles, rules, chart, metadata), locks, time zones and the
 * number of service calls.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { afterEach, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { runJob, type JobKind, type JobOptions } from '../core/analysis/job';
import { tint } from '../core/spec/look';
import type { SheetSpec } from '../core/spec/types';
import { callKpi, KPI_FUNCTIONS, KpiError } from '../core/kpi';
import { inspectCells } from '../core/analysis/inspect';
import { readSalesTable } from '../core/table';
import { serialToYMD } from '../core/table/coerce';
import type { Cell } from '../core/types';
import {
  buildLeadCells,
  buildSampleCells,
  generateLargeTable,
  ORDER_FORMATS,
  sampleLayout,
  generateSalesRows,
} from '../samples/data';
import {
  MAX_STEP_RETRIES,
  SheetsBackend,
  stepProgress,
  type ScriptRunner,
} from '../sheets-addon/client/backend';
import { dateSerializer, serializeDates } from '../sheets-addon/server/dates';
import { PROGRESS_TTL, type RunStep } from '../sheets-addon/server/progress';
import { STATE_TTL } from '../sheets-addon/server/run-state';
import { readSource, READ_BLOCK_CELLS } from '../sheets-addon/server/source';
import { generateSheetsFunctionsSource, SHEETS_FUNCTIONS_FILE } from '../scripts/gen-sheets-functions';
import {
  AUTH_MODE,
  FakeGas,
  FakeMetadata,
  formatDate,
  isServiceCall,
  zonedMidnight,
  type FakeCell,
  type FakeSheet,
} from './fake-gas';

type Fn = (...args: unknown[]) => unknown;
type Addon = Record<string, Fn> & { SGA: Record<string, Fn> };

let DIST = '';
let CODE = '';
let FUNCTIONS = '';
let SIDEBAR = '';
const ENTRY_POINTS: { name: string; params: string[] }[] = JSON.parse(
  readFileSync(join(__dirname, '..', 'sheets-addon', 'entry-points.json'), 'utf8'),
).functions;

beforeAll(() => {
  DIST = inject('sheetsDist');
  CODE = readFileSync(join(DIST, 'Code.js'), 'utf8');
  FUNCTIONS = readFileSync(join(DIST, 'custom-functions.js'), 'utf8');
  SIDEBAR = readFileSync(join(DIST, 'Sidebar.html'), 'utf8');
});

/**
 * A fake Apps Script environment with the built add-on loaded, as Apps Script loads a project's files; each
 * call of an entry point is one execution (timed, and stopped at 6 minutes of simulated time).
 */
function load(opts: ConstructorParameters<typeof FakeGas>[0] = {}): { gas: FakeGas; addon: Addon } {
  const gas = new FakeGas({ htmlFiles: { Sidebar: SIDEBAR }, ...opts });
  const files = [
    { code: CODE, filename: 'Code.js' },
    { code: FUNCTIONS, filename: 'custom-functions.js' },
  ];
  const ctx = gas.load(
    files,
    ENTRY_POINTS.map((e) => e.name),
  );
  return { gas, addon: ctx as unknown as Addon };
}

/** Values cross the vm boundary as objects of the other realm: compare them as JSON. */
const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

const GENERATED_AT = '2026-10-01';

/** Number formats of the sample order sheet (the order columns' formats on the data rows). */
function sampleFormats(cells: readonly (readonly Cell[])[]): (string | null)[][] {
  const { firstDataRow, totalRow } = sampleLayout(generateSalesRows().orders.length);
  return cells.map((row, i) =>
    i >= firstDataRow && i < totalRow ? [...ORDER_FORMATS] : new Array<string | null>(row.length).fill(null),
  );
}

/** The English sample in a fake spreadsheet (zone `tz`), dates made as Sheets hands them in that zone. */
function withSample(
  tz = 'Etc/UTC',
  locale = 'en_US',
): { gas: FakeGas; addon: Addon; source: FakeSheet; cells: Cell[][] } {
  const { gas, addon } = load({ timeZone: tz, locale });
  const cells = buildSampleCells('en');
  const zoned = cells.map((row) =>
    row.map((v) =>
      v instanceof Date ? zonedMidnight(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate(), tz) : v,
    ),
  );
  const source = gas.ss.addSheet('Sales', zoned, sampleFormats(cells));
  return { gas, addon, source, cells };
}

/** The specs the core makes for the sample (what the add-on must write). */
function expectedSpecs(
  kind: JobKind,
  cells: Cell[][],
  taken = ['Sales'],
): { specs: SheetSpec[]; summary: string[] } {
  const read = readSalesTable(cells, { lang: 'en', formats: sampleFormats(cells), originRow: 1 });
  if (!read.ok) throw new Error(read.error.message);
  const job = runJob(
    kind,
    read.table,
    { sheet: 'Sales', originRow: 1, originCol: 1 },
    { lang: 'en', generatedAt: GENERATED_AT },
    taken,
  );
  if (!job.ok) throw new Error(job.error);
  return { specs: job.specs, summary: job.summary };
}

function runKind(
  addon: Addon,
  gas: FakeGas,
  kind: JobKind,
  sheet = 'Sales',
  options: object = {},
): {
  ok: boolean;
  sheets: string[];
  summary: string[];
  error?: string;
} {
  const id = gas.ss.sheet(sheet).id;
  return plain(
    addon.run({
      kind,
      sourceId: `sheet:${id}`,
      overrides: {},
      options: { lang: 'en', generatedAt: GENERATED_AT, ...options },
    }),
  ) as { ok: boolean; sheets: string[]; summary: string[]; error?: string };
}

/** Every cell of `spec` is in `sheet` as the spec says: formula, constant (text stays text), format. */
function expectRendered(sheet: FakeSheet, spec: SheetSpec): void {
  const problems: string[] = [];
  spec.cells.forEach((row, i) =>
    (row ?? []).forEach((sc, j) => {
      const at = `${sheet.name}!R${i + 1}C${j + 1}`;
      const cell: FakeCell | undefined = sheet.cell(i + 1, j + 1);
      if (!sc) {
        if (cell && (cell.value !== '' || cell.formula))
          problems.push(`${at}: expected empty, got ${JSON.stringify(cell)}`);
        return;
      }
      if (sc.f) {
        const f = sc.f.startsWith('=') ? sc.f : `=${sc.f}`;
        if (cell?.formula !== f) problems.push(`${at}: formula ${JSON.stringify(cell?.formula)} != ${f}`);
      } else if (sc.v !== null && sc.v !== undefined && sc.v !== '') {
        if (cell?.formula) problems.push(`${at}: constant became formula ${cell.formula}`);
        if (cell?.value !== sc.v)
          problems.push(`${at}: value ${JSON.stringify(cell?.value)} != ${JSON.stringify(sc.v)}`);
        if (typeof sc.v === 'string' && cell?.parsedAs !== 'quoted-text')
          problems.push(`${at}: text written as ${cell?.parsedAs}, not kept as text`);
      }
      // A format only where the spec has one (elsewhere Sheets' "Automatic" stays).
      if ((cell?.format ?? null) !== (sc.fmt ?? null))
        problems.push(`${at}: format ${cell?.format} != ${sc.fmt}`);
    }),
  );
  expect(problems.slice(0, 10)).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// The pushed files
// ---------------------------------------------------------------------------------------------

/** An incentives sales cell: the sum of its months while B3:C3 are the months', else SUMIFS over the source. */
const GUARDED_SALES = /^=IF\(AND\(\$B\$3=\$C\$\d+,\$C\$3=\$D\$\d+\),SUM\(B\d+:[A-Z]+\d+\),SUMIFS\('Sales'!/;

describe('dist/sheets (what clasp pushes)', () => {
  it('holds exactly the manifest, the server code, the custom functions and the sidebar', () => {
    expect(readdirSync(DIST).sort()).toEqual([
      'Code.js',
      'Sidebar.html',
      'appsscript.json',
      'custom-functions.js',
    ]);
  });

  it('appsscript.json: V8, a time zone, the two minimal scopes and nothing that reaches the network', () => {
    const m = JSON.parse(readFileSync(join(DIST, 'appsscript.json'), 'utf8'));
    expect(m.runtimeVersion).toBe('V8');
    expect(typeof m.timeZone).toBe('string');
    expect(m.oauthScopes).toEqual([
      'https://www.googleapis.com/auth/spreadsheets.currentonly',
      'https://www.googleapis.com/auth/script.container.ui',
    ]);
    expect(JSON.stringify(m)).not.toMatch(/external_request|urlFetchWhitelist|drive|webapp|executionApi/);
  });

  it('no export, import or require reaches the pushed code', () => {
    for (const [name, src] of [
      ['Code.js', CODE],
      ['custom-functions.js', FUNCTIONS],
    ]) {
      expect(src, name).not.toMatch(
        /(^|[\s;{}])export\s+(default\b|const\b|let\b|var\b|function\b|class\b|\{|\*)/m,
      );
      expect(src, name).not.toMatch(/(^|[\s;{}])import\s*(\(|\{|\*|[\w$]+\s+from\b|["'])/m);
      expect(src, name).not.toMatch(/\brequire\s*\(/);
      expect(src, name).not.toMatch(/\bimport\.meta\b|__webpack_require__\.e\b|importScripts/);
      // Valid as a classic script (what Apps Script evaluates).
      expect(() => new vm.Script(src, { filename: name })).not.toThrow();
    }
  });

  it('every entry point is a real top-level function that reaches the bundle, and nothing else is exported', () => {
    const { addon } = load();
    for (const { name, params } of ENTRY_POINTS) {
      expect(CODE).toContain(`\nfunction ${name}(${params.join(', ')}) {`);
      expect(typeof addon[name], name).toBe('function');
      expect(typeof addon.SGA[name], `SGA.${name}`).toBe('function');
    }
    expect(Object.keys(addon.SGA).sort()).toEqual([...ENTRY_POINTS.map((e) => e.name), 'kpi'].sort());
    for (const f of KPI_FUNCTIONS) expect(typeof addon[`KPI_${f.name}`]).toBe('function');
  });

  it('the sidebar is one self-contained HTML file: scripts and styles inline, no external URL', () => {
    expect(SIDEBAR).toMatch(/^<!doctype html>/i);
    expect(SIDEBAR).not.toMatch(/\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(SIDEBAR).not.toMatch(/\bsrc\s*=/i);
    expect(SIDEBAR).not.toMatch(/<link\b/i);
    expect(SIDEBAR).not.toMatch(/@import\s+(url\()?["']?(https?:)?\/\//i);
    expect(SIDEBAR).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
    expect(SIDEBAR.match(/<script\b/gi)).toHaveLength(1);
    expect(SIDEBAR).toContain('<meta name="sga-lang" content="__SGA_LANG__"');
    expect(SIDEBAR).toContain('sga-style'); // the panel's styles come inline with its script
  });
});

// ---------------------------------------------------------------------------------------------
// Custom functions
// ---------------------------------------------------------------------------------------------

describe('custom functions', () => {
  it('custom-functions.js is what scripts/gen-sheets-functions.ts generates now (and is pushed as it is)', async () => {
    const generated = await generateSheetsFunctionsSource();
    expect(readFileSync(SHEETS_FUNCTIONS_FILE, 'utf8')).toBe(generated);
    expect(FUNCTIONS).toBe(generated);
  });

  it('declares every registry function with its parameters, @param lines and @customfunction', () => {
    const src = readFileSync(SHEETS_FUNCTIONS_FILE, 'utf8');
    const blocks = [
      ...src.matchAll(
        /\/\*\*([\s\S]*?)\*\/\s*function (\w+)\(([^)]*)\) \{\s*return SGA\.kpi\('(\w+)', \[([^\]]*)\]\);/g,
      ),
    ];
    const declared = blocks.map((m) => ({
      fn: m[2],
      params: m[3]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      docParams: [...m[1].matchAll(/@param \{[^}]*\} (\w+)/g)].map((x) => x[1]),
      custom: /@customfunction\b/.test(m[1]),
      target: m[4],
      args: m[5]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    }));
    expect(declared.map((d) => d.fn)).toEqual(KPI_FUNCTIONS.map((f) => `KPI_${f.name}`));
    for (const f of KPI_FUNCTIONS) {
      const d = declared.find((x) => x.fn === `KPI_${f.name}`)!;
      const names = f.params.map((p) => p.name);
      expect(d.params, f.name).toEqual(names);
      expect(d.docParams, f.name).toEqual(names);
      expect(d.args, f.name).toEqual(names);
      expect(d.target).toBe(f.name);
      expect(d.custom).toBe(true);
    }
    expect((src.match(/^function /gm) ?? []).length).toBe(KPI_FUNCTIONS.length);
  });

  /** What a Sheets custom function must answer for a core result (the documented convention). */
  function expected(r: ReturnType<typeof callKpi>): { value?: unknown; error?: string } {
    if (r instanceof KpiError) return { error: `${r.code} ${r.message}` };
    if (Array.isArray(r))
      return { value: r.map((row) => row.map((c) => (c instanceof KpiError ? c.code : c))) };
    return { value: r };
  }

  function call(addon: Addon, name: string, args: unknown[]): { value?: unknown; error?: string } {
    try {
      return { value: plain(addon[`KPI_${name}`](...args)) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }

  it('GROWTH answers the core value; previous 0 throws "#DIV/0! ..." (the cell shows #ERROR! with it)', () => {
    const { addon } = load();
    expect(call(addon, 'GROWTH', [120, 100]).value).toBeCloseTo(0.2, 12);
    const e = call(addon, 'GROWTH', [5, 0]);
    expect(e.error).toBe('#DIV/0! GROWTH: previous is 0 or blank, so there is no growth rate');
    // Blank cells arrive as "": blank previous is 0 too.
    expect(call(addon, 'GROWTH', [5, '']).error).toMatch(/^#DIV\/0! /);
    // Ranges: element-wise, errors inside the array become the code's text.
    expect(
      call(addon, 'GROWTH', [
        [[110], [5]],
        [[100], [0]],
      ]).value,
    ).toEqual([[expect.closeTo(0.1, 12)], ['#DIV/0!']]);
  });

  it('CAGR errors: a scalar error throws with its code and message; inside an array it is the code text', () => {
    const { addon } = load();
    expect(call(addon, 'CAGR', [0, 100, 2])).toEqual({
      error: '#NUM! CAGR: start must be greater than 0 (got 0)',
    });
    expect(call(addon, 'CAGR', [100, -1, 2]).error).toMatch(/^#NUM! CAGR: end must not be negative/);
    expect(call(addon, 'CAGR', [100, 121, 0]).error).toMatch(/^#NUM! CAGR: periods must be greater than 0/);
    expect(call(addon, 'CAGR', ['abc', 121, 2]).error).toMatch(/^#VALUE! /);
    const arr = call(addon, 'CAGR', [[[100, 0]], [[121, 5]], 2]).value as unknown[][];
    expect(arr[0][0]).toBeCloseTo(0.1, 12);
    expect(arr[0][1]).toBe('#NUM!');
    expect(call(addon, 'CAGR', [[[1, 2]], [[1, 2, 3]], 1]).error).toMatch(/^#VALUE! /); // shapes differ
  });

  it('BREAKDOWN spills the core split; QUADRANT answers an array of labels', () => {
    const { addon } = load();
    const weights = [[3], [1], [2], ['']];
    expect(call(addon, 'BREAKDOWN', [1200000, weights, 1000])).toEqual(
      expected(callKpi('BREAKDOWN', [1200000, weights, 1000])),
    );
    expect(call(addon, 'BREAKDOWN', [1200000, weights, 1000]).value).toEqual([
      [600000],
      [200000],
      [400000],
      [0],
    ]);
    expect(call(addon, 'BREAKDOWN', [1234, weights, 1000]).error).toMatch(
      /^#NUM! BREAKDOWN: total 1234 is not a whole multiple/,
    );
    // An omitted optional argument arrives as undefined.
    expect(call(addon, 'BREAKDOWN', [10, [[1, 1]], undefined]).value).toEqual([[5, 5]]);
    const xs = [[100], [50], [''], [80]];
    const ys = [[0.2], [0.3], [0.1], [-0.1]];
    const q = call(addon, 'QUADRANT', [xs, ys, 70, 0]);
    expect(q.value).toEqual([['high-high'], ['low-high'], [''], ['high-low']]);
    expect(q).toEqual(expected(callKpi('QUADRANT', [xs, ys, 70, 0])));
    // A blank threshold is #VALUE! in every cell.
    expect(call(addon, 'QUADRANT', [xs, ys, 70, ''])).toEqual(
      expected(callKpi('QUADRANT', [xs, ys, 70, ''])),
    );
    expect(call(addon, 'QUADRANT', [xs, ys, 70, '']).value).toEqual([
      ['#VALUE!'],
      ['#VALUE!'],
      ['#VALUE!'],
      ['#VALUE!'],
    ]);
  });

  it('CYCLE reads Date arguments as the dates of the spreadsheet zone (UTC and Asia/Shanghai)', () => {
    for (const tz of ['Etc/UTC', 'Asia/Shanghai', 'America/Los_Angeles']) {
      const { addon } = load({ timeZone: tz });
      const d = (y: number, m: number, day: number): Date => zonedMidnight(y, m, day, tz);
      const contacts = [[d(2024, 1, 1)], [d(2024, 2, 27)], [d(2024, 3, 10)], ['']];
      const closes = [[d(2024, 1, 11)], [d(2024, 3, 2)], [''], [d(2024, 4, 1)]];
      // 10 days and 4 days (2024 is a leap year); pairs with a blank are ignored.
      expect(call(addon, 'CYCLE', [contacts, closes]).value, tz).toBe(7);
      expect(call(addon, 'CYCLE', [contacts, closes, 'median']).value, tz).toBe(7);
      expect(call(addon, 'CYCLE', [[[d(2024, 3, 31)]], [[d(2024, 4, 1)]]]).value, tz).toBe(1);
      expect(call(addon, 'CYCLE', [[[d(2024, 3, 2)]], [[d(2024, 3, 1)]]]).error, tz).toMatch(
        /^#VALUE! CYCLE: at .* the close date 2024-03-01 is before the first contact 2024-03-02/,
      );
      expect(call(addon, 'CYCLE', [[['']], [['']]]).error).toMatch(/^#DIV\/0! /);
    }
  });

  it('COMMISSION and PAYOUT: numbers, spilled columns, and errors with their code', () => {
    const { addon } = load();
    const t = [[0], [100000], [200000], ['']];
    const r = [['3%'], ['5%'], ['8%'], ['']];
    // Blank cells arrive as "", an omitted method as undefined.
    expect(call(addon, 'COMMISSION', [250000, t, r, undefined]).value).toBeCloseTo(12000, 9);
    expect(call(addon, 'COMMISSION', [250000, t, r, 'flat']).value).toBeCloseTo(20000, 9);
    expect(call(addon, 'COMMISSION', [[[150000], ['']], t, r, '']).value).toEqual([
      [expect.closeTo(5500, 9)],
      [0],
    ]);
    expect(call(addon, 'COMMISSION', [1, [[0], [2], [1]], [[1], [1], [1]], '']).error).toMatch(
      /^#VALUE! COMMISSION: thresholds must be in ascending order/,
    );
    expect(call(addon, 'PAYOUT', [[[0.45], [1.2]], 10000, undefined]).value).toEqual([
      [0],
      [expect.closeTo(14000, 9)],
    ]);
    expect(call(addon, 'PAYOUT', [1, -1, undefined]).error).toMatch(/^#NUM! PAYOUT: target_incentive/);
    expect(call(addon, 'PAYOUT', [[[1], [1]], [[1], [-1]], undefined]).value).toEqual([[1], ['#NUM!']]);
  });

  it('every function answers what the core answers, by the convention', () => {
    const { addon } = load();
    const samples: Record<string, unknown[][]> = {
      GROWTH: [
        [120, 100],
        [
          [[1], [2]],
          [[1], [0]],
        ],
      ],
      CAGR: [[100, 121, 2]],
      CONVERSION: [
        [20, 100],
        [1, 0],
      ],
      WINRATE: [
        [3, 1],
        [0, 0],
      ],
      AOV: [[1000, 4]],
      ATTAINMENT: [[90, 100]],
      GAP: [[90, 100]],
      SHARE: [[[[1], [3]]], [1, 0]],
      RUNRATE: [
        [100, 10, 30],
        [1, 40, 30],
      ],
      REQUIREDRATE: [[100, 40, 3]],
      CYCLE: [[[[45300]], [[45310]]]],
      QUADRANT: [[10, 0.1, 5, 0]],
      TIER: [
        [150, [[0], [100], [200]], [['Bronze'], ['Silver'], ['Gold']]],
        [-1, [[0]], [['x']]],
      ],
      BREAKDOWN: [[100, [[1, 1, 2]], 1]],
      SEASONALITY: [[[[1, 1, 2]]]],
      COMMISSION: [
        [150_000, [[0], [100_000], [200_000]], [[0.03], [0.05], [0.08]]],
        [[[80_000], [250_000]], [[0], [100_000]], [[0.03], [0.05]], 'flat'],
        [1, [[0], [2], [1]], [[1], [1], [1]]],
      ],
      PAYOUT: [
        [1.2, 10_000],
        [
          [[0.4], [1.1]],
          1_000,
          [
            [0.5, 0.5],
            [1, 1],
            [1.5, 2],
          ],
        ],
        [1, -1],
      ],
    };
    for (const f of KPI_FUNCTIONS) {
      const cases = samples[f.name];
      expect(cases, `a sample for ${f.name}`).toBeDefined();
      for (const args of cases)
        expect(call(addon, f.name, args), `${f.name}(${JSON.stringify(args)})`).toEqual(
          expected(callKpi(f.name, args)),
        );
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Menu and sidebar
// ---------------------------------------------------------------------------------------------

describe('menu and sidebar', () => {
  const NAMES = [
    'sgaOpenPanel',
    'sgaMenuBreakdown',
    'sgaMenuQuadrant',
    'sgaMenuScorecard',
    'sgaMenuTracking',
    'sgaMenuIncentives',
    'sgaMenuHelp',
  ];

  it('onOpen adds the add-on menu in the user language; every item calls a top-level function', () => {
    for (const [locale, first] of [
      ['en_US', 'Open panel'],
      ['zh_CN', '打开面板'],
      ['zh-TW', '打开面板'],
      ['fr_FR', 'Open panel'],
    ]) {
      const { gas, addon } = load({ locale });
      addon.onOpen({ authMode: AUTH_MODE.FULL });
      expect(gas.ui.menus).toHaveLength(1);
      const [menu] = gas.ui.menus;
      expect(menu.added).toBe(true);
      const items = menu.items.filter((x) => x !== '---') as { caption: string; fn: string }[];
      expect(items.map((i) => i.fn)).toEqual(NAMES);
      expect(items[0].caption, locale).toBe(first);
      for (const i of items) expect(typeof addon[i.fn]).toBe('function');
    }
  });

  it('in AuthMode.NONE onOpen only adds menu items (bilingual labels) and calls nothing that needs authorization', () => {
    const { gas, addon } = load({ locale: 'zh_CN' });
    addon.onOpen({ authMode: AUTH_MODE.NONE });
    const items = gas.ui.menus[0].items.filter((x) => x !== '---') as { caption: string; fn: string }[];
    expect(items.map((i) => i.caption)).toEqual([
      'Open panel · 打开面板',
      'Goal breakdown · 目标分解',
      'Quadrant analysis · 象限分析',
      'KPI scorecard · KPI 绩效看板',
      'Goal tracking · 目标跟踪',
      'Incentives · 销售激励',
      'Help · 帮助',
    ]);
    const called = Object.keys(gas.calls.snapshot());
    expect(
      called.every((k) => /^(SpreadsheetApp\.getUi|Ui\.createAddonMenu|Menu\.\w+)$/.test(k)),
      called.join(),
    ).toBe(true);
    // onInstall does the same (it runs in FULL mode after installation).
    const b = load();
    b.addon.onInstall({ authMode: AUTH_MODE.FULL });
    expect(b.gas.ui.menus[0].added).toBe(true);
  });

  it('Open panel shows the one-file sidebar with the UI language filled in', () => {
    for (const [locale, lang, title] of [
      ['zh_CN', 'zh', '销售目标'],
      ['en_GB', 'en', 'Sales goals'],
    ]) {
      const { gas, addon } = load({ locale });
      addon.sgaOpenPanel();
      expect(gas.ui.sidebars).toHaveLength(1);
      const [sb] = gas.ui.sidebars;
      expect(sb.title).toBe(title);
      expect(sb.content).toContain(`<meta name="sga-lang" content="${lang}"`);
      expect(sb.content).not.toContain('__SGA_LANG__');
      expect(sb.content.length).toBe(SIDEBAR.length - '__SGA_LANG__'.length + 2);
    }
  });

  it('Help shows an alert', () => {
    const { gas, addon } = load();
    addon.sgaMenuHelp();
    expect(gas.ui.alerts).toHaveLength(1);
    expect(String(gas.ui.alerts[0][1])).toMatch(/KPI_GROWTH/);
  });

  it('the menu analyses run with defaults on the active sheet and toast the summary; errors become alerts', () => {
    const { gas, addon, cells } = withSample();
    addon.sgaMenuBreakdown();
    expect(gas.ui.alerts).toEqual([]);
    expect(gas.ss.toasts).toHaveLength(1);
    const { summary } = expectedSpecs('breakdown', cells);
    expect(gas.ss.toasts[0].msg.split('\n')[0]).toBe('Written: Goal Breakdown');
    expect(gas.ss.toasts[0].msg).toContain(summary[0]);
    expect(gas.ss.toasts[0].title).toBe('Goal breakdown');
    // The generated sheet is now active (insertSheet activates): running on it is refused with a message.
    expect(gas.ss.active?.name).toBe('Goal Breakdown');
    addon.sgaMenuQuadrant();
    expect(gas.ui.alerts).toHaveLength(1);
    expect(String(gas.ui.alerts[0][1])).toMatch(/generated by the add-in/);
    // An empty sheet: the reader's message.
    gas.ss.addSheet('Empty', [['just a note']]);
    gas.ss.active = gas.ss.sheet('Empty');
    addon.sgaMenuScorecard();
    expect(gas.ui.alerts).toHaveLength(2);
    expect(String(gas.ui.alerts[1][1]).length).toBeGreaterThan(10);
  });

  it('the Incentives menu item writes the Incentives sheet, with targets from our Goal Breakdown by the same dimension', () => {
    const { gas, addon, source } = withSample();
    expect(runKind(addon, gas, 'breakdown', 'Sales', { by: 2 }).ok).toBe(true); // by Rep
    gas.ss.active = source;
    addon.sgaMenuIncentives();
    expect(gas.ui.alerts).toEqual([]);
    expect(gas.ss.toasts.at(-1)).toMatchObject({ title: 'Incentives' });
    expect(gas.ss.toasts.at(-1)!.msg).toMatch(/^Written: Incentives\nIncentives by Rep: /);
    const sheet = gas.ss.sheet('Incentives');
    expect(gas.ss.metadataOf(sheet)['sga-kind']).toBe('incentives');
    // The months' sum while the period is the months' (B3:C3), else the source's rows.
    expect(sheet.cell(10, 2)!.formula).toMatch(GUARDED_SALES);
    expect(sheet.cell(10, 3)!.formula).toContain("SUMIFS('Goal Breakdown'!");
    expect(sheet.charts).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------

describe('sources', () => {
  it('listSources lists the sheets that are not ours and the named ranges; inspect summarises as plain JSON', () => {
    const { gas, addon, source } = withSample();
    gas.ss.addSheet('Notes', [['x']]);
    gas.ss.namedRanges.set('Orders2025', { sheet: source, a1: 'A3:J2897' });
    runKind(addon, gas, 'breakdown');
    const list = plain(addon.listSources()) as {
      sources: { id: string; label: string }[];
      selected: string | null;
    };
    expect(list.sources).toEqual([
      { id: `sheet:${source.id}`, label: 'Sales' },
      { id: `sheet:${gas.ss.sheet('Notes').id}`, label: 'Notes' },
      { id: 'range:Orders2025', label: 'Orders2025 (Sales!A3:J2897)' },
    ]);
    // The active sheet is ours (just generated): the first source is proposed.
    expect(list.selected).toBe(`sheet:${source.id}`);

    const info = addon.inspect(`sheet:${source.id}`, {}, 'en') as Record<string, unknown>;
    expect(plain(info)).toEqual(info);
    expect(info).toMatchObject({
      ok: true,
      id: `sheet:${source.id}`,
      sheet: 'Sales',
      lastDate: '2026-09-30',
    });
    expect((info.skipped as unknown[]).length).toBeGreaterThan(0);
    const byRange = addon.inspect('range:Orders2025', {}, 'en') as Record<string, unknown>;
    expect(byRange).toMatchObject({ ok: true, sheet: 'Sales', rows: info.rows });
    // Overrides reach the reader: unmap the region.
    const regionIdx = (info.mapping as Record<string, number>).region;
    const over = addon.inspect(`sheet:${source.id}`, { region: null }, 'en') as Record<string, unknown>;
    expect((over.mapping as Record<string, number>).region).toBeUndefined();
    expect(regionIdx).toBe(3);
    const gone = addon.inspect('sheet:999999', {}, 'zh') as Record<string, unknown>;
    expect(gone).toMatchObject({ ok: false });
    expect(String(gone.error)).toMatch(/已不存在/);
  });

  it('a named range among other rows of its sheet is read by its own rows, not whole columns', () => {
    const { gas, addon, source } = withSample();
    gas.ss.namedRanges.set('Orders', { sheet: source, a1: 'A3:J2000' });
    const r = plain(
      addon.run({
        kind: 'quadrant',
        sourceId: 'range:Orders',
        overrides: {},
        options: { lang: 'en', generatedAt: GENERATED_AT, by: 3 },
      }),
    ) as { ok: boolean; sheets: string[]; error?: string };
    expect(r.error).toBeUndefined();
    const q = gas.ss.sheet(r.sheets[0]);
    const formulas = JSON.stringify(q.grid());
    expect(formulas).toContain("'Sales'!$G$4:$G$2000");
    expect(formulas).not.toContain("'Sales'!$G:$G");
    expect(String(q.cell(2, 1)!.value)).toMatch(/^Formulas read rows 4–2000 of the source sheet/);
  });

  it('selectRow activates the source row', () => {
    const { gas, addon, source } = withSample();
    gas.ss.active = gas.ss.addSheet('Other');
    addon.selectRow(`sheet:${source.id}`, 42);
    expect(gas.ss.active?.name).toBe('Sales');
    expect(gas.ss.selection).toBe('A42:J42');
  });
});

// ---------------------------------------------------------------------------------------------
// Analyses
// ---------------------------------------------------------------------------------------------

describe('analyses written into the spreadsheet', () => {
  for (const kind of ['breakdown', 'quadrant', 'scorecard', 'incentives'] as const) {
    it(`${kind}: writes the core's cells, formulas, formats, styles and marks, and leaves the source as it was`, () => {
      const { gas, addon, source, cells } = withSample();
      const before = JSON.stringify(source.cells);
      const res = runKind(addon, gas, kind);
      const { specs, summary } = expectedSpecs(kind, cells);
      expect(res).toEqual({ ok: true, sheets: specs.map((s) => s.name), summary });
      for (const spec of specs) {
        const sheet = gas.ss.sheet(spec.name);
        expectRendered(sheet, spec);
        expect(gas.ss.metadataOf(sheet)).toEqual({ 'sga-kind': spec.kind, 'sga-sheet-id': String(sheet.id) });
        if (spec.freeze) {
          expect(sheet.frozenRows).toBe(spec.freeze.rows);
          expect(sheet.frozenCols).toBe(spec.freeze.columns ?? 0);
        }
        // Characters to pixels: an Arial 10 digit is 7.4 pixels, plus the cell padding (10 characters: 80 px).
        spec.columnWidths?.forEach((w, j) =>
          expect(sheet.columnWidths.get(j + 1)).toBe(Math.round(w * 7.5 + 5)),
        );
        // Styles: titles bold and large, headers bold on grey, inputs yellow.
        spec.cells.forEach((row, i) =>
          (row ?? []).forEach((sc, j) => {
            const c = sheet.cell(i + 1, j + 1)!;
            if (sc?.style === 'title') expect([c.textStyle?.bold, c.textStyle?.size]).toEqual([true, 14]);
            if (sc?.style === 'header') expect([c.textStyle?.bold, c.background]).toEqual([true, '#E7E6E6']);
            if (sc?.style === 'input') expect(c.background).toBe('#FFF2CC');
          }),
        );
        expect(sheet.rules).toHaveLength(spec.conditionalFormats?.length ?? 0);
      }
      expect(JSON.stringify(source.cells)).toBe(before);
      // A clean-data sheet, when the formulas need one, is written first (they reference it by name).
      expect(specs.map((s) => s.kind).indexOf(kind)).toBe(specs.length - 1);
    });
  }

  it('scorecard: every written cell in Arial, numbers right, text left, header cells wrap, in one call per block', () => {
    const { gas, addon, cells } = withSample();
    gas.calls.reset();
    runKind(addon, gas, 'scorecard');
    const spec = expectedSpecs('scorecard', cells).specs.find((s) => s.kind === 'scorecard')!;
    const sheet = gas.ss.sheet(spec.name);
    let numbers = 0;
    let texts = 0;
    let headers = 0;
    spec.cells.forEach((row, i) =>
      row?.forEach((sc, j) => {
        if (!sc) return;
        const cell = sheet.cell(i + 1, j + 1)!;
        expect(cell.textStyle?.getFontFamily(), `${i + 1},${j + 1}`).toBe('Arial');
        if (sc.style === 'header') {
          headers++;
          expect(cell.wrap).toBe('WrapStrategy.WRAP');
        } else expect(cell.wrap).toBe('WrapStrategy.OVERFLOW');
        const v = sc.f ? sc.expect : sc.v;
        if (sc.style === 'header' || sc.style === 'title' || sc.style === 'note') return;
        if (typeof v === 'number') {
          numbers++;
          expect(cell.hAlign, `${i + 1},${j + 1}`).toBe('right');
        } else if (typeof v === 'string' && v !== '' && !v.startsWith('#')) {
          texts++;
          expect(cell.hAlign, `${i + 1},${j + 1} ${v}`).toBe('left');
        }
      }),
    );
    expect(numbers).toBeGreaterThan(50);
    expect(texts).toBeGreaterThan(10);
    expect(headers).toBeGreaterThan(10);
    // The header over the names is left-aligned, the one over the sales right-aligned like its numbers.
    const hi = spec.cells.findIndex((r) => r?.[1]?.style === 'header');
    expect(sheet.cell(hi + 1, 1)!.hAlign).toBe('left');
    expect(sheet.cell(hi + 1, 2)!.hAlign).toBe('right');
    // One call each per block of rows, whatever the rows.
    expect(gas.calls.count('Range.setHorizontalAlignments')).toBe(1);
    expect(gas.calls.count('Range.setWrapStrategies')).toBe(1);
    expect(gas.calls.count('Range.setTextStyles')).toBe(1);
  });

  it('quadrant: gradients for the data bar and the colour scale, text rules, and the scatter chart with threshold lines', () => {
    const { gas, addon, cells } = withSample();
    runKind(addon, gas, 'quadrant');
    const spec = expectedSpecs('quadrant', cells).specs.find((s) => s.kind === 'quadrant')!;
    const sheet = gas.ss.sheet(spec.name);
    const cfs = spec.conditionalFormats!;
    expect(sheet.rules.map((r) => r.ranges)).toEqual(cfs.map((c) => [c.range]));
    const bar = cfs.findIndex((c) => c.type === 'dataBar');
    // No data bars in Sheets: white at zero (the smallest entity still shows colour) to a light tint at the top.
    expect(sheet.rules[bar].gradient).toEqual({
      min: '#FFFFFF',
      minValue: { type: 'InterpolationType.NUMBER', value: '0' },
      max: tint(cfs[bar].color!),
    });
    expect(tint('#5B9BD5')).toBe('#B5D2EC');
    const scale = cfs.findIndex((c) => c.type === 'colorScale');
    expect(sheet.rules[scale].gradient).toEqual({
      min: cfs[scale].colors![0],
      mid: { color: cfs[scale].colors![1], type: 'InterpolationType.PERCENTILE', value: '50' },
      max: cfs[scale].colors![2],
    });
    cfs.forEach((c, i) => {
      if (c.type === 'textEquals')
        expect(sheet.rules[i]).toMatchObject({ textEqualTo: c.text, background: c.fill });
    });
    expect(sheet.charts).toHaveLength(1);
    const [chart] = sheet.charts;
    expect(chart.type).toBe('ChartType.SCATTER');
    expect(chart.options.title).toBe(spec.charts![0].title);
    expect(chart.hiddenStrategy).toBe('ChartHiddenDimensionStrategy.SHOW_BOTH');
    // The helper block: x in its first column, one y column per series (points, then the two lines).
    const [block] = chart.ranges;
    const m = /^([A-Z]+)1:([A-Z]+)(\d+)$/.exec(block)!;
    const grid = sheet.grid(1, colNumber(m[1]), Number(m[3]), colNumber(m[2]) - colNumber(m[1]) + 1);
    expect(grid[0]).toEqual([spec.charts![0].xTitle, ...spec.charts![0].series.map((s) => s.name)]);
    const points = spec.charts![0].series[0];
    const first = Number(/\d+/.exec(points.x)![0]);
    expect(grid[1]).toEqual([`=B${first}`, `=D${first}`, '', '']);
    // The two threshold lines, two points each, after the points: x, then y in the line's own column.
    const [, xLine, yLine] = spec.charts![0].series;
    const ends = (ref: string): string[] => {
      const [a, b] = ref.split(':');
      return [`=${a}`, `=${b}`];
    };
    const [x1, x2] = ends(xLine.x);
    const [y1, y2] = ends(xLine.y);
    const [x3, x4] = ends(yLine.x);
    const [y3, y4] = ends(yLine.y);
    expect(grid.slice(-4)).toEqual([
      [x1, '', y1, ''],
      [x2, '', y2, ''],
      [x3, '', '', y3],
      [x4, '', '', y4],
    ]);
    // Axes: growth in the cells' percent format, sales in the short (1.5M) format; dashed threshold lines.
    expect(chart.options.vAxis).toEqual({ title: spec.charts![0].yTitle, format: '0.0%' });
    expect(chart.options.hAxis).toEqual({ title: spec.charts![0].xTitle, format: 'short' });
    expect((chart.options.series as Record<number, object>)[2]).toMatchObject({ lineDashStyle: [6, 4] });
    for (let c = colNumber(m[1]); c <= colNumber(m[2]); c++) expect(sheet.hiddenColumns.has(c)).toBe(true);
    expect((chart.options.series as Record<number, { lineWidth: number }>)[1].lineWidth).toBeGreaterThan(0);
  });

  it('regenerating rewrites only our sheet (the same sheet), keeps a user sheet of the same name, and keeps locked overrides', () => {
    const { gas, addon, source } = withSample();
    const user = gas.ss.addSheet('Goal Breakdown', [['my own notes'], ['=1+1 typed by me']]);
    const userBefore = JSON.stringify(user.cells);
    const first = runKind(addon, gas, 'breakdown');
    expect(first.sheets).toEqual(['Goal Breakdown (2)']);
    const ours = gas.ss.sheet('Goal Breakdown (2)');
    const index = gas.ss.sheets.indexOf(ours);
    // The user types over the first entity's annual target (F26: a formula of ours) and a month cell (H26).
    const name = ours.cell(26, 1)!.value as string;
    expect(ours.cell(26, 6)!.formula).toMatch(/^=/);
    ours.put(26, 6, { value: 123000, formula: undefined });
    ours.put(26, 8, { value: 7000, formula: undefined });
    const second = runKind(addon, gas, 'breakdown');
    expect(second.ok).toBe(true);
    expect(second.sheets).toEqual(['Goal Breakdown (2)']);
    const again = gas.ss.sheet('Goal Breakdown (2)');
    expect(again.id).toBe(ours.id); // rewritten in place, not replaced
    expect(gas.ss.sheets.indexOf(again)).toBe(index);
    expect(gas.ss.sheets.filter((s) => gas.ss.metadataOf(s)['sga-kind'] === 'breakdown')).toEqual([again]);
    expect(again.cell(26, 1)!.value).toBe(name);
    expect(again.cell(26, 6)).toMatchObject({ value: 123000 });
    expect(again.cell(26, 6)!.formula).toBeUndefined();
    expect(again.cell(26, 8)).toMatchObject({ value: 7000 });
    expect(JSON.stringify(user.cells)).toBe(userBefore);
    expect(gas.ss.sheets.map((s) => s.name)).toEqual(['Sales', 'Goal Breakdown', 'Goal Breakdown (2)']);
    expect(source.name).toBe('Sales');
  });

  it('goal tracking: asks for targets first, then references our Goal Breakdown sheet by formula', () => {
    const { gas, addon, source } = withSample();
    const before = JSON.stringify(source.cells);
    const none = runKind(addon, gas, 'tracking');
    expect(none.ok).toBe(false);
    expect(none.error).toMatch(/Goal Breakdown first|Target column/);
    expect(runKind(addon, gas, 'breakdown').ok).toBe(true);
    const r = runKind(addon, gas, 'tracking', 'Sales', { asOf: 46249 });
    expect(r.error).toBeUndefined();
    expect(r.sheets).toEqual(['Goal Tracking']);
    const t = gas.ss.sheet('Goal Tracking');
    expect(t.cell(3, 2)!.value).toBe(46249);
    expect(t.cell(8, 2)!.formula).toBe("='Goal Breakdown'!$C$10");
    expect(t.cell(8, 3)!.formula).toMatch(/^=IF\(M8>\$B\$3,0,SUMIFS\('Sales'!\$G:\$G,/);
    expect(gas.ss.metadataOf(t)['sga-kind']).toBe('tracking');
    expect(JSON.stringify(source.cells)).toBe(before);
  });

  it('goal tracking against a target table the user chose: SUMIFS of that sheet, both sheets untouched', () => {
    const { gas, addon, source } = withSample();
    const rows: Cell[][] = [['Month', 'Region', 'Target']];
    for (let m = 1; m <= 12; m++)
      for (const [i, region] of ['East', 'North', 'South', 'West'].entries())
        rows.push([zonedMidnight(2026, m, 1, 'Etc/UTC'), region, 1000 * (i + 1) + m]);
    const plan = gas.ss.addSheet('Plan', rows);
    const before = JSON.stringify(source.cells);
    const planBefore = JSON.stringify(plan.cells);
    const call = (targetSourceId: unknown) =>
      plain(
        addon.run({
          kind: 'tracking',
          sourceId: `sheet:${source.id}`,
          targetSourceId,
          overrides: {},
          options: { lang: 'en', generatedAt: GENERATED_AT, asOf: 46249, by: 3 },
        }),
      ) as { ok: boolean; sheets: string[]; error?: string };
    const r = call(`sheet:${plan.id}`);
    expect(r.error).toBeUndefined();
    expect(r.sheets).toEqual(['Goal Tracking']);
    const t = gas.ss.sheet('Goal Tracking');
    expect(String(t.cell(2, 1)!.value)).toMatch(/target table on sheet "Plan"/);
    expect(t.cell(8, 2)!.formula).toMatch(/^=SUMIFS\('Plan'!\$C:\$C,'Plan'!\$A:\$A,/);
    expect(JSON.stringify(source.cells)).toBe(before);
    expect(JSON.stringify(plan.cells)).toBe(planBefore);
    const gone = call('sheet:99999');
    expect(gone.ok).toBe(false);
    expect(gone.error).toMatch(/sheet:99999/);
    // Our own sheets are no target table.
    const own = call(`sheet:${t.id}`);
    expect(own.ok).toBe(false);
    expect(own.error).toMatch(/"Goal Tracking" is a sheet generated by the add-in/);
  });

  it('scorecard with a leads table the user chose: leads, won and conversion by SUMIFS of that sheet', () => {
    const { gas, addon, source } = withSample();
    const leadCells = buildLeadCells('en').map((row) =>
      row.map((v) =>
        v instanceof Date
          ? zonedMidnight(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate(), 'Etc/UTC')
          : v,
      ),
    );
    const leads = gas.ss.addSheet('Leads', leadCells);
    const before = JSON.stringify([source.cells, leads.cells]);
    const r = plain(
      addon.run({
        kind: 'scorecard',
        sourceId: `sheet:${source.id}`,
        leadsSourceId: `sheet:${leads.id}`,
        overrides: {},
        options: { lang: 'en', generatedAt: GENERATED_AT },
      }),
    ) as { ok: boolean; sheets: string[]; error?: string };
    expect(r.error).toBeUndefined();
    const sc = gas.ss.sheet('KPI Scorecard');
    const head = Array.from({ length: 18 }, (_, c) => sc.cell(7, c + 1)?.value);
    expect(head).toEqual(expect.arrayContaining(['Leads', 'Won', 'Conversion']));
    expect(sc.cell(8, head.indexOf('Leads') + 1)!.formula).toMatch(
      /^=SUMIFS\('Leads'!\$C:\$C,'Leads'!\$B:\$B,/,
    );
    expect(JSON.stringify([source.cells, leads.cells])).toBe(before);
  });

  it('a copy of our sheet made by a user is not ours: never deleted', () => {
    const { gas, addon } = withSample();
    runKind(addon, gas, 'breakdown');
    const ours = gas.ss.sheet('Goal Breakdown');
    // A duplicate that carried our metadata along (its own id differs from the recorded one).
    const copy = gas.ss.addSheet('Copy of Goal Breakdown', ours.grid());
    gas.ss.metadata.push(
      new FakeMetadata(gas, 'sga-kind', 'breakdown', copy),
      new FakeMetadata(gas, 'sga-sheet-id', String(ours.id), copy),
    );
    runKind(addon, gas, 'breakdown');
    expect(gas.ss.sheets.map((s) => s.name)).toEqual(['Sales', 'Goal Breakdown', 'Copy of Goal Breakdown']);
    expect(gas.ss.sheets).toContain(copy);
  });

  it('entity names that look like formulas stay text: =HYPERLINK("x"), +1, -x, @x', () => {
    const { gas, addon } = load();
    const names = ['=HYPERLINK("x")', '+1', '-x', '@x'];
    const rows: Cell[][] = [['Date', 'Region', 'Sales']];
    for (const y of [2024, 2025])
      for (let m = 1; m <= 12; m++)
        names.forEach((n, i) => rows.push([zonedMidnight(y, m, 15, 'Etc/UTC'), n, 1000 * (i + 1) + m]));
    const src = gas.ss.addSheet(
      'Data',
      rows,
      rows.map((_r, i) => (i ? ['yyyy-mm-dd', null, '#,##0'] : [null, null, null])),
    );
    for (const kind of ['breakdown', 'quadrant', 'scorecard'] as const) {
      const res = runKind(addon, gas, kind, 'Data', { by: 'Region', period: '2025' });
      expect(res.ok, res.error).toBe(true);
      for (const name of res.sheets) {
        const sheet = gas.ss.sheet(name);
        const texts = sheet.cells.flat().filter((c): c is FakeCell => !!c);
        for (const n of names) {
          const hits = texts.filter((c) => c.value === n);
          expect(hits.length, `${kind}: ${n} on ${name}`).toBeGreaterThan(0);
          expect(hits.every((c) => c.parsedAs === 'quoted-text' && !c.formula)).toBe(true);
        }
        // Nothing we wrote was parsed by Sheets as a number, date, boolean or text of its own: every
        // string went in quoted, every formula is a spec formula.
        expect(texts.filter((c) => ['number', 'date', 'boolean', 'text'].includes(c.parsedAs ?? ''))).toEqual(
          [],
        );
        expect(texts.filter((c) => c.formula && names.includes(c.formula!))).toEqual([]);
      }
    }
    expect(src.cells[1][1]!.value).toBe('=HYPERLINK("x")');
  });

  it('a second concurrent generation (document lock held) is refused with the message and writes nothing', () => {
    for (const [lang, msg] of [
      ['en', 'Another editor is generating sheets; try again in a moment.'],
      ['zh', '另一位编辑者正在生成工作表，请稍后再试。'],
    ]) {
      const { gas, addon, source } = withSample();
      gas.lock.heldByOther = true;
      const sheetsBefore = gas.ss.sheets.map((s) => s.name);
      const before = JSON.stringify(source.cells);
      gas.calls.reset();
      const res = runKind(addon, gas, 'breakdown', 'Sales', { lang });
      expect(res).toEqual({ ok: false, sheets: [], summary: [], error: msg });
      expect(gas.lock.tries).toEqual([10000]);
      expect(gas.ss.sheets.map((s) => s.name)).toEqual(sheetsBefore);
      expect(JSON.stringify(source.cells)).toBe(before);
      expect(gas.calls.total((k) => /^(Range|Sheet)\.set|insertSheet|deleteSheet/.test(k))).toBe(0);
      // Released, it works; and the lock is released after the run.
      gas.lock.heldByOther = false;
      expect(runKind(addon, gas, 'breakdown', 'Sales', { lang }).ok).toBe(true);
      expect(gas.lock.heldByUs).toBe(false);
    }
  });

  it('errors are answers: a missing source, a table without amounts', () => {
    const { gas, addon } = load();
    gas.ss.addSheet('Text', [
      ['Name', 'Note'],
      ['a', 'b'],
    ]);
    const missing = plain(
      addon.run({ kind: 'breakdown', sourceId: 'sheet:424242', overrides: {}, options: { lang: 'en' } }),
    ) as {
      ok: boolean;
      error: string;
    };
    expect(missing).toMatchObject({ ok: false });
    expect(missing.error).toMatch(/no longer exists/);
    const bad = runKind(addon, gas, 'breakdown', 'Text');
    expect(bad.ok).toBe(false);
    expect(bad.error!.length).toBeGreaterThan(10);
    expect(gas.ss.sheets.map((s) => s.name)).toEqual(['Text']);
  });

  it('dates are read in the spreadsheet zone: Asia/Shanghai midnights give the same analyses as UTC', () => {
    const utc = withSample('Etc/UTC');
    const sh = withSample('Asia/Shanghai');
    // The Shanghai dates are not UTC midnights: read naively, every date would be the day before.
    expect((sh.source.cell(4, 1)!.value as Date).toISOString()).toBe('2023-12-31T16:00:00.000Z');
    const a = utc.addon.inspect(`sheet:${utc.source.id}`, {}, 'en') as Record<string, unknown>;
    const b = sh.addon.inspect(`sheet:${sh.source.id}`, {}, 'en') as Record<string, unknown>;
    expect(plain({ ...b, id: '' })).toEqual(plain({ ...a, id: '' }));
    for (const kind of ['breakdown', 'quadrant', 'scorecard'] as const) {
      const x = runKind(utc.addon, utc.gas, kind);
      const y = runKind(sh.addon, sh.gas, kind);
      expect(y).toEqual(x);
      for (const name of x.sheets)
        expect(sh.gas.ss.sheet(name).grid()).toEqual(utc.gas.ss.sheet(name).grid());
    }
  });

  it('the number of service calls per analysis does not grow with the rows (12,000 vs 24,000 rows, one block)', () => {
    const counts: Record<string, number[]> = {};
    // Both sizes are large enough for the period blocks (from 10,000 rows), so the sheets have the same cells.
    for (const n of [12000, 24000]) {
      const { gas, addon } = load();
      const cells = generateLargeTable(n);
      gas.ss.addSheet('Big', cells);
      for (const kind of ['breakdown', 'quadrant', 'scorecard', 'tracking'] as const) {
        gas.calls.reset();
        const res = runKind(addon, gas, kind, 'Big');
        expect(res.ok, res.error).toBe(true);
        (counts[kind] ??= []).push(gas.calls.total(isServiceCall));
        // One read of the source block (getValues + getNumberFormats) per analysis; tracking and the
        // scorecard also read the targets of our Goal Breakdown sheet.
        expect(gas.calls.count('Range.getValues')).toBe(kind === 'tracking' || kind === 'scorecard' ? 2 : 1);
        expect(gas.calls.count('Range.getNumberFormats')).toBe(1);
        // No run id (the menu, a script): nothing kept in a cache (one look for a run in progress).
        expect(gas.calls.count('Cache.put')).toBe(0);
        expect(gas.calls.count('Cache.get')).toBe(1);
      }
    }
    for (const [kind, [small, large]] of Object.entries(counts)) expect(large, kind).toBe(small);
    console.log('service calls per analysis (12k rows, 24k rows):', JSON.stringify(counts));
  });
});

// ---------------------------------------------------------------------------------------------
// Big sources: block reads, progress, cancel
// ---------------------------------------------------------------------------------------------

/** 26,001 rows × 8 columns = 208,008 cells: two read blocks (25,000 + 1,001 rows). */
const BIG_ROWS = 26_000;
const BIG_TZ = 'Asia/Shanghai';
const TODAY = 46355; // 2026-11-29

/**
 * The large table in a fake spreadsheet of zone Asia/Shanghai, its dates as Sheets hands them (midnight in
 * that zone, a date format); `textAmounts`: every 1,000th amount is text, so the analyses' formulas read a
 * Clean Data sheet (26,001 rows × 9 columns: two write blocks).
 */
function withBigSource(textAmounts = false): { gas: FakeGas; addon: Addon; source: FakeSheet } {
  const { gas, addon } = load({ timeZone: BIG_TZ });
  const cells = generateLargeTable(BIG_ROWS);
  const values = cells.map((row, i) =>
    i === 0
      ? [...row]
      : row.map((v, j) => {
          if (j === 0) {
            const { y, m, d } = serialToYMD(v as number);
            return zonedMidnight(y, m, d, BIG_TZ);
          }
          return j === 6 && textAmounts && i % 1000 === 7 ? String(v) : v;
        }),
  );
  const formats = cells.map((row, i) => row.map((_, j) => (i > 0 && j === 0 ? 'yyyy-mm-dd' : null)));
  return { gas, addon, source: gas.ss.addSheet('Big', values, formats) };
}

/** What the add-on read before blocks: the whole range in one getValues() and one getNumberFormats(). */
function wholeRead(gas: FakeGas, source: FakeSheet): { cells: Cell[][]; formats: string[][] } {
  const sheet = gas.wrapSheet(source) as GoogleAppsScript.Spreadsheet.Sheet;
  const range = sheet.getRange(1, 1, source.lastRow(), source.lastCol());
  const cells = range.getValues() as Cell[][];
  const formats = range.getNumberFormats();
  serializeDates(cells, formats, dateSerializer(BIG_TZ, formatDate));
  return { cells, formats };
}

/** Every sheet's name, cells and marks (to show that nothing changed). */
function snapshot(gas: FakeGas): string {
  return JSON.stringify({
    sheets: gas.ss.sheets.map((s) => [s.name, s.cells, s.rules, s.charts]),
    marks: gas.ss.metadata.map((m) => [m.sheet.name, m.key, m.value]),
  });
}

const runWith = (addon: Addon, gas: FakeGas, kind: JobKind, runId?: string, lang = 'en'): RunResultJson =>
  plain(
    addon.run(
      {
        kind,
        sourceId: `sheet:${gas.ss.sheet('Big').id}`,
        overrides: {},
        options: { lang, generatedAt: GENERATED_AT, today: TODAY },
      },
      runId,
    ),
  ) as RunResultJson;
type RunResultJson = { ok: boolean; sheets: string[]; summary: string[]; error?: string };

/** The steps a run recorded under its run id, in order (each Cache.put of its progress key). */
function recordSteps(gas: FakeGas, runId: string): RunStep[] {
  const steps: RunStep[] = [];
  const prev = gas.onCachePut;
  gas.onCachePut = (put) => {
    if (put.key === `sga-progress-${runId}`) steps.push(JSON.parse(put.value) as RunStep);
    prev?.(put);
  };
  return steps;
}

describe('big sources: block reads, progress and cancel', () => {
  it('readSource reads a source larger than one block in blocks of rows: exactly the cells and formats of one whole read', () => {
    const { gas, source } = withBigSource();
    const src = {
      id: `sheet:${source.id}`,
      sheet: gas.wrapSheet(source) as GoogleAppsScript.Spreadsheet.Sheet,
      sheetName: 'Big',
      row: 1,
      col: 1,
      rows: source.lastRow(),
      cols: source.lastCol(),
      bounded: false,
    };
    const whole = wholeRead(gas, source);
    gas.calls.reset();
    const seen: [number, number][] = [];
    const got = readSource(
      src,
      BIG_TZ,
      (done, total) => seen.push([done, total]),
      dateSerializer(BIG_TZ, formatDate),
    );
    const perBlock = Math.floor(READ_BLOCK_CELLS / 8);
    expect(perBlock).toBe(25_000);
    expect(gas.calls.count('Range.getValues')).toBe(2);
    expect(gas.calls.count('Range.getNumberFormats')).toBe(2);
    expect(seen).toEqual([
      [0, 26001],
      [25000, 26001],
      [26001, 26001],
    ]);
    expect(got.cells).toEqual(whole.cells);
    expect(got.formats).toEqual(whole.formats);
    expect(typeof got.cells[25001][0]).toBe('number'); // a date of the second block, as its serial
  });

  it('a source larger than one block: inspect and the analysis are those of one whole read, the source untouched', () => {
    const { gas, addon, source } = withBigSource();
    const before = JSON.stringify(source.cells);
    const whole = wholeRead(gas, source);
    gas.calls.reset();
    const info = plain(addon.inspect(`sheet:${source.id}`, {}, 'en'));
    expect(gas.calls.count('Range.getValues')).toBe(2);
    const { summary } = inspectCells(whole.cells, { lang: 'en', formats: whole.formats, originRow: 1 });
    expect(info).toEqual(plain({ ...summary, id: `sheet:${source.id}`, sheet: 'Big' }));

    const res = runWith(addon, gas, 'breakdown');
    const read = readSalesTable(whole.cells, { lang: 'en', formats: whole.formats, originRow: 1 });
    if (!read.ok) throw new Error(read.error.message);
    const job = runJob(
      'breakdown',
      read.table,
      { sheet: 'Big', originRow: 1, originCol: 1, bounded: false },
      { lang: 'en', generatedAt: GENERATED_AT, today: TODAY },
      ['Big'],
    );
    if (!job.ok) throw new Error(job.error);
    expect(res).toEqual({ ok: true, sheets: job.specs.map((s) => s.name), summary: job.summary });
    for (const spec of job.specs) expectRendered(gas.ss.sheet(spec.name), spec);
    expect(JSON.stringify(source.cells)).toBe(before);
  });

  it('with a run id the server records its steps in the user cache: rows read per block, analysing, rows written per block and sheet, finishing', () => {
    const { gas, addon, source } = withBigSource(true);
    const before = JSON.stringify(source.cells);
    const steps = recordSteps(gas, 'run-1');
    gas.calls.reset();
    const res = runWith(addon, gas, 'quadrant', 'run-1');
    expect(res.ok, res.error).toBe(true);
    expect(res.sheets[0]).toBe('Clean Data');
    const quadrant = res.sheets[1];
    // Progress in the user's cache; the run's state in the document's (run-state.ts).
    const progressPuts = gas.cachePuts.filter((p) => p.key.startsWith('sga-progress-'));
    expect(progressPuts.every((p) => p.scope === 'user' && p.seconds === PROGRESS_TTL)).toBe(true);
    const statePuts = gas.cachePuts.filter((p) => !p.key.startsWith('sga-progress-'));
    expect(statePuts.every((p) => p.scope === 'document' && p.seconds === STATE_TTL)).toBe(true);
    expect(gas.calls.count('Range.getValues')).toBe(2);

    const total = (steps.find((s) => s.step === 'write') as { total: number }).total;
    expect(total).toBeGreaterThan(26001); // the Clean Data rows and the quadrant's
    const perWrite = Math.floor(200_000 / 9); // Clean Data: source row + 8 columns
    expect(steps).toEqual([
      { step: 'read', done: 0, total: 26001 },
      { step: 'read', done: 25000, total: 26001 },
      { step: 'read', done: 26001, total: 26001 },
      { step: 'analyse' },
      { step: 'write', sheet: 'Clean Data', done: 0, total },
      { step: 'write', sheet: 'Clean Data', done: perWrite, total },
      { step: 'write', sheet: 'Clean Data', done: 26001, total },
      { step: 'write', sheet: quadrant, done: 26001, total },
      { step: 'finish' },
    ]);
    // The bar: never backwards, from 2% to 97%, with the panel's messages.
    const shown = steps.map((s) => stepProgress(s, 'en')!);
    for (let i = 1; i < shown.length; i++)
      expect(shown[i].fraction, JSON.stringify(steps[i])).toBeGreaterThanOrEqual(shown[i - 1].fraction);
    expect([shown[0].fraction, shown[shown.length - 1].fraction]).toEqual([0.02, 0.97]);
    expect(shown.map((s) => s.message).slice(1, 6)).toEqual([
      'Reading rows: 25,000 of 26,001',
      'Reading rows: 26,001 of 26,001',
      'Analysing…',
      `Writing "Clean Data": rows 0 of ${total.toLocaleString('en-US')}`,
      `Writing "Clean Data": rows 22,222 of ${total.toLocaleString('en-US')}`,
    ]);
    // The sidebar's poll answers the last step; an unknown or malformed run id answers null.
    expect(plain(addon.getProgress('run-1'))).toEqual({ step: 'finish' });
    expect(addon.getProgress('other')).toBeNull();
    expect(addon.getProgress('../x')).toBeNull();
    expect(JSON.stringify(source.cells)).toBe(before);
  });

  it('cancelRun stops the run between blocks and nothing is written: during the read, during a new sheet (removed, our other sheets kept), before it starts', () => {
    const { gas, addon, source } = withBigSource(true);
    const before = JSON.stringify(source.cells);
    expect(runWith(addon, gas, 'breakdown').ok).toBe(true); // our sheet of another kind, to be kept
    const start = snapshot(gas);
    const cancelWhen = (runId: string, when: (s: RunStep) => boolean): void => {
      gas.onCachePut = (put) => {
        if (put.key === `sga-progress-${runId}` && when(JSON.parse(put.value) as RunStep))
          addon.cancelRun(runId);
      };
    };
    const cancelled = { ok: false, sheets: [], summary: [], error: 'Cancelled. Nothing was written.' };

    // During the read: the second block is not read.
    cancelWhen('r1', (s) => s.step === 'read' && s.done > 0);
    gas.calls.reset();
    expect(runWith(addon, gas, 'quadrant', 'r1')).toEqual(cancelled);
    expect(gas.calls.count('Range.getValues')).toBe(1);
    expect(gas.calls.count('Spreadsheet.insertSheet')).toBe(0);
    expect(snapshot(gas)).toBe(start);

    // During the write of a new Clean Data (after its first block): the half-written sheet is deleted.
    cancelWhen('r2', (s) => s.step === 'write' && s.done > 0);
    gas.calls.reset();
    expect(runWith(addon, gas, 'quadrant', 'r2')).toEqual(cancelled);
    expect(gas.calls.count('Spreadsheet.insertSheet')).toBe(1);
    expect(gas.calls.count('Spreadsheet.deleteSheet')).toBe(1);
    expect(snapshot(gas)).toBe(start);
    expect(gas.lock.heldByUs).toBe(false);

    // Before it starts (the cancel arrived first), in Chinese: nothing read.
    gas.onCachePut = null;
    addon.cancelRun('r3');
    gas.calls.reset();
    expect(runWith(addon, gas, 'quadrant', 'r3', 'zh')).toEqual({
      ...cancelled,
      error: '已取消，未写入任何内容。',
    });
    expect(gas.calls.count('Range.getValues')).toBe(0);
    expect(snapshot(gas)).toBe(start);
    expect(JSON.stringify(source.cells)).toBe(before);
  });

  it('a cancel after the first sheet is committed (a new Clean Data complete) is not honoured: the run finishes', () => {
    const { gas, addon } = withBigSource(true);
    let second = '';
    gas.onCachePut = (put) => {
      const s = JSON.parse(put.value) as RunStep;
      if (put.key === 'sga-progress-r4' && s.step === 'write' && s.sheet !== 'Clean Data') {
        second = s.sheet;
        addon.cancelRun('r4');
      }
    };
    const res = runWith(addon, gas, 'quadrant', 'r4');
    expect(res.ok, res.error).toBe(true);
    expect(res.sheets).toEqual(['Clean Data', second]);
    expect(gas.ss.sheets.map((s) => s.name)).toEqual(['Big', 'Clean Data', second]);
  });
});

function colNumber(s: string): number {
  return [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
}

describe('the fakes', () => {
  it('fail on a method Apps Script does not have', () => {
    const { addon } = load();
    const ctx = addon as unknown as { SpreadsheetApp: { getActive(): Record<string, () => unknown> } };
    const ss = ctx.SpreadsheetApp.getActive();
    expect(() => ss.getSheetByIndex()).toThrow(/not a method of the Apps Script Spreadsheet/);
    expect(() => (ss.insertSheet() as Record<string, () => unknown>).setValues()).toThrow(/not a method/);
  });

  it('the cache takes what Apps Script documents: string keys (≤ 250) and values (≤ 100 KB), 1..21,600 s; entries expire', () => {
    const { gas, addon } = load();
    let now = 1_000_000;
    gas.now = () => now;
    const ctx = addon as unknown as {
      CacheService: { getUserCache(): Record<string, (...a: unknown[]) => unknown> };
    };
    const cache = ctx.CacheService.getUserCache();
    cache.put('k', 'v', 2);
    expect(cache.get('k')).toBe('v');
    expect(ctx.CacheService.getUserCache().get('k')).toBe('v'); // the same cache
    now += 2000;
    expect(cache.get('k')).toBeNull();
    cache.put('k', 'v'); // 10 minutes
    now += 599_000;
    expect(cache.get('k')).toBe('v');
    cache.remove('k');
    expect(cache.get('k')).toBeNull();
    expect(() => cache.put('k', 1)).toThrow(/value must be a string/);
    expect(() => cache.put('k', 'x'.repeat(100 * 1024 + 1))).toThrow(/100 KB/);
    expect(() => cache.put('k'.repeat(251), 'v')).toThrow(/250/);
    for (const bad of [0, 21_601, 1.5, '60'])
      expect(() => cache.put('k', 'v', bad)).toThrow(/expirationInSeconds/);
    expect(() => cache.get()).toThrow(/Cache.get/);
    expect(() => cache.get(7)).toThrow(/key must be a string/);
    expect(() => cache.getAll(['k'])).toThrow(/not a method of the Apps Script Cache/);
    expect(() => (ctx.CacheService as unknown as Record<string, () => unknown>).getPublicCache()).toThrow(
      /not a method/,
    );
  });
});

describe('the sidebar backend (google.script.run)', () => {
  type RunnerCall = { name: string; args: unknown[]; ok: (v: unknown) => void; fail: (e: unknown) => void };
  /** A google.script.run double: records calls, answers through the handlers when told to. */
  function fakeRunner(): { runner: () => ScriptRunner; calls: RunnerCall[] } {
    const calls: RunnerCall[] = [];
    const make = (ok: (v: unknown) => void, fail: (e: unknown) => void): ScriptRunner => {
      const r: ScriptRunner = {
        withSuccessHandler: (f) => make(f, fail),
        withFailureHandler: (f) => make(ok, f),
      };
      for (const { name } of ENTRY_POINTS)
        r[name] = (...args: unknown[]) => void calls.push({ name, args, ok, fail });
      return r;
    };
    return {
      runner: () =>
        make(
          () => undefined,
          () => undefined,
        ),
      calls,
    };
  }
  const named = (calls: RunnerCall[], name: string): RunnerCall[] => calls.filter((c) => c.name === name);
  /** Lets the answered promises run (only the intervals are faked). */
  const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
  const REQ = { kind: 'quadrant' as const, sourceId: 'sheet:1', overrides: {}, options: {} };

  it('promisifies the calls, sends plain JSON (Dates as yyyy-mm-dd) and passes the language to inspect', async () => {
    const { runner, calls } = fakeRunner();
    const b = new SheetsBackend('zh', runner);
    const p = b.inspect('sheet:1', { region: null });
    expect(calls[0]).toMatchObject({ name: 'inspect', args: ['sheet:1', { region: null }, 'zh'] });
    calls[0].ok({ ok: true });
    await expect(p).resolves.toEqual({ ok: true });
    const progress: [number, string][] = [];
    const ctrl = new AbortController();
    const options = {
      lang: 'zh',
      generatedAt: new Date(2026, 9, 1),
      year: undefined,
    } as unknown as JobOptions;
    const r = b.run(
      { kind: 'breakdown', sourceId: 'sheet:1', overrides: {}, options },
      (f, m) => progress.push([f, m]),
      ctrl.signal,
    );
    expect(calls[1].args).toEqual([
      {
        kind: 'breakdown',
        sourceId: 'sheet:1',
        overrides: {},
        options: { lang: 'zh', generatedAt: '2026-10-01' },
      },
      expect.stringMatching(/^[a-z0-9]+-[a-z0-9]+$/),
    ]);
    calls[1].ok({ ok: true, sheets: ['目标分解'], summary: [] });
    await expect(r).resolves.toEqual({ ok: true, sheets: ['目标分解'], summary: [] });
    expect(progress).toEqual([
      [0.02, '正在处理…'],
      [1, '完成'],
    ]);
    // A server error rejects with its message.
    const s = b.listSources();
    calls[2].fail(new Error('Exception: boom'));
    await expect(s).rejects.toThrow('Exception: boom');
  });

  it('the server steps as the bar shows them, with the panel messages in English and Chinese', () => {
    const read = { step: 'read', done: 25000, total: 40001 };
    expect(stepProgress(read, 'en')).toEqual({
      fraction: 0.02 + (0.43 * 25000) / 40001,
      message: 'Reading rows: 25,000 of 40,001',
    });
    expect(stepProgress(read, 'zh')!.message).toBe('正在读取：第 25,000 行，共 40,001 行');
    expect(stepProgress({ step: 'analyse' }, 'en')).toEqual({ fraction: 0.5, message: 'Analysing…' });
    expect(stepProgress({ step: 'analyse' }, 'zh')!.message).toBe('正在分析…');
    const write = { step: 'write', sheet: 'Clean Data', done: 100, total: 400 };
    expect(stepProgress(write, 'en')).toEqual({
      fraction: 0.65,
      message: 'Writing "Clean Data": rows 100 of 400',
    });
    expect(stepProgress({ ...write, sheet: '清洗数据' }, 'zh')!.message).toBe(
      '正在写入“清洗数据”：第 100 行，共 400 行',
    );
    expect(stepProgress({ step: 'finish' }, 'en')).toEqual({ fraction: 0.97, message: 'Finishing…' });
    expect(stepProgress({ step: 'finish' }, 'zh')!.message).toBe('即将完成…');
    for (const junk of [null, 'read', { step: 'boom' }, 42]) expect(stepProgress(junk, 'en')).toBeNull();
  });

  describe('progress while the run is pending', () => {
    beforeEach(() => void vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }));
    afterEach(() => void vi.useRealTimers());

    it('polls getProgress(runId) every second: the bar moves through read, analyse, write and finish; polling stops with the answer', async () => {
      const { runner, calls } = fakeRunner();
      const b = new SheetsBackend('en', runner);
      const progress: [number, string][] = [];
      const r = b.run(REQ, (f, m) => progress.push([f, m]), new AbortController().signal);
      const runId = named(calls, 'run')[0].args[1];
      const steps = [
        { step: 'read', done: 0, total: 40001 },
        { step: 'read', done: 25000, total: 40001 },
        { step: 'read', done: 40001, total: 40001 },
        { step: 'analyse' },
        { step: 'write', sheet: 'Clean Data', done: 0, total: 40040 },
        { step: 'write', sheet: 'Clean Data', done: 22222, total: 40040 },
        { step: 'finish' },
      ];
      for (const [k, step] of steps.entries()) {
        await vi.advanceTimersByTimeAsync(999);
        expect(named(calls, 'getProgress')).toHaveLength(k); // not before a second
        await vi.advanceTimersByTimeAsync(1);
        const poll = named(calls, 'getProgress')[k];
        expect(poll.args).toEqual([runId]);
        poll.ok(step);
        await settle();
      }
      expect(progress.map(([, m]) => m)).toEqual([
        'Working…',
        'Reading rows: 0 of 40,001',
        'Reading rows: 25,000 of 40,001',
        'Reading rows: 40,001 of 40,001',
        'Analysing…',
        'Writing "Clean Data": rows 0 of 40,040',
        'Writing "Clean Data": rows 22,222 of 40,040',
        'Finishing…',
      ]);
      const fractions = progress.map(([f]) => f);
      for (let i = 1; i < fractions.length; i++)
        expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
      expect(fractions[fractions.length - 1]).toBe(0.97);
      named(calls, 'run')[0].ok({ ok: true, sheets: ['Clean Data', 'Quadrant'], summary: [] });
      await expect(r).resolves.toMatchObject({ ok: true });
      expect(progress[progress.length - 1]).toEqual([1, 'Done']);
      const polls = named(calls, 'getProgress').length;
      await vi.advanceTimersByTimeAsync(5000);
      expect(named(calls, 'getProgress')).toHaveLength(polls);
      expect(named(calls, 'cancelRun')).toHaveLength(0);
    });

    it('a failed poll is ignored, a pending poll is not doubled, a late or earlier step never moves the bar back', async () => {
      const { runner, calls } = fakeRunner();
      const b = new SheetsBackend('zh', runner);
      const progress: [number, string][] = [];
      const r = b.run(REQ, (f, m) => progress.push([f, m]), new AbortController().signal);
      await vi.advanceTimersByTimeAsync(1000);
      named(calls, 'getProgress')[0].fail(new Error('Exception: Service invoked too many times'));
      await settle();
      await vi.advanceTimersByTimeAsync(1000);
      named(calls, 'getProgress')[1].ok(null); // nothing recorded yet
      await settle();
      await vi.advanceTimersByTimeAsync(3000); // one poll, unanswered: no second one meanwhile
      expect(named(calls, 'getProgress')).toHaveLength(3);
      named(calls, 'getProgress')[2].ok({ step: 'write', sheet: '目标分解', done: 10, total: 20 });
      await settle();
      await vi.advanceTimersByTimeAsync(1000);
      named(calls, 'getProgress')[3].ok({ step: 'read', done: 5, total: 10 }); // earlier: ignored
      await settle();
      expect(progress).toEqual([
        [0.02, '正在处理…'],
        [0.75, '正在写入“目标分解”：第 10 行，共 20 行'],
      ]);
      const state = r.then(
        () => 'settled',
        () => 'settled',
      );
      expect(await Promise.race([state, settle().then(() => 'pending')])).toBe('pending');
      // The run fails, and so do the two continueRun calls that try to pick it up: the promise rejects with
      // the last failure, polling stops, an answer still in flight is ignored.
      await vi.advanceTimersByTimeAsync(1000);
      named(calls, 'run')[0].fail(new Error('Exception: timed out'));
      await settle();
      const runId = named(calls, 'run')[0].args[1];
      expect(named(calls, 'continueRun').map((c) => c.args)).toEqual([[runId]]);
      named(calls, 'continueRun')[0].fail(new Error('Exceeded maximum execution time'));
      await settle();
      named(calls, 'continueRun')[1].fail(new Error('Exceeded maximum execution time'));
      await expect(r).rejects.toThrow('Exceeded maximum execution time');
      expect(named(calls, 'continueRun')).toHaveLength(MAX_STEP_RETRIES);
      named(calls, 'getProgress')[4].ok({ step: 'finish' });
      await settle();
      await vi.advanceTimersByTimeAsync(5000);
      expect(named(calls, 'getProgress')).toHaveLength(5);
      expect(progress).toHaveLength(2);
    });

    it('cancel: rejects at once, sends cancelRun(runId) once, stops polling and ignores the late answer; nothing is sent when already aborted', async () => {
      const { runner, calls } = fakeRunner();
      const b = new SheetsBackend('en', runner);
      const ctrl = new AbortController();
      const progress: number[] = [];
      const r = b.run(REQ, (f) => progress.push(f), ctrl.signal);
      await vi.advanceTimersByTimeAsync(1000);
      ctrl.abort();
      await expect(r).rejects.toMatchObject({ name: 'AbortError' });
      const runId = named(calls, 'run')[0].args[1];
      expect(named(calls, 'cancelRun').map((c) => c.args)).toEqual([[runId]]);
      named(calls, 'cancelRun')[0].fail(new Error('offline')); // ignored
      named(calls, 'getProgress')[0].ok({ step: 'finish' }); // late: ignored
      named(calls, 'run')[0].ok({ ok: true, sheets: [], summary: [] }); // ignored
      await settle();
      await vi.advanceTimersByTimeAsync(5000);
      expect(named(calls, 'getProgress')).toHaveLength(1);
      expect(progress).toEqual([0.02]);
      const before = calls.length;
      await expect(b.run(REQ, () => undefined, ctrl.signal)).rejects.toMatchObject({ name: 'AbortError' });
      await vi.advanceTimersByTimeAsync(5000);
      expect(calls).toHaveLength(before);
    });

    const PENDING = { ok: true, sheets: [], summary: [], pending: true };

    it('drives the steps: run, then continueRun(runId) while the answer is pending, polling throughout', async () => {
      const { runner, calls } = fakeRunner();
      const b = new SheetsBackend('en', runner);
      const progress: [number, string][] = [];
      const r = b.run(REQ, (f, m) => progress.push([f, m]), new AbortController().signal);
      const runId = named(calls, 'run')[0].args[1];
      named(calls, 'run')[0].ok(PENDING);
      await settle();
      expect(named(calls, 'continueRun').map((c) => c.args)).toEqual([[runId]]);
      await vi.advanceTimersByTimeAsync(1000);
      named(calls, 'getProgress')[0].ok({ step: 'write', sheet: 'Clean Data', done: 10, total: 20 });
      await settle();
      named(calls, 'continueRun')[0].ok(PENDING);
      await settle();
      await vi.advanceTimersByTimeAsync(1000);
      named(calls, 'getProgress')[1].ok({ step: 'finish' });
      await settle();
      const last = { ok: true, sheets: ['Clean Data', 'Quadrant Analysis'], summary: ['x'] };
      named(calls, 'continueRun')[1].ok(last);
      await expect(r).resolves.toEqual(last);
      expect(named(calls, 'continueRun').map((c) => c.args)).toEqual([[runId], [runId]]);
      expect(progress.map(([, m]) => m)).toEqual([
        'Working…',
        'Writing "Clean Data": rows 10 of 20',
        'Finishing…',
        'Done',
      ]);
      await vi.advanceTimersByTimeAsync(5000);
      expect(named(calls, 'getProgress')).toHaveLength(2);
    });

    it('a step stopped at the time limit is continued from where the server saved; with nothing saved, the failure stands', async () => {
      const { runner, calls } = fakeRunner();
      const b = new SheetsBackend('en', runner);
      const r = b.run(REQ, () => undefined, new AbortController().signal);
      named(calls, 'run')[0].fail(new Error('Exceeded maximum execution time'));
      await settle();
      named(calls, 'continueRun')[0].ok({ ok: true, sheets: ['Quadrant Analysis'], summary: [] });
      await expect(r).resolves.toEqual({ ok: true, sheets: ['Quadrant Analysis'], summary: [] });

      const r2 = b.run(REQ, () => undefined, new AbortController().signal);
      named(calls, 'run')[1].fail(new Error('Exceeded maximum execution time'));
      await settle();
      const expired = { ok: false, sheets: [], summary: [], error: 'gone', code: 'expired' };
      named(calls, 'continueRun')[1].ok(expired);
      await expect(r2).rejects.toThrow('Exceeded maximum execution time');
      expect(named(calls, 'continueRun')).toHaveLength(2);
    });

    it('cancel between steps: rejects at once; cancelRun reaches the server before the next step, which undoes the run unseen', async () => {
      const { runner, calls } = fakeRunner();
      const b = new SheetsBackend('en', runner);
      const ctrl = new AbortController();
      const r = b.run(REQ, () => undefined, ctrl.signal);
      named(calls, 'run')[0].ok(PENDING);
      await settle();
      ctrl.abort();
      await expect(r).rejects.toMatchObject({ name: 'AbortError' });
      const runId = named(calls, 'run')[0].args[1];
      expect(named(calls, 'cancelRun').map((c) => c.args)).toEqual([[runId]]);
      named(calls, 'continueRun')[0].ok(PENDING); // the step in flight was committed to its block
      await settle();
      expect(named(calls, 'continueRun')).toHaveLength(1); // not before the cancel has reached the server
      named(calls, 'cancelRun')[0].ok(null);
      await settle();
      expect(named(calls, 'continueRun')).toHaveLength(2);
      named(calls, 'continueRun')[1].ok({ ok: false, sheets: [], summary: [], error: 'Cancelled.' });
      await settle();
      await vi.advanceTimersByTimeAsync(5000);
      expect(named(calls, 'continueRun')).toHaveLength(2);
      expect(named(calls, 'getProgress')).toHaveLength(0);
    });
  });
});
