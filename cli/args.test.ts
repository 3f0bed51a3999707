import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serialToISO } from '../core/table/coerce';
import {
  envLang,
  headersLang,
  OptionError,
  parseDate,
  parseFiscalStart,
  parsePercent,
  parseThreshold,
  tokenize,
  type OptionSpec,
} from './args';
import { forOutput, outNumber } from './output';

const SPEC: Record<string, OptionSpec> = {
  by: { type: 'string', accepts: 'column' },
  target: { type: 'string', accepts: 'target' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

const UPLIFT = { min: -1, max: 100, accepts: 'uplift' as const };

function problemOf(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    if (e instanceof OptionError) return e.problem;
    throw e;
  }
  throw new Error('no OptionError');
}

describe('tokenize', () => {
  it('reads --name value, --name=value, -h, -- and a negative number as a value', () => {
    expect(tokenize(['a.csv', '--by', 'Rep', '--target=-5', '-h', '--json'], SPEC)).toEqual({
      values: { by: 'Rep', target: '-5', help: true, json: true },
      positionals: ['a.csv'],
    });
    expect(tokenize(['--target', '-5'], SPEC).values.target).toBe('-5');
    expect(tokenize(['--', '--json'], SPEC)).toEqual({ values: {}, positionals: ['--json'] });
  });

  it('returns the first problem with what it could read', () => {
    const t = tokenize(['--bogus', 'x.xlsx', '--by'], SPEC);
    expect(t.positionals).toEqual(['x.xlsx']);
    expect(t.problem).toEqual({ kind: 'unknown', option: '--bogus', suggestion: undefined });
    expect(tokenize(['--by', '--json'], SPEC).problem).toEqual({
      kind: 'missing',
      option: '--by',
      accepts: 'column',
    });
    expect(tokenize(['--jsn'], SPEC).problem).toMatchObject({ suggestion: '--json' });
    expect(tokenize(['--tar', '1'], SPEC).problem).toMatchObject({ suggestion: '--target' });
    expect(tokenize(['--json=1'], SPEC).problem).toEqual({ kind: 'flagValue', option: '--json', given: '1' });
    expect(tokenize(['a', 'b'], SPEC).problem).toEqual({ kind: 'extra', given: 'b' });
  });
});

describe('the percent rule', () => {
  it('10 and 10% are ten percent; 0 is zero; a bare number strictly between -1 and 1 is ambiguous', () => {
    expect(parsePercent('--uplift', '10', UPLIFT)).toBe(0.1);
    expect(parsePercent('--uplift', '10%', UPLIFT)).toBe(0.1);
    expect(parsePercent('--uplift', ' 1,000 ', UPLIFT)).toBe(10);
    expect(parsePercent('--uplift', '0.5%', UPLIFT)).toBe(0.005);
    expect(parsePercent('--uplift', '-0', UPLIFT)).toBe(0);
    expect(Object.is(parsePercent('--uplift', '-0', UPLIFT), -0)).toBe(false);
    expect(problemOf(() => parsePercent('--uplift', '0.25', UPLIFT))).toEqual({
      kind: 'ambiguousPct',
      option: '--uplift',
      given: '0.25',
      pct: '0.25',
      whole: '25',
      asPercent: '0.25%',
      asWhole: '25',
    });
    expect(problemOf(() => parsePercent('--uplift', '-100', UPLIFT))).toMatchObject({ kind: 'bad' });
    expect(problemOf(() => parsePercent('--uplift', '10x', UPLIFT))).toMatchObject({ kind: 'bad' });
  });

  it('any text gives a fraction in range or an OptionError (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.double().map(String),
          fc.double().map((d) => `${d}%`),
        ),
        (v) => {
          try {
            const f = parsePercent('--uplift', v, UPLIFT);
            return Number.isFinite(f) && f > -1 && f <= 100 && !Object.is(f, -0);
          } catch (e) {
            return e instanceof OptionError;
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('--threshold: sales and growth by the same rule; the ambiguous growth is shown in the whole value', () => {
    expect(parseThreshold('1000000,10')).toEqual({ x: 1_000_000, y: 0.1 });
    expect(parseThreshold('1000000, 10%')).toEqual({ x: 1_000_000, y: 0.1 });
    expect(parseThreshold('Median')).toBe('median');
    expect(problemOf(() => parseThreshold('5,0.2'))).toMatchObject({ asPercent: '5,0.2%', asWhole: '5,20' });
    expect(problemOf(() => parseThreshold('-5,10'))).toMatchObject({ kind: 'bad' });
  });
});

describe('dates, months and languages', () => {
  it('a date must exist; a fiscal start may be a number, a month name or a Chinese month', () => {
    expect(serialToISO(parseDate('--today', '2024-2-29'))).toBe('2024-02-29');
    for (const v of ['2023-02-29', '2026-13-01', '1899-12-31', '2026-1-1x', '10000-01-01'])
      expect(problemOf(() => parseDate('--today', v))).toMatchObject({ kind: 'bad', accepts: 'date' });
    for (const [v, m] of [
      ['4', 4],
      ['04', 4],
      ['Apr', 4],
      ['april', 4],
      ['Sept', 9],
      ['4月', 4],
      ['十月', 10],
      ['十二月', 12],
    ] as const)
      expect(parseFiscalStart(v)).toBe(m);
    for (const v of ['0', '13', 'Ap', '13月', 'Smarch'])
      expect(problemOf(() => parseFiscalStart(v))).toMatchObject({ kind: 'bad' });
  });

  it('the environment: the first of LC_ALL, LC_MESSAGES, LANG that is set; C and POSIX say nothing', () => {
    expect(envLang({})).toBeNull();
    expect(envLang({ LANG: 'C' })).toBeNull();
    expect(envLang({ LANG: 'zh_CN.UTF-8', LC_ALL: 'POSIX' })).toBeNull();
    expect(envLang({ LANG: 'zh_CN.UTF-8', LC_ALL: '' })).toBe('zh');
    expect(envLang({ LANG: 'zh_CN.UTF-8', LC_MESSAGES: 'en_GB' })).toBe('en');
    expect(envLang({ LANG: 'fr_FR.UTF-8' })).toBeNull();
    expect(headersLang(['下单日期', '销售员', 'Region', '销售额'])).toBe('zh');
    expect(headersLang(['Date', 'Rep', 'Region', '销售额'])).toBe('en');
    expect(headersLang([])).toBe('en');
  });
});

describe('numbers for output', () => {
  it('money to cents, others to 10 digits, never -0, NaN or Infinity', () => {
    expect(outNumber(2296128.6500000004, true)).toBe(2296128.65);
    expect(outNumber(1.005, true)).toBe(1.01);
    expect(outNumber(-0.004, true)).toBe(0);
    expect(Object.is(outNumber(-0.004, true), -0)).toBe(false);
    expect(outNumber(0.1 + 0.2)).toBe(0.3);
    expect(outNumber(Infinity)).toBeNull();
    expect(outNumber(NaN, true)).toBeNull();
    expect(outNumber(1.7e308, true)).toBe(1.7e308);
    expect(forOutput({ sales: [1 / 3, -0], growth: 1 / 3, name: 'x', none: null })).toEqual({
      sales: [0.33, 0],
      growth: 0.3333333333,
      name: 'x',
      none: null,
    });
    fc.assert(
      fc.property(fc.double(), fc.boolean(), (n, money) => {
        const r = outNumber(n, money);
        return r === null ? !Number.isFinite(n) : Number.isFinite(r) && !Object.is(r, -0);
      }),
      { numRuns: 2000 },
    );
  });
});
