/**
 * How every host lays a SheetSpec out on screen and on paper, decided once here so that the .xlsx of the
 * command line, Excel and Sheets agree: horizontal alignment and indents, wrapped header rows and their
 * height in lines, the lighter bar colour of data bars, whether a sheet holds East Asian text (its font),
 * and the print area and title rows. Pure functions of the spec; hosts map them to their own API.
 */
import { a1 } from './a1';
import { textWidth } from './grid';
import type { SheetSpec, SpecCell } from './types';

export type HAlign = 'left' | 'right';

/** Styles whose text runs over the empty cells to its right (never wrapped, left-aligned). */
export const RUN_OVER = new Set(['title', 'subtitle', 'note', 'warning']);

const ERROR_TEXTS = new Set(['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A']);

/** How a cell's content is aligned by kind: numbers (and errors in number columns) right, text left. */
function kindAlign(sc: SpecCell): HAlign | undefined {
  const v = typeof sc.f === 'string' && sc.f !== '' ? sc.expect : sc.v;
  if (sc.style && RUN_OVER.has(sc.style) && typeof v !== 'number') return 'left';
  if (typeof v === 'number') return 'right';
  if (typeof v === 'string') return v === '' ? undefined : ERROR_TEXTS.has(v) ? 'right' : 'left';
  // A formula without a computed value: a number format says it is a number.
  if (v === undefined && sc.f && sc.fmt) return 'right';
  return undefined;
}

/** Alignment of cell (i, j) (0-based): headers follow the first aligned cell below them in their column. */
export function cellAlign(spec: SheetSpec, i: number, j: number): HAlign | undefined {
  const sc = spec.cells[i]?.[j];
  if (!sc) return undefined;
  if (sc.style !== 'header') return kindAlign(sc);
  for (let k = i + 1; k < Math.min(spec.cells.length, i + 50); k++) {
    const below = spec.cells[k]?.[j];
    if (!below || below.style === 'header') continue;
    // The first cell below that says (a formula that shows nothing yet does not).
    const a = kindAlign(below);
    if (a) return a;
  }
  return 'left';
}

/**
 * The look of a cell: alignment, an indent for left-aligned text right after a right-aligned number (so that
 * rank 1 and tier "Gold" do not read "1Gold"), and wrap for header cells.
 */
export interface CellLook {
  align?: HAlign;
  indent?: boolean;
  wrap?: boolean;
}

/** The looks of row i (0-based), by column (empty cells have none). */
export function rowLooks(spec: SheetSpec, i: number): (CellLook | undefined)[] {
  const row = spec.cells[i];
  const out: (CellLook | undefined)[] = [];
  let prev: HAlign | undefined;
  for (let j = 0; j < (row?.length ?? 0); j++) {
    const sc = row?.[j];
    const align = sc ? cellAlign(spec, i, j) : undefined;
    if (sc) {
      const look: CellLook = {};
      if (align) look.align = align;
      if (align === 'left' && prev === 'right') look.indent = true;
      if (sc.style === 'header') look.wrap = true;
      out[j] = look;
    }
    prev = align;
  }
  return out;
}

/** A short key of a look, for hosts that format runs of equal looks in one call. */
export function lookKey(look: CellLook | undefined): string | undefined {
  if (!look || (!look.align && !look.wrap)) return undefined;
  return `${look.align ?? ''}${look.indent ? '+' : ''}${look.wrap ? '|wrap' : ''}`;
}

/** Advance widths (em) of bold Calibri's lower-case letters and common signs; capitals .6, others .51. */
const BOLD_EM: Record<string, number> = {
  a: 0.494,
  b: 0.537,
  c: 0.418,
  d: 0.537,
  e: 0.503,
  f: 0.316,
  g: 0.474,
  h: 0.537,
  i: 0.246,
  j: 0.255,
  k: 0.48,
  l: 0.246,
  m: 0.813,
  n: 0.537,
  o: 0.538,
  p: 0.537,
  q: 0.537,
  r: 0.355,
  s: 0.399,
  t: 0.347,
  u: 0.537,
  v: 0.473,
  w: 0.745,
  x: 0.459,
  y: 0.474,
  z: 0.397,
  ' ': 0.226,
  '(': 0.303,
  ')': 0.303,
  '-': 0.306,
  '.': 0.267,
  ',': 0.258,
  ':': 0.276,
  ';': 0.276,
  "'": 0.234,
  '/': 0.386,
  '%': 0.729,
};

/**
 * Width of bold header text in column-width units: Excel's unit is the default font's digit, 7 pixels, and
 * an 11-point em is 14.67 pixels, so a unit is .477 em. An East Asian character (one em of 10-point Microsoft
 * YaHei, 13.3 pixels) is 1.9 units.
 */
export function boldWidth(s: string): number {
  let em = 0;
  let units = 0;
  for (const ch of s) {
    if (textWidth(ch) === 2) units += 1.9;
    else em += BOLD_EM[ch] ?? (/[A-Z]/.test(ch) ? 0.6 : 0.51);
  }
  return units + em / 0.477;
}

/**
 * Lines a header text takes when wrapped at spaces (and between East Asian characters) in a column `width`
 * characters wide (a column of w characters has w digits of room besides its padding); a word longer than
 * the line breaks where it must.
 */
export function wrappedLines(text: string, width: number): number {
  const room = Math.max(1, width - 0.2);
  const tokens =
    text.match(
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]|[^\s\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]+|\s+/g,
    ) ?? [];
  let lines = 1;
  let used = 0;
  let space = false;
  for (const t of tokens) {
    if (/^\s+$/.test(t)) {
      space = used > 0;
      continue;
    }
    let w = boldWidth(t);
    const gap = space ? boldWidth(' ') : 0;
    space = false;
    if (used > 0 && used + gap + w > room) {
      lines++;
      used = 0;
    } else used += gap;
    while (w > room) {
      w -= room;
      lines++;
    }
    used += w;
  }
  return lines;
}

/** Column widths in characters, from column A, as the hosts apply them (default 8.43). */
function widthOf(spec: SheetSpec, j: number): number {
  const w = spec.columnWidths?.[j];
  return w !== undefined && Number.isFinite(w) && w > 0 ? w : 8.43;
}

/** For each row holding header cells, the most lines any of its headers wraps into (0-based row -> lines > 1). */
export function headerRowLines(spec: SheetSpec): Map<number, number> {
  const out = new Map<number, number>();
  spec.cells.forEach((row, i) =>
    (row ?? []).forEach((sc, j) => {
      if (sc?.style !== 'header' || typeof sc.v !== 'string') return;
      const n = wrappedLines(sc.v, widthOf(spec, j));
      if (n > (out.get(i) ?? 1)) out.set(i, n);
    }),
  );
  return out;
}

/** Whether the sheet holds Chinese, Japanese or Korean text (hosts pick a font with those glyphs). */
export function hasWideText(spec: SheetSpec): boolean {
  for (const row of spec.cells)
    for (const sc of row ?? []) {
      const t = typeof sc?.v === 'string' ? sc.v : typeof sc?.expect === 'string' ? sc.expect : '';
      if (t && textWidth(t) > [...t].length) return true;
    }
  return false;
}

/** "#RRGGBB" mixed with white (amount 0..1 of white): data bars light enough to read the digits over them. */
export function tint(color: string, amount = 0.55): string {
  let h = color.trim().replace(/^#/, '');
  if (/^[0-9a-f]{3}$/i.test(h)) h = h.replace(/./g, (c) => c + c);
  if (/^[0-9a-f]{8}$/i.test(h)) h = h.slice(2);
  if (!/^[0-9a-f]{6}$/i.test(h)) return color;
  const mix = (k: number): string =>
    Math.round(parseInt(h.slice(k, k + 2), 16) * (1 - amount) + 255 * amount)
      .toString(16)
      .padStart(2, '0');
  return `#${mix(0)}${mix(2)}${mix(4)}`.toUpperCase();
}

export interface PrintSetup {
  /** A1 range of everything to print: cells, charts and the text of data cells that runs to their right. */
  area: string;
  /** Rows (1-based) repeated on every page, if any. */
  titleRows?: [number, number];
}

/** Last column (1-based) the text of a cell at column j (0-based) reaches: titles are set larger. */
function runOverEnd(spec: SheetSpec, sc: SpecCell, j: number): number {
  const v = typeof sc.f === 'string' && sc.f !== '' ? sc.expect : sc.v;
  const text = typeof v === 'string' && sc.style !== 'header' ? v : '';
  let need = textWidth(text) * (sc.style === 'title' ? 1.35 : 1);
  let c = j;
  while (need > widthOf(spec, c) && c < j + 60) need -= widthOf(spec, c++);
  return c + 1;
}

/** Columns a title, subtitle, note or warning may widen the print area by (a long note would shrink the page). */
const RUN_OVER_PRINT_COLUMNS = 4;

/**
 * The print area and title rows of a sheet (every host prints landscape, one page wide). The area spans the
 * cells, the charts and the text of data cells that runs over empty cells; the text of titles, subtitles,
 * notes and warnings widens it by at most RUN_OVER_PRINT_COLUMNS columns, and is cut at its edge beyond.
 */
export function printSetup(spec: SheetSpec): PrintSetup {
  let rows = 0;
  let cols = 1;
  let prose = 1;
  spec.cells.forEach((row, i) =>
    (row ?? []).forEach((sc, j) => {
      if (!sc) return;
      rows = i + 1;
      const end = row?.[j + 1] ? j + 1 : runOverEnd(spec, sc, j);
      if (sc.style && RUN_OVER.has(sc.style)) prose = Math.max(prose, end);
      else cols = Math.max(cols, end);
    }),
  );
  for (const c of spec.charts ?? []) {
    const m = /^\$?([A-Z]+)\$?(\d+)$/i.exec(c.anchor.trim());
    if (!m) continue;
    const col = [...m[1].toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    rows = Math.max(rows, Number(m[2]) + Math.max(1, c.height) - 1);
    cols = Math.max(cols, col + Math.max(1, c.width) - 1);
  }
  cols = Math.max(cols, Math.min(prose, cols + RUN_OVER_PRINT_COLUMNS));
  const out: PrintSetup = { area: `A1:${a1(Math.max(1, rows), cols)}` };
  const t = spec.print?.titleRows;
  const frozen = Math.floor(spec.freeze?.rows ?? 0);
  if (t && t[0] >= 1 && t[1] >= t[0]) out.titleRows = [Math.floor(t[0]), Math.floor(t[1])];
  else if (frozen > 0) out.titleRows = [1, frozen];
  return out;
}
