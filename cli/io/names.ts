/** Sheet names for the command line's output workbook (no ExcelJS here, so a --json run does not load it). */
import { sanitizeSheetName, truncate31 } from './read';

/** `name` made a valid sheet name that is not in `taken` (lower-case names): "Name", "Name (2)", ... within 31 characters. */
export function uniqueSheetName(name: string, taken: ReadonlySet<string>): string {
  const base = sanitizeSheetName(name);
  if (!taken.has(base.toLowerCase())) return base;
  for (let k = 2; ; k++) {
    const suffix = ` (${k})`;
    const candidate = truncate31(base, 31 - suffix.length).replace(/'+$/, '') + suffix;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}
