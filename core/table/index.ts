/**
 * The sales-table reader: cell coercion, header detection, the reader itself and label grouping.
 */
export {
  coerceNumber,
  coerceDate,
  isDateFormat,
  dateToSerial,
  serialToYMD,
  serialToISO,
  ymdToSerial,
  toHalfWidth,
  isBlankCell,
  isDate,
  MAX_SERIAL,
} from './coerce';
export { DATE1904_OFFSET, cellsFrom1904 } from './datesystem';
export {
  SYNONYMS,
  normalizeHeader,
  matchHeader,
  headerScore,
  detectRoles,
  findHeaderIndex,
  isTotalsLabel,
  type RoleCandidate,
  type ColumnProfile,
  type DetectOptions,
  type Detection,
} from './headers';
export { readSalesTable, cellText, detectDecimalComma } from './read';
export { labelColumn, keyColumn, findHeader } from './labels';
export {
  ROLE_NAMES,
  roleName,
  skipReason,
  errorMessage,
  competingNote,
  overrideNote,
  clip,
} from './messages';
