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

// -------------------------------------------------------------------------------------------
// COMMISSION and PAYOUT against the native formulas a finance team would write
// -------------------------------------------------------------------------------------------

/** Thresholds from 0 up (strictly ascending) with a rate each, and values to pay on. */
const tierTable = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 200_000 }), fc.double({ min: 0, max: 0.3, noNaN: true })), {
    minLength: 1,
    maxLength: 6,
  })
  .map((steps) => {
    let x = 0;
    return steps.map(([gap, rate]) => {
      const t = x;
      x += gap;
      return [t, rate] as [number, number];
    });
  });
const payable = fc.oneof(
  fc.double({ min: -10_000, max: 1_500_000, noNaN: true }),
  fc.integer({ min: 0, max: 1_500_000 }),
);

/** Within 1e-9 of the largest amount in play (the marginal forms add and subtract slices). */
function agreeAmount(ours: KpiResult, theirs: unknown, scale: number, ctx: string): void {
  expect(typeof ours, ctx).toBe('number');
  expect(typeof theirs, ctx).toBe('number');
  expect(Math.abs((ours as number) - (theirs as number)), ctx).toBeLessThanOrEqual(1e-9 * (scale + 1));
}

describe('COMMISSION = native SUMPRODUCT (marginal) and INDEX/MATCH (flat)', () => {
  it('random tier tables and values', () => {
    fc.assert(
      fc.property(tierTable, fc.array(payable, { minLength: 1, maxLength: 20 }), (table, values) => {
        const n = table.length;
        // A: thresholds, B: rates, C: each tier's rate step (the marginal rate's increase), E: values,
        // F: marginal commission = Σ step × (value − threshold) over the thresholds passed,
        // G: flat commission = the reached rate × value.
        const rows: Row[] = [];
        for (let i = 0; i < Math.max(n, values.length); i++) {
          const r = i + 1;
          const tier: Row =
            i < n ? [table[i][0], table[i][1], i === 0 ? '=B1' : `=B${r}-B${i}`] : [null, null, null];
          const val: Row =
            i < values.length
              ? [
                  null,
                  values[i],
                  `=SUMPRODUCT((E${r}>$A$1:$A$${n})*(E${r}-$A$1:$A$${n})*$C$1:$C$${n})`,
                  `=IF(E${r}<$A$1,0,INDEX($B$1:$B$${n},MATCH(E${r},$A$1:$A$${n},1))*E${r})`,
                ]
              : [];
          rows.push([...tier, ...val]);
        }
        const out = evaluate(rows);
        const t = table.map(([x]) => [x]);
        const rates = table.map(([, rate]) => [rate]);
        values.forEach((v, i) => {
          const scale = Math.abs(v) * 0.3;
          agreeAmount(callKpi('COMMISSION', [v, t, rates]), out[i][5], scale, `marginal ${v}`);
          agreeAmount(callKpi('COMMISSION', [v, t, rates, 'flat']), out[i][6], scale, `flat ${v}`);
        });
        // A range of values spills the same numbers.
        const spilled = callKpi('COMMISSION', [values.map((v) => [v]), t, rates]);
        if (values.length > 1) {
          (spilled as KpiResult[][]).forEach((row, i) =>
            agreeAmount(row[0], out[i][5], Math.abs(values[i]) * 0.3, `spilled ${values[i]}`),
          );
        }
      }),
      { numRuns: 20 },
    );
  });
});

describe('PAYOUT = native piecewise-linear INDEX/MATCH interpolation', () => {
  /** curve(a) as a spreadsheet formula over points in A1:B{n}, attainment in E{r}. */
  const native = (r: number, n: number): string => {
    const k = `MATCH(E${r},$A$1:$A$${n},1)`;
    const x = (i: string) => `INDEX($A$1:$A$${n},${i})`;
    const y = (i: string) => `INDEX($B$1:$B$${n},${i})`;
    return (
      `=F${r}*IF(E${r}<$A$1,0,IF(${k}=${n},$B$${n},` +
      `${y(k)}+(E${r}-${x(k)})*(${y(`${k}+1`)}-${y(k)})/(${x(`${k}+1`)}-${x(k)})))`
    );
  };
  const curve = fc
    .array(
      fc.tuple(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 60 })), fc.integer({ min: 0, max: 80 })),
      {
        minLength: 1,
        maxLength: 6,
      },
    )
    .map((steps) => {
      const pts: [number, number][] = [];
      let [x, y] = [30, 0];
      for (const [dx, dy] of steps) {
        x += pts.length >= 2 && dx === 0 && pts[pts.length - 2][0] === x / 100 ? 10 : dx; // at most a step
        y += dy;
        pts.push([x / 100, y / 100]);
      }
      return pts;
    });

  it('random curves (steps included), attainments and target incentives', () => {
    const attainment = fc.oneof(
      fc.double({ min: -0.5, max: 3, noNaN: true }),
      fc.integer({ min: 0, max: 40 }).map((k) => k / 10),
    );
    fc.assert(
      fc.property(
        curve,
        fc.array(fc.tuple(attainment, fc.integer({ min: 0, max: 100_000 })), { minLength: 1, maxLength: 20 }),
        (pts, calls) => {
          const n = pts.length;
          const rows: Row[] = [];
          for (let i = 0; i < Math.max(n, calls.length); i++) {
            const pt: Row = i < n ? [pts[i][0], pts[i][1]] : [null, null];
            const c: Row = i < calls.length ? [null, null, calls[i][0], calls[i][1], native(i + 1, n)] : [];
            rows.push([...pt, ...c]);
          }
          const out = evaluate(rows);
          calls.forEach(([a, ti], i) =>
            agree(
              callKpi('PAYOUT', [a, ti, pts]),
              out[i][6],
              `PAYOUT(${a}, ${ti}) on ${JSON.stringify(pts)}`,
            ),
          );
        },
      ),
      { numRuns: 20 },
    );
  });

  it('the default curve = the native formula of its definition (50% threshold, 1:1, 2× above 100%, cap 200%)', () => {
    const a = fc.oneof(
      fc.double({ min: -0.5, max: 3, noNaN: true }),
      fc.integer({ min: 0, max: 40 }).map((k) => k / 20),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(a, fc.integer({ min: 0, max: 100_000 })), { minLength: 1, maxLength: 30 }),
        (data) => {
          // H1:H4 hold the plan's constants so that the formula has no decimal literals.
          const constants = [0.5, 1, 2, 2];
          const rows: Row[] = [];
          for (let i = 0; i < Math.max(constants.length, data.length); i++) {
            const r = i + 1;
            const call: Row =
              i < data.length
                ? [
                    data[i][0],
                    data[i][1],
                    `=B${r}*IF(A${r}<$H$1,0,IF(A${r}<=$H$2,A${r},MIN($H$4,1+$H$3*(A${r}-1))))`,
                  ]
                : [null, null, null];
            rows.push([...call, null, null, null, null, constants[i] ?? null]);
          }
          const out = evaluate(rows);
          data.forEach(([att, ti], i) =>
            agree(callKpi('PAYOUT', [att, ti]), out[i][2], `PAYOUT(${att}, ${ti})`),
          );
        },
      ),
      { numRuns: 20 },
    );
  });
});
