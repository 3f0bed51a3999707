/**
 * Charts in the command line's .xlsx. ExcelJS cannot write charts, so after ExcelJS has written the
 * workbook this step adds each sheet's ChartSpecs as real DrawingML charts: xl/charts/chartN.xml,
 * xl/drawings/drawingN.xml (one twoCellAnchor per chart, from the spec's anchor and size), their .rels, the
 * [Content_Types].xml overrides, and a <drawing r:id> in the sheet with its relationship. Series reference
 * the sheet's cells ('Quadrant Analysis'!$B$9:$B$12), so the charts follow the numbers; the values the core
 * computed go along as caches for viewers that do not calculate.
 *
 * Scale: the package is patched entry by entry (cli/io/zip.ts). Only the parts that change are inflated
 * (content types, workbook, the charted sheets and their rels: all small); every other part, such as a
 * million-row source sheet, is copied as its compressed bytes. The step works the same on a file written
 * by ExcelJS's streaming WorkbookWriter. Host code (Node).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { SheetSpec } from '../../core/spec/types';
import { chartXml, drawingXml, type ChartCells } from './chart-xml';
import { rewriteZip, ZipReader } from './zip';

export interface SheetCharts {
  /** The sheet's name in the workbook (after clash renaming). */
  sheetName: string;
  /** The sheet's spec: its charts, and the cells and column widths they are drawn from and over. */
  spec: SheetSpec;
}

const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL_DRAWING = `${NS_REL}/drawing`;
const REL_CHART = `${NS_REL}/chart`;
const CT_DRAWING = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const CT_CHART = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';

/**
 * Add the charts of `sheets` to the .xlsx `file` in place (through a temporary file beside it, renamed
 * over it). Charts without series are skipped; a file without charts to add is left untouched.
 */
export async function addChartsToXlsx(file: string, sheets: SheetCharts[]): Promise<void> {
  const todo = sheets.filter((s) => s.spec.charts?.some((c) => c.series.length > 0));
  if (!todo.length) return;
  const tmp = `${file}.charts.tmp`;
  const zip = await ZipReader.open(file);
  try {
    const parts = await chartParts(zip, todo);
    await rewriteZip(zip, tmp, parts);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  } finally {
    await zip.close();
  }
  await fs.rename(tmp, file);
}

/** The new and changed parts of the package. */
export async function chartParts(zip: ZipReader, sheets: SheetCharts[]): Promise<Map<string, Buffer>> {
  const text = async (name: string): Promise<string | undefined> => (await zip.read(name))?.toString('utf8');
  const sheetPaths = await sheetPartPaths(zip);
  let types = await text('[Content_Types].xml');
  if (!types) throw new Error('Not an .xlsx package: no [Content_Types].xml');
  const parts = new Map<string, string>();
  const taken = new Set(zip.entries.map((e) => e.name));
  const nextFree = (dir: string, stem: string): number => {
    let n = 1;
    while (taken.has(`${dir}/${stem}${n}.xml`)) n++;
    taken.add(`${dir}/${stem}${n}.xml`);
    return n;
  };
  for (const s of sheets) {
    const sheetPath = sheetPaths.get(s.sheetName);
    if (!sheetPath) throw new Error(`No sheet named ${s.sheetName} in the workbook`);
    const relsPath = relsOf(sheetPath);
    const sheetXml = parts.get(sheetPath) ?? (await text(sheetPath))!;
    if (/<drawing\b/.test(sheetXml)) throw new Error(`Sheet ${s.sheetName} already has a drawing`);
    const drawingNo = nextFree('xl/drawings', 'drawing');
    const rels = addRelationship(
      parts.get(relsPath) ?? (await text(relsPath)),
      REL_DRAWING,
      `../drawings/drawing${drawingNo}.xml`,
    );
    parts.set(relsPath, rels.xml);
    parts.set(sheetPath, insertDrawing(sheetXml, rels.id));
    const at: ChartCells = { sheetName: s.sheetName, cells: s.spec.cells, columnWidths: s.spec.columnWidths };
    const charts = (s.spec.charts ?? []).filter((c) => c.series.length > 0);
    const chartNos = charts.map(() => nextFree('xl/charts', 'chart'));
    charts.forEach((c, i) => parts.set(`xl/charts/chart${chartNos[i]}.xml`, chartXml(c, at)));
    parts.set(`xl/drawings/drawing${drawingNo}.xml`, drawingXml(charts, at));
    parts.set(
      `xl/drawings/_rels/drawing${drawingNo}.xml.rels`,
      relationshipsXml(chartNos.map((n, i) => [`rId${i + 1}`, REL_CHART, `../charts/chart${n}.xml`])),
    );
    types = addOverride(types, `/xl/drawings/drawing${drawingNo}.xml`, CT_DRAWING);
    for (const n of chartNos) types = addOverride(types, `/xl/charts/chart${n}.xml`, CT_CHART);
  }
  parts.set('[Content_Types].xml', types);
  return new Map([...parts].map(([k, v]) => [k, Buffer.from(v, 'utf8')]));
}

/** Sheet name -> part path ("xl/worksheets/sheet3.xml"), from xl/workbook.xml and its rels. */
async function sheetPartPaths(zip: ZipReader): Promise<Map<string, string>> {
  const wb = (await zip.read('xl/workbook.xml'))?.toString('utf8');
  const rels = (await zip.read('xl/_rels/workbook.xml.rels'))?.toString('utf8');
  if (!wb || !rels) throw new Error('Not an .xlsx package: no workbook part');
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const a = attrs(m[0]);
    if (a.Id && a.Target) targets.set(a.Id, a.Target);
  }
  const out = new Map<string, string>();
  for (const m of wb.matchAll(/<sheet\b[^>]*>/g)) {
    const a = attrs(m[0]);
    const target = targets.get(a['r:id'] ?? '');
    if (!a.name || !target) continue;
    out.set(a.name, target.startsWith('/') ? target.slice(1) : path.posix.join('xl', target));
  }
  return out;
}

/** The attributes of one start tag, entities decoded. */
export function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g))
    out[m[1]] = unescapeXml(m[3] ?? m[4]);
  return out;
}

function unescapeXml(s: string): string {
  return s.replace(
    /&(lt|gt|quot|apos|amp|#(\d+)|#x([0-9a-fA-F]+));/g,
    (_, e: string, d?: string, h?: string) => {
      if (d) return String.fromCodePoint(Number(d));
      if (h) return String.fromCodePoint(parseInt(h, 16));
      return { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }[e] ?? '';
    },
  );
}

function relsOf(part: string): string {
  return `${path.posix.dirname(part)}/_rels/${path.posix.basename(part)}.rels`;
}

function relationshipsXml(rels: [string, string, string][]): string {
  const items = rels.map(
    ([id, type, target]) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`,
  );
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items.join('')}</Relationships>`;
}

/** Add a relationship to a .rels part (or a new one), with an Id the part does not use yet. */
function addRelationship(xml: string | undefined, type: string, target: string): { xml: string; id: string } {
  const base = xml ?? relationshipsXml([]);
  const used = new Set([...base.matchAll(/\bId="([^"]*)"/g)].map((m) => m[1]));
  let n = 1;
  while (used.has(`rId${n}`)) n++;
  const id = `rId${n}`;
  const rel = `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`;
  return { xml: base.replace(/<\/Relationships>\s*$/, `${rel}</Relationships>`), id };
}

function addOverride(types: string, partName: string, contentType: string): string {
  if (types.includes(`PartName="${partName}"`)) return types;
  return types.replace(
    /<\/Types>\s*$/,
    `<Override PartName="${partName}" ContentType="${contentType}"/></Types>`,
  );
}

/** Elements of a worksheet that come after <drawing> (ECMA-376 CT_Worksheet order). */
const AFTER_DRAWING = [
  'legacyDrawing',
  'legacyDrawingHF',
  'drawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
];

/** Insert <drawing r:id> at its place in the sheet XML (after the cells, before the elements that follow it). */
export function insertDrawing(sheetXml: string, rId: string): string {
  let xml = sheetXml;
  const root = /<worksheet\b[^>]*>/.exec(xml);
  if (!root) throw new Error('Not a worksheet part');
  if (!/\sxmlns:r=/.test(root[0]))
    xml = xml.replace(root[0], root[0].replace(/<worksheet\b/, `<worksheet xmlns:r="${NS_REL}"`));
  const at = drawingPlace(xml);
  return `${xml.slice(0, at)}<drawing r:id="${rId}"/>${xml.slice(at)}`;
}

/** Where <drawing> goes: before the first top-level element that follows it, or before </worksheet>. */
function drawingPlace(xml: string): number {
  const dataEnd = xml.search(/<\/sheetData>|<sheetData\/>/);
  if (dataEnd < 0) throw new Error('Not a worksheet part: no sheetData');
  const tag = /<(\/?)([\w:]+)[^>]*?(\/?)>/g;
  tag.lastIndex = dataEnd + 1;
  let depth = 0;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    const [, close, name, selfClose] = m;
    if (close) {
      if (depth === 0 && name === 'worksheet') return m.index;
      depth--;
    } else if (depth === 0 && AFTER_DRAWING.includes(name)) return m.index;
    else if (!selfClose) depth++;
  }
  throw new Error('Not a worksheet part: no </worksheet>');
}
