import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compareDebianVersions, parseDebianVersion } from '../../../src/managers/version/dpkg.js';

function hasDpkg(): boolean {
  try {
    execFileSync('dpkg', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The real tool's answer for each pair: -1 / 0 / 1 via `dpkg --compare-versions`, one shell for all pairs. */
function dpkgCompare(pairs: Array<[string, string]>): number[] {
  // Exit 0 = true, 1 = false, anything else = dpkg rejected a version (reported, never guessed).
  const script =
    'while read -r a b; do dpkg --compare-versions "$a" lt "$b" 2>/dev/null; r=$?; ' +
    'if [ $r -eq 0 ]; then echo -1; elif [ $r -ne 1 ]; then echo "bad $a $b"; ' +
    'else dpkg --compare-versions "$a" eq "$b" 2>/dev/null && echo 0 || echo 1; fi; done';
  const input = pairs.map(([a, b]) => `${a} ${b}\n`).join('');
  const out = execFileSync('sh', ['-c', script], { input, encoding: 'utf8' });
  const lines = out.trim().split('\n');
  const bad = lines.filter((l) => l.startsWith('bad '));
  if (bad.length > 0) throw new Error(`dpkg rejected generated versions: ${bad.join('; ')}`);
  return lines.map(Number);
}

// [a, b, expected sign of compare(a, b)], each checked by hand against deb-version(7).
const TABLE: Array<[string, string, number]> = [
  ['1.0', '1.0-1', -1],
  ['1:1.0', '2.0', 1],
  ['1.0~rc1', '1.0', -1],
  ['1.0+b1', '1.0', 1],
  ['1.0a', '1.0', 1],
  ['2.0-1', '2.0-01', 0],
  ['1.0', '1.0-0', 0],
  ['0:1.0', '1.0', 0],
  ['1.0~~', '1.0~', -1],
  ['1.0~', '1.0', -1],
  ['1.0~~a', '1.0~~', 1],
  ['1.0', '1.0.0', -1],
  ['1.0.0', '1.0+0', 1], // both non-letters, ordered by ASCII: '+' (43) < '.' (46)
  ['1.2.13.dfsg-1', '1.2.13-1', 1],
  ['1:1.2.13.dfsg-1', '1.2.14-1', 1],
  ['1.6-2.1+deb12u1', '1.6-2.1+deb12u3', -1],
  ['1.6-2.1+deb12u3', '1.6-2.1+deb12u10', -1],
  ['5.2.15-2+b8', '5.2.15-2+b13', -1],
  ['252.38-1~deb12u1', '252.39-1~deb12u2', -1],
  ['3.0.19-1~deb12u2', '3.0.19-1', -1],
  ['1.10', '1.9', 1],
  ['1.010', '1.10', 0],
  ['1.0-1a', '1.0-1', 1],
  ['1.0-1~bpo1', '1.0-1', -1],
  ['1.0a', '1.0A', 1], // letters compare by ASCII: 'a' (97) > 'A' (65)
  ['1.0-', '1.0', 0], // lenient like apt: an empty revision equals no revision
  ['99999999999999999999', '99999999999999999998', 1],
  ['10:0.1', '9:99', 1],
];

describe('compareDebianVersions: table', () => {
  it.each(TABLE)('%s vs %s → %i', (a, b, expected) => {
    expect(compareDebianVersions(a, b)).toBe(expected);
    expect(compareDebianVersions(b, a)).toBe(expected === 0 ? 0 : -expected);
  });

  it.skipIf(!hasDpkg())('the table agrees with dpkg --compare-versions on this machine', () => {
    const rows = TABLE.filter(([a, b]) => !a.endsWith('-') && !b.endsWith('-')); // dpkg rejects an empty revision
    expect(dpkgCompare(rows.map(([a, b]) => [a, b]))).toEqual(rows.map(([, , e]) => e));
  });
});

describe('parseDebianVersion', () => {
  it('keeps an epoch whole and splits the revision at the last hyphen', () => {
    expect(parseDebianVersion('1:1.9.2-1')).toEqual({ epoch: '1', upstream: '1.9.2', revision: '1' });
    expect(parseDebianVersion('2:1.02.185-2')).toEqual({ epoch: '2', upstream: '1.02.185', revision: '2' });
    expect(parseDebianVersion('1.0-beta-3')).toEqual({ epoch: '0', upstream: '1.0-beta', revision: '3' });
    expect(parseDebianVersion('7.7.0+dfsg')).toEqual({ epoch: '0', upstream: '7.7.0+dfsg', revision: '' });
  });
});

/** mulberry32: a small seeded generator, so a failing pair can be reproduced. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

const DIGITS = ['0', '1', '2', '9', '10', '01', '007', '123', '20250520'];
const LETTERS = ['a', 'b', 'z', 'A', 'Z', 'rc', 'beta', 'dfsg', 'deb', 'git'];
const SEPS = ['.', '+', '~', '.', '~~'];

function fragment(r: () => number, extra: readonly string[]): string {
  let s = '';
  const n = Math.floor(r() * 6);
  for (let i = 0; i < n; i++) s += pick(r, [...DIGITS, ...LETTERS, ...SEPS, ...extra]);
  return s;
}

/** A syntactically valid Debian version (dpkg accepts it). */
function randomVersion(r: () => number): string {
  const epoch = r() < 0.2 ? `${pick(r, ['0', '1', '2', '10'])}:` : '';
  const hasRevision = r() < 0.6;
  const upstreamExtra = [...(hasRevision ? ['-'] : []), ...(epoch ? [':'] : [])];
  const upstream = pick(r, DIGITS) + fragment(r, upstreamExtra);
  const revision = hasRevision ? `-${pick(r, [...DIGITS, ...LETTERS])}${fragment(r, [])}` : '';
  return epoch + upstream + revision;
}

/** A near neighbour of v, to exercise equal prefixes and the tie-breaking rules. */
function mutate(r: () => number, v: string): string {
  switch (Math.floor(r() * 6)) {
    case 0:
      return `${v}~`;
    case 1:
      return `${v}${pick(r, ['.0', '+b1', 'a', '.1', '~rc1'])}`;
    case 2:
      return v.replace(/\d+/, (d) => String(Number(d) + 1));
    case 3:
      return v.replace(/(\d)/, '0$1');
    case 4:
      // Add or drop the epoch; dropping it is only valid when no ':' is left in the upstream part.
      if (!v.includes(':')) return `1:${v}`;
      return v.indexOf(':') === v.lastIndexOf(':') ? v.slice(v.indexOf(':') + 1) : v;
    default:
      return v;
  }
}

describe('compareDebianVersions: generated pairs against the real dpkg', () => {
  it.skipIf(!hasDpkg())('agrees with dpkg --compare-versions on 400 random pairs', () => {
    const seed = Number(process.env.DPKG_VERCMP_SEED ?? 20261125);
    const r = rng(seed);
    const pairs: Array<[string, string]> = [];
    while (pairs.length < 400) {
      const a = randomVersion(r);
      const b = r() < 0.5 ? mutate(r, a) : randomVersion(r);
      pairs.push([a, b]);
    }
    const expected = dpkgCompare(pairs);
    const mismatches = pairs
      .map(([a, b], i) => ({ a, b, dpkg: expected[i], ours: compareDebianVersions(a, b) }))
      .filter((m) => m.dpkg !== m.ours);
    expect(mismatches, `seed ${seed}`).toEqual([]);
    // The generated set is not degenerate: all three answers occur.
    expect(new Set(expected)).toEqual(new Set([-1, 0, 1]));
  });
});
