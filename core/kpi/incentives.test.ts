/**
 * COMMISSION and PAYOUT on hand-computed examples, including the README's (## KPI functions, "Incentives").
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PAYOUT_CURVE } from './incentives';
import { KpiError, callKpi, type KpiResult } from './index';

const call = (name: string, ...args: unknown[]): KpiResult => callKpi(name, args);
const cells = (r: KpiResult): unknown[][] => {
  expect(Array.isArray(r)).toBe(true);
  return (r as unknown[][]).map((row) => row.map((c) => (c instanceof KpiError ? c.code : c)));
};
const err = (r: KpiResult, code: string, msg?: RegExp): void => {
  expect(r).toBeInstanceOf(KpiError);
  expect((r as KpiError).code).toBe(code);
  if (msg) expect((r as KpiError).message).toMatch(msg);
};
const near = (r: KpiResult, want: number): void => {
  expect(typeof r).toBe('number');
  expect(r as number).toBeCloseTo(want, 9);
};

// The README's tier table: 3% up to 100,000, 5% from 100,000 to 200,000, 8% from 200,000 on.
const T = [[0], [100_000], [200_000]];
const R = [['3%'], ['5%'], ['8%']];

describe('COMMISSION', () => {
  it('README: 250,000 earns 12,000 marginal (3,000 + 5,000 + 4,000) and 20,000 flat (8% of all)', () => {
    near(call('COMMISSION', 250_000, T, R), 12_000);
    near(call('COMMISSION', 250_000, T, R, 'marginal'), 12_000);
    near(call('COMMISSION', 250_000, T, R, 'flat'), 20_000);
  });

  it('README: 150,000 earns 5,500 marginal and 7,500 flat', () => {
    near(call('COMMISSION', 150_000, T, R), 5_500);
    near(call('COMMISSION', 150_000, T, R, 'flat'), 7_500);
  });

  it('a value equal to a threshold has reached its tier (flat jumps there; marginal does not)', () => {
    near(call('COMMISSION', 100_000, T, R), 3_000);
    near(call('COMMISSION', 100_000, T, R, 'flat'), 5_000);
    near(call('COMMISSION', 99_999, T, R, 'flat'), 2_999.97);
  });

  it('within the first tier both methods agree', () => {
    near(call('COMMISSION', 80_000, T, R), 2_400);
    near(call('COMMISSION', 80_000, T, R, 'flat'), 2_400);
  });

  it('below the first threshold, 0, net refunds included; blank value counts as 0', () => {
    const from50k = [[50_000], [100_000]];
    const rates = [[0.02], [0.04]];
    expect(call('COMMISSION', 40_000, from50k, rates)).toBe(0);
    expect(call('COMMISSION', 40_000, from50k, rates, 'flat')).toBe(0);
    near(call('COMMISSION', 60_000, from50k, rates), 200); // 2% of the 10,000 above 50,000
    near(call('COMMISSION', 60_000, from50k, rates, 'flat'), 1_200); // 2% of all 60,000
    expect(call('COMMISSION', -5_000, T, R)).toBe(0);
    expect(call('COMMISSION', -5_000, T, R, 'flat')).toBe(0);
    expect(call('COMMISSION', null, T, R)).toBe(0);
    expect(call('COMMISSION', '', T, R, 'flat')).toBe(0);
  });

  it('a range of values spills, with an error in the cell that has one', () => {
    const r = cells(call('COMMISSION', [[50_000], [150_000], ['x'], [250_000], ['']], T, R));
    expect(r.map((row) => row[0])).toEqual([
      expect.closeTo(1_500, 9),
      expect.closeTo(5_500, 9),
      '#VALUE!',
      expect.closeTo(12_000, 9),
      0,
    ]);
    expect(cells(call('COMMISSION', [[150_000, 250_000]], T, R, 'flat'))).toEqual([
      [expect.closeTo(7_500, 9), expect.closeTo(20_000, 9)],
    ]);
  });

  it('thresholds in a row, rates in a column, trailing blanks of either dropped, numbers as text', () => {
    near(
      call('COMMISSION', '¥250,000', [[0, 100_000, 200_000, '']], [[0.03], [0.05], [0.08], [''], [null]]),
      12_000,
    );
  });

  it('a single tier is a plain rate', () => {
    near(call('COMMISSION', 1_000, 0, 0.1), 100);
    near(call('COMMISSION', 1_000, [[0]], [['10%']], 'flat'), 100);
  });

  it('method words: case and spaces ignored; Chinese 超额累进 / 全额累进', () => {
    near(call('COMMISSION', 250_000, T, R, ' FLAT '), 20_000);
    near(call('COMMISSION', 250_000, T, R, '全额累进'), 20_000);
    near(call('COMMISSION', 250_000, T, R, '全额'), 20_000);
    near(call('COMMISSION', 250_000, T, R, '超额累进'), 12_000);
    near(call('COMMISSION', 250_000, T, R, undefined), 12_000);
    err(
      call('COMMISSION', 250_000, T, R, 'average'),
      '#VALUE!',
      /method must be "marginal" or "flat", not "average"/,
    );
    err(call('COMMISSION', 250_000, T, R, '#N/A'), '#N/A');
  });

  it('unsorted or repeated thresholds → one #VALUE! naming them', () => {
    err(
      call('COMMISSION', 1, [[0], [200], [100]], R),
      '#VALUE!',
      /ascending.*threshold 3 \(100\) is not above threshold 2 \(200\)/,
    );
    err(call('COMMISSION', [[1], [2]], [[0], [0], [1]], R), '#VALUE!', /ascending/);
  });

  it('counts differ → #VALUE!', () => {
    err(call('COMMISSION', 1, T, [[0.03], [0.05]]), '#VALUE!', /3 thresholds but 2 rates/);
    err(call('COMMISSION', 1, 0, [[0.03], [0.05]]), '#VALUE!', /1 threshold but 2 rates/);
  });

  it('negative thresholds or rates, blanks inside, text → #VALUE!', () => {
    err(
      call('COMMISSION', 1, [[-10], [0]], [[0.01], [0.02]]),
      '#VALUE!',
      /threshold 1 is -10.*must not be negative/,
    );
    err(call('COMMISSION', 1, T, [[0.03], [-0.05], [0.08]]), '#VALUE!', /rate 2 is -0.05/);
    err(call('COMMISSION', 1, T, [[0.03], [''], [0.08]]), '#VALUE!', /rate 2 is blank/);
    err(call('COMMISSION', 1, [[0], [''], [200]], R), '#VALUE!', /threshold 2 is blank/);
    err(call('COMMISSION', 1, T, [[0.03], ['lots'], [0.08]]), '#VALUE!', /rate 2 is "lots"/);
    err(call('COMMISSION', 1, [['']], [['']]), '#VALUE!', /thresholds is empty/);
    err(call('COMMISSION', true, T, R), '#VALUE!', /value/);
  });
});

describe('PAYOUT', () => {
  it('README: default curve with a 10,000 target incentive', () => {
    expect(call('PAYOUT', 0.45, 10_000)).toBe(0); // below the 50% threshold
    near(call('PAYOUT', 0.5, 10_000), 5_000); // 1:1 from the threshold
    near(call('PAYOUT', 0.8, 10_000), 8_000);
    near(call('PAYOUT', 1, 10_000), 10_000);
    near(call('PAYOUT', 1.2, 10_000), 14_000); // 100% + 2 × 20%
    near(call('PAYOUT', 1.5, 10_000), 20_000); // the cap, 200%
    near(call('PAYOUT', 1.7, 10_000), 20_000);
  });

  it('the default curve is the documented one', () => {
    expect(DEFAULT_PAYOUT_CURVE).toEqual([
      [0.5, 0.5],
      [1, 1],
      [1.5, 2],
    ]);
    expect(Object.isFrozen(DEFAULT_PAYOUT_CURVE) && Object.isFrozen(DEFAULT_PAYOUT_CURVE[0])).toBe(true);
  });

  it('target incentive 1 gives the payout %; attainment typed as text; blank attainment is 0', () => {
    near(call('PAYOUT', '120%', 1), 1.4);
    expect(call('PAYOUT', '', 10_000)).toBe(0);
    expect(call('PAYOUT', -0.2, 10_000)).toBe(0);
    expect(call('PAYOUT', 1.2, '')).toBe(0);
  });

  it('ranges spill; attainment and target incentive pair up cell by cell', () => {
    const r = cells(call('PAYOUT', [[0.4], [0.9], [1.1], ['n/a']], [[8_000], [10_000], [12_000], [5_000]]));
    expect(r).toEqual([[0], [expect.closeTo(9_000, 9)], [expect.closeTo(14_400, 9)], ['#VALUE!']]);
    expect(cells(call('PAYOUT', [[0.9, 1.3]], 1_000))).toEqual([
      [expect.closeTo(900, 9), expect.closeTo(1_600, 9)],
    ]);
  });

  const CURVE = [
    [0.8, 0.5], // nothing below 80%; 50% at 80%
    [1, 1],
    [1.2, 1.6], // 3× accelerator from 100% to 120%
    [1.4, 1.8], // 1× from 120% to 140%, then capped at 180%
  ];

  it('a custom curve: 0 below its first point, linear between points, capped at the last', () => {
    expect(call('PAYOUT', 0.79, 100, CURVE)).toBe(0);
    near(call('PAYOUT', 0.8, 100, CURVE), 50);
    near(call('PAYOUT', 0.9, 100, CURVE), 75);
    near(call('PAYOUT', 1.1, 100, CURVE), 130);
    near(call('PAYOUT', 1.3, 100, CURVE), 170);
    near(call('PAYOUT', 3, 100, CURVE), 180);
  });

  it('two points at one attainment make a step, the second from that attainment on', () => {
    const step = [
      [0.5, 0],
      [1, 1],
      [1, 1.2],
      [1.5, 2],
    ];
    near(call('PAYOUT', 0.75, 100, step), 50);
    near(call('PAYOUT', 0.99, 100, step), 98);
    near(call('PAYOUT', 1, 100, step), 120);
    near(call('PAYOUT', 1.25, 100, step), 160);
  });

  it('a curve laid out in 2 rows, or with trailing blank rows, reads the same', () => {
    near(
      call('PAYOUT', 1.1, 100, [
        [0.8, 1, 1.2, 1.4],
        [0.5, 1, 1.6, 1.8],
      ]),
      130,
    );
    near(call('PAYOUT', 1.1, 100, [...CURVE, ['', ''], [null, null]]), 130);
    near(
      call('PAYOUT', 1.1, 100, [
        ['80%', '50%'],
        ['100%', '100%'],
        ['120%', '160%'],
      ]),
      130,
    );
  });

  it('a bad curve → one #VALUE! naming the point', () => {
    err(call('PAYOUT', 1, 100, [[0.5, 0.5, 1]]), '#VALUE!', /2 columns.*1×3/);
    err(
      call('PAYOUT', 1, 100, [
        [1, 1],
        [0.5, 0.5],
      ]),
      '#VALUE!',
      /ascending.*point 2 \(0.5\) is below point 1 \(1\)/,
    );
    err(
      call('PAYOUT', 1, 100, [
        [1, 1],
        [1, 1.1],
        [1, 1.2],
      ]),
      '#VALUE!',
      /points 1 to 3 have the same attainment/,
    );
    err(
      call('PAYOUT', 1, 100, [
        [0.5, -0.1],
        [1, 1],
      ]),
      '#VALUE!',
      /point 1 is -0.1/,
    );
    err(
      call('PAYOUT', 1, 100, [
        [0.5, 1],
        [1, 0.5],
      ]),
      '#VALUE!',
      /must not go down.*point 2 \(0.5\) is below point 1 \(1\)/,
    );
    err(
      call('PAYOUT', 1, 100, [
        [0.5, 0.5],
        ['', 1],
        [1.5, 2],
      ]),
      '#VALUE!',
      /attainment of curve point 2 is blank/,
    );
    err(call('PAYOUT', 1, 100, [[0.5, 'half']]), '#VALUE!', /payout % of curve point 1/);
    err(
      call('PAYOUT', 1, 100, [
        ['', ''],
        ['', ''],
      ]),
      '#VALUE!',
      /curve is empty/,
    );
  });

  it('a negative target incentive → #NUM! in its cell', () => {
    err(call('PAYOUT', 1, -100), '#NUM!', /target_incentive must not be negative/);
    expect(cells(call('PAYOUT', 1, [[100], [-100]]))).toEqual([[100], ['#NUM!']]);
  });

  it('ranges of different sizes → one #VALUE!', () => {
    err(call('PAYOUT', [[1], [1]], [[1], [1], [1]]), '#VALUE!', /same size/);
  });
});
