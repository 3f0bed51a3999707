/**
 * The bench's realistic sales table (issue 13): orders from 2023-01-01 to 2025-12-31, 8 regions of 15 reps
 * (120), 40 products, one customer per ten rows (each customer buys from one rep), orders of 1 to 3 lines
 * (the lines of an order share its ID, date, customer and rep), in date order as an export gives them.
 * Seeded: the same rows for the same size and seed. Written as a .csv (UTF-8) and as an .xlsx (ExcelJS's
 * streaming writer: shared strings, dates as date-formatted serials, as Excel saves them).
 */
import { createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { mulberry32 } from '../samples/data';

export const BENCH_HEADERS = [
  'Order Date',
  'Order ID',
  'Customer',
  'Region',
  'Sales Rep',
  'Product',
  'Quantity',
  'Sales',
] as const;

const REGIONS = ['East', 'North', 'South', 'West', 'Central', 'Northeast', 'Southwest', 'Northwest'];
const REPS_PER_REGION = 15;
const PRODUCTS = 40;
const FIRST_DAY = 44927; // 2023-01-01
const DAYS = 1096; // 2023-01-01 .. 2025-12-31

/** One line of an order: [serial day, order ID, customer, region, rep, product, quantity, amount]. */
export type BenchRow = [number, string, string, string, string, string, number, number];

/** The rows of the table, generated one at a time (a million rows are never all in memory here). */
export function* benchRows(rows: number, seed = 13): Generator<BenchRow> {
  const rand = mulberry32(seed);
  const reps = REGIONS.flatMap((r, i) =>
    Array.from({ length: REPS_PER_REGION }, (_, k) => ({
      name: `Rep ${i * REPS_PER_REGION + k + 1}`,
      region: r,
    })),
  );
  const products = Array.from({ length: PRODUCTS }, (_, k) => ({
    name: `Product ${String(k + 1).padStart(2, '0')}`,
    price: Math.round(20 + 2000 * rand() ** 2),
  }));
  const customers = Math.max(1, Math.round(rows / 10));
  // Regions grow at their own pace (-10% .. +25% a year), so the quadrant has all four corners.
  const growth = REGIONS.map((_, i) => -0.1 + (0.35 * i) / (REGIONS.length - 1));
  let order = 0;
  let i = 0;
  while (i < rows) {
    const day = FIRST_DAY + Math.floor((i * DAYS) / rows);
    const c = Math.floor(rand() * customers);
    const rep = reps[c % reps.length];
    const region = REGIONS.indexOf(rep.region);
    const lines = Math.min(1 + Math.floor(rand() * 3), rows - i);
    const id = `SO${String(1_000_000 + order++)}`;
    const years = (day - FIRST_DAY) / 365.25;
    for (let l = 0; l < lines; l++, i++) {
      const p = products[Math.floor(rand() * PRODUCTS)];
      const qty = 1 + Math.floor(rand() * 5);
      const amount =
        Math.round(p.price * qty * (1 + growth[region] * years) * (0.8 + 0.4 * rand()) * 100) / 100;
      yield [day, id, `Customer ${c + 1}`, rep.region, rep.name, p.name, qty, amount];
    }
  }
}

/** "2024-03-01" of a serial day (1900 system). */
function iso(serial: number): string {
  return new Date((serial - 25569) * 86_400_000).toISOString().slice(0, 10);
}

/** Writes the table as a UTF-8 CSV. */
export async function writeBenchCsv(file: string, rows: number, seed = 13): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const write = (s: string): Promise<void> =>
    new Promise((resolve) => (out.write(s) ? resolve() : out.once('drain', () => resolve())));
  await write(`${BENCH_HEADERS.join(',')}\n`);
  let chunk = '';
  for (const r of benchRows(rows, seed)) {
    chunk += `${iso(r[0])},${r[1]},${r[2]},${r[3]},${r[4]},${r[5]},${r[6]},${r[7].toFixed(2)}\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

/** Writes the table as an .xlsx with one sheet "Sales" (ExcelJS streaming writer). */
export async function writeBenchXlsx(file: string, rows: number, seed = 13): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: true,
    useStyles: true,
  });
  const ws = wb.addWorksheet('Sales');
  ws.columns = BENCH_HEADERS.map((h, j) => ({
    header: h,
    width: j === 0 ? 12 : 14,
    style: j === 0 ? { numFmt: 'yyyy-mm-dd' } : j === 7 ? { numFmt: '#,##0.00' } : {},
  }));
  for (const r of benchRows(rows, seed)) {
    const row = ws.addRow([new Date((r[0] - 25569) * 86_400_000), ...r.slice(1)]);
    row.commit();
  }
  ws.commit();
  await wb.commit();
}

/** The bench files of a size, generated once into `dir` (bench-<rows>.csv / .xlsx) and reused. */
export async function benchFiles(dir: string, rows: number): Promise<{ csv: string; xlsx: string }> {
  const csv = path.join(dir, `bench-${rows}.csv`);
  const xlsx = path.join(dir, `bench-${rows}.xlsx`);
  const exists = (f: string): Promise<boolean> =>
    fs.stat(f).then(
      (s) => s.size > 0,
      () => false,
    );
  const make = async (f: string, w: (tmp: string) => Promise<void>): Promise<void> => {
    if (await exists(f)) return;
    const tmp = `${f}.tmp${path.extname(f)}`;
    await w(tmp);
    await fs.rename(tmp, f);
  };
  await make(csv, (t) => writeBenchCsv(t, rows));
  await make(xlsx, (t) => writeBenchXlsx(t, rows));
  return { csv, xlsx };
}
