/**
 * What the command line says, in English and Chinese: the help, one-line errors (every one starts with the
 * same prefix, names the option, what was given and what is accepted) and the summary's own lines.
 */
import type { Lang } from '../core/types';
import type { Accepts, OptionProblem } from './args';

const HELP_EN = `Usage: npm start -- [FILE.xlsx|FILE.csv] [options]

Reads a sales table (one row per order, or one row per month and rep; English or Chinese headers), writes
out/sales-analysis.xlsx with live Goal Breakdown, Quadrant Analysis and KPI Scorecard sheets next to your data,
and prints a summary. Without FILE: the bundled English sample.

Options
  --sheet NAME           the sheet that holds the table (default: the first)
  --by COLUMN            the dimension: a header (Region, 销售员) or a role (region, rep, product)
                         (default: region for breakdown and quadrant, rep for the scorecard)
  --year YYYY            the breakdown's target year, 1900 to 9999 (default: the year after the last full year)
  --target N             the annual target, above 0 (default: base-year sales × (1 + uplift))
  --uplift PCT           growth on the base year for the target, e.g. 10 (default 0)
  --seasonality KIND     month weights: last, average or even (default last)
  --unit N               round targets to this unit: 1, 100, 1000 ... (default 1)
  --ramp PCT             ramp for entities that started during the base year, above 0 up to 100 (default 80)
  --threshold T          quadrant thresholds: mean, median or SALES,GROWTH, e.g. 1000000,10 (default mean)
  --period P             period of the quadrant and scorecard: 2026, 2026-Q2, 2026-03, FY2026, FY2026-Q1
                         (default: the latest year), compared with the same period a year earlier
  --to-date              compare the period to date even when it has ended
  --fiscal-start M       first month of the fiscal year: 1 to 12, Jan to Dec or 1月 to 12月 (default 1);
                         FY2026 is the fiscal year that ends in 2026
  --today YYYY-MM-DD     the date that decides which periods have ended (default: this machine's date)
  --track                add the Goal Tracking sheet (actual vs target for the target year)
  --as-of YYYY-MM-DD     the tracking "as of" date (default: the latest date in the table)
  --targets SHEET        track against the target table on this sheet instead of the breakdown
  --team SHEET|FILE      the team table (Rep, Region, Start date, End date, Ramp months, Ability, Capacity
                         per month) on this sheet, or in this .csv/.xlsx file: the reps' months and capacity
  --incentives           add the Incentives sheet (commission, payout, tiers, monthly and quarterly awards)
  --lang en|zh           language of the sheets and messages
  --out FILE.xlsx        the workbook to write (default out/sales-analysis.xlsx)
  --json                 print the results as JSON instead of the summary (no workbook unless --out is given)
  --encoding NAME        a CSV's text encoding: utf-8, windows-1252, gb18030, big5, shift_jis ... (default: detected)
  -h, --help             this help

Percentages (--uplift, --ramp, the growth of --threshold): 10 and 10% both mean ten percent. A bare number
between -1 and 1, such as 0.1, is refused as ambiguous: write 0.1% or 10.
Language: --lang; else the first of LC_ALL, LC_MESSAGES and LANG that is set (zh... Chinese, en... English);
when that is C, POSIX, another language or unset, the table's headers decide (Chinese headers give
Chinese sheets and messages).

Examples
  npm start -- sales.xlsx --year 2027 --target 12000000 --unit 1000
      breakdown of a 12,000,000 target for 2027 by quarter, month and region, rounded to 1,000
  npm start -- sales.xlsx --uplift 15 --by Rep
      breakdown of last year's sales + 15% by rep
  npm start -- sales.xlsx --by Rep --period 2026-Q2
      quadrant and scorecard by rep for the second quarter of 2026
  npm start -- sales.xlsx --track --as-of 2026-08-15
      goal tracking as of 15 August 2026
  npm start -- sales.xlsx --fiscal-start 4 --period FY2026
      fiscal year April to March: FY2026 runs from April 2025 to March 2026
  npm start -- sales.xlsx --incentives --period 2026-Q2
      commission, payout and the best rep of each month and of the quarter, 2026-Q2
  npm start -- sales.csv --json > result.json
      the results as JSON`;

const HELP_ZH = `用法：npm start -- [文件.xlsx|文件.csv] [选项]

读取销售表（每行一个订单，或每行一个月份和销售员；中文或英文表头），写出 out/sales-analysis.xlsx（在你的数据旁加上
带实时公式的“目标分解”“象限分析”“绩效看板”工作表），并打印摘要。不给文件时使用自带的英文示例。

选项
  --sheet 名称           数据所在的工作表（默认：第一个）
  --by 列                分析维度：表头（地区、销售员）或角色（region、rep、product）
                         （默认：目标分解和象限分析按地区，绩效看板按销售员）
  --year YYYY            目标分解的目标年份，1900 到 9999（默认：最后一个完整年度的下一年）
  --target N             年度目标，大于 0（默认：基准年销售额 × (1 + 增长)）
  --uplift 百分数        目标相对基准年的增长，例如 10（默认 0）
  --seasonality 方式     月度权重：last、average 或 even（默认 last）
  --unit N               目标取整单位：1、100、1000……（默认 1）
  --ramp 百分数          基准年内新开始的成员的爬坡系数，大于 0 且不超过 100（默认 80）
  --threshold 阈值       象限阈值：mean、median 或 销售额,增长率，例如 1000000,10（默认 mean）
  --period 期间          象限分析和绩效看板的期间：2026、2026-Q2、2026-03、FY2026、FY2026-Q1
                         （默认：最近一年），与一年前的同一期间比较
  --to-date              即使期间已结束，也按截至同日比较
  --fiscal-start 月      财年的第一个月：1 到 12、Jan 到 Dec 或 1月 到 12月（默认 1）；FY2026 指在 2026 年结束的财年
  --today YYYY-MM-DD     判断哪些期间已结束的日期（默认：本机日期）
  --track                加上“目标跟踪”工作表（目标年度的实际与目标）
  --as-of YYYY-MM-DD     跟踪的截止日期（默认：表中最晚的日期）
  --targets 工作表       按该工作表上的目标表跟踪，而不是按目标分解
  --team 工作表|文件     团队表（销售员、地区、入职日期、离职日期、爬坡月数、能力系数、月产能）所在的工作表
                         或 .csv/.xlsx 文件：决定销售员的在岗月份和产能
  --incentives           加上“销售激励”工作表（提成、奖金、奖励级别、月度最佳和季度冠军）
  --lang en|zh           工作表和消息的语言
  --out 文件.xlsx        要写出的工作簿（默认 out/sales-analysis.xlsx）
  --json                 以 JSON 输出结果而不是摘要（除非给出 --out，否则不写工作簿）
  --encoding 编码        CSV 文件的文本编码：utf-8、gb18030、big5、windows-1252、shift_jis ……（默认：自动识别）
  -h, --help             本帮助

百分数（--uplift、--ramp、--threshold 的增长率）：10 和 10% 都表示百分之十。介于 -1 和 1 之间的不带 % 的数字
（例如 0.1）有歧义，会被拒绝：请写 0.1% 或 10。
语言：--lang；否则取 LC_ALL、LC_MESSAGES、LANG 中第一个已设置的值（zh 开头为中文，en 开头为英文）；
其值为 C、POSIX、其他语言或未设置时，由表头决定（中文表头得到中文工作表和消息）。

示例
  npm start -- 销售.xlsx --year 2027 --target 12000000 --unit 1000
      把 2027 年 12,000,000 的目标按季度、月份和地区分解，取整到 1,000
  npm start -- 销售.xlsx --uplift 15 --by 销售员
      按销售员分解“去年销售额 + 15%”的目标
  npm start -- 销售.xlsx --by 销售员 --period 2026-Q2
      按销售员做 2026 年第二季度的象限分析和绩效看板
  npm start -- 销售.xlsx --track --as-of 2026-08-15
      截至 2026 年 8 月 15 日的目标跟踪
  npm start -- 销售.xlsx --fiscal-start 4 --period FY2026
      财年从 4 月到次年 3 月：FY2026 为 2025 年 4 月至 2026 年 3 月
  npm start -- 销售.xlsx --incentives --period 2026-Q2
      2026 年第二季度的提成、奖金、月度最佳和季度冠军
  npm start -- 销售.csv --json > result.json
      以 JSON 输出结果`;

const ACCEPTS: Record<Lang, Record<Accepts, string>> = {
  en: {
    column: 'a column header or role, e.g. Region, 销售员 or rep',
    sheetName: 'a sheet name',
    outFile: 'a file name ending in .xlsx, e.g. out/result.xlsx',
    year: 'a whole year from 1900 to 9999, e.g. 2027',
    target: 'an amount above 0 and at most 1e15, e.g. 12000000',
    unit: 'a number above 0 and at most 1e15, e.g. 1, 100 or 1000',
    uplift: 'a percentage above -100 and at most 10000, e.g. 10 or 10% (both ten percent)',
    ramp: 'a percentage above 0 and at most 100, e.g. 80 or 80%',
    threshold:
      'mean, median or SALES,GROWTH with sales from 0 to 1e15 and growth in percent above -10000 up to 10000, e.g. 1000000,10%',
    seasonality: 'last, average or even',
    period:
      'a year (2026), a quarter (2026-Q2), a month (2026-03) or a fiscal year or quarter (FY2026, FY2026-Q1)',
    date: 'a date YYYY-MM-DD from 1900 to 9999, e.g. 2026-09-30',
    fiscalStart: 'a month from 1 to 12, Jan to Dec or 1月 to 12月, e.g. 4',
    lang: 'en or zh',
    encoding: 'a text encoding such as utf-8, windows-1252, gb18030, big5 or shift_jis',
  },
  zh: {
    column: '列名或角色，例如 地区、销售员 或 rep',
    sheetName: '工作表名称',
    outFile: '以 .xlsx 结尾的文件名，例如 out/result.xlsx',
    year: '1900 到 9999 之间的整数年份，例如 2027',
    target: '大于 0 且不超过 1e15 的金额，例如 12000000',
    unit: '大于 0 且不超过 1e15 的数字，例如 1、100 或 1000',
    uplift: '大于 -100 且不超过 10000 的百分数，例如 10 或 10%（都表示百分之十）',
    ramp: '大于 0 且不超过 100 的百分数，例如 80 或 80%',
    threshold:
      'mean、median 或 销售额,增长率（销售额 0 到 1e15，增长率为大于 -10000 且不超过 10000 的百分数），例如 1000000,10%',
    seasonality: 'last、average 或 even',
    period: '年份（2026）、季度（2026-Q2）、月份（2026-03）或财年及其季度（FY2026、FY2026-Q1）',
    date: '1900 到 9999 年之间的 YYYY-MM-DD 日期，例如 2026-09-30',
    fiscalStart: '1 到 12、Jan 到 Dec 或 1月 到 12月 的月份，例如 4',
    lang: 'en 或 zh',
    encoding: '文本编码，例如 utf-8、windows-1252、gb18030、big5 或 shift_jis',
  },
};

const EN = {
  help: HELP_EN,
  prefix: 'Error: ',
  problem(p: OptionProblem): string {
    const A = ACCEPTS.en;
    switch (p.kind) {
      case 'unknown':
        return `unknown option ${p.option}${p.suggestion ? ` (did you mean ${p.suggestion}?)` : ''}; --help lists the options.`;
      case 'missing':
        return `${p.option} needs a value: ${A[p.accepts]}.`;
      case 'flagValue':
        return `${p.option} takes no value, got "${p.given}".`;
      case 'extra':
        return `unexpected argument "${p.given}": give one file (.xlsx or .csv) and options.`;
      case 'bad':
        return p.accepts === 'period'
          ? `--period "${p.given}" is an invalid period: use ${A.period}.`
          : `${p.option} "${p.given}" is not accepted: use ${A[p.accepts]}.`;
      case 'ambiguousPct':
        return `${p.option} "${p.given}" is ambiguous: write ${p.asPercent} for ${p.pct} percent or ${p.asWhole} for ${p.whole} percent (a number without % is a percentage).`;
      case 'by':
        return p.candidates.length > 1
          ? `--by "${p.given}" fits several columns: ${p.candidates.join(', ')}; which one? Give its whole header.`
          : `--by "${p.given}": no such column; the columns are ${p.headers.join(', ')}.`;
      case 'sheet':
        return `${p.option} "${p.given}": no such sheet; the sheets are ${p.sheets.join(', ')}.`;
      case 'targetsCsv':
        return `--targets "${p.given}": a .csv file has one table only; --targets names a sheet of an .xlsx workbook.`;
      case 'outIsSource':
        return `--out "${p.given}" is the file being read, which is never written over; choose another file, e.g. out/sales-analysis.xlsx.`;
      case 'ownSheet':
        return `${p.option ? `${p.option} "${p.given}"` : `The first sheet, "${p.given}",`} is a sheet this command line made (a re-run replaces it); ${p.option ? 'name' : 'give --sheet NAME for'} the sheet that holds your ${p.option === '--targets' ? 'targets' : 'sales data'}.`;
    }
  },
  notFound: (f: string) => `File not found: ${f}`,
  unsupported: (d: string) => `Unsupported file: ${d} (use .xlsx or .csv)`,
  unreadable: (d: string) => `Cannot read the file: ${d}`,
  wrote: (f: string) => `Wrote ${f}`,
  table: (n: number, s: number, sheet: string) => `Read ${n} rows from "${sheet}" (${s} skipped).`,
  encodingGuess: (e: string) => `Read as ${e} (a guess: if names look garbled, give --encoding).`,
  sourceCut: (cells: string) =>
    `Cells longer than Excel's 32,767 characters are cut in the output's copy of the source: ${cells}.`,
  valuesOnly:
    'A workbook this large is read in a stream: the output holds its sheets as values (formulas as their last results, without their styles). Your file is unchanged.',
  sheetsLeftOut: (sheets: string) =>
    `Sheets too large to copy into the output (over 1,000,000 cells): ${sheets}.`,
  columns: 'Columns: ',
  breakdown: (y: number | string, t: string) => `Goal breakdown ${y}: annual target ${t}`,
  quadrant: (d: string, c: string, p: string) => `Quadrant analysis by ${d}: ${c} vs ${p}`,
  thresholds: (x: string, y: string) => `thresholds: sales ${x}, growth ${y}`,
  scorecard: (d: string, c: string) => `KPI scorecard by ${d}: ${c}`,
  apart: 'without a previous period',
  names: {
    breakdown: 'Goal breakdown',
    quadrant: 'Quadrant analysis',
    scorecard: 'KPI scorecard',
    tracking: 'Goal tracking',
    incentives: 'Incentives',
  },
  notMade: (name: string, why: string) => `${name}: not made. ${why}`,
  targetHint: 'Give the annual target with --target N (e.g. --target 12000000).',
  notMadeList: (names: string) => `Not made: ${names} (see above).`,
  replaced: (names: string) => `Replaced in place the sheets an earlier run made: ${names}.`,
  locksKept: (n: number, sheet: string) =>
    `Kept ${n} ${n === 1 ? 'number' : 'numbers'} typed over the formulas of "${sheet}" as ${n === 1 ? 'a lock' : 'locks'}.`,
};

type Messages = typeof EN;

const ZH: Messages = {
  help: HELP_ZH,
  prefix: '错误：',
  problem(p: OptionProblem): string {
    const A = ACCEPTS.zh;
    switch (p.kind) {
      case 'unknown':
        return `未知选项 ${p.option}${p.suggestion ? `（是不是 ${p.suggestion}？）` : ''}；--help 列出所有选项。`;
      case 'missing':
        return `${p.option} 需要一个值：${A[p.accepts]}。`;
      case 'flagValue':
        return `${p.option} 不带值，收到“${p.given}”。`;
      case 'extra':
        return `多余的参数“${p.given}”：请只给一个文件（.xlsx 或 .csv）和选项。`;
      case 'bad':
        return p.accepts === 'period'
          ? `--period“${p.given}”是无效的期间：请使用${A.period}。`
          : `${p.option}“${p.given}”无效：请使用${/^[a-z]/i.test(A[p.accepts]) ? ' ' : ''}${A[p.accepts]}。`;
      case 'ambiguousPct':
        return `${p.option}“${p.given}”有歧义：表示 ${p.pct}% 请写 ${p.asPercent}，表示 ${p.whole}% 请写 ${p.asWhole}（不带 % 的数字按百分数理解）。`;
      case 'by':
        return p.candidates.length > 1
          ? `--by“${p.given}”对应多个列：${p.candidates.join('、')}；请写出其中一列的完整列名。`
          : `--by“${p.given}”：没有这一列；现有列：${p.headers.join('、')}。`;
      case 'sheet':
        return `${p.option}“${p.given}”：没有这个工作表；现有工作表：${p.sheets.join('、')}。`;
      case 'targetsCsv':
        return `--targets“${p.given}”：.csv 文件只有一个表；--targets 指定的是 .xlsx 工作簿中的工作表。`;
      case 'outIsSource':
        return `--out“${p.given}”是正在读取的源文件，源文件不会被覆盖；请换一个文件，例如 out/sales-analysis.xlsx。`;
      case 'ownSheet':
        return `${p.option ? `${p.option}“${p.given}”` : `第一个工作表“${p.given}”`}是本命令行生成的工作表（重新运行时会被替换）；请${p.option ? '指定' : '用 --sheet 名称 指定'}存放${p.option === '--targets' ? '目标' : '销售数据'}的工作表。`;
    }
  },
  notFound: (f) => `找不到文件：${f}`,
  unsupported: (d) => `不支持的文件：${d}（请使用 .xlsx 或 .csv）`,
  unreadable: (d) => `无法读取文件：${d}`,
  wrote: (f) => `已写入 ${f}`,
  table: (n, s, sheet) => `从“${sheet}”读取 ${n} 行（跳过 ${s} 行）。`,
  encodingGuess: (e) => `按 ${e} 编码读取（推测：如果名称显示为乱码，请用 --encoding 指定）。`,
  sourceCut: (cells) =>
    `超过 Excel 单元格上限（32,767 个字符）的单元格在输出的源数据副本中已截断：${cells}。`,
  valuesOnly:
    '工作簿较大，已按流式读取：输出中的各工作表只保留数值（公式保留其最后结果，不含样式）。原文件未改动。',
  sheetsLeftOut: (sheets) => `以下工作表过大（超过 1,000,000 个单元格），未复制到输出中：${sheets}。`,
  columns: '列：',
  breakdown: (y, t) => `${/^\d+$/.test(String(y)) ? `${y} 年` : y}目标分解：年度目标 ${t}`,
  quadrant: (d, c, p) => `按${d}的象限分析：${c} 对比 ${p}`,
  thresholds: (x, y) => `阈值：销售额 ${x}，增长率 ${y}`,
  scorecard: (d, c) => `按${d}的绩效看板：${c}`,
  apart: '无上期数据',
  names: {
    breakdown: '目标分解',
    quadrant: '象限分析',
    scorecard: '绩效看板',
    tracking: '目标跟踪',
    incentives: '销售激励',
  },
  notMade: (name, why) => `${name}：未生成。${why}`,
  targetHint: '请用 --target N 给出年度目标（例如 --target 12000000）。',
  notMadeList: (names) => `未生成：${names}（见上文）。`,
  replaced: (names) => `已原位替换此前运行生成的工作表：${names}。`,
  locksKept: (n, sheet) => `保留了在“${sheet}”的公式上手动输入的 ${n} 个数字（作为锁定值）。`,
};

export const MESSAGES: Record<Lang, Messages> = { en: EN, zh: ZH };
