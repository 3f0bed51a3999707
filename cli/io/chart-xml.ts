/**
 * DrawingML for the command line's charts: one ChartSpec -> xl/charts/chartN.xml, a sheet's charts ->
 * xl/drawings/drawingN.xml. Element order follows the ECMA-376 schema (Excel refuses a chart part whose
 * children are out of order). Scatter: markers, data labels from cells (the c15 datalabelsRange extension
 * that Excel 2013+ writes, plus per-point labels with the same text for readers without it, such as
 * LibreOffice), threshold series as lines without markers. Category: clustered or stacked columns and lines
 * on the same axes (barChart + lineChart sharing the axis ids), dashed where asked.
 */
import { axisFormat, chartBox } from '../../core/spec/chart-box';
import type { ChartSeries, ChartSpec, SheetSpec, SpecCell } from '../../core/spec/types';

export interface ChartCells {
  sheetName: string;
  cells: SheetSpec['cells'];
  /** Column widths in characters from column A (the spec's), to size the anchors. */
  columnWidths?: number[];
}

const NS =
  'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" ' +
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const C15 = 'xmlns:c15="http://schemas.microsoft.com/office/drawing/2012/chart"';
const X_AXIS = 500000001;
const Y_AXIS = 500000002;
/** Office's default series colours. */
const PALETTE = [
  '4472C4',
  'ED7D31',
  'A5A5A5',
  'FFC000',
  '5B9BD5',
  '70AD47',
  '264478',
  '9E480E',
  '636363',
  '997300',
];
const LINE_GREY = ['7F7F7F', 'BF9000'];
const DARK_TEXT = '595959';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Text for XML content and double-quoted attribute values (apostrophes stay as they are, as in Excel's c:f). */
export function esc(s: string): string {
  return s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}

// ---------------------------------------------------------------------------------------------
// References and caches
// ---------------------------------------------------------------------------------------------

interface Ref {
  /** The formula: 'Sheet name'!$B$9:$B$12. */
  f: string;
  /** Cached values (from the spec) of a range on this sheet, in order; undefined where unknown. */
  values: (string | number | undefined)[];
  /** The number format of the range's first formatted cell. */
  fmt?: string;
}

/** A sheet name as a formula prefix: quoted unless it is a plain identifier Excel reads unquoted. */
export function quoteSheet(name: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name);
  return plain && !/^(r|c|rc|true|false)$/i.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

const colNo = (s: string): number =>
  [...s.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

/** The reference and cached values of a spec range ("B9:B12", or "Other!B9:B12" as it is). */
export function refOf(range: string, at: ChartCells): Ref {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(range.trim());
  if (!m) return { f: range.trim(), values: [] };
  const [c1, r1] = [colNo(m[1]), Number(m[2])];
  const [c2, r2] = m[3] ? [colNo(m[3]), Number(m[4])] : [c1, r1];
  const abs = (c: string, r: string): string => `$${c.toUpperCase()}$${r}`;
  const f = `${quoteSheet(at.sheetName)}!${abs(m[1], m[2])}${m[3] ? `:${abs(m[3], m[4])}` : ''}`;
  const values: (string | number | undefined)[] = [];
  let fmt: string | undefined;
  for (let r = Math.min(r1, r2); r <= Math.max(r1, r2); r++)
    for (let c = Math.min(c1, c2); c <= Math.max(c1, c2); c++) {
      const sc = at.cells[r - 1]?.[c - 1];
      values.push(cellValue(sc));
      fmt ??= sc?.fmt;
    }
  return { f, values, fmt };
}

function cellValue(sc: SpecCell | null | undefined): string | number | undefined {
  if (!sc) return undefined;
  const v = sc.f ? sc.expect : sc.v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') return /^#[A-Z/0!?]+$/.test(v) && sc.f ? undefined : v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return undefined;
}

function numRef(ref: Ref, fmt = ref.fmt): string {
  const pts = ref.values
    .map((v, i) => (typeof v === 'number' ? `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>` : ''))
    .join('');
  const cache = ref.values.length
    ? `<c:numCache><c:formatCode>${esc(fmt ?? 'General')}</c:formatCode><c:ptCount val="${ref.values.length}"/>${pts}</c:numCache>`
    : '';
  return `<c:numRef><c:f>${esc(ref.f)}</c:f>${cache}</c:numRef>`;
}

function strCache(values: Ref['values'], tag = 'c:strCache'): string {
  const pts = values
    .map((v, i) => (v === undefined ? '' : `<c:pt idx="${i}"><c:v>${esc(String(v))}</c:v></c:pt>`))
    .join('');
  return `<${tag}><c:ptCount val="${values.length}"/>${pts}</${tag}>`;
}

function strRef(ref: Ref): string {
  return `<c:strRef><c:f>${esc(ref.f)}</c:f>${ref.values.length ? strCache(ref.values) : ''}</c:strRef>`;
}

// ---------------------------------------------------------------------------------------------
// Text, lines and fills
// ---------------------------------------------------------------------------------------------

const rgb = (hex: string): string => `<a:solidFill><a:srgbClr val="${hex}"/></a:solidFill>`;

/** "#5B9BD5" / "5b9bd5" / "#abc" -> "5B9BD5"; undefined when not a colour. */
export function hexColor(color: string | undefined): string | undefined {
  let h = color?.trim().replace(/^#/, '').toUpperCase();
  if (h && /^[0-9A-F]{3}$/.test(h)) h = h.replace(/./g, (c) => c + c);
  return h && /^[0-9A-F]{6}$/.test(h) ? h : undefined;
}

function rich(text: string, size: number, opts: { bold?: boolean; rot?: boolean } = {}): string {
  const b = opts.bold ? '1' : '0';
  const body = opts.rot ? '<a:bodyPr rot="-5400000" vert="horz"/>' : '<a:bodyPr/>';
  const run = `<a:rPr lang="en-US" sz="${size}" b="${b}">${rgb(DARK_TEXT)}</a:rPr>`;
  return `<c:rich>${body}<a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="${b}"/></a:pPr><a:r>${run}<a:t>${esc(text)}</a:t></a:r></a:p></c:rich>`;
}

function title(text: string, size: number, rot = false): string {
  if (!text.trim()) return '';
  return `<c:title><c:tx>${rich(text, size, { bold: !rot && size > 1200, rot })}</c:tx><c:overlay val="0"/></c:title>`;
}

function textProps(size: number): string {
  return `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}">${rgb(DARK_TEXT)}</a:defRPr></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>`;
}

function line(hex: string, opts: { width?: number; dashed?: boolean } = {}): string {
  const dash = opts.dashed ? '<a:prstDash val="dash"/>' : '';
  return `<a:ln w="${opts.width ?? 28575}" cap="rnd">${rgb(hex)}${dash}<a:round/></a:ln>`;
}

// ---------------------------------------------------------------------------------------------
// Series
// ---------------------------------------------------------------------------------------------

const seriesName = (s: ChartSeries): string => `<c:tx><c:v>${esc(s.name)}</c:v></c:tx>`;
const showFlags = (val: boolean): string =>
  `<c:showLegendKey val="0"/><c:showVal val="${val ? 1 : 0}"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>`;

/**
 * Data labels from a range of cells. Excel 2013+ reads the c15 extension (series-level flag plus the
 * series' datalabelsRange, so the labels follow the cells); each point also carries its label as rich text
 * inside a CELLRANGE field, which is what Excel itself writes and what readers without the extension show.
 */
function cellLabels(labels: Ref): string {
  const points = labels.values
    .map((v, i) => {
      if (v === undefined || v === '') return '';
      const fld = `<a:fld id="{${guid(i)}}" type="CELLRANGE"><a:pPr/><a:t>${esc(String(v))}</a:t></a:fld>`;
      const tx = `<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p>${fld}</a:p></c:rich></c:tx>`;
      const ext = `<c:extLst><c:ext uri="{CE6537A1-D6FC-4f65-9D91-7224C49458BB}" ${C15}><c15:dlblFieldTable/><c15:showDataLabelsRange val="1"/></c:ext></c:extLst>`;
      return `<c:dLbl><c:idx val="${i}"/>${tx}<c:dLblPos val="r"/>${showFlags(false)}${ext}</c:dLbl>`;
    })
    .join('');
  const ext = `<c:extLst><c:ext uri="{CE6537A1-D6FC-4f65-9D91-7224C49458BB}" ${C15}><c15:showDataLabelsRange val="1"/><c15:showLeaderLines val="0"/></c:ext></c:extLst>`;
  const look = `<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>${textProps(900)}`;
  return `<c:dLbls>${points}${look}<c:dLblPos val="r"/>${showFlags(false)}${ext}</c:dLbls>`;
}

function labelsRangeExt(labels: Ref): string {
  return `<c:extLst><c:ext uri="{02D57815-91ED-43cb-92C2-25804820EDAC}" ${C15}><c15:datalabelsRange><c15:f>${esc(labels.f)}</c15:f>${strCache(labels.values, 'c15:dlblRangeCache')}</c15:datalabelsRange></c:ext></c:extLst>`;
}

/** A stable GUID-shaped id per label field. */
function guid(i: number): string {
  const h = (i + 1).toString(16).toUpperCase().padStart(12, '0');
  return `5A1E5C0A-0000-4000-8000-${h}`;
}

function scatterSeries(s: ChartSeries, i: number, c: ChartSpec, at: ChartCells): string {
  const color = hexColor(s.color) ?? (s.line ? LINE_GREY[i % 2] : PALETTE[i % PALETTE.length]);
  const look = s.line
    ? `<c:spPr>${line(color, { width: 19050, dashed: s.dashed ?? true })}</c:spPr><c:marker><c:symbol val="none"/></c:marker>`
    : `<c:spPr><a:ln w="25400"><a:noFill/></a:ln></c:spPr><c:marker><c:symbol val="circle"/><c:size val="8"/><c:spPr>${rgb(color)}<a:ln w="9525">${rgb('FFFFFF')}</a:ln></c:spPr></c:marker>`;
  const labels = s.labels ? refOf(s.labels, at) : undefined;
  const x = refOf(s.x, at);
  const y = refOf(s.y, at);
  return (
    `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>${seriesName(s)}${look}` +
    (labels ? cellLabels(labels) : '') +
    `<c:xVal>${numRef(x, c.xFormat)}</c:xVal><c:yVal>${numRef(y, c.yFormat)}</c:yVal><c:smooth val="0"/>` +
    (labels ? labelsRangeExt(labels) : '') +
    `</c:ser>`
  );
}

function barSeries(s: ChartSeries, i: number, c: ChartSpec, at: ChartCells): string {
  const color = hexColor(s.color) ?? PALETTE[i % PALETTE.length];
  return (
    `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>${seriesName(s)}<c:spPr>${rgb(color)}</c:spPr>` +
    `<c:invertIfNegative val="0"/><c:cat>${strRef(refOf(s.x, at))}</c:cat><c:val>${numRef(refOf(s.y, at), c.yFormat)}</c:val></c:ser>`
  );
}

function lineSeries(s: ChartSeries, i: number, c: ChartSpec, at: ChartCells): string {
  const color = hexColor(s.color) ?? PALETTE[i % PALETTE.length];
  return (
    `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>${seriesName(s)}<c:spPr>${line(color, { dashed: s.dashed })}</c:spPr>` +
    `<c:marker><c:symbol val="none"/></c:marker><c:cat>${strRef(refOf(s.x, at))}</c:cat>` +
    `<c:val>${numRef(refOf(s.y, at), c.yFormat)}</c:val><c:smooth val="0"/></c:ser>`
  );
}

// ---------------------------------------------------------------------------------------------
// Axes and the chart part
// ---------------------------------------------------------------------------------------------

const gridlines = `<c:majorGridlines><c:spPr><a:ln w="9525">${rgb('D9D9D9')}</a:ln></c:spPr></c:majorGridlines>`;
const axisLine = `<c:spPr><a:ln w="9525">${rgb('BFBFBF')}</a:ln></c:spPr>`;

/** The axis format (core/spec/chart-box.ts axisFormat); from the cells: linked to them. */
function numFmt(f: { code?: string; fromCells: boolean }): string {
  const linked = f.fromCells || !f.code ? 1 : 0;
  return `<c:numFmt formatCode="${esc(f.code ?? 'General')}" sourceLinked="${linked}"/>`;
}

/** A value axis. `low` puts the tick labels at the bottom / left whatever the crossing (negative growth). */
function valAx(
  id: number,
  pos: 'b' | 'l',
  text: string,
  fmt: { code?: string; fromCells: boolean },
  between: boolean,
): string {
  const cross = id === X_AXIS ? Y_AXIS : X_AXIS;
  return (
    `<c:valAx><c:axId val="${id}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>` +
    `<c:axPos val="${pos}"/>${pos === 'l' ? gridlines : ''}${title(text, 1000, pos === 'l')}${numFmt(fmt)}` +
    `<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>${axisLine}${textProps(900)}` +
    `<c:crossAx val="${cross}"/><c:crosses val="autoZero"/><c:crossBetween val="${between ? 'between' : 'midCat'}"/></c:valAx>`
  );
}

function catAx(text: string): string {
  return (
    `<c:catAx><c:axId val="${X_AXIS}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>` +
    `<c:axPos val="b"/>${title(text, 1000)}<c:numFmt formatCode="General" sourceLinked="1"/>` +
    `<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>${axisLine}${textProps(900)}` +
    `<c:crossAx val="${Y_AXIS}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>`
  );
}

const axIds = `<c:axId val="${X_AXIS}"/><c:axId val="${Y_AXIS}"/>`;

function scatterPlot(c: ChartSpec, at: ChartCells): string {
  const series = c.series.map((s, i) => scatterSeries(s, i, c, at)).join('');
  return (
    `<c:scatterChart><c:scatterStyle val="lineMarker"/><c:varyColors val="0"/>${series}${axIds}</c:scatterChart>` +
    valAx(X_AXIS, 'b', c.xTitle, axisFormat(c, 'x', at.cells), false) +
    valAx(Y_AXIS, 'l', c.yTitle, axisFormat(c, 'y', at.cells), false)
  );
}

function categoryPlot(c: ChartSpec, at: ChartCells): string {
  const indexed = c.series.map((s, i) => ({ s, i }));
  const bars = indexed.filter(({ s }) => s.kind !== 'line');
  const lines = indexed.filter(({ s }) => s.kind === 'line');
  const grouping = c.stacked ? 'stacked' : 'clustered';
  const bar = bars.length
    ? `<c:barChart><c:barDir val="col"/><c:grouping val="${grouping}"/><c:varyColors val="0"/>` +
      bars.map(({ s, i }) => barSeries(s, i, c, at)).join('') +
      `<c:gapWidth val="60"/><c:overlap val="${c.stacked ? 100 : -10}"/>${axIds}</c:barChart>`
    : '';
  const lineChart = lines.length
    ? `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>` +
      lines.map(({ s, i }) => lineSeries(s, i, c, at)).join('') +
      `<c:marker val="1"/>${axIds}</c:lineChart>`
    : '';
  return bar + lineChart + catAx(c.xTitle) + valAx(Y_AXIS, 'l', c.yTitle, axisFormat(c, 'y', at.cells), true);
}

/** The chart part of one ChartSpec. */
export function chartXml(c: ChartSpec, at: ChartCells): string {
  const plot = c.type === 'scatter' ? scatterPlot(c, at) : categoryPlot(c, at);
  const legend = `<c:legend><c:legendPos val="b"/><c:overlay val="0"/>${textProps(900)}</c:legend>`;
  return (
    `${HEAD}<c:chartSpace ${NS}><c:roundedCorners val="0"/><c:chart>${title(c.title, 1400)}<c:autoTitleDeleted val="0"/>` +
    `<c:plotArea><c:layout/>${plot}</c:plotArea>${legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>` +
    `<c:spPr>${rgb('FFFFFF')}<a:ln w="9525">${rgb('D9D9D9')}</a:ln></c:spPr></c:chartSpace>`
  );
}

const EMU_PER_PX = 9525;

/** The drawing part of a sheet: one twoCellAnchor per chart, chart k linked as rId(k+1). */
export function drawingXml(charts: ChartSpec[], at: Pick<ChartCells, 'columnWidths'> = {}): string {
  const anchors = charts.map((c, k) => {
    const { from, to } = chartBox(c, at.columnWidths);
    const mark = (tag: string, p: { col: number; row: number; colOffPx?: number }): string =>
      `<xdr:${tag}><xdr:col>${p.col}</xdr:col><xdr:colOff>${(p.colOffPx ?? 0) * EMU_PER_PX}</xdr:colOff><xdr:row>${p.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;
    const frame =
      `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${k + 2}" name="${esc(`Chart ${k + 1}`)}" descr="${esc(c.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
      `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">` +
      `<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId${k + 1}"/>` +
      `</a:graphicData></a:graphic></xdr:graphicFrame>`;
    return `<xdr:twoCellAnchor editAs="oneCell">${mark('from', from)}${mark('to', to)}${frame}<xdr:clientData/></xdr:twoCellAnchor>`;
  });
  return `${HEAD}<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">${anchors.join('')}</xdr:wsDr>`;
}
