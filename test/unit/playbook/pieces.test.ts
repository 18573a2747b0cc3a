import { describe, expect, it } from 'vitest';
import { splitBatches } from '../../../src/playbook/serial.js';
import { orderHosts } from '../../../src/playbook/order.js';
import { compareOsVersions, evaluateWhen, type WhenFacts } from '../../../src/playbook/when.js';
import { pinMatches } from '../../../src/playbook/version-match.js';
import { resolveItem } from '../../../src/playbook/resolve-items.js';
import { projectInstalled } from '../../../src/playbook/host-state.js';
import { parseCacheAge, cacheAgeCommand } from '../../../src/managers/cache-age.js';
import type { PackageItem } from '../../../src/playbook/types.js';

const at = { file: 'p.yml', line: 1, column: 1 };

describe('serial batches', () => {
  const hosts = Array.from({ length: 10 }, (_, i) => `h${i}`);
  it.each([
    ['no serial: one batch', [], [10]],
    ['a count', [{ count: 3 }], [3, 3, 3, 1]],
    ['canary, a quarter, the rest', [{ count: 1 }, { percent: 25 }, { percent: 100 }], [1, 2, 7]],
    ['the last entry repeats', [{ count: 1 }, { percent: 30 }], [1, 3, 3, 3]],
    ['a percentage below one host is one host', [{ percent: 1 }], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]],
  ] as const)('%s', (_w, serial, sizes) => {
    const batches = splitBatches(hosts, serial);
    expect(batches.map((b) => b.length)).toEqual(sizes);
    expect(batches.flat()).toEqual(hosts);
  });
  it('no hosts, no batches', () => expect(splitBatches([], [{ count: 1 }])).toEqual([]));
});

describe('host order', () => {
  const hosts = ['web3', 'db1', 'web1'].map((name) => ({ name }));
  it('inventory keeps it, sorted sorts by name, shuffle permutes with the given randomness', () => {
    expect(orderHosts(hosts, 'inventory').map((h) => h.name)).toEqual(['web3', 'db1', 'web1']);
    expect(orderHosts(hosts, 'sorted').map((h) => h.name)).toEqual(['db1', 'web1', 'web3']);
    expect(orderHosts(hosts, 'shuffle', () => 0).map((h) => h.name)).toEqual(['db1', 'web1', 'web3']);
    expect(orderHosts(hosts, 'shuffle', () => 0.99).map((h) => h.name)).toEqual(['web3', 'db1', 'web1']);
  });
});

describe('when', () => {
  const facts: WhenFacts = {
    os: { id: 'opensuse-leap', idLike: ['suse', 'opensuse'], versionId: '15.5' },
    manager: 'zypper',
    present: ['zypper', 'flatpak'],
    groups: ['web', 'eu'],
    vars: { tier: 'prod', canary: false, ports: [80, 443] },
  };
  it.each([
    [{ os: ['suse'] }, true],
    [{ os: ['debian', 'ubuntu'] }, 'os is opensuse-leap (like suse opensuse), not debian or ubuntu'],
    [{ osVersion: { op: '>=', version: '15.4' } }, true],
    [{ osVersion: { op: '>=', version: '15.10' } }, 'os version 15.5 is not >=15.10'],
    [{ osVersion: { op: '==', version: '15.5' } }, true],
    [{ manager: ['zypper'] }, true],
    [{ manager: ['flatpak'] }, true],
    [{ manager: ['apt'] }, 'manager is zypper, not apt'],
    [{ group: ['db', 'eu'] }, true],
    [{ group: ['db'] }, 'host is not in group db'],
    [{ var: { name: 'tier', equals: 'prod' } }, true],
    [{ var: { name: 'tier', equals: 'staging' } }, 'var tier is "prod", not "staging"'],
    [{ var: { name: 'ports', equals: [80, 443] } }, true],
    [{ var: { name: 'tier', in: ['prod', 'staging'] } }, true],
    [{ var: { name: 'canary' } }, 'var canary is false-like (false)'],
    [{ var: { name: 'region', defined: false } }, true],
    [{ var: { name: 'region' } }, 'var region is not defined'],
    [{ os: ['suse'], manager: ['zypper'], group: ['web'], var: { name: 'tier', equals: 'prod' } }, true],
    [{ os: ['suse'], group: ['db'] }, 'host is not in group db'],
  ] as const)('%j', (cond, expected) => {
    const v = evaluateWhen(cond as never, facts);
    if (expected === true) expect(v).toEqual({ holds: true });
    else expect(v).toEqual({ holds: false, reason: expected });
  });
  it('a host without VERSION_ID fails an os_version test, saying so', () => {
    const arch = { ...facts, os: { id: 'arch', idLike: [] } };
    expect(evaluateWhen({ osVersion: { op: '>=', version: '1' } }, arch)).toEqual({ holds: false, reason: 'the os has no VERSION_ID to compare with >=1' });
  });
  it('compares dotted versions numerically', () => {
    expect(compareOsVersions('15.10', '15.9')).toBe(1);
    expect(compareOsVersions('12', '12.0')).toBe(0);
    expect(compareOsVersions('8.10', '9')).toBe(-1);
  });
});

describe('version pins', () => {
  it.each([
    ['1.0', '1.0', 'apt', true],
    ['1.0-1', '1.0', 'apt', false],
    ['1.0-1', '1.0*', 'apt', true],
    ['1.0-1', '1.0', 'dnf', true],
    ['1.0-1.fc39', '1.0', 'dnf', true],
    ['1.0-1', '1.0-2', 'dnf', false],
    ['2:1.0-1', '1.0', 'zypper', true],
    ['2:1.0-1', '1:1.0', 'zypper', false],
    ['1.0-1', '1.0', 'pacman', true],
    ['1.0.1-1', '1.0', 'pacman', false],
    ['1.0-r0', '1.0', 'apk', false],
  ] as const)('installed %s, pin %s on %s: %s', (installed, pin, m, expected) => {
    expect(pinMatches(installed, pin, m)).toBe(expected);
  });
});

describe('item resolution', () => {
  const map: PackageItem = { kind: 'per-manager', names: { apt: 'apache2', dnf: 'httpd', pacman: 'apache' }, at };
  const aliases = { web: map };
  it('picks the manager entry, dnf for dnf5/yum, then default', () => {
    expect(resolveItem(map, 'apt', aliases)).toBe('apache2');
    expect(resolveItem(map, 'dnf5', aliases)).toBe('httpd');
    expect(resolveItem({ kind: 'alias', alias: 'web', at }, 'pacman', aliases)).toBe('apache');
    expect(resolveItem({ ...map, names: { ...map.names, default: 'www' } } as PackageItem, 'apk', aliases)).toBe('www');
    expect(() => resolveItem(map, 'zypper', aliases)).toThrow("no package name for zypper in {apt: apache2, dnf: httpd, pacman: apache} (add 'zypper:' or 'default:')");
  });
});

describe('check-mode projection', () => {
  it('carries predicted installs, upgrades and removals forward', () => {
    const after = projectInstalled(
      [{ name: 'a', version: '1' }, { name: 'b', version: '1' }],
      [
        { name: 'a', action: 'upgrade', from: '1', to: '2' },
        { name: 'b', action: 'remove', from: '1', to: null },
        { name: 'c', action: 'install', from: null, to: '3' },
      ],
    );
    expect(after).toEqual([{ name: 'a', version: '2' }, { name: 'c', version: '3' }]);
  });
});

describe('cache age', () => {
  it('is the host clock minus the newest mtime', () => {
    const r = (stdout: string, code = 0) => ({ code, signal: null, stdout, stderr: '', durationMs: 1 });
    expect(parseCacheAge(r('1795646445\n1795645556\n1795646195\n'))).toBe(250);
    expect(parseCacheAge(r('1795646445\n'))).toBeNull();
    expect(parseCacheAge(r('1795646445\n1795646500\n'))).toBe(0);
    expect(parseCacheAge(r('', 127))).toBeNull();
  });
  it('puts only fixed, safe path patterns into the script', () => {
    expect(cacheAgeCommand(['/var/lib/apt/lists/partial']).argv).toEqual([
      'sh',
      '-c',
      'date +%s\nfor p in /var/lib/apt/lists/partial; do [ -e "$p" ] && stat -c %Y "$p"; done\nexit 0',
    ]);
    expect(() => cacheAgeCommand(['/tmp/$(id)'])).toThrow(/unsafe cache path/);
  });
  it('is a local query (no process-tree guard) that needs no root', () => {
    expect(cacheAgeCommand(['/var/lib/apt/lists/partial'])).toMatchObject({ root: false, localQuery: true });
  });
});
