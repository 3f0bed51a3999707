/**
 * The KPI Scorecard sheet: the layout of a ScorecardResult. Sums, counts and ratios are SUMIFS/COUNTIFS formulas
 * on the source; distinct counts and the sales cycle are values written by the add-in (marked *); a team row
 * sums the entities; targets come from a Target column (SUMIFS) or from the Goal Breakdown sheet (its months'
 * targets × each month's share of the period, shares being formulas of the period's dates).
 */
import { a1, colLetter, range, strLit } from '../spec/a1';
import { autoWidths, FMT_DATE, FMT_MONEY, FMT_PCT, grid } from '../spec/grid';
import type { ConditionalFormat, SheetSpec, SpecCell } from '../spec/types';
import { breakdownLayout } from './breakdown-sheet';
import { labels, type Labels } from './i18n';
import { periodRows, spanGuard, spanned, type Span } from './layout';
import type { breakdownTargets, ScorecardResult, ScorecardRow, ScorecardSheetCtx } from './scorecard';
import { dateCriteria } from './source';

type Put = (row: number, col: number, cell: SpecCell) => void;

/** One column of the scorecard: its header, its cell per row, and how the team row fills it. */
type Col = {
  head: string;
  value: boolean;
  fmt?: string;
  cell: (r: ScorecardRow, row: number) => SpecCell;
  cf?: 'bar' | 'scale';
  /** The team row sums the column (its value: teamValue of the team row). */
  sum?: boolean;
  teamValue?: (t: ScorecardRow) => number | null;
  /** The team row's cell when neither a sum nor the entity formula fits. */
  team?: (t: ScorecardRow, row: number) => SpecCell;
};

/** What the column builders share. */
interface ColCtx {
  res: ScorecardResult;
  c: ScorecardSheetCtx;
  L: Labels;
  cols: Col[];
  /**
   * `fn` over the source for the entity of `row` between the date cells `s` and `e`: `col` the column summed
   * (header index; null for COUNTIFS), `extra` more criteria (given the column references).
   */
  ifs: (
    fn: 'SUMIFS' | 'COUNTIFS',
    col: number | null,
    row: number,
    s: string,
    e: string,
    extra?: (k: (idx: number) => string) => string,
  ) => string;
  /** The same without the entity criterion (the team). */
  allIfs: (
    fn: 'SUMIFS' | 'COUNTIFS',
    col: number | null,
    s: string,
    e: string,
    extra?: (k: (idx: number) => string) => string,
  ) => string;
  letter: (head: string) => string;
  ordersLetter: () => string;
  na: (v: number | null) => number | string;
  targetF: (row: number) => string;
}

export function scorecardSheet(res: ScorecardResult, c: ScorecardSheetCtx): SheetSpec {
  const L = labels(c.lang);
  const { cells, put } = grid();
  const dateIdx = c.table.mapping.date!;
  // Each period's formulas read only the block of source rows that holds its records, while its guard (E3, E4)
  // says that no row of the period lies outside it (see layout.ts).
  const spans = new Map<string, Span | null>([
    ['$B$3', spanGuard(put, 3, 5, c.table, c.binding, res.current, '$B$3', '$C$3')],
    ['$B$4', spanGuard(put, 4, 5, c.table, c.binding, res.previous, '$B$4', '$C$4')],
  ]);
  if ([...spans.values()].some((x) => x)) put(3, 6, { v: L.spanNote, style: 'note' });
  const call = (
    fn: string,
    col: number | null,
    entity: string | null,
    s: string,
    e: string,
    extra?: (k: (idx: number) => string) => string,
  ): string =>
    spanned(
      c.binding,
      spans.get(s) ?? null,
      (k) =>
        `${fn}(${col !== null ? `${k(col)},` : ''}${entity ? `${k(c.dimIndex)},${entity},` : ''}${dateCriteria(k(dateIdx), s, e)}${extra ? extra(k) : ''})`,
    );
  const allIfs: ColCtx['allIfs'] = (fn, col, s, e, extra) => call(fn, col, null, s, e, extra);
  const ifs: ColCtx['ifs'] = (fn, col, row, s, e, extra) =>
    call(fn, col, c.binding.crit(`$A${row}`), s, e, extra);
  // Where the breakdown's month shares sit (right of the tier table); the targets of a row.
  let shareHead = 0; // set below, once the tier table's place is known
  let shareCol = 0;
  const shareCell = (m: number): string => a1(shareHead + 1 + m, shareCol + 3, true);
  const targetF = (row: number): string => {
    if (res.targetSource === 'column') return ifs('SUMIFS', c.table.mapping.target!, row, '$B$3', '$C$3');
    const bdT = c.bdT!;
    const lay = breakdownLayout(bdT.bd);
    const sheet = `'${bdT.bd.sheet.replace(/'/g, "''")}'!`;
    return bdT.months
      .map(
        (_, m) =>
          `SUMIFS(${sheet}${lay.gridColumn(m)},${sheet}${lay.names},${c.binding.crit(`$A${row}`)})*${shareCell(m)}`,
      )
      .join('+');
  };
  put(1, 1, { v: L.scorecardTitle(res.dimension, res.current.label), style: 'title' });
  put(2, 1, { v: c.binding.note, style: c.binding.live ? 'subtitle' : 'warning' });
  periodRows(put, res.current, res.previous, L);
  if (res.periodNote) put(5, 1, { v: res.periodNote, style: 'warning' });
  put(6, 1, { v: L.byDim(res.dimension), style: 'subtitle' });

  const cols: Col[] = [];
  const HEAD = 7;
  const first = HEAD + 1;
  const last = first + res.rows.length - 1;
  const letter = (head: string): string => colLetter(cols.findIndex((x) => x.head === head) + 1);
  const na = (v: number | null): number | string => (v === null ? '' : v);
  const ordersLetter = (): string => colLetter(cols.findIndex((k) => k.head.startsWith(L.orders)) + 1);
  const x: ColCtx = { res, c, L, cols, ifs, allIfs, letter, ordersLetter, na, targetF };
  baseColumns(x);
  customerColumns(x);
  leadsColumns(x);
  scoreColumns(x);
  targetColumns(x);
  const salesRange = (): string => `$${letter(L.sales)}$${first}:$${letter(L.sales)}$${last}`;
  cols.push({
    head: L.rank,
    value: false,
    fmt: '0',
    cell: (r, row) => ({ f: `=COUNTIF(${salesRange()},">"&${letter(L.sales)}${row})+1`, expect: r.rank }),
  });
  // Tier table to the right of the scorecard.
  const tierCol = cols.length + 3;
  const tierFirst = first;
  const tierLast = tierFirst + res.tiers.thresholds.length - 1;
  const thr = range(tierFirst, tierCol, tierLast, tierCol, true);
  const lab = range(tierFirst, tierCol + 1, tierLast, tierCol + 1, true);
  shareHead = tierLast + 3;
  shareCol = tierCol;
  cols.push({
    head: L.tier,
    value: false,
    cell: (r, row) => ({
      f: `=IFERROR(INDEX(${lab},MATCH(${letter(res.tiers.basis === 'sales' ? L.sales : L.attainment)}${row},${thr},1)),"")`,
      expect: r.tier,
    }),
  });

  cols.forEach((col, i) => put(HEAD, i + 1, { v: col.head, style: 'header' }));
  res.rows.forEach((r, k) => {
    const row = first + k;
    cols.forEach((col, i) => {
      const cell = col.cell(r, row);
      if (col.fmt) cell.fmt = col.fmt;
      put(row, i + 1, cell);
    });
  });
  // The team: sums of the columns that add up, the same ratios of those sums, team-wide distinct counts.
  const teamRow = last + 1;
  cols.forEach((col, i) => {
    let cell: SpecCell | null;
    if (i === 0) cell = { v: res.team.name };
    else if (col.head === L.rank || col.head === L.tier) cell = null;
    else if (col.sum) {
      const L1 = colLetter(i + 1);
      cell = {
        f: `=SUM(${L1}${first}:${L1}${last})`,
        expect: (col.teamValue ?? ((t) => t.sales))(res.team) ?? 0,
      };
    } else if (col.team) cell = col.team(res.team, teamRow);
    else cell = col.cell(res.team, teamRow);
    if (!cell) return;
    if (col.fmt) cell.fmt = col.fmt;
    put(teamRow, i + 1, { ...cell, style: 'total' });
  });
  put(HEAD - 1, tierCol, { v: L.tier, style: 'subtitle' });
  put(HEAD, tierCol, { v: res.tiers.basis === 'sales' ? L.tiers : L.tiersAttainment, style: 'header' });
  put(HEAD, tierCol + 1, { v: L.tier, style: 'header' });
  res.tiers.thresholds.forEach((t, i) => {
    put(tierFirst + i, tierCol, {
      v: t,
      fmt: res.tiers.basis === 'sales' ? FMT_MONEY : '0%',
      style: 'input',
    });
    put(tierFirst + i, tierCol + 1, { v: res.tiers.labels[i] ?? '', style: 'input' });
  });
  if (c.bdT) breakdownShareBlock(put, c.bdT, shareHead, shareCol, L.bdShare, L.from, L.to, L.shareOfPeriod);
  let noteRow = teamRow + 2;
  if (cols.some((c) => c.value))
    put(noteRow++, 1, { v: L.valuesNote(c.generatedAt ?? res.current.label), style: 'note' });
  if (c.leadsUnmatched) put(noteRow++, 1, { v: c.leadsUnmatched, style: 'warning' });

  const cfs: ConditionalFormat[] = [];
  cols.forEach((col, i) => {
    const rg = range(first, i + 1, last, i + 1);
    if (col.cf === 'bar') cfs.push({ range: rg, type: 'dataBar', color: '#63BE7B' });
    if (col.cf === 'scale')
      cfs.push({ range: rg, type: 'colorScale', colors: ['#F8696B', '#FFEB84', '#63BE7B'] });
  });
  return {
    kind: 'scorecard',
    name: L.scorecardSheet,
    cells,
    columnWidths: autoWidths(cells, { min: 8, max: 26, first: 12 }),
    freeze: { rows: HEAD, columns: 1 },
    conditionalFormats: cfs,
    inputs: ['B3:C4', `${a1(tierFirst, tierCol)}:${a1(tierLast, tierCol + 1)}`],
  };
}

/** Each breakdown month, its dates and its share inside the period (formulas of the period's dates). */
export function breakdownShareBlock(
  put: Put,
  bdT: NonNullable<ReturnType<typeof breakdownTargets>>,
  head: number,
  col: number,
  month: string,
  from: string,
  to: string,
  share: string,
): void {
  [month, from, to, share].forEach((h, i) => put(head, col + i, { v: h, style: 'header' }));
  bdT.months.forEach((x, m) => {
    const row = head + 1 + m;
    put(row, col, { v: m + 1, fmt: '0' });
    put(row, col + 1, { v: x.from, fmt: FMT_DATE });
    put(row, col + 2, { v: x.to, fmt: FMT_DATE });
    const f = a1(row, col + 1);
    const t = a1(row, col + 2);
    put(row, col + 3, {
      f: `=MAX(0,MIN($C$3,${t})-MAX($B$3,${f})+1)/(${t}-${f}+1)`,
      expect: x.share,
      fmt: '0.0%',
    });
  });
}

/** Name, sales, previous period, growth, orders and average order value. */
function baseColumns(x: ColCtx): void {
  const { res, c, L, cols, ifs, letter, ordersLetter, na } = x;
  cols.push({ head: res.dimension, value: false, cell: (r) => ({ v: r.name }) });
  cols.push({
    head: L.sales,
    value: false,
    sum: true,
    fmt: FMT_MONEY,
    cf: 'bar',
    cell: (r, row) => ({
      f: `=${ifs('SUMIFS', c.table.mapping.amount!, row, '$B$3', '$C$3')}`,
      expect: r.sales,
    }),
  });
  cols.push({
    head: L.previous,
    value: false,
    sum: true,
    teamValue: (t) => t.previous,
    fmt: FMT_MONEY,
    cell: (r, row) => ({
      f: `=${ifs('SUMIFS', c.table.mapping.amount!, row, '$B$4', '$C$4')}`,
      expect: r.previous,
    }),
  });
  cols.push({
    head: L.growth,
    value: false,
    fmt: FMT_PCT,
    cf: 'scale',
    cell: (r, row) => {
      const s = letter(L.sales);
      const p = letter(L.previous);
      return {
        f: `=IF(${p}${row}=0,${strLit(L.newGrowth)},(${s}${row}-${p}${row})/ABS(${p}${row}))`,
        expect: r.growth ?? L.newGrowth,
      };
    },
  });
  const ordersAreValues = c.ordersAreValues;
  cols.push({
    head: ordersAreValues ? `${L.orders} *` : L.orders,
    value: ordersAreValues,
    sum: true,
    teamValue: (t) => t.orders,
    fmt: '#,##0',
    cell: (r, row) => {
      if (ordersAreValues) return { v: r.orders };
      if (c.ordersCol)
        return {
          f: `=${ifs('SUMIFS', c.table.mapping.orders!, row, '$B$3', '$C$3')}`,
          expect: r.orders,
        };
      const a = c.table.mapping.amount!;
      return {
        f: `=${ifs('COUNTIFS', null, row, '$B$3', '$C$3', (k) => `,${k(a)},">=0"`)}+${ifs('COUNTIFS', null, row, '$B$3', '$C$3', (k) => `,${k(a)},"<0"`)}`,
        expect: r.orders,
      };
    },
  });
  cols.push({
    head: L.aov,
    value: false,
    fmt: FMT_MONEY,
    cell: (r, row) => ({
      f: `=IF(${ordersLetter()}${row}=0,"",${letter(L.sales)}${row}/${ordersLetter()}${row})`,
      expect: na(r.aov),
    }),
  });
}

/** Customers, new customers and the repeat share (values the add-in writes). */
function customerColumns(x: ColCtx): void {
  const { c, L, cols } = x;
  if (c.customers) {
    cols.push({ head: `${L.customers} *`, value: true, fmt: '#,##0', cell: (r) => ({ v: r.customers }) });
    cols.push({
      head: `${L.newCustomers} *`,
      value: true,
      fmt: '#,##0',
      cell: (r) => ({ v: r.newCustomers }),
    });
    cols.push({ head: `${L.repeatShare} *`, value: true, fmt: FMT_PCT, cell: (r) => ({ v: r.repeatShare }) });
  }
}

/** Leads, won and conversion, from the sales table or a leads table. */
function leadsColumns(x: ColCtx): void {
  const { c, L, cols, ifs, letter, ordersLetter, na } = x;
  if (c.leads) {
    // SUMIFS of the leads / won columns, on the sales table or on the leads table (values when that
    // table cannot be read live by formulas).
    const lf = c.leadsFrom;
    const live = !lf || lf.binding.live;
    const sumOf = (col: number, row: number): string =>
      lf
        ? `SUMIFS(${lf.binding.col(col)},${lf.binding.col(lf.dim)},${lf.binding.crit(`$A${row}`)},${dateCriteria(lf.binding.col(lf.t.mapping.date!), '$B$3', '$C$3')})`
        : ifs('SUMIFS', col, row, '$B$3', '$C$3');
    const leadsCol = lf ? lf.t.mapping.amount! : c.table.mapping.leads!;
    const wonCol = lf ? lf.t.mapping.won : c.table.mapping.won;
    cols.push({
      head: live ? L.leads : `${L.leads} *`,
      value: !live,
      sum: true,
      teamValue: (t) => t.leads,
      fmt: '#,##0',
      cell: (r, row) => (live ? { f: `=${sumOf(leadsCol, row)}`, expect: r.leads ?? 0 } : { v: r.leads }),
    });
    if (c.won)
      cols.push({
        head: live ? L.won : `${L.won} *`,
        value: !live,
        sum: true,
        teamValue: (t) => t.won,
        fmt: '#,##0',
        cell: (r, row) => (live ? { f: `=${sumOf(wonCol!, row)}`, expect: r.won ?? 0 } : { v: r.won }),
      });
    cols.push({
      head: L.conversion,
      value: false,
      fmt: FMT_PCT,
      cell: (r, row) => {
        const l = `${letter(cols.find((x) => x.head.startsWith(L.leads))!.head)}${row}`;
        const w = c.won
          ? `${letter(cols.find((x) => x.head.startsWith(L.won))!.head)}${row}`
          : `${ordersLetter()}${row}`;
        return { f: `=IF(${l}=0,"",${w}/${l})`, expect: na(r.conversion) };
      },
    });
  }
}

/** The sales cycle (values) and the mean satisfaction score. */
function scoreColumns(x: ColCtx): void {
  const { c, L, cols, ifs, allIfs, na } = x;
  if (c.cycle)
    cols.push({ head: `${L.cycle} *`, value: true, fmt: '0.0', cell: (r) => ({ v: r.cycleDays }) });
  if (c.satisfaction) {
    // Mean of the scores: their sum over the number of numeric score cells (COUNTIFS >=0 plus <0 counts
    // numbers only, as the reader does), #N/A for an entity without scores in the period.
    const s = c.table.mapping.satisfaction!;
    cols.push({
      head: L.satisfaction,
      value: false,
      fmt: '0.0',
      cf: 'scale',
      team: (t) => {
        const all = (fn: 'SUMIFS' | 'COUNTIFS', col: number | null, op = ''): string =>
          allIfs(fn, col, '$B$3', '$C$3', op ? (k) => `,${k(s)},"${op}"` : undefined);
        const count = `${all('COUNTIFS', null, '>=0')}+${all('COUNTIFS', null, '<0')}`;
        return { f: `=IF((${count})=0,"",${all('SUMIFS', s)}/(${count}))`, expect: na(t.satisfaction) };
      },
      cell: (r, row) => {
        const count = `${ifs('COUNTIFS', null, row, '$B$3', '$C$3', (k) => `,${k(s)},">=0"`)}+${ifs('COUNTIFS', null, row, '$B$3', '$C$3', (k) => `,${k(s)},"<0"`)}`;
        return {
          f: `=IF((${count})=0,"",${ifs('SUMIFS', s, row, '$B$3', '$C$3')}/(${count}))`,
          expect: na(r.satisfaction),
        };
      },
    });
  }
}

/** Target and attainment, from a Target column or the Goal Breakdown. */
function targetColumns(x: ColCtx): void {
  const { res, L, cols, letter, na, targetF } = x;
  if (res.targetSource) {
    cols.push({
      head: L.target,
      value: false,
      fmt: FMT_MONEY,
      sum: true,
      teamValue: (t) => t.target,
      cell: (r, row) => ({ f: `=${targetF(row)}`, expect: r.target ?? 0 }),
    });
    cols.push({
      head: L.attainment,
      value: false,
      fmt: FMT_PCT,
      cf: 'scale',
      cell: (r, row) => ({
        f: `=IF(${letter(L.target)}${row}=0,"",${letter(L.sales)}${row}/${letter(L.target)}${row})`,
        expect: na(r.attainment),
      }),
    });
  }
}
