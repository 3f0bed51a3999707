/**
 * The Excel KPI custom functions against the one registry (core/kpi):
 * 1. excel-addin/functions/functions.ts is what scripts/gen-excel-functions.ts generates now;
 * 2. the built functions.json describes every registry function, and only those, with their parameters;
 * 3. the built functions.js, run in a sandbox with a fake CustomFunctions runtime, associates every
 *    function once and answers numbers, spilled ranges and Excel errors as Excel expects.
 * The build is made once per test run by test/setup/build-excel.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { KPI_FUNCTIONS } from '../core/kpi';
import {
  FUNCTIONS_FILE,
  generateFunctionsSource,
  generateZhTexts,
  jsNameOf,
  tsTypeOf,
  ZH_TEXTS_FILE,
} from '../scripts/gen-excel-functions';

const DIST = inject('excelDist');

/** Excel's rules for custom function ids and names (custom-functions-metadata checks the same). */
const ID_RULE = /^[A-Za-z0-9._]{1,128}$/;
const NAME_RULE = /^[A-Za-z][A-Za-z0-9._]{0,127}$/;

// ------------------------------------------------------------------------------------------------
// 1. Generated wrappers
// ------------------------------------------------------------------------------------------------

describe('functions.ts', () => {
  it('is what the generator makes from the registry (run `npm run gen:functions` after changing it)', async () => {
    expect(readFileSync(FUNCTIONS_FILE, 'utf8')).toBe(await generateFunctionsSource());
  });

  it('functions.zh-cn.json holds the registry’s Chinese texts (run `npm run gen:functions` after changing it)', async () => {
    expect(readFileSync(ZH_TEXTS_FILE, 'utf8')).toBe(await generateZhTexts());
  });

  it('has one exported, JSDoc-tagged wrapper per registry function and no associate calls', () => {
    const src = readFileSync(FUNCTIONS_FILE, 'utf8');
    for (const fn of KPI_FUNCTIONS) {
      expect(src).toContain(`@customfunction ${fn.name}\n`);
      expect(src).toContain(`export function ${jsNameOf(fn)}(`);
      expect(src).toContain(`return run('${fn.name}', [${fn.params.map((p) => p.name).join(', ')}]);`);
    }
    // custom-functions-metadata-plugin appends them at build time; a second association would be a bug.
    expect(src).not.toMatch(/^\s*CustomFunctions\.associate\(/m);
  });
});

// ------------------------------------------------------------------------------------------------
// 2. Built metadata
// ------------------------------------------------------------------------------------------------

interface MetaParam {
  name: string;
  description?: string;
  type?: string;
  dimensionality?: string;
  optional?: boolean;
}
interface MetaFunction {
  id: string;
  name: string;
  description?: string;
  parameters: MetaParam[];
  result?: { type?: string; dimensionality?: string };
}

describe('built functions.json', () => {
  let meta: { functions: MetaFunction[] };
  beforeAll(() => {
    meta = JSON.parse(readFileSync(join(DIST, 'functions.json'), 'utf8'));
  });

  it('lists the registry functions, in order, and nothing else', () => {
    expect(meta.functions.map((f) => f.id)).toEqual(KPI_FUNCTIONS.map((f) => f.name));
    expect(meta.functions).toHaveLength(KPI_FUNCTIONS.length);
  });

  it('has the names, descriptions, parameters and optional flags of the registry', () => {
    for (const fn of KPI_FUNCTIONS) {
      const m = meta.functions.find((f) => f.id === fn.name);
      expect(m, fn.name).toBeDefined();
      if (!m) continue;
      expect(m.name).toBe(fn.name);
      expect(m.description).toBe(fn.description.en.replace(/\s+/g, ' '));
      expect(m.parameters.map((p) => p.name)).toEqual(fn.params.map((p) => p.name));
      expect(m.parameters.map((p) => p.optional === true)).toEqual(fn.params.map((p) => p.optional));
      fn.params.forEach((p, i) => {
        const mp = m.parameters[i];
        expect(mp.description, `${fn.name}.${p.name}`).toBe(p.description.en);
        const t = tsTypeOf(p);
        if (t === 'any[][]') {
          expect([mp.type, mp.dimensionality], `${fn.name}.${p.name}`).toEqual(['any', 'matrix']);
        } else {
          expect([mp.type, mp.dimensionality], `${fn.name}.${p.name}`).toEqual([t, undefined]);
        }
      });
      // Every answer may spill.
      expect(m.result?.dimensionality, fn.name).toBe('matrix');
    }
  });

  it('has a Chinese twin, functions-zh-cn.json: same ids, names, parameters and types, texts in Chinese', () => {
    const zh: { functions: MetaFunction[] } = JSON.parse(
      readFileSync(join(DIST, 'functions-zh-cn.json'), 'utf8'),
    );
    const strip = (f: MetaFunction) => ({
      ...f,
      description: undefined,
      parameters: f.parameters.map((p) => ({ ...p, description: undefined })),
    });
    expect(zh.functions.map(strip)).toEqual(meta.functions.map(strip));
    for (const fn of KPI_FUNCTIONS) {
      const m = zh.functions.find((f) => f.id === fn.name)!;
      expect(m.description).toBe(fn.description.zh.replace(/\s+/g, ' ').trim());
      expect(m.description).toMatch(/[\u4e00-\u9fff]/);
      expect(m.parameters.map((p) => p.description)).toEqual(
        fn.params.map((p) => p.description.zh.replace(/\s+/g, ' ').trim()),
      );
    }
  });

  it('uses ids and names that Excel accepts', () => {
    for (const f of meta.functions) {
      expect(f.id, f.id).toMatch(ID_RULE);
      expect(f.name, f.name).toMatch(NAME_RULE);
      expect(f.id).toBe(f.id.toUpperCase());
    }
    for (const fn of KPI_FUNCTIONS) expect(fn.name).toMatch(/^[A-Z][A-Z0-9_.]*$/);
  });
});

// ------------------------------------------------------------------------------------------------
// 3. Built functions.js in a sandbox
// ------------------------------------------------------------------------------------------------

/** The error codes of @types/custom-functions-runtime (CustomFunctions.ErrorCode). */
const ErrorCode = {
  invalidValue: '#VALUE!',
  notAvailable: '#N/A',
  divisionByZero: '#DIV/0!',
  invalidNumber: '#NUM!',
  nullReference: '#NULL!',
  invalidName: '#NAME?',
  invalidReference: '#REF!',
} as const;
const OUTPUT_CODES: string[] = [
  ErrorCode.invalidValue,
  ErrorCode.notAvailable,
  ErrorCode.divisionByZero,
  ErrorCode.invalidNumber,
  ErrorCode.nullReference,
];

/** Stand-in for CustomFunctions.Error, checking its arguments as Excel documents them. */
class FakeError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {
    if (!OUTPUT_CODES.includes(code)) throw new TypeError(`not an output error code: ${String(code)}`);
    // Excel shows a custom message only with #VALUE! and #N/A.
    if (message !== undefined && code !== ErrorCode.invalidValue && code !== ErrorCode.notAvailable) {
      throw new TypeError(`${code} takes no custom message`);
    }
  }
}

type Fn = (...args: unknown[]) => unknown;

interface Loaded {
  fns: Map<string, Fn>;
  calls: string[];
}

function loadBundle(): Loaded {
  const fns = new Map<string, Fn>();
  const calls: string[] = [];
  const CustomFunctions = {
    associate(id: string | Record<string, Fn>, fn?: Fn) {
      const pairs: [string, Fn][] = typeof id === 'string' ? [[id, fn as Fn]] : Object.entries(id);
      for (const [k, f] of pairs) {
        calls.push(k);
        if (typeof f !== 'function') throw new TypeError(`associate(${k}) without a function`);
        fns.set(k, f);
      }
    },
    Error: FakeError,
    ErrorCode,
  };
  const Office = { onReady: () => Promise.resolve({ host: 'Excel', platform: 'PC' }) };
  const code = readFileSync(join(DIST, 'functions.js'), 'utf8');
  const sandbox: Record<string, unknown> = { CustomFunctions, Office, console };
  sandbox.self = sandbox;
  sandbox.window = sandbox;
  runInNewContext(code, sandbox, { filename: 'functions.js' });
  return { fns, calls };
}

/** What a test expects in one cell: a number (compared to 12 digits), text, a boolean or an error. */
type Want = number | string | boolean | { error: string; message?: RegExp };

/** Compares an answer with the expectation, cell by cell, and its 2D shape. */
function expectCells(got: unknown, want: Want[][], label: string): void {
  expect(Array.isArray(got), `${label}: a 2D array`).toBe(true);
  const rows = got as unknown[][];
  expect(
    rows.map((r) => (Array.isArray(r) ? r.length : -1)),
    `${label}: shape`,
  ).toEqual(want.map((r) => r.length));
  want.forEach((row, i) =>
    row.forEach((w, j) => {
      const g = rows[i][j];
      const at = `${label} [${i}][${j}]`;
      if (typeof w === 'object') {
        expect(g, at).toBeInstanceOf(FakeError);
        const e = g as FakeError;
        expect(e.code, at).toBe(w.error);
        if (w.error === ErrorCode.invalidValue || w.error === ErrorCode.notAvailable) {
          expect(typeof e.message === 'string' && e.message.length > 0, `${at}: message`).toBe(true);
          if (w.message) expect(e.message, at).toMatch(w.message);
        } else {
          expect(e.message, `${at}: no message`).toBeUndefined();
        }
      } else if (typeof w === 'number') {
        expect(typeof g, at).toBe('number');
        expect(g as number, at).toBeCloseTo(w, 12);
      } else {
        expect(g, at).toBe(w);
      }
    }),
  );
}

const DIV0 = { error: ErrorCode.divisionByZero };
const NUM = { error: ErrorCode.invalidNumber };
const NA = (message?: RegExp) => ({ error: ErrorCode.notAvailable, message });
const VALUE = (message?: RegExp) => ({ error: ErrorCode.invalidValue, message });

/** Excel serial day numbers. */
const D = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000 + 25_569;

interface Case {
  title: string;
  /** Arguments as Excel passes them: ranges as 2D arrays, omitted optionals as null. */
  args: unknown[];
  want: Want[][];
}

/** Realistic calls of every KPI function; a new registry function fails the test until it has some. */
const CASES: Record<string, Case[]> = {
  GROWTH: [
    { title: 'one cell', args: [[[120]], [[100]]], want: [[0.2]] },
    {
      title: 'a column, with a 0 and text numbers',
      args: [
        [[110], ['¥1,500'], [5]],
        [[100], [1000], [0]],
      ],
      want: [[0.1], [0.5], [DIV0]],
    },
    { title: 'negative previous', args: [[[-50]], [[-100]]], want: [[0.5]] },
    { title: 'text', args: [[['abc']], [[1]]], want: [[VALUE(/current/)]] },
    {
      title: 'shapes differ',
      args: [
        [[1], [2]],
        [[1], [2], [3]],
      ],
      want: [[VALUE(/GROWTH/)]],
    },
  ],
  CAGR: [
    { title: 'two years', args: [[[100]], [[121]], [[2]]], want: [[0.1]] },
    { title: 'start 0', args: [[[0]], [[121]], [[2]]], want: [[NUM]] },
  ],
  CONVERSION: [
    { title: '20 of 100', args: [[[20]], [[100]]], want: [[0.2]] },
    { title: 'row of pairs', args: [[[1, 3]], [[4, 0]]], want: [[0.25, DIV0]] },
    { title: 'negative', args: [[[-1]], [[4]]], want: [[NUM]] },
  ],
  WINRATE: [
    { title: '3 won 1 lost', args: [[[3]], [[1]]], want: [[0.75]] },
    { title: 'nothing closed', args: [[[0]], [[null]]], want: [[DIV0]] },
  ],
  AOV: [
    {
      title: 'per row',
      args: [
        [[1000], [600]],
        [[4], [3]],
      ],
      want: [[250], [200]],
    },
    { title: 'no orders', args: [[[1000]], [['']]], want: [[DIV0]] },
  ],
  ATTAINMENT: [
    { title: '90 of 100', args: [[[90]], [[100]]], want: [[0.9]] },
    { title: 'target broadcast over a row', args: [[[50, 150]], [[100]]], want: [[0.5, 1.5]] },
    { title: 'target 0', args: [[[90]], [[0]]], want: [[DIV0]] },
  ],
  GAP: [
    { title: 'behind', args: [[[90]], [[100]]], want: [[-10]] },
    { title: 'a boolean', args: [[[true]], [[100]]], want: [[VALUE(/actual/)]] },
  ],
  SHARE: [
    { title: 'total left out (null)', args: [[[1], [3]], null], want: [[0.25], [0.75]] },
    { title: 'total left out (undefined)', args: [[[1], [3]], undefined], want: [[0.25], [0.75]] },
    { title: 'with a total', args: [[[5]], [[20]]], want: [[0.25]] },
    { title: 'total 0', args: [[[5]], [[0]]], want: [[DIV0]] },
    { title: 'single value, no total', args: [[[5]], null], want: [[DIV0]] },
  ],
  RUNRATE: [
    { title: 'half the month', args: [[[500]], [[15]], [[30]]], want: [[1000]] },
    { title: 'no time elapsed', args: [[[500]], [[0]], [[30]]], want: [[DIV0]] },
    { title: 'elapsed beyond total', args: [[[500]], [[31]], [[30]]], want: [[NUM]] },
  ],
  REQUIREDRATE: [
    { title: '400 to go in 4 months', args: [[[1000]], [[600]], [[4]]], want: [[100]] },
    { title: 'ahead', args: [[[1000]], [[1200]], [[4]]], want: [[-50]] },
    { title: 'no time left', args: [[[1000]], [[600]], [[0]]], want: [[DIV0]] },
  ],
  CYCLE: [
    {
      title: 'mean, open deal ignored',
      args: [
        [[D('2024-01-01')], [D('2024-02-01')], [D('2024-03-01')], [D('2024-03-05')]],
        [[D('2024-01-11')], [D('2024-02-21')], [D('2024-04-30')], ['']],
        null,
      ],
      want: [[30]],
    },
    {
      title: 'median',
      args: [
        [[D('2024-01-01')], [D('2024-02-01')], [D('2024-03-01')]],
        [[D('2024-01-11')], [D('2024-02-21')], [D('2024-04-30')]],
        'median',
      ],
      want: [[20]],
    },
    { title: 'no closed deal', args: [[[D('2024-01-01')]], [['']], null], want: [[DIV0]] },
    { title: 'sizes differ', args: [[[1], [2]], [[3]], null], want: [[VALUE(/same size/)]] },
    { title: 'unknown method', args: [[[1]], [[3]], 'mode'], want: [[VALUE(/method/)]] },
  ],
  QUADRANT: [
    {
      title: 'a column of customers',
      args: [[[100], [50], [80], ['']], [[0.1], [-0.1], [0], [0.2]], [[80]], [[0]]],
      want: [['high-high'], ['low-low'], ['high-high'], ['']],
    },
    { title: 'blank threshold', args: [[[1]], [[1]], [[null]], [[0]]], want: [[VALUE(/x_threshold/)]] },
  ],
  TIER: [
    {
      title: 'a column of values',
      args: [
        [[150], [250], [50], ['']],
        [[100], [200], ['']],
        [['Silver'], ['Gold'], ['']],
      ],
      want: [['Silver'], ['Gold'], [NA(/first threshold/)], ['']],
    },
    {
      title: 'thresholds not ascending',
      args: [[[1]], [[2], [1]], [['a'], ['b']]],
      want: [[VALUE(/ascending/)]],
    },
  ],
  BREAKDOWN: [
    { title: 'by weights, unit left out', args: [1200, [[1], [2], [3]], null], want: [[200], [400], [600]] },
    { title: 'unit 100', args: [1000, [[1, 1, 1]], 100], want: [[400, 300, 300]] },
    { title: 'not a multiple of unit', args: [1001, [[1], [1]], 10], want: [[NUM]] },
    { title: 'all weights 0', args: [100, [[0], ['']], null], want: [[VALUE(/weights/)]] },
  ],
  SEASONALITY: [
    {
      title: 'two years by three months',
      args: [
        [
          [1, 1, 2],
          [2, 2, 4],
        ],
      ],
      want: [[0.25, 0.25, 0.5]],
    },
    { title: 'one series in a column', args: [[[1], [3]]], want: [[0.25], [0.75]] },
    { title: 'all zero', args: [[[0, 0]]], want: [[DIV0]] },
  ],
  COMMISSION: [
    {
      title: 'marginal over a column: 3% from 0, 5% from 100,000, 8% from 200,000',
      args: [
        [[80_000], [150_000], [250_000], ['']],
        [[0], [100_000], [200_000]],
        [['3%'], ['5%'], ['8%']],
        null,
      ],
      want: [[2_400], [5_500], [12_000], [0]],
    },
    {
      title: 'flat: the reached rate on all of it',
      args: [[[250_000]], [[0, 100_000, 200_000]], [[0.03, 0.05, 0.08]], 'flat'],
      want: [[20_000]],
    },
    {
      title: 'below the first threshold, and a net refund, earn 0',
      args: [[[40_000, -500]], [[50_000]], [[0.02]], null],
      want: [[0, 0]],
    },
    {
      title: 'thresholds not ascending',
      args: [[[1]], [[0], [200], [100]], [[0.1], [0.2], [0.3]], null],
      want: [[VALUE(/ascending/)]],
    },
    {
      title: 'a rate missing',
      args: [[[1]], [[0], [100], [200]], [[0.1], [0.2], ['']], null],
      want: [[VALUE(/3 thresholds but 2 rates/)]],
    },
    { title: 'unknown method', args: [[[1]], [[0]], [[0.1]], 'average'], want: [[VALUE(/method/)]] },
  ],
  PAYOUT: [
    {
      title: 'default curve over a column, target incentive 10,000',
      args: [[[0.45], [0.8], [1.2], [1.7]], [[10_000]], null],
      want: [[0], [8_000], [14_000], [20_000]],
    },
    {
      title: 'a curve with a step at 100%',
      args: [
        [[0.99], [1]],
        [[100]],
        [
          [0.5, 0],
          [1, 1],
          [1, 1.2],
          [1.5, 2],
        ],
      ],
      want: [[98], [120]],
    },
    { title: 'negative target incentive', args: [[[1]], [[-1]], null], want: [[NUM]] },
    { title: 'a curve of 3 columns', args: [[[1]], [[1]], [[0.5, 0.5, 1]]], want: [[VALUE(/2 columns/)]] },
  ],
};

describe('built functions.js', () => {
  let loaded: Loaded;
  beforeAll(() => {
    loaded = loadBundle();
  });

  it('associates every registry function exactly once, with its arity', () => {
    expect([...loaded.calls].sort()).toEqual(KPI_FUNCTIONS.map((f) => f.name).sort());
    for (const fn of KPI_FUNCTIONS) expect(loaded.fns.get(fn.name)?.length, fn.name).toBe(fn.params.length);
  });

  it('has realistic test cases for every registry function', () => {
    expect(Object.keys(CASES).sort()).toEqual(KPI_FUNCTIONS.map((f) => f.name).sort());
  });

  for (const fn of KPI_FUNCTIONS) {
    describe(`KPI.${fn.name}`, () => {
      for (const c of CASES[fn.name] ?? []) {
        it(c.title, () => {
          const f = loaded.fns.get(fn.name);
          expect(f).toBeTypeOf('function');
          expectCells(f?.(...c.args), c.want, `${fn.name} ${c.title}`);
        });
      }
    });
  }

  it('answers an error, never throws, for arguments Excel would not send', () => {
    for (const fn of KPI_FUNCTIONS) {
      const f = loaded.fns.get(fn.name) as Fn;
      const weird = fn.params.map(() => [[{ unexpected: true }]]);
      const got = f(...weird) as unknown[][];
      expect(Array.isArray(got) && Array.isArray(got[0]), fn.name).toBe(true);
      expect(
        got.flat().some((v) => v instanceof FakeError),
        fn.name,
      ).toBe(true);
    }
  });

  it('passes errors from the sheet on with their code', () => {
    const f = loaded.fns.get('GROWTH') as Fn;
    expectCells(f([[new FakeError(ErrorCode.notAvailable, 'lookup')]], [[100]]), [[NA(/current/)]], 'GROWTH');
    expectCells(f([[5]], [[{ code: '#REF!' }]]), [[VALUE(/previous/)]], 'GROWTH');
  });

  it('is a small, browser-only bundle', () => {
    const code = readFileSync(join(DIST, 'functions.js'));
    const gz = gzipSync(code).length;
    console.log(`functions.js: ${code.length} bytes, ${gz} bytes gzip`);
    expect(gz).toBeLessThan(40_000);
    const text = code.toString('utf8');
    expect(text).not.toMatch(/\brequire\(|exceljs|process\.env|node:/i);
    expect(text).not.toMatch(/sourceMappingURL/);
  });
});
