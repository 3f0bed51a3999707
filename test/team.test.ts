/**
 * The team table: how it is read (en/zh headers, lenient cells), and what it does to the cascade: no target in
 * the months a rep does not work, a ramp after the start, a new hire placed by region, capacity against the
 * plan; the sheet computes the same numbers live (HyperFormula).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIO } from '../cli/run';
import { goalBreakdown } from '../core/analysis';
import { readSalesTable } from '../core/table';
import { ymdToSerial } from '../core/table/coerce';
import { readTeamTable } from '../core/table/team';
import { buildSampleCells } from '../samples/data';
import { buildEngine, checkSpec, valueAt } from './hf';

type Cell = string | number | Date | null;
const TODAY = ymdToSerial(2026, 11, 30);
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

const TEAM: Cell[][] = [
  ['Team 2026'],
  [],
  ['Rep', 'Region', 'Start date', 'End date', 'Ramp months', 'Ability', 'Capacity per month'],
  ['Alice', 'East', null, null, null, '120%', 220_000],
  ['Brian', 'East', null, new Date(Date.UTC(2026, 5, 30)), null, null, 180_000],
  ['Carol', 'East', null, null, null, null, 140_000],
  ['Henry', 'West', null, null, null, 0.8, 80_000],
  ['Kevin', 'West', '2026-04-01', null, 3, null, 100_000],
];

describe('the team table', () => {
  it('reads English and Chinese headers below a title, lenient cells, and says what is missing', () => {
    const en = readTeamTable(TEAM as never);
    if (!en.ok) throw new Error(en.error);
    expect(en.columns).toEqual({
      rep: 'Rep',
      region: 'Region',
      start: 'Start date',
      end: 'End date',
      ramp: 'Ramp months',
      ability: 'Ability',
      capacity: 'Capacity per month',
    });
    expect(en.members.map((m) => [m.rep, m.ability, m.end, m.start, m.rampMonths])).toEqual([
      ['Alice', 1.2, null, null, null],
      ['Brian', null, ymdToSerial(2026, 6, 30), null, null],
      ['Carol', null, null, null, null],
      ['Henry', 0.8, null, null, null],
      ['Kevin', null, null, ymdToSerial(2026, 4, 1), 3],
    ]);
    const zh = readTeamTable(
      [
        ['销售员', '地区', '入职日期', '能力系数', '月产能'],
        ['王芳', '华东', 46023, 120, '¥200,000'],
        ['王芳', '华北', null, null, null],
        ['李强', '华东', '2026/3/1', '90%', null],
      ] as never,
      'zh',
    );
    if (!zh.ok) throw new Error(zh.error);
    expect(zh.members.map((m) => [m.rep, m.region, m.start, m.ability, m.capacity])).toEqual([
      ['王芳', '华东', 46023, 1.2, 200_000],
      ['李强', '华东', ymdToSerial(2026, 3, 1), 0.9, null],
    ]);
    expect(zh.skipped).toEqual([3]); // 王芳 twice: the first row counts
    expect(readTeamTable([['Name', 'Start']] as never)).toEqual({
      ok: false,
      error: 'No rep column in the team table: it needs a column such as "Rep" or "销售员".',
    });
    expect(readTeamTable([['销售员'], []] as never, 'zh')).toEqual({
      ok: false,
      error: '团队表中没有任何销售员。',
    });
  });

  it('no target in months not worked, a ramp, a new hire by region, capacity; the sheet agrees live', () => {
    const cells = buildSampleCells('en');
    const read = readSalesTable(cells, { lang: 'en' });
    if (!read.ok) throw new Error(read.error.message);
    const team = readTeamTable(TEAM as never);
    if (!team.ok) throw new Error(team.error);
    const out = goalBreakdown(read.table, { today: TODAY, year: 2026, unit: 100, team: team.members });
    if (!out.ok) throw new Error(out.error);
    const r = out.result;
    const kid = (region: string, name: string) =>
      r.entities.find((e) => e.name === region)!.children!.find((k) => k.name === name)!;
    // Brian leaves on 30 June: no target from July.
    expect(kid('East', 'Brian').months.slice(6)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(
      kid('East', 'Brian')
        .months.slice(0, 6)
        .every((v) => v > 0),
    ).toBe(true);
    // Kevin (no sales: a new hire placed in West) starts in April and ramps over 3 months.
    const kevin = kid('West', 'Kevin');
    expect(kevin.status).toBe('new');
    expect(kevin.months.slice(0, 3)).toEqual([0, 0, 0]);
    expect(kevin.availability!.slice(3, 6)).toEqual([1 / 3, 2 / 3, 1]);
    expect(kevin.months[3]).toBeLessThan(kevin.months[4]);
    // Every level still adds up exactly, both ways.
    for (const e of r.entities) {
      const kids = e.children!;
      expect(sum(kids.map((k) => k.target))).toBe(e.target);
      for (let m = 0; m < 12; m++) expect(sum(kids.map((k) => k.months[m]))).toBe(e.months[m]);
      for (const k of kids) expect(sum(k.months)).toBe(k.target);
    }
    // Capacity: per month × the months worked; the gap per rep; the team line.
    expect(kid('East', 'Alice').capacityYear).toBe(220_000 * 12);
    expect(kid('East', 'Brian').capacityYear).toBe(180_000 * 6);
    expect(kid('West', 'Kevin').capacityYear).toBeCloseTo(100_000 * (1 / 3 + 2 / 3 + 7), 6);
    const withCap = r.entities.flatMap((e) => e.children!).filter((k) => k.capacityYear !== undefined);
    expect(r.team!.counted).toBe(5);
    expect(r.team!.gap).toBeCloseTo(sum(withCap.map((k) => k.target - k.capacityYear!)), 6);
    const hf = buildEngine([{ name: 'Sales', cells: cells as never }], [out.sheet]);
    const { mismatches, checked } = checkSpec(hf, out.sheet);
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(300);
    expect(valueAt(hf, out.sheet.name, 'E4')).toBe('OK');
  });
});

describe('the team table in Chinese', () => {
  it('a leaver, a mover and a new hire on the Chinese sample: every level exact, the sheet agrees live', () => {
    const cells = buildSampleCells('zh');
    const read = readSalesTable(cells, { lang: 'zh' });
    if (!read.ok) throw new Error(read.error.message);
    const team = readTeamTable(
      [
        ['销售员', '地区', '入职日期', '离职日期', '爬坡月数', '能力系数', '月产能'],
        ['李强', '华东', null, '2026-09-30', null, null, 150_000],
        ['黄磊', '华北', null, null, null, '90%', 90_000], // moves from 西部 to 华北
        ['孙悦', '华南', '2026-02-01', null, 2, null, 60_000], // a new hire
      ] as never,
      'zh',
    );
    if (!team.ok) throw new Error(team.error);
    const out = goalBreakdown(read.table, { lang: 'zh', today: TODAY, year: 2026, team: team.members });
    if (!out.ok) throw new Error(out.error);
    const r = out.result;
    expect(r.levels).toEqual(['地区', '销售员']);
    const under = (region: string): string[] =>
      r.entities.find((e) => e.name === region)!.children!.map((k) => k.name);
    expect(under('华北')).toContain('黄磊'); // placed by the team table, as new there
    // Still listed under the region where he sold in the base year (its share rests on it), with no target there.
    const west = r.entities.find((e) => e.name === '西部')!.children!.find((k) => k.name === '黄磊')!;
    expect([west.target, west.availability]).toEqual([0, new Array(12).fill(0)]);
    expect(r.childTotals!.find((t) => t.name === '黄磊')!.target).toBeGreaterThan(0);
    expect(under('华南')).toContain('孙悦');
    const li = r.entities.find((e) => e.name === '华东')!.children!.find((k) => k.name === '李强')!;
    expect(li.months.slice(9)).toEqual([0, 0, 0]);
    for (const e of r.entities) {
      const kids = e.children!;
      for (let m = 0; m < 12; m++) expect(sum(kids.map((k) => k.months[m]))).toBe(e.months[m]);
    }
    const hf = buildEngine([{ name: '销售数据', cells: cells as never }], [out.sheet]);
    expect(checkSpec(hf, out.sheet).mismatches).toEqual([]);
    expect(r.warnings.join(' ')).not.toMatch(/undefined/);
  });
});

describe('the command line: --team', () => {
  const run = async (args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> => {
    let out = '';
    let err = '';
    const io: CliIO = { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`), cwd, env: {} };
    return { code: await runCli(args, io), out, err };
  };

  it('reads a team .csv beside the data, and refuses one without a rep column in one line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sga-team-'));
    fs.writeFileSync(
      path.join(dir, 'team.csv'),
      'Rep,Region,End date,Capacity per month\nBrian,East,2026-06-30,150000\nKevin,West,,90000\n',
    );
    const sample = path.join(__dirname, '..', 'samples', 'sales-en.xlsx');
    const args = [sample, '--today', '2026-11-30', '--year', '2026', '--json'];
    const r = await run([...args, '--team', 'team.csv'], dir);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as {
      breakdown: {
        entities: { name: string; children: { name: string; months: number[]; status: string }[] }[];
      };
    };
    const east = json.breakdown.entities.find((e) => e.name === 'East')!.children;
    expect(east.find((k) => k.name === 'Brian')!.months.slice(6)).toEqual([0, 0, 0, 0, 0, 0]);
    const west = json.breakdown.entities.find((e) => e.name === 'West')!.children;
    expect(west.find((k) => k.name === 'Kevin')!.status).toBe('new');
    fs.writeFileSync(path.join(dir, 'bad.csv'), 'Name,Start\nX,2026-01-01\n');
    const bad = await run([...args, '--team', 'bad.csv'], dir);
    expect(bad.code).toBe(1);
    expect(bad.err.trim()).toBe(
      'Error: bad.csv: No rep column in the team table: it needs a column such as "Rep" or "销售员".',
    );
  });
});
