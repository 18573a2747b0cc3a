import { describe, it, expect } from 'vitest';
import { parseRpmSpec, validateRpmName, validateRpmVersion } from '../../../src/managers/rpm-validate.js';
import { dnf } from '../../../src/managers/dnf.js';
import { dnf5 } from '../../../src/managers/dnf5.js';
import { yum } from '../../../src/managers/yum.js';
import { zypper } from '../../../src/managers/zypper.js';

const REAL_NAMES = [
  'libstdc++6', 'g++', 'python3.11', 'lib32z1', 'NetworkManager', 'gcc-c++', 'kernel-core',
  '389-ds-base', 'perl-Time-Clock', 'glibc.i686', 'xorg-x11-server-Xorg', 'python3_pkg', 'libX11',
];
const HOSTILE = [
  'htop; rm -rf /', '$(id)', '`id`', 'a\nb', 'a b', "a'b", 'a"b', '-oRootDir=/', '--help', '',
  'a|b', 'a&b', 'a>b', 'a\\b', 'a\tb', 'foo*', '../etc/passwd', 'a/b', 'foo=1', '.hidden', 'x'.repeat(257),
];

describe('rpm package names', () => {
  it.each(REAL_NAMES)('accepts %s', (name) => {
    expect(validateRpmName(name)).toBeNull();
  });
  it.each(HOSTILE)('refuses %j with a reason', (name) => {
    const reason = validateRpmName(name);
    expect(typeof reason).toBe('string');
    expect(reason!.length).toBeGreaterThan(5);
  });
  it('says why', () => {
    expect(validateRpmName('')).toBe('package name is empty');
    expect(validateRpmName('-oRootDir=/')).toBe(`package name "-oRootDir=/" starts with '-' (would be read as an option)`);
    expect(validateRpmName('a b')).toBe('package name "a b" contains whitespace');
  });
});

describe('rpm versions', () => {
  const glob = { glob: true };
  const exact = { glob: false };
  it.each(['1.0', '1.0-1', '2:1.0-1.fc39', '1:1.9.2-1', '1.0~rc1', '1.0^git1', '2.4.62-1.el9', '0.9_1+b2'])('accepts %s', (v) => {
    expect(validateRpmVersion(v, exact)).toBeNull();
  });
  it.each(['1.24*', '1.2-*', '2:1.0*'])('accepts the glob %s where globs are allowed', (v) => {
    expect(validateRpmVersion(v, glob)).toBeNull();
    expect(validateRpmVersion(v, exact)).toMatch(/cannot pin a version glob/);
  });
  it.each(['', ' 1.0', '1.0;id', '$(id)', '`id`', '1.0\n', 'a:1.0', '1.0-', '1.0-1-2', '-1.0', '1*0', '**', '1.0 2.0', "1'0"])('refuses %j', (v) => {
    expect(validateRpmVersion(v, glob)).not.toBeNull();
  });
});

describe('name=version specs', () => {
  it('splits name and version, epoch kept whole', () => {
    expect(parseRpmSpec('nginx=1.24*', { glob: true })).toEqual({ name: 'nginx', version: '1.24*' });
    expect(parseRpmSpec('qux=2:1.0-1.fc39', { glob: false })).toEqual({ name: 'qux', version: '2:1.0-1.fc39' });
    expect(parseRpmSpec('htop', { glob: false })).toEqual({ name: 'htop' });
  });
  it('throws with the reason', () => {
    expect(() => parseRpmSpec('htop; rm -rf /', { glob: true })).toThrow(/contains whitespace/);
    expect(() => parseRpmSpec('foo=$(id)', { glob: true })).toThrow(/^foo: version/);
    expect(() => parseRpmSpec('nginx=1.24*', { glob: false })).toThrow(/cannot pin a version glob/);
  });
  it.each([dnf, dnf5, yum, zypper].map((m) => [m.id, m] as const))('%s refuses hostile specs before building a command', (_id, m) => {
    for (const bad of HOSTILE) expect(() => m.install([{ name: bad }])).toThrow();
    expect(() => m.install([{ name: 'foo', version: '1.0;reboot' }])).toThrow();
    expect(() => m.search('$(id)')).toThrow(/search term/);
    expect(() => m.info('-x')).toThrow();
  });
});
