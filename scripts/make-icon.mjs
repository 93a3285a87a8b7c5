// Draws the app icon and writes what electron-builder uses from resources/ (no dependency: shapes are
// signed distance functions, PNGs are deflated with node:zlib):
//   icon.png  1024×1024 (Linux, and the source electron-builder would convert from)
//   icon.ico  16–256 px PNG entries (Windows: app, installer, uninstaller)
//   icon.icns 16–1024 px PNG entries (macOS)
// Run: node scripts/make-icon.mjs [output dir]   (default: resources/)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

// ── the drawing, in a 1024-unit square ────────────────────────────────────────────────────────────

const BLUE_TOP = [59, 111, 240];
const BLUE_BOTTOM = [27, 58, 160];
const PAPER = [255, 255, 255];
const TEXT_LINE = [196, 210, 242];
const GREEN = [34, 170, 110];

function roundedRect(x, y, [x0, y0, x1, y1, r]) {
  const qx = Math.abs(x - (x0 + x1) / 2) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(y - (y0 + y1) / 2) - ((y1 - y0) / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function circle(x, y, [cx, cy, r]) {
  return Math.hypot(x - cx, y - cy) - r;
}

function capsule(x, y, [ax, ay, bx, by, r]) {
  const [px, py, dx, dy] = [x - ax, y - ay, bx - ax, by - ay];
  const h = Math.min(1, Math.max(0, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * h, py - dy * h) - r;
}

/** Layers from back to front: [distance function, its parameters, colour (or a function of y)]. */
const LAYERS = [
  // Background: the usual rounded square with the margin of the macOS icon grid.
  [roundedRect, [100, 100, 924, 924, 185], (y) => mix(BLUE_TOP, BLUE_BOTTOM, (y - 100) / 824)],
  // A sheet of paper with lines of text…
  [roundedRect, [292, 214, 700, 790, 44], PAPER],
  [capsule, [372, 350, 620, 350, 20], TEXT_LINE],
  [capsule, [372, 436, 620, 436, 20], TEXT_LINE],
  [capsule, [372, 522, 560, 522, 20], TEXT_LINE],
  // …signed off by a check mark on a badge with a white rim.
  [circle, [690, 706, 178], PAPER],
  [circle, [690, 706, 150], GREEN],
  [capsule, [618, 710, 670, 762, 30], PAPER],
  [capsule, [670, 762, 766, 650, 30], PAPER],
];

function mix(a, b, t) {
  const k = Math.min(1, Math.max(0, t));
  return a.map((v, i) => v + (b[i] - v) * k);
}

/** RGBA pixels of the icon at `size`×`size`, anti-aliased by the distance to each shape's edge. */
export function renderIcon(size) {
  const pixels = Buffer.alloc(size * size * 4);
  const unitsPerPixel = 1024 / size;
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const x = (col + 0.5) * unitsPerPixel;
      const y = (row + 0.5) * unitsPerPixel;
      let [r, g, b, a] = [0, 0, 0, 0]; // premultiplied
      for (const [shape, params, paint] of LAYERS) {
        const coverage = Math.min(1, Math.max(0, 0.5 - shape(x, y, params) / unitsPerPixel));
        if (coverage === 0) continue;
        const [cr, cg, cb] = typeof paint === 'function' ? paint(y) : paint;
        r = cr * coverage + r * (1 - coverage);
        g = cg * coverage + g * (1 - coverage);
        b = cb * coverage + b * (1 - coverage);
        a = coverage + a * (1 - coverage);
      }
      const at = (row * size + col) * 4;
      if (a > 0) {
        pixels[at] = Math.round(r / a);
        pixels[at + 1] = Math.round(g / a);
        pixels[at + 2] = Math.round(b / a);
      }
      pixels[at + 3] = Math.round(a * 255);
    }
  }
  return pixels;
}

// ── file formats ──────────────────────────────────────────────────────────────────────────────────

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGBA PNG (colour type 6), no filtering, maximum compression. */
export function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth, colour type, compression, filter, interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let row = 0; row < size; row++) rgba.copy(rows, row * (size * 4 + 1) + 1, row * size * 4, (row + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A Windows icon whose entries are PNGs (supported since Windows Vista). */
export function encodeIco(pngs) {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, entry); // 0 means 256
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt16LE(1, entry + 4); // planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs.map(({ png }) => png)]);
}

/** PNG-based icns element types (macOS 10.7+) by pixel size. */
export const ICNS_TYPES = { 16: 'icp4', 32: 'icp5', 64: 'icp6', 128: 'ic07', 256: 'ic08', 512: 'ic09', 1024: 'ic10' };

export function encodeIcns(pngs) {
  const elements = pngs.map(({ size, png }) => {
    const head = Buffer.alloc(8);
    head.write(ICNS_TYPES[size], 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + elements.reduce((sum, e) => sum + e.length, 0), 4);
  return Buffer.concat([head, ...elements]);
}

// ── main ──────────────────────────────────────────────────────────────────────────────────────────

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'resources'));
  mkdirSync(outDir, { recursive: true });
  const pngs = new Map([16, 24, 32, 48, 64, 128, 256, 512, 1024].map((size) => [size, encodePng(size, renderIcon(size))]));
  const pick = (sizes) => sizes.map((size) => ({ size, png: pngs.get(size) }));
  writeFileSync(join(outDir, 'icon.png'), pngs.get(1024));
  writeFileSync(join(outDir, 'icon.ico'), encodeIco(pick([16, 24, 32, 48, 64, 128, 256])));
  writeFileSync(join(outDir, 'icon.icns'), encodeIcns(pick([16, 32, 64, 128, 256, 512, 1024])));
  console.log(`Wrote icon.png, icon.ico and icon.icns to ${outDir}`);
}
