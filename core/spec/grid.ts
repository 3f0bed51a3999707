/** A sparse grid of spec cells that analyses fill by 1-based row and column. */
import type { SpecCell } from './types';

export const FMT_MONEY = '#,##0';
export const FMT_PCT = '0.0%';
export const FMT_DATE = 'yyyy-mm-dd';

export function grid(): {
  cells: (SpecCell | null)[][];
  put: (row: number, col: number, cell: SpecCell) => void;
} {
  const cells: (SpecCell | null)[][] = [];
  return {
    cells,
    put: (row, col, cell) => {
      while (cells.length < row) cells.push([]);
      cells[row - 1][col - 1] = cell;
    },
  };
}

/** Display width of a text: East Asian wide characters count two. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      c >= 0x20000
        ? 2
        : 1;
  }
  return w;
}

/** How a cell's value reads on screen, roughly, for column widths. */
function shown(c: SpecCell): string {
  const v = c.f !== undefined ? c.expect : c.v;
  if (v === null || v === undefined) return '';
  if (typeof v !== 'number') return String(v);
  const fmt = c.fmt ?? '';
  if (fmt.includes('%')) return `${(v * 100).toFixed((fmt.split('.')[1] ?? '').replace('%', '').length)}%`;
  if (/y/.test(fmt)) return '2026-12-31';
  const decimals = (fmt.split('.')[1] ?? '').replace(/[^0]/g, '').length;
  // As en-US shows it ("1,234,567.50"), without Intl (toLocaleString costs 30 ms on a large sheet).
  const [int, frac] = v.toFixed(decimals).split('.');
  const text = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? `.${frac}` : '');
  return fmt.includes('#,##') || fmt.includes('0') ? text : String(v);
}

/**
 * Column widths (in characters) from the content: the widest cell of each column plus a margin, within
 * [min, max]. Titles, subtitles, notes and warnings are left out (they run over the empty cells to their
 * right); header cells count up to `header` characters (hosts wrap longer headers).
 */
export function autoWidths(
  cells: readonly (readonly (SpecCell | null | undefined)[] | undefined)[],
  o: { min?: number; max?: number; first?: number; header?: number } = {},
): number[] {
  const min = o.min ?? 8;
  const max = o.max ?? 40;
  const header = o.header ?? 14;
  const widths: number[] = [];
  for (const row of cells)
    (row ?? []).forEach((c, j) => {
      if (!c || c.style === 'title' || c.style === 'subtitle' || c.style === 'note' || c.style === 'warning')
        return;
      let w = textWidth(shown(c));
      if (c.style === 'header') w = Math.min(w, Math.max(header, ...shown(c).split(/\s+/).map(textWidth)));
      widths[j] = Math.max(widths[j] ?? 0, w + 2);
    });
  const out = Array.from(widths, (w) => Math.min(max, Math.max(min, w ?? min)));
  if (o.first !== undefined && out.length) out[0] = Math.max(out[0], o.first);
  return out;
}
