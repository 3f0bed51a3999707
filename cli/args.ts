/**
 * The command line's options: splitting argv into option values and positionals, and checking each value.
 * Every refusal is an OptionError that names the option, what was given and what the option accepts; the
 * messages (en, zh) are made from it in cli/messages.ts. Pure functions, no I/O.
 */
import { parsePeriod } from '../core/analysis/calendar';
import { serialToYMD, ymdToSerial } from '../core/table/coerce';
import type { Lang } from '../core/types';

/** What an option accepts (a key of the messages' `accepts`). */
export type Accepts =
  | 'column'
  | 'sheetName'
  | 'outFile'
  | 'year'
  | 'target'
  | 'unit'
  | 'uplift'
  | 'ramp'
  | 'threshold'
  | 'seasonality'
  | 'period'
  | 'date'
  | 'fiscalStart'
  | 'lang'
  | 'encoding';

export type OptionProblem =
  | { kind: 'unknown'; option: string; suggestion?: string }
  | { kind: 'missing'; option: string; accepts: Accepts }
  | { kind: 'flagValue'; option: string; given: string }
  | { kind: 'extra'; given: string }
  | { kind: 'bad'; option: string; given: string; accepts: Accepts }
  /** A bare number strictly between -1 and 1: `asPercent` and `asWhole` are the two ways to write it. */
  | {
      kind: 'ambiguousPct';
      option: string;
      given: string;
      pct: string;
      whole: string;
      asPercent: string;
      asWhole: string;
    }
  | { kind: 'by'; given: string; candidates: string[]; headers: string[] }
  | { kind: 'sheet'; option: string; given: string; sheets: string[] }
  | { kind: 'targetsCsv'; given: string }
  | { kind: 'outIsSource'; given: string }
  /** A sheet the command line made (cli/io/marks.ts) given as a table: `option` names it, else it was the first sheet. */
  | { kind: 'ownSheet'; option?: string; given: string };

export class OptionError extends Error {
  constructor(readonly problem: OptionProblem) {
    super(problem.kind);
    this.name = 'OptionError';
  }
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** What a string option accepts, for the message when its value is missing. */
  accepts?: Accepts;
  short?: string;
}

export interface Tokens {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  /** The first thing argv got wrong, if any. */
  problem?: OptionProblem;
}

/**
 * Split argv: `--name value`, `--name=value`, `-h`, `--` (the rest are positionals). A string option takes
 * the next argument whatever it is (so `--target -5` reaches the check of --target), unless that is a known
 * option. The last of a repeated option wins. At most `maxPositionals` positionals. The first problem is
 * returned with everything that could be read (the file's headers may still choose the message's language).
 */
export function tokenize(
  argv: readonly string[],
  spec: Record<string, OptionSpec>,
  maxPositionals = 1,
): Tokens {
  const values: Tokens['values'] = {};
  const positionals: string[] = [];
  let problem: OptionProblem | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') positionals.push(a);
    else
      try {
        i = takeOption(argv, i, spec, values);
      } catch (e) {
        if (!(e instanceof OptionError)) throw e;
        problem ??= e.problem;
      }
  }
  if (positionals.length > maxPositionals) problem ??= { kind: 'extra', given: positionals[maxPositionals] };
  return { values, positionals, ...(problem ? { problem } : {}) };
}

/** Read the option at argv[i] into `values`; the index of the last argument it used. */
function takeOption(
  argv: readonly string[],
  i: number,
  spec: Record<string, OptionSpec>,
  values: Tokens['values'],
): number {
  const a = argv[i];
  const short = (x: string): string | undefined =>
    Object.keys(spec).find((k) => spec[k].short !== undefined && `-${spec[k].short}` === x);
  const known = (x: string): boolean =>
    short(x) !== undefined || (x.startsWith('--') && Object.hasOwn(spec, x.slice(2).split('=')[0]));
  const eq = a.indexOf('=');
  const name = short(a) ?? (a.startsWith('--') ? a.slice(2, eq < 0 ? undefined : eq) : '');
  const s = Object.hasOwn(spec, name) ? spec[name] : undefined;
  if (!s) {
    const option = eq < 0 ? a : a.slice(0, eq);
    throw new OptionError({ kind: 'unknown', option, suggestion: suggest(option, Object.keys(spec)) });
  }
  const inline = a.startsWith('--') && eq >= 0 ? a.slice(eq + 1) : undefined;
  if (s.type === 'boolean') {
    if (inline !== undefined)
      throw new OptionError({ kind: 'flagValue', option: `--${name}`, given: inline });
    values[name] = true;
    return i;
  }
  if (inline !== undefined) values[name] = inline;
  else if (i + 1 < argv.length && !known(argv[i + 1])) values[name] = argv[++i];
  else throw new OptionError({ kind: 'missing', option: `--${name}`, accepts: s.accepts ?? 'sheetName' });
  return i;
}

/** The known option closest to a mistyped one: a prefix of it, or at most two edits away. */
function suggest(option: string, names: string[]): string | undefined {
  const typed = option.replace(/^-+/, '').toLowerCase();
  if (typed === '') return undefined;
  const prefix = names.filter((n) => n.startsWith(typed));
  if (prefix.length === 1) return `--${prefix[0]}`;
  let best: string | undefined;
  let bestD = 3;
  for (const n of names) {
    const d = editDistance(typed, n);
    if (d < bestD) [best, bestD] = [n, d];
  }
  return best === undefined ? undefined : `--${best}`;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** Amounts stay below this: beyond it a double no longer holds cents, and sums stay far from overflow. */
export const MAX_AMOUNT = 1e15;

const bad = (option: string, given: string, accepts: Accepts): OptionError =>
  new OptionError({ kind: 'bad', option, given, accepts });

/** A plain number as typed: thousands separators (, _ and spaces) allowed; NaN when it is not one. */
function plainNumber(s: string): number {
  const t = s.trim().replace(/[,_\s]/g, '');
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? Number(t) : NaN;
}

/** A whole year 1900..9999. */
export function parseYear(option: string, v: string): number {
  const t = v.trim();
  if (!/^\d{4}$/.test(t) || +t < 1900) throw bad(option, v, 'year');
  return +t;
}

/** An amount above 0 and at most MAX_AMOUNT (--target, --unit). */
export function parseAmount(option: string, v: string, accepts: 'target' | 'unit'): number {
  const n = plainNumber(v);
  if (!(n > 0 && n <= MAX_AMOUNT)) throw bad(option, v, accepts);
  return n;
}

/**
 * A percentage as a fraction: "10" and "10%" are both 0.1. A bare number strictly between -1 and 1 (other
 * than 0) is ambiguous (0.1 might mean 10% or 0.1%) and refused with both readings. `wrap` rebuilds the
 * whole option value around the number (for --threshold's growth part). The result lies in (min, max].
 */
export function parsePercent(
  option: string,
  v: string,
  range: { min: number; max: number; accepts: Accepts },
  part = v,
  wrap: (s: string) => string = (s) => s,
): number {
  const t = part.trim();
  const pct = t.endsWith('%');
  const body = pct ? t.slice(0, -1) : t;
  const n = plainNumber(body);
  if (!Number.isFinite(n)) throw bad(option, v, range.accepts);
  if (!pct && n !== 0 && Math.abs(n) < 1) {
    const whole = String(Number((n * 100).toPrecision(12)));
    const p = body.trim();
    throw new OptionError({
      kind: 'ambiguousPct',
      option,
      given: v,
      pct: p,
      whole,
      asPercent: wrap(`${p}%`),
      asWhole: wrap(whole),
    });
  }
  const f = n / 100;
  if (!(f > range.min && f <= range.max)) throw bad(option, v, range.accepts);
  return f === 0 ? 0 : f;
}

export type Threshold = 'mean' | 'median' | { x: number; y: number };

/** --threshold: mean, median, or SALES,GROWTH (growth by the percent rule, e.g. 1000000,10%). */
export function parseThreshold(v: string): Threshold {
  const t = v.trim().toLowerCase();
  if (t === 'mean' || t === 'median') return t;
  const parts = v.split(',');
  if (parts.length !== 2) throw bad('--threshold', v, 'threshold');
  const x = plainNumber(parts[0]);
  if (!(x >= 0 && x <= MAX_AMOUNT)) throw bad('--threshold', v, 'threshold');
  const head = parts[0].trim();
  const y = parsePercent(
    '--threshold',
    v,
    { min: -100, max: 100, accepts: 'threshold' },
    parts[1],
    (s) => `${head},${s}`,
  );
  return { x: x === 0 ? 0 : x, y };
}

/** A date YYYY-MM-DD (years 1900..9999, a day that exists) as a serial day. */
export function parseDate(option: string, v: string): number {
  const m = v.trim().match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
  if (!m || +m[1] < 1900) throw bad(option, v, 'date');
  const [y, mo, d] = [+m[1], +m[2], +m[3]];
  const serial = mo >= 1 && mo <= 12 && d >= 1 ? ymdToSerial(y, mo, d) : NaN;
  const back = Number.isFinite(serial) ? serialToYMD(serial) : null;
  if (!back || back.y !== y || back.m !== mo || back.d !== d) throw bad(option, v, 'date');
  return serial;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const ZH_MONTHS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/** --fiscal-start: 1..12, a month name (Apr, April) or a Chinese month (4月, 四月). */
export function parseFiscalStart(v: string): number {
  const t = v.trim().toLowerCase().replace(/\.$/, '');
  let m = /^\d{1,2}$/.test(t) ? +t : 0;
  if (m === 0 && t.length >= 3) m = MONTHS.findIndex((name) => name.startsWith(t)) + 1;
  const zh = t.match(/^(\d{1,2}|[一二三四五六七八九十]+)月(份)?$/);
  if (m === 0 && zh) m = /\d/.test(zh[1]) ? +zh[1] : ZH_MONTHS.indexOf(zh[1]) + 1;
  if (!(m >= 1 && m <= 12)) throw bad('--fiscal-start', v, 'fiscalStart');
  return m;
}

/** --period: a period the calendar knows (2026, 2026-Q2, 2026-03, FY2026, FY2026-Q1), else refused as invalid. */
export function parsePeriodOption(v: string, fiscalStart: number): string {
  if (parsePeriod(v, fiscalStart) === null) throw bad('--period', v, 'period');
  return v.trim();
}

export function parseChoice<T extends string>(
  option: string,
  v: string,
  choices: readonly T[],
  accepts: Accepts,
): T {
  const t = v.trim().toLowerCase();
  const hit = choices.find((c) => c === t);
  if (hit === undefined) throw bad(option, v, accepts);
  return hit;
}

/** --out: an .xlsx file. */
export function parseOut(v: string): string {
  if (!/\.xlsx$/i.test(v.trim())) throw bad('--out', v, 'outFile');
  return v.trim();
}

/** The --lang of argv, if it is there and valid (for the messages of an argv that cannot be split). */
export function langInArgv(argv: readonly string[]): Lang | null {
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i].startsWith('--lang=')
      ? argv[i].slice(7)
      : argv[i] === '--lang'
        ? argv[i + 1]
        : undefined;
    if (v !== undefined && /^(en|zh)([-_][a-z0-9]+)*$/i.test(v.trim()))
      return v.trim().slice(0, 2).toLowerCase() as Lang;
  }
  return null;
}

/** --lang: en or zh (en-US, zh-CN, zh_TW ... too). */
export function parseLang(v: string): Lang {
  const m = v.trim().match(/^(en|zh)([-_][a-z0-9]+)*$/i);
  if (!m) throw bad('--lang', v, 'lang');
  return m[1].toLowerCase() as Lang;
}

/**
 * The language the environment asks for: the first of LC_ALL, LC_MESSAGES and LANG that is set; zh... gives
 * Chinese, en... English. C, POSIX, unset or another language: null (the table's headers decide).
 */
export function envLang(env: Record<string, string | undefined>): Lang | null {
  const v = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((x) => x !== undefined && x.trim() !== '');
  if (v === undefined) return null;
  if (/^zh/i.test(v.trim())) return 'zh';
  if (/^en/i.test(v.trim())) return 'en';
  return null;
}

/** The language of a table's headers: Chinese when at least half of the non-blank headers hold Chinese text. */
export function headersLang(headers: readonly string[]): Lang {
  const named = headers.filter((h) => typeof h === 'string' && h.trim() !== '');
  const zh = named.filter((h) => /[\u3400-\u9fff\uf900-\ufaff]/.test(h)).length;
  return named.length > 0 && zh * 2 >= named.length ? 'zh' : 'en';
}
