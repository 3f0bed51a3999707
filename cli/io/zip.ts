/**
 * Patching a zip package (an .xlsx) without holding it in memory: `ZipReader` reads the central directory
 * and inflates single small entries on demand; `rewriteZip` writes a copy in which some entries are replaced
 * or added and every other entry is copied as its compressed bytes (local header, data and data
 * descriptor, unchanged), so a workbook with a 1,048,576-row sheet costs a byte copy, not a recompression.
 * Plain zips only (no ZIP64: under 4 GiB and 65,535 entries), which is what ExcelJS and Excel write for
 * such workbooks; a ZIP64 package is refused with a clear error. Host code (Node).
 */
import { promises as fs } from 'node:fs';
import * as zlib from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  crc: number;
  /** Offset of the local file header. */
  offset: number;
  /** The raw central-directory record (copied, with a new offset, for unchanged entries). */
  record: Buffer;
}

const EOCD = 0x06054b50;
const CEN = 0x02014b50;
const LOC = 0x04034b50;
const MAX32 = 0xffffffff;
const COPY_CHUNK = 1 << 20;

export class ZipReader {
  private constructor(
    private readonly fh: fs.FileHandle,
    readonly entries: ZipEntry[],
    /** Where the central directory starts (the end of the last entry's bytes). */
    readonly directoryOffset: number,
  ) {}

  static async open(file: string): Promise<ZipReader> {
    const fh = await fs.open(file, 'r');
    try {
      const { size } = await fh.stat();
      const tailLen = Math.min(size, 22 + 0xffff);
      const tail = await readAt(fh, size - tailLen, tailLen);
      let at = -1;
      for (let i = tailLen - 22; i >= 0 && at < 0; i--) if (tail.readUInt32LE(i) === EOCD) at = i;
      if (at < 0) throw new Error(`${file} is not a zip file (no end of central directory)`);
      const count = tail.readUInt16LE(at + 10);
      const cdSize = tail.readUInt32LE(at + 12);
      const cdOffset = tail.readUInt32LE(at + 16);
      if (count === 0xffff || cdOffset === MAX32 || cdSize === MAX32)
        throw new Error(`${file} is a ZIP64 package, which this step cannot patch`);
      const cd = await readAt(fh, cdOffset, cdSize);
      return new ZipReader(fh, parseDirectory(cd, count), cdOffset);
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  entry(name: string): ZipEntry | undefined {
    return this.entries.find((e) => e.name === name);
  }

  /** The uncompressed bytes of one entry (meant for the small XML parts), or undefined if absent. */
  async read(name: string): Promise<Buffer | undefined> {
    const e = this.entry(name);
    if (!e) return undefined;
    const head = await readAt(this.fh, e.offset, 30);
    if (head.readUInt32LE(0) !== LOC) throw new Error(`Bad local header for ${name}`);
    const start = e.offset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
    const data = await readAt(this.fh, start, e.compressedSize);
    if (e.method !== 0 && e.method !== 8)
      throw new Error(`Unsupported compression method ${e.method} for ${name}`);
    const out = e.method === 8 ? zlib.inflateRawSync(data) : data;
    if (crc32(out) !== e.crc) throw new Error(`CRC mismatch in ${name}`);
    return out;
  }

  /** Copy bytes [start, end) of the package to `out`, in chunks. */
  async copyTo(out: fs.FileHandle, start: number, end: number): Promise<void> {
    const buf = Buffer.allocUnsafe(Math.min(COPY_CHUNK, Math.max(1, end - start)));
    for (let pos = start; pos < end;) {
      const { bytesRead } = await this.fh.read(buf, 0, Math.min(buf.length, end - pos), pos);
      if (bytesRead === 0) throw new Error('Unexpected end of the zip file');
      await out.write(buf, 0, bytesRead);
      pos += bytesRead;
    }
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}

function parseDirectory(cd: Buffer, count: number): ZipEntry[] {
  const entries: ZipEntry[] = [];
  for (let p = 0, i = 0; i < count; i++) {
    if (cd.readUInt32LE(p) !== CEN) throw new Error('Bad central directory record');
    const nameLen = cd.readUInt16LE(p + 28);
    const len = 46 + nameLen + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    const utf8 = (cd.readUInt16LE(p + 8) & 0x800) !== 0;
    const offset = cd.readUInt32LE(p + 42);
    const compressedSize = cd.readUInt32LE(p + 20);
    if (offset === MAX32 || compressedSize === MAX32 || cd.readUInt32LE(p + 24) === MAX32)
      throw new Error('ZIP64 entries are not supported');
    entries.push({
      name: cd.toString(utf8 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen),
      method: cd.readUInt16LE(p + 10),
      compressedSize,
      crc: cd.readUInt32LE(p + 16),
      offset,
      record: cd.subarray(p, p + len),
    });
    p += len;
  }
  return entries;
}

async function readAt(fh: fs.FileHandle, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  let got = 0;
  while (got < len) {
    const { bytesRead } = await fh.read(buf, got, len - got, pos + got);
    if (bytesRead === 0) throw new Error('Unexpected end of the zip file');
    got += bytesRead;
  }
  return buf;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** MS-DOS time and date (local time, 2-second resolution) as zip headers store them. */
function dosTime(d: Date): [number, number] {
  const time = (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1);
  const date = ((Math.max(1980, d.getFullYear()) - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate();
  return [time, date];
}

/** Local header + central record of a new deflated entry written at `offset`. */
function newEntry(name: string, data: Buffer, offset: number): { local: Buffer; record: Buffer } {
  const nameBuf = Buffer.from(name, 'utf8');
  const packed = zlib.deflateRawSync(data);
  const crc = crc32(data);
  const flags = /^[\x20-\x7e]*$/.test(name) ? 0 : 0x800;
  const local = Buffer.alloc(30 + nameBuf.length);
  local.writeUInt32LE(LOC, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(flags, 6);
  local.writeUInt16LE(8, 8);
  const [time, date] = dosTime(new Date());
  local.writeUInt16LE(time, 10);
  local.writeUInt16LE(date, 12);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBuf.length, 26);
  nameBuf.copy(local, 30);
  const record = Buffer.alloc(46 + nameBuf.length);
  record.writeUInt32LE(CEN, 0);
  record.writeUInt16LE(20, 4);
  record.writeUInt16LE(20, 6);
  local.copy(record, 8, 6, 28); // flags .. name length, as in the local header
  record.writeUInt32LE(offset, 42);
  nameBuf.copy(record, 46);
  return { local: Buffer.concat([local, packed]), record };
}

/**
 * Write `outFile`: the entries of `zip` in their order, each one named in `parts` replaced by its new
 * content, then the entries of `parts` that `zip` does not have. Unchanged entries are copied raw.
 */
/** The central directory (`records`, starting at byte `pos`) and its end record, which close a zip file. */
export async function writeDirectory(out: fs.FileHandle, records: Buffer[], pos: number): Promise<void> {
  const cd = Buffer.concat(records);
  if (pos + cd.length >= MAX32 || records.length >= 0xffff)
    throw new Error('The workbook is too large for a plain zip (ZIP64 is not supported)');
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(EOCD, 0);
  eocd.writeUInt16LE(records.length, 8);
  eocd.writeUInt16LE(records.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(pos, 16);
  await out.write(Buffer.concat([cd, eocd]));
}

export async function rewriteZip(zip: ZipReader, outFile: string, parts: Map<string, Buffer>): Promise<void> {
  const out = await fs.open(outFile, 'w');
  try {
    const spans = [...zip.entries].sort((a, b) => a.offset - b.offset);
    const ends = new Map(spans.map((e, i) => [e, spans[i + 1]?.offset ?? zip.directoryOffset]));
    const records: Buffer[] = [];
    let pos = 0;
    const add = async (name: string, data: Buffer): Promise<void> => {
      const { local, record } = newEntry(name, data, pos);
      await out.write(local);
      records.push(record);
      pos += local.length;
    };
    for (const e of spans) {
      const replaced = parts.get(e.name);
      if (replaced) {
        await add(e.name, replaced);
        continue;
      }
      const record = Buffer.from(e.record);
      record.writeUInt32LE(pos, 42);
      records.push(record);
      await zip.copyTo(out, e.offset, ends.get(e)!);
      pos += ends.get(e)! - e.offset;
    }
    for (const [name, data] of parts) if (!zip.entry(name)) await add(name, data);
    await writeDirectory(out, records, pos);
  } finally {
    await out.close();
  }
}
