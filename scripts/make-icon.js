// Writes media/icon.png (128x128): a white whale on a DeepSeek-blue rounded square.
// No dependencies: shapes are rasterised with 4x4 supersampling and written as a PNG with zlib.
// Run: node scripts/make-icon.js [out.png] [size]
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const SIZE = Number(process.argv[3]) || 128;
const out = process.argv[2] || path.join(__dirname, '..', 'media', 'icon.png');
const S = SIZE / 128; // shapes below are in a 128-unit design space

// ---- shapes (design space 0..128) ----
function roundedSquare(x, y, r = 26, m = 4) {
  const lo = m + r, hi = 128 - m - r;
  const dx = Math.max(lo - x, 0, x - hi);
  const dy = Math.max(lo - y, 0, y - hi);
  return dx * dx + dy * dy <= r * r;
}
function ellipse(x, y, cx, cy, rx, ry) {
  const u = (x - cx) / rx, v = (y - cy) / ry;
  return u * u + v * v <= 1;
}
function circle(x, y, cx, cy, r) {
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}
function polygon(x, y, pts) {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i], [xj, yj] = pts[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const whaleBody = (x, y) =>
  // head and back: a big ellipse, flattened below by the belly cut
  (ellipse(x, y, 56, 74, 38, 25) && y <= 88) ||
  ellipse(x, y, 56, 86, 33, 9) ||
  // the body narrowing into the tail stock
  polygon(x, y, [[76, 54], [90, 60], [99, 60], [104, 70], [94, 82], [82, 90], [70, 93]]);
const whaleTail = (x, y) =>
  polygon(x, y, [[96, 62], [100, 56], [96, 34], [108, 47], [121, 40], [113, 60], [104, 70]]);
const whale = (x, y) => whaleBody(x, y) || whaleTail(x, y);
const eye = (x, y) => circle(x, y, 36, 70, 4.2);
const belly = (x, y) => ellipse(x, y, 52, 88, 26, 3.2) && y >= 87;
const spout = (x, y) =>
  circle(x, y, 44, 40, 4.5) || circle(x, y, 36, 30, 3.4) || circle(x, y, 52, 30, 3.4) || circle(x, y, 44, 22, 2.6);
const wave = (x, y) => {
  if (x < 14 || x > 114) return false;
  const c = 104 + 3 * Math.sin((x - 14) / 6);
  return Math.abs(y - c) <= 2.2;
};

// ---- colours ----
function background(x, y) {
  // diagonal gradient from DeepSeek blue to a deeper blue
  const t = Math.min(1, Math.max(0, (x + y) / 256));
  const a = [0x5b, 0x7c, 0xff], b = [0x2b, 0x44, 0xd6];
  return a.map((c, i) => Math.round(c + (b[i] - c) * t));
}
const WHITE = [255, 255, 255];
const DEEP = [0x1e, 0x30, 0xa8];
const FOAM = [0xc9, 0xd6, 0xff];

function sample(x, y) {
  if (!roundedSquare(x, y)) return null;
  if (eye(x, y)) return DEEP;
  if (belly(x, y)) return FOAM;
  if (whale(x, y)) return WHITE;
  if (spout(x, y)) return FOAM;
  if (wave(x, y)) return FOAM;
  return background(x, y);
}

// ---- rasterise with supersampling ----
const N = 4;
const rgba = Buffer.alloc(SIZE * SIZE * 4);
for (let py = 0; py < SIZE; py++) {
  for (let px = 0; px < SIZE; px++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < N; sy++) {
      for (let sx = 0; sx < N; sx++) {
        const x = (px + (sx + 0.5) / N) / S, y = (py + (sy + 0.5) / N) / S;
        const c = sample(x, y);
        if (c) { r += c[0]; g += c[1]; b += c[2]; a++; }
      }
    }
    const o = (py * SIZE + px) * 4;
    if (a) {
      rgba[o] = Math.round(r / a);
      rgba[o + 1] = Math.round(g / a);
      rgba[o + 2] = Math.round(b / a);
    }
    rgba[o + 3] = Math.round((255 * a) / (N * N));
  }
}

// ---- PNG encoding ----
const crcTable = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(buf) {
  let c = -1;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  rgba.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
}
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, png);
console.log(`wrote ${out} (${SIZE}x${SIZE}, ${png.length} bytes)`);
