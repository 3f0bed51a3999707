/**
 * Reading a source file for the command line: an .xlsx worksheet (ExcelJS) or a .csv file, as the dense
 * 2D array of cells a spreadsheet host would deliver (its used range), with the number format of each
 * cell and where the array sits on the sheet. Host code: Node and ExcelJS are fine here.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import chardet from 'chardet';
import type ExcelJS from 'exceljs';
import { MAX_SHEET_COLUMNS } from '../../core/spec/excel-limits';
import { cellsFrom1904 } from '../../core/table/datesystem';
import type { CellRows } from '../../core/table/columns';
import type { Cell } from '../../core/types';
import { csvColumns } from './csv-fast';
import { csvColumnsParallel } from './csv-parallel';
import { readXlsxStreamed, STREAM_XLSX_BYTES } from './xlsx-stream';

export interface SourceData {
  /** The sheet the cells come from (for a CSV: the file's base name, made a valid sheet name). */
  sheetName: string;
  /**
   * The used range, dense: every row has the same length; blanks are null. A CSV's cells are held by column
   * (core/table/columns.ts), a workbook's as rows.
   */
  cells: CellRows;
  /**
   * The number format of each cell (null: General or none), same shape as `cells`; empty when the cells are
   * held by column (the columns carry their formats).
   */
  formats: (string | null)[][];
  /** 1-based sheet row of cells[0]. */
  originRow: number;
  /** 1-based sheet column of cells[x][0]. */
  originCol: number;
  /**
   * A CSV's text encoding: as named (`--encoding`), found for certain (a byte-order mark, valid UTF-8, or a
   * clear detection), or the detector's best guess (`certain` false: the summary says which one was used).
   */
  encoding?: TextEncodingUsed;
  /** All worksheet names of the file, in tab order (a CSV has one: `sheetName`). */
  sheetNames: string[];
  /**
   * The workbook uses the 1904 date system (.xlsx only). `cells` hold 1900-system serials all the same (see
   * readWorksheet); the writer shifts the generated sheets' dates back.
   */
  date1904?: boolean;
  /** The loaded workbook (.xlsx only), which the writer extends with the generated sheets. */
  workbook?: ExcelJS.Workbook;
  /** The absolute path the data was read from (the writer refuses to write over it). */
  file?: string;
}

export type SourceErrorCode = 'not-found' | 'unknown-sheet' | 'unsupported' | 'unreadable';

/**
 * A file the command line cannot use. `code` says why; `detail` is the language-neutral part of the message
 * (a path, a sheet name with the sheets there are, an extension, the underlying error) for the command line
 * to put into its own localised sentence. `message` is a complete English sentence.
 */
export class SourceError extends Error {
  readonly code: SourceErrorCode;
  readonly detail: string;
  /** unknown-sheet: the sheets the file has. */
  readonly sheetNames?: string[];

  constructor(code: SourceErrorCode, detail: string, message: string, sheetNames?: string[]) {
    super(message);
    this.name = 'SourceError';
    this.code = code;
    this.detail = detail;
    if (sheetNames) this.sheetNames = sheetNames;
  }
}

const XLSX_EXT = new Set(['.xlsx', '.xlsm']);

/**
 * Read `file` (.xlsx/.xlsm or .csv); `sheet` picks a worksheet by name, case-insensitively (default: the first
 * visible one); `encoding` names a CSV's text encoding (a WHATWG label such as windows-1252, gb18030, big5,
 * shift_jis; default: detected).
 */
export async function readSource(file: string, sheet?: string, encoding?: string): Promise<SourceData> {
  const abs = path.resolve(file);
  let stat;
  try {
    stat = await fs.stat(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new SourceError('not-found', abs, `File not found: ${abs}`);
    throw new SourceError(
      'unreadable',
      `${abs}: ${(e as Error).message}`,
      `Cannot read ${abs}: ${(e as Error).message}`,
    );
  }
  if (stat.isDirectory())
    throw new SourceError('unreadable', `${abs} (a folder)`, `Cannot read ${abs}: it is a folder`);
  const ext = path.extname(abs).toLowerCase();
  if (encoding !== undefined && !isEncodingLabel(encoding))
    throw new SourceError(
      'unreadable',
      `--encoding "${encoding}": not an encoding name (utf-8, windows-1252, gb18030, big5, shift_jis, ...)`,
      `Unknown text encoding "${encoding}"`,
    );
  if (ext === '.csv') return readCsvFile(abs, encoding);
  if (XLSX_EXT.has(ext)) return readXlsxFile(abs, sheet);
  throw new SourceError(
    'unsupported',
    ext || path.basename(abs),
    `Unsupported file type ${ext || '(none)'}: ${abs}`,
  );
}

// ---------------------------------------------------------------------------------------------
// .xlsx
// ---------------------------------------------------------------------------------------------

async function readXlsxFile(abs: string, sheet: string | undefined): Promise<SourceData> {
  // A large workbook is read in a stream (cli/io/xlsx-stream.ts): ExcelJS would hold all of it.
  // SGA_STREAM_XLSX_BYTES lowers the size from which a workbook is read in a stream (for tests).
  const limit = Number(process.env.SGA_STREAM_XLSX_BYTES) || STREAM_XLSX_BYTES;
  if ((await fs.stat(abs)).size >= limit) return readXlsxStreamed(abs, sheet);
  // ExcelJS is loaded only for an .xlsx (0.2 s a start that a CSV run does not pay).
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.readFile(abs);
  } catch (e) {
    const why = (e as Error).message || String(e);
    throw new SourceError('unreadable', `${abs}: ${why}`, `Cannot read ${abs} as an Excel workbook: ${why}`);
  }
  const sheets = workbook.worksheets;
  const sheetNames = sheets.map((ws) => ws.name);
  let ws: ExcelJS.Worksheet | undefined;
  if (sheet !== undefined && sheet !== '') {
    const want = sheet.trim().toLowerCase();
    ws =
      sheets.find((s) => s.name.toLowerCase() === want) ??
      sheets.find((s) => s.name.trim().toLowerCase() === want);
    if (!ws) {
      const list = sheetNames.join(', ');
      throw new SourceError(
        'unknown-sheet',
        `${sheet} (${list})`,
        `No sheet named "${sheet}" in ${path.basename(abs)}; its sheets: ${list}`,
        sheetNames,
      );
    }
  } else {
    ws = sheets.find((s) => s.state === 'visible' || s.state === undefined) ?? sheets[0];
    if (!ws) throw new SourceError('unreadable', `${abs}: no worksheet`, `${abs} has no worksheet`);
  }
  const { cells, formats, originRow, originCol } = readWorksheet(ws);
  const date1904 = workbook.properties?.date1904 === true;
  return {
    sheetName: ws.name,
    cells,
    formats,
    originRow,
    originCol,
    sheetNames,
    date1904,
    workbook,
    file: abs,
  };
}

/**
 * The used range of a worksheet (the bounding box of the cells that hold a value) as dense arrays. In a workbook
 * of the 1904 date system, ExcelJS gives the cells it takes for dates as Dates of the right day; a number in a
 * cell whose format the core reads as a date (ExcelJS's test differs) is a 1904 serial and becomes the 1900
 * serial of the same day, so that the reader sees every date in the core's system.
 */
export function readWorksheet(ws: ExcelJS.Worksheet): {
  cells: Cell[][];
  formats: (string | null)[][];
  originRow: number;
  originCol: number;
} {
  let r0 = Infinity;
  let r1 = 0;
  let c0 = Infinity;
  let c1 = 0;
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (cell.type === VALUE_NULL) return;
      if (r < r0) r0 = r;
      if (r > r1) r1 = r;
      if (c < c0) c0 = c;
      if (c > c1) c1 = c;
    });
  });
  if (r1 === 0) return { cells: [], formats: [], originRow: 1, originCol: 1 };
  const height = r1 - r0 + 1;
  const width = c1 - c0 + 1;
  const cells: Cell[][] = new Array<Cell[]>(height);
  const formats: (string | null)[][] = new Array<(string | null)[]>(height);
  for (let i = 0; i < height; i++) {
    cells[i] = new Array<Cell>(width).fill(null);
    formats[i] = new Array<string | null>(width).fill(null);
  }
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    const cr = cells[r - r0];
    const fr = formats[r - r0];
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      const j = c - c0;
      cr[j] = cellValue(cell);
      const fmt = cell.numFmt;
      fr[j] = typeof fmt === 'string' && fmt !== '' && fmt !== 'General' ? fmt : null;
    });
  });
  if (ws.workbook?.properties?.date1904 === true) cellsFrom1904(cells, formats);
  return { cells, formats, originRow: r0, originCol: c0 };
}

/** ExcelJS's ValueType.Null and ValueType.Merge (its enum, without loading ExcelJS to read it). */
const VALUE_NULL = 0 as ExcelJS.ValueType;
const VALUE_MERGE = 1 as ExcelJS.ValueType;

/** What a spreadsheet shows in a cell, as a host value: formulas give their cached result, rich text its text. */
export function cellValue(cell: ExcelJS.Cell): Cell {
  // A merged cell other than the top-left one is empty (as Office.js and Apps Script report it).
  if (cell.type === VALUE_MERGE) return null;
  return plainValue(cell.value);
}

function plainValue(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('formula' in o || 'sharedFormula' in o) {
      const res = o.result;
      return res === undefined ? null : plainValue(res);
    }
    if (Array.isArray(o.richText)) return richText(o.richText);
    if ('hyperlink' in o || 'text' in o) {
      const t = o.text;
      if (typeof t === 'string') return t;
      if (t && typeof t === 'object' && Array.isArray((t as { richText?: unknown }).richText))
        return richText((t as { richText: unknown[] }).richText);
      return typeof o.hyperlink === 'string' ? o.hyperlink : null;
    }
    if ('error' in o) return String(o.error);
  }
  return null;
}

function richText(runs: unknown[]): string {
  let s = '';
  for (const r of runs)
    if (r && typeof r === 'object' && typeof (r as { text?: unknown }).text === 'string')
      s += (r as { text: string }).text;
  return s;
}

// ---------------------------------------------------------------------------------------------
// .csv
// ---------------------------------------------------------------------------------------------

async function readCsvFile(abs: string, encoding: string | undefined): Promise<SourceData> {
  let buf: Buffer;
  try {
    buf = await fs.readFile(abs);
  } catch (e) {
    const why = (e as Error).message;
    throw new SourceError('unreadable', `${abs}: ${why}`, `Cannot read ${abs}: ${why}`);
  }
  // A large UTF-8 file is typed on two cores (csv-parallel.ts); anything else in one pass.
  const parallel = encoding === undefined ? await csvColumnsParallel(buf) : null;
  const decoded: { text: string; encoding: TextEncodingUsed } | null = parallel
    ? { text: '', encoding: { name: 'utf-8', certain: true } }
    : decodeText(buf, encoding);
  if (decoded === null)
    throw new SourceError(
      'unreadable',
      `${abs}: not ${encoding ?? 'text in an encoding we know'}`,
      `Cannot read ${abs}: the bytes are not ${encoding ?? 'text in any encoding we know'}`,
    );
  // One pass from text to typed columns (cli/io/csv-fast.ts): row by row, typeCsv(parseCsv(text)).
  const cells = parallel ?? csvColumns(decoded.text);
  const width = cells.width;
  // The output workbook holds the CSV's cells on a sheet: one that ends at column XFD.
  if (width > MAX_SHEET_COLUMNS) {
    const n = width.toLocaleString('en-US');
    throw new SourceError(
      'unreadable',
      `${abs}: ${n} columns, more than an Excel sheet has (16,384, up to XFD)`,
      `Cannot read ${abs}: it has ${n} columns, more than an Excel sheet has (16,384)`,
    );
  }
  const sheetName = sanitizeSheetName(path.basename(abs, path.extname(abs)));
  return {
    sheetName,
    cells,
    formats: [],
    originRow: 1,
    originCol: 1,
    encoding: decoded.encoding,
    sheetNames: [sheetName],
    file: abs,
  };
}

/** Which text encoding a CSV was read in (a WHATWG name, e.g. "utf-8", "windows-1252", "gb18030"). */
export interface TextEncodingUsed {
  name: string;
  /** False when the detector had no clear winner: the text may be garbled, and `--encoding` sets it. */
  certain: boolean;
  /** Named by the user. */
  named?: boolean;
}

/** True when `label` names an encoding this runtime can decode (WHATWG labels: "latin1", "cp1252", "GBK", ...). */
export function isEncodingLabel(label: string): boolean {
  return decoderFor(label) !== null;
}

function decoderFor(label: string): TextDecoder | null {
  try {
    return new TextDecoder(label.trim(), { fatal: true });
  } catch {
    return null;
  }
}

/** The detector's names (ICU's) as decoder labels: ISO-8859-1 text is decoded as windows-1252, its superset. */
const DETECTED_LABEL: Record<string, string> = { 'ISO-8859-1': 'windows-1252' };
/** On equal confidence: the encodings that spreadsheet users save CSVs in most, first. */
const PREFERRED = ['gb18030', 'windows-1252', 'big5', 'shift_jis', 'euc-kr'];
/** A detection is certain from this confidence (0..100) with this lead over the runner-up. */
const SURE = 50;
const LEAD = 10;

/**
 * Bytes to text, and the encoding used; null when the bytes are not text in that (or any known) encoding.
 * `encoding` given: that encoding, strictly. Otherwise a byte-order mark (UTF-8, UTF-16), then valid UTF-8,
 * then the best candidate of chardet (ICU's detector: GB18030 as Chinese Excel saves CSVs, windows-1252 as
 * Western European Excel does, Big5, Shift_JIS, windows-1250, ...) among those the bytes decode in without
 * error. Short texts give the detector little to go on: a guess without a clear lead is marked uncertain.
 */
export function decodeText(
  buf: Uint8Array,
  encoding?: string,
): { text: string; encoding: TextEncodingUsed } | null {
  if (encoding !== undefined) {
    const d = decoderFor(encoding);
    const text = d ? tryDecode(d, buf) : null;
    return d && text !== null ? { text, encoding: { name: d.encoding, certain: true, named: true } } : null;
  }
  const bom: [number[], string][] = [
    [[0xef, 0xbb, 0xbf], 'utf-8'],
    [[0xff, 0xfe], 'utf-16le'],
    [[0xfe, 0xff], 'utf-16be'],
  ];
  for (const [mark, name] of bom)
    if (mark.every((b, i) => buf[i] === b)) {
      const text = new TextDecoder(name).decode(buf.subarray(mark.length));
      return { text, encoding: { name, certain: true } };
    }
  const utf8 = tryDecode(new TextDecoder('utf-8', { fatal: true }), buf);
  if (utf8 !== null) return { text: utf8, encoding: { name: 'utf-8', certain: true } };
  return detect(buf);
}

function tryDecode(d: TextDecoder, buf: Uint8Array): string | null {
  try {
    return d.decode(buf);
  } catch {
    return null;
  }
}

function detect(buf: Uint8Array): { text: string; encoding: TextEncodingUsed } | null {
  const fits: { name: string; confidence: number; text: string }[] = [];
  for (const m of chardet.analyse(buf)) {
    const d = m.name === 'ASCII' ? null : decoderFor(DETECTED_LABEL[m.name] ?? m.name);
    if (!d || fits.some((f) => f.name === d.encoding)) continue;
    const text = tryDecode(d, buf);
    if (text !== null) fits.push({ name: d.encoding, confidence: m.confidence, text });
  }
  const rank = (n: string): number => (PREFERRED.includes(n) ? PREFERRED.indexOf(n) : PREFERRED.length);
  fits.sort((a, b) => b.confidence - a.confidence || rank(a.name) - rank(b.name));
  const [best, next] = fits;
  if (!best) return null;
  const certain = best.confidence >= SURE && (!next || best.confidence - next.confidence >= LEAD);
  return { text: best.text, encoding: { name: best.name, certain } };
}

/**
 * RFC 4180 CSV to rows of raw field texts: quoted fields (with "" for a quote, and commas and line breaks
 * inside), CRLF / LF / CR line ends, a leading BOM dropped, no phantom row after a final line break.
 * The delimiter is a comma, or a tab or semicolon when the first line has no comma outside quotes but
 * has those. A quote inside an unquoted field is kept as text, as Excel does.
 */
export function parseCsv(text: string, delimiter?: string): string[][] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const sep = delimiter ?? sniffDelimiter(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  let atFieldStart = true;
  while (i < n) {
    const ch = text[i];
    if (atFieldStart && ch === '"') {
      // Quoted field.
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          field += text.slice(i);
          i = n;
          break;
        }
        field += text.slice(i, q);
        if (text[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      atFieldStart = false;
      continue;
    }
    atFieldStart = false;
    if (ch === sep) {
      row.push(field);
      field = '';
      atFieldStart = true;
      i++;
    } else if (ch === '\r' || ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      atFieldStart = true;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (!atFieldStart || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function sniffDelimiter(text: string): string {
  let commas = 0;
  let tabs = 0;
  let semis = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted) {
      if (ch === '\n' || ch === '\r') break;
      if (ch === ',') commas++;
      else if (ch === '\t') tabs++;
      else if (ch === ';') semis++;
    }
  }
  if (commas > 0) return ',';
  if (tabs > 0) return '\t';
  if (semis > 0) return ';';
  return ',';
}

const RE_NUMBER = /^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)?(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const RE_ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_FORMAT = 'yyyy-mm-dd';

/**
 * One CSV field typed the way Excel types it when it opens a CSV (en-US), within what the core needs:
 * plain numbers ("1234", "-12.5", "1,234.50", "1e3") become numbers (thousands separators give the
 * format "#,##0" / "#,##0.00"); ISO dates "2024-03-01" become Dates at UTC midnight with "yyyy-mm-dd";
 * an empty field is null; everything else stays text exactly as written ("¥1,234", "12%", "2024/3/1").
 * Unlike Excel, digit strings with a leading zero ("00123") or more than 15 digits stay text: they are
 * codes, and Excel would lose their digits.
 */
export function typeCsvField(raw: string): { value: Cell; format: string | null } {
  if (raw === '') return { value: null, format: null };
  const s = raw.trim();
  if (s === '') return { value: raw, format: null };
  const c0 = s.charCodeAt(0);
  const maybeNumber = (c0 >= 48 && c0 <= 57) || c0 === 43 || c0 === 45 || c0 === 46;
  if (maybeNumber) {
    const d = RE_ISO_DATE.exec(s);
    if (d) {
      const y = +d[1];
      const m = +d[2];
      const day = +d[3];
      const t = Date.UTC(y, m - 1, day);
      const date = new Date(t);
      if (
        y >= 1900 &&
        date.getUTCFullYear() === y &&
        date.getUTCMonth() === m - 1 &&
        date.getUTCDate() === day
      )
        return { value: date, format: DATE_FORMAT };
      return { value: raw, format: null };
    }
    if (/\d/.test(s) && RE_NUMBER.test(s)) {
      const unsigned = s.replace(/^[+-]/, '');
      const digits = unsigned.replace(/[^0-9]/g, '');
      const intPart = unsigned.split(/[.eE]/)[0].replace(/,/g, '');
      const leadingZero = intPart.length > 1 && intPart[0] === '0';
      const significant = digits.replace(/^0+/, '').length;
      if (!leadingZero && significant <= 15) {
        const v = Number(s.replace(/,/g, ''));
        if (Number.isFinite(v)) {
          const grouped = s.includes(',');
          return { value: v, format: grouped ? (s.includes('.') ? '#,##0.00' : '#,##0') : null };
        }
      }
    }
  }
  return { value: raw, format: null };
}

/** Raw CSV rows typed field by field into a dense array (short rows padded with null). */
export function typeCsv(rows: string[][]): { cells: Cell[][]; formats: (string | null)[][] } {
  // Drop trailing rows that are entirely empty (e.g. ",,,," lines at the end of an export).
  let end = rows.length;
  while (end > 0 && rows[end - 1].every((f) => f === '')) end--;
  let width = 0;
  for (let i = 0; i < end; i++) {
    let w = rows[i].length;
    while (w > 0 && rows[i][w - 1] === '') w--;
    if (w > width) width = w;
  }
  const cells: Cell[][] = new Array<Cell[]>(end);
  const formats: (string | null)[][] = new Array<(string | null)[]>(end);
  for (let i = 0; i < end; i++) {
    const src = rows[i];
    const cr = new Array<Cell>(width).fill(null);
    const fr = new Array<string | null>(width).fill(null);
    for (let j = 0; j < width && j < src.length; j++) {
      const t = typeCsvField(src[j]);
      cr[j] = t.value;
      fr[j] = t.format;
    }
    cells[i] = cr;
    formats[i] = fr;
  }
  return { cells, formats };
}

// ---------------------------------------------------------------------------------------------
// Sheet names
// ---------------------------------------------------------------------------------------------

/** Excel's rules for a sheet name: none of []:*?/\ (replaced by "_"), no quote at either end, 1..31 characters. */
export function sanitizeSheetName(name: string): string {
  let s = name.replace(/[[\]:*?/\\]/g, '_');
  // eslint-disable-next-line no-control-regex
  s = s.replace(/[\u0000-\u001f]/g, ' ');
  s = s.replace(/^'+/, '').replace(/'+$/, '');
  s = truncate31(s).replace(/'+$/, '');
  if (s.trim() === '') s = 'Sheet';
  if (s.toLowerCase() === 'history') s = `${s}_`;
  return s;
}

/** The first 31 characters (UTF-16 units, as Excel counts), never splitting a surrogate pair. */
export function truncate31(s: string, max = 31): string {
  if (s.length <= max) return s;
  let cut = max;
  const c = s.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--;
  return s.slice(0, cut);
}
