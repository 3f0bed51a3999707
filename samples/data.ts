/**
 * Sample sales data, generated from a seed: the orders and leads behind samples/sales-*.xlsx and
 * samples/sales-en.csv, the order sheet exactly as a host would deliver its cells, and a large table for
 * the benchmark. Pure: no Node, no ExcelJS (samples/workbook.ts writes the files).
 *
 * The story the data tells (Jan 2024 – Sep 2026; 2026 is the partial year, ending 2026-09-30):
 * - East  华东: the biggest region, barely growing              -> high sales, low growth  (高-低)
 * - North 华北: big and growing fast                             -> high sales, high growth (高-高)
 * - South 华南: small, growing fastest; new rep Ivy joins in 2026 -> low sales, high growth  (低-高)
 * - West  西部: small and shrinking                              -> low sales, low growth   (低-低)
 * (2026 Jan–Sep against 2025 Jan–Sep, thresholds at the mean or the median of the four regions.)
 */
import type { Cell, Lang } from '../core/types';

// ---------------------------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------------------------

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickWeighted(rand: () => number, weights: readonly number[], total?: number): number {
  let sum = total ?? 0;
  if (total === undefined) for (const w of weights) sum += w;
  let x = rand() * sum;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i];
    if (x < 0) return i;
  }
  return weights.length - 1;
}

const intBetween = (rand: () => number, lo: number, hi: number): number =>
  lo + Math.floor(rand() * (hi - lo + 1));
const round2 = (x: number): number => Math.round(x * 100) / 100;
const DAY_MS = 86_400_000;
const utc = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));

// ---------------------------------------------------------------------------------------------
// The cast
// ---------------------------------------------------------------------------------------------

export interface SampleRegion {
  en: string;
  zh: string;
  /** Orders per month at seasonality 1 in 2024, 2025, 2026. */
  levels: [number, number, number];
  /** The quadrant this region is meant to land in, 2026 Jan–Sep vs 2025 Jan–Sep. */
  quadrant: 'high-high' | 'high-low' | 'low-high' | 'low-low';
}

export const SAMPLE_REGIONS: readonly SampleRegion[] = [
  { en: 'East', zh: '华东', levels: [40, 42, 43], quadrant: 'high-low' },
  { en: 'North', zh: '华北', levels: [26, 31, 39], quadrant: 'high-high' },
  { en: 'South', zh: '华南', levels: [10, 13, 19], quadrant: 'low-high' },
  { en: 'West', zh: '西部', levels: [17, 16, 13.5], quadrant: 'low-low' },
];

export interface SampleRep {
  en: string;
  zh: string;
  /** Index into SAMPLE_REGIONS. */
  region: number;
  /** First year with orders. */
  from: number;
  /** Share of the region's orders per year (2024, 2025, 2026). */
  shares: [number, number, number];
  /** Typical lead-to-deal conversion rate. */
  conversion: number;
}

export const SAMPLE_REPS: readonly SampleRep[] = [
  { en: 'Alice', zh: '王芳', region: 0, from: 2024, shares: [0.42, 0.42, 0.42], conversion: 0.32 },
  { en: 'Brian', zh: '李强', region: 0, from: 2024, shares: [0.35, 0.35, 0.35], conversion: 0.25 },
  { en: 'Carol', zh: '张伟', region: 0, from: 2024, shares: [0.23, 0.23, 0.23], conversion: 0.22 },
  { en: 'David', zh: '刘洋', region: 1, from: 2024, shares: [0.55, 0.55, 0.55], conversion: 0.3 },
  { en: 'Emma', zh: '陈静', region: 1, from: 2024, shares: [0.45, 0.45, 0.45], conversion: 0.26 },
  { en: 'Frank', zh: '杨帆', region: 2, from: 2024, shares: [1, 1, 0.62], conversion: 0.24 },
  { en: 'Grace', zh: '赵敏', region: 3, from: 2024, shares: [0.58, 0.58, 0.58], conversion: 0.2 },
  { en: 'Henry', zh: '黄磊', region: 3, from: 2024, shares: [0.42, 0.42, 0.42], conversion: 0.17 },
  { en: 'Ivy', zh: '周婷', region: 2, from: 2026, shares: [0, 0, 0.38], conversion: 0.18 },
];

export interface SampleProduct {
  en: string;
  zh: string;
  price: number;
  /** Quantity range per order. */
  qty: [number, number];
  /** Days from first contact to close. */
  cycle: [number, number];
  /** Share of orders. */
  mix: number;
  /** Chance that an order has no first contact (walk-in customer). */
  walkIn: number;
}

export const SAMPLE_PRODUCTS: readonly SampleProduct[] = [
  { en: 'Cloud Suite', zh: '云套件', price: 12000, qty: [1, 3], cycle: [30, 120], mix: 0.14, walkIn: 0.02 },
  {
    en: 'Analytics Pro',
    zh: '分析专业版',
    price: 4800,
    qty: [1, 5],
    cycle: [20, 75],
    mix: 0.2,
    walkIn: 0.03,
  },
  {
    en: 'CRM Basic',
    zh: '客户管理基础版',
    price: 1200,
    qty: [2, 20],
    cycle: [7, 45],
    mix: 0.28,
    walkIn: 0.12,
  },
  { en: 'Support Plan', zh: '支持服务', price: 2400, qty: [1, 4], cycle: [3, 30], mix: 0.2, walkIn: 0.05 },
  { en: 'Hardware Kit', zh: '硬件套装', price: 649.9, qty: [2, 30], cycle: [1, 20], mix: 0.18, walkIn: 0.2 },
];

/** Monthly seasonality (Jan..Dec): Q4 high, February low. */
export const SEASONALITY: readonly number[] = [0.9, 0.6, 0.95, 1, 1, 1.1, 0.9, 0.9, 1.05, 1.1, 1.25, 1.45];

const CUSTOMER_STEMS: readonly [string, string][] = [
  ['Hengtai', '恒泰'],
  ['Huaxin', '华信'],
  ['Jinding', '金鼎'],
  ['Longteng', '龙腾'],
  ['Mingda', '明达'],
  ['Ruifeng', '瑞丰'],
  ['Shengshi', '盛世'],
  ['Tianyu', '天宇'],
  ['Xinhe', '鑫和'],
  ['Yongsheng', '永盛'],
  ['Zhongke', '中科'],
  ['Boyuan', '博远'],
  ['Chuangyi', '创意'],
  ['Dingxin', '鼎新'],
  ['Fuyuan', '福源'],
  ['Guanghua', '光华'],
  ['Haitian', '海天'],
  ['Jiahe', '嘉禾'],
  ['Kaiyuan', '开元'],
  ['Lianchuang', '联创'],
  ['Meida', '美达'],
  ['Nanfeng', '南风'],
  ['Qiming', '启明'],
  ['Sanhe', '三和'],
  ['Taihe', '泰和'],
  ['Wanjia', '万家'],
  ['Xingye', '兴业'],
  ['Yida', '亿达'],
  ['Zhiyuan', '致远'],
  ['Anda', '安达'],
];
const CUSTOMER_KINDS: readonly [string, string][] = [
  ['Trading', '贸易'],
  ['Technology', '科技'],
  ['Manufacturing', '制造'],
  ['Logistics', '物流'],
  ['Retail', '零售'],
];
/** Customers per region (150 in all). */
const CUSTOMERS_PER_REGION = [48, 40, 32, 30];
/** Big accounts (大客户) per region: they buy more often and in larger quantities. */
const BIG_PER_REGION = 2;
/** Expected amount of an order (big accounts aside): sum of mix x price x mean quantity x mean discount. */
const MEAN_ORDER = SAMPLE_PRODUCTS.reduce(
  (a, p) => a + p.mix * p.price * ((p.qty[0] + p.qty[1]) / 2) * 0.94,
  0,
);

/** First and last day of the data. */
export const SAMPLE_START = '2024-01-01';
export const SAMPLE_END = '2026-09-30';
const START_YEAR = 2024;
const MONTHS = 33; // Jan 2024 .. Sep 2026

// ---------------------------------------------------------------------------------------------
// Generated rows
// ---------------------------------------------------------------------------------------------

export interface SampleOrder {
  /** Order date (UTC midnight). */
  date: Date;
  orderId: string;
  rep: string;
  repZh: string;
  region: string;
  regionZh: string;
  product: string;
  productZh: string;
  customer: string;
  customerZh: string;
  /** The sales amount; null for the one order whose amount the export shows as the text "n/a". */
  amount: number | null;
  quantity: number;
  /** First contact (UTC midnight); null for walk-in customers. */
  contactDate: Date | null;
  /** Close date: always the order date. */
  closeDate: Date;
  /** A big account (大客户). */
  bigAccount: boolean;
}

export interface SampleLeadRow {
  /** First day of the month (UTC midnight). */
  month: Date;
  rep: string;
  repZh: string;
  region: string;
  regionZh: string;
  leads: number;
  won: number;
  lost: number;
}

interface Customer {
  en: string;
  zh: string;
  region: number;
  weight: number;
  start: number; // month index of the first possible order
  big: boolean;
}

function makeCustomers(rand: () => number): Customer[] {
  const names: [string, string][] = [];
  for (const [se, sz] of CUSTOMER_STEMS)
    for (const [ke, kz] of CUSTOMER_KINDS) names.push([`${se} ${ke}`, sz + kz]);
  // Fisher–Yates shuffle so that a region does not get all the "Trading" companies.
  for (let i = names.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [names[i], names[j]] = [names[j], names[i]];
  }
  const out: Customer[] = [];
  let k = 0;
  CUSTOMERS_PER_REGION.forEach((n, region) => {
    for (let i = 0; i < n; i++, k++) {
      const big = i < BIG_PER_REGION;
      // 55% are customers from the start; the rest are won over the 33 months (new customers).
      const start = big || rand() < 0.55 ? 0 : intBetween(rand, 1, MONTHS - 3);
      out.push({ en: names[k][0], zh: names[k][1], region, weight: big ? 4 : 0.5 + rand(), start, big });
    }
  });
  return out;
}

function randomWeekday(rand: () => number, y: number, m: number): number {
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  for (let tries = 0; tries < 20; tries++) {
    const d = intBetween(rand, 1, days);
    const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
    if (wd !== 0 && wd !== 6) return d;
  }
  return 15;
}

/**
 * The sample's orders (sorted by date, Order IDs SO-YYYY-NNNN) and its leads (one row per month and
 * active rep: leads, won = that rep's orders that month, lost). Deterministic for a seed.
 */
export function generateSalesRows(seed = 42): { orders: SampleOrder[]; leads: SampleLeadRow[] } {
  const rand = mulberry32(seed);
  const customers = makeCustomers(rand);
  const byRegion = SAMPLE_REGIONS.map((_, r) => customers.filter((c) => c.region === r));
  const mixWeights = SAMPLE_PRODUCTS.map((p) => p.mix);
  type Draft = Omit<SampleOrder, 'orderId'> & { seq: number };
  const drafts: Draft[] = [];

  for (let mi = 0; mi < MONTHS; mi++) {
    const y = START_YEAR + Math.floor(mi / 12);
    const m = (mi % 12) + 1;
    const yi = y - START_YEAR;
    SAMPLE_REGIONS.forEach((region, ri) => {
      const reps = SAMPLE_REPS.filter((r) => r.region === ri && r.from <= y && r.shares[yi] > 0);
      const repWeights = reps.map((r) => r.shares[yi]);
      const pool = byRegion[ri].filter((c) => c.start <= mi);
      const poolWeights = pool.map((c) => c.weight);
      // Orders are drawn until the month's sales reach the region's plan for the month, so that each
      // region's sales follow its story closely while order counts and sizes vary.
      const plan = region.levels[yi] * SEASONALITY[m - 1] * MEAN_ORDER * (0.95 + 0.1 * rand());
      for (let sales = 0; sales < plan;) {
        const rep = reps[pickWeighted(rand, repWeights)];
        const product = SAMPLE_PRODUCTS[pickWeighted(rand, mixWeights)];
        const customer = pool[pickWeighted(rand, poolWeights)];
        let quantity = intBetween(rand, product.qty[0], product.qty[1]);
        if (customer.big) quantity *= 2;
        const discount = [0, 0, 0.05, 0.1, 0.15][Math.floor(rand() * 5)];
        const amount = round2(product.price * quantity * (1 - discount));
        sales += amount;
        const date = utc(y, m, randomWeekday(rand, y, m));
        const walkIn = rand() < product.walkIn;
        const cycle = intBetween(rand, product.cycle[0], product.cycle[1]);
        drafts.push({
          date,
          rep: rep.en,
          repZh: rep.zh,
          region: region.en,
          regionZh: region.zh,
          product: product.en,
          productZh: product.zh,
          customer: customer.en,
          customerZh: customer.zh,
          amount,
          quantity,
          contactDate: walkIn ? null : new Date(date.getTime() - cycle * DAY_MS),
          closeDate: date,
          bigAccount: customer.big,
          seq: drafts.length,
        });
      }
    });
  }

  // The partial year ends on its last day: make sure an order sits on it.
  const end = utc(2026, 9, 30);
  let last = 0;
  for (let i = 1; i < drafts.length; i++)
    if (drafts[i].date.getTime() >= drafts[last].date.getTime()) last = i;
  const ld = drafts[last];
  if (ld.date.getTime() !== end.getTime()) {
    const shift = end.getTime() - ld.date.getTime();
    ld.date = end;
    ld.closeDate = end;
    if (ld.contactDate) ld.contactDate = new Date(ld.contactDate.getTime() + shift);
  }

  drafts.sort((a, b) => a.date.getTime() - b.date.getTime() || a.seq - b.seq);
  const perYear = new Map<number, number>();
  const orders: SampleOrder[] = drafts.map((d) => {
    const y = d.date.getUTCFullYear();
    const n = (perYear.get(y) ?? 0) + 1;
    perYear.set(y, n);
    const { seq: _seq, ...rest } = d;
    return { ...rest, orderId: `SO-${y}-${String(n).padStart(4, '0')}` };
  });
  // One amount that the export shows as "n/a".
  orders[naOrderIndex(orders.length)].amount = null;

  // Leads: one row per month and active rep.
  const won = new Map<string, number>();
  for (const o of orders) {
    const key = `${o.date.getUTCFullYear() * 12 + o.date.getUTCMonth()}|${o.rep}`;
    won.set(key, (won.get(key) ?? 0) + 1);
  }
  const leads: SampleLeadRow[] = [];
  for (let mi = 0; mi < MONTHS; mi++) {
    const y = START_YEAR + Math.floor(mi / 12);
    const m = (mi % 12) + 1;
    for (const rep of SAMPLE_REPS) {
      if (rep.from > y) continue;
      const w = won.get(`${y * 12 + m - 1}|${rep.en}`) ?? 0;
      const leadsN = Math.max(w, Math.round((Math.max(w, 1) / rep.conversion) * (0.85 + 0.3 * rand())));
      const lost = Math.round((leadsN - w) * (0.55 + 0.25 * rand()));
      const region = SAMPLE_REGIONS[rep.region];
      leads.push({
        month: utc(y, m, 1),
        rep: rep.en,
        repZh: rep.zh,
        region: region.en,
        regionZh: region.zh,
        leads: leadsN,
        won: w,
        lost,
      });
    }
  }
  return { orders, leads };
}

// ---------------------------------------------------------------------------------------------
// The order sheet as cells
// ---------------------------------------------------------------------------------------------

/** Index (into the orders) of the order whose amount is "n/a". */
const naOrderIndex = (n: number): number => Math.floor(n * 0.37);
/** Index (into the orders) before which the export has a blank row. */
const blankBefore = (n: number): number => Math.floor(n / 2);

export const ORDER_HEADERS: Record<Lang, readonly string[]> = {
  en: [
    'Order Date',
    'Order ID',
    'Rep',
    'Region',
    'Product',
    'Customer',
    'Sales Amount',
    'Quantity',
    'First Contact Date',
    'Close Date',
  ],
  zh: ['下单日期', '订单号', '销售员', '地区', '产品', '客户', '销售额', '数量', '首次接触日期', '成交日期'],
};
/** Number format of each order column. */
export const ORDER_FORMATS: readonly (string | null)[] = [
  'yyyy-mm-dd',
  null,
  null,
  null,
  null,
  null,
  '"¥"#,##0.00',
  '#,##0',
  'yyyy-mm-dd',
  'yyyy-mm-dd',
];
/** 0-based column of the amount in the order sheet. */
export const AMOUNT_COLUMN = 6;

export const LEAD_HEADERS: Record<Lang, readonly string[]> = {
  en: ['Month', 'Rep', 'Leads', 'Won', 'Lost'],
  zh: ['月份', '销售员', '线索', '赢单', '丢单'],
};
export const LEAD_FORMATS: readonly (string | null)[] = ['yyyy-mm', null, '#,##0', '#,##0', '#,##0'];

export const SHEET_NAMES: Record<Lang, { orders: string; leads: string }> = {
  en: { orders: 'Sales', leads: 'Leads' },
  zh: { orders: '销售数据', leads: '线索' },
};
export const SAMPLE_TITLE: Record<Lang, string> = { en: 'Sales orders 2024–2026', zh: '销售订单 2024–2026' };
export const TOTAL_LABEL: Record<Lang, string> = { en: 'Total', zh: '合计' };
export const NA_TEXT = 'n/a';

/** Where the messy rows are in `buildSampleCells` (0-based row indexes of the 2D array). */
export interface SampleLayout {
  titleRow: number;
  headerRow: number;
  /** First order row. */
  firstDataRow: number;
  blankRow: number;
  naRow: number;
  totalRow: number;
  /** The order shown on each data row (row index -> index into orders), for the rows that hold orders. */
  orderRows: number[];
}

export function sampleLayout(orderCount: number): SampleLayout {
  const firstDataRow = 3;
  const blankAt = blankBefore(orderCount);
  const rowOf = (i: number): number => firstDataRow + i + (i >= blankAt ? 1 : 0);
  const orderRows: number[] = [];
  for (let i = 0; i < orderCount; i++) orderRows.push(rowOf(i));
  return {
    titleRow: 0,
    headerRow: 2,
    firstDataRow,
    blankRow: firstDataRow + blankAt,
    naRow: rowOf(naOrderIndex(orderCount)),
    totalRow: firstDataRow + orderCount + 1,
    orderRows,
  };
}

/** The sum of the order amounts (the "n/a" left out), rounded to cents: the totals row's value. */
export function sampleTotal(orders: readonly SampleOrder[]): number {
  let s = 0;
  for (const o of orders) if (o.amount !== null) s += o.amount;
  return round2(s);
}

const WIDTH = ORDER_HEADERS.en.length;
const blankRow = (): Cell[] => new Array<Cell>(WIDTH).fill(null);

/** One order as a row of cells in a language. */
export function orderToCells(o: SampleOrder, lang: Lang): Cell[] {
  const zh = lang === 'zh';
  return [
    o.date,
    o.orderId,
    zh ? o.repZh : o.rep,
    zh ? o.regionZh : o.region,
    zh ? o.productZh : o.product,
    zh ? o.customerZh : o.customer,
    o.amount === null ? NA_TEXT : o.amount,
    o.quantity,
    o.contactDate,
    o.closeDate,
  ];
}

/**
 * The order sheet exactly as a host delivers its used range: a title row, a blank row, the header on
 * row 3, the orders with one blank row in the middle and one amount "n/a", and a totals row ("Total" in
 * the first column, the sum in the amount column). Dates are JS Dates at UTC midnight; blanks are null.
 */
export function buildSampleCells(lang: Lang, seed = 42): Cell[][] {
  const { orders } = generateSalesRows(seed);
  const layout = sampleLayout(orders.length);
  const rows: Cell[][] = [];
  const title = blankRow();
  title[0] = SAMPLE_TITLE[lang];
  rows.push(title, blankRow(), [...ORDER_HEADERS[lang]]);
  for (const o of orders) {
    if (rows.length === layout.blankRow) rows.push(blankRow());
    rows.push(orderToCells(o, lang));
  }
  const total = blankRow();
  total[0] = TOTAL_LABEL[lang];
  total[AMOUNT_COLUMN] = sampleTotal(orders);
  rows.push(total);
  return rows;
}

/** The leads sheet as cells: header row then one row per month and rep. */
export function buildLeadCells(lang: Lang, seed = 42): Cell[][] {
  const { leads } = generateSalesRows(seed);
  const rows: Cell[][] = [[...LEAD_HEADERS[lang]]];
  for (const l of leads) rows.push([l.month, lang === 'zh' ? l.repZh : l.rep, l.leads, l.won, l.lost]);
  return rows;
}

// ---------------------------------------------------------------------------------------------
// A large table for the benchmark
// ---------------------------------------------------------------------------------------------

export const LARGE_HEADERS = [
  'Date',
  'Order ID',
  'Rep',
  'Region',
  'Product',
  'Customer',
  'Sales',
  'Quantity',
];

/**
 * A header row and `rows` order rows (Date as Excel serial numbers, sorted, spread over 2024–2026;
 * Order ID; Rep; Region; Product; Customer; Sales; Quantity). Label strings are interned (one string
 * per distinct rep, region, product and customer), so a million rows stay small and quick to build.
 */
export function generateLargeTable(rows: number, seed = 1): Cell[][] {
  const rand = mulberry32(seed);
  const start = 45292; // 2024-01-01
  const days = 1096; // 2024-01-01 .. 2026-12-31
  const reps = SAMPLE_REPS.map((r) => r.en);
  const repRegion = SAMPLE_REPS.map((r) => SAMPLE_REGIONS[r.region].en);
  const repFrom = SAMPLE_REPS.map((r) => r.from);
  const repWeights = SAMPLE_REPS.map((r) => r.shares[0] + r.shares[2]);
  const repWeightSum = repWeights.reduce((a, b) => a + b, 0);
  const products = SAMPLE_PRODUCTS.map((p) => p.en);
  const prices = SAMPLE_PRODUCTS.map((p) => p.price);
  const mix = SAMPLE_PRODUCTS.map((p) => p.mix);
  const mixSum = mix.reduce((a, b) => a + b, 0);
  // Per region: yearly growth of the amount (East flat, North up, South up fast, West down).
  const growth: Record<string, number> = { East: 0.02, North: 0.2, South: 0.4, West: -0.12 };
  const customers: string[] = [];
  for (const [se] of CUSTOMER_STEMS) for (const [ke] of CUSTOMER_KINDS) customers.push(`${se} ${ke}`);
  for (let i = 0; customers.length < 600; i++) customers.push(`Customer ${String(i + 1).padStart(3, '0')}`);

  const out: Cell[][] = new Array<Cell[]>(rows + 1);
  out[0] = [...LARGE_HEADERS];
  const newRepFrom = 45292 + 731; // 2026-01-01
  for (let i = 0; i < rows; i++) {
    const date = start + Math.floor((i * days) / Math.max(1, rows));
    let rep = pickWeighted(rand, repWeights, repWeightSum);
    if (repFrom[rep] > 2024 && date < newRepFrom) rep = 5; // the new rep's region-mate before 2026
    const p = pickWeighted(rand, mix, mixSum);
    const qty = 1 + Math.floor(rand() * 10);
    const years = (date - start) / 365.25;
    const amount =
      Math.round(prices[p] * qty * (1 + growth[repRegion[rep]] * years) * (0.85 + 0.3 * rand()) * 100) / 100;
    out[i + 1] = [
      date,
      `SO${1_000_000 + i}`,
      reps[rep],
      repRegion[rep],
      products[p],
      customers[Math.floor(rand() * customers.length)],
      amount,
      qty,
    ];
  }
  return out;
}
