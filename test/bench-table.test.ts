import { describe, expect, it } from 'vitest';
import { benchRows } from '../bench/table';

describe('the bench table', () => {
  it('has the cardinalities of issue 13: 8 regions, 120 reps, 40 products, a customer per ten rows, 2023-2025', () => {
    const rows = [...benchRows(50_000)];
    expect(rows).toHaveLength(50_000);
    const distinct = (k: number): number => new Set(rows.map((r) => r[k])).size;
    expect(distinct(3)).toBe(8);
    expect(distinct(4)).toBe(120);
    expect(distinct(5)).toBe(40);
    expect(distinct(2)).toBeGreaterThan(4000); // 5,000 customers drawn at random: nearly all appear
    expect(distinct(2)).toBeLessThanOrEqual(5000);
    expect(rows[0][0]).toBe(44927); // 2023-01-01
    expect(rows[rows.length - 1][0]).toBe(44927 + 1095); // 2025-12-31
    expect(rows.every((r, i) => i === 0 || r[0] >= rows[i - 1][0])).toBe(true);
  });

  it('makes orders of one to three lines that share their ID, date, customer and rep', () => {
    const rows = [...benchRows(20_000)];
    const orders = new Map<string, typeof rows>();
    for (const r of rows) orders.set(r[1], [...(orders.get(r[1]) ?? []), r]);
    const sizes = new Set([...orders.values()].map((o) => o.length));
    expect([...sizes].sort()).toEqual([1, 2, 3]);
    for (const lines of orders.values())
      for (const l of lines) expect([l[0], l[2], l[4]]).toEqual([lines[0][0], lines[0][2], lines[0][4]]);
  });

  it('is the same for the same seed', () => {
    expect([...benchRows(1000, 5)]).toEqual([...benchRows(1000, 5)]);
    expect([...benchRows(1000, 5)]).not.toEqual([...benchRows(1000, 6)]);
  });
});
