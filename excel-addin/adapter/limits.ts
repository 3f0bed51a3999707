/**
 * Sizing of the Office.js batches. Excel on the web rejects a request or a response larger than 5 MB
 * (RequestPayloadSizeLimitExceeded / ResponsePayloadSizeLimitExceeded) and a read of more than 5,000,000
 * cells; desktop Excel is more generous, so the web limits are the ones we plan for. Blocks stay well below:
 * at most 100,000 cells and an estimated 4 MB per sync.
 */

/** The hard limit of Excel on the web, per request and per response. */
export const PAYLOAD_LIMIT = 5 * 1024 * 1024;
/** What we allow ourselves per sync (estimates are estimates). */
export const PAYLOAD_BUDGET = 4 * 1024 * 1024;
/** Cells per block (read or write). */
export const MAX_BLOCK_CELLS = 100_000;
/** Excel on the web's limit on the cells of one range read. */
export const READ_CELL_LIMIT = 5_000_000;
/** Bytes per cell assumed for values + numberFormat before anything was measured (generous). */
export const INITIAL_READ_BYTES_PER_CELL = 40;
/** Estimated JSON overhead of one queued operation (object path, action, ids). */
export const OP_OVERHEAD = 200;

/** UTF-8 length of a string as it travels in JSON (quotes and common escapes included). */
export function jsonStringBytes(s: string): number {
  let n = 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34 || c === 92) n += 2;
    else if (c < 32) n += 6;
    else if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Estimated JSON size of one cell value. */
export function cellBytes(v: unknown): number {
  if (v === null || v === undefined) return 5;
  if (typeof v === 'string') return jsonStringBytes(v) + 1;
  if (typeof v === 'number') return 19;
  if (typeof v === 'boolean') return 6;
  return jsonStringBytes(JSON.stringify(v)) + 1;
}

/** Estimated JSON size of a 2D array of cells. */
export function gridBytes(rows: readonly (readonly unknown[])[]): number {
  let n = 2;
  for (const row of rows) {
    n += 3;
    for (const v of row) n += cellBytes(v);
  }
  return n;
}

/** Rows per read block for `columns` columns at `bytesPerCell`: under the cell cap and the byte budget. */
export function readRowsPerBlock(columns: number, bytesPerCell: number): number {
  const cols = Math.max(1, columns);
  const byCells = Math.floor(MAX_BLOCK_CELLS / cols);
  const byBytes = Math.floor(PAYLOAD_BUDGET / (cols * Math.max(1, bytesPerCell)));
  return Math.max(1, Math.min(byCells, byBytes));
}

/**
 * True when Excel refused the request itself as too large (RequestPayloadSizeLimitExceeded): nothing of it ran,
 * so the same operations can be queued again in smaller batches. (A response that is too large comes back after
 * the request ran: writes are not retried on that.)
 */
export function isRequestTooLarge(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  const msg = String((e as { message?: unknown } | null)?.message ?? '');
  return code === 'RequestPayloadSizeLimitExceeded' || /request payload size/i.test(msg);
}

/** True when an Office.js error is one of the payload limits (so a smaller block may work). */
export function isPayloadError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  const msg = String((e as { message?: unknown } | null)?.message ?? '');
  return (
    code === 'RequestPayloadSizeLimitExceeded' ||
    code === 'ResponsePayloadSizeLimitExceeded' ||
    /payload size/i.test(msg)
  );
}
