import { describe, expect, it } from 'vitest';
import { KPI_FUNCTIONS, KpiError, callKpi, getKpi } from './index';

const EXPECTED = [
  'GROWTH',
  'CAGR',
  'CONVERSION',
  'WINRATE',
  'AOV',
  'ATTAINMENT',
  'GAP',
  'SHARE',
  'RUNRATE',
  'REQUIREDRATE',
  'CYCLE',
  'QUADRANT',
  'TIER',
  'BREAKDOWN',
  'SEASONALITY',
  'COMMISSION',
  'PAYOUT',
];

const HAN = /[\u4e00-\u9fff]/;

describe('registry sanity', () => {
  it('has every required function, once', () => {
    const names = KPI_FUNCTIONS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of EXPECTED) expect(names).toContain(n);
  });

  it('names obey Excel custom function rules and are UPPERCASE', () => {
    for (const f of KPI_FUNCTIONS) {
      expect(f.name).toMatch(/^[A-Za-z][A-Za-z0-9_.]{0,127}$/);
      expect(f.name).toBe(f.name.toUpperCase());
      // Also valid in Apps Script as KPI_<NAME> (a JS identifier).
      expect(`KPI_${f.name}`).toMatch(/^[A-Za-z_$][A-Za-z0-9_$]*$/);
    }
  });

  it('parameter names are snake_case JS identifiers, unique per function', () => {
    for (const f of KPI_FUNCTIONS) {
      const ps = f.params.map((p) => p.name);
      expect(new Set(ps).size).toBe(ps.length);
      for (const p of ps) expect(p).toMatch(/^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/);
    }
  });

  it('every function and parameter has non-empty en and zh descriptions; zh is Chinese', () => {
    for (const f of KPI_FUNCTIONS) {
      expect(f.description.en.trim().length).toBeGreaterThan(10);
      expect(f.description.zh).toMatch(HAN);
      for (const p of f.params) {
        expect(p.description.en.trim(), `${f.name}.${p.name}`).not.toBe('');
        expect(p.description.zh, `${f.name}.${p.name}`).toMatch(HAN);
      }
    }
  });

  it('optional parameters come last', () => {
    for (const f of KPI_FUNCTIONS) {
      const first = f.params.findIndex((p) => p.optional);
      if (first >= 0) expect(f.params.slice(first).every((p) => p.optional)).toBe(true);
      expect(f.params.length).toBeGreaterThan(0);
    }
  });

  it('examples call the function with a valid argument count', () => {
    for (const f of KPI_FUNCTIONS) {
      expect(f.example.startsWith(`=KPI.${f.name}(`)).toBe(true);
      expect(['number', 'text', 'array']).toContain(f.returns);
      for (const p of f.params) expect(['number', 'range', 'text', 'any']).toContain(p.type);
    }
  });

  it('the registry is frozen, down to descriptions and parameters', () => {
    expect(Object.isFrozen(KPI_FUNCTIONS)).toBe(true);
    for (const f of KPI_FUNCTIONS) {
      expect(Object.isFrozen(f)).toBe(true);
      expect(Object.isFrozen(f.params)).toBe(true);
      expect(Object.isFrozen(f.description)).toBe(true);
      for (const p of f.params) expect(Object.isFrozen(p) && Object.isFrozen(p.description)).toBe(true);
    }
  });
});

describe('getKpi / callKpi', () => {
  it('finds functions case-insensitively, with or without the host prefix', () => {
    expect(getKpi('GROWTH')?.name).toBe('GROWTH');
    expect(getKpi('growth')?.name).toBe('GROWTH');
    expect(getKpi('KPI.GROWTH')?.name).toBe('GROWTH');
    expect(getKpi('KPI_GROWTH')?.name).toBe('GROWTH');
    expect(getKpi('NOPE')).toBeUndefined();
  });

  it('unknown name → #N/A', () => {
    const r = callKpi('NOPE', [1]) as KpiError;
    expect(r).toBeInstanceOf(KpiError);
    expect(r.code).toBe('#N/A');
    expect(r.message).toContain('NOPE');
  });

  it('too few or too many arguments → #VALUE! naming the parameters', () => {
    const few = callKpi('GROWTH', [1]) as KpiError;
    expect(few.code).toBe('#VALUE!');
    expect(few.message).toContain('current, previous');
    expect((callKpi('GROWTH', [1, 2, 3]) as KpiError).code).toBe('#VALUE!');
  });

  it('ignores trailing undefined/null arguments that hosts pass for omitted optionals', () => {
    expect(callKpi('GROWTH', [120, 100, undefined, null])).toBeCloseTo(0.2, 12);
    expect(callKpi('CYCLE', [[[45352]], [[45362]], null])).toBe(10);
  });

  it('an exception inside becomes #VALUE! with its message', () => {
    const evil = new Proxy([], {
      get() {
        throw new Error('kaboom');
      },
    });
    const r = callKpi('GAP', [evil, 2]) as KpiError;
    expect(r.code).toBe('#VALUE!');
    expect(r.message).toContain('kaboom');
  });

  it('tolerates a non-array argument list', () => {
    expect(callKpi('GROWTH', undefined as unknown as unknown[])).toBeInstanceOf(KpiError);
  });
});
