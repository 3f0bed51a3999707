/**
 * What people type into the panel's fields, read into options or refused with a message for the field
 * (the panel adds the field's label in the summary at the top). Pure: no DOM.
 */
import { parsePeriod } from '../core/analysis/calendar';
import { coerceDate } from '../core/table/coerce';
import type { PanelText } from './i18n';

/** A field's value: `value` (null when blank), or the message shown at the field. */
export type Read<T> = { value: T | null } | { error: string };

/** "1,234.5", "1 234", "12%" -> number; "" -> null; anything else -> undefined. */
export function parseNumber(text: string): number | null | undefined {
  const t = text
    .trim()
    .replace(/[,_\s\u00A0，]/g, '')
    .replace(/[%％]$/, '');
  if (t === '') return null;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** A plain number (amounts, thresholds). */
export function readNumber(text: string, T: PanelText): Read<number> {
  const n = parseNumber(text);
  return n === undefined ? { error: T.enterNumber } : { value: n };
}

const tidy = (n: number): string => String(Number(n.toPrecision(12)));

/**
 * A percentage as a fraction. `10%` and `10` both mean ten percent; a bare number strictly between -1 and
 * 1 other than 0 is refused as ambiguous (did "0.1" mean 0.1% or 10%?).
 */
export function readPercent(text: string, T: PanelText): Read<number> {
  const t = text.trim();
  const n = parseNumber(t);
  if (n === undefined) return { error: T.enterNumber };
  if (n === null) return { value: null };
  if (!/[%％]$/.test(t) && n !== 0 && n > -1 && n < 1)
    return { error: T.ambiguousPercent(t, tidy(n), tidy(n * 100)) };
  return { value: Number((n / 100).toPrecision(15)) };
}

/** A (fiscal) year: 2027, FY2027, 2027财年. */
export function readYear(text: string, T: PanelText, example: string): Read<number> {
  const t = text.trim();
  if (t === '') return { value: null };
  const m = t.match(/^(?:FY\s*)?(\d{4})(?:\s*财?年)?$/i);
  return m && +m[1] > 1900 && +m[1] < 9999 ? { value: +m[1] } : { error: T.enterYear(example) };
}

/** A period as the core reads it (calendar.ts parsePeriod): 2026, FY2026, 2026-Q2, FY2026-Q2, 2026-03. */
export function readPeriod(text: string, fiscalStart: number, T: PanelText, example: string): Read<string> {
  const t = text.trim();
  if (t === '') return { value: null };
  return parsePeriod(t, fiscalStart) ? { value: t } : { error: T.enterPeriod(example) };
}

/** A date typed as YYYY-MM-DD, as a serial day. */
export function readDate(text: string, T: PanelText): Read<number> {
  const t = text.trim();
  if (t === '') return { value: null };
  const serial = /^\d{4}-\d{1,2}-\d{1,2}$/.test(t) ? coerceDate(t) : null;
  return serial === null ? { error: T.enterDate } : { value: serial };
}

/** Ascending thresholds: "0, 50,000; 100000" (commas that are not thousands separators split). */
export function readTiers(text: string, T: PanelText): Read<number[]> {
  const raw = text.trim();
  if (raw === '') return { value: null };
  const parts = raw
    .split(/[;；，\s]+|,(?!\d{3}(?:\D|$))/)
    .map((x) => x.replace(/,+$/, ''))
    .filter((x) => x !== '');
  const nums = parts.map((x) => parseNumber(x));
  const ok = nums.every((n, i) => typeof n === 'number' && (i === 0 || n > (nums[i - 1] as number)));
  return ok ? { value: nums as number[] } : { error: T.enterTiers };
}
