/* eslint-disable @typescript-eslint/no-explicit-any -- a dynamic stand-in for a dynamic API: the models are typed, the proxies are not */
/**
 * A strict fake of the subset of the Excel JavaScript API (Office.js) that the add-in uses, for tests in
 * Node and, bundled as an IIFE, in a real browser (it imports nothing from Node).
 *
 * Semantics, stricter than office-addin-mock:
 * - Every API object is a proxy. Reading a property before `load` + `context.sync()` throws
 *   PropertyNotLoaded. Reading or writing a member the API (or this fake) does not have throws a TypeError,
 *   so a typo fails. Members of a newer requirement set than the fake's `apiVersion` do not exist
 *   (e.g. `worksheet.customProperties` below ExcelApi 1.12).
 * - Writes, method calls and loads are queued and applied in order on `context.sync()`; `getItem` and
 *   friends resolve then (an unknown name fails the sync with ItemNotFound). `*OrNullObject` results tell
 *   `isNullObject` after the sync.
 * - Each sync counts (`stats.syncs`) and estimates its request (the JSON of what was queued) and response
 *   (the JSON of what was loaded). A request or a response over 5 MB throws like Excel on the web
 *   (RequestPayloadSizeLimitExceeded / ResponsePayloadSizeLimitExceeded), and so does reading a range of
 *   more than 5,000,000 cells.
 * - Strings written to `values` / `formulas` are parsed like typed input: "=..." is a formula, "+x", "-x"
 *   and "@x" become formulas too, "12", "3%", "2026-03", "TRUE" become numbers, dates and booleans, and a
 *   leading apostrophe makes the rest text (the cell keeps a text prefix). `formulas` reads a text cell
 *   back without its apostrophe (as Excel does).
 * - Formulas calculate, as in Excel: a formula cell's value is what a real engine (HyperFormula, through
 *   test/fake-calc.ts) makes of the workbook, computed when a value of a formula cell is read and kept until
 *   the next change.
 * - Deleting a sheet turns every reference to it in the other sheets' formulas into #REF! (`='Plan'!B5`
 *   becomes `=#REF!B5`), which stays so when another sheet later takes the name; renaming a sheet rewrites
 *   the references to it. Both as Excel does.
 */
import { calculateSheets, refOnDelete, refOnRename, type CalcInput, type CalcValue } from './fake-calc';

export const FAKE_PAYLOAD_LIMIT = 5 * 1024 * 1024;
export const FAKE_READ_CELL_LIMIT = 5_000_000;
const MAX_ROWS = 1_048_576;
const MAX_COLS = 16_384;
/** Estimated JSON of one queued action besides its arguments. */
const OP_BYTES = 100;

export class FakeOfficeError extends Error {
  readonly debugInfo: { code: string; message: string };
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RichApi.Error';
    this.debugInfo = { code, message };
  }
}

const err = (code: string, message: string): FakeOfficeError => new FakeOfficeError(code, message);

// ---------------------------------------------------------------------------------------------
// Sizes
// ---------------------------------------------------------------------------------------------

/** UTF-8 bytes of the JSON of `v`. */
export function jsonBytes(v: unknown): number {
  const s = JSON.stringify(v) ?? 'null';
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) n += c < 0x800 ? 1 : c >= 0xd800 && c <= 0xdbff ? 1 : 2;
  }
  return n;
}

function versionNumber(v: string | undefined): number {
  const [a, b] = String(v ?? '1.1').split('.');
  return Number(a) * 1000 + Number(b ?? 0);
}

// ---------------------------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------------------------

export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

function colName(c: number): string {
  let s = '';
  let n = c + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

export function rectToA1(r: Rect): string {
  if (r.r0 === 0 && r.r1 === MAX_ROWS - 1 && !(r.c0 === 0 && r.c1 === MAX_COLS - 1))
    return `${colName(r.c0)}:${colName(r.c1)}`;
  if (r.c0 === 0 && r.c1 === MAX_COLS - 1 && !(r.r0 === 0 && r.r1 === MAX_ROWS - 1))
    return `${r.r0 + 1}:${r.r1 + 1}`;
  const a = `${colName(r.c0)}${r.r0 + 1}`;
  return r.r0 === r.r1 && r.c0 === r.c1 ? a : `${a}:${colName(r.c1)}${r.r1 + 1}`;
}

function quoteName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name)
    ? name
    : `'${name.replace(/'/g, "''")}'`;
}

/** Parse "A1", "$A$1:$B$2", "A:C", "3:5", optionally "Sheet!..." (the sheet must be `sheet`). */
export function parseA1(address: string, sheetName?: string): Rect {
  let a = address.trim();
  const bang = a.lastIndexOf('!');
  if (bang >= 0) {
    let s = a.slice(0, bang);
    if (s.startsWith("'")) s = s.slice(1, -1).replace(/''/g, "'");
    if (sheetName !== undefined && s.toLowerCase() !== sheetName.toLowerCase())
      throw err('InvalidArgument', `The address ${address} is not on sheet ${sheetName}.`);
    a = a.slice(bang + 1);
  }
  a = a.replace(/\$/g, '');
  let m = /^([A-Za-z]{1,3})(\d+)(?::([A-Za-z]{1,3})(\d+))?$/.exec(a);
  if (m) {
    const c0 = colIndex(m[1]);
    const r0 = Number(m[2]) - 1;
    const c1 = m[3] ? colIndex(m[3]) : c0;
    const r1 = m[4] ? Number(m[4]) - 1 : r0;
    const r = { r0: Math.min(r0, r1), c0: Math.min(c0, c1), r1: Math.max(r0, r1), c1: Math.max(c0, c1) };
    if (r.r0 < 0 || r.r1 >= MAX_ROWS || r.c1 >= MAX_COLS)
      throw err('InvalidArgument', `Bad address ${address}`);
    return r;
  }
  m = /^([A-Za-z]{1,3}):([A-Za-z]{1,3})$/.exec(a);
  if (m) {
    const c0 = colIndex(m[1]);
    const c1 = colIndex(m[2]);
    return { r0: 0, r1: MAX_ROWS - 1, c0: Math.min(c0, c1), c1: Math.max(c0, c1) };
  }
  m = /^(\d+):(\d+)$/.exec(a);
  if (m) {
    const r0 = Number(m[1]) - 1;
    const r1 = Number(m[2]) - 1;
    return { r0: Math.min(r0, r1), r1: Math.max(r0, r1), c0: 0, c1: MAX_COLS - 1 };
  }
  throw err(
    'InvalidArgument',
    `The argument is invalid or missing or has an incorrect format: address "${address}".`,
  );
}

const cellsOf = (r: Rect): number => (r.r1 - r.r0 + 1) * (r.c1 - r.c0 + 1);

// ---------------------------------------------------------------------------------------------
// Models
// ---------------------------------------------------------------------------------------------

export type Scalar = string | number | boolean;

export interface Style {
  fill?: string;
  fontName?: string;
  hAlign?: string;
  indent?: number;
  wrap?: boolean;
  bold?: boolean;
  italic?: boolean;
  color?: string;
  size?: number;
  borders?: Record<string, { style: string; color: string }>;
}

interface RowData {
  v: Scalar[];
  f?: (string | undefined)[];
  nf?: (string | undefined)[];
  q?: (boolean | undefined)[];
  st?: (Style | undefined)[];
}

export interface CellInfo {
  value: Scalar;
  formula: string | null;
  numberFormat: string;
  quotePrefix: boolean;
  style: Style;
}

export interface RangeModel {
  sheet: SheetModel;
  rect: Rect;
}

export interface CfModel {
  sheet: SheetModel;
  rect: Rect;
  type: string;
  dataBar?: {
    fillColor: string;
    gradientFill: boolean;
    borderColor: string;
    lowerBoundRule: { type: string; formula?: string };
    upperBoundRule: { type: string; formula?: string };
  };
  colorScale?: { criteria: unknown };
  custom?: { formula: string; fill: string | null; fontColor: string | null; bold: boolean | null };
  textComparison?: { operator: string; text: string; fill: string | null; fontColor: string | null };
}

export interface PointModel {
  hasDataLabel: boolean;
  label: { text: string; position: string; showValue: boolean; formula: string };
}

export interface SeriesModel {
  name: string;
  chartType: string;
  markerStyle: string;
  markerBackgroundColor: string;
  /** series.format.line (color, lineStyle) and series.format.fill.setSolidColor. */
  line: { color: string; lineStyle: string };
  fill: string | null;
  /** Where the X and Y values come from (the sheet by reference: a rename follows it, as in Excel). */
  x: RangeModel | null;
  y: RangeModel | null;
  hasDataLabels: boolean;
  points: PointModel[];
}

export interface ChartModel {
  id: string;
  name: string;
  sheet: SheetModel;
  type: string;
  source: string;
  title: string;
  xTitle: string;
  yTitle: string;
  /** The axes' numberFormat (ExcelApi 1.8): category (x) and value (y). */
  xFormat: string;
  yFormat: string;
  /** Size in points. */
  width: number;
  height: number;
  legendPosition: string;
  legendVisible: boolean;
  position: { start: string; end: string | null } | null;
  series: SeriesModel[];
  deleted: boolean;
}

export interface TableModel {
  id: string;
  name: string;
  sheet: SheetModel;
  rect: Rect;
}

const DATE_EPOCH = 25569; // 1970-01-01 as an Excel serial

export interface PageLayoutModel {
  orientation: string;
  zoom: { scale?: number; horizontalFitToPages?: number; verticalFitToPages?: number };
  /** A1 (without the sheet), as set. */
  printArea: string | null;
  printTitleRows: string | null;
  /** headersFooters.defaultForAllPages: leftFooter, centerFooter, rightFooter, ... */
  footers: Record<string, string>;
}

export class SheetModel {
  readonly id: string;
  visibility: 'Visible' | 'Hidden' | 'VeryHidden' = 'Visible';
  deleted = false;
  readonly rows = new Map<number, RowData>();
  readonly customProperties = new Map<string, string>();
  readonly charts: ChartModel[] = [];
  readonly conditionalFormats: CfModel[] = [];
  freeze = { rows: 0, columns: 0 };
  readonly columnWidths = new Map<number, number>();
  /** Rows auto-fitted (0-based), in call order, with how many column widths were set then. */
  readonly autofitRows: { row: number; widths: number }[] = [];
  /** worksheet.pageLayout (ExcelApi 1.9). */
  readonly pageLayout: PageLayoutModel = {
    orientation: 'Portrait',
    zoom: { scale: 100 },
    printArea: null,
    printTitleRows: null,
    footers: {},
  };

  constructor(
    readonly wb: WorkbookModel,
    public name: string,
  ) {
    this.id = `{${(++wb.idSeq).toString(16).padStart(8, '0').toUpperCase()}-0000-4000-8000-${wb.seed}}`;
  }

  get position(): number {
    return this.wb.sheets.indexOf(this);
  }

  private row(r: number, create: true): RowData;
  private row(r: number, create?: false): RowData | undefined;
  private row(r: number, create = false): RowData | undefined {
    let d = this.rows.get(r);
    if (!d && create) {
      d = { v: [] };
      this.rows.set(r, d);
    }
    return d;
  }

  get(r: number, c: number): CellInfo {
    const d = this.rows.get(r);
    const f = d?.f?.[c];
    return {
      value: f !== undefined ? this.wb.calculated(this, r, c) : (d?.v[c] ?? ''),
      formula: d?.f?.[c] ?? null,
      numberFormat: d?.nf?.[c] ?? 'General',
      quotePrefix: d?.q?.[c] ?? false,
      style: d?.st?.[c] ?? {},
    };
  }

  /** Apply one parsed input to a cell. */
  put(r: number, c: number, input: ParsedInput): void {
    this.wb.changed();
    const d = this.row(r, true);
    const setF = (f: string | undefined): void => {
      if (f !== undefined) (d.f ??= [])[c] = f;
      else if (d.f) d.f[c] = undefined;
    };
    const setQ = (q: boolean): void => {
      if (q) (d.q ??= [])[c] = true;
      else if (d.q) d.q[c] = undefined;
    };
    switch (input.kind) {
      case 'clear':
        d.v[c] = '';
        setF(undefined);
        setQ(false);
        break;
      case 'formula':
        d.v[c] = '';
        setF(input.formula);
        setQ(false);
        break;
      case 'value':
        d.v[c] = input.value;
        setF(undefined);
        setQ(input.quote);
        if (input.numberFormat && (d.nf?.[c] ?? 'General') === 'General')
          (d.nf ??= [])[c] = input.numberFormat;
        break;
    }
  }

  setFormat(r: number, c: number, nf: string): void {
    const d = this.row(r, true);
    (d.nf ??= [])[c] = nf === '' ? undefined : nf;
  }

  styleAt(r: number, c: number): Style {
    const d = this.row(r, true);
    const st = (d.st ??= []);
    return (st[c] ??= {});
  }

  /** Bounds of the used cells: with a value or formula, or (unless valuesOnly) any format. */
  usedRect(valuesOnly: boolean): Rect | null {
    let r0 = Infinity;
    let r1 = -1;
    let c0 = Infinity;
    let c1 = -1;
    for (const [r, d] of this.rows) {
      const n = Math.max(
        d.v.length,
        d.f?.length ?? 0,
        valuesOnly ? 0 : Math.max(d.nf?.length ?? 0, d.st?.length ?? 0),
      );
      for (let c = 0; c < n; c++) {
        const used =
          (d.v[c] !== undefined && d.v[c] !== '') ||
          d.f?.[c] !== undefined ||
          (!valuesOnly &&
            (d.nf?.[c] !== undefined || (d.st?.[c] !== undefined && Object.keys(d.st[c]!).length > 0)));
        if (!used) continue;
        if (r < r0) r0 = r;
        if (r > r1) r1 = r;
        if (c < c0) c0 = c;
        if (c > c1) c1 = c;
      }
    }
    return r1 < 0 ? null : { r0, r1, c0, c1 };
  }

  clear(rect: Rect): void {
    this.wb.changed();
    for (const [r, d] of this.rows) {
      if (r < rect.r0 || r > rect.r1) continue;
      for (
        let c = rect.c0;
        c <=
        Math.min(rect.c1, Math.max(d.v.length, d.nf?.length ?? 0, d.st?.length ?? 0, d.f?.length ?? 0) - 1);
        c++
      ) {
        d.v[c] = '';
        if (d.f) d.f[c] = undefined;
        if (d.nf) d.nf[c] = undefined;
        if (d.q) d.q[c] = undefined;
        if (d.st) d.st[c] = undefined;
      }
    }
    for (let i = this.conditionalFormats.length - 1; i >= 0; i--) {
      const f = this.conditionalFormats[i].rect;
      if (f.r0 >= rect.r0 && f.r1 <= rect.r1 && f.c0 >= rect.c0 && f.c1 <= rect.c1)
        this.conditionalFormats.splice(i, 1);
    }
  }

  // ----- Test helpers (direct access, no sync) -----

  /** Put host-like cells at a 1-based position: Dates become serials (with a date format), null/undefined stay empty. */
  setCells(
    row: number,
    col: number,
    cells: readonly (readonly unknown[])[],
    formats?: readonly (readonly (string | null | undefined)[] | null | undefined)[],
  ): this {
    for (let i = 0; i < cells.length; i++) {
      const src = cells[i];
      if (!src) continue;
      for (let j = 0; j < src.length; j++) {
        const v = src[j];
        const fmt = formats?.[i]?.[j] ?? null;
        if (v === null || v === undefined || v === '') {
          if (fmt) this.setFormat(row - 1 + i, col - 1 + j, fmt);
          continue;
        }
        let value: Scalar;
        if (v instanceof Date) value = v.getTime() / 86_400_000 + DATE_EPOCH;
        else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') value = v;
        else value = String(v);
        // Like typing a constant: the value replaces what was there (a formula included), as is.
        this.put(row - 1 + i, col - 1 + j, { kind: 'value', value, quote: false });
        const nf = fmt ?? (v instanceof Date ? 'yyyy-mm-dd' : null);
        if (nf) this.setFormat(row - 1 + i, col - 1 + j, nf);
      }
    }
    return this;
  }

  /** The cell at an A1 address. */
  cell(address: string): CellInfo {
    const r = parseA1(address);
    return this.get(r.r0, r.c0);
  }

  /** Values of a range (A1), as `range.values` would return them. */
  valuesOf(address: string): Scalar[][] {
    const r = parseA1(address);
    const out: Scalar[][] = [];
    for (let i = r.r0; i <= r.r1; i++) {
      const row: Scalar[] = [];
      for (let j = r.c0; j <= r.c1; j++) row.push(this.get(i, j).value);
      out.push(row);
    }
    return out;
  }

  /** Everything about the sheet, as one string (for before/after comparisons). */
  snapshot(): string {
    const rows = [...this.rows.entries()].sort((a, b) => a[0] - b[0]);
    return JSON.stringify({
      name: this.name,
      visibility: this.visibility,
      rows,
      props: [...this.customProperties.entries()],
      charts: this.charts.map(describeChart),
      cfs: this.conditionalFormats.map((c) => ({ ...c, sheet: undefined, rect: rectToA1(c.rect) })),
      freeze: this.freeze,
      widths: [...this.columnWidths.entries()],
      pageLayout: this.pageLayout,
      tables: this.wb.tables.filter((t) => t.sheet === this).map((t) => ({ name: t.name, rect: t.rect })),
    });
  }
}

/** A sheet's cells for the engine: constants as they are, formulas as their text. */
function sheetInput(s: SheetModel): CalcInput[][] {
  const out: CalcInput[][] = [];
  for (const [r, d] of s.rows) {
    const n = Math.max(d.v.length, d.f?.length ?? 0);
    const row: CalcInput[] = new Array<CalcInput>(n).fill(null);
    for (let c = 0; c < n; c++) row[c] = d.f?.[c] ?? (d.v[c] === undefined || d.v[c] === '' ? null : d.v[c]!);
    out[r] = row;
  }
  for (let r = 0; r < out.length; r++) out[r] ??= [];
  return out;
}

export class WorkbookModel {
  readonly sheets: SheetModel[] = [];
  readonly tables: TableModel[] = [];
  readonly settings = new Map<string, unknown>();
  /** "Use 1904 date system": cell values are the same numbers, the days they mean are 1462 later. */
  date1904 = false;
  active: SheetModel | null = null;
  selection: { sheet: SheetModel; rect: Rect } | null = null;
  idSeq = 0;
  readonly seed = Math.floor(Math.random() * 0xffffffffffff)
    .toString(16)
    .padStart(12, '0')
    .toUpperCase();

  /**
   * Whether formulas calculate (as in Excel). A test that only counts syncs on a 200,000-row source may turn it
   * off (a formula cell then reads ""): a real engine takes a minute on such a workbook.
   */
  calculate = true;
  /** The calculated values of the formula cells (per sheet id), until the next change. */
  private values: Map<string, Map<string, CalcValue>> | null = null;

  /** Any change to a cell, a sheet's name or the sheets: the calculated values are recomputed when read. */
  changed(): void {
    this.values = null;
  }

  /** The value of formula cell (r, c) of `s`, calculating the workbook if anything changed since last time. */
  calculated(s: SheetModel, r: number, c: number): Scalar {
    if (!this.calculate) return '';
    if (!this.values) {
      const input = this.sheets.map((sh) => ({
        name: sh.name,
        cells: sheetInput(sh),
        isFormula: (i: number, j: number) => sh.rows.get(i)?.f?.[j] !== undefined,
      }));
      const out = calculateSheets(input);
      this.values = new Map(this.sheets.map((sh, k) => [sh.id, out[k]]));
    }
    return this.values.get(s.id)?.get(`${r},${c}`) ?? '';
  }

  /** A sheet renamed: the references to it in every formula follow (Excel rewrites them). */
  renamed(s: SheetModel, from: string): void {
    if (from === s.name) return;
    this.rewriteFormulas((f) => refOnRename(f, from, s.name));
  }

  private rewriteFormulas(edit: (formula: string) => string): void {
    this.changed();
    for (const sh of this.sheets)
      for (const d of sh.rows.values())
        d.f?.forEach((f, c) => {
          if (f !== undefined) d.f![c] = edit(f);
        });
  }

  sheet(name: string): SheetModel | undefined {
    const lower = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === lower);
  }

  sheetNames(): string[] {
    return this.sheets.map((s) => s.name);
  }

  validateName(name: unknown, except?: SheetModel): string {
    if (
      typeof name !== 'string' ||
      name === '' ||
      name.length > 31 ||
      /[[\]:*?/\\]/.test(name) ||
      /^'|'$/.test(name)
    )
      throw err('InvalidArgument', `The sheet name "${String(name)}" is not valid.`);
    if (name.toLowerCase() === 'history') throw err('InvalidArgument', 'The name "History" is reserved.');
    const other = this.sheet(name);
    if (other && other !== except) throw err('ItemAlreadyExists', `A sheet named "${name}" already exists.`);
    return name;
  }

  addSheet(name?: string): SheetModel {
    let n = name;
    if (n === undefined) {
      let k = this.sheets.length + 1;
      while (this.sheet(`Sheet${k}`)) k++;
      n = `Sheet${k}`;
    }
    const s = new SheetModel(this, this.validateName(n));
    this.sheets.push(s);
    this.changed();
    if (!this.active) this.active = s;
    return s;
  }

  /**
   * A copy of a sheet, as the user makes one (Move or Copy, or Worksheet.copy): "Name (2)" right after it, with
   * its cells, formats, column widths, frozen panes, conditional formats and custom properties (Excel copies
   * those too); a new id.
   */
  copySheet(s: SheetModel): SheetModel {
    let k = 2;
    while (this.sheet(`${s.name.slice(0, 31 - ` (${k})`.length)} (${k})`)) k++;
    const copy = new SheetModel(this, `${s.name.slice(0, 31 - ` (${k})`.length)} (${k})`);
    this.sheets.splice(this.sheets.indexOf(s) + 1, 0, copy);
    this.changed();
    for (const [r, d] of s.rows) copy.rows.set(r, structuredClone(d));
    for (const [key, v] of s.customProperties) copy.customProperties.set(key, v);
    for (const [c, w] of s.columnWidths) copy.columnWidths.set(c, w);
    copy.freeze = { ...s.freeze };
    for (const cf of s.conditionalFormats)
      copy.conditionalFormats.push({ ...structuredClone({ ...cf, sheet: null }), sheet: copy });
    return copy;
  }

  deleteSheet(s: SheetModel): void {
    if (this.sheets.filter((x) => x.visibility === 'Visible' && x !== s).length === 0)
      throw err('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
    this.sheets.splice(this.sheets.indexOf(s), 1);
    s.deleted = true;
    // Every reference to the sheet is lost for good: another sheet taking the name later does not revive it.
    this.rewriteFormulas((f) => refOnDelete(f, s.name));
    for (let i = this.tables.length - 1; i >= 0; i--)
      if (this.tables[i].sheet === s) this.tables.splice(i, 1);
    if (this.active === s) this.active = this.sheets.find((x) => x.visibility === 'Visible') ?? null;
    if (this.selection?.sheet === s) this.selection = null;
  }

  addTable(name: string, sheetName: string, address: string): TableModel {
    const sheet = this.sheet(sheetName);
    if (!sheet) throw err('ItemNotFound', `No sheet ${sheetName}`);
    const t = { id: String(++this.idSeq), name, sheet, rect: parseA1(address) };
    this.tables.push(t);
    return t;
  }

  select(sheetName: string, address: string): void {
    const sheet = this.sheet(sheetName)!;
    this.active = sheet;
    this.selection = { sheet, rect: parseA1(address) };
  }
}

// ---------------------------------------------------------------------------------------------
// Typed input, as Excel parses it
// ---------------------------------------------------------------------------------------------

export type ParsedInput =
  | { kind: 'clear' }
  | { kind: 'formula'; formula: string }
  | { kind: 'value'; value: Scalar; quote: boolean; numberFormat?: string };

const ERRORS = new Set(['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A']);
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function ymdSerial(y: number, m: number, d: number): number | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  if (back.getUTCMonth() !== m - 1) return null;
  return t / 86_400_000 + DATE_EPOCH;
}

/** A number Excel would read from typed text ("1,234.5", "-3", "12%", "1e3"), or null. */
function typedNumber(t: string): number | null {
  const m = /^([-+]?)(\d{1,3}(?:,\d{3})+|\d+)?(\.\d+)?(?:[eE]([-+]?\d+))?(%?)$/.exec(t);
  if (!m || (m[2] === undefined && m[3] === undefined)) return null;
  let n = Number(`${m[1]}${(m[2] ?? '0').replace(/,/g, '')}${m[3] ?? ''}${m[4] ? `e${m[4]}` : ''}`);
  if (m[5]) n /= 100;
  return Number.isFinite(n) ? n : null;
}

export function parseInput(v: unknown): ParsedInput | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? { kind: 'value', value: v, quote: false } : null;
  if (typeof v === 'boolean') return { kind: 'value', value: v, quote: false };
  if (typeof v !== 'string') throw err('InvalidArgument', `Unsupported cell input ${JSON.stringify(v)}`);
  if (v === '') return { kind: 'clear' };
  // A cell holds at most 32,767 characters (a text prefix apostrophe aside).
  if (v.length - (v.startsWith("'") ? 1 : 0) > 32767)
    throw err('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.');
  if (v.startsWith("'")) return { kind: 'value', value: v.slice(1), quote: true };
  if (v.startsWith('=') && v.length > 1) return { kind: 'formula', formula: v };
  const t = v.trim();
  const n = typedNumber(t);
  if (n !== null)
    return { kind: 'value', value: n, quote: false, numberFormat: t.endsWith('%') ? '0%' : undefined };
  if (/^[+\-@]/.test(v)) return { kind: 'formula', formula: `=${v}` };
  let m = /^(\d{4})[-/](\d{1,2})(?:[-/](\d{1,2}))?$/.exec(t);
  if (m) {
    const s = ymdSerial(+m[1], +m[2], m[3] ? +m[3] : 1);
    if (s !== null)
      return { kind: 'value', value: s, quote: false, numberFormat: m[3] ? 'yyyy-mm-dd' : 'mmm-yy' };
  }
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(t);
  if (m) {
    const y = m[3].length === 2 ? 2000 + +m[3] : +m[3];
    const s = ymdSerial(y, +m[1], +m[2]);
    if (s !== null) return { kind: 'value', value: s, quote: false, numberFormat: 'm/d/yyyy' };
  }
  m = /^([A-Za-z]{3,9})[\s-]+(\d{1,4})$/.exec(t);
  if (m && MONTHS.includes(m[1].slice(0, 3).toLowerCase())) {
    const k = MONTHS.indexOf(m[1].slice(0, 3).toLowerCase()) + 1;
    const num = +m[2];
    const s = num > 31 ? ymdSerial(num < 100 ? 2000 + num : num, k, 1) : ymdSerial(2026, k, num);
    if (s !== null) return { kind: 'value', value: s, quote: false, numberFormat: 'd-mmm' };
  }
  if (/^\d{1,2}:\d{2}(:\d{2})?$/.test(t)) {
    const [h, mi, se] = t.split(':').map(Number);
    return {
      kind: 'value',
      value: (h * 3600 + mi * 60 + (se ?? 0)) / 86400,
      quote: false,
      numberFormat: 'h:mm',
    };
  }
  if (/^(true|false)$/i.test(t)) return { kind: 'value', value: t.toLowerCase() === 'true', quote: false };
  if (ERRORS.has(t.toUpperCase())) return { kind: 'value', value: t.toUpperCase(), quote: false };
  return { kind: 'value', value: v, quote: false };
}

// ---------------------------------------------------------------------------------------------
// The proxy machinery
// ---------------------------------------------------------------------------------------------

interface Stage {
  responseBytes: number;
  commits: (() => void)[];
}

interface Op {
  bytes: number;
  run(stage: Stage): void;
}

export interface SyncRecord {
  requestBytes: number;
  responseBytes: number;
  ops: number;
}

export interface FakeStats {
  syncs: number;
  log: SyncRecord[];
  maxRequestBytes: number;
  maxResponseBytes: number;
  /** Largest number of cells read by one range load. */
  maxReadCells: number;
}

interface PropDef {
  get?: (m: any, h: Handle) => unknown;
  set?: (m: any, v: unknown, h: Handle) => void;
  /** Requirement set version ("1.7") that introduced it. */
  min?: string;
}

interface NavDef {
  type: string;
  resolve: (m: any, h: Handle) => unknown;
  min?: string;
}

interface MethodDef {
  min?: string;
  call: (h: Handle, args: unknown[]) => unknown;
}

interface TypeDef {
  props?: Record<string, PropDef>;
  nav?: Record<string, NavDef>;
  methods?: Record<string, MethodDef>;
  /** Collections: the item type and the current items. */
  items?: { type: string; list: (m: any) => unknown[] };
}

/** Introspection that must not throw (promises, test frameworks, consoles). */
const PASSTHROUGH = new Set([
  'then',
  'toJSON',
  'constructor',
  'asymmetricMatch',
  '$$typeof',
  'nodeType',
  'tagName',
  'inspect',
  'toString',
  'valueOf',
  'length',
]);

class Handle {
  resolved = false;
  model: unknown = undefined;
  readonly loaded = new Map<string, unknown>();
  readonly children = new Map<string, any>();
  proxy: any;

  constructor(
    readonly ctx: FakeContext,
    readonly type: string,
    readonly resolver: () => unknown,
  ) {}

  /** The model, resolved once (during a sync). Throws when the object is a null object. */
  resolve(allowNull = false): any {
    if (!this.resolved) {
      this.model = this.resolver();
      this.resolved = true;
    }
    if (this.model === null && !allowNull)
      throw err('ItemNotFound', `The requested resource doesn't exist (${this.type} is a null object).`);
    const m = this.model as { deleted?: boolean } | null;
    if (m && m.deleted) throw err('InvalidReference', `The ${this.type} has been deleted.`);
    if (m && (m as any).sheet?.deleted)
      throw err('InvalidReference', `The sheet of this ${this.type} has been deleted.`);
    return this.model;
  }
}

export class FakeContext {
  queue: Op[] = [];
  readonly workbook: any;
  readonly application: any;

  constructor(readonly fake: FakeExcel) {
    this.workbook = makeObject(this, 'Workbook', () => fake.workbook);
    this.application = makeObject(this, 'Application', () => fake.workbook);
  }

  enqueue(bytes: number, run: (stage: Stage) => void): void {
    this.queue.push({ bytes: bytes + OP_BYTES, run });
  }

  async sync(): Promise<void> {
    const ops = this.queue;
    this.queue = [];
    const f = this.fake;
    f.stats.syncs++;
    if (f.latencyMs > 0) await new Promise((r) => setTimeout(r, f.latencyMs));
    else await Promise.resolve();
    const requestBytes = ops.reduce((a, o) => a + o.bytes, 0);
    const rec: SyncRecord = { requestBytes, responseBytes: 0, ops: ops.length };
    f.stats.log.push(rec);
    f.stats.maxRequestBytes = Math.max(f.stats.maxRequestBytes, requestBytes);
    if (requestBytes > FAKE_PAYLOAD_LIMIT)
      throw err(
        'RequestPayloadSizeLimitExceeded',
        `The request payload size has exceeded the limit (${requestBytes} bytes > ${FAKE_PAYLOAD_LIMIT}).`,
      );
    const stage: Stage = { responseBytes: 0, commits: [] };
    for (const op of ops) op.run(stage);
    rec.responseBytes = stage.responseBytes;
    f.stats.maxResponseBytes = Math.max(f.stats.maxResponseBytes, stage.responseBytes);
    if (stage.responseBytes > FAKE_PAYLOAD_LIMIT)
      throw err(
        'ResponsePayloadSizeLimitExceeded',
        `The response payload size has exceeded the limit (${stage.responseBytes} bytes > ${FAKE_PAYLOAD_LIMIT}).`,
      );
    for (const c of stage.commits) c();
  }

  trackedObjects = {
    add(): void {},
    remove(): void {},
  };
}

function makeObject(ctx: FakeContext, type: string, resolver: () => unknown, queueResolve = false): any {
  const def = TYPES[type];
  if (!def) throw new Error(`Fake Excel: no type ${type}`);
  const h = new Handle(ctx, type, resolver);
  const version = ctx.fake.version;
  const has = (min?: string): boolean => versionNumber(min) <= version;
  const member = (name: string): 'prop' | 'nav' | 'method' | 'items' | null => {
    if (def.props?.[name] && has(def.props[name].min)) return 'prop';
    if (def.nav?.[name] && has(def.nav[name].min)) return 'nav';
    if (def.methods?.[name] && has(def.methods[name].min)) return 'method';
    if (name === 'items' && def.items) return 'items';
    return null;
  };
  const load = (arg?: unknown): any => {
    const paths = loadPaths(arg);
    ctx.enqueue(jsonBytes(paths), (stage) => loadInto(h, def, paths, stage));
    return h.proxy;
  };
  const target = { __fake: type };
  h.proxy = new Proxy(target, {
    get(_t, p) {
      if (typeof p === 'symbol') return undefined;
      if (p === 'load') return load;
      if (p === 'context') return ctx;
      if (p === 'isNullObject') {
        if (!h.resolved) throw notLoaded(type, p);
        return h.model === null;
      }
      if (p === 'toJSON') return () => Object.fromEntries(h.loaded);
      if (p === '__handle') return h;
      if (p === 'track' || p === 'untrack') return () => h.proxy;
      const kind = member(p);
      if (kind === 'prop' || kind === 'items') {
        if (!h.loaded.has(p)) throw notLoaded(type, p);
        return h.loaded.get(p);
      }
      if (kind === 'nav') {
        let c = h.children.get(p);
        if (!c) {
          const nav = def.nav![p];
          c = makeObject(ctx, nav.type, () => nav.resolve(h.resolve(), h));
          h.children.set(p, c);
        }
        return c;
      }
      if (kind === 'method') return (...args: unknown[]) => def.methods![p].call(h, args);
      // A member of a newer requirement set than the fake's: absent, as in an older Excel.
      if (def.props?.[p] || def.nav?.[p] || def.methods?.[p]) return undefined;
      if (PASSTHROUGH.has(p) || p.startsWith('@@') || p.startsWith('__')) return undefined;
      throw new TypeError(`Fake Excel: ${type}.${p} does not exist (in ExcelApi ${versionString(version)}).`);
    },
    set(_t, p, v) {
      if (typeof p === 'symbol' || member(p) !== 'prop' || !def.props![p].set)
        throw new TypeError(`Fake Excel: ${type}.${String(p)} cannot be set.`);
      const setter = def.props![p].set!;
      ctx.enqueue(jsonBytes(v), () => setter(h.resolve(), v, h));
      return true;
    },
    has(_t, p) {
      return (
        typeof p === 'string' &&
        (member(p) !== null || p === 'load' || p === 'context' || p === 'isNullObject')
      );
    },
  });
  if (queueResolve) ctx.enqueue(0, () => void h.resolve(true));
  return h.proxy;
}

function versionString(v: number): string {
  return `${Math.floor(v / 1000)}.${v % 1000}`;
}

function notLoaded(type: string, p: string): FakeOfficeError {
  return err(
    'PropertyNotLoaded',
    `The property '${p}' of ${type} is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
  );
}

function loadPaths(arg: unknown): string[] {
  if (arg === undefined || arg === null) return [];
  if (typeof arg === 'string')
    return arg
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(arg)) return arg.flatMap((a) => loadPaths(a));
  if (typeof arg === 'object' && 'select' in (arg as object))
    return loadPaths((arg as { select: unknown }).select);
  throw err('InvalidArgument', `Unsupported load argument ${JSON.stringify(arg)}`);
}

/** Run a load of `paths` on handle `h` (at sync time), staging the values. */
function loadInto(h: Handle, def: TypeDef, paths: string[], stage: Stage): void {
  const model = h.resolve(true);
  if (model === null) return; // a null object: nothing to load
  const version = h.ctx.fake.version;
  const scalarNames = Object.entries(def.props ?? {})
    .filter(([, p]) => p.get && versionNumber(p.min) <= version)
    .map(([k]) => k);
  const want = paths.length ? paths : def.items ? ['items'] : scalarNames;
  const nested = new Map<string, string[]>();
  for (const path of want) {
    const [head, ...rest] = path.split('/');
    if (rest.length) nested.set(head, [...(nested.get(head) ?? []), rest.join('/')]);
    else if (!nested.has(head)) nested.set(head, []);
  }
  for (const [name, sub] of nested) {
    if (name === 'items' && def.items) {
      const itemDef = TYPES[def.items.type];
      const list = def.items.list(model);
      const proxies = list.map((m) => {
        const p = makeObject(h.ctx, def.items!.type, () => m);
        const ih: Handle = p.__handle;
        ih.resolve();
        loadInto(ih, itemDef, sub, stage);
        return p;
      });
      stage.responseBytes += 2 + list.length;
      stage.commits.push(() => h.loaded.set('items', proxies));
      continue;
    }
    const prop = def.props?.[name];
    if (prop?.get && versionNumber(prop.min) <= version) {
      if (sub.length) throw err('InvalidArgument', `${h.type}.${name} has no properties to load.`);
      const value = prop.get(model, h);
      stage.responseBytes += jsonBytes(value) + name.length + 4;
      stage.commits.push(() => h.loaded.set(name, value));
      continue;
    }
    const nav = def.nav?.[name];
    if (nav && versionNumber(nav.min) <= version) {
      const child = h.proxy[name];
      const ch: Handle = child.__handle;
      loadInto(ch, TYPES[nav.type], sub, stage);
      continue;
    }
    throw err('PropertyNotFound', `The property '${name}' is not part of the object ${h.type}.`);
  }
}

/** Queue an action with arguments `args` that runs `fn` at sync time. */
function act(h: Handle, args: unknown[], fn: () => void): void {
  h.ctx.enqueue(
    jsonBytes(args.map((a) => (a && typeof a === 'object' && '__fake' in (a as object) ? 'ref' : a))),
    fn,
  );
}

/** A method that returns a new object resolved at sync time. */
function child(h: Handle, type: string, args: unknown[], make: () => unknown, nullable = false): any {
  let made: unknown;
  let done = false;
  const p = makeObject(h.ctx, type, () => {
    if (!done) throw err('InvalidOperation', `Fake Excel: ${type} used before its creation ran.`);
    return made;
  });
  act(h, args, () => {
    try {
      made = make();
    } catch (e) {
      if (nullable && e instanceof FakeOfficeError && e.code === 'ItemNotFound') made = null;
      else throw e;
    }
    done = true;
    (p.__handle as Handle).resolve(true);
  });
  return p;
}

// ---------------------------------------------------------------------------------------------
// Range helpers
// ---------------------------------------------------------------------------------------------

function checkRead(rm: RangeModel, h: Handle): void {
  const n = cellsOf(rm.rect);
  h.ctx.fake.stats.maxReadCells = Math.max(h.ctx.fake.stats.maxReadCells, n);
  if (n > FAKE_READ_CELL_LIMIT)
    throw err(
      'ResponsePayloadSizeLimitExceeded',
      `The range ${rectToA1(rm.rect)} has ${n} cells: more than ${FAKE_READ_CELL_LIMIT} cannot be read at once.`,
    );
}

function grid<T>(rm: RangeModel, h: Handle, f: (r: number, c: number) => T): T[][] {
  checkRead(rm, h);
  const out: T[][] = [];
  for (let r = rm.rect.r0; r <= rm.rect.r1; r++) {
    const row: T[] = new Array(rm.rect.c1 - rm.rect.c0 + 1);
    for (let c = rm.rect.c0; c <= rm.rect.c1; c++) row[c - rm.rect.c0] = f(r, c);
    out.push(row);
  }
  return out;
}

/** Apply a 2D (or single) input to every cell of a range, checking the shape like Excel. */
function each2d(rm: RangeModel, v: unknown, f: (r: number, c: number, x: unknown) => void): void {
  const rows = rm.rect.r1 - rm.rect.r0 + 1;
  const cols = rm.rect.c1 - rm.rect.c0 + 1;
  if (Array.isArray(v)) {
    if (v.length !== rows || v.some((row) => !Array.isArray(row) || row.length !== cols))
      throw err(
        'InvalidArgument',
        `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${rows}×${cols}).`,
      );
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++) f(rm.rect.r0 + i, rm.rect.c0 + j, (v[i] as unknown[])[j]);
    return;
  }
  if (rows * cols > 1_000_000)
    throw err('InvalidArgument', 'Fake Excel: a single value on a huge range is not supported.');
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) f(rm.rect.r0 + i, rm.rect.c0 + j, v);
}

function eachCell(rm: RangeModel, f: (r: number, c: number) => void): void {
  if (cellsOf(rm.rect) > 1_000_000)
    throw err('InvalidArgument', 'Fake Excel: formatting a huge range is not supported.');
  for (let r = rm.rect.r0; r <= rm.rect.r1; r++) for (let c = rm.rect.c0; c <= rm.rect.c1; c++) f(r, c);
}

function rangeOf(sheet: SheetModel, address?: unknown): RangeModel {
  if (address === undefined || address === '')
    return { sheet, rect: { r0: 0, c0: 0, r1: MAX_ROWS - 1, c1: MAX_COLS - 1 } };
  if (typeof address !== 'string') throw err('InvalidArgument', 'address must be a string');
  if (address.includes(','))
    throw err('InvalidArgument', `Fake Excel: multi-area address ${address} not supported`);
  return { sheet, rect: parseA1(address, sheet.name) };
}

/** A Range, or an address on `sheet`. */
function rangeArg(v: unknown, sheet: SheetModel): RangeModel {
  if (typeof v === 'string') return rangeOf(sheet, v);
  const h = (v as any)?.__handle as Handle | undefined;
  if (!h || h.type !== 'Range') throw err('InvalidArgument', 'Expected a Range or an address.');
  return h.resolve() as RangeModel;
}

/** A Range object (not an address). */
function rangeOnly(v: unknown): RangeModel {
  const h = (v as any)?.__handle as Handle | undefined;
  if (!h || h.type !== 'Range') throw err('InvalidArgument', 'Expected a Range.');
  return h.resolve() as RangeModel;
}

const COLOR = /^(#[0-9A-Fa-f]{6}|[A-Za-z]+)$/;
function color(v: unknown): string {
  if (typeof v !== 'string' || !COLOR.test(v))
    throw err('InvalidArgument', `Invalid color ${JSON.stringify(v)}`);
  return v;
}

/** A chart's width or height in points: a positive number (Excel throws InvalidArgument otherwise). */
function points(v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    throw err('InvalidArgument', `Invalid size ${JSON.stringify(v)}`);
  return v;
}

function fmtValue(rm: RangeModel, pick: (s: Style) => unknown): unknown {
  let first: unknown = undefined;
  let set = false;
  for (let r = rm.rect.r0; r <= Math.min(rm.rect.r1, rm.rect.r0 + 1000); r++)
    for (let c = rm.rect.c0; c <= Math.min(rm.rect.c1, rm.rect.c0 + 100); c++) {
      const v = pick(rm.sheet.get(r, c).style) ?? null;
      if (!set) {
        first = v;
        set = true;
      } else if (v !== first) return null;
    }
  return first;
}

const BORDER_INDEXES = [
  'EdgeTop',
  'EdgeBottom',
  'EdgeLeft',
  'EdgeRight',
  'InsideVertical',
  'InsideHorizontal',
  'DiagonalDown',
  'DiagonalUp',
];
const BORDER_STYLES = [
  'None',
  'Continuous',
  'Dash',
  'DashDot',
  'DashDotDot',
  'Dot',
  'Double',
  'SlantDashDot',
];
const CHART_TYPES = [
  'XYScatter',
  'XYScatterLines',
  'XYScatterLinesNoMarkers',
  'XYScatterSmooth',
  'XYScatterSmoothNoMarkers',
  'ColumnClustered',
  'ColumnStacked',
  'Line',
  'Pie',
  'BarClustered',
];
const LINE_STYLES = [
  'None',
  'Continuous',
  'Dash',
  'DashDot',
  'DashDotDot',
  'Dot',
  'Grey25',
  'Grey50',
  'Grey75',
  'Automatic',
  'RoundDot',
];
const MARKER_STYLES = [
  'Invalid',
  'Automatic',
  'None',
  'Square',
  'Diamond',
  'Triangle',
  'X',
  'Star',
  'Dot',
  'Dash',
  'Circle',
  'Plus',
  'Picture',
];

function newSeries(name: string, chartType: string): SeriesModel {
  return {
    name,
    chartType,
    markerStyle: 'Automatic',
    markerBackgroundColor: '',
    line: { color: '', lineStyle: 'Automatic' },
    fill: null,
    x: null,
    y: null,
    hasDataLabels: false,
    points: [],
  };
}
const H_ALIGNMENTS = [
  'General',
  'Left',
  'Center',
  'Right',
  'Fill',
  'Justify',
  'CenterAcrossSelection',
  'Distributed',
];

/** A data bar bound as Office.js takes it: a whole object { type, formula? } (Number/Percent/... need a formula). */
function barRule(v: unknown): { type: string; formula?: string } {
  const r = v as { type?: unknown; formula?: unknown } | null;
  const types = ['Automatic', 'LowestValue', 'HighestValue', 'Number', 'Percent', 'Formula', 'Percentile'];
  if (!r || typeof r.type !== 'string' || !types.includes(r.type))
    throw err('InvalidArgument', `Invalid data bar rule type ${String(r?.type)}`);
  const needs = ['Number', 'Percent', 'Formula', 'Percentile'].includes(r.type);
  if (needs !== (typeof r.formula === 'string'))
    throw err('InvalidArgument', `Data bar rule ${r.type}: formula`);
  return needs ? { type: r.type, formula: r.formula as string } : { type: r.type };
}

const CF_TYPES = [
  'Custom',
  'DataBar',
  'ColorScale',
  'IconSet',
  'TopBottom',
  'PresetCriteria',
  'ContainsText',
  'CellValue',
];
const CRITERION_TYPES = [
  'Invalid',
  'LowestValue',
  'HighestValue',
  'Number',
  'Percent',
  'Formula',
  'Percentile',
];

function point(s: SeriesModel, i: number): PointModel {
  return (s.points[i] ??= {
    hasDataLabel: false,
    label: { text: '', position: 'Right', showValue: true, formula: '' },
  });
}

function pointCount(s: SeriesModel): number {
  return s.y && !s.y.sheet.deleted ? cellsOf(s.y.rect) : 0;
}

/** "Sheet!A1:B2" of a series' range. */
export function refText(r: RangeModel | null): string | null {
  return r ? `${r.sheet.name}!${rectToA1(r.rect)}` : null;
}

/** A chart as plain data (for assertions and snapshots). */
export interface ChartDescription {
  name: string;
  type: string;
  source: string;
  title: string;
  xTitle: string;
  yTitle: string;
  xFormat: string;
  yFormat: string;
  width: number;
  height: number;
  legendPosition: string;
  position: ChartModel['position'];
  series: (Omit<SeriesModel, 'x' | 'y'> & { x: string | null; y: string | null })[];
}

export function describeChart(c: ChartModel): ChartDescription {
  return {
    name: c.name,
    type: c.type,
    source: c.source,
    title: c.title,
    xTitle: c.xTitle,
    yTitle: c.yTitle,
    xFormat: c.xFormat,
    yFormat: c.yFormat,
    width: c.width,
    height: c.height,
    legendPosition: c.legendPosition,
    position: c.position,
    series: c.series.map((s) => ({ ...s, x: refText(s.x), y: refText(s.y) })),
  };
}

function borderSet(h: Handle, key: 'style' | 'color', v: unknown): void {
  const { range, index } = h.resolve() as { range: RangeModel; index: string };
  if (key === 'style' && (typeof v !== 'string' || !BORDER_STYLES.includes(v)))
    throw err('InvalidArgument', `Invalid border style ${String(v)}`);
  const value = key === 'color' ? color(v) : (v as string);
  const rect = range.rect;
  eachCell(range, (r, c) => {
    const edge =
      (index === 'EdgeTop' && r === rect.r0) ||
      (index === 'EdgeBottom' && r === rect.r1) ||
      (index === 'EdgeLeft' && c === rect.c0) ||
      (index === 'EdgeRight' && c === rect.c1) ||
      (index === 'InsideHorizontal' && r < rect.r1) ||
      (index === 'InsideVertical' && c < rect.c1) ||
      index.startsWith('Diagonal');
    if (!edge) return;
    const st = range.sheet.styleAt(r, c);
    const b = ((st.borders ??= {})[index] ??= { style: 'None', color: '#000000' });
    b[key] = value;
  });
}

// ---------------------------------------------------------------------------------------------
// The types
// ---------------------------------------------------------------------------------------------

const TYPES: Record<string, TypeDef> = {
  Application: {
    props: { calculationMode: { get: () => 'Automatic' } },
  },
  Workbook: {
    props: {
      // A preview-only property (ExcelApi BETA); the fake has it at every version.
      use1904DateSystem: { get: (wb: WorkbookModel) => wb.date1904 },
    },
    nav: {
      worksheets: { type: 'WorksheetCollection', resolve: (wb) => wb },
      tables: { type: 'TableCollection', resolve: (wb) => wb },
      settings: { type: 'SettingCollection', resolve: (wb) => wb, min: '1.4' },
      functions: { type: 'Functions', resolve: (wb) => wb, min: '1.2' },
    },
    methods: {
      getSelectedRange: {
        call: (h, args) =>
          child(h, 'Range', args, () => {
            const wb = h.resolve() as WorkbookModel;
            if (!wb.selection)
              throw err('InvalidSelection', 'The current selection is invalid for this operation.');
            return { sheet: wb.selection.sheet, rect: wb.selection.rect };
          }),
      },
      getActiveCell: {
        min: '1.7',
        call: (h, args) =>
          child(h, 'Range', args, () => {
            const wb = h.resolve() as WorkbookModel;
            if (!wb.selection)
              throw err('InvalidSelection', 'The current selection is invalid for this operation.');
            const r = wb.selection.rect;
            return { sheet: wb.selection.sheet, rect: { r0: r.r0, c0: r.c0, r1: r.r0, c1: r.c0 } };
          }),
      },
    },
  },
  Functions: {
    methods: {
      // DATE(year, month, day) as the workbook's engine answers it: a serial of its date system.
      date: {
        call: (h, args) =>
          child(h, 'FunctionResult', args, () => {
            const wb = h.resolve() as WorkbookModel;
            const [y, m, d] = args.map(Number);
            const serial = Date.UTC(y, m - 1, d) / 86400000 + DATE_EPOCH - (wb.date1904 ? 1462 : 0);
            return { value: Number.isFinite(serial) && serial >= 0 ? serial : null, error: null };
          }),
      },
    },
  },
  FunctionResult: {
    props: {
      value: { get: (m: { value: unknown }) => m.value },
      error: { get: (m: { error: unknown }) => m.error },
    },
  },
  WorksheetCollection: {
    items: { type: 'Worksheet', list: (wb: WorkbookModel) => wb.sheets },
    methods: {
      add: {
        call: (h, args) =>
          child(h, 'Worksheet', args, () =>
            (h.resolve() as WorkbookModel).addSheet(args[0] as string | undefined),
          ),
      },
      getItem: {
        call: (h, args) =>
          child(h, 'Worksheet', args, () => {
            const s = (h.resolve() as WorkbookModel).sheet(String(args[0]));
            if (!s)
              throw err(
                'ItemNotFound',
                `The requested resource doesn't exist: worksheet "${String(args[0])}".`,
              );
            return s;
          }),
      },
      getItemOrNullObject: {
        min: '1.4',
        call: (h, args) =>
          child(h, 'Worksheet', args, () => (h.resolve() as WorkbookModel).sheet(String(args[0])) ?? null),
      },
      getActiveWorksheet: {
        call: (h, args) =>
          child(h, 'Worksheet', args, () => {
            const wb = h.resolve() as WorkbookModel;
            if (!wb.active) throw err('ItemNotFound', 'No active worksheet.');
            return wb.active;
          }),
      },
    },
  },
  Worksheet: {
    props: {
      name: {
        get: (s: SheetModel) => s.name,
        set: (s: SheetModel, v) => {
          const from = s.name;
          s.name = s.wb.validateName(v, s);
          s.wb.renamed(s, from);
        },
      },
      id: { get: (s: SheetModel) => s.id },
      position: {
        get: (s: SheetModel) => s.position,
        set: (s: SheetModel, v) => {
          const wb = s.wb;
          if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
            throw err('InvalidArgument', 'Invalid position');
          wb.sheets.splice(wb.sheets.indexOf(s), 1);
          wb.sheets.splice(Math.min(v, wb.sheets.length), 0, s);
        },
      },
      visibility: {
        get: (s: SheetModel) => s.visibility,
        set: (s: SheetModel, v) => {
          if (v !== 'Visible' && v !== 'Hidden' && v !== 'VeryHidden')
            throw err('InvalidArgument', 'Invalid visibility');
          s.visibility = v;
        },
      },
    },
    nav: {
      customProperties: { type: 'WorksheetCustomPropertyCollection', resolve: (s) => s, min: '1.12' },
      charts: { type: 'ChartCollection', resolve: (s) => s },
      freezePanes: { type: 'WorksheetFreezePanes', resolve: (s) => s, min: '1.7' },
      pageLayout: { type: 'PageLayout', resolve: (s) => s, min: '1.9' },
      tables: { type: 'TableCollection', resolve: (s: SheetModel) => ({ wb: s.wb, sheet: s }) },
    },
    methods: {
      getRange: { call: (h, args) => child(h, 'Range', args, () => rangeOf(h.resolve(), args[0])) },
      getRangeByIndexes: {
        min: '1.7',
        call: (h, args) =>
          child(h, 'Range', args, () => {
            const [r, c, rc, cc] = args as number[];
            if (![r, c, rc, cc].every((x) => Number.isInteger(x)) || rc < 1 || cc < 1)
              throw err('InvalidArgument', 'Bad indexes');
            return { sheet: h.resolve(), rect: { r0: r, c0: c, r1: r + rc - 1, c1: c + cc - 1 } };
          }),
      },
      getUsedRange: {
        call: (h, args) =>
          child(h, 'Range', args, () => {
            const s = h.resolve() as SheetModel;
            return { sheet: s, rect: s.usedRect(Boolean(args[0])) ?? { r0: 0, c0: 0, r1: 0, c1: 0 } };
          }),
      },
      getUsedRangeOrNullObject: {
        min: '1.4',
        call: (h, args) =>
          child(
            h,
            'Range',
            args,
            () => {
              const s = h.resolve() as SheetModel;
              const r = s.usedRect(Boolean(args[0]));
              return r ? { sheet: s, rect: r } : null;
            },
            true,
          ),
      },
      delete: {
        call: (h, args) => act(h, args, () => (h.resolve() as SheetModel).wb.deleteSheet(h.resolve())),
      },
      copy: {
        min: '1.10',
        call: (h, args) =>
          child(h, 'Worksheet', args, () => {
            const s = h.resolve() as SheetModel;
            return s.wb.copySheet(s);
          }),
      },
      activate: {
        call: (h, args) =>
          act(h, args, () => {
            const s = h.resolve() as SheetModel;
            if (s.visibility !== 'Visible') throw err('InvalidOperation', 'Cannot activate a hidden sheet.');
            s.wb.active = s;
          }),
      },
    },
  },
  Range: {
    props: {
      address: { get: (m: RangeModel) => `${quoteName(m.sheet.name)}!${rectToA1(m.rect)}` },
      rowIndex: { get: (m: RangeModel) => m.rect.r0 },
      columnIndex: { get: (m: RangeModel) => m.rect.c0 },
      rowCount: { get: (m: RangeModel) => m.rect.r1 - m.rect.r0 + 1 },
      columnCount: { get: (m: RangeModel) => m.rect.c1 - m.rect.c0 + 1 },
      values: {
        get: (m: RangeModel, h) => grid(m, h, (r, c) => m.sheet.get(r, c).value),
        set: (m: RangeModel, v) =>
          each2d(m, v, (r, c, x) => {
            const p = parseInput(x);
            if (p) m.sheet.put(r, c, p);
          }),
      },
      formulas: {
        get: (m: RangeModel, h) =>
          grid(m, h, (r, c) => m.sheet.rows.get(r)?.f?.[c] ?? m.sheet.get(r, c).value),
        set: (m: RangeModel, v) =>
          each2d(m, v, (r, c, x) => {
            const p = parseInput(x);
            if (p) m.sheet.put(r, c, p);
          }),
      },
      numberFormat: {
        get: (m: RangeModel, h) => grid(m, h, (r, c) => m.sheet.get(r, c).numberFormat),
        set: (m: RangeModel, v) =>
          each2d(m, v, (r, c, x) => {
            if (x === null || x === undefined) return;
            if (typeof x !== 'string') throw err('InvalidArgument', 'numberFormat must be text');
            m.sheet.setFormat(r, c, x);
          }),
      },
    },
    nav: {
      format: { type: 'RangeFormat', resolve: (m) => m },
      worksheet: { type: 'Worksheet', resolve: (m: RangeModel) => m.sheet },
      conditionalFormats: { type: 'ConditionalFormatCollection', resolve: (m) => m, min: '1.6' },
    },
    methods: {
      select: {
        call: (h, args) =>
          act(h, args, () => {
            const m = h.resolve() as RangeModel;
            m.sheet.wb.active = m.sheet;
            m.sheet.wb.selection = { sheet: m.sheet, rect: m.rect };
          }),
      },
      clear: {
        call: (h, args) =>
          act(h, args, () => (h.resolve() as RangeModel).sheet.clear((h.resolve() as RangeModel).rect)),
      },
    },
  },
  RangeFormat: {
    props: {
      horizontalAlignment: {
        get: (m: RangeModel) => fmtValue(m, (s) => s.hAlign ?? 'General'),
        set: (m: RangeModel, v) => {
          if (typeof v !== 'string' || !H_ALIGNMENTS.includes(v))
            throw err('InvalidArgument', `Invalid horizontal alignment ${String(v)}`);
          eachCell(m, (r, c) => (m.sheet.styleAt(r, c).hAlign = v));
        },
      },
      indentLevel: {
        min: '1.9',
        get: (m: RangeModel) => fmtValue(m, (s) => s.indent ?? 0),
        set: (m: RangeModel, v) => {
          if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 250)
            throw err('InvalidArgument', 'Invalid indent level');
          eachCell(m, (r, c) => (m.sheet.styleAt(r, c).indent = v));
        },
      },
      wrapText: {
        get: (m: RangeModel) => fmtValue(m, (s) => s.wrap ?? false),
        set: (m: RangeModel, v) => {
          if (typeof v !== 'boolean') throw err('InvalidArgument', 'wrapText is a boolean');
          eachCell(m, (r, c) => (m.sheet.styleAt(r, c).wrap = v));
        },
      },
      useStandardWidth: {
        min: '1.7',
        get: (m: RangeModel) => {
          for (let c = m.rect.c0; c <= m.rect.c1; c++) if (m.sheet.columnWidths.has(c)) return false;
          return true;
        },
        set: (m: RangeModel, v) => {
          if (typeof v !== 'boolean') throw err('InvalidArgument', 'useStandardWidth is a boolean');
          if (!v) return;
          for (const c of [...m.sheet.columnWidths.keys()])
            if (c >= m.rect.c0 && c <= m.rect.c1) m.sheet.columnWidths.delete(c);
        },
      },
      useStandardHeight: {
        min: '1.7',
        // Row heights are not modelled beyond the auto-fit calls: every row has the standard height.
        get: () => true,
        set: (_m: RangeModel, v) => {
          if (typeof v !== 'boolean') throw err('InvalidArgument', 'useStandardHeight is a boolean');
        },
      },
      columnWidth: {
        min: '1.2',
        get: (m: RangeModel) => m.sheet.columnWidths.get(m.rect.c0) ?? 48,
        set: (m: RangeModel, v) => {
          if (typeof v !== 'number' || !(v >= 0)) throw err('InvalidArgument', 'Invalid column width');
          for (let c = m.rect.c0; c <= m.rect.c1; c++) m.sheet.columnWidths.set(c, v);
        },
      },
    },
    nav: {
      fill: { type: 'RangeFill', resolve: (m) => m },
      font: { type: 'RangeFont', resolve: (m) => m },
      borders: { type: 'RangeBorderCollection', resolve: (m) => m },
    },
    methods: {
      autofitRows: {
        min: '1.2',
        call: (h, args) =>
          act(h, args, () => {
            const m = h.resolve() as RangeModel;
            const widths = m.sheet.columnWidths.size;
            for (let r = m.rect.r0; r <= m.rect.r1; r++) m.sheet.autofitRows.push({ row: r, widths });
          }),
      },
    },
  },
  RangeFill: {
    props: {
      color: {
        get: (m: RangeModel) => fmtValue(m, (s) => s.fill),
        set: (m: RangeModel, v) => {
          const c = color(v);
          eachCell(m, (r, cc) => (m.sheet.styleAt(r, cc).fill = c));
        },
      },
    },
  },
  RangeFont: {
    props: {
      name: {
        get: (m: RangeModel) => fmtValue(m, (s) => s.fontName ?? 'Calibri'),
        set: (m: RangeModel, v) => {
          if (typeof v !== 'string' || v === '') throw err('InvalidArgument', 'Invalid font name');
          eachCell(m, (r, c) => (m.sheet.styleAt(r, c).fontName = v));
        },
      },
      bold: {
        get: (m: RangeModel) => fmtValue(m, (s) => s.bold ?? false),
        set: (m: RangeModel, v) => eachCell(m, (r, c) => (m.sheet.styleAt(r, c).bold = Boolean(v))),
      },
      italic: {
        get: (m: RangeModel) => fmtValue(m, (s) => s.italic ?? false),
        set: (m: RangeModel, v) => eachCell(m, (r, c) => (m.sheet.styleAt(r, c).italic = Boolean(v))),
      },
      color: {
        get: (m: RangeModel) => fmtValue(m, (s) => s.color ?? '#000000'),
        set: (m: RangeModel, v) => {
          const c = color(v);
          eachCell(m, (r, cc) => (m.sheet.styleAt(r, cc).color = c));
        },
      },
      size: {
        get: (m: RangeModel) => fmtValue(m, (s) => s.size ?? 11),
        set: (m: RangeModel, v) => {
          if (typeof v !== 'number' || v <= 0) throw err('InvalidArgument', 'Invalid font size');
          eachCell(m, (r, c) => (m.sheet.styleAt(r, c).size = v));
        },
      },
    },
  },
  RangeBorderCollection: {
    methods: {
      getItem: {
        call: (h, args) =>
          child(h, 'RangeBorder', args, () => {
            const index = String(args[0]);
            if (!BORDER_INDEXES.includes(index))
              throw err('InvalidArgument', `Invalid border index ${index}`);
            return { range: h.resolve(), index };
          }),
      },
    },
  },
  RangeBorder: {
    props: {
      style: { get: () => null, set: (_m, v, h) => borderSet(h, 'style', v) },
      color: { get: () => null, set: (_m, v, h) => borderSet(h, 'color', v) },
    },
  },
  ConditionalFormatCollection: {
    items: {
      type: 'ConditionalFormat',
      list: (m: RangeModel) =>
        m.sheet.conditionalFormats.filter(
          (f) =>
            f.rect.r0 <= m.rect.r1 &&
            f.rect.r1 >= m.rect.r0 &&
            f.rect.c0 <= m.rect.c1 &&
            f.rect.c1 >= m.rect.c0,
        ),
    },
    methods: {
      add: {
        call: (h, args) =>
          child(h, 'ConditionalFormat', args, () => {
            const m = h.resolve() as RangeModel;
            const type = args[0];
            if (typeof type !== 'string' || !CF_TYPES.includes(type))
              throw err('InvalidArgument', `Invalid conditional format type ${String(type)}`);
            const cf: CfModel = { sheet: m.sheet, rect: m.rect, type };
            if (type === 'DataBar')
              cf.dataBar = {
                fillColor: '#638EC6',
                gradientFill: true,
                borderColor: '',
                lowerBoundRule: { type: 'LowestValue' },
                upperBoundRule: { type: 'HighestValue' },
              };
            if (type === 'ColorScale') cf.colorScale = { criteria: null };
            if (type === 'Custom') cf.custom = { formula: '', fill: null, fontColor: null, bold: null };
            if (type === 'ContainsText')
              cf.textComparison = { operator: 'Contains', text: '', fill: null, fontColor: null };
            m.sheet.conditionalFormats.push(cf);
            return cf;
          }),
      },
      clearAll: {
        call: (h, args) =>
          act(h, args, () => {
            const m = h.resolve() as RangeModel;
            const cfs = m.sheet.conditionalFormats;
            for (let i = cfs.length - 1; i >= 0; i--) {
              const f = cfs[i].rect;
              if (f.r0 <= m.rect.r1 && f.r1 >= m.rect.r0 && f.c0 <= m.rect.c1 && f.c1 >= m.rect.c0)
                cfs.splice(i, 1);
            }
          }),
      },
    },
  },
  ConditionalFormat: {
    props: { type: { get: (m: CfModel) => m.type } },
    nav: {
      dataBar: { type: 'DataBarConditionalFormat', resolve: (m: CfModel) => sub(m, 'dataBar') },
      colorScale: { type: 'ColorScaleConditionalFormat', resolve: (m: CfModel) => sub(m, 'colorScale') },
      custom: { type: 'CustomConditionalFormat', resolve: (m: CfModel) => sub(m, 'custom') },
      textComparison: { type: 'TextConditionalFormat', resolve: (m: CfModel) => sub(m, 'textComparison') },
    },
  },
  DataBarConditionalFormat: {
    props: {
      lowerBoundRule: { get: (m) => m.lowerBoundRule, set: (m, v) => (m.lowerBoundRule = barRule(v)) },
      upperBoundRule: { get: (m) => m.upperBoundRule, set: (m, v) => (m.upperBoundRule = barRule(v)) },
    },
    nav: { positiveFormat: { type: 'ConditionalDataBarPositiveFormat', resolve: (m) => m } },
  },
  ConditionalDataBarPositiveFormat: {
    props: {
      fillColor: { get: (m) => m.fillColor, set: (m, v) => (m.fillColor = color(v)) },
      gradientFill: { get: (m) => m.gradientFill, set: (m, v) => (m.gradientFill = Boolean(v)) },
      borderColor: { get: (m) => m.borderColor, set: (m, v) => (m.borderColor = v === '' ? '' : color(v)) },
    },
  },
  ColorScaleConditionalFormat: {
    props: {
      criteria: {
        get: (m) => m.criteria,
        set: (m, v) => {
          const c = v as Record<string, { type?: unknown; color?: unknown; formula?: unknown } | undefined>;
          if (!c || !c.minimum || !c.maximum)
            throw err('InvalidArgument', 'A color scale needs minimum and maximum.');
          for (const k of ['minimum', 'midpoint', 'maximum']) {
            const x = c[k];
            if (!x) continue;
            if (typeof x.type !== 'string' || !CRITERION_TYPES.includes(x.type))
              throw err('InvalidArgument', `Invalid criterion type ${String(x.type)}`);
            color(x.color);
          }
          m.criteria = JSON.parse(JSON.stringify(v));
        },
      },
      threeColorScale: { get: (m) => Boolean((m.criteria as { midpoint?: unknown } | null)?.midpoint) },
    },
  },
  CustomConditionalFormat: {
    nav: {
      rule: { type: 'ConditionalFormatRule', resolve: (m) => m },
      format: { type: 'ConditionalRangeFormat', resolve: (m) => m },
    },
  },
  ConditionalFormatRule: {
    props: {
      formula: {
        get: (m) => m.formula,
        set: (m, v) => {
          if (typeof v !== 'string' || !v.startsWith('='))
            throw err('InvalidArgument', 'A rule formula starts with "=".');
          m.formula = v;
        },
      },
    },
  },
  TextConditionalFormat: {
    props: {
      rule: {
        get: (m) => ({ operator: m.operator, text: m.text }),
        set: (m, v) => {
          const r = v as { operator?: unknown; text?: unknown };
          if (typeof r?.text !== 'string' || typeof r.operator !== 'string')
            throw err('InvalidArgument', 'Invalid text rule');
          m.operator = r.operator;
          m.text = r.text;
        },
      },
    },
    nav: { format: { type: 'ConditionalRangeFormat', resolve: (m) => m } },
  },
  ConditionalRangeFormat: {
    nav: {
      fill: { type: 'ConditionalRangeFill', resolve: (m) => m },
      font: { type: 'ConditionalRangeFont', resolve: (m) => m },
    },
  },
  ConditionalRangeFill: {
    props: { color: { get: (m) => m.fill, set: (m, v) => (m.fill = color(v)) } },
  },
  ConditionalRangeFont: {
    props: {
      color: { get: (m) => m.fontColor, set: (m, v) => (m.fontColor = color(v)) },
      bold: { get: (m) => m.bold, set: (m, v) => (m.bold = Boolean(v)) },
    },
  },
  PageLayout: {
    props: {
      orientation: {
        get: (s: SheetModel) => s.pageLayout.orientation,
        set: (s: SheetModel, v) => {
          if (v !== 'Portrait' && v !== 'Landscape') throw err('InvalidArgument', 'Invalid orientation');
          s.pageLayout.orientation = v;
        },
      },
      zoom: {
        get: (s: SheetModel) => s.pageLayout.zoom,
        set: (s: SheetModel, v) => {
          const z = v as Record<string, unknown> | null;
          const keys = ['scale', 'horizontalFitToPages', 'verticalFitToPages'];
          if (!z || typeof z !== 'object' || Object.keys(z).some((k) => !keys.includes(k)))
            throw err('InvalidArgument', 'Invalid zoom options');
          for (const k of keys)
            if (
              z[k] !== undefined &&
              z[k] !== null &&
              (typeof z[k] !== 'number' || !Number.isInteger(z[k]) || (z[k] as number) < 0)
            )
              throw err('InvalidArgument', `Invalid zoom ${k}`);
          if (
            // null: "not this one" (Excel's action recorder writes { ..., scale: null }).
            z.scale != null &&
            (z.horizontalFitToPages != null || z.verticalFitToPages != null)
          )
            throw err('InvalidArgument', 'A zoom is a scale or pages to fit, not both');
          s.pageLayout.zoom = { ...(z as PageLayoutModel['zoom']) };
        },
      },
    },
    nav: { headersFooters: { type: 'HeaderFooterGroup', resolve: (s: SheetModel) => s } },
    methods: {
      setPrintArea: {
        call: (h, args) =>
          act(h, args, () => {
            const s = h.resolve() as SheetModel;
            const r = rangeArg(args[0], s);
            if (r.sheet !== s) throw err('InvalidArgument', 'The print area is on another sheet.');
            s.pageLayout.printArea = rectToA1(r.rect);
          }),
      },
      setPrintTitleRows: {
        call: (h, args) =>
          act(h, args, () => {
            const s = h.resolve() as SheetModel;
            const a = args[0];
            const m = typeof a === 'string' ? /^\$?(\d+):\$?(\d+)$/.exec(a) : null;
            if (!m || Number(m[1]) < 1 || Number(m[2]) < Number(m[1]))
              throw err('InvalidArgument', `Invalid print title rows ${String(a)}`);
            s.pageLayout.printTitleRows = `$${m[1]}:$${m[2]}`;
          }),
      },
    },
  },
  HeaderFooterGroup: {
    nav: { defaultForAllPages: { type: 'HeaderFooter', resolve: (s: SheetModel) => s } },
  },
  HeaderFooter: {
    props: Object.fromEntries(
      ['leftHeader', 'centerHeader', 'rightHeader', 'leftFooter', 'centerFooter', 'rightFooter'].map((k) => [
        k,
        {
          get: (s: SheetModel) => s.pageLayout.footers[k] ?? '',
          set: (s: SheetModel, v: unknown) => {
            if (typeof v !== 'string') throw err('InvalidArgument', `${k} is a string`);
            s.pageLayout.footers[k] = v;
          },
        },
      ]),
    ),
  },
  WorksheetFreezePanes: {
    methods: {
      freezeRows: {
        call: (h, args) =>
          act(h, args, () => {
            const n = args[0] ?? 1;
            if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
              throw err('InvalidArgument', 'Invalid row count');
            (h.resolve() as SheetModel).freeze = { rows: n, columns: 0 };
          }),
      },
      freezeColumns: {
        call: (h, args) =>
          act(h, args, () => {
            const n = args[0] ?? 1;
            if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
              throw err('InvalidArgument', 'Invalid column count');
            (h.resolve() as SheetModel).freeze = { rows: 0, columns: n };
          }),
      },
      freezeAt: {
        call: (h, args) =>
          act(h, args, () => {
            const s = h.resolve() as SheetModel;
            const r = rangeArg(args[0], s);
            if (r.sheet !== s || r.rect.r0 !== 0 || r.rect.c0 !== 0)
              throw err('InvalidArgument', 'freezeAt needs a range at A1.');
            s.freeze = { rows: r.rect.r1 + 1, columns: r.rect.c1 + 1 };
          }),
      },
      unfreeze: {
        call: (h, args) => act(h, args, () => ((h.resolve() as SheetModel).freeze = { rows: 0, columns: 0 })),
      },
    },
  },
  WorksheetCustomPropertyCollection: {
    items: {
      type: 'WorksheetCustomProperty',
      list: (s: SheetModel) => [...s.customProperties.keys()].map((key) => ({ sheet: s, key })),
    },
    methods: {
      add: {
        call: (h, args) =>
          child(h, 'WorksheetCustomProperty', args, () => {
            const s = h.resolve() as SheetModel;
            const [key, value] = args;
            if (typeof key !== 'string' || key === '' || key.length > 255)
              throw err('InvalidArgument', 'Invalid key');
            if (typeof value !== 'string')
              throw err('InvalidArgument', 'A custom property value is a string.');
            const existing = [...s.customProperties.keys()].find(
              (k) => k.toLowerCase() === key.toLowerCase(),
            );
            if (existing) s.customProperties.delete(existing);
            s.customProperties.set(key, value);
            return { sheet: s, key };
          }),
      },
      getItem: {
        call: (h, args) =>
          child(h, 'WorksheetCustomProperty', args, () => {
            const s = h.resolve() as SheetModel;
            const key = [...s.customProperties.keys()].find(
              (k) => k.toLowerCase() === String(args[0]).toLowerCase(),
            );
            if (!key) throw err('ItemNotFound', `No custom property ${String(args[0])}`);
            return { sheet: s, key };
          }),
      },
      getItemOrNullObject: {
        call: (h, args) =>
          child(h, 'WorksheetCustomProperty', args, () => {
            const s = h.resolve() as SheetModel;
            const key = [...s.customProperties.keys()].find(
              (k) => k.toLowerCase() === String(args[0]).toLowerCase(),
            );
            return key ? { sheet: s, key } : null;
          }),
      },
    },
  },
  WorksheetCustomProperty: {
    props: {
      key: { get: (m: { key: string }) => m.key },
      value: {
        get: (m: { sheet: SheetModel; key: string }) => m.sheet.customProperties.get(m.key),
        set: (m: { sheet: SheetModel; key: string }, v) => {
          if (typeof v !== 'string') throw err('InvalidArgument', 'A custom property value is a string.');
          m.sheet.customProperties.set(m.key, v);
        },
      },
    },
    methods: {
      delete: {
        call: (h, args) =>
          act(h, args, () => {
            const m = h.resolve() as { sheet: SheetModel; key: string };
            m.sheet.customProperties.delete(m.key);
          }),
      },
    },
  },
  SettingCollection: {
    items: {
      type: 'Setting',
      list: (wb: WorkbookModel) => [...wb.settings.keys()].map((key) => ({ wb, key })),
    },
    methods: {
      add: {
        call: (h, args) =>
          child(h, 'Setting', args, () => {
            const wb = h.resolve() as WorkbookModel;
            const [key, value] = args;
            if (typeof key !== 'string' || key === '') throw err('InvalidArgument', 'Invalid key');
            wb.settings.set(key, JSON.parse(JSON.stringify(value ?? null)));
            return { wb, key };
          }),
      },
      getItem: {
        call: (h, args) =>
          child(h, 'Setting', args, () => {
            const wb = h.resolve() as WorkbookModel;
            if (!wb.settings.has(String(args[0]))) throw err('ItemNotFound', `No setting ${String(args[0])}`);
            return { wb, key: String(args[0]) };
          }),
      },
      getItemOrNullObject: {
        call: (h, args) =>
          child(h, 'Setting', args, () => {
            const wb = h.resolve() as WorkbookModel;
            return wb.settings.has(String(args[0])) ? { wb, key: String(args[0]) } : null;
          }),
      },
    },
  },
  Setting: {
    props: {
      key: { get: (m: { key: string }) => m.key },
      value: {
        get: (m: { wb: WorkbookModel; key: string }) => m.wb.settings.get(m.key),
        set: (m: { wb: WorkbookModel; key: string }, v) =>
          m.wb.settings.set(m.key, JSON.parse(JSON.stringify(v ?? null))),
      },
    },
    methods: {
      delete: {
        call: (h, args) =>
          act(h, args, () => {
            const m = h.resolve() as { wb: WorkbookModel; key: string };
            m.wb.settings.delete(m.key);
          }),
      },
    },
  },
  TableCollection: {
    items: {
      type: 'Table',
      list: (m: WorkbookModel | { wb: WorkbookModel; sheet: SheetModel }) =>
        m instanceof WorkbookModel ? m.tables : m.wb.tables.filter((t) => t.sheet === m.sheet),
    },
    props: {
      count: {
        get: (m: WorkbookModel | { wb: WorkbookModel; sheet: SheetModel }) =>
          (m instanceof WorkbookModel ? m.tables : m.wb.tables.filter((t) => t.sheet === m.sheet)).length,
      },
    },
    methods: {
      getItem: {
        call: (h, args) =>
          child(h, 'Table', args, () => {
            const m = h.resolve();
            const wb: WorkbookModel = m instanceof WorkbookModel ? m : m.wb;
            const t = wb.tables.find((x) => x.name.toLowerCase() === String(args[0]).toLowerCase());
            if (!t)
              throw err('ItemNotFound', `The requested resource doesn't exist: table "${String(args[0])}".`);
            return t;
          }),
      },
      getItemOrNullObject: {
        call: (h, args) =>
          child(h, 'Table', args, () => {
            const m = h.resolve();
            const wb: WorkbookModel = m instanceof WorkbookModel ? m : m.wb;
            return wb.tables.find((x) => x.name.toLowerCase() === String(args[0]).toLowerCase()) ?? null;
          }),
      },
    },
  },
  Table: {
    props: {
      name: { get: (t: TableModel) => t.name },
      id: { get: (t: TableModel) => t.id },
    },
    nav: { worksheet: { type: 'Worksheet', resolve: (t: TableModel) => t.sheet } },
    methods: {
      getRange: {
        call: (h, args) =>
          child(h, 'Range', args, () => ({
            sheet: (h.resolve() as TableModel).sheet,
            rect: (h.resolve() as TableModel).rect,
          })),
      },
      getHeaderRowRange: {
        call: (h, args) =>
          child(h, 'Range', args, () => {
            const t = h.resolve() as TableModel;
            return { sheet: t.sheet, rect: { ...t.rect, r1: t.rect.r0 } };
          }),
      },
      getDataBodyRange: {
        call: (h, args) =>
          child(h, 'Range', args, () => {
            const t = h.resolve() as TableModel;
            return { sheet: t.sheet, rect: { ...t.rect, r0: t.rect.r0 + 1 } };
          }),
      },
    },
  },
  ChartCollection: {
    items: { type: 'Chart', list: (s: SheetModel) => s.charts },
    props: { count: { get: (s: SheetModel) => s.charts.length } },
    methods: {
      add: {
        call: (h, args) =>
          child(h, 'Chart', args, () => {
            const s = h.resolve() as SheetModel;
            const [type, source, seriesBy] = args;
            if (typeof type !== 'string' || !CHART_TYPES.includes(type))
              throw err('InvalidArgument', `Invalid chart type ${String(type)}`);
            if (seriesBy !== undefined && !['Auto', 'Columns', 'Rows'].includes(String(seriesBy)))
              throw err('InvalidArgument', `Invalid seriesBy ${String(seriesBy)}`);
            const r = rangeArg(source, s);
            const series: SeriesModel[] = [];
            // One series per column (Y values); with several columns, a scatter takes the first as X.
            const xCol = type.startsWith('XY') && r.rect.c1 > r.rect.c0 ? r.rect.c0 : null;
            for (let c = xCol === null ? r.rect.c0 : r.rect.c0 + 1; c <= r.rect.c1; c++)
              series.push({
                ...newSeries(`Series${series.length + 1}`, type),
                x: xCol === null ? null : { sheet: r.sheet, rect: { ...r.rect, c0: xCol, c1: xCol } },
                y: { sheet: r.sheet, rect: { ...r.rect, c0: c, c1: c } },
              });
            const chart: ChartModel = {
              id: `chart${++s.wb.idSeq}`,
              name: `Chart ${s.charts.length + 1}`,
              sheet: s,
              type,
              source: `${r.sheet.name}!${rectToA1(r.rect)}`,
              title: '',
              xTitle: '',
              yTitle: '',
              xFormat: 'General',
              yFormat: 'General',
              width: 360,
              height: 216,
              legendPosition: 'Right',
              legendVisible: true,
              position: null,
              series,
              deleted: false,
            };
            s.charts.push(chart);
            return chart;
          }),
      },
      getItem: {
        call: (h, args) =>
          child(h, 'Chart', args, () => {
            const c = (h.resolve() as SheetModel).charts.find((x) => x.name === args[0]);
            if (!c) throw err('ItemNotFound', `No chart ${String(args[0])}`);
            return c;
          }),
      },
    },
  },
  Chart: {
    props: {
      name: { get: (c: ChartModel) => c.name, set: (c: ChartModel, v) => (c.name = String(v)) },
      width: { get: (c: ChartModel) => c.width, set: (c: ChartModel, v) => (c.width = points(v)) },
      height: { get: (c: ChartModel) => c.height, set: (c: ChartModel, v) => (c.height = points(v)) },
      chartType: {
        min: '1.7',
        get: (c: ChartModel) => c.type,
        set: (c: ChartModel, v) => {
          if (typeof v !== 'string' || !CHART_TYPES.includes(v))
            throw err('InvalidArgument', `Invalid chart type ${String(v)}`);
          c.type = v;
        },
      },
    },
    nav: {
      title: { type: 'ChartTitle', resolve: (c) => c },
      axes: { type: 'ChartAxes', resolve: (c) => c },
      legend: { type: 'ChartLegend', resolve: (c) => c },
      series: { type: 'ChartSeriesCollection', resolve: (c) => c },
    },
    methods: {
      setPosition: {
        call: (h, args) =>
          act(h, args, () => {
            const c = h.resolve() as ChartModel;
            const start = rangeArg(args[0], c.sheet);
            const end = args[1] === undefined ? null : rangeArg(args[1], c.sheet);
            c.position = { start: rectToA1(start.rect), end: end ? rectToA1(end.rect) : null };
          }),
      },
      delete: {
        call: (h, args) =>
          act(h, args, () => {
            const c = h.resolve() as ChartModel;
            c.sheet.charts.splice(c.sheet.charts.indexOf(c), 1);
            c.deleted = true;
          }),
      },
    },
  },
  ChartTitle: {
    props: { text: { get: (c: ChartModel) => c.title, set: (c: ChartModel, v) => (c.title = String(v)) } },
  },
  ChartAxes: {
    nav: {
      categoryAxis: { type: 'ChartAxis', resolve: (c) => ({ chart: c, which: 'x' }) },
      valueAxis: { type: 'ChartAxis', resolve: (c) => ({ chart: c, which: 'y' }) },
    },
  },
  ChartAxis: {
    props: {
      numberFormat: {
        min: '1.8',
        get: (m: { chart: ChartModel; which: string }) =>
          m.which === 'x' ? m.chart.xFormat : m.chart.yFormat,
        set: (m: { chart: ChartModel; which: string }, v) => {
          if (typeof v !== 'string') throw err('InvalidArgument', 'numberFormat must be a string');
          if (m.which === 'x') m.chart.xFormat = v;
          else m.chart.yFormat = v;
        },
      },
    },
    nav: { title: { type: 'ChartAxisTitle', resolve: (m) => m } },
  },
  ChartAxisTitle: {
    props: {
      text: {
        get: (m: { chart: ChartModel; which: string }) => (m.which === 'x' ? m.chart.xTitle : m.chart.yTitle),
        set: (m: { chart: ChartModel; which: string }, v) => {
          if (m.which === 'x') m.chart.xTitle = String(v);
          else m.chart.yTitle = String(v);
        },
      },
    },
  },
  ChartLegend: {
    props: {
      position: {
        get: (c: ChartModel) => c.legendPosition,
        set: (c: ChartModel, v) => {
          if (!['Top', 'Bottom', 'Left', 'Right', 'Corner', 'Custom'].includes(String(v)))
            throw err('InvalidArgument', 'Invalid legend position');
          c.legendPosition = String(v);
        },
      },
      visible: {
        get: (c: ChartModel) => c.legendVisible,
        set: (c: ChartModel, v) => (c.legendVisible = Boolean(v)),
      },
    },
  },
  ChartSeriesCollection: {
    items: { type: 'ChartSeries', list: (c: ChartModel) => c.series },
    props: { count: { get: (c: ChartModel) => c.series.length } },
    methods: {
      getItemAt: {
        call: (h, args) =>
          child(h, 'ChartSeries', args, () => {
            const c = h.resolve() as ChartModel;
            const s = c.series[Number(args[0])];
            if (!s) throw err('ItemNotFound', `No series at ${String(args[0])}`);
            return s;
          }),
      },
      add: {
        min: '1.7',
        call: (h, args) =>
          child(h, 'ChartSeries', args, () => {
            const c = h.resolve() as ChartModel;
            const s = newSeries(
              args[0] === undefined ? `Series${c.series.length + 1}` : String(args[0]),
              c.type,
            );
            c.series.push(s);
            return s;
          }),
      },
    },
  },
  ChartSeries: {
    props: {
      name: { get: (s: SeriesModel) => s.name, set: (s: SeriesModel, v) => (s.name = String(v)) },
      chartType: {
        min: '1.7',
        get: (s: SeriesModel) => s.chartType,
        set: (s: SeriesModel, v) => {
          if (typeof v !== 'string' || !CHART_TYPES.includes(v))
            throw err('InvalidArgument', `Invalid chart type ${String(v)}`);
          s.chartType = v;
        },
      },
      markerStyle: {
        min: '1.7',
        get: (s: SeriesModel) => s.markerStyle,
        set: (s: SeriesModel, v) => {
          if (!MARKER_STYLES.includes(String(v)))
            throw err('InvalidArgument', `Invalid marker style ${String(v)}`);
          s.markerStyle = String(v);
        },
      },
      markerBackgroundColor: {
        min: '1.7',
        get: (s: SeriesModel) => s.markerBackgroundColor,
        set: (s: SeriesModel, v) => (s.markerBackgroundColor = color(v)),
      },
      hasDataLabels: {
        min: '1.7',
        get: (s: SeriesModel) => s.hasDataLabels,
        set: (s: SeriesModel, v) => (s.hasDataLabels = Boolean(v)),
      },
    },
    nav: {
      points: { type: 'ChartPointsCollection', resolve: (s) => s },
      format: { type: 'ChartSeriesFormat', resolve: (s) => s },
    },
    methods: {
      setXAxisValues: {
        min: '1.7',
        call: (h, args) =>
          act(h, args, () => {
            const s = h.resolve() as SeriesModel;
            const r = rangeOnly(args[0]);
            s.x = r;
          }),
      },
      setValues: {
        min: '1.7',
        call: (h, args) =>
          act(h, args, () => {
            const s = h.resolve() as SeriesModel;
            const r = rangeOnly(args[0]);
            s.y = r;
          }),
      },
      delete: {
        min: '1.7',
        call: (h, args) =>
          act(h, args, () => {
            const s = h.resolve() as SeriesModel;
            for (const sh of h.ctx.fake.workbook.sheets)
              for (const c of sh.charts) if (c.series.includes(s)) c.series.splice(c.series.indexOf(s), 1);
          }),
      },
    },
  },
  ChartSeriesFormat: {
    nav: {
      fill: { type: 'ChartFill', resolve: (s) => s },
      line: { type: 'ChartLineFormat', resolve: (s) => s },
    },
  },
  ChartFill: {
    methods: {
      setSolidColor: {
        call: (h, args) => act(h, args, () => ((h.resolve() as SeriesModel).fill = color(args[0]))),
      },
      clear: { call: (h, args) => act(h, args, () => ((h.resolve() as SeriesModel).fill = null)) },
    },
  },
  ChartLineFormat: {
    props: {
      color: {
        get: (s: SeriesModel) => s.line.color,
        set: (s: SeriesModel, v) => (s.line.color = color(v)),
      },
      lineStyle: {
        min: '1.7',
        get: (s: SeriesModel) => s.line.lineStyle,
        set: (s: SeriesModel, v) => {
          if (!LINE_STYLES.includes(String(v)))
            throw err('InvalidArgument', `Invalid line style ${String(v)}`);
          s.line.lineStyle = String(v);
        },
      },
    },
  },
  ChartPointsCollection: {
    props: { count: { get: (s: SeriesModel) => pointCount(s) } },
    methods: {
      getItemAt: {
        call: (h, args) =>
          child(h, 'ChartPoint', args, () => {
            const s = h.resolve() as SeriesModel;
            const i = Number(args[0]);
            if (!Number.isInteger(i) || i < 0 || i >= pointCount(s))
              throw err('ItemNotFound', `No point at ${String(args[0])}`);
            return { series: s, index: i };
          }),
      },
    },
  },
  ChartPoint: {
    props: {
      hasDataLabel: {
        min: '1.7',
        get: (m: { series: SeriesModel; index: number }) => point(m.series, m.index).hasDataLabel,
        set: (m: { series: SeriesModel; index: number }, v) =>
          (point(m.series, m.index).hasDataLabel = Boolean(v)),
      },
    },
    nav: { dataLabel: { type: 'ChartDataLabel', resolve: (m) => m, min: '1.7' } },
  },
  ChartDataLabel: {
    props: {
      text: {
        min: '1.8',
        get: (m: { series: SeriesModel; index: number }) => point(m.series, m.index).label.text,
        set: (m: { series: SeriesModel; index: number }, v) =>
          (point(m.series, m.index).label.text = String(v)),
      },
      formula: {
        min: '1.8',
        get: (m: { series: SeriesModel; index: number }) => point(m.series, m.index).label.formula,
        set: (m: { series: SeriesModel; index: number }, v) =>
          (point(m.series, m.index).label.formula = String(v)),
      },
      position: {
        min: '1.7',
        get: (m: { series: SeriesModel; index: number }) => point(m.series, m.index).label.position,
        set: (m: { series: SeriesModel; index: number }, v) => {
          if (
            ![
              'Invalid',
              'None',
              'Center',
              'InsideEnd',
              'InsideBase',
              'OutsideEnd',
              'Left',
              'Right',
              'Top',
              'Bottom',
              'BestFit',
              'Callout',
            ].includes(String(v))
          )
            throw err('InvalidArgument', 'Invalid data label position');
          point(m.series, m.index).label.position = String(v);
        },
      },
      showValue: {
        min: '1.7',
        get: (m: { series: SeriesModel; index: number }) => point(m.series, m.index).label.showValue,
        set: (m: { series: SeriesModel; index: number }, v) =>
          (point(m.series, m.index).label.showValue = Boolean(v)),
      },
    },
  },
};

function sub(m: CfModel, key: 'dataBar' | 'colorScale' | 'custom' | 'textComparison'): unknown {
  const v = m[key];
  if (!v) throw err('InvalidOperation', `This conditional format is ${m.type}, not ${key}.`);
  return v;
}

// ---------------------------------------------------------------------------------------------
// The fake host
// ---------------------------------------------------------------------------------------------

export interface FakeExcelOptions {
  /** Highest ExcelApi requirement set supported (default "1.12"). */
  apiVersion?: string;
  /** Delay of each sync in ms (to see progress in a browser). Default 0. */
  latencyMs?: number;
  /** Office.context.displayLanguage (default "en-US"). */
  displayLanguage?: string;
  /** Calculate formulas (default true, as Excel does); see WorkbookModel.calculate. */
  calculate?: boolean;
}

export class FakeExcel {
  readonly workbook = new WorkbookModel();
  readonly version: number;
  readonly latencyMs: number;
  readonly stats: FakeStats = { syncs: 0, log: [], maxRequestBytes: 0, maxResponseBytes: 0, maxReadCells: 0 };
  readonly Excel: any;
  readonly Office: any;

  constructor(opts: FakeExcelOptions = {}) {
    this.version = versionNumber(opts.apiVersion ?? '1.12');
    this.latencyMs = opts.latencyMs ?? 0;
    this.workbook.calculate = opts.calculate ?? true;
    this.Excel = {
      run: async <T>(batch: (ctx: FakeContext) => Promise<T>): Promise<T> => {
        if (typeof batch !== 'function')
          throw new TypeError('Fake Excel: Excel.run(batch) takes a function.');
        const ctx = new FakeContext(this);
        const r = await batch(ctx);
        if (ctx.queue.length) await ctx.sync();
        return r;
      },
      ChartType: {
        xyscatter: 'XYScatter',
        xyscatterLines: 'XYScatterLines',
        xyscatterLinesNoMarkers: 'XYScatterLinesNoMarkers',
        xyscatterSmooth: 'XYScatterSmooth',
        xyscatterSmoothNoMarkers: 'XYScatterSmoothNoMarkers',
        columnClustered: 'ColumnClustered',
        columnStacked: 'ColumnStacked',
        line: 'Line',
        pie: 'Pie',
        barClustered: 'BarClustered',
      },
      ChartSeriesBy: { auto: 'Auto', columns: 'Columns', rows: 'Rows' },
      ConditionalFormatType: {
        custom: 'Custom',
        dataBar: 'DataBar',
        colorScale: 'ColorScale',
        iconSet: 'IconSet',
        topBottom: 'TopBottom',
        presetCriteria: 'PresetCriteria',
        containsText: 'ContainsText',
        cellValue: 'CellValue',
      },
      ConditionalFormatColorCriterionType: {
        invalid: 'Invalid',
        lowestValue: 'LowestValue',
        highestValue: 'HighestValue',
        number: 'Number',
        percent: 'Percent',
        formula: 'Formula',
        percentile: 'Percentile',
      },
      BorderIndex: {
        edgeTop: 'EdgeTop',
        edgeBottom: 'EdgeBottom',
        edgeLeft: 'EdgeLeft',
        edgeRight: 'EdgeRight',
        insideVertical: 'InsideVertical',
        insideHorizontal: 'InsideHorizontal',
      },
      BorderLineStyle: { none: 'None', continuous: 'Continuous' },
      SheetVisibility: { visible: 'Visible', hidden: 'Hidden', veryHidden: 'VeryHidden' },
    };
    const lang = opts.displayLanguage ?? 'en-US';
    this.Office = {
      HostType: { Excel: 'Excel', Word: 'Word', PowerPoint: 'PowerPoint', Outlook: 'Outlook' },
      PlatformType: { PC: 'PC', OfficeOnline: 'OfficeOnline', Mac: 'Mac' },
      context: {
        displayLanguage: lang,
        requirements: {
          isSetSupported: (name: string, version?: string): boolean =>
            name === 'ExcelApi' && versionNumber(version ?? '1.1') <= this.version,
        },
      },
      onReady(
        cb?: (info: { host: string; platform: string }) => void,
      ): Promise<{ host: string; platform: string }> {
        const info = { host: 'Excel', platform: 'OfficeOnline' };
        return new Promise((resolve) =>
          setTimeout(() => {
            cb?.(info);
            resolve(info);
          }, 0),
        );
      },
      addin: { showAsTaskpane: async (): Promise<void> => undefined },
    };
  }

  /** Set globalThis.Excel and globalThis.Office (returns a function that restores them). */
  install(target: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): () => void {
    const before = { Excel: target.Excel, Office: target.Office };
    target.Excel = this.Excel;
    target.Office = this.Office;
    return () => {
      target.Excel = before.Excel;
      target.Office = before.Office;
    };
  }

  resetStats(): void {
    Object.assign(this.stats, {
      syncs: 0,
      log: [],
      maxRequestBytes: 0,
      maxResponseBytes: 0,
      maxReadCells: 0,
    });
  }
}
