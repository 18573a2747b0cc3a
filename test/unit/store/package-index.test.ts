import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VersionComparators } from '../../../src/store/index-types.js';
import { MissingComparatorError } from '../../../src/store/index-types.js';
import { RunStore } from '../../../src/store/run-store.js';
import { tempDbPath } from './tmp-db.js';

/** A deliberately naive comparator: dot-separated numbers, the rest ignored. */
const naive = (a: string, b: string) => {
  const pa = a.split(/[^0-9]+/).filter(Boolean).map(Number);
  const pb = b.split(/[^0-9]+/).filter(Boolean).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
};
const simple: VersionComparators = { apt: naive, dnf: naive, pacman: naive };

let tmp: ReturnType<typeof tempDbPath>;
beforeEach(() => (tmp = tempDbPath()));
afterEach(() => tmp.remove());

const day = (d: string) => new Date(`2026-11-${d}T08:00:00Z`);
const debian = { id: 'debian', idLike: [], versionId: '12' };

function fleet(comparators: VersionComparators) {
  const store = new RunStore({ path: tmp.file, comparators, hostname: 'c1', now: () => day('25') });
  store.recordScan('web-01', {
    manager: 'apt',
    os: debian,
    installed: [
      { name: 'openssl', version: '3.0.11-1~deb12u2', arch: 'amd64' },
      { name: 'bash', version: '5.2.15-2+b2', arch: 'amd64' },
    ],
    upgradable: [{ name: 'openssl', from: '3.0.11-1~deb12u2', to: '3.0.15-1~deb12u1', arch: 'amd64', security: true }],
    rebootRequired: true,
    scannedAt: day('24'),
  });
  store.recordScan('web-02', {
    manager: 'apt',
    os: debian,
    installed: [{ name: 'openssl', version: '3.0.15-1~deb12u1', arch: 'amd64' }],
    upgradable: [],
    rebootRequired: false,
    scannedAt: day('24'),
  });
  store.recordScan('legacy-01', {
    manager: 'apt',
    installed: [{ name: 'openssl', version: '1:1.1.1w-0+deb11u1', arch: 'amd64' }],
    upgradable: [{ name: 'openssl', from: '1:1.1.1w-0+deb11u1', to: '1:1.1.1w-0+deb11u2', arch: 'amd64', security: false }],
    scannedAt: day('01'),
  });
  store.recordScan('rc-01', {
    manager: 'apt',
    installed: [{ name: 'openssl', version: '3.0.15~rc1-1', arch: 'amd64' }],
    upgradable: [],
    scannedAt: day('24'),
  });
  store.recordScan('arch-01', {
    manager: 'pacman',
    installed: [{ name: 'openssl', version: '3.4.0-1' }],
    upgradable: [],
    rebootRequired: true,
    scannedAt: day('23'),
  });
  return store;
}

describe('package index', () => {
  it('answers who has a package, with its update and security flag', () => {
    const store = fleet(simple);
    expect(store.queryPackage('openssl')).toEqual([
      { host: 'arch-01', manager: 'pacman', version: '3.4.0-1', arch: null, upgradableTo: null, security: null, scannedAt: day('23').toISOString() },
      { host: 'legacy-01', manager: 'apt', version: '1:1.1.1w-0+deb11u1', arch: 'amd64', upgradableTo: '1:1.1.1w-0+deb11u2', security: false, scannedAt: day('01').toISOString() },
      { host: 'rc-01', manager: 'apt', version: '3.0.15~rc1-1', arch: 'amd64', upgradableTo: null, security: null, scannedAt: day('24').toISOString() },
      { host: 'web-01', manager: 'apt', version: '3.0.11-1~deb12u2', arch: 'amd64', upgradableTo: '3.0.15-1~deb12u1', security: true, scannedAt: day('24').toISOString() },
      { host: 'web-02', manager: 'apt', version: '3.0.15-1~deb12u1', arch: 'amd64', upgradableTo: null, security: null, scannedAt: day('24').toISOString() },
    ]);
    expect(store.queryPackage('no-such-package')).toEqual([]);
    store.close();
  });

  it('filters "below" with the injected comparator of each host\'s manager', () => {
    const store = fleet(simple);
    // The naive comparator ignores the epoch: it reads "1:1.1.1w-0+deb11u1" as 1.1.1.1.0.11.1, below 3.0.15.
    expect(store.queryPackage('openssl', { below: '3.0.15-1~deb12u1' }).map((h) => h.host)).toEqual([
      'legacy-01',
      'rc-01',
      'web-01',
    ]);
    store.close();
  });

  const dpkgFile = fileURLToPath(new URL('../../../src/managers/version/dpkg.ts', import.meta.url));
  const alpmFile = fileURLToPath(new URL('../../../src/managers/version/alpm.ts', import.meta.url));
  it.runIf(existsSync(dpkgFile) && existsSync(alpmFile))('uses the real dpkg and alpm rules when given them', async () => {
    const { compareDebianVersions } = await import('../../../src/managers/version/dpkg.js');
    const { compareAlpmVersions } = await import('../../../src/managers/version/alpm.js');
    const store = fleet({ apt: compareDebianVersions, pacman: compareAlpmVersions });
    // dpkg: the epoch 1: makes 1.1.1w NEWER than 3.0.15 (legacy-01 drops out); ~rc1 sorts before the release.
    expect(store.queryPackage('openssl', { below: '3.0.15-1~deb12u1' }).map((h) => h.host)).toEqual(['rc-01', 'web-01']);
    expect(store.queryPackage('openssl', { below: '3.5.0-1' }).map((h) => h.host)).toEqual(['arch-01', 'rc-01', 'web-01', 'web-02']);
    store.close();
  });

  it('fails a "below" query rather than drop hosts it cannot compare', () => {
    const store = fleet({ apt: naive });
    expect(() => store.queryPackage('openssl', { below: '3.0.0' })).toThrow(MissingComparatorError);
    expect(() => store.queryPackage('openssl', { below: '3.0.0' })).toThrow(/pacman/);
    expect(store.queryPackage('bash', { below: '6' }).map((h) => h.host)).toEqual(['web-01']);
    store.close();
  });

  it('replaces a host\'s rows on rescan, and a native scan replaces another native manager', () => {
    const store = fleet(simple);
    store.recordScan('web-01', {
      manager: 'flatpak',
      installed: [{ name: 'org.mozilla.firefox', version: '133.0' }],
      upgradable: [],
      scannedAt: day('25'),
    });
    store.recordScan('web-01', {
      manager: 'apt',
      installed: [{ name: 'openssl', version: '3.0.15-1~deb12u1', arch: 'amd64' }],
      upgradable: [],
      rebootRequired: false,
      scannedAt: day('25'),
    });
    expect(store.queryPackage('openssl').find((h) => h.host === 'web-01')?.version).toBe('3.0.15-1~deb12u1');
    expect(store.queryPackage('bash')).toEqual([]);
    expect(store.queryPackage('org.mozilla.firefox').map((h) => h.host)).toEqual(['web-01']);
    // Re-imaged from Debian to Fedora: the apt rows go, flatpak stays.
    store.recordScan('web-01', {
      manager: 'dnf',
      installed: [{ name: 'openssl', version: '3.2.2-6.fc41', arch: 'x86_64' }],
      upgradable: [],
      scannedAt: day('25'),
    });
    expect(store.queryPackage('openssl').filter((h) => h.host === 'web-01').map((h) => [h.manager, h.version])).toEqual([
      ['dnf', '3.2.2-6.fc41'],
    ]);
    expect(store.queryPackage('org.mozilla.firefox')).toHaveLength(1);
    expect(store.forgetHost('web-01')).toBe(true);
    expect(store.queryPackage('org.mozilla.firefox')).toEqual([]);
    expect(store.db.prepare('SELECT COUNT(*) FROM idx_scans').pluck().get()).toBe(4);
    store.close();
  });

  it('clears an update and its security flag when a rescan no longer lists it', () => {
    const store = fleet(simple);
    expect(store.hostsWithPendingSecurity().map((h) => h.host)).toEqual(['web-01']);
    store.recordScan('web-01', {
      manager: 'apt',
      installed: [
        { name: 'openssl', version: '3.0.11-1~deb12u2', arch: 'amd64' },
        { name: 'bash', version: '5.2.15-2+b2', arch: 'amd64' },
      ],
      upgradable: [],
      rebootRequired: false,
      scannedAt: day('25'),
    });
    expect(store.queryPackage('openssl').find((h) => h.host === 'web-01')).toMatchObject({
      version: '3.0.11-1~deb12u2',
      upgradableTo: null,
      security: null,
      scannedAt: day('25').toISOString(),
    });
    expect(store.hostsWithPendingSecurity()).toEqual([]);
    expect(store.hostsNeedingReboot().map((h) => h.host)).toEqual(['arch-01']);
    store.close();
  });

  it('gives the compliance views', () => {
    const store = fleet(simple);
    expect(store.hostsWithPendingSecurity()).toEqual([
      {
        host: 'web-01',
        manager: 'apt',
        scannedAt: day('24').toISOString(),
        count: 1,
        packages: [{ name: 'openssl', version: '3.0.11-1~deb12u2', upgradableTo: '3.0.15-1~deb12u1' }],
      },
    ]);
    expect(store.hostsNeedingReboot()).toEqual([
      { host: 'arch-01', managers: ['pacman'], scannedAt: day('23').toISOString() },
      { host: 'web-01', managers: ['apt'], scannedAt: day('24').toISOString() },
    ]);
    expect(store.hostsNotScannedSince(day('20'), ['web-01', 'new-01'])).toEqual([
      { host: 'new-01', lastScannedAt: null },
      { host: 'legacy-01', lastScannedAt: day('01').toISOString() },
    ]);
    expect(store.versionSpread(['openssl'])).toEqual([
      {
        name: 'openssl',
        manager: 'apt',
        versions: [
          { version: '3.0.15-1~deb12u1', hosts: 1 },
          { version: '3.0.15~rc1-1', hosts: 1 },
          { version: '3.0.11-1~deb12u2', hosts: 1 },
          { version: '1:1.1.1w-0+deb11u1', hosts: 1 },
        ],
      },
      { name: 'openssl', manager: 'pacman', versions: [{ version: '3.4.0-1', hosts: 1 }] },
    ]);
    const views = store.complianceViews({ staleBefore: day('20'), spreadPackages: ['openssl', 'bash'] });
    expect(views.generatedAt).toBe(day('25').toISOString());
    expect(views.hostsIndexed).toBe(5);
    expect(views.spread.map((s) => `${s.name}/${s.manager}`)).toEqual(['openssl/apt', 'openssl/pacman', 'bash/apt']);
    expect(views.stale.hosts.map((h) => h.host)).toEqual(['legacy-01']);
    store.close();
  });
});
