// Debian version ordering (deb-version(7), Debian Policy 5.6.12), written from the published rules.
// Parsing is lenient the way apt's own comparison is: an epoch is a leading run of digits followed
// by ':', the revision is whatever follows the last '-'. Nothing here validates; see apt-validate.ts.

export interface DebianVersion {
  epoch: string;
  upstream: string;
  revision: string;
}

export function parseDebianVersion(version: string): DebianVersion {
  let rest = version;
  let epoch = '0';
  const colon = /^(\d+):/.exec(rest);
  if (colon) {
    epoch = colon[1]!;
    rest = rest.slice(colon[0].length);
  }
  const dash = rest.lastIndexOf('-');
  if (dash < 0) return { epoch, upstream: rest, revision: '' };
  return { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) };
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isLetter = (c: string): boolean => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');

/** Sort weight of one non-digit character: '~' < end of string < letters < everything else. */
function weight(c: string): number {
  if (c === '') return 0;
  if (c === '~') return -1;
  if (isLetter(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

/** Compares two runs of digits as numbers of any length (leading zeros ignored). */
function compareDigitRuns(a: string, b: string): number {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** One upstream or revision part: alternating non-digit and digit runs. */
export function compareFragment(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    // Non-digit run, character by character ('' stands for "ran out").
    while ((i < a.length && !isDigit(a[i]!)) || (j < b.length && !isDigit(b[j]!))) {
      const wa = weight(i < a.length && !isDigit(a[i]!) ? a[i]! : '');
      const wb = weight(j < b.length && !isDigit(b[j]!) ? b[j]! : '');
      if (wa !== wb) return wa - wb;
      i++;
      j++;
    }
    let ei = i;
    while (ei < a.length && isDigit(a[ei]!)) ei++;
    let ej = j;
    while (ej < b.length && isDigit(b[ej]!)) ej++;
    const d = compareDigitRuns(a.slice(i, ei), b.slice(j, ej));
    if (d !== 0) return d;
    i = ei;
    j = ej;
  }
  return 0;
}

/** -1, 0 or 1, as `dpkg --compare-versions` orders them. */
export function compareDebianVersions(a: string, b: string): number {
  const x = parseDebianVersion(a);
  const y = parseDebianVersion(b);
  const r =
    compareDigitRuns(x.epoch, y.epoch) ||
    compareFragment(x.upstream, y.upstream) ||
    compareFragment(x.revision, y.revision);
  return Math.sign(r);
}
