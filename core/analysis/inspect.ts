/**
 * What the panel shows about a source before any analysis: the detected mapping, the skipped rows, and
 * sensible defaults for the options. Shared by the Excel and Sheets backends (they only read cells).
 */
import { serialToISO, serialToYMD } from '../table/coerce';
import { readSalesTable } from '../table';
import type { Cell, ReadOptions, Role, SalesTable } from '../types';
import { TEXT_ROLES } from '../types';
import { detectRoles } from '../table/headers';
import { labelColumn } from '../table/labels';
import { fullYears, lastDate, monthKeys } from './context';

export interface TableSummary {
  ok: boolean;
  /** When !ok: the reader's localised message. */
  error?: string;
  headers: string[];
  mapping: Partial<Record<Role, number>>;
  notes: string[];
  rows: number;
  /** Skipped rows with sheet row numbers. */
  skipped: { row: number; reason: string }[];
  years: number[];
  fullYears: number[];
  lastDate: string | null;
  /** The earliest date in the data (ISO), for the panel's one-line summary. */
  firstDate: string | null;
  /** The calendar months with data, as keys y * 12 + (m - 1), ascending (fiscal full years follow from them). */
  months: number[];
  /** Distinct labels of the rep, region and product columns, when mapped ("9 reps · 4 regions"). */
  counts: Partial<Record<'rep' | 'region' | 'product', number>>;
  /** Roles whose column the reader chose among competing ones or guessed (not the user's overrides). */
  uncertain: Role[];
  /** When !ok: the required role the reader did not find (the mapping shows the other columns it knows). */
  missing?: Role[];
  /** Columns usable as a dimension (label columns), by header index. */
  dimensions: { index: number; header: string }[];
  defaults: {
    by: number | null;
    /** The breakdown's second level (reps within regions) when the table has both columns. */
    then: number | null;
    scorecardBy: number | null;
    year: number | null;
    period: string | null;
  };
}

/** The summary of a source that cannot be analysed: the message and the headers found. */
export function failedSummary(error: string, headers: string[] = []): TableSummary {
  return {
    ok: false,
    error,
    headers,
    mapping: {},
    notes: [],
    rows: 0,
    skipped: [],
    years: [],
    fullYears: [],
    lastDate: null,
    firstDate: null,
    months: [],
    counts: {},
    uncertain: [],
    dimensions: [],
    defaults: { by: null, then: null, scorecardBy: null, year: null, period: null },
  };
}

const MISSING: Partial<Record<string, Role[]>> = {
  'no-amount': ['amount'],
  'no-date': ['date'],
  'no-target': ['target'],
  'no-leads': ['leads'],
};

/**
 * Read `cells` (whose top-left cell is at sheet row `originRow`) and summarise. Returns the table too so
 * that a backend can go on and run an analysis without reading twice.
 */
export function inspectCells(
  cells: readonly (readonly Cell[])[],
  opts: ReadOptions = {},
): { summary: TableSummary; table: SalesTable | null } {
  const res = readSalesTable(cells, opts);
  if (!res.ok) {
    const { code, headers, message } = res.error;
    const missing = MISSING[code] ?? [];
    const mapping = headers.length ? detectRoles(headers, opts).mapping : {};
    for (const r of missing) delete mapping[r];
    return { table: null, summary: { ...failedSummary(message, headers), mapping, missing } };
  }
  const t = res.table;
  const { keys } = monthKeys(t);
  const years = [...new Set(Array.from(keys, (k) => Math.floor(k / 12)))].sort((a, b) => a - b);
  const full = fullYears(keys);
  const last = lastDate(t);
  let first = Infinity;
  for (let i = 0; i < t.length; i++) if (t.date[i] < first) first = t.date[i];
  const counts: TableSummary['counts'] = {};
  for (const role of ['rep', 'region', 'product'] as const)
    if (t.mapping[role] !== undefined) counts[role] = labelColumn(t, t.mapping[role]).labels.length;
  const overridden = opts.overrides ?? {};
  const roleCols = new Set<number>();
  for (const [role, idx] of Object.entries(t.mapping))
    if (idx !== undefined && !(TEXT_ROLES as readonly string[]).includes(role)) roleCols.add(idx);
  const dimensions = t.headers
    .map((header, index) => ({ index, header }))
    .filter((d) => d.header !== '' && !roleCols.has(d.index) && d.index !== t.mapping.orderId);
  const m = t.mapping;
  return {
    table: t,
    summary: {
      ok: true,
      headers: t.headers,
      mapping: t.mapping,
      notes: t.mappingNotes.map((n) => n.message),
      rows: t.length,
      skipped: t.skipped.map((s) => ({ row: s.row, reason: s.reason })),
      years,
      fullYears: full,
      lastDate: Number.isFinite(last) ? serialToISO(last) : null,
      firstDate: Number.isFinite(first) ? serialToISO(first) : null,
      months: [...new Set(keys)].sort((a, b) => a - b),
      counts,
      uncertain: t.mappingNotes
        .filter((n) => !Object.prototype.hasOwnProperty.call(overridden, n.role))
        .map((n) => n.role),
      dimensions,
      defaults: {
        by: m.region ?? m.rep ?? m.product ?? null,
        then: m.region !== undefined && m.rep !== undefined && m.rep !== m.region ? m.rep : null,
        scorecardBy: m.rep ?? m.region ?? m.product ?? null,
        year: full.length
          ? full[full.length - 1] + 1
          : Number.isFinite(last)
            ? serialToYMD(last).y + 1
            : null,
        period: Number.isFinite(last) ? String(serialToYMD(last).y) : null,
      },
    },
  };
}
