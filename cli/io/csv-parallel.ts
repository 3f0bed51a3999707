/**
 * A large UTF-8 CSV read on two cores: the bytes are cut at a line feed near the middle, a worker thread types
 * the second part (csv-worker.ts) while this thread types the first, and the two sets of columns are joined
 * (core/table/columns.ts concatRows). The result is the one `csvColumns` gives for the whole text; when the cut
 * fell inside a quoted field (the first part did not end where a row ends), when the bytes are not UTF-8,
 * when no second core is free or when the worker fails, it returns null and the caller reads the file in one pass. Only the built command
 * line runs the worker (a worker cannot load TypeScript): elsewhere this returns null at once.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ColumnarCells, concatRows, type CellColumn } from '../../core/table/columns';
import { csvPart, sniffDelimiter } from './csv-fast';

/** Files from this size are read on two cores (`SGA_PARALLEL_CSV_BYTES` sets it; the tests make it small). */
const PARALLEL_CSV_BYTES = 8 << 20;

/** What the worker sends back: the part's columns (typed arrays moved, not copied), or null. */
export interface WorkerPart {
  length: number;
  columns: CellColumn[];
}

function parallelThreshold(): number {
  const env = Number(process.env.SGA_PARALLEL_CSV_BYTES);
  return Number.isFinite(env) && env > 0 ? env : PARALLEL_CSV_BYTES;
}

/**
 * Whether a second core is free: two threads on one busy core are slower than one (the join costs ~0.1 s at a
 * million rows). Free when the load average says so, or (on Linux, where the average lags a minute behind) when
 * no other task is running now (/proc/loadavg counts this one, and can catch one of its own V8 threads: so
 * both). `SGA_PARALLEL_CSV_BYTES` set by hand skips the check.
 */
function coreFree(): boolean {
  if (process.env.SGA_PARALLEL_CSV_BYTES) return true;
  const cores = os.availableParallelism();
  if (cores < 2) return false;
  if (os.loadavg()[0] < cores - 0.5) return true;
  try {
    const running = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[3]?.split('/')[0]);
    return running - 1 < cores - 1;
  } catch {
    return false; // not Linux
  }
}

/** The CSV's columns read on two cores, or null (see above). `buf` holds the file's bytes. */
export async function csvColumnsParallel(buf: Uint8Array): Promise<ColumnarCells | null> {
  const workerFile = path.join(__dirname, 'csv-worker.js');
  if (buf.length < parallelThreshold() || !existsSync(workerFile) || !coreFree()) return null;
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) return null; // UTF-16
  // A little past the middle: the worker also starts a thread, decodes its bytes and sends its columns back.
  const cut = buf.indexOf(0x0a, Math.floor(buf.length * 0.55)) + 1;
  if (cut <= 0 || cut >= buf.length) return null;
  // The delimiter from the first line: its ASCII characters are where they are in any reading of the bytes.
  const sep = sniffDelimiter(
    Buffer.from(buf.buffer, buf.byteOffset, Math.min(cut, 1 << 20)).toString('latin1'),
  );
  const second = new Uint8Array(buf.subarray(cut)); // a copy (a Buffer's slice is not one), moved to the worker
  const worker = new Worker(workerFile, {
    workerData: { bytes: second, sep },
    transferList: [second.buffer],
  });
  const theirs = new Promise<WorkerPart | null>((resolve) => {
    worker.once('message', (m: WorkerPart | null) => resolve(m));
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
  let mine: ReturnType<typeof csvPart> | null = null;
  try {
    mine = csvPart(new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, cut)), sep, true);
  } catch {
    mine = null; // not UTF-8
  }
  if (mine === null || !mine.clean) {
    await worker.terminate();
    return null;
  }
  const part = await theirs;
  void worker.terminate();
  if (part === null) return null;
  // Nothing after the cut but rows of empty fields: those at the first part's end would go too (one pass does it).
  if (part.length === 0) return null;
  return concatRows(mine.cells, new ColumnarCells(part.length, part.columns, mine.cells.formats));
}
