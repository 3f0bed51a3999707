/**
 * The Incentives sheet: the layout of an IncentivesResult, all live native formulas (en-US, no decimal
 * literals: rates, thresholds and bounds sit in cells) that Excel 2016, Google Sheets, LibreOffice and
 * HyperFormula evaluate alike (no MAXIFS, TEXTJOIN or array arithmetic).
 * - Top: the period, the commission method, the target incentive for all, what the awards compare (inputs).
 * - Per entity: sales (SUMIFS), target (Target column or Goal Breakdown × month shares), attainment, reward tier
 *   (INDEX/MATCH on the scorecard's tier table), commission (marginal: one MAX(0, MIN(...)) term per tier;
 *   flat: INDEX/MATCH), target incentive (= the input, overwritable per row), payout % (piecewise linear on
 *   the curve table) and payout; a team row.
 * - Right: the tier table, the commission rate table, the payout curve (inputs), the breakdown's month shares.
 * - Below: team summary, attainment distribution (COUNTIFS) with a column chart, the awards of each month and
 *   quarter, and their workings (sales, targets, values, tie order per entity and period).
 */
import { a1, colLetter, range } from '../spec/a1';
import { autoWidths, FMT_DATE, FMT_MONEY, FMT_PCT, grid } from '../spec/grid';
import type { ChartSpec, SheetSpec, SpecCell } from '../spec/types';
import { breakdownLayout } from './breakdown-sheet';
import { labels, type Labels } from './i18n';
import type { AwardPeriod, IncentivesResult, IncentivesSheetCtx } from './incentives';
import { periodSpan, spanGuardF, spanned, type Span } from './layout';
import { breakdownShareBlock } from './scorecard-sheet';
import { dateCriteria } from './source';

type Put = (row: number, col: number, cell: SpecCell) => void;

const R_PERIOD = 3;
const METHOD = '$B$4';
const TI = '$B$5';
const BASIS = '$B$6';
const HEAD = 9;
/** Main table columns. */
const C = { name: 1, sales: 2, target: 3, att: 4, tier: 5, com: 6, ti: 7, pct: 8, pay: 9 } as const;
const RIGHT = 11;

/** Shared state of one layout: the grid, the labels and where things are. */
interface Lay {
  r: IncentivesResult;
  c: IncentivesSheetCtx;
  L: Labels;
  put: Put;
  first: number;
  last: number;
  /** Ranges of the input tables. */
  thr: string;
  lab: string;
  comT: string[];
  comR: string[];
  comTR: string;
  comRR: string;
  curX: string;
  curY: string;
  /** Breakdown month m's from / to / share cells (absolute). */
  bdCell: (m: number, k: 1 | 2 | 3) => string;
  /** The last row of the tables on the right (the workings start below it: they are wider). */
  rightEnd: number;
}

const col = (c: number, r1: number, r2: number): string => range(r1, c, r2, c, true);
const na = (x: number | null): number | string => (x === null ? '' : x);
const isFlat = `OR(${METHOD}="flat",${METHOD}="全额累进",${METHOD}="全额")`;
const byAttainment = `OR(${BASIS}="attainment",${BASIS}="达成率")`;

export function incentivesSheet(r: IncentivesResult, c: IncentivesSheetCtx): SheetSpec {
  const L = labels(c.lang);
  const { cells, put } = grid();
  const first = HEAD + 1;
  const last = first + r.rows.length - 1;
  const lay = rightTables(r, c, L, put, first, last);
  header(lay);
  // The main table adds up each entity's months in the awards' workings, so those come first.
  const below = summary(lay, last + 3);
  const chart = r.targetSource ? bandChart(lay, below.bandsAt) : null;
  const awardsAt = below.next + (chart ? 16 : 1);
  mainTable(lay, awards(lay, awardsAt));
  const hasT = r.targetSource !== null;
  const pair = (rg: string): string => rg.replace(/\$/g, '').replace(/:[A-Z]+/, `:${colLetter(RIGHT + 1)}`);
  const inputs = [
    hasT ? 'B4:B6' : 'B4',
    pair(lay.thr),
    pair(lay.comTR),
    ...(hasT ? [pair(lay.curX), range(first, C.ti, last, C.ti)] : []),
  ];
  return {
    kind: 'incentives',
    name: L.incentivesSheet,
    cells,
    columnWidths: autoWidths(cells, { min: 8, max: 24, first: 14 }),
    conditionalFormats: [
      { range: range(first, C.sales, last, C.sales), type: 'dataBar', color: '#63BE7B' },
      ...(hasT
        ? [
            {
              range: range(first, C.att, last, C.att),
              type: 'colorScale' as const,
              colors: ['#F8696B', '#FFEB84', '#63BE7B'] as [string, string, string],
            },
          ]
        : []),
    ],
    charts: chart ? [chart] : [],
    inputs,
  };
}

/** Title, period and the input cells of the top rows. */
function header(x: Lay): void {
  const { r, c, L, put } = x;
  put(1, 1, { v: L.incentivesTitle(r.dimension, r.current.label), style: 'title' });
  put(2, 1, { v: c.binding.note, style: c.binding.live ? 'subtitle' : 'warning' });
  put(R_PERIOD, 1, { v: L.currentPeriod, style: 'header' });
  put(R_PERIOD, 2, { v: r.current.start, fmt: FMT_DATE });
  put(R_PERIOD, 3, { v: r.current.end, fmt: FMT_DATE });
  put(R_PERIOD, 4, { v: r.current.label });
  put(4, 1, { v: L.commissionMethod, style: 'header' });
  put(4, 2, { v: r.commission.method === 'flat' ? 'flat' : L.methodMarginal, style: 'input' });
  put(4, 3, { v: L.methodHint, style: 'note' });
  const hasT = r.targetSource !== null;
  put(5, 1, { v: L.targetIncentiveAll, style: 'header' });
  put(5, 2, hasT ? { v: r.targetIncentive, fmt: FMT_MONEY, style: 'input' } : { v: L.noTarget });
  if (hasT) put(5, 3, { v: L.targetIncentiveHint, style: 'note' });
  put(6, 1, { v: L.awardsBy, style: 'header' });
  put(6, 2, { v: r.awardBasis === 'attainment' ? L.attainment : L.sales, style: hasT ? 'input' : undefined });
  if (hasT) put(6, 3, { v: L.awardsByHint, style: 'note' });
  const src =
    r.targetSource === 'column'
      ? L.targetsFromColumn
      : r.targetSource === 'breakdown'
        ? L.targetsFromBreakdown(c.bdT!.bd.sheet)
        : L.noTargetsNote(r.dimension);
  put(7, 1, { v: src, style: hasT ? 'note' : 'warning' });
  if (r.periodNote) put(8, 1, { v: r.periodNote, style: 'warning' });
}

/** The tier table, commission rates, payout curve and breakdown month shares, right of the main table. */
function rightTables(
  r: IncentivesResult,
  c: IncentivesSheetCtx,
  L: Labels,
  put: Put,
  first: number,
  last: number,
): Lay {
  const tierFirst = first;
  const tierLast = tierFirst + r.tiers.thresholds.length - 1;
  put(HEAD, RIGHT, { v: r.tiers.basis === 'sales' ? L.tiers : L.tiersAttainment, style: 'header' });
  put(HEAD, RIGHT + 1, { v: L.tier, style: 'header' });
  r.tiers.thresholds.forEach((t, i) => {
    put(tierFirst + i, RIGHT, { v: t, fmt: r.tiers.basis === 'sales' ? FMT_MONEY : '0%', style: 'input' });
    put(tierFirst + i, RIGHT + 1, { v: r.tiers.labels[i] ?? '', style: 'input' });
  });
  const comHead = Math.max(tierLast, tierFirst) + 2;
  // Each table: its title (a note, so it runs to the right instead of wrapping), short headers, the rows.
  const titled = (row: number, title: string, h1: string, h2: string): void => {
    put(row, RIGHT, { v: title, style: 'note' });
    put(row + 1, RIGHT, { v: h1, style: 'header' });
    put(row + 1, RIGHT + 1, { v: h2, style: 'header' });
  };
  titled(comHead, L.commissionRates, L.salesFrom, L.rate);
  const n = r.commission.thresholds.length;
  r.commission.thresholds.forEach((t, i) => {
    put(comHead + 2 + i, RIGHT, { v: t, fmt: FMT_MONEY, style: 'input' });
    put(comHead + 2 + i, RIGHT + 1, { v: r.commission.rates[i], fmt: '0.0%', style: 'input' });
  });
  const curHead = comHead + n + 3;
  const m = r.curve.xs.length;
  if (r.targetSource) {
    titled(curHead, L.payoutCurve, L.attainmentFrom, L.payoutPct);
    r.curve.xs.forEach((xv, i) => {
      put(curHead + 2 + i, RIGHT, { v: xv, fmt: '0%', style: 'input' });
      put(curHead + 2 + i, RIGHT + 1, { v: r.curve.ys[i], fmt: '0%', style: 'input' });
    });
    put(curHead + m + 2, RIGHT, { v: L.curveNote, style: 'note' });
  }
  const noteRow = r.targetSource ? curHead + m + 3 : curHead;
  put(noteRow, RIGHT, { v: L.tablesNote, style: 'note' });
  const shareHead = noteRow + 2;
  if (c.bdT) breakdownShareBlock(put, c.bdT, shareHead, RIGHT, L.bdShare, L.from, L.to, L.shareOfPeriod);
  return {
    r,
    c,
    L,
    put,
    first,
    last,
    thr: col(RIGHT, tierFirst, tierLast),
    lab: col(RIGHT + 1, tierFirst, tierLast),
    comT: r.commission.thresholds.map((_, i) => a1(comHead + 2 + i, RIGHT, true)),
    comR: r.commission.rates.map((_, i) => a1(comHead + 2 + i, RIGHT + 1, true)),
    comTR: col(RIGHT, comHead + 2, comHead + 1 + n),
    comRR: col(RIGHT + 1, comHead + 2, comHead + 1 + n),
    curX: col(RIGHT, curHead + 2, curHead + 1 + m),
    curY: col(RIGHT + 1, curHead + 2, curHead + 1 + m),
    bdCell: (mm, k) => a1(shareHead + 1 + mm, RIGHT + k, true),
    rightEnd: c.bdT ? shareHead + 12 : noteRow,
  };
}

/** Commission of the sales in `s`: flat (INDEX/MATCH) or marginal (one term per tier), as METHOD says. */
function commissionF(x: Lay, s: string): string {
  const { comT, comR } = x;
  const marginal = comT
    .map((t, i) =>
      i + 1 < comT.length ? `MAX(0,MIN(${s},${comT[i + 1]})-${t})*${comR[i]}` : `MAX(0,${s}-${t})*${comR[i]}`,
    )
    .join('+');
  return `=IF(${isFlat},IFERROR(INDEX(${x.comRR},MATCH(${s},${x.comTR},1))*${s},0),${marginal})`;
}

/** Payout % of the attainment in `a`: the curve, linear between its points, 0 below, capped at the last. */
function payoutPctF(x: Lay, a: string): string {
  const { curX: X, curY: Y } = x;
  const k = `MATCH(${a},${X},1)`;
  const at = (rg: string, off = ''): string => `INDEX(${rg},${k}${off})`;
  const mid = `${at(Y)}+(${at(Y, '+1')}-${at(Y)})*(${a}-${at(X)})/(${at(X, '+1')}-${at(X)})`;
  return `=IF(${a}="","",IFERROR(IF(${k}=ROWS(${X}),INDEX(${Y},ROWS(${X})),${mid}),0))`;
}

/** SUMIFS of a source column for the entity named in `nameRef` between two date cells (read in `span` if any). */
function sumF(
  x: Lay,
  colIndex: number,
  nameRef: string,
  from: string,
  to: string,
  span: Span | null,
): string {
  const b = x.c.binding;
  const date = x.c.table.mapping.date!;
  return spanned(
    b,
    span,
    (k) => `SUMIFS(${k(colIndex)},${k(x.c.dimIndex)},${b.crit(nameRef)},${dateCriteria(k(date), from, to)})`,
  );
}

/** Breakdown targets of the entity in `nameRef` over [from, to]: months overlapping [start, end]. */
function bdTargetF(
  x: Lay,
  nameRef: string,
  span: { start: number; end: number } | null,
  from: string,
  to: string,
) {
  const bdT = x.c.bdT!;
  const lay = breakdownLayout(bdT.bd);
  const sheet = `'${bdT.bd.sheet.replace(/'/g, "''")}'!`;
  const terms = bdT.months.flatMap((mo, m) => {
    const sum = `SUMIFS(${sheet}${lay.gridColumn(m)},${sheet}${lay.names},${x.c.binding.crit(nameRef)})`;
    if (!span) return [`${sum}*${x.bdCell(m, 3)}`];
    if (Math.max(span.start, mo.from) > Math.min(span.end, mo.to)) return [];
    const [f, t] = [x.bdCell(m, 1), x.bdCell(m, 2)];
    return [`${sum}*MAX(0,MIN(${to},${t})-MAX(${from},${f})+1)/(${t}-${f}+1)`];
  });
  return terms.length ? terms.join('+') : '0';
}

/** Target of the entity in `nameRef` over the date cells [from, to] (span: which breakdown months count). */
function targetF(
  x: Lay,
  nameRef: string,
  from: string,
  to: string,
  span: { start: number; end: number } | null,
  rows: Span | null,
) {
  if (x.r.targetSource === 'column') return sumF(x, x.c.table.mapping.target!, nameRef, from, to, rows);
  return bdTargetF(x, nameRef, span, from, to);
}

/**
 * The main table. An entity's sales (and a Target column's targets) of the period are the sum of its months in the
 * awards' workings while the period's dates are those of the first and the last month (the months tile it), else,
 * after an edit of B3:C3, a SUMIFS over whole columns.
 */
function mainTable(x: Lay, aw: { w: Workings; first: number }): void {
  const { r, L, put, first, last } = x;
  const hasT = r.targetSource !== null;
  const M = r.awards.filter((a) => a.kind === 'month').length;
  const tiled = M > 0 && r.awards[0].start === r.current.start && r.awards[M - 1].end === r.current.end;
  const same = `AND($B$3=$C$${aw.first},$C$3=$D$${aw.first + M - 1})`;
  const ofMonths = (f: string, cell: (i: number, j: number) => string, i: number): string =>
    tiled ? `IF(${same},SUM(${cell(i, 0)}:${cell(i, M - 1)}),${f})` : f;
  const heads = [
    r.dimension,
    L.sales,
    L.target,
    L.attainment,
    L.tier,
    L.commission,
    L.targetIncentive,
    L.payoutPct,
    L.payout,
  ];
  heads.forEach((h, i) => put(HEAD, i + 1, { v: h, style: 'header' }));
  const noT = { v: L.noTarget };
  r.rows.forEach((row, k) => {
    const n = first + k;
    const ref = (cc: number): string => a1(n, cc);
    put(n, C.name, { v: row.name });
    put(n, C.sales, {
      f: `=${ofMonths(sumF(x, x.c.table.mapping.amount!, `$A${n}`, '$B$3', '$C$3', null), aw.w.sales, k)}`,
      expect: row.sales,
      fmt: FMT_MONEY,
    });
    put(
      n,
      C.target,
      hasT
        ? {
            f: `=${r.targetSource === 'column' ? ofMonths(targetF(x, `$A${n}`, '$B$3', '$C$3', null, null), aw.w.target, k) : targetF(x, `$A${n}`, '$B$3', '$C$3', null, null)}`,
            expect: row.target ?? 0,
            fmt: FMT_MONEY,
          }
        : noT,
    );
    put(
      n,
      C.att,
      hasT
        ? {
            f: `=IF(${ref(C.target)}=0,"",${ref(C.sales)}/${ref(C.target)})`,
            expect: na(row.attainment),
            fmt: FMT_PCT,
          }
        : noT,
    );
    const tierOf = r.tiers.basis === 'sales' ? ref(C.sales) : ref(C.att);
    put(n, C.tier, { f: `=IFERROR(INDEX(${x.lab},MATCH(${tierOf},${x.thr},1)),"")`, expect: row.tier });
    put(n, C.com, { f: commissionF(x, ref(C.sales)), expect: row.commission, fmt: FMT_MONEY });
    if (!hasT) {
      for (const cc of [C.ti, C.pct, C.pay]) put(n, cc, noT);
      return;
    }
    put(n, C.ti, { f: `=${TI}`, expect: row.targetIncentive ?? 0, fmt: FMT_MONEY, style: 'input' });
    put(n, C.pct, { f: payoutPctF(x, ref(C.att)), expect: na(row.payoutPct), fmt: FMT_PCT });
    put(n, C.pay, {
      f: `=IF(${ref(C.pct)}="","",${ref(C.ti)}*${ref(C.pct)})`,
      expect: na(row.payout),
      fmt: FMT_MONEY,
    });
  });
  const t = last + 1;
  const sum = (cc: number, v: number | null): SpecCell => ({
    f: `=SUM(${range(first, cc, last, cc)})`,
    expect: v ?? 0,
    fmt: FMT_MONEY,
    style: 'total',
  });
  put(t, C.name, { v: L.teamTotal, style: 'total' });
  put(t, C.sales, sum(C.sales, r.team.sales));
  put(t, C.com, sum(C.com, r.team.commission));
  if (!hasT) return;
  put(t, C.target, sum(C.target, r.team.target));
  put(t, C.att, {
    f: `=IF(C${t}=0,"",B${t}/C${t})`,
    expect: na(r.team.attainment),
    fmt: FMT_PCT,
    style: 'total',
  });
  put(t, C.ti, sum(C.ti, r.team.targetIncentive));
  put(t, C.pay, sum(C.pay, r.team.payout));
}

/** Team summary (left) and the attainment distribution (right of it). Returns where the bands are and the next free row. */
function summary(x: Lay, at: number): { bandsAt: number; next: number } {
  const { r, L, put, first, last } = x;
  const t = last + 1;
  const hasT = r.targetSource !== null;
  const att = range(first, C.att, last, C.att, true);
  put(at, 1, { v: L.teamSummary, style: 'header' });
  put(at, 2, { v: '', style: 'header' });
  const line = (k: number, label: string, cell: SpecCell): void => {
    put(at + k, 1, { v: label });
    put(at + k, 2, cell);
  };
  const share = (cc: string, v: number | null): SpecCell => ({
    f: `=IF(B${t}=0,"",${cc}${t}/B${t})`,
    expect: na(v),
    fmt: FMT_PCT,
  });
  line(1, L.totalCommission, { f: `=F${t}`, expect: r.team.commission, fmt: FMT_MONEY });
  line(2, L.commissionShare, share('F', r.team.commissionShare));
  const noT = { v: L.noTarget };
  line(3, L.totalPayout, hasT ? { f: `=I${t}`, expect: r.team.payout ?? 0, fmt: FMT_MONEY } : noT);
  line(4, L.payoutShare, hasT ? share('I', r.team.payoutShare) : noT);
  line(
    5,
    L.atTarget(r.dimension),
    hasT ? { f: `=COUNTIF(${att},">=1")`, expect: r.team.atTarget ?? 0 } : noT,
  );
  // Attainment distribution: COUNTIFS over the attainment column, bounds in cells.
  const D = 4;
  [L.band, L.from, L.below, L.count].forEach((h, i) => put(at, D + i, { v: h, style: 'header' }));
  const b = r.bands.bounds;
  r.bands.counts.forEach((n, k) => {
    const row = at + 1 + k;
    put(row, D, { v: L.bandNames[k] ?? '' });
    if (k > 0) put(row, D + 1, { v: b[k - 1], fmt: '0%' });
    if (k < b.length) put(row, D + 2, { v: b[k], fmt: '0%' });
    const lo = `${att},">="&${a1(row, D + 1)}`;
    const hi = `${att},"<"&${a1(row, D + 2)}`;
    const f = k === 0 ? `COUNTIFS(${hi})` : k === b.length ? `COUNTIFS(${lo})` : `COUNTIFS(${lo},${hi})`;
    put(row, D + 3, { f: `=${f}`, expect: n, fmt: '0' });
  });
  const nt = at + 1 + r.bands.counts.length;
  put(nt, D, { v: L.noTargetBand });
  put(nt, D + 3, { f: `=ROWS(${att})-COUNT(${att})`, expect: r.bands.noTarget, fmt: '0' });
  return { bandsAt: at, next: nt + 2 };
}

function bandChart(x: Lay, at: number): ChartSpec {
  const { L, r } = x;
  const n = r.bands.counts.length;
  return {
    type: 'category',
    title: `${L.bandsTitle}: ${r.current.label}`,
    xTitle: L.band,
    yTitle: L.count,
    yFormat: '0',
    series: [
      { name: L.count, x: range(at + 1, 4, at + n, 4), y: range(at + 1, 7, at + n, 7), color: '#5B9BD5' },
    ],
    anchor: a1(at + n + 3, 1),
    width: 8,
    height: 14,
  };
}

/** The awards table and, below it, its workings. Returns the workings and the awards table's first row. */
function awards(x: Lay, at: number): { w: Workings; first: number } {
  const { r, L, put } = x;
  const hasT = r.targetSource !== null;
  put(at, 1, { v: L.awardsTitle(r.dimension), style: 'subtitle' });
  put(at + 1, 1, { v: L.awardsRule, style: 'note' });
  const heads = [L.award, L.period, L.from, L.to, L.winner, L.tied, L.tied, L.winners, L.winnerSales];
  if (hasT) heads.push(L.winnerAttainment);
  heads.forEach((h, i) => put(at + 2, i + 1, { v: h, style: 'header' }));
  const first = at + 3;
  const P = r.awards.length;
  r.awards.forEach((aw, j) => {
    const row = first + j;
    put(row, 1, { v: aw.kind === 'month' ? L.monthlyBest : L.quarterChampion });
    put(row, 2, { v: aw.label });
    put(row, 3, { v: aw.start, fmt: FMT_DATE });
    put(row, 4, { v: aw.end, fmt: FMT_DATE });
  });
  const w = workings(x, Math.max(first + P + 1, x.rightEnd + 2), (j) => [
    `$C$${first + j}`,
    `$D$${first + j}`,
  ]);
  r.awards.forEach((aw, j) => awardRow(x, first + j, j, aw, w));
  return { w, first };
}

interface Workings {
  n: number;
  sales: (i: number, j: number) => string;
  target: (i: number, j: number) => string;
  valueCol: (j: number) => string;
  best: (j: number) => string;
  tieCol: (j: number) => string;
  names: string;
}

/** One award row: the winners (up to three by tie order), their number, the first winner's sales and attainment. */
function awardRow(x: Lay, row: number, j: number, aw: AwardPeriod, w: Workings): void {
  const { put, r } = x;
  for (let k = 1; k <= 3; k++)
    put(row, 4 + k, {
      f: `=IFERROR(INDEX(${w.names},MATCH(${k},${w.tieCol(j)},0)),"")`,
      expect: aw.winners[k - 1] ?? '',
    });
  put(row, 8, {
    f: `=IF(${w.best(j)}>0,COUNTIF(${w.valueCol(j)},${w.best(j)}),0)`,
    expect: aw.winners.length,
    fmt: '0',
  });
  const i0 = aw.winners.length ? r.rows.findIndex((x2) => x2.name === aw.winners[0]) : -1;
  const pick = (rg: string): string => `INDEX(${rg},MATCH(1,${w.tieCol(j)},0))`;
  const colOf = (f: (i: number, j: number) => string): string => `${f(0, j)}:${f(w.n - 1, j)}`;
  put(row, 9, {
    f: `=IF(E${row}="","",${pick(colOf(w.sales))})`,
    expect: i0 < 0 ? '' : aw.sales[i0],
    fmt: FMT_MONEY,
  });
  if (!r.targetSource) return;
  const tg = pick(colOf(w.target));
  const t0 = i0 < 0 ? 0 : aw.targets![i0];
  put(row, 10, {
    f: `=IF(E${row}="","",IF(${tg}=0,"",${pick(colOf(w.sales))}/${tg}))`,
    expect: i0 < 0 || t0 === 0 ? '' : aw.sales[i0] / t0,
    fmt: FMT_PCT,
  });
}

/**
 * Per award: for a quarter, the first and last index of its months in `awards` (they tile it: months and fiscal
 * quarters are cut at the same month ends and at the period's end), else null.
 */
function quarterMonths(awards: readonly AwardPeriod[]): ([number, number] | null)[] {
  return awards.map((q) => {
    if (q.kind !== 'quarter') return null;
    const idx = awards.flatMap((m, k) =>
      m.kind === 'month' && m.start >= q.start && m.end <= q.end ? [k] : [],
    );
    if (!idx.length) return null;
    const [m0, m1] = [idx[0], idx[idx.length - 1]];
    const tiles =
      idx.length === m1 - m0 + 1 &&
      awards[m0].start === q.start &&
      awards[m1].end === q.end &&
      idx.every((k, i) => i === 0 || awards[k].start === awards[k - 1].end + 1);
    return tiles ? [m0, m1] : null;
  });
}

/** The workings of the awards: blocks of entity × period (sales, targets, values with the best, tie order). */
function workings(x: Lay, at: number, dates: (j: number) => [string, string]): Workings {
  const { r, L, put } = x;
  const n = r.rows.length;
  const P = r.awards.length;
  const hasT = r.targetSource !== null;
  let row = at;
  const block = (
    what: string,
    cell: (i: number, j: number, rowRef: string, at: number) => SpecCell,
  ): number => {
    put(row, 1, { v: L.workings(what, r.dimension), style: 'note' });
    put(row + 1, 1, { v: r.dimension, style: 'header' });
    r.awards.forEach((aw, j) => put(row + 1, 2 + j, { v: aw.label, style: 'header' }));
    const top = row + 2;
    r.rows.forEach((e, i) => {
      put(top + i, 1, { v: e.name });
      for (let j = 0; j < P; j++) put(top + i, 2 + j, cell(i, j, `$A${top + i}`, top + i));
    });
    row = top + n + 1;
    return top;
  };
  const amount = x.c.table.mapping.amount!;
  // A quarter is the sum of its months (the cells to its left), not another pass over the source; each month
  // reads only the block of source rows that holds its records while its guard (under the sales) is 0.
  const months = quarterMonths(r.awards);
  const guardRow = row + 2 + n;
  const spans = r.awards.map((aw, j) => {
    if (months[j]) return null;
    const s = periodSpan(x.c.table, x.c.binding, aw.start, aw.end);
    return s && { ...s, guard: a1(guardRow, 2 + j, true) };
  });
  const sumOfMonths = (at: number, j: number): string => {
    const [m0, m1] = months[j]!;
    return `=SUM(${a1(at, 2 + m0)}:${a1(at, 2 + m1)})`;
  };
  const sTop = block(L.sales, (i, j, nm, at) => ({
    f: months[j] ? sumOfMonths(at, j) : `=${sumF(x, amount, nm, ...dates(j), spans[j])}`,
    expect: r.awards[j].sales[i],
    fmt: FMT_MONEY,
  }));
  const guards = spans.some((sp) => sp);
  if (guards) {
    put(guardRow, 1, { v: L.spanRow, style: 'note' });
    spans.forEach((sp, j) => {
      if (sp)
        put(guardRow, 2 + j, {
          f: spanGuardF(x.c.binding, x.c.table.mapping.date!, sp, ...dates(j)),
          expect: 0,
          fmt: '0',
        });
    });
    row++;
  }
  const sales = (i: number, j: number): string => a1(sTop + i, 2 + j);
  let target = sales;
  let vTop = sTop;
  if (hasT) {
    const tTop = block(L.target, (i, j, nm, at) => ({
      f: months[j] ? sumOfMonths(at, j) : `=${targetF(x, nm, ...dates(j), r.awards[j], spans[j])}`,
      expect: r.awards[j].targets![i],
      fmt: FMT_MONEY,
    }));
    target = (i, j) => a1(tTop + i, 2 + j);
    vTop = block(L.awardValue, (i, j) => ({
      f: `=IF(${byAttainment},IF(${target(i, j)}=0,"",${sales(i, j)}/${target(i, j)}),${sales(i, j)})`,
      expect: na(r.awards[j].values[i]),
      fmt: r.awardBasis === 'attainment' ? FMT_PCT : FMT_MONEY,
    }));
  }
  // The best of each period, under the values (under the guards when the values are the sales).
  const bestRow = vTop === sTop && guards ? guardRow + 1 : vTop + n;
  put(bestRow, 1, { v: L.best, style: 'total' });
  const valueCol = (j: number): string => range(vTop, 2 + j, vTop + n - 1, 2 + j, true);
  r.awards.forEach((aw, j) =>
    put(bestRow, 2 + j, {
      f: `=MAX(${valueCol(j)})`,
      expect: aw.best,
      fmt: r.awardBasis === 'attainment' ? FMT_PCT : FMT_MONEY,
      style: 'total',
    }),
  );
  row = bestRow + 2;
  const best = (j: number): string => a1(bestRow, 2 + j, true);
  const tTop = block(L.tieOrder, (i, j) => {
    const v = a1(vTop + i, 2 + j);
    const aw = r.awards[j];
    const order = aw.best > 0 && aw.values[i] === aw.best ? aw.winners.indexOf(r.rows[i].name) + 1 : 0;
    return {
      f: `=IF(AND(${best(j)}>0,${v}=${best(j)}),COUNTIF(${colLetter(2 + j)}$${vTop}:${v},${best(j)}),0)`,
      expect: order,
      fmt: '0',
    };
  });
  return {
    n,
    sales,
    target,
    valueCol,
    best,
    tieCol: (j) => range(tTop, 2 + j, tTop + n - 1, 2 + j, true),
    names: range(tTop, 1, tTop + n - 1, 1, true),
  };
}
