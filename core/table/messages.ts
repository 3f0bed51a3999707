/**
 * Every text the table reader shows a user, in English and Chinese.
 */
import type { Bilingual, Lang, Role, SkippedRow } from '../types';

/** Display names of the column roles. */
export const ROLE_NAMES: Readonly<Record<Role, Bilingual>> = {
  date: { en: 'date', zh: '日期' },
  rep: { en: 'sales rep', zh: '销售员' },
  region: { en: 'region', zh: '地区' },
  product: { en: 'product', zh: '产品' },
  customer: { en: 'customer', zh: '客户' },
  amount: { en: 'amount', zh: '金额' },
  orderId: { en: 'order ID', zh: '订单号' },
  orders: { en: 'orders', zh: '订单数' },
  quantity: { en: 'quantity', zh: '数量' },
  leads: { en: 'leads', zh: '线索数' },
  won: { en: 'deals won', zh: '赢单数' },
  lost: { en: 'deals lost', zh: '丢单数' },
  target: { en: 'target', zh: '目标' },
  satisfaction: { en: 'customer satisfaction', zh: '客户满意度' },
  contactDate: { en: 'first contact date', zh: '首次接触日期' },
  closeDate: { en: 'close date', zh: '成交日期' },
};

export function roleName(role: Role, lang: Lang): string {
  return ROLE_NAMES[role][lang];
}

/** Shortens a text for a message (long cells must not flood a dialog). */
export function clip(text: string, max = 40): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

function q(lang: Lang, text: string): string {
  return lang === 'zh' ? `“${clip(text)}”` : `"${clip(text)}"`;
}

function listHeaders(headers: readonly string[], lang: Lang): string {
  const shown = headers.filter((h) => h !== '').map((h) => clip(h, 30));
  const more = shown.length > 20 ? shown.length - 20 : 0;
  const head = shown.slice(0, 20).join(', ');
  if (shown.length === 0) return lang === 'zh' ? '（无）' : '(none)';
  return more > 0 ? head + (lang === 'zh' ? ` 等 ${shown.length} 个` : `, and ${more} more`) : head;
}

function rowPrefix(lang: Lang, row: number): string {
  return lang === 'zh' ? `第 ${row} 行：` : `Row ${row}: `;
}

/**
 * The reason shown for a skipped row or cell. `value` is the offending cell as text; `column` is the
 * column header (used for cells other than date and amount).
 */
export function skipReason(
  lang: Lang,
  code: SkippedRow['code'],
  row: number,
  value = '',
  column = '',
): string {
  const p = rowPrefix(lang, row);
  const zh = lang === 'zh';
  switch (code) {
    case 'blank-date':
      return p + (zh ? '日期为空' : 'date is blank');
    case 'bad-date':
      return p + (zh ? `日期${q(lang, value)}不是有效日期` : `date ${q(lang, value)} is not a date`);
    case 'blank-amount':
      return p + (zh ? '金额为空' : 'amount is blank');
    case 'bad-amount':
      return p + (zh ? `金额${q(lang, value)}不是数字` : `amount ${q(lang, value)} is not a number`);
    case 'huge-amount':
      return (
        p +
        (zh
          ? `金额${q(lang, value)}超出范围（绝对值超过 10^15），无法相加`
          : `amount ${q(lang, value)} is out of range (beyond ±10^15), too large to add up`)
      );
    case 'totals':
      return p + (zh ? `合计行${q(lang, value)}，已跳过` : `totals row ${q(lang, value)} skipped`);
    case 'bad-number':
      return (
        p +
        (zh
          ? `${q(lang, column)}列的${q(lang, value)}不是数字，按空白处理`
          : `${q(lang, column)} value ${q(lang, value)} is not a number; treated as blank`)
      );
    case 'bad-cell':
    default:
      return (
        p +
        (zh
          ? `${q(lang, column)}列的${q(lang, value)}不是有效日期，按空白处理`
          : `${q(lang, column)} value ${q(lang, value)} is not a date; treated as blank`)
      );
  }
}

/** Messages of a rejected table. */
export function errorMessage(
  lang: Lang,
  code: 'empty' | 'no-header' | 'no-amount' | 'no-leads' | 'no-target' | 'no-date' | 'no-rows',
  headers: readonly string[],
  reasons: readonly string[] = [],
): string {
  const zh = lang === 'zh';
  const found = listHeaders(headers, lang);
  switch (code) {
    case 'empty':
      return zh
        ? '所选区域为空。请选择一张带表头行的销售表（例如：日期、销售员、销售额）。'
        : 'The range is empty. Select a sales table with a header row (for example: Date, Rep, Sales).';
    case 'no-header':
      return zh
        ? `未找到表头行。前几行的内容：${found}。请添加一行表头，至少包含“日期”和“销售额”两列。`
        : `No header row found. The first rows contain: ${found}. Add a header row with at least a Date and a Sales column (日期, 销售额).`;
    case 'no-amount':
      return zh
        ? `未找到金额列。找到的表头：${found}。请添加名为“销售额”“金额”或 Sales 的列。`
        : `No amount column found. Headers found: ${found}. Add a column named Sales, Revenue or Amount (销售额, 金额).`;
    case 'no-leads':
      return zh
        ? `未找到线索列。找到的表头：${found}。请添加名为“线索”“商机”或 Leads 的列。`
        : `No leads column found. Headers found: ${found}. Add a column named Leads, Prospects or Opportunities (线索, 商机).`;
    case 'no-target':
      return zh
        ? `未找到目标列。找到的表头：${found}。请添加名为“目标”“指标”或 Target 的列。`
        : `No target column found. Headers found: ${found}. Add a column named Target, Quota or Goal (目标, 指标).`;
    case 'no-date':
      return zh
        ? `未找到日期列。找到的表头：${found}。请添加名为“日期”“月份”或 Date 的列。`
        : `No date column found. Headers found: ${found}. Add a column named Date, Order Date or Month (日期, 月份).`;
    case 'no-rows':
    default: {
      const shown = reasons.slice(0, 5);
      const tail =
        shown.length === 0 ? '' : (zh ? '例如：' : ' For example: ') + shown.join(zh ? '；' : '; ');
      if (reasons.length === 0) {
        return zh
          ? `表格只有表头（${found}），没有数据行。`
          : `The table has headers (${found}) but no data rows.`;
      }
      return zh
        ? `没有可用的数据行：每一行都缺少有效的日期或金额。${tail}${tail.endsWith('。') ? '' : '。'}`
        : `No usable rows: every data row lacks a valid date or amount.${tail}${tail === '' || tail.endsWith('.') ? '' : '.'}`;
    }
  }
}

/** Internal failure (a bug): still an answer, never an exception. */
export function internalErrorMessage(lang: Lang, detail: string): string {
  return lang === 'zh'
    ? `读取表格时出错：${clip(detail, 120)}。请检查所选区域后重试。`
    : `The table could not be read: ${clip(detail, 120)}. Check the selected range and try again.`;
}

/** Note: several columns competed for one role. */
export function competingNote(lang: Lang, role: Role, chosen: string, rejected: readonly string[]): string {
  const name = roleName(role, lang);
  const rej = rejected.map((r) => q(lang, r)).join(lang === 'zh' ? '、' : ', ');
  return lang === 'zh'
    ? `有多列可作为${name}列：使用${q(lang, chosen)}，未使用${rej}。如不正确，可手动指定列。`
    : `Several columns look like the ${name} column: using ${q(lang, chosen)}, not ${rej}. Choose the column yourself if this is wrong.`;
}

/** Note: the caller chose the column. */
export function overrideNote(lang: Lang, role: Role, chosen: string | null): string {
  const name = roleName(role, lang);
  if (chosen === null) {
    return lang === 'zh' ? `已按您的设置不使用${name}列。` : `The ${name} column is not used, as you chose.`;
  }
  return lang === 'zh'
    ? `${name}列：按您的设置使用${q(lang, chosen)}。`
    : `The ${name} column is ${q(lang, chosen)}, as you chose.`;
}

/** Note: the caller named a column that does not exist. */
export function overrideMissingNote(lang: Lang, role: Role, wanted: string): string {
  const name = roleName(role, lang);
  return lang === 'zh'
    ? `未找到您为${name}指定的列${q(lang, wanted)}，已改为自动识别。`
    : `The column ${q(lang, wanted)} chosen for ${name} was not found; detected automatically instead.`;
}

/** Note: the date role borrowed another date column. */
export function fallbackDateNote(lang: Lang, chosen: string): string {
  return lang === 'zh'
    ? `没有单独的日期列，使用${q(lang, chosen)}作为日期。`
    : `No separate date column: using ${q(lang, chosen)} as the date.`;
}

/** Note: the date column was recognised from its cells, not its header. */
export function guessedDateNote(lang: Lang, chosen: string): string {
  return lang === 'zh'
    ? `根据单元格内容，将${q(lang, chosen)}识别为日期列。`
    : `Using ${q(lang, chosen)} as the date column because its cells are dates.`;
}
