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
  name: string;
  /** A1 ranges on this sheet. */
  x: string;
  y: string;
  /** Range of point labels (same length as x). */
  labels?: string;
  /** Draw as a line (threshold lines) rather than markers. */
  line?: boolean;
}

export interface ChartSpec {
  type: 'scatter';
  title: string;
  xTitle: string;
  yTitle: string;
  series: ChartSeries[];
  /** Where the chart's top-left corner goes (A1 cell) and its size in cells. */
  anchor: string;
  width: number;
  height: number;
  /** The chart data laid out on the sheet (for hosts without charts): the A1 range of it. */
  dataRange: string;
}

export interface SheetSpec {
  /** Which analysis made it; hosts use it to find their own sheets to replace. */
  kind: 'breakdown' | 'quadrant' | 'scorecard' | 'tracking' | 'data';
  /** Sheet name, localised (hosts add " (2)" on a clash with a user's sheet). */
  name: string;
  /** Cells row-major from A1; null or missing entries are left empty. */
  cells: (SpecCell | null | undefined)[][];
  /** Column widths in characters, from column A. */
  columnWidths?: number[];
  /** Frozen rows (and columns) at the top-left. */
  freeze?: { rows: number; columns?: number };
  conditionalFormats?: ConditionalFormat[];
  chart?: ChartSpec;
  /** Cells the user may edit (inputs and lock overrides): A1 refs, for hosts to highlight or protect the rest. */
  inputs?: string[];
}
