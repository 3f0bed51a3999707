import { describe, expect, it } from 'vitest';
import type { Role } from '../types';
import { ROLES } from '../types';
import {
  detectRoles,
  findHeaderIndex,
  isTotalsLabel,
  matchHeader,
  normalizeHeader,
  SYNONYMS,
  type ColumnProfile,
} from './headers';

const top = (h: string) => matchHeader(h)[0]?.role ?? null;

/** Every synonym group of the brief and of DOMAIN.md, in English and Chinese. */
const GROUPS: Record<Role, string[]> = {
  date: [
    'Date',
    'Order Date',
    'Sale Date',
    'Transaction Date',
    'Month',
    'Period',
    '日期',
    '下单日期',
    '订单日期',
    '月份',
    '期间',
    '时间',
  ],
  rep: [
    'Rep',
    'Salesperson',
    'Sales Rep',
    'Sales Person',
    'Owner',
    'Employee',
    'Account Manager',
    '销售员',
    '销售代表',
    '业务员',
    '负责人',
    '姓名',
    '销售',
  ],
  region: [
    'Region',
    'Territory',
    'Area',
    'City',
    'State',
    'Province',
    'Country',
    'Market',
    '地区',
    '区域',
    '大区',
    '城市',
    '省份',
    '市场',
  ],
  product: ['Product', 'Category', 'SKU', 'Item', '产品', '品类', '类别', '商品'],
  customer: ['Customer', 'Client', 'Account', 'Customer ID', 'Customer Name', '客户', '客户名称', '客户编号'],
  amount: [
    'Sales',
    'Revenue',
    'Amount',
    'Sales Amount',
    'Total Sales',
    'Net Sales',
    '销售额',
    '金额',
    '销售金额',
    '营业额',
    '收入',
    '业绩',
  ],
  orderId: ['Order ID', 'Order No', 'Order Number', 'Invoice', '订单号', '订单编号'],
  orders: ['Orders', 'Order Count', '# Orders', 'Deals', 'Deals Closed', '订单数', '成交数', '单数'],
  quantity: ['Quantity', 'Qty', 'Units', '数量', '销量'],
  leads: ['Leads', 'Prospects', 'Opportunities', '线索', '线索数', '潜在客户', '商机'],
  won: ['Won', 'Won Deals', 'Deals Won', '赢单', '赢单数'],
  lost: ['Lost', 'Lost Deals', 'Deals Lost', '输单', '丢单', '丢单数'],
  target: ['Target', 'Quota', 'Goal', '目标', '指标', '任务额', '目标额'],
  satisfaction: [
    'Satisfaction',
    'Customer Satisfaction',
    'CSAT',
    'Satisfaction Score (1-5)',
    'Rating',
    '满意度',
    '客户满意度',
    '客户满意度（分）',
    '评分',
  ],
  contactDate: [
    'First Contact',
    'First Contact Date',
    'Contact Date',
    'Lead Date',
    'Created Date',
    '首次接触日期',
    '首次联系日期',
    '接触日期',
    '线索日期',
  ],
  closeDate: ['Close Date', 'Closed Date', 'Won Date', '成交日期', '结单日期'],
};

describe('matchHeader: synonyms', () => {
  for (const role of ROLES) {
    it(`recognises every ${role} header, whole and case-insensitively`, () => {
      for (const h of GROUPS[role]) {
        expect(matchHeader(h)[0], h).toEqual({ role, exact: true });
        expect(top(h.toUpperCase()), h.toUpperCase()).toBe(role);
        expect(top(`  ${h.toLowerCase()}  `)).toBe(role);
      }
    });
  }

  it('no whole-header synonym belongs to two roles', () => {
    const owner = new Map<string, Role>();
    for (const role of ROLES) {
      for (const s of SYNONYMS[role]) {
        if (owner.has(s)) expect(`${s}: ${owner.get(s)}`).toBe(`${s}: ${role}`);
        owner.set(s, role);
      }
    }
  });

  it('normalises full width, brackets, units, punctuation and camelCase', () => {
    expect(normalizeHeader('Ｓａｌｅｓ　Ａｍｏｕｎｔ')).toBe('sales amount');
    expect(normalizeHeader('order_date')).toBe('order date');
    expect(normalizeHeader('OrderDate')).toBe('order date');
    for (const h of [
      'Sales Amount (USD)',
      '销售额(元)',
      '销售额（元）',
      '金额/元',
      'Sales ($)',
      'Revenue [CNY]',
      '【销售额】',
      'Sales in USD',
      'Ｓａｌｅｓ',
      'total_sales',
      'NetSales',
    ]) {
      expect(matchHeader(h)[0], h).toEqual({ role: 'amount', exact: true });
    }
    expect(top('CustomerID')).toBe('customer');
    expect(top('Order No.')).toBe('orderId');
  });

  it.each<[string, Role]>([
    ['订单日期', 'date'],
    ['Order Date (UTC)', 'date'],
    ['Sales Month', 'date'],
    ['发货日期', 'date'],
    ['Invoice Date', 'date'],
    ['Sales Amount USD 2024', 'amount'],
    ['本月销售额', 'amount'],
    ['实际销售额（万元）', 'amount'],
    ['Invoice Amount', 'amount'],
    ['订单金额', 'amount'],
    ['Net Revenue 2024', 'amount'],
    ['Sales Rep Name', 'rep'],
    ['Deal Owner', 'rep'],
    ['区域经理', 'rep'],
    ['客户经理', 'rep'],
    ['Sales Region', 'region'],
    ['销售区域', 'region'],
    ['Product Category', 'product'],
    ['产品类别', 'product'],
    ['Client Code', 'customer'],
    ['客户姓名', 'customer'],
    ['Sales Target', 'target'],
    ['Revenue Goal', 'target'],
    ['目标销售额', 'target'],
    ['月度目标', 'target'],
    ['Sales Qty', 'quantity'],
    ['Units Sold', 'quantity'],
    ['订单数量', 'orders'],
    ['No. of Orders', 'orders'],
    ['New Leads', 'leads'],
    ['Opportunities Won', 'won'],
    ['Closed Won Date', 'closeDate'],
    ['Date of First Contact', 'contactDate'],
    ['创建时间', 'contactDate'],
  ])('containment: %j → %s', (h, role) => {
    expect(top(h)).toBe(role);
  });

  it.each(['Target', 'Sales Target', 'Quota'])('%j is never the amount', (h) => {
    expect(top(h)).toBe('target');
  });

  it.each([
    'Customer Count',
    '客户数',
    'New Customers',
    '新客户数',
    'Number of Customers',
    'Close Rate',
    '成交率',
    'Conversion Rate',
    'Win %',
    'Sales %',
    '销售额增长率',
    'Avg Order Value',
    '平均客单价',
    'Quota Attainment',
    '目标完成率',
    'Market Share',
    'Sales Price',
    'Unit Price',
    'Commission',
    'Sales Tax',
    'Lead Source',
    'Days to Close',
    '销售周期',
    'Notes',
    '',
  ])('%j is not a role column', (h) => {
    expect(top(h)).toBeNull();
  });

  it('Order Date is a date, not an order ID; Sales Rep is a rep, not an amount', () => {
    expect(matchHeader('Order Date')[0]).toEqual({ role: 'date', exact: true });
    expect(matchHeader('Sales Rep')[0]).toEqual({ role: 'rep', exact: true });
  });
});

const prof = (p: Partial<ColumnProfile>): ColumnProfile => ({
  nonBlank: 10,
  numeric: 0,
  dateStrong: 0,
  dateWeak: 0,
  ...p,
});

describe('detectRoles', () => {
  it('maps a one-row-per-order table', () => {
    const { mapping, notes } = detectRoles([
      'Order Date',
      'Order ID',
      'Customer',
      'Product',
      'Region',
      'Sales Rep',
      'Qty',
      'Amount',
    ]);
    expect(mapping).toEqual({
      date: 0,
      orderId: 1,
      customer: 2,
      product: 3,
      region: 4,
      rep: 5,
      quantity: 6,
      amount: 7,
    });
    expect(notes).toEqual([]);
  });

  it('maps a one-row-per-month-and-rep table, in Chinese', () => {
    const { mapping } = detectRoles([
      '月份',
      '销售员',
      '销售额',
      '线索数',
      '成交数',
      '赢单数',
      '丢单数',
      '目标',
    ]);
    expect(mapping).toEqual({ date: 0, rep: 1, amount: 2, leads: 3, orders: 4, won: 5, lost: 6, target: 7 });
  });

  it('gives a column one role and a role one column, deterministically, with a note', () => {
    const headers = ['Date', 'Revenue', 'Sales', 'Rep'];
    const a = detectRoles(headers);
    const b = detectRoles(headers);
    expect(a).toEqual(b);
    expect(a.mapping.amount).toBe(1);
    expect(a.notes).toHaveLength(1);
    expect(a.notes[0]).toMatchObject({ role: 'amount', chosen: 'Revenue', rejected: ['Sales'] });
    expect(a.notes[0].message).toContain('Revenue');
    expect(detectRoles(headers, { lang: 'zh' }).notes[0].message).toContain('“Revenue”');
  });

  it('prefers a whole-header match over a containment match, even to its right', () => {
    const { mapping, notes } = detectRoles(['Net Revenue 2024', 'Date', 'Sales']);
    expect(mapping.amount).toBe(2);
    expect(notes[0]).toMatchObject({ role: 'amount', chosen: 'Sales', rejected: ['Net Revenue 2024'] });
  });

  it('falls back to the close-date column for the date role, mapping both to it', () => {
    const only = detectRoles(['Close Date', 'Amount']);
    expect(only.mapping).toMatchObject({ date: 0, closeDate: 0, amount: 1 });
    expect(only.notes.some((n) => n.role === 'date' && n.chosen === 'Close Date')).toBe(true);
    const zh = detectRoles(['成交日期', '金额']);
    expect(zh.mapping).toMatchObject({ date: 0, closeDate: 0 });
    const both = detectRoles(['Date', 'Close Date', 'First Contact', 'Amount']);
    expect(both.mapping).toMatchObject({ date: 0, closeDate: 1, contactDate: 2, amount: 3 });
  });

  it('applies overrides by header text, by column index, and null to unmap', () => {
    const headers = ['Date', 'Revenue', 'Sales', 'Rep', 'Territory'];
    const byText = detectRoles(headers, { overrides: { amount: 'sales' } });
    expect(byText.mapping.amount).toBe(2);
    expect(byText.notes.find((n) => n.role === 'amount')?.chosen).toBe('Sales');
    const byIndex = detectRoles(headers, { overrides: { amount: 2 } });
    expect(byIndex.mapping.amount).toBe(2);
    const unmapped = detectRoles(headers, { overrides: { region: null } });
    expect(unmapped.mapping.region).toBeUndefined();
    // an override takes its column away from other roles
    const stolen = detectRoles(headers, { overrides: { region: 'Rep' } });
    expect(stolen.mapping.region).toBe(3);
    expect(stolen.mapping.rep).toBeUndefined();
    // an unknown header is noted and detection goes on
    const missing = detectRoles(headers, { overrides: { amount: 'Nope' }, lang: 'zh' });
    expect(missing.mapping.amount).toBe(1);
    expect(
      missing.notes.some(
        (n) => n.role === 'amount' && n.rejected[0] === 'Nope' && n.message.includes('Nope'),
      ),
    ).toBe(true);
    // out-of-range index
    expect(detectRoles(headers, { overrides: { amount: 99 } }).mapping.amount).toBe(1);
  });

  it('checks containment matches against the cells', () => {
    // "Lost Reason" holds text: not the lost count
    expect(
      detectRoles(['Date', 'Amount', 'Lost Reason'], { profile: () => prof({}) }).mapping.lost,
    ).toBeUndefined();
    // "Product Sales" holding numbers is an amount, not the product label
    const ps = detectRoles(['Date', 'Product Sales'], { profile: () => prof({ numeric: 10 }) });
    expect(ps.mapping.amount).toBe(1);
    expect(ps.mapping.product).toBeUndefined();
    // "Sales Channel" holding text is not an amount
    expect(
      detectRoles(['Date', 'Sales Channel'], { profile: () => prof({}) }).mapping.amount,
    ).toBeUndefined();
    // a whole-header "Month" holding text months is still the date
    expect(detectRoles(['Month', 'Sales'], { profile: () => prof({ dateStrong: 10 }) }).mapping.date).toBe(0);
  });

  it('guesses the date column from its cells when no header names one', () => {
    const profiles = [prof({ dateStrong: 10 }), prof({ numeric: 10 })];
    const d = detectRoles(['When', 'Sales'], { profile: (c) => profiles[c] });
    expect(d.mapping.date).toBe(0);
    expect(d.notes[0].role).toBe('date');
  });
});

describe('findHeaderIndex', () => {
  it('finds headers trimmed, case-insensitively and normalised', () => {
    const hs = ['Order Date', ' Region ', 'Sales（元）'];
    expect(findHeaderIndex(hs, 'order date')).toBe(0);
    expect(findHeaderIndex(hs, 'REGION')).toBe(1);
    expect(findHeaderIndex(hs, 'Sales(元)')).toBe(2);
    expect(findHeaderIndex(hs, 'Nope')).toBe(-1);
  });
});

describe('isTotalsLabel', () => {
  it.each([
    'Total',
    'TOTAL',
    'Grand Total',
    'Sum',
    'Subtotal',
    'Sub-total',
    'Total:',
    ' total ',
    '合计',
    '合 计',
    '总计',
    '小计',
    '总和',
    '合计：',
    'Ｔｏｔａｌ',
    'North Total',
    '华东 汇总',
    '总计:',
  ])('%j is a totals label', (s) => {
    expect(isTotalsLabel(s)).toBe(true);
  });
  it.each(['Total Sales', 'Totally', 'Summer', 'Central', 'Paul', '合计数', 'Alice', '', 'x'])(
    '%j is not',
    (s) => {
      expect(isTotalsLabel(s)).toBe(false);
    },
  );
});
