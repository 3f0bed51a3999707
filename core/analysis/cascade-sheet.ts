/**
 * The second level of the Goal Breakdown sheet (cascade.ts computes it): below the top level's checks, each
 * region's row (its annual target read from the top level) with its reps under it, and the reps' live
 * formulas: ability (an input, 100%), base-year sales in the region, basis, share within the region, annual
 * target by rounded running totals of the region's target, the month grid by two-dimensional running totals
 * against the region's months, and a check per row. The columns are the top level's (annual in F, months in
 * G..R), so a region's months and its reps' months sit in the same columns.
 *
 * A parent row leaves the month columns empty: the sheets that sum the reps' targets by name (scorecard,
 * incentives) then never count a region's months, even for a rep named like a region.
 */
import { a1, range } from '../spec/a1';
import type { BreakdownEntity, BreakdownResult } from './breakdown';
import {
  C_ANNUAL,
  C_BASE,
  C_CHECK,
  C_GRID,
  C_SHARE,
  minus,
  R_E1,
  R_M1,
  RAMP,
  RESERVE,
  roundF,
  sumOf,
  T,
  U,
  type Put,
} from './breakdown-cells';
import type { Labels } from './i18n';

/** Ability (input) in the top level's note column; the rep's status note right of the check column. */
const C_ABILITY = 2;
const C_BASIS = 4;
const C_STATUS = C_CHECK + 1;
/** With a team table: capacity per month (input), over the year, the gap, then the months worked (inputs). */
const C_CAP = C_STATUS + 1;
const C_CAPY = C_CAP + 1;
const C_GAP = C_CAPY + 1;
const C_AVAIL = C_GAP + 1;

/** The rows of the second level, from the top level's entity count and each entity's children. */
export function childRows(r: Pick<BreakdownResult, 'entities'>): {
  sub: number;
  head: number;
  first: number;
  last: number;
  total: number;
  check: number;
} {
  const eLast = R_E1 + Math.max(r.entities.length, 1) - 1;
  const sub = eLast + 4;
  const head = sub + 1;
  const first = head + 1;
  const rows = sumOf(r.entities.map((e) => 1 + (e.children?.length ?? 0)));
  const last = first + Math.max(rows, 1) - 1;
  return { sub, head, first, last, total: last + 1, check: last + 2 };
}

interface Ctx {
  r: BreakdownResult;
  L: Labels;
  put: Put;
  fmtN: string;
}

/**
 * Lay out the second level. Returns the conditions the sheet's "Totals check" adds (every check cell 0), the
 * row after the block and its input cells (the reps' ability). The status note right of the check column has
 * no header, so that the check column's header can be read in full.
 */
export function childBlock(
  r: BreakdownResult,
  L: Labels,
  put: Put,
  fmtN: string,
): { checks: string[]; end: number; inputs: string[] } {
  const at = childRows(r);
  const [parent, child] = r.levels;
  const x: Ctx = { r, L, put, fmtN };
  put(at.sub, 1, { v: L.byChildWithin(child, parent), style: 'subtitle' });
  const heads = [child, L.ability, L.baseSales, L.basis, L.share, L.annual];
  heads.forEach((h, i) => put(at.head, i + 1, { v: h, style: 'header' }));
  for (let m = 0; m < 12; m++) put(at.head, C_GRID + m, { v: r.monthPeriods[m], style: 'header' });
  put(at.head, C_CHECK, { v: L.check, style: 'note' });
  if (r.team) teamHeads(x, at);
  let row = at.first;
  const checkCells: string[] = [];
  const inputs: string[] = [];
  r.entities.forEach((p, e) => {
    const kids = p.children ?? [];
    parentRow(x, p, row, R_E1 + e, kids.length);
    if (kids.length) {
      checkCells.push(range(row, C_CHECK, row + kids.length, C_CHECK));
      inputs.push(range(row + 1, C_ABILITY, row + kids.length, C_ABILITY));
      if (r.team) inputs.push(range(row + 1, C_CAP, row + kids.length, C_CAP));
      if (r.team) inputs.push(range(row + 1, C_AVAIL, row + kids.length, C_AVAIL + 11));
    }
    kids.forEach((_, i) => childRow(x, p, i, row + 1, R_E1 + e));
    row += 1 + kids.length;
  });
  totals(x, at);
  if (r.team) teamTotals(x, at);
  const checks = [`${a1(at.check, C_ANNUAL)}=0`];
  for (const c of checkCells) checks.push(`MAX(${c})=0`, `MIN(${c})=0`);
  checks.push(`MAX(${range(at.check, C_GRID, at.check, C_GRID + 11)})=0`);
  checks.push(`MIN(${range(at.check, C_GRID, at.check, C_GRID + 11)})=0`);
  return { checks, end: at.check + 1, inputs };
}

/** A region's row: its annual target from the top level, and whether its reps add up to it. */
function parentRow(x: Ctx, p: BreakdownEntity, row: number, topRow: number, n: number): void {
  x.put(row, 1, { v: p.name, style: 'total' });
  x.put(row, C_ANNUAL, {
    f: `=${a1(topRow, C_ANNUAL, true)}`,
    expect: p.target,
    fmt: x.fmtN,
    style: 'total',
  });
  if (n)
    x.put(row, C_CHECK, {
      f: `=ROUND(SUM(${range(row + 1, C_ANNUAL, row + n, C_ANNUAL)})-${a1(row, C_ANNUAL)},6)`,
      expect: 0,
      fmt: x.fmtN,
      style: 'note',
    });
}

/** Child i of parent p (its group starts at `first`; the parent's top-level row is `topRow`). */
function childRow(x: Ctx, p: BreakdownEntity, i: number, first: number, topRow: number): void {
  const { put, fmtN, L } = x;
  const kids = p.children!;
  const c = kids[i];
  const row = first + i;
  put(row, 1, { v: c.name });
  put(row, C_ABILITY, { v: c.ability ?? 1, fmt: '0%', style: 'input' });
  put(row, C_BASE, { v: c.baseSales, fmt: fmtN });
  const basis = basisF(x.r, c, row);
  if (basis) put(row, C_BASIS, { f: basis, expect: c.basis ?? 0, fmt: fmtN });
  put(row, C_SHARE, { f: shareF(kids, i, first), expect: c.weight, fmt: '0.00%' });
  if (x.r.team) {
    // The months worked decide the months: the annual target is their sum.
    put(row, C_ANNUAL, { f: `=SUM(${range(row, C_GRID, row, C_GRID + 11)})`, expect: c.target, fmt: fmtN });
    for (let m = 0; m < 12; m++)
      put(row, C_GRID + m, { f: availF(kids.length, i, m, first, topRow), expect: c.months[m], fmt: fmtN });
    teamCells(x, c, row);
  } else {
    if (c.locked) put(row, C_ANNUAL, { v: c.target, fmt: fmtN, style: 'locked' });
    else
      put(row, C_ANNUAL, {
        f: annualF(kids, i, first, a1(topRow, C_ANNUAL, true)),
        expect: c.target,
        fmt: fmtN,
      });
    for (let m = 0; m < 12; m++)
      put(row, C_GRID + m, { f: gridF(kids.length, i, m, first, topRow), expect: c.months[m], fmt: fmtN });
  }
  put(row, C_CHECK, {
    f: `=ROUND(SUM(${range(row, C_GRID, row, C_GRID + 11)})-${a1(row, C_ANNUAL)},6)`,
    expect: 0,
    fmt: fmtN,
    style: 'note',
  });
  const note =
    c.status === 'ramping' ? L.statusRamping(c.monthsActive ?? 0) : c.status === 'new' ? L.statusNew : '';
  if (note) put(row, C_STATUS, { v: note, style: 'note' });
}

/** The basis × ability, as entityWeights computes it (null for a rep without base-year sales). */
function basisF(r: BreakdownResult, c: BreakdownEntity, row: number): string | null {
  const ab = a1(row, C_ABILITY);
  if (c.split === 'even') return `=${ab}`;
  if (c.status === 'new') return null;
  const base = `MAX(0,${a1(row, C_BASE)})`;
  if (c.status === 'ramping') return `=${base}*12/${c.monthsActive}*${RAMP}*${ab}`;
  return r.baseYear === null ? `=${base}*12/${r.baseMonths}*${ab}` : `=${base}*${ab}`;
}

/** Share within the parent: the top level's rules over the group's rows (established, ramping, new in order). */
function shareF(kids: readonly BreakdownEntity[], i: number, first: number): string {
  const row = first + i;
  const span = (rows: number[], col: number): string => range(rows[0], col, rows[rows.length - 1], col, true);
  const rows = kids.map((_, j) => first + j);
  if (kids[i].split === 'even') return `=IFERROR(${a1(row, C_BASIS)}/SUM(${span(rows, C_BASIS)}),0)`;
  const nonNew = rows.filter((_, j) => kids[j].status !== 'new');
  const newRows = rows.filter((_, j) => kids[j].status === 'new');
  const est = rows.filter((_, j) => kids[j].status === 'established');
  const Wnn = `SUM(${span(nonNew, C_BASIS)})`;
  if (kids[i].status === 'new') {
    const med = `MEDIAN(${span(est.length ? est : nonNew, C_BASIS)})`;
    return `=MIN(${RESERVE}/${newRows.length},${med}/(${Wnn}+${newRows.length}*${med}))*${a1(row, C_ABILITY)}`;
  }
  const b = a1(row, C_BASIS);
  return newRows.length ? `=(1-SUM(${span(newRows, C_SHARE)}))*${b}/${Wnn}` : `=${b}/${Wnn}`;
}

/** Annual target: rounded running totals of the parent's target by the free children's shares. */
function annualF(kids: readonly BreakdownEntity[], i: number, first: number, parent: string): string {
  const rowOf = (j: number): number => first + j;
  const last = rowOf(kids.length - 1);
  const locked = kids.map((k, j) => (k.locked ? j : -1)).filter((j) => j >= 0);
  const free = kids.map((k, j) => (k.locked ? -1 : j)).filter((j) => j >= 0);
  const rest = minus(
    parent,
    locked.map((j) => a1(rowOf(j), C_ANNUAL)),
  );
  const S = minus(
    `SUM(${range(first, C_SHARE, last, C_SHARE, true)})`,
    locked.map((j) => a1(rowOf(j), C_SHARE, true)),
  );
  const running = (j: number): string => {
    if (j === free[free.length - 1]) return rest;
    const cs = minus(
      `SUM(${a1(first, C_SHARE, true)}:${a1(rowOf(j), C_SHARE)})`,
      locked.filter((l) => l <= j).map((l) => a1(rowOf(l), C_SHARE)),
    );
    return roundF(`${rest}*${cs}`, S);
  };
  const prev = free.filter((j) => j < i).pop();
  return prev === undefined ? `=${running(i)}` : `=${running(i)}-${running(prev)}`;
}

/**
 * A grid cell: G(i, m) − G(i−1, m) − G(i, m−1) + G(i−1, m−1) with G the rounded running total of the group's
 * annual targets up to i × the parent's months up to m ÷ the parent's target; the last child's G is the
 * parent's running months and the last month's G the children's running targets (runningGrid).
 */
function gridF(n: number, i: number, m: number, first: number, topRow: number): string {
  const G = (a: number, b: number): string | null => {
    if (a < 0 || b < 0) return null;
    const cm =
      b === 0 ? a1(topRow, C_GRID, true) : `SUM(${a1(topRow, C_GRID, true)}:${a1(topRow, C_GRID + b, true)})`;
    const ce = `SUM(${a1(first, C_ANNUAL, true)}:${a1(first + a, C_ANNUAL, true)})`;
    if (a === n - 1) return cm;
    if (b === 11) return ce;
    return `IFERROR(ROUND(${ce}*${cm}/${a1(topRow, C_ANNUAL, true)}/${U},0)*${U},0)`;
  };
  const t = [G(i, m)!, G(i - 1, m), G(i, m - 1), G(i - 1, m - 1)];
  return `=${t[0]}${t[1] ? `-${t[1]}` : ''}${t[2] ? `-${t[2]}` : ''}${t[3] ? `+${t[3]}` : ''}`;
}

/**
 * With a team table, a month cell: rounded running totals of the parent's month down the group by share × the
 * month worked (byAvailability in cascade.ts); the last child's running total is the parent's month.
 */
function availF(n: number, i: number, m: number, first: number, topRow: number): string {
  const month = a1(topRow, C_GRID + m, true);
  const col = C_AVAIL + m;
  const all = `SUMPRODUCT(${range(first, C_SHARE, first + n - 1, C_SHARE, true)},${range(first, col, first + n - 1, col, true)})`;
  const C = (j: number): string | null => {
    if (j < 0) return null;
    if (j === n - 1) return month;
    const cum = `SUMPRODUCT(${a1(first, C_SHARE, true)}:${a1(first + j, C_SHARE, true)},${a1(first, col, true)}:${a1(first + j, col, true)})`;
    return `IFERROR(ROUND(${month}*${cum}/${all}/${U},0)*${U},0)`;
  };
  const prev = C(i - 1);
  return `=${C(i)}${prev ? `-${prev}` : ''}`;
}

/** The team table's headers: capacity, its year and the gap, then the months worked. */
function teamHeads(x: Ctx, at: ReturnType<typeof childRows>): void {
  const { put, L, r } = x;
  put(at.head, C_CAP, { v: L.capacityMonth, style: 'header' });
  put(at.head, C_CAPY, { v: L.capacityYear, style: 'header' });
  put(at.head, C_GAP, { v: L.capacityGap, style: 'header' });
  put(at.sub, C_AVAIL, { v: L.availability, style: 'subtitle' });
  for (let m = 0; m < 12; m++) put(at.head, C_AVAIL + m, { v: r.monthPeriods[m], style: 'header' });
}

/** A child's capacity (input), its year's capacity over the months worked, the gap, and the months worked. */
function teamCells(x: Ctx, c: BreakdownEntity, row: number): void {
  const { put, fmtN } = x;
  const avail = c.availability ?? new Array<number>(12).fill(1);
  avail.forEach((v, m) => put(row, C_AVAIL + m, { v, fmt: '0%', style: 'input' }));
  const cap = a1(row, C_CAP);
  const capY = a1(row, C_CAPY);
  if (c.capacity !== undefined) put(row, C_CAP, { v: c.capacity, fmt: fmtN, style: 'input' });
  else put(row, C_CAP, { v: null, style: 'input' });
  put(row, C_CAPY, {
    f: `=IF(${cap}="","",${cap}*SUM(${range(row, C_AVAIL, row, C_AVAIL + 11)}))`,
    expect: c.capacityYear ?? '',
    fmt: fmtN,
  });
  put(row, C_GAP, {
    f: `=IF(${capY}="","",${a1(row, C_ANNUAL)}-${capY})`,
    expect: c.capacityYear === undefined ? '' : c.target - c.capacityYear,
    fmt: fmtN,
  });
}

/** The team's totals: capacity and gap over the children with a capacity, and how many more reps close it. */
function teamTotals(x: Ctx, at: ReturnType<typeof childRows>): void {
  const { put, fmtN, L, r } = x;
  const t = r.team!;
  const B = range(at.first, C_ABILITY, at.last, C_ABILITY);
  const col = (c: number): string => range(at.first, c, at.last, c);
  put(at.total, C_CAPY, {
    f: `=SUMIF(${B},"<>",${col(C_CAPY)})`,
    expect: t.capacity,
    fmt: fmtN,
    style: 'total',
  });
  put(at.total, C_GAP, { f: `=SUMIF(${B},"<>",${col(C_GAP)})`, expect: t.gap, fmt: fmtN, style: 'total' });
  // The label runs over the empty capacity cells to the number (a header would wrap in its narrow column).
  put(at.check + 1, C_CAP, { v: L.moreReps(r.levels[1]), style: 'note' });
  const avg = `SUMIF(${B},"<>",${col(C_CAPY)})/COUNTIFS(${B},"<>",${col(C_CAPY)},">0")`;
  put(at.check + 1, C_GAP, {
    f: `=IFERROR(IF(${a1(at.total, C_GAP)}<=0,0,${a1(at.total, C_GAP)}/(${avg})),0)`,
    expect: t.moreReps,
    fmt: '0.0',
    style: 'total',
  });
}

/** The total row (the children's rows only: a parent row has no months and its annual is left out) and checks. */
function totals(x: Ctx, at: ReturnType<typeof childRows>): void {
  const { r, L, put, fmtN } = x;
  const kids = r.entities.flatMap((e) => e.children ?? []);
  put(at.total, 1, { v: L.total, style: 'total' });
  put(at.total, C_ANNUAL, {
    f: `=SUMIF(${range(at.first, C_ABILITY, at.last, C_ABILITY)},"<>",${range(at.first, C_ANNUAL, at.last, C_ANNUAL)})`,
    expect: sumOf(kids.map((k) => k.target)),
    fmt: fmtN,
    style: 'total',
  });
  for (let m = 0; m < 12; m++)
    put(at.total, C_GRID + m, {
      f: `=SUM(${range(at.first, C_GRID + m, at.last, C_GRID + m)})`,
      expect: sumOf(kids.map((k) => k.months[m])),
      fmt: fmtN,
      style: 'total',
    });
  put(at.check, 1, { v: L.check, style: 'note' });
  // Not 0 only while a region has a target and no rep to carry it (the warning below the sheet says which).
  const gap = (a: number, b: number): number => Math.round((a - b) * 1e6) / 1e6;
  put(at.check, C_ANNUAL, {
    f: `=ROUND(${a1(at.total, C_ANNUAL)}-${T},6)`,
    expect: gap(sumOf(kids.map((k) => k.target)), r.target),
    style: 'note',
  });
  for (let m = 0; m < 12; m++)
    put(at.check, C_GRID + m, {
      f: `=ROUND(${a1(at.total, C_GRID + m)}-${a1(R_M1 + m, 3)},6)`,
      expect: gap(sumOf(kids.map((k) => k.months[m])), r.months[m]),
      style: 'note',
    });
}
