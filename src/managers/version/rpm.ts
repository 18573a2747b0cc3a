// rpm's version rules, ported (own code) from the documented behaviour of rpmvercmp() and
// rpmverCmp() in rpm 4.18: EVR strings `[epoch:]version[-release]`, compared segment by segment.

const isDigit = (c: string) => c >= '0' && c <= '9';
const isAlpha = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isAlnum = (c: string) => isDigit(c) || isAlpha(c);

/** Length of the run of characters from `from` that satisfy `test`. */
function runEnd(s: string, from: number, test: (c: string) => boolean): number {
  let i = from;
  while (i < s.length && test(s[i]!)) i++;
  return i;
}

function stripZeros(s: string): string {
  let i = 0;
  while (i < s.length - 1 && s[i] === '0') i++;
  return s === '' ? s : s.slice(i);
}

/**
 * rpmvercmp: alternating numeric / alphabetic segments, anything else separates them.
 * `~` sorts before everything (even the end of the string), `^` after the end but before any
 * further segment. Numeric segments beat alphabetic ones; numbers compare by value.
 */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && !isAlnum(a[i]!) && a[i] !== '~' && a[i] !== '^') i++;
    while (j < b.length && !isAlnum(b[j]!) && b[j] !== '~' && b[j] !== '^') j++;
    const ca = a[i];
    const cb = b[j];
    if (ca === undefined && cb === undefined) return 0;

    if (ca === '~' || cb === '~') {
      if (ca !== '~') return 1;
      if (cb !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (ca === '^' || cb === '^') {
      if (ca === undefined) return -1;
      if (cb === undefined) return 1;
      if (ca !== '^') return 1;
      if (cb !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (ca === undefined || cb === undefined) break;

    const numeric = isDigit(ca);
    const test = numeric ? isDigit : isAlpha;
    const ea = runEnd(a, i, test);
    const eb = runEnd(b, j, test);
    // a's segment is never empty here; b's is empty when its segment has the other type.
    if (eb === j) return numeric ? 1 : -1;
    let sa = a.slice(i, ea);
    let sb = b.slice(j, eb);
    if (numeric) {
      sa = stripZeros(sa);
      sb = stripZeros(sb);
      if (sa.length !== sb.length) return sa.length > sb.length ? 1 : -1;
    }
    if (sa !== sb) return sa < sb ? -1 : 1;
    i = ea;
    j = eb;
  }
  // All segments equal: whichever string still has characters left wins.
  const restA = i < a.length;
  const restB = j < b.length;
  if (!restA && !restB) return 0;
  return restA ? 1 : -1;
}

export interface Evr {
  epoch: string | null;
  version: string;
  release: string | null;
}

/**
 * rpm's EVR split: leading digits followed by ':' are the epoch (an empty epoch counts as 0);
 * the release is what follows the LAST '-'. Without ':' there is no epoch (compares as 0).
 */
export function parseEvr(evr: string): Evr {
  let k = 0;
  while (k < evr.length && isDigit(evr[k]!)) k++;
  let epoch: string | null = null;
  let rest = evr;
  if (evr[k] === ':') {
    epoch = evr.slice(0, k) || '0';
    rest = evr.slice(k + 1);
  }
  const dash = rest.lastIndexOf('-');
  if (dash < 0) return { epoch, version: rest, release: null };
  return { epoch, version: rest.slice(0, dash), release: rest.slice(dash + 1) };
}

/**
 * What `rpm.vercmp(a, b)` answers: epochs, then versions, then releases. A missing release sorts
 * below any present release, even an empty one (`1.0` < `1.0-1`, `1.0` < `1.0-`).
 */
export function compareRpmVersions(a: string, b: string): number {
  const x = parseEvr(a);
  const y = parseEvr(b);
  let rc = rpmvercmp(x.epoch ?? '0', y.epoch ?? '0');
  if (rc !== 0) return rc;
  rc = rpmvercmp(x.version, y.version);
  if (rc !== 0) return rc;
  if (x.release !== null && y.release !== null) return rpmvercmp(x.release, y.release);
  if (x.release !== null) return 1;
  if (y.release !== null) return -1;
  return 0;
}
