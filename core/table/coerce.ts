/**
 * Cell coercion: numbers and dates as users really type them into spreadsheets.
 *
 * Everything here is total (never throws) and fast on the common case: a cell that is already a
 * number or a Date takes a branch without any regular expression.
 *
 * Dates are Excel serial day numbers in the 1900 date system: 1900-01-01 is 1, the phantom
 * 1900-02-29 is 60, 1900-03-01 is 61, and from then on serial = days since 1899-12-30
 * (2024-03-01 is 45352). Google Sheets uses the same numbering for all dates after 1900-03-01.
 */
import type { Cell } from '../types';

/** Largest serial Excel accepts: 9999-12-31. */
export const MAX_SERIAL = 2958465;
/** Days between 1970-01-01 (the JS epoch) and 1899-12-30 (serial 0 for dates after 1900-03-01). */
const EPOCH_OFFSET = 25569;
const MS_PER_DAY = 86400000;
/** Strings longer than this are never numbers or dates (and are not scanned). */
const MAX_NUMBER_TEXT = 100;
const MAX_DATE_TEXT = 64;

// ---------------------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------------------

/**
 * Converts full-width ASCII variants (U+FF01..U+FF5E, e.g. "１２３，４５６．７") and the ideographic
 * space (U+3000) to their ASCII forms. Other characters are kept. Returns the input itself when there
 * is nothing to convert.
 */
export function toHalfWidth(s: string): string {
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 0x3000 || (c >= 0xff01 && c <= 0xff5e)) break;
    i++;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else out += s[i];
  }
  return out;
}

/** True for a Date object, also one made in another JS realm. */
export function isDate(v: unknown): v is Date {
  return (
    v instanceof Date ||
    (typeof v === 'object' && v !== null && Object.prototype.toString.call(v) === '[object Date]')
  );
}

/** True for null, undefined, "" and strings of white space only. */
export function isBlankCell(cell: Cell): boolean {
  if (cell === null || cell === undefined || cell === '') return true;
  if (typeof cell === 'string') return cell.trim() === '';
  return false;
}

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

const RE_INT = /^-?\d{1,15}$/;
const RE_DEC = /^-?\d{1,15}\.\d{1,15}$/;
const RE_EXP = /^(?:\d+\.?\d*|\.\d+)e[+-]?\d{1,3}$/i;
/** Currency codes and signs before the number ("RMB 1,234", "US$12", "¥1,234.50", "人民币 100"). */
const RE_CUR_PREFIX =
  /^(?:(?:rmb|cny|usd|eur|gbp|jpy|hkd|aud|cad|sgd|chf|nzd|twd|krw|inr)(?![a-z])|(?:us|hk|nt|a|c|s|nz|r)?\$|[¥￥€£₩₹]|人民币)\s*/i;
/** Currency codes, signs and words after the number ("1,234元", "12 USD", "100 美元"). */
const RE_CUR_SUFFIX =
  /\s*(?:(?<![a-z])(?:rmb|cny|usd|eur|gbp|jpy|hkd|aud|cad|sgd|chf|nzd|twd|krw|inr)|人民币|美元|欧元|英镑|港币|港元|日元|元|圆|块|円|\$|[¥￥€£₩₹])$/i;
/** What may remain once signs, currency and multipliers are gone: digits and separators. */
const RE_NUM_BODY = /^[\d.,' \u00a0\u2007\u2009\u202f]*\d[\d.,' \u00a0\u2007\u2009\u202f]*$/;
const RE_SPACES = /[ '\u00a0\u2007\u2009\u202f]/;

/** Chinese magnitude suffixes, as powers of ten: 1.2万 = 12000, 3亿 = 3e8, 2百万 = 2e6. */
const CN_MULT: Record<string, number> = { 十: 1, 百: 2, 千: 3, 万: 4, 萬: 4, 亿: 8, 億: 8 };

/**
 * Reads a number from a cell, or null when the cell is blank or not a number.
 *
 * Numbers must be finite; booleans and Dates are not numbers. Text is read leniently:
 * currency signs and codes (`¥1,234.50`, `￥1,234`, `$1,234`, `€`, `£`, `RMB 1,234`, `USD 12`,
 * `1,234元`), thousands separators (`1,234`, `1 234` with space / no-break / thin space, `1'234`),
 * accounting negatives `(1,234)` and trailing minus `1,234-`, percentages `12%` → 0.12, full-width
 * digits and punctuation, Chinese magnitudes `1.2万` → 12000, `3亿`, `5千`, `2百万`.
 *
 * Separators: when a text has both "." and ",", the last one is the decimal separator ("1.234,5" →
 * 1234.5). A lone "," is a thousands separator (groups of three required, so "12,5" → null) unless
 * `decimalComma` is true, in which case it is the decimal separator ("12,5" → 12.5, "1.234" → 1234).
 */
export function coerceNumber(cell: Cell, decimalComma?: boolean): number | null {
  if (typeof cell === 'number') return cell - cell === 0 ? cell : null; // finite check without a call
  if (typeof cell !== 'string') return null;
  const n = cell.length;
  if (n === 0 || n > MAX_NUMBER_TEXT) return null;
  if (RE_INT.test(cell)) return +cell || 0; // "|| 0": no -0 from "-0"
  if (!decimalComma) {
    if (RE_DEC.test(cell)) return +cell || 0;
    const fast = fastAmount(cell);
    if (fast !== undefined) return fast;
  }
  return parseNumberText(cell, decimalComma === true);
}

/** ASCII digits. */
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * The common case without regular expressions: [-][$¥￥€£][-]digits[,ddd...][.digits]. Returns
 * undefined when the text is anything else (the general parser then decides).
 */
function fastAmount(s: string): number | null | undefined {
  const n = s.length;
  let i = 0;
  let neg = false;
  let c = s.charCodeAt(0);
  if (c === 45) {
    neg = true;
    c = s.charCodeAt(++i);
  }
  if (c === 36 || c === 0xa5 || c === 0xffe5 || c === 0x20ac || c === 0xa3) c = s.charCodeAt(++i);
  if (c === 45 && !neg) {
    neg = true;
    c = s.charCodeAt(++i);
  }
  const start = i;
  let run = 0; // digits in the current group
  let commas = 0;
  while (i < n && isDigit(s.charCodeAt(i))) {
    i++;
    run++;
  }
  if (run === 0) return undefined;
  while (i < n && s.charCodeAt(i) === 44) {
    if ((commas === 0 && run > 3) || (commas > 0 && run !== 3)) return undefined;
    i++;
    commas++;
    run = 0;
    while (i < n && isDigit(s.charCodeAt(i))) {
      i++;
      run++;
    }
    if (run !== 3) return undefined;
  }
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    const f = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i === f) return undefined;
  }
  if (i !== n) return undefined;
  let body = s.slice(start);
  if (commas > 0) body = body.split(',').join('');
  const v = +body;
  if (!(v - v === 0)) return null;
  return v === 0 ? 0 : neg ? -v : v;
}

function parseNumberText(raw: string, decimalComma: boolean): number | null {
  let s = toHalfWidth(raw).trim();
  if (s === '') return null;
  let neg = false;
  let scale = 0;
  // Up to two rounds of sign / parenthesis / currency stripping: "-$1,234", "$-1,234", "($1,234)".
  for (let round = 0; round < 2; round++) {
    if (s.length >= 2 && s.charCodeAt(0) === 40 /* ( */ && s.charCodeAt(s.length - 1) === 41 /* ) */) {
      neg = !neg;
      s = s.slice(1, -1).trim();
    }
    const c0 = s.charCodeAt(0);
    if (c0 === 45 /* - */ || c0 === 0x2212 /* − */ || c0 === 43 /* + */) {
      if (c0 !== 43) neg = !neg;
      s = s.slice(1).trim();
    }
    const m = RE_CUR_PREFIX.exec(s);
    if (m) s = s.slice(m[0].length);
  }
  // Suffixes, from the outside in: currency words, percent, magnitudes, currency again ("1.2万元", "12 %").
  for (let round = 0; round < 3; round++) {
    const m = RE_CUR_SUFFIX.exec(s);
    if (m) s = s.slice(0, s.length - m[0].length).trimEnd();
    const last = s.charCodeAt(s.length - 1);
    if (last === 37 /* % */) {
      scale -= 2;
      s = s.slice(0, -1).trimEnd();
    } else if (last === 0x2030 /* ‰ */) {
      scale -= 3;
      s = s.slice(0, -1).trimEnd();
    } else if (last === 45 /* trailing minus, "1,234-" */ && s.length > 1) {
      neg = !neg;
      s = s.slice(0, -1).trimEnd();
    }
    let k = s.length;
    while (k > 0 && CN_MULT[s[k - 1]] !== undefined) {
      scale += CN_MULT[s[k - 1]];
      k--;
    }
    if (k < s.length) s = s.slice(0, k).trimEnd();
    else if (!m) break;
  }
  if (s === '') return null;
  let value: number;
  if (RE_EXP.test(s)) {
    value = scale === 0 ? Number(s) : Number(s) * Math.pow(10, scale);
  } else {
    const digits = normaliseDigits(s, decimalComma);
    if (digits === null) return null;
    value = Number(scale === 0 ? digits : digits + 'e' + scale);
  }
  if (!(value - value === 0)) return null;
  if (value === 0) return 0;
  return neg ? -value : value;
}

/**
 * Turns "1,234.50" / "1.234,5" / "1 234" into "1234.50" / "1234.5" / "1234", or null when the
 * separators do not form a number.
 */
function normaliseDigits(s: string, decimalComma: boolean): string | null {
  if (!RE_NUM_BODY.test(s)) return null;
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let dec = ''; // the decimal separator, if any
  if (lastDot >= 0 && lastComma >= 0) {
    dec = lastDot > lastComma ? '.' : ',';
  } else if (lastComma >= 0) {
    if (decimalComma && s.indexOf(',') === lastComma) dec = ',';
  } else if (lastDot >= 0) {
    if (s.indexOf('.') === lastDot) {
      // One dot: a decimal point, except "1.234" in comma-decimal text where it groups thousands.
      const after = s.length - lastDot - 1;
      dec = decimalComma && after === 3 && lastDot > 0 ? '' : '.';
    }
  }
  let intPart = s;
  let frac = '';
  if (dec !== '') {
    const at = dec === '.' ? lastDot : lastComma;
    intPart = s.slice(0, at);
    frac = s.slice(at + 1);
    for (let i = 0; i < frac.length; i++) {
      const c = frac.charCodeAt(i);
      if (c < 48 || c > 57) return null;
    }
  }
  const thousands = dec === ',' ? '.' : dec === '.' ? ',' : lastComma >= 0 ? ',' : '.';
  // Split the integer part on its group separators and check the grouping.
  const hasSep = intPart.indexOf(thousands) >= 0 || RE_SPACES.test(intPart);
  if (!hasSep) {
    for (let i = 0; i < intPart.length; i++) {
      const c = intPart.charCodeAt(i);
      if (c < 48 || c > 57) return null;
    }
    if (intPart === '' && frac === '') return null;
    return (intPart === '' ? '0' : intPart) + (frac === '' ? '' : '.' + frac);
  }
  let groups: string[];
  if (RE_SPACES.test(intPart))
    groups = intPart
      .split(thousands)
      .join(' ')
      .split(/[ '\u00a0\u2007\u2009\u202f]/);
  else groups = intPart.split(thousands);
  const g = groups.length;
  for (let i = 0; i < g; i++) {
    const grp = groups[i];
    for (let j = 0; j < grp.length; j++) {
      const c = grp.charCodeAt(j);
      if (c < 48 || c > 57) return null;
    }
    const len = grp.length;
    if (i === 0) {
      if (len < 1 || len > 3) return null;
    } else if (i === g - 1) {
      if (len !== 3) return null;
    } else if (len !== 3 && len !== 2) {
      return null; // 2 allows Indian lakh grouping: 1,23,45,678
    }
  }
  return groups.join('') + (frac === '' ? '' : '.' + frac);
}

// ---------------------------------------------------------------------------------------------
// Dates: serial arithmetic
// ---------------------------------------------------------------------------------------------

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1..12; day may overflow). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * The Excel serial (1900 system) of a calendar date. Months and days overflow like Excel's DATE
 * (month 13 is January of the next year). 1900-02-29, which Excel pretends exists, is 60.
 */
export function ymdToSerial(y: number, m: number, d: number): number {
  if (y === 1900 && m === 2 && d === 29) return 60;
  const m0 = m - 1;
  const yAdj = y + Math.floor(m0 / 12);
  const mAdj = m0 - Math.floor(m0 / 12) * 12 + 1;
  const s = daysFromCivil(yAdj, mAdj, d) + EPOCH_OFFSET;
  return s < 61 ? s - 1 : s;
}

/** The calendar date of an Excel serial (fraction dropped). Serial 60 is Excel's phantom 1900-02-29. */
export function serialToYMD(serial: number): { y: number; m: number; d: number } {
  let s = Math.floor(serial);
  if (s === 60) return { y: 1900, m: 2, d: 29 };
  if (s < 60) s += 1;
  // civil_from_days (H. Hinnant)
  const z = s - EPOCH_OFFSET + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** "YYYY-MM-DD" of a serial. */
export function serialToISO(serial: number): string {
  const { y, m, d } = serialToYMD(serial);
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/**
 * The Excel serial of a JS Date's calendar date (time dropped); NaN for an invalid Date.
 *
 * Which calendar date: hosts deliver dates two ways. ExcelJS and most file readers build Dates at
 * UTC midnight; Apps Script and Office.js-derived Dates sit at local midnight (or carry a time). So a
 * Date that is exactly UTC midnight is read by its UTC date; any other Date by its local-time date
 * (the time zone of the code that runs, which is the spreadsheet's in Apps Script).
 */
export function dateToSerial(d: Date): number {
  const t = d.getTime();
  if (t !== t) return NaN;
  if (t % MS_PER_DAY === 0) {
    const s = t / MS_PER_DAY + EPOCH_OFFSET;
    return s < 61 ? s - 1 : s;
  }
  return ymdToSerial(d.getFullYear(), d.getMonth() + 1, d.getDate());
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Serial of a validated y/m/d, or null (years 1900..9999; 1900-02-29 is Excel's serial 60). */
function validYMD(y: number, m: number, d: number): number | null {
  if (!(y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1)) return null;
  if (d > daysInMonth(y, m) && !(y === 1900 && m === 2 && d === 29)) return null;
  return ymdToSerial(y, m, d);
}

// ---------------------------------------------------------------------------------------------
// Dates: text
// ---------------------------------------------------------------------------------------------

const TIME_TAIL = String.raw`(?:(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?\s*(?:z|[+-]\d{2}:?\d{2})?)?`;
/** 2024-03-01, 2024/3/1, 2024.3.1, with an optional time (ignored; the date is taken as written). */
const RE_YMD = new RegExp(String.raw`^(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})` + TIME_TAIL + '$', 'i');
/** 3/1/2024 (US), 1.3.2024 (European: d.m.y), 3-1-24. */
const RE_MDY = new RegExp(
  String.raw`^(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})` + TIME_TAIL + '$',
  'i',
);
/** 2024年3月1日, 2024年3月1号, 2024年3月. */
const RE_CN = /^(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号]?)?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/;
/** 2024-03, 2024/3, 2024.03. */
const RE_YM = /^(\d{4})\s*[-/.]\s*(\d{1,2})$/;
/** 2024Q1, 2024-Q1, 2024 Q1, 2024年Q1. */
const RE_YQ = /^(\d{4})\s*(?:年|[-/ _])?\s*q\s*([1-4])$/i;
/** Q1 2024, Q1-2024, Q1/2024. */
const RE_QY = /^q\s*([1-4])\s*(?:[-/ ,_]|年)?\s*(\d{4})$/i;
/** 2024年第1季度, 2024年第一季度, 2024年1季度, 2024 第 1 季. */
const RE_CNQ = /^(\d{4})\s*年?\s*第?\s*([1-4一二三四])\s*季度?$/;
/** Mar 2024, March 2024, Mar-24, Sept. 2024, Mar '24. */
const RE_MON_Y = /^([a-z]{3,9})\.?[\s\-/,']*(\d{4}|\d{2})$/i;
/** 2024 Mar, 2024-March. */
const RE_Y_MON = /^(\d{4})[\s\-/]*([a-z]{3,9})\.?$/i;
/** March 1, 2024; Mar 1 2024; Mar 1st, 2024. */
const RE_MON_D_Y = /^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/i;
/** 1 Mar 2024, 01-Mar-2024, 1-Mar-24. */
const RE_D_MON_Y = /^(\d{1,2})(?:st|nd|rd|th)?[\s\-/]+([a-z]{3,9})\.?,?[\s\-/]+(\d{4}|\d{2})$/i;
/** 20240301 (yyyymmdd) or 202403 (yyyymm). */
const RE_DIGITS = /^\d{6}(?:\d{2})?$/;
/** A serial typed as text (CSV): 45352. */
const RE_SERIAL_TEXT = /^\d{5}$/;

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5,
  jun: 6, june: 6, jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9,
  oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
}; // prettier-ignore
const CN_DIGIT: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

function twoDigitYear(s: string): number {
  const y = +s;
  return s.length === 2 ? (y < 30 ? 2000 + y : 1900 + y) : y;
}

function quarterStart(y: number, q: number): number | null {
  return validYMD(y, (q - 1) * 3 + 1, 1);
}

/** yyyymmdd / yyyymm as a number or digits. */
function compactDate(v: number): number | null {
  if (v >= 19000101 && v <= 99991231) {
    return validYMD(Math.floor(v / 10000), Math.floor(v / 100) % 100, v % 100);
  }
  if (v >= 190001 && v <= 999912) return validYMD(Math.floor(v / 100), v % 100, 1);
  return null;
}

function parseDateText(raw: string): number | null {
  if (raw.length > MAX_DATE_TEXT) return null;
  const s = toHalfWidth(raw).trim();
  if (s.length < 4) return null;
  const c0 = s.charCodeAt(0);
  let m: RegExpExecArray | null;
  if (c0 >= 48 && c0 <= 57) {
    if ((m = RE_YMD.exec(s))) return validYMD(+m[1], +m[3], +m[4]);
    if ((m = RE_CN.exec(s))) return validYMD(+m[1], +m[2], m[3] === undefined ? 1 : +m[3]);
    if ((m = RE_YM.exec(s))) return validYMD(+m[1], +m[2], 1);
    if ((m = RE_MDY.exec(s))) {
      const a = +m[1];
      const b = +m[3];
      const y = twoDigitYear(m[4]);
      // US m/d/y, except d.m.y with dots (the European convention) or when the first part > 12.
      const dayFirst = m[2] === '.' ? b <= 12 : a > 12;
      return dayFirst ? validYMD(y, b, a) : validYMD(y, a, b);
    }
    if ((m = RE_YQ.exec(s))) return quarterStart(+m[1], +m[2]);
    if ((m = RE_CNQ.exec(s))) return quarterStart(+m[1], CN_DIGIT[m[2]]);
    if (RE_DIGITS.test(s)) return compactDate(+s);
    if (RE_SERIAL_TEXT.test(s)) {
      const v = +s;
      return v >= 20000 && v <= 80000 ? v : null;
    }
    if ((m = RE_Y_MON.exec(s))) {
      const mon = MONTHS[m[2].toLowerCase()];
      return mon === undefined ? null : validYMD(+m[1], mon, 1);
    }
    if ((m = RE_D_MON_Y.exec(s))) {
      const mon = MONTHS[m[2].toLowerCase()];
      return mon === undefined ? null : validYMD(twoDigitYear(m[3]), mon, +m[1]);
    }
    return null;
  }
  if ((m = RE_QY.exec(s))) return quarterStart(+m[2], +m[1]);
  if ((m = RE_MON_Y.exec(s))) {
    const mon = MONTHS[m[1].toLowerCase()];
    return mon === undefined ? null : validYMD(twoDigitYear(m[2]), mon, 1);
  }
  if ((m = RE_MON_D_Y.exec(s))) {
    const mon = MONTHS[m[1].toLowerCase()];
    return mon === undefined ? null : validYMD(+m[3], mon, +m[2]);
  }
  return null;
}

/**
 * Reads a date from a cell as an Excel serial day (integer), or null when the cell is blank or not a
 * date. Never throws.
 *
 * - Numbers are serials. With `isDateFormat` true (the cell's number format is a date format), any
 *   serial 1..2958465 is accepted and its time fraction dropped. Otherwise only integers in the
 *   plausible range 20000..80000 (1954..2119) are dates, plus compact yyyymmdd / yyyymm integers
 *   (20240301, 202403).
 * - Dates: see {@link dateToSerial} (UTC midnight → UTC date, otherwise local date).
 * - Text: 2024-03-01, 2024/3/1, 2024.3.1, 3/1/2024 (US m/d/y; d/m/y when the first part > 12;
 *   d.m.y with dots), 2024年3月1日, 2024年3月 and 2024-03 (1st of the month), Mar 2024, March 2024,
 *   Mar-24, March 1, 2024, 1 Mar 2024, quarters 2024Q1 / 2024-Q1 / 2024 Q1 / Q1 2024 / 2024年第1季度
 *   (first day of the quarter), ISO with a time (2024-03-01T10:00:00Z: the date as written, no time
 *   zone shift), 20240301, full-width digits. Impossible dates (2024-02-30) are null.
 */
export function coerceDate(cell: Cell, isDateFormat?: boolean): number | null {
  if (typeof cell === 'number') {
    if (isDateFormat) return cell >= 1 && cell < MAX_SERIAL + 1 ? Math.floor(cell) : null;
    if (cell >= 20000 && cell <= 80000) return Math.floor(cell) === cell ? cell : null;
    if (cell > 190000 && Math.floor(cell) === cell) return compactDate(cell);
    return null;
  }
  if (typeof cell === 'string') return cell.length === 0 ? null : parseDateText(cell);
  if (isDate(cell)) {
    const s = dateToSerial(cell);
    return s >= 1 && s <= MAX_SERIAL ? s : null;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Number formats
// ---------------------------------------------------------------------------------------------

const RE_FMT_QUOTED = /"[^"]*"/g;
const RE_FMT_ESCAPED = /\\.|[_*]./g;
const RE_FMT_BRACKET = /\[[^\]]*\]/g;
const RE_FMT_AMPM = /a\/p|am\/pm|上午\/下午/gi;
const RE_FMT_MINUTES = /h+\s*[:.]?\s*m+|m+\s*[:.]\s*s+/gi;
const RE_FMT_DATE = /[dmy]/i;
const fmtCache = new Map<string, boolean>();

/**
 * True when an Excel / Sheets number format code shows a date: it has d, m or y tokens outside
 * quoted text, escapes and [brackets] ("yyyy-mm-dd", "m/d/yy", `[$-804]yyyy"年"m"月"d"日"`,
 * "mmm-yy"). Time-only formats ("h:mm", "[h]:mm:ss") are not dates; neither are "0.00", "#,##0",
 * "[Red]0", "0%" or "General".
 */
export function isDateFormat(fmt: string | null | undefined): boolean {
  if (typeof fmt !== 'string' || fmt === '') return false;
  const cached = fmtCache.get(fmt);
  if (cached !== undefined) return cached;
  let s = fmt.slice(0, 200);
  const semi = s.indexOf(';'); // the positive-number section decides
  if (semi >= 0 && !/"[^"]*;/.test(s)) s = s.slice(0, semi);
  s = s
    .replace(RE_FMT_QUOTED, '')
    .replace(RE_FMT_ESCAPED, '')
    .replace(RE_FMT_BRACKET, '')
    .replace(RE_FMT_AMPM, '')
    .replace(RE_FMT_MINUTES, '');
  const lower = s.toLowerCase();
  const result = lower !== 'general' && RE_FMT_DATE.test(lower);
  if (fmtCache.size > 1000) fmtCache.clear();
  fmtCache.set(fmt, result);
  return result;
}
