/**
 * SheetSpec: a declarative description of a generated sheet. Analyses produce it; hosts (ExcelJS in the
 * command line, Office.js in Excel, SpreadsheetApp in Sheets) render it as it is, in one batch.
 * Addresses are A1 references on the sheet itself unless they name another sheet.
 */

export type SpecValue = string | number | boolean | null;

/** Visual role of a cell; hosts map it to their own styling. */
export type CellStyle = 'title' | 'subtitle' | 'header' | 'input' | 'locked' | 'total' | 'note' | 'warning';

export interface SpecCell {
  /** A constant. Strings are always written as text, never parsed as formulas. */
  v?: SpecValue;
  /** A native formula in en-US syntax, starting with "=". */
  f?: string;
  /** The value the core computed for a formula cell (what the spreadsheet should show). */
  expect?: number | string;
  /** Number format code (Excel syntax, e.g. "#,##0", "0.0%", "yyyy-mm-dd"). */
  fmt?: string;
  style?: CellStyle;
}

export interface ConditionalFormat {
  /** A1 range on this sheet, e.g. "C5:C20". */
  range: string;
  type: 'dataBar' | 'colorScale' | 'textEquals';
  /** dataBar: bar colour. */
  color?: string;
  /** colorScale: min / mid / max colours. */
  colors?: [string, string, string];
  /** textEquals: the text and the fill / font colours. */
  text?: string;
  fill?: string;
  font?: string;
}

export interface ChartSeries {
  /** Legend text. */
  name: string;
  /**
   * A1 range on this sheet. Scatter: the x values of this series. Category charts (type 'category'): the
   * category labels (months, ...); every series of a category chart has the same categories.
   */
  x: string;
  /** A1 range of the values, same length as x. */
  y: string;
  /** Range of point labels (same length as x), drawn next to each point (scatter). */
  labels?: string;
  /** Scatter: draw as a straight line without markers (threshold lines) rather than markers. */
  line?: boolean;
  /** Category charts: draw this series as columns (default) or as a line (combo charts mix both). */
  kind?: 'column' | 'line';
  /** Draw the line dashed (a forecast). */
  dashed?: boolean;
  /** Series colour as #RRGGBB (hosts pick their palette otherwise). */
  color?: string;
}

/**
 * A chart defined once for every host: the command line writes it as a DrawingML chart part, Excel draws it
 * with Office.js, Sheets with EmbeddedChartBuilder. Series reference cells of the sheet, so charts update
 * when the numbers do.
 * - 'scatter': XY points (quadrant analysis), with optional straight-line series (thresholds);
 * - 'category': columns and/or lines over shared categories (months), columns optionally stacked.
 */
export interface ChartSpec {
  type: 'scatter' | 'category';
  /** Category charts: stack the column series (e.g. month targets by entity). */
  stacked?: boolean;
  title: string;
  xTitle: string;
  yTitle: string;
  /** Number format of the value axis (e.g. "#,##0", "0%"); hosts use General otherwise. */
  yFormat?: string;
  /** Number format of the x axis of a scatter chart. */
  xFormat?: string;
  series: ChartSeries[];
  /**
   * Where the chart's top-left corner goes (A1 cell) and its size in default-size cells of the host (Excel
   * and the command line: 64 x 20 px; Sheets: 100 x 21 px), whatever the widths of the columns it covers.
   */
  anchor: string;
  width: number;
  height: number;
  /** The A1 range of the chart's data laid out on the sheet, if the analysis lays it out apart. */
  dataRange?: string;
}

export interface SheetSpec {
  /** Which analysis made it; hosts use it to find their own sheets to replace. */
  kind: 'breakdown' | 'quadrant' | 'scorecard' | 'tracking' | 'incentives' | 'data';
  /** Sheet name, localised (hosts add " (2)" on a clash with a user's sheet). */
  name: string;
  /** Cells row-major from A1; null or missing entries are left empty. */
  cells: (SpecCell | null | undefined)[][];
  /** Column widths in characters, from column A. */
  columnWidths?: number[];
  /** Frozen rows (and columns) at the top-left. */
  freeze?: { rows: number; columns?: number };
  conditionalFormats?: ConditionalFormat[];
  /** Charts of the sheet, drawn by every host from the same spec. */
  charts?: ChartSpec[];
  /** Cells the user may edit (inputs and lock overrides): A1 refs, for hosts to highlight or protect the rest. */
  inputs?: string[];
  /**
   * Printing. Every host prints a generated sheet landscape, one page wide, over its cells and charts
   * (core/spec/look.ts printSetup); this says what only the analysis knows.
   */
  print?: {
    /** Rows (1-based, first and last) repeated at the top of every printed page; default: the frozen rows. */
    titleRows?: [number, number];
  };
}
