/**
 * The calendar every analysis shares: "today" (from the host, never from the clock or the data) and the
 * fiscal year. Periods, fiscal years and "to date" cuts are resolved here, once, and passed down.
 *
 * A fiscal year starting in month S (1..12) is named by the calendar year in which it ends: with S = 4,
 * FY2026 = 2025-04-01 .. 2026-03-31. With S = 1 it is the calendar year and labels stay "2026".
 * Month keys: a calendar key is y * 12 + (m - 1); a fiscal key is fy * 12 + (fiscal month index, 0 = the
 * first month of the fiscal year).
 */
import { serialToYMD, ymdToSerial } from '../table/coerce';
import type { Lang } from '../types';

export interface Calendar {
  /** The host's date (serial day, 1900 system). */
  today: number;
  /** First month of the fiscal year, 1..12. */
  fiscalStart: number;
}

/** Offset from a calendar month key to its fiscal month key. */
export const fiscalOffset = (fs: number): number => (13 - fs) % 12;
export const toFiscalKey = (calendarKey: number, fs: number): number => calendarKey + fiscalOffset(fs);
export const toCalendarKey = (fiscalKey: number, fs: number): number => fiscalKey - fiscalOffset(fs);

/** The fiscal year (named by the year it ends in) of a serial day. */
export function fiscalYearOf(serial: number, fs: number): number {
  const { y, m } = serialToYMD(serial);
  return Math.floor(toFiscalKey(y * 12 + m - 1, fs) / 12);
}

/** First day of fiscal month `i` (0..11, may overflow) of fiscal year `fy`. */
export function fiscalMonthStart(fy: number, i: number, fs: number): number {
  const k = toCalendarKey(fy * 12 + i, fs);
  return ymdToSerial(Math.floor(k / 12), (k % 12) + 1, 1);
}

export const fiscalYearStart = (fy: number, fs: number): number => fiscalMonthStart(fy, 0, fs);
export const fiscalYearEnd = (fy: number, fs: number): number => fiscalMonthStart(fy, 12, fs) - 1;

/** Calendar month (1..12) of fiscal month index i (0..11). */
export const calendarMonthOf = (i: number, fs: number): number => ((fs - 1 + i) % 12) + 1;

/** Is the period of serials [start, end] over on `today`? */
export const hasEnded = (end: number, today: number): boolean => end < today;

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026", "FY2026" / "2026财年" (fiscal start other than January). Zh calendar years read "2026年" in text. */
export function yearLabel(fy: number, fs: number, lang: Lang): string {
  if (fs === 1) return String(fy);
  return lang === 'zh' ? `${fy}财年` : `FY${fy}`;
}

/** Language-neutral ids, as in --period and --json: "2026", "2026-Q1", "FY2026-Q1" (fiscal), "2026-03". */
export function quarterId(fy: number, q: number, fs: number): string {
  return fs === 1 ? `${fy}-Q${q}` : `FY${fy}-Q${q}`;
}

export function quarterLabel(fy: number, q: number, fs: number, lang: Lang): string {
  if (fs === 1) return `${fy}-Q${q}`;
  return lang === 'zh' ? `${fy}财年Q${q}` : `FY${fy}-Q${q}`;
}

export const monthId = (y: number, m: number): string => `${y}-${String(m).padStart(2, '0')}`;

/** "30 Sep" / "9月30日". */
export function dayMonth(serial: number, lang: Lang): string {
  const { m, d } = serialToYMD(serial);
  return lang === 'zh' ? `${m}月${d}日` : `${d} ${MONTHS_EN[m - 1]}`;
}

/** A period of whole days, inclusive, as serials. */
export interface Period {
  /** What the user reads: "2026", "FY2026-Q1", "2026 to 30 Sep", "2025年同期". */
  label: string;
  /** Language-neutral id of the period asked for: "2026", "FY2026-Q1", "2026-03". */
  id: string;
  start: number;
  end: number;
  /** True when the whole period is compared; false for a period cut "to date". */
  whole: boolean;
}

export type PeriodKind = 'year' | 'quarter' | 'month';

/** A period as asked: its whole span and how to name it. */
interface AskedPeriod {
  kind: PeriodKind;
  start: number;
  end: number;
  /** The same period a year earlier, whole. */
  prevStart: number;
  prevEnd: number;
  id: string;
  prevId: string;
  label: string;
  prevLabel: string;
}

function asked(kind: PeriodKind, fy: number, n: number, fs: number, lang: Lang): AskedPeriod {
  if (kind === 'month') {
    // Calendar month n of calendar year fy.
    const start = ymdToSerial(fy, n, 1);
    const end = ymdToSerial(fy, n + 1, 1) - 1;
    return {
      kind,
      start,
      end,
      prevStart: ymdToSerial(fy - 1, n, 1),
      prevEnd: ymdToSerial(fy - 1, n + 1, 1) - 1,
      id: monthId(fy, n),
      prevId: monthId(fy - 1, n),
      label: monthId(fy, n),
      prevLabel: monthId(fy - 1, n),
    };
  }
  const first = kind === 'year' ? 0 : (n - 1) * 3;
  const len = kind === 'year' ? 12 : 3;
  const span = (y: number): [number, number] => [
    fiscalMonthStart(y, first, fs),
    fiscalMonthStart(y, first + len, fs) - 1,
  ];
  const [start, end] = span(fy);
  const [prevStart, prevEnd] = span(fy - 1);
  const name = (y: number, lg: Lang | 'id'): string =>
    kind === 'year'
      ? lg === 'id'
        ? fs === 1
          ? String(y)
          : `FY${y}`
        : yearLabel(y, fs, lg)
      : lg === 'id'
        ? quarterId(y, n, fs)
        : quarterLabel(y, n, fs, lg);
  return {
    kind,
    start,
    end,
    prevStart,
    prevEnd,
    id: name(fy, 'id'),
    prevId: name(fy - 1, 'id'),
    label: name(fy, lang),
    prevLabel: name(fy - 1, lang),
  };
}

/**
 * Parse a period as the user types it: "2026" (a fiscal year when the fiscal year does not start in
 * January; "FY2026" too), "2026-Q2" / "FY2026-Q2" (a fiscal quarter), "2026-03" (a calendar month).
 * Null when it is not a period (e.g. "2026-Q5", "2026-13", a year outside 1900..9999).
 */
export function parsePeriod(spec: string, fs: number, lang: Lang = 'en'): AskedPeriod | null {
  const s = spec.trim();
  let m: RegExpMatchArray | null;
  const okYear = (y: number): boolean => y >= 1901 && y <= 9998;
  if ((m = s.match(/^(?:FY\s*)?(\d{4})$/i)) && okYear(+m[1])) return asked('year', +m[1], 0, fs, lang);
  if ((m = s.match(/^(?:FY\s*)?(\d{4})\s*-?\s*Q([1-4])$/i)) && okYear(+m[1]))
    return asked('quarter', +m[1], +m[2], fs, lang);
  if ((m = s.match(/^(\d{4})-(\d{1,2})$/)) && okYear(+m[1]) && +m[2] >= 1 && +m[2] <= 12)
    return asked('month', +m[1], +m[2], fs, lang);
  return null;
}

/** The same calendar date a year earlier (Feb 29 -> Feb 28). */
export function sameDayYearBefore(s: number): number {
  const { y, m, d } = serialToYMD(s);
  return ymdToSerial(y - 1, m, m === 2 && d === 29 ? 28 : d);
}

export interface ResolvedPeriods {
  current: Period;
  previous: Period;
  /** One line for the sheet and the summary when the data ends well before a closed period does. */
  note: string | null;
}

export interface PeriodText {
  toDate: (label: string, day: string) => string;
  sameSpan: (label: string, day: string) => string;
  truncated: (last: string, days: number, label: string) => string;
  invalid: (spec: string) => string;
  noSales: (label: string) => string;
}

const TEXT: Record<Lang, PeriodText> = {
  en: {
    toDate: (label, day) => `${label} to ${day}`,
    sameSpan: (label, day) => `${label} to ${day}`,
    truncated: (last, days, label) =>
      `The data ends on ${last}, ${days} days before the end of ${label}: if the export is incomplete, its totals are too low.`,
    invalid: (spec) =>
      `Invalid period "${spec}": use a year (2026), a quarter (2026-Q2) or a month (2026-03).`,
    noSales: (label) => `No sales in ${label}.`,
  },
  zh: {
    toDate: (label, day) => `${/^\d{4}$/.test(label) ? `${label}年` : label}截至${day}`,
    sameSpan: (label) => `${/^\d{4}$/.test(label) ? `${label}年` : label}同期`,
    truncated: (last, days, label) =>
      `数据截至 ${last}，比${label}结束早 ${days} 天：如果导出的数据不完整，合计会偏低。`,
    invalid: (spec) => `无效的期间“${spec}”：请用年份（2026）、季度（2026-Q2）或月份（2026-03）。`,
    noSales: (label) => `${label}没有销售数据。`,
  },
};

export const periodText = (lang: Lang): PeriodText => TEXT[lang];

/** Days a closed period may end after the data before the sheet warns of a truncated export. */
const TRUNCATION_DAYS = 14;

/**
 * The periods an analysis compares.
 * - Asked for (`spec`) or by default the fiscal year of the latest date in the data.
 * - A period that has ended before `today` is compared whole with the whole period a year earlier.
 * - The period in progress (or any period with `toDate`) is cut at the latest date in the data and compared
 *   with the same span a year earlier; its labels say so ("2026 to 30 Sep" vs "2025 to 30 Sep").
 * `first` and `last` are the first and latest dates in the data; `monthly` says that every date is the first
 * of a month (a table of one row per month), so a closed period whose last month has data is complete.
 */
export function resolvePeriods(
  spec: string | undefined,
  data: { first: number; last: number; monthly: boolean },
  cal: Calendar,
  opts: { toDate?: boolean; lang?: Lang } = {},
): ResolvedPeriods | { error: string } {
  const lang = opts.lang ?? 'en';
  const T = TEXT[lang];
  const fs = cal.fiscalStart;
  const s = (spec ?? '').trim();
  const p = s === '' ? asked('year', fiscalYearOf(data.last, fs), 0, fs, lang) : parsePeriod(s, fs, lang);
  if (!p) return { error: T.invalid(s) };
  if (!(data.last >= p.start) || !(data.first <= p.end)) return { error: T.noSales(p.label) };
  const closed = hasEnded(p.end, cal.today);
  if (closed && !opts.toDate) {
    let note: string | null = null;
    const gap = p.end - data.last;
    const lastMonthCovered =
      data.monthly && data.last >= ymdToSerial(serialToYMD(p.end).y, serialToYMD(p.end).m, 1);
    if (gap > TRUNCATION_DAYS && !lastMonthCovered) note = T.truncated(isoOf(data.last), gap, p.label);
    return {
      current: { label: p.label, id: p.id, start: p.start, end: p.end, whole: true },
      previous: { label: p.prevLabel, id: p.prevId, start: p.prevStart, end: p.prevEnd, whole: true },
      note,
    };
  }
  // To date: cut at the latest date in the data (the period in progress); asked "to date" on a closed period,
  // at the same day of the year as the latest date, moved back by whole years into the period.
  let cut = data.last;
  if (closed) while (cut > p.end) cut = sameDayYearBefore(cut);
  if (cut >= p.end || cut < p.start)
    return {
      current: { label: p.label, id: p.id, start: p.start, end: p.end, whole: true },
      previous: { label: p.prevLabel, id: p.prevId, start: p.prevStart, end: p.prevEnd, whole: true },
      note: null,
    };
  const day = dayMonth(cut, lang);
  const prevCut = sameDayYearBefore(cut);
  return {
    current: { label: T.toDate(p.label, day), id: p.id, start: p.start, end: cut, whole: false },
    previous: {
      label: T.sameSpan(p.prevLabel, dayMonth(prevCut, lang)),
      id: p.prevId,
      start: p.prevStart,
      end: prevCut,
      whole: false,
    },
    note: null,
  };
}

function isoOf(serial: number): string {
  const { y, m, d } = serialToYMD(serial);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The calendar of a job: the host's today (default: the day after the latest date) and fiscal start. */
export function calendarOf(opts: { today?: number; fiscalStart?: number }, lastDate: number): Calendar {
  const fs = opts.fiscalStart;
  return {
    today: opts.today !== undefined && Number.isFinite(opts.today) ? Math.floor(opts.today) : lastDate + 1,
    fiscalStart: fs !== undefined && Number.isInteger(fs) && fs >= 1 && fs <= 12 ? fs : 1,
  };
}
