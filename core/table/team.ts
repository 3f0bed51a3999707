/**
 * The team table (团队表) a manager keeps beside the sales: one row per rep with what the breakdown cannot see
 * in the sales, `Rep | Region | Start date | End date | Ramp months | Ability | Capacity per month`
 * (销售员 | 地区 | 入职日期 | 离职日期 | 爬坡月数 | 能力系数 | 月产能). Only the rep column is required; a
 * blank cell means "not given". Read leniently, like the sales table: the header may sit below a title, dates
 * may be dates, serials or text, ability may be 1.2, 120 or "120%".
 */
import { rowOf, type CellRows } from './columns';
import { coerceDate, coerceNumber } from './coerce';
import { matchHeader, normalizeHeader } from './headers';
import type { Cell, Lang } from '../types';

export interface TeamMember {
  rep: string;
  /** The region the rep belongs to (places a new hire who has no sales yet). */
  region: string | null;
  /** First and last day employed (serial days), when given. */
  start: number | null;
  end: number | null;
  /** Months over which the target rises linearly to full after the start. */
  rampMonths: number | null;
  /** Ability factor (1 = 100%). */
  ability: number | null;
  /** Sales a fully ramped rep can bring in a month. */
  capacity: number | null;
  /** 1-based row of the table (for messages). */
  row: number;
}

export type TeamRead =
  | { ok: true; members: TeamMember[]; columns: Partial<Record<TeamColumn, string>>; skipped: number[] }
  | { ok: false; error: string };

type TeamColumn = 'rep' | 'region' | 'start' | 'end' | 'ramp' | 'ability' | 'capacity';

/** Header words of the team's own columns, normalised (normalizeHeader), English and Chinese. */
const WORDS: Record<Exclude<TeamColumn, 'rep' | 'region'>, string[]> = {
  start: ['start date', 'start', 'hire date', 'hired', 'joined', 'join date', '入职日期', '入职', '到岗日期'],
  end: ['end date', 'end', 'leave date', 'left', 'exit date', '离职日期', '离职'],
  ramp: ['ramp months', 'ramp', 'ramp up months', 'ramp period', '爬坡月数', '爬坡期', '爬坡'],
  ability: ['ability', 'ability factor', 'factor', '能力系数', '能力'],
  capacity: ['capacity per month', 'capacity', 'monthly capacity', 'capacity month', '月产能', '产能'],
};

const MESSAGES: Record<Lang, { noRep: string; empty: string }> = {
  en: {
    noRep: 'No rep column in the team table: it needs a column such as "Rep" or "销售员".',
    empty: 'The team table has no rep in it.',
  },
  zh: { noRep: '团队表中没有销售员列：需要“销售员”或“Rep”之类的列。', empty: '团队表中没有任何销售员。' },
};

/** The column a header names, if any. */
function columnOf(header: string): TeamColumn | null {
  const n = normalizeHeader(header);
  for (const [col, words] of Object.entries(WORDS)) if (words.includes(n)) return col as TeamColumn;
  const role = matchHeader(header)[0]?.role;
  return role === 'rep' || role === 'region' ? role : null;
}

/** The header row (first 20 rows) and its columns: the first row with a rep column. */
function headerOf(cells: CellRows): { row: number; cols: Partial<Record<TeamColumn, number>> } | null {
  for (let r = 0; r < Math.min(20, cells.length); r++) {
    const cols: Partial<Record<TeamColumn, number>> = {};
    (rowOf(cells, r) ?? []).forEach((v, c) => {
      const col = typeof v === 'string' ? columnOf(v) : null;
      if (col && cols[col] === undefined) cols[col] = c;
    });
    if (cols.rep !== undefined) return { row: r, cols };
  }
  return null;
}

const text = (v: Cell): string =>
  v === null || v === undefined ? '' : v instanceof Date ? '' : String(v).trim();
/** Ability: 1.2, 120 or "120%" are all 120%. */
function abilityOf(v: Cell): number | null {
  const pct = typeof v === 'string' && /%\s*$/.test(v);
  const n = coerceNumber(typeof v === 'string' ? v.replace(/%\s*$/, '') : v);
  if (n === null || n < 0) return null;
  return pct || n > 5 ? n / 100 : n;
}

export function readTeamTable(cells: CellRows, lang: Lang = 'en'): TeamRead {
  const M = MESSAGES[lang];
  const head = headerOf(cells);
  if (!head) return { ok: false, error: M.noRep };
  const { cols } = head;
  const at = (row: readonly Cell[], c: TeamColumn): Cell => (cols[c] === undefined ? null : row[cols[c]!]);
  const members: TeamMember[] = [];
  const skipped: number[] = [];
  const seen = new Set<string>();
  for (let r = head.row + 1; r < cells.length; r++) {
    const row = rowOf(cells, r) ?? [];
    const rep = text(at(row, 'rep'));
    if (rep === '') continue;
    if (seen.has(rep.toLowerCase())) {
      skipped.push(r + 1); // a rep listed twice: the first row counts
      continue;
    }
    seen.add(rep.toLowerCase());
    const num = (c: TeamColumn): number | null => {
      const n = coerceNumber(at(row, c));
      return n !== null && n >= 0 ? n : null;
    };
    members.push({
      rep,
      region: text(at(row, 'region')) || null,
      start: coerceDate(at(row, 'start')),
      end: coerceDate(at(row, 'end')),
      rampMonths: num('ramp'),
      ability: abilityOf(at(row, 'ability')),
      capacity: num('capacity'),
      row: r + 1,
    });
  }
  if (!members.length) return { ok: false, error: M.empty };
  const header = rowOf(cells, head.row) ?? [];
  const columns: Partial<Record<TeamColumn, string>> = {};
  for (const [k, c] of Object.entries(cols)) columns[k as TeamColumn] = text(header[c]);
  return { ok: true, members, columns, skipped };
}
