import { describe, expect, it } from 'vitest';
import { KpiError, callKpi, type KpiResult } from './index';

/** Error codes / values of a 2D result, for compact assertions. */
const cells = (r: KpiResult): unknown[][] => {
  expect(Array.isArray(r)).toBe(true);
  return (r as unknown[][]).map((row) => row.map((c) => (c instanceof KpiError ? c.code : c)));
};
const err = (r: KpiResult, c: string, msg?: RegExp): void => {
  expect(r).toBeInstanceOf(KpiError);
  expect((r as KpiError).code).toBe(c);
  if (msg) expect((r as KpiError).message).toMatch(msg);
};
const call = (name: string, ...args: unknown[]): KpiResult => callKpi(name, args);

describe('GROWTH', () => {
  it('scalars', () => {
    expect(call('GROWTH', 120, 100)).toBeCloseTo(0.2, 12);
    expect(call('GROWTH', 80, 100)).toBeCloseTo(-0.2, 12);
    // |previous|: from -100 to -50 is an improvement of 50%.
    expect(call('GROWTH', -50, -100)).toBeCloseTo(0.5, 12);
    expect(call('GROWTH', 0, 100)).toBe(-1);
  });
  it('previous 0 or blank → #DIV/0!', () => {
    err(call('GROWTH', 5, 0), '#DIV/0!', /previous is 0 or blank/);
    err(call('GROWTH', 5, null), '#DIV/0!');
    err(call('GROWTH', 5, ''), '#DIV/0!');
    err(call('GROWTH', 5, [['']]), '#DIV/0!');
  });
  it('blank current counts as 0', () => {
    expect(call('GROWTH', null, 100)).toBe(-1);
    expect(call('GROWTH', '', 100)).toBe(-1);
  });
  it('text numbers are read', () => {
    expect(call('GROWTH', '¥1,200', '1,000')).toBeCloseTo(0.2, 12);
    expect(call('GROWTH', '1.2万', '10000')).toBeCloseTo(0.2, 12);
  });
  it('text that is not a number → #VALUE! naming the argument', () => {
    err(call('GROWTH', 'abc', 100), '#VALUE!', /current.*"abc"/);
    err(call('GROWTH', 100, true), '#VALUE!', /previous/);
  });
  it('element-wise over ranges; per-cell errors', () => {
    const r = call('GROWTH', [[120], [90], ['x'], [5]], [[100], [100], [100], [0]]);
    expect(cells(r)).toEqual([[0.2], [-0.1], ['#VALUE!'], ['#DIV/0!']]);
  });
  it('a scalar broadcasts over a range', () => {
    expect(cells(call('GROWTH', [[110, 120]], 100))).toEqual([[(110 - 100) / 100, (120 - 100) / 100]]);
  });
  it('1×1 ranges are scalars', () => {
    expect(call('GROWTH', [[120]], [[100]])).toBeCloseTo(0.2, 12);
  });
  it('mismatched shapes → one #VALUE!', () => {
    err(call('GROWTH', [[1], [2], [3]], [[1], [2]]), '#VALUE!', /same size.*3×1.*2×1/);
    err(call('GROWTH', [[1, 2]], [[1], [2]]), '#VALUE!');
  });
  it('errors passed in are passed on', () => {
    err(call('GROWTH', '#N/A', 100), '#N/A');
  });
});

describe('CAGR', () => {
  it('scalars, hand-checked', () => {
    expect(call('CAGR', 100, 200, 1)).toBeCloseTo(1, 12);
    expect(call('CAGR', 100, 121, 2)).toBeCloseTo(0.1, 12);
    expect(call('CAGR', 1000, 1000, 5)).toBe(0);
    expect(call('CAGR', 100, 0, 3)).toBe(-1);
  });
  it('start ≤ 0, end < 0, periods ≤ 0 → #NUM!', () => {
    err(call('CAGR', 0, 100, 2), '#NUM!', /start/);
    err(call('CAGR', -1, 100, 2), '#NUM!', /start/);
    err(call('CAGR', null, 100, 2), '#NUM!', /start/);
    err(call('CAGR', 100, -1, 2), '#NUM!', /end/);
    err(call('CAGR', 100, 200, 0), '#NUM!', /periods/);
    err(call('CAGR', 100, 200, -2), '#NUM!', /periods/);
    err(call('CAGR', 100, 200, ''), '#NUM!', /periods/);
  });
  it('element-wise', () => {
    const r = cells(call('CAGR', [[100], [100], [0]], [[121], [200], [5]], 2));
    expect(r[0][0]).toBeCloseTo(0.1, 12);
    expect(r[1][0]).toBeCloseTo(Math.SQRT2 - 1, 12);
    expect(r[2][0]).toBe('#NUM!');
  });
  it('overflow → #NUM!', () => {
    err(call('CAGR', 1e-300, 1e300, 0.001), '#NUM!');
  });
});

describe('CONVERSION', () => {
  it('100 prospects, 20 bought → 20%', () => {
    expect(call('CONVERSION', 20, 100)).toBe(0.2);
    expect(call('CONVERSION', '20', '100')).toBe(0.2);
    expect(call('CONVERSION', null, 100)).toBe(0);
  });
  it('total 0 or blank → #DIV/0!; negatives → #NUM!', () => {
    err(call('CONVERSION', 5, 0), '#DIV/0!', /total/);
    err(call('CONVERSION', 5, null), '#DIV/0!');
    err(call('CONVERSION', -1, 10), '#NUM!', /converted/);
    err(call('CONVERSION', 1, -10), '#NUM!', /total/);
  });
  it('element-wise', () => {
    expect(cells(call('CONVERSION', [[1, 2, 3]], [[10, 0, 30]]))).toEqual([[0.1, '#DIV/0!', 0.1]]);
  });
});

describe('WINRATE', () => {
  it('won / (won + lost)', () => {
    expect(call('WINRATE', 3, 1)).toBe(0.75);
    expect(call('WINRATE', 0, 4)).toBe(0);
    expect(call('WINRATE', 4, null)).toBe(1);
  });
  it('both 0 → #DIV/0!; negatives → #NUM!', () => {
    err(call('WINRATE', 0, 0), '#DIV/0!', /both 0/);
    err(call('WINRATE', '', null), '#DIV/0!');
    err(call('WINRATE', -1, 3), '#NUM!', /won/);
    err(call('WINRATE', 3, -1), '#NUM!', /lost/);
  });
});

describe('AOV', () => {
  it('sales / orders', () => {
    expect(call('AOV', 1000, 8)).toBe(125);
    expect(call('AOV', '¥1,000', 8)).toBe(125);
  });
  it('orders 0 or blank → #DIV/0!', () => {
    err(call('AOV', 1000, 0), '#DIV/0!', /orders/);
    err(call('AOV', 1000, null), '#DIV/0!');
  });
  it('ranges of equal shape are element-wise (one value per row, not an overall value)', () => {
    expect(cells(call('AOV', [[100], [300]], [[4], [3]]))).toEqual([[25], [100]]);
  });
});

describe('ATTAINMENT and GAP', () => {
  it('ATTAINMENT = actual / target; target 0/blank → #DIV/0!', () => {
    expect(call('ATTAINMENT', 90, 100)).toBe(0.9);
    expect(call('ATTAINMENT', '120,000', '100,000')).toBe(1.2);
    err(call('ATTAINMENT', 90, 0), '#DIV/0!', /target/);
    err(call('ATTAINMENT', 90, ''), '#DIV/0!');
  });
  it('GAP = actual − target; blanks are 0', () => {
    expect(call('GAP', 90, 100)).toBe(-10);
    expect(call('GAP', 120, 100)).toBe(20);
    expect(call('GAP', null, 100)).toBe(-100);
    expect(cells(call('GAP', [[1], [2]], [[3], [1]]))).toEqual([[-2], [1]]);
    err(call('GAP', 'lots', 1), '#VALUE!');
  });
});

describe('SHARE', () => {
  it('value / total', () => {
    expect(call('SHARE', 25, 100)).toBe(0.25);
    expect(cells(call('SHARE', [[25], [75]], 100))).toEqual([[0.25], [0.75]]);
  });
  it('total 0 → #DIV/0!', () => {
    err(call('SHARE', 25, 0), '#DIV/0!', /total is 0/);
  });
  it("total omitted and value a range: each element's share of the range sum", () => {
    expect(cells(call('SHARE', [[1, 3], [4, '']]))).toEqual([[0.125, 0.375], [0.5, 0]]); // prettier-ignore
    expect(cells(call('SHARE', [[1], ['x'], [3]]))).toEqual([[0.25], ['#VALUE!'], [0.75]]);
    expect(cells(call('SHARE', [[1], [3]], null))).toEqual([[0.25], [0.75]]);
  });
  it('a range that sums to 0 → #DIV/0!', () => {
    err(call('SHARE', [[1], [-1]]), '#DIV/0!', /add up to 0/);
  });
  it('a scalar value without total → #DIV/0! explaining total may be left out only for ranges', () => {
    err(call('SHARE', 5), '#DIV/0!', /only when value is a range/);
  });
});

describe('RUNRATE', () => {
  it('actual / elapsed × total', () => {
    expect(call('RUNRATE', 500, 10, 30)).toBe(1500);
    expect(call('RUNRATE', 500, 30, 30)).toBe(500);
  });
  it('elapsed 0/blank → #DIV/0!; elapsed < 0 → #NUM!; elapsed > total → #NUM!', () => {
    err(call('RUNRATE', 500, 0, 30), '#DIV/0!', /elapsed/);
    err(call('RUNRATE', 500, null, 30), '#DIV/0!');
    err(call('RUNRATE', 500, -1, 30), '#NUM!', /negative/);
    err(call('RUNRATE', 500, 31, 30), '#NUM!', /greater than total/);
    err(call('RUNRATE', 500, 5, null), '#NUM!');
  });
});

describe('REQUIREDRATE', () => {
  it('(target − actual) / remaining; negative when already ahead', () => {
    expect(call('REQUIREDRATE', 1000, 400, 3)).toBe(200);
    expect(call('REQUIREDRATE', 1000, 1300, 3)).toBe(-100);
  });
  it('remaining ≤ 0 or blank → #DIV/0!', () => {
    err(call('REQUIREDRATE', 1000, 400, 0), '#DIV/0!', /remaining/);
    err(call('REQUIREDRATE', 1000, 400, -2), '#DIV/0!');
    err(call('REQUIREDRATE', 1000, 400, ''), '#DIV/0!');
  });
});

describe('CYCLE', () => {
  const contact = [['2024-03-01'], [45352], ['2024/3/5'], [45400]];
  const close = [['2024年3月11日'], [''], [45360], [45430]];
  it('mean days over complete pairs; open deals ignored', () => {
    // 10, (open), 4, 30 → mean 44/3
    expect(call('CYCLE', contact, close)).toBeCloseTo(44 / 3, 12);
    expect(call('CYCLE', contact, close, 'mean')).toBeCloseTo(44 / 3, 12);
    expect(call('CYCLE', contact, close, 0)).toBeCloseTo(44 / 3, 12);
  });
  it('median', () => {
    expect(call('CYCLE', contact, close, 'median')).toBe(10);
    expect(call('CYCLE', contact, close, ' Median ')).toBe(10);
    expect(call('CYCLE', contact, close, 1)).toBe(10);
    expect(
      call(
        'CYCLE',
        [[1], [2], [3], [4]].map(([d]) => [45000 + d]),
        [[45002], [45004], [45010], [45024]],
        'median',
      ),
    ).toBe((2 + 7) / 2);
  });
  it('reads JS Dates', () => {
    const d = (y: number, m: number, day: number) => new Date(Date.UTC(y, m - 1, day));
    expect(call('CYCLE', [[d(2024, 1, 1)], [d(2024, 2, 1)]], [[d(2024, 1, 31)], [d(2024, 2, 11)]])).toBe(20);
  });
  it('blank first contact is ignored too', () => {
    expect(call('CYCLE', [[''], [45000]], [[45010], [45003]])).toBe(3);
  });
  it('close before contact → #VALUE! naming the row of the first bad pair', () => {
    err(
      call('CYCLE', [[45000], [45010], [45020]], [[45005], [45000], [45010]]),
      '#VALUE!',
      /row 2.*before the first contact/,
    );
  });
  it('a date that cannot be read → #VALUE! with its position', () => {
    err(
      call('CYCLE', [[45000], ['soon']], [[45005], [45010]]),
      '#VALUE!',
      /first_contact_dates.*"soon".*row 2/,
    );
  });
  it('no complete pairs → #DIV/0!', () => {
    err(call('CYCLE', [[45000], [45001]], [[''], [null]]), '#DIV/0!', /no deal/);
  });
  it('shapes must match → #VALUE!', () => {
    err(call('CYCLE', [[45000], [45001]], [[45002]]), '#VALUE!', /same size/);
  });
  it('unknown method → #VALUE!', () => {
    err(call('CYCLE', [[45000]], [[45002]], 'mode'), '#VALUE!', /"mean" or "median"/);
    err(call('CYCLE', [[45000]], [[45002]], 2), '#VALUE!');
  });
  it('returns a number for a single pair of scalars', () => {
    expect(call('CYCLE', '2024-03-01', '2024-03-15')).toBe(14);
  });
});

describe('QUADRANT', () => {
  it('x first; on the threshold counts as high', () => {
    expect(call('QUADRANT', 10, 0.2, 5, 0.1)).toBe('high-high');
    expect(call('QUADRANT', 10, 0.05, 5, 0.1)).toBe('high-low');
    expect(call('QUADRANT', 1, 0.2, 5, 0.1)).toBe('low-high');
    expect(call('QUADRANT', 1, 0, 5, 0.1)).toBe('low-low');
    expect(call('QUADRANT', 5, 0.1, 5, 0.1)).toBe('high-high');
  });
  it('ranges → array element-wise; blank x or y → ""', () => {
    expect(cells(call('QUADRANT', [[10], [1], ['']], [[-1], [1], [1]], 5, 0))).toEqual([
      ['high-low'],
      ['low-high'],
      [''],
    ]);
  });
  it('non-numeric → #VALUE!; blank threshold → #VALUE!; shapes must match', () => {
    err(call('QUADRANT', 'big', 1, 5, 0), '#VALUE!', /x/);
    expect(cells(call('QUADRANT', [[1], ['n/a']], 1, 0, 0))).toEqual([['high-high'], ['#VALUE!']]);
    err(call('QUADRANT', 1, 1, null, 0), '#VALUE!', /x_threshold is blank/);
    err(call('QUADRANT', [[1], [2]], [[1, 2]], 0, 0), '#VALUE!');
  });
  it('reads text numbers such as percentages', () => {
    expect(call('QUADRANT', '¥12,000', '12%', 10000, 0.1)).toBe('high-high');
  });
});

describe('TIER', () => {
  const t = [[100], [200], [500]];
  const l = [['Bronze'], ['Silver'], ['Gold']];
  it('label of the highest threshold reached', () => {
    expect(call('TIER', 100, t, l)).toBe('Bronze');
    expect(call('TIER', 199.99, t, l)).toBe('Bronze');
    expect(call('TIER', 200, t, l)).toBe('Silver');
    expect(call('TIER', 1e9, t, l)).toBe('Gold');
  });
  it('thresholds as a row and labels as a column are fine; numeric labels stay numbers', () => {
    expect(call('TIER', 250, [[100, 200, 500]], [[0.01], [0.02], [0.05]])).toBe(0.02);
  });
  it('below the first threshold → #N/A', () => {
    err(call('TIER', 99, t, l), '#N/A', /below the first threshold/);
  });
  it('value range → array; blank value → ""', () => {
    expect(cells(call('TIER', [[50], [300], [''], ['600']], t, l))).toEqual([
      ['#N/A'],
      ['Silver'],
      [''],
      ['Gold'],
    ]);
  });
  it('thresholds not ascending → #VALUE!', () => {
    err(call('TIER', 300, [[100], [500], [200]], l), '#VALUE!', /ascending/);
    err(call('TIER', 300, [[100], [100], [200]], l), '#VALUE!', /ascending/);
  });
  it('counts differ → #VALUE!', () => {
    err(call('TIER', 300, t, [['Bronze'], ['Silver']]), '#VALUE!', /3 thresholds but 2 labels/);
  });
  it('trailing blanks in thresholds and labels are ignored; inner blanks are not', () => {
    expect(call('TIER', 300, [[100], [200], [''], ['']], [['A'], ['B'], [''], [null]])).toBe('B');
    err(call('TIER', 300, [[100], [''], [200]], [['A'], ['B'], ['C']]), '#VALUE!', /threshold 2 is blank/);
  });
  it('non-numeric value or threshold → #VALUE!', () => {
    err(call('TIER', 'many', t, l), '#VALUE!');
    err(call('TIER', 300, [[100], ['lots']], [['A'], ['B']]), '#VALUE!', /threshold 2/);
    err(call('TIER', 300, [['']], [['']]), '#VALUE!', /empty/);
  });
});

describe('BREAKDOWN', () => {
  it('splits exactly with the largest remainder, ties to the earliest', () => {
    expect(call('BREAKDOWN', 10, [[1], [1], [1]])).toEqual([[4], [3], [3]]);
    expect(call('BREAKDOWN', 100, [[1, 2, 3, 4]])).toEqual([[10, 20, 30, 40]]);
    // exact shares 333.33.., 666.66..: floors 333, 666, remainder 1 goes to the larger remainder (.67).
    expect(call('BREAKDOWN', 1000, [[1], [2]])).toEqual([[333], [667]]);
  });
  it('rounds to unit: total 1000, unit 100 gives multiples of 100', () => {
    expect(call('BREAKDOWN', 1000, [[1], [1], [1]], 100)).toEqual([[400], [300], [300]]);
    expect(call('BREAKDOWN', 1200000, [[3], [3], [4]], 1000)).toEqual([[360000], [360000], [480000]]);
  });
  it('fractional units give clean decimals', () => {
    expect(call('BREAKDOWN', 1, [[1], [1], [1]], 0.1)).toEqual([[0.4], [0.3], [0.3]]);
    expect(call('BREAKDOWN', 0.3, [[1], [1]], 0.1)).toEqual([[0.2], [0.1]]);
  });
  it('negative totals mirror positive ones', () => {
    expect(call('BREAKDOWN', -10, [[1], [1], [1]])).toEqual([[-4], [-3], [-3]]);
  });
  it('blank weights count as 0; shape of weights is kept', () => {
    expect(call('BREAKDOWN', 100, [[1, ''], [null, 3]])).toEqual([[25, 0], [0, 75]]); // prettier-ignore
  });
  it('a single weight gives the total as a number', () => {
    expect(call('BREAKDOWN', 700, 5)).toBe(700);
  });
  it('negative weights → #VALUE! naming the position; all zero → #VALUE!', () => {
    err(call('BREAKDOWN', 100, [[1], [-2]]), '#VALUE!', /row 2 is -2/);
    err(call('BREAKDOWN', 100, [[0], ['']]), '#VALUE!', /all weights are 0/);
    err(call('BREAKDOWN', 100, [[1], ['big']]), '#VALUE!', /row 2/);
  });
  it('unit ≤ 0 → #NUM!', () => {
    err(call('BREAKDOWN', 100, [[1], [1]], 0), '#NUM!', /unit/);
    err(call('BREAKDOWN', 100, [[1], [1]], -5), '#NUM!', /unit/);
  });
  it('total not a multiple of unit → #NUM!', () => {
    err(call('BREAKDOWN', 1050, [[1], [1]], 100), '#NUM!', /not a whole multiple of unit 100/);
    err(call('BREAKDOWN', 10.5, [[1], [1]]), '#NUM!');
  });
  it('total must be one number', () => {
    err(call('BREAKDOWN', [[1], [2]], [[1], [1]]), '#VALUE!', /total must be one number/);
    err(call('BREAKDOWN', 'much', [[1], [1]]), '#VALUE!');
  });
  it('reads text totals and weights', () => {
    expect(call('BREAKDOWN', '¥1,000', [['30%'], ['70%']], '100')).toEqual([[300], [700]]);
  });
});

describe('SEASONALITY', () => {
  it('mean over rows of each position share', () => {
    // row 1 shares: .25 .25 .5 ; row 2: .1 .2 .7 → mean .175 .225 .6
    const r = call('SEASONALITY', [[1, 1, 2], [1, 2, 7]]) as number[][]; // prettier-ignore
    expect(r).toHaveLength(1);
    expect(r[0][0]).toBeCloseTo(0.175, 12);
    expect(r[0][1]).toBeCloseTo(0.225, 12);
    expect(r[0][2]).toBeCloseTo(0.6, 12);
  });
  it('rows with total 0 are ignored; blanks are 0', () => {
    expect(
      call('SEASONALITY', [
        [1, 1, 2],
        [0, 0, 0],
        ['', null, ''],
      ]),
    ).toEqual([[0.25, 0.25, 0.5]]);
  });
  it('a single column is one series and answers a column', () => {
    expect(call('SEASONALITY', [[1], [3]])).toEqual([[0.25], [0.75]]);
  });
  it('a single row answers a row', () => {
    expect(call('SEASONALITY', [[2, 2]])).toEqual([[0.5, 0.5]]);
  });
  it('all rows 0 → #DIV/0!; non-numeric text → #VALUE! with position', () => {
    err(
      call('SEASONALITY', [
        [0, 0],
        [0, 0],
      ]),
      '#DIV/0!',
      /adds up to 0/,
    );
    err(
      call('SEASONALITY', [
        [1, 2],
        [3, 'x'],
      ]),
      '#VALUE!',
      /row 2, column 2/,
    );
  });
});
