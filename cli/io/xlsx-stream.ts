/**
 * Reading one worksheet of an .xlsx in a stream: the sheet's XML is inflated chunk by chunk from the file and
 * scanned for its cells, so a 1,048,576-row sheet never exists as a string, a DOM or a million ExcelJS cells.
 * The result is what `readWorksheet` (cli/io/read.ts) gives for the same sheet of a workbook ExcelJS loaded:
 * the used range as dense rows (shared strings and inline strings as text, rich text joined, booleans,
 * errors as their text, formulas as their cached results, numbers in a date format as Dates the way ExcelJS
 * makes them, 1904 workbooks shifted by cellsFrom1904), and the number format of each cell. Repeated Dates
 * and formats rows are shared objects (read-only). Host code (Node).
 */
import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import * as zlib from 'node:zlib';
import { isDateFormat } from '../../core/table/coerce';
import * as codes from '../../core/table/columns';
import { ColumnarCells, grown, type CellColumn, type CellRows } from '../../core/table/columns';
import { DATE1904_OFFSET } from '../../core/table/datesystem';
import type { Cell } from '../../core/types';
import { SourceError, type SourceData } from './read';
import { ZipReader, type ZipEntry } from './zip';

// The codes as module constants: hot loops read them without a property load (or a getter, under a bundler).
const { BLANK, DAY, NUMBER, OTHER } = codes;

/**
 * From this size on, an .xlsx is read in a stream (readXlsxStreamed) instead of loaded whole by ExcelJS (about
 * 80,000 rows of an order table): ExcelJS needs about 4 GB and a minute for a million rows. A streamed source
 * has no loaded workbook: its output holds the source sheet's values and number formats (not its other
 * formatting), and its other sheets are not read.
 */
export const STREAM_XLSX_BYTES = 4 * 1024 * 1024;

/** The sheets of a workbook, in tab order, with their parts and states; and the workbook's date system. */
export interface WorkbookIndex {
  sheets: { name: string; part: string; state: string }[];
  date1904: boolean;
}

/** Excel's built-in number formats (ECMA-376 18.8.30) that ExcelJS names. */
const BUILTIN_FORMATS: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy "h":mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00 ;(#,##0.00)',
  40: '#,##0.00 ;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
};

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML character data with its entities decoded. */
export function xmlDecode(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
      : ENTITY[e],
  );
}

/** The attributes of an open tag, e.g. `<c r="A1" s="2" t="s">`. */
function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:]+)="([^"]*)"/g)) out[m[1]] = xmlDecode(m[2]);
  return out;
}

/** ExcelJS's test that a number format shows a date (what it turns into a Date). */
export function isDateFmt(fmt: string | null | undefined): boolean {
  if (!fmt) return false;
  return /[ymdhMsb]+/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** The text of a shared string or inline string: its <t> pieces joined, phonetic runs (<rPh>) left out. */
export function stringItem(xml: string): string {
  const noPhonetic = xml.indexOf('<rPh') >= 0 ? xml.replace(/<rPh[\s>][\s\S]*?<\/rPh>/g, '') : xml;
  let s = '';
  for (const m of noPhonetic.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)) s += m[1];
  return xmlDecode(s);
}

/** The sheets, their parts and the date system, from workbook.xml and its relationships. */
export async function workbookIndex(zip: ZipReader): Promise<WorkbookIndex> {
  const wb = (await zip.read('xl/workbook.xml'))?.toString('utf8');
  if (wb === undefined) throw new Error('no xl/workbook.xml: not an Excel workbook');
  const rels = (await zip.read('xl/_rels/workbook.xml.rels'))?.toString('utf8') ?? '';
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\s[^>]*>/g)) {
    const a = attributes(m[0]);
    if (a.Id && a.Target && !/chartsheet/i.test(a.Type ?? ''))
      targets.set(a.Id, a.Target.startsWith('/') ? a.Target.slice(1) : `xl/${a.Target}`);
  }
  const sheets: WorkbookIndex['sheets'] = [];
  for (const m of wb.matchAll(/<sheet\s[^>]*>/g)) {
    const a = attributes(m[0]);
    const part = targets.get(a['r:id'] ?? '');
    if (part) sheets.push({ name: a.name ?? '', part, state: a.state ?? 'visible' });
  }
  const pr = /<workbookPr\s[^>]*>/.exec(wb);
  const d = pr ? attributes(pr[0]).date1904 : undefined;
  return { sheets, date1904: d === '1' || d === 'true' };
}

/** The number format of each cell style (index of cellXfs), null for General. */
async function styleFormats(zip: ZipReader): Promise<(string | null)[]> {
  const xml = (await zip.read('xl/styles.xml'))?.toString('utf8') ?? '';
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<numFmt\s[^>]*>/g)) {
    const a = attributes(m[0]);
    custom.set(Number(a.numFmtId), a.formatCode ?? '');
  }
  const xfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? '';
  return [...xfs.matchAll(/<xf\s[^>]*>/g)].map((m) => {
    const id = Number(attributes(m[0]).numFmtId ?? 0);
    const f = custom.get(id) ?? BUILTIN_FORMATS[id];
    return f && f !== 'General' ? f : null;
  });
}

/** The texts of the shared strings part, by index. */
export async function sharedStrings(zip: ZipReader): Promise<string[]> {
  const xml = (await zip.read('xl/sharedStrings.xml'))?.toString('utf8') ?? '';
  const out: string[] = [];
  for (const m of xml.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g))
    out.push(m[1] === undefined ? '' : stringItem(m[1]));
  return out;
}

/** The inflated text of one entry, chunk by chunk. */
async function* entryText(file: string, e: ZipEntry): AsyncGenerator<string> {
  const head = Buffer.alloc(30);
  const fh = await fs.open(file, 'r');
  try {
    await fh.read(head, 0, 30, e.offset);
  } finally {
    await fh.close();
  }
  const start = e.offset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
  const raw = createReadStream(file, { start, end: start + e.compressedSize - 1, highWaterMark: 1 << 20 });
  const body = e.method === 8 ? raw.pipe(zlib.createInflateRaw()) : raw;
  const dec = new StringDecoder('utf8');
  for await (const chunk of body as AsyncIterable<Buffer>) yield dec.write(chunk);
  const rest = dec.end();
  if (rest) yield rest;
}

/** One sheet column as it is read (see core/table/columns.ts), by sheet row - 1. */
interface SheetColumn {
  codes: Int32Array;
  values: Float64Array | null;
  fmt: Uint16Array | null;
  other: Map<number, Cell> | null;
  /** Texts that are not shared strings (inline, a formula's text, an error), coded after them. */
  extra: string[] | null;
}

interface Scan {
  strings: string[];
  /** Number format by cell style (null: General). */
  formats: (string | null)[];
  date1904: boolean;
  /** Per cell style: whether ExcelJS reads its numbers as Dates. */
  isDate: boolean[];
  /** By sheet column number. */
  cols: (SheetColumn | undefined)[];
  /** Sheet rows the columns hold. */
  capacity: number;
  /** Per cell style: the code of its number format in `fmtList` (-1: not looked up yet). */
  styleFmt: Int32Array;
  fmtList: (string | null)[];
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

/** The column of sheet column `col`, with room for sheet row `row`, the cell's extent and format recorded. */
function place(s: Scan, row: number, col: number, style: number): { c: SheetColumn; r: number } {
  if (row > s.capacity) {
    s.capacity = Math.max(row, s.capacity * 2);
    for (const c of s.cols) if (c) growColumn(c, s.capacity);
  }
  let c = s.cols[col];
  if (!c)
    s.cols[col] = c = {
      codes: new Int32Array(s.capacity).fill(BLANK),
      values: null,
      fmt: null,
      other: null,
      extra: null,
    };
  if (row < s.r0) s.r0 = row;
  if (row > s.r1) s.r1 = row;
  if (col < s.c0) s.c0 = col;
  if (col > s.c1) s.c1 = col;
  const r = row - 1;
  const f = formatCode(s, style);
  if (f !== 0 || c.fmt) (c.fmt ??= new Uint16Array(s.capacity))[r] = f;
  return { c, r };
}

function growColumn(c: SheetColumn, capacity: number): void {
  c.codes = grown(c.codes, capacity, BLANK);
  c.values = c.values && grown(c.values, capacity);
  c.fmt = c.fmt && grown(c.fmt, capacity);
}

function formatCode(s: Scan, style: number): number {
  if (style >= s.styleFmt.length) return 0;
  let k = s.styleFmt[style];
  if (k < 0) {
    const f = s.formats[style] ?? null;
    k = f === null ? 0 : s.fmtList.indexOf(f);
    if (k < 0) k = s.fmtList.push(f) - 1;
    s.styleFmt[style] = k;
  }
  return k;
}

/** A number cell: a day when its style is a date format (as ExcelJS reads it), else the number. */
function putNumber(s: Scan, row: number, col: number, style: number, x: number): void {
  const { c, r } = place(s, row, col, style);
  const day = s.isDate[style] === true;
  c.codes[r] = day ? DAY : NUMBER;
  (c.values ??= new Float64Array(s.capacity))[r] = day ? timeOf(s, x) : x;
}

/** Any cell value (the general path). */
function putCell(s: Scan, row: number, col: number, style: number, v: Cell): void {
  const { c, r } = place(s, row, col, style);
  if (v === null || v === undefined) c.codes[r] = BLANK;
  else if (typeof v === 'number') {
    c.codes[r] = NUMBER;
    (c.values ??= new Float64Array(s.capacity))[r] = v;
  } else if (v instanceof Date) {
    c.codes[r] = DAY;
    (c.values ??= new Float64Array(s.capacity))[r] = v.getTime();
  } else if (typeof v === 'string') {
    c.extra ??= [];
    c.codes[r] = s.strings.length + c.extra.push(v) - 1;
  } else {
    c.codes[r] = OTHER;
    (c.other ??= new Map()).set(r, v);
  }
}

/** A shared string cell (k: its index; an index out of range is a blank, as ExcelJS reads it). */
function putShared(s: Scan, row: number, col: number, style: number, k: number): void {
  const { c, r } = place(s, row, col, style);
  c.codes[r] = k >= 0 && k < s.strings.length ? k : BLANK;
}

/** The value of attribute `key` (' s="') in an open tag, or undefined. */
function attr(tag: string, key: string): string | undefined {
  const i = tag.indexOf(key);
  if (i < 0) return undefined;
  const from = i + key.length;
  return tag.slice(from, tag.indexOf('"', from));
}

/** One <c> element (its open tag and content) into the scan. */
function readCell(s: Scan, tag: string, body: string, row: number, col: number): void {
  const sa = attr(tag, ' s="');
  const style = sa !== undefined ? Number(sa) : 0;
  const t = attr(tag, ' t="') ?? 'n';
  const hasFormula = body.length > 0 && body.indexOf('<f') >= 0;
  let v: string | undefined;
  const vAt = body.indexOf('<v>');
  if (vAt >= 0) v = body.slice(vAt + 3, body.indexOf('</v>', vAt));
  else if (body.indexOf('<v/>') >= 0) v = '';
  if (t === 'inlineStr' && body.indexOf('<is') >= 0) return putCell(s, row, col, style, stringItem(body));
  if (v === undefined || (v === '' && t !== 's')) {
    // No value: a formula without a cached result, or a styled blank (not in the used range).
    if (hasFormula || style === 0) putCell(s, row, col, style, null);
  } else if (t === 'n') putNumber(s, row, col, style, +v);
  else if (t === 's' && !hasFormula) putShared(s, row, col, style, parseInt(v, 10));
  else if (t === 'str' || t === 'inlineStr') putCell(s, row, col, style, xmlDecode(v));
  else if (t === 'b') putCell(s, row, col, style, parseInt(v, 10) !== 0);
  else if (t === 'e') putCell(s, row, col, style, xmlDecode(v));
  else putNumber(s, row, col, style, parseFloat(v));
}

/** The time of the Date ExcelJS makes of a serial. */
function timeOf(s: Scan, x: number): number {
  return Math.round((x - 25569 + (s.date1904 ? 1462 : 0)) * 86_400_000);
}

/** The attributes of a <c> tag that matter: column and row of r (0 when absent), s, and t as a code. */
interface CellTag {
  col: number;
  row: number;
  style: number;
  /** 0 n, 1 s, 2 b, 3 e, 4 str; -1 any other type (inlineStr, d: the general path). */
  t: number;
}

const TYPES: Record<string, number> = { n: 0, s: 1, b: 2, e: 3, str: 4 };

/** Reads r, s and t of the open tag buf[lt..gt] without cutting strings (one-letter attribute names). */
function cellTag(buf: string, lt: number, gt: number, out: CellTag): void {
  out.col = 0;
  out.row = 0;
  out.style = 0;
  out.t = 0;
  for (let i = lt + 2; i < gt; i++) {
    const ch = buf.charCodeAt(i);
    if (ch !== 32 && ch !== 9 && ch !== 10 && ch !== 13) continue;
    if (buf.charCodeAt(i + 2) !== 61 || buf.charCodeAt(i + 3) !== 34) continue;
    const name = buf.charCodeAt(i + 1);
    let j = i + 4;
    const q = buf.indexOf('"', j);
    if (q < 0 || q > gt) return;
    if (name === 114) {
      let c = 0;
      for (let x = buf.charCodeAt(j); x >= 65 && x <= 90; x = buf.charCodeAt(++j)) c = c * 26 + x - 64;
      let r = 0;
      for (let x = buf.charCodeAt(j); x >= 48 && x <= 57; x = buf.charCodeAt(++j)) r = r * 10 + x - 48;
      out.col = c;
      out.row = r;
    } else if (name === 115) {
      let v = 0;
      for (let x = buf.charCodeAt(j); x >= 48 && x <= 57; x = buf.charCodeAt(++j)) v = v * 10 + x - 48;
      out.style = v;
    } else if (name === 116) out.t = TYPES[buf.slice(j, q)] ?? -1;
    i = q;
  }
}

/**
 * The common cells (a number, a shared string, a boolean, an error, a formula's cached result in <v>) read
 * in place; false when the cell needs the general path (readCell).
 */
function fastCell(
  s: Scan,
  buf: string,
  gt: number,
  close: number,
  row: number,
  col: number,
  tag: CellTag,
): boolean {
  if (close < 0) return false;
  const formula = buf.charCodeAt(gt + 1) === 60 && buf.charCodeAt(gt + 2) === 102; // <f: a formula comes first
  if (formula) return false;
  if (buf.charCodeAt(gt + 1) !== 60 || buf.charCodeAt(gt + 2) !== 118 || buf.charCodeAt(gt + 3) !== 62)
    return false;
  const from = gt + 4;
  const to = buf.indexOf('</v>', from);
  if (to < 0 || to > close || to === from) return false;
  const t = tag.t;
  if (t === 1) {
    let k = 0;
    for (let i = from; i < to; i++) k = k * 10 + buf.charCodeAt(i) - 48;
    putShared(s, row, col, tag.style, k);
  } else if (t === 0) putNumber(s, row, col, tag.style, +buf.slice(from, to));
  else return false;
  return true;
}

/** Scans the sheet XML text for <row> and <c> elements, carrying an unfinished element to the next chunk. */
async function scanSheet(s: Scan, chunks: AsyncIterable<string>): Promise<void> {
  const tag: CellTag = { col: 0, row: 0, style: 0, t: 0 };
  let buf = '';
  let row = 0;
  let col = 0;
  for await (const chunk of chunks) {
    buf = buf.length ? buf + chunk : chunk;
    let pos = 0;
    for (;;) {
      const lt = buf.indexOf('<', pos);
      if (lt < 0) {
        pos = buf.length;
        break;
      }
      const gt = buf.indexOf('>', lt);
      if (gt < 0) {
        pos = lt;
        break;
      }
      const c1 = buf.charCodeAt(lt + 1);
      const c2 = buf.charCodeAt(lt + 2);
      if (c1 === 114 && c2 === 111 && buf.startsWith('<row', lt) && /[\s>/]/.test(buf[lt + 4])) {
        const r = /\sr="(\d+)"/.exec(buf.slice(lt, gt));
        row = r ? Number(r[1]) : row + 1;
        col = 0;
        pos = gt + 1;
      } else if (c1 === 99 && (c2 === 32 || c2 === 62 || c2 === 47)) {
        let end: number;
        let close = -1;
        if (buf.charCodeAt(gt - 1) === 47) end = gt + 1;
        else {
          close = buf.indexOf('</c>', gt);
          if (close < 0) {
            pos = lt;
            break;
          }
          end = close + 4;
        }
        cellTag(buf, lt, gt, tag);
        col = tag.col > 0 ? tag.col : col + 1;
        const at = tag.row > 0 ? tag.row : row;
        if (tag.t < 0 || !fastCell(s, buf, gt, close, at, col, tag))
          readCell(s, buf.slice(lt, gt + 1), close < 0 ? '' : buf.slice(gt + 1, close), at, col);
        pos = end;
      } else pos = gt + 1;
    }
    buf = buf.slice(pos);
  }
}

/**
 * The used range by column (core/table/columns.ts). In a 1904 workbook, numbers in a date format that ExcelJS
 * leaves numbers get 1462 added, as cellsFrom1904 does to rows.
 */
function usedColumns(s: Scan): ColumnarCells {
  const height = s.r1 - s.r0 + 1;
  const cols: CellColumn[] = [];
  for (let col = s.c0; col <= s.c1; col++) {
    const c = s.cols[col];
    s.cols[col] = undefined;
    const cut = <T extends Int32Array | Float64Array | Uint16Array>(a: T): T => a.slice(s.r0 - 1, s.r1) as T;
    const codes = c ? cut(c.codes) : new Int32Array(height).fill(BLANK);
    const values = c?.values ? cut(c.values) : null;
    const fmt = c?.fmt ? cut(c.fmt) : null;
    let other: Map<number, Cell> | null = null;
    if (c?.other)
      for (const [r, v] of c.other) if (r >= s.r0 - 1 && r < s.r1) (other ??= new Map()).set(r - s.r0 + 1, v);
    if (s.date1904 && values && fmt)
      for (let r = 0; r < height; r++)
        if (
          codes[r] === NUMBER &&
          fmt[r] !== 0 &&
          isDateFormat(s.fmtList[fmt[r]]) &&
          values[r] - values[r] === 0
        )
          values[r] += DATE1904_OFFSET;
    cols.push({ codes, texts: c?.extra ? s.strings.concat(c.extra) : s.strings, values, fmt, other });
  }
  return new ColumnarCells(height, cols, s.fmtList);
}

/**
 * The used range of one sheet of an .xlsx (`pick` chooses it from the workbook's sheets; undefined: none),
 * read in a stream; see the header.
 */
export async function readSheetStream(
  file: string,
  pick: (index: WorkbookIndex) => WorkbookIndex['sheets'][number] | undefined,
): Promise<{
  index: WorkbookIndex;
  sheet?: WorkbookIndex['sheets'][number];
  cells: CellRows;
  formats: (string | null)[][];
  originRow: number;
  originCol: number;
}> {
  const zip = await ZipReader.open(file);
  try {
    const index = await workbookIndex(zip);
    const sheet = pick(index);
    if (!sheet) return { index, cells: [], formats: [], originRow: 1, originCol: 1 };
    const entry = zip.entry(sheet.part);
    if (!entry) throw new Error(`${sheet.part} is missing`);
    const formats = await styleFormats(zip);
    const s: Scan = {
      strings: await sharedStrings(zip),
      formats,
      date1904: index.date1904,
      isDate: formats.map(isDateFmt),
      cols: [],
      capacity: 1024,
      styleFmt: new Int32Array(formats.length).fill(-1),
      fmtList: [null],
      r0: Infinity,
      r1: 0,
      c0: Infinity,
      c1: 0,
    };
    await scanSheet(s, entryText(file, entry));
    if (s.r1 === 0) return { index, sheet, cells: [], formats: [], originRow: 1, originCol: 1 };
    return { index, sheet, cells: usedColumns(s), formats: [], originRow: s.r0, originCol: s.c0 };
  } finally {
    await zip.close();
  }
}

/**
 * readSource for a large .xlsx: the sheet named `sheet` (case-insensitively; default the first visible one)
 * read in a stream, with the same errors as readSource. `workbook` is left out (see STREAM_XLSX_BYTES).
 */
export async function readXlsxStreamed(abs: string, sheet: string | undefined): Promise<SourceData> {
  const want = sheet?.trim().toLowerCase();
  const choose = (ix: WorkbookIndex): WorkbookIndex['sheets'][number] | undefined =>
    want
      ? (ix.sheets.find((x) => x.name.toLowerCase() === sheet!.toLowerCase()) ??
        ix.sheets.find((x) => x.name.trim().toLowerCase() === want))
      : (ix.sheets.find((x) => x.state === 'visible') ?? ix.sheets[0]);
  let got;
  try {
    got = await readSheetStream(abs, choose);
  } catch (e) {
    const why = (e as Error).message || String(e);
    throw new SourceError('unreadable', `${abs}: ${why}`, `Cannot read ${abs} as an Excel workbook: ${why}`);
  }
  const sheetNames = got.index.sheets.map((x) => x.name);
  if (!got.sheet) {
    if (!want) throw new SourceError('unreadable', `${abs}: no worksheet`, `${abs} has no worksheet`);
    const list = sheetNames.join(', ');
    throw new SourceError(
      'unknown-sheet',
      `${sheet} (${list})`,
      `No sheet named "${sheet}" in ${path.basename(abs)}; its sheets: ${list}`,
      sheetNames,
    );
  }
  return {
    sheetName: got.sheet.name,
    cells: got.cells,
    formats: got.formats,
    originRow: got.originRow,
    originCol: got.originCol,
    sheetNames,
    date1904: got.index.date1904,
    file: abs,
  };
}
