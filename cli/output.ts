/**
 * What the command line prints: the JSON report and the readable summary. Every number goes through
 * `outNumber` (finite, never -0, money to cents, other numbers to 10 significant digits), so neither output
 * can show -0, NaN, Infinity or float noise such as 2296128.6500000004.
 */
import { labels, teamLine } from '../core/analysis';
import type {
  BreakdownEntity,
  TrackEntity,
  BreakdownResult,
  IncentivesResult,
  QuadrantResult,
  ScorecardResult,
  TrackingResult,
  TrackRow,
} from '../core/analysis';
import { serialToISO } from '../core/table/coerce';
import type { Lang } from '../core/types';
import { MESSAGES } from './messages';
import type { TextEncodingUsed } from './io/read';

/** One analysis as run: its result, or why it could not run. */
export type Outcome<T> = { ok: true; result: T } | { ok: false; error: string };

export interface Report {
  file: string;
  /** The workbook written, or null (--json without --out, or nothing to write). */
  out: string | null;
  lang: Lang;
  today: number;
  fiscalStart: number;
  /** --target was given (the summary then does not suggest it). */
  targetGiven: boolean;
  table: {
    sheet: string;
    rows: number;
    skippedRows: { row: number; reason: string }[];
    columns: Record<string, string>;
    /** A CSV's text encoding (cli/io/read.ts). */
    encoding?: TextEncodingUsed;
    /** Source cells longer than a cell holds, cut in the output's copy (A1, at most 20). */
    cutCells?: string[];
    /** The workbook was read in a stream: the output holds its sheets as values (formulas as their results). */
    valuesOnly?: boolean;
    /** Sheets of such a workbook too large to copy into the output. */
    sheetsLeftOut?: string[];
  };
  breakdown: Outcome<BreakdownResult>;
  quadrant: Outcome<QuadrantResult>;
  scorecard: Outcome<ScorecardResult>;
  tracking?: Outcome<TrackingResult>;
  /** --incentives. */
  incentives?: Outcome<IncentivesResult>;
  /** The source workbook holds our sheets of an earlier run (cli/regenerate.ts). */
  regenerated?: {
    /** Our old sheets replaced in place in the output. */
    replaced: string[];
    /** Numbers typed over the old breakdown's formulas, kept as locks. */
    locksKept: number;
    /** The old breakdown sheet. */
    breakdownSheet?: string;
  };
}

/** Fields (and arrays under them) that hold money: rounded to cents. Every other number: 10 significant digits. */
const MONEY = new Set([
  'target',
  'sales',
  'previous',
  'actual',
  'prorated',
  'projection',
  'forecast',
  'requiredPerDay',
  'gap',
  'aov',
  'xThreshold',
  'baseActual',
  'baseSales',
  'basis',
  'months',
  'ytdTarget',
  'ytdActual',
  'commission',
  'targetIncentive',
  'payout',
]);

/** A number as output shows it: null when not finite, never -0, money to cents, others to 10 digits. */
export function outNumber(n: number, money = false): number | null {
  if (!Number.isFinite(n)) return null;
  let r: number;
  if (!money) r = Number(n.toPrecision(10));
  else if (Math.abs(n) >= 1e15) r = Number(n.toPrecision(15));
  else r = (Math.sign(n) * Math.round(Number(Math.abs(n * 100).toPrecision(15)))) / 100;
  if (!Number.isFinite(r)) r = n; // rounding up past the largest double
  return r === 0 ? 0 : r;
}

/** A JSON-ready copy of `v` with every number through outNumber (by the key it sits under). */
export function forOutput(v: unknown, key = ''): unknown {
  if (typeof v === 'number') return outNumber(v, MONEY.has(key));
  if (Array.isArray(v)) return v.map((x) => forOutput(x, key));
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = forOutput(x, k);
    return o;
  }
  return v;
}

const range = (p: { start: number; end: number }): [string, string] => [
  serialToISO(p.start),
  serialToISO(p.end),
];

/** The breakdown; quarters and months by their ids ("FY2026-Q1", "2025-04" with an April fiscal start). */
function breakdownJson(b: BreakdownResult): object {
  return {
    year: b.year,
    baseYear: b.baseYear,
    target: b.target,
    dimension: b.dimension,
    levels: b.levels,
    quarters: b.quarters.map((target, i) => ({ period: b.quarterIds[i], target })),
    months: b.months.map((target, i) => ({ period: b.monthPeriods[i], target })),
    entities: b.entities.map(entityJson),
    warnings: b.warnings,
  };
}

/** An entity of the breakdown, with its children (the second level) when there is one. */
function entityJson(e: BreakdownEntity): object {
  return {
    name: e.name,
    target: e.target,
    weight: e.weight,
    isNew: e.isNew,
    status: e.status,
    basis: e.basis,
    baseSales: e.baseSales,
    monthsActive: e.monthsActive,
    months: e.months,
    ...(e.ability !== undefined ? { ability: e.ability, locked: e.locked } : {}),
    ...(e.children ? { children: e.children.map(entityJson) } : {}),
  };
}

function quadrantJson(q: QuadrantResult): object {
  return {
    dimension: q.dimension,
    current: q.current.label,
    previous: q.previous.label,
    currentRange: range(q.current),
    previousRange: range(q.previous),
    periodNote: q.periodNote ?? null,
    method: q.method,
    xThreshold: q.xThreshold,
    yThreshold: q.yThreshold,
    points: [...q.points, ...q.apart].map((p) => ({
      name: p.name,
      sales: p.sales,
      previous: p.previous,
      growth: p.growth,
      quadrant: p.quadrant,
      action: p.action,
    })),
    live: q.live,
  };
}

function scorecardJson(s: ScorecardResult): object {
  return {
    dimension: s.dimension,
    current: s.current.label,
    previous: s.previous.label,
    currentRange: range(s.current),
    previousRange: range(s.previous),
    periodNote: s.periodNote ?? null,
    rows: s.rows.map((r) => ({ ...r })),
    warnings: s.warnings,
  };
}

function trackingJson(t: TrackingResult): object {
  const row = (x: TrackRow) => ({
    period: x.period,
    start: serialToISO(x.start),
    end: serialToISO(x.end),
    target: x.target,
    actual: x.actual,
    attainment: x.attainment,
    prorated: x.prorated,
    forecast: x.forecast,
    projection: x.projection,
    requiredPerDay: x.requiredPerDay,
    status: x.status,
  });
  return {
    asOf: serialToISO(t.asOf),
    year: t.year,
    dimension: t.dimension,
    targets: t.targetSource,
    months: t.months.map(row),
    quarters: t.quarters.map(row),
    weeks: t.weeks.map(row),
    entities: t.entities.map(trackEntityJson),
    children: t.children
      ? { dimension: t.children.dimension, entities: t.children.entities.map(trackEntityJson) }
      : null,
  };
}

const trackEntityJson = (e: TrackEntity): object => ({
  name: e.name,
  target: e.target,
  prorated: e.prorated,
  actual: e.actual,
  attainment: e.attainment,
  forecast: e.forecast,
  projection: e.projection,
  requiredPerDay: e.requiredPerDay,
  status: e.status,
});

function incentivesJson(r: IncentivesResult): object {
  return {
    dimension: r.dimension,
    current: r.current.label,
    currentRange: range(r.current),
    periodNote: r.periodNote ?? null,
    targets: r.targetSource,
    tiers: r.tiers,
    commission: {
      method: r.commission.method,
      thresholds: r.commission.thresholds,
      rates: r.commission.rates,
    },
    curve: r.curve.xs.map((x, i) => [x, r.curve.ys[i]]),
    targetIncentive: r.targetIncentive,
    rows: r.rows.map((x) => ({ ...x })),
    team: r.team,
    awardBasis: r.awardBasis,
    awards: r.awards.map((a) => ({
      kind: a.kind,
      period: a.label,
      start: serialToISO(a.start),
      end: serialToISO(a.end),
      best: a.best,
      winners: a.winners,
    })),
    bands: r.bands,
  };
}

const either = <T>(o: Outcome<T>, f: (r: T) => object): object => (o.ok ? f(o.result) : { error: o.error });

/** The --json report: a failed analysis is {"error": "..."} in its place. */
export function jsonReport(r: Report): string {
  const json = {
    file: r.file,
    out: r.out,
    today: serialToISO(r.today),
    fiscalStart: r.fiscalStart,
    table: {
      sheet: r.table.sheet,
      rows: r.table.rows,
      skipped: r.table.skippedRows.length,
      skippedRows: r.table.skippedRows,
      columns: r.table.columns,
      ...(r.table.encoding ? { encoding: r.table.encoding } : {}),
      ...(r.table.cutCells?.length ? { cutCells: r.table.cutCells } : {}),
      ...(r.table.valuesOnly ? { valuesOnly: true, sheetsLeftOut: r.table.sheetsLeftOut ?? [] } : {}),
    },
    breakdown: either(r.breakdown, breakdownJson),
    quadrant: either(r.quadrant, quadrantJson),
    scorecard: either(r.scorecard, scorecardJson),
    ...(r.tracking ? { tracking: either(r.tracking, trackingJson) } : {}),
    ...(r.incentives ? { incentives: either(r.incentives, incentivesJson) } : {}),
    ...(r.regenerated
      ? { regenerated: { replaced: r.regenerated.replaced, locksKept: r.regenerated.locksKept } }
      : {}),
  };
  return JSON.stringify(forOutput(json), null, 2);
}

const fmtNum = (n: number): string => {
  const v = outNumber(Math.round(n), true);
  if (v === null) return '—';
  return Math.abs(v) < 1e15 ? v.toLocaleString('en-US', { maximumFractionDigits: 0 }) : v.toExponential(4);
};
const fmtPct = (n: number | null): string => {
  const v = n === null ? null : outNumber(Math.round(n * 1000) / 10);
  return v === null ? '#N/A' : `${v.toFixed(1)}%`;
};
/** Pad to n columns; East Asian characters take two. */
const pad = (s: string, n: number): string => {
  const w = [...s].reduce((a, ch) => a + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  return s + ' '.repeat(Math.max(0, n - w));
};

function breakdownLines(b: BreakdownResult, lang: Lang): string[] {
  const lines = [MESSAGES[lang].breakdown(b.yearLabel, fmtNum(b.target))];
  b.quarters.forEach((t, i) => lines.push(`  ${pad(b.quarterLabels[i], 12)}${fmtNum(t).padStart(14)}`));
  for (const e of b.entities) {
    lines.push(`  ${pad(e.name, 16)}${fmtNum(e.target).padStart(14)}`);
    for (const c of e.children ?? []) lines.push(`    ${pad(c.name, 14)}${fmtNum(c.target).padStart(14)}`);
  }
  if (b.team) lines.push(`  ${teamLine(b, labels(lang))}`);
  for (const w of b.warnings) lines.push(`  ! ${w}`);
  return lines;
}

function quadrantLines(q: QuadrantResult, lang: Lang): string[] {
  const M = MESSAGES[lang];
  const L = labels(lang);
  const lines = [M.quadrant(q.dimension, q.current.label, q.previous.label)];
  if (q.periodNote) lines.push(`  ! ${q.periodNote}`);
  lines.push(
    Number.isFinite(q.xThreshold)
      ? `  ${M.thresholds(fmtNum(q.xThreshold), fmtPct(q.yThreshold))}`
      : `  ${L.noThresholds}`,
  );
  for (const p of q.points)
    lines.push(
      `  ${pad(p.name, 16)}${fmtNum(p.sales).padStart(14)}${fmtPct(p.growth).padStart(9)}  ${pad(L.quadrants[p.quadrant!], 24)}${p.action}`,
    );
  for (const p of q.apart)
    lines.push(`  ${pad(p.name, 16)}${fmtNum(p.sales).padStart(14)}${L.newGrowth.padStart(9)}  (${M.apart})`);
  return lines;
}

function scorecardLines(s: ScorecardResult, lang: Lang): string[] {
  const lines = [MESSAGES[lang].scorecard(s.dimension, s.current.label)];
  if (s.periodNote) lines.push(`  ! ${s.periodNote}`);
  for (const r of s.rows)
    lines.push(
      `  #${String(r.rank).padEnd(3)}${pad(r.name, 14)}${fmtNum(r.sales).padStart(14)}${(r.growth === null ? labels(lang).newGrowth : fmtPct(r.growth)).padStart(9)}  ${r.tier}`,
    );
  for (const w of s.warnings) lines.push(`  ! ${w}`);
  return lines;
}

function trackingLines(t: TrackingResult, lang: Lang): string[] {
  const L = labels(lang);
  const status = (s: string): string => (L.status as Record<string, string>)[s] ?? s;
  const lines = [`${L.trackingTitle(t.year, t.dimension)} — ${L.asOf} ${serialToISO(t.asOf)}`];
  for (const x of [...t.quarters, ...t.months.filter((m) => m.elapsed > 0 && m.elapsed < m.days)])
    lines.push(
      `  ${pad(x.period, 10)}${fmtNum(x.actual).padStart(14)} / ${fmtNum(x.target).padEnd(14)}${fmtPct(x.attainment).padStart(8)}  ${status(x.status)}`,
    );
  const entity = (e: TrackEntity, indent: string): string =>
    `${indent}${pad(e.name, 12 - indent.length)}${fmtNum(e.actual).padStart(14)} / ${fmtNum(e.prorated).padEnd(14)}${fmtPct(e.attainment).padStart(8)}  ${status(e.status)}`;
  for (const e of t.entities) lines.push(entity(e, '  '));
  // The reps, furthest behind first.
  if (t.children) {
    lines.push(`  ${L.byEntity(t.children.dimension)}`);
    for (const e of t.children.entities) lines.push(entity(e, '    '));
  }
  return lines;
}

function incentivesLines(r: IncentivesResult, lang: Lang): string[] {
  const L = labels(lang);
  const [colon, sep] = lang === 'zh' ? ['：', '、'] : [': ', ', '];
  const lines = [L.incentivesTitle(r.dimension, r.current.label)];
  if (r.periodNote) lines.push(`  ! ${r.periodNote}`);
  if (!r.targetSource) lines.push(`  ! ${L.noTargetsNote(r.dimension)}`);
  for (const x of r.rows)
    lines.push(
      `  ${pad(x.name, 14)}${fmtNum(x.sales).padStart(14)}${(x.target === null ? '' : fmtPct(x.attainment)).padStart(9)}  ${pad(x.tier, 8)}${L.commission} ${fmtNum(x.commission)}${x.payout === null ? '' : `, ${L.payout} ${fmtNum(x.payout)}`}`,
    );
  for (const a of r.awards)
    lines.push(
      `  ${a.kind === 'month' ? L.monthlyBest : L.quarterChampion} ${a.label}${colon}${a.winners.join(sep) || '—'}`,
    );
  const t = r.team;
  lines.push(
    `  ${L.totalCommission} ${fmtNum(t.commission)} (${fmtPct(t.commissionShare)})` +
      (t.payout === null ? '' : `, ${L.totalPayout} ${fmtNum(t.payout)} (${fmtPct(t.payoutShare)})`),
  );
  return lines;
}

/** The readable summary: the table, then each analysis (or why it was not made) in its place. */
export function summary(r: Report): string {
  const M = MESSAGES[r.lang];
  const lines = [M.table(r.table.rows, r.table.skippedRows.length, r.table.sheet)];
  if (r.table.encoding && !r.table.encoding.certain)
    lines.push(`  ${M.encodingGuess(r.table.encoding.name)}`);
  if (r.out && r.table.cutCells?.length) lines.push(`  ${M.sourceCut(r.table.cutCells.join(', '))}`);
  if (r.out && r.table.valuesOnly) lines.push(`  ${M.valuesOnly}`);
  if (r.out && r.table.sheetsLeftOut?.length)
    lines.push(`  ${M.sheetsLeftOut(r.table.sheetsLeftOut.join(', '))}`);
  for (const s of r.table.skippedRows.slice(0, 5)) lines.push(`  - ${s.reason}`);
  const cols = Object.entries(r.table.columns).map(([role, h]) => `${role}=${h}`);
  lines.push(`${M.columns}${cols.join(', ')}`);
  const failed: string[] = [];
  const part = <T>(
    kind: keyof typeof M.names,
    o: Outcome<T> | undefined,
    f: (x: T, lang: Lang) => string[],
  ) => {
    if (!o) return;
    lines.push('');
    if (o.ok) return void lines.push(...f(o.result, r.lang));
    failed.push(M.names[kind]);
    lines.push(M.notMade(M.names[kind], o.error));
    if (kind === 'breakdown' && !r.targetGiven) lines.push(`  ${M.targetHint}`);
  };
  part('breakdown', r.breakdown, breakdownLines);
  part('quadrant', r.quadrant, quadrantLines);
  part('scorecard', r.scorecard, scorecardLines);
  part('tracking', r.tracking, trackingLines);
  part('incentives', r.incentives, incentivesLines);
  lines.push('');
  const g = r.regenerated;
  if (g && g.locksKept > 0 && g.breakdownSheet) lines.push(M.locksKept(g.locksKept, g.breakdownSheet));
  if (g && g.replaced.length > 0) lines.push(M.replaced(g.replaced.join(r.lang === 'zh' ? '、' : ', ')));
  if (r.out) lines.push(M.wrote(r.out));
  if (failed.length > 0) lines.push(M.notMadeList(failed.join(r.lang === 'zh' ? '、' : ', ')));
  return lines.join('\n');
}
