import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compareAlpmVersions, splitEvr } from '../../../src/managers/version/alpm.js';
import { loadFixture } from '../../helpers/fixture.js';

function hasVercmp(): boolean {
  try {
    execFileSync('vercmp', ['1', '1'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

describe('alpm version order', () => {
  // Each row checked against `vercmp A B` (pacman 6.0.2) on Debian 12.
  const table: [string, string, number][] = [
    ['1.0', '1.0-1', 0], // a missing pkgrel is ignored
    ['1.0-2', '1.0', 0],
    ['1.0-1', '1.0-2', -1],
    ['1:1.0', '2.0', 1], // epoch first
    [':1.0', '0:1.0', 0], // an empty epoch is 0
    ['2:0.9-1', '2:1.0-1', -1],
    ['1.0rc1', '1.0', -1], // a trailing alpha segment is older than nothing
    ['1.0a', '1.0', -1], // unlike rpm, where 1.0a is newer
    ['1.0.a', '1.0a', 1],
    ['1.0..1', '1.0.1', 1], // a longer separator run wins
    ['1..0', '1.0', 1],
    ['1.0', '1.0.', -1],
    ['1.0_1', '1.0.1', 0], // any separator character is alike
    ['1.0~1', '1.0', 1], // '~' is a plain separator in pacman, not "before"
    ['01', '1', 0], // leading zeros do not count
    ['1.01', '1.1', 0],
    ['a', '1', -1], // numbers beat letters
    ['1.0-1', '1.0-1.1', -1],
    ['6.9.1.arch1-1', '6.9.1.arch2-1', -1],
    ['1.2.3', '1.2.10', -1],
    ['1.0alpha', '1.0beta', -1],
  ];
  it.each(table)('vercmp %s %s = %i', (a, b, want) => {
    expect(compareAlpmVersions(a, b)).toBe(want);
    expect(compareAlpmVersions(b, a)).toBe(want === 0 ? 0 : -want);
  });

  it('splits [epoch:]pkgver[-pkgrel] at the last dash and keeps epochs whole', () => {
    expect(splitEvr('2:1.0-1')).toEqual({ epoch: '2', version: '1.0', release: '1' });
    expect(splitEvr('1.0')).toEqual({ epoch: '0', version: '1.0', release: null });
    expect(splitEvr('1.0-rc-3')).toEqual({ epoch: '0', version: '1.0-rc', release: '3' });
    expect(splitEvr(':5')).toEqual({ epoch: '0', version: '5', release: null });
  });

  it('agrees with vercmp on 400 recorded random pairs', () => {
    const fx = loadFixture('pacman', 'vercmp-random.txt');
    const rows = fx.text.trim().split('\n').map((l) => l.split(' '));
    expect(rows).toHaveLength(400);
    const wrong = rows.filter(([a, b, want]) => compareAlpmVersions(a!, b!) !== Number(want));
    expect(wrong).toEqual([]);
  });

  it.skipIf(!hasVercmp())('agrees with the live vercmp on 300 fresh random pairs', () => {
    let seed = 777;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const seg = () => (rnd() < 0.6 ? String(Math.floor(rnd() * 20)) : pick(['a', 'rc', 'beta', 'p', 'git']));
    const version = () => {
      let v = (rnd() < 0.2 ? `${Math.floor(rnd() * 3)}:` : '') + seg();
      for (let i = Math.floor(rnd() * 4); i > 0; i--) v += pick(['.', '.', '_', '..', '+', '']) + seg();
      return rnd() < 0.6 ? `${v}-${Math.floor(rnd() * 4)}` : v;
    };
    const wrong: string[] = [];
    for (let i = 0; i < 300; i++) {
      const a = version();
      const b = rnd() < 0.5 ? a.replace(/\d/, pick(['0', '1', '9'])) : version();
      const real = Number(execFileSync('vercmp', [a, b], { encoding: 'utf8' }).trim());
      if (compareAlpmVersions(a, b) !== real) wrong.push(`${a} ${b} real=${real}`);
    }
    expect(wrong).toEqual([]);
  });
});
