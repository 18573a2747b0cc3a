/**
 * pacman's version order (libalpm `alpm_pkg_vercmp`, what `vercmp A B` prints), written from its
 * documented behaviour: a version is `[epoch:]pkgver[-pkgrel]`; epochs compare first (missing =
 * 0), then pkgver, then pkgrel only when BOTH sides have one (`1.0` equals `1.0-5`). Segments are
 * compared the rpmvercmp way, with alpm's differences: a longer run of separators wins, and a
 * trailing alpha segment is OLDER than nothing (`1.0a < 1.0`, `1.0rc1 < 1.0`).
 * Works on bytes (the C code does), so a multi-byte character counts as that many separators.
 */

const encoder = new TextEncoder();

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isAlpha = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isAlnum = (c: number) => isDigit(c) || isAlpha(c);

/** Byte at i, or 0 past the end (the C string terminator). */
const at = (s: Uint8Array, i: number) => (i < s.length ? s[i]! : 0);

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** The segment comparison used for each of epoch, pkgver and pkgrel. */
export function compareSegments(a: string, b: string): number {
  if (a === b) return 0;
  const s1 = encoder.encode(a);
  const s2 = encoder.encode(b);
  let one = 0;
  let two = 0;
  // Where the previous segment ended: the separator run is measured from there.
  let end1 = 0;
  let end2 = 0;
  while (one < s1.length && two < s2.length) {
    while (one < s1.length && !isAlnum(s1[one]!)) one++;
    while (two < s2.length && !isAlnum(s2[two]!)) two++;
    if (one >= s1.length || two >= s2.length) break;
    const sep1 = one - end1;
    const sep2 = two - end2;
    if (sep1 !== sep2) return sep1 < sep2 ? -1 : 1;

    const numeric = isDigit(s1[one]!);
    const inSegment = numeric ? isDigit : isAlpha;
    end1 = one;
    end2 = two;
    while (end1 < s1.length && inSegment(s1[end1]!)) end1++;
    while (end2 < s2.length && inSegment(s2[end2]!)) end2++;
    // The other side has a segment of the other kind here: numbers beat letters.
    if (end2 === two) return numeric ? 1 : -1;

    let seg1: Uint8Array = s1.subarray(one, end1);
    let seg2: Uint8Array = s2.subarray(two, end2);
    if (numeric) {
      seg1 = stripZeros(seg1);
      seg2 = stripZeros(seg2);
      if (seg1.length !== seg2.length) return seg1.length > seg2.length ? 1 : -1;
    }
    const c = compareBytes(seg1, seg2);
    if (c !== 0) return c;
    one = end1;
    two = end2;
  }
  const rest1 = at(s1, one);
  const rest2 = at(s2, two);
  if (rest1 === 0 && rest2 === 0) return 0;
  // What is left over decides: a remaining alpha segment never beats the end of the string.
  if ((rest1 === 0 && !isAlpha(rest2)) || isAlpha(rest1)) return -1;
  return 1;
}

function stripZeros(seg: Uint8Array): Uint8Array {
  let i = 0;
  while (i < seg.length && seg[i] === 0x30) i++;
  return seg.subarray(i);
}

export interface AlpmEvr {
  epoch: string;
  version: string;
  release: string | null;
}

/** Splits `[epoch:]pkgver[-pkgrel]` the way libalpm does (the release is after the LAST '-'). */
export function splitEvr(full: string): AlpmEvr {
  let i = 0;
  while (i < full.length && isDigit(full.charCodeAt(i))) i++;
  const dash = full.lastIndexOf('-');
  const hasEpoch = full[i] === ':';
  const epoch = hasEpoch ? full.slice(0, i) || '0' : '0';
  const versionStart = hasEpoch ? i + 1 : 0;
  if (dash >= versionStart) {
    return { epoch, version: full.slice(versionStart, dash), release: full.slice(dash + 1) };
  }
  return { epoch, version: full.slice(versionStart), release: null };
}

/** -1, 0 or 1, as `vercmp a b` prints. */
export function compareAlpmVersions(a: string, b: string): number {
  if (a === b) return 0;
  const x = splitEvr(a);
  const y = splitEvr(b);
  let r = compareSegments(x.epoch, y.epoch);
  if (r === 0) r = compareSegments(x.version, y.version);
  if (r === 0 && x.release !== null && y.release !== null) r = compareSegments(x.release, y.release);
  return r;
}
