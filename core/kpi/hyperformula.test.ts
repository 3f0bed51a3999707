/**
 * KPI functions against a real formula engine: HyperFormula's RRI for CAGR, and plain spreadsheet
 * arithmetic for the ratio functions, on random inputs. Errors must agree too.
 */
import fc from 'fast-check';
import { DetailedCellError, HyperFormula } from 'hyperformula';
import { describe, expect, it } from 'vitest';
import { KpiError, callKpi, type KpiResult } from './index';

type Row = (number | string | null)[];

function evaluate(rows: Row[]): unknown[][] {
  const hf = HyperFormula.buildFromArray(rows, {
    licenseKey: 'gpl-v3',
    smartRounding: false,
    useArrayArithmetic: true,
  });
  const out = hf.getSheetValues(0);
  hf.destroy();
  return out;
}

/** Same number (relative tolerance 1e-9, absolute 1e-12 near 0), or the same error code. */
function agree(ours: KpiResult, theirs: unknown, ctx: string): void {
  if (theirs instanceof DetailedCellError) {
    expect(ours, ctx).toBeInstanceOf(KpiError);
    expect((ours as KpiError).code, ctx).toBe(theirs.value);
    return;
  }
  expect(typeof ours, ctx).toBe('number');
  const a = ours as number;
  const b = theirs as number;
  expect(Math.abs(a - b), `${ctx}: ${a} vs ${b}`).toBeLessThanOrEqual(
    1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-12,
  );
}

const money = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
  fc.constant(0),
);
const positive = fc.double({ min: 1e-3, max: 1e7, noNaN: true, noDefaultInfinity: true });

describe('CAGR = HyperFormula RRI(periods, start, end)', () => {
  it('random positive inputs', () => {
    const row = fc.tuple(
      positive,
      fc.oneof(positive, fc.constant(0)),
      fc.oneof(positive, fc.integer({ min: 1, max: 30 })),
    );
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), (data) => {
        const values = evaluate(
          data.map(([s, e, n], i) => [s, e, n, `=RRI(C${i + 1}, A${i + 1}, B${i + 1})`]),
        );
        data.forEach(([s, e, n], i) =>
          agree(callKpi('CAGR', [s, e, n]), values[i][3], `CAGR(${s}, ${e}, ${n})`),
        );
      }),
      { numRuns: 25 },
    );
  });

  it('agrees on the error cases both define: periods ≤ 0, start 0', () => {
    const cases: [number, number, number][] = [
      [100, 200, 0],
      [100, 200, -1],
      [0, 100, 2],
    ];
    const values = evaluate(cases.map(([s, e, n], i) => [s, e, n, `=RRI(C${i + 1}, A${i + 1}, B${i + 1})`]));
    cases.forEach(([s, e, n], i) =>
      agree(callKpi('CAGR', [s, e, n]), values[i][3], `CAGR(${s}, ${e}, ${n})`),
    );
  });

  it('a range of rows equals the engine spilling RRI over the same ranges', () => {
    const data: Row[] = [
      [100, 121, 2],
      [50, 400, 3],
      [10, 10, 7],
      [2, 1, 0.5],
    ];
    const values = evaluate([[...data[0], '=RRI(C1:C4, A1:A4, B1:B4)'], ...data.slice(1)]);
    const ours = callKpi('CAGR', [data.map((r) => [r[0]]), data.map((r) => [r[1]]), data.map((r) => [r[2]])]);
    expect(Array.isArray(ours)).toBe(true);
    (ours as KpiResult[][]).forEach((row, i) => agree(row[0], values[i][3], `row ${i + 1}`));
  });
});

describe('ratio functions = spreadsheet arithmetic', () => {
  const FORMULAS: Record<string, string> = {
    GROWTH: '=(A{r}-B{r})/ABS(B{r})',
    ATTAINMENT: '=A{r}/B{r}',
    AOV: '=A{r}/B{r}',
    GAP: '=A{r}-B{r}',
    SHARE: '=A{r}/B{r}',
  };
  for (const [name, template] of Object.entries(FORMULAS)) {
    it(`${name} on random inputs (including 0 and blanks)`, () => {
      const cell = fc.oneof({ weight: 8, arbitrary: money }, { weight: 1, arbitrary: fc.constant(null) });
      fc.assert(
        fc.property(fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 40 }), (data) => {
          const values = evaluate(data.map(([a, b], i) => [a, b, template.replace(/\{r\}/g, String(i + 1))]));
          data.forEach(([a, b], i) => agree(callKpi(name, [a, b]), values[i][2], `${name}(${a}, ${b})`));
        }),
        { numRuns: 15 },
      );
    });
  }

  it('GROWTH over ranges equals the engine spilling the same arithmetic', () => {
    const data: Row[] = [
      [120, 100],
      [90, 100],
      [5, 0],
      [-50, -100],
      [null, 40],
    ];
    const values = evaluate([[...data[0], '=(A1:A5-B1:B5)/ABS(B1:B5)'], ...data.slice(1)]);
    const ours = callKpi('GROWTH', [data.map((r) => [r[0]]), data.map((r) => [r[1]])]) as KpiResult[][];
    ours.forEach((row, i) => agree(row[0], values[i][2], `row ${i + 1}`));
  });

  it('CONVERSION, WINRATE, RUNRATE and REQUIREDRATE on non-negative inputs', () => {
    const n = fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.double({ min: 0, max: 1e6, noNaN: true }));
    fc.assert(
      fc.property(fc.array(fc.tuple(n, n, n), { minLength: 1, maxLength: 30 }), (data) => {
        const values = evaluate(
          data.map(([a, b, c], i) => {
            const r = i + 1;
            return [
              a,
              b,
              c,
              `=A${r}/B${r}`,
              `=A${r}/(A${r}+B${r})`,
              `=A${r}*C${r}/B${r}`,
              `=(A${r}-B${r})/C${r}`,
            ];
          }),
        );
        data.forEach(([a, b, c], i) => {
          agree(callKpi('CONVERSION', [a, b]), values[i][3], `CONVERSION(${a}, ${b})`);
          agree(callKpi('WINRATE', [a, b]), values[i][4], `WINRATE(${a}, ${b})`);
          if (b <= c) agree(callKpi('RUNRATE', [a, b, c]), values[i][5], `RUNRATE(${a}, ${b}, ${c})`);
          agree(callKpi('REQUIREDRATE', [a, b, c]), values[i][6], `REQUIREDRATE(${a}, ${b}, ${c})`);
        });
      }),
      { numRuns: 15 },
    );
  });
});
