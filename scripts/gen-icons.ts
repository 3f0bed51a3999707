/**
 * Draws the add-in icons (assets/icon-16.png ... icon-128.png): a target in Office green with a rising
 * arrow hitting it, on a transparent background. Written with a minimal PNG encoder on Node's zlib so
 * that the icons can be regenerated without an image tool: `npx tsx scripts/gen-icons.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

export const ICON_SIZES = [16, 32, 64, 80, 128] as const;

/** Excel / Office green. */
const GREEN: RGB = [0x21, 0x73, 0x46];
const DARK: RGB = [0x10, 0x4e, 0x2b];
const WHITE: RGB = [0xff, 0xff, 0xff];

type RGB = [number, number, number];

// --- PNG encoding ---------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Encodes RGBA pixels (row by row, 4 bytes a pixel) as a PNG (colour type 6, 8 bits). */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering
  ihdr[12] = 0; // no interlace
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// --- Drawing ----------------------------------------------------------------------------------

/** Distance from point p to the segment a-b. */
function segDist(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The colour at a point of the unit square (0..1, y down), or null when transparent. */
function shade(x: number, y: number, size: number): RGB | null {
  // Arrow from the lower left to the centre of the target, drawn on top.
  const cx = 0.56;
  const cy = 0.44;
  const stroke = Math.max(0.075, 1.6 / size);
  const ax = 0.12;
  const ay = 0.88;
  if (segDist(x, y, ax, ay, cx - 0.07, cy + 0.07) < stroke / 2) return DARK;
  // Arrow head: a triangle pointing at the centre.
  const ux = (cx - ax) / Math.hypot(cx - ax, cy - ay);
  const uy = (cy - ay) / Math.hypot(cx - ax, cy - ay);
  const along = (x - cx) * ux + (y - cy) * uy; // <= 0 behind the tip
  const across = Math.abs(-(x - cx) * uy + (y - cy) * ux);
  if (along <= 0 && along >= -0.2 && across <= -along * 0.6) return DARK;
  // Target: green disc, white ring, green ring, white ring, green bull's-eye.
  const r = Math.hypot(x - cx, y - cy);
  const R = 0.42;
  if (r > R) return null;
  if (size <= 16) return r < R * 0.4 || r > R * 0.72 ? GREEN : WHITE;
  if (r > R * 0.8) return GREEN;
  if (r > R * 0.6) return WHITE;
  if (r > R * 0.4) return GREEN;
  if (r > R * 0.2) return WHITE;
  return GREEN;
}

/** Renders one icon with 4×4 supersampling. */
export function drawIcon(size: number): Buffer {
  const ss = 4;
  const px = new Uint8Array(size * size * 4);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sj = 0; sj < ss; sj++) {
        for (let si = 0; si < ss; si++) {
          const c = shade((i + (si + 0.5) / ss) / size, (j + (sj + 0.5) / ss) / size, size);
          if (c) {
            r += c[0];
            g += c[1];
            b += c[2];
            a++;
          }
        }
      }
      const o = (j * size + i) * 4;
      if (a > 0) {
        px[o] = Math.round(r / a);
        px[o + 1] = Math.round(g / a);
        px[o + 2] = Math.round(b / a);
        px[o + 3] = Math.round((255 * a) / (ss * ss));
      }
    }
  }
  return encodePng(size, size, px);
}

function main(): void {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'assets');
  mkdirSync(dir, { recursive: true });
  for (const size of ICON_SIZES) {
    const png = drawIcon(size);
    writeFileSync(join(dir, `icon-${size}.png`), png);
    console.log(`assets/icon-${size}.png  ${png.length} bytes`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
