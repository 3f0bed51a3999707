/**
 * Header synonyms and column-role detection, in English and Chinese.
 *
 * A header matches a role exactly (after trimming, lower-casing, full-width folding, and dropping
 * units such as "(USD)" / "（元）") or by containment (a synonym is a whole word of it, or for Chinese
 * a substring). Containment is guarded: count-ish headers ("Customer Count", 客户数) are not label
 * columns, rate-ish headers ("Close Rate", 成交率, "Sales %") are nothing, prices and commissions are
 * not amounts, and the cells of the column must fit the role.
 */
import type { Lang, MappingNote, ReadOptions, Role } from '../types';
import { NUMERIC_ROLES, DATE_ROLES, ROLES } from '../types';
import { toHalfWidth } from './coerce';
import {
  competingNote,
  fallbackDateNote,
  guessedDateNote,
  overrideMissingNote,
  overrideNote,
} from './messages';

/**
 * Synonyms per role. A leading "=" marks a synonym that only matches a whole header (it is too
 * generic to be looked for inside longer headers). Spelled naturally; normalised at load time.
 */
const RAW_SYNONYMS: Record<Role, readonly string[]> = {
  date: [
    'Date', 'Order Date', 'Sale Date', 'Sales Date', 'Transaction Date', 'Invoice Date', 'Booking Date',
    'Txn Date', 'Month', 'Period', 'Year Month', 'Fiscal Month', 'Quarter', '=Day',
    '日期', '下单日期', '订单日期', '交易日期', '销售日期', '开票日期', '出库日期', '发货日期', '月份', '=月',
    '期间', '时间', '年月', '日期时间', '下单时间', '季度',
  ],
  rep: [
    'Rep', 'Sales Rep', 'Salesperson', 'Sales Person', 'Salesman', 'Saleswoman', 'Sales Representative',
    'Representative', 'Sales Manager', 'Manager', 'Owner', 'Employee', 'Account Manager', 'Account Executive',
    '=AE', 'Agent', 'Seller', 'Staff', 'Rep Name',
    '=销售', '销售员', '销售代表', '业务员', '负责人', '姓名', '销售人员', '销售姓名', '员工', '客户经理', '销售经理',
    '经理', '业务代表', '跟进人', '归属人', '所属销售', '职员', '营业员', '导购',
  ],
  region: [
    'Region', 'Territory', 'Area', 'City', 'State', 'Province', 'Country', 'Market', 'Zone', 'District',
    'Branch', 'Sales Region', '地区', '区域', '大区', '城市', '省份', '=省', '=区', '=市', '市场', '片区', '国家',
    '分公司', '地域', '战区',
  ],
  product: [
    'Product', 'Product Name', 'Category', 'Product Category', 'SKU', 'Item', 'Item Name', 'Product Line',
    'Goods', 'Brand', 'Model', '产品', '产品名称', '品类', '类别', '商品', '商品名称', '品名', '型号', '品牌', '产品线',
    '货品', '物料',
  ],
  customer: [
    'Customer', 'Client', 'Account', 'Customer ID', 'Customer Name', 'Client Name', 'Account Name', 'Company',
    'Buyer', '客户', '客户名称', '客户编号', '客户姓名', '客户名', '公司名称', '买家', '客户代码', '=单位', '=公司',
  ],
  amount: [
    'Sales', 'Revenue', 'Amount', 'Sales Amount', 'Total Sales', 'Net Sales', 'Gross Sales', 'Sales Revenue',
    'Turnover', '=Total', '=Value', 'Deal Value', 'Deal Size', 'Actual', 'Actual Sales', 'Sales Value',
    'Order Value', 'Order Total',
    '销售额', '金额', '销售金额', '营业额', '收入', '业绩', '成交额', '成交金额', '销售收入', '营收', '实际销售额',
    '订单金额', '总金额', '合同金额', '回款', '回款额', '回款金额', '实收', '实收金额', '销售业绩', '=实际', '完成额',
    '完成金额', '销售总额',
  ],
  orderId: [
    'Order ID', 'Order No', 'Order Number', 'Order #', '=Order', 'Order Code', '=Invoice', 'Invoice No',
    'Invoice Number', 'Invoice ID', 'Invoice #', 'Transaction ID', 'Deal ID', 'Receipt No', 'SO Number',
    '订单号', '订单编号', '单号', '订单id', '发票号', '单据号', '单据编号', '流水号', '合同号', '合同编号', '=订单',
  ],
  orders: [
    'Orders', 'Order Count', '# Orders', 'Number of Orders', 'No of Orders', 'Orders Count', 'Deals',
    'Deals Closed', 'Closed Deals', 'Deal Count', '# Deals', 'Transactions', 'Number of Deals',
    '订单数', '成交数', '单数', '订单量', '成交单数', '订单数量', '成交笔数', '笔数', '交易笔数', '签单数',
  ],
  quantity: [
    'Quantity', 'Qty', 'Units', 'Units Sold', 'Volume', 'Pieces', 'Pcs',
    '数量', '销量', '销售数量', '件数', '销售量',
  ],
  leads: [
    'Leads', 'Prospects', 'Opportunities', 'Opportunity', 'New Leads', 'Lead Count', '# Leads', 'Inquiries',
    '线索', '线索数', '潜在客户', '商机', '商机数', '潜客', '潜客数', '意向客户', '询盘', '线索量',
  ],
  won: [
    'Won', 'Won Deals', 'Deals Won', 'Won Count', 'Wins', 'Closed Won', 'Won Opportunities',
    'Opportunities Won', '赢单', '赢单数', '签约数', '成单数', '赢单量',
  ],
  lost: [
    'Lost', 'Lost Deals', 'Deals Lost', 'Lost Count', 'Losses', 'Closed Lost', 'Lost Opportunities',
    'Opportunities Lost', '输单', '丢单', '丢单数', '输单数', '流失',
  ],
  target: [
    'Target', 'Quota', 'Goal', 'Sales Target', 'Sales Quota', 'Sales Goal', 'Plan', '=Budget',
    '目标', '指标', '任务额', '目标额', '销售目标', '任务', '计划', '=预算', '目标销售额', '计划额',
  ],
  satisfaction: [
    'Satisfaction', 'Customer Satisfaction', 'CSAT', 'Satisfaction Score', 'CSAT Score', '=Rating',
    'Customer Rating', '=Score',
    '满意度', '客户满意度', '满意度评分', '=评分', '客户评分', '=满意', '好评度',
  ],
  contactDate: [
    'First Contact', 'First Contact Date', 'Contact Date', 'Lead Date', 'Created Date', 'Create Date',
    '=Created', 'Created On', 'Date Created', 'Creation Date', 'First Touch',
    '首次接触日期', '首次联系日期', '接触日期', '线索日期', '首次接触', '首次联系', '创建日期', '创建时间', '联系日期',
  ],
  closeDate: [
    'Close Date', 'Closed Date', 'Closing Date', 'Won Date', 'Date Closed', '=Close', 'Closed On',
    '成交日期', '结单日期', '签约日期', '成交时间', '签单日期', '关单日期', '结案日期',
  ],
}; // prettier-ignore

/**
 * Containment priority: date words beat the other modifiers (target, won/lost), which beat labels and
 * counts, which beat amount ("Sales Month" is a date, "Sales Target" a target, "Sales Rep" a rep).
 */
const TIER: Record<Role, number> = {
  closeDate: 0, contactDate: 0, date: 0,
  target: 1, won: 1, lost: 1,
  rep: 2, orderId: 2, customer: 2, region: 2, product: 2, orders: 2, quantity: 2, leads: 2,
  satisfaction: 2, amount: 3,
}; // prettier-ignore

// Vetoes (containment only; whole-header synonyms are trusted).
const RE_RATE =
  /%|‰|\b(?:rate|ratio|percent|percentage|pct|share|per|avg|average|mean|growth|yoy|mom|margin|conversion|index)\b|率|比例|占比|平均|均价|人均|增长|同比|环比|转化/;
const RE_COUNTISH = /^#|\b(?:count|number of|no of|num of|num)\b|数(?!据)/;
const RE_NOT_AMOUNT =
  /\b(?:price|cost|costs|tax|commission|profit|discount|fee|fees|bonus|margin|rebate|refund|deposit)\b|单价|价格|成本|税|提成|佣金|利润|折扣|费用|毛利|奖金|退款|定金|押金/;
const RE_NOT_TARGET =
  /\b(?:achievement|attainment|achieved|gap|vs|variance|remaining|left)\b|达成|完成|差额|差距|剩余/;
const RE_NOT_DATE =
  /\b(?:days|day count|duration|cycle|age|aging|lead time|time to)\b|天数|周期|时长|账龄|用时/;

const TEXT_LABEL_ROLES = new Set<Role>(['rep', 'region', 'product', 'customer', 'orderId']);
const NUMERIC = new Set<Role>(NUMERIC_ROLES);
const DATES = new Set<Role>(DATE_ROLES);

const RE_CAMEL = /([a-z])([A-Z])/g;
const RE_OPEN = /[【「『〔《〈]/g;
const RE_CLOSE = /[】」』〕》〉]/g;
const RE_SYMBOL = /([#%‰$¥￥€£])/g;
const RE_SEPARATORS = /[\s_\-–—/\\|:;,.!?*+=&^~`'"()[\]{}<>、，。：；！？·]+/g;
/**
 * Characters no one can see or type into a header: C0 controls other than tab and line breaks (NUL padding of
 * fixed-width exports, BEL), DEL, C1 controls, zero-width spaces and joiners, the word joiner, a stray BOM.
 */
// eslint-disable-next-line no-control-regex
const RE_INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff]/g;

/** A header's text without the characters no one can see (RE_INVISIBLE): what is shown, matched and written. */
export function cleanHeaderText(text: string): string {
  return text.replace(RE_INVISIBLE, '');
}
const RE_BRACKETED = /\([^)]*\)|\[[^\]]*\]/g;
const RE_CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
/** Unit words dropped from both ends of a header before the whole-header comparison. */
const UNIT_TOKENS = new Set([
  'usd', 'rmb', 'cny', 'eur', 'gbp', 'hkd', 'jpy', '$', '¥', '￥', '€', '£', '元', '万元', '千元', '美元',
  '人民币', 'k', 'in', 'amt', '000', '000s', 'ytd', 'mtd',
]); // prettier-ignore

/**
 * Normalises a header for matching: full-width → ASCII, camelCase split, lower case, punctuation and
 * runs of white space → one space, currency signs and "#" as words of their own.
 */
export function normalizeHeader(text: string): string {
  const s = toHalfWidth(cleanHeaderText(text.length > 200 ? text.slice(0, 200) : text))
    .replace(RE_CAMEL, '$1 $2')
    .toLowerCase()
    .replace(RE_OPEN, '(')
    .replace(RE_CLOSE, ')');
  return s.replace(RE_SYMBOL, ' $1 ').replace(RE_SEPARATORS, ' ').trim();
}

/** The whole-header form: bracketed parts and unit words at either end dropped. */
function exactForm(text: string): string {
  const half = toHalfWidth(text.length > 200 ? text.slice(0, 200) : text)
    .replace(RE_OPEN, '(')
    .replace(RE_CLOSE, ')');
  let s = normalizeHeader(half.replace(RE_BRACKETED, ' '));
  if (s === '') s = normalizeHeader(half);
  const words = s.split(' ');
  while (words.length > 1 && UNIT_TOKENS.has(words[words.length - 1])) words.pop();
  while (words.length > 1 && UNIT_TOKENS.has(words[0])) words.shift();
  return words.join(' ');
}

interface Synonym {
  role: Role;
  text: string;
  exactOnly: boolean;
  cjk: boolean;
  /** Specificity: characters, a CJK character counting as three. */
  weight: number;
}

const EXACT = new Map<string, Role>();
const CONTAINS: Synonym[] = [];
/** Synonyms per role, normalised (for documentation and tests). */
export const SYNONYMS: Readonly<Record<Role, readonly string[]>> = (() => {
  const out = {} as Record<Role, string[]>;
  for (const role of ROLES) {
    out[role] = [];
    for (const raw of RAW_SYNONYMS[role]) {
      const exactOnly = raw.startsWith('=');
      const text = normalizeHeader(exactOnly ? raw.slice(1) : raw);
      out[role].push(text);
      if (!EXACT.has(text)) EXACT.set(text, role);
      if (!exactOnly) {
        const cjk = RE_CJK.test(text);
        let weight = 0;
        for (const ch of text) weight += RE_CJK.test(ch) ? 3 : 1;
        CONTAINS.push({ role, text, exactOnly, cjk, weight });
      }
    }
  }
  return out;
})();

/** One way a header can be read. */
export interface RoleCandidate {
  role: Role;
  /** The whole header is a synonym (trusted without looking at the cells). */
  exact: boolean;
}

const ROLE_ORDER: Record<string, number> = Object.fromEntries(ROLES.map((r, i) => [r, i]));
const matchCache = new Map<string, RoleCandidate[]>();

/**
 * The roles a header could have, best first: the whole-header match, then containment matches by
 * priority (target, dates, won/lost; then labels and counts; then amount) and specificity.
 */
export function matchHeader(header: string): RoleCandidate[] {
  if (typeof header !== 'string' || header === '') return [];
  const cached = matchCache.get(header);
  if (cached) return cached;
  const out: RoleCandidate[] = [];
  const exact = EXACT.get(exactForm(header));
  if (exact) out.push({ role: exact, exact: true });
  const norm = normalizeHeader(header);
  if (norm !== '') {
    const padded = ` ${norm} `;
    const rate = RE_RATE.test(norm);
    if (!rate) {
      const countish = RE_COUNTISH.test(norm);
      const notAmount = RE_NOT_AMOUNT.test(norm);
      const notTarget = RE_NOT_TARGET.test(norm);
      const notDate = RE_NOT_DATE.test(norm);
      const best = new Map<Role, number>();
      for (const syn of CONTAINS) {
        if (syn.role === exact) continue;
        if (!(syn.cjk ? norm.includes(syn.text) : padded.includes(` ${syn.text} `))) continue;
        const role = syn.role;
        if (countish && (TEXT_LABEL_ROLES.has(role) || role === 'amount')) continue;
        if (notAmount && (role === 'amount' || role === 'target')) continue;
        if (notTarget && role === 'target') continue;
        if (notDate && DATES.has(role)) continue;
        if ((best.get(role) ?? 0) < syn.weight) best.set(role, syn.weight);
      }
      const roles = [...best.keys()].sort(
        (a, b) => TIER[a] - TIER[b] || best.get(b)! - best.get(a)! || ROLE_ORDER[a] - ROLE_ORDER[b],
      );
      for (const role of roles) out.push({ role, exact: false });
    }
  }
  if (matchCache.size > 5000) matchCache.clear();
  matchCache.set(header, out);
  return out;
}

/** How strongly a header cell looks like a header: 2 whole-header synonym, 1 containment, 0 none. */
export function headerScore(header: string): number {
  const c = matchHeader(header);
  return c.length === 0 ? 0 : c[0].exact ? 2 : 1;
}

/** What the sampled cells of a column look like (counts over non-blank cells). */
export interface ColumnProfile {
  nonBlank: number;
  /** Cells that read as numbers (text included; Dates and date-formatted serials excluded). */
  numeric: number;
  /** Cells that are surely dates: Date values, serials under a date format, date text. */
  dateStrong: number;
  /** Plain integers that would be plausible serials (20000..80000). */
  dateWeak: number;
}

export interface DetectOptions {
  lang?: Lang;
  overrides?: ReadOptions['overrides'];
  /** Content of column `col` (index into headers); enables content checks and date guessing. */
  profile?: (col: number) => ColumnProfile | undefined;
}

export interface Detection {
  /** Role → index into headers. */
  mapping: Partial<Record<Role, number>>;
  notes: MappingNote[];
}

function fits(
  role: Role,
  cand: RoleCandidate,
  prof: ColumnProfile | undefined,
  numericAlt: boolean,
): boolean {
  if (cand.exact || !prof || prof.nonBlank === 0) return true;
  const half = prof.nonBlank * 0.5;
  if (NUMERIC.has(role)) return prof.numeric >= half;
  if (DATES.has(role))
    return prof.dateStrong >= half || (!numericAlt && prof.dateStrong + prof.dateWeak >= half);
  const mostlyNumbers = prof.numeric >= prof.nonBlank * 0.8;
  if (role === 'rep' || role === 'region') return !mostlyNumbers;
  if (role === 'product' || role === 'customer') return !(mostlyNumbers && numericAlt);
  return true;
}

/** Finds a header by text: trimmed and case-insensitive first, then normalised. -1 when absent. */
export function findHeaderIndex(headers: readonly string[], name: string): number {
  const want = name.trim().toLowerCase();
  for (let i = 0; i < headers.length; i++) if (headers[i].trim().toLowerCase() === want) return i;
  const norm = normalizeHeader(name);
  if (norm === '') return -1;
  for (let i = 0; i < headers.length; i++) if (normalizeHeader(headers[i]) === norm) return i;
  return -1;
}

/**
 * Maps roles to columns. Overrides win; then each column takes its best candidate role that fits its
 * cells; when several columns take one role, a whole-header match beats containment and then the
 * leftmost wins (with a note). `date` falls back to the close-date (then first-contact) column when it
 * has no column of its own, and finally to a column whose cells are dates.
 */
export function detectRoles(headers: readonly string[], options: DetectOptions = {}): Detection {
  const lang: Lang = options.lang === 'zh' ? 'zh' : 'en';
  const overrides = options.overrides ?? {};
  const profile = options.profile;
  const mapping: Partial<Record<Role, number>> = {};
  const notes: MappingNote[] = [];
  const usedCols = new Set<number>();
  const fixed = new Set<Role>();

  for (const role of ROLES) {
    if (!Object.prototype.hasOwnProperty.call(overrides, role)) continue;
    const want = overrides[role];
    if (want === undefined) continue;
    if (want === null) {
      fixed.add(role);
      notes.push({ role, chosen: '', rejected: [], message: overrideNote(lang, role, null) });
      continue;
    }
    let col = -1;
    if (typeof want === 'number') {
      if (Number.isInteger(want) && want >= 0 && want < headers.length) col = want;
    } else if (typeof want === 'string') {
      col = findHeaderIndex(headers, want);
    }
    if (col < 0) {
      notes.push({
        role,
        chosen: '',
        rejected: [String(want)],
        message: overrideMissingNote(lang, role, String(want)),
      });
      continue;
    }
    mapping[role] = col;
    usedCols.add(col);
    fixed.add(role);
    notes.push({ role, chosen: headers[col], rejected: [], message: overrideNote(lang, role, headers[col]) });
  }

  // Each free column picks its best fitting role.
  const claims = new Map<Role, { col: number; exact: boolean }[]>();
  for (let col = 0; col < headers.length; col++) {
    if (usedCols.has(col)) continue;
    const cands = matchHeader(headers[col]);
    if (cands.length === 0) continue;
    const prof = profile ? profile(col) : undefined;
    const numericAlt = cands.some((c) => NUMERIC.has(c.role));
    for (const cand of cands) {
      if (fixed.has(cand.role)) continue;
      if (!fits(cand.role, cand, prof, numericAlt)) continue;
      let list = claims.get(cand.role);
      if (!list) claims.set(cand.role, (list = []));
      list.push({ col, exact: cand.exact });
      break;
    }
  }
  for (const role of ROLES) {
    const list = claims.get(role);
    if (!list) continue;
    const anyExact = list.some((c) => c.exact);
    const winner = anyExact ? list.find((c) => c.exact)! : list[0];
    mapping[role] = winner.col;
    if (list.length > 1) {
      const rejected = list.filter((c) => c !== winner).map((c) => headers[c.col]);
      notes.push({
        role,
        chosen: headers[winner.col],
        rejected,
        message: competingNote(lang, role, headers[winner.col], rejected),
      });
    }
  }

  if (mapping.date === undefined && !fixed.has('date')) {
    const borrowed = mapping.closeDate ?? mapping.contactDate;
    if (borrowed !== undefined) {
      mapping.date = borrowed;
      notes.push({
        role: 'date',
        chosen: headers[borrowed],
        rejected: [],
        message: fallbackDateNote(lang, headers[borrowed]),
      });
    } else if (profile) {
      const taken = new Set(Object.values(mapping));
      for (let col = 0; col < headers.length; col++) {
        if (taken.has(col)) continue;
        const prof = profile(col);
        if (prof && prof.nonBlank > 0 && prof.dateStrong >= prof.nonBlank * 0.8) {
          mapping.date = col;
          notes.push({
            role: 'date',
            chosen: headers[col],
            rejected: [],
            message: guessedDateNote(lang, headers[col]),
          });
          break;
        }
      }
    }
  }
  return { mapping, notes };
}

// ---------------------------------------------------------------------------------------------
// Totals rows
// ---------------------------------------------------------------------------------------------

const TOTAL_WORDS = new Set([
  'total', 'totals', 'grandtotal', 'sum', 'subtotal', 'sub-total', 'overalltotal',
  '合计', '总计', '小计', '总和', '共计', '汇总', '总汇总', '合計', '總計', '小計', '總和',
]); // prettier-ignore
const RE_WS_COLON = /[\s:：]+/g;
const RE_SUFFIX_TOTAL = /\S\s+(?:total|subtotal)$|\S\s*(?:汇总|合计|小计)$/;

/**
 * True for a totals label: Total, Grand Total, Sum, Subtotal, 合计, 总计, 小计, 总和 (any case, spaces
 * and a trailing colon allowed), and the labels of Excel's Subtotal feature ("North Total",
 * "华东 汇总").
 */
export function isTotalsLabel(text: string): boolean {
  const n = text.length;
  if (n < 2 || n > 64) return false;
  const s = toHalfWidth(text).trim().toLowerCase();
  if (TOTAL_WORDS.has(s.replace(RE_WS_COLON, ''))) return true;
  const t = s.replace(/[:：]\s*$/, '');
  return RE_SUFFIX_TOTAL.test(t);
}
