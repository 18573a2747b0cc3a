import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { compareRpmVersions, parseEvr, rpmvercmp } from '../../../src/managers/version/rpm.js';

// Expected values checked by hand against rpm 4.18 (`rpm --eval "%{lua:print(rpm.vercmp(a,b))}"`)
// and the reference table in package-managers.md §12.
const TABLE: Array<[string, string, number]> = [
  ['1.0', '1.0-1', -1],
  ['1:1.0', '2.0', 1],
  ['1.0~rc1', '1.0', -1],
  ['1.0^git1', '1.0', 1],
  ['1.0a', '1.0', 1],
  ['2.0-1.el8', '2.0-1.el8_1', -1],
  ['0:1.0', '1.0', 0],
  [':1.0', '1.0', 0],
  ['1.0-1', '1.0', 1],
  ['1.0', '1.0-', -1],
  ['a:1', '1', -1],
  ['1.0-1-2', '1.0-1', 1],
  ['2:0.9-1.fc39', '2:1.0-1.fc39', -1],
  ['1:1.9.2-1', '1.9.2-1', 1],
  ['1.01', '1.1', 0],
  ['1.0010', '1.9', 1],
  ['1.0', '1.0.0', -1],
  ['1.0~rc1', '1.0~rc2', -1],
  ['1.0~~', '1.0~', -1],
  ['1.0^', '1.0', 1],
  ['1.0^git1', '1.0.1', -1],
  ['1.0^git1~pre', '1.0^git1', -1],
  ['1_0', '1.0', 0],
  ['5.5p1', '5.5p10', -1],
  ['10xyz', '10.1xyz', -1],
  ['xyz10', 'xyz10.1', -1],
  ['a', 'b', -1],
  ['1.a', '1.1', -1],
  ['2.0.1a', '2.0.1', 1],
  ['6.0.rc1', '6.0', 1],
];

describe('rpm version rules (table)', () => {
  it.each(TABLE)('%s vs %s = %i', (a, b, want) => {
    expect(compareRpmVersions(a, b)).toBe(want);
    expect(compareRpmVersions(b, a)).toBe(want === 0 ? 0 : -want);
  });

  it('splits EVR the way rpm does (epoch stays whole, release after the last dash)', () => {
    expect(parseEvr('1:1.9.2-1')).toEqual({ epoch: '1', version: '1.9.2', release: '1' });
    expect(parseEvr('2:1.0-1.fc39')).toEqual({ epoch: '2', version: '1.0', release: '1.fc39' });
    expect(parseEvr('1.0')).toEqual({ epoch: null, version: '1.0', release: null });
    expect(parseEvr('1.0-1-2')).toEqual({ epoch: null, version: '1.0-1', release: '2' });
    expect(parseEvr(':5')).toEqual({ epoch: '0', version: '5', release: null });
  });

  it('rpmvercmp alone knows nothing about epochs', () => {
    expect(rpmvercmp('1:1.0', '2.0')).toBe(-1);
    expect(rpmvercmp('1.0', '1.0')).toBe(0);
  });
});

// ---- Against the real tool -------------------------------------------------------------------

function hasRpm(): boolean {
  try {
    execFileSync('rpm', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** Asks rpm itself, all pairs in one lua call (no shell involved; the alphabet has no quotes). */
function rpmAnswers(pairs: Array<[string, string]>): number[] {
  const body = pairs.map(([a, b]) => `print(rpm.vercmp('${a}','${b}')) print(' ')`).join(' ');
  const out = execFileSync('rpm', ['--eval', `%{lua: ${body}}`], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  // rpm's lua print() writes into the macro expansion without a newline: split on the spaces.
  return out.trim().split(/\s+/).map(Number);
}

/** Small deterministic PRNG (mulberry32) so a failure can be reproduced. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomVersion(rand: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const seg = () =>
    pick([
      () => String(Math.floor(rand() * 12)),
      () => '0' + String(Math.floor(rand() * 3)),
      () => pick(['a', 'b', 'rc', 'beta', 'p', 'git', 'el8', 'fc39', 'Z']),
      () => String(Math.floor(rand() * 3)) + pick(['a', 'b', 'rc']),
    ] as const)();
  const sep = () => pick(['.', '.', '.', '_', '+', '~', '^', '']);
  const part = () => {
    let s = seg();
    const n = Math.floor(rand() * 4);
    for (let k = 0; k < n; k++) s += sep() + seg();
    return s;
  };
  let v = '';
  if (rand() < 0.25) v += String(Math.floor(rand() * 3)) + ':';
  v += part();
  if (rand() < 0.5) v += '-' + part();
  return v;
}

function mutate(v: string, rand: () => number): string {
  // Near-equal pairs are where the rules get interesting.
  const ops = [
    (s: string) => s + pick(rand, ['~rc1', '^git1', '.0', 'a', '-1', '']),
    (s: string) => s.replace(/\d+/, (d) => String(Number(d) + 1)),
    (s: string) => s.replace(/\./, '_'),
    (s: string) => s.replace(/^(\d+):/, ''),
    (s: string) => '0' + s,
  ];
  return pick(rand, ops)(v);
}

function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)]!;
}

describe.runIf(hasRpm())('rpm version rules against rpm.vercmp on this machine', () => {
  it('agrees on the table', () => {
    expect(rpmAnswers(TABLE.map(([a, b]) => [a, b]))).toEqual(TABLE.map(([, , want]) => want));
  });

  it('agrees on 400 generated pairs', () => {
    const rand = prng(20261125);
    const pairs: Array<[string, string]> = [];
    for (let k = 0; k < 400; k++) {
      const a = randomVersion(rand);
      const b = rand() < 0.5 ? mutate(a, rand) : randomVersion(rand);
      pairs.push([a, b]);
    }
    const want = rpmAnswers(pairs);
    expect(want).toHaveLength(pairs.length);
    const got = pairs.map(([a, b]) => compareRpmVersions(a, b));
    const mismatches = pairs.flatMap(([a, b], k) => (got[k] === want[k] ? [] : [`${a} vs ${b}: rpm ${want[k]} ours ${got[k]}`]));
    expect(mismatches).toEqual([]);
    // The set must exercise all three answers, not only one.
    expect(new Set(want)).toEqual(new Set([-1, 0, 1]));
  });
});
