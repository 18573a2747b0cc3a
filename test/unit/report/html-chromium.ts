import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';

/** Debian's chromium (or another headless-capable one on PATH); null when none is installed. */
export function findChromium(): string | null {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return null;
}

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-domain-reliability',
  '--no-first-run',
  '--no-default-browser-check',
  '--hide-scrollbars',
];

/**
 * When we may (root), Chromium runs in a fresh network namespace of its own: the page is a
 * local file, and whatever the browser would like to contact, it cannot.
 */
let isolation: string[] | undefined;
function networkIsolation(): string[] {
  if (isolation === undefined) {
    const probe = spawnSync('unshare', ['--net', 'true'], { stdio: 'ignore' });
    isolation = probe.status === 0 ? ['unshare', '--net', '--'] : [];
  }
  return isolation;
}

export interface Rendered {
  dom: string;
  png: Buffer;
}

/** Writes the page to a temp file, loads it in headless Chromium: the DOM it built and a screenshot. */
export function renderInChromium(chromium: string, html: string, width = 1280, height = 1600, keepPng?: string): Rendered {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pkgfleet-html-'));
  try {
    const page = path.join(dir, 'report.html');
    writeFileSync(page, html);
    const url = pathToFileURL(page).href;
    const [cmd, ...prefix] = [...networkIsolation(), chromium];
    const run = (profile: string, extra: string[]) =>
      execFileSync(cmd!, [...prefix, ...FLAGS, `--user-data-dir=${path.join(dir, profile)}`, ...extra, url], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        timeout: 90_000,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    const dom = run('profile-dom', ['--dump-dom']);
    const shot = path.join(dir, 'shot.png');
    run('profile-shot', [`--screenshot=${shot}`, `--window-size=${width},${height}`]);
    const png = readFileSync(shot);
    if (keepPng) writeFileSync(keepPng, png);
    return { dom, png };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Image {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel. */
  pixels: Uint8Array;
}

/** A minimal PNG decoder for 8-bit RGB / RGBA, non-interlaced: what Chromium writes. */
export function decodePng(buf: Buffer): Image {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let pos = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  const idat: Buffer[] = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error('only 8-bit non-interlaced PNGs');
      colorType = data[9]!;
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const channels = colorType === 6 ? 4 : colorType === 2 ? 3 : 0;
  if (!channels) throw new Error(`unsupported PNG colour type ${colorType}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? cur[i - channels]! : 0;
      const b = prev[i]!;
      const c = i >= channels ? prev[i - channels]! : 0;
      let pred = 0;
      if (filter === 1) pred = a;
      else if (filter === 2) pred = b;
      else if (filter === 3) pred = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[i] = (line[i]! + pred) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < 3; k++) out[(y * width + x) * 4 + k] = cur[x * channels + k]!;
      out[(y * width + x) * 4 + 3] = channels === 4 ? cur[x * channels + 3]! : 255;
    }
    prev = cur;
  }
  return { width, height, pixels: out };
}

/** How many pixels are within `tolerance` (per channel) of the colour `#rrggbb`. */
export function countColour(img: Image, hex: string, tolerance = 6): number {
  const r = parseInt(hex.slice(1, 3), 16);
  const g = parseInt(hex.slice(3, 5), 16);
  const b = parseInt(hex.slice(5, 7), 16);
  let n = 0;
  for (let i = 0; i < img.pixels.length; i += 4) {
    if (
      Math.abs(img.pixels[i]! - r) <= tolerance &&
      Math.abs(img.pixels[i + 1]! - g) <= tolerance &&
      Math.abs(img.pixels[i + 2]! - b) <= tolerance
    ) n++;
  }
  return n;
}
