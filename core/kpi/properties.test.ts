/**
 * Property tests (fast-check) of the KPI functions and their helpers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KPI_FUNCTIONS, KpiError, callKpi, largestRemainder, seasonalShares, type KpiResult } from './index';

const close = (a: number, b: number, rel = 1e-9): boolean =>
  Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;

const weight = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 1_000_000 }) },
  { weight: 4, arbitrary: fc.double({ min: 0, max: 1e6, noNaN: true }) },
);
const weights = fc.array(weight, { minLength: 1, maxLength: 30 }).filter((ws) => ws.some((w) => w > 0));

describe('largestRemainder / BREAKDOWN', () => {
  it('integer units: sums exactly, multiples of unit, within one unit of the exact share', () => {
    const unit = fc.constantFrom(1, 5, 10, 100, 1000);
    fc.assert(
      fc.property(weights, unit, fc.integer({ min: -1_000_000, max: 1_000_000 }), (ws, u, k) => {
        const total = k * u;
        const parts = largestRemainder(total, ws, u);
        expect(parts).toHaveLength(ws.length);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        const W = ws.reduce((a, b) => a + b, 0);
        parts.forEach((x, i) => {
          expect(Number.isInteger(x / u)).toBe(true);
          const exact = (ws[i] / W) * total;
          expect(Math.abs(x - exact)).toBeLessThan(u * (1 + 1e-9));
        });
      }),
      { numRuns: 400 },
    );
  });

  it('fractional units: parts are multiples of unit and sum to total up to rounding noise', () => {
    const unit = fc.constantFrom(0.01, 0.1, 0.5, 0.25);
    fc.assert(
      fc.property(weights, unit, fc.integer({ min: -100_000, max: 100_000 }), (ws, u, k) => {
        const total = Number((k * u).toFixed(2));
        const parts = largestRemainder(total, ws, u);
        expect(parts).toHaveLength(ws.length);
        expect(Math.abs(parts.reduce((a, b) => a + b, 0) - total)).toBeLessThan(1e-6);
        const W = ws.reduce((a, b) => a + b, 0);
        parts.forEach((x, i) => {
          const units = x / u;
          expect(Math.abs(units - Math.round(units))).toBeLessThan(1e-6);
          expect(Math.abs(x - (ws[i] / W) * total)).toBeLessThan(u * (1 + 1e-6));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('BREAKDOWN returns the same parts in the shape of the weights', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (rows, cols, k) => {
          const ws = Array.from({ length: rows * cols }, (_, i) => (i * 7919) % 13);
          if (!ws.some((w) => w > 0)) ws[0] = 1;
          const grid = Array.from({ length: rows }, (_, r) => ws.slice(r * cols, r * cols + cols));
          const r = callKpi('BREAKDOWN', [k * 100, grid, 100]);
          const flat = largestRemainder(k * 100, ws, 100);
          if (rows * cols === 1) expect(r).toBe(flat[0]);
          else expect(r).toEqual(grid.map((row, i) => row.map((_, j) => flat[i * cols + j])));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('GROWTH and CAGR agree with their definitions', () => {
  const finite = fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true });
  it('GROWTH = (current − previous) / |previous|', () => {
    fc.assert(
      fc.property(finite, finite, (c, p) => {
        const r = callKpi('GROWTH', [c, p]);
        if (p === 0) {
          expect((r as KpiError).code).toBe('#DIV/0!');
          return;
        }
        const want = (c - p) / Math.abs(p);
        if (!Number.isFinite(want)) expect((r as KpiError).code).toBe('#NUM!');
        else expect(close(r as number, want)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('CAGR = (end / start)^(1 / periods) − 1', () => {
    const pos = fc.double({ min: 1e-6, max: 1e9, noNaN: true });
    fc.assert(
      fc.property(
        pos,
        fc.oneof(pos, fc.constant(0)),
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        (s, e, n) => {
          const r = callKpi('CAGR', [s, e, n]);
          const want = Math.pow(e / s, 1 / n) - 1;
          if (!Number.isFinite(want)) expect((r as KpiError).code).toBe('#NUM!');
          else {
            expect(typeof r).toBe('number');
            expect(close(r as number, want)).toBe(true);
            // and the defining identity: start × (1 + cagr)^periods = end
            if (want > -1 + 1e-6 && Math.abs(n * Math.log1p(want)) < 50) {
              expect(close(s * Math.pow(1 + (r as number), n), e, 1e-6)).toBe(true);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('CAGR: start ≤ 0, end < 0 or periods ≤ 0 is always #NUM!', () => {
    const any = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(any, any, any, (s, e, n) => {
        fc.pre(s <= 0 || e < 0 || n <= 0);
        expect((callKpi('CAGR', [s, e, n]) as KpiError).code).toBe('#NUM!');
      }),
      { numRuns: 300 },
    );
  });
});

describe('SEASONALITY', () => {
  it('sums to 1 and keeps the width of the history', () => {
    const row = (w: number) => fc.array(fc.oneof(fc.integer({ min: 0, max: 1e6 }), fc.double({ min: 0, max: 1e6, noNaN: true })), { minLength: w, maxLength: w }); // prettier-ignore
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }).chain((w) => fc.array(row(w), { minLength: 1, maxLength: 5 })),
        (history) => {
          fc.pre(history.some((r) => r.reduce((a, b) => a + b, 0) > 0));
          const s = seasonalShares(history);
          expect(Math.abs(s.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
          const r = callKpi('SEASONALITY', [history]) as number[][];
          expect(r).toHaveLength(1);
          expect(r[0]).toHaveLength(history[0].length);
          expect(Math.abs(r[0].reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
        },
      ),
      { numRuns: 300 },
    );
  });
});

// -------------------------------------------------------------------------------------------
// callKpi never throws
// -------------------------------------------------------------------------------------------

const scalarArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.double(), // includes NaN, ±Infinity, -0
  fc.integer({ min: -1000, max: 50000 }),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', ' ', '1,234', '¥1,234', '12%', '1.2万', '2024-03-01', '2024年3月1日', '#N/A', '#DIV/0!',
    '#REF!', 'mean', 'median', 'abc', '(1,234)', '1e400', 'high'), // prettier-ignore
  fc.boolean(),
  fc.constantFrom(null, undefined),
  fc.integer({ min: -1e10, max: 1e10 }).map((t) => new Date(t * 1000)),
  fc.constant(new Date(NaN)),
  fc.constantFrom({}, { code: '#NUM!' }, { code: 42 }, new KpiError('#N/A', 'x')),
);
const rangeArb = fc
  .tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }))
  .chain(([r, c]) =>
    fc.array(fc.array(scalarArb, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }),
  );
const raggedArb = fc.array(fc.array(scalarArb, { maxLength: 4 }), { maxLength: 4 });
const argArb = fc.oneof(scalarArb, rangeArb, raggedArb, fc.array(scalarArb, { maxLength: 4 }));

function isValidResult(r: KpiResult): boolean {
  const cell = (v: unknown): boolean =>
    v instanceof KpiError ||
    typeof v === 'string' ||
    typeof v === 'boolean' ||
    (typeof v === 'number' && Number.isFinite(v));
  if (!Array.isArray(r)) return cell(r);
  return (
    r.length > 0 && r.every((row) => Array.isArray(row) && row.length === r[0].length && row.every(cell))
  );
}

describe('callKpi never throws', () => {
  for (const f of KPI_FUNCTIONS) {
    it(`${f.name} on random argument lists`, () => {
      fc.assert(
        fc.property(fc.array(argArb, { maxLength: f.params.length + 2 }), (args) => {
          let r: KpiResult | undefined;
          expect(() => {
            r = callKpi(f.name, args);
          }).not.toThrow();
          expect(isValidResult(r as KpiResult)).toBe(true);
        }),
        { numRuns: 300 },
      );
    });
  }
  it('unknown names and odd name values', () => {
    fc.assert(
      fc.property(fc.anything(), fc.array(argArb, { maxLength: 3 }), (name, args) => {
        expect(() => callKpi(name as string, args)).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });
});
