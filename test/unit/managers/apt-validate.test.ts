import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { apt } from '../../../src/managers/apt.js';

const hasDpkg = spawnSync('dpkg', ['--version']).status === 0;

/** dpkg's own verdict on a version: clean (no error, no warning) or not. */
function dpkgAcceptsCleanly(version: string): boolean {
  const r = spawnSync('dpkg', ['--compare-versions', version, 'eq', version], { encoding: 'utf8' });
  return r.status === 0 && r.stderr === '';
}

const HOSTILE = [
  'htop; rm -rf /',
  '$(id)',
  '`id`',
  'htop\nrm',
  'htop\r',
  '-oRootDir=/',
  '--purge',
  '',
  ' ',
  'htop bash',
  "o'neil",
  '"htop"',
  'htop&&id',
  'htop|id',
  'htop>x',
  '../etc',
  'htop*',
  'pkg/bookworm',
  'a\u0000b',
];

describe('apt validateName', () => {
  it.each(HOSTILE)('rejects %j with a reason', (name) => {
    const reason = apt.validateName(name);
    expect(typeof reason).toBe('string');
    expect(reason!.length).toBeGreaterThan(5);
  });

  it.each([
    'libstdc++6',
    'g++',
    'python3.11',
    'lib32z1',
    'NetworkManager',
    'zlib1g',
    'libc6:i386',
    'libc6:amd64',
    'linux-image-6.1.0-28-amd64',
    'x11-xserver-utils',
    'libgcc-s1',
    '0ad',
    'ca-certificates',
  ])('accepts %s', (name) => {
    expect(apt.validateName(name)).toBeNull();
  });

  it('explains the problem', () => {
    expect(apt.validateName('')).toBe('package name is empty');
    expect(apt.validateName('-oRootDir=/')).toMatch(/starts with '-'/);
    expect(apt.validateName('a b')).toMatch(/whitespace/);
    expect(apt.validateName('libc6:I386!')).toMatch(/architecture qualifier/);
  });
});

describe('apt validateVersion', () => {
  it.each([
    '1.24.0-1',
    '1:1.9.2-1',
    '1.6-2.1+deb12u3',
    '2.0~rc1',
    '7.7.0+dfsg-3+deb12u1',
    '1:2.66-4+deb12u3+b1',
    '1.0-beta-3',
    '2:1.02.185-2',
    '1.24*',
    '1:2.66*',
    '1.6-2.1+deb12u*',
    '1.6-*',
  ])('accepts %s', (v) => {
    expect(apt.validateVersion(v)).toBeNull();
  });

  it.each([
    ['', /empty/],
    ['1.0; id', /whitespace/],
    ['$(id)', /digit/],
    ['1.0`id`', /characters/],
    ['1.0\nx', /whitespace/],
    ['-1.0', /digit/],
    ['a1.0', /digit/],
    ['x:1.0', /epoch/],
    ['1.0:2', /epoch/],
    ['1:', /nothing after the epoch/],
    ['1.0-', /empty revision/],
    ['1.0-1:2', /epoch/],
    ['1.0-a_b', /revision/],
    ['1.*.2', /trailing/],
    ['*', /nothing before/],
    ["1.0'", /characters/],
  ])('rejects %j', (v, reason) => {
    expect(apt.validateVersion(v)).toMatch(reason);
  });
});

describe('apt parseSpec', () => {
  it('parses name, name=version, name:arch=version and globs', () => {
    expect(apt.parseSpec('htop')).toEqual({ name: 'htop' });
    expect(apt.parseSpec('nginx=1.24*')).toEqual({ name: 'nginx', version: '1.24*' });
    expect(apt.parseSpec('zlib1g=1:1.2.13.dfsg-1')).toEqual({ name: 'zlib1g', version: '1:1.2.13.dfsg-1' });
    expect(apt.parseSpec('libc6:i386=2.36-9+deb12u14')).toEqual({ name: 'libc6:i386', version: '2.36-9+deb12u14' });
  });

  it('throws on invalid input with a clear message', () => {
    expect(() => apt.parseSpec('htop; rm -rf /')).toThrow(/whitespace/);
    expect(() => apt.parseSpec('htop;id')).toThrow(/invalid package name/);
    expect(() => apt.parseSpec('nginx=')).toThrow(/version is empty/);
    expect(() => apt.parseSpec('nginx=$(id)')).toThrow(/nginx=\$\(id\)/);
    expect(() => apt.parseSpec('=1.0')).toThrow(/package name is empty/);
    expect(() => apt.parseSpec('-oRootDir=/')).toThrow(/starts with '-'/);
    expect(() => apt.parseSpec('nginx=1.0=2')).toThrow(/version/);
  });
});

describe('apt validateVersion agrees with dpkg on this machine', () => {
  // Refused: everything dpkg calls an error AND everything it warns about (bad first character,
  // invalid characters), since such a version cannot come from a real repository.
  const SAMPLES = [
    '1.0', '1:1.9.2-1', '1.6-2.1+deb12u3', '2.0~rc1', '1.0-beta-3', '1:1.0:2-1', '0:0', '1.0+b1',
    '20250520', '1.0~~', '3.0.22-1~deb12u2', '1.2.13.dfsg-1', '10:1.0-1.1~bpo12+1',
    'a1.0', '$(id)', '1.0_1', '1.0-a_b', '1:', '1.0:2', 'x:1.0', '1.0-1:2', '1.0-', '1.0 1', ':1.0', '1.0-1-',
  ];
  it.skipIf(!hasDpkg).each(SAMPLES)('%j', (v) => {
    expect(apt.validateVersion(v) === null).toBe(dpkgAcceptsCleanly(v));
  });
});
