/// <reference types="google-apps-script" />
/**
 * Fakes of the Apps Script services the Sheets add-on uses (SpreadsheetApp and its objects, Ui, HtmlService,
 * LockService, PropertiesService, CacheService, Session, Utilities, Charts, ScriptApp), to run the BUILT
 * add-on in a node:vm context.
 *
 * - Time and size as strict as the host: every call costs simulated time (Meter, LATENCY: where the figures
 *   come from), the add-on's Date is that clock, and a call of one of the add-on's top-level functions is
 *   one execution (FakeGas.load, FakeGas.execute) that is stopped with "Exceeded maximum execution time"
 *   once it passes 6 minutes, wherever it is: the call that crossed the limit has happened, the script never
 *   sees it return, and its catch and finally blocks cannot reach the spreadsheet any more; its lock is
 *   released. An insert that would take the spreadsheet over 10,000,000 cells (every sheet's max rows × max
 *   columns) throws Sheets' message.
 * - Documented names only: each fake object's methods are listed in a `... satisfies (keyof
 *   GoogleAppsScript.X.Y)[]` list, so a name that the Apps Script typings (generated from the reference
 *   documentation) do not have fails to compile; at run time every object handed to the script is a Proxy
 *   that throws on any method not in its list. Calling a method the real service does not have fails.
 * - Every call through a proxy is counted ("Range.setValues", ...) in `gas.calls`, to measure round trips.
 * - Behaviour that matters to the add-in is modelled as Apps Script documents it: getRange() outside the
 *   sheet's rows/columns throws; setValues() parses strings like a user typing them ("=..." is a formula,
 *   "123" a number, "TRUE" a boolean, "2024-03-01" a date; a leading apostrophe keeps the rest as text;
 *   "+..."/"-..."/"@..." that are not numbers are recorded as `parsedAs: 'formula'`: an injection); a new
 *   sheet has 1,000 rows and 26 columns; sheet names are unique (case-insensitive); deleting a sheet
 *   deletes its developer metadata; a cache takes string keys of at most 250 characters, string values of
 *   at most 100 KB and an expiration of 1 to 21,600 whole seconds (10 minutes when none), as documented.
 * - Formulas behave as in Sheets (test/fake-calc.ts): getValues()/getValue() of a formula cell answer its
 *   calculated value (HyperFormula; an error as its code, "#REF!"; a date-formatted result as a Date), so a
 *   formula that reads a deleted sheet shows what a user sees. Deleting a sheet turns every reference to it
 *   in the other sheets into #REF! for good (a sheet that later takes the name does not repair it); renaming
 *   a sheet rewrites the references to it. Calculation is lazy: done when a read touches a formula cell,
 *   for the sheets that cell's sheet needs, cached until the next write (reads of a plain table never pay).
 *   Sheet.clear() clears contents and formats only: rules, charts, frozen panes, widths and hidden columns
 *   stay, each to be reset by its own call.
 */
import vm from 'node:vm';
import { ymdToSerial, serialToYMD, isDateFormat } from '../core/table/coerce';
import {
  calculateSheets,
  refersTo,
  refOnDelete,
  refOnRename,
  type CalcInput,
  type CalcSheet,
  type CalcValue,
} from './fake-calc';

type Value = string | number | boolean | Date;

/** A cell of a fake sheet. */
export interface FakeCell {
  value: Value | '';
  formula?: string;
  format?: string;
  /** How setValues() read the input: a string kept as text via a leading apostrophe, a parsed string, ... */
  parsedAs?: 'text' | 'quoted-text' | 'number' | 'boolean' | 'date' | 'formula' | 'value';
  textStyle?: FakeTextStyle;
  background?: string | null;
  /** setHorizontalAlignments: 'left' | 'center' | 'right' | 'normal' (null resets to normal). */
  hAlign?: string;
  /** setWrapStrategies: "WrapStrategy.WRAP", "WrapStrategy.OVERFLOW" or "WrapStrategy.CLIP". */
  wrap?: string;
}

// ---------------------------------------------------------------------------------------------
// Call counting and the method guard
// ---------------------------------------------------------------------------------------------

export class CallLog {
  readonly counts = new Map<string, number>();
  readonly order: string[] = [];
  /** The clock that every call through a proxy advances (FakeGas sets it). */
  meter: Meter | null = null;
  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (this.order.length < 100_000) this.order.push(key);
  }
  reset(): void {
    this.counts.clear();
    this.order.length = 0;
  }
  /** Number of calls, optionally only of matching "Class.method" keys. */
  total(pred: (key: string) => boolean = () => true): number {
    let n = 0;
    for (const [k, v] of this.counts) if (pred(k)) n += v;
    return n;
  }
  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }
}

/** Builders run in the script itself; these are not round trips to the spreadsheet. */
export const LOCAL_CLASSES = new Set([
  'TextStyleBuilder',
  'TextStyle',
  'ConditionalFormatRuleBuilder',
  'ConditionalFormatRule',
  'EmbeddedChartBuilder',
  'Utilities',
  'HtmlOutput',
]);

/** True for a call that goes to the spreadsheet (or another service) rather than a local builder. */
export const isServiceCall = (key: string): boolean =>
  !LOCAL_CLASSES.has(key.split('.')[0]) && !/^SpreadsheetApp\.new/.test(key);

// Property names a test framework or the runtime may probe on any object: answered, never counted.
const PROBES = new Set([
  'then',
  'toJSON',
  'constructor',
  'asymmetricMatch',
  'nodeType',
  '$$typeof',
  '@@__IMMUTABLE_ITERABLE__@@',
  '@@__IMMUTABLE_RECORD__@@',
  '_isMockFunction',
  'toString',
  'valueOf',
]);

const RAW = Symbol('raw');

/** The script-facing proxy of a fake: only `methods` (and `enums`) exist; each call is counted. */
function guard<T extends object>(
  target: T,
  cls: string,
  methods: readonly string[],
  log: CallLog,
  enums: Record<string, unknown> = {},
): T {
  const allowed = new Set(methods);
  for (const m of methods) {
    if (typeof (target as Record<string, unknown>)[m] !== 'function')
      throw new Error(`fake ${cls} lists ${m} but does not implement it`);
  }
  return new Proxy(target, {
    get(t, prop) {
      if (prop === RAW) return t;
      if (typeof prop === 'symbol') return undefined;
      if (prop in enums) return enums[prop];
      if (allowed.has(prop)) {
        const fn = (t as Record<string, unknown>)[prop] as (...a: unknown[]) => unknown;
        return (...args: unknown[]) => {
          const key = `${cls}.${prop}`;
          log.add(key);
          if (!log.meter) return fn.apply(t, args);
          log.meter.before();
          const out = fn.apply(t, args);
          log.meter.after(key, t, args);
          return out;
        };
      }
      if (PROBES.has(prop)) return undefined;
      throw new TypeError(`${cls}.${prop} is not a method of the Apps Script ${cls} (or of its fake)`);
    },
    set(_t, prop) {
      throw new TypeError(`${cls}.${String(prop)} cannot be assigned`);
    },
  });
}

/** The fake behind a proxy (tests read the model through it). */
export function raw<T>(proxy: T): T {
  return ((proxy as unknown as Record<symbol, T>)[RAW] ?? proxy) as T;
}

/** An enum object whose unknown members throw. */
function enumOf<K extends string>(name: string, keys: readonly K[]): Record<K, string> {
  const o = Object.fromEntries(keys.map((k) => [k, `${name}.${k}`])) as Record<K, string>;
  return new Proxy(o, {
    get(t, prop) {
      if (typeof prop === 'symbol' || PROBES.has(prop)) return undefined;
      if (!(prop in t)) throw new TypeError(`${name}.${prop} does not exist`);
      return t[prop as K];
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Time: the simulated clock of an execution
// ---------------------------------------------------------------------------------------------

/**
 * What each call costs the simulated host, in milliseconds (µs per cell where it depends on the cells).
 * The figures, and where they come from:
 * - limitMs 360,000: "Script runtime 6 min / execution" (developers.google.com/apps-script/guides/services/quotas).
 * - callMs 20: a round trip to the Sheets backend. Measured elsewhere: PropertiesService.getProperty about
 *   30 ms, CacheService.get about 4 ms (Luis Peralta, "Google Apps Script APIs performance", 100 runs).
 * - cacheGetMs 5, cachePutMs 90, propertiesGetMs 30, propertiesSetMs 60: the same measurements (Cache.put
 *   averaged 92 ms, Properties.setProperty 62 ms).
 * - readUsPerCell 3: getValues and the other bulk reads, 300 ms per 100,000 cells (a few hundred ms per
 *   100k cells: the usual order for a large read).
 * - valueUsPerCell 10: setValues of constants, 1 s per 100,000 cells (a one-call setValues of 4,000 cells
 *   measured under 50 ms: mogsdad, "What is faster: ScriptDb or SpreadsheetApp?").
 * - formulaUsPerCell 100, formatUsPerCell 100: a formula written (parsed, then calculated) and a cell's text
 *   style, background, alignment, wrap or number format, 1 s per 10,000 cells. An assumption: formats are
 *   known to be the slow part of a write, and Google's Best Practices example batches 10,000 backgrounds in
 *   about a second; no published figure per cell was found.
 * - sheetMs 300: insertSheet, deleteSheet. An assumption.
 * - cpuFactor 0: the script's own time (Node time between calls × the factor) is not counted by default, so
 *   that tests are deterministic; the bench counts it.
 */
export interface Latency {
  limitMs: number;
  callMs: number;
  cacheGetMs: number;
  cachePutMs: number;
  propertiesGetMs: number;
  propertiesSetMs: number;
  readUsPerCell: number;
  valueUsPerCell: number;
  formulaUsPerCell: number;
  formatUsPerCell: number;
  sheetMs: number;
  cpuFactor: number;
}

export const LATENCY: Latency = {
  limitMs: 360_000,
  callMs: 20,
  cacheGetMs: 5,
  cachePutMs: 90,
  propertiesGetMs: 30,
  propertiesSetMs: 60,
  readUsPerCell: 3,
  valueUsPerCell: 10,
  formulaUsPerCell: 100,
  formatUsPerCell: 100,
  sheetMs: 300,
  cpuFactor: 0,
};

/** What Apps Script says when it stops an execution at its time limit. */
export const EXCEEDED = 'Exceeded maximum execution time';

const READS = new Set([
  'Range.getValues',
  'Range.getValue',
  'Range.getFormulas',
  'Range.getNumberFormats',
  'Range.getBackgrounds',
  'Range.getTextStyles',
]);
const FORMAT_WRITES = new Set([
  'Range.setTextStyles',
  'Range.setBackgrounds',
  'Range.setHorizontalAlignments',
  'Range.setWrapStrategies',
  'Range.setNumberFormats',
  'RangeList.setNumberFormat',
]);

/** Cells a range or range list covers (0 for anything else). */
function cellsOf(t: unknown): number {
  if (t instanceof FakeRange) return t.nr * t.nc;
  const list = (t as { ranges?: unknown }).ranges;
  return Array.isArray(list) ? list.reduce((n: number, r) => n + cellsOf(r), 0) : 0;
}

/** Milliseconds a call costs the host (0 for a builder that runs in the script). */
export function callCost(L: Latency, key: string, t: unknown, args: unknown[]): number {
  if (!isServiceCall(key)) return 0;
  const [cls, method] = key.split('.');
  if (cls === 'Cache') return method === 'get' ? L.cacheGetMs : L.cachePutMs;
  if (cls === 'Properties') return method.startsWith('get') ? L.propertiesGetMs : L.propertiesSetMs;
  if (key === 'Spreadsheet.insertSheet' || key === 'Spreadsheet.deleteSheet') return L.sheetMs;
  const us = (cells: number, perCell: number): number => L.callMs + (cells * perCell) / 1000;
  if (READS.has(key)) return us(cellsOf(t), L.readUsPerCell);
  if (FORMAT_WRITES.has(key)) return us(cellsOf(t), L.formatUsPerCell);
  if (key === 'Range.setValues' || key === 'Range.setValue') {
    const grid = (Array.isArray(args[0]) ? args[0] : [[args[0]]]) as unknown[][];
    let formulas = 0;
    for (const row of grid) for (const v of row) if (typeof v === 'string' && v.startsWith('=')) formulas++;
    const cells = cellsOf(t);
    return us(cells - formulas, L.valueUsPerCell) + (formulas * L.formulaUsPerCell) / 1000;
  }
  return L.callMs;
}

/** One execution: a call of a top-level function (google.script.run, a menu item, a trigger). */
export interface Execution {
  /** Simulated ms since its start, service calls and (with cpuFactor) the script's own time. */
  ms: number;
  /** Service calls it made (builders excluded). */
  calls: number;
  /** Stopped by the time limit (or by killAfter). */
  killed: boolean;
}

/**
 * The simulated clock. Every call through a proxy advances it by its cost; inside an execution
 * (FakeGas.execute) a call that ends past the limit, or the call killAfter points at, kills the execution: the call
 * has happened (its effect stays, as when Apps Script stops a script mid-way) but the script never sees its
 * answer, and every later call of that execution throws the same error: a catch or finally block of the
 * script cannot touch the spreadsheet any more.
 */
export class Meter {
  /** Milliseconds since the epoch of the simulated clock (what Date.now() answers inside the add-on). */
  now = Date.now();
  current: (Execution & { start: number; dead: boolean; lastExit: number }) | null = null;
  readonly done: Execution[] = [];
  private armed: number | null = null;
  /** Called after each service call with its key and its number in the execution (tests act here). */
  onServiceCall: ((key: string, n: number) => void) | null = null;
  /**
   * The add-on's clock stands still within an execution: an add-on that does not watch the time (as one
   * that reads, analyses and writes in one execution), which the meter still times and kills.
   */
  hideTime = false;

  constructor(public latency: Latency) {}

  before(): void {
    const x = this.current;
    if (!x) return;
    if (x.dead) throw new Error(EXCEEDED);
    if (this.latency.cpuFactor > 0) this.advance((performance.now() - x.lastExit) * this.latency.cpuFactor);
  }

  after(key: string, t: unknown, args: unknown[]): void {
    this.advance(callCost(this.latency, key, t, args));
    const x = this.current;
    if (!x) return;
    x.lastExit = performance.now();
    if (!isServiceCall(key)) return;
    x.calls++;
    this.onServiceCall?.(key, x.calls);
    const shot = this.armed !== null && --this.armed === 0;
    if (shot) this.armed = null;
    if (this.now - x.start > this.latency.limitMs || shot) {
      x.dead = true;
      throw new Error(EXCEEDED);
    }
  }

  /**
   * Stop the execution that makes the n-th service call from now (counted across executions), as the host
   * would at its time limit: a test's "the run was stopped here".
   */
  killAfter(n: number): void {
    this.armed = n;
  }

  /** What Date.now() answers inside the add-on (see hideTime). */
  scriptNow(): number {
    return Math.floor(this.hideTime && this.current ? this.current.start : this.now);
  }

  /** Let simulated time pass (a slow call, a user who comes back later). */
  advance(ms: number): void {
    this.now += ms;
    if (this.current) this.current.ms = this.now - this.current.start;
  }

  /** Run `fn` as one execution; throws EXCEEDED if it was killed, whatever `fn` did with the error. */
  execute<T>(fn: () => T, release: () => void): T {
    if (this.current) return fn(); // a call made while another runs (a test's hook): part of it
    const x = { ms: 0, calls: 0, killed: false, start: this.now, dead: false, lastExit: performance.now() };
    this.current = x;
    try {
      const out = fn();
      if (x.dead) throw new Error(EXCEEDED);
      return out;
    } catch (e) {
      throw x.dead ? new Error(EXCEEDED) : e;
    } finally {
      this.current = null;
      release(); // Apps Script releases an execution's locks when it ends
      this.done.push({ ms: x.ms, calls: x.calls, killed: x.dead });
    }
  }
}

/** The Date of the add-on's context: the simulated clock's time (new Date(), Date.now()). */
function simulatedDate(meter: Meter): DateConstructor {
  class SimDate extends Date {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(meter.scriptNow());
      else super(...(args as [number]));
    }
    static override now(): number {
      return meter.scriptNow();
    }
  }
  return SimDate as unknown as DateConstructor;
}

// ---------------------------------------------------------------------------------------------
// Method lists (checked against the Apps Script typings)
// ---------------------------------------------------------------------------------------------

type SS = GoogleAppsScript.Spreadsheet.Spreadsheet;

const SPREADSHEET_APP_METHODS = [
  'getActive',
  'getActiveSpreadsheet',
  'getUi',
  'newConditionalFormatRule',
  'newTextStyle',
  'flush',
] as const satisfies readonly (keyof GoogleAppsScript.Spreadsheet.SpreadsheetApp)[];

const SPREADSHEET_METHODS = [
  'getId',
  'getName',
  'getSheets',
  'getNumSheets',
  'getSheetByName',
  'getSheetById',
  'insertSheet',
  'deleteSheet',
  'getActiveSheet',
  'setActiveSheet',
  'getSpreadsheetTimeZone',
  'getSpreadsheetLocale',
  'getNamedRanges',
  'getRangeByName',
  'createDeveloperMetadataFinder',
  'toast',
] as const satisfies readonly (keyof SS)[];

const SHEET_METHODS = [
  'getName',
  'setName',
  'getSheetId',
  'getIndex',
  'getParent',
  'getRange',
  'getRangeList',
  'getDataRange',
  'getLastRow',
  'getLastColumn',
  'getMaxRows',
  'getMaxColumns',
  'insertRowsAfter',
  'insertColumnsAfter',
  'clear',
  'clearConditionalFormatRules',
  'removeChart',
  'showColumns',
  'setColumnWidth',
  'setColumnWidths',
  'getColumnWidth',
  'setFrozenRows',
  'setFrozenColumns',
  'getFrozenRows',
  'getFrozenColumns',
  'setConditionalFormatRules',
  'getConditionalFormatRules',
  'newChart',
  'insertChart',
  'getCharts',
  'hideColumns',
  'deleteColumns',
  'isColumnHiddenByUser',
  'addDeveloperMetadata',
  'activate',
] as const satisfies readonly (keyof GoogleAppsScript.Spreadsheet.Sheet)[];

const RANGE_METHODS = [
  'getValues',
  'getValue',
  'getFormulas',
  'getNumberFormats',
  'getBackgrounds',
  'getTextStyles',
  'setValues',
  'setValue',
  'setNumberFormats',
  'setTextStyles',
  'setBackgrounds',
  'setHorizontalAlignments',
  'setWrapStrategies',
  'getA1Notation',
  'getSheet',
  'getRow',
  'getColumn',
  'getNumRows',
  'getNumColumns',
  'activate',
] as const satisfies readonly (keyof GoogleAppsScript.Spreadsheet.Range)[];

const RANGE_LIST_METHODS = [
  'getRanges',
  'setNumberFormat',
] as const satisfies readonly (keyof GoogleAppsScript.Spreadsheet.RangeList)[];

const NAMED_RANGE_METHODS = [
  'getName',
  'getRange',
] as const satisfies readonly (keyof GoogleAppsScript.Spreadsheet.NamedRange)[];

const FINDER_METHODS = [
  'withKey',
  'withValue',
  'find',
] as const satisfies readonly (keyof GoogleAppsScript.Spreadsheet.DeveloperMetadataFinder)[];

const METADATA_METHODS = [
  'getKey',
  'getValue',
  'getLocation',
  'remove',
] as const satisfies readonly (keyof GoogleAppsScript.Spreadsheet.DeveloperMetadata)[];

const LOCATION_METHODS = [
  'getSheet',
  'getLocationType',
] as const satisfies readonly (keyof GoogleAppsScript.Spreadsheet.DeveloperMetadataLocation)[];

const CF_BUILDER_METHODS = [
  'setRanges',
  'setGradientMinpoint',
  'setGradientMinpointWithValue',
  'setGradientMidpointWithValue',
  'setGradientMaxpoint',
  'whenTextEqualTo',
  'setBackground',
  'setFontColor',
  'build',
] as const satisfies readonly (keyof GoogleAppsScript.Spreadsheet.ConditionalFormatRuleBuilder)[];

const CF_RULE_METHODS = [
  'getRanges',
] as const satisfies readonly (keyof GoogleAppsScript.Spreadsheet.ConditionalFormatRule)[];

const TEXT_STYLE_BUILDER_METHODS = [
  'setFontFamily',
  'setBold',
  'setItalic',
  'setFontSize',
  'setForegroundColor',
  'build',
] as const satisfies readonly (keyof GoogleAppsScript.Spreadsheet.TextStyleBuilder)[];

const TEXT_STYLE_METHODS = [
  'getFontFamily',
  'isBold',
  'isItalic',
  'getFontSize',
  'getForegroundColor',
] as const satisfies readonly (keyof GoogleAppsScript.Spreadsheet.TextStyle)[];

const CHART_BUILDER_METHODS = [
  'setChartType',
  'addRange',
  'setNumHeaders',
  'setHiddenDimensionStrategy',
  'setMergeStrategy',
  'setPosition',
  'setOption',
  'build',
] as const satisfies readonly (keyof GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder)[];

const CHART_METHODS = [
  'getRanges',
  'getOptions',
] as const satisfies readonly (keyof GoogleAppsScript.Spreadsheet.EmbeddedChart)[];

const UI_METHODS = [
  'createAddonMenu',
  'alert',
  'showSidebar',
] as const satisfies readonly (keyof GoogleAppsScript.Base.Ui)[];

const MENU_METHODS = [
  'addItem',
  'addSeparator',
  'addToUi',
] as const satisfies readonly (keyof GoogleAppsScript.Base.Menu)[];

const HTML_SERVICE_METHODS = [
  'createHtmlOutputFromFile',
  'createHtmlOutput',
  'createTemplateFromFile',
] as const satisfies readonly (keyof GoogleAppsScript.HTML.HtmlService)[];

const HTML_OUTPUT_METHODS = [
  'setTitle',
  'getTitle',
  'getContent',
  'setWidth',
] as const satisfies readonly (keyof GoogleAppsScript.HTML.HtmlOutput)[];

const HTML_TEMPLATE_METHODS = [
  'evaluate',
  'getRawContent',
] as const satisfies readonly (keyof GoogleAppsScript.HTML.HtmlTemplate)[];

const LOCK_SERVICE_METHODS = [
  'getDocumentLock',
  'getScriptLock',
  'getUserLock',
] as const satisfies readonly (keyof GoogleAppsScript.Lock.LockService)[];

const LOCK_METHODS = [
  'tryLock',
  'waitLock',
  'releaseLock',
  'hasLock',
] as const satisfies readonly (keyof GoogleAppsScript.Lock.Lock)[];

const PROPERTIES_SERVICE_METHODS = [
  'getDocumentProperties',
  'getUserProperties',
  'getScriptProperties',
] as const satisfies readonly (keyof GoogleAppsScript.Properties.PropertiesService)[];

const PROPERTIES_METHODS = [
  'getProperty',
  'setProperty',
  'deleteProperty',
  'getProperties',
] as const satisfies readonly (keyof GoogleAppsScript.Properties.Properties)[];

const CACHE_SERVICE_METHODS = [
  'getUserCache',
  'getScriptCache',
  'getDocumentCache',
] as const satisfies readonly (keyof GoogleAppsScript.Cache.CacheService)[];

const CACHE_METHODS = [
  'get',
  'put',
  'remove',
] as const satisfies readonly (keyof GoogleAppsScript.Cache.Cache)[];

const SESSION_METHODS = [
  'getActiveUserLocale',
  'getScriptTimeZone',
  'getTemporaryActiveUserKey',
] as const satisfies readonly (keyof GoogleAppsScript.Base.Session)[];

const UTILITIES_METHODS = [
  'formatDate',
] as const satisfies readonly (keyof GoogleAppsScript.Utilities.Utilities)[];

const SCRIPT_APP_METHODS = [
  'getScriptId',
] as const satisfies readonly (keyof GoogleAppsScript.Script.ScriptApp)[];

// ---------------------------------------------------------------------------------------------
// A1 helpers
// ---------------------------------------------------------------------------------------------

function colNumber(s: string): number {
  return [...s.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
}

export function colName(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function parseA1(ref: string): { r: number; c: number; nr: number; nc: number } {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(ref.trim());
  if (!m) throw new Error(`Range not found: ${ref}`);
  const r1 = Number(m[2]);
  const c1 = colNumber(m[1]);
  const r2 = m[4] ? Number(m[4]) : r1;
  const c2 = m[3] ? colNumber(m[3]) : c1;
  return {
    r: Math.min(r1, r2),
    c: Math.min(c1, c2),
    nr: Math.abs(r2 - r1) + 1,
    nc: Math.abs(c2 - c1) + 1,
  };
}

// ---------------------------------------------------------------------------------------------
// Input parsing (what Sheets does with a string typed into a cell)
// ---------------------------------------------------------------------------------------------

const RE_NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?%?$/;
const RE_ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

function parseInput(v: unknown, tz: string): FakeCell {
  if (v === null || v === undefined || v === '') return { value: '' };
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`setValues: ${v} is not a valid cell value`);
    return { value: v, parsedAs: 'value' };
  }
  if (typeof v === 'boolean') return { value: v, parsedAs: 'value' };
  if (v instanceof Date || Object.prototype.toString.call(v) === '[object Date]')
    return { value: v as Date, parsedAs: 'value' };
  if (typeof v !== 'string') throw new Error(`setValues: a cell value cannot be ${typeof v}`);
  if (v.startsWith("'")) return { value: v.slice(1), parsedAs: 'quoted-text' };
  if (v.startsWith('=')) return { value: '', formula: v, parsedAs: 'formula' };
  const t = v.trim();
  if (t !== '' && /\d/.test(t) && RE_NUMBER.test(t)) {
    const n = Number(t.replace(/,/g, '').replace(/%$/, ''));
    return { value: t.endsWith('%') ? n / 100 : n, parsedAs: 'number' };
  }
  if (/^(true|false)$/i.test(t)) return { value: /^true$/i.test(t), parsedAs: 'boolean' };
  const d = RE_ISO_DATE.exec(t);
  if (d) return { value: zonedMidnight(+d[1], +d[2], +d[3], tz), parsedAs: 'date' };
  // Sheets would take these as formulas (or people chips): the add-in must never send them unquoted.
  if (/^[+\-@]/.test(t)) return { value: '', formula: v, parsedAs: 'formula' };
  return { value: v, parsedAs: 'text' };
}

// ---------------------------------------------------------------------------------------------
// Time zones
// ---------------------------------------------------------------------------------------------

const dtfCache = new Map<string, Intl.DateTimeFormat>();
function zoneParts(d: Date, tz: string): Record<string, number> {
  let f = dtfCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    dtfCache.set(tz, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(d)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** The instant of midnight of y-m-d in zone `tz` (what Sheets hands a script for a date cell). */
export function zonedMidnight(y: number, m: number, d: number, tz: string): Date {
  const guess = Date.UTC(y, m - 1, d);
  let t = guess;
  for (let i = 0; i < 3; i++) {
    const p = zoneParts(new Date(t), tz);
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    t = t - (asUtc - guess);
  }
  return new Date(t);
}

/** Utilities.formatDate for the patterns the add-in uses (yyyy MM dd HH mm ss, quoted literals). */
export function formatDate(d: Date, tz: string, pattern: string): string {
  if (!(d instanceof Date) && Object.prototype.toString.call(d) !== '[object Date]')
    throw new Error('Utilities.formatDate: not a Date');
  const p = zoneParts(d, tz);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return pattern.replace(/'([^']*)'|yyyy|MM|dd|HH|mm|ss|[A-Za-z]+/g, (tok, lit: string | undefined) => {
    if (lit !== undefined) return lit;
    switch (tok) {
      case 'yyyy':
        return pad(p.year, 4);
      case 'MM':
        return pad(p.month);
      case 'dd':
        return pad(p.day);
      case 'HH':
        return pad(p.hour);
      case 'mm':
        return pad(p.minute);
      case 'ss':
        return pad(p.second);
      default:
        throw new Error(`fake Utilities.formatDate: unsupported pattern letters "${tok}"`);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Formulas: calculation
// ---------------------------------------------------------------------------------------------

/** The spreadsheet serial of a date cell: its date and time of day in the spreadsheet zone. */
export function serialInZone(d: Date, tz: string): number {
  const p = zoneParts(d, tz);
  return ymdToSerial(p.year, p.month, p.day) + (p.hour * 3600 + p.minute * 60 + p.second) / 86_400;
}

/** A calculated serial as Sheets hands a date-formatted cell to a script: that instant in the zone. */
function dateInZone(serial: number, tz: string): Date {
  const day = Math.floor(serial);
  const { y, m, d } = serialToYMD(day);
  return new Date(zonedMidnight(y, m, d, tz).getTime() + Math.round((serial - day) * 86_400_000));
}

/** A formula as the engine takes it ("+1" typed unquoted is a formula in Sheets: "=+1"). */
const formulaText = (f: string): string => (f.startsWith('=') ? f : `=${f}`);

/** A sheet as the engine takes it: formulas as text, dates as serials, empty cells as null. */
function calcSheet(s: FakeSheet, tz: string): CalcSheet {
  const cells = Array.from(s.cells, (row): CalcInput[] =>
    Array.from(row ?? [], (x): CalcInput => {
      if (!x) return null;
      if (x.formula) return formulaText(x.formula);
      if (x.value instanceof Date) return serialInZone(x.value, tz);
      return x.value === '' ? null : x.value;
    }),
  );
  return { name: s.name, cells, isFormula: (r, c) => !!s.cells[r]?.[c]?.formula };
}

function formulasOf(s: FakeSheet): string[] {
  const out: string[] = [];
  for (const row of s.cells) for (const x of row ?? []) if (x?.formula) out.push(x.formula);
  return out;
}

/** `start` and the sheets its formulas reference, transitively: all that its values depend on. */
function dependencies(start: FakeSheet, all: readonly FakeSheet[]): FakeSheet[] {
  const group = [start];
  for (let i = 0; i < group.length; i++) {
    const formulas = formulasOf(group[i]);
    const lower = formulas.map((f) => f.toLowerCase());
    for (const other of all) {
      if (group.includes(other)) continue;
      const name = other.name.toLowerCase();
      if (formulas.some((f, k) => lower[k].includes(name) && refersTo(f, other.name))) group.push(other);
    }
  }
  return group;
}

/** What getValues() answers for a formula cell: its calculated value (a date-formatted number as a Date). */
function formulaResult(v: CalcValue | undefined, format: string | undefined, tz: string): Value {
  if (v === undefined) return '';
  return typeof v === 'number' && isDateFormat(format) ? dateInZone(v, tz) : v;
}

// ---------------------------------------------------------------------------------------------
// The spreadsheet model
// ---------------------------------------------------------------------------------------------

export class FakeTextStyle {
  constructor(
    readonly bold: boolean | null,
    readonly italic: boolean | null,
    readonly size: number | null,
    readonly color: string | null,
    readonly family: string | null = null,
  ) {}
  getFontFamily(): string | null {
    return this.family;
  }
  isBold(): boolean | null {
    return this.bold;
  }
  isItalic(): boolean | null {
    return this.italic;
  }
  getFontSize(): number | null {
    return this.size;
  }
  getForegroundColor(): string | null {
    return this.color;
  }
}

export class FakeMetadata {
  constructor(
    readonly gas: FakeGas,
    public key: string,
    public value: string | null,
    public sheet: FakeSheet,
  ) {}
  getKey(): string {
    return this.key;
  }
  getValue(): string | null {
    return this.value;
  }
  getLocation(): unknown {
    const sheet = this.sheet;
    const gas = this.gas;
    const loc = {
      getSheet: () => gas.wrapSheet(sheet),
      getLocationType: () => 'SHEET',
    };
    return guard(loc, 'DeveloperMetadataLocation', LOCATION_METHODS, gas.calls);
  }
  remove(): void {
    const i = this.gas.ss.metadata.indexOf(this);
    if (i >= 0) this.gas.ss.metadata.splice(i, 1);
  }
}

export interface FakeRuleSpec {
  ranges: string[];
  gradient?: {
    min?: string;
    /** setGradientMinpointWithValue: the interpolation and value of the minimum. */
    minValue?: { type: unknown; value: string };
    mid?: { color: string; type: unknown; value: string };
    max?: string;
  };
  textEqualTo?: string;
  background?: string;
  fontColor?: string;
}

export interface FakeChartSpec {
  type?: unknown;
  ranges: string[];
  numHeaders?: number;
  hiddenStrategy?: unknown;
  position?: [number, number, number, number];
  options: Record<string, unknown>;
}

/** Rows and columns of a new sheet. */
export const NEW_SHEET_ROWS = 1000;
export const NEW_SHEET_COLS = 26;
/** The most cells a spreadsheet holds, and what Sheets says to an insert beyond it. */
export const CELL_LIMIT = 10_000_000;
export const CELL_LIMIT_MESSAGE =
  'This action would increase the number of cells in the workbook above the limit of 10000000 cells.';

export class FakeSheet {
  name: string;
  readonly id: number;
  cells: (FakeCell | undefined)[][] = [];
  maxRows = NEW_SHEET_ROWS;
  maxCols = NEW_SHEET_COLS;
  frozenRows = 0;
  frozenCols = 0;
  columnWidths = new Map<number, number>();
  hiddenColumns = new Set<number>();
  rules: FakeRuleSpec[] = [];
  charts: FakeChartSpec[] = [];

  constructor(
    readonly gas: FakeGas,
    name: string,
    id: number,
  ) {
    this.name = name;
    this.id = id;
  }

  cell(r: number, c: number): FakeCell | undefined {
    return this.cells[r - 1]?.[c - 1];
  }

  put(r: number, c: number, cell: FakeCell): void {
    const row = (this.cells[r - 1] ??= []);
    row[c - 1] = { ...row[c - 1], ...cell };
    this.gas.ss.touch();
  }

  /** Rewrite every formula of the sheet (another sheet was deleted or renamed). */
  rewriteFormulas(f: (formula: string) => string): void {
    for (const row of this.cells) for (const x of row ?? []) if (x?.formula) x.formula = f(x.formula);
    this.gas.ss.touch();
  }

  /** Test helper: load raw cell values (strings stay text) at A1, growing the sheet as needed. */
  load(
    values: readonly (readonly unknown[])[],
    formats?: readonly (readonly (string | null | undefined)[])[],
  ): void {
    this.cells = [];
    let width = 0;
    values.forEach((row, i) => {
      width = Math.max(width, row.length);
      this.cells[i] = row.map((v, j) => {
        const value = v === null || v === undefined ? '' : (v as Value);
        const fmt = formats?.[i]?.[j] ?? undefined;
        return { value, ...(fmt ? { format: fmt } : {}) };
      });
    });
    this.maxRows = Math.max(this.maxRows, values.length);
    this.maxCols = Math.max(this.maxCols, width);
    this.gas.ss.touch();
  }

  lastRow(): number {
    for (let r = this.cells.length; r >= 1; r--) {
      const row = this.cells[r - 1];
      if (row && row.some((c) => c && (c.value !== '' || c.formula))) return r;
    }
    return 0;
  }

  lastCol(): number {
    let w = 0;
    for (const row of this.cells) {
      if (!row) continue;
      for (let c = row.length; c > w; c--) {
        const x = row[c - 1];
        if (x && (x.value !== '' || x.formula)) {
          w = c;
          break;
        }
      }
    }
    return w;
  }

  /** Test helper: what getValue() answers for a cell (a formula's calculated value), without a call. */
  valueAt(r: number, c: number): Value {
    return new FakeRange(this.gas, this, r, c, 1, 1).getValues()[0][0];
  }

  /** Test helper: values (formula cells as their formula) of a block, 1-based. */
  grid(r = 1, c = 1, nr = this.lastRow(), nc = this.lastCol()): unknown[][] {
    const out: unknown[][] = [];
    for (let i = 0; i < nr; i++) {
      const row: unknown[] = [];
      for (let j = 0; j < nc; j++) {
        const x = this.cell(r + i, c + j);
        row.push(x?.formula ?? x?.value ?? '');
      }
      out.push(row);
    }
    return out;
  }

  // ----- Sheet methods (script-facing) -----
  getName(): string {
    return this.name;
  }
  setName(name: string): unknown {
    if (typeof name !== 'string' || name.trim() === '') throw new Error('Invalid sheet name.');
    if (name.length > 100) throw new Error('Sheet names can be at most 100 characters.');
    const clash = this.gas.ss.sheets.find((s) => s !== this && s.name.toLowerCase() === name.toLowerCase());
    if (clash) throw new Error(`A sheet with the name "${name}" already exists. Please enter another name.`);
    const from = this.name;
    this.name = name;
    for (const s of this.gas.ss.sheets) s.rewriteFormulas((f) => refOnRename(f, from, name));
    return this.gas.wrapSheet(this);
  }
  getSheetId(): number {
    return this.id;
  }
  getIndex(): number {
    return this.gas.ss.sheets.indexOf(this) + 1;
  }
  getParent(): unknown {
    return this.gas.wrapSpreadsheet();
  }
  getRange(a: string | number, b?: number, c?: number, d?: number): unknown {
    if (typeof a === 'string') {
      const p = parseA1(a);
      return this.gas.wrapRange(this, p.r, p.c, p.nr, p.nc);
    }
    return this.gas.wrapRange(this, a, b ?? NaN, c ?? 1, d ?? 1);
  }
  getRangeList(a1s: string[]): unknown {
    if (!Array.isArray(a1s) || a1s.length === 0)
      throw new Error('getRangeList: a non-empty list of A1 notations');
    const ranges = a1s.map((a) => {
      const p = parseA1(a);
      return new FakeRange(this.gas, this, p.r, p.c, p.nr, p.nc);
    });
    const gas = this.gas;
    const list = {
      ranges,
      getRanges: () => ranges.map((r) => gas.wrapRange(r.sheet, r.r, r.c, r.nr, r.nc)),
      setNumberFormat: (fmt: string) => {
        if (typeof fmt !== 'string') throw new Error('setNumberFormat: a format string');
        for (const r of ranges)
          for (let i = 0; i < r.nr; i++)
            for (let j = 0; j < r.nc; j++)
              this.put(r.r + i, r.c + j, { value: this.cell(r.r + i, r.c + j)?.value ?? '', format: fmt });
        return proxy;
      },
    };
    const proxy: unknown = guard(list, 'RangeList', RANGE_LIST_METHODS, gas.calls);
    return proxy;
  }
  getDataRange(): unknown {
    return this.gas.wrapRange(this, 1, 1, Math.max(1, this.lastRow()), Math.max(1, this.lastCol()));
  }
  getLastRow(): number {
    return this.lastRow();
  }
  getLastColumn(): number {
    return this.lastCol();
  }
  getMaxRows(): number {
    return this.maxRows;
  }
  getMaxColumns(): number {
    return this.maxCols;
  }
  insertRowsAfter(after: number, n: number): unknown {
    if (!(after >= 1 && after <= this.maxRows && n >= 1))
      throw new Error('insertRowsAfter: invalid arguments');
    this.gas.ss.ensureRoom(n * this.maxCols);
    this.cells.splice(
      after,
      0,
      ...Array.from({ length: Math.min(n, Math.max(0, this.cells.length - after)) }, () => []),
    );
    this.maxRows += n;
    this.gas.ss.touch();
    return this.gas.wrapSheet(this);
  }
  insertColumnsAfter(after: number, n: number): unknown {
    if (!(after >= 1 && after <= this.maxCols && n >= 1))
      throw new Error('insertColumnsAfter: invalid arguments');
    this.gas.ss.ensureRoom(n * this.maxRows);
    this.maxCols += n;
    return this.gas.wrapSheet(this);
  }
  clear(options?: unknown): unknown {
    if (options !== undefined) throw new Error('fake Sheet.clear: options are not faked');
    this.cells = [];
    this.gas.ss.touch();
    return this.gas.wrapSheet(this);
  }
  clearConditionalFormatRules(): void {
    this.rules = [];
  }
  removeChart(chart: unknown): void {
    const c = raw(chart) as FakeChart;
    const i = c instanceof FakeChart ? this.charts.indexOf(c.spec) : -1;
    if (i < 0) throw new Error('removeChart: not a chart of this sheet');
    this.charts.splice(i, 1);
  }
  showColumns(col: number, n = 1): void {
    if (!(col >= 1 && n >= 1 && col + n - 1 <= this.maxCols)) throw new Error('showColumns: out of range');
    for (let i = 0; i < n; i++) this.hiddenColumns.delete(col + i);
  }
  setColumnWidth(col: number, px: number): unknown {
    if (!(col >= 1 && col <= this.maxCols)) throw new Error('setColumnWidth: column out of range');
    this.columnWidths.set(col, px);
    return this.gas.wrapSheet(this);
  }
  setColumnWidths(col: number, n: number, px: number): unknown {
    if (!(col >= 1 && n >= 1 && col + n - 1 <= this.maxCols))
      throw new Error('setColumnWidths: columns out of range');
    for (let i = 0; i < n; i++) this.columnWidths.set(col + i, px);
    return this.gas.wrapSheet(this);
  }
  getColumnWidth(col: number): number {
    return this.columnWidths.get(col) ?? 100;
  }
  setFrozenRows(n: number): void {
    this.frozenRows = n;
  }
  setFrozenColumns(n: number): void {
    this.frozenCols = n;
  }
  getFrozenRows(): number {
    return this.frozenRows;
  }
  getFrozenColumns(): number {
    return this.frozenCols;
  }
  setConditionalFormatRules(rules: unknown[]): void {
    this.rules = rules.map((r) => (raw(r) as FakeRule).spec);
  }
  getConditionalFormatRules(): unknown[] {
    return this.rules.map((spec) =>
      guard(new FakeRule(spec, this), 'ConditionalFormatRule', CF_RULE_METHODS, this.gas.calls),
    );
  }
  newChart(): unknown {
    const b = new FakeChartBuilder(this.gas.calls);
    return b.bind(guard(b, 'EmbeddedChartBuilder', CHART_BUILDER_METHODS, this.gas.calls)).proxy;
  }
  insertChart(chart: unknown): void {
    const c = raw(chart) as FakeChart;
    if (!(c instanceof FakeChart)) throw new Error('insertChart: not an EmbeddedChart');
    this.charts.push(c.spec);
  }
  getCharts(): unknown[] {
    return this.charts.map((spec) =>
      guard(new FakeChart(spec), 'EmbeddedChart', CHART_METHODS, this.gas.calls),
    );
  }
  deleteColumns(col: number, n: number): unknown {
    if (!(Number.isInteger(col) && Number.isInteger(n) && col >= 1 && n >= 1 && col + n - 1 <= this.maxCols))
      throw new Error('Those columns are out of bounds.');
    if (n >= this.maxCols) throw new Error("You can't delete all the columns on the sheet.");
    for (const row of this.cells) row?.splice(col - 1, n);
    const moved = (c: number): number => (c >= col + n ? c - n : c);
    this.columnWidths = new Map(
      [...this.columnWidths].filter(([c]) => c < col || c >= col + n).map(([c, w]) => [moved(c), w]),
    );
    this.hiddenColumns = new Set([...this.hiddenColumns].filter((c) => c < col || c >= col + n).map(moved));
    this.maxCols -= n;
    this.gas.ss.touch();
    return this.gas.wrapSheet(this);
  }
  hideColumns(col: number, n = 1): void {
    if (!(col >= 1 && col + n - 1 <= this.maxCols)) throw new Error('hideColumns: out of range');
    for (let i = 0; i < n; i++) this.hiddenColumns.add(col + i);
  }
  isColumnHiddenByUser(col: number): boolean {
    return this.hiddenColumns.has(col);
  }
  addDeveloperMetadata(key: string, value?: string): unknown {
    this.gas.ss.metadata.push(new FakeMetadata(this.gas, key, value ?? null, this));
    return this.gas.wrapSheet(this);
  }
  activate(): unknown {
    this.gas.ss.active = this;
    return this.gas.wrapSheet(this);
  }
}

export class FakeRange {
  constructor(
    readonly gas: FakeGas,
    readonly sheet: FakeSheet,
    readonly r: number,
    readonly c: number,
    readonly nr: number,
    readonly nc: number,
  ) {
    const ok = [r, c, nr, nc].every((x) => Number.isInteger(x)) && r >= 1 && c >= 1 && nr >= 1 && nc >= 1;
    if (!ok) throw new Error('The coordinates or dimensions of the range are invalid.');
    if (r + nr - 1 > sheet.maxRows || c + nc - 1 > sheet.maxCols)
      throw new Error('The coordinates of the range are outside the dimensions of the sheet.');
  }

  /** `f` of each cell, with its 0-based row and column on the sheet. */
  private map<T>(f: (cell: FakeCell | undefined, r: number, c: number) => T): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < this.nr; i++) {
      const row: T[] = new Array(this.nc);
      const r = this.r - 1 + i;
      const src = this.sheet.cells[r];
      for (let j = 0; j < this.nc; j++) row[j] = f(src?.[this.c - 1 + j], r, this.c - 1 + j);
      out.push(row);
    }
    return out;
  }

  private checkGrid(name: string, grid: unknown): unknown[][] {
    if (!Array.isArray(grid) || grid.length !== this.nr)
      throw new Error(
        `${name}: The number of rows in the data does not match the number of rows in the range. The data has ${Array.isArray(grid) ? grid.length : 0} but the range has ${this.nr}.`,
      );
    for (const row of grid) {
      if (!Array.isArray(row) || row.length !== this.nc)
        throw new Error(
          `${name}: The number of columns in the data does not match the number of columns in the range. The data has ${Array.isArray(row) ? row.length : 0} but the range has ${this.nc}.`,
        );
    }
    return grid as unknown[][];
  }

  private write(grid: unknown[][], f: (r: number, c: number, v: unknown) => void): void {
    for (let i = 0; i < this.nr; i++) for (let j = 0; j < this.nc; j++) f(this.r + i, this.c + j, grid[i][j]);
  }

  /** Constants as stored; formula cells calculated (only when the range has one: see the header). */
  getValues(): Value[][] {
    const ss = this.gas.ss;
    let calc: Map<string, CalcValue> | null = null;
    return this.map((x, r, c) => {
      if (!x) return '';
      if (x.formula) {
        calc ??= ss.calculated(this.sheet);
        return formulaResult(calc.get(`${r},${c}`), x.format, ss.timeZone);
      }
      return x.value instanceof Date ? new Date(x.value.getTime()) : x.value;
    });
  }
  getValue(): Value {
    return this.getValues()[0][0];
  }
  getFormulas(): string[][] {
    return this.map((x) => x?.formula ?? '');
  }
  getNumberFormats(): string[][] {
    return this.map((x) => x?.format ?? '0.###############');
  }
  getBackgrounds(): string[][] {
    return this.map((x) => x?.background ?? '#ffffff');
  }
  getTextStyles(): unknown[][] {
    return this.map((x) =>
      guard(
        x?.textStyle ?? new FakeTextStyle(false, false, 10, '#000000'),
        'TextStyle',
        TEXT_STYLE_METHODS,
        this.gas.calls,
      ),
    );
  }
  setValues(values: unknown[][]): unknown {
    const grid = this.checkGrid('setValues', values);
    const tz = this.gas.ss.timeZone;
    this.write(grid, (r, c, v) => {
      const cell = parseInput(v, tz);
      const old = this.sheet.cell(r, c);
      this.sheet.put(r, c, { ...cell, formula: cell.formula, format: old?.format });
    });
    return this.gas.wrapRange(this.sheet, this.r, this.c, this.nr, this.nc);
  }
  setValue(value: unknown): unknown {
    return this.setValues(Array.from({ length: this.nr }, () => new Array(this.nc).fill(value)));
  }
  setNumberFormats(formats: unknown[][]): unknown {
    const grid = this.checkGrid('setNumberFormats', formats);
    this.write(grid, (r, c, v) => {
      if (typeof v !== 'string') throw new Error('setNumberFormats: formats must be strings');
      this.sheet.put(r, c, { value: this.sheet.cell(r, c)?.value ?? '', format: v });
    });
    return this.gas.wrapRange(this.sheet, this.r, this.c, this.nr, this.nc);
  }
  setTextStyles(styles: unknown[][]): unknown {
    const grid = this.checkGrid('setTextStyles', styles);
    this.write(grid, (r, c, v) => {
      const ts = raw(v) as FakeTextStyle;
      if (!(ts instanceof FakeTextStyle)) throw new Error('setTextStyles: every entry must be a TextStyle');
      this.sheet.put(r, c, { value: this.sheet.cell(r, c)?.value ?? '', textStyle: ts });
    });
    return this.gas.wrapRange(this.sheet, this.r, this.c, this.nr, this.nc);
  }
  setHorizontalAlignments(alignments: unknown[][]): unknown {
    const grid = this.checkGrid('setHorizontalAlignments', alignments);
    this.write(grid, (r, c, v) => {
      if (v !== null && !['left', 'center', 'right', 'normal'].includes(v as string))
        throw new Error(`setHorizontalAlignments: invalid alignment ${String(v)}`);
      this.sheet.put(r, c, {
        value: this.sheet.cell(r, c)?.value ?? '',
        hAlign: (v as string | null) ?? 'normal',
      });
    });
    return this.gas.wrapRange(this.sheet, this.r, this.c, this.nr, this.nc);
  }
  setWrapStrategies(strategies: unknown[][]): unknown {
    const grid = this.checkGrid('setWrapStrategies', strategies);
    this.write(grid, (r, c, v) => {
      if (typeof v !== 'string' || !v.startsWith('WrapStrategy.'))
        throw new Error('setWrapStrategies: every entry must be a WrapStrategy');
      this.sheet.put(r, c, { value: this.sheet.cell(r, c)?.value ?? '', wrap: v });
    });
    return this.gas.wrapRange(this.sheet, this.r, this.c, this.nr, this.nc);
  }
  setBackgrounds(colors: unknown[][]): unknown {
    const grid = this.checkGrid('setBackgrounds', colors);
    this.write(grid, (r, c, v) => {
      if (v !== null && typeof v !== 'string')
        throw new Error('setBackgrounds: colors must be strings or null');
      this.sheet.put(r, c, { value: this.sheet.cell(r, c)?.value ?? '', background: v as string | null });
    });
    return this.gas.wrapRange(this.sheet, this.r, this.c, this.nr, this.nc);
  }
  getA1Notation(): string {
    const tl = `${colName(this.c)}${this.r}`;
    return this.nr === 1 && this.nc === 1
      ? tl
      : `${tl}:${colName(this.c + this.nc - 1)}${this.r + this.nr - 1}`;
  }
  getSheet(): unknown {
    return this.gas.wrapSheet(this.sheet);
  }
  getRow(): number {
    return this.r;
  }
  getColumn(): number {
    return this.c;
  }
  getNumRows(): number {
    return this.nr;
  }
  getNumColumns(): number {
    return this.nc;
  }
  activate(): unknown {
    this.gas.ss.active = this.sheet;
    this.gas.ss.selection = this.getA1Notation();
    return this.gas.wrapRange(this.sheet, this.r, this.c, this.nr, this.nc);
  }
}

class FakeRule {
  constructor(
    readonly spec: FakeRuleSpec,
    readonly sheet?: FakeSheet,
  ) {}
  getRanges(): unknown[] {
    if (!this.sheet) return [];
    return this.spec.ranges.map((a) => this.sheet!.getRange(a));
  }
}

class FakeRuleBuilder {
  spec: FakeRuleSpec = { ranges: [] };
  constructor(
    private readonly self: () => unknown,
    private readonly log: CallLog,
  ) {}
  setRanges(ranges: unknown[]): unknown {
    this.spec.ranges = ranges.map((r) => {
      const x = raw(r) as FakeRange;
      if (!(x instanceof FakeRange)) throw new Error('setRanges: not a Range');
      return x.getA1Notation();
    });
    return this.self();
  }
  setGradientMinpoint(color: string): unknown {
    (this.spec.gradient ??= {}).min = color;
    return this.self();
  }
  setGradientMinpointWithValue(color: string, type: unknown, value: string): unknown {
    if (typeof value !== 'string') throw new Error('setGradientMinpointWithValue: value must be a string');
    const g = (this.spec.gradient ??= {});
    g.min = color;
    g.minValue = { type, value };
    return this.self();
  }
  setGradientMidpointWithValue(color: string, type: unknown, value: string): unknown {
    if (typeof value !== 'string') throw new Error('setGradientMidpointWithValue: value must be a string');
    (this.spec.gradient ??= {}).mid = { color, type, value };
    return this.self();
  }
  setGradientMaxpoint(color: string): unknown {
    (this.spec.gradient ??= {}).max = color;
    return this.self();
  }
  whenTextEqualTo(text: string): unknown {
    this.spec.textEqualTo = text;
    return this.self();
  }
  setBackground(color: string): unknown {
    this.spec.background = color;
    return this.self();
  }
  setFontColor(color: string): unknown {
    this.spec.fontColor = color;
    return this.self();
  }
  build(): unknown {
    if (!this.spec.ranges.length) throw new Error('A conditional format rule needs at least one range.');
    if (this.spec.gradient && this.spec.textEqualTo !== undefined)
      throw new Error('A conditional format rule cannot be both a gradient and a boolean rule.');
    return guard(new FakeRule({ ...this.spec }), 'ConditionalFormatRule', CF_RULE_METHODS, this.log);
  }
}

class FakeChart {
  constructor(readonly spec: FakeChartSpec) {}
  getRanges(): string[] {
    return this.spec.ranges;
  }
  getOptions(): Record<string, unknown> {
    return this.spec.options;
  }
}

/** The per-series options of Google Charts that Sheets' embedded charts take (series.N.*). */
const SERIES_OPTIONS: Record<string, (v: unknown) => boolean> = {
  type: (v) => ['line', 'area', 'bars', 'candlesticks', 'steppedArea'].includes(v as string),
  color: (v) => typeof v === 'string' && v !== '',
  lineWidth: (v) => typeof v === 'number' && v >= 0,
  pointSize: (v) => typeof v === 'number' && v >= 0,
  lineDashStyle: (v) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && x > 0),
  targetAxisIndex: (v) => v === 0 || v === 1,
  visibleInLegend: (v) => typeof v === 'boolean',
  labelInLegend: (v) => typeof v === 'string',
};

/** `series` must map series indexes to known options with valid values (a typo would be ignored by Sheets). */
function checkSeriesOptions(value: unknown): void {
  if (typeof value !== 'object' || value === null) throw new Error('The series option takes an object');
  for (const [k, o] of Object.entries(value)) {
    if (!/^\d+$/.test(k)) throw new Error(`series option key ${k} is not a series index`);
    for (const [name, v] of Object.entries(o as object)) {
      const ok = SERIES_OPTIONS[name];
      if (!ok) throw new Error(`Unknown series option ${name}`);
      if (!ok(v)) throw new Error(`Invalid series option ${name}: ${JSON.stringify(v)}`);
    }
  }
}

class FakeChartBuilder {
  spec: FakeChartSpec = { ranges: [], options: {} };
  proxy: unknown = null;
  constructor(private readonly log: CallLog) {}
  bind(proxy: unknown): this {
    this.proxy = proxy;
    return this;
  }
  private me(): unknown {
    return this.proxy;
  }
  setChartType(type: unknown): unknown {
    this.spec.type = type;
    return this.me();
  }
  addRange(range: unknown): unknown {
    const x = raw(range) as FakeRange;
    if (!(x instanceof FakeRange)) throw new Error('addRange: not a Range');
    this.spec.ranges.push(x.getA1Notation());
    return this.me();
  }
  setNumHeaders(n: number): unknown {
    this.spec.numHeaders = n;
    return this.me();
  }
  setHiddenDimensionStrategy(s: unknown): unknown {
    this.spec.hiddenStrategy = s;
    return this.me();
  }
  setMergeStrategy(): unknown {
    return this.me();
  }
  setPosition(row: number, col: number, ox: number, oy: number): unknown {
    this.spec.position = [row, col, ox, oy];
    return this.me();
  }
  setOption(key: string, value: unknown): unknown {
    if (key === 'series') checkSeriesOptions(value);
    if (key === 'isStacked' && ![true, false, 'percent', 'relative', 'absolute'].includes(value as string))
      throw new Error(`Invalid isStacked option ${JSON.stringify(value)}`);
    this.spec.options[key] = value;
    return this.me();
  }
  build(): unknown {
    if (!this.spec.type) throw new Error('A chart needs a chart type.');
    if (!this.spec.ranges.length) throw new Error('A chart needs at least one range.');
    return guard(
      new FakeChart({ ...this.spec, options: { ...this.spec.options } }),
      'EmbeddedChart',
      CHART_METHODS,
      this.log,
    );
  }
}

export class FakeSpreadsheet {
  sheets: FakeSheet[] = [];
  active: FakeSheet | null = null;
  selection: string | null = null;
  metadata: FakeMetadata[] = [];
  namedRanges = new Map<string, { sheet: FakeSheet; a1: string }>();
  toasts: { msg: string; title?: string; timeout?: number | null }[] = [];
  nextId = 1000;
  /** Bumped by every write: a calculation holds for one version. */
  version = 0;
  /** Calculations made so far (to show that reading plain cells makes none). */
  calculations = 0;
  private calc = { version: -1, bySheet: new Map<FakeSheet, Map<string, CalcValue>>() };
  constructor(
    readonly gas: FakeGas,
    public timeZone: string,
    public locale: string,
  ) {}

  touch(): void {
    this.version++;
  }

  /** Cells of every sheet (max rows × max columns): what the spreadsheet's cell limit counts. */
  cellCount(): number {
    return this.sheets.reduce((n, s) => n + s.maxRows * s.maxCols, 0);
  }

  /** Refuse, as Sheets does, an insert that would take the spreadsheet over CELL_LIMIT cells. */
  ensureRoom(added: number): void {
    if (this.cellCount() + added > CELL_LIMIT) throw new Error(CELL_LIMIT_MESSAGE);
  }

  /** The values of `sheet`'s formula cells ("r,c", 0-based), calculated on first need after a write. */
  calculated(sheet: FakeSheet): Map<string, CalcValue> {
    if (this.calc.version !== this.version) this.calc = { version: this.version, bySheet: new Map() };
    const hit = this.calc.bySheet.get(sheet);
    if (hit) return hit;
    // Only the sheets it depends on: the others' formulas cannot change its values.
    const group = dependencies(sheet, this.sheets);
    const values = calculateSheets(group.map((s) => calcSheet(s, this.timeZone)));
    this.calculations++;
    group.forEach((s, i) => this.calc.bySheet.set(s, values[i]));
    return values[0];
  }

  /** Test helper: a sheet by name (the fake, not the proxy). */
  sheet(name: string): FakeSheet {
    const s = this.sheets.find((x) => x.name === name);
    if (!s) throw new Error(`no sheet "${name}" (have: ${this.sheets.map((x) => x.name).join(', ')})`);
    return s;
  }

  /** Test helper: add a sheet with raw values. */
  addSheet(
    name: string,
    values: readonly (readonly unknown[])[] = [],
    formats?: readonly (readonly (string | null | undefined)[])[],
  ): FakeSheet {
    const s = new FakeSheet(this.gas, name, this.nextId++);
    s.load(values, formats);
    this.sheets.push(s);
    this.active ??= s;
    return s;
  }

  /** Test helper: the kinds of the sheets marked ours, by sheet name. */
  metadataOf(sheet: FakeSheet): Record<string, string | null> {
    return Object.fromEntries(this.metadata.filter((m) => m.sheet === sheet).map((m) => [m.key, m.value]));
  }

  getId(): string {
    return 'fake-spreadsheet-id';
  }
  getName(): string {
    return 'Fake spreadsheet';
  }
  getSheets(): unknown[] {
    return this.sheets.map((s) => this.gas.wrapSheet(s));
  }
  getNumSheets(): number {
    return this.sheets.length;
  }
  getSheetByName(name: string): unknown {
    const s = this.sheets.find((x) => x.name === name);
    return s ? this.gas.wrapSheet(s) : null;
  }
  getSheetById(id: number): unknown {
    const s = this.sheets.find((x) => x.id === id);
    return s ? this.gas.wrapSheet(s) : null;
  }
  insertSheet(name?: string, index?: number): unknown {
    const n = name ?? `Sheet${this.sheets.length + 1}`;
    if (this.sheets.some((s) => s.name.toLowerCase() === n.toLowerCase()))
      throw new Error(`A sheet with the name "${n}" already exists. Please enter another name.`);
    this.ensureRoom(NEW_SHEET_ROWS * NEW_SHEET_COLS);
    const s = new FakeSheet(this.gas, n, this.nextId++);
    const at = index === undefined ? this.sheets.length : index;
    if (!(at >= 0 && at <= this.sheets.length)) throw new Error('insertSheet: index out of range');
    this.sheets.splice(at, 0, s);
    this.active = s;
    this.touch();
    return this.gas.wrapSheet(s);
  }
  deleteSheet(sheet: unknown): void {
    const s = raw(sheet) as FakeSheet;
    const i = this.sheets.indexOf(s);
    if (i < 0) throw new Error('deleteSheet: no such sheet');
    if (this.sheets.length === 1) throw new Error("You can't remove all the sheets in a document.");
    this.sheets.splice(i, 1);
    this.metadata = this.metadata.filter((m) => m.sheet !== s);
    // Every reference to it is lost for good: a sheet that later takes the name does not repair it.
    for (const other of this.sheets) other.rewriteFormulas((f) => refOnDelete(f, s.name));
    if (this.active === s) this.active = this.sheets[0];
  }
  getActiveSheet(): unknown {
    return this.active ? this.gas.wrapSheet(this.active) : null;
  }
  setActiveSheet(sheet: unknown): unknown {
    this.active = raw(sheet) as FakeSheet;
    return sheet;
  }
  getSpreadsheetTimeZone(): string {
    return this.timeZone;
  }
  getSpreadsheetLocale(): string {
    return this.locale;
  }
  getNamedRanges(): unknown[] {
    return [...this.namedRanges].map(([name, { sheet, a1 }]) =>
      guard(
        { getName: () => name, getRange: () => sheet.getRange(a1) },
        'NamedRange',
        NAMED_RANGE_METHODS,
        this.gas.calls,
      ),
    );
  }
  getRangeByName(name: string): unknown {
    const nr = this.namedRanges.get(name);
    return nr ? nr.sheet.getRange(nr.a1) : null;
  }
  createDeveloperMetadataFinder(): unknown {
    const gas = this.gas;
    let key: string | null = null;
    let value: string | null = null;
    const finder = {
      withKey(k: string): unknown {
        key = k;
        return proxy;
      },
      withValue(v: string): unknown {
        value = v;
        return proxy;
      },
      find(): unknown[] {
        return gas.ss.metadata
          .filter((m) => (key === null || m.key === key) && (value === null || m.value === value))
          .map((m) => guard(m, 'DeveloperMetadata', METADATA_METHODS, gas.calls));
      },
    };
    const proxy = guard(finder, 'DeveloperMetadataFinder', FINDER_METHODS, gas.calls);
    return proxy;
  }
  toast(msg: string, title?: string, timeout?: number | null): void {
    this.toasts.push({ msg, title, timeout });
  }
}

// ---------------------------------------------------------------------------------------------
// The services
// ---------------------------------------------------------------------------------------------

export interface FakeGasOptions {
  timeZone?: string;
  locale?: string;
  /** Session.getScriptTimeZone (appsscript.json timeZone). */
  scriptTimeZone?: string;
  /** HTML files the project has, by name without ".html" (HtmlService.createHtmlOutputFromFile). */
  htmlFiles?: Record<string, string>;
  /** Latencies of the simulated host (LATENCY, with these changes). */
  latency?: Partial<Latency>;
}

/** An entry of a fake cache; `expires` in ms of `FakeGas.now()`. */
export interface FakeCacheEntry {
  value: string;
  expires: number;
}

/** Cache limits of Apps Script (Cache reference): key length, value size, expiration. */
export const CACHE_LIMITS = { keyChars: 250, valueBytes: 100 * 1024, minSeconds: 1, maxSeconds: 21_600 };

export interface UiRecord {
  menus: { items: ({ caption: string; fn: string } | '---')[]; added: boolean }[];
  alerts: unknown[][];
  sidebars: { title: string; content: string }[];
}

export class FakeGas {
  readonly calls = new CallLog();
  /** The simulated clock: executions, their time and the kill (see Meter). */
  readonly meter: Meter;
  /** Session.getTemporaryActiveUserKey(): who is calling (another editor: another key). */
  userKey = 'user-1';
  readonly ss: FakeSpreadsheet;
  readonly ui: UiRecord = { menus: [], alerts: [], sidebars: [] };
  /** The document lock: held by someone else when `heldByOther` is true. */
  readonly lock = { heldByOther: false, heldByUs: false, tries: [] as number[] };
  readonly properties = new Map<string, Map<string, string>>();
  /** The caches by scope ("user", "script", "document"). */
  readonly caches = new Map<string, Map<string, FakeCacheEntry>>();
  /** Every Cache.put, in order (scope, key, value, expiration in seconds). */
  readonly cachePuts: { scope: string; key: string; value: string; seconds: number }[] = [];
  /** Test hook: called after each Cache.put (e.g. to act while a long call runs). */
  onCachePut: ((put: { scope: string; key: string; value: string }) => void) | null = null;
  /** The clock of the caches' expiry (ms): the simulated clock unless a test sets its own. */
  now: () => number = () => this.meter.now;
  readonly globals: Record<string, unknown>;
  private readonly sheetProxies = new WeakMap<FakeSheet, unknown>();

  constructor(readonly options: FakeGasOptions = {}) {
    this.meter = new Meter({ ...LATENCY, ...options.latency });
    this.calls.meter = this.meter;
    this.ss = new FakeSpreadsheet(this, options.timeZone ?? 'Etc/UTC', options.locale ?? 'en_US');
    this.globals = { ...this.makeGlobals(this), Date: simulatedDate(this.meter) };
  }

  /**
   * Run `fn` (a call of one of the add-on's top-level functions) as one Apps Script execution: timed by the
   * meter, killed with "Exceeded maximum execution time" past the limit, its lock released at its end.
   */
  execute<T>(fn: () => T): T {
    return this.meter.execute(fn, () => void (this.lock.heldByUs = false));
  }

  /** The context of the add-on's files: the services, the simulated Date, console. */
  context(): vm.Context {
    return vm.createContext({ ...this.globals, console });
  }

  /**
   * The add-on's files (Code.js, custom-functions.js) loaded into a context as Apps Script loads a project,
   * each of `entryPoints` (the top-level functions Apps Script calls) running as one execution.
   */
  load(files: { code: string; filename: string }[], entryPoints: readonly string[]): vm.Context {
    const ctx = this.context();
    for (const f of files) vm.runInContext(f.code, ctx, { filename: f.filename });
    for (const name of entryPoints) {
      const fn = ctx[name] as ((...a: unknown[]) => unknown) | undefined;
      if (typeof fn === 'function') ctx[name] = (...a: unknown[]) => this.execute(() => fn(...a));
    }
    return ctx;
  }

  wrapSpreadsheet(): unknown {
    return guard(this.ss, 'Spreadsheet', SPREADSHEET_METHODS, this.calls);
  }

  wrapSheet(s: FakeSheet): unknown {
    let p = this.sheetProxies.get(s);
    if (!p) {
      p = guard(s, 'Sheet', SHEET_METHODS, this.calls);
      this.sheetProxies.set(s, p);
    }
    return p;
  }

  wrapRange(s: FakeSheet, r: number, c: number, nr: number, nc: number): unknown {
    return guard(new FakeRange(this, s, r, c, nr, nc), 'Range', RANGE_METHODS, this.calls);
  }

  private makeGlobals(gas: FakeGas): Record<string, unknown> {
    const log = gas.calls;

    const textStyleBuilder = (): unknown => {
      const st: {
        bold: boolean | null;
        italic: boolean | null;
        size: number | null;
        color: string | null;
        family: string | null;
      } = { bold: null, italic: null, size: null, color: null, family: null };
      const b = {
        setFontFamily: (v: string) => ((st.family = v), proxy),
        setBold: (v: boolean) => ((st.bold = v), proxy),
        setItalic: (v: boolean) => ((st.italic = v), proxy),
        setFontSize: (v: number) => ((st.size = v), proxy),
        setForegroundColor: (v: string) => ((st.color = v), proxy),
        build: () =>
          guard(
            new FakeTextStyle(st.bold, st.italic, st.size, st.color, st.family),
            'TextStyle',
            TEXT_STYLE_METHODS,
            log,
          ),
      };
      const proxy: unknown = guard(b, 'TextStyleBuilder', TEXT_STYLE_BUILDER_METHODS, log);
      return proxy;
    };

    const InterpolationType = enumOf('InterpolationType', ['NUMBER', 'PERCENT', 'PERCENTILE', 'MIN', 'MAX']);
    const WrapStrategy = enumOf('WrapStrategy', ['WRAP', 'OVERFLOW', 'CLIP']);
    const spreadsheetApp = guard(
      {
        getActive: () => gas.wrapSpreadsheet(),
        getActiveSpreadsheet: () => gas.wrapSpreadsheet(),
        getUi: () => ui,
        newConditionalFormatRule: () => {
          let proxy: unknown = null;
          const b = new FakeRuleBuilder(() => proxy, log);
          proxy = guard(b, 'ConditionalFormatRuleBuilder', CF_BUILDER_METHODS, log);
          return proxy;
        },
        newTextStyle: textStyleBuilder,
        flush: () => undefined,
      },
      'SpreadsheetApp',
      SPREADSHEET_APP_METHODS,
      log,
      { InterpolationType, WrapStrategy },
    );

    const ButtonSet = enumOf('ButtonSet', ['OK', 'OK_CANCEL', 'YES_NO', 'YES_NO_CANCEL']);
    const Button = enumOf('Button', ['CLOSE', 'OK', 'CANCEL', 'YES', 'NO']);
    const ui = guard(
      {
        createAddonMenu: () => {
          const menu = { items: [] as ({ caption: string; fn: string } | '---')[], added: false };
          gas.ui.menus.push(menu);
          const m = {
            addItem: (caption: string, fn: string) => {
              if (typeof caption !== 'string' || typeof fn !== 'string')
                throw new Error('addItem(caption, functionName)');
              menu.items.push({ caption, fn });
              return proxy;
            },
            addSeparator: () => (menu.items.push('---'), proxy),
            addToUi: () => void (menu.added = true),
          };
          const proxy: unknown = guard(m, 'Menu', MENU_METHODS, log);
          return proxy;
        },
        alert: (...args: unknown[]) => {
          gas.ui.alerts.push(args);
          return Button.OK;
        },
        showSidebar: (out: unknown) => {
          const o = raw(out) as { title: string; content: string };
          gas.ui.sidebars.push({ title: o.title, content: o.content });
        },
      },
      'Ui',
      UI_METHODS,
      log,
      { ButtonSet, Button },
    );

    const htmlOutput = (content: string): unknown => {
      const o = {
        title: '',
        content,
        width: 300,
        setTitle(t: string) {
          o.title = t;
          return proxy;
        },
        getTitle: () => o.title,
        getContent: () => o.content,
        setWidth(w: number) {
          o.width = w;
          return proxy;
        },
      };
      const proxy: unknown = guard(o, 'HtmlOutput', HTML_OUTPUT_METHODS, log);
      return proxy;
    };
    const file = (name: string): string => {
      const f = gas.options.htmlFiles?.[name.replace(/\.html$/, '')];
      if (f === undefined) throw new Error(`No HTML file named ${name} was found.`);
      return f;
    };
    const htmlService = guard(
      {
        createHtmlOutputFromFile: (name: string) => htmlOutput(file(name)),
        createHtmlOutput: (html: string) => htmlOutput(String(html ?? '')),
        createTemplateFromFile: (name: string) =>
          guard(
            { evaluate: () => htmlOutput(file(name)), getRawContent: () => file(name) },
            'HtmlTemplate',
            HTML_TEMPLATE_METHODS,
            log,
          ),
      },
      'HtmlService',
      HTML_SERVICE_METHODS,
      log,
    );

    const makeLock = (): unknown =>
      guard(
        {
          tryLock: (ms: number) => {
            gas.lock.tries.push(ms);
            if (gas.lock.heldByOther) return false;
            gas.lock.heldByUs = true;
            return true;
          },
          waitLock: (ms: number) => {
            gas.lock.tries.push(ms);
            if (gas.lock.heldByOther)
              throw new Error('Lock timeout: another process was holding the lock for too long.');
            gas.lock.heldByUs = true;
          },
          releaseLock: () => void (gas.lock.heldByUs = false),
          hasLock: () => gas.lock.heldByUs,
        },
        'Lock',
        LOCK_METHODS,
        log,
      );
    const lockService = guard(
      { getDocumentLock: makeLock, getScriptLock: makeLock, getUserLock: makeLock },
      'LockService',
      LOCK_SERVICE_METHODS,
      log,
    );

    /** The store of one scope (document, user, script) of a service, made on first use. */
    const scoped = <V>(all: Map<string, Map<string, V>>, scope: string): Map<string, V> => {
      let m = all.get(scope);
      if (!m) all.set(scope, (m = new Map()));
      return m;
    };
    const props = (scope: string): unknown => {
      const store = scoped(gas.properties, scope);
      const p = {
        getProperty: (k: string) => store.get(k) ?? null,
        setProperty: (k: string, v: string) => (store.set(k, String(v)), proxy),
        deleteProperty: (k: string) => (store.delete(k), proxy),
        getProperties: () => Object.fromEntries(store),
      };
      const proxy: unknown = guard(p, 'Properties', PROPERTIES_METHODS, log);
      return proxy;
    };
    const propertiesService = guard(
      {
        getDocumentProperties: () => props('document'),
        getUserProperties: () => props('user'),
        getScriptProperties: () => props('script'),
      },
      'PropertiesService',
      PROPERTIES_SERVICE_METHODS,
      log,
    );

    const cacheKey = (method: string, key: unknown): string => {
      if (typeof key !== 'string' || key === '') throw new Error(`Cache.${method}: the key must be a string`);
      if (key.length > CACHE_LIMITS.keyChars)
        throw new Error(`Cache.${method}: key longer than ${CACHE_LIMITS.keyChars} characters`);
      return key;
    };
    const cache = (scope: string): unknown => {
      const store = scoped(gas.caches, scope);
      const c = {
        get: (...args: unknown[]): string | null => {
          if (args.length !== 1) throw new Error('Cache.get(key)');
          const e = store.get(cacheKey('get', args[0]));
          if (!e || e.expires <= gas.now()) return null;
          return e.value;
        },
        put: (...args: unknown[]): void => {
          if (args.length !== 2 && args.length !== 3)
            throw new Error('Cache.put(key, value) or Cache.put(key, value, expirationInSeconds)');
          const key = cacheKey('put', args[0]);
          const value = args[1];
          if (typeof value !== 'string') throw new Error('Cache.put: the value must be a string');
          if (Buffer.byteLength(value, 'utf8') > CACHE_LIMITS.valueBytes)
            throw new Error('Cache.put: the value is larger than 100 KB');
          const seconds = args.length === 3 ? args[2] : 600;
          if (
            typeof seconds !== 'number' ||
            !Number.isInteger(seconds) ||
            seconds < CACHE_LIMITS.minSeconds ||
            seconds > CACHE_LIMITS.maxSeconds
          )
            throw new Error(`Cache.put: expirationInSeconds must be a whole number from 1 to 21600`);
          store.set(key, { value, expires: gas.now() + seconds * 1000 });
          gas.cachePuts.push({ scope, key, value, seconds });
          gas.onCachePut?.({ scope, key, value });
        },
        remove: (...args: unknown[]): void => {
          if (args.length !== 1) throw new Error('Cache.remove(key)');
          store.delete(cacheKey('remove', args[0]));
        },
      };
      return guard(c, 'Cache', CACHE_METHODS, log);
    };
    const cacheService = guard(
      {
        getUserCache: () => cache('user'),
        getScriptCache: () => cache('script'),
        getDocumentCache: () => cache('document'),
      },
      'CacheService',
      CACHE_SERVICE_METHODS,
      log,
    );

    const session = guard(
      {
        getActiveUserLocale: () => gas.ss.locale,
        getScriptTimeZone: () => gas.options.scriptTimeZone ?? 'Etc/UTC',
        getTemporaryActiveUserKey: () => gas.userKey,
      },
      'Session',
      SESSION_METHODS,
      log,
    );

    const utilities = guard({ formatDate }, 'Utilities', UTILITIES_METHODS, log);

    const charts = new Proxy(
      {
        ChartType: enumOf('ChartType', ['AREA', 'BAR', 'COLUMN', 'COMBO', 'LINE', 'PIE', 'SCATTER', 'TABLE']),
        ChartHiddenDimensionStrategy: enumOf('ChartHiddenDimensionStrategy', [
          'IGNORE_BOTH',
          'IGNORE_ROWS',
          'IGNORE_COLUMNS',
          'SHOW_BOTH',
        ]),
        ChartMergeStrategy: enumOf('ChartMergeStrategy', ['MERGE_COLUMNS', 'MERGE_ROWS']),
      } as Record<string, unknown>,
      {
        get(t, prop) {
          if (typeof prop === 'symbol' || PROBES.has(prop)) return undefined;
          if (!(prop in t)) throw new TypeError(`Charts.${prop} is not faked`);
          return t[prop];
        },
      },
    );

    const scriptApp = guard({ getScriptId: () => 'fake-script-id' }, 'ScriptApp', SCRIPT_APP_METHODS, log, {
      AuthMode: enumOf('AuthMode', ['NONE', 'CUSTOM_FUNCTION', 'LIMITED', 'FULL']),
    });

    return {
      SpreadsheetApp: spreadsheetApp,
      HtmlService: htmlService,
      LockService: lockService,
      PropertiesService: propertiesService,
      CacheService: cacheService,
      Session: session,
      Utilities: utilities,
      Charts: charts,
      ScriptApp: scriptApp,
      Logger: { log: () => undefined },
    };
  }
}

/** AuthMode values as the fake's ScriptApp.AuthMode holds them (for building onOpen events). */
export const AUTH_MODE = {
  NONE: 'AuthMode.NONE',
  LIMITED: 'AuthMode.LIMITED',
  FULL: 'AuthMode.FULL',
  CUSTOM_FUNCTION: 'AuthMode.CUSTOM_FUNCTION',
} as const;
