/**
 * The source sheet of the output workbook, streamed: for a source without a loaded workbook (a CSV, or an
 * .xlsx read in a stream), ExcelJS writes the workbook with the generated sheets and an empty sheet of the
 * source's name (so their styles, conditional formats, page setup and the chart step are untouched); then
 * `spliceSourceSheet` puts the source cells into that sheet's part as the package is copied: the XML of the
 * cells is made row by row and deflated on the way to the file, so a 1,048,576-row sheet never exists as
 * one string, one buffer or a million ExcelJS cells. The number formats of the cells are added to the
 * package's styles (a custom format and a cell format each). Every other part is copied as its compressed
 * bytes (cli/io/zip.ts). Host code (Node).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { MAX_CELL_TEXT, cutText } from '../../core/spec/excel-limits';
import { textWidth } from '../../core/spec/grid';
import { isDateFormat } from '../../core/table/coerce';
import * as codes from '../../core/table/columns';
import { formatsRowOf, isColumnar, rowOf, type CellRows, type ColumnarCells } from '../../core/table/columns';
import type { Cell } from '../../core/types';
import { sanitizeSheetName, SourceError } from './read';
import { writeWorkbook, type WriteOptions } from './write';
import { writeDirectory, ZipReader } from './zip';

// The codes as module constants: hot loops read them without a property load (or a getter, under a bundler).
const { BLANK, DAY, NUMBER } = codes;

export interface SheetCells {
  cells: CellRows;
  formats: readonly (readonly (string | null)[] | undefined)[];
  /** 1-based sheet row and column of cells[0][0]. */
  originRow: number;
  originCol: number;
}

const LOC = 0x04034b50;
const CEN = 0x02014b50;
const DESCRIPTOR = 0x08074b50;
const MAX32 = 0xffffffff;
const CHUNK = 1 << 16;
const MS_PER_DAY = 86_400_000;

/** Column letters of a 1-based column number (A, Z, AA, XFD). */
export function columnLetters(c: number): string {
  let s = '';
  for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The characters XML 1.0 cannot hold, and lone surrogates. */
const XML_BAD_SOURCE =
  '[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\ufffe\\uffff]|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const XML_BAD_ANY = new RegExp(XML_BAD_SOURCE);
const XML_BAD = new RegExp(XML_BAD_SOURCE, 'g');
const XML_SPECIAL = /[&<>]|_x[0-9A-Fa-f]{4}_/g;

/**
 * Text as the content of an XML element of a cell: &, < and > escaped; a character XML cannot hold written
 * as Excel writes it (_x000B_), and text that looks like such an escape kept literal (_x005F_x...).
 */
export function xmlText(s: string): string {
  let t = s.replace(XML_SPECIAL, (m) =>
    m === '&' ? '&amp;' : m === '<' ? '&lt;' : m === '>' ? '&gt;' : `_x005F${m}`,
  );
  if (XML_BAD_ANY.test(t))
    t = t.replace(XML_BAD, (ch) => `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
  return t;
}

/** The workbook's shared strings: those ExcelJS wrote (`base` of them) and the source's, added as met. */
export class StringTable {
  readonly index = new Map<string, number>();
  /** Cells that refer to a string added here. */
  uses = 0;
  constructor(readonly base: number) {}

  /** One more cell refers to string number k (which `of` gave). */
  again(k: number): number {
    this.uses++;
    return k;
  }

  /** The shared-string number of `text`. */
  of(text: string): number {
    this.uses++;
    let k = this.index.get(text);
    if (k === undefined) this.index.set(text, (k = this.base + this.index.size));
    return k;
  }
}

/** One string item (<si>) of the shared strings part. */
function stringItem(text: string): string {
  const t = xmlText(text);
  // Spaces at either end are kept only with xml:space="preserve" (most texts have none: shorter XML).
  const keep = t.charCodeAt(0) <= 32 || t.charCodeAt(t.length - 1) <= 32 ? ' xml:space="preserve"' : '';
  return `<si><t${keep}>${t}</t></si>`;
}

/**
 * One cell as <c>, or '' for a blank cell. `s` is its style attribute (' s="3"' or ''); text goes to the
 * shared strings when `strings` is given, else inline.
 */
function cellXml(ref: string, v: Cell, s: string, strings: StringTable | null): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number')
    return Number.isFinite(v)
      ? `<c r="${ref}"${s}><v>${v}</v></c>`
      : `<c r="${ref}"${s} t="e"><v>#NUM!</v></c>`;
  if (typeof v === 'string') {
    if (v === '') return '';
    const cut = v.length > MAX_CELL_TEXT ? cutText(v) : v;
    if (strings) return `<c r="${ref}"${s} t="s"><v>${strings.of(cut)}</v></c>`;
    const text = xmlText(cut);
    // Spaces at either end are kept only with xml:space="preserve" (most texts have none: shorter XML).
    const keep =
      text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32 ? ' xml:space="preserve"' : '';
    return `<c r="${ref}"${s} t="inlineStr"><is><t${keep}>${text}</t></is></c>`;
  }
  if (typeof v === 'boolean') return `<c r="${ref}"${s} t="b"><v>${v ? 1 : 0}</v></c>`;
  if (v instanceof Date) {
    const t = v.getTime();
    // As ExcelJS writes a Date: days since 1899-12-30 (UTC).
    return t === t
      ? `<c r="${ref}"${s}><v>${25569 + t / MS_PER_DAY}</v></c>`
      : `<c r="${ref}"${s} t="e"><v>#NUM!</v></c>`;
  }
  return '';
}

/** The number formats the cells use (Dates without one get Excel's default date format). */
export function formatsUsed(src: SheetCells): string[] {
  const seen = new Set<string>();
  const rows = new Set<unknown>();
  const { cells } = src;
  if (isColumnar(cells)) {
    for (const col of cells.columns) {
      if (!col.fmt) continue;
      const codes = new Set(col.fmt);
      for (const k of codes) if (cells.formats[k]) seen.add(cells.formats[k]!);
    }
    if (cells.hasBareDates()) seen.add(DEFAULT_DATE);
    return [...seen];
  }
  for (let i = 0; i < src.cells.length; i++) {
    const f = formatsRowOf(src.cells, src.formats, i);
    if (f && !rows.has(f)) {
      rows.add(f);
      for (const x of f) if (x) seen.add(x);
    }
  }
  if (cells.some((r) => r.some((v) => v instanceof Date))) seen.add(DEFAULT_DATE);
  return [...seen];
}
const DEFAULT_DATE = 'mm-dd-yy';

/**
 * styles.xml with a custom number format and a cell format (xf) for each of `fmts` appended; returns the xml
 * and the style index of each format.
 */
export function addNumberFormats(
  stylesXml: string,
  fmts: string[],
): { xml: string; ids: Map<string, number> } {
  const ids = new Map<string, number>();
  if (fmts.length === 0) return { xml: stylesXml, ids };
  let maxId = 163;
  for (const m of stylesXml.matchAll(/<numFmt [^>]*numFmtId="(\d+)"/g)) maxId = Math.max(maxId, Number(m[1]));
  const attr = (s: string): string =>
    s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const numFmts = fmts
    .map((f, k) => `<numFmt numFmtId="${maxId + 1 + k}" formatCode="${attr(f)}"/>`)
    .join('');
  let xml = stylesXml;
  if (/<numFmts[^>]*\/>/.test(xml)) xml = xml.replace(/<numFmts[^>]*\/>/, `<numFmts count="0"></numFmts>`);
  if (/<numFmts[\s>]/.test(xml))
    xml = xml
      .replace(
        /<numFmts([^>]*)count="(\d+)"/,
        (_, a: string, n: string) => `<numFmts${a}count="${Number(n) + fmts.length}"`,
      )
      .replace('</numFmts>', `${numFmts}</numFmts>`);
  else xml = xml.replace(/<fonts[\s>]/, (m) => `<numFmts count="${fmts.length}">${numFmts}</numFmts>${m}`);
  const xfsAt = /<cellXfs[^>]*count="(\d+)"[^>]*>/.exec(xml);
  if (!xfsAt) throw new Error('styles.xml has no cellXfs');
  const first = Number(xfsAt[1]);
  const xfs = fmts
    .map(
      (_, k) =>
        `<xf numFmtId="${maxId + 1 + k}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`,
    )
    .join('');
  fmts.forEach((f, k) => ids.set(f, first + k));
  xml = xml
    .replace(/(<cellXfs[^>]*count=")(\d+)"/, (_, a: string, n: string) => `${a}${Number(n) + fmts.length}"`)
    .replace('</cellXfs>', `${xfs}</cellXfs>`);
  return { xml, ids };
}

/** Rows of the source that column widths are taken from: the first ones and some spread over the rest. */
const WIDTH_SAMPLE = 2000;

/** How wide a source cell shows, in characters (a date as yyyy-mm-dd, a number as its format shows it). */
function shownWidth(v: Cell, fmt: string | null | undefined): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'string') return textWidth(v.length > 200 ? v.slice(0, 200) : v);
  if (v instanceof Date || (typeof v === 'number' && fmt && isDateFormat(fmt))) return 10;
  if (typeof v === 'number') {
    if (!fmt || !fmt.includes('0')) return String(v).length;
    const decimals = (fmt.split('.')[1] ?? '').replace(/[^0]/g, '').length;
    const digits = Math.abs(v).toFixed(decimals).length;
    return digits + (fmt.includes(',') ? Math.floor((digits - decimals - 1) / 3) : 0) + (v < 0 ? 1 : 0);
  }
  return 5; // TRUE, FALSE
}

/**
 * <cols> for the source sheet: each column as wide as its widest sampled cell (6 to 60 characters), so that its
 * dates and IDs show instead of "###" and cut text. Empty when the source has no cells.
 */
function colsXml(src: SheetCells, width: number): string {
  const { cells, formats } = src;
  if (width === 0 || cells.length === 0) return '';
  const widths = new Array<number>(width).fill(0);
  const step = Math.max(1, Math.floor(cells.length / WIDTH_SAMPLE));
  const look = (r: number): void => {
    const row = rowOf(cells, r);
    const f = formatsRowOf(cells, formats, r);
    if (row) for (let j = 0; j < width; j++) widths[j] = Math.max(widths[j], shownWidth(row[j], f?.[j]));
  };
  for (let r = 0; r < Math.min(cells.length, WIDTH_SAMPLE); r++) look(r);
  for (let r = WIDTH_SAMPLE; r < cells.length; r += step) look(r);
  const first = src.originCol;
  const col = (w: number, j: number): string =>
    `<col min="${first + j}" max="${first + j}" width="${Math.min(60, Math.max(6, w + 2))}" customWidth="1"/>`;
  return `<cols>${widths.map(col).join('')}</cols>`;
}

/** The sheet's XML in pieces: the head, one piece per few thousand rows, the tail. */
export function* sheetXml(
  src: SheetCells,
  styleIds: ReadonlyMap<string, number>,
  strings: StringTable | null = null,
): Generator<string> {
  const { cells, formats, originRow, originCol } = src;
  let width = isColumnar(cells) ? cells.width : 0;
  if (!isColumnar(cells)) for (const r of cells) if (r.length > width) width = r.length;
  const letters = Array.from({ length: width }, (_, j) => columnLetters(originCol + j));
  const dim =
    cells.length && width
      ? `${letters[0]}${originRow}:${letters[width - 1]}${originRow + cells.length - 1}`
      : 'A1';
  yield (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<dimension ref="${dim}"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>` +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    colsXml(src, width) +
    '<sheetData>'
  );
  const dateStyle = styleIds.get(DEFAULT_DATE);
  const styleCache = new Map<unknown, string[]>();
  const stylesOf = (f: readonly (string | null)[] | undefined): string[] => {
    let s = styleCache.get(f);
    if (!s) {
      s = letters.map((_, j) => {
        const id = f?.[j] ? styleIds.get(f[j]!) : undefined;
        return id !== undefined ? ` s="${id}"` : '';
      });
      styleCache.set(f, s);
    }
    return s;
  };
  const rowXml = isColumnar(cells)
    ? columnarRowXml(cells, letters, styleIds, strings)
    : (i: number, r: number): string => {
        const row = rowOf(cells, i) ?? [];
        const styles = stylesOf(formatsRowOf(cells, formats, i));
        let xml = '';
        for (let j = 0; j < row.length; j++) {
          const v = row[j];
          if (v === null || v === undefined) continue;
          const s =
            styles[j] === '' && v instanceof Date && dateStyle !== undefined
              ? ` s="${dateStyle}"`
              : styles[j];
          xml += cellXml(letters[j] + r, v, s, strings);
        }
        return xml;
      };
  let piece = '';
  for (let i = 0; i < cells.length; i++) {
    const r = originRow + i;
    const xml = rowXml(i, r);
    if (xml !== '') piece += `<row r="${r}">${xml}</row>`;
    if (piece.length > CHUNK) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;
}

/**
 * The cells of row i (sheet row r) of cells held by column, as sheetXml writes rows: a column's styles by
 * format code and its texts' shared-string numbers are worked out once, not per cell.
 */
function columnarRowXml(
  cells: ColumnarCells,
  letters: string[],
  styleIds: ReadonlyMap<string, number>,
  strings: StringTable | null,
): (i: number, r: number) => string {
  const dateStyle = styleIds.get(DEFAULT_DATE);
  const styleOf = cells.formats.map((f) => {
    const id = f ? styleIds.get(f) : undefined;
    return id !== undefined ? ` s="${id}"` : '';
  });
  const shared = cells.columns.map((col) => (strings ? new Int32Array(col.texts.length).fill(-1) : null));
  return (i, r) => {
    let xml = '';
    for (let j = 0; j < cells.columns.length; j++) {
      const col = cells.columns[j];
      const k = col.codes[i];
      if (k === BLANK) continue;
      const s = styleOf[col.fmt ? col.fmt[i] : 0];
      const ref = letters[j] + r;
      const memo = shared[j];
      if (k >= 0 && memo !== null && strings !== null && col.texts[k] !== '') {
        const x = memo[k] >= 0 ? strings.again(memo[k]) : (memo[k] = strings.of(cutLong(col.texts[k])));
        xml += `<c r="${ref}"${s} t="s"><v>${x}</v></c>`;
      } else if (k === NUMBER) xml += cellXml(ref, col.values![i], s, null);
      else if (k === DAY)
        xml += cellXml(
          ref,
          cells.day(col.values![i]),
          s === '' && dateStyle !== undefined ? ` s="${dateStyle}"` : s,
          null,
        );
      else xml += cellXml(ref, cells.cell(i, j), s, strings);
    }
    return xml;
  };
}

const cutLong = (v: string): string => (v.length > MAX_CELL_TEXT ? cutText(v) : v);

/**
 * writeWorkbook, with the source sheet streamed when the source has no loaded workbook (a CSV, an .xlsx read
 * in a stream): ExcelJS writes the generated sheets beside an empty source sheet into a temporary file, the
 * cells are spliced in, and the result is renamed to `outFile` (a failed write leaves no half file). A loaded
 * workbook is written by writeWorkbook as it is.
 */
export async function writeWorkbookStreamed(opts: WriteOptions): Promise<void> {
  const { source } = opts;
  if (source.workbook) return writeWorkbook(opts);
  const outFile = path.resolve(opts.outFile);
  if (source.file && (await realPath(source.file)) === (await realPath(outFile)))
    throw new SourceError(
      'unsupported',
      `${outFile} (the source file)`,
      `Refusing to write over the source file ${outFile}; choose another output file`,
    );
  if (path.extname(outFile).toLowerCase() !== '.xlsx') return writeWorkbook(opts); // its own refusal
  const tmp = path.join(path.dirname(outFile), `.${path.basename(outFile, '.xlsx')}.${process.pid}.big.xlsx`);
  try {
    await writeWorkbook({ ...opts, source: { ...source, cells: [], formats: [] }, outFile: tmp });
    await spliceSourceSheet(tmp, sanitizeSheetName(source.sheetName), source);
    await fs.rename(tmp, outFile);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

async function realPath(p: string): Promise<string> {
  try {
    return await fs.realpath(p);
  } catch {
    return path.join(await fs.realpath(path.dirname(p)).catch(() => path.dirname(p)), path.basename(p));
  }
}

/**
 * The shared strings part with the source's strings appended, made when the sheet has been made (its counts
 * are in the head): ExcelJS's items first, then ours in the order `strings` numbered them.
 */
function* sharedStringsXml(xml: string, strings: StringTable): Generator<string> {
  const end = xml.lastIndexOf('</sst>');
  const head = xml
    .slice(0, end)
    .replace(/(<sst\b[^>]*\bcount=")(\d+)"/, (_, a: string, n: string) => `${a}${Number(n) + strings.uses}"`)
    .replace(
      /(<sst\b[^>]*\buniqueCount=")(\d+)"/,
      (_, a: string, n: string) => `${a}${Number(n) + strings.index.size}"`,
    );
  yield head.endsWith('/>') ? head.slice(0, -2) + '>' : head;
  let piece = '';
  for (const text of strings.index.keys()) {
    piece += stringItem(text);
    if (piece.length > CHUNK) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}</sst>`;
}

/** The part (e.g. "xl/worksheets/sheet1.xml") of the sheet named `name`, from workbook.xml and its rels. */
async function sheetPart(zip: ZipReader, name: string): Promise<string> {
  const wb = (await zip.read('xl/workbook.xml'))?.toString('utf8') ?? '';
  const rels = (await zip.read('xl/_rels/workbook.xml.rels'))?.toString('utf8') ?? '';
  const unescape = (s: string): string =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  for (const m of wb.matchAll(/<sheet\s[^>]*>/g)) {
    const tag = m[0];
    if (unescape(/\sname="([^"]*)"/.exec(tag)?.[1] ?? '') !== name) continue;
    const rid = /\sr:id="([^"]*)"/.exec(tag)?.[1];
    const rel = [...rels.matchAll(/<Relationship\s[^>]*>/g)]
      .map((x) => x[0])
      .find((r) => r.includes(`Id="${rid}"`));
    const target = rel && /\sTarget="([^"]*)"/.exec(rel)?.[1];
    if (target) return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  }
  throw new Error(`No sheet named "${name}" in the written workbook`);
}

/**
 * Put `src`'s cells into the (empty) sheet `sheetName` of the .xlsx `file`, in place (through a temporary
 * file beside it, renamed over it).
 */
export async function spliceSourceSheet(file: string, sheetName: string, src: SheetCells): Promise<void> {
  const tmp = `${file}.sheet.tmp`;
  const zip = await ZipReader.open(file);
  try {
    const part = await sheetPart(zip, sheetName);
    const styles = (await zip.read('xl/styles.xml'))?.toString('utf8');
    if (styles === undefined) throw new Error('The written workbook has no styles part');
    const { xml, ids } = addNumberFormats(styles, formatsUsed(src));
    // Texts go to the shared strings ExcelJS wrote for the generated sheets (each text once, escaped once);
    // without that part, inline.
    const sst = (await zip.read('xl/sharedStrings.xml'))?.toString('utf8');
    const base = sst ? Number(/<sst\b[^>]*\buniqueCount="(\d+)"/.exec(sst)?.[1] ?? NaN) : NaN;
    const strings = Number.isInteger(base) ? new StringTable(base) : null;
    const parts: Record<string, Iterable<string>> = {
      'xl/styles.xml': [xml],
      [part]: sheetXml(src, ids, strings),
    };
    if (strings && sst)
      parts['xl/sharedStrings.xml'] = { [Symbol.iterator]: () => sharedStringsXml(sst, strings) };
    const out = await fs.open(tmp, 'w');
    try {
      await copyReplacing(zip, out, parts, part);
    } finally {
      await out.close();
    }
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  } finally {
    await zip.close();
  }
  await fs.rename(tmp, file);
}

/** Writes the package: entries in their order, those in `parts` made from their text pieces, others copied. */
async function copyReplacing(
  zip: ZipReader,
  out: fs.FileHandle,
  parts: Record<string, Iterable<string>>,
  first: string,
): Promise<void> {
  // Entries in their order, except that `first` is made before the other replaced parts (they may depend on it).
  const spans = [...zip.entries].sort((a, b) => a.offset - b.offset);
  const at = spans.findIndex((e) => e.name === first);
  const before = spans.findIndex((e) => e.name !== first && e.name in parts);
  if (at >= 0 && before >= 0 && before < at) spans.splice(before, 0, ...spans.splice(at, 1));
  const records: Buffer[] = [];
  let pos = 0;
  const ends = new Map(
    [...spans]
      .sort((a, b) => a.offset - b.offset)
      .map((e, k, all) => [e, all[k + 1]?.offset ?? zip.directoryOffset]),
  );
  for (const e of spans) {
    const end = ends.get(e)!;
    const pieces = parts[e.name];
    if (pieces) {
      const { bytes, record } = await writeDeflated(out, e.name, pieces, pos);
      records.push(record);
      pos += bytes;
      continue;
    }
    const record = Buffer.from(e.record);
    record.writeUInt32LE(pos, 42);
    records.push(record);
    await zip.copyTo(out, e.offset, end);
    pos += end - e.offset;
  }
  await writeDirectory(out, records, pos);
}

/**
 * One deflated entry made from text pieces, written at `offset`: local header (sizes in a data descriptor
 * after the data), the data deflated piece by piece, the descriptor. Returns its length and central record.
 */
async function writeDeflated(
  out: fs.FileHandle,
  name: string,
  pieces: Iterable<string>,
  offset: number,
): Promise<{ bytes: number; record: Buffer }> {
  const nameBuf = Buffer.from(name, 'utf8');
  const local = Buffer.alloc(30 + nameBuf.length);
  local.writeUInt32LE(LOC, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(0x0008 | (/^[\x20-\x7e]*$/.test(name) ? 0 : 0x800), 6);
  local.writeUInt16LE(8, 8);
  const [time, date] = dosTime(new Date());
  local.writeUInt16LE(time, 10);
  local.writeUInt16LE(date, 12);
  local.writeUInt16LE(nameBuf.length, 26);
  nameBuf.copy(local, 30);
  await out.write(local);
  const deflate = zlib.createDeflateRaw({ level: 1 });
  let crc = 0;
  let size = 0;
  let packed = 0;
  const writing: Promise<void> = (async () => {
    for await (const chunk of deflate as AsyncIterable<Buffer>) {
      packed += chunk.length;
      await out.write(chunk);
    }
  })();
  for (const piece of pieces) {
    const buf = Buffer.from(piece, 'utf8');
    crc = zlib.crc32(buf, crc);
    size += buf.length;
    if (!deflate.write(buf)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await writing;
  if (size >= MAX32 || packed >= MAX32) throw new Error(`${name} is too large for a plain zip`);
  const desc = Buffer.alloc(16);
  desc.writeUInt32LE(DESCRIPTOR, 0);
  desc.writeUInt32LE(crc, 4);
  desc.writeUInt32LE(packed, 8);
  desc.writeUInt32LE(size, 12);
  await out.write(desc);
  const record = Buffer.alloc(46 + nameBuf.length);
  record.writeUInt32LE(CEN, 0);
  record.writeUInt16LE(20, 4);
  record.writeUInt16LE(20, 6);
  local.copy(record, 8, 6, 14); // flags, method, time, date
  record.writeUInt32LE(crc, 16);
  record.writeUInt32LE(packed, 20);
  record.writeUInt32LE(size, 24);
  record.writeUInt16LE(nameBuf.length, 28);
  record.writeUInt32LE(offset, 42);
  nameBuf.copy(record, 46);
  return { bytes: local.length + packed + desc.length, record };
}

/** MS-DOS time and date (local time, 2-second resolution) as zip headers store them. */
function dosTime(d: Date): [number, number] {
  const time = (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1);
  const date = ((Math.max(1980, d.getFullYear()) - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate();
  return [time, date];
}
