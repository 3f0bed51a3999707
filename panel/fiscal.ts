/**
 * The panel's calendar: the defaults its fields show for a fiscal year start (computed with the core's pure
 * calendar functions from the source's summary), the host's "today", and the one-line source summary.
 */
import { fiscalYearOf, toCalendarKey, toFiscalKey } from '../core/analysis/calendar';
import type { TableSummary } from '../core/analysis/inspect';
import { ymdToSerial } from '../core/table/coerce';
import { fmtInt, type PanelText } from './i18n';

/** "2027" with a calendar year, "FY2027" with a fiscal year starting in another month. */
export const yearText = (fy: number, fs: number): string => (fs === 1 ? String(fy) : `FY${fy}`);

const isoSerial = (iso: string): number => ymdToSerial(+iso.slice(0, 4), +iso.slice(5, 7), +iso.slice(8, 10));

/** Fiscal years (named by the year they end in) whose twelve months all have data. */
export function fullFiscalYears(months: readonly number[], fs: number): number[] {
  if (!months.length) return [];
  const have = new Set(months);
  const lo = Math.floor(toFiscalKey(months[0], fs) / 12);
  const hi = Math.floor(toFiscalKey(months[months.length - 1], fs) / 12);
  const out: number[] = [];
  for (let fy = lo; fy <= hi; fy++) {
    let all = true;
    for (let i = 0; i < 12 && all; i++) all = have.has(toCalendarKey(fy * 12 + i, fs));
    if (all) out.push(fy);
  }
  return out;
}

/**
 * The defaults of the fields for fiscal start `fs`: the breakdown's target year (the year after the last
 * full fiscal year, else the one after the latest date's) and the period of the quadrant and scorecard (the
 * fiscal year of the latest date). With fs = 1 they are the summary's own defaults.
 */
export function fiscalDefaults(s: TableSummary, fs: number): { year: string; period: string } {
  if (!s.lastDate) return { year: '', period: '' };
  const current = fiscalYearOf(isoSerial(s.lastDate), fs);
  const full = fullFiscalYears(s.months ?? [], fs);
  const year = full.length ? full[full.length - 1] + 1 : current + 1;
  return { year: yearText(year, fs), period: yearText(current, fs) };
}

/** The host's local date as a serial day (what JobOptions.today wants). */
export function localToday(now: Date = new Date()): number {
  return ymdToSerial(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/** The parts of "2,891 rows · Jan 2024 – Sep 2026 · 9 reps · 4 regions" (the panel joins them with " · "). */
export function sourceLine(s: TableSummary, T: PanelText): string[] {
  const parts = [T.summaryRows(fmtInt(s.rows))];
  const my = (iso: string): string => T.monthYear(+iso.slice(0, 4), +iso.slice(5, 7));
  if (s.firstDate && s.lastDate) parts.push(`${my(s.firstDate)} – ${my(s.lastDate)}`);
  const counts = s.counts ?? {};
  const roles =
    counts.rep !== undefined || counts.region !== undefined
      ? (['rep', 'region'] as const)
      : (['product'] as const);
  for (const role of roles) {
    const n = counts[role];
    if (n !== undefined) parts.push(T.summaryCount[role](n));
  }
  return parts;
}
