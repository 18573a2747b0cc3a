import { describe, it, expect } from 'vitest';
import { parseTarget, InputError } from '../../../src/fleet/targets.js';
import { diffInstalled } from '../../../src/fleet/diff.js';

describe('package targets (checked before any host is contacted)', () => {
  it.each([
    ['htop', 'native'],
    ['nginx=1.24*', 'native'],
    ['libstdc++6', 'native'],
    ['zlib1g:amd64', 'native'],
    ['bash=5.2.15-2+b8', 'native'],
    ['qux=2:1.0-1.fc39', 'native'],
    ['docker://nginx:latest', 'image'],
    ['docker://ghcr.io/org/app@sha256:0123', 'image'],
    ['flatpak://org.gimp.GIMP', 'flatpak'],
  ])('accepts %s', (raw, scheme) => {
    expect(parseTarget(raw).scheme).toBe(scheme);
  });

  it.each([
    'htop; rm -rf /',
    '$(id)',
    '`id`',
    'htop\nrm',
    '-oAPT::Get::Foo=1',
    '',
    'a b',
    "it's",
    'x|y',
    'x&&y',
    'nginx=1.2;id',
    'docker://nginx:latest;id',
    'flatpak://$(id)',
    'ftp://x',
  ])('refuses %j', (raw) => {
    expect(() => parseTarget(raw)).toThrow(InputError);
  });
});

describe('diffInstalled', () => {
  const cmp = (a: string, b: string) => (a === b ? 0 : a < b ? -1 : 1);
  it('reports installs, upgrades, downgrades and removals, and nothing for unchanged', () => {
    const before = [
      { name: 'a', version: '1.0' },
      { name: 'b', version: '2.0' },
      { name: 'c', version: '1.0' },
      { name: 'same', version: '1' },
    ];
    const after = [
      { name: 'a', version: '1.1' },
      { name: 'b', version: '1.9' },
      { name: 'd', version: '3' },
      { name: 'same', version: '1' },
    ];
    expect(diffInstalled(before, after, cmp, 'apt')).toEqual([
      { name: 'a', action: 'upgrade', from: '1.0', to: '1.1', manager: 'apt' },
      { name: 'b', action: 'downgrade', from: '2.0', to: '1.9', manager: 'apt' },
      { name: 'c', action: 'remove', from: '1.0', to: null, manager: 'apt' },
      { name: 'd', action: 'install', from: null, to: '3', manager: 'apt' },
    ]);
  });
  it('keeps multi-arch packages apart', () => {
    const before = [{ name: 'libc6', version: '1', arch: 'amd64' }];
    const after = [{ name: 'libc6', version: '1', arch: 'amd64' }, { name: 'libc6', version: '1', arch: 'i386' }];
    expect(diffInstalled(before, after, cmp)).toEqual([{ name: 'libc6', arch: 'i386', action: 'install', from: null, to: '1' }]);
  });
});
