/**
 * A SheetSpec for a workbook in the 1904 date system: the core lays out dates as 1900-system serials (cells
 * with a date number format); written as they are into a 1904 workbook they would show four years and a day
 * late, and formulas comparing them with the source's dates would match nothing. Hosts pass their specs
 * through `specTo1904` before writing into such a workbook (see core/table/datesystem.ts).
 */
import { isDateFormat } from '../table/coerce';
import { DATE1904_OFFSET } from '../table/datesystem';
import type { SheetSpec, SpecCell } from './types';

/**
 * A copy of `spec` whose date cells hold 1904-system serials: the value of every numeric cell with a date
 * format, and the expected result of every formula cell with a date format, less `DATE1904_OFFSET`. Other
 * cells (and the input spec) are left as they are; rows without a date cell are shared with the input.
 */
export function specTo1904(spec: SheetSpec): SheetSpec {
  const memo = new Map<string, boolean>();
  const isDate = (fmt: string | undefined): boolean => {
    if (typeof fmt !== 'string') return false;
    let d = memo.get(fmt);
    if (d === undefined) memo.set(fmt, (d = isDateFormat(fmt)));
    return d;
  };
  const shift = (sc: SpecCell): SpecCell => {
    if (typeof sc.f === 'string' && sc.f !== '')
      return typeof sc.expect === 'number' && Number.isFinite(sc.expect)
        ? { ...sc, expect: sc.expect - DATE1904_OFFSET }
        : sc;
    return typeof sc.v === 'number' && Number.isFinite(sc.v) ? { ...sc, v: sc.v - DATE1904_OFFSET } : sc;
  };
  const cells = spec.cells.map((row) => {
    if (!row || !row.some((sc) => sc && isDate(sc.fmt))) return row;
    return row.map((sc) => (sc && isDate(sc.fmt) ? shift(sc) : sc));
  });
  return { ...spec, cells };
}
