/**
 * The worker thread of csv-parallel.ts: the second part of a CSV's bytes (UTF-8, starting where a row starts)
 * to typed columns, sent back with their arrays moved; null when the bytes are not UTF-8.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { csvPart } from './csv-fast';
import type { WorkerPart } from './csv-parallel';

const { bytes, sep } = workerData as { bytes: Uint8Array; sep: number };
let text: string | null = null;
try {
  text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
} catch {
  text = null;
}
if (text === null) parentPort!.postMessage(null);
else {
  const { cells } = csvPart(text, sep, false);
  const part: WorkerPart = { length: cells.length, columns: [...cells.columns] };
  const moved: ArrayBuffer[] = [];
  for (const c of part.columns)
    for (const a of [c.codes, c.values, c.fmt]) if (a) moved.push(a.buffer as ArrayBuffer);
  parentPort!.postMessage(part, moved);
}
