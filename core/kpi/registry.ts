/**
 * The one registry of KPI custom functions. Excel exposes each as `=KPI.<NAME>(...)`, Google Sheets as
 * `=KPI_<NAME>(...)`; both wrappers are checked against this list.
 *
 * Common rules (see args.ts): blank counts as 0 where a number is needed unless a function says
 * otherwise; numbers typed as text ("1,234", "¥1,234", "12%", "1.2万") are read as numbers; other text,
 * and TRUE/FALSE, give #VALUE!. Element-wise functions accept ranges of one shape (scalars broadcast) and
 * spill an array of that shape with an error in each cell that has one; ranges of different shapes give
 * one #VALUE!. Results that overflow give #NUM!.
 *
 * Decisions per function:
 * - GROWTH: previous 0 or blank → #DIV/0!. CAGR: start ≤ 0, end < 0, periods ≤ 0 → #NUM! (Excel RRI
 *   also accepts a negative start with a negative end; CAGR does not).
 * - CONVERSION: negative converted or total → #NUM!, then total 0 → #DIV/0!. WINRATE: negatives → #NUM!,
 *   both 0 → #DIV/0!. AOV / ATTAINMENT: divisor 0 or blank → #DIV/0!.
 * - SHARE: a blank total counts as left out (hosts cannot tell the two apart); left out with a range
 *   value → each cell / the range's sum (a single #DIV/0! if the sum is 0; unreadable cells are #VALUE!
 *   and not summed); left out with a single value → #DIV/0!.
 * - RUNRATE: elapsed < 0 → #NUM!, elapsed 0 or blank → #DIV/0!, elapsed > total → #NUM!.
 * - REQUIREDRATE: remaining ≤ 0 or blank → #DIV/0!; a negative answer means already ahead.
 * - CYCLE: method "mean" (default, also blank / 0 / "average") or "median" (also 1); pairs with a blank
 *   date are ignored; unreadable dates or a close before a contact → #VALUE! naming the first bad
 *   position; no complete pair → #DIV/0!; ranges of different sizes → #VALUE!.
 * - QUADRANT: a blank x or y gives "" (nothing to place, so spilled blank rows stay blank); a blank
 *   threshold → #VALUE!.
 * - TIER: thresholds strictly ascending; trailing blanks of thresholds and labels are dropped (so a
 *   larger selection works); a blank value gives ""; below the first threshold → #N/A.
 * - BREAKDOWN: a total that is not a whole multiple of unit → #NUM! (no silent rounding of the total);
 *   negative totals split as the mirror of the positive split.
 * - SEASONALITY: rows are series, a single column is one series; rows that add up to 0 are ignored;
 *   all rows 0 → #DIV/0!.
 * - COMMISSION, PAYOUT: see incentives.ts (thresholds are lower bounds; a value below the first threshold,
 *   such as a net refund, earns 0; the default payout curve is DEFAULT_PAYOUT_CURVE).
 * - A 1×1 answer (one weight, a 1×1 history) is returned as a single value.
 */
import { serialToISO } from '../table/coerce';
import type { Bilingual } from '../types';
import {
  elementwise,
  errorOf,
  flatten,
  isBlank,
  isDateObject,
  isScalar,
  numbers0,
  positionText,
  readDate,
  readKeyword,
  readNumber,
  readNumber0,
  readThresholds,
  scalarOf,
  shapeText,
  show,
  toGrid,
  trimTrailing,
  type Grid,
} from './args';
import { commission, payout } from './incentives';
import { largestRemainder, lastAtOrBelow, mean, median, seasonalSharesUsed } from './math';
import { KpiError, type KpiFunction, type KpiParam, type KpiResult, type KpiScalar } from './types';

const p = (name: string, type: KpiParam['type'], en: string, zh: string, optional = false): KpiParam => ({
  name,
  type,
  optional,
  description: { en, zh },
});
const bi = (en: string, zh: string): Bilingual => ({ en, zh });

const div0 = (msg: string): KpiError => new KpiError('#DIV/0!', msg);
const num = (msg: string): KpiError => new KpiError('#NUM!', msg);
const value = (msg: string): KpiError => new KpiError('#VALUE!', msg);

/** Re-labels an element error with the cell's position inside its range. */
const at = (e: KpiError, fn: string, pos: string): KpiError =>
  new KpiError(e.code, `${fn}: ${e.message} (at ${pos})`);

// ---------------------------------------------------------------------------------------------
// Element-wise ratio functions
// ---------------------------------------------------------------------------------------------

function growth(current: unknown, previous: unknown): KpiResult {
  const names = ['current', 'previous'];
  return elementwise('GROWTH', names, [current, previous], (cells) => {
    const v = numbers0(cells, names);
    if (v instanceof KpiError) return v;
    const [c, prev] = v;
    if (prev === 0) return div0('GROWTH: previous is 0 or blank, so there is no growth rate');
    return (c - prev) / Math.abs(prev);
  });
}

function cagr(start: unknown, end: unknown, periods: unknown): KpiResult {
  const names = ['start', 'end', 'periods'];
  return elementwise('CAGR', names, [start, end, periods], (cells) => {
    const v = numbers0(cells, names);
    if (v instanceof KpiError) return v;
    const [s, e, n] = v;
    if (s <= 0) return num(`CAGR: start must be greater than 0 (got ${s})`);
    if (e < 0) return num(`CAGR: end must not be negative (got ${e})`);
    if (n <= 0) return num(`CAGR: periods must be greater than 0 (got ${n})`);
    return Math.pow(e / s, 1 / n) - 1;
  });
}

function conversion(converted: unknown, total: unknown): KpiResult {
  const names = ['converted', 'total'];
  return elementwise('CONVERSION', names, [converted, total], (cells) => {
    const v = numbers0(cells, names);
    if (v instanceof KpiError) return v;
    const [c, t] = v;
    if (c < 0) return num(`CONVERSION: converted must not be negative (got ${c})`);
    if (t < 0) return num(`CONVERSION: total must not be negative (got ${t})`);
    if (t === 0) return div0('CONVERSION: total is 0 or blank, so there is no conversion rate');
    return c / t;
  });
}

function winrate(won: unknown, lost: unknown): KpiResult {
  const names = ['won', 'lost'];
  return elementwise('WINRATE', names, [won, lost], (cells) => {
    const v = numbers0(cells, names);
    if (v instanceof KpiError) return v;
    const [w, l] = v;
    if (w < 0) return num(`WINRATE: won must not be negative (got ${w})`);
    if (l < 0) return num(`WINRATE: lost must not be negative (got ${l})`);
    if (w + l === 0) return div0('WINRATE: won and lost are both 0 or blank, so there is no win rate');
    return w / (w + l);
  });
}

function aov(sales: unknown, orders: unknown): KpiResult {
  const names = ['sales', 'orders'];
  return elementwise('AOV', names, [sales, orders], (cells) => {
    const v = numbers0(cells, names);
    if (v instanceof KpiError) return v;
    const [s, o] = v;
    if (o === 0) return div0('AOV: orders is 0 or blank, so there is no average order value');
    return s / o;
  });
}

function attainment(actual: unknown, target: unknown): KpiResult {
  const names = ['actual', 'target'];
  return elementwise('ATTAINMENT', names, [actual, target], (cells) => {
    const v = numbers0(cells, names);
    if (v instanceof KpiError) return v;
    const [a, t] = v;
    if (t === 0) return div0('ATTAINMENT: target is 0 or blank, so there is no attainment rate');
    return a / t;
  });
}

function gap(actual: unknown, target: unknown): KpiResult {
  const names = ['actual', 'target'];
  return elementwise('GAP', names, [actual, target], (cells) => {
    const v = numbers0(cells, names);
    if (v instanceof KpiError) return v;
    return v[0] - v[1];
  });
}

function share(val: unknown, total?: unknown): KpiResult {
  const names = ['value', 'total'];
  const totalGiven = !(isScalar(total) && isBlank(scalarOf(total)));
  if (totalGiven || isScalar(val)) {
    return elementwise('SHARE', names, [val, total], (cells) => {
      const v = numbers0(cells, names);
      if (v instanceof KpiError) return v;
      const [x, t] = v;
      if (t === 0) {
        return div0(
          totalGiven
            ? 'SHARE: total is 0, so there is no share'
            : 'SHARE: total is blank (it may be left out only when value is a range)',
        );
      }
      return x / t;
    });
  }
  // Each cell's share of the range's sum; unreadable cells are #VALUE! and left out of the sum.
  const g = toGrid(val);
  const cells = g.map((row) => row.map((c) => readNumber0(c, 'value')));
  let sum = 0;
  for (const row of cells) for (const c of row) if (typeof c === 'number') sum += c;
  if (sum === 0) return div0('SHARE: the values of the range add up to 0, so there are no shares');
  if (!Number.isFinite(sum)) return num('SHARE: the sum of the range is too large to be a number');
  return cells.map((row) => row.map((c) => (typeof c === 'number' ? c / sum || 0 : c)));
}

function runrate(actual: unknown, elapsed: unknown, total: unknown): KpiResult {
  const names = ['actual', 'elapsed', 'total'];
  return elementwise('RUNRATE', names, [actual, elapsed, total], (cells) => {
    const v = numbers0(cells, names);
    if (v instanceof KpiError) return v;
    const [a, e, t] = v;
    if (e < 0) return num(`RUNRATE: elapsed must not be negative (got ${e})`);
    if (e === 0) return div0('RUNRATE: elapsed is 0 or blank, so there is no rate to project');
    if (e > t) return num(`RUNRATE: elapsed (${e}) is greater than total (${t})`);
    return (a * t) / e; // = actual / elapsed × total, exact when the inputs are whole numbers
  });
}

function requiredrate(target: unknown, actual: unknown, remaining: unknown): KpiResult {
  const names = ['target', 'actual', 'remaining'];
  return elementwise('REQUIREDRATE', names, [target, actual, remaining], (cells) => {
    const v = numbers0(cells, names);
    if (v instanceof KpiError) return v;
    const [t, a, r] = v;
    if (r <= 0) return div0(`REQUIREDRATE: remaining must be greater than 0 (got ${r}); no time is left`);
    return (t - a) / r;
  });
}

// ---------------------------------------------------------------------------------------------
// CYCLE
// ---------------------------------------------------------------------------------------------

const MEAN_WORDS = ['', 'mean', 'average', 'avg', '0', 'false', '平均', '平均值', '平均数'];
const MEDIAN_WORDS = ['median', 'med', '1', 'true', '中位数', '中位'];

function cycle(contacts: unknown, closes: unknown, method?: unknown): KpiResult {
  const m = readKeyword(method);
  let useMedian: boolean;
  if (MEAN_WORDS.includes(m)) useMedian = false;
  else if (MEDIAN_WORDS.includes(m)) useMedian = true;
  else {
    const e = errorOf(scalarOf(method), 'method');
    if (e) return e;
    return value(`CYCLE: method must be "mean" or "median" (or 0 / 1), not ${show(scalarOf(method))}`);
  }
  const a = toGrid(contacts);
  const b = toGrid(closes);
  if (a.length !== b.length || a[0].length !== b[0].length) {
    return value(
      `CYCLE: first_contact_dates and close_dates must have the same size, but they are ${shapeText(a)} and ${shapeText(b)}`,
    );
  }
  const days: number[] = [];
  const rows = a.length;
  const cols = a[0].length;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const pos = positionText(r, c, rows, cols);
      const d1 = readDate(a[r][c], 'first_contact_dates');
      if (d1 instanceof KpiError) return at(d1, 'CYCLE', pos);
      const d2 = readDate(b[r][c], 'close_dates');
      if (d2 instanceof KpiError) return at(d2, 'CYCLE', pos);
      if (d1 === null || d2 === null) continue;
      if (d2 < d1) {
        return value(
          `CYCLE: at ${pos} the close date ${serialToISO(d2)} is before the first contact ${serialToISO(d1)}`,
        );
      }
      days.push(d2 - d1);
    }
  }
  if (days.length === 0) {
    return div0('CYCLE: no deal has both a first contact date and a close date');
  }
  return useMedian ? median(days) : mean(days);
}

// ---------------------------------------------------------------------------------------------
// QUADRANT, TIER
// ---------------------------------------------------------------------------------------------

export const QUADRANTS = ['high-high', 'high-low', 'low-high', 'low-low'] as const;

function quadrant(x: unknown, y: unknown, xt: unknown, yt: unknown): KpiResult {
  const names = ['x', 'y', 'x_threshold', 'y_threshold'];
  return elementwise('QUADRANT', names, [x, y, xt, yt], (cells) => {
    const v: (number | null)[] = [];
    for (let i = 0; i < 4; i++) {
      const n = readNumber(cells[i], names[i]);
      if (n instanceof KpiError) return n;
      v.push(n);
    }
    const [vx, vy, tx, ty] = v;
    if (tx === null) return value('QUADRANT: x_threshold is blank');
    if (ty === null) return value('QUADRANT: y_threshold is blank');
    if (vx === null || vy === null) return '';
    return `${vx >= tx ? 'high' : 'low'}-${vy >= ty ? 'high' : 'low'}`;
  });
}

/** A label cell as an answer cell. */
function labelOf(v: unknown, i: number): KpiScalar {
  if (isBlank(v)) return '';
  const e = errorOf(v, `label ${i + 1}`);
  if (e) return e;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number')
    return Number.isFinite(v) ? v : value(`TIER: label ${i + 1} is not a finite number`);
  if (isDateObject(v)) return readNumber0(v, `label ${i + 1}`);
  return value(`TIER: label ${i + 1} is ${show(v)}`);
}

function tier(val: unknown, thresholds: unknown, labels: unknown): KpiResult {
  const ts = trimTrailing(flatten(toGrid(thresholds)));
  const ls = trimTrailing(flatten(toGrid(labels)));
  if (ts.length === 0) return value('TIER: thresholds is empty');
  if (ts.length !== ls.length) {
    return value(
      `TIER: there are ${ts.length} thresholds but ${ls.length} labels; give one label per threshold`,
    );
  }
  const t = readThresholds('TIER', ts);
  if (t instanceof KpiError) return t;
  const out = ls.map(labelOf);
  return elementwise('TIER', ['value'], [val], (cells) => {
    const x = readNumber(cells[0], 'value');
    if (x instanceof KpiError) return x;
    if (x === null) return '';
    const k = lastAtOrBelow(t, x);
    if (k < 0) return new KpiError('#N/A', `TIER: value ${x} is below the first threshold (${t[0]})`);
    return out[k];
  });
}

// ---------------------------------------------------------------------------------------------
// BREAKDOWN, SEASONALITY
// ---------------------------------------------------------------------------------------------

/** Reads a range as numbers (blank = 0), or the first error with its position. */
function readGrid(fn: string, name: string, g: Grid): number[][] | KpiError {
  const rows = g.length;
  const cols = g[0].length;
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const row: number[] = [];
    for (let c = 0; c < cols; c++) {
      const n = readNumber0(g[r][c], name);
      if (n instanceof KpiError) return at(n, fn, positionText(r, c, rows, cols));
      row.push(n);
    }
    out.push(row);
  }
  return out;
}

/** Answers a flat list in the shape of `g`: a single number for a 1×1 range. */
function reshape(values: number[], g: Grid): KpiResult {
  if (values.length === 1) return values[0];
  const cols = g[0].length;
  return g.map((row, r) => row.map((_, c) => values[r * cols + c]));
}

function breakdown(total: unknown, weights: unknown, unit?: unknown): KpiResult {
  if (!isScalar(total)) return value('BREAKDOWN: total must be one number, not a range');
  if (!isScalar(unit)) return value('BREAKDOWN: unit must be one number, not a range');
  const tot = readNumber0(scalarOf(total), 'total');
  if (tot instanceof KpiError) return new KpiError(tot.code, `BREAKDOWN: ${tot.message}`);
  const u0 = readNumber(scalarOf(unit), 'unit');
  if (u0 instanceof KpiError) return new KpiError(u0.code, `BREAKDOWN: ${u0.message}`);
  const u = u0 === null ? 1 : u0;
  if (u <= 0) return num(`BREAKDOWN: unit must be greater than 0 (got ${u})`);
  const g = toGrid(weights);
  const w = readGrid('BREAKDOWN', 'weights', g);
  if (w instanceof KpiError) return w;
  const rows = g.length;
  const cols = g[0].length;
  let any = false;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (w[r][c] < 0) {
        return value(
          `BREAKDOWN: weights must not be negative, but ${positionText(r, c, rows, cols)} is ${w[r][c]}`,
        );
      }
      if (w[r][c] > 0) any = true;
    }
  }
  if (!any) return value('BREAKDOWN: all weights are 0 or blank, so there is nothing to split by');
  const units = tot / u;
  if (Math.abs(units - Math.round(units)) > 1e-9 * Math.max(1, Math.abs(units))) {
    return num(
      `BREAKDOWN: total ${tot} is not a whole multiple of unit ${u}; round the total first, e.g. ROUND(total/unit, 0)*unit`,
    );
  }
  const parts = largestRemainder(tot, w.flat(), u);
  if (parts.length === 0) return num(`BREAKDOWN: total ${tot} is too large to split into units of ${u}`);
  return reshape(parts, g);
}

function seasonality(history: unknown): KpiResult {
  const g = toGrid(history);
  const column = g[0].length === 1 && g.length > 1;
  const h = readGrid('SEASONALITY', 'history', g);
  if (h instanceof KpiError) return h;
  const series = column ? [h.map((row) => row[0])] : h;
  const { shares, used } = seasonalSharesUsed(series);
  if (used === 0) return div0('SEASONALITY: every row of history adds up to 0, so there are no shares');
  for (const s of shares)
    if (!Number.isFinite(s)) return num('SEASONALITY: the history values are too large');
  if (shares.length === 1) return shares[0];
  return column ? shares.map((s) => [s]) : [shares];
}

// ---------------------------------------------------------------------------------------------
// The registry
// ---------------------------------------------------------------------------------------------

const RANGE_NOTE_EN = ' (a number or a range)';
const RANGE_NOTE_ZH = '（数字或区域）';

const DEFINITIONS: KpiFunction[] = [
  {
    name: 'GROWTH',
    description: bi(
      'Sales growth rate: (current − previous) / |previous|. Cell by cell over ranges of the same size.',
      '销售增长率 = (本期 − 上期) / |上期|。给出同样大小的区域时逐个单元格计算。',
    ),
    params: [
      p('current', 'any', "This period's value" + RANGE_NOTE_EN, '本期数值' + RANGE_NOTE_ZH),
      p(
        'previous',
        'any',
        "Last period's value; 0 or blank gives #DIV/0!",
        '上期数值；为 0 或空白时返回 #DIV/0!',
      ),
    ],
    returns: 'array',
    example: '=KPI.GROWTH(B2, C2)',
    impl: (...a) => growth(a[0], a[1]),
  },
  {
    name: 'CAGR',
    description: bi(
      'Compound annual growth rate: (end / start)^(1 / periods) − 1, the same as Excel RRI(periods, start, end).',
      '复合年均增长率 = (期末值 / 期初值)^(1 / 期数) − 1，与 Excel 的 RRI(期数, 期初值, 期末值) 相同。',
    ),
    params: [
      p('start', 'any', 'Value at the start; must be greater than 0', '期初值，必须大于 0'),
      p('end', 'any', 'Value at the end; must not be negative', '期末值，不能为负数'),
      p(
        'periods',
        'any',
        'Number of periods (e.g. years); must be greater than 0',
        '期数（如年数），必须大于 0',
      ),
    ],
    returns: 'array',
    example: '=KPI.CAGR(B2, F2, 4)',
    impl: (...a) => cagr(a[0], a[1], a[2]),
  },
  {
    name: 'CONVERSION',
    description: bi(
      'Conversion rate: converted / total, e.g. customers who bought / prospects (100 prospects, 20 bought → 20%).',
      '客户转化率 = 成交客户数 / 潜在客户数（例如 100 个潜在客户中 20 个购买 → 20%）。',
    ),
    params: [
      p(
        'converted',
        'any',
        'How many converted (customers who bought, deals won); not negative',
        '已转化的数量（购买的客户数、成交数），不能为负数',
      ),
      p(
        'total',
        'any',
        'How many there were in all (prospects, leads); 0 or blank gives #DIV/0!',
        '总数（潜在客户数、线索数）；为 0 或空白时返回 #DIV/0!',
      ),
    ],
    returns: 'array',
    example: '=KPI.CONVERSION(C2, B2)',
    impl: (...a) => conversion(a[0], a[1]),
  },
  {
    name: 'WINRATE',
    description: bi('Win rate: won / (won + lost).', '赢单率 = 赢单数 / (赢单数 + 输单数)。'),
    params: [
      p('won', 'any', 'Deals won; not negative', '赢单数，不能为负数'),
      p('lost', 'any', 'Deals lost; not negative', '输单数，不能为负数'),
    ],
    returns: 'array',
    example: '=KPI.WINRATE(D2, E2)',
    impl: (...a) => winrate(a[0], a[1]),
  },
  {
    name: 'AOV',
    description: bi(
      'Average order value: sales / orders. Given ranges of the same size it answers cell by cell (one value per row), ' +
        'not one overall value; for that use =KPI.AOV(SUM(sales), SUM(orders)).',
      '平均客单价 = 销售额 / 订单数。给出同样大小的区域时逐个单元格计算（每行一个结果），' +
        '而不是一个总体值；总体客单价请用 =KPI.AOV(SUM(销售额), SUM(订单数))。',
    ),
    params: [
      p('sales', 'any', 'Sales amount' + RANGE_NOTE_EN, '销售额' + RANGE_NOTE_ZH),
      p('orders', 'any', 'Number of orders; 0 or blank gives #DIV/0!', '订单数；为 0 或空白时返回 #DIV/0!'),
    ],
    returns: 'array',
    example: '=KPI.AOV(B2:B13, C2:C13)',
    impl: (...a) => aov(a[0], a[1]),
  },
  {
    name: 'ATTAINMENT',
    description: bi('Target attainment: actual / target.', '目标达成率 = 实际完成 / 目标。'),
    params: [
      p('actual', 'any', 'Actual result' + RANGE_NOTE_EN, '实际完成值' + RANGE_NOTE_ZH),
      p('target', 'any', 'Target; 0 or blank gives #DIV/0!', '目标值；为 0 或空白时返回 #DIV/0!'),
    ],
    returns: 'array',
    example: '=KPI.ATTAINMENT(B2, C2)',
    impl: (...a) => attainment(a[0], a[1]),
  },
  {
    name: 'GAP',
    description: bi(
      'Gap to target: actual − target (negative = behind the target).',
      '目标差额 = 实际完成 − 目标（负数表示尚未达标）。',
    ),
    params: [
      p('actual', 'any', 'Actual result' + RANGE_NOTE_EN, '实际完成值' + RANGE_NOTE_ZH),
      p('target', 'any', 'Target' + RANGE_NOTE_EN, '目标值' + RANGE_NOTE_ZH),
    ],
    returns: 'array',
    example: '=KPI.GAP(B2, C2)',
    impl: (...a) => gap(a[0], a[1]),
  },
  {
    name: 'SHARE',
    description: bi(
      "Share: value / total. If total is left out and value is a range, each cell's share of the range's sum.",
      '占比 = 数值 / 合计。省略合计且数值为区域时，返回每个单元格占该区域总和的比例。',
    ),
    params: [
      p('value', 'any', 'The part' + RANGE_NOTE_EN, '部分数值' + RANGE_NOTE_ZH),
      p(
        'total',
        'any',
        "The whole; 0 gives #DIV/0!. Leave out to use the sum of value's range",
        '合计；为 0 时返回 #DIV/0!。省略时使用数值区域的总和',
        true,
      ),
    ],
    returns: 'array',
    example: '=KPI.SHARE(B2:B10)',
    impl: (...a) => share(a[0], a[1]),
  },
  {
    name: 'RUNRATE',
    description: bi(
      'Run-rate forecast: actual / elapsed × total, e.g. sales so far / days elapsed × days in the month. ' +
        'elapsed 0 or blank gives #DIV/0!; elapsed below 0 or above total gives #NUM!.',
      '按当前进度预测全期 = 实际完成 / 已过时间 × 总时间，例如 截至目前销售额 / 已过天数 × 本月天数。' +
        '已过时间为 0 或空白时返回 #DIV/0!；小于 0 或大于总时间时返回 #NUM!。',
    ),
    params: [
      p('actual', 'any', 'Result so far' + RANGE_NOTE_EN, '截至目前的完成值' + RANGE_NOTE_ZH),
      p('elapsed', 'any', 'Time elapsed (days, weeks, months)', '已过去的时间（天、周、月）'),
      p(
        'total',
        'any',
        'Length of the whole period, in the same unit',
        '整个周期的长度（与已过时间单位相同）',
      ),
    ],
    returns: 'array',
    example: '=KPI.RUNRATE(B2, 15, 30)',
    impl: (...a) => runrate(a[0], a[1], a[2]),
  },
  {
    name: 'REQUIREDRATE',
    description: bi(
      'Rate needed per remaining period to reach the target: (target − actual) / remaining. ' +
        'A negative result means the target is already exceeded.',
      '完成目标所需的每期平均值 = (目标 − 实际完成) / 剩余期数。结果为负数表示已经超额完成。',
    ),
    params: [
      p('target', 'any', 'Target for the whole period', '全期目标'),
      p('actual', 'any', 'Result so far', '截至目前的完成值'),
      p(
        'remaining',
        'any',
        'Periods (days, weeks, months) left; 0, blank or negative gives #DIV/0!',
        '剩余期数（天、周、月）；为 0、空白或负数时返回 #DIV/0!',
      ),
    ],
    returns: 'array',
    example: '=KPI.REQUIREDRATE(C1, B2, 4)',
    impl: (...a) => requiredrate(a[0], a[1], a[2]),
  },
  {
    name: 'CYCLE',
    description: bi(
      'Sales cycle: mean (or median) days from first contact to close, over the deals that have both dates; ' +
        'open deals (blank close date) are ignored.',
      '销售周期：从首次接触到成交的平均（或中位）天数，只统计两个日期都有的交易；尚未成交（成交日期为空）的交易不计入。',
    ),
    params: [
      p('first_contact_dates', 'range', 'First contact date of each deal', '每笔交易的首次接触日期'),
      p(
        'close_dates',
        'range',
        'Close date of each deal, a range of the same size',
        '每笔交易的成交日期，与首次接触日期区域大小相同',
      ),
      p(
        'method',
        'text',
        '"mean" (default) or "median"; 0 and 1 also work',
        '统计方式："mean"（平均值，默认）或 "median"（中位数）；也可用 0 和 1',
        true,
      ),
    ],
    returns: 'number',
    example: '=KPI.CYCLE(D2:D100, E2:E100, "median")',
    impl: (...a) => cycle(a[0], a[1], a[2]),
  },
  {
    name: 'QUADRANT',
    description: bi(
      'Quadrant analysis: "high-high", "high-low", "low-high" or "low-low" for x (e.g. sales) and y (e.g. growth) ' +
        'against their thresholds, x first; a value equal to its threshold counts as high.',
      '象限分析：按阈值把 x（如销售额）和 y（如增长率）分为 "high-high"（高-高）、"high-low"（高-低）、' +
        '"low-high"（低-高）、"low-low"（低-低），x 在前；等于阈值算作高。',
    ),
    params: [
      p(
        'x',
        'any',
        'First measure, e.g. sales amount' + RANGE_NOTE_EN,
        '第一个指标，如销售额' + RANGE_NOTE_ZH,
      ),
      p(
        'y',
        'any',
        'Second measure, e.g. growth rate' + RANGE_NOTE_EN,
        '第二个指标，如增长率' + RANGE_NOTE_ZH,
      ),
      p('x_threshold', 'any', 'Threshold for x, e.g. the average sales', 'x 的阈值，如平均销售额'),
      p('y_threshold', 'any', 'Threshold for y, e.g. 0 or the average growth', 'y 的阈值，如 0 或平均增长率'),
    ],
    returns: 'array',
    example: '=KPI.QUADRANT(B2:B9, C2:C9, AVERAGE(B2:B9), 0)',
    impl: (...a) => quadrant(a[0], a[1], a[2], a[3]),
  },
  {
    name: 'TIER',
    description: bi(
      'Reward tier: the label of the highest threshold that value reaches; below the first threshold gives #N/A.',
      '奖励级别：返回数值达到的最高门槛所对应的级别名称；低于第一个门槛时返回 #N/A。',
    ),
    params: [
      p(
        'value',
        'any',
        'Value to rate, e.g. sales amount' + RANGE_NOTE_EN,
        '要评级的数值，如销售额' + RANGE_NOTE_ZH,
      ),
      p(
        'thresholds',
        'range',
        'Thresholds in ascending order (a row or a column)',
        '各级门槛，按从小到大排列（一行或一列）',
      ),
      p('labels', 'range', 'One label per threshold', '级别名称，每个门槛一个'),
    ],
    returns: 'array',
    example: '=KPI.TIER(B2:B20, F2:F4, G2:G4)',
    impl: (...a) => tier(a[0], a[1], a[2]),
  },
  {
    name: 'BREAKDOWN',
    description: bi(
      'Goal breakdown: splits total in proportion to weights into multiples of unit that add up exactly to total ' +
        '(largest-remainder method); the answer has the shape of weights.',
      '目标分解：按权重比例把总目标分成若干份，每份都是取整单位的整数倍，且各份之和恰好等于总目标（最大余数法）；结果与权重区域形状相同。',
    ),
    params: [
      p(
        'total',
        'number',
        'Total to split, e.g. the annual target; must be a whole multiple of unit',
        '要分解的总数，如年度目标；必须是取整单位的整数倍',
      ),
      p(
        'weights',
        'range',
        'Weights, e.g. last year per month; not negative, blank counts as 0',
        '权重，如去年各月销售额；不能为负数，空白按 0 计',
      ),
      p(
        'unit',
        'number',
        'Rounding unit of each part, default 1 (e.g. 100 or 1000)',
        '每份的取整单位，默认为 1（如 100 或 1000）',
        true,
      ),
    ],
    returns: 'array',
    example: '=KPI.BREAKDOWN(1200000, B2:B13, 1000)',
    impl: (...a) => breakdown(a[0], a[1], a[2]),
  },
  {
    name: 'SEASONALITY',
    description: bi(
      'Seasonal weights from history: each row is one year and each column one month (or period); a single column ' +
        "is one series. Answers each position's share of its row total, averaged over rows; the weights add up to 1.",
      '季节性权重：历史数据每行为一年、每列为一个月（或期间）；只有一列时视为一个序列。' +
        '返回每个位置占所在行合计的比例在各行上的平均值，各权重之和为 1。',
    ),
    params: [
      p(
        'history',
        'range',
        'Past values, one row per year and one column per month; rows that add up to 0 are ignored',
        '历史数据，每年一行、每月一列；合计为 0 的行不计入',
      ),
    ],
    returns: 'array',
    example: '=KPI.SEASONALITY(B2:M4)',
    impl: (...a) => seasonality(a[0]),
  },
  {
    name: 'COMMISSION',
    description: bi(
      'Tiered commission on value (a sales amount, or attainment). thresholds are the lower bounds of the tiers ' +
        '(ascending, usually starting at 0) and rates the rate of each tier (5% or 0.05). method "marginal" ' +
        '(default): each rate applies to the part of value within its tier, like income tax; "flat": the rate of ' +
        'the highest tier reached applies to all of value. A value below the first threshold, such as a net ' +
        'refund, earns 0.',
      '阶梯提成：按金额（或达成率）分档计算提成。门槛为各档下限（从小到大，通常从 0 开始），费率为各档提成比例' +
        '（5% 或 0.05）。计算方式 "marginal"（超额累进，默认）：每档费率只用于落在该档内的部分，类似个人所得税；' +
        '"flat"（全额累进）：达到的最高一档的费率适用于全部数值。低于第一个门槛的数值（如净退款）提成为 0。',
    ),
    params: [
      p(
        'value',
        'any',
        'Amount (or attainment) to pay commission on' + RANGE_NOTE_EN,
        '计提成的金额（或达成率）' + RANGE_NOTE_ZH,
      ),
      p(
        'thresholds',
        'range',
        'Lower bound of each tier, ascending and not negative (a row or a column)',
        '各档下限，从小到大排列，不能为负数（一行或一列）',
      ),
      p(
        'rates',
        'range',
        'Commission rate of each tier, one per threshold, e.g. 3%, 5%, 8%; not negative',
        '各档提成比例，每个门槛一个，如 3%、5%、8%；不能为负数',
      ),
      p(
        'method',
        'text',
        '"marginal" (default) or "flat"',
        '计算方式："marginal"（超额累进，默认）或 "flat"（全额累进）',
        true,
      ),
    ],
    returns: 'array',
    example: '=KPI.COMMISSION(B2:B20, F2:F4, G2:G4)',
    impl: (...a) => commission(a[0], a[1], a[2], a[3]),
  },
  {
    name: 'PAYOUT',
    description: bi(
      'Quota-plan payout: target_incentive × the payout % that curve gives for attainment; linear between the ' +
        "curve's points, 0 below the first point, the last point's % above the last (the cap). Default curve: 0 " +
        'below 50% attainment, payout % = attainment from 50% to 100%, then 2% more per 1% above 100%, ' +
        'capped at 200% (reached at 150% attainment).',
      '按目标达成率计算奖金 = 目标奖金 × 奖金曲线在该达成率的奖金比例；曲线各点之间线性插值，低于第一个点为 0，' +
        '高于最后一个点按最后一点的比例（封顶）。默认曲线：达成率低于 50% 无奖金；50% 至 100% 之间奖金比例等于' +
        '达成率；超过 100% 后达成率每多 1%，奖金比例多 2%，最高 200%（达成率 150% 时封顶）。',
    ),
    params: [
      p(
        'attainment',
        'any',
        'Attainment as a fraction, e.g. 120% or 1.2' + RANGE_NOTE_EN,
        '目标达成率，如 120% 或 1.2' + RANGE_NOTE_ZH,
      ),
      p(
        'target_incentive',
        'any',
        'Incentive paid at 100% attainment; not negative' + RANGE_NOTE_EN,
        '达成率 100% 时的奖金（目标奖金），不能为负数' + RANGE_NOTE_ZH,
      ),
      p(
        'curve',
        'range',
        'Points of the payout curve: 2 columns, attainment (ascending) then payout %; two points at the same ' +
          'attainment make a step. Leave out for the default curve',
        '奖金曲线的各点：两列，第一列为达成率（从小到大），第二列为奖金比例；同一达成率的两个点表示跳档。' +
          '省略时使用默认曲线',
        true,
      ),
    ],
    returns: 'array',
    example: '=KPI.PAYOUT(C2:C20, 10000)',
    impl: (...a) => payout(a[0], a[1], a[2]),
  },
];

function deepFreeze<T>(o: T): T {
  if (typeof o === 'object' && o !== null && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** Every KPI function, in display order. Frozen: hosts read it, never change it. */
export const KPI_FUNCTIONS: readonly KpiFunction[] = deepFreeze(DEFINITIONS);

const BY_NAME = new Map(KPI_FUNCTIONS.map((f) => [f.name, f]));

/**
 * The function of that name: case-insensitive, with or without the host prefix ("GROWTH", "growth",
 * "KPI.GROWTH", "KPI_GROWTH").
 */
export function getKpi(name: string): KpiFunction | undefined {
  if (typeof name !== 'string') return undefined;
  let n = name.trim().toUpperCase();
  if (n.startsWith('=')) n = n.slice(1);
  const direct = BY_NAME.get(n);
  if (direct) return direct;
  if (n.startsWith('KPI.') || n.startsWith('KPI_')) return BY_NAME.get(n.slice(4));
  return undefined;
}

/** Makes sure an answer is made only of answer cells (defensive: finite numbers, text, booleans, errors). */
function sanitize(fn: string, r: unknown): KpiResult {
  const cell = (v: unknown): KpiScalar => {
    if (v instanceof KpiError || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number')
      return Number.isFinite(v) ? v || 0 : num(`${fn}: the result is not a finite number`);
    return value(`${fn}: the result is not a value`);
  };
  if (!Array.isArray(r)) return cell(r);
  if (
    r.length === 0 ||
    !r.every((row) => Array.isArray(row) && row.length === r[0].length && row.length > 0)
  ) {
    return value(`${fn}: the result is not a rectangular range`);
  }
  return r.map((row: unknown[]) => row.map(cell));
}

/**
 * Calls a KPI function by name with arguments as a host delivers them. Never throws: an unknown name
 * gives #N/A, too few or too many arguments #VALUE!, and an exception inside #VALUE! with its message.
 * Trailing undefined arguments are ignored (hosts pass them for omitted optional parameters).
 */
export function callKpi(name: string, args: unknown[]): KpiResult {
  try {
    const fn = getKpi(name);
    if (!fn) return new KpiError('#N/A', `Unknown KPI function ${show(String(name))}`);
    const list = Array.isArray(args) ? args.slice() : [];
    while (
      list.length > fn.params.length &&
      (list[list.length - 1] === undefined || list[list.length - 1] === null)
    ) {
      list.pop();
    }
    const required = fn.params.filter((q) => !q.optional).length;
    const names = fn.params.map((q) => q.name).join(', ');
    if (list.length > fn.params.length) {
      return value(
        `${fn.name} takes at most ${fn.params.length} arguments (${names}), but got ${list.length}`,
      );
    }
    if (list.length < required) {
      return value(`${fn.name} needs ${required} arguments (${names}), but got ${list.length}`);
    }
    return sanitize(fn.name, fn.impl(...list));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return value(`${typeof name === 'string' ? name.toUpperCase() : 'KPI'}: ${msg}`);
  }
}
