/**
 * One entry point for every front end (command line, Excel task pane, Sheets sidebar): run one analysis on
 * a table and get the sheets to write plus a short localised summary. Hosts only render the specs.
 */
import type { SheetSpec } from '../spec/types';
import type { CellRows } from '../table/columns';
import type { Cell, Lang, ReadOptions, SalesTable } from '../types';
import {
  computeBreakdown,
  type BreakdownLocks,
  type BreakdownOptions,
  type BreakdownOutput,
  type BreakdownResult,
} from './breakdown';
import { breakdownSheet } from './breakdown-sheet';
import {
  computeIncentives,
  type IncentivesOptions,
  type IncentivesOutput,
  type IncentivesResult,
} from './incentives';
import { incentivesSheet } from './incentives-sheet';
import { labels } from './i18n';
import { quadrantAnalysis, type QuadrantResult } from './quadrant';
import {
  computeScorecard,
  type ScorecardOptions,
  type ScorecardOutput,
  type ScorecardResult,
} from './scorecard';
import { scorecardSheet } from './scorecard-sheet';
import type { SourceRef } from './source';
import {
  computeTracking,
  type BreakdownTargets,
  type TrackingOptions,
  type TrackingOutput,
  type TrackingResult,
  type TrackEntity,
  type TrackRow,
} from './tracking';
import { trackingSheet } from './tracking-sheet';
import { serialToISO } from '../table/coerce';
import { readSalesTable } from '../table';
import { readTeamTable, type TeamMember } from '../table/team';

export type JobKind = 'breakdown' | 'quadrant' | 'scorecard' | 'tracking' | 'incentives';
// Compute, then lay out (DESIGN.md): each analysis computes its result from the aggregates, and its layout
// turns the result into a SheetSpec. These compose the two; the compute modules never import a layout.

/** The readers of a breakdown sheet already in the workbook, and where its targets are (for the hosts). */
export { breakdownLayout, readBreakdownLocks, readBreakdownTargets, targetsOf } from './breakdown-sheet';

/** Goal breakdown: the numbers (breakdown.ts), then the sheet (breakdown-sheet.ts). */
export function goalBreakdown(table: SalesTable, opts: BreakdownOptions = {}): BreakdownOutput {
  const c = computeBreakdown(table, opts);
  return c.ok ? { ok: true, result: c.result, sheet: breakdownSheet(c.result, c.layout) } : c;
}

/** KPI scorecard: the numbers (scorecard.ts), then the sheet (scorecard-sheet.ts). */
export function kpiScorecard(table: SalesTable, opts: ScorecardOptions): ScorecardOutput {
  const c = computeScorecard(table, opts);
  if (!c.ok) return c;
  return { ok: true, result: c.result, sheet: scorecardSheet(c.result, c.layout), dataSheet: c.dataSheet };
}

/** Goal tracking: the numbers (tracking.ts), then the sheet (tracking-sheet.ts). */
export function goalTracking(table: SalesTable, opts: TrackingOptions): TrackingOutput {
  const c = computeTracking(table, opts);
  if (!c.ok) return c;
  return { ok: true, result: c.result, sheet: trackingSheet(c.result, c.layout), dataSheet: c.dataSheet };
}

/** Incentives: the numbers (incentives.ts), then the sheet (incentives-sheet.ts). */
export function incentives(table: SalesTable, opts: IncentivesOptions): IncentivesOutput {
  const c = computeIncentives(table, opts);
  if (!c.ok) return c;
  return { ok: true, result: c.result, sheet: incentivesSheet(c.result, c.layout), dataSheet: c.dataSheet };
}

/** The three analyses made from the sales table alone (tracking needs targets: see JobOptions.breakdown). */
export const JOB_KINDS: JobKind[] = ['breakdown', 'quadrant', 'scorecard'];
export const ALL_JOB_KINDS: JobKind[] = ['breakdown', 'quadrant', 'scorecard', 'tracking', 'incentives'];

/** Options of all analyses, as the panel and the command line collect them. */
export interface JobOptions {
  lang?: Lang;
  /**
   * The host's date as a serial day (1900 system): the command line's --today or the system date, the
   * panel's local date. It decides which periods have ended. Without it: the day after the latest date.
   */
  today?: number;
  /** First month of the fiscal year, 1..12 (default 1: the calendar year). */
  fiscalStart?: number;
  /** Quadrant and scorecard: compare the period to date (like-for-like) even when it has ended. */
  toDate?: boolean;
  /**
   * Breakdown: the ramp factor (0..1, default 0.8) applied to the annualised sales of an entity that started
   * during the base year.
   */
  ramp?: number;
  by?: string | number;
  /** Breakdown: the second level within each entity of `by` (see BreakdownOptions.then); null for none. */
  then?: string | number | null;
  /** Breakdown: ability factors of the second level's entities by name (1 = 100%). */
  ability?: Record<string, number>;
  /** Breakdown: the team table (see BreakdownOptions.team). */
  team?: TeamMember[] | null;
  period?: string;
  year?: number;
  target?: number;
  /** Uplift as a fraction. */
  uplift?: number;
  seasonality?: 'last' | 'average' | 'even' | number[];
  split?: 'share' | 'even' | Record<string, number>;
  unit?: number;
  reserve?: number;
  locks?: BreakdownLocks;
  threshold?: 'mean' | 'median' | { x: number; y: number };
  tiers?: { thresholds: number[]; labels: string[] };
  generatedAt?: string;
  /** Tracking: the "as of" date as an Excel serial day (default the latest date in the source). */
  asOf?: number;
  /** Scorecard: a separate leads table for the conversion (see ScorecardOptions.leadsTable). */
  leadsTable?: { table: SalesTable; source: SourceRef } | null;
  /** Tracking: a separate target table (see TrackingOptions.targetTable), used when there is no breakdown. */
  targetTable?: { table: SalesTable; source: SourceRef } | null;
  /** Tracking: targets from a Goal Breakdown sheet of the workbook (see readBreakdownTargets). */
  breakdown?: BreakdownTargets | null;
  /** Incentives: commission table, target incentive for all, payout curve, what the awards compare. */
  commission?: IncentivesOptions['commission'];
  targetIncentive?: number;
  curve?: IncentivesOptions['curve'];
  awardBasis?: IncentivesOptions['awardBasis'];
}

/**
 * Read a side table for the job options: a target table (month, entity, target) for tracking or a leads
 * table (month, entity, leads, won, lost) for the scorecard's conversion, from the cells of `source`.
 * A table the reader refuses gives its message prefixed with the sheet name.
 */
export function readSideTable(
  measure: 'target' | 'leads',
  cells: CellRows,
  formats: ReadOptions['formats'],
  source: SourceRef,
  lang: Lang = 'en',
): { ok: true; value: { table: SalesTable; source: SourceRef } } | { ok: false; error: string } {
  const r = readSalesTable(cells, { lang, measure, formats, originRow: source.originRow });
  if (!r.ok) return { ok: false, error: `${source.sheet}: ${r.error.message}` };
  return { ok: true, value: { table: r.table, source } };
}

/**
 * The options a side table the user chose gives a job: for tracking its targets (instead of a breakdown
 * sheet's), for the scorecard its leads (both read as readSideTable reads them), for the breakdown its team
 * (readTeamTable).
 */
export function sideTableOptions(
  kind: JobKind,
  cells: readonly (readonly Cell[])[],
  formats: ReadOptions['formats'],
  source: SourceRef,
  lang: Lang = 'en',
): { ok: true; options: Partial<JobOptions> } | { ok: false; error: string } {
  if (kind === 'breakdown') {
    const team = readTeamTable(cells, lang);
    return team.ok
      ? { ok: true, options: { team: team.members } }
      : { ok: false, error: `${source.sheet}: ${team.error}` };
  }
  const side = readSideTable(kind === 'tracking' ? 'target' : 'leads', cells, formats, source, lang);
  if (!side.ok) return side;
  return {
    ok: true,
    options: kind === 'tracking' ? { targetTable: side.value, breakdown: null } : { leadsTable: side.value },
  };
}

export type JobResult =
  | { kind: 'breakdown'; result: BreakdownResult }
  | { kind: 'quadrant'; result: QuadrantResult }
  | { kind: 'scorecard'; result: ScorecardResult }
  | { kind: 'tracking'; result: TrackingResult }
  | { kind: 'incentives'; result: IncentivesResult };

export type JobOutput =
  { ok: true; specs: SheetSpec[]; summary: string[]; out: JobResult } | { ok: false; error: string };

/** The plan against the team table's capacity, in one line. */
export function teamLine(r: BreakdownResult, L: ReturnType<typeof labels>): string {
  const t = r.team!;
  const child = r.levels[1] ?? '';
  if (t.gap <= 0) return L.teamCovered(t.counted, n0(t.target), n0(t.capacity), child);
  return L.teamLine(t.counted, n0(t.target), n0(t.capacity), n0(t.gap), t.moreReps.toFixed(1), child);
}

const n0 = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const pct = (n: number | null): string => (n === null ? '#N/A' : `${(n * 100).toFixed(1)}%`);

/**
 * Run one analysis. `takenNames` are the workbook's sheet names that are not ours (so that a clean-data
 * sheet, which formulas reference by name, gets a free name up front).
 */
export function runJob(
  kind: JobKind,
  table: SalesTable,
  source: SourceRef,
  opts: JobOptions = {},
  takenNames: string[] = [],
): JobOutput {
  const lang = opts.lang ?? 'en';
  const L = labels(lang);
  const taken = new Set(takenNames.map((s) => s.toLowerCase()));
  let dataSheetName = L.dataSheet;
  for (let k = 2; taken.has(dataSheetName.toLowerCase()); k++) dataSheetName = `${L.dataSheet} (${k})`;
  if (kind === 'breakdown') {
    const o = goalBreakdown(table, opts);
    if (!o.ok) return o;
    const r = o.result;
    const summary = [
      `${L.breakdownTitle(r.yearLabel, r.dimension)}${L.colon}${L.annualTarget} ${n0(r.target)}`,
      ...r.quarters.map((q, i) => `${r.quarterLabels[i]}${L.colon}${n0(q)}`),
      ...r.entities.map(
        (e) =>
          `${e.name}${L.colon}${n0(e.target)}${e.children ? ` (${L.childCount(e.children.length, r.levels[1])})` : ''}`,
      ),
      ...(r.team ? [teamLine(r, L)] : []),
      ...r.warnings,
    ];
    return { ok: true, specs: [o.sheet], summary, out: { kind, result: r } };
  }
  if (kind === 'quadrant') {
    const o = quadrantAnalysis(table, { ...opts, source, dataSheetName });
    if (!o.ok) return o;
    const r = o.result;
    const summary = [
      L.quadrantTitle(r.dimension, r.current.label, r.previous.label),
      Number.isFinite(r.xThreshold)
        ? `${L.xThreshold} ${n0(r.xThreshold)}${L.comma}${L.yThreshold} ${pct(r.yThreshold)}`
        : L.noThresholds,
      ...r.points.map(
        (p) => `${p.name}${L.colon}${n0(p.sales)}${L.comma}${pct(p.growth)} → ${L.quadrants[p.quadrant!]}`,
      ),
      ...r.apart.map((p) => `${p.name}${L.colon}${n0(p.sales)}${L.comma}${L.newGrowth}`),
      ...(r.periodNote ? [r.periodNote] : []),
    ];
    if (!r.live) summary.push(o.sheet.cells[1]?.[0]?.v as string);
    return {
      ok: true,
      specs: o.dataSheet ? [o.dataSheet, o.sheet] : [o.sheet],
      summary,
      out: { kind, result: r },
    };
  }
  if (kind === 'tracking') {
    const o = goalTracking(table, { ...opts, source, dataSheetName });
    if (!o.ok) return o;
    const r = o.result;
    const line = (x: TrackRow): string =>
      `${x.label}${L.colon}${n0(x.actual)} / ${n0(x.target)} (${pct(x.attainment)}) ${L.status[x.status]}`;
    const entity = (e: TrackRow | TrackEntity): string =>
      `${'name' in e ? e.name : e.label}: ${n0(e.actual)} / ${n0(e.prorated)} (${pct(e.attainment)}) ${L.status[e.status]}`;
    const summary = [
      `${L.trackingTitle(r.yearLabel, r.dimension)} — ${L.asOf} ${serialToISO(r.asOf)}`,
      ...r.quarters.map(line),
      ...r.entities.map(entity),
      // The reps, furthest behind first.
      ...(r.children ? [L.byEntity(r.children.dimension), ...r.children.entities.map(entity)] : []),
    ];
    return {
      ok: true,
      specs: o.dataSheet ? [o.dataSheet, o.sheet] : [o.sheet],
      summary,
      out: { kind, result: r },
    };
  }
  if (kind === 'incentives') return incentivesJob(table, { ...opts, source, dataSheetName });
  const o = kpiScorecard(table, { ...opts, source, dataSheetName });
  if (!o.ok) return o;
  const r = o.result;
  const summary = [
    L.scorecardTitle(r.dimension, r.current.label),
    ...r.rows.map(
      (x) =>
        `#${x.rank} ${x.name}${L.colon}${n0(x.sales)}${L.comma}${x.growth === null ? L.newGrowth : pct(x.growth)}${x.tier ? `${L.comma}${x.tier}` : ''}`,
    ),
    ...(r.periodNote ? [r.periodNote] : []),
    ...r.warnings,
  ];
  return {
    ok: true,
    specs: o.dataSheet ? [o.dataSheet, o.sheet] : [o.sheet],
    summary,
    out: { kind, result: r },
  };
}

/** The incentives job: the sheet(s) and one line per entity, then the awards and the team. */
function incentivesJob(table: SalesTable, opts: IncentivesOptions): JobOutput {
  const o = incentives(table, opts);
  if (!o.ok) return o;
  const r = o.result;
  const L = labels(opts.lang ?? 'en');
  const hasT = r.targetSource !== null;
  const [colon, sep] = opts.lang === 'zh' ? ['：', '、'] : [': ', ', '];
  const summary = [
    L.incentivesTitle(r.dimension, r.current.label),
    ...r.rows.map(
      (x) =>
        `${x.name}: ${L.sales} ${n0(x.sales)}${hasT ? `, ${pct(x.attainment)}` : ''}${x.tier ? `, ${x.tier}` : ''}, ${L.commission} ${n0(x.commission)}${x.payout !== null ? `, ${L.payout} ${n0(x.payout)}` : ''}`,
    ),
    ...r.awards.map(
      (a) =>
        `${a.kind === 'month' ? L.monthlyBest : L.quarterChampion} ${a.label}${colon}${a.winners.join(sep) || '-'}`,
    ),
    `${L.totalCommission} ${n0(r.team.commission)} (${pct(r.team.commissionShare)})` +
      (r.team.payout !== null ? `, ${L.totalPayout} ${n0(r.team.payout)} (${pct(r.team.payoutShare)})` : ''),
    ...(hasT ? [] : [L.noTargetsNote(r.dimension)]),
    ...(r.periodNote ? [r.periodNote] : []),
  ];
  return {
    ok: true,
    specs: o.dataSheet ? [o.dataSheet, o.sheet] : [o.sheet],
    summary,
    out: { kind: 'incentives', result: r },
  };
}
