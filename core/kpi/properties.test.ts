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
// COMMISSION and PAYOUT
// -------------------------------------------------------------------------------------------

/** A tier table: 1 to 6 thresholds, strictly ascending from ≥ 0, and a rate (0 to 50%) for each. */
const tiers = fc
  .tuple(
    fc.integer({ min: 0, max: 50_000 }),
    fc.array(fc.tuple(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 0.5, noNaN: true })), {
      minLength: 1,
      maxLength: 6,
    }),
  )
  .map(([start, steps]) => {
    const t: number[] = [];
    let x = start;
    for (const [gap] of steps) {
      t.push(x);
      x += gap;
    }
    return { t, r: steps.map(([, rate]) => rate) };
  });
const col = (xs: number[]): number[][] => xs.map((x) => [x]);
const amount = fc.double({ min: -50_000, max: 800_000, noNaN: true });

describe('COMMISSION', () => {
  it('marginal is non-decreasing and continuous: it moves by at most the top rate × the change', () => {
    fc.assert(
      fc.property(tiers, amount, amount, ({ t, r }, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const cLo = callKpi('COMMISSION', [lo, col(t), col(r)]) as number;
        const cHi = callKpi('COMMISSION', [hi, col(t), col(r)]) as number;
        expect(cLo).toBeLessThanOrEqual(cHi);
        expect(cHi - cLo).toBeLessThanOrEqual(Math.max(...r) * (hi - lo) * (1 + 1e-12) + 1e-9);
      }),
      { numRuns: 500 },
    );
  });

  it('marginal has no jump at any threshold', () => {
    fc.assert(
      fc.property(tiers, fc.nat(), ({ t, r }, k) => {
        const x = t[k % t.length];
        const at = callKpi('COMMISSION', [x, col(t), col(r)]) as number;
        const below = callKpi('COMMISSION', [x - 1e-6, col(t), col(r)]) as number;
        expect(at - below).toBeLessThanOrEqual(1e-6);
        expect(at - below).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it('flat is rate × value within each tier, and 0 below the first threshold', () => {
    fc.assert(
      fc.property(
        tiers,
        fc.nat(),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        ({ t, r }, k, u) => {
          const i = k % t.length;
          const end = i + 1 < t.length ? t[i + 1] : t[i] + 100_000;
          const v = t[i] + u * (end - t[i]);
          fc.pre(v < end); // rounding may land on the next threshold
          expect(callKpi('COMMISSION', [v, col(t), col(r), 'flat'])).toBe(r[i] * v);
          expect(callKpi('COMMISSION', [t[0] - 1 - u, col(t), col(r), 'flat'])).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('with rates that never go down, marginal ≤ flat; with one rate and a first threshold of 0 they are equal', () => {
    fc.assert(
      fc.property(tiers, amount, ({ t, r }, v) => {
        const up = [...r].sort((a, b) => a - b);
        const m = callKpi('COMMISSION', [v, col(t), col(up)]) as number;
        const f = callKpi('COMMISSION', [v, col(t), col(up), 'flat']) as number;
        expect(m).toBeLessThanOrEqual(f * (1 + 1e-12) + 1e-9);
        const t0 = t.map((x) => x - t[0]);
        const same = t.map(() => r[0]);
        const m0 = callKpi('COMMISSION', [v, col(t0), col(same)]) as number;
        expect(close(m0, callKpi('COMMISSION', [v, col(t0), col(same), 'flat']) as number, 1e-9)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

/** A payout curve: 1 to 6 points, attainment non-decreasing (steps allowed, at most two per x), payout % too. */
const curves = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 0.8, noNaN: true })),
      fc.double({ min: 0, max: 0.8, noNaN: true }),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((steps) => {
    const pts: [number, number][] = [];
    let x = 0.3;
    let y = 0;
    for (const [dx, dy] of steps) {
      if (pts.length >= 2 && dx === 0 && pts[pts.length - 2][0] === x)
        x += 0.1; // no third point at one x
      else x += dx;
      y += dy;
      pts.push([x, y]);
    }
    return pts;
  });

describe('PAYOUT', () => {
  it('interpolates its curve exactly at the points (the later point of a step)', () => {
    fc.assert(
      fc.property(curves, fc.integer({ min: 1, max: 1_000_000 }), (pts, target) => {
        pts.forEach(([x, y], i) => {
          if (i + 1 < pts.length && pts[i + 1][0] === x) return; // the step's second point holds at x
          expect(callKpi('PAYOUT', [x, 1, pts])).toBe(y);
          expect(callKpi('PAYOUT', [x, target, pts])).toBe(target * y);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('is linear between points, 0 below the first point and the last % above the last', () => {
    fc.assert(
      fc.property(curves, fc.double({ min: 0, max: 1, noNaN: true }), (pts, u) => {
        for (let i = 0; i + 1 < pts.length; i++) {
          const [[x0, y0], [x1, y1]] = [pts[i], pts[i + 1]];
          if (x1 === x0) continue;
          const x = x0 + u * (x1 - x0);
          if (x >= x1) continue; // rounded onto the next point
          const got = callKpi('PAYOUT', [x, 1, pts]) as number;
          expect(close(got, y0 + ((y1 - y0) * (x - x0)) / (x1 - x0))).toBe(true);
          expect(got).toBeGreaterThanOrEqual(y0 - 1e-12);
          expect(got).toBeLessThanOrEqual(y1 + 1e-12);
        }
        expect(callKpi('PAYOUT', [pts[0][0] - 0.01, 1, pts])).toBe(0);
        expect(callKpi('PAYOUT', [pts[pts.length - 1][0] + u, 1, pts])).toBe(pts[pts.length - 1][1]);
      }),
      { numRuns: 300 },
    );
  });

  it('the default curve never goes down and stays within 0 and 200% of the target incentive', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1, max: 3, noNaN: true }),
        fc.double({ min: -1, max: 3, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const pLo = callKpi('PAYOUT', [lo, 10_000]) as number;
          const pHi = callKpi('PAYOUT', [hi, 10_000]) as number;
          expect(pLo).toBeLessThanOrEqual(pHi);
          expect(pLo).toBeGreaterThanOrEqual(0);
          expect(pHi).toBeLessThanOrEqual(20_000);
        },
      ),
      { numRuns: 500 },
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
