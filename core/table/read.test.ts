import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Cell, ReadResult, SalesTable } from '../types';
import { readSalesTable } from './read';
import { ymdToSerial } from './coerce';
import { EXTREME } from '../../test/odd-files';

function ok(r: ReadResult): SalesTable {
  if (!r.ok) throw new Error(`expected a table, got ${r.error.code}: ${r.error.message}`);
  return r.table;
}
function err(r: ReadResult) {
  if (r.ok) throw new Error('expected an error');
  return r.error;
}
const arr = (a: ArrayLike<number>) => Array.from(a);

describe('readSalesTable: header row and extent', () => {
  it('finds the header below titles, notes and blank rows, and starts the table at its first cell', () => {
    const cells: Cell[][] = [
      ['Sales report 2024'],
      [],
      [null, null, 'Prepared by: finance team'],
      ['', '', '', ''],
      [null, 'Note: amounts in CNY, excluding tax'],
      [null, null, 'Date', 'Rep', 'Region', 'Sales', null],
      [null, null, '2024-03-01', 'Alice', 'North', 100, 'ignored (outside the header)'],
      [null, null, '2024-03-02', 'Bob', 'South', 200],
    ];
    const t = ok(readSalesTable(cells));
    expect(t.headerIndex).toBe(5);
    expect(t.columnOffset).toBe(2);
    expect(t.headers).toEqual(['Date', 'Rep', 'Region', 'Sales']);
    expect(t.mapping).toEqual({ date: 0, rep: 1, region: 2, amount: 3 });
    expect(t.length).toBe(2);
    expect(arr(t.index)).toEqual([6, 7]);
    expect(arr(t.date)).toEqual([45352, 45353]);
    expect(arr(t.amount)).toEqual([100, 200]);
    expect(t.lastIndex).toBe(7);
    expect(t.skipped).toEqual([]);
    expect(t.cells).toBe(cells);
  });

  it('prefers the row naming a date and an amount over note rows with header-like words', () => {
    const cells: Cell[][] = [
      ['Region: North', 'Rep: all', 'Product: all', 'Customer: all'],
      ['Date', 'Sales'],
      ['2024-01-01', 1],
    ];
    const t = ok(readSalesTable(cells));
    expect(t.headerIndex).toBe(1);
    expect(arr(t.amount)).toEqual([1]);
  });

  it('skips full-width totals rows', () => {
    const t = ok(
      readSalesTable([
        ['Date', 'Sales'],
        ['2024-01-01', 1],
        ['Ｔｏｔａｌ', 1],
        ['２０２４－０１－０２', '２'],
      ]),
    );
    expect(arr(t.amount)).toEqual([1, 2]);
    expect(t.skipped.map((s) => s.code)).toEqual(['totals']);
  });

  it('keeps empty header cells inside the table as ""', () => {
    const t = ok(
      readSalesTable([
        ['Date', '', 'Sales'],
        ['2024-01-01', 'x', 5],
      ]),
    );
    expect(t.headers).toEqual(['Date', '', 'Sales']);
    expect(t.mapping).toEqual({ date: 0, amount: 2 });
  });

  it('skips single blank rows silently and ends at a blank block followed by notes', () => {
    const cells: Cell[][] = [
      ['Date', 'Sales'],
      ['2024-01-01', 1],
      [null, null],
      ['2024-01-02', 2],
      ['', '   '],
      [],
      ['Notes: figures are provisional', null],
      ['2024-01-05', 5],
    ];
    const t = ok(readSalesTable(cells));
    expect(arr(t.amount)).toEqual([1, 2]);
    expect(t.skipped).toEqual([]);
    expect(t.lastIndex).toBe(3);
  });

  it('continues after a blank block when data rows follow', () => {
    const cells: Cell[][] = [
      ['Date', 'Sales'],
      ['2024-01-01', 1],
      [],
      [],
      [],
      ['2024-01-05', 5],
      [null, null],
    ];
    const t = ok(readSalesTable(cells));
    expect(arr(t.amount)).toEqual([1, 5]);
    expect(t.lastIndex).toBe(5);
  });

  it('skips and reports totals rows with their row numbers', () => {
    const cells: Cell[][] = [
      ['Sales by rep'],
      ['Month', 'Rep', 'Sales'],
      ['2024-01', 'Alice', 100],
      ['2024-01', 'Total:', 100],
      ['2024-02', 'Bob', 50],
      ['合计', null, 150],
      [null, 'Grand Total', 150],
    ];
    const t = ok(readSalesTable(cells));
    expect(arr(t.amount)).toEqual([100, 50]);
    expect(t.skipped.map((s) => [s.row, s.code])).toEqual([
      [4, 'totals'],
      [6, 'totals'],
      [7, 'totals'],
    ]);
    expect(t.skipped[0].reason).toBe('Row 4: totals row "Total:" skipped');
    expect(t.lastIndex).toBe(6);
    const zh = ok(readSalesTable(cells, { lang: 'zh' }));
    expect(zh.skipped[1].reason).toBe('第 6 行：合计行“合计”，已跳过');
  });

  it('reads a one-row-per-order table with messy cells', () => {
    const cells: Cell[][] = [
      ['Order Date', 'Order ID', 'Customer', 'Product', 'Region', 'Sales Rep', 'Qty', 'Amount (USD)'],
      [new Date(Date.UTC(2024, 2, 1)), 'SO-1', 'Acme', 'Widget', 'North', 'Alice', 2, '$1,234.50'],
      ['2024/3/2', 1002, 'Globex', 'Gadget', 'South', 'Bob', '3', 99],
      [45353, 'SO-3', 'Acme', 'Widget', 'North', 'alice', null, '(10)'],
      ['2024年3月4日', 'SO-4', 'Initech', 'Gizmo', 'East', 'Carol', 1, '¥2,000'],
    ];
    const t = ok(readSalesTable(cells));
    expect(t.mapping).toEqual({
      date: 0,
      orderId: 1,
      customer: 2,
      product: 3,
      region: 4,
      rep: 5,
      quantity: 6,
      amount: 7,
    });
    expect(arr(t.date)).toEqual([45352, 45353, 45353, 45355]);
    expect(arr(t.amount)).toEqual([1234.5, 99, -10, 2000]);
    expect(arr(t.numbers.quantity!)).toEqual([2, 3, NaN, 1]);
    expect(t.coerced).toEqual({ date: [2, 4], amount: [1, 3, 4], quantity: [2] });
  });

  it('reads a one-row-per-month-and-rep table in Chinese', () => {
    const cells: Cell[][] = [
      ['2024年销售跟踪表'],
      ['月份', '销售员', '销售额（元）', '线索数', '成交数', '目标'],
      ['2024年1月', '张三', '１２，０００', 40, 8, 10000],
      ['2024年1月', '李四', '9,500', 30, 5, 10000],
      ['2024年2月', '张三', '1.5万', 45, 9, 12000],
      ['合计', null, 36500, 115, 22, 32000],
    ];
    const t = ok(readSalesTable(cells, { lang: 'zh' }));
    expect(t.mapping).toEqual({ date: 0, rep: 1, amount: 2, leads: 3, orders: 4, target: 5 });
    expect(arr(t.date)).toEqual([ymdToSerial(2024, 1, 1), ymdToSerial(2024, 1, 1), ymdToSerial(2024, 2, 1)]);
    expect(arr(t.amount)).toEqual([12000, 9500, 15000]);
    expect(arr(t.numbers.leads!)).toEqual([40, 30, 45]);
    expect(arr(t.numbers.orders!)).toEqual([8, 5, 9]);
    expect(arr(t.numbers.target!)).toEqual([10000, 10000, 12000]);
    expect(t.skipped).toHaveLength(1);
    expect(t.skipped[0]).toMatchObject({ row: 6, index: 5, code: 'totals' });
    // A host whose range starts on sheet row 10 gets sheet row numbers in the report and the message.
    const t10 = ok(readSalesTable(cells, { lang: 'zh', originRow: 10 }));
    expect(t10.skipped[0]).toMatchObject({ row: 15, index: 5, code: 'totals' });
    expect(t10.skipped[0].reason).toContain('15');
  });

  it('reads a leads table with contact and close dates', () => {
    const cells: Cell[][] = [
      ['First Contact', 'Close Date', 'Owner', 'Amount'],
      ['2024-01-05', '2024-02-01', 'Alice', 500],
      [45300, null, 'Bob', 0],
      ['2024-01-07', 'soon', 'Bob', 10],
    ];
    const t = ok(readSalesTable(cells));
    expect(t.mapping).toMatchObject({ contactDate: 0, closeDate: 1, date: 1, rep: 2, amount: 3 });
    // date borrows the close date, so rows without one are skipped
    expect(arr(t.index)).toEqual([1]);
    expect(arr(t.dates.contactDate!)).toEqual([ymdToSerial(2024, 1, 5)]);
    expect(arr(t.dates.closeDate!)).toEqual([ymdToSerial(2024, 2, 1)]);
    expect(t.skipped.map((s) => s.code)).toEqual(['blank-date', 'bad-date']);
  });

  it('keeps rows with a bad secondary cell (NaN) and reports the cell', () => {
    const cells: Cell[][] = [
      ['Date', 'Contact Date', 'Sales', 'Leads'],
      ['2024-01-01', 'unknown', 10, 'many'],
      ['2024-01-02', '', 20, null],
    ];
    const t = ok(readSalesTable(cells));
    expect(t.length).toBe(2);
    expect(arr(t.numbers.leads!)).toEqual([NaN, NaN]);
    expect(arr(t.dates.contactDate!)).toEqual([NaN, NaN]);
    expect(t.skipped).toEqual([
      {
        row: 2,
        index: 1,
        column: 'Leads',
        code: 'bad-number',
        reason: 'Row 2: "Leads" value "many" is not a number; treated as blank',
      },
      {
        row: 2,
        index: 1,
        column: 'Contact Date',
        code: 'bad-cell',
        reason: 'Row 2: "Contact Date" value "unknown" is not a date; treated as blank',
      },
    ]);
  });
});

describe('readSalesTable: skipped rows', () => {
  const cells: Cell[][] = [
    ['Title'],
    ['Date', 'Rep', 'Amount'],
    ['2024-01-01', 'A', 10],
    [null, 'B', 20],
    ['next week', 'C', 30],
    ['2024-01-04', 'D', null],
    ['2024-01-05', 'E', 'n/a'],
    ['2024-02-30', 'F', 60],
    ['2024-01-07', 'G', true],
  ];

  it('explains each skipped row in English, with 1-based input row numbers', () => {
    const t = ok(readSalesTable(cells));
    expect(arr(t.index)).toEqual([2]);
    expect(t.skipped.map((s) => s.reason)).toEqual([
      'Row 4: date is blank',
      'Row 5: date "next week" is not a date',
      'Row 6: amount is blank',
      'Row 7: amount "n/a" is not a number',
      'Row 8: date "2024-02-30" is not a date',
      'Row 9: amount "TRUE" is not a number',
    ]);
    expect(t.skipped.map((s) => s.code)).toEqual([
      'blank-date',
      'bad-date',
      'blank-amount',
      'bad-amount',
      'bad-date',
      'bad-amount',
    ]);
    expect(t.skipped[0].column).toBe('Date');
    expect(t.skipped[3].column).toBe('Amount');
  });

  it('explains each skipped row in Chinese', () => {
    const t = ok(readSalesTable(cells, { lang: 'zh' }));
    expect(t.skipped.map((s) => s.reason)).toEqual([
      '第 4 行：日期为空',
      '第 5 行：日期“next week”不是有效日期',
      '第 6 行：金额为空',
      '第 7 行：金额“n/a”不是数字',
      '第 8 行：日期“2024-02-30”不是有效日期',
      '第 9 行：金额“TRUE”不是数字',
    ]);
  });
});

describe('readSalesTable: serials and number formats', () => {
  it('reads any serial under a date format, and only plausible ones without', () => {
    const cells: Cell[][] = [
      ['Date', 'Sales'],
      [60, 1],
      [61, 2],
      [1, 3],
      [45352, 4],
      [45352.75, 5],
    ];
    const formats = [
      ['General', 'General'],
      ['yyyy-mm-dd'],
      ['m/d/yyyy'],
      ['[$-804]yyyy"年"m"月"d"日"'],
      ['0'],
      ['yyyy-mm-dd h:mm'],
    ];
    const t = ok(readSalesTable(cells, { formats }));
    expect(arr(t.date)).toEqual([60, 61, 1, 45352, 45352]);
    expect(t.coerced.date).toEqual([]);
    const bare = ok(readSalesTable(cells));
    expect(arr(bare.date)).toEqual([45352]);
    expect(bare.skipped.filter((s) => s.code === 'bad-date').map((s) => s.row)).toEqual([2, 3, 4, 6]);
  });

  it('detects comma-decimal amount columns, and honours decimalComma', () => {
    const eu: Cell[][] = [
      ['Date', 'Umsatz Sales'],
      ['2024-01-01', '1.234,5'],
      ['2024-01-02', '12,5'],
      ['2024-01-03', '7'],
    ];
    expect(arr(ok(readSalesTable(eu)).amount)).toEqual([1234.5, 12.5, 7]);
    const us: Cell[][] = [
      ['Date', 'Sales'],
      ['2024-01-01', '1,234.50'],
      ['2024-01-02', '1,234'],
      ['2024-01-03', '12.5'],
    ];
    expect(arr(ok(readSalesTable(us)).amount)).toEqual([1234.5, 1234, 12.5]);
    const forced = ok(
      readSalesTable(
        [
          ['Date', 'Sales'],
          ['2024-01-01', '1,5'],
        ],
        { decimalComma: true },
      ),
    );
    expect(arr(forced.amount)).toEqual([1.5]);
    const off = readSalesTable(eu, { decimalComma: false });
    expect(arr(ok(off).amount)).toEqual([1234.5, 7]);
  });
});

describe('readSalesTable: mapping', () => {
  it('notes competing columns and applies overrides', () => {
    const cells: Cell[][] = [
      ['Date', 'Revenue', 'Sales', 'Rep'],
      ['2024-01-01', 1, 100, 'A'],
    ];
    const auto = ok(readSalesTable(cells));
    expect(arr(auto.amount)).toEqual([1]);
    expect(auto.mappingNotes).toHaveLength(1);
    expect(auto.mappingNotes[0]).toMatchObject({ role: 'amount', chosen: 'Revenue', rejected: ['Sales'] });
    const over = ok(readSalesTable(cells, { overrides: { amount: 'Sales' } }));
    expect(arr(over.amount)).toEqual([100]);
    expect(over.mapping.amount).toBe(2);
    const byIndex = ok(readSalesTable(cells, { overrides: { amount: 2, rep: null } }));
    expect(arr(byIndex.amount)).toEqual([100]);
    expect(byIndex.mapping.rep).toBeUndefined();
  });

  it('counts-ish and rate-ish columns are not mistaken for labels or dates', () => {
    const cells: Cell[][] = [
      ['Month', 'Customer Count', 'Close Rate', 'Sales'],
      ['2024-01', 12, '20%', 1000],
    ];
    const t = ok(readSalesTable(cells));
    expect(t.mapping).toEqual({ date: 0, amount: 3 });
  });
});

describe('readSalesTable: rejections', () => {
  it('no amount column (en, zh)', () => {
    const cells: Cell[][] = [
      ['Date', 'Rep', 'Region'],
      ['2024-01-01', 'A', 'N'],
    ];
    expect(err(readSalesTable(cells))).toEqual({
      code: 'no-amount',
      message:
        'No amount column found. Headers found: Date, Rep, Region. Add a column named Sales, Revenue or Amount (销售额, 金额).',
      headers: ['Date', 'Rep', 'Region'],
    });
    expect(err(readSalesTable(cells, { lang: 'zh' })).message).toBe(
      '未找到金额列。找到的表头：Date, Rep, Region。请添加名为“销售额”“金额”或 Sales 的列。',
    );
  });

  it('no date column (en, zh)', () => {
    const cells: Cell[][] = [
      ['销售员', '地区', '销售额'],
      ['张三', '华东', 5],
    ];
    const e = err(readSalesTable(cells));
    expect(e.code).toBe('no-date');
    expect(e.message).toContain('Headers found: 销售员, 地区, 销售额');
    expect(e.message).toContain('Date');
    expect(err(readSalesTable(cells, { lang: 'zh' })).message).toBe(
      '未找到日期列。找到的表头：销售员, 地区, 销售额。请添加名为“日期”“月份”或 Date 的列。',
    );
  });

  it('no header row, empty input, and no usable rows', () => {
    const noHeader = err(
      readSalesTable([
        ['foo', 'bar'],
        [1, 2],
      ]),
    );
    expect(noHeader.code).toBe('no-header');
    expect(noHeader.headers).toEqual(['foo', 'bar']);
    expect(noHeader.message).toContain('foo, bar');
    expect(err(readSalesTable([['foo', 'bar']], { lang: 'zh' })).message).toContain('未找到表头行');
    for (const empty of [[], [[]], [[null, ''], ['  ']], undefined, null, 'x', 42, {}]) {
      expect(err(readSalesTable(empty as never)).code).toBe('empty');
    }
    const noRows = err(
      readSalesTable([
        ['Date', 'Sales'],
        ['x', 1],
        ['2024-01-01', 'y'],
      ]),
    );
    expect(noRows.code).toBe('no-rows');
    expect(noRows.headers).toEqual(['Date', 'Sales']);
    expect(noRows.message).toContain('Row 2: date "x" is not a date');
    expect(noRows.message).toContain('Row 3: amount "y" is not a number');
    const headerOnly = err(readSalesTable([['Date', 'Sales']], { lang: 'zh' }));
    expect(headerOnly.code).toBe('no-rows');
    expect(headerOnly.message).toContain('没有数据行');
    expect(
      err(
        readSalesTable(
          [
            ['日期', '金额'],
            ['x', 'y'],
          ],
          { lang: 'zh' },
        ),
      ).message,
    ).toContain('第 2 行：日期“x”不是有效日期');
  });
});

describe('readSalesTable: robustness', () => {
  it('survives ragged rows, non-array rows, objects, huge strings and odd numbers', () => {
    const huge = 'x'.repeat(1_000_000);
    const cells = [
      ['Date', 'Sales', 'Rep', 'Leads'],
      undefined,
      ['2024-01-01'],
      'not a row',
      ['2024-01-02', 5, { a: 1 }, Symbol.iterator],
      ['2024-01-03', NaN],
      ['2024-01-04', Infinity, huge],
      [huge, huge, huge, huge],
      ['2024-01-05', 7, null, -Infinity],
      [new Date(NaN), 8],
      null,
    ] as unknown as Cell[][];
    const t = ok(readSalesTable(cells));
    expect(arr(t.amount)).toEqual([5, 7]);
    expect(arr(t.numbers.leads!)).toEqual([NaN, NaN]);
    for (const s of t.skipped) expect(s.reason.length).toBeLessThan(200);
  });

  it('never changes its input', () => {
    const cells: Cell[][] = [
      ['Report'],
      ['Date', 'Rep', 'Sales', 'Qty'],
      ['2024-01-01', ' Alice ', '¥1,000', '2'],
      [new Date(Date.UTC(2024, 0, 2)), 'Bob', 5, null],
      ['Total', null, 1005, 2],
    ];
    const copy = structuredClone(cells);
    const frozen = cells.map((r) => Object.freeze(r));
    Object.freeze(frozen);
    const t = ok(readSalesTable(frozen, { formats: Object.freeze([]) }));
    expect(frozen).toEqual(copy);
    expect(t.length).toBe(2);
  });

  const headerWords = [
    'Date',
    'Sales',
    'Amount',
    'Rep',
    'Region',
    '日期',
    '销售额',
    '金额',
    'Total',
    '合计',
    'Month',
    'Target',
    'Leads',
    'Close Date',
    'Qty',
  ];
  const cellArb: fc.Arbitrary<unknown> = fc.oneof(
    fc.double(),
    fc.integer({ min: -100, max: 100000 }),
    fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, 45352, 60, 61),
    fc.string({ maxLength: 12 }),
    fc.constantFrom(
      ...headerWords,
      '¥1,234',
      '1.2万',
      '2024-03-01',
      '2024年3月',
      'n/a',
      '',
      ' ',
      '(12)',
      '12%',
    ),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.date({ noInvalidDate: false }),
    EXTREME,
  );
  const rowArb = fc.oneof(
    { weight: 20, arbitrary: fc.array(cellArb, { maxLength: 7 }) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, null, 'row', 7) },
  );
  const dateArb: fc.Arbitrary<unknown> = fc.oneof(
    fc.integer({ min: 1, max: 2958465 }),
    fc.integer({ min: 20000, max: 80000 }),
    fc.date({ noInvalidDate: false }),
    fc.constantFrom(
      '2024-03-01',
      '2024/3/1',
      '2024年3月',
      'Mar 2024',
      '2024Q1',
      '3/1/2024',
      '2024-02-30',
      'soon',
      '',
      null,
    ),
    cellArb,
  );
  const amountArb: fc.Arbitrary<unknown> = fc.oneof(
    fc.double({ noNaN: false }),
    fc.integer(),
    fc.constantFrom('¥1,234.50', '(12)', '1.2万', '12%', '1.234,5', 'n/a', '-', '', null, 'Total'),
    cellArb,
  );
  /** Tables that look like sales tables: a title, a header with date and amount columns, messy rows. */
  const salesTableArb = fc
    .tuple(
      fc.array(fc.array(cellArb, { maxLength: 2 }), { maxLength: 3 }),
      fc.constantFrom(
        ['Date', 'Sales'],
        ['日期', '金额'],
        ['Month', 'Amount', 'Rep', 'Leads', 'Close Date'],
        ['Order Date', 'Revenue', 'Target', 'Qty'],
      ),
      fc.array(
        fc.oneof(
          {
            weight: 10,
            arbitrary: fc
              .tuple(dateArb, amountArb, fc.array(cellArb, { maxLength: 4 }))
              .map(([d, a, rest]) => [d, a, ...rest]),
          },
          { weight: 1, arbitrary: rowArb },
        ),
        { maxLength: 40 },
      ),
    )
    .map(([above, header, rows]) => [...above, header, ...rows]);
  const tableArb = fc.oneof(
    fc.array(rowArb, { maxLength: 25 }),
    fc
      .tuple(
        fc.shuffledSubarray(headerWords, { minLength: 2, maxLength: 6 }),
        fc.array(rowArb, { maxLength: 25 }),
      )
      .map(([h, rows]) => [h, ...rows]),
    salesTableArb,
    salesTableArb,
  );

  it('never throws on random 2D arrays, and what it returns is consistent', () => {
    fc.assert(
      fc.property(
        tableArb,
        fc.constantFrom<'en' | 'zh'>('en', 'zh'),
        fc.boolean(),
        fc.constantFrom<'sales' | 'leads' | 'target'>('sales', 'sales', 'leads', 'target'),
        (cells, lang, withFormats, measure) => {
          const formats = withFormats
            ? (cells as unknown[]).map((r) => (Array.isArray(r) ? r.map(() => 'yyyy-mm-dd') : []))
            : undefined;
          const r = readSalesTable(cells as Cell[][], { lang, formats, measure });
          if (!r.ok) {
            expect(typeof r.error.message).toBe('string');
            expect(r.error.message.length).toBeGreaterThan(0);
            return;
          }
          const t = r.table;
          expect(t.index.length).toBe(t.length);
          expect(t.date.length).toBe(t.length);
          expect(t.amount.length).toBe(t.length);
          for (let i = 0; i < t.length; i++) {
            expect(Number.isFinite(t.amount[i])).toBe(true);
            expect(Number.isInteger(t.date[i])).toBe(true);
            expect(t.date[i]).toBeGreaterThanOrEqual(1);
            expect(t.index[i]).toBeGreaterThan(t.headerIndex);
            expect(t.index[i]).toBeLessThanOrEqual(t.lastIndex);
            if (i > 0) expect(t.index[i]).toBeGreaterThan(t.index[i - 1]);
          }
          for (const a of Object.values(t.numbers)) expect(a!.length).toBe(t.length);
          for (const a of Object.values(t.dates)) expect(a!.length).toBe(t.length);
          for (const s of t.skipped) {
            expect(s.row).toBeGreaterThan(t.headerIndex + 1);
            expect(s.reason.length).toBeGreaterThan(0);
          }
          const kept = new Set(Array.from(t.index));
          for (const list of Object.values(t.coerced)) for (const i of list!) expect(kept.has(i)).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
  });
});

describe('readSalesTable: cells no column can use', () => {
  it('keeps the row and reports an invalid Date or a non-finite number in a column without a role', () => {
    const cells: Cell[][] = [
      ['Date', 'Rep', 'Amount', 'Follow-up', 'Score'],
      [new Date(Date.UTC(2026, 0, 5)), 'Ann', 100, new Date(NaN), 1],
      [new Date(Date.UTC(2026, 0, 6)), 'Bob', '1,200', new Date(Date.UTC(2026, 1, 1)), Infinity],
    ];
    const res = readSalesTable(cells, { lang: 'en' });
    if (!res.ok) throw new Error(res.error.message);
    expect(res.table.length).toBe(2);
    expect(res.table.skipped.map((s) => [s.row, s.code, s.column])).toEqual([
      [2, 'bad-cell', 'Follow-up'],
      [3, 'bad-number', 'Score'],
    ]);
    expect(res.table.skipped[0].reason).toBe(
      'Row 2: "Follow-up" value "Invalid Date" is not a date; treated as blank',
    );
  });
});

describe('readSalesTable: plans ahead', () => {
  it('keeps a period row with a target and no sales yet as 0 sales, and still skips a row with neither', () => {
    const cells: Cell[][] = [
      ['Month', 'Rep', 'Sales', 'Target'],
      ['2026-01', 'Ann', 1200, 1000],
      ['2026-02', 'Ann', null, 1100],
      ['2026-03', 'Ann', null, null],
    ];
    const res = readSalesTable(cells);
    if (!res.ok) throw new Error(res.error.message);
    expect(Array.from(res.table.amount)).toEqual([1200, 0]);
    expect(Array.from(res.table.numbers.target!)).toEqual([1000, 1100]);
    expect(res.table.skipped.map((s) => [s.row, s.code])).toEqual([[4, 'blank-amount']]);
  });
});

describe('amounts beyond what can be added up', () => {
  it('an amount beyond ±10^15 is skipped with its row and a reason (en, zh); the others are kept', () => {
    const cells: Cell[][] = [
      ['Date', 'Sales'],
      ['2025-03-04', 1.7e308],
      ['2025-03-05', '-1.7e308'],
      ['2025-03-06', 1e15],
      ['2025-03-07', 250],
    ];
    const en = readSalesTable(cells);
    if (!en.ok) throw new Error(en.error.message);
    expect(Array.from(en.table.amount)).toEqual([1e15, 250]);
    expect(en.table.skipped.map((s) => [s.row, s.code])).toEqual([
      [2, 'huge-amount'],
      [3, 'huge-amount'],
    ]);
    expect(en.table.skipped[0].reason).toMatch(/out of range/);
    const zh = readSalesTable(cells, { lang: 'zh' });
    if (!zh.ok) throw new Error(zh.error.message);
    expect(zh.table.skipped[0].reason).toMatch(/超出范围/);
  });
});
