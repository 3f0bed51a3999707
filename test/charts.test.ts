/**
 * Charts in the command line's .xlsx (cli/io/charts.ts, chart-xml.ts, zip.ts): the written package is read
 * back part by part (entries, content types, relationships, each series' formulas, labels, anchors), ExcelJS
 * still reads the workbook, and the zip patch copies untouched parts byte for byte.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quadrantAnalysis } from '../core/analysis';
import type { ChartSpec, SheetSpec } from '../core/spec/types';
import { categorySpec, MONTHS } from './chart-specs';
import { readSalesTable } from '../core/table';
import { chartXml, quoteSheet } from '../cli/io/chart-xml';
import { chartBox } from '../core/spec/chart-box';
import { insertDrawing } from '../cli/io/charts';
import { readSource, type SourceData } from '../cli/io/read';
import { writeWorkbook } from '../cli/io/write';
import { rewriteZip, ZipReader } from '../cli/io/zip';

const SAMPLES = path.join(__dirname, '..', 'samples');
let tmp = '';
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'charts-'));
});
afterAll(async () => {
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

function xml(text: string): Document {
  return new DOMParser({
    onError: (level, message) => {
      throw new Error(`not well-formed XML (${level}): ${message}`);
    },
  }).parseFromString(text, 'text/xml');
}

const all = (node: Document | Element, tag: string): Element[] =>
  Array.from(node.getElementsByTagName(tag)) as unknown as Element[];
const text = (node: Document | Element, tag: string): string[] =>
  all(node, tag).map((e) => e.textContent ?? '');
const val = (node: Document | Element, tag: string): string | null =>
  all(node, tag)[0]?.getAttribute('val') ?? null;

/** Every part of a package, as text, read with the zip module (which checks each CRC). */
async function readParts(file: string): Promise<Map<string, string>> {
  const zip = await ZipReader.open(file);
  try {
    const out = new Map<string, string>();
    for (const e of zip.entries)
      if (!e.name.endsWith('/')) out.set(e.name, (await zip.read(e.name))!.toString('utf8'));
    return out;
  } finally {
    await zip.close();
  }
}

/** The chart parts of a sheet: sheet -> its drawing (via rels) -> the drawing's charts (via rels), in order. */
function chartsOfSheet(
  parts: Map<string, string>,
  sheetName: string,
): { drawing: Document; charts: Document[] } {
  const wb = xml(parts.get('xl/workbook.xml')!);
  const sheet = all(wb, 'sheet').find((s) => s.getAttribute('name') === sheetName)!;
  const target = (relsPath: string, id: string): string => {
    const rel = all(xml(parts.get(relsPath)!), 'Relationship').find((r) => r.getAttribute('Id') === id)!;
    return rel.getAttribute('Target')!;
  };
  const sheetPath = path.posix.join('xl', target('xl/_rels/workbook.xml.rels', sheet.getAttribute('r:id')!));
  const drawingEl = all(xml(parts.get(sheetPath)!), 'drawing')[0];
  const sheetRels = `${path.posix.dirname(sheetPath)}/_rels/${path.posix.basename(sheetPath)}.rels`;
  const drawingPath = path.posix.join(
    path.posix.dirname(sheetPath),
    target(sheetRels, drawingEl.getAttribute('r:id')!),
  );
  const drawing = xml(parts.get(drawingPath)!);
  const drawingRels = `${path.posix.dirname(drawingPath)}/_rels/${path.posix.basename(drawingPath)}.rels`;
  const charts = all(drawing, 'c:chart').map((c) =>
    xml(
      parts.get(
        path.posix.join(path.posix.dirname(drawingPath), target(drawingRels, c.getAttribute('r:id')!)),
      )!,
    ),
  );
  return { drawing, charts };
}

async function csvSource(): Promise<SourceData> {
  return readSource(path.join(SAMPLES, 'sales-en.csv'));
}

function quadrantSpec(source: SourceData): SheetSpec {
  const res = readSalesTable(source.cells);
  if (!res.ok) throw new Error(res.error.message);
  const src = { sheet: source.sheetName, originRow: source.originRow, originCol: source.originCol };
  const out = quadrantAnalysis(res.table, { by: 'Region', source: src });
  if (!out.ok) throw new Error(out.error);
  return out.sheet;
}

describe('xlsx charts', () => {
  let out = '';
  let parts = new Map<string, string>();
  let quadrant: SheetSpec;

  beforeAll(async () => {
    const source = await csvSource();
    quadrant = quadrantSpec(source);
    out = path.join(tmp, 'charts.xlsx');
    await writeWorkbook({ source, specs: [quadrant, categorySpec('Tracking (2)')], outFile: out });
    parts = await readParts(out);
  });

  it('adds the chart, drawing and rels parts with their content types', () => {
    for (const p of [
      'xl/charts/chart1.xml',
      'xl/charts/chart2.xml',
      'xl/charts/chart3.xml',
      'xl/drawings/drawing1.xml',
      'xl/drawings/drawing2.xml',
      'xl/drawings/_rels/drawing1.xml.rels',
      'xl/drawings/_rels/drawing2.xml.rels',
    ])
      expect(parts.has(p), p).toBe(true);
    const types = xml(parts.get('[Content_Types].xml')!);
    const overrides = new Map(
      all(types, 'Override').map((o) => [o.getAttribute('PartName'), o.getAttribute('ContentType')]),
    );
    expect(overrides.get('/xl/charts/chart1.xml')).toBe(
      'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
    );
    expect(overrides.get('/xl/charts/chart3.xml')).toBe(
      'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
    );
    expect(overrides.get('/xl/drawings/drawing2.xml')).toBe(
      'application/vnd.openxmlformats-officedocument.drawing+xml',
    );
    // Every part is well-formed XML.
    for (const [name, body] of parts)
      if (/\.(xml|rels)$/.test(name)) expect(() => xml(body), name).not.toThrow();
  });

  it('quadrant: a scatter chart whose series read the sheet, labels from the name cells, two threshold lines', () => {
    const { drawing, charts } = chartsOfSheet(parts, 'Quadrant Analysis');
    expect(charts).toHaveLength(1);
    const chart = charts[0];
    expect(all(chart, 'c:scatterChart')).toHaveLength(1);
    expect(text(chart, 'c:title')[0]).toBe('Sales vs growth');
    const series = all(chart, 'c:ser');
    const spec = quadrant.charts![0];
    expect(series).toHaveLength(3);
    const q = (r: string): string => `'Quadrant Analysis'!${r.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2')}`;
    series.forEach((s, i) => {
      expect(text(all(s, 'c:xVal')[0], 'c:f')).toEqual([q(spec.series[i].x)]);
      expect(text(all(s, 'c:yVal')[0], 'c:f')).toEqual([q(spec.series[i].y)]);
      expect(text(s, 'c:v')[0]).toBe(spec.series[i].name);
    });
    expect(text(all(series[0], 'c:xVal')[0], 'c:f')[0]).toMatch(/^'Quadrant Analysis'!\$B\$9:\$B\$12$/);
    // Cached values: the numbers the core computed.
    const first = quadrant.cells[8][1]!.expect;
    expect(Number(text(all(series[0], 'c:xVal')[0], 'c:v')[0])).toBe(first);
    // Labels: the c15 range extension on the name cells, its cache, and per-point text for other readers.
    expect(text(series[0], 'c15:f')).toEqual([q(spec.series[0].labels!)]);
    const names = [9, 10, 11, 12].map((r) => String(quadrant.cells[r - 1][0]!.v));
    expect(text(all(series[0], 'c15:dlblRangeCache')[0], 'c:v')).toEqual(names);
    expect(val(series[0], 'c15:showDataLabelsRange')).toBe('1');
    expect(all(series[0], 'a:fld').map((f) => f.textContent)).toEqual(names);
    expect(val(series[0], 'c:symbol')).toBe('circle');
    // Threshold series: lines, no markers, no labels.
    for (const s of series.slice(1)) {
      expect(val(s, 'c:symbol')).toBe('none');
      expect(all(s, 'a:ln').some((l) => all(l, 'a:solidFill').length > 0)).toBe(true);
      expect(all(s, 'c:dLbls')).toHaveLength(0);
    }
    // Axes: growth as a percentage (the cells' format), sales in millions; titles.
    const axes = all(chart, 'c:valAx');
    expect(axes.map((a) => val(a, 'c:axPos'))).toEqual(['b', 'l']);
    expect(axes.map((a) => text(a, 'a:t')[0])).toEqual(['Sales', 'Growth']);
    expect(all(axes[0], 'c:numFmt')[0].getAttribute('formatCode')).toBe('#,##0.0,,"M"');
    expect(all(axes[1], 'c:numFmt')[0].getAttribute('formatCode')).toBe(quadrant.cells[8][3]!.fmt);
    expect(val(chart, 'c:legendPos')).toBe('b');
    // Anchor: from the spec's cell, 8 x 20 default cells wide over the sheet's wide columns.
    const from = all(drawing, 'xdr:from')[0];
    const [col, row] = spec.anchor.match(/^([A-Z]+)(\d+)$/)!.slice(1);
    expect(Number(text(from, 'xdr:col')[0])).toBe(col.charCodeAt(0) - 65);
    expect(Number(text(from, 'xdr:row')[0])).toBe(Number(row) - 1);
    const to = all(drawing, 'xdr:to')[0];
    expect(Number(text(to, 'xdr:row')[0])).toBe(Number(row) - 1 + spec.height);
    // The end: 8 x 20 default cells (512 x 400 px) over the sheet's own column widths.
    const box = chartBox(spec, quadrant.columnWidths);
    expect(Number(text(to, 'xdr:col')[0])).toBe(box.to.col);
    expect(Number(text(to, 'xdr:colOff')[0])).toBe(box.to.colOffPx * 9525);
    const px = (j: number): number => Math.round((quadrant.columnWidths?.[j] ?? 64 / 7) * 7);
    let width = box.to.colOffPx;
    for (let j = box.from.col; j < box.to.col; j++) width += px(j);
    expect(width).toBe(spec.width * 64);
  });

  it('category charts: stacked columns, and a combo of columns with a line and a dashed line on shared axes', () => {
    const { drawing, charts } = chartsOfSheet(parts, 'Tracking (2)');
    expect(charts).toHaveLength(2);
    expect(all(drawing, 'xdr:twoCellAnchor')).toHaveLength(2);
    const [stacked, combo] = charts;
    const sheet = "'Tracking (2)'";
    // Stacked: one barChart, grouping stacked, overlap 100, categories then values of each entity.
    expect(val(stacked, 'c:grouping')).toBe('stacked');
    expect(val(stacked, 'c:overlap')).toBe('100');
    expect(val(stacked, 'c:barDir')).toBe('col');
    const ss = all(stacked, 'c:ser');
    expect(ss.map((s) => text(all(s, 'c:cat')[0], 'c:f')[0])).toEqual(Array(3).fill(`${sheet}!$A$2:$A$13`));
    expect(ss.map((s) => text(all(s, 'c:val')[0], 'c:f')[0])).toEqual(
      ['B', 'C', 'D'].map((c) => `${sheet}!$${c}$2:$${c}$13`),
    );
    expect(text(all(ss[0], 'c:cat')[0], 'c:v')).toEqual(MONTHS);
    expect(all(stacked, 'c:lineChart')).toHaveLength(0);
    expect(all(all(stacked, 'c:valAx')[0], 'c:numFmt')[0].getAttribute('formatCode')).toBe('#,##0');
    // Combo: columns in a barChart, the two lines in a lineChart, both on the same two axes.
    expect(val(combo, 'c:grouping')).toBe('clustered');
    const bar = all(combo, 'c:barChart')[0];
    const line = all(combo, 'c:lineChart')[0];
    expect(all(bar, 'c:ser').map((s) => text(s, 'c:v')[0])).toEqual(['Cumulative actual']);
    expect(all(line, 'c:ser').map((s) => text(s, 'c:v')[0])).toEqual(['Cumulative target', 'Forecast']);
    const ids = (e: Element): string[] => all(e, 'c:axId').map((a) => a.getAttribute('val')!);
    expect(ids(bar)).toEqual(ids(line));
    expect(all(all(combo, 'c:catAx')[0], 'c:axId')[0].getAttribute('val')).toBe(ids(bar)[0]);
    expect(all(all(combo, 'c:valAx')[0], 'c:axId')[0].getAttribute('val')).toBe(ids(bar)[1]);
    const [target, forecast] = all(line, 'c:ser');
    expect(val(target, 'a:prstDash')).toBeNull();
    expect(val(forecast, 'a:prstDash')).toBe('dash');
    expect(text(all(forecast, 'c:val')[0], 'c:f')).toEqual([`${sheet}!$G$2:$G$13`]);
    expect(all(all(bar, 'c:ser')[0], 'a:srgbClr')[0].getAttribute('val')).toBe('2E75B6');
    // No format in the spec: the value axis is linked to the cells' format.
    const fmt = all(all(combo, 'c:valAx')[0], 'c:numFmt')[0];
    expect([fmt.getAttribute('formatCode'), fmt.getAttribute('sourceLinked')]).toEqual(['#,##0', '1']);
    expect(text(all(combo, 'c:valAx')[0], 'a:t')).toEqual(['Sales']);
  });

  it('ExcelJS still reads the workbook: every sheet and its cells', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['sales-en', 'Quadrant Analysis', 'Tracking (2)']);
    const ws = wb.getWorksheet('Tracking (2)')!;
    expect(ws.getCell('A2').value).toBe('Jan');
    expect(ws.getCell('E3').formula).toBe('SUM(B$2:D3)*0.95');
    expect(wb.getWorksheet('Quadrant Analysis')!.getCell('B9').formula).toMatch(/^SUMIFS\(/);
  });

  it('writes no chart part for a chart without series, nor for sheets without charts', async () => {
    const source = await csvSource();
    const file = path.join(tmp, 'nochart.xlsx');
    const empty = { ...categorySpec('Empty'), charts: [{ ...categorySpec('x').charts![0], series: [] }] };
    await writeWorkbook({
      source,
      specs: [empty, { kind: 'data', name: 'Plain', cells: [[{ v: 1 }]] }],
      outFile: file,
    });
    const names = [...(await readParts(file)).keys()];
    expect(names.filter((n) => /chart|drawing/.test(n))).toEqual([]);
  });

  it('numbers its parts after the drawings a source workbook already has (an image)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sales');
    ws.addRow(['Date', 'Region', 'Sales']);
    for (let i = 0; i < 24; i++)
      ws.addRow([
        new Date(Date.UTC(2024 + Math.floor(i / 12), i % 12, 5)),
        i % 2 ? 'North' : 'South',
        100 + i,
      ]);
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    ws.addImage(wb.addImage({ buffer: png as unknown as ExcelJS.Buffer, extension: 'png' }), 'E2:F4');
    const src = path.join(tmp, 'with-image.xlsx');
    await wb.xlsx.writeFile(src);
    const file = path.join(tmp, 'with-image-out.xlsx');
    await writeWorkbook({ source: await readSource(src), specs: [categorySpec('Tracking')], outFile: file });
    const p = await readParts(file);
    expect(p.has('xl/drawings/drawing1.xml')).toBe(true); // the image's
    expect(p.get('xl/drawings/drawing1.xml')).toContain('xdr:pic');
    const { charts } = chartsOfSheet(p, 'Tracking');
    expect(charts).toHaveLength(2);
    expect(p.get('xl/drawings/drawing2.xml')).toContain('c:chart');
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(file);
    expect(back.getWorksheet('Sales')!.getImages()).toHaveLength(1);
  });
});

describe('chart parts, unit', () => {
  it('quotes sheet names as Excel wants them in formulas', () => {
    expect(quoteSheet('Sales')).toBe('Sales');
    expect(quoteSheet('Quadrant Analysis')).toBe("'Quadrant Analysis'");
    expect(quoteSheet("Bob's")).toBe("'Bob''s'");
    expect(quoteSheet('A1')).toBe("'A1'");
    expect(quoteSheet('象限分析')).toBe("'象限分析'");
    expect(quoteSheet('2026')).toBe("'2026'");
  });

  it('sizes anchors in default cells over the columns they cover', () => {
    const chart = (anchor: string, width: number, height: number): ChartSpec => ({
      type: 'scatter',
      title: '',
      xTitle: '',
      yTitle: '',
      series: [],
      anchor,
      width,
      height,
    });
    expect(chartBox(chart('C5', 8, 20))).toEqual({
      from: { col: 2, row: 4 },
      to: { col: 10, colOffPx: 0, row: 24 },
      widthPx: 512,
      heightPx: 400,
    });
    // 30 chars = 210 px, then 64 px columns: 512 - 210 = 302 = 4 x 64 + 46.
    expect(chartBox(chart('A1', 8, 10), [30]).to).toEqual({ col: 5, colOffPx: 46, row: 10 });
  });

  it("puts <drawing> among the top-level elements, never inside a rule's extLst", () => {
    const sheet =
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/>' +
      '<conditionalFormatting sqref="A1"><cfRule type="dataBar"><extLst><ext/></extLst></cfRule></conditionalFormatting>' +
      '<pageMargins left="0.7"/><tableParts count="0"/><extLst><ext/></extLst></worksheet>';
    const out = insertDrawing(sheet, 'rId3');
    expect(out).toContain('<pageMargins left="0.7"/><drawing r:id="rId3"/><tableParts');
    expect(out).toMatch(
      /^<worksheet xmlns:r="http:\/\/schemas.openxmlformats.org\/officeDocument\/2006\/relationships"/,
    );
    const plain = insertDrawing('<worksheet xmlns:r="r"><sheetData></sheetData></worksheet>', 'rId1');
    expect(plain).toBe('<worksheet xmlns:r="r"><sheetData></sheetData><drawing r:id="rId1"/></worksheet>');
  });

  it('escapes text and leaves out empty titles', () => {
    const c: ChartSpec = {
      type: 'category',
      title: 'A & B <C>',
      xTitle: '',
      yTitle: 'Y',
      series: [{ name: '"N"', x: 'A1:A2', y: 'B1:B2' }],
      anchor: 'D1',
      width: 4,
      height: 4,
    };
    const doc = xml(chartXml(c, { sheetName: 'S', cells: [[{ v: 'x' }, { v: 1 }]] }));
    expect(text(doc, 'a:t')).toEqual(['A & B <C>', 'Y']);
    expect(text(all(doc, 'c:ser')[0], 'c:tx')[0]).toBe('"N"');
    expect(all(all(doc, 'c:catAx')[0], 'c:title')).toHaveLength(0);
  });
});

describe('zip patch', () => {
  it('copies untouched entries as they were, replaces and adds parts', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('One').getCell('A1').value = 'hello';
    const src = path.join(tmp, 'zip-src.xlsx');
    await wb.xlsx.writeFile(src);
    const dst = path.join(tmp, 'zip-dst.xlsx');
    const zip = await ZipReader.open(src);
    const before = await readParts(src);
    try {
      await rewriteZip(
        zip,
        dst,
        new Map([
          [
            'xl/worksheets/sheet1.xml',
            Buffer.from(before.get('xl/worksheets/sheet1.xml')!.replace('A1', 'A1')),
          ],
          ['extra/名前.txt', Buffer.from('new part ✓')],
        ]),
      );
    } finally {
      await zip.close();
    }
    const after = await readParts(dst);
    expect([...after.keys()]).toEqual([...before.keys(), 'extra/名前.txt']);
    for (const [k, v] of before) expect(after.get(k), k).toBe(v);
    expect(after.get('extra/名前.txt')).toBe('new part ✓');
    // Untouched entries keep their compressed bytes.
    const [a, b] = await Promise.all([ZipReader.open(src), ZipReader.open(dst)]);
    try {
      const styles = (z: ZipReader) => z.entry('xl/styles.xml')!;
      expect(styles(b).compressedSize).toBe(styles(a).compressedSize);
      expect(styles(b).crc).toBe(styles(a).crc);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(dst);
    expect(back.getWorksheet('One')!.getCell('A1').value).toBe('hello');
  });

  it('refuses a file that is not a zip', async () => {
    const f = path.join(tmp, 'not.zip');
    await fs.writeFile(f, 'plain text, not a zip');
    await expect(ZipReader.open(f)).rejects.toThrow(/not a zip/);
  });
});
