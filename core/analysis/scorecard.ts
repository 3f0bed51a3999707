/**
 * KPI scorecard (绩效看板): per entity (default rep, else region) the period's KPIs, rank and reward tier.
 * Sums, counts and ratios are SUMIFS/COUNTIFS formulas on the source; distinct counts (customers, new
 * customers, repeat share) and the sales cycle are values written by the add-in, marked with *.
 */
import { a1, range, strLit } from '../spec/a1';
import { FMT_DATE, FMT_MONEY, FMT_PCT, grid } from '../spec/grid';
import type { ConditionalFormat, SheetSpec, SpecCell } from '../spec/types';
import { findHeader, keyColumn } from '../table/labels';
import type { Lang, SalesTable } from '../types';
import { median } from '../kpi/math';
import type { Period } from './calendar';
import { entities as entitiesOf, periodSums, resolveDimension, tablePeriods } from './context';
import { labels } from './i18n';
import { bindSource, dateCriteria, type SourceRef } from './source';

export interface ScorecardOptions {
  lang?: Lang;
  by?: string | number;
  period?: string;
  /** The host's date (serial): periods that ended before it are compared whole. */
  today?: number;
  fiscalStart?: number;
  /** Compare to date (like-for-like) even when the period has ended. */
  toDate?: boolean;
  source: SourceRef;
  dataSheetName?: string;
  /** Reward tiers by sales: ascending thresholds and their labels. Default: 0, median, 75th percentile. */
  tiers?: { thresholds: number[]; labels: string[] };
  /** Shown in the note about values written by the add-in (e.g. "2026-11-23"). */
  generatedAt?: string;
  /**
   * A separate leads table (read with `measure: 'leads'`, e.g. one row per month and rep with Leads, Won,
   * Lost) for the conversion when the sales table has no leads column. Matched by the dimension's role
   * (or header text) and the period.
   */
  leadsTable?: { table: SalesTable; source: SourceRef } | null;
}

export interface ScorecardRow {
  name: string;
  sales: number;
  previous: number;
  growth: number | null;
  orders: number;
  aov: number | null;
  customers: number | null;
  newCustomers: number | null;
  repeatShare: number | null;
  leads: number | null;
  won: number | null;
  conversion: number | null;
  cycleDays: number | null;
  /** Mean customer satisfaction of the period's records that have a score (a Satisfaction column). */
  satisfaction: number | null;
  target: number | null;
  attainment: number | null;
  rank: number;
  tier: string;
}

export interface ScorecardResult {
  dimension: string;
  current: Period;
  previous: Period;
  rows: ScorecardRow[];
  tiers: { thresholds: number[]; labels: string[] };
  live: boolean;
  /** One line when the data ends well before a closed period does (a truncated export?), else null. */
  periodNote: string | null;
  /** What the user should know (e.g. a leads table that cannot be matched), in the user's language. */
  warnings: string[];
}

export type ScorecardOutput =
  | { ok: true; result: ScorecardResult; sheet: SheetSpec; dataSheet?: SheetSpec }
  | { ok: false; error: string };

/**
 * Per entity: the number of distinct codes among the records that pass `keep` (code -1 = blank, skipped),
 * and (`marked`, per code) how many of them are marked. A code's first entity is kept in an array; only the
 * pairs of a code met under a second entity (an order split between reps, a customer served by several) go
 * through a set.
 */
function distinctPairs(
  entity: Int32Array,
  codes: Int32Array,
  E: number,
  K: number,
  keep: (i: number) => boolean,
  marked?: Uint8Array,
): { all: Float64Array; marked: Float64Array } {
  const all = new Float64Array(E);
  const inMarked = new Float64Array(E);
  const first = new Int32Array(K).fill(-1);
  let more: Set<number> | null = null;
  for (let i = 0; i < entity.length; i++) {
    const e = entity[i];
    const k = codes[i];
    if (e < 0 || k < 0) continue;
    const f = first[k];
    if (f === e || !keep(i)) continue;
    if (f >= 0) {
      const key = k * E + e;
      if ((more ??= new Set()).has(key)) continue;
      more.add(key);
    } else first[k] = e;
    all[e]++;
    if (marked && marked[k]) inMarked[e]++;
  }
  return { all, marked: inMarked };
}

function nice(x: number): number {
  if (!(x > 0)) return 0;
  const p = Math.pow(10, Math.floor(Math.log10(x)) - 1);
  return Math.round(x / p) * p;
}

export function kpiScorecard(table: SalesTable, opts: ScorecardOptions): ScorecardOutput {
  const lang = opts.lang ?? 'en';
  const L = labels(lang);
  const dim = resolveDimension(table, opts.by, ['rep', 'region', 'product'], lang);
  if (!dim.ok) return { ok: false, error: dim.message };
  const per = tablePeriods(table, { ...opts, lang });
  if ('error' in per) return { ok: false, error: per.error };
  const ent = entitiesOf(table, dim.index);
  const E = ent.names.length;
  const { start, end } = per.current;
  const cur = periodSums(table, ent.codes, E, per.current);
  const prev = periodSums(table, ent.codes, E, per.previous);
  const m = table.mapping;
  const n = table.length;
  const inCur = (i: number): boolean => table.date[i] >= start && table.date[i] < end + 1;

  // Numeric columns summed per entity in the period.
  const sumCol = (arr: Float64Array | undefined): Float64Array | null => {
    if (!arr) return null;
    const out = new Float64Array(E);
    for (let i = 0; i < n; i++) {
      const c = ent.codes[i];
      if (c >= 0 && inCur(i) && !Number.isNaN(arr[i])) out[c] += arr[i];
    }
    return out;
  };
  const ordersCol = sumCol(table.numbers.orders);
  let leads = sumCol(table.numbers.leads);
  let won = sumCol(table.numbers.won);
  // Or from a separate leads table (it wins over the sales table's columns): per entity (by name) in the
  // same period. A leads table without the dimension gives no conversion, and the sheet says why.
  let leadsFrom: { t: SalesTable; dim: number; binding: ReturnType<typeof bindSource> } | null = null;
  let leadsUnmatched: string | null = null;
  const lt = opts.leadsTable?.table;
  if (lt) {
    const role = (Object.keys(m) as (keyof typeof m)[]).find((k) => m[k] === dim.index && k !== 'amount');
    const ldim = role && lt.mapping[role] !== undefined ? lt.mapping[role]! : findHeader(lt, ent.header);
    if (ldim >= 0) {
      const lent = entitiesOf(lt, ldim);
      const codeOf = new Map(ent.names.map((nm, i) => [nm.toLowerCase(), i]));
      const map = lent.names.map((nm) => codeOf.get(nm.toLowerCase()) ?? -1);
      leads = new Float64Array(E);
      const lw = lt.numbers.won;
      won = lw ? new Float64Array(E) : null;
      for (let i = 0; i < lt.length; i++) {
        const c = lent.codes[i] >= 0 ? map[lent.codes[i]] : -1;
        if (c < 0 || lt.date[i] < start || lt.date[i] >= end + 1) continue;
        leads[c] += lt.amount[i];
        if (won && lw && !Number.isNaN(lw[i])) won[c] += lw[i];
      }
      const cols = [
        lt.mapping.date!,
        lt.mapping.amount!,
        ldim,
        ...(lt.mapping.won !== undefined ? [lt.mapping.won] : []),
      ];
      leadsFrom = {
        t: lt,
        dim: ldim,
        binding: bindSource(lt, opts.leadsTable!.source, cols, lang, undefined),
      };
    } else if (!leads)
      leadsUnmatched = L.leadsTableNoDim(
        opts.leadsTable!.source.sheet,
        ent.header,
        lt.headers.filter((h) => h).join(', '),
      );
  }
  const targets = sumCol(table.numbers.target);

  // Orders: an orders column, else distinct order IDs (a formula when every row is one order), else rows.
  let orderIdsDistinct: Float64Array | null = null;
  let idsAreRows = true;
  if (!ordersCol && m.orderId !== undefined) {
    const ids = keyColumn(table, m.orderId, inCur); // only the period's IDs are counted
    const rowsPer = new Float64Array(E);
    for (let i = 0; i < n; i++) if (ent.codes[i] >= 0 && inCur(i)) rowsPer[ent.codes[i]]++;
    orderIdsDistinct = distinctPairs(ent.codes, ids.codes, E, ids.count, inCur).all;
    for (let e = 0; e < E; e++) if (orderIdsDistinct[e] !== rowsPer[e]) idsAreRows = false;
  }

  // Customers: distinct in the period; new = first order ever falls in the period; repeat = the others.
  let customers: number[] | null = null;
  let newCustomers: number[] | null = null;
  if (m.customer !== undefined) {
    const cust = keyColumn(table, m.customer);
    const firstDate = new Float64Array(cust.count).fill(Infinity);
    for (let i = 0; i < n; i++) {
      const k = cust.codes[i];
      if (k >= 0 && table.date[i] < firstDate[k]) firstDate[k] = table.date[i];
    }
    const K = cust.count;
    const isNew = new Uint8Array(K);
    for (let k = 0; k < K; k++) isNew[k] = firstDate[k] >= start && firstDate[k] < end + 1 ? 1 : 0;
    const { all: counts, marked: fresh } = distinctPairs(ent.codes, cust.codes, E, K, inCur, isNew);
    customers = Array.from(counts);
    newCustomers = Array.from(fresh);
  }

  // Sales cycle: mean days from first contact to close, over the period's records with both dates. Without a
  // close-date column the record's own date (the order date) is the close.
  let cycle: (number | null)[] | null = null;
  const contact = table.dates.contactDate;
  const close = m.closeDate !== undefined && m.closeDate !== m.date ? table.dates.closeDate : table.date;
  if (contact && close) {
    const s = new Float64Array(E);
    const k = new Float64Array(E);
    for (let i = 0; i < n; i++) {
      const c = ent.codes[i];
      if (c < 0 || !inCur(i) || Number.isNaN(contact[i]) || Number.isNaN(close[i]) || close[i] < contact[i])
        continue;
      s[c] += close[i] - contact[i];
      k[c]++;
    }
    cycle = Array.from(s, (v, e) => (k[e] ? v / k[e] : null));
  }

  // Customer satisfaction: the mean score of the period's records that have one.
  let satisfaction: (number | null)[] | null = null;
  const sat = table.numbers.satisfaction;
  if (sat) {
    const s = new Float64Array(E);
    const k = new Float64Array(E);
    for (let i = 0; i < n; i++) {
      const c = ent.codes[i];
      if (c < 0 || !inCur(i) || Number.isNaN(sat[i])) continue;
      s[c] += sat[i];
      k[c]++;
    }
    satisfaction = Array.from(s, (v, e) => (k[e] ? v / k[e] : null));
  }

  const rows: ScorecardRow[] = [];
  for (let e = 0; e < E; e++) {
    if (cur.counts[e] === 0) continue;
    const sales = cur.sums[e];
    const p = prev.sums[e];
    const orders = ordersCol ? ordersCol[e] : orderIdsDistinct ? orderIdsDistinct[e] : cur.counts[e];
    const conv = leads ? (leads[e] ? (won ? won[e] : orders) / leads[e] : null) : null;
    rows.push({
      name: ent.names[e],
      sales,
      previous: p,
      growth: p === 0 ? null : (sales - p) / Math.abs(p),
      orders,
      aov: orders ? sales / orders : null,
      customers: customers ? customers[e] : null,
      newCustomers: newCustomers ? newCustomers[e] : null,
      repeatShare:
        customers && newCustomers && customers[e] ? (customers[e] - newCustomers[e]) / customers[e] : null,
      leads: leads ? leads[e] : null,
      won: won ? won[e] : null,
      conversion: conv,
      cycleDays: cycle ? cycle[e] : null,
      satisfaction: satisfaction ? satisfaction[e] : null,
      target: targets ? targets[e] : null,
      attainment: targets ? (targets[e] ? sales / targets[e] : null) : null,
      rank: 0,
      tier: '',
    });
  }
  if (!rows.length) return { ok: false, error: L.errNoSalesIn(per.current.label) };
  rows.sort((a, b) => b.sales - a.sales || a.name.localeCompare(b.name));
  for (const r of rows) r.rank = rows.filter((o) => o.sales > r.sales).length + 1;
  const sorted = rows.map((r) => r.sales).sort((a, b) => a - b);
  // Default tiers: from 0, from the median and from the 75th percentile of the entities' sales (rounded to
  // two significant digits), keeping only strictly ascending thresholds (MATCH needs them ascending).
  const defaultTiers = (): { thresholds: number[]; labels: string[] } => {
    const cuts = [0, nice(median(sorted)), nice(sorted[Math.ceil(0.75 * (sorted.length - 1))])];
    const thresholds: number[] = [];
    const names: string[] = [];
    cuts.forEach((t, i) => {
      if (i === 0 || t > thresholds[thresholds.length - 1]) {
        thresholds.push(t);
        names.push(L.tierNames[i]);
      }
    });
    return { thresholds, labels: names };
  };
  const tiers = opts.tiers ?? defaultTiers();
  // MATCH(x, thresholds, 1) semantics: the last threshold <= x.
  for (const r of rows) {
    let t = -1;
    for (let i = 0; i < tiers.thresholds.length; i++) if (tiers.thresholds[i] <= r.sales) t = i;
    r.tier = t >= 0 ? (tiers.labels[t] ?? '') : '';
  }

  const used = [m.date!, m.amount!, dim.index];
  for (const role of ['orders', 'leads', 'won', 'target', 'satisfaction'] as const)
    if (m[role] !== undefined) used.push(m[role]!);
  const binding = bindSource(table, opts.source, used, lang, opts.dataSheetName);
  const result: ScorecardResult = {
    dimension: ent.header,
    current: per.current,
    previous: per.previous,
    rows,
    tiers,
    live: binding.live,
    periodNote: per.note,
    warnings: leadsUnmatched ? [leadsUnmatched] : [],
  };

  // ---- The sheet ----
  const { cells, put } = grid();
  const date = binding.col(m.date!);
  const dimCol = binding.col(dim.index);
  const ifs = (
    fn: 'SUMIFS' | 'COUNTIFS',
    col: string | null,
    row: number,
    s: string,
    e: string,
    extra = '',
  ): string =>
    `${fn}(${col ? `${col},` : ''}${dimCol},${binding.crit(`$A${row}`)},${dateCriteria(date, s, e)}${extra})`;
  put(1, 1, { v: L.scorecardTitle(ent.header, per.current.label), style: 'title' });
  put(2, 1, { v: binding.note, style: binding.live ? 'subtitle' : 'warning' });
  put(3, 1, { v: L.currentPeriod, style: 'header' });
  put(3, 2, { v: start, fmt: FMT_DATE, style: 'input' });
  put(3, 3, { v: end, fmt: FMT_DATE, style: 'input' });
  put(3, 4, { v: per.current.label });
  put(4, 1, { v: L.previousPeriod, style: 'header' });
  put(4, 2, { v: per.previous.start, fmt: FMT_DATE, style: 'input' });
  put(4, 3, { v: per.previous.end, fmt: FMT_DATE, style: 'input' });
  put(4, 4, { v: per.previous.label });

  type Col = {
    head: string;
    value: boolean;
    fmt?: string;
    cell: (r: ScorecardRow, row: number) => SpecCell;
    cf?: 'bar' | 'scale';
  };
  const cols: Col[] = [];
  const HEAD = 7;
  const first = HEAD + 1;
  const last = first + rows.length - 1;
  const letter = (head: string): string => String.fromCharCode(65 + cols.findIndex((c) => c.head === head));
  const na = (x: number | null): number | string => (x === null ? '' : x);
  cols.push({ head: ent.header, value: false, cell: (r) => ({ v: r.name }) });
  cols.push({
    head: L.sales,
    value: false,
    fmt: FMT_MONEY,
    cf: 'bar',
    cell: (r, row) => ({
      f: `=${ifs('SUMIFS', binding.col(m.amount!), row, '$B$3', '$C$3')}`,
      expect: r.sales,
    }),
  });
  cols.push({
    head: L.previous,
    value: false,
    fmt: FMT_MONEY,
    cell: (r, row) => ({
      f: `=${ifs('SUMIFS', binding.col(m.amount!), row, '$B$4', '$C$4')}`,
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
  const ordersAreValues = !ordersCol && orderIdsDistinct !== null && !idsAreRows;
  cols.push({
    head: ordersAreValues ? `${L.orders} *` : L.orders,
    value: ordersAreValues,
    fmt: '#,##0',
    cell: (r, row) => {
      if (ordersAreValues) return { v: r.orders };
      if (ordersCol)
        return { f: `=${ifs('SUMIFS', binding.col(m.orders!), row, '$B$3', '$C$3')}`, expect: r.orders };
      const a = binding.col(m.amount!);
      return {
        f: `=${ifs('COUNTIFS', null, row, '$B$3', '$C$3', `,${a},">=0"`)}+${ifs('COUNTIFS', null, row, '$B$3', '$C$3', `,${a},"<0"`)}`,
        expect: r.orders,
      };
    },
  });
  const ordersLetter = (): string =>
    String.fromCharCode(65 + cols.findIndex((c) => c.head.startsWith(L.orders)));
  cols.push({
    head: L.aov,
    value: false,
    fmt: FMT_MONEY,
    cell: (r, row) => ({
      f: `=IF(${ordersLetter()}${row}=0,"",${letter(L.sales)}${row}/${ordersLetter()}${row})`,
      expect: na(r.aov),
    }),
  });
  if (customers) {
    cols.push({ head: `${L.customers} *`, value: true, fmt: '#,##0', cell: (r) => ({ v: r.customers }) });
    cols.push({
      head: `${L.newCustomers} *`,
      value: true,
      fmt: '#,##0',
      cell: (r) => ({ v: r.newCustomers }),
    });
    cols.push({ head: `${L.repeatShare} *`, value: true, fmt: FMT_PCT, cell: (r) => ({ v: r.repeatShare }) });
  }
  if (leads) {
    // SUMIFS of the leads / won columns, on the sales table or on the leads table (values when that
    // table cannot be read live by formulas).
    const lf = leadsFrom;
    const live = !lf || lf.binding.live;
    const sumOf = (col: number, row: number): string =>
      lf
        ? `SUMIFS(${lf.binding.col(col)},${lf.binding.col(lf.dim)},${lf.binding.crit(`$A${row}`)},${dateCriteria(lf.binding.col(lf.t.mapping.date!), '$B$3', '$C$3')})`
        : ifs('SUMIFS', binding.col(col), row, '$B$3', '$C$3');
    const leadsCol = lf ? lf.t.mapping.amount! : m.leads!;
    const wonCol = lf ? lf.t.mapping.won : m.won;
    cols.push({
      head: live ? L.leads : `${L.leads} *`,
      value: !live,
      fmt: '#,##0',
      cell: (r, row) => (live ? { f: `=${sumOf(leadsCol, row)}`, expect: r.leads ?? 0 } : { v: r.leads }),
    });
    if (won)
      cols.push({
        head: live ? L.won : `${L.won} *`,
        value: !live,
        fmt: '#,##0',
        cell: (r, row) => (live ? { f: `=${sumOf(wonCol!, row)}`, expect: r.won ?? 0 } : { v: r.won }),
      });
    cols.push({
      head: L.conversion,
      value: false,
      fmt: FMT_PCT,
      cell: (r, row) => {
        const l = `${letter(cols.find((c) => c.head.startsWith(L.leads))!.head)}${row}`;
        const w = won
          ? `${letter(cols.find((c) => c.head.startsWith(L.won))!.head)}${row}`
          : `${ordersLetter()}${row}`;
        return { f: `=IF(${l}=0,"",${w}/${l})`, expect: na(r.conversion) };
      },
    });
  }
  if (cycle) cols.push({ head: `${L.cycle} *`, value: true, fmt: '0.0', cell: (r) => ({ v: r.cycleDays }) });
  if (satisfaction) {
    // Mean of the scores: their sum over the number of numeric score cells (COUNTIFS >=0 plus <0 counts
    // numbers only, as the reader does), #N/A for an entity without scores in the period.
    const s = binding.col(m.satisfaction!);
    cols.push({
      head: L.satisfaction,
      value: false,
      fmt: '0.0',
      cf: 'scale',
      cell: (r, row) => {
        const count = `${ifs('COUNTIFS', null, row, '$B$3', '$C$3', `,${s},">=0"`)}+${ifs('COUNTIFS', null, row, '$B$3', '$C$3', `,${s},"<0"`)}`;
        return {
          f: `=IF((${count})=0,"",${ifs('SUMIFS', s, row, '$B$3', '$C$3')}/(${count}))`,
          expect: na(r.satisfaction),
        };
      },
    });
  }
  if (targets) {
    cols.push({
      head: L.target,
      value: false,
      fmt: FMT_MONEY,
      cell: (r, row) => ({
        f: `=${ifs('SUMIFS', binding.col(m.target!), row, '$B$3', '$C$3')}`,
        expect: r.target ?? 0,
      }),
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
  const tierLast = tierFirst + tiers.thresholds.length - 1;
  const thr = range(tierFirst, tierCol, tierLast, tierCol, true);
  const lab = range(tierFirst, tierCol + 1, tierLast, tierCol + 1, true);
  cols.push({
    head: L.tier,
    value: false,
    cell: (r, row) => ({
      f: `=IFERROR(INDEX(${lab},MATCH(${letter(L.sales)}${row},${thr},1)),"")`,
      expect: r.tier,
    }),
  });

  cols.forEach((c, i) => put(HEAD, i + 1, { v: c.head, style: 'header' }));
  rows.forEach((r, k) => {
    const row = first + k;
    cols.forEach((c, i) => {
      const cell = c.cell(r, row);
      if (c.fmt) cell.fmt = c.fmt;
      put(row, i + 1, cell);
    });
  });
  put(HEAD, tierCol, { v: L.tiers, style: 'header' });
  put(HEAD, tierCol + 1, { v: L.tier, style: 'header' });
  tiers.thresholds.forEach((t, i) => {
    put(tierFirst + i, tierCol, { v: t, fmt: FMT_MONEY, style: 'input' });
    put(tierFirst + i, tierCol + 1, { v: tiers.labels[i] ?? '', style: 'input' });
  });
  let noteRow = last + 2;
  if (cols.some((c) => c.value))
    put(noteRow++, 1, { v: L.valuesNote(opts.generatedAt ?? per.current.label), style: 'note' });
  if (leadsUnmatched) put(noteRow++, 1, { v: leadsUnmatched, style: 'warning' });

  const cfs: ConditionalFormat[] = [];
  cols.forEach((c, i) => {
    const r = range(first, i + 1, last, i + 1);
    if (c.cf === 'bar') cfs.push({ range: r, type: 'dataBar', color: '#63BE7B' });
    if (c.cf === 'scale')
      cfs.push({ range: r, type: 'colorScale', colors: ['#F8696B', '#FFEB84', '#63BE7B'] });
  });
  const sheet: SheetSpec = {
    kind: 'scorecard',
    name: L.scorecardSheet,
    cells,
    columnWidths: [
      ...cols.map((c, i) => (i === 0 ? 18 : Math.max(10, Math.min(22, c.head.length + 2)))),
      2,
      20,
      12,
    ],
    freeze: { rows: HEAD, columns: 1 },
    conditionalFormats: cfs,
    inputs: ['B3:C4', `${a1(tierFirst, tierCol)}:${a1(tierLast, tierCol + 1)}`],
  };
  return { ok: true, result, sheet, dataSheet: binding.dataSheet };
}
